"""Metrics of scores (probabilities or decision values): ROC and precision-recall curves, their areas.

Every curve comes from one descending sort of the scores and cumulative sums
of the positives at the distinct thresholds. The unweighted binary ROC AUC
skips the curve: it is the Mann-Whitney statistic, counted with two sorts
and ``np.searchsorted`` (ties count one half).
"""

import warnings
from itertools import combinations

import numpy as np

from ..exceptions import UndefinedMetricWarning, compatible
from ..utils.multiclass import type_of_target
from ..utils.validation import _check_sample_weight, check_array, check_consistent_length, column_or_1d
from ._base import _as_array, _check_pos_label, _codes, _unique


def auc(x, y):
    """The area under a curve through the points ``(x, y)`` by the trapezoidal rule.

    ``x`` must be monotonic (increasing or decreasing).

    Example:
        >>> auc([0, 0.5, 1], [0, 0.8, 1])
        0.65
    """
    x = column_or_1d(check_array(x, ensure_2d=False, input_name="x"))
    y = column_or_1d(check_array(y, ensure_2d=False, input_name="y"))
    check_consistent_length(x, y)
    if x.shape[0] < 2:
        raise ValueError(
            "At least 2 points are needed to compute area under curve, but x.shape = "
            f"{x.shape[0]}"
        )
    steps = np.diff(x)
    direction = 1
    if np.any(steps < 0):
        if np.all(steps <= 0):
            direction = -1
        else:
            raise ValueError(f"x is neither increasing nor decreasing : {x}.")
    return float(direction * np.trapezoid(y, x))


def _threshold_counts(y_true, y_score, pos_label=None, sample_weight=None):
    """``(fps, tps, thresholds)``: false and true positives scoring at least each distinct score,
    in decreasing score order."""
    y_true = _as_array(y_true)
    kind = type_of_target(y_true, input_name="y_true")
    if not (kind == "binary" or (kind == "multiclass" and pos_label is not None)):
        raise ValueError(f"{kind} format is not supported")
    check_consistent_length(y_true, y_score, sample_weight)
    y_true = column_or_1d(y_true)
    y_score = column_or_1d(check_array(y_score, ensure_2d=False, dtype=None, input_name="y_score"))
    if y_score.dtype.kind not in "fiub":
        y_score = y_score.astype(np.float64)
    if y_score.dtype.kind == "f" and not np.isfinite(y_score).all():
        raise ValueError("Input contains NaN." if np.isnan(y_score).any()
                         else "Input contains infinity or a value too large for dtype('float64').")
    pos_label = _check_pos_label(pos_label, y_true)
    positive = (y_true == pos_label)
    if sample_weight is not None:
        weight = _check_sample_weight(sample_weight, y_true, allow_all_zero_weights=True)
        keep = weight != 0
        positive, y_score, weight = positive[keep], y_score[keep], weight[keep]
    order = np.argsort(y_score, kind="stable")[::-1]
    ordered_score = y_score[order]
    positive = positive[order]
    ends = np.r_[np.flatnonzero(np.diff(ordered_score)), positive.size - 1]
    if sample_weight is None:
        tps = np.cumsum(positive, dtype=np.float64)[ends]
        fps = 1 + ends - tps
    else:
        weight = weight[order]
        tps = np.cumsum(positive * weight)[ends]
        fps = np.cumsum(~positive * weight)[ends]
    return fps, tps, ordered_score[ends]


def roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True):
    """The receiver operating characteristic: false and true positive rates by decreasing threshold.

    Args:
        y_true: binary labels of shape (n_samples,).
        y_score: scores of shape (n_samples,); greater means more positive.
        pos_label: the positive label (default 1 for {0, 1} or {-1, 1} labels).
        sample_weight: weights of shape (n_samples,).
        drop_intermediate: drop thresholds whose points lie on a straight segment.

    Returns:
        ``(fpr, tpr, thresholds)``; ``thresholds[0]`` is ``inf`` (the (0, 0) point).

    Example:
        >>> fpr, tpr, thresholds = roc_curve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], pos_label=2)
        >>> fpr.tolist(), tpr.tolist(), thresholds.tolist()
        ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0], [inf, 0.8, 0.4, 0.35, 0.1])
    """
    fps, tps, thresholds = _threshold_counts(y_true, y_score, pos_label, sample_weight)
    if drop_intermediate and fps.shape[0] > 2:
        corners = np.r_[True, np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), True]
        fps, tps, thresholds = fps[corners], tps[corners], thresholds[corners]
    fps, tps = np.r_[0.0, fps], np.r_[0.0, tps]
    thresholds = np.r_[np.inf, thresholds.astype(np.float64)]
    if fps[-1] <= 0:
        warnings.warn("No negative samples in y_true, false positive value should be meaningless",
                      compatible(UndefinedMetricWarning), stacklevel=2)
        fpr = np.full(fps.shape, np.nan)
    else:
        fpr = fps / fps[-1]
    if tps[-1] <= 0:
        warnings.warn("No positive samples in y_true, true positive value should be meaningless",
                      compatible(UndefinedMetricWarning), stacklevel=2)
        tpr = np.full(tps.shape, np.nan)
    else:
        tpr = tps / tps[-1]
    return fpr, tpr, thresholds


