"""Precision, recall, F-scores and the classification report.

All of them reduce to three counts per label (true positives, predicted
positives, actual positives), found with one ``np.bincount`` each.
"""

import numbers
import warnings

import numpy as np

from ..exceptions import UndefinedMetricWarning, compatible
from ._base import _check_targets
from ._classification import _label_counts

_AVERAGES = (None, "micro", "macro", "weighted", "samples")


def _check_zero_division(zero_division):
    if isinstance(zero_division, str) and zero_division == "warn":
        return 0.0
    if isinstance(zero_division, numbers.Real) and not isinstance(zero_division, bool) \
            and zero_division in (0, 1):
        return float(zero_division)
    if isinstance(zero_division, float) and np.isnan(zero_division):
        return np.nan
    if isinstance(zero_division, str) and zero_division == "nan":
        return np.nan
    raise ValueError(
        "The 'zero_division' parameter must be a float among {0.0, 1.0}, nan or a str "
        f"among {{'warn'}}. Got {zero_division!r} instead."
    )


def _divide(numerator, denominator, metric, modifier, average, warn_for, zero_division):
    """``numerator / denominator``, with ``zero_division`` (and a warning) where the denominator is 0."""
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    empty = denominator == 0
    result = numerator / np.where(empty, 1.0, denominator)
    if not empty.any():
        return result
    result[empty] = _check_zero_division(zero_division)
    if isinstance(zero_division, str) and zero_division == "warn" and metric in warn_for:
        _warn_undefined(average, modifier, f"{metric.capitalize()} is", result.shape[0])
    return result


def _warn_undefined(average, modifier, start, size):
    axis0, axis1 = ("label", "sample") if average == "samples" else ("sample", "label")
    where = "due to" if size == 1 else f"in {axis1}s with"
    warnings.warn(
        f"{start} ill-defined and being set to 0.0 {where} no {modifier} {axis0}s. "
        "Use `zero_division` parameter to control this behavior.",
        compatible(UndefinedMetricWarning),
        stacklevel=4,
    )


def _nan_average(values, weights=None):
    """Average ignoring NaN entries (NaN if nothing is left); all-zero weights mean uniform."""
    if values.shape[0] == 0:
        return np.nan
    keep = ~np.isnan(values)
    if not keep.any():
        return np.nan
    if weights is None:
        return np.mean(values[keep])
    weights = np.asarray(weights, dtype=np.float64)[keep]
    if weights.sum() == 0:
        return np.mean(values[keep])
    return np.average(values[keep], weights=weights)


def precision_recall_fscore_support(y_true, y_pred, *, beta=1.0, labels=None, pos_label=1,
                                    average=None, warn_for=("precision", "recall", "f-score"),
                                    sample_weight=None, zero_division="warn"):
    """Precision, recall, F-beta score and support, per label or averaged.

    Args:
        y_true, y_pred: label arrays (n_samples,) or indicator matrices (n_samples, n_labels).
        beta: weight of recall in the F-score (``inf`` gives recall, 0 precision).
        labels: labels to include (and their order when ``average=None``).
        pos_label: the positive class when ``average="binary"``.
        average: None (per label), ``"binary"``, ``"micro"``, ``"macro"``,
            ``"weighted"`` (by support) or ``"samples"`` (multilabel).
        warn_for: which metrics warn when ill-defined.
        sample_weight: weights of shape (n_samples,).
        zero_division: the value of an ill-defined metric: ``"warn"`` (0 and an
            ``UndefinedMetricWarning``), 0.0, 1.0 or ``np.nan``.

    Returns:
        ``(precision, recall, fbeta, support)``: arrays per label, or floats and
        ``None`` support when averaged.

    Example:
        >>> p, r, f, s = precision_recall_fscore_support(["cat", "dog", "cat"], ["cat", "cat", "cat"],
        ...                                              zero_division=0)
        >>> p.tolist(), r.tolist(), s.tolist()
        ([0.6666666666666666, 0.0], [1.0, 0.0], [2, 1])
    """
    _check_zero_division(zero_division)
    if not isinstance(beta, numbers.Real) or isinstance(beta, bool) or beta < 0:
        raise ValueError(
            f"The 'beta' parameter must be a float in the range [0.0, inf]. Got {beta!r} instead."
        )
    _check_average(average)
    kind, present, y_true, y_pred, weight = _check_targets(y_true, y_pred, sample_weight)
    labels = _set_wise_labels(kind, present, average, labels, pos_label)
    samplewise = average == "samples"
    if labels is not None:
        labels = np.asarray(labels)
    tp_sum, pred_sum, true_sum, _ = _label_counts(kind, present, y_true, y_pred, weight,
                                                  labels, samplewise)
    if average == "micro":
        tp_sum, pred_sum, true_sum = (np.atleast_1d(np.sum(a)) for a in (tp_sum, pred_sum, true_sum))
    precision = _divide(tp_sum, pred_sum, "precision", "predicted", average, warn_for,
                        zero_division)
    recall = _divide(tp_sum, true_sum, "recall", "true", average, warn_for, zero_division)
    if np.isposinf(beta):
        f_score = recall
    elif beta == 0:
        f_score = precision
    else:
        beta2 = beta**2
        denominator = beta2 * np.asarray(true_sum, np.float64) + np.asarray(pred_sum, np.float64)
        f_score = _divide((1 + beta2) * np.asarray(tp_sum, np.float64), denominator, "f-score",
                          "true nor predicted", average, warn_for, zero_division)
    if average is None:
        return precision, recall, f_score, true_sum
    weights = true_sum if average == "weighted" else (weight if samplewise else None)
    return (float(_nan_average(precision, weights)), float(_nan_average(recall, weights)),
            float(_nan_average(f_score, weights)), None)


