"""``dense``: ``activation(x @ kernel + bias)`` as one recorded op (the MLP hot path).

Fusing saves two temporaries and two tape nodes per layer: the bias is added and
the ReLU applied in place on the product. The vjp is written with ember ops
(``matmul``, ``reduce_sum``, ``where``), so it is itself differentiable; when no
tape records the backward pass (first-order training, the common case) the same
three products run directly on the arrays.
"""

from ember.autodiff._tensor import Tensor
from ember.backend import xp

from ._core import _ACTIVE, operands, record


def dense(inputs, kernel, bias=None, relu=False):
    """``x @ kernel (+ bias)``, then ``max(., 0)`` if ``relu``, over the last axis of ``x``.

    Args:
        inputs: tensor of shape ``(..., in)``.
        kernel: tensor of shape ``(in, units)``.
        bias: tensor of shape ``(units,)`` or None.
        relu: apply the rectifier in the same op.

    Returns:
        A tensor of shape ``(..., units)``.
    """
    x, w = operands(inputs, kernel, "dense")
    if w._value.ndim != 2 or x._value.ndim < 1 or x._value.shape[-1] != w._value.shape[0]:
        raise ValueError(
            f"dense: inputs of shape {tuple(x._value.shape)} do not match a kernel of shape "
            f"{tuple(w._value.shape)} (the last axis of the inputs must equal kernel.shape[0])"
        )
    b = None if bias is None else operands(bias, w, "dense")[0]
    lead = x._value.shape[:-1]
    flat = x._value.reshape(-1, x._value.shape[-1])
    value = xp.matmul(flat, w._value)
    if b is not None:
        value += b._value
    if relu:
        xp.maximum(value, 0, out=value)
    out = Tensor(value.reshape(lead + (w._value.shape[1],)))
    if _ACTIVE:
        inputs_ = (x, w) if b is None else (x, w, b)

        def backward(g, needs):
            if not _ACTIVE:  # first order: plain NumPy, no tape bookkeeping
                return _first_order_backward(g._value, flat, w._value, value, relu, b, needs,
                                             x._value.shape)
            from ._linalg import matmul
            from ._math import where
            from ._reduction import reduce_sum
            from ._shape import reshape

            g2 = reshape(g, (-1, value.shape[1]))
            if relu:
                g2 = where(Tensor(value > 0), g2, 0)
            x2 = Tensor(flat) if not needs[0] else reshape(x, flat.shape)
            gx = reshape(matmul(g2, w, transpose_b=True), x._value.shape) if needs[0] else None
            gw = matmul(x2, g2, transpose_a=True) if needs[1] else None
            grads = (gx, gw)
            if b is not None:
                grads += (reduce_sum(g2, axis=0) if needs[2] else None,)
            return grads

        record(out, inputs_, backward)
    return out


def _first_order_backward(g, flat, kernel, value, relu, bias, needs, x_shape):
    """The vjp of ``dense`` on arrays: ``g @ W^T``, ``x^T @ g`` and ``sum(g)``."""
    g2 = g.reshape(-1, value.shape[1])
    if relu:
        g2 = g2 * (value > 0)
    grads = (
        Tensor((g2 @ kernel.T).reshape(x_shape)) if needs[0] else None,
        Tensor(flat.T @ g2) if needs[1] else None,
    )
    if bias is not None:
        grads += (Tensor(g2.sum(axis=0)) if needs[2] else None,)
    return grads
