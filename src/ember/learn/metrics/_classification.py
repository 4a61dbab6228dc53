"""Classification metrics on label predictions: accuracy, confusion matrices, MCC, hinge loss.

Confusion matrices are one ``np.bincount`` over ``true_code * n_labels + pred_code``.
"""

import warnings

import numpy as np

from ..utils.validation import _num_samples, check_consistent_length
from ._base import _as_array, _check_targets, _codes, _unique, _weighted_mean


def accuracy_score(y_true, y_pred, *, normalize=True, sample_weight=None):
    """The fraction (or, without ``normalize``, the number) of correctly predicted samples.

    For multilabel targets a sample counts only when its whole label set matches.

    Example:
        >>> accuracy_score([0, 1, 2, 3], [0, 2, 1, 3])
        0.5
    """
    kind, _, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    if kind == "multilabel-indicator":
        hits = np.all(y_true == y_pred, axis=1)
    else:
        hits = y_true == y_pred
    return _weighted_mean(hits, sample_weight, normalize)


def zero_one_loss(y_true, y_pred, *, normalize=True, sample_weight=None):
    """The fraction (or number) of misclassified samples: ``1 - accuracy_score``.

    Example:
        >>> zero_one_loss([1, 2, 3, 4], [2, 2, 3, 4])
        0.25
    """
    score = accuracy_score(y_true, y_pred, normalize=normalize, sample_weight=sample_weight)
    if normalize:
        return 1 - score
    total = np.sum(sample_weight) if sample_weight is not None else _num_samples(y_true)
    return float(total - score)


def _label_list(labels):
    labels = np.asarray(labels)
    if labels.ndim != 1:
        labels = labels.ravel()
    return labels


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    """The confusion matrix ``C``: ``C[i, j]`` counts samples of class ``labels[i]`` predicted as ``labels[j]``.

    Args:
        y_true, y_pred: label arrays of shape (n_samples,).
        labels: the classes to index the matrix by (default: the sorted union of
            the labels present); samples with other labels are ignored.
        sample_weight: weights of shape (n_samples,).
        normalize: ``"true"`` (rows sum to 1), ``"pred"`` (columns), ``"all"``, or None.

    Returns:
        An array of shape (n_labels, n_labels): int64 counts, float64 when
        weighted or normalized.

    Example:
        >>> confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])
        array([[2, 0, 0],
               [0, 0, 1],
               [1, 0, 2]])
    """
    if normalize not in ("true", "pred", "all", None):
        raise ValueError(
            "The 'normalize' parameter of confusion_matrix must be a str among "
            f"{{'all', 'pred', 'true'}} or None. Got {normalize!r} instead."
        )
    kind, present, y_true, y_pred, weight = _check_targets(y_true, y_pred, sample_weight)
    if kind not in ("binary", "multiclass"):
        raise ValueError(f"{kind} is not supported")
    if labels is None:
        labels = present
    else:
        labels = _label_list(labels)
        if labels.size == 0:
            raise ValueError("'labels' should contain at least one label.")
        if y_true.size == 0:
            return np.zeros((labels.size, labels.size), dtype=int)
        if not np.isin(labels, present).any() or not (_codes(y_true, labels) >= 0).any():
            raise ValueError("At least one label specified must be in y_true")
    n = labels.size
    true_codes = _codes(y_true, labels)
    pred_codes = _codes(y_pred, labels)
    keep = (true_codes >= 0) & (pred_codes >= 0)
    if not keep.all():
        true_codes, pred_codes = true_codes[keep], pred_codes[keep]
        weight = None if weight is None else weight[keep]
    flat = true_codes * n + pred_codes
    integral_weight = sample_weight is not None and np.asarray(sample_weight).dtype.kind in "iub"
    if weight is None:
        matrix = np.bincount(flat, minlength=n * n).reshape(n, n).astype(np.int64, copy=False)
    else:
        matrix = np.bincount(flat, weights=weight, minlength=n * n).reshape(n, n)
        if integral_weight:
            matrix = np.rint(matrix).astype(np.int64)
    if normalize is not None:
        with np.errstate(all="ignore"):
            if normalize == "true":
                matrix = matrix / matrix.sum(axis=1, keepdims=True)
            elif normalize == "pred":
                matrix = matrix / matrix.sum(axis=0, keepdims=True)
            else:
                matrix = matrix / matrix.sum()
        matrix = np.nan_to_num(matrix)
    if matrix.shape == (1, 1):
        warnings.warn(
            "A single label was found in 'y_true' and 'y_pred'. For the confusion matrix "
            "to have the correct shape, use the 'labels' parameter to pass all known labels.",
            UserWarning,
            stacklevel=2,
        )
    return matrix


