"""Reductions (sum, mean, max, ..., logsumexp), cumulative sums and arg-extrema.

A reduction's vjp reshapes the upstream gradient to the kept-dims shape and
broadcasts it back over the reduced axes (``broadcast_to``, whose own vjp is
``reduce_sum``: the pair differentiates each other).
"""

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.backend import xp

from ._core import _ACTIVE, as_tensor, normalize_axes, normalize_axis, record


def _kept_shape(shape, axes):
    return tuple(1 if i in axes else d for i, d in enumerate(shape))


def _spread(g, x, axes, keepdims):
    """Broadcast the gradient of a reduction back to the shape of its input."""
    from ._shape import broadcast_to, reshape

    if not keepdims:
        g = reshape(g, _kept_shape(x._value.shape, axes))
    return broadcast_to(g, x._value.shape)


def _reduce(name, forward, vjp, doc):
    def op(input_tensor, axis=None, keepdims=False, name=None):
        x = as_tensor(input_tensor)
        axes = normalize_axes(axis, x._value.ndim, op.__name__)
        out = Tensor(forward(x._value, axes, keepdims))
        if _ACTIVE and vjp is not None:
            record(out, (x,), lambda g, needs: (vjp(g, x, out, axes, keepdims),))
        return out

    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc + (
        "\n\n    Args:\n        input_tensor: the tensor to reduce.\n"
        "        axis: an int or list of ints (all axes when None).\n"
        "        keepdims: keep reduced axes with length 1.\n"
    )
    return op


def _sum_forward(a, axes, keepdims):
    out = xp.sum(a, axis=axes, keepdims=keepdims)
    return out.astype(a.dtype, copy=False)


def _mean_forward(a, axes, keepdims):
    if a.dtype.kind in "iu":  # TensorFlow's integer mean truncates
        return xp.mean(a, axis=axes, keepdims=keepdims).astype(a.dtype)
    count = int(np.prod([a.shape[axis] for axis in axes], dtype=np.int64))
    # sum / n: NumPy's mean is the same arithmetic with several times the overhead
    out = xp.sum(a, axis=axes, keepdims=keepdims) / max(count, 1)
    return out.astype(a.dtype, copy=False)


def _mean_vjp(g, x, out, axes, keepdims):
    count = int(np.prod([x._value.shape[a] for a in axes], dtype=np.int64))
    return _spread(g, x, axes, keepdims) / max(count, 1)


def _extremum_vjp(g, x, out, axes, keepdims):
    # The gradient is shared equally among tied extrema, as in TensorFlow.
    peak = out._value if keepdims else out._value.reshape(_kept_shape(x._value.shape, axes))
    mask = (x._value == peak).astype(x._value.dtype)
    mask /= mask.sum(axis=axes, keepdims=True)
    return _spread(g, x, axes, keepdims) * Tensor(mask)


def _logsumexp_forward(a, axes, keepdims):
    peak = xp.max(a, axis=axes, keepdims=True) if a.size else xp.zeros(())
    peak = xp.where(xp.isfinite(peak), peak, 0)
    out = xp.log(xp.sum(xp.exp(a - peak), axis=axes, keepdims=True)) + peak
    return (out if keepdims else out.reshape(_reduced_shape(a.shape, axes))).astype(a.dtype)


def _reduced_shape(shape, axes):
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def _logsumexp_vjp(g, x, out, axes, keepdims):
    from ._math import exp
    from ._shape import reshape

    kept = out if keepdims else reshape(out, _kept_shape(x._value.shape, axes))
    return _spread(g, x, axes, keepdims) * exp(x - kept)


def _prod_vjp(g, x, out, axes, keepdims):
    # d prod / d x_i = product of the others: exclusive products from both
    # ends, which stays exact when some x_i are zero.
    from ._shape import reshape, transpose

    shape = x._value.shape
    rest = [a for a in range(len(shape)) if a not in axes]
    moved = transpose(x, rest + list(axes))
    moved_shape = moved._value.shape
    flat = reshape(moved, tuple(moved_shape[: len(rest)]) + (-1,))
    others = cumprod(flat, axis=-1, exclusive=True) * cumprod(
        flat, axis=-1, exclusive=True, reverse=True
    )
    others = transpose(reshape(others, moved_shape), list(np.argsort(rest + list(axes))))
    return _spread(g, x, axes, keepdims) * others


