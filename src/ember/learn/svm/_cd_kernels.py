"""Compiled dual coordinate descent for linear SVMs (Hsieh et al. 2008, as LIBLINEAR).

One pass visits the active variables in a random order and minimises the
dual exactly in each coordinate, keeping ``w = sum_i coef_i x_i`` up to date;
variables at a bound whose gradient points outward are shrunk out of the
active set and brought back for a final check before stopping.

Samples are dense rows of ``X`` or, when ``rows`` (CSR ``indptr, indices,
data``) is not empty, sparse rows walked through their non-zeros only (``X``
is then an empty placeholder of shape (0, n_features)); the L1-regularised
solver walks features as dense rows of ``Z`` or CSC columns ``cols`` alike.

Imported on the first fit only (it imports Numba).
"""

import numpy as np

from ember.backend._jit import njit


@njit
def _shuffle(index, active):
    for s in range(active):
        t = s + np.random.randint(active - s)
        index[s], index[t] = index[t], index[s]


@njit
def _row_dot(X, rows, i, w):
    """``x_i . w``."""
    indptr, indices, values = rows
    if indptr.shape[0] == 0:
        return np.dot(w, X[i])
    total = 0.0
    for k in range(indptr[i], indptr[i + 1]):
        total += values[k] * w[indices[k]]
    return total


@njit
def _row_add(X, rows, i, scale, w):
    """``w += scale * x_i``."""
    indptr, indices, values = rows
    if indptr.shape[0] == 0:
        for k in range(w.shape[0]):
            w[k] += scale * X[i, k]
    else:
        for k in range(indptr[i], indptr[i + 1]):
            w[indices[k]] += scale * values[k]


@njit
def _row_sqnorm(X, rows, i):
    """``x_i . x_i``."""
    indptr, _, values = rows
    if indptr.shape[0] == 0:
        return np.dot(X[i], X[i])
    total = 0.0
    for k in range(indptr[i], indptr[i + 1]):
        total += values[k] * values[k]
    return total


@njit
def _column(Z, cols, j, all_rows):
    """``(sample indices, values)`` of feature ``j``: every sample of the dense ``Z[j]``, or the
    non-zeros of CSC column ``j``."""
    indptr, indices, values = cols
    if indptr.shape[0] == 0:
        return all_rows, Z[j]
    return indices[indptr[j]:indptr[j + 1]], values[indptr[j]:indptr[j + 1]]


@njit
def _kinked_newton_step(Gp, Gn, H, x):
    """Minimiser step of ``H/2 d^2 + G d + |x + d|``-type pieces: slopes ``Gp`` right of the
    kink at ``-x`` and ``Gn`` left of it (curvature ``H``)."""
    if Gp < H * x:
        return -Gp / H
    if Gn > H * x:
        return -Gn / H
    return -x


@njit
def classifier_dual_cd(X, rows, y, upper, diag, tol, max_iter, seed):
    """Dual of the L1-loss (``diag = 0``, ``upper = C``) or L2-loss (``diag = 1/(2C)``,
    ``upper = inf``) linear SVM with labels ``y = +-1``. Returns ``(w, n_iter)``."""
    np.random.seed(seed)
    n, d = y.shape[0], X.shape[1]
    w = np.zeros(d)
    alpha = np.zeros(n)
    QD = np.empty(n)
    for i in range(n):
        QD[i] = diag[i] + _row_sqnorm(X, rows, i)
    index = np.arange(n)
    active = n
    pg_max_old, pg_min_old = np.inf, -np.inf
    n_iter = 0
    while n_iter < max_iter:
        pg_max, pg_min = -np.inf, np.inf
        _shuffle(index, active)
        s = 0
        while s < active:
            i = index[s]
            G = y[i] * _row_dot(X, rows, i, w) - 1.0 + alpha[i] * diag[i]
            PG = 0.0
            if alpha[i] == 0.0:
                if G > pg_max_old:
                    active -= 1
                    index[s], index[active] = index[active], index[s]
                    continue
                if G < 0.0:
                    PG = G
            elif alpha[i] == upper[i]:
                if G < pg_min_old:
                    active -= 1
                    index[s], index[active] = index[active], index[s]
                    continue
                if G > 0.0:
                    PG = G
            else:
                PG = G
            pg_max = max(pg_max, PG)
            pg_min = min(pg_min, PG)
            if abs(PG) > 1e-12 and QD[i] > 0.0:
                old = alpha[i]
                alpha[i] = min(max(old - G / QD[i], 0.0), upper[i])
                _row_add(X, rows, i, (alpha[i] - old) * y[i], w)
            s += 1
        n_iter += 1
        if pg_max - pg_min <= tol:
            if active == n:
                break
            active = n
            pg_max_old, pg_min_old = np.inf, -np.inf
            continue
        pg_max_old = pg_max if pg_max > 0.0 else np.inf
        pg_min_old = pg_min if pg_min < 0.0 else -np.inf
    return w, n_iter


