"""Compiled loops of agglomerative clustering (imported on first use).

- ``prim_mst``: the minimum spanning tree of all points (single linkage
  without connectivity), by Prim's algorithm grown from point 0, computing
  each new point's distances on the fly (no n x n matrix), or read from a
  condensed distance matrix.
- ``ward_tree``: Ward's merges under a connectivity graph. A merge joins the
  two connected clusters whose union adds the least inertia; the new cluster
  becomes a neighbour of every cluster either part touched. The candidate
  pairs sit in a binary heap ordered by (inertia, new cluster, neighbour), so
  ties break as scikit-learn's heap of tuples breaks them.

Distances and inertias are summed coordinate by coordinate with plain IEEE
rounding (``njit_exact``), as scikit-learn's loops sum them, so ties and
near-ties fall the same way.
"""

import numpy as np

from ...backend._jit import njit_exact

# prim_mst metric codes: 0 euclidean, 1 manhattan, 2 chebyshev, 3 minkowski (p),
# 4 a condensed distance matrix.


@njit_exact
def _distance(X, a, b, metric, p):
    total = 0.0
    for k in range(X.shape[1]):
        gap = abs(X[a, k] - X[b, k])
        if metric == 0:
            total += gap * gap
        elif metric == 1:
            total += gap
        elif metric == 2:
            total = max(total, gap)
        else:
            total += gap ** p
    if metric == 0:
        return np.sqrt(total)
    if metric == 3:
        return total ** (1.0 / p)
    return total


