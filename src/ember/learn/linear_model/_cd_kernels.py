"""Compiled coordinate descent for the elastic net (imported on the first Lasso/ElasticNet fit).

Each kernel minimises

    P(w) = 1/2 ||y - X w||^2 + alpha ||w||_1 + beta/2 ||w||^2

one coordinate at a time (Friedman, Hastie & Tibshirani 2010): with the
residual ``R = y - X w`` kept current, coordinate ``j`` becomes
``soft_threshold(X_j . R + w_j ||X_j||^2, alpha) / (||X_j||^2 + beta)``.
A sweep ends the run when its largest update is small relative to the largest
coefficient and the duality gap ``P(w) - D(v)`` (a bound on the distance to the
optimum) is below ``tol * ||y||^2``: scikit-learn's stopping rule, so the same
data and settings take the same number of sweeps. After each gap computation
the gap-safe screening rule (Fercoq, Gramfort & Salmon) drops coordinates that
are provably zero at the optimum.

Three variants share the gap formula and the screening rule: dense ``X``
(Fortran order, columns contiguous), a precomputed Gram matrix ``Q = X^T X``
with ``q = X^T y`` (each update costs O(n_features) instead of O(n_samples)),
and CSC sparse ``X`` centred implicitly by its column means.

Random selection draws coordinates with the 32-bit xorshift generator that
scikit-learn's Cython code uses, seeded the same way, so ``selection="random"``
also visits coordinates in the same order.
"""

import numpy as np

from ember.backend._jit import njit

_RAND_R_MAX = 2147483647
_MASK32 = 0xFFFFFFFF


@njit
def _next_random(state):
    """One xorshift32 step on ``state[0]``; returns a value in [0, 2**31)."""
    seed = state[0]
    if seed == 0:
        seed = 1
    seed ^= (seed << 13) & _MASK32
    seed ^= seed >> 17
    seed ^= (seed << 5) & _MASK32
    state[0] = seed
    return seed % (_RAND_R_MAX + 1)


@njit
def _duality_gap(w, alpha, beta, XtR, R_norm2, Ry, positive):
    """Duality gap and dual norm from ``XtR = X^T R`` (overwritten with ``X^T R - beta w``).

    alpha > 0: the Lasso dual with the residual scaled into the feasible set;
    alpha = 0, beta > 0: the ridge dual (formulation B); alpha = beta = 0: the
    squared gradient norm.
    """
    n_features = w.shape[0]
    w_l2 = 0.0
    if beta > 0:
        for j in range(n_features):
            w_l2 += w[j] * w[j]
    if alpha == 0:
        norm = 0.0
        for j in range(n_features):
            norm += XtR[j] * XtR[j]
        if beta == 0:
            return norm, norm
        return R_norm2 + 0.5 * beta * w_l2 - Ry + norm / (2 * beta), norm
    norm = -np.inf if positive else 0.0
    w_l1 = 0.0
    for j in range(n_features):
        XtR[j] -= beta * w[j]
        value = XtR[j] if positive else abs(XtR[j])
        if value > norm:
            norm = value
        w_l1 += abs(w[j])
    primal = 0.5 * (R_norm2 + beta * w_l2) + alpha * w_l1
    scale = alpha / norm if norm > alpha else 1.0
    dual = -0.5 * scale * scale * (R_norm2 + beta * w_l2) + scale * Ry
    return primal - dual, norm


@njit
def _screen(XtA, dual_norm, col_norm2, alpha, beta, radius, excluded, active, first):
    """Gap-safe screening: refill ``active`` with the coordinates that may be non-zero.

    Returns the number of active coordinates; newly excluded ones get
    ``excluded[j] = 2`` so the caller can zero them and fix its residual.
    """
    n_active = 0
    for j in range(XtA.shape[0]):
        if first:
            if col_norm2[j] == 0:
                excluded[j] = 1
                continue
        elif excluded[j]:
            continue
        theta_j = XtA[j] / max(alpha, dual_norm)
        d_j = (1 - abs(theta_j)) / np.sqrt(col_norm2[j] + beta)
        if d_j <= radius:
            active[n_active] = j
            excluded[j] = 0
            n_active += 1
        else:
            excluded[j] = 2
    return n_active


