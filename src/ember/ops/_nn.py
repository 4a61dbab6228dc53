"""Neural-network primitives: activations, softmax, cross-entropies, dropout.

Softmax and the cross-entropies are fused: one pass computes the loss and the
probabilities, and the vjp reuses them (``probs - labels``) instead of
differentiating through ``log`` and ``exp`` one op at a time.
"""

import math

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.backend import op_generator, xp

from ._core import _ACTIVE, as_tensor, normalize_axis, operands, record, require_float
from ._math import erf, exp, sigmoid, tanh, where
from ._reduction import reduce_mean, reduce_sum, reduce_variance

# SELU's constants (Klambauer et al., 2017, https://arxiv.org/abs/1706.02515).
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _activation(name, forward, vjp, doc):
    def op(features, name=None):
        x = as_tensor(features)
        require_float(x, op.__name__)
        out = Tensor(forward(x._value))
        if _ACTIVE:
            record(out, (x,), lambda g, needs: (vjp(g, x, out),))
        return out

    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    return op


def _positive(x):
    return Tensor(x._value > 0)


relu = _activation(
    "relu",
    lambda a: xp.maximum(a, 0),
    lambda g, x, out: where(_positive(x), g, 0),
    "Rectified linear unit: ``max(x, 0)``.",
)
relu6 = _activation(
    "relu6",
    lambda a: xp.clip(a, 0, 6),
    lambda g, x, out: where(Tensor((x._value > 0) & (x._value < 6)), g, 0),
    "``min(max(x, 0), 6)``.",
)
elu = _activation(
    "elu",
    lambda a: xp.where(a > 0, a, xp.expm1(xp.minimum(a, 0))),
    lambda g, x, out: where(_positive(x), g, g * (out + 1)),
    "Exponential linear unit: ``x`` if ``x > 0`` else ``exp(x) - 1``.",
)
selu = _activation(
    "selu",
    lambda a: SELU_SCALE * xp.where(a > 0, a, SELU_ALPHA * xp.expm1(xp.minimum(a, 0))),
    lambda g, x, out: where(_positive(x), g * SELU_SCALE, g * (out + SELU_SCALE * SELU_ALPHA)),
    "Scaled ELU with the self-normalising constants of Klambauer et al. (2017).",
)


def leaky_relu(features, alpha=0.2, name=None):
    """``x`` if ``x > 0`` else ``alpha * x``."""
    x = as_tensor(features)
    require_float(x, "leaky_relu")
    out = Tensor(xp.where(x._value > 0, x._value, x._value * alpha).astype(x._value.dtype))
    if _ACTIVE:
        record(out, (x,), lambda g, needs: (where(_positive(x), g, g * alpha),))
    return out


def gelu(features, approximate=False, name=None):
    """Gaussian error linear unit ``x * Phi(x)`` (Hendrycks & Gimpel, 2016).

    With ``approximate=True``, the tanh approximation of the paper.
    """
    x = as_tensor(features)
    if approximate:
        inner = math.sqrt(2 / math.pi) * (x + 0.044715 * x * x * x)
        return 0.5 * x * (1 + tanh(inner))
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


def silu(features, beta=1.0, name=None):
    """Sigmoid-weighted linear unit (swish): ``x * sigmoid(beta * x)``."""
    x = as_tensor(features)
    return x * sigmoid(beta * x if beta != 1.0 else x)


swish = silu


def _softmax_array(a, axis):
    shifted = a - xp.max(a, axis=axis, keepdims=True)
    e = xp.exp(shifted)
    return e / xp.sum(e, axis=axis, keepdims=True)


def softmax(logits, axis=-1, name=None):
    """``exp(x) / sum(exp(x))`` along ``axis``, computed without overflow."""
    x = as_tensor(logits)
    require_float(x, "softmax")
    axis = normalize_axis(axis, x._value.ndim, "softmax")
    out = Tensor(_softmax_array(x._value, axis))
    if _ACTIVE:

        def backward(g, needs):
            return (out * (g - reduce_sum(g * out, axis=axis, keepdims=True)),)

        record(out, (x,), backward)
    return out


def log_softmax(logits, axis=-1, name=None):
    """``x - logsumexp(x)`` along ``axis``."""
    x = as_tensor(logits)
    require_float(x, "log_softmax")
    axis = normalize_axis(axis, x._value.ndim, "log_softmax")
    shifted = x._value - xp.max(x._value, axis=axis, keepdims=True)
    out = Tensor(shifted - xp.log(xp.sum(xp.exp(shifted), axis=axis, keepdims=True)))
    if _ACTIVE:

        def backward(g, needs):
            return (g - exp(out) * reduce_sum(g, axis=axis, keepdims=True),)

        record(out, (x,), backward)
    return out


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """Elementwise ``-z log(sigmoid(x)) - (1 - z) log(1 - sigmoid(x))``, computed stably."""
    if labels is None or logits is None:
        raise ValueError("sigmoid_cross_entropy_with_logits needs both labels= and logits=")
    z, x = operands(labels, logits, "sigmoid_cross_entropy_with_logits")
    _same_shape(z, x, "sigmoid_cross_entropy_with_logits")
    a, b = x._value, z._value
    out = Tensor(xp.maximum(a, 0) - a * b + xp.log1p(xp.exp(-xp.abs(a))))
    if _ACTIVE:

        def backward(g, needs):
            gz = -g * x if needs[0] else None
            gx = g * (sigmoid(x) - z) if needs[1] else None
            return gz, gx

        record(out, (z, x), backward)
    return out


def l2_loss(t, name=None):
    """``sum(t ** 2) / 2``."""
    t = as_tensor(t)
    return reduce_sum(t * t) / 2


def moments(x, axes, shift=None, keepdims=False, name=None):
    """Mean and variance of ``x`` over ``axes`` (as used by batch normalisation)."""
    x = as_tensor(x)
    return reduce_mean(x, axis=axes, keepdims=keepdims), reduce_variance(
        x, axis=axes, keepdims=keepdims
    )


def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zero each element with probability ``rate`` and scale the rest by ``1 / (1 - rate)``."""
    x = as_tensor(x)
    rate = float(rate)
    if not 0 <= rate < 1:
        raise ValueError(f"dropout: rate must be in [0, 1). Received: rate={rate}")
    if rate == 0:
        return x
    shape = x._value.shape if noise_shape is None else tuple(int(d) for d in noise_shape)
    return x * Tensor(dropout_scale(op_generator(seed), shape, rate, x._value.dtype))


def dropout_scale(generator, shape, rate, dtype):
    """A dropout mask: each entry 0 with probability ``rate``, else ``1 / (1 - rate)``.

    Drawn from 32 random bits per entry (the generator's raw output, about twice
    as fast as uniform floats): an entry is dropped when its bits fall below
    ``rate * 2**32``, so the drop rate is exact to 2**-32.
    """
    size = math.prod(shape)
    bits = generator.bit_generator.random_raw((size + 1) // 2).view(np.uint32)[:size]
    keep = bits >= np.uint32(min(math.ceil(rate * 2**32), 2**32 - 1))
    scale = np.multiply(keep, np.asarray(1 / (1 - rate), dtype=dtype), dtype=dtype)
    return xp.asarray(scale.reshape(shape))


def bias_add(value, bias, data_format=None, name=None):
    """Add a 1-D ``bias`` along the last axis of ``value`` (channels-last)."""
    return as_tensor(value) + bias


def _same_shape(a, b, op):
    if a._value.shape != b._value.shape:
        raise ValueError(
            f"{op}: labels shape {tuple(a._value.shape)} and logits shape "
            f"{tuple(b._value.shape)} must be equal"
        )
