"""Hinge metrics: streaming means of the hinge, squared hinge and categorical hinge losses."""

from ember.keras.losses import _hinge as losses

from ._reduction_metrics import BuiltinMeanWrapper


class Hinge(BuiltinMeanWrapper):
    """The mean hinge loss ``maximum(1 - y_true * y_pred, 0)`` (labels in {-1, 1} or {0, 1}).

    Args:
        name: the metric's name (``"hinge"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.Hinge()
        >>> m.update_state([[1.0, -1.0]], [[0.3, 0.4]])
        >>> m.result()   # 1.05
    """

    _direction = "down"

    def __init__(self, name="hinge", dtype=None):
        super().__init__(losses.hinge, name, dtype)


class SquaredHinge(BuiltinMeanWrapper):
    """The mean squared hinge loss ``square(maximum(1 - y_true * y_pred, 0))``.

    Args:
        name: the metric's name (``"squared_hinge"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.SquaredHinge()
        >>> m.update_state([[1.0, -1.0]], [[0.3, 0.4]])
        >>> m.result()   # 1.225
    """

    _direction = "down"

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(losses.squared_hinge, name, dtype)


class CategoricalHinge(BuiltinMeanWrapper):
    """The mean categorical hinge loss ``maximum(max_other_score - true_score + 1, 0)``.

    Args:
        name: the metric's name (``"categorical_hinge"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.CategoricalHinge()
        >>> m.update_state([[0.0, 1.0]], [[0.6, 0.4]])
        >>> m.result()   # 1.2
    """

    _direction = "down"

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(losses.categorical_hinge, name, dtype)
