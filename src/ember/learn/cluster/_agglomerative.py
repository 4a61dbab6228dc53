"""``AgglomerativeClustering`` and ``FeatureAgglomeration``: bottom-up hierarchical
clustering (HOML ch9).

Every sample starts as its own cluster; the two closest clusters merge, again
and again, into a binary tree (``children_``: row m merges two nodes into node
``n_samples + m``). *Closest* is the linkage: Ward (the least increase of the
within-cluster sum of squares), complete (largest pairwise distance), average
(mean pairwise distance) or single (smallest). The tree is then cut into
``n_clusters`` clusters, or where merges pass ``distance_threshold``.

Without connectivity the trees are SciPy's (``scipy.cluster.hierarchy``), as
scikit-learn's are, except single linkage: a compiled Prim minimum spanning
tree from sample 0, sorted stably and relabelled by union-find. With a
connectivity graph only neighbouring clusters merge: Ward's merges run in a
compiled heap loop (``_agglomerative_kernels``); complete and average keep
scikit-learn's heap of merge candidates ordered by distance alone, whose ties
fall by the heap's own order (Python's ``heapq``, as scikit-learn's); single
linkage is the minimum spanning tree of the graph. So ``children_``,
``distances_`` and ``labels_`` (numbered as scikit-learn numbers them) equal
scikit-learn's.
"""

import heapq
import numbers
import warnings

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin
from ..metrics.pairwise import _SCIPY_METRICS, PAIRWISE_DISTANCE_FUNCTIONS, pairwise_distances
from ..utils import check_array, validate_data
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import check_is_fitted

__all__ = ["AgglomerativeClustering", "FeatureAgglomeration"]

_METRICS = set(PAIRWISE_DISTANCE_FUNCTIONS) | set(_SCIPY_METRICS) | {
    "precomputed", "infinity", "p"}
_PRIM_CODES = {"euclidean": 0, "l2": 0, "manhattan": 1, "cityblock": 1, "l1": 1,
               "chebyshev": 2, "infinity": 2, "minkowski": 0, "p": 0}
# Metrics scikit-learn's own distance classes measure for single linkage.
_SINGLE_MST = set(_PRIM_CODES) | {"braycurtis", "canberra", "dice", "hamming", "jaccard",
                                  "mahalanobis", "rogerstanimoto", "russellrao", "seuclidean",
                                  "sokalsneath"}
_PAIRED = {"euclidean", "l2", "manhattan", "cityblock", "l1", "cosine"}


def _cache(memory, function):
    if memory is None:
        return function
    if isinstance(memory, str):
        import joblib

        return joblib.Memory(location=memory, verbose=0).cache(function)
    if not hasattr(memory, "cache"):
        raise ValueError("'memory' should be None, a string or have the same interface as "
                         f"joblib.Memory. Got memory='{memory}' instead.")
    return memory.cache(function)


def _paired_distances(X, Y, metric):
    if callable(metric):
        return np.array([metric(x, y) for x, y in zip(X, Y)], dtype=np.float64)
    if metric not in _PAIRED:
        raise ValueError(f"Unknown distance {metric}")
    if metric == "cosine":
        X = X / np.sqrt(np.einsum("ij,ij->i", X, X))[:, None]
        Y = Y / np.sqrt(np.einsum("ij,ij->i", Y, Y))[:, None]
    gap = X - Y
    if metric in ("manhattan", "cityblock", "l1"):
        return np.abs(gap).sum(axis=-1)
    squares = np.einsum("ij,ij->i", gap, gap)
    return 0.5 * squares if metric == "cosine" else np.sqrt(squares)


