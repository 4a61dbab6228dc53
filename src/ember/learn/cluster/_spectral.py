"""``SpectralClustering``: clusters of a graph's normalised-Laplacian embedding (Shi and
Malik 2000; Ng, Jordan and Weiss 2001; HOML ch9).

The samples' affinity graph (an RBF or other kernel, the symmetrised
k-nearest-neighbour connectivity, or a given matrix) is embedded by the
eigenvectors of its ``n_components`` smallest normalised-Laplacian eigenvalues,
the first one kept (``manifold.spectral_embedding`` with ``drop_first=False``).
Labels are then assigned in that embedding by one of three rules:

- ``"kmeans"``: k-means with ``n_init`` k-means++ starts;
- ``"discretize"``: Yu and Shi's *multiclass spectral clustering* (2003): the
  rows, normalised to the unit sphere, are rotated towards the closest
  indicator matrix, alternating the best indicator for a rotation (argmax of
  each row) with the best rotation for an indicator (an orthogonal Procrustes
  SVD) until the normalised-cut bound stops changing;
- ``"cluster_qr"``: Damle, Minden and Ying (2019): a column-pivoted QR of the
  embedding picks ``k`` representative samples; their rows, made orthogonal by
  an SVD, give each sample the cluster of its largest projection.

One ``RandomState`` is drawn from in scikit-learn's order: the eigensolver's
start vector, then k-means' seeds or the discretisation's random first rows, so
that for the same ``random_state`` the labels are scikit-learn's.
"""

import numbers
import warnings

import numpy as np
import scipy.linalg
import scipy.sparse as sp

from ..base import BaseEstimator, ClusterMixin
from ..manifold._spectral_embedding import _precomputed_knn_graph, _spectral_embedding
from ..metrics.pairwise import PAIRWISE_KERNEL_FUNCTIONS, pairwise_kernels
from ..neighbors import NearestNeighbors
from ..utils import check_random_state, validate_data
from ..utils._param_validation import Interval, StrOptions, validate_parameter_constraints
from ._kmeans import k_means

__all__ = ["SpectralClustering", "spectral_clustering", "discretize", "cluster_qr"]

_GRAPH_AFFINITIES = {"nearest_neighbors", "precomputed", "precomputed_nearest_neighbors"}


def cluster_qr(vectors):
    """Labels of the embedding ``vectors`` (n_samples, n_clusters) by column-pivoted QR.

    Returns
    -------
    labels : ndarray of shape (n_samples,)

    Examples
    --------
    >>> import numpy as np
    >>> V = np.array([[1.0, 0.1], [0.9, 0.0], [0.1, 1.0], [0.0, 0.8]])
    >>> cluster_qr(V).tolist()
    [0, 0, 1, 1]
    """
    k = vectors.shape[1]
    pivots = scipy.linalg.qr(vectors.T, pivoting=True)[2]
    left, _, right = scipy.linalg.svd(vectors[pivots[:k]].T)
    return np.abs(vectors @ (left @ right.conj())).argmax(axis=1)


def _unit_columns_and_rows(vectors):
    """Columns scaled to norm sqrt(n_samples), each turned so its first entry is <= 0;
    then rows scaled to norm 1."""
    n_samples = vectors.shape[0]
    scale = np.sqrt(n_samples)
    for j in range(vectors.shape[1]):  # over the few components
        column = vectors[:, j] / np.linalg.norm(vectors[:, j]) * scale
        if column[0] != 0:
            column = -column * np.sign(column[0])
        vectors[:, j] = column
    return vectors / np.sqrt((vectors ** 2).sum(axis=1))[:, None]


def _initial_rotation(vectors, random_state):
    """Columns: a random row, then each time the row least aligned with those chosen."""
    n_samples, k = vectors.shape
    rotation = np.zeros((k, k))
    rotation[:, 0] = vectors[random_state.randint(n_samples)]
    alignment = np.zeros(n_samples)
    for j in range(1, k):  # over components
        alignment += np.abs(vectors @ rotation[:, j - 1])
        rotation[:, j] = vectors[alignment.argmin()]
    return rotation


