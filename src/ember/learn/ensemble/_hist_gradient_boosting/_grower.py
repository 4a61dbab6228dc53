"""Growing one histogram tree, best first, and its node arrays for prediction.

The tree fits a Newton step of the loss from the samples' gradients and
hessians. It grows leaf-wise: of the current leaves, the one whose best split
reduces the loss most is split next (a heap keyed on the split gain), until
``max_leaf_nodes`` leaves, ``max_depth``, ``min_samples_leaf`` or a
non-positive gain stops it. The samples of every leaf are a contiguous range
of one partition array; splitting a leaf partitions its range in place.
Only the smaller child's histograms are built from its samples, the larger
child's are its parent's minus its sibling's.

Monotonic constraints bound the children's values by the midpoint of a
constrained split's two values; interaction constraints restrict the features
a node's descendants may split on to the groups containing every feature
split on above them. With ``feature_fraction < 1`` each split considers a
random subset of the allowed features.
"""

import heapq
import math

import numba
import numpy as np

from . import _tree_kernels as K
from ._predictor import NODE_DTYPE

class _Node:
    __slots__ = ("depth", "start", "stop", "sum_g", "sum_h", "value", "split", "left_bins",
                 "hist", "left", "right", "is_leaf", "allowed", "interaction_groups",
                 "lower", "upper")

    def __init__(self, depth, start, stop, sum_g, sum_h, value):
        self.depth, self.start, self.stop = depth, start, stop
        self.sum_g, self.sum_h, self.value = sum_g, sum_h, value
        self.split = self.left_bins = self.hist = self.left = self.right = None
        self.is_leaf = False
        self.allowed = self.interaction_groups = None
        self.lower, self.upper = -math.inf, math.inf

    @property
    def n_samples(self):
        return self.stop - self.start

    def __lt__(self, other):  # heapq pops the largest gain first
        return self.split[K.GAIN] > other.split[K.GAIN]


