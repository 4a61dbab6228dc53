"""Agreement between two labelings of the same samples (a clustering against the truth):
Rand index, adjusted Rand index, mutual information scores, homogeneity, completeness,
V-measure and the Fowlkes-Mallows index.

All of them come from the non-zero cells of the contingency table, counted with one
``np.unique`` of the code pairs (never a dense table of n_classes x n_clusters).
"""

import warnings

import numpy as np

from ..utils.validation import check_consistent_length
from ._base import _as_array, _codes, _unique


def _check_labelings(labels_true, labels_pred):
    labels_true, labels_pred = _as_array(labels_true), _as_array(labels_pred)
    for name, labels in (("labels_true", labels_true), ("labels_pred", labels_pred)):
        if labels.ndim != 1:
            raise ValueError(f"{name} must be 1D: shape is {labels.shape}")
    check_consistent_length(labels_true, labels_pred)
    kinds = ["continuous" if a.dtype.kind == "f" and np.any(a != np.round(a)) else "discrete"
             for a in (labels_true, labels_pred)]
    if "continuous" in kinds:
        warnings.warn(
            "Clustering metrics expects discrete values but received "
            f"{_target_name(labels_true, kinds[0])} values for label, and "
            f"{_target_name(labels_pred, kinds[1])} values for target",
            UserWarning,
            stacklevel=3,
        )
    return labels_true, labels_pred


def _target_name(labels, kind):
    from ..utils.multiclass import type_of_target

    return kind if kind == "continuous" else type_of_target(labels)


def _contingency(labels_true, labels_pred):
    """``(rows, columns, counts, row_sums, column_sums)`` of the non-zero contingency cells."""
    true_codes = _codes(labels_true, _unique(labels_true))
    pred_codes = _codes(labels_pred, _unique(labels_pred))
    n_columns = int(pred_codes.max()) + 1 if pred_codes.size else 0
    cells, counts = np.unique(true_codes.astype(np.int64) * n_columns + pred_codes,
                              return_counts=True)
    rows, columns = np.divmod(cells, max(n_columns, 1))
    return rows, columns, counts, np.bincount(true_codes), np.bincount(pred_codes)


def pair_confusion_matrix(labels_true, labels_pred):
    """Counts of sample pairs (ordered) by whether the two labelings put them together:
    ``[[apart in both, together only in pred], [together only in true, together in both]]``.

    Example:
        >>> pair_confusion_matrix([0, 0, 1, 1], [1, 1, 0, 0]).tolist()
        [[8, 0], [0, 4]]
    """
    labels_true, labels_pred = _check_labelings(labels_true, labels_pred)
    n = np.int64(labels_true.shape[0])
    _, _, counts, row_sums, column_sums = _contingency(labels_true, labels_pred)
    counts = counts.astype(np.int64)
    sum_squares = np.sum(counts**2)
    together_in_pred = np.sum(column_sums.astype(np.int64) ** 2) - sum_squares
    together_in_true = np.sum(row_sums.astype(np.int64) ** 2) - sum_squares
    matrix = np.empty((2, 2), dtype=np.int64)
    matrix[1, 1] = sum_squares - n
    matrix[0, 1] = together_in_pred
    matrix[1, 0] = together_in_true
    matrix[0, 0] = n**2 - together_in_pred - together_in_true - sum_squares
    return matrix


def rand_score(labels_true, labels_pred):
    """The fraction of sample pairs on which the labelings agree (together in both or apart in both).

    Example:
        >>> rand_score([0, 0, 1, 2], [0, 0, 1, 1])
        0.8333333333333334
    """
    matrix = pair_confusion_matrix(labels_true, labels_pred)
    agree, total = matrix.diagonal().sum(), matrix.sum()
    if agree == total or total == 0:
        return 1.0
    return float(agree / total)


def adjusted_rand_score(labels_true, labels_pred):
    """The Rand index adjusted for chance: 0 for random labelings, 1 for identical ones.

    Example:
        >>> adjusted_rand_score([0, 0, 1, 1], [1, 1, 0, 0])
        1.0
    """
    (tn, fp), (fn, tp) = pair_confusion_matrix(labels_true, labels_pred).tolist()
    if fn == 0 and fp == 0:
        return 1.0
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))


def _entropy(labels):
    if len(labels) == 0:
        return 1.0
    counts = np.bincount(_codes(labels, _unique(labels))).astype(np.float64)
    counts = counts[counts > 0]
    if counts.size == 1:
        return 0.0
    total = np.sum(counts)
    return float(-np.sum((counts / total) * (np.log(counts) - np.log(total))))