def discretize(vectors, *, copy=True, max_svd_restarts=30, n_iter_max=20, random_state=None):
    """Labels of the embedding ``vectors`` (n_samples, n_clusters) by Yu and Shi's
    discretisation: alternate the nearest indicator matrix and the best rotation.

    Parameters
    ----------
    vectors : array-like of shape (n_samples, n_clusters)
    copy : bool, default=True
        Work on a copy (otherwise ``vectors`` is normalised in place).
    max_svd_restarts : int, default=30
        New random starts allowed when an SVD does not converge.
    n_iter_max : int, default=20
        Rotation updates at most per start.
    random_state : int, RandomState instance or None, default=None
        Seeds the first row of each start.

    Returns
    -------
    labels : ndarray of shape (n_samples,)

    Examples
    --------
    >>> import numpy as np
    >>> V = np.array([[0.5, 0.4], [0.5, 0.5], [0.5, -0.5], [0.5, -0.6]])
    >>> discretize(V, random_state=0).tolist()
    [0, 0, 1, 1]
    """
    random_state = check_random_state(random_state)
    vectors = (np.array(vectors, dtype=np.float64) if copy
               else np.asarray(vectors, dtype=np.float64))
    vectors = _unit_columns_and_rows(vectors)
    n_samples, k = vectors.shape
    eps = np.finfo(float).eps
    for _ in range(max_svd_restarts):  # over random starts
        rotation = _initial_rotation(vectors, random_state)
        previous, n_iter = 0.0, 0
        while True:
            n_iter += 1
            labels = (vectors @ rotation).argmax(axis=1)
            sums = np.empty((k, k))
            for j in range(k):  # per-cluster row sums, accumulated in sample order
                sums[:, j] = np.bincount(labels, weights=vectors[:, j], minlength=k)
            try:
                U, S, Vh = np.linalg.svd(sums)
            except np.linalg.LinAlgError:
                print("SVD did not converge, randomizing and trying again")
                break
            ncut = 2.0 * (n_samples - S.sum())
            if abs(ncut - previous) < eps or n_iter > n_iter_max:
                return labels
            previous = ncut
            rotation = Vh.T @ U.T
    raise np.linalg.LinAlgError("SVD did not converge")


