"""Hinge losses (maximum-margin classifiers): hinge, squared hinge, categorical hinge.

Labels are expected in {-1, 1}; labels that are all 0 or 1 are converted to
-1 or 1 first, as Keras does.
"""

from ember.backend import xp
from ember.ops import maximum, reduce_max, reduce_mean, reduce_sum, square

from ._loss import _BuiltinLoss, prepare


def _signed_labels(y_true):
    """``2 * y - 1`` when every label is 0 or 1; the labels unchanged otherwise."""
    values = y_true._value
    if bool(xp.all((values == 0) | (values == 1))):
        return 2.0 * y_true - 1.0
    return y_true


def _margins(y_true, y_pred, what):
    y_true, y_pred = prepare(y_true, y_pred, what)
    return maximum(1.0 - _signed_labels(y_true) * y_pred, 0.0)


def hinge(y_true, y_pred):
    """Hinge loss ``mean(maximum(1 - y_true * y_pred, 0), -1)``.

    Args:
        y_true: labels in {-1, 1} (labels in {0, 1} are converted).
        y_pred: predicted scores, same shape.

    Returns:
        The per-sample losses, shape ``(batch, d0, ..., dN-1)``.

    Example:
        >>> keras.losses.hinge([[1.0, -1.0]], [[0.3, 0.4]])   # [(0.7 + 1.4) / 2]
    """
    return reduce_mean(_margins(y_true, y_pred, "hinge"), axis=-1)


def squared_hinge(y_true, y_pred):
    """Squared hinge loss ``mean(square(maximum(1 - y_true * y_pred, 0)), -1)``.

    Example:
        >>> keras.losses.squared_hinge([[1.0, -1.0]], [[0.3, 0.4]])   # [(0.49 + 1.96) / 2]
    """
    return reduce_mean(square(_margins(y_true, y_pred, "squared_hinge")), axis=-1)


def categorical_hinge(y_true, y_pred):
    """Categorical (Crammer-Singer) hinge loss ``maximum(neg - pos + 1, 0)``.

    ``pos = sum(y_true * y_pred, -1)`` is the score of the true class and
    ``neg = max((1 - y_true) * y_pred, -1)`` the best other score.

    Args:
        y_true: one-hot labels, shape ``(batch, num_classes)``.
        y_pred: predicted scores, same shape.

    Example:
        >>> keras.losses.categorical_hinge([[0.0, 1.0]], [[0.6, 0.4]])   # [1.2]
    """
    y_true, y_pred = prepare(y_true, y_pred, "categorical_hinge")
    positive = reduce_sum(y_true * y_pred, axis=-1)
    negative = reduce_max((1.0 - y_true) * y_pred, axis=-1)
    return maximum(negative - positive + 1.0, 0.0)


class Hinge(_BuiltinLoss):
    """Hinge loss ``maximum(1 - y_true * y_pred, 0)`` for labels in {-1, 1} (or {0, 1}).

    Args:
        reduction: see ``Loss``.
        name: the loss' name (``"hinge"``).
        dtype: see ``Loss``.

    Example:
        >>> keras.losses.Hinge()([[1.0, -1.0]], [[0.3, 0.4]])   # 1.05
    """

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, reduction, name, dtype)


class SquaredHinge(_BuiltinLoss):
    """Squared hinge loss ``square(maximum(1 - y_true * y_pred, 0))``.

    Args:
        reduction: see ``Loss``.
        name: the loss' name (``"squared_hinge"``).
        dtype: see ``Loss``.

    Example:
        >>> keras.losses.SquaredHinge()([[1.0, -1.0]], [[0.3, 0.4]])   # 1.225
    """

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, reduction, name, dtype)


class CategoricalHinge(_BuiltinLoss):
    """Categorical hinge loss ``maximum(max_other_score - true_score + 1, 0)``.

    Args:
        reduction: see ``Loss``.
        name: the loss' name (``"categorical_hinge"``).
        dtype: see ``Loss``.

    Example:
        >>> keras.losses.CategoricalHinge()([[0.0, 1.0]], [[0.6, 0.4]])   # 1.2
    """

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, reduction, name, dtype)