class TreeGrower:
    """Grows one tree on binned data (see the module docstring).

    Args:
        X_binned: ``(n_samples, n_features)`` uint8, Fortran-ordered.
        gradients, hessians: float32 ``(n_samples,)``; ``hessians`` of shape
            ``(1,)`` means all hessians are one (not stored).
        context: the per-fit constants (``GrowerContext``).
        rng: NumPy Generator for feature subsampling.
    """

    def __init__(self, X_binned, gradients, hessians, context, rng):
        self.X_binned, self.gradients, self.hessians = X_binned, gradients, hessians
        self.c, self.rng = context, rng
        self.constant_hessian = hessians.shape[0] == 1
        self.n_features = X_binned.shape[1]
        self.partition = np.arange(X_binned.shape[0], dtype=np.uint32)
        self.leaves, self.heap = [], []
        self.params = np.array([context.l2_regularization, context.min_hessian_to_split,
                                context.min_samples_leaf, context.min_gain_to_split,
                                context.missing_bin, float(self.constant_hessian)])
        self._root()

    # -- growth -------------------------------------------------------------------------------

    def grow(self):
        while self.heap:
            self._split_next()
        for leaf in self.leaves:
            leaf.value *= self.c.shrinkage
        return self

    def _root(self):
        c, n = self.c, self.X_binned.shape[0]
        allowed = None
        if c.interaction_cst is not None:
            allowed = np.fromiter(set().union(*c.interaction_cst), dtype=np.intp)
        hist = self._new_hist()
        features = c.all_features if allowed is None else allowed
        K.root_histograms(self.X_binned, self.gradients, self.hessians, self.constant_hessian,
                          features, hist)
        sum_g = hist[features[0], :, 0].sum()
        if self.constant_hessian:
            sum_h = float(np.float32(self.hessians[0]) * np.float32(n))
        else:
            sum_h = hist[features[0], :, 1].sum()
        self.root = _Node(0, 0, n, sum_g, sum_h, 0.0)
        if n < 2 * c.min_samples_leaf or sum_h < c.min_hessian_to_split:
            self._make_leaf(self.root)
            return
        if allowed is not None:
            self.root.allowed = allowed
            self.root.interaction_groups = list(range(len(c.interaction_cst)))
        self.root.hist = hist
        split = np.empty(K.SPLIT_FIELDS, dtype=np.float64)
        left_bins = np.zeros(c.n_bins, dtype=np.uint8)
        K.find_split(hist, np.array(self._spec(self.root)), features, self._feature_mask(len(features)),
                     c.feature_info, self.params, split, left_bins)
        self._push(self.root, split, left_bins)

    def _new_hist(self):
        return np.empty((self.n_features, self.c.n_bins, 3), dtype=np.float64)

    @staticmethod
    def _spec(node):
        """The node as the kernels' child spec (see ``_tree_kernels.split_node``)."""
        return [0.0 if node.is_leaf else 1.0, node.n_samples, node.sum_g, node.sum_h,
                node.value, node.lower, node.upper]

    def _feature_mask(self, n_features):
        """Which of the node's ``n_features`` allowed features its split may use (all of them,
        or a random ``max_features`` share drawn from ``rng``)."""
        if self.c.feature_fraction >= 1.0:
            return np.ones(n_features, dtype=np.uint8)
        n_use = max(1, int(math.ceil(self.c.feature_fraction * n_features)))
        mask = np.zeros(n_features, dtype=bool)
        mask[:n_use] = True
        self.rng.shuffle(mask)
        return mask.astype(np.uint8)

    def _push(self, node, split, left_bins):
        node.split, node.left_bins = split, left_bins
        if split[K.GAIN] <= 0:
            self._make_leaf(node)
        else:
            heapq.heappush(self.heap, node)

    def _make_leaf(self, node):
        node.is_leaf = True
        node.hist = None
        self.leaves.append(node)

    def _split_next(self):
        c, node = self.c, heapq.heappop(self.heap)
        s = node.split
        feature = int(s[K.FEATURE])
        middle = node.start + int(s[K.N_LEFT])
        depth = node.depth + 1
        left = _Node(depth, node.start, middle, s[K.G_LEFT], s[K.H_LEFT], s[K.VALUE_LEFT])
        right = _Node(depth, middle, node.stop, s[K.G_RIGHT], s[K.H_RIGHT], s[K.VALUE_RIGHT])
        node.left, node.right = left, right
        if c.interaction_cst is not None:
            left.allowed, left.interaction_groups = self._interactions(node, feature)
            right.allowed, right.interaction_groups = left.allowed, left.interaction_groups
        if not c.has_missing_values[feature]:
            # no missing values in training: at prediction they follow the majority
            s[K.MISSING_LEFT] = 1.0 if left.n_samples > right.n_samples else 0.0
        n_leaves = len(self.leaves) + len(self.heap) + 2
        last = c.max_leaf_nodes is not None and n_leaves == c.max_leaf_nodes
        if last or (c.max_depth is not None and depth == c.max_depth):
            self._make_leaf(left)
            self._make_leaf(right)
            if last:
                while self.heap:
                    self._make_leaf(self.heap.pop())
        else:
            for child in (left, right):
                if child.n_samples < 2 * c.min_samples_leaf:
                    self._make_leaf(child)
            if c.with_monotonic_cst:
                self._bound_children(node, left, right, feature)
        build = not (left.is_leaf and right.is_leaf)
        features = c.all_features if left.allowed is None else left.allowed
        if c.feature_fraction >= 1.0:
            use = np.ones((2, len(features)), dtype=np.uint8)
        else:  # masks drawn in the order the children are searched: left, then right
            use = np.zeros((2, len(features)), dtype=np.uint8)
            for i, child in enumerate((left, right)):
                if not child.is_leaf:
                    use[i] = self._feature_mask(len(features))
        small_hist = self._new_hist() if build else node.hist
        out = np.empty((2, K.SPLIT_FIELDS), dtype=np.float64)
        out_bins = np.zeros((2, c.n_bins), dtype=np.uint8)
        K.split_node(self.X_binned, self.gradients, self.hessians, self.partition, c.buffer,
                     node.start, node.stop, s, node.left_bins, c.n_chunks, features, build,
                     node.hist, small_hist, np.array([self._spec(left), self._spec(right)]),
                     use, c.feature_info, self.params, out, out_bins)
        if build:
            small_is_left = left.n_samples < right.n_samples
            left.hist, right.hist = ((small_hist, node.hist) if small_is_left
                                     else (node.hist, small_hist))
            for i, child in enumerate((left, right)):
                if child.is_leaf:
                    child.hist = None
                else:
                    self._push(child, out[i], out_bins[i])
        node.hist = None

    def _bound_children(self, node, left, right, feature):
        constraint = self.c.monotonic_cst[feature]
        if constraint == 0:
            bounds = (node.lower, node.upper), (node.lower, node.upper)
        else:
            middle = (left.value + right.value) / 2
            if constraint == 1:
                bounds = (node.lower, middle), (middle, node.upper)
            else:
                bounds = (middle, node.upper), (node.lower, middle)
        (left.lower, left.upper), (right.lower, right.upper) = bounds

    def _interactions(self, node, feature):
        allowed, groups = set(), []
        for i in node.interaction_groups:
            if feature in self.c.interaction_cst[i]:
                groups.append(i)
                allowed.update(self.c.interaction_cst[i])
        return np.fromiter(allowed, dtype=np.intp, count=len(allowed)), groups

    # -- result -------------------------------------------------------------------------------

    def leaf_ranges(self):
        """``(starts, stops, values)`` of the leaves' ranges in ``partition``."""
        starts = np.array([leaf.start for leaf in self.leaves], dtype=np.int64)
        stops = np.array([leaf.stop for leaf in self.leaves], dtype=np.int64)
        values = np.array([leaf.value for leaf in self.leaves], dtype=np.float64)
        return starts, stops, values

    def to_arrays(self, bin_thresholds):
        """The tree as ``(nodes, left_bins)``: node records in depth-first order (each left
        subtree before the right one) and the bins going left at each categorical split."""
        order, stack = [], [self.root]
        while stack:
            node = stack.pop()
            order.append(node)
            if not node.is_leaf:
                stack.extend((node.right, node.left))
        position = {id(node): i for i, node in enumerate(order)}
        nodes = np.zeros(len(order), dtype=NODE_DTYPE)
        nodes["value"] = [node.value for node in order]
        nodes["count"] = [node.n_samples for node in order]
        nodes["depth"] = [node.depth for node in order]
        nodes["gain"] = [-1.0 if node.split is None else node.split[K.GAIN] for node in order]
        nodes["is_leaf"] = [node.is_leaf for node in order]
        internal = [i for i, node in enumerate(order) if not node.is_leaf]
        cat_rows = []
        if internal:
            splits = np.array([order[i].split for i in internal])
            features = splits[:, K.FEATURE].astype(np.intp)
            bins = splits[:, K.BIN].astype(np.intp)
            categorical = splits[:, K.IS_CATEGORICAL] != 0
            rows = nodes[internal]  # a copy: filled, then written back
            rows["feature_idx"], rows["bin_threshold"] = features, bins
            rows["missing_go_to_left"] = splits[:, K.MISSING_LEFT]
            rows["is_categorical"] = categorical
            rows["left"] = [position[id(order[i].left)] for i in internal]
            rows["right"] = [position[id(order[i].right)] for i in internal]
            thresholds = np.empty(len(internal))
            for j, (f, b) in enumerate(zip(features, bins)):
                if categorical[j]:
                    thresholds[j] = 0.0
                    rows["bitset_idx"][j] = len(cat_rows)
                    cat_rows.append(order[internal[j]].left_bins)
                elif b == self.c.n_bins_non_missing[f] - 1:
                    thresholds[j] = np.inf  # all non-missing values go left
                else:
                    thresholds[j] = bin_thresholds[f][b]
            rows["num_threshold"] = thresholds
            nodes[internal] = rows
        left_bins = (np.array(cat_rows, dtype=np.uint8) if cat_rows
                     else np.zeros((0, self.c.n_bins), dtype=np.uint8))
        return nodes, left_bins


