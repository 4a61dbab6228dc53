"""Compiled walks of many trees at once (the forests' and the isolation forest's predictions).

The trees are packed end to end (``_packed_trees.PackedTrees``): tree ``t``'s
nodes start at ``root[t]``, and its node arrays are kept as the tree has them
(children as indices within the tree, -1 at a leaf; the test
``X[:, feature] <= threshold``, NaN going left where ``missing_left``). Rows
are taken in blocks small enough to stay in cache, and within a block tree by
tree over all its rows, so that each tree's nodes stay in cache while the
block goes down it. Each row's sum runs over the trees in their order, so the
result does not depend on how rows are split among threads. Indices are
unsigned so that Numba adds no wraparound tests. Imported on first use.
"""

import numpy as np

from ember.backend._jit import njit

U = np.uint64


@njit
def _leaf(X, r, start, left, right, feature, threshold, missing_left):
    """The pack position of the leaf row r of X reaches in the tree starting at start."""
    node = U(0)
    while True:
        g = start + node
        child = left[g]
        if child < 0:
            return g
        v = X[r, U(feature[g])]
        if v <= threshold[g] or (np.isnan(v) and missing_left[g]):
            node = U(child)
        else:
            node = U(right[g])


@njit
def sum_leaf_values(X, block, root, left, right, feature, threshold, missing_left, value, skip,
                    out, counts):
    """``out[r] += value[leaf]`` over the trees of the pack, for every row r of X.

    block: rows per block; skip: (n_trees, n_rows) bool, True where tree t leaves row
    r out (its training rows, for out-of-bag sums), or shape (0, 0) to use every
    tree; counts[r] gets the number of trees row r went down."""
    n_rows = U(X.shape[0])
    width = U(value.shape[1])
    use_skip = skip.shape[0] > 0
    for lo in range(U(0), n_rows, U(block)):
        hi = min(lo + U(block), n_rows)
        for t in range(U(root.shape[0])):
            start = U(root[t])
            for r in range(lo, hi):
                if use_skip and skip[t, r]:
                    continue
                leaf = _leaf(X, r, start, left, right, feature, threshold, missing_left)
                for c in range(width):
                    out[r, c] += value[leaf, c]
                counts[r] += 1


@njit
def apply_trees(X, block, root, left, right, feature, threshold, missing_left, out):
    """``out[r, t]``: the index (within tree t) of the leaf row r of X reaches in tree t."""
    n_rows = U(X.shape[0])
    for lo in range(U(0), n_rows, U(block)):
        hi = min(lo + U(block), n_rows)
        for t in range(U(root.shape[0])):
            start = U(root[t])
            for r in range(lo, hi):
                leaf = _leaf(X, r, start, left, right, feature, threshold, missing_left)
                out[r, t] = np.int64(leaf - start)
