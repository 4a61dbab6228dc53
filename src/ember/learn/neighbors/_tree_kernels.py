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
def _reduced_distance(query, points, row, metric, p):
    """Reduced distance from ``query`` to ``points[row]`` (indexing in place, no row view)."""
    total = 0.0
    for j in range(query.shape[0]):
        total = _accumulate(total, abs(query[j] - points[row, j]), metric, p)
    return total


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


@njit
def _node_lower_bound(query, node, is_ball, bounds_low, bounds_high, radius, metric, p):
    """Reduced distance from ``query`` to the nearest place node ``node`` could hold a point."""
    if is_ball:
        gap = _unreduce(_reduced_distance(query, bounds_low, node, metric, p), metric, p) - radius[node]
        return _reduce(gap, metric, p) if gap > 0.0 else 0.0
    total = 0.0
    for j in range(query.shape[0]):
        gap = bounds_low[node, j] - query[j]
        above = query[j] - bounds_high[node, j]
        if above > gap:
            gap = above
        if gap > 0.0:
            total = _accumulate(total, gap, metric, p)
    return total


@njit
def query_knn(data, order, start, end, is_ball, bounds_low, bounds_high, radius, n_levels,
              queries, k, metric, p, out_dist, out_index):
    """The k nearest points of each query, ascending by (distance, index), into out_dist/out_index."""
    n_nodes = start.shape[0]
    first_leaf = (n_nodes - 1) // 2
    stack_node = np.empty(2 * n_levels + 4, dtype=np.int64)
    stack_bound = np.empty(2 * n_levels + 4)
    for q in range(queries.shape[0]):
        query = queries[q]
        best = out_dist[q]
        best_index = out_index[q]
        best[:] = np.inf
        best_index[:] = -1
        top = 0
        stack_node[0] = 0
        stack_bound[0] = _node_lower_bound(query, 0, is_ball, bounds_low, bounds_high, radius,
                                           metric, p)
        top = 1
        while top > 0:
            top -= 1
            node = stack_node[top]
            if stack_bound[top] > best[k - 1]:
                continue
            if node >= first_leaf:
                for position in range(start[node], end[node]):
                    point = order[position]
                    value = _reduced_distance(query, data, point, metric, p)
                    worst = best[k - 1]
                    if value < worst or (value == worst and point < best_index[k - 1]):
                        slot = k - 1
                        while slot > 0 and (best[slot - 1] > value or (
                                best[slot - 1] == value and best_index[slot - 1] > point)):
                            best[slot] = best[slot - 1]
                            best_index[slot] = best_index[slot - 1]
                            slot -= 1
                        best[slot] = value
                        best_index[slot] = point
                continue
            left, right = 2 * node + 1, 2 * node + 2
            bound_left = _node_lower_bound(query, left, is_ball, bounds_low, bounds_high, radius,
                                           metric, p)
            bound_right = _node_lower_bound(query, right, is_ball, bounds_low, bounds_high, radius,
                                            metric, p)
            # Push the farther child first so the nearer one is searched first.
            if bound_left <= bound_right:
                stack_node[top], stack_bound[top] = right, bound_right
                stack_node[top + 1], stack_bound[top + 1] = left, bound_left
            else:
                stack_node[top], stack_bound[top] = left, bound_left
                stack_node[top + 1], stack_bound[top + 1] = right, bound_right
            top += 2
        for j in range(k):
            best[j] = _unreduce(best[j], metric, p)


@njit
def query_radius(data, order, start, end, is_ball, bounds_low, bounds_high, radius, n_levels,
                 queries, reduced_radii, metric, p):
    """Points within each query's radius: CSR-style ``(indptr, indices, distances)`` in tree order."""
    n_nodes = start.shape[0]
    first_leaf = (n_nodes - 1) // 2
    stack = np.empty(2 * n_levels + 4, dtype=np.int64)
    capacity = max(16, queries.shape[0] * 4)
    found_index = np.empty(capacity, dtype=np.int64)
    found_dist = np.empty(capacity)
    indptr = np.zeros(queries.shape[0] + 1, dtype=np.int64)
    count = 0
    for q in range(queries.shape[0]):
        query = queries[q]
        limit = reduced_radii[q]
        stack[0] = 0
        top = 1
        while top > 0:
            top -= 1
            node = stack[top]
            if _node_lower_bound(query, node, is_ball, bounds_low, bounds_high, radius, metric,
                                 p) > limit:
                continue
            if node < first_leaf:
                stack[top] = 2 * node + 2
                stack[top + 1] = 2 * node + 1
                top += 2
                continue
            for position in range(start[node], end[node]):
                point = order[position]
                value = _reduced_distance(query, data, point, metric, p)
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
