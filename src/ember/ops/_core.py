"""Helpers every op module shares: conversion, dtype checks, axes, unbroadcasting."""

import numpy as np

from ember.autodiff._tape import _ACTIVE, record  # noqa: F401 - re-exported to ops
from ember.autodiff._tensor import Tensor, Variable, convert_to_tensor


def _pass_through(g, needs):
    return (g,)


def read(variable):
    """Snapshot a variable's current value as a tensor (recorded as an identity).

    Ops work on the snapshot, so gradients use the value the op saw even if the
    variable is assigned before ``gradient`` is called, as in TensorFlow.
    """
    out = Tensor(variable._value)
    if _ACTIVE:
        record(out, (variable,), _pass_through)
    return out


def as_tensor(value):
    """Return ``value`` as a Tensor (no copy for tensors; variables are read)."""
    if isinstance(value, Tensor):
        return read(value) if isinstance(value, Variable) else value
    return convert_to_tensor(value)


def like(value, tensor):
    """Convert non-tensor ``value`` to ``tensor``'s dtype, as TensorFlow's operators do."""
    kind = type(value)
    if kind is float or kind is int:  # the common scalar case, without np.asarray
        dtype = tensor._value.dtype
        if dtype.kind in "fc" or (kind is int and dtype.kind in "iu"):
            return Tensor(dtype.type(value))
    if isinstance(value, Tensor):
        return read(value) if isinstance(value, Variable) else value
    return convert_to_tensor(value, dtype=tensor._value.dtype)


def operands(x, y, op):
    """Return ``x`` and ``y`` as tensors of one dtype (Python data takes the tensor's)."""
    x_tensor = isinstance(x, Tensor)
    y_tensor = isinstance(y, Tensor)
    if x_tensor and y_tensor:
        if isinstance(x, Variable):
            x = read(x)
        if isinstance(y, Variable):
            y = read(y)
        if x._value.dtype != y._value.dtype:
            raise TypeError(
                f"{op}: x has dtype {x._value.dtype.name} but y has dtype "
                f"{y._value.dtype.name}; cast one of them with ember.cast"
            )
        return x, y
    if x_tensor:
        if isinstance(x, Variable):
            x = read(x)
        return x, like(y, x)
    if y_tensor:
        if isinstance(y, Variable):
            y = read(y)
        return like(x, y), y
    x = convert_to_tensor(x)
    return x, like(y, x)


def shape_error(op, *tensors):
    shapes = " and ".join(str(tuple(t._value.shape)) for t in tensors)
    return ValueError(f"{op}: incompatible shapes {shapes}")


def require_float(tensor, op):
    if tensor._value.dtype.kind not in "fc":
        raise TypeError(
            f"{op} expects a floating-point tensor. Received: dtype="
            f"{tensor._value.dtype.name}; cast it with ember.cast(x, ember.float32)"
        )


def normalize_axes(axis, ndim, op="reduce"):
    """Return ``axis`` (None, int, sequence or tensor) as a sorted tuple of non-negative ints."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, Tensor):
        axis = axis.numpy()
    if isinstance(axis, (int, np.integer)):
        axis = (axis,)
    axes = []
    for a in np.asarray(axis, dtype=np.int64).reshape(-1).tolist():
        if not -ndim <= a < max(ndim, 1):
            raise ValueError(f"{op}: axis {a} is out of range for a tensor of rank {ndim}")
        axes.append(a % ndim if ndim else 0)
    return tuple(sorted(set(axes)))


def normalize_axis(axis, ndim, op):
    """Return a single axis as a non-negative int, checking its range."""
    axis = int(axis.numpy() if isinstance(axis, Tensor) else axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"{op}: axis {axis} is out of range for a tensor of rank {ndim}")
    return axis % ndim


def unbroadcast(gradient, shape):
    """Sum ``gradient`` over the axes broadcasting added, giving it ``shape``."""
    gshape = gradient._value.shape
    if gshape == shape:
        return gradient
    from ._reduction import reduce_sum
    from ._shape import reshape

    lead = len(gshape) - len(shape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, d in enumerate(shape) if d == 1 and gshape[i + lead] != 1
    )
    return reshape(reduce_sum(gradient, axis=axes), shape)