def precision_recall_curve(y_true, y_score, *, pos_label=None, sample_weight=None,
                           drop_intermediate=False):
    """Precision and recall at each distinct threshold, by increasing threshold.

    Returns:
        ``(precision, recall, thresholds)``; precision and recall end with the
        point (1, 0), which has no threshold.

    Example:
        >>> p, r, t = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        >>> p.round(3).tolist(), r.tolist(), t.tolist()
        ([0.5, 0.667, 0.5, 1.0, 1.0], [1.0, 1.0, 0.5, 0.5, 0.0], [0.1, 0.35, 0.4, 0.8])
    """
    fps, tps, thresholds = _threshold_counts(y_true, y_score, pos_label, sample_weight)
    if drop_intermediate and fps.shape[0] > 2:
        # Keep only the ends of each run of equal recall (a vertical segment).
        keep = np.r_[True, np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:])), True]
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    predicted = tps + fps
    precision = np.divide(tps, predicted, out=np.zeros_like(tps), where=predicted != 0)
    if tps[-1] == 0:
        warnings.warn("No positive class found in y_true, recall is set to one for all thresholds.",
                      UserWarning, stacklevel=2)
        recall = np.ones_like(tps)
    else:
        recall = tps / tps[-1]
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1]


def _average_binary_score(binary_metric, y_true, y_score, average, sample_weight=None):
    """A binary metric of binary targets, or of each indicator column averaged as ``average`` says."""
    options = (None, "micro", "macro", "weighted", "samples")
    if average not in options:
        raise ValueError(f"average has to be one of {options}")
    kind = type_of_target(y_true)
    if kind not in ("binary", "multilabel-indicator"):
        raise ValueError(f"{kind} format is not supported")
    if kind == "binary":
        return binary_metric(y_true, y_score, sample_weight=sample_weight)
    check_consistent_length(y_true, y_score, sample_weight)
    y_true, y_score = check_array(y_true), check_array(y_score)
    axis = 1
    score_weight, average_weight = sample_weight, None
    if average == "micro":
        if score_weight is not None:
            score_weight = np.repeat(score_weight, y_true.shape[1])
        y_true, y_score = y_true.ravel(), y_score.ravel()
    elif average == "weighted":
        if score_weight is not None:
            average_weight = np.sum(y_true * np.reshape(score_weight, (-1, 1)), axis=0)
        else:
            average_weight = np.sum(y_true, axis=0)
        if np.isclose(average_weight.sum(), 0.0):
            return 0
    elif average == "samples":
        average_weight, score_weight, axis = score_weight, None, 0
    y_true, y_score = y_true.reshape(y_true.shape[0], -1), y_score.reshape(y_score.shape[0], -1)
    n_parts = y_score.shape[axis]
    scores = np.zeros(n_parts)
    for part in range(n_parts):
        scores[part] = binary_metric(np.take(y_true, part, axis=axis),
                                     np.take(y_score, part, axis=axis), sample_weight=score_weight)
    if average is None:
        return scores
    if average_weight is not None:
        scores[np.asarray(average_weight) == 0] = 0
    return float(np.average(scores, weights=average_weight))


def _mann_whitney_auc(positive, y_score):
    """Unweighted ROC AUC: the probability that a positive outscores a negative (ties count 1/2)."""
    negatives = np.sort(y_score[~positive])
    positives = np.sort(y_score[positive])
    below = np.searchsorted(negatives, positives, side="left")
    not_above = np.searchsorted(negatives, positives, side="right")
    wins = below.sum(dtype=np.float64) + 0.5 * (not_above - below).sum(dtype=np.float64)
    return float(wins / (positives.size * negatives.size))


