"""Target encoders: ``LabelEncoder``, ``LabelBinarizer``, ``MultiLabelBinarizer`` and
``label_binarize``.

These transform ``y`` (labels), not ``X``: codes 0..n_classes-1, one-vs-all
indicator columns, or indicator rows for sets of labels.
"""

import warnings
from itertools import chain, repeat
from numbers import Integral

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, TransformerMixin
from ..utils.multiclass import type_of_target, unique_labels
from ..utils.validation import _num_samples, check_array, check_is_fitted, column_or_1d
from ._encoding import column_categories, encode


class _TargetTransformer(TransformerMixin, BaseEstimator):
    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.two_d_array = False
        tags.target_tags.one_d_labels = True
        return tags


def _codes_of(values, classes):
    """The index of each value in ``classes``; unseen values raise scikit-learn's error."""
    codes, known = encode(values, classes)
    if not known.all():
        unseen = values[~known]
        if values.dtype.kind in "OUS":
            shown = repr(unseen[0])  # scikit-learn reports the first unseen label
        else:
            shown = str(list(np.unique(unseen)))
        raise ValueError(f"y contains previously unseen labels: {shown}")
    return codes


class LabelEncoder(_TargetTransformer):
    """Encode target labels as integers 0..n_classes-1 (in sorted order).

    Attributes:
        classes_: ``(n_classes,)`` the sorted labels.

    Example:
        >>> enc = LabelEncoder().fit(["paris", "tokyo", "paris"])
        >>> enc.transform(["tokyo", "paris"]), enc.classes_.tolist()
        (array([1, 0]), ['paris', 'tokyo'])
    """

    def fit(self, y):
        """Learn the sorted distinct labels of ``y``."""
        self.classes_ = column_categories(column_or_1d(y, warn=True))
        return self

    def fit_transform(self, y):
        """``fit`` then ``transform`` in one pass."""
        y = column_or_1d(y, warn=True)
        self.classes_ = column_categories(y)
        return _codes_of(y, self.classes_)

    def transform(self, y):
        """The code of each label in ``y``."""
        check_is_fitted(self)
        y = column_or_1d(y, dtype=self.classes_.dtype, warn=True)
        if len(y) == 0:
            return np.array([])
        return _codes_of(y, self.classes_)

    def inverse_transform(self, y):
        """The labels of the codes ``y``."""
        check_is_fitted(self)
        y = column_or_1d(y, warn=True)
        if len(y) == 0:
            return np.array([])
        unseen = np.setdiff1d(y, np.arange(len(self.classes_)))
        if len(unseen):
            raise ValueError(f"y contains previously unseen labels: {unseen}")
        return self.classes_[np.asarray(y)]


def _check_labels(neg_label, pos_label, sparse_output):
    if neg_label >= pos_label:
        raise ValueError(f"neg_label={neg_label} must be strictly less than pos_label={pos_label}.")
    if sparse_output and (pos_label == 0 or neg_label != 0):
        raise ValueError("Sparse binarization is only supported with non zero pos_label and zero "
                         f"neg_label, got pos_label={pos_label} and neg_label={neg_label}")


def label_binarize(y, *, classes, neg_label=0, pos_label=1, sparse_output=False):
    """One-vs-all indicators of ``y`` against ``classes``: ``(n_samples, n_classes)``, or one
    column for two classes; multilabel indicator input is relabelled.

    Example:
        >>> label_binarize([1, 6, 4], classes=[1, 2, 4, 6])
        array([[1, 0, 0, 0],
               [0, 0, 0, 1],
               [0, 0, 1, 0]])
    """
    if not isinstance(y, list):
        y = check_array(y, input_name="y", accept_sparse="csr", ensure_2d=False, dtype=None)
    elif _num_samples(y) == 0:
        raise ValueError(f"y has 0 samples: {y!r}")
    _check_labels(neg_label, pos_label, sparse_output)
    # a positive label of 0 is written as -neg_label, then swapped back at the end
    swapped = pos_label == 0
    if swapped:
        pos_label = -neg_label
    kind = type_of_target(y, input_name="y")
    if "multioutput" in kind:
        raise ValueError("Multioutput target data is not supported with label binarization")
    if kind == "unknown":
        raise ValueError("The type of target data is not known")
    n_samples = y.shape[0] if sp.issparse(y) else len(y)
    classes = np.asarray(classes)
    if kind == "binary":
        if len(classes) == 1:
            if sparse_output:
                return sp.csr_matrix((n_samples, 1), dtype=int)
            return np.full((n_samples, 1), neg_label, dtype=int)
        if len(classes) >= 3:
            kind = "multiclass"
    ordered = np.sort(classes)
    if kind == "multilabel-indicator":
        width = y.shape[1] if hasattr(y, "shape") else len(y[0])
        if classes.size != width:
            raise ValueError(f"classes {classes} mismatch with the labels {unique_labels(y)} "
                             "found in the data")
        Y = sp.csr_matrix(y)
        if pos_label != 1:
            Y.data = np.full_like(Y.data, pos_label)
    elif kind in ("binary", "multiclass"):
        y = column_or_1d(y)
        present = np.isin(y, classes)
        columns = np.searchsorted(ordered, y[present])
        indptr = np.concatenate([[0], np.cumsum(present)])
        data = np.full(len(columns), pos_label, dtype=columns.dtype)
        Y = sp.csr_matrix((data, columns, indptr), shape=(n_samples, len(classes)))
    else:
        raise ValueError(f"{kind} target data is not supported with label binarization")
    if sparse_output:
        Y.data = Y.data.astype(int, copy=False)
    else:
        Y = Y.toarray().astype(int, copy=False)
        if neg_label != 0:
            Y[Y == 0] = neg_label
        if swapped:
            Y[Y == pos_label] = 0
    if np.any(classes != ordered):
        Y = Y[:, np.searchsorted(ordered, classes)]
    if kind == "binary":
        Y = Y[:, [-1]] if sparse_output else Y[:, -1].reshape(-1, 1)
    return Y


