"""``PackedTrees``: fitted trees laid end to end, walked by one compiled kernel.

The forests sum their trees' leaf values (class fractions, regression values)
and the isolation forest their path lengths; both pack the trees' node arrays
once per call (``np.concatenate`` of arrays the trees already hold) and let
``_forest_kernels`` take every row down every tree, in blocks of rows split
among ``n_jobs`` threads. Sums run over the trees in their order, so results
are the same for any ``n_jobs``.
"""

import numpy as np
import scipy.sparse as sp

# Sparse rows are densified this many at a time.
_SPARSE_ROWS = 4096


def _kernels():
    from . import _forest_kernels

    return _forest_kernels


def _row_ranges(n_rows, n_parts):
    bounds = np.linspace(0, n_rows, n_parts + 1).astype(int)
    return [(a, b) for a, b in zip(bounds[:-1], bounds[1:]) if b > a]


def _threads(n_jobs, function, ranges):
    """``function(lo, hi)`` for each row range, on up to ``n_jobs`` threads."""
    if len(ranges) <= 1:
        for lo, hi in ranges:
            function(lo, hi)
        return
    from joblib import Parallel, delayed

    Parallel(n_jobs=n_jobs, prefer="threads")(delayed(function)(lo, hi) for lo, hi in ranges)


def _n_parts(n_jobs, n_rows):
    from joblib import effective_n_jobs

    # Below a few thousand rows a thread costs more than it saves.
    return max(1, min(effective_n_jobs(n_jobs), n_rows // 2048))


class PackedTrees:
    """The node arrays of ``trees`` (``Tree`` objects) end to end.

    Parameters
    ----------
    trees : list of Tree
    values : list of ndarray of shape (node_count, width), or None
        What each node contributes (default: the trees' ``value`` flattened to
        (node_count, n_outputs * max_n_classes)).
    features : list of ndarray of int, or None
        Per tree, the columns of X its feature indices refer to (a tree fitted on
        ``X[:, features[t]]``).
    """

    def __init__(self, trees, values=None, features=None):
        counts = np.array([tree.node_count for tree in trees], dtype=np.int64)
        self.root = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
        self.left = np.concatenate([tree.children_left for tree in trees])
        self.right = np.concatenate([tree.children_right for tree in trees])
        if features is None:
            self.feature = np.concatenate([tree.feature for tree in trees])
        else:  # tree t's feature j is column features[t][j] of X (leaves keep -2)
            self.feature = np.concatenate([
                np.where(tree.feature >= 0, np.asarray(columns)[np.maximum(tree.feature, 0)],
                         tree.feature) for tree, columns in zip(trees, features)])
        self.threshold = np.concatenate([tree.threshold for tree in trees])
        self.missing_left = np.concatenate([tree.missing_go_to_left for tree in trees])
        if values is None:
            values = [tree.value.reshape(tree.node_count, -1) for tree in trees]
        self.value = np.ascontiguousarray(np.concatenate(values), dtype=np.float64)
        self.n_trees = len(trees)

    def _nodes(self, X):
        # Blocks of about 256 KB of rows: a block stays in cache while it goes down the trees.
        block = max(64, (1 << 18) // (4 * max(1, X.shape[1])))
        return (block, self.root, self.left, self.right, self.feature, self.threshold,
                self.missing_left)

    def _each_block(self, X, n_jobs, work):
        """``work(X_rows, lo, hi)`` over row ranges of X (dense float32 C rows)."""
        if sp.issparse(X):
            X = X.tocsr()

            def dense(lo, hi):
                for a in range(lo, hi, _SPARSE_ROWS):
                    b = min(hi, a + _SPARSE_ROWS)
                    work(np.ascontiguousarray(X[a:b].toarray(), dtype=np.float32), a, b)
        else:
            X = np.ascontiguousarray(X, dtype=np.float32)

            def dense(lo, hi):
                work(X[lo:hi], lo, hi)
        n_rows = X.shape[0]
        _threads(n_jobs, dense, _row_ranges(n_rows, _n_parts(n_jobs, n_rows)))

    def sum_values(self, X, n_jobs=None, skip=None, out=None, counts=None):
        """Per row of X, the sum of its leaves' values over the trees,
        (n_rows, width), and how many trees took part (n_rows,).

        skip : (n_trees, n_rows) bool or None; True leaves tree t out for row r.
        out, counts : arrays to add to (in place) instead of zeros."""
        n_rows = X.shape[0]
        out = np.zeros((n_rows, self.value.shape[1])) if out is None else out
        counts = np.zeros(n_rows, dtype=np.int64) if counts is None else counts
        skip = np.zeros((0, 0), dtype=bool) if skip is None else skip
        kernel = _kernels().sum_leaf_values

        def work(rows, lo, hi):
            kernel(rows, *self._nodes(rows), self.value,
                   skip[:, lo:hi] if skip.shape[0] else skip, out[lo:hi], counts[lo:hi])

        self._each_block(X, n_jobs, work)
        return out, counts

    def apply(self, X, n_jobs=None):
        """(n_rows, n_trees): the index of the leaf each row reaches in each tree."""
        out = np.empty((X.shape[0], self.n_trees), dtype=np.int64)
        kernel = _kernels().apply_trees

        def work(rows, lo, hi):
            kernel(rows, *self._nodes(rows), out[lo:hi])

        self._each_block(X, n_jobs, work)
        return out
