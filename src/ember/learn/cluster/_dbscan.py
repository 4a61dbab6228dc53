"""``DBSCAN``: density-based clustering with noise (Ester, Kriegel, Sander and Xu,
*A density-based algorithm for discovering clusters in large spatial databases with
noise*, KDD 1996; HOML ch9).

A sample is a *core sample* when its ``eps``-neighbourhood (itself included)
holds at least ``min_samples`` samples, or that much ``sample_weight``. Core
samples within ``eps`` of each other share a cluster; a non-core sample within
``eps`` of a core sample joins a cluster as a *border* sample; the rest is noise
(label -1).

The neighbourhoods come as one sparse 0/1 graph (a KD- or ball-tree radius
query straight into CSR arrays, a brute-force search, or a precomputed distance
matrix). Clusters grow over it by scikit-learn's expansion, compiled
(``_dbscan_kernels``): from the unlabelled core samples in index order, each
by a depth-first search through core samples. With a symmetric graph this
makes the clusters the connected components of the core samples, numbered in
the order of their first core sample, and gives a border sample the smallest
label among its core neighbours; a non-symmetric precomputed matrix makes
reachability depend on that order, which the same search follows. Either way
the labels equal scikit-learn's exactly.
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, ClusterMixin
from ..metrics.pairwise import _SCIPY_METRICS, pairwise_distances_chunked
from ..neighbors import NearestNeighbors
from ..neighbors._base import _METRIC_KIND
from ..utils import validate_data
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import _check_sample_weight

__all__ = ["DBSCAN", "dbscan"]

_METRICS = set(_METRIC_KIND) | set(_SCIPY_METRICS) | {"precomputed"}


def _precomputed_graph(D, eps):
    """Neighbourhood graph of a precomputed distance matrix: entries at most ``eps``
    (a sparse matrix's stored entries only, its diagonal always)."""
    if D.shape[0] != D.shape[1]:
        raise ValueError(f"Precomputed matrix must be square. Input is a {D.shape[0]}x"
                         f"{D.shape[1]} matrix.")
    values = D.data if sp.issparse(D) else D
    if (values < 0).any():
        raise ValueError("Negative values in data passed to precomputed distance matrix.")
    if not sp.issparse(D):
        return sp.csr_matrix(D <= eps)
    D = sp.csr_matrix(D, copy=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sp.SparseEfficiencyWarning)
        D.setdiag(D.diagonal())  # a sample is its own neighbour
    D.data = (D.data <= eps).astype(np.int8)
    D.eliminate_zeros()
    return D


def _node_boxes(tree, points):
    """Every node's bounding box (low, high) over ``points`` in the tree's order."""
    low, high = [], []
    first = 0
    while first < len(tree._start):
        level = slice(first, 2 * first + 1)
        low.append(np.minimum.reduceat(points, tree._start[level], axis=0))
        high.append(np.maximum.reduceat(points, tree._start[level], axis=0))
        first = 2 * first + 1
    return np.concatenate(low), np.concatenate(high)


def _tree_graph(tree, eps):
    """The neighbourhood graph over a KD/ball tree's leaves, rows and columns in the
    tree's order (``tree.idx_array`` maps them to samples)."""
    from ._dbscan_kernels import leaf_pair_graph

    code, p = tree._metric_code, tree.p
    reduced = eps ** 2 if code == 0 else eps ** p if code == 3 else eps
    points = np.ascontiguousarray(tree.data[tree.idx_array])
    low, high = _node_boxes(tree, points)
    indptr, indices = leaf_pair_graph(points, tree._start, tree._end, low, high, tree._levels,
                                      float(reduced), code, float(p))
    order = tree.idx_array.astype(np.int64)
    row_of = np.empty_like(order)
    row_of[order] = np.arange(len(order))
    return indptr, indices, row_of, order


def _neighbourhood_graph(estimator, X):
    """The ``eps``-neighbourhoods (self included) as CSR ``indptr``, ``indices`` whose
    rows and columns are positions: sample s's row is ``row_of[s]``, column c is sample
    ``sample_of[c]``."""
    eps, metric = estimator.eps, estimator.metric
    params = estimator.metric_params or {}
    if isinstance(metric, str) and metric == "precomputed":
        graph = _precomputed_graph(X, eps)
    elif isinstance(metric, str) and metric not in _METRIC_KIND:
        def reduce(block, start):
            return sp.csr_matrix(block <= eps)

        graph = sp.vstack(list(pairwise_distances_chunked(X, reduce_func=reduce, metric=metric,
                                                          **params)), format="csr")
    else:
        nn = NearestNeighbors(radius=eps, algorithm=estimator.algorithm,
                              leaf_size=estimator.leaf_size, metric=metric,
                              metric_params=estimator.metric_params, p=estimator.p,
                              n_jobs=estimator.n_jobs).fit(X)
        if nn._fit_method != "brute":
            return _tree_graph(nn._tree, eps)
        graph = nn.radius_neighbors_graph(X, mode="connectivity")
    identity = np.arange(graph.shape[0], dtype=np.int64)
    return (graph.indptr.astype(np.int64), graph.indices.astype(np.int64), identity, identity)


class DBSCAN(ClusterMixin, BaseEstimator):
    """Density-based spatial clustering of applications with noise.

    Parameters
    ----------
    eps : float, default=0.5
        The radius of a neighbourhood (neighbours are at distance at most ``eps``).
    min_samples : int, default=5
        The samples (or total ``sample_weight``) a neighbourhood, the sample itself
        included, must hold for its centre to be a core sample.
    metric : str or callable, default="euclidean"
        ``"euclidean"``, ``"manhattan"``, ``"chebyshev"``, ``"minkowski"`` (with ``p``),
        ``"cosine"``, a SciPy distance name (``"hamming"``, ``"mahalanobis"``, ...), a
        callable of two rows, or ``"precomputed"`` (X is a square distance matrix; a
        sparse one holds its neighbours' distances as its only entries).
    metric_params : dict, default=None
        Extra arguments of the metric.
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
        The neighbour search (as ``NearestNeighbors``).
    leaf_size : int, default=30
        Points per tree leaf.
    p : float, default=None
        Minkowski power (None: 2).
    n_jobs : int, default=None
        Threads of the tree searches; results do not depend on it.

    Attributes
    ----------
    core_sample_indices_ : ndarray of shape (n_core_samples,)
        Indices of the core samples, ascending.
    components_ : ndarray of shape (n_core_samples, n_features)
        The core samples.
    labels_ : ndarray of shape (n_samples,)
        Cluster of each sample, numbered from 0 in the order of their first core
        sample; -1 for noise.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 2], [2, 2], [2, 3], [8, 7], [8, 8], [25, 80]])
    >>> clustering = DBSCAN(eps=3, min_samples=2).fit(X)
    >>> clustering.labels_
    array([ 0,  0,  0,  1,  1, -1])
    """

    _parameter_constraints = {
        "eps": [Interval(numbers.Real, 0.0, None, closed="neither")],
        "min_samples": [Interval(numbers.Integral, 1, None, closed="left")],
        "metric": [StrOptions(_METRICS), callable],
        "metric_params": [dict, None],
        "algorithm": [StrOptions({"auto", "ball_tree", "kd_tree", "brute"})],
        "leaf_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "p": [Interval(numbers.Real, 0.0, None, closed="left"), None],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(self, eps=0.5, *, min_samples=5, metric="euclidean", metric_params=None,
                 algorithm="auto", leaf_size=30, p=None, n_jobs=None):
        self.eps = eps
        self.min_samples = min_samples
        self.metric = metric
        self.metric_params = metric_params
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.n_jobs = n_jobs

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.pairwise = isinstance(self.metric, str) and self.metric == "precomputed"
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y=None, sample_weight=None):
        """Cluster X (n_samples, n_features), or a distance matrix (n_samples, n_samples)
        with ``metric="precomputed"``. ``sample_weight`` (n_samples,) counts a sample that
        many times in the neighbourhoods it belongs to. ``y`` is ignored. Returns ``self``."""
        self._validate_params()
        X = validate_data(self, X, accept_sparse="csr")
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X)
        from ._dbscan_kernels import expand_in_order

        indptr, indices, row_of, sample_of = _neighbourhood_graph(self, X)
        if sample_weight is None:
            n_neighbours = np.diff(indptr)[row_of]
        else:
            rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
            n_neighbours = np.bincount(rows, weights=sample_weight[sample_of[indices]],
                                       minlength=len(indptr) - 1)[row_of]
        is_core = n_neighbours >= self.min_samples
        self.labels_ = expand_in_order(is_core, indptr, indices, row_of, sample_of)
        self.core_sample_indices_ = np.flatnonzero(is_core)
        if len(self.core_sample_indices_):
            self.components_ = X[self.core_sample_indices_].copy()
        else:
            self.components_ = np.empty((0, X.shape[1]))
        return self

    def fit_predict(self, X, y=None, sample_weight=None):
        """Fit on X and return ``labels_`` (n_samples,)."""
        return self.fit(X, sample_weight=sample_weight).labels_


def dbscan(X, eps=0.5, *, min_samples=5, metric="minkowski", metric_params=None,
           algorithm="auto", leaf_size=30, p=2, sample_weight=None, n_jobs=None):
    """DBSCAN as a function (the parameters are ``DBSCAN``'s; note the defaults
    ``metric="minkowski"``, ``p=2``, as scikit-learn's function has them).

    Returns
    -------
    core_samples : ndarray of shape (n_core_samples,)
        Indices of the core samples.
    labels : ndarray of shape (n_samples,)
        Cluster labels; -1 for noise.

    Examples
    --------
    >>> core, labels = dbscan([[0.0], [0.1], [0.2], [5.0]], eps=0.15, min_samples=2)
    >>> core.tolist(), labels.tolist()
    ([0, 1, 2], [0, 0, 0, -1])
    """
    est = DBSCAN(eps=eps, min_samples=min_samples, metric=metric, metric_params=metric_params,
                 algorithm=algorithm, leaf_size=leaf_size, p=p, n_jobs=n_jobs)
    est.fit(X, sample_weight=sample_weight)
    return est.core_sample_indices_, est.labels_