class LabelBinarizer(_TargetTransformer):
    """Binarise labels one-vs-all: ``(n_samples, n_classes)``, or one column for two classes.

    Args:
        neg_label, pos_label: the values written for "not this class" and "this class".
        sparse_output: return a CSR matrix.

    Attributes:
        classes_: ``(n_classes,)`` the labels.
        y_type_: the ``type_of_target`` of the fitted ``y``.
        sparse_input_: whether the fitted ``y`` was sparse.

    Example:
        >>> LabelBinarizer().fit_transform(["cat", "dog", "fish", "dog"])
        array([[1, 0, 0],
               [0, 1, 0],
               [0, 0, 1],
               [0, 1, 0]])
    """

    _parameter_constraints = {"neg_label": [Integral], "pos_label": [Integral],
                              "sparse_output": ["boolean"]}

    def __init__(self, *, neg_label=0, pos_label=1, sparse_output=False):
        self.neg_label = neg_label
        self.pos_label = pos_label
        self.sparse_output = sparse_output

    def fit(self, y):
        """Learn the labels of ``y`` (labels or a multilabel indicator matrix)."""
        self._validate_params()
        _check_labels(self.neg_label, self.pos_label, self.sparse_output)
        self.y_type_ = type_of_target(y, input_name="y")
        if "multioutput" in self.y_type_:
            raise ValueError("Multioutput target data is not supported with label binarization")
        if _num_samples(y) == 0:
            raise ValueError(f"y has 0 samples: {y!r}")
        self.sparse_input_ = sp.issparse(y)
        if self.sparse_input_ and self.y_type_ == "multilabel-indicator":
            # ember.learn.utils.unique_labels reads no width from sparse matrices
            self.classes_ = np.arange(y.shape[1])
        else:
            self.classes_ = unique_labels(y)
        return self

    def fit_transform(self, y):
        """``fit`` then ``transform``."""
        return self.fit(y).transform(y)

    def transform(self, y):
        """The indicator matrix of ``y``."""
        check_is_fitted(self)
        if type_of_target(y).startswith("multilabel") and not self.y_type_.startswith("multilabel"):
            raise ValueError("The object was not fitted with multilabel input.")
        return label_binarize(y, classes=self.classes_, pos_label=self.pos_label,
                              neg_label=self.neg_label, sparse_output=self.sparse_output)

    def inverse_transform(self, Y, threshold=None):
        """Labels from indicators (or scores): the arg-max class, or for binary and
        multilabel targets the entries above ``threshold`` (default midway between labels)."""
        check_is_fitted(self)
        if threshold is None:
            threshold = (self.pos_label + self.neg_label) / 2.0
        if self.y_type_ == "multiclass":
            dense = Y.toarray() if sp.issparse(Y) else np.asarray(Y)
            labels = self.classes_.take(dense.argmax(axis=1), mode="clip")
        else:
            labels = _threshold_labels(Y, self.y_type_, self.classes_, threshold)
        if self.sparse_input_:
            return sp.csr_matrix(labels)
        return labels.toarray() if sp.issparse(labels) else labels

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        return tags


