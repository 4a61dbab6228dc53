"""Dtype policy: names, conversion, and the default float type (``floatx``)."""

import numpy as np

_FLOATX = "float32"


def floatx():
    """Return the default float type as a string, ``"float32"`` unless changed."""
    return _FLOATX


def set_floatx(value):
    """Set the default float type (``"float16"``, ``"float32"`` or ``"float64"``)."""
    global _FLOATX
    if value not in ("float16", "float32", "float64"):
        raise ValueError(
            "Unknown floatx; expected one of 'float16', 'float32', 'float64'. "
            f"Received: value={value!r}"
        )
    _FLOATX = value


def as_dtype(dtype):
    """Return ``dtype`` (a name, NumPy type or dtype) as a ``numpy.dtype``."""
    if dtype is None:
        return None
    try:
        return np.dtype(getattr(dtype, "as_numpy_dtype", dtype))
    except TypeError:
        raise TypeError(
            f"Expected a dtype name or NumPy dtype. Received: dtype={dtype!r}"
        ) from None