def multilabel_confusion_matrix(y_true, y_pred, *, sample_weight=None, labels=None,
                                samplewise=False):
    """One 2 x 2 confusion matrix ``[[tn, fp], [fn, tp]]`` per label (or per sample with ``samplewise``).

    Multiclass targets are treated one-vs-rest. Returns an array of shape
    (n_outputs, 2, 2).

    Example:
        >>> multilabel_confusion_matrix(["cat", "ant", "cat"], ["ant", "ant", "cat"], labels=["ant", "cat"])
        array([[[1, 1],
                [0, 1]],
        <BLANKLINE>
               [[1, 0],
                [1, 1]]])
    """
    kind, present, y_true, y_pred, weight = _check_targets(y_true, y_pred, sample_weight)
    tp, pred_sum, true_sum, n_total = _label_counts(kind, present, y_true, y_pred, weight,
                                                    labels, samplewise)
    fp = pred_sum - tp
    fn = true_sum - tp
    tn = n_total - tp - fp - fn
    return np.stack([tn, fp, fn, tp], axis=-1).reshape(-1, 2, 2)


def _label_counts(kind, present, y_true, y_pred, weight, labels, samplewise):
    """Per label (or per sample): true positives, predicted and true counts, and the total mass."""
    if labels is None:
        selected = present
    else:
        selected = _label_list(labels)
    if kind != "multilabel-indicator":
        if samplewise:
            raise ValueError(
                "Samplewise metrics are not available outside of multilabel classification."
            )
        n = selected.size
        true_codes = _codes(y_true, selected)
        pred_codes = _codes(y_pred, selected)
        hit = (true_codes == pred_codes) & (true_codes >= 0)

        def count(codes, mask=None):
            w = weight
            if mask is not None:
                codes = codes[mask]
                w = None if weight is None else weight[mask]
            valid = codes >= 0
            if not valid.all():
                codes = codes[valid]
                w = None if w is None else w[valid]
            return np.bincount(codes, weights=w, minlength=n)[:n]

        tp, pred_sum, true_sum = count(true_codes, hit), count(pred_codes), count(true_codes)
        total = y_true.shape[0] if weight is None else weight.sum()
        return tp, pred_sum, true_sum, total
    if labels is not None:
        selected = selected.astype(int, copy=False)
        if selected.size and selected.max() >= y_true.shape[1]:
            raise ValueError(
                "All labels must be in [0, n labels) for multilabel targets. "
                f"Got {selected.max()} > {y_true.shape[1] - 1}"
            )
        if selected.size and selected.min() < 0:
            raise ValueError(
                f"All labels must be in [0, n labels) for multilabel targets. Got {selected.min()} < 0"
            )
        y_true, y_pred = y_true[:, selected], y_pred[:, selected]
    true_bits, pred_bits = y_true != 0, y_pred != 0
    both = true_bits & pred_bits
    if samplewise:
        if weight is None:
            return both.sum(1), pred_bits.sum(1), true_bits.sum(1), y_true.shape[1]
        return (both.sum(1) * weight, pred_bits.sum(1) * weight, true_bits.sum(1) * weight,
                weight * y_true.shape[1])
    if weight is None:
        return both.sum(0), pred_bits.sum(0), true_bits.sum(0), y_true.shape[0]
    n_labels = y_true.shape[1]

    def weighted_count(bits):
        # Summed in row-major order (as over a CSR matrix), so totals agree to the last bit.
        rows, columns = np.nonzero(bits)
        return np.bincount(columns, weights=weight[rows], minlength=n_labels)

    return weighted_count(both), weighted_count(pred_bits), weighted_count(true_bits), weight.sum()


