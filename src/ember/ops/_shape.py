"""Shape operations: reshape, transpose, concatenation, splitting, tiling, padding, casts.

Each vjp applies the inverse movement to the gradient (transpose by the
inverse permutation, split what was concatenated, slice what was padded).
"""

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.backend import as_dtype, xp

from ._core import _ACTIVE, as_tensor, normalize_axis, record, unbroadcast


def _int_list(value):
    if isinstance(value, Tensor):
        value = value.numpy()
    return [int(v) for v in np.asarray(value).reshape(-1)]


def reshape(tensor, shape, name=None):
    """Give ``tensor`` a new ``shape`` with the same elements (one entry may be -1)."""
    x = as_tensor(tensor)
    shape = tuple(_int_list(shape))
    try:
        out = Tensor(x._value.reshape(shape))
    except ValueError:
        raise ValueError(
            f"reshape: cannot reshape a tensor of shape {x._value.shape} "
            f"({x._value.size} elements) into shape {shape}"
        ) from None
    if _ACTIVE:
        original = x._value.shape
        record(out, (x,), lambda g, needs: (reshape(g, original),))
    return out


def transpose(a, perm=None, conjugate=False, name=None):
    """Permute the axes of ``a`` (reverse them when ``perm`` is None)."""
    x = as_tensor(a)
    ndim = x._value.ndim
    perm = list(range(ndim))[::-1] if perm is None else _int_list(perm)
    if sorted(p % ndim if ndim else p for p in perm) != list(range(ndim)):
        raise ValueError(f"transpose: perm {perm} is not a permutation of the {ndim} axes")
    out = Tensor(xp.transpose(x._value, perm))
    if _ACTIVE:
        inverse = list(np.argsort([p % ndim for p in perm]))
        record(out, (x,), lambda g, needs: (transpose(g, inverse),))
    return out


def expand_dims(input, axis, name=None):
    """Insert a length-1 axis at ``axis``."""
    x = as_tensor(input)
    axis = int(axis)
    ndim = x._value.ndim
    if not -ndim - 1 <= axis <= ndim:
        raise ValueError(f"expand_dims: axis {axis} is out of range for rank {ndim}")
    shape = list(x._value.shape)
    shape.insert(axis % (ndim + 1), 1)
    return reshape(x, shape)


def squeeze(input, axis=None, name=None):
    """Remove length-1 axes (only those in ``axis`` when given)."""
    x = as_tensor(input)
    shape = x._value.shape
    if axis is None:
        axes = [i for i, d in enumerate(shape) if d == 1]
    else:
        axes = [normalize_axis(a, len(shape), "squeeze") for a in np.atleast_1d(axis)]
        for a in axes:
            if shape[a] != 1:
                raise ValueError(
                    f"squeeze: cannot squeeze axis {a} of a tensor of shape {shape} "
                    "(its length is not 1)"
                )
    return reshape(x, [d for i, d in enumerate(shape) if i not in axes])


def broadcast_to(input, shape, name=None):
    """Broadcast ``input`` to ``shape``; the gradient sums over the broadcast axes."""
    x = as_tensor(input)
    shape = tuple(_int_list(shape))
    try:
        out = Tensor(xp.broadcast_to(x._value, shape))
    except ValueError:
        raise ValueError(
            f"broadcast_to: cannot broadcast shape {x._value.shape} to {shape}"
        ) from None
    if _ACTIVE:
        original = x._value.shape
        record(out, (x,), lambda g, needs: (unbroadcast(g, original),))
    return out


def concat(values, axis, name=None):
    """Join tensors along an existing ``axis``."""
    tensors = _same_dtype([as_tensor(v) for v in values], "concat")
    axis = normalize_axis(axis, tensors[0]._value.ndim, "concat")
    try:
        out = Tensor(xp.concatenate([t._value for t in tensors], axis=axis))
    except ValueError:
        shapes = ", ".join(str(t._value.shape) for t in tensors)
        raise ValueError(
            f"concat: shapes {shapes} must match on every axis but axis {axis}"
        ) from None
    if _ACTIVE:
        sizes = [t._value.shape[axis] for t in tensors]
        record(out, tuple(tensors), lambda g, needs: tuple(split(g, sizes, axis)))
    return out


