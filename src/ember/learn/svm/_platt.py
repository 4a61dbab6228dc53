"""Probabilities from SVM decision values: Platt's sigmoid and pairwise coupling.

``fit_sigmoid`` fits ``P(positive | f) = 1 / (1 + exp(A f + B))`` to decision
values by the Newton method with backtracking of Lin, Lin & Weng (2007), on
Platt's smoothed targets. ``couple_pairwise`` turns the one-vs-one pairwise
probabilities of k classes into class probabilities (Wu, Lin & Weng 2004,
method 2), vectorised over samples.
"""

import numpy as np

_MIN_PROB = 1e-7


def _sigmoid_objective(f, targets, A, B):
    z = f * A + B
    # t*z + log(1 + exp(-z)) written to stay finite for either sign of z
    return float(np.sum(np.where(z >= 0, targets * z + np.log1p(np.exp(-np.abs(z))),
                                 (targets - 1) * z + np.log1p(np.exp(-np.abs(z))))))


def fit_sigmoid(decision, positive):
    """``(A, B)`` of the sigmoid fitted to ``decision`` values with boolean labels ``positive``."""
    f = np.asarray(decision, dtype=np.float64)
    n_pos = float(np.count_nonzero(positive))
    n_neg = f.shape[0] - n_pos
    targets = np.where(positive, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))
    A, B = 0.0, float(np.log((n_neg + 1.0) / (n_pos + 1.0)))
    value = _sigmoid_objective(f, targets, A, B)
    for _ in range(100):
        z = f * A + B
        e = np.exp(-np.abs(z))
        p = np.where(z >= 0, e / (1.0 + e), 1.0 / (1.0 + e))  # 1 / (1 + exp(z))
        q = 1.0 - p
        d2 = p * q
        h11 = 1e-12 + float(np.dot(f * f, d2))
        h22 = 1e-12 + float(d2.sum())
        h21 = float(np.dot(f, d2))
        d1 = targets - p
        g1, g2 = float(np.dot(f, d1)), float(d1.sum())
        if abs(g1) < 1e-5 and abs(g2) < 1e-5:
            break
        det = h11 * h22 - h21 * h21
        dA = -(h22 * g1 - h21 * g2) / det
        dB = -(-h21 * g1 + h11 * g2) / det
        slope = g1 * dA + g2 * dB
        step = 1.0
        while step >= 1e-10:
            new_A, new_B = A + step * dA, B + step * dB
            new_value = _sigmoid_objective(f, targets, new_A, new_B)
            if new_value < value + 1e-4 * step * slope:
                A, B, value = new_A, new_B, new_value
                break
            step /= 2.0
        if step < 1e-10:
            break
    return A, B


def sigmoid_probability(decision, A, B):
    """``1 / (1 + exp(A f + B))`` evaluated without overflow."""
    z = decision * A + B
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, e / (1.0 + e), 1.0 / (1.0 + e))


def couple_pairwise(pairwise, n_classes):
    """Class probabilities (n_samples, n_classes) from ``pairwise[:, p]`` = P(i | i or j)
    for the pairs ``p = (i, j), i < j`` in order. Two classes too go through the
    iterations (stopped at LIBSVM's tolerance, not at the exact pairwise value), as in
    scikit-learn's LIBSVM."""
    pairwise = np.clip(pairwise, _MIN_PROB, 1.0 - _MIN_PROB)
    n = pairwise.shape[0]
    r = np.zeros((n, n_classes, n_classes))
    pair = 0
    for i in range(n_classes):
        for j in range(i + 1, n_classes):
            r[:, i, j] = pairwise[:, pair]
            r[:, j, i] = 1.0 - pairwise[:, pair]
            pair += 1
    # Q[t, t] = sum_{j != t} r[j, t]^2, Q[t, j] = -r[j, t] r[t, j]
    Q = -np.transpose(r, (0, 2, 1)) * r
    diag = np.einsum("njt,njt->nt", r, r)
    idx = np.arange(n_classes)
    Q[:, idx, idx] = diag
    p = np.full((n, n_classes), 1.0 / n_classes)
    eps = 0.005 / n_classes
    active = np.ones(n, dtype=bool)
    for _ in range(max(100, n_classes)):
        Qp = np.einsum("ntj,nj->nt", Q, p)
        pQp = np.einsum("nt,nt->n", p, Qp)
        active &= np.max(np.abs(Qp - pQp[:, None]), axis=1) >= eps
        if not active.any():
            break
        rows = np.flatnonzero(active)
        Qa, pa, Qpa, pQpa = Q[rows], p[rows], Qp[rows], pQp[rows]
        for t in range(n_classes):
            diff = (-Qpa[:, t] + pQpa) / Qa[:, t, t]
            pa[:, t] += diff
            scale = 1.0 + diff
            pQpa = (pQpa + diff * (diff * Qa[:, t, t] + 2.0 * Qpa[:, t])) / scale / scale
            Qpa = (Qpa + diff[:, None] * Qa[:, t, :]) / scale[:, None]
            pa /= scale[:, None]
        p[rows] = pa
    return p
