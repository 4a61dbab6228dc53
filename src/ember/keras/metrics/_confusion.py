"""Confusion-matrix metrics: true/false positive/negative counts, Precision, Recall.

Every prediction is compared with every threshold (``y_pred > threshold`` is
a positive; a nonzero label is a positive) and the weighted counts are
accumulated per threshold. The counting is one sorted search: a prediction
above the first ``j`` thresholds adds its weight to bucket ``j``, and a
reversed cumulative sum of the buckets gives the counts at every threshold,
in ``O(n log T + T)`` instead of ``O(n T)``. ``AUC`` (``_auc.py``) shares it.
"""

import numpy as np

from ember.keras.losses._loss import squeeze_or_expand_to_same_rank

from ._metric import Metric, add_to, broadcast_weights, scalar, to_array

NEG_INF = -1e10  # the score given to predictions outside the top k


def _thresholds_list(thresholds, default):
    if thresholds is None:
        return [default]
    values = list(np.atleast_1d(np.asarray(thresholds, dtype=float)).tolist())
    bad = [t for t in values if not 0 <= t <= 1]
    if bad or not values:
        raise ValueError(f"Threshold values must be in [0, 1]. Received: {bad or thresholds}")
    return values


def _keep_top_k(y_pred, k):
    """``y_pred`` with every score outside the ``k`` largest of its row set to ``NEG_INF``."""
    classes = y_pred.shape[-1]
    if k >= classes:
        return y_pred
    top = np.argpartition(-y_pred, k - 1, axis=-1)[..., :k]
    keep = np.zeros(y_pred.shape, dtype=bool)
    np.put_along_axis(keep, top, True, axis=-1)
    return np.where(keep, y_pred, NEG_INF)


def prepare_confusion(
    y_true, y_pred, sample_weight, dtype, *, top_k=None, class_id=None, clip=False
):
    """Labels (bool), predictions and weights as aligned NumPy arrays of one shape.

    Ranks are matched as Keras does; ``sample_weight`` of shape ``(n,)``
    weighs whole samples; ``top_k`` keeps the k best scores of each row;
    ``class_id`` keeps one column; ``clip`` brings predictions into [0, 1].
    """
    y_true, y_pred = to_array(y_true), to_array(y_pred, dtype)
    shapes = y_true.shape, y_pred.shape
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            "y_true and y_pred must have the same shape (a trailing axis of length 1 is added "
            f"or removed to match ranks). Received: y_true.shape={shapes[0]}, "
            f"y_pred.shape={shapes[1]}"
        )
    weight = None
    if sample_weight is not None:
        weight = to_array(sample_weight, dtype)[..., None]
        _, weight = squeeze_or_expand_to_same_rank(y_true, weight, expand_rank_1=False)
        if weight.ndim < y_pred.ndim:
            weight = weight.reshape(weight.shape + (1,) * (y_pred.ndim - weight.ndim))
        weight = broadcast_weights(weight, y_pred.shape, sample_weight, "y_pred")
    if top_k is not None:
        y_pred = _keep_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim < 2 or not 0 <= class_id < y_pred.shape[-1]:
            raise ValueError(
                "When class_id is provided, y_pred must have shape (num_samples, num_classes) "
                f"with class_id < num_classes. Received: class_id={class_id}, "
                f"y_pred.shape={shapes[1]}"
            )
        y_true, y_pred = y_true[..., class_id, None], y_pred[..., class_id, None]
        weight = None if weight is None else weight[..., class_id, None]
    if clip:
        y_pred = np.clip(y_pred, 0.0, 1.0)
    return y_true.astype(bool), y_pred, weight


def confusion_counts(labels, y_pred, weight, thresholds):
    """Weighted ``(tp, fp, tn, fn)`` at each of the sorted ``thresholds``.

    Args:
        labels: bool array; predictions: same shape; weight: None or same shape.
        thresholds: sorted 1-D array of the predictions' dtype.

    Returns:
        Four arrays of shape ``(T,)`` (every element counted together) or
        ``(T, L)`` when the inputs are 2-D and counted per column ``L``.
    """
    count = len(thresholds)
    above = np.searchsorted(thresholds, y_pred, side="left")  # thresholds strictly below
    above[np.isnan(y_pred)] = 0
    ones = np.ones(labels.shape) if weight is None else weight
    positive, negative = np.where(labels, ones, 0.0), np.where(labels, 0.0, ones)

    def counts(values):
        if values.ndim == 2:  # per column: offset each column's buckets
            columns = values.shape[1]
            bins = above + np.arange(columns) * (count + 1)
            buckets = np.bincount(bins.ravel(), values.ravel(), columns * (count + 1))
            buckets = buckets.reshape(columns, count + 1).T
        else:
            buckets = np.bincount(above.ravel(), values.ravel(), count + 1)
        return np.cumsum(buckets[::-1], axis=0)[::-1][1:]  # weight above threshold i

    tp, fp = counts(positive), counts(negative)
    axis = 0 if positive.ndim == 2 else None
    return tp, fp, negative.sum(axis=axis) - fp, positive.sum(axis=axis) - tp


class ThresholdCounts:
    """Sorted thresholds of a metric and the permutation back to the order given."""

    def __init__(self, thresholds, dtype):
        values = np.asarray(thresholds, dtype=dtype)
        self.order = np.argsort(values, kind="stable")
        self.sorted = values[self.order]
        self.inverse = np.argsort(self.order, kind="stable")

    def __call__(self, labels, y_pred, weight):
        """``(tp, fp, tn, fn)`` in the order the thresholds were given."""
        flat = (labels.ravel(), y_pred.ravel(), None if weight is None else weight.ravel())
        return tuple(c[self.inverse] for c in confusion_counts(*flat, self.sorted))


