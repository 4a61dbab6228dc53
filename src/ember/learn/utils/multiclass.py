"""What kind of target ``y`` is, and its labels (scikit-learn's ``type_of_target`` vocabulary)."""

import numpy as np
import scipy.sparse as sp


def _is_integral_float(y):
    return y.dtype.kind == "f" and np.all(np.mod(y[np.isfinite(y)], 1) == 0)


def type_of_target(y, input_name=""):
    """One of ``"continuous"``, ``"continuous-multioutput"``, ``"binary"``,
    ``"multiclass"``, ``"multiclass-multioutput"``, ``"multilabel-indicator"``, ``"unknown"``.

    Example:
        >>> type_of_target([0, 1, 1]), type_of_target([1.5, 2.0]), type_of_target([[1, 0], [0, 1]])
        ('binary', 'continuous', 'multilabel-indicator')
    """
    if sp.issparse(y):
        y = y.toarray()
    if isinstance(y, str) or not (hasattr(y, "__array__") or hasattr(y, "__len__")):
        raise ValueError(f"Expected array-like (array or non-string sequence), got {y!r}")
    try:
        array = np.asarray(y)
    except ValueError:  # ragged
        return "unknown"
    if array.dtype == object and array.ndim == 1 and len(array) and not isinstance(array[0], str) \
            and hasattr(array[0], "__len__"):
        raise ValueError(
            "You appear to be using a legacy multi-label data representation. Sequence of "
            "sequences are no longer supported; use a binary array or sparse matrix instead "
            "- the MultiLabelBinarizer transformer can convert to this format."
        )
    if array.ndim > 2 or (array.dtype == object and len(array) and not isinstance(array.flat[0], str)):
        return "unknown"
    if array.ndim == 2 and array.shape[1] == 0:
        return "unknown"
    if array.ndim == 2 and array.shape[1] > 1:
        values = np.unique(array)
        if array.dtype.kind in "biu" or _is_integral_float(array):
            if len(values) <= 2 and set(values.tolist()) <= {0, 1}:
                return "multilabel-indicator"
    suffix = "-multioutput" if array.ndim == 2 and array.shape[1] > 1 else ""
    if array.dtype.kind == "f" and not _is_integral_float(array):
        return "continuous" + suffix
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        return "continuous" + suffix
    if array.ndim == 2 and array.shape[1] > 1:
        return "multiclass" + suffix
    if len(np.unique(array.ravel())) > 2:
        return "multiclass"
    return "binary"


def unique_labels(*ys):
    """The sorted union of the labels of several targets (all of one kind)."""
    if not ys:
        raise ValueError("No argument has been passed.")
    kinds = {type_of_target(y) for y in ys}
    if kinds == {"binary", "multiclass"}:
        kinds = {"multiclass"}
    if len(kinds) > 1:
        raise ValueError(f"Mix type of y not allowed, got types {kinds}")
    kind = kinds.pop()
    if kind == "multilabel-indicator":
        sizes = {(y.shape if hasattr(y, "shape") else np.shape(y))[1] for y in ys}
        if len(sizes) > 1:
            raise ValueError("Multi-label binary indicator input with different numbers of labels")
        return np.arange(sizes.pop())
    labels = set()
    for y in ys:
        labels.update(np.asarray(y).ravel().tolist())
    if len({isinstance(label, str) for label in labels}) > 1:
        raise ValueError("Mix of label input types (string and number)")
    return np.array(sorted(labels))


def check_classification_targets(y):
    """Raise ``ValueError`` for a continuous target passed to a classifier."""
    kind = type_of_target(y, input_name="y")
    if kind not in ("binary", "multiclass", "multiclass-multioutput", "multilabel-indicator",
                    "multilabel-sequences"):
        raise ValueError(
            f"Unknown label type: {kind}. Maybe you are trying to fit a classifier, which "
            "expects discrete classes on a regression target with continuous values."
        )
