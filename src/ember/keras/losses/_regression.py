"""Regression losses: squared, absolute, percentage and log errors, Huber, log-cosh, cosine.

Each function returns one value per sample: the mean over the last axis of an
elementwise error (the cosine similarity reduces over ``axis``). The classes
wrap them with a reduction and sample weights.
"""

import math

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.keras.backend import epsilon
from ember.ops import (
    abs,  # noqa: A004
    log1p,
    maximum,
    reduce_mean,
    reduce_sum,
    rsqrt,
    softplus,
    square,
    squared_difference,
    where,
)

from ._loss import _BuiltinLoss, prepare


def mean_squared_error(y_true, y_pred):
    """Mean of the squared errors over the last axis: ``mean(square(y_true - y_pred), -1)``.

    Args:
        y_true: targets, shape ``(batch, d0, ..., dN)`` (``(n,)`` matches ``(n, 1)``).
        y_pred: predictions, same shape.

    Returns:
        The per-sample losses, shape ``(batch, d0, ..., dN-1)``.

    Example:
        >>> keras.losses.mean_squared_error([[0.0, 1.0]], [[1.0, 1.0]])   # [0.5]
    """
    y_true, y_pred = prepare(y_true, y_pred, "mean_squared_error")
    return reduce_mean(squared_difference(y_true, y_pred), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """Mean of the absolute errors over the last axis: ``mean(abs(y_true - y_pred), -1)``.

    Example:
        >>> keras.losses.mean_absolute_error([[0.0, 1.0]], [[1.0, 3.0]])   # [1.5]
    """
    y_true, y_pred = prepare(y_true, y_pred, "mean_absolute_error")
    return reduce_mean(abs(y_true - y_pred), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """``100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)), -1)``.

    Example:
        >>> keras.losses.mean_absolute_percentage_error([[2.0, 4.0]], [[1.0, 5.0]])  # [37.5]
    """
    y_true, y_pred = prepare(y_true, y_pred, "mean_absolute_percentage_error")
    scale = maximum(abs(y_true), epsilon())
    return 100.0 * reduce_mean(abs((y_true - y_pred) / scale), axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    """``mean(square(log(1 + y_pred) - log(1 + y_true)), -1)``, values below epsilon raised to it.

    Example:
        >>> keras.losses.mean_squared_logarithmic_error([[0.0]], [[math.e - 1]])   # [1.0]
    """
    y_true, y_pred = prepare(y_true, y_pred, "mean_squared_logarithmic_error")
    eps = epsilon()
    return reduce_mean(
        squared_difference(log1p(maximum(y_pred, eps)), log1p(maximum(y_true, eps))), axis=-1
    )


def huber(y_true, y_pred, delta=1.0):
    """Huber loss: quadratic for errors up to ``delta``, linear beyond, averaged over the last axis.

    ``0.5 * e**2`` where ``|e| <= delta``, else ``delta * |e| - 0.5 * delta**2``
    (Huber, 1964, https://doi.org/10.1214/aoms/1177703732).

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        delta: where the loss turns from quadratic to linear.

    Example:
        >>> keras.losses.huber([[0.0, 0.0]], [[0.5, 3.0]], delta=1.0)   # [(0.125 + 2.5) / 2]
    """
    delta = _positive_float(delta, "delta")
    y_true, y_pred = prepare(y_true, y_pred, "huber")
    error = y_pred - y_true
    size = abs(error)
    small = Tensor(size._value <= delta)
    return reduce_mean(where(small, 0.5 * square(error), delta * size - 0.5 * delta**2), axis=-1)


_LOG2 = math.log(2.0)


def log_cosh(y_true, y_pred):
    """Mean over the last axis of ``log(cosh(y_pred - y_true))``, computed without overflow.

    ``log(cosh(x)) = x + softplus(-2x) - log(2)``: about ``x**2 / 2`` for small
    errors and ``|x| - log(2)`` for large ones.

    Example:
        >>> keras.losses.log_cosh([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])
    """
    y_true, y_pred = prepare(y_true, y_pred, "log_cosh")
    error = y_pred - y_true
    return reduce_mean(error + softplus(-2.0 * error), axis=-1) - _LOG2


logcosh = log_cosh


def cosine_similarity(y_true, y_pred, axis=-1):
    """Negative cosine similarity along ``axis``: ``-sum(l2_normalize(t) * l2_normalize(p))``.

    It lies in ``[-1, 1]``; -1 means the vectors point the same way, so
    minimizing it aligns them. A zero vector gives 0.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        axis: the axis holding the vectors' components.

    Example:
        >>> keras.losses.cosine_similarity([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
        >>> # [0.0, -1.0]
    """
    y_true, y_pred = prepare(y_true, y_pred, "cosine_similarity")
    floor = epsilon() ** 2  # vectors shorter than epsilon are not scaled up further
    dot = reduce_sum(y_true * y_pred, axis=axis)
    inverse_norms = rsqrt(maximum(reduce_sum(square(y_true), axis=axis), floor)) * rsqrt(
        maximum(reduce_sum(square(y_pred), axis=axis), floor)
    )
    return -(dot * inverse_norms)


def _positive_float(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or value <= 0:
        raise ValueError(
            f"Invalid value for argument `{name}`: expected a positive number. "
            f"Received: {name}={value!r}"
        )
    return float(value)


_REDUCTION_DOC = """
    Args:
        reduction: ``"sum_over_batch_size"`` (default), ``"sum"``, ``"mean"``,
            ``"mean_with_sample_weight"``, ``"none"`` or None.
        name: the loss' name.
        dtype: the dtype to compute in (``y_pred``'s by default).
"""


class MeanSquaredError(_BuiltinLoss):
    """Mean of the squared errors: ``mean(square(y_true - y_pred))``.

    Example:
        >>> mse = keras.losses.MeanSquaredError()
        >>> mse([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 0.0]])   # 0.5
    """

    __doc__ += _REDUCTION_DOC

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, reduction, name, dtype)


class MeanAbsoluteError(_BuiltinLoss):
    """Mean of the absolute errors: ``mean(abs(y_true - y_pred))``.

    Example:
        >>> keras.losses.MeanAbsoluteError()([[0.0, 1.0]], [[1.0, 3.0]])   # 1.5
    """

    __doc__ += _REDUCTION_DOC

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, reduction, name, dtype)


class MeanAbsolutePercentageError(_BuiltinLoss):
    """``100 * mean(abs((y_true - y_pred) / y_true))`` (denominators at least epsilon).

    Example:
        >>> keras.losses.MeanAbsolutePercentageError()([[2.0, 4.0]], [[1.0, 5.0]])   # 37.5
    """

    __doc__ += _REDUCTION_DOC

    def __init__(
        self, reduction="sum_over_batch_size", name="mean_absolute_percentage_error", dtype=None
    ):
        super().__init__(mean_absolute_percentage_error, reduction, name, dtype)


class MeanSquaredLogarithmicError(_BuiltinLoss):
    """``mean(square(log(1 + y_pred) - log(1 + y_true)))``.

    Example:
        >>> keras.losses.MeanSquaredLogarithmicError()([[0.0]], [[math.e - 1]])   # 1.0
    """

    __doc__ += _REDUCTION_DOC

    def __init__(
        self, reduction="sum_over_batch_size", name="mean_squared_logarithmic_error", dtype=None
    ):
        super().__init__(mean_squared_logarithmic_error, reduction, name, dtype)


class Huber(_BuiltinLoss):
    """Huber loss: quadratic for errors up to ``delta``, linear beyond.

    Args:
        delta: where the loss turns from quadratic to linear (default 1.0).
        reduction: see ``Loss``.
        name: the loss' name (``"huber_loss"``).
        dtype: see ``Loss``.

    Example:
        >>> keras.losses.Huber(delta=1.0)([[0.0, 0.0]], [[0.5, 3.0]])   # 1.3125
    """

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss", dtype=None):
        super().__init__(huber, reduction, name, dtype, delta=_positive_float(delta, "delta"))


class LogCosh(_BuiltinLoss):
    """Logarithm of the hyperbolic cosine of the prediction error.

    Example:
        >>> keras.losses.LogCosh()([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])  # 0.108
    """

    __doc__ += _REDUCTION_DOC

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, reduction, name, dtype)


class CosineSimilarity(_BuiltinLoss):
    """Negative cosine similarity between targets and predictions along ``axis``.

    Args:
        axis: the axis holding the vectors' components (default -1).
        reduction: see ``Loss``.
        name: the loss' name (``"cosine_similarity"``).
        dtype: see ``Loss``.

    Example:
        >>> keras.losses.CosineSimilarity()([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
        >>> # -0.5
    """

    def __init__(
        self, axis=-1, reduction="sum_over_batch_size", name="cosine_similarity", dtype=None
    ):
        super().__init__(cosine_similarity, reduction, name, dtype, axis=axis)
