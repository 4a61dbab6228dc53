"""Isomap (Tenenbaum, de Silva and Langford, *Science* 2000; HOML ch8).

Geodesic distances along the data manifold are approximated by shortest paths
in the nearest-neighbour graph (Floyd-Warshall or Dijkstra, SciPy's
``shortest_path``); classical multidimensional scaling of those distances,
i.e. kernel PCA of the doubly centred kernel ``K = -D^2 / 2``, gives the
embedding. A graph in pieces is joined first by the shortest edge between
every two pieces, as scikit-learn does.

The kernel PCA is scikit-learn's ``KernelPCA(kernel="precomputed")`` step by
step (``_PrecomputedKernelPCA`` here): centring, ``eigh`` of the top index
range or ARPACK (``which="LA"``, start vector ``uniform(-1, 1, n)`` from the
global NumPy generator, since Isomap passes no seed), the same clean-up of
round-off eigenvalues and the same sign rule, so embeddings equal
scikit-learn's.
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp
from scipy.linalg import eigh
from scipy.sparse.csgraph import connected_components, shortest_path
from scipy.sparse.linalg import eigsh

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..decomposition._kernel_pca import psd_eigenvalues
from ..metrics.pairwise import pairwise_distances
from ..neighbors import NearestNeighbors
from ..neighbors._base import NeighborsBase
from ..utils import check_random_state
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import check_is_fitted

__all__ = ["Isomap"]

_QUERY_BLOCK = 1 << 22  # entries of a (pairs, n_samples_fit) block in transform


class _PrecomputedKernelPCA:
    """Kernel PCA of a precomputed kernel: what Isomap keeps as ``kernel_pca_``.

    Attributes: ``eigenvalues_`` (n_components,) in descending order and
    ``eigenvectors_`` (n_samples, n_components); ``transform(K)`` projects the
    kernel rows (n_queries, n_samples) of new points.
    """

    def __init__(self, n_components, eigen_solver, tol, max_iter):
        self.n_components = n_components
        self.eigen_solver = eigen_solver
        self.tol = tol
        self.max_iter = max_iter
        self.kernel = "precomputed"

    def _center(self, K):
        columns = K.sum(axis=1)[:, None] / self._fit_rows.shape[0]
        return K - self._fit_rows - columns + self._fit_all

    def fit_transform(self, K):
        n = K.shape[0]
        self._fit_rows = K.sum(axis=0) / n
        self._fit_all = self._fit_rows.sum() / n
        K = self._center(K)
        n_components = min(n, self.n_components)
        solver = self.eigen_solver
        if solver == "auto":
            solver = "arpack" if n > 200 and n_components < 10 else "dense"
        if solver == "dense":
            values, vectors = eigh(K, subset_by_index=(n - n_components, n - 1))
        else:
            v0 = check_random_state(None).uniform(-1, 1, n)
            values, vectors = eigsh(K, n_components, which="LA", tol=self.tol,
                                    maxiter=self.max_iter, v0=v0)
        values = psd_eigenvalues(values)
        largest = np.argmax(np.abs(vectors), axis=0)
        vectors = vectors * np.sign(vectors[largest, np.arange(vectors.shape[1])])
        order = values.argsort()[::-1]
        self.eigenvalues_, self.eigenvectors_ = values[order], vectors[:, order]
        return self.eigenvectors_ * np.sqrt(self.eigenvalues_)

    def transform(self, K):
        K = self._center(K)
        nonzero = self.eigenvalues_ > 0
        scaled = np.zeros_like(self.eigenvectors_)
        scaled[:, nonzero] = self.eigenvectors_[:, nonzero] / np.sqrt(self.eigenvalues_[nonzero])
        return K @ scaled


def _join_components(X, graph, n_components, labels, metric, params):
    """Add, for every two connected components, the shortest edge between them."""
    graph = graph.tolil()
    members = [np.flatnonzero(labels == c) for c in range(n_components)]
    for i in range(n_components):
        for j in range(i):
            D = pairwise_distances(X[members[i]], X[members[j]], metric=metric, **params)
            a, b = np.unravel_index(D.argmin(), D.shape)
            graph[members[i][a], members[j][b]] = D[a, b]
            graph[members[j][b], members[i][a]] = D[a, b]
    return graph.tocsr()


class Isomap(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Isomap embedding: classical MDS of geodesic (graph shortest-path) distances.

    Parameters
    ----------
    n_neighbors : int or None, default=5
        Neighbours of each point in the graph (None: use ``radius``).
    radius : float or None, default=None
        Neighbourhood radius instead of ``n_neighbors`` (set ``n_neighbors=None``).
    n_components : int, default=2
    eigen_solver : {"auto", "arpack", "dense"}, default="auto"
    tol : float, default=0
        ARPACK's tolerance (0: machine precision).
    max_iter : int, default=None
        ARPACK's iteration limit.
    path_method : {"auto", "FW", "D"}, default="auto"
        Floyd-Warshall, Dijkstra or SciPy's choice.
    neighbors_algorithm : {"auto", "brute", "kd_tree", "ball_tree"}, default="auto"
    n_jobs : int, default=None
    metric : str or callable, default="minkowski"
        A metric of ``ember.learn.neighbors.NearestNeighbors``.
    p : float, default=2
        The Minkowski power.
    metric_params : dict, default=None

    Attributes
    ----------
    embedding_ : ndarray of shape (n_samples, n_components)
    kernel_pca_ : object
        The kernel PCA of ``-dist_matrix_ ** 2 / 2`` (``eigenvalues_``, ``eigenvectors_``).
    nbrs_ : NearestNeighbors
    dist_matrix_ : ndarray of shape (n_samples, n_samples)
        The geodesic distances.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> from ember.learn.datasets import make_swiss_roll
    >>> X, t = make_swiss_roll(n_samples=200, random_state=0)
    >>> Isomap(n_neighbors=10).fit_transform(X).shape
    (200, 2)
    """

    _parameter_constraints = {
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "radius": [Interval(numbers.Real, 0, None, closed="both"), None],
        "n_components": [Interval(numbers.Integral, 1, None, closed="left")],
        "eigen_solver": [StrOptions({"auto", "arpack", "dense"})],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "path_method": [StrOptions({"auto", "FW", "D"})],
        "neighbors_algorithm": [StrOptions({"auto", "brute", "kd_tree", "ball_tree"})],
        "n_jobs": [numbers.Integral, None],
        "p": [Interval(numbers.Real, 1, None, closed="left")],
        "metric": NeighborsBase._parameter_constraints["metric"],
        "metric_params": [dict, None],
    }

    def __init__(self, *, n_neighbors=5, radius=None, n_components=2, eigen_solver="auto",
                 tol=0, max_iter=None, path_method="auto", neighbors_algorithm="auto",
                 n_jobs=None, metric="minkowski", p=2, metric_params=None):
        self.n_neighbors = n_neighbors
        self.radius = radius
        self.n_components = n_components
        self.eigen_solver = eigen_solver
        self.tol = tol
        self.max_iter = max_iter
        self.path_method = path_method
        self.neighbors_algorithm = neighbors_algorithm
        self.n_jobs = n_jobs
        self.metric = metric
        self.p = p
        self.metric_params = metric_params

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.input_tags.sparse = True
        return tags

    def _graph(self):
        if self.n_neighbors is not None:
            return self.nbrs_.kneighbors_graph(None, self.n_neighbors, mode="distance")
        return self.nbrs_.radius_neighbors_graph(None, self.radius, mode="distance")

    def _fit_transform(self, X):
        self._validate_params()
        if self.n_neighbors is not None and self.radius is not None:
            raise ValueError(f"Both n_neighbors and radius are provided. Use Isomap(radius="
                             f"{self.radius}, n_neighbors=None) if intended to use radius-based "
                             "neighbors")
        self.nbrs_ = NearestNeighbors(
            n_neighbors=self.n_neighbors, radius=self.radius, algorithm=self.neighbors_algorithm,
            metric=self.metric, p=self.p, metric_params=self.metric_params, n_jobs=self.n_jobs)
        self.nbrs_.fit(X)
        self.n_features_in_ = self.nbrs_.n_features_in_
        if hasattr(self.nbrs_, "feature_names_in_"):
            self.feature_names_in_ = self.nbrs_.feature_names_in_
        float32 = getattr(X, "dtype", None) == np.float32
        self.kernel_pca_ = _PrecomputedKernelPCA(self.n_components, self.eigen_solver, self.tol,
                                                 self.max_iter)
        graph = self._graph()
        n_pieces, labels = connected_components(graph)
        if n_pieces > 1:
            warnings.warn(f"The number of connected components of the neighbors graph is "
                          f"{n_pieces} > 1. Completing the graph to fit Isomap might be slow. "
                          "Increase the number of neighbors to avoid this issue.", stacklevel=3)
            fit_X = self.nbrs_._fit_X
            graph = _join_components(fit_X.toarray() if sp.issparse(fit_X) else fit_X, graph,
                                     n_pieces, labels, self.nbrs_.effective_metric_,
                                     self.nbrs_.effective_metric_params_)
        self.dist_matrix_ = shortest_path(graph, method=self.path_method, directed=False)
        self.embedding_ = self.kernel_pca_.fit_transform(-0.5 * self.dist_matrix_ ** 2)
        if float32:
            self.dist_matrix_ = self.dist_matrix_.astype(np.float32)
            self.embedding_ = self.embedding_.astype(np.float32)
        self._n_features_out = self.embedding_.shape[1]

    def reconstruction_error(self):
        """``sqrt(||K_c||_F^2 - sum(eigenvalues^2)) / n_samples`` of the centred kernel
        ``K_c`` of ``-dist_matrix_ ** 2 / 2``: how much of it the embedding misses."""
        G = -0.5 * self.dist_matrix_.astype(np.float64) ** 2
        K = self.kernel_pca_._center(G)
        values = self.kernel_pca_.eigenvalues_
        return np.sqrt(np.sum(K ** 2) - np.sum(values ** 2)) / K.shape[0]

    def fit(self, X, y=None):
        """Embed X (n_samples, n_features), dense or sparse; ``y`` is ignored. Returns
        ``self``."""
        self._fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        """Fit and return ``embedding_`` (n_samples, n_components)."""
        self._fit_transform(X)
        return self.embedding_

    def transform(self, X):
        """Embed new points (n_queries, n_features): their geodesic distances go through
        their neighbours in the training graph."""
        check_is_fitted(self)
        if self.n_neighbors is not None:
            distances, indices = self.nbrs_.kneighbors(X, return_distance=True)
            counts = np.full(distances.shape[0], indices.shape[1])
            indices, distances = indices.ravel(), distances.ravel()
        else:
            distances, indices = self.nbrs_.radius_neighbors(X, return_distance=True)
            counts = np.array([len(i) for i in indices])
            if counts.size and counts.min() == 0:
                raise ValueError("A query has no training point within radius="
                                 f"{self.radius}: its geodesic distances are undefined.")
            indices, distances = np.concatenate(indices), np.concatenate(distances)
        G = self._geodesic_rows(indices, distances, counts)
        G = -0.5 * G ** 2
        out = self.kernel_pca_.transform(G)
        return out.astype(np.float32) if getattr(X, "dtype", None) == np.float32 else out

    def _geodesic_rows(self, indices, distances, counts):
        """min over each query's neighbours j of dist_matrix_[j] + d(query, j)."""
        dist = self.dist_matrix_.astype(np.float64, copy=False)
        starts = np.concatenate([[0], np.cumsum(counts)])
        per_block = max(1, _QUERY_BLOCK // max(1, dist.shape[1] * max(1, counts.max())))
        rows = []
        for first in range(0, counts.size, per_block):
            last = min(first + per_block, counts.size)
            lo, hi = starts[first], starts[last]
            paths = dist[indices[lo:hi]] + distances[lo:hi, None]
            rows.append(np.minimum.reduceat(paths, starts[first:last] - lo, axis=0))
        return np.vstack(rows) if rows else np.empty((0, dist.shape[1]))