def _fix_connectivity(X, connectivity, metric):
    """The symmetric connectivity (CSR, sorted), completed by an edge between the closest
    samples of every two components when it is not connected."""
    n_samples = X.shape[0]
    if connectivity.shape[0] != n_samples or connectivity.shape[1] != n_samples:
        raise ValueError(f"Wrong shape for connectivity matrix: {connectivity.shape} when X is "
                         f"{X.shape}")
    connectivity = sp.csr_matrix(connectivity)
    connectivity = sp.csr_matrix(connectivity + connectivity.T)
    n_components, labels = connected_components(connectivity)
    if n_components > 1:
        warnings.warn(f"the number of connected components of the connectivity matrix is "
                      f"{n_components} > 1. Completing it to avoid stopping the tree early.",
                      stacklevel=3)
        links = []
        for i in range(n_components):
            rows_i = np.flatnonzero(labels == i)
            for j in range(i):
                rows_j = np.flatnonzero(labels == j)
                if metric == "precomputed":
                    D = X[np.ix_(rows_i, rows_j)]
                else:
                    D = pairwise_distances(X[rows_i], X[rows_j], metric=metric)
                a, b = np.unravel_index(D.argmin(axis=None), D.shape)
                links += [(rows_i[a], rows_j[b]), (rows_j[b], rows_i[a])]
        rows, cols = np.array(links).T
        connectivity = connectivity + sp.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=connectivity.shape)
    connectivity = sp.csr_matrix(connectivity)
    connectivity.sort_indices()
    return connectivity, n_components


def _label_mst(edges):
    """SciPy-style linkage rows from MST edges sorted by weight (union-find)."""
    from ._agglomerative_kernels import label_mst

    return label_mst(np.ascontiguousarray(edges, dtype=np.float64))


def _single_unstructured(X, metric):
    from ._agglomerative_kernels import prim_mst

    n = X.shape[0]
    if metric in _PRIM_CODES:
        edges = prim_mst(np.ascontiguousarray(X, dtype=np.float64), np.empty(0), n,
                         _PRIM_CODES[metric], 2.0)
    else:
        from scipy.spatial.distance import pdist

        condensed = pdist(np.asarray(X, dtype=np.float64), metric=metric)
        edges = prim_mst(np.empty((0, 0)), condensed, n, 4, 2.0)
    return _label_mst(edges[np.argsort(edges[:, 2], kind="mergesort")])


def _unstructured_tree(X, linkage, metric):
    """(children, distances) of the full tree without connectivity."""
    from scipy.cluster import hierarchy

    if linkage == "ward":
        out = hierarchy.ward(np.array(X, dtype=np.float64))
    else:
        if metric == "cosine" and np.any(~np.any(X, axis=1)):
            raise ValueError("Cosine affinity cannot be used when X contains zero vectors")
        if metric == "precomputed":
            if X.shape[0] != X.shape[1]:
                raise ValueError(f"Distance matrix should be square, got matrix of shape "
                                 f"{X.shape}")
            X, metric = X[np.triu_indices(X.shape[0], k=1)], "precomputed"
        elif callable(metric):
            X = metric(X)
            X, metric = X[np.triu_indices(X.shape[0], k=1)], "precomputed"
        metric = {"l2": "euclidean", "l1": "cityblock", "manhattan": "cityblock"}.get(metric,
                                                                                     metric)
        if linkage == "single" and metric in _SINGLE_MST:
            out = _single_unstructured(X, metric)
        else:
            out = hierarchy.linkage(X, method=linkage,
                                    metric="euclidean" if metric == "precomputed" else metric)
    return out[:, :2].astype(np.intp), out[:, 2].copy()


class _Edge:
    """A merge candidate of the heap; ordered by its distance only, as scikit-learn's."""

    __slots__ = ("weight", "a", "b")

    def __init__(self, weight, a, b):
        self.weight, self.a, self.b = weight, a, b

    def __lt__(self, other):
        return self.weight < other.weight


def _linkage_merges(graph, n_samples, n_nodes, linkage):
    """Complete or average linkage merges over a connectivity graph with distances."""
    neighbours = [None] * n_nodes
    heap = []
    for row in range(n_samples):
        cols = graph.indices[graph.indptr[row]:graph.indptr[row + 1]].tolist()
        dists = graph.data[graph.indptr[row]:graph.indptr[row + 1]].tolist()
        neighbours[row] = dict(zip(cols, dists))
        heap.extend(_Edge(d, row, c) for c, d in zip(cols, dists) if c < row)
    heapq.heapify(heap)
    parent = np.arange(n_nodes, dtype=np.intp)
    sizes = [1] * n_samples + [0] * (n_nodes - n_samples)
    children, distances = [], []
    for k in range(n_samples, n_nodes):
        while True:
            edge = heapq.heappop(heap)
            if sizes[edge.a] and sizes[edge.b]:
                break
        i, j = edge.a, edge.b
        distances.append(edge.weight)
        parent[i] = parent[j] = k
        children.append((j, i))
        n_i, n_j = sizes[i], sizes[j]
        sizes[k], sizes[i], sizes[j] = n_i + n_j, 0, 0
        merged = {c: d for c, d in neighbours[i].items() if sizes[c]}
        for c, d in neighbours[j].items():
            if sizes[c]:
                if c not in merged:
                    merged[c] = d
                elif linkage == "complete":
                    merged[c] = max(merged[c], d)
                else:
                    merged[c] = (n_i * merged[c] + n_j * d) / float(n_i + n_j)
        for c in sorted(merged):
            d = merged[c]
            neighbours[c].setdefault(k, d)
            heapq.heappush(heap, _Edge(d, k, c))
        neighbours[k] = merged
        neighbours[i] = neighbours[j] = None
    return np.array(children, dtype=np.intp).reshape(-1, 2), parent, np.array(distances)


