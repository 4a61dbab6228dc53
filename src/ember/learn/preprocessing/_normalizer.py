"""Stateless transforms: ``Normalizer``/``normalize`` (each sample to unit norm),
``Binarizer``/``binarize`` (values to 0/1 at a threshold) and ``add_dummy_feature``."""

from numbers import Real

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from ..utils._param_validation import StrOptions
from ..utils.validation import check_array, validate_data
from ._common import FLOAT_DTYPES, safe_scale, sparse_entries, writeable

_NORMS = ("l1", "l2", "max")


def _row_norms(X, norm):
    """The ``norm`` of each row of a dense array or CSR matrix."""
    if sp.issparse(X):
        rows, _ = sparse_entries(X)
        values = np.abs(X.data)
        if norm == "max":
            result = np.zeros(X.shape[0], dtype=X.dtype)
            filled = np.diff(X.indptr) > 0
            if values.size:
                result[filled] = np.maximum.reduceat(values, X.indptr[:-1][filled])
            return result
        if norm == "l2":
            return np.sqrt(np.bincount(rows, weights=values * values, minlength=X.shape[0]))
        return np.bincount(rows, weights=values, minlength=X.shape[0])
    if norm == "l2":
        return np.sqrt(np.einsum("ij,ij->i", X, X))
    if norm == "l1":
        return np.abs(X).sum(axis=1)
    return np.max(np.abs(X), axis=1) if X.shape[1] else np.zeros(X.shape[0], X.dtype)


def normalize(X, norm="l2", *, axis=1, copy=True, return_norm=False):
    """Scale each sample (``axis=1``) or each feature (``axis=0``) to unit ``norm``.

    Rows of norm 0 are left unchanged.

    Args:
        X: ``(n_samples, n_features)`` array or sparse matrix.
        norm: ``"l1"``, ``"l2"`` or ``"max"``.
        axis: 1 to normalise rows, 0 for columns.
        copy: normalise a copy.
        return_norm: also return the norms (zero norms given as 1, as the divisor used).

    Example:
        >>> normalize([[3.0, 4.0]])
        array([[0.6, 0.8]])
    """
    if norm not in _NORMS:
        raise ValueError(f"'{norm}' is not a supported norm")
    if axis not in (0, 1):
        raise ValueError(f"'{axis}' is not a supported axis")
    X = check_array(X, accept_sparse="csc" if axis == 0 else "csr", copy=copy, dtype=FLOAT_DTYPES,
                    input_name="X")
    X = writeable(X)
    if axis == 0:
        X = X.T
    norms = _row_norms(X, norm)
    if sp.issparse(X):
        divisor = safe_scale(norms, norms == 0)
        rows, _ = sparse_entries(X)
        X.data /= divisor[rows].astype(X.dtype, copy=False)
    else:
        norms = divisor = safe_scale(norms)
        X /= divisor[:, None]
    if axis == 0:
        X = X.T
    return (X, norms) if return_norm else X


class _Stateless(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """A transformer that learns nothing: ``fit`` only checks ``X`` and records its features."""

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        tags.requires_fit = False
        return tags

    def fit(self, X, y=None):
        """Check ``X`` and record its number of features."""
        self._validate_params()
        validate_data(self, X, accept_sparse="csr")
        return self


class Normalizer(_Stateless):
    """Scale each sample (row) to unit norm; stateless (``fit`` only checks the data).

    Args:
        norm: ``"l1"``, ``"l2"`` or ``"max"``.
        copy: transform a copy.

    Example:
        >>> Normalizer(norm="l1").fit_transform([[1.0, 3.0]])
        array([[0.25, 0.75]])
    """

    _parameter_constraints = {"norm": [StrOptions(set(_NORMS))], "copy": ["boolean"]}

    def __init__(self, norm="l2", *, copy=True):
        self.norm = norm
        self.copy = copy

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def transform(self, X, copy=None):
        """Scale each row of ``X`` to unit norm."""
        copy = self.copy if copy is None else copy
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return normalize(X, norm=self.norm, axis=1, copy=copy)


def binarize(X, *, threshold=0.0, copy=True):
    """1 where ``X > threshold``, else 0, in ``X``'s dtype (sparse: ``threshold >= 0``).

    Example:
        >>> binarize([[0.5, -1.0, 2.0]], threshold=0.5)
        array([[0., 0., 1.]])
    """
    X = writeable(check_array(X, accept_sparse=["csr", "csc"], copy=copy, input_name="X"))
    if sp.issparse(X):
        if threshold < 0:
            raise ValueError("Cannot binarize a sparse matrix with threshold < 0")
        X.data[...] = X.data > threshold
        X.eliminate_zeros()
        return X
    X[...] = X > threshold
    return X


class Binarizer(_Stateless):
    """Set values above ``threshold`` to 1 and the others to 0; stateless.

    Example:
        >>> Binarizer(threshold=1.0).fit_transform([[0.5, 1.5], [2.0, 1.0]])
        array([[0., 1.],
               [1., 0.]])
    """

    _parameter_constraints = {"threshold": [Real], "copy": ["boolean"]}

    def __init__(self, *, threshold=0.0, copy=True):
        self.threshold = threshold
        self.copy = copy

    def transform(self, X, copy=None):
        """0/1 values of ``X`` against ``threshold``."""
        copy = self.copy if copy is None else copy
        X = validate_data(self, X, accept_sparse=["csr", "csc"], copy=copy, reset=False)
        return binarize(X, threshold=self.threshold, copy=False)


def add_dummy_feature(X, value=1.0):
    """``X`` with a first column of ``value`` (the bias feature); sparse stays sparse.

    Example:
        >>> add_dummy_feature([[2.0], [3.0]])
        array([[1., 2.],
               [1., 3.]])
    """
    X = check_array(X, accept_sparse=["csc", "csr", "coo"], dtype=FLOAT_DTYPES, input_name="X")
    n_samples = X.shape[0]
    if sp.issparse(X):
        column = sp.csc_matrix(np.full((n_samples, 1), value, dtype=X.dtype))
        return sp.hstack([column, X], format=X.format)
    return np.hstack([np.full((n_samples, 1), value, dtype=X.dtype), X])
