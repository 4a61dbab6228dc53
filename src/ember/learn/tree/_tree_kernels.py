"""Compiled walks over a grown tree: routing samples to leaves, and pruning.

A tree is scikit-learn's flat layout: node ``i`` has children ``left[i]`` and
``right[i]`` (-1 at a leaf), tests ``X[:, feature[i]] <= threshold[i]`` and
sends NaN to the left when ``missing_left[i]``. Imported on first use.
"""

import numpy as np

from ember.backend._jit import njit

LEAF = -1


@njit
def _step(row, node, child, feature, threshold, nan_right):
    """The child a row goes to from node (node itself at a leaf), without a branch."""
    v = row[np.uint64(feature[node])]
    right = (v > threshold[node]) | ((v != v) & nan_right[node])
    return np.uint64(child[node, np.uint64(right)])


@njit
def apply(X, child, feature, threshold, nan_right, max_steps, out):
    """The leaf of each row of X (float32, C order) into out.

    child (n_nodes, 2) holds each node's left and right child, a leaf being its own
    child (and testing feature 0), so a step has no data-dependent branch to mispredict.
    Four rows walk together, their chains of loads independent, so the processor
    overlaps them; the four stop when none of them moved."""
    n = X.shape[0]
    r = 0
    while r + 4 <= n:
        a = b = c = d = np.uint64(0)
        xa, xb, xc, xd = X[r], X[r + 1], X[r + 2], X[r + 3]
        for _ in range(max_steps):
            na = _step(xa, a, child, feature, threshold, nan_right)
            nb = _step(xb, b, child, feature, threshold, nan_right)
            nc = _step(xc, c, child, feature, threshold, nan_right)
            nd = _step(xd, d, child, feature, threshold, nan_right)
            if na == a and nb == b and nc == c and nd == d:
                break
            a, b, c, d = na, nb, nc, nd
        out[r], out[r + 1], out[r + 2], out[r + 3] = a, b, c, d
        r += 4
    for last in range(r, n):
        a = np.uint64(0)
        for _ in range(max_steps):
            na = _step(X[last], a, child, feature, threshold, nan_right)
            if na == a:
                break
            a = na
        out[last] = a


@njit
def _parents_and_leaves(left, right):
    n_nodes = left.shape[0]
    parent = np.full(n_nodes, -1, dtype=np.int64)
    for i in range(n_nodes):
        if left[i] != LEAF:
            parent[left[i]] = i
            parent[right[i]] = i
    return parent


@njit
def cost_complexity_prune(left, right, weight, impurity, ccp_alpha, record):
    """Minimal cost-complexity pruning (Breiman et al. 1984, ch. 3).

    Repeatedly collapses the internal node of smallest effective alpha
    ``(R(t) - R(T_t)) / (|leaves(T_t)| - 1)`` (first node on ties), where R is the
    weight fraction times the impurity, until that alpha exceeds ccp_alpha (or, with
    record, until only the root is left). Returns (is_leaf mask of the pruned tree,
    alphas, total leaf impurities) - the path has one entry per collapse, plus (0, R(T))."""
    n_nodes = left.shape[0]
    r_node = weight * impurity / weight[0]
    parent = _parents_and_leaves(left, right)
    n_leaves = np.zeros(n_nodes, dtype=np.int64)
    r_branch = np.zeros(n_nodes)
    is_leaf = left == LEAF
    for i in range(n_nodes):
        if is_leaf[i]:
            r_branch[i] = r_node[i]
            j = i
            while j != 0:
                j = parent[j]
                r_branch[j] += r_node[i]
                n_leaves[j] += 1
    candidate = ~is_leaf
    in_tree = np.ones(n_nodes, dtype=np.bool_)
    alphas = np.empty(n_nodes)
    impurities = np.empty(n_nodes)
    alphas[0], impurities[0] = 0.0, r_branch[0]
    count = 1
    stack = np.empty(n_nodes, dtype=np.int64)
    while candidate[0]:
        best_alpha = np.finfo(np.float64).max
        best = 0
        for i in range(n_nodes):
            if candidate[i]:
                alpha = (r_node[i] - r_branch[i]) / (n_leaves[i] - 1)
                if alpha < best_alpha:
                    best_alpha, best = alpha, i
        if not record and ccp_alpha < best_alpha:
            break
        top = 1
        stack[0] = best
        while top > 0:  # the branch below best leaves the tree
            top -= 1
            node = stack[top]
            if not in_tree[node]:
                continue
            candidate[node], is_leaf[node], in_tree[node] = False, False, False
            if left[node] != LEAF:
                stack[top], stack[top + 1] = left[node], right[node]
                top += 2
        is_leaf[best], in_tree[best] = True, True
        pruned = n_leaves[best] - 1
        n_leaves[best] = 0
        diff = r_node[best] - r_branch[best]
        r_branch[best] = r_node[best]
        node = parent[best]
        while node != -1:
            n_leaves[node] -= pruned
            r_branch[node] += diff
            node = parent[node]
        alphas[count], impurities[count] = best_alpha, r_branch[0]
        count += 1
    return is_leaf, alphas[:count], impurities[:count]


@njit
def preorder_subtree(left, right, is_leaf):
    """Old ids of the nodes of the tree cut at is_leaf, in preorder (the new ids), with
    their new children (-1 at the new leaves) and depths."""
    n_nodes = left.shape[0]
    order = np.empty(n_nodes, dtype=np.int64)
    new_left = np.full(n_nodes, LEAF, dtype=np.int64)
    new_right = np.full(n_nodes, LEAF, dtype=np.int64)
    depth = np.zeros(n_nodes, dtype=np.int64)
    stack = np.empty((n_nodes + 1, 4), dtype=np.int64)  # old id, parent (new), is_left, depth
    stack[0, 0], stack[0, 1], stack[0, 2], stack[0, 3] = 0, -1, 0, 0
    top = 1
    count = 0
    while top > 0:
        top -= 1
        old, parent, is_left, d = stack[top]
        new = count
        count += 1
        order[new] = old
        depth[new] = d
        if parent >= 0:
            if is_left:
                new_left[parent] = new
            else:
                new_right[parent] = new
        if not is_leaf[old]:
            stack[top, 0], stack[top, 1], stack[top, 2], stack[top, 3] = right[old], new, 0, d + 1
            stack[top + 1, 0], stack[top + 1, 1] = left[old], new
            stack[top + 1, 2], stack[top + 1, 3] = 1, d + 1
            top += 2
    return order[:count], new_left[:count], new_right[:count], depth[:count]
