"""Compiled SMO solver for the kernel SVM duals (SVC, NuSVC, SVR, NuSVR, OneClassSVM).

Every problem is written in LIBSVM's generic form

    min_a  1/2 a' Q a + p' a   subject to  y' a = const,  0 <= a_t <= C_t,

with ``y_t = +-1`` and ``Q_tu = y_t y_u K(x_idx[t], x_idx[u])``: ``idx`` maps a
variable to its sample (SVR has two variables per sample). Working pairs are
chosen with the second-order rule of Fan, Chen & Lin (2005); kernel rows of
samples live in a least-recently-used cache in single precision (as LIBSVM's
``Qfloat``), so repeated working indices cost no kernel evaluations. With
shrinking, variables stuck at a bound are swapped behind the active ones;
rows stay indexed by sample, so swaps never invalidate the cache. The steps,
tie-breaks and sums follow LIBSVM's, so a fit repeats scikit-learn's.

Sparse samples come as CSR arrays together with their CSC copy: a kernel row
scatters the columns of one sample's non-zeros, so it costs the non-zeros of
those columns (plus n for the kernel's function), never a dense X.

Imported on the first fit only (it imports Numba).
"""

import numpy as np

from ember.backend._jit import njit_contract
from ember.backend._jit import njit_exact as njit

LINEAR, POLY, RBF, SIGMOID, PRECOMPUTED = 0, 1, 2, 3, 4
_TAU = 1e-12


@njit
def _powi(base, times):
    """``base ** times`` for an integer degree by repeated squaring (as LIBSVM, and faster than pow)."""
    result = 1.0
    while times > 0:
        if times % 2 == 1:
            result *= base
        base *= base
        times //= 2
    return result


@njit
def _sparse_dots(r, rows, cols, out):
    """``out[u] = x_u . x_r`` for CSR rows ``rows`` and the same samples by column ``cols``:
    only the columns of ``x_r``'s non-zeros are walked, and each ``out[u]`` sums its
    products in increasing feature order (as LIBSVM's sparse dot product)."""
    row_ptr, row_idx, row_val = rows
    col_ptr, col_idx, col_val = cols
    out[:] = 0.0
    for k in range(row_ptr[r], row_ptr[r + 1]):
        j = row_idx[k]
        v = row_val[k]
        for q in range(col_ptr[j], col_ptr[j + 1]):
            out[col_idx[q]] += v * col_val[q]


# Below this many features OpenBLAS's ddot (LIBSVM's dense kernel) sums in order with fused
# multiply-adds; the same loop here gives its very kernel values (above, its blocked SIMD
# order is the CPU's: a BLAS product is as close as it gets).
_IN_ORDER_DOT_FEATURES = 16


@njit_contract
def _in_order_dots(X, r, dots):
    """``dots[u] = x_u . x_r`` summed feature by feature."""
    n, d = X.shape
    for u in range(n):
        total = 0.0
        for k in range(d):
            total += X[u, k] * X[r, k]
        dots[u] = total


@njit
def _kernel_row(r, src, out):
    """Row ``r`` of the kernel matrix of the problem's samples, into ``out`` (float32).

    ``src`` = ``(kind, gamma, coef0, degree, X, K, sqnorm, rows, cols, dots)``:
    the samples are the dense ``X``, the precomputed ``K`` or, when ``rows``
    (CSR ``indptr, indices, data``) is not empty, sparse rows with their
    columns ``cols`` (CSC); ``dots`` is a work array of n values."""
    kind, gamma, coef0, degree, X, K, sqnorm, rows, cols, dots = src
    n = out.shape[0]
    if kind == PRECOMPUTED:
        for u in range(n):
            out[u] = K[r, u]
        return
    if rows[0].shape[0] > 0:
        _sparse_dots(r, rows, cols, dots)
    elif X.shape[1] < _IN_ORDER_DOT_FEATURES:
        _in_order_dots(X, r, dots)
    else:
        dots = np.dot(X, X[r])  # BLAS gemv
    if kind == LINEAR:
        for u in range(n):
            out[u] = dots[u]
    elif kind == RBF:
        for u in range(n):
            d = sqnorm[r] + sqnorm[u] - 2.0 * dots[u]
            out[u] = np.exp(-gamma * d)
    elif kind == POLY:
        for u in range(n):
            out[u] = _powi(gamma * dots[u] + coef0, degree)
    else:
        for u in range(n):
            out[u] = np.tanh(gamma * dots[u] + coef0)