def _binary_roc_auc(y_true, y_score, sample_weight=None, max_fpr=None):
    y_true = np.asarray(y_true)
    present = _unique(y_true.ravel())
    if present.size != 2:
        warnings.warn("Only one class is present in y_true. ROC AUC score is not defined in that case.",
                      compatible(UndefinedMetricWarning), stacklevel=3)
        return np.nan
    if (max_fpr is None or max_fpr == 1) and sample_weight is None:
        y_score = column_or_1d(np.asarray(y_score))
        if y_score.dtype.kind == "f" and not np.isfinite(y_score).all():
            raise ValueError("Input contains NaN.")
        check_consistent_length(y_true, y_score)
        return _mann_whitney_auc(column_or_1d(y_true) == _check_pos_label(None, y_true), y_score)
    fpr, tpr, _ = roc_curve(y_true, y_score, sample_weight=sample_weight)
    if max_fpr is None or max_fpr == 1:
        return auc(fpr, tpr)
    if max_fpr <= 0 or max_fpr > 1:
        raise ValueError(f"Expected max_fpr in range (0, 1], got: {max_fpr!r}")
    stop = np.searchsorted(fpr, max_fpr, "right")
    tpr = np.append(tpr[:stop], np.interp(max_fpr, fpr[stop - 1:stop + 1], tpr[stop - 1:stop + 1]))
    fpr = np.append(fpr[:stop], max_fpr)
    partial = auc(fpr, tpr)
    # McClish correction: 0.5 for a non-discriminant classifier, 1 for a perfect one.
    lowest, highest = 0.5 * max_fpr**2, max_fpr
    return 0.5 * (1 + (partial - lowest) / (highest - lowest))


def roc_auc_score(y_true, y_score, *, average="macro", sample_weight=None, max_fpr=None,
                  multi_class="raise", labels=None):
    """The area under the ROC curve, for binary, multiclass (``"ovr"``/``"ovo"``) and multilabel targets.

    Args:
        y_true: labels (n_samples,) or an indicator matrix (n_samples, n_labels).
        y_score: scores of the greater label (n_samples,) for binary targets,
            else (n_samples, n_classes) (probabilities summing to 1 for multiclass).
        average: ``"macro"``, ``"weighted"``, ``"micro"`` (ovr/multilabel),
            ``"samples"`` (multilabel) or None (per class).
        max_fpr: standardised partial AUC over ``[0, max_fpr]`` (binary).
        multi_class: ``"ovr"`` (one class against the rest) or ``"ovo"`` (Hand
            and Till's average over pairs); ``"raise"`` rejects multiclass targets.
        labels: the classes of ``y_score``'s columns (multiclass).

    Example:
        >>> roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        0.75
    """
    if multi_class not in ("raise", "ovr", "ovo"):
        raise ValueError(
            "The 'multi_class' parameter of roc_auc_score must be a str among {'ovo', 'ovr', "
            f"'raise'}}. Got {multi_class!r} instead."
        )
    y_true_array = _as_array(y_true)
    kind = type_of_target(y_true_array, input_name="y_true")
    y_true_array = check_array(y_true_array, ensure_2d=False, dtype=None)
    y_score = check_array(y_score, ensure_2d=False, input_name="y_score")
    if sample_weight is not None:
        sample_weight = column_or_1d(sample_weight)
    if kind == "multiclass" or (kind == "binary" and y_score.ndim == 2 and y_score.shape[1] > 2):
        if max_fpr is not None and max_fpr != 1.0:
            raise ValueError(
                "Partial AUC computation not available in multiclass setting, 'max_fpr' must be "
                f"set to `None`, received `max_fpr={max_fpr}` instead"
            )
        if multi_class == "raise":
            raise ValueError("multi_class must be in ('ovo', 'ovr')")
        return _multiclass_roc_auc(y_true_array, y_score, labels, multi_class, average,
                                   sample_weight)
    if kind == "binary":
        classes = _unique(y_true_array.ravel())
        y_true_array = (y_true_array.ravel() == classes[-1]).astype(np.int64) if classes.size == 2 \
            else np.zeros(y_true_array.shape[0], dtype=np.int64)
    scorer = lambda t, s, sample_weight=None: _binary_roc_auc(t, s, sample_weight, max_fpr)  # noqa: E731
    return _average_binary_score(scorer, y_true_array, y_score, average, sample_weight)


