"""ember: the tensor engine (`import ember as tf`)."""

__version__ = "0.1.0"
