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

    # One row range per thread: each range walks every tree once, so more ranges read the
    # forest from memory more often (four per thread cost extra-trees' large forests 30% on a
    # quiet machine). Below a few thousand rows a thread costs more than it saves.
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
        self.steps = np.array([max(tree.max_depth, 0) for tree in trees], dtype=np.int64)
        n_nodes = int(counts.sum())
        self.child = np.empty((n_nodes, 2), dtype=np.int64)
        self.feature = np.empty(n_nodes, dtype=np.int64)
        self.nan_right = np.empty(n_nodes, dtype=np.bool_)
        fill = _kernels().fill_tables
        no_columns = np.zeros(0, dtype=np.int64)
        for t, tree in enumerate(trees):
            columns = no_columns if features is None else np.asarray(features[t], np.int64)
            fill(self.root[t], tree.children_left, tree.children_right, tree.feature,
                 tree.missing_go_to_left, columns, self.child, self.feature, self.nan_right)
        self.threshold = np.concatenate([tree.threshold for tree in trees])
        if values is None:
            values = [tree.value.reshape(tree.node_count, -1) for tree in trees]
        self.value = np.ascontiguousarray(np.concatenate(values), dtype=np.float64)
        self.n_trees = len(trees)

    def _tables(self, X):
        # Blocks of up to 16 MB of rows go down one tree after another.
        block = max(256, (1 << 24) // (4 * max(1, X.shape[1])))
        return (block, self.root, self.steps, self.child, self.feature, self.threshold,
                self.nan_right)

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

    def sum_values(self, X, n_jobs=None, out=None):
        """Per row of X, the sum of its leaves' values over the trees, (n_rows, width)
        (added to ``out`` in place when given)."""
        out = np.zeros((X.shape[0], self.value.shape[1])) if out is None else out
        kernel = _kernels().sum_leaf_values

        def work(rows, lo, hi):
            kernel(rows, *self._tables(rows), self.value, out[lo:hi])

        self._each_block(X, n_jobs, work)
        return out

    def sum_out_of_bag(self, X, inbag, out, counts, n_jobs=None):
        """``sum_values`` with tree t leaving out the rows where ``inbag[t]`` (bool,
        (n_trees, n_rows)); adds to ``out`` and the number of trees per row to ``counts``."""
        kernel = _kernels().sum_out_of_bag

        def work(rows, lo, hi):
            kernel(rows, *self._tables(rows)[1:], self.value, inbag[:, lo:hi], out[lo:hi],
                   counts[lo:hi])

        self._each_block(X, n_jobs, work)

    def apply(self, X, n_jobs=None):
        """(n_rows, n_trees): the index of the leaf each row reaches in each tree."""
        out = np.empty((X.shape[0], self.n_trees), dtype=np.int64)
        kernel = _kernels().apply_trees

        def work(rows, lo, hi):
            kernel(rows, *self._tables(rows), out[lo:hi])

        self._each_block(X, n_jobs, work)
        return out