def _mutual_info(labels_true, labels_pred):
    rows, columns, counts, row_sums, column_sums = _contingency(labels_true, labels_pred)
    if row_sums.size == 1 or column_sums.size == 1:
        return 0.0
    total = counts.sum()
    fractions = counts / total
    outer = row_sums[rows].astype(np.int64) * column_sums[columns].astype(np.int64)
    log_outer = -np.log(outer) + np.log(row_sums.sum()) + np.log(column_sums.sum())
    terms = fractions * (np.log(counts) - np.log(total)) + fractions * log_outer
    terms = np.where(np.abs(terms) < np.finfo(terms.dtype).eps, 0.0, terms)
    return float(np.clip(terms.sum(), 0.0, None))


def mutual_info_score(labels_true, labels_pred):
    """The mutual information (in nats) between two labelings.

    Example:
        >>> round(mutual_info_score([0, 0, 1, 1], [0, 0, 1, 1]), 6)
        0.693147
    """
    return _mutual_info(*_check_labelings(labels_true, labels_pred))


def _generalized_average(u, v, method):
    if method == "min":
        return min(u, v)
    if method == "geometric":
        return np.sqrt(u * v)
    if method == "arithmetic":
        return np.mean([u, v])
    if method == "max":
        return max(u, v)
    raise ValueError("'method' must be 'min', 'geometric', 'arithmetic', or 'max'")


def normalized_mutual_info_score(labels_true, labels_pred, *, average_method="arithmetic"):
    """Mutual information divided by an average of the two entropies (1 for identical labelings).

    Example:
        >>> normalized_mutual_info_score([0, 0, 1, 1], [1, 1, 0, 0])
        1.0
    """
    labels_true, labels_pred = _check_labelings(labels_true, labels_pred)
    n_classes, n_clusters = _unique(labels_true).size, _unique(labels_pred).size
    if n_classes == n_clusters == 1 or n_classes == n_clusters == 0:
        return 1.0
    information = _mutual_info(labels_true, labels_pred)
    if information == 0:
        return 0.0
    normalizer = _generalized_average(_entropy(labels_true), _entropy(labels_pred), average_method)
    return float(information / normalizer)


def homogeneity_completeness_v_measure(labels_true, labels_pred, *, beta=1.0):
    """``(homogeneity, completeness, v_measure)``: whether each cluster holds one class, whether
    each class lies in one cluster, and their weighted harmonic mean.

    Example:
        >>> [round(v, 4) for v in homogeneity_completeness_v_measure([0, 0, 1, 1], [0, 0, 1, 2])]
        [1.0, 0.6667, 0.8]
    """
    labels_true, labels_pred = _check_labelings(labels_true, labels_pred)
    if len(labels_true) == 0:
        return 1.0, 1.0, 1.0
    entropy_true, entropy_pred = _entropy(labels_true), _entropy(labels_pred)
    information = _mutual_info(labels_true, labels_pred)
    homogeneity = information / entropy_true if entropy_true else 1.0
    completeness = information / entropy_pred if entropy_pred else 1.0
    if homogeneity + completeness == 0.0:
        v_measure = 0.0
    else:
        v_measure = (1 + beta) * homogeneity * completeness / (beta * homogeneity + completeness)
    return float(homogeneity), float(completeness), float(v_measure)


def homogeneity_score(labels_true, labels_pred):
    """1 when every cluster contains members of a single class."""
    return homogeneity_completeness_v_measure(labels_true, labels_pred)[0]


def completeness_score(labels_true, labels_pred):
    """1 when all members of each class are in the same cluster."""
    return homogeneity_completeness_v_measure(labels_true, labels_pred)[1]


def v_measure_score(labels_true, labels_pred, *, beta=1.0):
    """The harmonic mean of homogeneity and completeness (``beta`` weighs completeness)."""
    return homogeneity_completeness_v_measure(labels_true, labels_pred, beta=beta)[2]


def fowlkes_mallows_score(labels_true, labels_pred):
    """The geometric mean of pairwise precision and recall of the clustering.

    Example:
        >>> fowlkes_mallows_score([0, 0, 1, 1], [0, 0, 1, 2])
        0.7071067811865476
    """
    labels_true, labels_pred = _check_labelings(labels_true, labels_pred)
    n = labels_true.shape[0]
    _, _, counts, row_sums, column_sums = _contingency(labels_true, labels_pred)
    together_both = np.dot(counts.astype(np.int64), counts) - n
    together_pred = np.sum(column_sums.astype(np.int64) ** 2) - n
    together_true = np.sum(row_sums.astype(np.int64) ** 2) - n
    if together_both == 0:
        return 0.0
    return float(np.sqrt(together_both / together_pred) * np.sqrt(together_both / together_true))
