"""Indexing: ``x[key]``, gather, gather_nd, boolean_mask, slice, one_hot.

Every differentiable indexing op is ``getitem`` with some key. Its vjp is
``index_add`` (scatter-add the gradient into zeros of the input's shape), and
the vjp of ``index_add`` is ``getitem`` again: the two differentiate each other.
"""

import builtins

import numpy as np

from ember.autodiff._tensor import SliceOfVariable, Tensor, Variable
from ember.backend import xp

from ._core import _ACTIVE, as_tensor, normalize_axis, record

_ALL = builtins.slice(None)


def _normalize_key(key):
    """Turn tensors and lists in an index into arrays; booleans into integer indices."""
    if not isinstance(key, tuple):
        key = (key,)
    parts = []
    for part in key:
        if isinstance(part, Tensor):
            part = part._value
            if part.ndim == 0 and part.dtype.kind in "iu":
                part = int(part)
        elif isinstance(part, list):
            part = np.asarray(part)
        if isinstance(part, np.ndarray) and part.dtype == bool:
            parts.extend(xp.nonzero(part))
        else:
            parts.append(part)
    return tuple(parts)


def _is_basic(key):
    return not any(isinstance(k, np.ndarray) or type(k).__module__ == "cupy" for k in key)


def getitem(tensor, key, _out_class=Tensor):
    """``tensor[key]`` with NumPy's basic and advanced (fancy) indexing."""
    x = as_tensor(tensor)
    key = _normalize_key(key)
    try:
        value = x._value[key]
    except IndexError as error:
        raise IndexError(
            f"index {key!r} is invalid for a tensor of shape {x.shape}: {error}"
        ) from None
    out = _out_class(value if isinstance(value, np.ndarray) else xp.asarray(value))
    if _ACTIVE:
        shape = x._value.shape
        record(out, (x,), lambda g, needs: (index_add(g, key, shape),))
    return out


def variable_getitem(variable, key):
    """``variable[key]``: a tensor that also has ``assign`` writing into the variable."""
    out = getitem(variable, key, SliceOfVariable)
    out._variable = variable
    out._key = _normalize_key(key)
    return out


