"""Layers that only move elements: Flatten, Reshape, Permute, RepeatVector."""
