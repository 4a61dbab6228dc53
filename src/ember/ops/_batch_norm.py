"""``batch_norm_training``: batch normalisation with batch statistics, as one recorded op.

Composed from ops, a training-mode batch norm records a dozen nodes (mean,
centring, square, mean, add, rsqrt, two products, a sum) and sweeps the batch
as many times. Fused, the forward pass is four sweeps and the vjp is the
closed form (Ioffe & Szegedy, 2015), with ``x_hat = (x - mean) * inv_std``:

    d beta  = sum(g)            d gamma = sum(g * x_hat)
    d x     = gamma * inv_std * (g - mean(g) - x_hat * mean(g * x_hat))

sums and means over the batch axes. When a tape records the backward pass
(nested tapes), the same formula is written with ember ops on ``x``, so higher
derivatives stay exact.
"""

from ember.autodiff._tensor import Tensor
from ember.backend import xp

from ._core import _ACTIVE, as_tensor, operands, record, require_float


def _as_rows(array, axis):
    """``array`` as a C-contiguous (samples, features) matrix, ``axis`` the features."""
    moved = xp.moveaxis(array, axis, -1)
    return xp.ascontiguousarray(moved).reshape(-1, moved.shape[-1]), moved.shape


def batch_norm_training(x, gamma, beta, axis, epsilon):
    """Normalise ``x`` per feature on ``axis`` with the statistics of the other axes.

    Args:
        x: a float tensor.
        gamma: the scale, a tensor of shape ``(x.shape[axis],)``, or None.
        beta: the offset, same shape, or None.
        axis: the feature axis.
        epsilon: added to the variance before the square root.

    Returns:
        ``(y, mean, variance)``: ``y = (x - mean) / sqrt(variance + epsilon) * gamma
        + beta`` (a tensor, differentiable w.r.t. ``x``, ``gamma`` and ``beta``), and
        the batch mean and (biased) variance per feature as arrays.

    Example:
        >>> y, mean, var = batch_norm_training(x, gamma, beta, axis=-1, epsilon=1e-3)
    """
    x = as_tensor(x)
    require_float(x, "batch_norm_training")
    gamma_t = None if gamma is None else operands(x, gamma, "batch_norm_training")[1]
    beta_t = None if beta is None else operands(x, beta, "batch_norm_training")[1]
    axis = axis % x._value.ndim
    rows, moved_shape = _as_rows(x._value, axis)
    count = rows.shape[0]
    mean = rows.mean(axis=0)
    centred = rows - mean
    variance = xp.einsum("ij,ij->j", centred, centred) / count
    inv_std = 1.0 / xp.sqrt(variance + x._value.dtype.type(epsilon))
    scale = inv_std if gamma_t is None else inv_std * gamma_t._value
    y = centred * scale
    if beta_t is not None:
        y += beta_t._value
    out = Tensor(_from_rows(y, moved_shape, axis))
    if _ACTIVE:
        inputs = (x,) + tuple(t for t in (gamma_t, beta_t) if t is not None)

        def backward(g, needs):
            if _ACTIVE:
                return _backward_with_ops(g, x, gamma_t, beta_t, axis, epsilon, needs)
            g_rows, _ = _as_rows(g._value, axis)
            x_hat = centred * inv_std
            g_sum = g_rows.sum(axis=0)
            g_dot = xp.einsum("ij,ij->j", g_rows, x_hat)
            grads = [None]
            if needs[0]:
                dx = g_rows * scale
                dx -= x_hat * (scale * g_dot / count)
                dx -= scale * g_sum / count
                grads[0] = Tensor(_from_rows(dx, moved_shape, axis))
            if gamma_t is not None:
                grads.append(Tensor(g_dot) if needs[len(grads)] else None)
            if beta_t is not None:
                grads.append(Tensor(g_sum) if needs[len(grads)] else None)
            return tuple(grads)

        record(out, inputs, backward)
    return out, mean, variance


def _from_rows(matrix, moved_shape, axis):
    return xp.moveaxis(matrix.reshape(moved_shape), -1, axis)


def _backward_with_ops(g, x, gamma, beta, axis, epsilon, needs):
    """The vjp written with ember ops (recorded by the tapes running it)."""
    from ._math import rsqrt, square
    from ._reduction import reduce_mean, reduce_sum
    from ._shape import reshape

    axes = [a for a in range(x._value.ndim) if a != axis]
    mean = reduce_mean(x, axis=axes, keepdims=True)
    centred = x - mean
    inv_std = rsqrt(reduce_mean(square(centred), axis=axes, keepdims=True) + epsilon)
    x_hat = centred * inv_std
    shape = [1] * x._value.ndim
    shape[axis] = x._value.shape[axis]
    scale = inv_std if gamma is None else inv_std * reshape(gamma, shape)
    g_mean = reduce_mean(g, axis=axes, keepdims=True)
    g_dot_mean = reduce_mean(g * x_hat, axis=axes, keepdims=True)
    grads = [scale * (g - g_mean - x_hat * g_dot_mean) if needs[0] else None]
    if gamma is not None:
        grads.append(reduce_sum(g * x_hat, axis=axes) if needs[len(grads)] else None)
    if beta is not None:
        grads.append(reduce_sum(g, axis=axes) if needs[len(grads)] else None)
    return tuple(grads)