@njit
def _kernel_diag(src, n):
    kind, gamma, coef0, degree, K, sqnorm = src[0], src[1], src[2], src[3], src[5], src[6]
    diag = np.empty(n)
    for r in range(n):
        if kind == PRECOMPUTED:
            diag[r] = K[r, r]
        elif kind == LINEAR:
            diag[r] = sqnorm[r]
        elif kind == RBF:
            diag[r] = 1.0
        elif kind == POLY:
            diag[r] = _powi(gamma * sqnorm[r] + coef0, degree)
        else:
            diag[r] = np.tanh(gamma * sqnorm[r] + coef0)
    return diag


@njit
def _squared_norms(X, rows, n):
    """``x_r . x_r`` of each sample, dense or from the CSR ``rows`` (summed in stored order)."""
    sqnorm = np.empty(n)
    row_ptr, _, row_val = rows
    sparse = row_ptr.shape[0] > 0
    for r in range(n):
        if sparse:
            total = 0.0
            for k in range(row_ptr[r], row_ptr[r + 1]):
                total += row_val[k] * row_val[k]
            sqnorm[r] = total
        else:
            sqnorm[r] = np.dot(X[r], X[r])
    return sqnorm


@njit
def _fetch(r, cache, slot_of, owner, last_used, clock, src):
    """Index of the cache slot holding kernel row ``r``, computing it on a miss (LRU eviction)."""
    slot = slot_of[r]
    if slot < 0:
        n_slots = cache.shape[0]
        slot = 0
        oldest = last_used[0]
        for s in range(n_slots):
            if owner[s] < 0:
                slot = s
                break
            if last_used[s] < oldest:
                oldest = last_used[s]
                slot = s
        if owner[slot] >= 0:
            slot_of[owner[slot]] = -1
        owner[slot] = r
        slot_of[r] = slot
        _kernel_row(r, src, cache[slot])
    last_used[slot] = clock
    return slot


