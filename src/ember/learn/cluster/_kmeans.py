"""``KMeans`` and ``k_means``: Lloyd's and Elkan's k-means (HOML ch9), the best of
``n_init`` runs by inertia.

A run alternates the assignment of every sample to its nearest centre and the
move of every centre to the weighted mean of its samples. It stops when the
labels no longer change ("strict convergence") or when the centres moved, in
sum of squared shifts, at most ``tol`` times the mean feature variance; if it
stopped on the tolerance, one more assignment makes the labels match the final
centres. A cluster left empty takes the sample farthest from its centre.
Dense data are centred on their mean first (more accurate distances). Elkan's
algorithm gives the same clustering as Lloyd's with fewer distances, from the
triangle inequality (Elkan, ICML 2003).

The compiled loops are in ``_kmeans_kernels``; seeding, assignment, relocation
and averaging, shared with ``MiniBatchKMeans``, in ``_k_means_common``.
"""

import warnings

import numpy as np
import scipy.sparse as sp

from ..exceptions import ConvergenceWarning, compatible
from ..utils import check_random_state, validate_data
from ..utils._param_validation import StrOptions, validate_parameter_constraints
from ..utils.validation import _check_sample_weight
from ._k_means_common import (
    BaseKMeans,
    _kernels,
    assign_sparse,
    average_centers,
    cluster_sums_sparse,
    distances_to_own_center,
    is_same_clustering,
    kmeans_plusplus,
    relocate_empty_clusters,
    row_norms_squared,
)
from ._minibatch_kmeans import MiniBatchKMeans

__all__ = ["KMeans", "MiniBatchKMeans", "k_means", "kmeans_plusplus"]

def _inertia(X, sample_weight, centers, labels):
    if sp.issparse(X):
        return float(distances_to_own_center(X, centers, labels) @ sample_weight)
    return _kernels().inertia_dense(X, sample_weight, centers, labels)

def _update(X, sample_weight, centers, labels, sums, weights):
    """The M step from the clusters' sums: relocation, averaging; returns the new centres
    and each centre's shift."""
    relocate_empty_clusters(X, sample_weight, centers, sums, weights, labels)
    new = average_centers(sums, weights)
    shift = np.sqrt(((new - centers) ** 2).sum(axis=1))
    return new, shift

class _Lloyd:
    """Lloyd's assignment for dense (compiled) or CSR (BLAS blocks) X."""

    def __init__(self, X, sample_weight, centers):
        self.X, self.sample_weight = X, sample_weight
        n_clusters, n_features = centers.shape
        self.sums = np.zeros((n_clusters, n_features), dtype=X.dtype)
        self.weights = np.zeros(n_clusters, dtype=X.dtype)

    def assign(self, centers, labels, update=True):
        if sp.issparse(self.X):
            sums, weights = assign_sparse(self.X, self.sample_weight, centers, labels, update)
            if update:
                self.sums[:], self.weights[:] = sums, weights
        else:
            _kernels().lloyd_assign(self.X, self.sample_weight, centers, labels, self.sums,
                                    self.weights, update)
        if update:
            return _update(self.X, self.sample_weight, centers, labels, self.sums.copy(),
                           self.weights)
        return None

