"""A fused primitive: sparse cross-entropy of clipped probabilities, with its vjp.

``-log(q[y] / sum(q))`` with ``q = clip(p, epsilon, 1 - epsilon)`` is the loss
of every softmax classifier in the books (``loss="sparse_categorical_crossentropy"``
on a softmax output). Built from ``clip``, ``log`` and the fused softmax
cross-entropy it costs three recorded ops and five backward ops; as one
primitive it is one pass forward and one product backward:

    d loss / d p[j] = inside[j] * (1 / sum(q) - [j == y] / q[y])

where ``inside`` marks the entries the clip left alone. When the backward pass
is itself recorded (nested tapes), the same gradient is built from ember ops,
so second derivatives stay exact.

The engine has no such op (``ember.ops._nn`` fuses softmax with cross-entropy
on logits only); this module is the place to move into it.
"""

from ember.autodiff._tape import _ACTIVE, record
from ember.autodiff._tensor import Tensor
from ember.backend import xp
from ember.ops import clip_by_value, expand_dims, reciprocal, reduce_sum, where


def sparse_crossentropy_from_probabilities(labels, probs, epsilon):
    """Per-sample ``-log(q[y] / sum(q))`` with ``q = clip(probs, epsilon, 1 - epsilon)``.

    Args:
        labels: an integer NumPy array of class indices, shape ``probs.shape[:-1]``,
            already checked to lie in ``[0, probs.shape[-1])``.
        probs: a float tensor of probabilities, classes on the last axis.
        epsilon: the clipping fuzz factor.

    Returns:
        A tensor of shape ``probs.shape[:-1]``, differentiable w.r.t. ``probs``.
    """
    p = probs._value
    low, high = p.dtype.type(epsilon), p.dtype.type(1.0 - epsilon)
    q = xp.clip(p, low, high)
    total = q.sum(axis=-1)
    index = xp.asarray(labels)[..., None]
    picked = xp.take_along_axis(q, index, axis=-1)[..., 0]
    out = Tensor(xp.log(total) - xp.log(picked))
    if _ACTIVE:

        def backward(g, needs):
            hot = xp.arange(p.shape[-1]) == index
            inside = (p >= low) & (p <= high)
            if _ACTIVE:  # the backward pass is recorded: keep it differentiable
                clipped = clip_by_value(probs, low, high)
                denominator = reciprocal(reduce_sum(clipped, axis=-1, keepdims=True))
                chosen = reduce_sum(clipped * Tensor(hot.astype(p.dtype)), axis=-1, keepdims=True)
                slope = denominator - Tensor(hot.astype(p.dtype)) / chosen
                return (expand_dims(g, -1) * where(Tensor(inside), slope, 0.0),)
            # Nothing records this pass: plain array arithmetic, no ops.
            slope = (1.0 / total[..., None] - hot / picked[..., None]) * inside
            return (Tensor((g._value[..., None] * slope).astype(p.dtype, copy=False)),)

        record(out, (probs,), backward)
    return out