@njit
def smo_solve(kind, gamma, coef0, degree, X, K, rows, cols, idx_in, y_in, p_in, C_in, alpha, tol,
              max_iter, n_slots, nu_mode, shrinking):
    """Solve the dual in place on ``alpha``; returns ``(rho, r, n_iter, status)``.

    ``nu_mode`` solves the nu-formulations (two equality constraints, one per
    label: working pairs share a label, and ``r`` is the second multiplier).
    ``shrinking`` sets aside, every 1000 iterations, the variables at a bound
    whose gradient keeps them there (LIBSVM's heuristic); their gradient is
    rebuilt from ``G_bar`` (the part due to variables at the upper bound)
    before the final check.

    The samples are ``X`` (n_samples, n_features), ``K`` (n_samples, n_samples,
    precomputed) or, when ``rows`` is not empty, a sparse matrix given twice:
    ``rows`` = CSR ``(indptr, indices, data)`` with sorted indices and ``cols``
    = the same matrix as CSC; ``idx``, ``y``, ``p``, ``C`` and ``alpha`` have
    one entry per variable. ``status`` is 1 when ``max_iter`` stopped the solver.
    """
    m = y_in.shape[0]
    if kind == PRECOMPUTED:
        n = K.shape[0]
    elif rows[0].shape[0] > 0:
        n = rows[0].shape[0] - 1
    else:
        n = X.shape[0]
    sqnorm = np.zeros(n) if kind == PRECOMPUTED else _squared_norms(X, rows, n)
    src = (kind, gamma, coef0, degree, X, K, sqnorm, rows, cols, np.empty(n))
    diag = _kernel_diag(src, n)
    # Working copies, permuted by shrinking so that the active variables come first.
    idx, y, p, C, a = idx_in.copy(), y_in.copy(), p_in.copy(), C_in.copy(), alpha.copy()
    order = np.arange(m)
    QD = np.empty(m)
    for t in range(m):
        QD[t] = diag[idx[t]]

    n_slots = max(2, min(n_slots, n))
    cache = np.empty((n_slots, n), dtype=np.float32)
    slot_of = -np.ones(n, dtype=np.int64)
    owner = -np.ones(n_slots, dtype=np.int64)
    last_used = np.zeros(n_slots, dtype=np.int64)
    clock = 1

    # Gradient at the start, p + Q alpha, and G_bar = sum over upper-bounded t of C_t Q_t.
    G = p.copy()
    G_bar = np.zeros(m)
    for t in range(m):
        if a[t] > 0.0:
            s = _fetch(idx[t], cache, slot_of, owner, last_used, clock, src)
            clock += 1
            row = cache[s]
            scale = a[t] * y[t]
            for u in range(m):
                G[u] += scale * y[u] * row[idx[u]]
            if a[t] >= C[t]:
                for u in range(m):
                    G_bar[u] += C[t] * y[t] * y[u] * row[idx[u]]

    active = m
    unshrink = False
    counter = min(m, 1000) + 1
    n_iter = 0
    status = 0
    while True:
        if max_iter >= 0 and n_iter >= max_iter:
            status = 1
            break
        counter -= 1
        if counter == 0:
            counter = min(m, 1000)
            if shrinking:
                active, unshrink, clock = _shrink(G, G_bar, p, y, a, C, QD, idx, order, active, unshrink,
                                                  nu_mode, tol, cache, slot_of, owner, last_used, clock,
                                                  src)
        i, j, clock = _select(nu_mode, G, y, a, C, QD, idx, tol, active, cache, slot_of, owner,
                              last_used, clock, src)
        if j < 0:
            # optimal on the active set: rebuild the whole gradient and check all variables
            clock = _reconstruct(G, G_bar, p, y, a, C, idx, active, cache, slot_of, owner, last_used,
                                 clock, src)
            active = m
            i, j, clock = _select(nu_mode, G, y, a, C, QD, idx, tol, active, cache, slot_of, owner,
                                  last_used, clock, src)
            if j < 0:
                break
            counter = 1
        si = _fetch(idx[i], cache, slot_of, owner, last_used, clock, src)
        clock += 1
        n_iter += 1

        sj = _fetch(idx[j], cache, slot_of, owner, last_used, clock, src)
        clock += 1
        if si == sj:  # row i was evicted to make room for row j
            si = _fetch(idx[i], cache, slot_of, owner, last_used, clock, src)
            clock += 1
        row_i = cache[si]
        row_j = cache[sj]
        q_ij = y[i] * y[j] * row_i[idx[j]]
        C_i, C_j = C[i], C[j]
        old_i, old_j = a[i], a[j]
        a_i, a_j = old_i, old_j
        if y[i] != y[j]:
            quad = QD[i] + QD[j] + 2.0 * q_ij
            if quad <= 0.0:
                quad = _TAU
            delta = (-G[i] - G[j]) / quad
            diff = a_i - a_j
            a_i += delta
            a_j += delta
            if diff > 0.0:
                if a_j < 0.0:
                    a_j = 0.0
                    a_i = diff
            else:
                if a_i < 0.0:
                    a_i = 0.0
                    a_j = -diff
            if diff > C_i - C_j:
                if a_i > C_i:
                    a_i = C_i
                    a_j = C_i - diff
            else:
                if a_j > C_j:
                    a_j = C_j
                    a_i = C_j + diff
        else:
            quad = QD[i] + QD[j] - 2.0 * q_ij
            if quad <= 0.0:
                quad = _TAU
            delta = (G[i] - G[j]) / quad
            total = a_i + a_j
            a_i -= delta
            a_j += delta
            if total > C_i:
                if a_i > C_i:
                    a_i = C_i
                    a_j = total - C_i
            else:
                if a_j < 0.0:
                    a_j = 0.0
                    a_i = total
            if total > C_j:
                if a_j > C_j:
                    a_j = C_j
                    a_i = total - C_j
            else:
                if a_i < 0.0:
                    a_i = 0.0
                    a_j = total
        a[i] = a_i
        a[j] = a_j
        d_i = (a_i - old_i) * y[i]
        d_j = (a_j - old_j) * y[j]
        for t in range(active):
            r = idx[t]
            G[t] += y[t] * (row_i[r] * d_i + row_j[r] * d_j)
        # G_bar follows the variables that reach or leave their upper bound
        for t, old, row in ((i, old_i, row_i), (j, old_j, row_j)):
            was_upper, is_upper = old >= C[t], a[t] >= C[t]
            if was_upper != is_upper:
                scale = C[t] * y[t] if is_upper else -C[t] * y[t]
                for u in range(m):
                    G_bar[u] += scale * y[u] * row[idx[u]]

    if active < m:
        clock = _reconstruct(G, G_bar, p, y, a, C, idx, active, cache, slot_of, owner, last_used,
                             clock, src)
    for t in range(m):
        alpha[order[t]] = a[t]
    if nu_mode:
        # per label: r_pos and -r_neg of LIBSVM's Solver_NU
        rho_pos = _rho(G, y, a, C, 1.0)
        rho_neg = _rho(G, y, a, C, -1.0)
        return (rho_pos + rho_neg) / 2.0, (rho_pos - rho_neg) / 2.0, n_iter, status
    return _rho(G, y, a, C, 0.0), 0.0, n_iter, status


