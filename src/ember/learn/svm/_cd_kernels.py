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
def _kinked_newton_step(Gp, Gn, H, x):
    """Minimiser step of ``H/2 d^2 + G d + |x + d|``-type pieces: slopes ``Gp`` right of the
    kink at ``-x`` and ``Gn`` left of it (curvature ``H``)."""
    if Gp < H * x:
        return -Gp / H
    if Gn > H * x:
        return -Gn / H
    return -x


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
            step = _kinked_newton_step(Gp, Gn, H, beta[i])
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


@njit
def l1_squared_hinge_cd(Z, C, tol, max_iter, seed):
    """Primal coordinate descent (Newton step and line search per coordinate, as
    LIBLINEAR's L1-regularised L2-loss SVC) on ``|w|_1 + sum_i C_i max(0, 1 - z_i.w)^2``;
    ``Z`` (n_features, n_samples) holds the columns ``y_i x_ij``. Returns ``(w, n_iter)``."""
    np.random.seed(seed)
    d, n = Z.shape
    w = np.zeros(d)
    b = np.ones(n)  # 1 - y_i w.x_i
    curvature = np.zeros(d)
    for j in range(d):
        for i in range(n):
            curvature[j] += C[i] * Z[j, i] * Z[j, i]
    index = np.arange(d)
    g_norm1_init = -1.0
    n_iter = 0
    sigma = 0.01
    while n_iter < max_iter:
        g_norm1 = 0.0
        _shuffle(index, d)
        for s in range(d):
            j = index[s]
            z = Z[j]
            g_loss = 0.0
            H = 0.0
            for i in range(n):
                if b[i] > 0.0:
                    scaled = C[i] * z[i]
                    g_loss -= scaled * b[i]
                    H += scaled * z[i]
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
                    for i in range(n):
                        b[i] += shift * z[i]
                    accepted = True
                    break
                loss_new = 0.0
                for i in range(n):
                    if trial == 0 and b[i] > 0.0:
                        loss_old += C[i] * b[i] * b[i]
                    b[i] += shift * z[i]
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
                for i in range(n):
                    b[i] += applied * z[i]
        if n_iter == 0:
            g_norm1_init = g_norm1
        n_iter += 1
        if g_norm1 <= tol * g_norm1_init:
            break
    return w, n_iter
