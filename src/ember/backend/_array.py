"""Selects the array module (NumPy or CuPy) in exactly one place."""

import os

import numpy

_NAME = os.environ.get("EMBER_BACKEND", "numpy").strip().lower()

if _NAME == "numpy":
    import scipy.special as special

    xp = numpy

    def to_numpy(array):
        """Return ``array`` as a NumPy array (a no-op on the NumPy backend)."""
        return array

elif _NAME == "cupy":
    import cupy as xp  # noqa: F401 - optional GPU backend
    import cupyx.scipy.special as special  # noqa: F401

    def to_numpy(array):
        """Copy a CuPy array to host memory as a NumPy array."""
        return xp.asnumpy(array)

else:
    raise ImportError(f"EMBER_BACKEND must be 'numpy' or 'cupy'. Received: EMBER_BACKEND={_NAME!r}")


def backend_name():
    """Return the name of the array module in use: ``"numpy"`` or ``"cupy"``."""
    return _NAME
