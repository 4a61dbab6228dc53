"""Fused softmax cross-entropies: the loss and its gradient in a few passes.

The forward pass computes ``e = exp(x - shift)`` and the row sums once and
keeps them; the first-order gradient is then ``e * (g / sum) - g * labels`` in
one more pass, with no one-hot matrix and no separate softmax. When a tape
records the backward pass itself (second derivatives), the gradient is built
from differentiable ops instead: same formula, written with ``softmax``.

float32 on the NumPy backend runs compiled row loops
(``_softmax_kernels.py``) that skip the shift and redo the rare rows whose
sums show they needed it; other dtypes and backends run the NumPy passes
below, which shift only when some logit is large.
"""

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.backend import backend_name, xp

from ._core import _ACTIVE, as_tensor, normalize_axis, operands, record, require_float
from ._reduction import reduce_sum
from ._shape import expand_dims

# Below this, exp(a) neither overflows nor underflows in float32, so the shift
# by the row maximum (a full extra pass) can be skipped when every logit lies
# within it and a row of them cannot overflow its sum: exp(a - m) / sum and
# exp(a) / sum are the same probabilities.
_SAFE_EXPONENT = 80.0


def _exp_rows_numpy(a, e, shift, total):
    """Per row: ``e = exp(a - shift)`` and ``total = sum(e)``, with ``shift`` the row
    maximum when the values are large and 0 otherwise."""
    np.max(a, axis=1, out=shift)
    bound = _SAFE_EXPONENT - np.log(max(a.shape[1], 1))
    if shift.size and -_SAFE_EXPONENT < shift.min() and shift.max() < bound:
        shift[:] = 0
        np.exp(a, out=e)
    else:
        np.subtract(a, shift[:, None], out=e)
        np.exp(e, out=e)
    # A matrix-vector product with ones sums rows several times faster than np.sum.
    np.dot(e, xp.ones(e.shape[1], e.dtype), out=total)


def _compiled(a):
    """The compiled kernels when they apply to ``a`` (float32 on NumPy), else None."""
    global _softmax_kernels
    if a.dtype != np.float32 or backend_name() != "numpy" or a.size == 0:
        return None
    if _softmax_kernels is None:  # loads Numba: only when first needed
        from . import _softmax_kernels
    return _softmax_kernels


_softmax_kernels = None


def _exp_rows(a, e, shift, total):
    """``_exp_rows_numpy``'s results, from the compiled kernel where it applies."""
    kernels = _compiled(a)
    if kernels is None:
        _exp_rows_numpy(a, e, shift, total)
        return
    inexact = kernels.exp_rows(a, e, total)
    _redo_inexact_rows(a, e, shift, total, inexact, kernels)


def _redo_inexact_rows(a, e, shift, total, inexact, kernels):
    """After an unshifted kernel: zero ``shift`` and redo, shifted, the ``inexact``
    rows whose sums say they needed it (large, tiny, infinite or NaN logits)."""
    shift[:] = 0
    if inexact:
        redo = np.flatnonzero(~((total >= kernels.EXACT_LOW) & (total <= kernels.EXACT_HIGH)))
        parts = [xp.empty_like(e[redo]), xp.empty(redo.size, a.dtype), xp.empty(redo.size, a.dtype)]
        _exp_rows_numpy(a[redo], *parts)
        e[redo], shift[redo], total[redo] = parts


def _exp_rows_dot(a, z, e, shift, total, dot, zsum):
    """``_exp_rows`` plus the row sums ``dot = sum(z * a)`` and ``zsum = sum(z)``."""
    kernels = _compiled(a)
    if kernels is not None and z.dtype == a.dtype:
        inexact = kernels.exp_rows_dot(a, z, e, total, dot, zsum)
        _redo_inexact_rows(a, e, shift, total, inexact, kernels)
        return
    _exp_rows_numpy(a, e, shift, total)
    np.einsum("ij,ij->i", z, a, out=dot)
    np.dot(z, xp.ones(z.shape[1], z.dtype), out=zsum)


def _scale_rows(e, scale, out):
    """``out = e * scale[:, None]``."""
    kernels = _compiled(e)
    if kernels is not None:
        kernels.scale_rows(e, scale.astype(e.dtype, copy=False), out)
    else:
        np.multiply(e, scale[:, None], out=out)


def _scale_rows_minus(e, z, scale, weight, out):
    """``out = e * scale[:, None] - z * weight[:, None]``."""
    kernels = _compiled(e)
    if kernels is not None and z.dtype == e.dtype:
        kernels.scale_rows_minus(e, z, scale.astype(e.dtype, copy=False), weight.astype(e.dtype, copy=False), out)
    else:
        np.multiply(e, scale[:, None], out=out)
        out -= z * weight[:, None]


