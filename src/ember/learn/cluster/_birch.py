"""``Birch``: clustering through a clustering-feature tree (Zhang, Ramakrishnan and Livny,
*BIRCH: an efficient data clustering method for very large databases*, SIGMOD 1996;
HOML ch9).

A clustering feature (CF) summarises samples by their count, linear sum and
sum of squared norms, enough for the centroid and the radius. Each sample
descends the tree to the closest CF of a leaf and joins it if the merged
radius stays within ``threshold``; otherwise it starts a CF of its own, and a
node holding more than ``branching_factor`` CFs splits in two around its two
farthest CFs (up to the root, which then grows a level). The leaves' CFs are
the subclusters; a global step (``AgglomerativeClustering`` for an integer
``n_clusters``) groups them into the final clusters.

The insertion is sequential by nature: one sample after the other, in Python
(as scikit-learn's), with the same arithmetic in the same order (the same
NumPy products and sums), so the tree, ``subcluster_centers_`` and the labels
equal scikit-learn's.
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin
from ..exceptions import ConvergenceWarning
from ..metrics.pairwise import euclidean_distances
from ..utils import validate_data
from ..utils._param_validation import Interval
from ..utils.validation import check_is_fitted
from ._agglomerative import AgglomerativeClustering
from ._distances import squared_self_distances

__all__ = ["Birch"]


class _Feature:
    """A clustering feature: count, linear sum, sum of squared norms, centroid, and the
    node below it (None in a leaf)."""

    def __init__(self, sample=None):
        self.child = None
        if sample is None:
            self.n, self.squared_sum, self.centroid = 0, 0.0, 0
            self.linear_sum = 0
        else:
            self.n = 1
            self.centroid = self.linear_sum = sample
            self.squared_sum = self.sq_norm = np.dot(sample, sample)

    def absorb(self, other):
        self.n += other.n
        self.linear_sum = self.linear_sum + other.linear_sum
        self.squared_sum += other.squared_sum
        self.centroid = self.linear_sum / self.n
        self.sq_norm = np.dot(self.centroid, self.centroid)

    def try_merge(self, other, threshold):
        """Merge ``other`` in if the merged radius stays within ``threshold``."""
        squared_sum = self.squared_sum + other.squared_sum
        linear_sum = self.linear_sum + other.linear_sum
        n = self.n + other.n
        centroid = (1 / n) * linear_sum
        sq_norm = np.dot(centroid, centroid)
        if squared_sum / n - sq_norm > threshold ** 2:
            return False
        self.n, self.linear_sum, self.squared_sum = n, linear_sum, squared_sum
        self.centroid, self.sq_norm = centroid, sq_norm
        return True


class _Node:
    """A CF-tree node: up to ``branching_factor`` features (one more before a split),
    their centroids and squared norms in preallocated rows; leaves are chained."""

    def __init__(self, threshold, branching_factor, is_leaf, n_features, dtype):
        self.threshold, self.branching_factor, self.is_leaf = threshold, branching_factor, is_leaf
        self.features = []
        self._centroids = np.zeros((branching_factor + 1, n_features), dtype=dtype)
        self._sq_norms = np.zeros(branching_factor + 1, dtype)
        self.centroids, self.sq_norms = self._centroids[:0], self._sq_norms[:0]
        self.prev_leaf = self.next_leaf = None

    def _set(self, index, feature):
        self._centroids[index] = feature.centroid
        self._sq_norms[index] = feature.sq_norm

    def append(self, feature):
        index = len(self.features)
        self.features.append(feature)
        self._set(index, feature)
        self.centroids = self._centroids[:index + 1]
        self.sq_norms = self._sq_norms[:index + 1]

    def insert(self, feature):
        """Insert a one-sample feature below this node; True when this node must split."""
        if not self.features:
            self.append(feature)
            return False
        scores = np.dot(self.centroids, feature.centroid)
        scores *= -2.0
        scores += self.sq_norms
        index = int(np.argmin(scores))
        closest = self.features[index]
        if closest.child is not None:
            if not closest.child.insert(feature):
                closest.absorb(feature)
                self._set(index, closest)
                return False
            first, second = _split(closest.child, self.threshold, self.branching_factor)
            self.features[index] = first
            self._set(index, first)
            self.append(second)
            return len(self.features) > self.branching_factor
        if closest.try_merge(feature, self.threshold):
            self._set(index, closest)
            return False
        self.append(feature)
        return len(self.features) > self.branching_factor


def _split(node, threshold, branching_factor):
    """Split a full node around its two farthest features; the two new parent features."""
    halves = []
    for _ in range(2):
        half = _Node(threshold, branching_factor, node.is_leaf, node._centroids.shape[1],
                     node._centroids.dtype)
        parent = _Feature()
        parent.child = half
        halves.append((parent, half))
    (first, left), (second, right) = halves
    if node.is_leaf:
        if node.prev_leaf is not None:
            node.prev_leaf.next_leaf = left
        left.prev_leaf, left.next_leaf = node.prev_leaf, right
        right.prev_leaf, right.next_leaf = left, node.next_leaf
        if node.next_leaf is not None:
            node.next_leaf.prev_leaf = right
    D = squared_self_distances(node.centroids)
    a, b = np.unravel_index(D.argmax(), D.shape)
    to_left = D[a] < D[b]
    to_left[a] = True
    for feature, goes_left in zip(node.features, to_left):
        target, parent = (left, first) if goes_left else (right, second)
        target.append(feature)
        parent.absorb(feature)
    return first, second


def _rows(X):
    """The samples one by one (a sparse row as a dense float64 row)."""
    if not sp.issparse(X):
        yield from X
        return
    for start, stop in zip(X.indptr[:-1], X.indptr[1:]):
        row = np.zeros(X.shape[1])
        row[X.indices[start:stop]] = X.data[start:stop]
        yield row


class Birch(ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin, BaseEstimator):
    """BIRCH: a CF tree of subclusters, then a global clustering of their centroids.

    Parameters
    ----------
    threshold : float, default=0.5
        The largest radius of a leaf subcluster a sample may join.
    branching_factor : int, default=50
        The most subclusters in a node.
    n_clusters : int, clusterer or None, default=3
        The final clustering of the subcluster centroids: an integer (that many
        clusters by ``AgglomerativeClustering``), a clusterer (its ``fit_predict``), or
        None (each subcluster is a cluster).
    compute_labels : bool, default=True
        Compute ``labels_`` in ``fit``.

    Attributes
    ----------
    root_ : the CF tree's root node
    dummy_leaf_ : the node before the first leaf
    subcluster_centers_ : ndarray of shape (n_subclusters, n_features)
        The leaves' centroids, leaf after leaf.
    subcluster_labels_ : ndarray of shape (n_subclusters,)
        The global cluster of each subcluster.
    labels_ : ndarray of shape (n_samples,)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> X = [[0, 1], [0.3, 1], [-0.3, 1], [0, -1], [0.3, -1], [-0.3, -1]]
    >>> Birch(n_clusters=None).fit(X).predict(X)
    array([0, 0, 0, 1, 1, 1])
    """

    _parameter_constraints = {
        "threshold": [Interval(numbers.Real, 0.0, None, closed="neither")],
        "branching_factor": [Interval(numbers.Integral, 1, None, closed="neither")],
        "n_clusters": [None, ClusterMixin, Interval(numbers.Integral, 1, None, closed="left")],
        "compute_labels": ["boolean"],
    }

    def __init__(self, *, threshold=0.5, branching_factor=50, n_clusters=3,
                 compute_labels=True):
        self.threshold = threshold
        self.branching_factor = branching_factor
        self.n_clusters = n_clusters
        self.compute_labels = compute_labels

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y=None):
        """Build the CF tree of X (n_samples, n_features) anew and cluster its leaves.
        ``y`` is ignored. Returns ``self``."""
        self._validate_params()
        return self._fit(X, partial=False)

    def partial_fit(self, X=None, y=None):
        """Insert X into the tree (built on the first call); X=None only redoes the global
        clustering. Returns ``self``."""
        self._validate_params()
        if X is None:
            self._global_clustering()
            return self
        return self._fit(X, partial=True)

    def _fit(self, X, partial):
        first_call = not (partial and getattr(self, "root_", None))
        X = validate_data(self, X, accept_sparse="csr", reset=first_call,
                          dtype=[np.float64, np.float32])
        threshold, branching_factor = self.threshold, self.branching_factor
        n_features = X.shape[1]
        if first_call:
            self.root_ = _Node(threshold, branching_factor, True, n_features, X.dtype)
            self.dummy_leaf_ = _Node(threshold, branching_factor, True, n_features, X.dtype)
            self.dummy_leaf_.next_leaf = self.root_
            self.root_.prev_leaf = self.dummy_leaf_
        for sample in _rows(X):
            if self.root_.insert(_Feature(sample)):
                first, second = _split(self.root_, threshold, branching_factor)
                self.root_ = _Node(threshold, branching_factor, False, n_features, X.dtype)
                self.root_.append(first)
                self.root_.append(second)
        self.subcluster_centers_ = np.concatenate([leaf.centroids for leaf in self._leaves()])
        self._n_features_out = self.subcluster_centers_.shape[0]
        self._global_clustering(X)
        return self

    def _leaves(self):
        leaves, leaf = [], self.dummy_leaf_.next_leaf
        while leaf is not None:
            leaves.append(leaf)
            leaf = leaf.next_leaf
        return leaves

    def _global_clustering(self, X=None):
        clusterer, centroids = self.n_clusters, self.subcluster_centers_
        too_few = False
        if isinstance(clusterer, numbers.Integral):
            clusterer = AgglomerativeClustering(n_clusters=self.n_clusters)
            too_few = len(centroids) < self.n_clusters
        self._subcluster_norms = np.einsum("ij,ij->i", centroids, centroids)
        if clusterer is None or too_few:
            self.subcluster_labels_ = np.arange(len(centroids))
            if too_few:
                warnings.warn(f"Number of subclusters found ({len(centroids)}) by BIRCH is less "
                              f"than ({self.n_clusters}). Decrease the threshold.",
                              ConvergenceWarning)
        else:
            self.subcluster_labels_ = clusterer.fit_predict(centroids)
        if X is not None and self.compute_labels:
            self.labels_ = self._predict(X)

    def predict(self, X):
        """The global cluster of each sample's nearest subcluster: (n_samples,)."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return self._predict(X)

    def _predict(self, X):
        scores = -2 * np.asarray(X @ self.subcluster_centers_.T) + self._subcluster_norms
        return self.subcluster_labels_[scores.argmin(axis=1)]

    def transform(self, X):
        """Distances to every subcluster centroid: (n_samples, n_subclusters)."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return euclidean_distances(X, self.subcluster_centers_)
