"""Fused primitives: the cross-entropies of clipped probabilities, each with its vjp.

Keras computes the cross-entropies of probabilities on ``q = clip(p, epsilon,
1 - epsilon)``: the loss of every softmax or sigmoid classifier of the books
(``loss="sparse_categorical_crossentropy"`` on a softmax output,
``"binary_crossentropy"`` on a sigmoid one). Built from ``clip``, ``log``
and arithmetic, each costs five to ten recorded ops; as one primitive it is
one pass forward and one product backward:

    categorical: -sum(t * log(q / sum(q)))     d/dp = inside * (sum(t) / sum(q) - t / q)
    sparse:      -log(q[y] / sum(q))           the same with t one-hot
    binary:      -(t log q + (1 - t) log(1 - q))   d/dp = inside * (q - t) / (q (1 - q))

where ``inside`` marks the entries the clip left alone (the categorical forms
normalize ``q`` as TensorFlow does). When the backward pass is itself
recorded (nested tapes), the gradients are built from ember ops, so second
derivatives stay exact; otherwise they are plain array arithmetic.

The engine has no such ops (``ember.ops._nn`` fuses softmax with
cross-entropy on logits only); this module is the place to move into it.
"""

from ember.autodiff._tape import _ACTIVE, record
from ember.autodiff._tensor import Tensor
from ember.backend import xp
from ember.ops import clip_by_value, expand_dims, log, reduce_sum, where


def _clipped(probs, epsilon):
    p = probs._value
    low, high = p.dtype.type(epsilon), p.dtype.type(1.0 - epsilon)
    return xp.clip(p, low, high), (p >= low) & (p <= high), (low, high)


def categorical_crossentropy_from_probabilities(labels, probs, epsilon, axis=-1):
    """Per-sample ``-sum(t * log(q / sum(q)), axis)`` with ``q = clip(probs, eps, 1 - eps)``.

    Args:
        labels: a float tensor of (soft) labels, ``probs``' shape and dtype.
        probs: a float tensor of probabilities, classes on ``axis``.
        epsilon: the clipping fuzz factor.
        axis: the class axis.

    Returns:
        A tensor without ``axis``, differentiable w.r.t. ``labels`` and ``probs``.
    """
    t = labels._value
    q, inside, bounds = _clipped(probs, epsilon)
    total = q.sum(axis=axis, keepdims=True)
    mass = t.sum(axis=axis, keepdims=True)
    log_q, log_total = xp.log(q), xp.log(total)
    out = Tensor((mass * log_total - (t * log_q).sum(axis=axis, keepdims=True)).squeeze(axis))
    if _ACTIVE:

        def backward(g, needs):
            if _ACTIVE:  # the backward pass is recorded: keep it differentiable
                clipped = clip_by_value(probs, *bounds)
                summed = reduce_sum(clipped, axis=axis, keepdims=True)
                g = expand_dims(g, axis)
                g_labels = g * (log(summed) - log(clipped)) if needs[0] else None
                slope = reduce_sum(labels, axis=axis, keepdims=True) / summed - labels / clipped
                g_probs = g * where(Tensor(inside), slope, 0.0) if needs[1] else None
                return g_labels, g_probs
            g = xp.expand_dims(g._value, axis)
            g_labels = Tensor(g * (log_total - log_q)) if needs[0] else None
            g_probs = Tensor(g * (mass / total - t / q) * inside) if needs[1] else None
            return g_labels, g_probs

        record(out, (labels, probs), backward)
    return out


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
    q, inside, bounds = _clipped(probs, epsilon)
    total = q.sum(axis=-1)
    index = xp.asarray(labels)[..., None]
    picked = xp.take_along_axis(q, index, axis=-1)[..., 0]
    out = Tensor(xp.log(total) - xp.log(picked))
    if _ACTIVE:

        def backward(g, needs):
            hot = xp.arange(q.shape[-1]) == index
            if _ACTIVE:  # the backward pass is recorded: keep it differentiable
                clipped = clip_by_value(probs, *bounds)
                onehot = Tensor(hot.astype(q.dtype))
                chosen = reduce_sum(clipped * onehot, axis=-1, keepdims=True)
                slope = 1.0 / reduce_sum(clipped, axis=-1, keepdims=True) - onehot / chosen
                return (expand_dims(g, -1) * where(Tensor(inside), slope, 0.0),)
            slope = (1.0 / total[..., None] - hot / picked[..., None]) * inside
            return (Tensor((g._value[..., None] * slope).astype(q.dtype, copy=False)),)

        record(out, (probs,), backward)
    return out


def binary_crossentropy_from_probabilities(labels, probs, epsilon):
    """Elementwise ``-(t log q + (1 - t) log(1 - q))`` with ``q = clip(probs, eps, 1 - eps)``.

    Args:
        labels: a float tensor of labels in [0, 1], ``probs``' shape and dtype.
        probs: a float tensor of probabilities.
        epsilon: the clipping fuzz factor.

    Returns:
        A tensor of ``probs``' shape, differentiable w.r.t. ``labels`` and ``probs``.
    """
    t = labels._value
    q, inside, bounds = _clipped(probs, epsilon)
    log_q, log_rest = xp.log(q), xp.log(1 - q)
    out = Tensor(-(t * log_q + (1 - t) * log_rest))
    if _ACTIVE:

        def backward(g, needs):
            if _ACTIVE:  # the backward pass is recorded: keep it differentiable
                clipped = clip_by_value(probs, *bounds)
                rest = 1.0 - clipped
                g_labels = g * (log(rest) - log(clipped)) if needs[0] else None
                slope = (clipped - labels) / (clipped * rest)
                g_probs = g * where(Tensor(inside), slope, 0.0) if needs[1] else None
                return g_labels, g_probs
            g = g._value
            g_labels = Tensor(g * (log_rest - log_q)) if needs[0] else None
            g_probs = Tensor(g * (q - t) / (q * (1 - q)) * inside) if needs[1] else None
            return g_labels, g_probs

        record(out, (labels, probs), backward)
    return out