@njit
def _select(nu_mode, G, y, a, C, QD, idx, tol, active, cache, slot_of, owner, last_used, clock,
            src):
    if nu_mode:
        return _select_nu(G, y, a, C, QD, idx, tol, active, cache, slot_of, owner, last_used, clock,
                          src)
    return _select_c(G, y, a, C, QD, idx, tol, active, cache, slot_of, owner, last_used, clock,
                     src)


@njit
def _reconstruct(G, G_bar, p, y, a, C, idx, active, cache, slot_of, owner, last_used, clock, src):
    """Gradient of the inactive variables from G_bar and the free active variables."""
    m = y.shape[0]
    if active == m:
        return clock
    for t in range(active, m):
        G[t] = G_bar[t] + p[t]
    n_free = 0
    for t in range(active):
        if 0.0 < a[t] < C[t]:
            n_free += 1
    if n_free * m > 2 * active * (m - active):
        for t in range(active, m):
            row = cache[_fetch(idx[t], cache, slot_of, owner, last_used, clock, src)]
            clock += 1
            for u in range(active):
                if 0.0 < a[u] < C[u]:
                    G[t] += a[u] * (y[t] * y[u] * row[idx[u]])
    else:
        for u in range(active):
            if 0.0 < a[u] < C[u]:
                row = cache[_fetch(idx[u], cache, slot_of, owner, last_used, clock, src)]
                clock += 1
                for t in range(active, m):
                    G[t] += a[u] * (y[u] * y[t] * row[idx[t]])
    return clock


@njit
def _swap(t, u, arrays_f, arrays_i):
    for arr in arrays_f:
        arr[t], arr[u] = arr[u], arr[t]
    for arr in arrays_i:
        arr[t], arr[u] = arr[u], arr[t]


@njit
def _be_shrunk(t, G, y, a, C, up_pos, up_neg, low_pos, low_neg):
    if a[t] >= C[t]:
        return -G[t] > (up_pos if y[t] > 0 else up_neg)
    if a[t] <= 0.0:
        return G[t] > (low_pos if y[t] > 0 else low_neg)
    return False


@njit
def _shrink(G, G_bar, p, y, a, C, QD, idx, order, active, unshrink, nu_mode, tol, cache, slot_of,
            owner, last_used, clock, src):
    """LIBSVM's do_shrinking: move variables stuck at a bound behind the active ones."""
    g1, g2, g3, g4 = -np.inf, -np.inf, -np.inf, -np.inf  # up/low violations of each label
    for t in range(active):
        if a[t] < C[t]:
            if y[t] > 0:
                g1 = max(g1, -G[t])
            else:
                g4 = max(g4, -G[t])
        if a[t] > 0.0:
            if y[t] > 0:
                g2 = max(g2, G[t])
            else:
                g3 = max(g3, G[t])
    if nu_mode:
        up_pos, up_neg, low_pos, low_neg = g1, g4, g2, g3
        gap = max(g1 + g2, g3 + g4)
    else:
        up_pos, up_neg, low_pos, low_neg = max(g1, g3), max(g2, g4), max(g2, g4), max(g1, g3)
        gap = up_pos + low_pos
    if not unshrink and gap <= tol * 10.0:
        # close to the end: bring everything back once, so shrinking restarts from exact gradients
        unshrink = True
        clock = _reconstruct(G, G_bar, p, y, a, C, idx, active, cache, slot_of, owner, last_used,
                             clock, src)
        active = y.shape[0]
    t = 0
    while t < active:
        if _be_shrunk(t, G, y, a, C, up_pos, up_neg, low_pos, low_neg):
            active -= 1
            while active > t:
                if not _be_shrunk(active, G, y, a, C, up_pos, up_neg, low_pos, low_neg):
                    _swap(t, active, (G, G_bar, p, y, a, C, QD), (idx, order))
                    break
                active -= 1
        t += 1
    return active, unshrink, clock