def _check_average(average):
    if average not in _AVERAGES and average != "binary":
        raise ValueError("average has to be one of " + str(_AVERAGES))


def _set_wise_labels(kind, present, average, labels, pos_label):
    """The labels to score: ``[pos_label]`` for binary averaging (checked), else ``labels``."""
    if average == "binary":
        if kind == "binary":
            if pos_label not in present.tolist() and len(present) >= 2:
                raise ValueError(
                    f"pos_label={pos_label} is not a valid label. It should be one of {present}"
                )
            return [pos_label]
        options = list(_AVERAGES)
        if kind == "multiclass":
            options.remove("samples")
        raise ValueError(
            f"Target is {kind} but average='binary'. Please choose another average setting, "
            f"one of {options!r}."
        )
    if pos_label not in (None, 1):
        warnings.warn(
            f"Note that pos_label (set to {pos_label!r}) is ignored when average != 'binary' "
            f"(got {average!r}). You may use labels=[pos_label] to specify a single positive "
            "class.",
            UserWarning,
            stacklevel=3,
        )
    return labels


def fbeta_score(y_true, y_pred, *, beta, labels=None, pos_label=1, average="binary",
                sample_weight=None, zero_division="warn"):
    """The F-beta score: the weighted harmonic mean of precision and recall.

    Example:
        >>> round(fbeta_score([0, 1, 1, 0], [0, 1, 0, 0], beta=2), 4)
        0.5556
    """
    _, _, f, _ = precision_recall_fscore_support(
        y_true, y_pred, beta=beta, labels=labels, pos_label=pos_label, average=average,
        warn_for=("f-score",), sample_weight=sample_weight, zero_division=zero_division,
    )
    return f


def f1_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None,
             zero_division="warn"):
    """The F1 score ``2 * precision * recall / (precision + recall)``.

    Example:
        >>> f1_score([0, 1, 1, 0], [0, 1, 0, 0])
        0.6666666666666666
    """
    return fbeta_score(y_true, y_pred, beta=1, labels=labels, pos_label=pos_label,
                       average=average, sample_weight=sample_weight, zero_division=zero_division)


def _one_score(position, warn_for, y_true, y_pred, labels, pos_label, average, sample_weight,
               zero_division):
    scores = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, pos_label=pos_label, average=average,
        warn_for=warn_for, sample_weight=sample_weight, zero_division=zero_division,
    )
    return scores[position]


def precision_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                    sample_weight=None, zero_division="warn"):
    """Precision ``tp / (tp + fp)``: the fraction of predicted positives that are positive.

    Example:
        >>> precision_score([0, 1, 1, 0], [1, 1, 0, 0])
        0.5
    """
    return _one_score(0, ("precision",), y_true, y_pred, labels, pos_label, average,
                      sample_weight, zero_division)


def recall_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                 sample_weight=None, zero_division="warn"):
    """Recall ``tp / (tp + fn)``: the fraction of positives found.

    Example:
        >>> recall_score([0, 1, 1, 0], [1, 1, 0, 0])
        0.5
    """
    return _one_score(1, ("recall",), y_true, y_pred, labels, pos_label, average,
                      sample_weight, zero_division)


