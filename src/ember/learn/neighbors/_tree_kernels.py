"""Compiled depth-first searches of ``KDTree`` and ``BallTree`` (imported on a tree's first query).

Both trees share one layout: a complete binary tree in an array (children of
node ``i`` are ``2i+1`` and ``2i+2``) whose node ``i`` owns the points
``order[start[i]:end[i]]``. Only the lower bound on the distance from a query
to a node differs: the gap to a box (KD) or to a ball. Distances are compared
in "reduced" form (squared for euclidean, ``sum |d|^p`` for minkowski) so no
root is taken until the end.

metric codes: 0 euclidean, 1 manhattan, 2 chebyshev, 3 minkowski (power ``p``).
"""

import numpy as np

from ember.backend._jit import njit


@njit
def _accumulate(total, gap, metric, p):
    """Add one coordinate's absolute gap to a reduced distance."""
    if metric == 0:
        return total + gap * gap
    if metric == 1:
        return total + gap
    if metric == 2:
        return gap if gap > total else total
    return total + gap ** p


@njit
def _reduce(distance, metric, p):
    """True distance to reduced form."""
    if metric == 0:
        return distance * distance
    if metric == 3:
        return distance ** p
    return distance



@njit
def _unreduce(reduced, metric, p):
    if metric == 0:
        return np.sqrt(reduced)
    if metric == 3:
        return reduced ** (1.0 / p)
    return reduced


# Loops over arrays are written out inside the two kernels rather than called
# as helpers taking arrays: a call that passes arrays to another compiled
# function costs reference-count updates per array, ~10x the arithmetic of a
# 3-D distance. Only scalar helpers are called.


@njit
def _node_bound(queries, q, node, is_ball, bounds_low, bounds_high, radius, metric, p):
    """A lower bound (reduced distance) from query q to any point of the node.

    Ball tree: distance to the centre (``bounds_low``) less the radius; KD tree:
    distance to the node's bounding box.
    """
    bound = 0.0
    if is_ball:
        for j in range(queries.shape[1]):
            bound = _accumulate(bound, abs(queries[q, j] - bounds_low[node, j]), metric, p)
        gap = _unreduce(bound, metric, p) - radius[node]
        return _reduce(gap, metric, p) if gap > 0.0 else 0.0
    for j in range(queries.shape[1]):
        gap = max(bounds_low[node, j] - queries[q, j], queries[q, j] - bounds_high[node, j])
        if gap > 0.0:
            bound = _accumulate(bound, gap, metric, p)
    return bound


@njit
def query_knn(data, order, start, end, is_ball, bounds_low, bounds_high, radius, n_levels,
              queries, k, metric, p, out_dist, out_index):
    """The k nearest points of each query, ascending by (distance, index), into out_dist/out_index."""
    n_nodes = start.shape[0]
    n_features = data.shape[1]
    first_leaf = (n_nodes - 1) // 2
    stack_node = np.empty(2 * n_levels + 4, dtype=np.int64)
    stack_bound = np.empty(2 * n_levels + 4)
    for q in range(queries.shape[0]):
        for j in range(k):
            out_dist[q, j] = np.inf
            out_index[q, j] = -1
        stack_node[0] = 0
        stack_bound[0] = 0.0
        top = 1
        while top > 0:
            top -= 1
            node = stack_node[top]
            if stack_bound[top] > out_dist[q, k - 1]:
                continue
            if node >= first_leaf:
                for position in range(start[node], end[node]):
                    point = order[position]
                    value = 0.0
                    for j in range(n_features):
                        value = _accumulate(value, abs(queries[q, j] - data[point, j]), metric, p)
                    worst = out_dist[q, k - 1]
                    if value < worst or (value == worst and point < out_index[q, k - 1]):
                        slot = k - 1
                        while slot > 0 and (out_dist[q, slot - 1] > value or (
                                out_dist[q, slot - 1] == value and out_index[q, slot - 1] > point)):
                            out_dist[q, slot] = out_dist[q, slot - 1]
                            out_index[q, slot] = out_index[q, slot - 1]
                            slot -= 1
                        out_dist[q, slot] = value
                        out_index[q, slot] = point
                continue
            bound_left = 0.0
            bound_right = 0.0
            for side in range(2):
                child = 2 * node + 1 + side
                bound = _node_bound(queries, q, child, is_ball, bounds_low, bounds_high, radius,
                                    metric, p)
                if side == 0:
                    bound_left = bound
                else:
                    bound_right = bound
            left, right = 2 * node + 1, 2 * node + 2
            # Push the farther child first so the nearer one is searched first.
            if bound_left <= bound_right:
                stack_node[top], stack_bound[top] = right, bound_right
                stack_node[top + 1], stack_bound[top + 1] = left, bound_left
            else:
                stack_node[top], stack_bound[top] = left, bound_left
                stack_node[top + 1], stack_bound[top + 1] = right, bound_right
            top += 2
        for j in range(k):
            out_dist[q, j] = _unreduce(out_dist[q, j], metric, p)


@njit
def query_radius(data, order, start, end, is_ball, bounds_low, bounds_high, radius, n_levels,
                 queries, reduced_radii, metric, p):
    """Points within each query's radius: CSR-style ``(indptr, indices, distances)`` in tree order."""
    n_nodes = start.shape[0]
    n_features = data.shape[1]
    first_leaf = (n_nodes - 1) // 2
    stack = np.empty(2 * n_levels + 4, dtype=np.int64)
    capacity = max(16, queries.shape[0] * 4)
    found_index = np.empty(capacity, dtype=np.int64)
    found_dist = np.empty(capacity)
    indptr = np.zeros(queries.shape[0] + 1, dtype=np.int64)
    count = 0
    for q in range(queries.shape[0]):
        limit = reduced_radii[q]
        stack[0] = 0
        top = 1
        while top > 0:
            top -= 1
            node = stack[top]
            bound = _node_bound(queries, q, node, is_ball, bounds_low, bounds_high, radius, metric, p)
            if bound > limit:
                continue
            if node < first_leaf:
                stack[top] = 2 * node + 2
                stack[top + 1] = 2 * node + 1
                top += 2
                continue
            for position in range(start[node], end[node]):
                point = order[position]
                value = 0.0
                for j in range(n_features):
                    value = _accumulate(value, abs(queries[q, j] - data[point, j]), metric, p)
                if value <= limit:
                    if count == capacity:
                        capacity *= 2
                        grown_index = np.empty(capacity, dtype=np.int64)
                        grown_dist = np.empty(capacity)
                        grown_index[:count] = found_index[:count]
                        grown_dist[:count] = found_dist[:count]
                        found_index, found_dist = grown_index, grown_dist
                    found_index[count] = point
                    found_dist[count] = _unreduce(value, metric, p)
                    count += 1
        indptr[q + 1] = count
    return indptr, found_index[:count], found_dist[:count]
