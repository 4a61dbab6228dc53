"""Per-column weighted counts, means and variances that ignore NaN and merge batch by batch.

``StandardScaler.partial_fit`` keeps ``(count, mean, var)`` for each column and
merges every new batch into it with Chan, Golub and LeVeque's pairwise update,
so fitting in batches gives the variance of all the data seen. Sums are taken
in float64 whatever the input dtype.
"""

import numpy as np
import scipy.sparse as sp

from ._common import sparse_entries


def batch_moments(X, weight=None):
    """``(count, mean, m2)`` per column of ``X`` (dense or CSR/CSC): weighted count of
    non-NaN values, their mean and their sum of weighted squared deviations."""
    if sp.issparse(X):
        return _sparse_moments(X, weight)
    X64 = X.astype(np.float64, copy=False)
    has_nan = bool(np.isnan(X64.sum()))  # infinities were rejected: a NaN sum means a NaN
    if weight is None and not has_nan:
        count = np.full(X.shape[1], float(X.shape[0]))
        mean = X64.mean(axis=0)
        deviation = X64 - mean
        m2 = np.einsum("ij,ij->j", deviation, deviation)
        correction = deviation.sum(axis=0)
    else:
        w = np.ones(X.shape[0]) if weight is None else np.asarray(weight, dtype=np.float64)
        missing = np.isnan(X64) if has_nan else np.zeros(X.shape, dtype=bool)
        present = ~missing
        # equal counts must stay exactly equal (BLAS may round columns differently)
        count = w @ present if has_nan else np.full(X.shape[1], w.sum())
        values = np.where(missing, 0.0, X64) if has_nan else X64
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = (w @ values) / count
        deviation = np.where(present, X64 - mean, 0.0)
        m2 = w @ (deviation * deviation)
        correction = w @ deviation
    with np.errstate(invalid="ignore", divide="ignore"):
        # the two-pass correction term of Chan et al.: exact zero in exact arithmetic
        m2 = m2 - np.where(count > 0, correction**2 / count, 0.0)
    return count, mean, m2


def _sparse_moments(X, weight):
    n_rows, n_columns = X.shape
    rows, columns = sparse_entries(X)
    data = X.data.astype(np.float64, copy=False)
    w = np.ones(n_rows) if weight is None else np.asarray(weight, dtype=np.float64)
    entry_weight = w[rows]
    missing = np.isnan(data)
    count = w.sum() - np.bincount(columns[missing], weights=entry_weight[missing],
                                  minlength=n_columns)
    present = ~missing
    columns, data, entry_weight = columns[present], data[present], entry_weight[present]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(columns, weights=entry_weight * data, minlength=n_columns) / count
    deviation = data - mean[columns]
    stored_weight = np.bincount(columns, weights=entry_weight, minlength=n_columns)
    zero_weight = count - stored_weight
    m2 = np.bincount(columns, weights=entry_weight * deviation**2, minlength=n_columns)
    m2 += zero_weight * mean**2
    return count, mean, m2


def merge_moments(last_count, last_mean, last_var, count, mean, m2):
    """Merge a batch's ``(count, mean, m2)`` into running ``(count, mean, var)``; returns the
    updated ``(count, mean, var)``."""
    last_count = np.asarray(last_count, dtype=np.float64)
    if not last_count.any():  # first batch: its own moments, without rounding
        with np.errstate(invalid="ignore", divide="ignore"):
            var = None if last_var is None else np.where(count > 0, m2 / count, np.nan)
        return count, mean, var
    total = last_count + count
    with np.errstate(invalid="ignore", divide="ignore"):
        batch_mean = np.where(count > 0, mean, 0.0)
        merged_mean = np.where(
            count > 0, (last_count * last_mean + count * batch_mean) / total, last_mean
        )
        if last_var is None:
            return total, merged_mean, None
        delta = batch_mean - last_mean
        last_m2 = last_var * last_count
        merged_m2 = last_m2 + np.where(count > 0, m2, 0.0) + np.where(
            (count > 0) & (last_count > 0), delta**2 * last_count * count / total, 0.0
        )
        merged_var = np.where(total > 0, merged_m2 / total, 0.0)
    merged_mean = np.where(total > 0, merged_mean, np.nan)
    return total, merged_mean, merged_var