class GrowerContext:
    """Constants shared by every tree of one fit, and scratch buffers reused between trees."""

    def __init__(self, X_binned, *, n_bins, n_bins_non_missing, has_missing_values,
                 is_categorical, monotonic_cst, interaction_cst, max_leaf_nodes, max_depth,
                 min_samples_leaf, l2_regularization, feature_fraction, shrinkage,
                 min_gain_to_split=0.0, min_hessian_to_split=1e-3):
        self.n_bins = n_bins
        self.missing_bin = n_bins - 1
        self.n_bins_non_missing = np.asarray(n_bins_non_missing, dtype=np.int64)
        self.has_missing_values = np.asarray(has_missing_values, dtype=np.uint8)
        self.is_categorical = np.asarray(is_categorical, dtype=np.uint8)
        self.monotonic_cst = np.asarray(monotonic_cst, dtype=np.int8)
        self.with_monotonic_cst = bool(np.any(self.monotonic_cst != 0))
        self.interaction_cst = interaction_cst
        self.max_leaf_nodes, self.max_depth = max_leaf_nodes, max_depth
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = float(l2_regularization)
        self.feature_fraction = float(feature_fraction)
        self.shrinkage = float(shrinkage)
        self.min_gain_to_split = float(min_gain_to_split)
        self.min_hessian_to_split = float(min_hessian_to_split)
        n_samples, n_features = X_binned.shape
        self.all_features = np.arange(n_features, dtype=np.intp)
        self.feature_info = np.stack([self.n_bins_non_missing, self.has_missing_values,
                                      self.is_categorical, self.monotonic_cst], axis=1)
        self.feature_info = self.feature_info.astype(np.int64)
        self.buffer = np.empty(n_samples, dtype=np.uint32)
        self.n_chunks = numba.get_num_threads()  # runs of a large node's partition