@njit
def regressor_dual_cd(X, rows, y, epsilon, lam, upper, tol, max_iter, seed):
    """Dual of the L1-loss (``lam = 0``, ``upper = C``) or L2-loss (``lam = 1/(2C)``,
    ``upper = inf``) linear SVR in ``beta = alpha - alpha*``. Returns ``(w, n_iter)``."""
    np.random.seed(seed)
    n, d = y.shape[0], X.shape[1]
    w = np.zeros(d)
    beta = np.zeros(n)
    QD = np.empty(n)
    for i in range(n):
        QD[i] = _row_sqnorm(X, rows, i)
    index = np.arange(n)
    active = n
    g_max_old = np.inf
    g_norm1_init = -1.0
    n_iter = 0
    while n_iter < max_iter:
        g_max, g_norm1 = 0.0, 0.0
        _shuffle(index, active)
        s = 0
        while s < active:
            i = index[s]
            G = -y[i] + lam[i] * beta[i] + _row_dot(X, rows, i, w)
            H = QD[i] + lam[i]
            Gp, Gn = G + epsilon, G - epsilon
            violation = 0.0
            shrink = False
            if beta[i] == 0.0:
                if Gp < 0.0:
                    violation = -Gp
                elif Gn > 0.0:
                    violation = Gn
                elif Gp > g_max_old and Gn < -g_max_old:
                    shrink = True
            elif beta[i] >= upper[i]:
                if Gp > 0.0:
                    violation = Gp
                elif Gp < -g_max_old:
                    shrink = True
            elif beta[i] <= -upper[i]:
                if Gn < 0.0:
                    violation = -Gn
                elif Gn > g_max_old:
                    shrink = True
            elif beta[i] > 0.0:
                violation = abs(Gp)
            else:
                violation = abs(Gn)
            if shrink:
                active -= 1
                index[s], index[active] = index[active], index[s]
                continue
            g_max = max(g_max, violation)
            g_norm1 += violation
            s += 1
            if H <= 0.0:
                continue
            step = _kinked_newton_step(Gp, Gn, H, beta[i])
            if abs(step) < 1e-12:
                continue
            old = beta[i]
            beta[i] = min(max(old + step, -upper[i]), upper[i])
            _row_add(X, rows, i, beta[i] - old, w)
        if n_iter == 0:
            g_norm1_init = g_norm1
        n_iter += 1
        if g_norm1 <= tol * g_norm1_init:
            if active == n:
                break
            active = n
            g_max_old = np.inf
            continue
        g_max_old = g_max
    return w, n_iter


@njit
def l1_squared_hinge_cd(Z, cols, C, tol, max_iter, seed):
    """Primal coordinate descent (Newton step and line search per coordinate, as
    LIBLINEAR's L1-regularised L2-loss SVC) on ``|w|_1 + sum_i C_i max(0, 1 - z_i.w)^2``;
    ``Z`` (n_features, n_samples) holds the columns ``y_i x_ij`` (or, sparse, ``cols`` their
    CSC arrays, ``Z`` being an empty placeholder). Returns ``(w, n_iter)``."""
    np.random.seed(seed)
    d = Z.shape[0] if cols[0].shape[0] == 0 else cols[0].shape[0] - 1
    n = C.shape[0]
    all_rows = np.arange(n)
    w = np.zeros(d)
    b = np.ones(n)  # 1 - y_i w.x_i
    curvature = np.zeros(d)
    for j in range(d):
        at, z = _column(Z, cols, j, all_rows)
        for k in range(z.shape[0]):
            curvature[j] += C[at[k]] * z[k] * z[k]
    index = np.arange(d)
    g_norm1_init = -1.0
    n_iter = 0
    sigma = 0.01
    while n_iter < max_iter:
        g_norm1 = 0.0
        _shuffle(index, d)
        for s in range(d):
            j = index[s]
            at, z = _column(Z, cols, j, all_rows)
            g_loss = 0.0
            H = 0.0
            for k in range(z.shape[0]):
                i = at[k]
                if b[i] > 0.0:
                    scaled = C[i] * z[k]
                    g_loss -= scaled * b[i]
                    H += scaled * z[k]
            g_loss *= 2.0
            G = g_loss
            H = max(2.0 * H, 1e-12)
            Gp, Gn = G + 1.0, G - 1.0
            if w[j] == 0.0:
                violation = -Gp if Gp < 0.0 else (Gn if Gn > 0.0 else 0.0)
            elif w[j] > 0.0:
                violation = abs(Gp)
            else:
                violation = abs(Gn)
            g_norm1 += violation
            step = _kinked_newton_step(Gp, Gn, H, w[j])
            if abs(step) < 1e-12:
                continue
            delta = abs(w[j] + step) - abs(w[j]) + G * step
            applied = 0.0
            loss_old = 0.0
            accepted = False
            for trial in range(20):
                shift = applied - step
                cond = abs(w[j] + step) - abs(w[j]) - sigma * delta
                if curvature[j] * step * step + g_loss * step + cond <= 0.0:
                    # the quadratic upper bound already guarantees the decrease
                    for k in range(z.shape[0]):
                        b[at[k]] += shift * z[k]
                    accepted = True
                    break
                loss_new = 0.0
                for k in range(z.shape[0]):
                    i = at[k]
                    if trial == 0 and b[i] > 0.0:
                        loss_old += C[i] * b[i] * b[i]
                    b[i] += shift * z[k]
                    if b[i] > 0.0:
                        loss_new += C[i] * b[i] * b[i]
                applied = step
                if cond + loss_new - loss_old <= 0.0:
                    accepted = True
                    break
                step *= 0.5
                delta *= 0.5
            if accepted:
                w[j] += step
            else:
                # line search failed: undo the trial steps
                for k in range(z.shape[0]):
                    b[at[k]] += applied * z[k]
        if n_iter == 0:
            g_norm1_init = g_norm1
        n_iter += 1
        if g_norm1 <= tol * g_norm1_init:
            break
    return w, n_iter