@njit
def _update(w_j, tmp, alpha, denominator, positive):
    if positive and tmp < 0:
        return 0.0
    magnitude = abs(tmp) - alpha
    if magnitude <= 0:
        return -0.0 if tmp < 0 else 0.0  # the sign of zero scikit-learn's update leaves
    return (magnitude if tmp > 0 else -magnitude) / denominator


# -- dense X -------------------------------------------------------------------------

@njit
def _dense_gap(w, alpha, beta, X, y, R, XtA, positive):
    n_samples, n_features = X.shape
    R_norm2 = 0.0
    Ry = 0.0
    for i in range(n_samples):
        R_norm2 += R[i] * R[i]
        Ry += R[i] * y[i]
    for j in range(n_features):
        total = 0.0
        for i in range(n_samples):
            total += X[i, j] * R[i]
        XtA[j] = total
    return _duality_gap(w, alpha, beta, XtA, R_norm2, Ry, positive)


@njit
def _dense_drop(w, X, R, excluded):
    for j in range(w.shape[0]):
        if excluded[j] == 2:
            excluded[j] = 1
            if w[j] != 0:
                for i in range(R.shape[0]):
                    R[i] += w[j] * X[i, j]
                w[j] = 0.0


@njit
def enet_dense(w, alpha, beta, X, y, max_iter, tol, seed, random, positive, screening):
    """Coordinate descent on dense Fortran-ordered ``X``; returns ``(gap, tol * ||y||^2, n_iter, converged)``."""
    n_samples, n_features = X.shape
    col_norm2 = np.zeros(n_features)
    for j in range(n_features):
        total = 0.0
        for i in range(n_samples):
            total += X[i, j] * X[i, j]
        col_norm2[j] = total
    R = y.copy()
    for j in range(n_features):
        if w[j] != 0:
            for i in range(n_samples):
                R[i] -= w[j] * X[i, j]
    XtA = np.empty(n_features)
    state = np.array([seed], dtype=np.int64)
    screening = screening and alpha != 0
    active = np.arange(n_features)
    excluded = np.zeros(n_features, dtype=np.uint8)
    n_active = n_features
    y_norm2 = 0.0
    for i in range(n_samples):
        y_norm2 += y[i] * y[i]
    d_w_tol = tol
    tol = tol * y_norm2
    gap, dual_norm = _dense_gap(w, alpha, beta, X, y, R, XtA, positive)
    if gap <= tol:
        return gap, tol, 0, True
    if screening:
        for j in range(n_features):
            if col_norm2[j] == 0:
                w[j] = 0.0
        n_active = _screen(XtA, dual_norm, col_norm2, alpha, beta, np.sqrt(2 * gap) / alpha,
                           excluded, active, True)
        _dense_drop(w, X, R, excluded)
    for n_iter in range(max_iter):
        w_max = 0.0
        d_w_max = 0.0
        for f_iter in range(n_active):
            j = (_next_random(state) % n_active) if random else f_iter
            j = active[j]
            if col_norm2[j] == 0.0:
                continue
            w_j = w[j]
            tmp = 0.0
            for i in range(n_samples):
                tmp += X[i, j] * R[i]
            tmp += w_j * col_norm2[j]
            w[j] = _update(w_j, tmp, alpha, col_norm2[j] + beta, positive)
            if w[j] != w_j:
                step = w_j - w[j]
                for i in range(n_samples):
                    R[i] += step * X[i, j]
            d_w_max = max(d_w_max, abs(w[j] - w_j))
            w_max = max(w_max, abs(w[j]))
        if w_max == 0.0 or d_w_max / w_max <= d_w_tol or n_iter == max_iter - 1:
            gap, dual_norm = _dense_gap(w, alpha, beta, X, y, R, XtA, positive)
            if gap <= tol:
                return gap, tol, n_iter + 1, True
            if screening:
                n_active = _screen(XtA, dual_norm, col_norm2, alpha, beta,
                                   np.sqrt(2 * gap) / alpha, excluded, active, False)
                _dense_drop(w, X, R, excluded)
    return gap, tol, max_iter, False


# -- precomputed Gram matrix -----------------------------------------------------------

@njit
def _gram_gap(w, alpha, beta, Qw, q, y_norm2, XtA, positive):
    q_w = 0.0
    w_Q_w = 0.0
    for j in range(w.shape[0]):
        q_w += q[j] * w[j]
        w_Q_w += w[j] * Qw[j]
        XtA[j] = q[j] - Qw[j]
    return _duality_gap(w, alpha, beta, XtA, y_norm2 + w_Q_w - 2.0 * q_w, y_norm2 - q_w, positive)


