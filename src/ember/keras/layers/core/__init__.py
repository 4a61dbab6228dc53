"""Core layers: Input, Dense, Activation, Lambda, Embedding."""