def balanced_accuracy_score(y_true, y_pred, *, sample_weight=None, adjusted=False):
    """The mean of the recalls of the classes present in ``y_true``.

    With ``adjusted``, rescaled so that chance scores 0 and a perfect score 1.

    Example:
        >>> balanced_accuracy_score([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1])
        0.625
    """
    matrix = confusion_matrix(y_true, y_pred, sample_weight=sample_weight)
    with np.errstate(divide="ignore", invalid="ignore"):
        recalls = np.diag(matrix) / matrix.sum(axis=1)
    if np.isnan(recalls).any():
        warnings.warn("y_pred contains classes not in y_true", UserWarning, stacklevel=2)
        recalls = recalls[~np.isnan(recalls)]
    score = np.mean(recalls)
    if adjusted:
        chance = 1 / len(recalls)
        score = (score - chance) / (1 - chance)
    return float(score)


def matthews_corrcoef(y_true, y_pred, *, sample_weight=None):
    """The Matthews correlation coefficient (its multiclass generalisation), in [-1, 1].

    Example:
        >>> round(matthews_corrcoef([+1, +1, +1, -1], [+1, -1, +1, +1]), 4)
        -0.3333
    """
    kind, _, _, _, _ = _check_targets(y_true, y_pred, sample_weight)
    if kind not in ("binary", "multiclass"):
        raise ValueError(f"{kind} is not supported")
    matrix = confusion_matrix(y_true, y_pred, sample_weight=sample_weight)
    t_sum = matrix.sum(axis=1, dtype=np.float64)
    p_sum = matrix.sum(axis=0, dtype=np.float64)
    n_correct = np.trace(matrix, dtype=np.float64)
    n_samples = p_sum.sum()
    cov_true_pred = n_correct * n_samples - np.dot(t_sum, p_sum)
    cov_pred_pred = n_samples**2 - np.dot(p_sum, p_sum)
    cov_true_true = n_samples**2 - np.dot(t_sum, t_sum)
    if cov_pred_pred * cov_true_true == 0:
        return 0.0
    return float(cov_true_pred / np.sqrt(cov_true_true * cov_pred_pred))


def hinge_loss(y_true, pred_decision, *, labels=None, sample_weight=None):
    """The mean hinge loss ``max(0, 1 - margin)`` of decision values (Crammer-Singer for multiclass).

    Binary targets are encoded as -1/+1 (the greater label positive) and
    ``pred_decision`` has shape (n_samples,); multiclass ones need shape
    (n_samples, n_classes).

    Example:
        >>> round(hinge_loss([-1, 1, 1], [-2.18, 2.36, 0.09]), 4)
        0.3033
    """
    check_consistent_length(y_true, pred_decision, sample_weight)
    decision = np.asarray(pred_decision, dtype=np.float64)
    y_true = _as_array(y_true)
    if y_true.ndim == 2 and y_true.shape[1] == 1:
        y_true = y_true.ravel()
    classes = np.unique(np.asarray(labels)) if labels is not None else _unique(y_true)
    if classes.size > 2:
        shape_needed = f"({y_true.shape[0]}, {classes.size})"
        if decision.ndim <= 1:
            raise ValueError(
                "The shape of pred_decision cannot be 1d arraywith a multiclass target. "
                f"pred_decision shape must be (n_samples, n_classes), that is {shape_needed}. "
                f"Got: {decision.shape}"
            )
        if classes.size != decision.shape[1]:
            if labels is None:
                raise ValueError(
                    "Please include all labels in y_true or pass labels as third argument"
                )
            raise ValueError(
                "The shape of pred_decision is not consistent with the number of classes. "
                "With a multiclass target, pred_decision shape must be (n_samples, "
                f"n_classes), that is {shape_needed}. Got: {decision.shape}"
            )
        codes = _codes(y_true, classes)
        rows = np.arange(y_true.shape[0])
        others = decision.copy()
        others[rows, codes] = -np.inf
        margin = decision[rows, codes] - others.max(axis=1)
    else:
        if decision.ndim == 2 and decision.shape[1] == 1:
            decision = decision.ravel()
        if decision.ndim != 1:
            raise ValueError(f"y should be a 1d array, got an array of shape {decision.shape} instead.")
        # The greater of y_true's labels is +1, the other -1 (a single label is -1).
        present = _unique(y_true)
        signs = np.where((y_true == present[-1]) & (present.size == 2), 1.0, -1.0)
        margin = signs * decision
    losses = np.maximum(0.0, 1 - margin)
    return float(np.average(losses, weights=sample_weight))