def index_add(updates, key, shape):
    """Zeros of ``shape`` with ``updates`` added at ``key`` (repeated indices add up)."""
    g = as_tensor(updates)
    key = _normalize_key(key)
    value = xp.zeros(tuple(shape), dtype=g._value.dtype)
    if _is_basic(key):
        value[key] = g._value
    else:
        xp.add.at(value, key, g._value)
    out = Tensor(value)
    if _ACTIVE:
        record(out, (g,), lambda gg, needs: (getitem(gg, key),))
    return out


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Take slices of ``params`` along ``axis`` at ``indices``.

    The result has shape ``params.shape[:axis] + indices.shape[batch_dims:] +
    params.shape[axis + 1:]``; ``batch_dims`` leading axes index both in step.
    """
    x = as_tensor(params)
    index = _indices(indices, "gather")
    batch_dims = int(batch_dims) % (index.ndim + 1) if batch_dims < 0 else int(batch_dims)
    axis = normalize_axis(batch_dims if axis is None else axis, x._value.ndim, "gather")
    _check_range(index, x._value.shape[axis], "gather")
    if batch_dims == 0:
        return getitem(x, (_ALL,) * axis + (index,))
    from ._shape import reshape, transpose

    batch = x._value.shape[:batch_dims]
    if index.shape[:batch_dims] != batch:
        raise ValueError(
            f"gather: the first batch_dims={batch_dims} axes of params {x._value.shape} "
            f"and indices {index.shape} must match"
        )
    # Bring ``axis`` next to the batch axes, flatten the batch, index both in step.
    perm = list(range(x._value.ndim))
    perm.insert(batch_dims, perm.pop(axis))
    moved = reshape(transpose(x, perm), (-1,) + tuple(np.take(x._value.shape, perm[batch_dims:])))
    flat_index = index.reshape((-1,) + index.shape[batch_dims:])
    rows = np.arange(flat_index.shape[0]).reshape((-1,) + (1,) * (flat_index.ndim - 1))
    taken = getitem(moved, (rows, flat_index))
    extra = index.ndim - batch_dims
    taken = reshape(taken, batch + taken._value.shape[1:])
    # Axes now: batch, index axes, params axes between batch and axis, the rest.
    middle = axis - batch_dims
    order = (
        list(range(batch_dims))
        + [batch_dims + extra + i for i in range(middle)]
        + [batch_dims + i for i in range(extra)]
        + list(range(batch_dims + extra + middle, taken._value.ndim))
    )
    return transpose(taken, order)


def gather_nd(params, indices, batch_dims=0, name=None):
    """Gather slices of ``params`` addressed by the last axis of ``indices``."""
    x = as_tensor(params)
    index = _indices(indices, "gather_nd")
    depth = index.shape[-1]
    if depth > x._value.ndim - batch_dims:
        raise ValueError(
            f"gather_nd: indices address {depth} axes but params {x._value.shape} has "
            f"only {x._value.ndim - batch_dims} after the batch axes"
        )
    for i in range(depth):
        _check_range(index[..., i], x._value.shape[batch_dims + i], "gather_nd")
    if batch_dims == 0:
        return getitem(x, tuple(index[..., i] for i in range(depth)))
    from ._shape import reshape

    batch = x._value.shape[:batch_dims]
    flat = reshape(x, (-1,) + x._value.shape[batch_dims:])
    flat_index = index.reshape((-1,) + index.shape[batch_dims:])
    rows = np.arange(flat_index.shape[0]).reshape((-1,) + (1,) * (flat_index.ndim - 2))
    taken = getitem(flat, (rows,) + tuple(flat_index[..., i] for i in range(depth)))
    return reshape(taken, batch + taken._value.shape[1:])


def boolean_mask(tensor, mask, axis=None, name=None):
    """Keep the entries of ``tensor`` where ``mask`` (over axes ``axis..``) is true."""
    x = as_tensor(tensor)
    mask = np.asarray(as_tensor(mask)._value)
    axis = 0 if axis is None else normalize_axis(axis, x._value.ndim, "boolean_mask")
    if mask.dtype != bool:
        raise TypeError(f"boolean_mask: mask must be bool. Received: dtype={mask.dtype.name}")
    if x._value.shape[axis : axis + mask.ndim] != mask.shape:
        raise ValueError(
            f"boolean_mask: mask shape {mask.shape} does not match the tensor's shape "
            f"{x._value.shape} at axis {axis}"
        )
    return getitem(x, (_ALL,) * axis + (mask,))


def slice(input_, begin, size, name=None):  # noqa: A001 - TensorFlow's name
    """The block of ``input_`` starting at ``begin`` with ``size`` (-1: to the end)."""
    x = as_tensor(input_)
    begin = [int(b) for b in np.asarray(as_tensor(begin)._value).reshape(-1)]
    size = [int(s) for s in np.asarray(as_tensor(size)._value).reshape(-1)]
    key = tuple(builtins.slice(b, None if s == -1 else b + s) for b, s in zip(begin, size))
    return getitem(x, key)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot vectors of length ``depth`` for integer ``indices`` (-1 or out of range: all off)."""
    index = np.asarray(as_tensor(indices)._value)
    dtype = np.dtype(dtype or np.float32)
    on = 1 if on_value is None else on_value
    off = 0 if off_value is None else off_value
    hot = index[..., None] == np.arange(int(depth))
    out = np.where(hot, np.asarray(on, dtype), np.asarray(off, dtype)).astype(dtype)
    if axis is not None and axis != -1:
        out = np.moveaxis(out, -1, axis)
    return Tensor(xp.asarray(out))


def _indices(indices, op):
    index = np.asarray(as_tensor(indices)._value)
    if index.dtype.kind not in "iu":
        raise TypeError(f"{op}: indices must be integers. Received: dtype={index.dtype.name}")
    return index


def _check_range(index, length, op):
    if index.size and (index.min() < -length or index.max() >= length):
        raise IndexError(
            f"{op}: indices must be in [0, {length}). Received values from "
            f"{index.min()} to {index.max()}"
        )


def _install_variable_getitem():
    Variable.__getitem__ = variable_getitem