class SpectralClustering(ClusterMixin, BaseEstimator):
    """Spectral clustering: k-means (or discretisation, or QR) of the normalised-Laplacian
    embedding of an affinity graph.

    Parameters
    ----------
    n_clusters : int, default=8
    eigen_solver : {"arpack", "lobpcg", "amg"} or None, default=None
        None: "arpack". "amg" needs pyamg, which ember does not use (ValueError).
    n_components : int, default=None
        Eigenvectors of the embedding (None: ``n_clusters``).
    random_state : int, RandomState instance or None, default=None
        Seeds the eigensolver's start, then k-means or the discretisation.
    n_init : int, default=10
        k-means starts (``assign_labels="kmeans"``).
    gamma : float, default=1.0
        Coefficient of the rbf, poly, sigmoid, laplacian and chi2 kernels.
    affinity : str or callable, default="rbf"
        ``"nearest_neighbors"`` (symmetrised connectivity of the ``n_neighbors``
        nearest samples, self included), ``"precomputed"`` (X is the affinity
        matrix), ``"precomputed_nearest_neighbors"`` (X holds distances; their
        k-nearest-neighbour connectivity), a kernel of ``pairwise_kernels``
        (``"rbf"``, ``"laplacian"``, ``"chi2"``, ``"poly"``, ...), or a callable
        ``affinity(x, y, **kernel_params)`` of two rows.
    n_neighbors : int, default=10
    eigen_tol : float or "auto", default="auto"
        Eigensolver tolerance ("auto": 0 for ARPACK, LOBPCG's default).
    assign_labels : {"kmeans", "discretize", "cluster_qr"}, default="kmeans"
    degree : float, default=3
        Degree of the polynomial kernel.
    coef0 : float, default=1
        Constant of the polynomial and sigmoid kernels.
    kernel_params : dict, default=None
        More keyword arguments of the kernel (or of a callable affinity).
    n_jobs : int, default=None
        Threads of the neighbour search.
    verbose : bool, default=False

    Attributes
    ----------
    affinity_matrix_ : ndarray or sparse matrix of shape (n_samples, n_samples)
    labels_ : ndarray of shape (n_samples,)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 1], [2, 1], [1, 0], [4, 7], [3, 5], [3, 6]])
    >>> SpectralClustering(n_clusters=2, assign_labels="discretize",
    ...                    random_state=0).fit(X).labels_
    array([1, 1, 1, 0, 0, 0])
    """

    _parameter_constraints = {
        "n_clusters": [Interval(numbers.Integral, 1, None, closed="left")],
        "eigen_solver": [StrOptions({"arpack", "lobpcg", "amg"}), None],
        "n_components": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "random_state": ["random_state"],
        "n_init": [Interval(numbers.Integral, 1, None, closed="left")],
        "gamma": [Interval(numbers.Real, 0, None, closed="left")],
        "affinity": [callable, StrOptions(set(PAIRWISE_KERNEL_FUNCTIONS) | _GRAPH_AFFINITIES)],
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "eigen_tol": [Interval(numbers.Real, 0.0, None, closed="left"), StrOptions({"auto"})],
        "assign_labels": [StrOptions({"kmeans", "discretize", "cluster_qr"})],
        "degree": [Interval(numbers.Real, 0, None, closed="left")],
        "coef0": [Interval(numbers.Real, None, None, closed="neither")],
        "kernel_params": [dict, None],
        "n_jobs": [numbers.Integral, None],
        "verbose": ["boolean", Interval(numbers.Integral, 0, None, closed="left")],
    }

    def __init__(self, n_clusters=8, *, eigen_solver=None, n_components=None,
                 random_state=None, n_init=10, gamma=1.0, affinity="rbf", n_neighbors=10,
                 eigen_tol="auto", assign_labels="kmeans", degree=3, coef0=1,
                 kernel_params=None, n_jobs=None, verbose=False):
        self.n_clusters = n_clusters
        self.eigen_solver = eigen_solver
        self.n_components = n_components
        self.random_state = random_state
        self.n_init = n_init
        self.gamma = gamma
        self.affinity = affinity
        self.n_neighbors = n_neighbors
        self.eigen_tol = eigen_tol
        self.assign_labels = assign_labels
        self.degree = degree
        self.coef0 = coef0
        self.kernel_params = kernel_params
        self.n_jobs = n_jobs
        self.verbose = verbose

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.pairwise = self.affinity in ("precomputed",
                                                     "precomputed_nearest_neighbors")
        return tags

    def _affinity_matrix(self, X):
        affinity = self.affinity
        if affinity == "nearest_neighbors":
            graph = NearestNeighbors(n_neighbors=self.n_neighbors, n_jobs=self.n_jobs).fit(
                X).kneighbors_graph(X)  # X queried: every sample is among its neighbours
            return 0.5 * (graph + graph.T)
        if affinity == "precomputed_nearest_neighbors":
            graph = _precomputed_knn_graph(X, self.n_neighbors)
            return 0.5 * (graph + graph.T)
        if affinity == "precomputed":
            return X
        params = dict(self.kernel_params or {})
        if not callable(affinity):
            params.update(gamma=self.gamma, degree=self.degree, coef0=self.coef0)
        return pairwise_kernels(X, metric=affinity, filter_params=True, **params)

    def fit(self, X, y=None):
        """Cluster X (n_samples, n_features), or the affinity (or distance) matrix X
        (n_samples, n_samples) with a precomputed affinity; ``y`` is ignored.
        Returns ``self``."""
        self._validate_params()
        X = validate_data(self, X, accept_sparse=["csr", "csc", "coo"], dtype=np.float64,
                          ensure_min_samples=2)
        if X.shape[0] == X.shape[1] and self.affinity not in ("precomputed",
                                                               "precomputed_nearest_neighbors"):
            warnings.warn("The spectral clustering API has changed. ``fit``now constructs an "
                          "affinity matrix from data. To use a custom affinity matrix, set "
                          "``affinity=precomputed``.", stacklevel=2)
        self.affinity_matrix_ = self._affinity_matrix(X)
        random_state = check_random_state(self.random_state)
        n_components = self.n_clusters if self.n_components is None else self.n_components
        maps = _spectral_embedding(self.affinity_matrix_, n_components=n_components,
                                   eigen_solver=self.eigen_solver, random_state=random_state,
                                   eigen_tol=self.eigen_tol, norm_laplacian=True,
                                   drop_first=False)
        if self.verbose:
            print(f"Computing label assignment using {self.assign_labels}")
        if self.assign_labels == "kmeans":
            self.labels_ = k_means(maps, self.n_clusters, random_state=random_state,
                                   n_init=self.n_init, verbose=self.verbose)[1]
        elif self.assign_labels == "cluster_qr":
            self.labels_ = cluster_qr(maps)
        else:
            self.labels_ = discretize(maps, random_state=random_state)
        return self

    def fit_predict(self, X, y=None):
        """Fit on X and return ``labels_`` (n_samples,)."""
        return super().fit_predict(X, y)


def spectral_clustering(affinity, *, n_clusters=8, n_components=None, eigen_solver=None,
                        random_state=None, n_init=10, eigen_tol="auto",
                        assign_labels="kmeans", verbose=False):
    """Labels (n_samples,) of spectral clustering of the affinity matrix ``affinity``
    (n_samples, n_samples): ``SpectralClustering(affinity="precomputed", ...)``.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.ones((6, 6))
    >>> A[:3, 3:] = A[3:, :3] = 0.01
    >>> labels = spectral_clustering(A, n_clusters=2, random_state=0)
    >>> bool(len(set(labels[:3])) == 1 and labels[0] != labels[3])
    True
    """
    validate_parameter_constraints({"affinity": ["array-like", "sparse matrix"]},
                                   {"affinity": affinity}, "spectral_clustering")
    return SpectralClustering(
        n_clusters=n_clusters, n_components=n_components, eigen_solver=eigen_solver,
        random_state=random_state, n_init=n_init, affinity="precomputed",
        eigen_tol=eigen_tol, assign_labels=assign_labels, verbose=verbose).fit(affinity).labels_
