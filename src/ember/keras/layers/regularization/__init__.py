"""Noise layers active only in training: dropout variants and Gaussian noise."""
