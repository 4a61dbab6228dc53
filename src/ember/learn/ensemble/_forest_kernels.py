"""Compiled walks of many trees at once (the forests' and the isolation forest's predictions).

The trees are packed end to end (``_packed_trees.PackedTrees``) as routing
tables: node ``i`` sends a row to ``child[i, 0]`` or, when
``X[:, feature[i]] > threshold[i]`` (or the value is NaN and ``nan_right[i]``),
to ``child[i, 1]``; a leaf is its own child. A step has no data-dependent
branch to mispredict, and four rows walk a tree together, their chains of
loads independent, so the processor overlaps them; they stop when none moved
(at most the tree's depth). Trees are taken one at a time over a block of rows,
so one tree's nodes stay in cache; each row's sum runs over the trees in their
order, so the result does not depend on how rows are split among threads.
Compiled without fast-math (``njit_exact``): the sums round as NumPy's.
Imported on first use.
"""

import numpy as np

from ember.backend._jit import njit_exact

U = np.uint64


@njit_exact
def fill_tables(offset, left, right, feature, missing_left, columns, child, feat, nan_right):
    """Write one tree's routing tables at rows offset.. of child / feat / nan_right: children
    as pack positions (a leaf its own child), features mapped through ``columns`` (a tree
    fitted on those columns of X; empty: the identity), NaN to the right unless
    ``missing_left``."""
    for i in range(left.shape[0]):
        g = offset + i
        if left[i] < 0:
            child[g, 0] = g
            child[g, 1] = g
            feat[g] = 0
            nan_right[g] = False
        else:
            child[g, 0] = offset + left[i]
            child[g, 1] = offset + right[i]
            feat[g] = columns[feature[i]] if columns.shape[0] else feature[i]
            nan_right[g] = missing_left[i] == 0


@njit_exact
def _step(X, r, node, child, feature, threshold, nan_right):
    v = X[r, U(feature[node])]
    right = (v > threshold[node]) | ((v != v) & nan_right[node])
    return U(child[node, U(right)])


@njit_exact
def _walk4(X, ra, rb, rc, rd, start, steps, child, feature, threshold, nan_right):
    """The leaves rows ra..rd of X reach from node start, walked together."""
    a = b = c = d = start
    for _ in range(steps):
        na = _step(X, ra, a, child, feature, threshold, nan_right)
        nb = _step(X, rb, b, child, feature, threshold, nan_right)
        nc = _step(X, rc, c, child, feature, threshold, nan_right)
        nd = _step(X, rd, d, child, feature, threshold, nan_right)
        if na == a and nb == b and nc == c and nd == d:
            break
        a, b, c, d = na, nb, nc, nd
    return a, b, c, d


@njit_exact
def _walk1(X, r, start, steps, child, feature, threshold, nan_right):
    a = start
    for _ in range(steps):
        na = _step(X, r, a, child, feature, threshold, nan_right)
        if na == a:
            break
        a = na
    return a


@njit_exact
def _add(out, r, value, leaf):
    for k in range(value.shape[1]):
        out[r, k] += value[leaf, k]


@njit_exact
def sum_leaf_values(X, block, root, steps, child, feature, threshold, nan_right, value, out):
    """``out[r] += value[leaf]`` over the trees of the pack, for every row r of X."""
    n_rows = X.shape[0]
    for lo in range(0, n_rows, block):
        hi = min(lo + block, n_rows)
        for t in range(root.shape[0]):
            start, depth = U(root[t]), steps[t]
            r = lo
            while r + 4 <= hi:
                a, b, c, d = _walk4(X, r, r + 1, r + 2, r + 3, start, depth, child, feature,
                                    threshold, nan_right)
                for k in range(value.shape[1]):
                    out[r, k] += value[a, k]
                    out[r + 1, k] += value[b, k]
                    out[r + 2, k] += value[c, k]
                    out[r + 3, k] += value[d, k]
                r += 4
            for q in range(r, hi):
                _add(out, q, value,
                     _walk1(X, q, start, depth, child, feature, threshold, nan_right))


@njit_exact
def sum_out_of_bag(X, root, steps, child, feature, threshold, nan_right, value, inbag, out,
                   counts):
    """As ``sum_leaf_values``, each tree t leaving out the rows r where ``inbag[t, r]``;
    counts[r] gets the number of trees row r went down."""
    rows = np.empty(4, dtype=np.int64)
    for t in range(root.shape[0]):
        start, depth = U(root[t]), steps[t]
        k = 0
        for r in range(X.shape[0]):
            if inbag[t, r]:
                continue
            counts[r] += 1
            rows[k] = r
            k += 1
            if k == 4:
                a, b, c, d = _walk4(X, rows[0], rows[1], rows[2], rows[3], start, depth,
                                    child, feature, threshold, nan_right)
                _add(out, rows[0], value, a)
                _add(out, rows[1], value, b)
                _add(out, rows[2], value, c)
                _add(out, rows[3], value, d)
                k = 0
        for j in range(k):
            _add(out, rows[j], value,
                 _walk1(X, rows[j], start, depth, child, feature, threshold, nan_right))


@njit_exact
def apply_trees(X, block, root, steps, child, feature, threshold, nan_right, out):
    """``out[r, t]``: the index (within tree t) of the leaf row r of X reaches in tree t."""
    n_rows = X.shape[0]
    for lo in range(0, n_rows, block):
        hi = min(lo + block, n_rows)
        for t in range(root.shape[0]):
            start, depth = U(root[t]), steps[t]
            r = lo
            while r + 4 <= hi:
                a, b, c, d = _walk4(X, r, r + 1, r + 2, r + 3, start, depth, child, feature,
                                    threshold, nan_right)
                out[r, t], out[r + 1, t] = a - start, b - start
                out[r + 2, t], out[r + 3, t] = c - start, d - start
                r += 4
            for q in range(r, hi):
                out[q, t] = _walk1(X, q, start, depth, child, feature, threshold,
                                   nan_right) - start