@njit
def _gram_drop(w, Q, Qw, excluded):
    n_features = w.shape[0]
    for j in range(n_features):
        if excluded[j] == 2:
            excluded[j] = 1
            if w[j] != 0:
                for k in range(n_features):
                    Qw[k] -= w[j] * Q[j, k]
                w[j] = 0.0


@njit
def enet_gram(w, alpha, beta, Q, q, y_norm2, max_iter, tol, seed, random, positive, screening):
    """Coordinate descent on ``Q = X^T X``, ``q = X^T y``; returns like ``enet_dense``."""
    n_features = Q.shape[0]
    Qw = Q @ w
    XtA = np.zeros(n_features)
    state = np.array([seed], dtype=np.int64)
    screening = screening and alpha != 0
    active = np.arange(n_features)
    excluded = np.zeros(n_features, dtype=np.uint8)
    col_norm2 = np.diag(Q).copy()
    n_active = n_features
    d_w_tol = tol
    tol = tol * y_norm2
    gap, dual_norm = _gram_gap(w, alpha, beta, Qw, q, y_norm2, XtA, positive)
    if 0 <= gap <= tol:  # a singular Q can give a slightly negative gap
        return gap, tol, 0, True
    if screening:
        for j in range(n_features):
            if col_norm2[j] == 0:
                w[j] = 0.0
        n_active = _screen(XtA, dual_norm, col_norm2, alpha, beta, np.sqrt(2 * abs(gap)) / alpha,
                           excluded, active, True)
        _gram_drop(w, Q, Qw, excluded)
    for n_iter in range(max_iter):
        w_max = 0.0
        d_w_max = 0.0
        for f_iter in range(n_active):
            j = (_next_random(state) % n_active) if random else f_iter
            j = active[j]
            if Q[j, j] == 0.0:
                continue
            w_j = w[j]
            tmp = q[j] - Qw[j] + w_j * Q[j, j]
            w[j] = _update(w_j, tmp, alpha, Q[j, j] + beta, positive)
            if w[j] != w_j:
                step = w[j] - w_j
                for k in range(n_features):
                    Qw[k] += step * Q[j, k]
            d_w_max = max(d_w_max, abs(w[j] - w_j))
            w_max = max(w_max, abs(w[j]))
        if w_max == 0.0 or d_w_max / w_max <= d_w_tol or n_iter == max_iter - 1:
            gap, dual_norm = _gram_gap(w, alpha, beta, Qw, q, y_norm2, XtA, positive)
            if gap <= tol:
                return gap, tol, n_iter + 1, True
            if screening:
                n_active = _screen(XtA, dual_norm, col_norm2, alpha, beta,
                                   np.sqrt(2 * abs(gap)) / alpha, excluded, active, False)
                _gram_drop(w, Q, Qw, excluded)
    return gap, tol, max_iter, False


# -- sparse (CSC) X, centred implicitly --------------------------------------------------

@njit
def _sparse_add_column(R, data, indices, indptr, X_mean, center, weight, weighted, amount, j):
    """``R += amount * sqrt-weighted (X_j - mean_j)`` in the weighted-residual space."""
    for k in range(indptr[j], indptr[j + 1]):
        i = indices[k]
        R[i] += (weight[i] if weighted else 1.0) * data[k] * amount
    if center:
        shift = X_mean[j] * amount
        for i in range(R.shape[0]):
            R[i] -= (weight[i] if weighted else 1.0) * shift


@njit
def _sparse_gap(w, alpha, beta, data, indices, indptr, y, weight, weighted, X_mean, center, R,
                R_sum, XtA, positive):
    n_samples = y.shape[0]
    R_norm2 = 0.0
    Ry = 0.0
    for i in range(n_samples):
        if weighted:
            if weight[i] != 0:
                R_norm2 += R[i] * R[i] / weight[i]
        else:
            R_norm2 += R[i] * R[i]
        Ry += R[i] * y[i]
    for j in range(w.shape[0]):
        total = 0.0
        for k in range(indptr[j], indptr[j + 1]):
            total += data[k] * R[indices[k]]
        if center:
            total -= X_mean[j] * R_sum
        XtA[j] = total
    return _duality_gap(w, alpha, beta, XtA, R_norm2, Ry, positive)


