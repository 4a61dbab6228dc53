"""Helpers of the preprocessing transformers: float validation, safe scales, sparse columns."""

import numpy as np
import scipy.sparse as sp

from ..utils.validation import check_array, validate_data

FLOAT_DTYPES = (np.float64, np.float32, np.float16)


def float_data(estimator, X, *, reset, copy, accept_sparse=False, allow_nan=True,
               validate=True):
    """``X`` validated as a float array we may write into (copied when ``copy`` or read-only)."""
    finite = "allow-nan" if allow_nan else True
    if validate:
        X = validate_data(estimator, X, reset=reset, accept_sparse=accept_sparse,
                          dtype=FLOAT_DTYPES, copy=copy, ensure_all_finite=finite)
    else:
        X = check_array(X, accept_sparse=accept_sparse, dtype=FLOAT_DTYPES, copy=copy,
                        ensure_all_finite=finite, estimator=estimator)
    return writeable(X)


def writeable(X):
    """``X`` itself if its values can be written in place, else a copy."""
    values = X.data if sp.issparse(X) else X
    if isinstance(values, np.ndarray) and not values.flags.writeable:
        return X.copy()
    return X


def safe_scale(scale, constant=None):
    """``scale`` with zero (or ``constant``-masked, else below 10 eps) entries replaced by 1."""
    if np.isscalar(scale):
        return 1.0 if scale == 0.0 else scale
    scale = np.array(scale, copy=True)
    if constant is None:
        constant = scale < 10 * np.finfo(scale.dtype).eps
    scale[constant] = 1.0
    return scale


def sparse_entries(X):
    """``(rows, columns)`` of the stored entries of a CSR or CSC matrix, aligned with ``X.data``."""
    counts = np.diff(X.indptr)
    outer = np.repeat(np.arange(len(counts)), counts)
    return (outer, X.indices) if X.format == "csr" else (X.indices, outer)


def scale_sparse_columns(X, factors):
    """Multiply column ``j`` of CSR/CSC ``X`` by ``factors[j]`` in place."""
    _, columns = sparse_entries(X)
    X.data *= factors[columns].astype(X.dtype, copy=False)


def sparse_column_extrema(X):
    """Column minima and maxima of a sparse ``X``, counting implicit zeros, ignoring NaN."""
    X = X.tocsc()
    n_rows, n_columns = X.shape
    counts = np.diff(X.indptr)
    low = np.zeros(n_columns, dtype=X.dtype)
    high = np.zeros(n_columns, dtype=X.dtype)
    filled = counts > 0
    if X.data.size:
        starts = X.indptr[:-1][filled]
        low[filled] = np.fmin.reduceat(X.data, starts)
        high[filled] = np.fmax.reduceat(X.data, starts)
    has_zero = counts < n_rows
    low[has_zero] = np.fmin(low[has_zero], 0)
    high[has_zero] = np.fmax(high[has_zero], 0)
    return low, high
