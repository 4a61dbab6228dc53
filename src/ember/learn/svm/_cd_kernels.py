"""Compiled dual coordinate descent for linear SVMs (Hsieh et al. 2008, as LIBLINEAR).

One pass visits the active variables in a random order and minimises the
dual exactly in each coordinate, keeping ``w = sum_i coef_i x_i`` up to date;
variables at a bound whose gradient points outward are shrunk out of the
active set and brought back for a final check before stopping.

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
def classifier_dual_cd(X, y, upper, diag, tol, max_iter, seed):
    """Dual of the L1-loss (``diag = 0``, ``upper = C``) or L2-loss (``diag = 1/(2C)``,
    ``upper = inf``) linear SVM with labels ``y = +-1``. Returns ``(w, n_iter)``."""
    np.random.seed(seed)
    n, d = X.shape
    w = np.zeros(d)
    alpha = np.zeros(n)
    QD = np.empty(n)
    for i in range(n):
        QD[i] = diag[i] + np.dot(X[i], X[i])
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
            G = y[i] * np.dot(w, X[i]) - 1.0 + alpha[i] * diag[i]
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
                step = (alpha[i] - old) * y[i]
                for k in range(d):
                    w[k] += step * X[i, k]
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
def regressor_dual_cd(X, y, epsilon, lam, upper, tol, max_iter, seed):
    """Dual of the L1-loss (``lam = 0``, ``upper = C``) or L2-loss (``lam = 1/(2C)``,
    ``upper = inf``) linear SVR in ``beta = alpha - alpha*``. Returns ``(w, n_iter)``."""
    np.random.seed(seed)
    n, d = X.shape
    w = np.zeros(d)
    beta = np.zeros(n)
    QD = np.empty(n)
    for i in range(n):
        QD[i] = np.dot(X[i], X[i])
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
            G = -y[i] + lam[i] * beta[i] + np.dot(w, X[i])
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
            # Newton step of the piecewise quadratic in beta_i
            if Gp < H * beta[i]:
                step = -Gp / H
            elif Gn > H * beta[i]:
                step = -Gn / H
            else:
                step = -beta[i]
            if abs(step) < 1e-12:
                continue
            old = beta[i]
            beta[i] = min(max(old + step, -upper[i]), upper[i])
            step = beta[i] - old
            for k in range(d):
                w[k] += step * X[i, k]
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
