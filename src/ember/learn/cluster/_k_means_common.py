"""What KMeans and MiniBatchKMeans share: greedy k-means++ seeding, the assignment step
(labels and inertia), empty-cluster relocation, centre averaging and the base estimator
(parameters, initialisation, ``predict``, ``transform``, ``score``).

k-means++ (Arthur and Vassilvitskii, *k-means++: the advantages of careful
seeding*, SODA 2007) in its greedy form: each new centre is the best, by the
potential (weighted sum of squared distances to the nearest centre), of
``2 + floor(ln k)`` candidates drawn with probability proportional to that
distance. The draws are scikit-learn's: ``choice`` for the first centre, then
``uniform`` times the potential located by ``searchsorted`` in the cumulative
weighted distances, so the same ``random_state`` gives scikit-learn's seeds.
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin
from ..utils import check_random_state, validate_data
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import _check_sample_weight, check_array, check_is_fitted

# Rows of the sparse assignment step handled at once.
_SPARSE_BLOCK = 4096


def _kernels():
    from . import _kmeans_kernels

    return _kmeans_kernels


def _is_array_init(init):
    """Whether ``init`` gives the centres themselves (not a name, not a callable)."""
    return not isinstance(init, str) and not callable(init)


def row_norms_squared(X):
    """Squared Euclidean norm of each row (dense or CSR)."""
    if sp.issparse(X):
        return np.asarray(X.multiply(X).sum(axis=1)).ravel().astype(X.dtype, copy=False)
    return np.einsum("ij,ij->i", X, X)


def _squared_distances(A, X, x_squared_norms):
    """``||a||^2 - 2 a.x + ||x||^2`` clipped at 0 for rows a of A against all rows of X
    (float32 data upcast to float64 first), shape (len(A), len(X))."""
    if X.dtype == np.float32:
        A, X = A.astype(np.float64), X.astype(np.float64)
        x_squared_norms = row_norms_squared(X)
    a_squared_norms = row_norms_squared(A)[:, None]
    products = A @ X.T
    distances = -2 * (products.toarray() if sp.issparse(products) else np.asarray(products))
    distances += a_squared_norms
    distances += x_squared_norms[None, :]
    return np.maximum(distances, 0, out=distances)


def _kmeans_plusplus(X, n_clusters, x_squared_norms, sample_weight, random_state,
                     n_local_trials=None):
    """Greedy k-means++ centres (n_clusters, n_features) and their row indices."""
    n_samples, n_features = X.shape
    centers = np.empty((n_clusters, n_features), dtype=X.dtype)
    if n_local_trials is None:
        n_local_trials = 2 + int(np.log(n_clusters))
    first = random_state.choice(n_samples, p=sample_weight / sample_weight.sum())
    indices = np.full(n_clusters, -1, dtype=int)
    centers[0] = X[[first]].toarray() if sp.issparse(X) else X[first]
    indices[0] = first
    closest = _squared_distances(X[[first]], X, x_squared_norms).astype(X.dtype, copy=False)
    potential = closest @ sample_weight
    for c in range(1, n_clusters):
        targets = random_state.uniform(size=n_local_trials) * potential
        candidates = np.searchsorted(np.cumsum(sample_weight * closest), targets)
        np.clip(candidates, None, closest.size - 1, out=candidates)
        trial = _squared_distances(X[candidates], X, x_squared_norms).astype(X.dtype,
                                                                            copy=False)
        np.minimum(closest, trial, out=trial)
        potentials = trial @ sample_weight.reshape(-1, 1)
        best = np.argmin(potentials)
        potential = potentials[best]
        closest = trial[best]
        chosen = candidates[best]
        centers[c] = X[[chosen]].toarray() if sp.issparse(X) else X[chosen]
        indices[c] = chosen
    return centers, indices


def kmeans_plusplus(X, n_clusters, *, sample_weight=None, x_squared_norms=None,
                    random_state=None, n_local_trials=None):
    """Initial centres by greedy k-means++ (scikit-learn's draws).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    n_clusters : int
        The number of centres.
    sample_weight : array-like of shape (n_samples,), default=None
        Weights of the samples in the draws and the potential.
    x_squared_norms : array-like of shape (n_samples,), default=None
        The squared norms of the rows of X, computed when None.
    random_state : int, RandomState instance or None, default=None
    n_local_trials : int, default=None
        Candidates per centre after the first; ``2 + int(log(n_clusters))`` when None.

    Returns
    -------
    centers : ndarray of shape (n_clusters, n_features)
    indices : ndarray of shape (n_clusters,)
        The rows of X the centres are: ``X[indices] == centers``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> centers, indices = kmeans_plusplus(X, n_clusters=2, random_state=0)
    >>> indices
    array([3, 2])
    """
    X = check_array(X, accept_sparse="csr", dtype=[np.float64, np.float32])
    sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
    if X.shape[0] < n_clusters:
        raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={n_clusters}.")
    if x_squared_norms is None:
        x_squared_norms = row_norms_squared(X)
    else:
        x_squared_norms = check_array(x_squared_norms, dtype=X.dtype, ensure_2d=False)
    if x_squared_norms.shape[0] != X.shape[0]:
        raise ValueError(f"The length of x_squared_norms {x_squared_norms.shape[0]} should "
                         f"be equal to the length of n_samples {X.shape[0]}.")
    random_state = check_random_state(random_state)
    return _kmeans_plusplus(X, n_clusters, x_squared_norms, sample_weight, random_state,
                            n_local_trials)


def tolerance(X, tol):
    """``tol`` times the mean of the feature variances (0 stays 0)."""
    if tol == 0:
        return 0
    if sp.issparse(X):
        mean = np.asarray(X.mean(axis=0)).ravel()
        variances = np.asarray(X.multiply(X).mean(axis=0)).ravel() - mean ** 2
    else:
        variances = np.var(X, axis=0)
    return np.mean(variances) * tol


def assign_sparse(X, sample_weight, centers, labels, update):
    """``lloyd_assign`` for CSR X, by blocks of rows: labels, and with ``update`` the
    clusters' weighted sums and weights."""
    n_clusters = centers.shape[0]
    center_norms = np.einsum("ij,ij->i", centers, centers)
    for start in range(0, X.shape[0], _SPARSE_BLOCK):
        block = X[start:start + _SPARSE_BLOCK]
        values = center_norms - 2 * np.asarray(block @ centers.T)
        labels[start:start + _SPARSE_BLOCK] = np.argmin(values, axis=1)
    if not update:
        return None, None
    return cluster_sums_sparse(X, sample_weight, labels, n_clusters)


def cluster_sums_sparse(X, sample_weight, labels, n_clusters):
    """The weighted sums (k, d) and weights (k,) of the clusters' rows of CSR X, by one
    sparse membership product."""
    weights = np.bincount(labels, weights=sample_weight, minlength=n_clusters)
    members = sp.csr_matrix((sample_weight, (labels, np.arange(X.shape[0]))),
                            shape=(n_clusters, X.shape[0]))
    sums = np.asarray((members @ X).toarray(), dtype=X.dtype)
    return sums, weights.astype(X.dtype)


def distances_to_own_center(X, centers, labels):
    """Squared distance of each row to its centre (dense or CSR X)."""
    if sp.issparse(X):
        own = centers[labels]
        cross = np.asarray(X.multiply(own).sum(axis=1)).ravel()
        values = row_norms_squared(X) - 2 * cross + np.einsum("ij,ij->i", own, own)
        return np.maximum(values, 0).astype(X.dtype, copy=False)
    return ((X - centers[labels]) ** 2).sum(axis=1)


def labels_inertia(X, sample_weight, centers, return_inertia=True):
    """Nearest centre of each row (int32) and, optionally, the weighted inertia."""
    labels = np.empty(X.shape[0], dtype=np.int32)
    if sp.issparse(X):
        assign_sparse(X, sample_weight, centers, labels, False)
        if not return_inertia:
            return labels
        return labels, float(distances_to_own_center(X, centers, labels) @ sample_weight)
    kernels = _kernels()
    empty = np.empty((0, 0), dtype=X.dtype)
    kernels.lloyd_assign(X, sample_weight, centers, labels, empty, np.empty(0, X.dtype), False)
    if not return_inertia:
        return labels
    return labels, kernels.inertia_dense(X, sample_weight, centers, labels)


def relocate_empty_clusters(X, sample_weight, centers_old, sums, weights, labels):
    """Give each cluster with no weight the row farthest from its centre, taken out of the
    cluster it was in (sums and weights updated in place), as scikit-learn does."""
    empty = np.flatnonzero(weights == 0)
    if not len(empty):
        return
    distances = distances_to_own_center(X, centers_old, labels)
    if np.max(distances) == 0:
        return
    farthest = np.argpartition(distances, -len(empty))[:-len(empty) - 1:-1]
    for cluster, row in zip(empty, farthest):
        point = X[[row]].toarray()[0] if sp.issparse(X) else X[row]
        weight = sample_weight[row]
        old = labels[row]
        sums[old] -= point * weight
        sums[cluster] = point * weight
        weights[cluster] = weight
        weights[old] -= weight


def average_centers(sums, weights):
    """The centres from the clusters' weighted sums (in place); a weightless cluster goes
    where scikit-learn's loop puts it: on the heaviest cluster's row, read before (j < it)
    or after (j > it) that row is averaged."""
    heaviest = np.argmax(weights)
    raw = sums[heaviest].copy()
    positive = weights > 0
    sums[positive] *= (1.0 / weights[positive]).astype(sums.dtype)[:, None]
    weightless = np.flatnonzero(~positive)
    if len(weightless):
        for j in weightless:
            sums[j] = sums[heaviest] if j > heaviest else raw
    return sums


def is_same_clustering(labels1, labels2):
    """Whether each label of ``labels1`` always comes with one label of ``labels2``."""
    pairs = np.unique(labels1.astype(np.int64) * (labels2.max() + 1) + labels2)
    return len(pairs) == len(np.unique(labels1))


class BaseKMeans(ClassNamePrefixFeaturesOutMixin, TransformerMixin, ClusterMixin, BaseEstimator):
    """Parameters, initialisation and the fitted-model methods of both k-means estimators;
    subclasses set ``_default_n_init`` and write ``fit``."""

    _parameter_constraints = {
        "n_clusters": [Interval(numbers.Integral, 1, None, closed="left")],
        "init": [StrOptions({"k-means++", "random"}), callable, "array-like"],
        "n_init": [StrOptions({"auto"}), Interval(numbers.Integral, 1, None, closed="left")],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "verbose": [Interval(numbers.Integral, 0, None, closed="left"), "boolean"],
        "random_state": ["random_state"],
    }

    _default_n_init = 10

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        return tags

    def _check_params_vs_input(self, X):
        """Private copies of the parameters that depend on the data: ``_tol``, ``_n_init``."""
        if X.shape[0] < self.n_clusters:
            raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={self.n_clusters}.")
        self._tol = tolerance(X, self.tol)
        if self.n_init != "auto":
            self._n_init = self.n_init
        elif _is_array_init(self.init) or (isinstance(self.init, str)
                                           and self.init == "k-means++"):
            self._n_init = 1
        else:
            self._n_init = self._default_n_init
        if _is_array_init(self.init) and self._n_init != 1:
            warnings.warn("Explicit initial center position passed: performing only one init "
                          f"in {type(self).__name__} instead of n_init={self._n_init}.",
                          RuntimeWarning, stacklevel=3)
            self._n_init = 1

    def _validate_center_shape(self, X, centers, n_centroids=None):
        n_centroids = self.n_clusters if n_centroids is None else n_centroids
        if centers.shape[0] != n_centroids:
            raise ValueError(f"The shape of the initial centers {centers.shape} does not match "
                             f"the number of clusters {n_centroids}.")
        if centers.shape[1] != X.shape[1]:
            raise ValueError(f"The shape of the initial centers {centers.shape} does not match "
                             f"the number of features of the data {X.shape[1]}.")

    def _checked_init(self, X):
        """``init`` as given, or an array init checked and copied to X's dtype."""
        if not _is_array_init(self.init):
            return self.init
        init = check_array(self.init, dtype=X.dtype, copy=True, order="C")
        self._validate_center_shape(X, init)
        return init

    def _init_centroids(self, X, x_squared_norms, init, random_state, sample_weight,
                        init_size=None, n_centroids=None):
        """Initial centres (n_clusters, n_features), drawn as scikit-learn draws them."""
        n_samples = X.shape[0]
        n_clusters = self.n_clusters if n_centroids is None else n_centroids
        if init_size is not None and init_size < n_samples:
            rows = random_state.randint(0, n_samples, init_size)
            X, x_squared_norms, sample_weight = X[rows], x_squared_norms[rows], sample_weight[rows]
            n_samples = X.shape[0]
        if isinstance(init, str) and init == "k-means++":
            centers, _ = _kmeans_plusplus(X, n_clusters, x_squared_norms, sample_weight,
                                          random_state)
        elif isinstance(init, str):  # "random"
            seeds = random_state.choice(n_samples, size=n_clusters, replace=False,
                                        p=sample_weight / sample_weight.sum())
            centers = X[seeds]
        elif callable(init):
            centers = init(X, n_clusters, random_state=random_state)
            centers = check_array(centers, dtype=X.dtype, copy=False, order="C")
            self._validate_center_shape(X, centers, n_centroids=n_clusters)
        else:
            centers = init
        if sp.issparse(centers):
            centers = centers.toarray()
        return np.ascontiguousarray(centers)

    def _check_test_data(self, X):
        return validate_data(self, X, accept_sparse="csr", reset=False,
                             dtype=[np.float64, np.float32], order="C",
                             accept_large_sparse=False)

    def fit_predict(self, X, y=None, sample_weight=None):
        """Fit, then the cluster index of each training sample: (n_samples,)."""
        return self.fit(X, sample_weight=sample_weight).labels_

    def predict(self, X):
        """The index of the nearest centre of each sample: (n_samples,) int32."""
        check_is_fitted(self)
        X = self._check_test_data(X)
        return labels_inertia(X, np.ones(X.shape[0], dtype=X.dtype), self.cluster_centers_,
                              return_inertia=False)

    def fit_transform(self, X, y=None, sample_weight=None):
        """Fit, then the distances of X to the centres: (n_samples, n_clusters)."""
        return self.fit(X, sample_weight=sample_weight)._transform(X)

    def transform(self, X):
        """The Euclidean distances of X to the centres: (n_samples, n_clusters)."""
        check_is_fitted(self)
        return self._transform(self._check_test_data(X))

    def _transform(self, X):
        from ..metrics.pairwise import euclidean_distances

        return euclidean_distances(X, self.cluster_centers_)

    def score(self, X, y=None, sample_weight=None):
        """Minus the weighted inertia of X with the fitted centres (higher is better)."""
        check_is_fitted(self)
        X = self._check_test_data(X)
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        return -labels_inertia(X, sample_weight, self.cluster_centers_)[1]