def _structured_tree(X, connectivity, n_clusters, linkage, metric):
    """(children, n_components, parent, distances) of a connectivity-constrained tree."""
    graph, n_components = _fix_connectivity(X, connectivity, metric)
    n_samples = X.shape[0]
    if n_clusters is not None and n_clusters > n_samples:
        raise ValueError(f"Cannot provide more clusters than samples. {n_clusters} n_clusters "
                         f"was asked, and there are {n_samples} samples.")
    n_nodes = 2 * n_samples - 1 if n_clusters is None else 2 * n_samples - n_clusters
    if linkage == "ward":
        from ._agglomerative_kernels import ward_tree

        children, inertia, parent = ward_tree(
            np.ascontiguousarray(X, dtype=np.float64), graph.indptr.astype(np.int64),
            graph.indices.astype(np.int64), n_nodes)
        return children[:, ::-1].astype(np.intp), n_components, parent.astype(np.intp), \
            np.sqrt(2.0 * inertia)
    graph = graph.tocoo()
    off = graph.row != graph.col
    rows, cols = graph.row[off], graph.col[off]
    if metric == "precomputed":
        dist = X[rows, cols].astype(np.float64, copy=False)
    else:
        dist = _paired_distances(X[rows], X[cols], metric)
    graph = sp.csr_matrix((dist, (rows, cols)), shape=(n_samples, n_samples))
    graph.sort_indices()
    if linkage != "single":
        children, parent, distances = _linkage_merges(graph, n_samples, n_nodes, linkage)
        return children, n_components, parent, distances
    eps = np.finfo(np.float64).eps
    graph.data[graph.data == 0] = eps
    mst = minimum_spanning_tree(graph).tocoo()
    mst.data[mst.data == eps] = 0
    edges = np.vstack([mst.row, mst.col, mst.data]).T
    out = _label_mst(edges[np.argsort(edges[:, 2], kind="mergesort")])
    children = out[:, :2].astype(np.intp)
    parent = np.arange(n_nodes, dtype=np.intp)
    m = n_nodes - n_samples
    parent[children[:m, 0]] = parent[children[:m, 1]] = n_samples + np.arange(m)
    return children, n_components, parent, out[:, 2].copy()


def _roots(parent):
    """Each node's root (a node that is its own parent), by pointer jumping."""
    parent = np.asarray(parent, dtype=np.intp)
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            return parent
        parent = grand


def _cut(n_clusters, children, n_leaves):
    """Labels of the ``n_clusters`` clusters left by undoing the last merges, numbered
    in the order of scikit-learn's heap of the cluster tops."""
    if n_clusters > n_leaves:
        raise ValueError("Cannot extract more clusters than samples: "
                         f"{n_clusters} clusters were given for a tree with {n_leaves} leaves.")
    nodes = [-(int(max(children[-1])) + 1)]
    for _ in range(n_clusters - 1):
        left, right = children[-nodes[0] - n_leaves]
        heapq.heappush(nodes, -int(left))
        heapq.heappushpop(nodes, -int(right))
    n_nodes = n_leaves + len(children)
    parent = np.empty(n_nodes, dtype=np.intp)
    parent[children.ravel()] = np.repeat(n_leaves + np.arange(len(children)), 2)
    parent[n_nodes - 1] = n_nodes - 1
    tops = -np.array(nodes, dtype=np.intp)
    parent[tops] = tops
    label_of = np.zeros(n_nodes, dtype=np.intp)
    label_of[tops] = np.arange(len(tops))
    return label_of[_roots(parent)[:n_leaves]]


