"""Reduction metrics: ``Sum``, ``Mean``, and ``MeanMetricWrapper`` (a function as a mean).

Values are reduced to one number per sample (the mean over the other axes)
and accumulated with their weights in ``total`` and ``count``, so streaming
batch after batch gives the same result as one large batch.
"""

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.backend import xp
from ember.keras.losses._loss import _snake_case, squeeze_or_expand_to_same_rank

from ._metric import Metric, add_to, broadcast_weights, scalar, to_array


def samplewise(values, sample_weight, reduce, dtype):
    """Reduce ``values`` to per-sample values (weighted), as Keras' reduction metrics do.

    Args:
        values: array-like of shape ``(batch, ...)`` or a scalar.
        sample_weight: None, a scalar, or weights broadcastable to ``values``
            once their ranks are matched.
        reduce: ``np.mean`` or ``np.sum``, applied over the axes after the
            first (and after the weights' own axes).
        dtype: the metric's dtype.

    Returns:
        ``(values, weights)``: per-sample weighted values and per-sample
        weights (None when no ``sample_weight`` was given).
    """
    values = to_array(values, dtype)
    if sample_weight is not None:
        weight = to_array(sample_weight, dtype)
        values, weight = squeeze_or_expand_to_same_rank(values, weight)
        if values.ndim > weight.ndim:
            values = reduce(values, axis=tuple(range(weight.ndim, values.ndim)))
        weight = broadcast_weights(weight, values.shape, sample_weight)
        values = values * weight
        if weight.ndim > 1:
            weight = reduce(weight, axis=tuple(range(1, weight.ndim)))
    else:
        weight = None
    if values.ndim > 1:
        values = reduce(values, axis=tuple(range(1, values.ndim)))
    return values, weight


class Sum(Metric):
    """The (weighted) sum of the values seen.

    Args:
        name: the metric's name (``"sum"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.Sum()
        >>> m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
        >>> m.result()   # 4.0
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = samplewise(values, sample_weight, np.sum, self.dtype)
        add_to(self.total, np.sum(values))

    def result(self):
        return scalar(to_array(self.total), self.dtype)


class Mean(Metric):
    """The (weighted) mean of the values seen: ``total / count``.

    Each sample counts once (its value is the mean over its other axes), with
    its weight; ``count`` is the sum of the weights.

    Args:
        name: the metric's name (``"mean"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.Mean()
        >>> m.update_state([1, 3, 5, 7])
        >>> m.result()   # 4.0
        >>> m.reset_state()
        >>> m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
        >>> m.result()   # 2.0
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", name="total")
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")

    def update_state(self, values, sample_weight=None):
        values, weight = samplewise(values, sample_weight, np.mean, self.dtype)
        add_to(self.total, np.sum(values))
        if weight is not None:
            count = np.sum(weight)
        else:
            count = values.shape[0] if values.ndim else 1
        add_to(self.count, count)

    def result(self):
        total, count = to_array(self.total), to_array(self.count)
        return scalar(total / count if count else 0.0, self.dtype)


def _name_of(fn):
    return _snake_case(
        getattr(fn, "__name__", None) or getattr(fn, "name", None) or type(fn).__name__
    )


class MeanMetricWrapper(Mean):
    """The mean of a function's per-sample values: ``fn(y_true, y_pred, **kwargs)``.

    This is how loss functions (and any ``fn(y_true, y_pred)``) become
    streaming metrics. ``y_true`` and ``y_pred`` reach ``fn`` as ember tensors
    with matched ranks (``(n,)`` against ``(n, 1)`` becomes ``(n, 1)``) and,
    for floating data, one dtype; nothing is recorded on any tape.

    Args:
        fn: the function, returning per-sample values.
        name: the metric's name (``fn``'s name by default).
        dtype: the dtype of the state and result.
        **kwargs: passed to ``fn`` on every update.

    Example:
        >>> m = keras.metrics.MeanMetricWrapper(keras.losses.huber, delta=2.0)
        >>> m.update_state([[0.0], [0.0]], [[1.0], [3.0]])
        >>> m.result()   # (0.5 + 4.0) / 2
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        if not callable(fn):
            raise TypeError(f"MeanMetricWrapper needs a callable fn. Received: fn={fn!r}")
        super().__init__(name=name or _name_of(fn), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs
        from ember.keras import losses

        if fn in losses.ALL_OBJECTS_DICT.values() or isinstance(fn, losses.Loss):
            self._direction = "down"

    _match_ranks = True  # the built-in functions match ranks themselves

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = _detached_pair(y_true, y_pred, self._match_ranks)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        return super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        from ember.keras.saving import serialize_keras_object

        return {**super().get_config(), "fn": serialize_keras_object(self._fn), **self._fn_kwargs}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "fn" in config:
            from . import _deserialize_function

            config["fn"] = _deserialize_function(config["fn"])
        return cls(**config)


def _detached_pair(y_true, y_pred, match_ranks=True):
    """Untracked tensors with matched ranks (a float ``y_true`` takes ``y_pred``'s dtype)."""
    y_pred = to_array(y_pred)
    y_true = to_array(y_true)
    if y_true.dtype.kind == "f" and y_pred.dtype.kind == "f" and y_true.dtype != y_pred.dtype:
        y_true = y_true.astype(y_pred.dtype)
    if match_ranks:
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return Tensor(xp.asarray(y_true)), Tensor(xp.asarray(y_pred))  # backend arrays for ops


class BuiltinMeanWrapper(MeanMetricWrapper):
    """A built-in metric class over a fixed function: its config lists its own arguments."""

    _match_ranks = False

    def __init__(self, fn, name, dtype, **kwargs):
        super().__init__(fn, name=name, dtype=dtype, **kwargs)
        for key, value in kwargs.items():
            setattr(self, key, value)

    def get_config(self):
        return {**Metric.get_config(self), **self._fn_kwargs}

    @classmethod
    def from_config(cls, config):
        return cls(**config)
