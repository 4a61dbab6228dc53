"""DBSCAN's cluster expansion, compiled: one pass over the neighbourhood graph.

Clusters grow from the unlabelled core samples in index order, each by a
depth-first search (a stack, the last pushed popped first) that labels every
unlabelled sample it meets and pushes the neighbours of core samples only, as
scikit-learn's expansion does. A symmetric graph gives the connected components
of the core samples; a non-symmetric precomputed one, whatever that order
reaches.
"""

import numpy as np

from ...backend._jit import njit, njit_exact


@njit
def expand_in_order(is_core, indptr, indices, row_of, sample_of):
    """Labels (-1 for noise) of the samples from CSR neighbourhoods ``indptr``/``indices``
    whose rows and columns are positions: sample s's row is ``row_of[s]``, column c is
    sample ``sample_of[c]`` (both the identity for a graph in sample order)."""
    n = is_core.shape[0]
    labels = np.full(n, -1, dtype=np.intp)
    stack = np.empty(max(len(indices), 1), dtype=np.int64)
    label = 0
    for start in range(n):
        if labels[start] != -1 or not is_core[start]:
            continue
        top = 0
        i = start
        while True:
            if labels[i] == -1:
                labels[i] = label
                if is_core[i]:
                    row = row_of[i]
                    for k in range(indptr[row], indptr[row + 1]):
                        v = sample_of[indices[k]]
                        if labels[v] == -1:
                            stack[top] = v
                            top += 1
            if top == 0:
                break
            top -= 1
            i = stack[top]
        label += 1
    return labels


@njit_exact
def _add_gap(total, gap, metric, p):
    """One coordinate's absolute gap added to a reduced distance (metric codes as the
    neighbour trees': 0 euclidean, 1 manhattan, 2 chebyshev, 3 minkowski).

    The trees' own ``_accumulate`` is compiled with fast math, which may fuse the
    square into the sum; here every rounding is IEEE's, as in scikit-learn's trees,
    so a distance within an ulp of ``eps`` falls on the side scikit-learn puts it."""
    if metric == 0:
        return total + gap * gap
    if metric == 1:
        return total + gap
    if metric == 2:
        return gap if gap > total else total
    return total + gap ** p


@njit_exact
def leaf_pair_graph(points, start, end, low, high, n_levels, reduced_eps, metric, p):
    """The ``eps``-neighbourhood graph of points laid out in a tree's order, in CSR form.

    ``start``/``end``/``low``/``high``: every node's range of ``points`` and
    bounding box, in the neighbour trees' layout (a complete binary tree, children
    of node i at 2i+1 and 2i+2, the leaves covering the points left to right).
    Each leaf first gathers the leaves whose boxes come within ``eps`` of its box
    (one descent of the tree), then each of its points is compared with the points
    of those leaves whose box it comes near. Rows and columns are positions in
    ``points``; distances are reduced (``reduced_eps``: eps squared for euclidean,
    eps ** p for minkowski) and summed coordinate by coordinate as scikit-learn's
    trees sum them.
    """
    n_nodes = start.shape[0]
    n, n_features = points.shape
    first_leaf = (n_nodes - 1) // 2
    indptr = np.zeros(n + 1, dtype=np.int64)
    capacity = max(16, 8 * n)
    found = np.empty(capacity, dtype=np.int64)
    near = np.empty(n_nodes, dtype=np.int64)
    stack = np.empty(2 * n_levels + 4, dtype=np.int64)
    count = 0
    for leaf in range(first_leaf, n_nodes):
        n_near = 0
        stack[0] = 0
        top = 1
        while top > 0:
            top -= 1
            node = stack[top]
            bound = 0.0
            for k in range(n_features):
                gap = max(low[node, k] - high[leaf, k], low[leaf, k] - high[node, k])
                if gap > 0.0:
                    bound = _add_gap(bound, gap, metric, p)
            if bound > reduced_eps:
                continue
            if node < first_leaf:
                stack[top] = 2 * node + 2
                stack[top + 1] = 2 * node + 1
                top += 2
            else:
                near[n_near] = node
                n_near += 1
        for i in range(start[leaf], end[leaf]):
            for c in range(n_near):
                other = near[c]
                bound = 0.0
                for k in range(n_features):
                    gap = max(low[other, k] - points[i, k], points[i, k] - high[other, k])
                    if gap > 0.0:
                        bound = _add_gap(bound, gap, metric, p)
                if bound > reduced_eps:
                    continue
                for j in range(start[other], end[other]):
                    value = 0.0
                    for k in range(n_features):
                        value = _add_gap(value, abs(points[i, k] - points[j, k]), metric, p)
                    if value <= reduced_eps:
                        if count == capacity:
                            capacity *= 2
                            grown = np.empty(capacity, dtype=np.int64)
                            grown[:count] = found[:count]
                            found = grown
                        found[count] = j
                        count += 1
            indptr[i + 1] = count
    return indptr, found[:count]
