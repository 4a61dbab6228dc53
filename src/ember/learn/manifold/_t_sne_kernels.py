"""Compiled loops of t-SNE (imported on first fit).

- ``binary_search_perplexity``: per row, the Gaussian precision ``beta`` whose
  conditional distribution over the row's (squared) distances has the wanted
  entropy ``log(perplexity)``, found by bisection (doubling or halving until
  bracketed), 100 steps at most, tolerance 1e-5, as scikit-learn searches.
- A space-partitioning tree over the embedding (a quadtree in 2-D, an octree
  in 3-D, a binary tree in 1-D) in flat arrays: each cell keeps its bounds,
  centre, squared widest side, number of points and their barycentre. Points
  are inserted one by one; a leaf that receives a second (non-duplicate)
  point pushes its point down into a new child first. scikit-learn's tree
  follows the same rules, so both hold the same cells.
- ``bh_gradient``: the Barnes-Hut t-SNE gradient (van der Maaten 2014). The
  attractive part runs over the sparse P; the repulsive part walks the tree
  per point, summarising a cell by its barycentre once
  ``width^2 / distance^2 < angle^2``. Rows are independent (``prange``); each
  writes its own slots, and the normaliser and the error are summed in row
  order, so results do not depend on the number of threads.
"""

import numpy as np
from numba import prange

from ...backend._jit import njit_exact, njit_parallel

_DUPLICATE = np.float32(1e-6)  # points closer than this on every axis are one point
_TOLERANCE = float(np.float32(1e-5))  # entropy tolerance of the perplexity search
_TINY_SUM = float(np.float32(1e-8))


@njit_parallel
def binary_search_perplexity(sqdistances, desired_perplexity):
    """Conditional probabilities (n, k) from squared distances (n, k) float32; with
    k == n (the exact method) the diagonal is left out."""
    n, k = sqdistances.shape
    using_neighbors = k < n
    desired_entropy = np.log(desired_perplexity)
    P = np.zeros((n, k))
    for i in prange(n):
        beta_min, beta_max, beta = -np.inf, np.inf, 1.0
        for _ in range(100):
            sum_p = 0.0
            for j in range(k):
                if j != i or using_neighbors:
                    P[i, j] = np.exp(-float(sqdistances[i, j]) * beta)
                    sum_p += P[i, j]
            if sum_p == 0.0:
                sum_p = _TINY_SUM
            sum_dp = 0.0
            for j in range(k):
                P[i, j] /= sum_p
                sum_dp += float(sqdistances[i, j]) * P[i, j]
            entropy_diff = np.log(sum_p) + beta * sum_dp - desired_entropy
            if abs(entropy_diff) <= _TOLERANCE:
                break
            if entropy_diff > 0.0:
                beta_min = beta
                beta = beta * 2.0 if beta_max == np.inf else (beta + beta_max) / 2.0
            else:
                beta_max = beta
                beta = beta / 2.0 if beta_min == -np.inf else (beta + beta_min) / 2.0
    return P


@njit_exact
def _new_child(tree, parent, point, point_index, size):
    """Open the child of ``parent`` that contains ``point`` and put the point in it;
    -1 when the arrays are full."""
    (children, lo, hi, center, bary, width2, count, leaf, index, n_cells) = tree
    if n_cells[0] >= count.shape[0]:
        return -1
    cell = n_cells[0]
    n_cells[0] += 1
    d = lo.shape[1]
    slot = 0
    width2[cell] = 0.0
    for ax in range(d):
        slot *= 2
        if point[ax] >= center[parent, ax]:
            slot += 1
            lo[cell, ax], hi[cell, ax] = center[parent, ax], hi[parent, ax]
        else:
            lo[cell, ax], hi[cell, ax] = lo[parent, ax], center[parent, ax]
        center[cell, ax] = (lo[cell, ax] + hi[cell, ax]) / np.float32(2.0)
        w = hi[cell, ax] - lo[cell, ax]
        bary[cell, ax] = point[ax]
        width2[cell] = max(width2[cell], w * w)
    children[cell, :] = -1
    leaf[cell] = True
    index[cell] = point_index
    count[cell] = size
    leaf[parent] = False
    index[parent] = -1
    children[parent, slot] = cell
    return cell


@njit_exact
def _insert(tree, point, point_index):
    """Insert one point from the root; False when the arrays are full."""
    (children, lo, hi, center, bary, width2, count, leaf, index, n_cells) = tree
    d = lo.shape[1]
    cell = 0
    while True:
        n_point = count[cell]
        if n_point == 0:
            count[cell] = 1
            bary[cell, :] = point
            index[cell] = point_index
            return True
        if not leaf[cell]:
            for ax in range(d):
                bary[cell, ax] = (np.float32(n_point) * bary[cell, ax] + point[ax]) / np.float32(
                    n_point + 1)
            count[cell] += 1
            slot = 0
            for ax in range(d):
                slot *= 2
                if point[ax] >= center[cell, ax]:
                    slot += 1
            child = children[cell, slot]
            if child == -1:
                return _new_child(tree, cell, point, point_index, 1) >= 0
            cell = child
            continue
        duplicate = True
        for ax in range(d):
            duplicate &= abs(point[ax] - bary[cell, ax]) <= _DUPLICATE
        if duplicate:
            count[cell] += 1
            return True
        # a leaf with another point: push that point down, then insert here again
        if _new_child(tree, cell, bary[cell].copy(), index[cell], count[cell]) < 0:
            return False