class AgglomerativeClustering(ClusterMixin, BaseEstimator):
    """Hierarchical clustering: merge the two closest clusters until ``n_clusters`` remain.

    Parameters
    ----------
    n_clusters : int or None, default=2
        The clusters to find; None when ``distance_threshold`` is set.
    metric : str or callable, default="euclidean"
        The distance between samples: "euclidean", "l1", "l2", "manhattan", "cosine",
        a SciPy metric name, "precomputed" (X is a distance matrix) or a callable
        (of X without connectivity, of two rows with it). Ward needs "euclidean".
    memory : str or object with a ``cache`` method, default=None
        Caches the tree (a joblib.Memory or its location).
    connectivity : array-like, sparse matrix or callable, default=None
        (n_samples, n_samples) graph of the samples allowed to merge (its
        components are joined by their closest samples), or a callable of X giving it.
    compute_full_tree : "auto" or bool, default="auto"
        Build the whole tree rather than stopping at ``n_clusters`` (only a
        connectivity-constrained tree can stop early; "auto" stops early when
        ``n_clusters`` is at least max(100, 0.02 n_samples)).
    linkage : {"ward", "complete", "average", "single"}, default="ward"
        The distance between clusters.
    distance_threshold : float, default=None
        Cut the tree where merges reach this distance (``n_clusters`` must be None).
    compute_distances : bool, default=False
        Keep ``distances_`` without a ``distance_threshold``.

    Attributes
    ----------
    n_clusters_ : int
    labels_ : ndarray of shape (n_samples,)
    n_leaves_ : int
    n_connected_components_ : int
        Components of the connectivity graph as given (1 without one).
    children_ : ndarray of shape (n_samples - 1, 2)
        Row m: the two nodes merged into node ``n_samples + m`` (nodes below
        ``n_samples`` are samples).
    distances_ : ndarray of shape (n_nodes - 1,)
        The distance of each merge (with ``distance_threshold`` or ``compute_distances``).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]])
    >>> AgglomerativeClustering().fit(X).labels_
    array([1, 1, 1, 0, 0, 0])
    """

    _parameter_constraints = {
        "n_clusters": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "metric": [StrOptions(_METRICS), callable],
        # memory: None, a location or an object with ``cache``, checked by _cache.
        "connectivity": ["array-like", "sparse matrix", callable, None],
        "compute_full_tree": [StrOptions({"auto"}), "boolean"],
        "linkage": [StrOptions({"ward", "complete", "average", "single"})],
        "distance_threshold": [Interval(numbers.Real, 0, None, closed="left"), None],
        "compute_distances": ["boolean"],
    }

    def __init__(self, n_clusters=2, *, metric="euclidean", memory=None, connectivity=None,
                 compute_full_tree="auto", linkage="ward", distance_threshold=None,
                 compute_distances=False):
        self.n_clusters = n_clusters
        self.metric = metric
        self.memory = memory
        self.connectivity = connectivity
        self.compute_full_tree = compute_full_tree
        self.linkage = linkage
        self.distance_threshold = distance_threshold
        self.compute_distances = compute_distances

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.pairwise = isinstance(self.metric, str) and self.metric == "precomputed"
        return tags

    def fit(self, X, y=None):
        """Build the tree over X (n_samples, n_features), or a distance matrix with
        ``metric="precomputed"``, and cut it. ``y`` is ignored. Returns ``self``."""
        self._validate_params()
        X = validate_data(self, X, ensure_min_samples=2)
        return self._fit(X)

    def _check(self):
        if not ((self.n_clusters is None) ^ (self.distance_threshold is None)):
            raise ValueError("Exactly one of n_clusters and distance_threshold has to be set, "
                             "and the other needs to be None.")
        if self.distance_threshold is not None and not self.compute_full_tree:
            raise ValueError("compute_full_tree must be True if distance_threshold is set.")
        if self.linkage == "ward" and self.metric not in ("euclidean", "l2"):
            raise ValueError(f"{self.metric} was provided as metric. Ward can only work with "
                             "euclidean distances (i.e. 'euclidean' and 'l2').")

    def _fit(self, X):
        self._check()
        connectivity = self.connectivity
        if connectivity is not None:
            if callable(connectivity):
                connectivity = connectivity(X)
            connectivity = check_array(connectivity, accept_sparse=["csr", "coo", "lil"])
        n_samples = len(X)
        full = True if connectivity is None else self.compute_full_tree
        if full == "auto":
            full = (self.distance_threshold is not None
                    or self.n_clusters < max(100, 0.02 * n_samples))
        with_distances = self.distance_threshold is not None or self.compute_distances
        build = _cache(self.memory, _build_tree)
        children, n_components, parent, distances = build(
            X, connectivity, None if full else self.n_clusters, self.linkage, self.metric)
        self.children_, self.n_connected_components_, self.n_leaves_ = (
            children, n_components, n_samples)
        if with_distances:
            self.distances_ = distances
        if self.distance_threshold is not None:
            self.n_clusters_ = int(np.count_nonzero(distances >= self.distance_threshold)) + 1
        else:
            self.n_clusters_ = self.n_clusters
        if full:
            self.labels_ = _cut(self.n_clusters_, children, n_samples)
        else:
            heads = _roots(parent)[:n_samples]
            self.labels_ = np.searchsorted(np.unique(heads), heads)
        return self

    def fit_predict(self, X, y=None):
        """Fit on X and return ``labels_`` (n_samples,)."""
        return super().fit_predict(X, y)


