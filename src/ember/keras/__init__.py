"""ember.keras: the Keras-compatible deep-learning framework (``from ember import keras``)."""

from . import datasets as datasets

__all__ = ["datasets"]