@njit
def _sparse_drop(w, R, data, indices, indptr, X_mean, center, weight, weighted, excluded):
    for j in range(w.shape[0]):
        if excluded[j] == 2:
            excluded[j] = 1
            if w[j] != 0:
                _sparse_add_column(R, data, indices, indptr, X_mean, center, weight, weighted,
                                   w[j], j)
                w[j] = 0.0


@njit
def enet_sparse(w, alpha, beta, data, indices, indptr, y, weight, weighted, X_mean, max_iter, tol,
                seed, random, positive, screening):
    """Coordinate descent on CSC ``X - X_mean`` (rows weighted by ``weight`` when ``weighted``)."""
    n_samples = y.shape[0]
    n_features = w.shape[0]
    center = False
    for j in range(n_features):
        if X_mean[j] != 0:
            center = True
            break
    col_norm2 = np.zeros(n_features)
    R = y * weight if weighted else y.copy()
    y_yw = 0.0
    for i in range(n_samples):
        y_yw += y[i] * R[i]
    R_sum = 0.0
    for j in range(n_features):
        mean_j = X_mean[j]
        w_j = w[j]
        total = 0.0
        for k in range(indptr[j], indptr[j + 1]):
            i = indices[k]
            sw = weight[i] if weighted else 1.0
            total += sw * (data[k] - mean_j) ** 2 - (sw * mean_j**2 if weighted else 0.0)
            R[i] -= sw * data[k] * w_j
        if center:
            if weighted:
                for i in range(n_samples):
                    total += weight[i] * mean_j**2
            else:
                total += (n_samples - indptr[j + 1] + indptr[j]) * mean_j**2
            for i in range(n_samples):
                R[i] += (weight[i] if weighted else 1.0) * mean_j * w_j
                R_sum += R[i]
        col_norm2[j] = total
    XtA = np.empty(n_features)
    state = np.array([seed], dtype=np.int64)
    screening = screening and alpha != 0
    active = np.arange(n_features)
    excluded = np.zeros(n_features, dtype=np.uint8)
    n_active = n_features
    d_w_tol = tol
    tol = tol * y_yw
    gap, dual_norm = _sparse_gap(w, alpha, beta, data, indices, indptr, y, weight, weighted, X_mean,
                                 center, R, R_sum, XtA, positive)
    if gap <= tol:
        return gap, tol, 0, True
    if screening:
        for j in range(n_features):
            if col_norm2[j] == 0:
                w[j] = 0.0
        n_active = _screen(XtA, dual_norm, col_norm2, alpha, beta, np.sqrt(2 * gap) / alpha,
                           excluded, active, True)
        _sparse_drop(w, R, data, indices, indptr, X_mean, center, weight, weighted, excluded)
    for n_iter in range(max_iter):
        w_max = 0.0
        d_w_max = 0.0
        for f_iter in range(n_active):
            j = (_next_random(state) % n_active) if random else f_iter
            j = active[j]
            if col_norm2[j] == 0.0:
                continue
            w_j = w[j]
            tmp = 0.0
            for k in range(indptr[j], indptr[j + 1]):
                tmp += R[indices[k]] * data[k]
            tmp += w_j * col_norm2[j]
            if center:
                tmp -= R_sum * X_mean[j]
            w[j] = _update(w_j, tmp, alpha, col_norm2[j] + beta, positive)
            if w[j] != w_j:
                _sparse_add_column(R, data, indices, indptr, X_mean, center, weight, weighted,
                                   w_j - w[j], j)
            d_w_max = max(d_w_max, abs(w[j] - w_j))
            w_max = max(w_max, abs(w[j]))
        if w_max == 0.0 or d_w_max / w_max <= d_w_tol or n_iter == max_iter - 1:
            gap, dual_norm = _sparse_gap(w, alpha, beta, data, indices, indptr, y, weight, weighted,
                                         X_mean, center, R, R_sum, XtA, positive)
            if gap <= tol:
                return gap, tol, n_iter + 1, True
            if screening:
                n_active = _screen(XtA, dual_norm, col_norm2, alpha, beta,
                                   np.sqrt(2 * gap) / alpha, excluded, active, False)
                _sparse_drop(w, R, data, indices, indptr, X_mean, center, weight, weighted,
                             excluded)
    return gap, tol, max_iter, False