@njit_exact
def prim_mst(X, condensed, n_samples, metric, p):
    """(n_samples - 1, 3) edges ``[from, to, distance]`` in the order Prim's algorithm adds
    them: each step joins the outside point nearest the tree (the first such point on
    ties), measured from the point added last."""
    in_tree = np.zeros(n_samples, dtype=np.bool_)
    best = np.full(n_samples, np.inf)
    edges = np.zeros((max(n_samples - 1, 0), 3))
    current = 0
    for step in range(n_samples - 1):
        in_tree[current] = True
        nearest_distance = np.inf
        nearest = 0
        for j in range(n_samples):
            if in_tree[j]:
                continue
            if metric == 4:
                a, b = min(current, j), max(current, j)
                d = condensed[n_samples * a - a * (a + 1) // 2 + b - a - 1]
            else:
                d = _distance(X, current, j, metric, p)
            if d < best[j]:
                best[j] = d
            if best[j] < nearest_distance:
                nearest_distance = best[j]
                nearest = j
        edges[step, 0] = current
        edges[step, 1] = nearest
        edges[step, 2] = nearest_distance
        current = nearest
    return edges


@njit_exact
def _less(k1, x1, y1, k2, x2, y2):
    """Heap order of (inertia, node, node) entries: as tuples compare."""
    if k1 != k2:
        return k1 < k2
    if x1 != x2:
        return x1 < x2
    return y1 < y2


@njit_exact
def _ward_increase(m1, m2, r, c):
    size = m1[r] * m1[c] / (m1[r] + m1[c])
    total = 0.0
    for k in range(m2.shape[1]):
        gap = m2[r, k] / m1[r] - m2[c, k] / m1[c]
        total += gap * gap
    return total * size


@njit_exact
def _push(key, a, b, size, k, x, y):
    """Push (k, x, y) on the heap held in ``key, a, b[:size]``; returns the new size (the
    arrays must have room)."""
    pos = size
    while pos > 0:
        up = (pos - 1) >> 1
        if not _less(k, x, y, key[up], a[up], b[up]):
            break
        key[pos], a[pos], b[pos] = key[up], a[up], b[up]
        pos = up
    key[pos], a[pos], b[pos] = k, x, y
    return size + 1


@njit_exact
def _pop(key, a, b, size):
    """Remove the smallest entry (at 0) of a heap of ``size``; returns the new size."""
    size -= 1
    k, x, y = key[size], a[size], b[size]
    pos = 0
    while True:
        child = 2 * pos + 1
        if child >= size:
            break
        right = child + 1
        if right < size and _less(key[right], a[right], b[right], key[child], a[child], b[child]):
            child = right
        if not _less(key[child], a[child], b[child], k, x, y):
            break
        key[pos], a[pos], b[pos] = key[child], a[child], b[child]
        pos = child
    key[pos], a[pos], b[pos] = k, x, y
    return size


@njit_exact
def ward_tree(X, indptr, indices, n_nodes):
    """Ward's merges over the symmetric connectivity graph ``indptr``/``indices``
    (CSR, the diagonal allowed) until ``n_nodes`` nodes exist.

    Returns ``children`` (n_merges, 2) as (first popped, second popped), the merge
    inertias (n_merges,) and ``parent`` (n_nodes,) (a node not merged is its own).
    """
    n_samples, n_features = X.shape
    n_merges = n_nodes - n_samples
    m1 = np.zeros(n_nodes)
    m1[:n_samples] = 1.0
    m2 = np.zeros((n_nodes, n_features))
    m2[:n_samples] = X
    parent = np.arange(n_nodes)
    used = np.ones(n_nodes, dtype=np.bool_)
    # Neighbour lists as linked lists: node -> first link, link -> next link, target.
    capacity = len(indices) + 16
    first = np.full(n_nodes, -1, dtype=np.int64)
    following = np.empty(capacity, dtype=np.int64)
    target = np.empty(capacity, dtype=np.int64)
    n_links = 0
    heap_capacity = len(indices) + 16
    key = np.empty(heap_capacity)
    a = np.empty(heap_capacity, dtype=np.int64)
    b = np.empty(heap_capacity, dtype=np.int64)
    size = 0
    for row in range(n_samples - 1, -1, -1):
        for t in range(indptr[row + 1] - 1, indptr[row] - 1, -1):
            target[n_links], following[n_links] = indices[t], first[row]
            first[row] = n_links
            n_links += 1
    for row in range(n_samples):
        for t in range(indptr[row], indptr[row + 1]):
            col = indices[t]
            if col < row:
                size = _push(key, a, b, size, _ward_increase(m1, m2, row, col), row, col)
    children = np.empty((max(n_merges, 0), 2), dtype=np.int64)
    inertia = np.empty(max(n_merges, 0))
    heads = np.empty(n_nodes, dtype=np.int64)
    seen = np.zeros(n_nodes, dtype=np.bool_)
    for k in range(n_samples, n_nodes):
        while True:
            value, i, j = key[0], a[0], b[0]
            size = _pop(key, a, b, size)
            if used[i] and used[j]:
                break
        parent[i] = k
        parent[j] = k
        children[k - n_samples, 0], children[k - n_samples, 1] = i, j
        inertia[k - n_samples] = value
        used[i] = used[j] = False
        m1[k] = m1[i] + m1[j]
        for f in range(n_features):
            m2[k, f] = m2[i, f] + m2[j, f]
        # The clusters now holding the neighbours of i and j.
        n_heads = 0
        seen[k] = True
        for node in (i, j):
            link = first[node]
            while link != -1:
                top = target[link]
                while parent[top] != top:
                    top = parent[top]
                if not seen[top]:
                    seen[top] = True
                    heads[n_heads] = top
                    n_heads += 1
                link = following[link]
        seen[k] = False
        if n_links + 2 * n_heads > capacity:
            capacity = 2 * capacity + 2 * n_heads
            grown_next, grown_target = np.empty(capacity, np.int64), np.empty(capacity, np.int64)
            grown_next[:n_links], grown_target[:n_links] = following[:n_links], target[:n_links]
            following, target = grown_next, grown_target
        if size + n_heads > heap_capacity:
            heap_capacity = 2 * heap_capacity + n_heads
            grown_key = np.empty(heap_capacity)
            grown_a, grown_b = np.empty(heap_capacity, np.int64), np.empty(heap_capacity, np.int64)
            grown_key[:size], grown_a[:size], grown_b[:size] = key[:size], a[:size], b[:size]
            key, a, b = grown_key, grown_a, grown_b
        for h in range(n_heads):
            col = heads[h]
            seen[col] = False
            target[n_links], following[n_links] = k, first[col]
            first[col] = n_links
            n_links += 1
            target[n_links], following[n_links] = col, first[k]
            first[k] = n_links
            n_links += 1
            size = _push(key, a, b, size, _ward_increase(m1, m2, k, col), k, col)
    return children, inertia, parent


@njit_exact
def label_mst(edges):
    """SciPy linkage rows ``[cluster, cluster, distance, size]`` from minimum-spanning-tree
    edges sorted by distance: each edge merges the clusters (found by union-find) of its
    two ends into a new one, numbered from n_samples on."""
    n_edges = edges.shape[0]
    n = n_edges + 1
    owner = np.full(2 * n - 1, -1, dtype=np.int64)
    size = np.zeros(2 * n - 1, dtype=np.int64)
    size[:n] = 1
    out = np.zeros((n_edges, 4))
    for m in range(n_edges):
        ends = np.empty(2, dtype=np.int64)
        for side in range(2):
            node = np.int64(edges[m, side])
            root = node
            while owner[root] != -1:
                root = owner[root]
            while node != root and owner[node] != root:  # compress the path
                up = owner[node]
                owner[node] = root
                node = up
            ends[side] = root
        out[m, 0], out[m, 1], out[m, 2] = ends[0], ends[1], edges[m, 2]
        out[m, 3] = size[ends[0]] + size[ends[1]]
        owner[ends[0]] = owner[ends[1]] = n + m
        size[n + m] = out[m, 3]
    return out
