"""``Tree``: the fitted binary tree as parallel arrays (the ``tree_`` attribute of the estimators).

The layout and the attribute names are scikit-learn's: node ``i`` has
``children_left[i]`` / ``children_right[i]`` (-1 at a leaf), tests
``X[:, feature[i]] <= threshold[i]`` (feature and threshold are -2 at a leaf),
sends NaN left when ``missing_go_to_left[i]``, and stores ``impurity``,
``n_node_samples``, ``weighted_n_node_samples`` and ``value`` of shape
(node_count, n_outputs, max_n_classes): the weighted class fractions for a
classifier (scikit-learn 1.4+), the mean (the median for absolute error) for a
regressor.
"""

import numpy as np
import scipy.sparse as sp


def _kernels():
    from . import _tree_kernels

    return _tree_kernels


def _rows(X):
    """Float32 C-ordered rows (sparse input densified)."""
    if sp.issparse(X):
        X = X.toarray()
    return np.ascontiguousarray(X, dtype=np.float32)


class Tree:
    """Array-based representation of a fitted binary decision tree.

    Parameters
    ----------
    n_features : int
    n_classes : array-like of int of shape (n_outputs,)
        Number of classes per output (ones for a regressor).
    n_outputs : int

    Attributes
    ----------
    node_count, capacity : int
    max_depth : int
    children_left, children_right, feature : ndarray of int64 (node_count,)
    threshold, impurity, weighted_n_node_samples : ndarray of float64 (node_count,)
    n_node_samples : ndarray of int64 (node_count,)
    missing_go_to_left : ndarray of uint8 (node_count,)
    value : ndarray of float64 (node_count, n_outputs, max_n_classes)
    n_leaves : int

    Examples
    --------
    >>> from ember.learn.tree import DecisionTreeClassifier
    >>> tree = DecisionTreeClassifier().fit([[0.0], [1.0]], [0, 1]).tree_
    >>> tree.node_count, float(tree.threshold[0]), tree.children_left.tolist()
    (3, 0.5, [1, -1, -1])
    """

    def __init__(self, n_features, n_classes, n_outputs):
        self.n_features = int(n_features)
        self.n_outputs = int(n_outputs)
        self.n_classes = np.asarray(n_classes, dtype=np.int64).reshape(self.n_outputs)
        self.max_n_classes = int(self.n_classes.max())
        self._set_nodes(np.zeros((0, 5), np.int64), np.zeros((0, 3)),
                        np.zeros((0, self.n_outputs, self.max_n_classes)), 0)

    @classmethod
    def from_nodes(cls, n_features, n_classes, ints, floats, value, max_depth):
        """A tree from the builder's node tables (see ``_builder_kernels.build``)."""
        tree = cls(n_features, n_classes, len(n_classes))
        tree._set_nodes(ints, floats, value, max_depth)
        return tree

    def _set_nodes(self, ints, floats, value, max_depth):
        self.children_left = np.ascontiguousarray(ints[:, 0])
        self.children_right = np.ascontiguousarray(ints[:, 1])
        self.feature = np.ascontiguousarray(ints[:, 2])
        self.n_node_samples = np.ascontiguousarray(ints[:, 3])
        self.missing_go_to_left = ints[:, 4].astype(np.uint8)
        self.threshold = np.ascontiguousarray(floats[:, 0])
        self.impurity = np.ascontiguousarray(floats[:, 1])
        self.weighted_n_node_samples = np.ascontiguousarray(floats[:, 2])
        self.value = np.ascontiguousarray(value)
        self.node_count = self.capacity = len(ints)
        self.max_depth = int(max_depth)

    @property
    def n_leaves(self):
        """Number of leaves."""
        return int(np.count_nonzero(self.children_left == -1))

    def _walk_tables(self):
        """The routing tables of the apply kernel: children (a leaf its own child), tested
        feature and threshold (0 at a leaf), whether NaN goes right."""
        leaf = self.children_left == -1
        own = np.arange(self.node_count)
        child = np.column_stack([np.where(leaf, own, self.children_left),
                                 np.where(leaf, own, self.children_right)])
        return (child, np.where(leaf, 0, self.feature), np.where(leaf, 0.0, self.threshold),
                ~leaf & (self.missing_go_to_left == 0))

    def apply(self, X):
        """Index of the leaf each sample of X (n_samples, n_features) reaches, (n_samples,)."""
        X = _rows(X)
        out = np.empty(X.shape[0], dtype=np.int64)
        _kernels().apply(X, *self._walk_tables(), max(self.max_depth, 0), out)
        return out

    def predict(self, X):
        """The leaf values of X: (n_samples, n_outputs, max_n_classes), or
        (n_samples, max_n_classes) for one output."""
        out = self.value.take(self.apply(X), axis=0)
        if self.n_outputs == 1:
            out = out.reshape(len(out), self.max_n_classes)
        return out

    def decision_path(self, X):
        """CSR indicator (n_samples, node_count) of the nodes each sample goes through."""
        leaves = self.apply(X)
        ancestors = self._ancestors()
        indptr = np.zeros(len(leaves) + 1, dtype=np.int64)
        chunks = []
        for lo in range(0, len(leaves), 1 << 16):  # bounded memory: one block of rows at a time
            rows = ancestors[leaves[lo:lo + (1 << 16)]]
            on_path = rows >= 0
            chunks.append(rows[on_path])  # row by row, root first
            indptr[lo + 1:lo + 1 + len(rows)] = on_path.sum(axis=1)
        indices = np.concatenate(chunks) if chunks else np.zeros(0, np.int64)
        data = np.ones(len(indices), dtype=np.int64)
        return sp.csr_matrix((data, indices, np.cumsum(indptr)),
                             shape=(len(leaves), self.node_count))

    def _ancestors(self):
        """(node_count, max_depth + 1): row i lists node i's path from the root by depth,
        -1 past its depth."""
        depth = self.compute_node_depths() - 1
        parent = np.full(self.node_count, -1, dtype=np.int64)
        internal = np.flatnonzero(self.children_left != -1)
        parent[self.children_left[internal]] = internal
        parent[self.children_right[internal]] = internal
        ancestors = np.full((self.node_count, depth.max(initial=0) + 1), -1, dtype=np.int64)
        rows = np.arange(self.node_count)
        current, level = rows, depth
        while len(rows):  # every node's ancestor one level up per step
            ancestors[rows, level] = current
            keep = parent[current] >= 0
            rows, current, level = rows[keep], parent[current[keep]], level[keep] - 1
        return ancestors

    def compute_node_depths(self):
        """Depth of every node, the root at 1 (scikit-learn's convention), (node_count,)."""
        depth = np.zeros(self.node_count, dtype=np.int64)
        level, d = np.array([0]), 1
        while level.size:  # one level at a time
            depth[level] = d
            level = level[self.children_left[level] != -1]
            level = np.concatenate([self.children_left[level], self.children_right[level]])
            d += 1
        return depth

    def compute_feature_importances(self, normalize=True):
        """Total weighted impurity decrease brought by each feature, (n_features,)."""
        internal = np.flatnonzero(self.children_left != -1)
        left, right = self.children_left[internal], self.children_right[internal]
        wi = self.weighted_n_node_samples * self.impurity
        decrease = wi[internal] - wi[left] - wi[right]
        importances = np.bincount(self.feature[internal], weights=decrease,
                                  minlength=self.n_features).astype(np.float64)
        importances /= self.weighted_n_node_samples[0]
        if normalize:
            total = importances.sum()
            if total > 0.0:
                importances /= total
        return importances

    def pruned(self, ccp_alpha):
        """The subtree of minimal cost complexity for ``ccp_alpha`` (a new Tree)."""
        kernels = _kernels()
        is_leaf, _, _ = kernels.cost_complexity_prune(
            self.children_left, self.children_right, self.weighted_n_node_samples,
            self.impurity, float(ccp_alpha), False)
        order, left, right, depth = kernels.preorder_subtree(
            self.children_left, self.children_right, is_leaf)
        leaf = left == -1
        ints = np.column_stack([left, right, np.where(leaf, -2, self.feature[order]),
                                self.n_node_samples[order],
                                np.where(leaf, 0, self.missing_go_to_left[order])])
        floats = np.column_stack([np.where(leaf, -2.0, self.threshold[order]),
                                  self.impurity[order], self.weighted_n_node_samples[order]])
        return Tree.from_nodes(self.n_features, self.n_classes, ints, floats,
                               self.value[order], depth.max())

    def pruning_path(self):
        """Effective alphas and total leaf impurities of the cost-complexity pruning
        sequence: ``{"ccp_alphas": ..., "impurities": ...}``."""
        _, alphas, impurities = _kernels().cost_complexity_prune(
            self.children_left, self.children_right, self.weighted_n_node_samples,
            self.impurity, 0.0, True)
        return {"ccp_alphas": alphas, "impurities": impurities}

    def __repr__(self):
        return f"<Tree node_count={self.node_count} max_depth={self.max_depth}>"