def stack(values, axis=0, name=None):
    """Join same-shaped tensors along a new ``axis``."""
    tensors = _same_dtype([as_tensor(v) for v in values], "stack")
    shapes = {t._value.shape for t in tensors}
    if len(shapes) > 1:
        raise ValueError(f"stack: all shapes must be equal. Received: {sorted(shapes)}")
    ndim = tensors[0]._value.ndim + 1
    axis = normalize_axis(axis, ndim, "stack")
    out = Tensor(xp.stack([t._value for t in tensors], axis=axis))
    if _ACTIVE:
        record(out, tuple(tensors), lambda g, needs: tuple(unstack(g, axis=axis)))
    return out


def unstack(value, num=None, axis=0, name=None):
    """Split ``value`` into a list of tensors along ``axis``, removing that axis."""
    x = as_tensor(value)
    axis = normalize_axis(axis, x._value.ndim, "unstack")
    count = x._value.shape[axis]
    if num is not None and num != count:
        raise ValueError(f"unstack: num={num} but axis {axis} has length {count}")
    pieces = split(x, count, axis) if count else []
    return [squeeze(p, axis) for p in pieces]


def split(value, num_or_size_splits, axis=0, num=None, name=None):
    """Split ``value`` along ``axis`` into equal parts or parts of the given sizes."""
    x = as_tensor(value)
    axis = normalize_axis(axis, x._value.ndim, "split")
    length = x._value.shape[axis]
    if isinstance(num_or_size_splits, (int, np.integer)):
        parts = int(num_or_size_splits)
        if parts <= 0 or length % parts:
            raise ValueError(
                f"split: cannot split an axis of length {length} into "
                f"{num_or_size_splits} equal parts"
            )
        sizes = [length // parts] * parts
    else:
        sizes = _int_list(num_or_size_splits)
        if -1 in sizes:
            sizes[sizes.index(-1)] = length - (sum(sizes) + 1)
        if sum(sizes) != length or min(sizes, default=0) < 0:
            raise ValueError(f"split: sizes {sizes} do not add up to the axis length {length}")
    bounds = np.cumsum([0] + sizes)
    index = [slice(None)] * x._value.ndim
    outs = []
    for start, stop in zip(bounds[:-1], bounds[1:]):
        index[axis] = slice(int(start), int(stop))
        outs.append(Tensor(x._value[tuple(index)]))
    if _ACTIVE:
        for k, out in enumerate(outs):
            record(out, (x,), _split_piece_vjp(x, axis, bounds[k], bounds[k + 1]))
    return outs


def _split_piece_vjp(x, axis, start, stop):
    def backward(g, needs):
        widths = [(0, 0)] * x._value.ndim
        widths[axis] = (int(start), int(x._value.shape[axis] - stop))
        return (pad(g, widths),)

    return backward


def tile(input, multiples, name=None):
    """Repeat ``input`` ``multiples[i]`` times along each axis ``i``."""
    x = as_tensor(input)
    multiples = _int_list(multiples)
    if len(multiples) != x._value.ndim:
        raise ValueError(
            f"tile: multiples has {len(multiples)} entries but the input has rank {x._value.ndim}"
        )
    out = Tensor(xp.tile(x._value, multiples))
    if _ACTIVE:
        shape = x._value.shape

        def backward(g, needs):
            # Split each axis into (repeat, original) and sum over the repeats.
            from ._reduction import reduce_sum

            interleaved = [v for m, d in zip(multiples, shape) for v in (m, d)]
            summed = reduce_sum(reshape(g, interleaved), axis=list(range(0, 2 * len(shape), 2)))
            return (reshape(summed, shape),)

        record(out, (x,), backward)
    return out


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """Pad ``tensor``; ``paddings[i] = (before, after)`` for axis ``i``."""
    x = as_tensor(tensor)
    widths = [tuple(p) for p in np.asarray(_int_list(paddings)).reshape(-1, 2).tolist()]
    if len(widths) != x._value.ndim:
        raise ValueError(
            f"pad: paddings has {len(widths)} rows but the tensor has rank {x._value.ndim}"
        )
    mode = mode.upper()
    if mode == "CONSTANT":
        out = Tensor(xp.pad(x._value, widths, constant_values=constant_values))
    elif mode in ("REFLECT", "SYMMETRIC"):
        out = Tensor(xp.pad(x._value, widths, mode=mode.lower()))
    else:
        raise ValueError(
            f"pad: mode must be 'CONSTANT', 'REFLECT' or 'SYMMETRIC'. Received: mode={mode!r}"
        )
    if _ACTIVE:
        if mode == "CONSTANT":
            index = tuple(slice(b, b + d) for (b, _), d in zip(widths, x._value.shape))
            record(out, (x,), lambda g, needs: (g[index],))
        else:
            record(out, (x,), _mirror_pad_vjp(x, widths, mode))
    return out


def _mirror_pad_vjp(x, widths, mode):
    # Pad an index grid the same way, then add each gradient to its source.
    from ._indexing import index_add

    positions = np.arange(x._value.size).reshape(x._value.shape)
    source = np.pad(positions, widths, mode=mode.lower()).reshape(-1)

    def backward(g, needs):
        flat = index_add(reshape(g, [-1]), source, (x._value.size,))
        return (reshape(flat, x._value.shape),)

    return backward


def reverse(tensor, axis, name=None):
    """Reverse ``tensor`` along the axes in ``axis``."""
    x = as_tensor(tensor)
    axes = tuple(normalize_axis(a, x._value.ndim, "reverse") for a in _int_list(axis))
    out = Tensor(xp.flip(x._value, axes))
    if _ACTIVE:
        record(out, (x,), lambda g, needs: (reverse(g, axes),))
    return out


def cast(x, dtype, name=None):
    """Convert ``x`` to ``dtype``; gradients flow between floating types only."""
    x = as_tensor(x)
    dtype = as_dtype(dtype)
    if x._value.dtype == dtype:
        return x
    out = Tensor(x._value.astype(dtype))
    if _ACTIVE and x._value.dtype.kind in "fc" and dtype.kind in "fc":
        source = x._value.dtype
        record(out, (x,), lambda g, needs: (cast(g, source),))
    return out


def identity(input, name=None):
    """Return a new tensor with the same value (gradient passes straight through)."""
    x = as_tensor(input)
    out = Tensor(x._value)
    if _ACTIVE:
        record(out, (x,), lambda g, needs: (g,))
    return out


def stop_gradient(input, name=None):
    """Return ``input``'s value as a tensor that gradients do not flow through."""
    return Tensor(as_tensor(input)._value)


def shape(input, out_type=np.int32, name=None):
    """The shape of ``input`` as an int32 tensor."""
    return Tensor(np.asarray(as_tensor(input)._value.shape, dtype=out_type))


def rank(input, name=None):
    """The number of axes of ``input`` as an int32 scalar tensor."""
    return Tensor(np.int32(as_tensor(input)._value.ndim))


def size(input, out_type=np.int32, name=None):
    """The number of elements of ``input`` as a scalar tensor."""
    return Tensor(np.asarray(as_tensor(input)._value.size, dtype=out_type))


def _same_dtype(tensors, op):
    if not tensors:
        raise ValueError(f"{op}: expected at least one tensor")
    dtypes = {t._value.dtype for t in tensors}
    if len(dtypes) > 1:
        names = sorted(d.name for d in dtypes)
        raise TypeError(f"{op}: all tensors must have one dtype. Received: {names}")
    return tensors
