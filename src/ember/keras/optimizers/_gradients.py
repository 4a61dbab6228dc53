"""Gradients as arrays, and their clipping."""

import math

import numpy as np

from ember.autodiff import Tensor
from ember.backend import xp


def gradient_array(gradient, variable):
    """The gradient as a backend array of the variable's dtype, shape checked."""
    array = gradient._value if isinstance(gradient, Tensor) else xp.asarray(gradient)
    value = variable._value
    if array.dtype != value.dtype:
        array = array.astype(value.dtype)
    if array.shape != value.shape:
        raise ValueError(
            f"The gradient of variable {variable.name!r} must have the variable's shape "
            f"{tuple(value.shape)}. Received: gradient.shape={tuple(array.shape)}"
        )
    return array


def _sum_of_squares(array):
    flat = array.astype(np.float32).ravel() if array.dtype.itemsize < 4 else array.ravel()
    return float(xp.vdot(flat, flat))


def _scale_for_norm(norm, clip_norm):
    """``clip_norm / max(norm, clip_norm)``; NaN when the norm is not finite, as in Keras."""
    if not math.isfinite(norm):
        return math.nan
    return 1.0 if norm <= clip_norm else clip_norm / norm


def clip_gradients(grads, clipnorm=None, clipvalue=None, global_clipnorm=None):
    """Keras' clipping: each gradient's norm, the global norm, or each value.

    Returns new arrays where a gradient changes; the given arrays are never
    written into.
    """
    if clipnorm and clipnorm > 0:
        scales = [_scale_for_norm(math.sqrt(_sum_of_squares(g)), clipnorm) for g in grads]
        return [g if s == 1.0 else g * s for g, s in zip(grads, scales)]
    if global_clipnorm and global_clipnorm > 0:
        norm = math.sqrt(sum(_sum_of_squares(g) for g in grads))
        scale = _scale_for_norm(norm, global_clipnorm)
        return grads if scale == 1.0 else [g * scale for g in grads]
    if clipvalue and clipvalue > 0:
        return [xp.clip(g, -clipvalue, clipvalue) for g in grads]
    return grads
