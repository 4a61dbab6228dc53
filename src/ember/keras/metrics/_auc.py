"""``AUC``: the area under the ROC or precision-recall curve, from thresholded counts.

The curve is sampled at ``num_thresholds`` thresholds (evenly spaced in
[0, 1], plus ``-epsilon`` and ``1 + epsilon`` at the ends so that every
prediction falls between two of them), and the area is a Riemann sum over
the pieces: the trapezoid rule (``"interpolation"``), or the lower or upper
rectangle (``"minoring"``, ``"majoring"``). For the PR curve, interpolation
follows Davis & Goadrich (2006, https://doi.org/10.1145/1143844.1143874):
true and false positives vary linearly between thresholds, not precision.
"""

import numpy as np

from ember.keras.backend import epsilon

from ._confusion import _ratio, confusion_counts, prepare_confusion
from ._metric import Metric, add_to, scalar, to_array

_CURVES = {"roc": "ROC", "pr": "PR"}
_SUMMATIONS = ("interpolation", "minoring", "majoring")


def _curve(curve):
    value = getattr(curve, "value", curve)
    if not isinstance(value, str) or value.lower() not in _CURVES:
        raise ValueError(f'Invalid AUC curve value: "{curve}". Expected values are ["PR", "ROC"]')
    return _CURVES[value.lower()]


def _summation(method):
    value = getattr(method, "value", method)
    if not isinstance(value, str) or value.lower() not in _SUMMATIONS:
        raise ValueError(
            f'Invalid AUC summation method value: "{method}". Expected values are '
            '["interpolation", "majoring", "minoring"]'
        )
    return value.lower()


def _pr_interpolation(tp, fp, fn):
    """Davis & Goadrich's PR area: TP and FP are linear between thresholds."""
    predicted = tp + fp
    dtp = tp[:-1] - tp[1:]
    dp = predicted[:-1] - predicted[1:]
    slope = _ratio(dtp, np.maximum(dp, 0))
    intercept = tp[1:] - slope * predicted[1:]
    both = (predicted[:-1] > 0) & (predicted[1:] > 0)
    ratio = np.where(both, _ratio(predicted[:-1], np.maximum(predicted[1:], 0)), 1.0)
    log_ratio = np.log(np.where(ratio > 0, ratio, 1.0))
    return _ratio(slope * (dtp + intercept * log_ratio), np.maximum(tp[1:] + fn[1:], 0))


def auc_from_counts(tp, fp, tn, fn, curve="ROC", summation_method="interpolation"):
    """The area under the curve from per-threshold counts (increasing thresholds).

    Args:
        tp, fp, tn, fn: arrays of shape ``(T,)`` or ``(T, L)`` (one curve per column).
        curve: ``"ROC"`` or ``"PR"``.
        summation_method: ``"interpolation"``, ``"minoring"`` or ``"majoring"``.

    Returns:
        The area, of shape ``()`` or ``(L,)``.
    """
    tp, fp, tn, fn = (np.asarray(a, dtype=np.float64) for a in (tp, fp, tn, fn))
    if curve == "PR" and summation_method == "interpolation":
        return _pr_interpolation(tp, fp, fn).sum(axis=0)
    recall = _ratio(tp, tp + fn)
    if curve == "ROC":
        x, y = _ratio(fp, fp + tn), recall
    else:
        x, y = recall, _ratio(tp, tp + fp)
    if summation_method == "interpolation":
        heights = (y[:-1] + y[1:]) / 2
    elif summation_method == "minoring":
        heights = np.minimum(y[:-1], y[1:])
    else:
        heights = np.maximum(y[:-1], y[1:])
    return ((x[:-1] - x[1:]) * heights).sum(axis=0)


