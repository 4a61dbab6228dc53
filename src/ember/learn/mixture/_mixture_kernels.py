"""Compiled row loops of the mixtures' E-step (imported on first use).

NumPy reduces a short trailing axis (the n_features of one component, the
n_components of one sample) slowly, one small reduction per row; these loops
make one pass over the rows instead.
"""

import math

import numpy as np

from ...backend._jit import njit


@njit
def gaussian_log_prob(y, shift, log_2pi_d, log_det, out):
    """``out[i, k] = -(log_2pi_d + ||y_k[i] - shift[k]||^2) / 2 + log_det[k]``.

    ``shift`` is (n_components, n_features); ``y`` holds each component's whitened
    samples side by side (n_samples, n_components * n_features), or one block
    (n_samples, n_features) that all components share (a tied covariance).
    """
    n_samples, n_components = out.shape
    n_features = shift.shape[1]
    step = n_features if y.shape[1] == n_components * n_features else 0
    for i in range(n_samples):
        for k in range(n_components):
            start = k * step
            total = 0.0
            for j in range(n_features):
                value = y[i, start + j] - shift[k, j]
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
