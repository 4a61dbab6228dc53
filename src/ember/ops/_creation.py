"""Tensors made from a shape or a range: zeros, ones, fill, eye, linspace, range."""

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.backend import as_dtype, xp

from ._core import as_tensor


def _shape(shape):
    if isinstance(shape, Tensor):
        shape = shape.numpy()
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(d) for d in np.asarray(shape).reshape(-1))


def zeros(shape, dtype=np.float32, name=None):
    """A tensor of ``shape`` filled with zeros."""
    return Tensor(xp.zeros(_shape(shape), dtype=as_dtype(dtype)))


def ones(shape, dtype=np.float32, name=None):
    """A tensor of ``shape`` filled with ones."""
    return Tensor(xp.ones(_shape(shape), dtype=as_dtype(dtype)))


def zeros_like(input, dtype=None, name=None):
    """Zeros with the shape (and, unless given, the dtype) of ``input``."""
    x = as_tensor(input)
    return Tensor(xp.zeros(x._value.shape, dtype=as_dtype(dtype) or x._value.dtype))


def ones_like(input, dtype=None, name=None):
    """Ones with the shape (and, unless given, the dtype) of ``input``."""
    x = as_tensor(input)
    return Tensor(xp.ones(x._value.shape, dtype=as_dtype(dtype) or x._value.dtype))


def fill(dims, value, name=None):
    """A tensor of shape ``dims`` filled with ``value`` (its dtype follows ``value``)."""
    value = as_tensor(value)
    return Tensor(xp.full(_shape(dims), value._value, dtype=value._value.dtype))


def eye(num_rows, num_columns=None, batch_shape=None, dtype=np.float32, name=None):
    """Identity matrices of shape ``batch_shape + (num_rows, num_columns)``."""
    matrix = xp.eye(
        int(num_rows), None if num_columns is None else int(num_columns), dtype=as_dtype(dtype)
    )
    if batch_shape is not None:
        matrix = xp.broadcast_to(matrix, _shape(batch_shape) + matrix.shape).copy()
    return Tensor(matrix)


def linspace(start, stop, num, name=None, axis=0):
    """``num`` evenly spaced values from ``start`` to ``stop`` inclusive."""
    start, stop = as_tensor(start), as_tensor(stop)
    dtype = start._value.dtype if start._value.dtype.kind == "f" else np.float32
    values = xp.linspace(start._value, stop._value, int(num), axis=axis)
    return Tensor(values.astype(dtype))


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001
    """Values from ``start`` (0 if only one argument) up to, not including, ``limit``."""
    if limit is None:
        start, limit = 0, start
    values = [
        as_tensor(v)._value.item() if isinstance(v, Tensor) else v for v in (start, limit, delta)
    ]
    if dtype is None:
        floats = any(isinstance(v, float) for v in values)
        dtype = np.float32 if floats else np.int32
    return Tensor(xp.arange(*values, dtype=as_dtype(dtype)))