def _build_tree(X, connectivity, n_clusters, linkage, metric):
    """(children, n_connected_components, parent or None, distances) of one tree."""
    if connectivity is None:
        children, distances = _unstructured_tree(X, linkage, metric)
        return children, 1, None, distances
    return _structured_tree(X, connectivity, n_clusters, linkage, metric)


class FeatureAgglomeration(ClassNamePrefixFeaturesOutMixin, TransformerMixin,
                           AgglomerativeClustering):
    """Agglomerate features: cluster the columns of X hierarchically, then pool each
    cluster of features into one (``pooling_func``, the mean by default).

    Parameters are ``AgglomerativeClustering``'s (the connectivity now links
    features), plus ``pooling_func`` (callable, default=np.mean): how a cluster's
    features become one value per sample (called with ``axis=1``).

    Attributes are ``AgglomerativeClustering``'s, over the n_features features:
    ``labels_`` (n_features,) is each feature's cluster.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 0.1, 5.0, 5.2], [1.0, 1.1, 0.0, 0.2], [2.0, 2.0, 3.0, 3.1]])
    >>> agglo = FeatureAgglomeration(n_clusters=2).fit(X)
    >>> agglo.labels_
    array([1, 1, 0, 0])
    >>> agglo.transform(X)
    array([[5.1 , 0.05],
           [0.1 , 1.05],
           [3.05, 2.  ]])
    """

    _parameter_constraints = {**AgglomerativeClustering._parameter_constraints,
                              "pooling_func": [callable]}

    def __init__(self, n_clusters=2, *, metric="euclidean", memory=None, connectivity=None,
                 compute_full_tree="auto", linkage="ward", pooling_func=np.mean,
                 distance_threshold=None, compute_distances=False):
        super().__init__(n_clusters=n_clusters, metric=metric, memory=memory,
                         connectivity=connectivity, compute_full_tree=compute_full_tree,
                         linkage=linkage, distance_threshold=distance_threshold,
                         compute_distances=compute_distances)
        self.pooling_func = pooling_func

    def fit(self, X, y=None):
        """Cluster the features (columns) of X (n_samples, n_features). Returns ``self``."""
        self._validate_params()
        X = validate_data(self, X, ensure_min_features=2)
        self._fit(X.T)
        self._n_features_out = self.n_clusters_
        return self

    @property
    def fit_predict(self):
        raise AttributeError

    def transform(self, X):
        """Pool each cluster of features: (n_samples, n_clusters_), clusters by label."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        if self.pooling_func is np.mean:
            order = np.argsort(self.labels_, kind="stable")
            sizes = np.bincount(self.labels_)
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
            return np.add.reduceat(np.asarray(X, dtype=np.float64)[:, order], starts,
                                   axis=1) / sizes
        return np.array([self.pooling_func(X[:, self.labels_ == label], axis=1)
                         for label in np.unique(self.labels_)]).T

    def inverse_transform(self, X):
        """Each feature takes its cluster's pooled value: (n_samples, n_features)."""
        check_is_fitted(self)
        _, inverse = np.unique(self.labels_, return_inverse=True)
        return np.asarray(X)[..., inverse]