class AUC(Metric):
    """Approximate area under the ROC or precision-recall curve.

    The counts of true/false positives/negatives are kept at ``num_thresholds``
    thresholds; ``result()`` integrates the curve they trace. With 200
    thresholds the ROC AUC of well-spread scores agrees with the exact value
    (scikit-learn's ``roc_auc_score``) to about 1e-3.

    Args:
        num_thresholds: how many thresholds (> 1) sample the curve (default 200).
        curve: ``"ROC"`` (default) or ``"PR"``.
        summation_method: ``"interpolation"`` (default: trapezoids; for PR,
            Davis & Goadrich's interpolation), ``"minoring"`` or ``"majoring"``.
        name: the metric's name (``"auc"``).
        dtype: the dtype of the state and result.
        thresholds: explicit thresholds in [0, 1] (``num_thresholds`` is then
            their number plus 2, for the two end points).
        multi_label: treat each column of a 2-D ``y_pred`` as its own label and
            average the per-label AUCs (otherwise every entry counts together).
        num_labels: the number of labels when ``multi_label`` (known on the
            first update otherwise).
        label_weights: non-negative weights per label: for ``multi_label``, the
            weights of the per-label average; otherwise they weigh each column's
            entries in the counts.
        from_logits: apply a sigmoid to ``y_pred`` first.

    Example:
        >>> m = keras.metrics.AUC(num_thresholds=3)
        >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
        >>> m.result()   # 0.75
    """

    _direction = "up"

    def __init__(
        self,
        num_thresholds=200,
        curve="ROC",
        summation_method="interpolation",
        name=None,
        dtype=None,
        thresholds=None,
        multi_label=False,
        num_labels=None,
        label_weights=None,
        from_logits=False,
    ):
        self.curve = _curve(curve)
        self.summation_method = _summation(summation_method)
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            inner = sorted(float(t) for t in np.atleast_1d(thresholds))
            if any(not 0 <= t <= 1 for t in inner):
                raise ValueError(f"Threshold values must be in [0, 1]. Received: {thresholds}")
            self.num_thresholds = len(inner) + 2
        else:
            if (
                isinstance(num_thresholds, bool)
                or int(num_thresholds) != num_thresholds
                or num_thresholds <= 1
            ):
                raise ValueError(
                    "Argument `num_thresholds` must be an integer > 1. "
                    f"Received: num_thresholds={num_thresholds!r}"
                )
            self.num_thresholds = int(num_thresholds)
            inner = [(i + 1) / (self.num_thresholds - 1) for i in range(self.num_thresholds - 2)]
        super().__init__(name=name, dtype=dtype)
        eps = epsilon()
        self._thresholds = np.array([0.0 - eps] + inner + [1.0 + eps])
        self.multi_label = bool(multi_label)
        self.num_labels = num_labels
        self.label_weights = (
            None if label_weights is None else np.asarray(label_weights, dtype=self.dtype)
        )
        if self.label_weights is not None and np.any(self.label_weights < 0):
            raise ValueError(
                f"All values of `label_weights` must be non-negative. Received: {label_weights}"
            )
        self._from_logits = bool(from_logits)
        self._built = False
        if not self.multi_label:
            if num_labels:
                raise ValueError("`num_labels` is needed only when `multi_label` is True.")
            self._build(None)
        elif num_labels:
            self._build(int(num_labels))

    @property
    def thresholds(self):
        """The thresholds the curve is sampled at, end points included."""
        return list(self._thresholds)

    def _build(self, labels):
        shape = (self.num_thresholds,) if labels is None else (self.num_thresholds, labels)
        self._num_labels = labels
        for name in ("true_positives", "false_positives", "true_negatives", "false_negatives"):
            setattr(self, name, self.add_variable(shape, "zeros", name=name))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add the batch's weighted counts at each threshold."""
        y_pred = to_array(y_pred, self.dtype)
        if self._from_logits:
            y_pred = 1.0 / (1.0 + np.exp(-y_pred))
        if self.multi_label and y_pred.ndim != 2:
            raise ValueError(
                "`y_pred` must have rank 2 when `multi_label=True`. Found rank "
                f"{y_pred.ndim}. Full shape received for `y_pred`: {y_pred.shape}"
            )
        if not self._built:
            self._build(y_pred.shape[1])
        labels, y_pred, weight = prepare_confusion(
            y_true, y_pred, sample_weight, self.dtype, clip=True
        )
        if self.multi_label:
            if y_pred.shape[1] != self._num_labels:
                raise ValueError(
                    f"AUC was built for {self._num_labels} labels but y_pred has "
                    f"{y_pred.shape[1]} columns. Received: y_pred.shape={y_pred.shape}"
                )
        else:
            if self.label_weights is not None:
                column_weight = np.broadcast_to(self.label_weights, y_pred.shape)
                weight = column_weight if weight is None else weight * column_weight
            labels, y_pred = labels.ravel(), y_pred.ravel()
            weight = None if weight is None else weight.ravel()
        thresholds = self._thresholds.astype(self.dtype)
        counts = confusion_counts(labels, y_pred, weight, thresholds)
        for variable, count in zip(self._state(), counts):
            add_to(variable, count)

    def _state(self):
        return (
            self.true_positives,
            self.false_positives,
            self.true_negatives,
            self.false_negatives,
        )

    def result(self):
        if not self._built:
            return scalar(0.0, self.dtype)
        counts = [to_array(v) for v in self._state()]
        area = auc_from_counts(*counts, curve=self.curve, summation_method=self.summation_method)
        if self.multi_label:
            if self.label_weights is None:
                area = area.mean()
            else:
                total = self.label_weights.sum()
                area = (area * self.label_weights).sum() / total if total else 0.0
        return scalar(area, self.dtype)

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self):
        config = {
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": None if self.label_weights is None else self.label_weights.tolist(),
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = [float(t) for t in self._thresholds[1:-1]]
        return {**super().get_config(), **config}