reduce_sum = _reduce(
    "reduce_sum",
    _sum_forward,
    lambda g, x, out, axes, keepdims: _spread(g, x, axes, keepdims),
    "Sum of elements across ``axis``.",
)
reduce_mean = _reduce("reduce_mean", _mean_forward, _mean_vjp, "Mean across ``axis``.")
reduce_max = _reduce(
    "reduce_max",
    lambda a, axes, k: xp.max(a, axis=axes, keepdims=k),
    _extremum_vjp,
    "Maximum across ``axis``.",
)
reduce_min = _reduce(
    "reduce_min",
    lambda a, axes, k: xp.min(a, axis=axes, keepdims=k),
    _extremum_vjp,
    "Minimum across ``axis``.",
)
reduce_prod = _reduce(
    "reduce_prod",
    lambda a, axes, k: xp.prod(a, axis=axes, keepdims=k).astype(a.dtype, copy=False),
    _prod_vjp,
    "Product across ``axis``.",
)
reduce_logsumexp = _reduce(
    "reduce_logsumexp",
    _logsumexp_forward,
    _logsumexp_vjp,
    "``log(sum(exp(x)))`` across ``axis``, computed without overflow.",
)
reduce_any = _reduce(
    "reduce_any",
    lambda a, axes, k: xp.any(a, axis=axes, keepdims=k),
    None,
    "Logical or across ``axis``.",
)
reduce_all = _reduce(
    "reduce_all",
    lambda a, axes, k: xp.all(a, axis=axes, keepdims=k),
    None,
    "Logical and across ``axis``.",
)


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """Population variance across ``axis`` (mean of squared deviations)."""
    from ._math import square

    x = as_tensor(input_tensor)
    centred = x - reduce_mean(x, axis=axis, keepdims=True)
    return reduce_mean(square(centred), axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """Population standard deviation across ``axis``."""
    from ._math import sqrt

    return sqrt(reduce_variance(input_tensor, axis=axis, keepdims=keepdims))


def _cumulative(ufunc, a, axis, exclusive, reverse):
    if reverse:
        a = xp.flip(a, axis)
    out = ufunc.accumulate(a, axis=axis, dtype=a.dtype)
    if exclusive:
        identity = xp.full_like(xp.take(a, [0], axis=axis), ufunc.identity)
        out = xp.concatenate([identity, xp.take(out, range(a.shape[axis] - 1), axis=axis)], axis)
    return xp.flip(out, axis) if reverse else out


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum along ``axis`` (``exclusive`` leaves out the current element)."""
    x = as_tensor(x)
    axis = normalize_axis(axis, x._value.ndim, "cumsum")
    out = Tensor(_cumulative(xp.add, x._value, axis, exclusive, reverse))
    if _ACTIVE:
        record(
            out,
            (x,),
            lambda g, needs: (cumsum(g, axis, exclusive=exclusive, reverse=not reverse),),
        )
    return out


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative product along ``axis``."""
    x = as_tensor(x)
    axis = normalize_axis(axis, x._value.ndim, "cumprod")
    out = Tensor(_cumulative(xp.multiply, x._value, axis, exclusive, reverse))
    if _ACTIVE:

        def backward(g, needs):
            summed = cumsum(out * g, axis, exclusive=exclusive, reverse=not reverse)
            return (summed / x,)

        record(out, (x,), backward)
    return out


def _arg(name, function):
    def op(input, axis=None, output_type=np.int64, name=None):
        x = as_tensor(input)
        axis = normalize_axis(0 if axis is None else axis, x._value.ndim, op.__name__)
        return Tensor(function(x._value, axis=axis).astype(output_type))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Index of the {name[3:]}imum along ``axis`` (0 by default), as int64."
    return op


argmax = _arg("argmax", xp.argmax)
argmin = _arg("argmin", xp.argmin)