class _Elkan(_Lloyd):
    """Elkan's assignment with per-sample bounds, for dense or CSR X."""

    def __init__(self, X, sample_weight, centers):
        super().__init__(X, sample_weight, centers)
        n_samples, n_clusters = X.shape[0], centers.shape[0]
        self.upper = np.zeros(n_samples, dtype=X.dtype)
        self.lower = np.zeros((n_samples, n_clusters), dtype=X.dtype)
        self.started = False
        self._center_distances(centers)

    def _center_distances(self, centers):
        from ..metrics.pairwise import euclidean_distances

        self.half = np.ascontiguousarray(euclidean_distances(centers) / 2, dtype=self.X.dtype)
        self.next_half = np.partition(self.half, kth=1, axis=0)[1]

    def assign(self, centers, labels, update=True):
        kernels, X = _kernels(), self.X
        if not self.started:
            kernels.elkan_init_bounds(X, centers, self.half, labels, self.upper, self.lower)
            self.started = True
        dense_update = update and not sp.issparse(X)
        kernels.elkan_assign(X, self.sample_weight, centers, self.half, self.next_half,
                             self.upper, self.lower, labels, self.sums, self.weights,
                             dense_update)
        if not update:
            return None
        if sp.issparse(X):
            self.sums[:], self.weights[:] = cluster_sums_sparse(X, self.sample_weight, labels,
                                                                len(centers))
        new, shift = _update(X, self.sample_weight, centers, labels, self.sums.copy(),
                             self.weights)
        self.upper += shift[labels]
        self.lower -= shift
        np.maximum(self.lower, 0, out=self.lower)
        self._center_distances(new)
        return new, shift


def _kmeans_single(X, sample_weight, centers_init, algorithm, max_iter=300, verbose=False,
                   tol=1e-4):
    """One k-means run from ``centers_init``: (labels, inertia, centers, n_iter)."""
    centers = centers_init
    labels = np.full(X.shape[0], -1, dtype=np.int32)
    labels_old = labels.copy()
    runner = (_Elkan if algorithm == "elkan" else _Lloyd)(X, sample_weight, centers)
    strict = False
    for i in range(max_iter):
        new, shift = runner.assign(centers, labels)
        if verbose:
            end = "" if algorithm == "elkan" else "."  # scikit-learn's two formats
            print(f"Iteration {i}, inertia {_inertia(X, sample_weight, centers, labels)}{end}")
        centers = new
        if np.array_equal(labels, labels_old):
            if verbose:
                print(f"Converged at iteration {i}: strict convergence.")
            strict = True
            break
        total_shift = (shift ** 2).sum()
        if total_shift <= tol:
            if verbose:
                print(f"Converged at iteration {i}: center shift {total_shift} within "
                      f"tolerance {tol}.")
            break
        labels_old[:] = labels
    if not strict:
        runner.assign(centers, labels, update=False)
    return labels, _inertia(X, sample_weight, centers, labels), centers, i + 1

