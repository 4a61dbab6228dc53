"""Layers that merge a list of inputs: Add, Subtract, Multiply, Average, Maximum,
Minimum, Concatenate, Dot, and their functional forms."""
