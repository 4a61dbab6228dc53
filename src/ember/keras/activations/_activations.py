"""Keras 3's activation functions, each composed from differentiable ember ops.

Every function takes a tensor (or array-like) and returns a tensor of the same
shape and dtype; gradients come from the ops they are built from, so nested
tapes give higher derivatives too.
"""

from ember.autodiff import convert_to_tensor
from ember.ops import (
    cast,
    clip_by_value,
    exp,
    expm1,
    greater,
    minimum,
    reduce_logsumexp,
    sigmoid as _sigmoid,
    softplus as _softplus,
    softsign as _softsign,
    tanh as _tanh,
    where,
)
from ember.ops import _nn


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit, with Keras' optional slope, cap and threshold.

    With the defaults this is ``max(x, 0)``. In general, for ``x`` above
    ``threshold`` it gives ``x`` (capped at ``max_value``), and below it
    ``negative_slope * (x - threshold)``.

    Args:
        x: Input tensor.
        negative_slope: Slope for values below ``threshold``.
        max_value: The largest value returned (no cap when ``None``).
        threshold: Values at or below it are damped (or set to zero).

    Returns:
        A tensor of the shape and dtype of ``x``.

    Example:
        >>> x = [-10.0, -5.0, 0.0, 5.0, 10.0]
        >>> relu(x).numpy()
        array([ 0.,  0.,  0.,  5., 10.], dtype=float32)
        >>> relu(x, negative_slope=0.5).numpy()
        array([-5. , -2.5,  0. ,  5. , 10. ], dtype=float32)
        >>> relu(x, max_value=5.0).numpy()
        array([0., 0., 0., 5., 5.], dtype=float32)
        >>> relu(x, threshold=5.0).numpy()
        array([-0., -0.,  0.,  0., 10.], dtype=float32)
    """
    x = convert_to_tensor(x)
    if negative_slope != 0 and max_value is None and threshold == 0:
        return _nn.leaky_relu(x, alpha=negative_slope)
    if threshold != 0:
        # x where x > threshold, else 0 (a negative threshold lets small
        # negative values through, as in Keras)
        out = x * cast(greater(x, threshold), x.dtype)
    elif max_value == 6:
        out, max_value = _nn.relu6(x), None
    else:
        out = _nn.relu(x)
    if max_value is not None:
        out = clip_by_value(out, 0, max_value)
    if negative_slope != 0:
        out = out - negative_slope * _nn.relu(threshold - x)
    return out


def leaky_relu(x, negative_slope=0.2):
    """Leaky ReLU: ``x`` if ``x > 0`` else ``negative_slope * x``.

    Args:
        x: Input tensor.
        negative_slope: Slope of the negative part.

    Example:
        >>> leaky_relu([-1.0, 2.0]).numpy()
        array([-0.2,  2. ], dtype=float32)
    """
    return _nn.leaky_relu(x, alpha=negative_slope)


def relu6(x):
    """ReLU capped at 6: ``min(max(x, 0), 6)``.

    Example:
        >>> relu6([-1.0, 3.0, 8.0]).numpy()
        array([0., 3., 6.], dtype=float32)
    """
    return _nn.relu6(x)


def elu(x, alpha=1.0):
    """Exponential linear unit: ``x`` if ``x > 0`` else ``alpha * (exp(x) - 1)``.

    Reference: [Clevert et al., 2016](https://arxiv.org/abs/1511.07289).

    Args:
        x: Input tensor.
        alpha: Scale of the negative part.

    Example:
        >>> elu([-1.0, 2.0], alpha=2.0).numpy().round(4)
        array([-1.2642,  2.    ], dtype=float32)
    """
    x = convert_to_tensor(x)
    if alpha == 1:
        return _nn.elu(x)
    return where(greater(x, 0), x, alpha * expm1(minimum(x, 0)))


def selu(x):
    """Scaled ELU: ``scale * elu(x, alpha)`` with Klambauer et al.'s constants.

    ``alpha = 1.67326324`` and ``scale = 1.05070098`` keep the mean and variance
    of activations stable when the weights use ``LecunNormal``.
    Reference: [Klambauer et al., 2017](https://arxiv.org/abs/1706.02515).

    Example:
        >>> selu([1.0]).numpy()
        array([1.050701], dtype=float32)
    """
    return _nn.selu(x)


def softplus(x):
    """Softplus: ``log(exp(x) + 1)``, computed without overflow.

    Example:
        >>> softplus([0.0]).numpy()
        array([0.6931472], dtype=float32)
    """
    return _softplus(x)


def softsign(x):
    """Softsign: ``x / (abs(x) + 1)``.

    Example:
        >>> softsign([-1.0, 3.0]).numpy()
        array([-0.5 ,  0.75], dtype=float32)
    """
    return _softsign(x)


def silu(x):
    """Swish (SiLU): ``x * sigmoid(x)``; also available as ``swish``.

    Reference: [Ramachandran et al., 2017](https://arxiv.org/abs/1710.05941).

    Example:
        >>> silu([0.0, 1.0]).numpy()
        array([0.       , 0.7310586], dtype=float32)
    """
    return _nn.silu(x)


def gelu(x, approximate=False):
    """Gaussian error linear unit: ``x * P(X <= x)`` for a standard normal ``X``.

    Exactly ``0.5 * x * (1 + erf(x / sqrt(2)))``; with ``approximate=True``,
    ``0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x ** 3)))``.
    Reference: [Hendrycks & Gimpel, 2016](https://arxiv.org/abs/1606.08415).

    Args:
        x: Input tensor.
        approximate: Whether to use the tanh approximation.

    Example:
        >>> gelu([1.0]).numpy()
        array([0.8413447], dtype=float32)
    """
    return _nn.gelu(x, approximate=bool(approximate))


def tanh(x):
    """Hyperbolic tangent: ``(exp(x) - exp(-x)) / (exp(x) + exp(-x))``.

    Example:
        >>> tanh([0.0]).numpy()
        array([0.], dtype=float32)
    """
    return _tanh(x)


def sigmoid(x):
    """Logistic sigmoid: ``1 / (1 + exp(-x))``.

    Example:
        >>> sigmoid([0.0]).numpy()
        array([0.5], dtype=float32)
    """
    return _sigmoid(x)


def exponential(x):
    """Exponential: ``exp(x)``.

    Example:
        >>> exponential([0.0]).numpy()
        array([1.], dtype=float32)
    """
    return exp(x)


def hard_sigmoid(x):
    """Hard sigmoid as Keras 3 defines it: ``relu6(x + 3) / 6``.

    That is 0 for ``x <= -3``, 1 for ``x >= 3`` and ``x / 6 + 0.5`` between
    (Keras 2 used ``0.2 * x + 0.5`` clipped to [0, 1] instead).

    Example:
        >>> hard_sigmoid([-4.0, 0.0, 1.5, 4.0]).numpy()
        array([0.  , 0.5 , 0.75, 1.  ], dtype=float32)
    """
    return _nn.relu6(convert_to_tensor(x) + 3) / 6


def hard_silu(x):
    """Hard SiLU (hard swish): ``x * hard_sigmoid(x)``; also ``hard_swish``.

    Reference: [Howard et al., 2019](https://arxiv.org/abs/1905.02244).

    Example:
        >>> hard_silu([-4.0, 1.5, 4.0]).numpy()
        array([-0.   ,  1.125,  4.   ], dtype=float32)
    """
    x = convert_to_tensor(x)
    return x * hard_sigmoid(x)


def linear(x):
    """The identity: returns ``x`` unchanged (the activation of "no activation").

    Example:
        >>> linear(3.0)
        3.0
    """
    return x


def mish(x):
    """Mish: ``x * tanh(softplus(x))``.

    Reference: [Misra, 2019](https://arxiv.org/abs/1908.08681).

    Example:
        >>> mish([1.0]).numpy()
        array([0.8650984], dtype=float32)
    """
    x = convert_to_tensor(x)
    return x * _tanh(_softplus(x))


def softmax(x, axis=-1):
    """Softmax: ``exp(x) / sum(exp(x))`` along ``axis``, without overflow.

    Each slice along ``axis`` becomes a probability distribution.

    Args:
        x: Input tensor (logits).
        axis: Integer, or tuple of integers, along which the softmax is taken.

    Example:
        >>> softmax([[1.0, 1.0], [0.0, 2.0]]).numpy().round(4)
        array([[0.5   , 0.5   ],
               [0.1192, 0.8808]], dtype=float32)
    """
    if isinstance(axis, (tuple, list)):
        return exp(log_softmax(x, axis=axis))
    return _nn.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    """Log-softmax: ``x - log(sum(exp(x)))`` along ``axis``.

    Args:
        x: Input tensor (logits).
        axis: Integer, or tuple of integers, along which it is taken.

    Example:
        >>> log_softmax([0.0, 0.0]).numpy().round(4)
        array([-0.6931, -0.6931], dtype=float32)
    """
    if isinstance(axis, (tuple, list)):
        x = convert_to_tensor(x)
        return x - reduce_logsumexp(x, axis=tuple(axis), keepdims=True)
    return _nn.log_softmax(x, axis=axis)


swish = silu
hard_swish = hard_silu