class KMeans(BaseKMeans):
    """K-means clustering: ``n_clusters`` centres minimising the inertia, the weighted sum
    of squared distances of the samples to their nearest centre.

    Parameters
    ----------
    n_clusters : int, default=8
        The number of clusters and centres.
    init : {"k-means++", "random"}, callable or array-like of shape (n_clusters, n_features), \
default="k-means++"
        Greedy k-means++ seeding, ``n_clusters`` distinct random samples, a callable
        ``init(X, n_clusters, random_state)`` returning the centres, or the centres.
    n_init : "auto" or int, default="auto"
        Runs from different seeds, of which the lowest inertia is kept; "auto" is 1 for
        "k-means++" and an array, 10 for "random" and a callable.
    max_iter : int, default=300
        Iterations per run.
    tol : float, default=1e-4
        Convergence on the sum of squared centre shifts, relative to the mean variance of
        the features.
    verbose : int, default=0
        Print the inertia of each iteration.
    random_state : int, RandomState instance or None, default=None
        Seeds the initialisation.
    copy_x : bool, default=True
        When False, dense X is centred in place during fit (and restored after).
    algorithm : {"lloyd", "elkan"}, default="lloyd"
        Lloyd's iterations, or Elkan's with triangle-inequality bounds (same clustering).

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
    labels_ : ndarray of shape (n_samples,)
        The cluster of each training sample (int32).
    inertia_ : float
        Weighted sum of squared distances of the training samples to their centre.
    n_iter_ : int
        Iterations of the kept run.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> kmeans = KMeans(n_clusters=2, random_state=0).fit(X)
    >>> kmeans.labels_
    array([1, 1, 1, 0, 0, 0], dtype=int32)
    >>> kmeans.cluster_centers_
    array([[10.,  2.],
           [ 1.,  2.]])
    """

    _parameter_constraints = {
        **BaseKMeans._parameter_constraints,
        "copy_x": ["boolean"],
        "algorithm": [StrOptions({"lloyd", "elkan"})],
    }

    def __init__(self, n_clusters=8, *, init="k-means++", n_init="auto", max_iter=300,
                 tol=1e-4, verbose=0, random_state=None, copy_x=True, algorithm="lloyd"):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.verbose = verbose
        self.random_state = random_state
        self.copy_x = copy_x
        self.algorithm = algorithm

    def _check_params_vs_input(self, X):
        super()._check_params_vs_input(X)
        self._algorithm = self.algorithm
        if self._algorithm == "elkan" and self.n_clusters == 1:
            warnings.warn("algorithm='elkan' doesn't make sense for a single cluster. Using "
                          "'lloyd' instead.", RuntimeWarning, stacklevel=3)
            self._algorithm = "lloyd"

    def fit(self, X, y=None, sample_weight=None):
        """Cluster X (n_samples, n_features), dense or CSR, with optional per-sample
        weights (not used by an array or callable ``init``). Returns ``self``."""
        self._validate_params()
        X = validate_data(self, X, accept_sparse="csr", dtype=[np.float64, np.float32],
                          order="C", copy=self.copy_x, accept_large_sparse=False)
        self._check_params_vs_input(X)
        random_state = check_random_state(self.random_state)
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        init = self._checked_init(X)
        dense = not sp.issparse(X)
        if dense:
            X_mean = X.mean(axis=0)
            X -= X_mean
            if not isinstance(init, str) and not callable(init):
                init -= X_mean
        x_squared_norms = row_norms_squared(X)
        best = None
        for _ in range(self._n_init):
            centers_init = self._init_centroids(X, x_squared_norms, init, random_state,
                                                sample_weight)
            if self.verbose:
                print("Initialization complete")
            run = _kmeans_single(X, sample_weight, centers_init, self._algorithm,
                                 self.max_iter, self.verbose, self._tol)
            if best is None or (run[1] < best[1] and not is_same_clustering(run[0], best[0])):
                best = run
        labels, inertia, centers, n_iter = best
        if dense:
            if not self.copy_x:
                X += X_mean
            centers = centers + X_mean
        distinct = len(np.unique(labels))
        if distinct < self.n_clusters:
            warnings.warn(f"Number of distinct clusters ({distinct}) found smaller than "
                          f"n_clusters ({self.n_clusters}). Possibly due to duplicate points "
                          "in X.", compatible(ConvergenceWarning), stacklevel=2)
        self.cluster_centers_ = centers
        self._n_features_out = centers.shape[0]
        self.labels_ = labels
        self.inertia_ = float(inertia)
        self.n_iter_ = n_iter
        return self

def k_means(X, n_clusters, *, sample_weight=None, init="k-means++", n_init="auto",
            max_iter=300, verbose=False, tol=1e-4, random_state=None, copy_x=True,
            algorithm="lloyd", return_n_iter=False):
    """K-means clustering as a function: ``KMeans(...).fit(X, sample_weight=...)``.

    Parameters are those of ``KMeans``; ``return_n_iter`` adds the iteration count.

    Returns
    -------
    centroid : ndarray of shape (n_clusters, n_features)
    label : ndarray of shape (n_samples,)
    inertia : float
    best_n_iter : int
        Only with ``return_n_iter=True``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> centroid, label, inertia = k_means(X, n_clusters=2, random_state=0)
    >>> inertia
    16.0
    """
    validate_parameter_constraints({"return_n_iter": ["boolean"]},
                                   {"return_n_iter": return_n_iter}, "k_means")
    est = KMeans(n_clusters=n_clusters, init=init, n_init=n_init, max_iter=max_iter,
                 verbose=verbose, tol=tol, random_state=random_state, copy_x=copy_x,
                 algorithm=algorithm).fit(X, sample_weight=sample_weight)
    if return_n_iter:
        return est.cluster_centers_, est.labels_, est.inertia_, est.n_iter_
    return est.cluster_centers_, est.labels_, est.inertia_