@njit
def _second_order_gain(diff, qd_i, qd_t, k_it):
    """Objective change of the best step on the pair: -diff^2 / (K_ii + K_tt - 2 K_it)."""
    quad = qd_i + qd_t - 2.0 * k_it
    if quad <= 0.0:
        quad = _TAU
    return -(diff * diff) / quad


@njit
def _select_c(G, y, alpha, C, QD, idx, tol, active, cache, slot_of, owner, last_used, clock, src):
    """Working pair of the C-formulations (Fan, Chen & Lin 2005); ``j = -1`` when optimal."""
    m = active
    # First index: the maximal violating variable.
    g_max = -np.inf
    i = -1
    for t in range(m):
        # alpha_t can grow (y = +1) or shrink (y = -1) and -y G is the gain of doing so
        if (alpha[t] < C[t]) if y[t] > 0 else (alpha[t] > 0.0):
            if -y[t] * G[t] >= g_max:
                g_max = -y[t] * G[t]
                i = t
    if i < 0:
        return i, -1, clock
    si = _fetch(idx[i], cache, slot_of, owner, last_used, clock, src)
    row_i = cache[si]
    # Second index: the largest decrease of the objective (second-order rule).
    g_max2 = -np.inf
    j = -1
    best = np.inf
    for t in range(m):
        if (alpha[t] > 0.0) if y[t] > 0 else (alpha[t] < C[t]):
            g = y[t] * G[t]
            if g >= g_max2:
                g_max2 = g
            diff = g_max + g
            if diff > 0.0:
                obj = _second_order_gain(diff, QD[i], QD[t], row_i[idx[t]])
                if obj <= best:
                    j = t
                    best = obj
    if g_max + g_max2 < tol:
        j = -1
    return i, j, clock + 1


@njit
def _select_nu(G, y, alpha, C, QD, idx, tol, active, cache, slot_of, owner, last_used, clock, src):
    """Working pair of the nu-formulations: both indices carry the same label."""
    m = active
    g_max_p, g_max_n = -np.inf, -np.inf
    i_p, i_n = -1, -1
    for t in range(m):
        if y[t] > 0:
            if alpha[t] < C[t] and -G[t] >= g_max_p:
                g_max_p = -G[t]
                i_p = t
        elif alpha[t] > 0.0 and G[t] >= g_max_n:
            g_max_n = G[t]
            i_n = t
    row_p = cache[0]
    row_n = cache[0]
    if i_p >= 0:
        row_p = cache[_fetch(idx[i_p], cache, slot_of, owner, last_used, clock, src)]
        clock += 1
    if i_n >= 0:
        row_n = cache[_fetch(idx[i_n], cache, slot_of, owner, last_used, clock, src)]
        clock += 1
    g_max_p2, g_max_n2 = -np.inf, -np.inf
    j = -1
    best = np.inf
    for t in range(m):
        if (alpha[t] > 0.0) if y[t] > 0 else (alpha[t] < C[t]):
            g = y[t] * G[t]
            if y[t] > 0:
                g_max_p2 = max(g_max_p2, g)
                diff = g_max_p + g
                first, row = i_p, row_p
            else:
                g_max_n2 = max(g_max_n2, g)
                diff = g_max_n + g
                first, row = i_n, row_n
            if diff > 0.0:
                obj = _second_order_gain(diff, QD[first], QD[t], row[idx[t]])
                if obj <= best:
                    j = t
                    best = obj
    if max(g_max_p + g_max_p2, g_max_n + g_max_n2) < tol or j < 0:
        return -1, -1, clock
    return (i_p if y[j] > 0 else i_n), j, clock


@njit
def _rho(G, y, alpha, C, label):
    """The offset: mean of y*G over free variables, else the middle of the feasible interval
    (over the variables with ``y == label``, or all of them when ``label`` is 0)."""
    upper = np.inf
    lower = -np.inf
    n_free = 0
    total = 0.0
    for t in range(y.shape[0]):
        if label != 0.0 and y[t] != label:
            continue
        yG = y[t] * G[t]
        at_upper = alpha[t] >= C[t]
        if at_upper or alpha[t] <= 0.0:
            # a bound variable limits rho from above or below depending on its side and label
            if (y[t] < 0) == at_upper:
                upper = min(upper, yG)
            else:
                lower = max(lower, yG)
        else:
            n_free += 1
            total += yG
    if n_free > 0:
        return total / n_free
    return (upper + lower) / 2.0