@njit_exact
def build_tree(X, capacity):
    """The tree of the points X (n, d) float32 in arrays of ``capacity`` cells, and
    whether they sufficed."""
    n, d = X.shape
    n_children = 2 ** d
    children = np.full((capacity, n_children), -1, dtype=np.int64)
    lo = np.zeros((capacity, d), dtype=np.float32)
    hi = np.zeros((capacity, d), dtype=np.float32)
    center = np.zeros((capacity, d), dtype=np.float32)
    bary = np.zeros((capacity, d), dtype=np.float32)
    width2 = np.zeros(capacity, dtype=np.float32)
    count = np.zeros(capacity, dtype=np.int64)
    leaf = np.ones(capacity, dtype=np.bool_)
    index = np.full(capacity, -1, dtype=np.int64)
    n_cells = np.ones(1, dtype=np.int64)
    for ax in range(d):
        m = X[0, ax]
        M = X[0, ax]
        for i in range(n):
            m = min(m, X[i, ax])
            M = max(M, X[i, ax])
        sign = np.float32(1.0 if M > 0 else (-1.0 if M < 0 else 0.0))
        top = max(M * (np.float32(1.0) + np.float32(1e-3) * sign), M + np.float32(1e-3))
        lo[0, ax], hi[0, ax] = m, top
        center[0, ax] = (top + m) / np.float32(2.0)
        w = top - m
        width2[0] = max(width2[0], w * w)
    tree = (children, lo, hi, center, bary, width2, count, leaf, index, n_cells)
    for i in range(n):
        if not _insert(tree, X[i], i):
            return tree, False
    return tree, True


@njit_exact
def _repulsion(tree, point, squared_theta, dof, force, stack):
    """The unnormalised repulsive force on ``point`` (into ``force``) and its share of
    the normaliser Z = sum_{i != j} q_ij (returned)."""
    (children, lo, hi, center, bary, width2, count, leaf, index, n_cells) = tree
    d = point.shape[0]
    diff = np.empty(d, dtype=np.float32)
    z = 0.0
    for ax in range(d):
        force[ax] = 0.0
    stack[0] = 0
    top = 1
    while top > 0:
        top -= 1
        cell = stack[top]
        dist2 = np.float32(0.0)
        duplicate = True
        for ax in range(d):
            diff[ax] = point[ax] - bary[cell, ax]
            dist2 += diff[ax] * diff[ax]
            duplicate &= abs(diff[ax]) <= _DUPLICATE
        if duplicate and leaf[cell]:
            continue
        if leaf[cell] or width2[cell] < squared_theta * dist2:  # width^2 / dist^2 < theta^2
            q = float(np.float32(dof) / (np.float32(dof) + dist2))
            if dof != 1:
                q = q ** ((dof + 1.0) / 2.0)
            size = float(count[cell])
            z += size * q
            mult = np.float32(size * q * q)
            for ax in range(d):
                force[ax] += mult * diff[ax]
            continue
        for c in range(children.shape[1] - 1, -1, -1):  # children visited in order
            if children[cell, c] != -1:
                stack[top] = children[cell, c]
                top += 1
    return z


@njit_parallel
def bh_gradient(val_P, Y, neighbors, indptr, tree, theta, dof, compute_error, grad):
    """Barnes-Hut gradient (before the factor 2 (dof + 1) / dof) into ``grad`` (n, d)
    float32; returns the KL divergence (NaN unless ``compute_error``)."""
    n, d = Y.shape
    squared_theta = np.float32(theta * theta)
    neg = np.empty((n, d), dtype=np.float32)
    z_rows = np.empty(n)
    n_cells = tree[9][0]
    n_chunks = min(n, 64)
    for c in prange(n_chunks):
        stack = np.empty(n_cells, dtype=np.int64)  # each cell is pushed at most once
        for i in range(c * n // n_chunks, (c + 1) * n // n_chunks):
            z_rows[i] = _repulsion(tree, Y[i], squared_theta, dof, neg[i], stack)
    sum_q = max(z_rows.sum(), np.finfo(np.float64).eps)
    exponent = (dof + 1.0) / 2.0
    tiny = np.finfo(np.float32).tiny
    errors = np.zeros(n)
    for i in prange(n):
        buff = np.empty(d, dtype=np.float32)
        pos = np.zeros(d, dtype=np.float32)
        err = 0.0
        for k in range(indptr[i], indptr[i + 1]):
            j = neighbors[k]
            dij = np.float32(0.0)
            for ax in range(d):
                buff[ax] = Y[i, ax] - Y[j, ax]
                dij += buff[ax] * buff[ax]
            qij = np.float32(dof) / (np.float32(dof) + dij)
            if dof != 1:
                qij = np.float32(qij ** exponent)
            pij = val_P[k]
            w = pij * qij
            if compute_error:
                q_norm = max(float(qij) / sum_q, tiny)
                err += float(pij) * np.log(max(float(pij), tiny) / q_norm)
            for ax in range(d):
                pos[ax] += w * buff[ax]
        errors[i] = err
        for ax in range(d):
            grad[i, ax] = pos[ax] - np.float32(neg[i, ax] / sum_q)
    return errors.sum() if compute_error else np.nan
