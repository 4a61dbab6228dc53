"""Fitted trees and the flat ensemble that predicts with all of them in one compiled pass."""

import numpy as np

# Fields of a tree's node records (scikit-learn's TreePredictor layout).
NODE_DTYPE = np.dtype([
    ("value", np.float64), ("count", np.uint32), ("feature_idx", np.intp),
    ("num_threshold", np.float64), ("missing_go_to_left", np.uint8), ("left", np.uint32),
    ("right", np.uint32), ("gain", np.float64), ("depth", np.uint32), ("is_leaf", np.uint8),
    ("bin_threshold", np.uint8), ("is_categorical", np.uint8), ("bitset_idx", np.uint32),
])


class TreePredictor:
    """One fitted tree: its node fields (``NODE_DTYPE``'s, one array each) and its categorical
    splits' left bins.

    Attributes:
        nodes: the node records as one structured array, depth-first (the root
            first, each left subtree before the right one), with ``value``,
            ``count``, ``feature_idx``, ``num_threshold``, ``missing_go_to_left``,
            ``left``, ``right``, ``gain``, ``depth``, ``is_leaf``,
            ``bin_threshold``, ``is_categorical`` and ``bitset_idx`` (its row of
            ``left_bins``).
        left_bins: ``(n_categorical_splits, n_bins)`` uint8, 1 for the category
            codes (bins) sent left.
    """

    def __init__(self, nodes, left_bins):
        # plain arrays, one per field, so the safe save format (ember.learn.io) can store them
        self.fields = {name: np.ascontiguousarray(nodes[name]) for name in NODE_DTYPE.names}
        self.left_bins = left_bins

    @property
    def nodes(self):
        nodes = np.zeros(len(self.fields["value"]), dtype=NODE_DTYPE)
        for name, values in self.fields.items():
            nodes[name] = values
        return nodes

    def get_n_leaf_nodes(self):
        return int(self.fields["is_leaf"].sum())

    def get_max_depth(self):
        return int(self.fields["depth"].max())


class Forest:
    """The trees of ``predictors`` (a list of iterations, each a list of ``n_per_iteration``
    trees) as flat arrays: node ``i`` of tree ``t`` is ``roots[t] + i``."""

    def __init__(self, predictors, n_bins):
        trees = [tree for iteration in predictors for tree in iteration]
        self.n_trees = len(trees)
        self.n_per_iteration = len(predictors[0]) if predictors else 1
        sizes = np.array([len(t.fields["value"]) for t in trees], dtype=np.int64)
        self.roots = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64) \
            if trees else np.zeros(0, np.int64)
        nodes = {name: np.concatenate([t.fields[name] for t in trees]) if trees
                 else np.zeros(0, NODE_DTYPE[name]) for name in NODE_DTYPE.names}
        offsets = np.repeat(self.roots, sizes)
        cat_offsets = np.cumsum([0] + [len(t.left_bins) for t in trees])[:-1]
        self.feature = nodes["feature_idx"].astype(np.int64)
        self.threshold = nodes["num_threshold"].astype(np.float64)
        self.bin_threshold = nodes["bin_threshold"].astype(np.uint8)
        self.missing_left = nodes["missing_go_to_left"].astype(np.uint8)
        self.is_leaf = nodes["is_leaf"].astype(np.uint8)
        self.is_categorical = nodes["is_categorical"].astype(np.uint8)
        self.left = nodes["left"].astype(np.int64) + offsets
        self.right = nodes["right"].astype(np.int64) + offsets
        self.value = nodes["value"].astype(np.float64)
        self.cat_row = nodes["bitset_idx"].astype(np.int64) + np.repeat(cat_offsets, sizes)
        rows = [t.left_bins for t in trees if len(t.left_bins)]
        self.cat_bins = (np.concatenate(rows).astype(np.uint8) if rows
                         else np.zeros((1, n_bins), dtype=np.uint8))

    def add_raw(self, X, out, first=0, stop=None):
        """``out[:, k] +=`` the outputs of trees ``first <= t < stop`` on raw (encoded) ``X``."""
        self._add(np.ascontiguousarray(X, dtype=np.float64), False, 0, self.threshold, out, first,
                  stop)

    def add_binned(self, X_binned, missing_bin, out, first=0, stop=None):
        """As ``add_raw`` on binned data."""
        self._add(np.ascontiguousarray(X_binned), True, missing_bin, self.bin_threshold, out,
                  first, stop)

    def _add(self, X, binned, missing_bin, threshold, out, first, stop):
        from . import _predict_kernels

        _predict_kernels.predict(
            X, binned, missing_bin, self.roots, first, self.n_trees if stop is None else stop,
            self.n_per_iteration, self.feature, threshold, self.missing_left, self.is_leaf,
            self.is_categorical, self.left, self.right, self.value, self.cat_row, self.cat_bins,
            out)
