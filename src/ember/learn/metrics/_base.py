"""Target validation and label encoding shared by the metrics.

Labels are found and encoded without Python loops: small-range integer labels
through ``np.bincount`` / a lookup table (no sort), anything else through one
``np.unique`` and ``np.searchsorted``.
"""

import numpy as np
import scipy.sparse as sp

from ..utils.multiclass import type_of_target
from ..utils.validation import _check_sample_weight, check_consistent_length

# Integer labels spanning at most this many values (or 2 x n) use a lookup table.
_TABLE_SPAN = 1 << 16


def _as_array(y):
    if sp.issparse(y):
        return y.toarray()
    return np.asarray(y)


def _integer_span(y):
    """``(low, high)`` of an integer array when a lookup table over that range is cheap, else None."""
    if y.dtype.kind not in "iub" or y.size == 0:
        return None
    if y.dtype.kind == "b":
        return 0, 1
    low, high = int(y.min()), int(y.max())
    if high - low <= max(_TABLE_SPAN, 2 * y.size):
        return low, high
    return None


def _unique(y):
    """Sorted unique values of ``y`` (1-D): counting for small-range integers, else ``np.unique``."""
    span = _integer_span(y)
    if span is None:
        return np.unique(y)
    low, _ = span
    present = np.flatnonzero(np.bincount((y.astype(np.int64) - low) if low else y.astype(np.intp)))
    return (present + low).astype(y.dtype)


def _codes(y, labels):
    """Position of each value of ``y`` in ``labels`` (any order), -1 where it is not a label."""
    labels = np.asarray(labels)
    if y.size == 0:
        return np.zeros(0, dtype=np.intp)
    span = _integer_span(y)
    if span is not None and labels.dtype.kind in "iub" and labels.size:
        low = min(span[0], int(labels.min()))
        high = max(span[1], int(labels.max()))
        if high - low <= max(_TABLE_SPAN, 2 * y.size):
            table = np.full(high - low + 1, -1, dtype=np.intp)
            # Reversed so that, as a dict would, the first of repeated labels wins.
            positions = np.arange(labels.size, dtype=np.intp)
            table[labels[::-1].astype(np.int64) - low] = positions[::-1]
            return table[y.astype(np.int64) - low]
    order = np.argsort(labels, kind="stable")
    ordered = labels[order]
    try:
        where = np.searchsorted(ordered, y)
    except TypeError as error:
        raise ValueError("Mix of label input types (string and number)") from error
    where = np.minimum(where, ordered.size - 1)
    found = ordered[where] == y
    return np.where(found, order[where], -1)


def _kind_1d(y, input_name):
    """``type_of_target`` of a 1-D array, with its sorted unique values (None when continuous)."""
    if y.dtype == object:
        if y.size and not isinstance(y.flat[0], str):
            return "unknown", None
        try:
            return _multi_or_binary(np.unique(y.astype(str)) if y.size else y)
        except TypeError:
            return "unknown", None
    if y.dtype.kind == "f":
        if not np.isfinite(y).all():
            what = "NaN" if np.isnan(y).any() else f"infinity or a value too large for {y.dtype!r}"
            raise ValueError(f"Input {input_name} contains {what}.")
        uniques = _unique(y)
        if np.any(uniques != np.round(uniques)):
            return "continuous", None
        return _multi_or_binary(uniques)
    if y.dtype.kind == "c":
        raise ValueError("Complex data not supported")
    return _multi_or_binary(_unique(y))


def _multi_or_binary(uniques):
    return ("multiclass" if uniques.size > 2 else "binary"), uniques


def _target_kind(y, input_name="y"):
    """``(kind, y, uniques)``: the target type, ``y`` as an array (1-D unless 2-D targets)."""
    y = _as_array(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim == 1:
        kind, uniques = _kind_1d(y, input_name)
        return kind, y, uniques
    return type_of_target(y, input_name=input_name), y, None


def _check_targets(y_true, y_pred, sample_weight=None):
    """Check that ``y_true`` and ``y_pred`` are classification targets of one kind.

    Returns:
        ``(kind, labels, y_true, y_pred, sample_weight)``: kind is ``"binary"``,
        ``"multiclass"`` or ``"multilabel-indicator"``; labels the sorted union of
        labels (column indices for multilabel); 1-D label arrays or 2-D indicator
        arrays; the weights as a float array or None.
    """
    check_consistent_length(y_true, y_pred, sample_weight)
    kind_true, y_true, labels_true = _target_kind(y_true, "y_true")
    kind_pred, y_pred, labels_pred = _target_kind(y_pred, "y_pred")
    if y_true.shape[0] < 1 or y_pred.shape[0] < 1:
        raise ValueError(
            "Found empty input array (e.g., `y_true` or `y_pred`) while a minimum "
            "of 1 sample is required."
        )
    if sample_weight is not None:
        sample_weight = _check_sample_weight(sample_weight, y_true, allow_all_zero_weights=True)
    kinds = {kind_true, kind_pred}
    if kinds == {"binary", "multiclass"}:
        kinds = {"multiclass"}
    if len(kinds) > 1:
        raise ValueError(
            f"Classification metrics can't handle a mix of {kind_true} and {kind_pred} targets"
        )
    kind = kinds.pop()
    if kind not in ("binary", "multiclass", "multilabel-indicator"):
        raise ValueError(f"{kind} is not supported")
    if kind == "multilabel-indicator":
        if y_true.shape[1] != y_pred.shape[1]:
            raise ValueError("Multi-label binary indicator input with different numbers of labels")
        return kind, np.arange(y_true.shape[1]), y_true, y_pred, sample_weight
    labels = _union(labels_true, labels_pred)
    if kind == "binary" and labels.size > 2:
        kind = "multiclass"
    return kind, labels, y_true, y_pred, sample_weight


def _union(a, b):
    """The sorted union of two sorted label arrays (string and number labels do not mix)."""
    a_is_str = a.dtype.kind in "USO"
    b_is_str = b.dtype.kind in "USO"
    if a_is_str != b_is_str and a.size and b.size:
        raise ValueError("Mix of label input types (string and number)")
    if a.size == b.size and np.array_equal(a, b):
        return a
    try:
        return np.union1d(a, b)
    except TypeError as error:
        raise ValueError("Mix of label input types (string and number)") from error


def _check_pos_label(pos_label, y_true):
    """The positive label of binary ``y_true``: ``pos_label``, or 1 for {0, 1}/{-1, 1} targets."""
    if pos_label is not None:
        return pos_label
    classes = np.unique(y_true)
    if classes.dtype.kind in "OUS" or not (
        np.array_equal(classes, [0, 1]) or np.array_equal(classes, [-1, 1])
        or np.array_equal(classes, [0]) or np.array_equal(classes, [-1])
        or np.array_equal(classes, [1])
    ):
        shown = ", ".join(repr(c) for c in classes.tolist())
        raise ValueError(
            f"y_true takes value in {{{shown}}} and pos_label is not specified: either make "
            "y_true take value in {0, 1} or {-1, 1} or pass pos_label explicitly."
        )
    return 1


def _weighted_mean(values, weights=None, normalize=True):
    """Mean (or sum, without ``normalize``) of ``values`` under optional sample weights."""
    if normalize:
        return float(np.average(values, weights=weights))
    if weights is None:
        return float(np.sum(values))
    return float(np.dot(values, weights))