def _multiclass_roc_auc(y_true, y_score, labels, multi_class, average, sample_weight):
    if y_score.ndim != 2:
        raise ValueError(
            "`y_score` needs to be of shape `(n_samples, n_classes)`, since `y_true` contains "
            f"multiple classes. Got `y_score.shape={y_score.shape}`."
        )
    if not np.allclose(1, y_score.sum(axis=1)):
        raise ValueError(
            "Target scores need to be probabilities for multiclass roc_auc, i.e. they should "
            "sum up to 1.0 over classes"
        )
    # one-vs-one has no per-class scores (each pair counts once), so no None there
    options = ("micro", "macro", "weighted", None) if multi_class == "ovr" else ("macro", "weighted")
    if average not in options:
        raise ValueError(
            f"average must be one of {options} for multiclass problems with "
            f"multi_class={multi_class!r}. Received: average={average!r}"
        )
    y_true = column_or_1d(y_true)
    if labels is not None:
        labels = column_or_1d(np.asarray(labels))
        classes = np.unique(labels)
        if len(classes) != len(labels):
            raise ValueError("Parameter 'labels' must be unique")
        if not np.array_equal(classes, labels):
            raise ValueError("Parameter 'labels' must be ordered")
        if len(classes) != y_score.shape[1]:
            raise ValueError(
                f"Number of given labels, {len(classes)}, not equal to the number of columns "
                f"in 'y_score', {y_score.shape[1]}"
            )
        if (_codes(y_true, classes) < 0).any():
            raise ValueError("'y_true' contains labels not in parameter 'labels'")
    else:
        classes = _unique(y_true)
        if len(classes) != y_score.shape[1]:
            raise ValueError(
                "Number of classes in y_true not equal to the number of columns in 'y_score'"
            )
    codes = _codes(y_true, classes)
    if multi_class == "ovo":
        if sample_weight is not None:
            raise ValueError(
                "sample_weight is not supported for multiclass one-vs-one ROC AUC, "
                "'sample_weight' must be None in this case."
            )
        return _ovo_roc_auc(codes, y_score, average)
    indicator = np.zeros((codes.size, classes.size), dtype=np.int64)
    indicator[np.arange(codes.size), codes] = 1
    return _average_binary_score(_binary_roc_auc, indicator, y_score, average,
                                 sample_weight=sample_weight)


def _ovo_roc_auc(codes, y_score, average):
    """Hand & Till's multiclass AUC: the mean over class pairs of the two one-against-one AUCs."""
    present = _unique(codes)
    pair_scores, prevalence = [], []
    for a, b in combinations(present.tolist(), 2):
        in_pair = (codes == a) | (codes == b)
        is_a = codes[in_pair] == a
        prevalence.append(np.mean(in_pair))
        a_auc = _binary_roc_auc(is_a, y_score[in_pair, a])
        b_auc = _binary_roc_auc(~is_a, y_score[in_pair, b])
        pair_scores.append((a_auc + b_auc) / 2)
    return float(np.average(pair_scores, weights=prevalence if average == "weighted" else None))


def average_precision_score(y_true, y_score, *, average="macro", pos_label=1, sample_weight=None):
    """Average precision: the precision-recall curve summarised as ``sum_n (R_n - R_{n-1}) P_n``.

    Example:
        >>> round(average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 4)
        0.8333
    """
    if sample_weight is not None:
        sample_weight = column_or_1d(sample_weight)

    def binary_average_precision(y, score, sample_weight=None, pos_label=pos_label):
        precision, recall, _ = precision_recall_curve(y, score, pos_label=pos_label,
                                                      sample_weight=sample_weight)
        return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))

    y_true = _as_array(y_true)
    kind = type_of_target(y_true, input_name="y_true")
    present = np.unique(y_true)
    if kind == "binary":
        if present.shape[0] == 2 and pos_label not in present.tolist():
            raise ValueError(
                f"pos_label={pos_label} is not a valid label. It should be one of {present}"
            )
    elif kind == "multilabel-indicator" and pos_label != 1:
        raise ValueError(
            "Parameter pos_label is fixed to 1 for multilabel-indicator y_true. Do not set "
            "pos_label or set pos_label to 1."
        )
    elif kind == "multiclass":
        if pos_label != 1:
            raise ValueError(
                "Parameter pos_label is fixed to 1 for multiclass y_true. Do not set pos_label "
                "or set pos_label to 1."
            )
        y_true = column_or_1d(y_true)
        indicator = np.zeros((y_true.shape[0], present.size), dtype=np.int64)
        indicator[np.arange(y_true.shape[0]), _codes(y_true, present)] = 1
        y_true = indicator
        y_score = np.asarray(y_score)
        if y_score.shape != y_true.shape:
            raise ValueError(
                "`y_score` needs to be of shape `(n_samples, n_classes)`, since `y_true` "
                f"contains multiple classes. Got `y_score.shape={y_score.shape}`."
            )
    return _average_binary_score(binary_average_precision, y_true, y_score, average,
                                 sample_weight=sample_weight)