class _ConfusionMetric(Metric):
    """Shared state and update of the metrics built on per-threshold counts."""

    _counts = ()  # which of "tp", "fp", "tn", "fn" the metric keeps
    _VARIABLE_NAMES = {
        "tp": "true_positives",
        "fp": "false_positives",
        "tn": "true_negatives",
        "fn": "false_negatives",
    }

    def __init__(
        self,
        thresholds=None,
        top_k=None,
        class_id=None,
        name=None,
        dtype=None,
        default_threshold=0.5,
    ):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        if top_k is not None and (isinstance(top_k, bool) or int(top_k) != top_k or top_k < 1):
            raise ValueError(
                f"Invalid value for argument `top_k`: expected a positive integer. "
                f"Received: top_k={top_k!r}"
            )
        default = NEG_INF if top_k is not None else default_threshold
        self.thresholds = _thresholds_list(thresholds, default)
        self._counter = ThresholdCounts(self.thresholds, self.dtype)
        for key in self._counts:
            name = self._VARIABLE_NAMES[key]
            setattr(self, name, self.add_variable((len(self.thresholds),), "zeros", name=name))

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add the batch's weighted counts at each threshold."""
        labels, y_pred, weight = prepare_confusion(
            y_true, y_pred, sample_weight, self.dtype, top_k=self.top_k, class_id=self.class_id
        )
        tp, fp, tn, fn = self._counter(labels, y_pred, weight)
        found = {"tp": tp, "fp": fp, "tn": tn, "fn": fn}
        for key in self._counts:
            add_to(getattr(self, self._VARIABLE_NAMES[key]), found[key])

    def _value(self, array):
        array = np.asarray(array, dtype=self.dtype)
        return scalar(array[0] if len(self.thresholds) == 1 else array, self.dtype)

    def get_config(self):
        config = {"thresholds": self.init_thresholds}
        if type(self) in (Precision, Recall):
            config.update(top_k=self.top_k, class_id=self.class_id)
        return {**super().get_config(), **config}


def _ratio(numerator, denominator):
    """``numerator / denominator`` with 0 where the denominator is 0."""
    numerator, denominator = np.asarray(numerator), np.asarray(denominator)
    safe = np.where(denominator == 0, 1, denominator)
    return np.where(denominator == 0, 0.0, numerator / safe)


class _CountMetric(_ConfusionMetric):
    """One weighted count per threshold; ``result()`` returns it."""

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(thresholds=thresholds, name=name, dtype=dtype)

    def result(self):
        return self._value(to_array(getattr(self, self._VARIABLE_NAMES[self._counts[0]])))


_COUNT_ARGS = """
    A prediction is positive when ``y_pred > threshold``; a label is positive
    when it is nonzero.

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5); with a
            list, ``result()`` has one count per threshold.
        name: the metric's name.
        dtype: the dtype of the state and result.
"""


class TruePositives(_CountMetric):
    """The weighted number of true positives (positive labels predicted positive).

    Example:
        >>> m = keras.metrics.TruePositives()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> m.result()   # 2.0
    """

    __doc__ += _COUNT_ARGS
    _counts = ("tp",)


class FalsePositives(_CountMetric):
    """The weighted number of false positives (negative labels predicted positive).

    Example:
        >>> m = keras.metrics.FalsePositives()
        >>> m.update_state([0, 1, 0, 0], [0, 0, 1, 1])
        >>> m.result()   # 2.0
    """

    __doc__ += _COUNT_ARGS
    _counts = ("fp",)


class TrueNegatives(_CountMetric):
    """The weighted number of true negatives (negative labels predicted negative).

    Example:
        >>> m = keras.metrics.TrueNegatives()
        >>> m.update_state([0, 1, 0, 0], [1, 1, 0, 0])
        >>> m.result()   # 2.0
    """

    __doc__ += _COUNT_ARGS
    _counts = ("tn",)


class FalseNegatives(_CountMetric):
    """The weighted number of false negatives (positive labels predicted negative).

    Example:
        >>> m = keras.metrics.FalseNegatives()
        >>> m.update_state([0, 1, 1, 1], [0, 1, 0, 0])
        >>> m.result()   # 2.0
    """

    __doc__ += _COUNT_ARGS
    _counts = ("fn",)


class Precision(_ConfusionMetric):
    """Precision ``tp / (tp + fp)``: the fraction of predicted positives that are positive.

    Args:
        thresholds: a float or list of floats in [0, 1]; a prediction is
            positive when above it (default 0.5, or "in the top k" with
            ``top_k``). With a list, ``result()`` has one value per threshold.
        top_k: only the ``k`` highest scores of each sample count as positives.
        class_id: compute the metric for this class (column) only.
        name: the metric's name (``"precision"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.Precision()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> m.result()   # 2 / 3
    """

    _counts = ("tp", "fp")
    _direction = "up"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name, dtype)

    def result(self):
        tp = to_array(self.true_positives)
        return self._value(_ratio(tp, tp + to_array(self.false_positives)))


class Recall(_ConfusionMetric):
    """Recall ``tp / (tp + fn)``: the fraction of positives predicted positive.

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5).
        top_k: only the ``k`` highest scores of each sample count as positives.
        class_id: compute the metric for this class (column) only.
        name: the metric's name (``"recall"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.Recall()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> m.result()   # 2 / 3
    """

    _counts = ("tp", "fn")
    _direction = "up"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name, dtype)

    def result(self):
        tp = to_array(self.true_positives)
        return self._value(_ratio(tp, tp + to_array(self.false_negatives)))
