"""Accuracy metrics: exact, binary (thresholded), categorical, sparse and top-k.

The functions compare in NumPy and return one value per sample as a
``floatx`` tensor; the classes stream their mean. A rank-1 ``y_true`` (one
label per sample) gives one value per sample, so batches of any size add up
to the accuracy of the whole data set.
"""

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.backend import floatx
from ember.keras.losses._loss import shape_mismatch, squeeze_or_expand_to_same_rank

from ._metric import to_array
from ._reduction_metrics import BuiltinMeanWrapper


def _per_sample(matches):
    """Matches (bool) as floatx, averaged over the last axis for rank 2 and up."""
    matches = matches.astype(floatx())
    if matches.ndim >= 2:
        matches = matches.mean(axis=-1)
    return Tensor(matches)


def _same_shape(y_true, y_pred, what):
    y_true, y_pred = to_array(y_true), to_array(y_pred)
    shapes = y_true.shape, y_pred.shape
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    if y_true.shape != y_pred.shape:
        raise shape_mismatch(what, *shapes)
    return y_true, y_pred


def _labels(y_true, y_pred, what):
    """Integer-valued labels of shape ``y_pred.shape[:-1]`` (a trailing 1 is dropped)."""
    y_true, y_pred = to_array(y_true), to_array(y_pred)
    labels = y_true
    if labels.ndim == y_pred.ndim and labels.ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]
    if y_pred.ndim == 0 or labels.shape != y_pred.shape[:-1]:
        raise ValueError(
            f"{what}: y_true must hold one class index per sample, of shape y_pred.shape[:-1] "
            f"(or with a trailing 1). Received: y_true.shape={y_true.shape}, "
            f"y_pred.shape={y_pred.shape}"
        )
    return labels, y_pred


def _one_hot_labels(y_true, y_pred, what):
    y_true, y_pred = to_array(y_true), to_array(y_pred)
    if y_true.shape != y_pred.shape or y_pred.ndim == 0:
        raise ValueError(
            f"{what}: y_true must be one-hot with y_pred's shape (for integer labels use the "
            f"sparse_ version). Received: y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}"
        )
    return np.argmax(y_true, axis=-1), y_pred


def accuracy(y_true, y_pred):
    """How often ``y_pred`` equals ``y_true`` exactly, per sample.

    Example:
        >>> keras.metrics.accuracy([[1], [2], [3], [4]], [[0], [2], [3], [4]])  # [0, 1, 1, 1]
    """
    y_true, y_pred = _same_shape(y_true, y_pred, "accuracy")
    return _per_sample(y_true == y_pred)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """How often ``y_pred > threshold`` matches the 0/1 labels, per sample.

    Args:
        y_true: labels in {0, 1}.
        y_pred: probabilities (or scores), same shape.
        threshold: predictions above it count as 1.

    Returns:
        The per-sample match rate (averaged over the last axis for rank >= 2).

    Example:
        >>> keras.metrics.binary_accuracy([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
        >>> # [1, 1, 1, 0]
    """
    y_true, y_pred = _same_shape(y_true, y_pred, "binary_accuracy")
    return _per_sample(y_true == (y_pred > threshold))


def categorical_accuracy(y_true, y_pred):
    """How often the predicted class (argmax) is the one-hot label's class, per sample.

    Example:
        >>> keras.metrics.categorical_accuracy([[0, 0, 1], [0, 1, 0]],
        ...                                    [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])   # [0, 1]
    """
    labels, y_pred = _one_hot_labels(y_true, y_pred, "categorical_accuracy")
    return Tensor((labels == np.argmax(y_pred, axis=-1)).astype(floatx()))


def sparse_categorical_accuracy(y_true, y_pred):
    """How often the predicted class (argmax) equals the integer label, per sample.

    Args:
        y_true: class indices, shape ``(batch,)`` or ``(batch, 1)``.
        y_pred: class scores, shape ``(batch, num_classes)``.

    Example:
        >>> keras.metrics.sparse_categorical_accuracy([[2], [1]],
        ...                                           [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])  # [0, 1]
    """
    labels, y_pred = _labels(y_true, y_pred, "sparse_categorical_accuracy")
    return Tensor((labels == np.argmax(y_pred, axis=-1)).astype(floatx()))


