"""Activation layers with their own parameters: ReLU, LeakyReLU, PReLU, ELU, Softmax."""