def _threshold_labels(Y, kind, classes, threshold):
    if kind == "binary" and Y.ndim == 2 and Y.shape[1] > 2:
        raise ValueError(f"output_type='binary', but y.shape = {Y.shape}")
    if kind != "binary" and Y.shape[1] != len(classes):
        raise ValueError("The number of class is not equal to the number of dimension of y.")
    classes = np.asarray(classes)
    if sp.issparse(Y):
        if threshold > 0:
            Y = Y.tocsr(copy=True)
            Y.data = (Y.data > threshold).astype(int)
            Y.eliminate_zeros()
        else:
            Y = (Y.toarray() > threshold).astype(int)
    else:
        Y = (np.asarray(Y) > threshold).astype(int)
    if kind == "multilabel-indicator":
        return Y
    if kind != "binary":
        raise ValueError(f"{kind} format is not supported")
    if sp.issparse(Y):
        Y = Y.toarray()
    if Y.ndim == 2 and Y.shape[1] == 2:
        return classes[Y[:, 1]]
    if len(classes) == 1:
        return np.repeat(classes[0], len(Y))
    return classes[Y.ravel()]


class MultiLabelBinarizer(_TargetTransformer):
    """Indicator rows for sets of labels: ``[{"a", "b"}, {"c"}]`` -> ``[[1, 1, 0], [0, 0, 1]]``.

    Args:
        classes: the label order of the columns (default: the sorted labels seen).
        sparse_output: return a CSR matrix.

    Attributes:
        classes_: ``(n_classes,)`` the labels of the columns.

    Example:
        >>> mlb = MultiLabelBinarizer()
        >>> mlb.fit_transform([("sci-fi", "thriller"), ("comedy",)])
        array([[0, 1, 1],
               [1, 0, 0]])
        >>> mlb.inverse_transform(mlb.transform([("comedy", "thriller")]))
        [('comedy', 'thriller')]
    """

    _parameter_constraints = {"classes": ["array-like", None], "sparse_output": ["boolean"]}

    def __init__(self, *, classes=None, sparse_output=False):
        self.classes = classes
        self.sparse_output = sparse_output

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.target_tags.one_d_labels = False
        tags.target_tags.two_d_labels = True
        return tags

    def fit(self, y):
        """Learn the labels (the union of the label sets in ``y``, sorted, unless ``classes``)."""
        self._validate_params()
        if self.classes is not None and len(set(self.classes)) < len(self.classes):
            raise ValueError("The classes argument contains duplicate classes. Remove these "
                             "duplicates before passing them to MultiLabelBinarizer.")
        classes = sorted(set(chain.from_iterable(y))) if self.classes is None else self.classes
        dtype = int if all(isinstance(c, int) for c in classes) else object
        self.classes_ = np.empty(len(classes), dtype=dtype)
        self.classes_[:] = classes
        return self

    def fit_transform(self, y):
        """``fit`` then ``transform`` (``y`` may be a one-pass iterable)."""
        rows = list(map(tuple, y))
        return self.fit(rows).transform(rows)

    def transform(self, y):
        """The indicator matrix of the label sets ``y``; unknown labels are ignored (warned)."""
        check_is_fitted(self)
        rows = list(map(tuple, y))
        lengths = np.fromiter(map(len, rows), dtype=np.intp, count=len(rows))
        labels = list(chain.from_iterable(rows))
        index = {label: i for i, label in enumerate(self.classes_.tolist())}
        columns = np.fromiter(map(index.get, labels, repeat(-1)), dtype=np.intp, count=len(labels))
        known = columns >= 0
        if not known.all():
            unknown = {label for label, ok in zip(labels, known.tolist()) if not ok}
            warnings.warn(f"unknown class(es) {sorted(unknown, key=str)} will be ignored")
        row_of = np.repeat(np.arange(len(rows)), lengths)[known]
        result = sp.csr_matrix((np.ones(len(row_of), dtype=int), (row_of, columns[known])),
                               shape=(len(rows), len(self.classes_)))
        result.sum_duplicates()
        result.data[:] = 1  # a label repeated within a set counts once
        return result if self.sparse_output else result.toarray()

    def inverse_transform(self, yt):
        """The label tuple of each indicator row."""
        check_is_fitted(self)
        if yt.shape[1] != len(self.classes_):
            raise ValueError(f"Expected indicator for {len(self.classes_)} classes, but got "
                             f"{yt.shape[1]}")
        if sp.issparse(yt):
            yt = yt.tocsr()
            if len(yt.data) and len(np.setdiff1d(yt.data, [0, 1])):
                raise ValueError("Expected only 0s and 1s in label indicator.")
            yt = yt.copy()
            yt.sum_duplicates()
            yt.eliminate_zeros()
            yt.sort_indices()
            indices, indptr = yt.indices, yt.indptr
        else:
            unexpected = np.setdiff1d(yt, [0, 1])
            if len(unexpected):
                raise ValueError("Expected only 0s and 1s in label indicator. Also got "
                                 f"{unexpected}")
            rows, indices = np.nonzero(np.asarray(yt))
            indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=yt.shape[0]))])
        labels = self.classes_[indices].tolist()
        return [tuple(labels[start:end]) for start, end in zip(indptr[:-1], indptr[1:])]
