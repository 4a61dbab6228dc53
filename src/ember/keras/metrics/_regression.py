"""Regression metrics: streaming means of the regression losses, and the root of the MSE.

Each is the mean of a loss function of ``keras.losses`` over every sample
seen; ``RootMeanSquaredError`` takes the square root of the streamed mean
(not the mean of per-batch roots), and ``CosineSimilarity`` reports the
similarity itself (the loss is its negative).
"""

import numpy as np

from ember.keras.losses import _regression as losses
from ember.keras.losses._loss import shape_mismatch

from ._metric import scalar, to_array
from ._reduction_metrics import BuiltinMeanWrapper, Mean, _detached_pair


class MeanSquaredError(BuiltinMeanWrapper):
    """The mean of the squared errors ``mean(square(y_true - y_pred))``.

    Args:
        name: the metric's name (``"mean_squared_error"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.MeanSquaredError()
        >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        >>> m.result()   # 0.25
    """

    _direction = "down"

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(losses.mean_squared_error, name, dtype)


class MeanAbsoluteError(BuiltinMeanWrapper):
    """The mean of the absolute errors ``mean(abs(y_true - y_pred))``.

    Args:
        name: the metric's name (``"mean_absolute_error"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.MeanAbsoluteError()
        >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        >>> m.result()   # 0.25
    """

    _direction = "down"

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(losses.mean_absolute_error, name, dtype)


class MeanAbsolutePercentageError(BuiltinMeanWrapper):
    """The mean absolute percentage error ``100 * mean(abs((y_true - y_pred) / y_true))``.

    Args:
        name: the metric's name (``"mean_absolute_percentage_error"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.MeanAbsolutePercentageError()
        >>> m.update_state([[2.0, 4.0]], [[1.0, 5.0]])
        >>> m.result()   # 37.5
    """

    _direction = "down"

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(losses.mean_absolute_percentage_error, name, dtype)


class MeanSquaredLogarithmicError(BuiltinMeanWrapper):
    """The mean squared logarithmic error ``mean(square(log(1 + y_true) - log(1 + y_pred)))``.

    Args:
        name: the metric's name (``"mean_squared_logarithmic_error"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.MeanSquaredLogarithmicError()
        >>> m.update_state([[0.0]], [[np.e - 1]])
        >>> m.result()   # 1.0
    """

    _direction = "down"

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(losses.mean_squared_logarithmic_error, name, dtype)


class LogCoshError(BuiltinMeanWrapper):
    """The mean of ``log(cosh(y_pred - y_true))``.

    Args:
        name: the metric's name (``"logcosh"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.LogCoshError()
        >>> m.update_state([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])
        >>> m.result()   # 0.108
    """

    _direction = "down"

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(losses.log_cosh, name, dtype)


def cosine_similarity(y_true, y_pred, axis=-1):
    """The cosine similarity of ``y_true`` and ``y_pred`` along ``axis`` (in [-1, 1]).

    Example:
        >>> keras.metrics.cosine_similarity([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
        >>> # [0.0, 1.0]
    """
    return -losses.cosine_similarity(y_true, y_pred, axis=axis)


class CosineSimilarity(BuiltinMeanWrapper):
    """The mean cosine similarity between targets and predictions along ``axis``.

    Args:
        name: the metric's name (``"cosine_similarity"``).
        dtype: the dtype of the state and result.
        axis: the axis holding the vectors' components (default -1).

    Example:
        >>> m = keras.metrics.CosineSimilarity()
        >>> m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
        >>> m.result()   # 0.5
    """

    _direction = "up"

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name, dtype, axis=axis)


class RootMeanSquaredError(Mean):
    """The root of the mean squared error over every sample seen: ``sqrt(mean(square(e)))``.

    Args:
        name: the metric's name (``"root_mean_squared_error"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.RootMeanSquaredError()
        >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        >>> m.result()   # 0.5
    """

    _direction = "down"

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = _detached_pair(y_true, y_pred)
        if y_true._value.shape != y_pred._value.shape:
            raise shape_mismatch("root_mean_squared_error", y_true.shape, y_pred.shape)
        error = to_array(y_pred, self.dtype) - to_array(y_true, self.dtype)
        return super().update_state(np.square(error), sample_weight=sample_weight)

    def result(self):
        return scalar(np.sqrt(to_array(super().result())), self.dtype)