def jaccard_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                  sample_weight=None, zero_division="warn"):
    """The Jaccard index ``tp / (tp + fp + fn)``: intersection over union of the label sets.

    Example:
        >>> jaccard_score([0, 1, 1, 0], [1, 1, 0, 0])
        0.3333333333333333
    """
    _check_zero_division(zero_division)
    _check_average(average)
    kind, present, y_true, y_pred, weight = _check_targets(y_true, y_pred, sample_weight)
    labels = _set_wise_labels(kind, present, average, labels, pos_label)
    tp, pred_sum, true_sum, _ = _label_counts(kind, present, y_true, y_pred, weight,
                                              None if labels is None else np.asarray(labels),
                                              average == "samples")
    union = pred_sum + true_sum - tp
    if average == "micro":
        tp, union = np.atleast_1d(np.sum(tp)), np.atleast_1d(np.sum(union))
    scores = _divide(tp, union, "jaccard", "true or predicted", average, ("jaccard",),
                     zero_division)
    if average is None:
        return scores
    weights = None
    if average == "weighted":
        weights = true_sum if np.any(true_sum) else None
    elif average == "samples":
        weights = weight
    return float(np.average(scores, weights=weights))


def classification_report(y_true, y_pred, *, labels=None, target_names=None, sample_weight=None,
                          digits=2, output_dict=False, zero_division="warn"):
    """A text table (or, with ``output_dict``, a dict) of precision, recall, F1 and support per class,
    with accuracy and the macro and weighted averages (and micro/samples for multilabel).

    Example:
        >>> print(classification_report([0, 1, 2, 2], [0, 1, 1, 2]))
                      precision    recall  f1-score   support
        <BLANKLINE>
                   0       1.00      1.00      1.00         1
                   1       0.50      1.00      0.67         1
                   2       1.00      0.50      0.67         2
        <BLANKLINE>
            accuracy                           0.75         4
           macro avg       0.83      0.83      0.78         4
        weighted avg       0.88      0.75      0.75         4
        <BLANKLINE>
    """
    kind, present, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    labels_given = labels is not None
    labels = np.asarray(labels) if labels_given else present
    # The micro average equals accuracy when every label present is reported.
    micro_is_accuracy = kind in ("binary", "multiclass") and (
        not labels_given or set(labels.tolist()) >= set(present.tolist())
    )
    if target_names is not None and len(labels) != len(target_names):
        if labels_given:
            warnings.warn(
                f"labels size, {len(labels)}, does not match size of target_names, "
                f"{len(target_names)}",
                UserWarning,
                stacklevel=2,
            )
        else:
            raise ValueError(
                f"Number of classes, {len(labels)}, does not match size of target_names, "
                f"{len(target_names)}. Try specifying the labels parameter"
            )
    names = [str(label) for label in labels] if target_names is None else list(target_names)
    p, r, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, average=None, sample_weight=sample_weight,
        zero_division=zero_division,
    )
    averages = ["micro", "macro", "weighted"] + (["samples"] if kind == "multilabel-indicator" else [])
    summary = []
    for average in averages:
        heading = "accuracy" if average == "micro" and micro_is_accuracy else f"{average} avg"
        avg_p, avg_r, avg_f1, _ = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=average, sample_weight=sample_weight,
            zero_division=zero_division,
        )
        summary.append((heading, avg_p, avg_r, avg_f1, np.sum(support)))
    headers = ("precision", "recall", "f1-score", "support")
    if output_dict:
        report = {}
        for row in zip(names, p, r, f1, support):
            report[row[0]] = dict(zip(headers, (float(v) for v in row[1:])))
        for heading, *values in summary:
            report[heading] = (float(values[0]) if heading == "accuracy"
                               else dict(zip(headers, (float(v) for v in values))))
        return report
    width = max(max(len(name) for name in names), len("weighted avg"), digits)
    lines = [f"{'':>{width}} " + "".join(f" {h:>9}" for h in headers), ""]

    def row(name, precision, recall, f_score, count):
        return (f"{name:>{width}} " + "".join(f" {v:>9.{digits}f}" for v in (precision, recall, f_score))
                + f" {count:>9}")

    lines += [row(*values) for values in zip(names, p, r, f1, support)]
    lines.append("")
    for heading, avg_p, avg_r, avg_f1, total in summary:
        if heading == "accuracy":
            lines.append(f"{heading:>{width}} " + f" {'':>9}" * 2 + f" {avg_f1:>9.{digits}f}"
                         + f" {total:>9}")
        else:
            lines.append(row(heading, avg_p, avg_r, avg_f1, total))
    return "\n".join(lines) + "\n"