def _rows(array, axis):
    """``array`` as a C-contiguous (rows, classes) matrix with ``axis`` last."""
    moved = xp.moveaxis(array, axis, -1)
    return xp.ascontiguousarray(moved.reshape(-1, moved.shape[-1])), moved.shape


def _unrows(matrix, moved_shape, axis):
    return xp.moveaxis(matrix.reshape(moved_shape), -1, axis)


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """Cross-entropy of integer class ``labels`` and ``softmax(logits)``.

    ``labels`` has shape ``logits.shape[:-1]``; the result has that shape too.
    """
    x = as_tensor(logits)
    require_float(x, "sparse_softmax_cross_entropy_with_logits")
    index = np.asarray(as_tensor(labels)._value)
    if index.dtype.kind not in "iu":
        raise TypeError(
            "sparse_softmax_cross_entropy_with_logits: labels must be integers. "
            f"Received: dtype={index.dtype.name}"
        )
    if index.shape != x._value.shape[:-1]:
        raise ValueError(
            "sparse_softmax_cross_entropy_with_logits: labels shape "
            f"{index.shape} must equal logits shape without its last axis "
            f"{x._value.shape[:-1]}"
        )
    classes = x._value.shape[-1]
    if index.size and (index.min() < 0 or index.max() >= classes):
        raise ValueError(
            f"sparse_softmax_cross_entropy_with_logits: labels must be in [0, {classes}). "
            f"Received values from {index.min()} to {index.max()}"
        )
    a, moved_shape = _rows(x._value, -1)
    n = a.shape[0]
    e, shift, total = xp.empty_like(a), xp.empty(n, a.dtype), xp.empty(n, a.dtype)
    _exp_rows(a, e, shift, total)
    rows, flat_index = xp.arange(n), index.reshape(-1)
    loss = xp.log(total) + shift - a[rows, flat_index]
    out = Tensor(loss.reshape(index.shape))
    if _ACTIVE:

        def backward(g, needs):
            if _ACTIVE:  # differentiating the gradient itself: use ops
                from ._indexing import one_hot
                from ._nn import softmax

                hot = one_hot(index, classes, dtype=a.dtype)
                return (expand_dims(g, -1) * (softmax(x) - hot),)
            weight = np.asarray(g._value, dtype=a.dtype).reshape(-1)
            grad = xp.empty_like(a)
            _scale_rows(e, weight / total, grad)
            grad[rows, flat_index] -= weight
            return (Tensor(grad.reshape(x._value.shape)),)

        record(out, (x,), backward)
    return out


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """Cross-entropy between distributions ``labels`` and ``softmax(logits)`` along ``axis``."""
    z, x = operands(labels, logits, "softmax_cross_entropy_with_logits")
    require_float(x, "softmax_cross_entropy_with_logits")
    if z._value.shape != x._value.shape:
        raise ValueError(
            f"softmax_cross_entropy_with_logits: labels shape {tuple(z._value.shape)} and "
            f"logits shape {tuple(x._value.shape)} must be equal"
        )
    axis = normalize_axis(axis, x._value.ndim, "softmax_cross_entropy_with_logits")
    a, moved_shape = _rows(x._value, axis)
    zr, _ = _rows(z._value, axis)
    n = a.shape[0]
    e = xp.empty_like(a)
    shift, total, dot, zsum = (xp.empty(n, a.dtype) for _ in range(4))
    _exp_rows_dot(a, zr, e, shift, total, dot, zsum)
    # -sum(z * log_softmax(a)) = sum(z) * (shift + log(total)) - sum(z * a)
    loss = zsum * (shift + xp.log(total)) - dot
    out = Tensor(loss.reshape(moved_shape[:-1]))
    if _ACTIVE:

        def backward(g, needs):
            from ._nn import log_softmax, softmax

            gz = -expand_dims(g, axis) * log_softmax(x, axis) if needs[0] else None
            if not needs[1]:
                return gz, None
            if _ACTIVE:  # differentiating the gradient itself: use ops
                g_axis = expand_dims(g, axis)
                gx = g_axis * (softmax(x, axis) * reduce_sum(z, axis=axis, keepdims=True) - z)
                return gz, gx
            weight = np.asarray(g._value, dtype=a.dtype).reshape(-1)
            grad = xp.empty_like(a)
            _scale_rows_minus(e, zr, weight * zsum / total, weight, grad)
            return gz, Tensor(_unrows(grad, moved_shape, axis))

        record(out, (z, x), backward)
    return out
