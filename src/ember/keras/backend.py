"""``keras.backend``: the float type, the fuzz factor, and session clearing."""

from ember import backend as _engine
from ember.backend import floatx as floatx
from ember.backend import set_floatx as set_floatx

_EPSILON = 1e-7


def epsilon():
    """The fuzz factor added to denominators and logs (``1e-7`` by default)."""
    return _EPSILON


def set_epsilon(value):
    """Set the fuzz factor returned by ``epsilon()``."""
    global _EPSILON
    _EPSILON = float(value)


def clear_session(free_memory=True):
    """Reset the layer-name counters so new models start from ``dense``, ``dense_1``..."""
    from ember.keras.layers._naming import reset_names

    reset_names()


def get_value(x):
    """The value of a variable or tensor as a NumPy array (Keras 2's ``K.get_value``)."""
    import numpy as np

    return np.asarray(x.numpy() if hasattr(x, "numpy") else x)


def set_value(x, value):
    """Assign ``value`` to variable ``x`` (Keras 2's ``K.set_value``, e.g. on ``optimizer.lr``)."""
    x.assign(value)


def backend():
    """The name of the computing backend: ``"ember"`` on top of NumPy or CuPy."""
    return "ember"


def array_module():
    """The array module ember computes with (NumPy, or CuPy when selected)."""
    return _engine.xp


__all__ = [
    "array_module",
    "backend",
    "clear_session",
    "epsilon",
    "floatx",
    "get_value",
    "set_epsilon",
    "set_floatx",
    "set_value",
]
