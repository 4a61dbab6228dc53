"""Compiled row loops of the mixtures' E-step (imported on first use).

NumPy reduces a short trailing axis (the n_features of one component, the
n_components of one sample) slowly, one small reduction per row; these loops
make one pass over the rows instead.
"""

import math

import numpy as np

from ...backend._jit import njit, njit_exact


@njit
def gaussian_log_prob(y, shift, log_2pi_d, log_det, out):
    """``out[i, k] = -(log_2pi_d + ||y_k[i] - shift[k]||^2) / 2 + log_det[k]``.

    ``shift`` is (n_components, n_features); ``y`` holds each component's whitened
    samples (n_components, n_samples, n_features), or one block (1, n_samples,
    n_features) that all components share (a tied covariance).
    """
    n_samples, n_components = out.shape
    n_features = shift.shape[1]
    shared = y.shape[0] == 1
    for i in range(n_samples):
        for k in range(n_components):
            block = 0 if shared else k
            total = 0.0
            for j in range(n_features):
                value = y[block, i, j] - shift[k, j]
                total += value * value
            out[i, k] = -0.5 * (log_2pi_d + total) + log_det[k]


@njit
def log_normalize_rows(weighted, log_norm, log_resp, resp):
    """Each row's log-sum-exp into ``log_norm``, the row less it into ``log_resp`` and
    its exponential into ``resp`` (shifted by the row's largest finite value)."""
    n_samples, n_components = weighted.shape
    for i in range(n_samples):
        top = -np.inf
        for k in range(n_components):
            top = max(top, weighted[i, k])
        if not math.isfinite(top):
            top = 0.0
        total = 0.0
        for k in range(n_components):
            value = math.exp(weighted[i, k] - top)
            resp[i, k] = value
            total += value
        if total == 0.0:  # every component impossible: as NumPy's 0 / 0
            log_norm[i] = -np.inf
            resp[i, :] = np.nan
            log_resp[i, :] = np.nan
            continue
        norm = math.log(total) + top
        log_norm[i] = norm
        for k in range(n_components):
            resp[i, k] = resp[i, k] / total
            log_resp[i, k] = weighted[i, k] - norm


@njit_exact
def precision_cholesky(covariances, out):
    """``out[k] = L_k^-T`` for the lower Cholesky factor ``L_k`` of each covariance
    (n_components, n_features, n_features), read from its lower triangle as LAPACK's
    ``potrf`` reads it; False when a covariance is not positive-definite.

    Ten-by-ten factorisations and triangular solves are too small for BLAS's
    threads, which on a busy machine cost more than the arithmetic.
    """
    n_components, n_features, _ = covariances.shape
    factor = np.zeros((n_features, n_features))
    for k in range(n_components):
        cov = covariances[k]
        for j in range(n_features):
            pivot = cov[j, j]
            for p in range(j):
                pivot -= factor[j, p] * factor[j, p]
            if not pivot > 0.0 or not math.isfinite(pivot):
                return False
            factor[j, j] = math.sqrt(pivot)
            for i in range(j + 1, n_features):
                value = cov[i, j]
                for p in range(j):
                    value -= factor[i, p] * factor[j, p]
                factor[i, j] = value / factor[j, j]
        # forward substitution L M = I, column by column; out[k] = M^T (upper)
        inverse = out[k]
        inverse[:] = 0.0
        for c in range(n_features):
            for i in range(c, n_features):
                value = 1.0 if i == c else 0.0
                for p in range(c, i):
                    value -= factor[i, p] * inverse[c, p]
                inverse[c, i] = value / factor[i, i]
    return True