def top_k_accuracy_score(y_true, y_score, *, k=2, normalize=True, sample_weight=None, labels=None):
    """The fraction of samples whose true class is among the ``k`` highest-scored classes.

    Ties in the scores go to the class listed later (as a stable ascending
    sort read backwards ranks them). Binary targets take one score per sample.

    Example:
        >>> top_k_accuracy_score([0, 1, 2, 2], [[0.5, 0.2, 0.3], [0.3, 0.4, 0.3],
        ...                                     [0.2, 0.4, 0.4], [0.7, 0.2, 0.1]], k=2)
        0.75
    """
    y_true = column_or_1d(check_array(_as_array(y_true), ensure_2d=False, dtype=None))
    kind = type_of_target(y_true, input_name="y_true")
    if kind == "binary" and labels is not None and len(labels) > 2:
        kind = "multiclass"
    if kind not in ("binary", "multiclass"):
        raise ValueError(f"y type must be 'binary' or 'multiclass', got '{kind}' instead.")
    y_score = check_array(y_score, ensure_2d=False, input_name="y_score")
    if kind == "binary":
        if y_score.ndim == 2 and y_score.shape[1] != 1:
            raise ValueError(
                f"`y_true` is binary while y_score is 2d with {y_score.shape[1]} classes. If "
                "`y_true` does not contain all the labels, `labels` must be provided."
            )
        y_score = column_or_1d(y_score)
    elif y_score.ndim != 2:
        raise ValueError(
            "`y_score` needs to be of shape `(n_samples, n_classes)`, since `y_true` contains "
            f"multiple classes. Got `y_score.shape={y_score.shape}`."
        )
    check_consistent_length(y_true, y_score, sample_weight)
    n_score_classes = y_score.shape[1] if y_score.ndim == 2 else 2
    if labels is None:
        classes = _unique(y_true)
        if classes.size != n_score_classes:
            raise ValueError(
                f"Number of classes in 'y_true' ({classes.size}) not equal to the number of "
                f"classes in 'y_score' ({n_score_classes}).You can provide a list of all known "
                "classes by assigning it to the `labels` parameter."
            )
    else:
        labels = column_or_1d(np.asarray(labels))
        classes = np.unique(labels)
        if classes.size != labels.size:
            raise ValueError("Parameter 'labels' must be unique.")
        if not np.array_equal(classes, labels):
            raise ValueError("Parameter 'labels' must be ordered.")
        if classes.size != n_score_classes:
            raise ValueError(
                f"Number of given labels ({classes.size}) not equal to the number of classes in "
                f"'y_score' ({n_score_classes})."
            )
        if (_codes(y_true, classes) < 0).any():
            raise ValueError("'y_true' contains labels not in parameter 'labels'.")
    if k >= classes.size:
        warnings.warn(
            f"'k' ({k}) greater than or equal to 'n_classes' ({classes.size}) will result in a "
            "perfect score and is therefore meaningless.",
            compatible(UndefinedMetricWarning),
            stacklevel=2,
        )
    codes = _codes(y_true, classes)
    if kind == "binary":
        if k == 1:
            threshold = 0.5 if y_score.min() >= 0 and y_score.max() <= 1 else 0
            hits = (y_score > threshold).astype(np.int64) == codes
        else:
            hits = np.ones(y_score.shape[0], dtype=bool)
    else:
        # The true class's rank without sorting: classes scored higher, plus later ties.
        true_score = y_score[np.arange(codes.size), codes][:, None]
        later = np.arange(y_score.shape[1])[None, :] > codes[:, None]
        rank = (y_score > true_score).sum(axis=1) + ((y_score == true_score) & later).sum(axis=1)
        hits = rank < k
    if normalize:
        return float(np.average(hits, weights=sample_weight))
    if sample_weight is None:
        return float(np.sum(hits))
    return float(np.dot(hits, sample_weight))