def _in_top_k(labels, y_pred, k):
    """Whether each label's score is among the ``k`` largest (ties at the k-th count in)."""
    classes = y_pred.shape[-1]
    if k >= classes:
        return np.ones(labels.shape, dtype=bool)
    kth = np.partition(y_pred, classes - k, axis=-1)[..., classes - k]
    index = np.asarray(labels, dtype=np.int64)[..., None]
    if index.size and (index.min() < 0 or index.max() >= classes):
        raise ValueError(
            f"top-k accuracy: labels must be in [0, {classes}). Received values from "
            f"{index.min()} to {index.max()}"
        )
    return np.take_along_axis(y_pred, index, axis=-1)[..., 0] >= kth


def _positive_k(k):
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(
            f"Invalid value for argument `k`: expected a positive integer. Received: k={k!r}"
        )
    return int(k)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """How often the one-hot label's class is among the ``k`` highest predictions, per sample.

    Example:
        >>> keras.metrics.top_k_categorical_accuracy([[0, 0, 1], [0, 1, 0]],
        ...                                          [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], k=1)
        >>> # [0, 1]
    """
    labels, y_pred = _one_hot_labels(y_true, y_pred, "top_k_categorical_accuracy")
    return Tensor(_in_top_k(labels, y_pred, _positive_k(k)).astype(floatx()))


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    """How often the integer label is among the ``k`` highest predictions, per sample.

    Example:
        >>> keras.metrics.sparse_top_k_categorical_accuracy(
        ...     [2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], k=1)   # [0, 1]
    """
    labels, y_pred = _labels(y_true, y_pred, "sparse_top_k_categorical_accuracy")
    return Tensor(_in_top_k(labels, y_pred, _positive_k(k)).astype(floatx()))


class Accuracy(BuiltinMeanWrapper):
    """How often predictions equal labels exactly.

    Args:
        name: the metric's name (``"accuracy"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.Accuracy()
        >>> m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
        >>> m.result()   # 0.75
    """

    _direction = "up"

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name, dtype)


class BinaryAccuracy(BuiltinMeanWrapper):
    """How often thresholded predictions match binary labels.

    Args:
        name: the metric's name (``"binary_accuracy"``).
        dtype: the dtype of the state and result.
        threshold: predictions above it count as 1 (in (0, 1); default 0.5).

    Example:
        >>> m = keras.metrics.BinaryAccuracy()
        >>> m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
        >>> m.result()   # 0.75
    """

    _direction = "up"

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        if threshold is None or not 0 < threshold < 1:
            raise ValueError(
                "Invalid value for argument `threshold`. Expected a value in interval (0, 1). "
                f"Received: threshold={threshold!r}"
            )
        super().__init__(binary_accuracy, name, dtype, threshold=float(threshold))


class CategoricalAccuracy(BuiltinMeanWrapper):
    """How often the predicted class matches the one-hot label.

    Args:
        name: the metric's name (``"categorical_accuracy"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.CategoricalAccuracy()
        >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> m.result()   # 0.5
    """

    _direction = "up"

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name, dtype)


class SparseCategoricalAccuracy(BuiltinMeanWrapper):
    """How often the predicted class matches the integer label.

    Args:
        name: the metric's name (``"sparse_categorical_accuracy"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.SparseCategoricalAccuracy()
        >>> m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
        >>> m.result()   # 0.5
    """

    _direction = "up"

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name, dtype)


class TopKCategoricalAccuracy(BuiltinMeanWrapper):
    """How often the one-hot label's class is among the ``k`` highest predictions.

    Args:
        k: how many of the top predictions count (default 5).
        name: the metric's name (``"top_k_categorical_accuracy"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.TopKCategoricalAccuracy(k=1)
        >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> m.result()   # 0.5
    """

    _direction = "up"

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name, dtype, k=_positive_k(k))


class SparseTopKCategoricalAccuracy(BuiltinMeanWrapper):
    """How often the integer label is among the ``k`` highest predictions.

    Args:
        k: how many of the top predictions count (default 5).
        name: the metric's name (``"sparse_top_k_categorical_accuracy"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.SparseTopKCategoricalAccuracy(k=1)
        >>> m.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> m.result()   # 0.5
    """

    _direction = "up"

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None):
        super().__init__(sparse_top_k_categorical_accuracy, name, dtype, k=_positive_k(k))
