"""t-distributed stochastic neighbour embedding (van der Maaten and Hinton 2008; HOML ch8).

The affinities of the data are conditional Gaussians ``p_{j|i}`` whose widths
give each row the wanted perplexity (a bisection per row), symmetrised into
``P = (P_cond + P_cond^T) / sum``. The embedding's affinities are Student-t
kernels ``q_ij ~ (1 + |y_i - y_j|^2 / dof)^(-(dof + 1) / 2)`` and t-SNE
minimises KL(P || Q) by gradient descent with momentum and per-coordinate
gains (Jacobs 1988): 250 iterations with P exaggerated and momentum 0.5, then
momentum 0.8 up to ``max_iter``, stopping when the error has not improved for
``n_iter_without_progress`` iterations or the gradient is tiny (checked every
50 iterations, when the error is computed).

- ``method="exact"``: dense P over all pairs and the exact gradient in BLAS,
  O(n^2).
- ``method="barnes_hut"`` (van der Maaten 2014): P over the
  ``3 * perplexity`` nearest neighbours only (sparse), and the repulsive part of
  the gradient from a quadtree (octree in 3-D) whose far cells act as one point
  (``_t_sne_kernels``, compiled), O(n log n).

Every step follows scikit-learn's (float32 searches and tree, the same
initialisations: PCA scaled to standard deviation 1e-4 or
``1e-4 * standard_normal``, the same learning rate rule), so P equals
scikit-learn's and the KL divergences agree closely.
"""

import numbers
from time import time

import numpy as np
import scipy.sparse as sp
from scipy.spatial.distance import pdist, squareform

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..metrics.pairwise import pairwise_distances
from ..neighbors import NearestNeighbors
from ..neighbors._base import NeighborsBase
from ..utils import check_random_state, validate_data
from ..utils._param_validation import Interval, StrOptions, validate_parameter_constraints

__all__ = ["TSNE", "trustworthiness"]

MACHINE_EPSILON = np.finfo(np.double).eps
_METRICS = StrOptions(set(NeighborsBase._parameter_constraints["metric"][0].options)
                      | {"precomputed"})


class _threads:
    """Run the compiled kernels on ``n_jobs`` threads (None: 1, -1: all of Numba's).

    One thread by default: the kernels' results do not depend on it, and on a shared
    machine waking threads every iteration costs more than it gains.
    """

    def __init__(self, n_jobs):
        self.n_jobs = n_jobs

    def __enter__(self):
        import numba

        most = numba.config.NUMBA_NUM_THREADS
        wanted = 1 if self.n_jobs is None else self.n_jobs
        wanted = most + 1 + wanted if wanted < 0 else wanted
        self._previous = numba.get_num_threads()
        numba.set_num_threads(int(min(max(wanted, 1), most)))

    def __exit__(self, *exc):
        import numba

        numba.set_num_threads(self._previous)


def _conditional(distances, perplexity, n_jobs=None):
    from ._t_sne_kernels import binary_search_perplexity

    with _threads(n_jobs):
        return binary_search_perplexity(np.ascontiguousarray(distances, dtype=np.float32),
                                        float(np.float32(perplexity)))


def _joint_probabilities(distances, desired_perplexity, verbose=0, n_jobs=None):
    """Condensed symmetric P (n (n - 1) / 2,) from squared distances (n, n)."""
    P = _conditional(distances, desired_perplexity, n_jobs)
    P = P + P.T
    return np.maximum(squareform(P) / np.maximum(np.sum(P), MACHINE_EPSILON), MACHINE_EPSILON)


def _joint_probabilities_nn(distances, desired_perplexity, verbose=0, n_jobs=None):
    """Sparse symmetric P (CSR) from the sparse squared distances to each row's
    neighbours (the same number per row)."""
    distances.sort_indices()
    n = distances.shape[0]
    conditional = _conditional(distances.data.reshape(n, -1), desired_perplexity, n_jobs)
    P = sp.csr_matrix((conditional.ravel(), distances.indices, distances.indptr), shape=(n, n))
    P = P + P.T
    P /= np.maximum(P.sum(), MACHINE_EPSILON)
    return P


def _kl_divergence(params, P, degrees_of_freedom, n_samples, n_components,
                   compute_error=True):
    """Exact KL(P || Q) and its gradient (n_samples * n_components,)."""
    Y = params.reshape(n_samples, n_components)
    dist = pdist(Y, "sqeuclidean")
    dist /= degrees_of_freedom
    dist += 1.0
    dist **= (degrees_of_freedom + 1.0) / -2.0
    Q = np.maximum(dist / (2.0 * np.sum(dist)), MACHINE_EPSILON)
    kl = 2.0 * np.dot(P, np.log(np.maximum(P, MACHINE_EPSILON) / Q)) if compute_error else np.nan
    PQd = squareform((P - Q) * dist)
    grad = (PQd.sum(axis=1)[:, None] * Y - PQd @ Y).astype(params.dtype, copy=False).ravel()
    grad *= 2.0 * (degrees_of_freedom + 1.0) / degrees_of_freedom
    return kl, grad


def _kl_divergence_bh(params, P, degrees_of_freedom, n_samples, n_components, angle=0.5,
                      compute_error=True, n_jobs=None):
    """Barnes-Hut KL(P || Q) and gradient; ``P``: (values float32, indices, indptr)."""
    from ._t_sne_kernels import bh_gradient, build_tree

    Y = params.astype(np.float32, copy=False).reshape(n_samples, n_components)
    capacity = 4 * n_samples + 16
    while True:
        tree, complete = build_tree(Y, capacity)
        if complete:
            break
        capacity *= 2
    grad = np.zeros(Y.shape, dtype=np.float32)
    values, indices, indptr = P
    with _threads(n_jobs):
        error = bh_gradient(values, Y, indices, indptr, tree, angle, degrees_of_freedom,
                            compute_error, grad)
    grad = grad.ravel()
    grad *= 2.0 * (degrees_of_freedom + 1.0) / degrees_of_freedom
    return error, grad


def _gradient_descent(objective, p0, it, max_iter, n_iter_check=1, n_iter_without_progress=300,
                      momentum=0.8, learning_rate=200.0, min_gain=0.01, min_grad_norm=1e-7,
                      verbose=0, args=(), kwargs=None):
    """Gradient descent with momentum and per-coordinate gains (grow by 0.2 while the
    gradient keeps the update's direction, else shrink by 0.8). Returns the parameters,
    the last error and the last iteration."""
    kwargs = dict(kwargs or {})
    p = p0.copy().ravel()
    update = np.zeros_like(p)
    gains = np.ones_like(p)
    error = best_error = np.finfo(float).max
    best_iter = i = it
    tic = time()
    for i in range(it, max_iter):
        check = (i + 1) % n_iter_check == 0
        kwargs["compute_error"] = check or i == max_iter - 1
        error, grad = objective(p, *args, **kwargs)
        same_direction = update * grad < 0.0
        gains[same_direction] += 0.2
        gains[~same_direction] *= 0.8
        np.clip(gains, min_gain, np.inf, out=gains)
        grad *= gains
        update = momentum * update - learning_rate * grad
        p += update
        if not check:
            continue
        grad_norm = np.linalg.norm(grad)
        if verbose >= 2:
            toc = time()
            print(f"[t-SNE] Iteration {i + 1}: error = {error:.7f}, gradient norm = "
                  f"{grad_norm:.7f} ({n_iter_check} iterations in {toc - tic:0.3f}s)")
            tic = toc
        if error < best_error:
            best_error, best_iter = error, i
        elif i - best_iter > n_iter_without_progress:
            if verbose >= 2:
                print(f"[t-SNE] Iteration {i + 1}: did not make any progress during the last "
                      f"{n_iter_without_progress} episodes. Finished.")
            break
        if grad_norm <= min_grad_norm:
            if verbose >= 2:
                print(f"[t-SNE] Iteration {i + 1}: gradient norm {grad_norm:f}. Finished.")
            break
    return p, error, i


def trustworthiness(X, X_embedded, *, n_neighbors=5, metric="euclidean"):
    """How well the embedding keeps local structure, in [0, 1] (Venna and Kaski 2001):
    ``1 - 2 / (n k (2n - 3k - 1)) * sum_i sum_{j in N_k(i) embedded} max(0, r(i, j) - k)``
    with ``r(i, j)`` the rank of j among i's neighbours in the input space.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), or distances with "precomputed"
    X_embedded : array-like of shape (n_samples, n_components)
    n_neighbors : int, default=5
        Must be below n_samples / 2.
    metric : str or callable, default="euclidean"
        Input-space metric (``pairwise_distances``); the embedding uses euclidean.

    Returns
    -------
    trustworthiness : float

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.RandomState(0).rand(30, 3)
    >>> bool(trustworthiness(X, X[:, :2]) > 0.8)
    True
    """
    validate_parameter_constraints(
        {"n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
         "metric": [str, callable]},
        dict(n_neighbors=n_neighbors, metric=metric), "trustworthiness")
    n = X.shape[0] if hasattr(X, "shape") else len(X)
    if n_neighbors >= n / 2:
        raise ValueError(f"n_neighbors ({n_neighbors}) should be less than n_samples / 2 "
                         f"({n / 2})")
    dist_X = np.array(pairwise_distances(X, metric=metric), dtype=np.float64)
    np.fill_diagonal(dist_X, np.inf)
    ind_X = np.argsort(dist_X, axis=1)
    ind_embedded = NearestNeighbors(n_neighbors=n_neighbors).fit(X_embedded).kneighbors(
        return_distance=False)
    rank = np.zeros((n, n), dtype=int)
    rows = np.arange(n)[:, None]
    rank[rows, ind_X] = np.arange(1, n + 1)
    ranks = rank[rows, ind_embedded] - n_neighbors
    total = np.sum(ranks[ranks > 0])
    return 1.0 - total * (2.0 / (n * n_neighbors * (2.0 * n - 3.0 * n_neighbors - 1.0)))


def _precomputed_neighbours(D, k):
    """Sparse distances from each row to its k nearest others in the precomputed D
    (sparse D: among its stored off-diagonal entries)."""
    n = D.shape[0]
    if sp.issparse(D):
        D = sp.coo_matrix(D)
        off = D.row != D.col
        rows, cols, vals = D.row[off], D.col[off], D.data[off]
        order = np.lexsort((vals, rows))
        counts = np.bincount(rows, minlength=n)
        if counts.min() < k:
            raise ValueError(f"{k} neighbors per samples are required, but some samples have "
                             f"only {counts.min()}.")
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        picks = order[(starts[:, None] + np.arange(k)).ravel()]
        ind, dist = cols[picks], vals[picks]
    else:
        D = np.array(D, dtype=np.float64)
        np.fill_diagonal(D, np.inf)
        ind = np.argsort(D, axis=1, kind="stable")[:, :k]
        dist = np.take_along_axis(D, ind, axis=1)
        ind, dist = ind.ravel(), dist.ravel()
    return sp.csr_matrix((dist.astype(np.float64), ind, np.arange(0, n * k + 1, k)),
                         shape=(n, n))


def _pca_init(X, n_components):
    """The PCA scores of X with each component's largest loading positive (scikit-learn's
    sign rule), as float32, scaled so the first has standard deviation 1e-4."""
    X = X.toarray() if sp.issparse(X) else X
    centred = X - X.mean(axis=0)
    Vt = np.linalg.svd(centred, full_matrices=False)[2][:n_components]
    Vt *= np.sign(Vt[np.arange(Vt.shape[0]), np.argmax(np.abs(Vt), axis=1)])[:, None]
    scores = (centred @ Vt.T).astype(np.float32, copy=False)
    return scores / np.std(scores[:, 0]) * 0.0001


class TSNE(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """t-SNE: an embedding whose Student-t neighbour affinities match the data's Gaussian ones.

    Parameters
    ----------
    n_components : int, default=2
    perplexity : float, default=30.0
        The effective number of neighbours of each point (below n_samples).
    early_exaggeration : float, default=12.0
        The factor on P during the first 250 iterations.
    learning_rate : float or "auto", default="auto"
        "auto": max(n_samples / early_exaggeration / 4, 50).
    max_iter : int, default=1000
        At least 250.
    n_iter_without_progress : int, default=300
    min_grad_norm : float, default=1e-7
    metric : str or callable, default="euclidean"
        A ``NearestNeighbors`` metric, or "precomputed" (X holds distances).
    metric_params : dict, default=None
    init : {"pca", "random"} or ndarray of shape (n_samples, n_components), default="pca"
    verbose : int, default=0
    random_state : int, RandomState instance or None, default=None
        Seeds the random initialisation.
    method : {"barnes_hut", "exact"}, default="barnes_hut"
    angle : float, default=0.5
        Barnes-Hut's opening angle: a cell is one point when width / distance < angle.
    n_jobs : int, default=None
        Threads for the neighbour search, the perplexity search and the Barnes-Hut
        gradient (None: one; -1: all). Results do not depend on it.

    Attributes
    ----------
    embedding_ : ndarray of shape (n_samples, n_components)
    kl_divergence_ : float
    learning_rate_ : float
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.RandomState(0).rand(60, 5)
    >>> TSNE(perplexity=10, random_state=0, max_iter=250).fit_transform(X).shape
    (60, 2)
    """

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 1, None, closed="left")],
        "perplexity": [Interval(numbers.Real, 0, None, closed="neither")],
        "early_exaggeration": [Interval(numbers.Real, 1, None, closed="left")],
        "learning_rate": [StrOptions({"auto"}), Interval(numbers.Real, 0, None, closed="neither")],
        "max_iter": [Interval(numbers.Integral, 250, None, closed="left")],
        "n_iter_without_progress": [Interval(numbers.Integral, -1, None, closed="left")],
        "min_grad_norm": [Interval(numbers.Real, 0, None, closed="left")],
        "metric": [_METRICS, callable],
        "metric_params": [dict, None],
        "init": [StrOptions({"pca", "random"}), np.ndarray],
        "verbose": [Interval(numbers.Integral, 0, None, closed="left"), "boolean"],
        "random_state": ["random_state"],
        "method": [StrOptions({"barnes_hut", "exact"})],
        "angle": [Interval(numbers.Real, 0, 1, closed="both")],
        "n_jobs": [None, numbers.Integral],
    }

    _EXPLORATION_MAX_ITER = 250
    _N_ITER_CHECK = 50

    def __init__(self, n_components=2, *, perplexity=30.0, early_exaggeration=12.0,
                 learning_rate="auto", max_iter=1000, n_iter_without_progress=300,
                 min_grad_norm=1e-7, metric="euclidean", metric_params=None, init="pca",
                 verbose=0, random_state=None, method="barnes_hut", angle=0.5, n_jobs=None):
        self.n_components = n_components
        self.perplexity = perplexity
        self.early_exaggeration = early_exaggeration
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.n_iter_without_progress = n_iter_without_progress
        self.min_grad_norm = min_grad_norm
        self.metric = metric
        self.metric_params = metric_params
        self.init = init
        self.verbose = verbose
        self.random_state = random_state
        self.method = method
        self.angle = angle
        self.n_jobs = n_jobs

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.pairwise = self.metric == "precomputed"
        tags.input_tags.sparse = True
        return tags

    @property
    def _n_features_out(self):
        return self.embedding_.shape[1]

    def _check_input(self, X):
        if self.method == "barnes_hut":
            X = validate_data(self, X, accept_sparse=["csr"], ensure_min_samples=2,
                              dtype=[np.float32, np.float64])
        else:
            X = validate_data(self, X, accept_sparse=["csr", "csc", "coo"],
                              dtype=[np.float32, np.float64])
        if self.metric == "precomputed":
            if isinstance(self.init, str) and self.init == "pca":
                raise ValueError('The parameter init="pca" cannot be used with '
                                 'metric="precomputed".')
            if X.shape[0] != X.shape[1]:
                raise ValueError("X should be a square distance matrix")
            if (X.data if sp.issparse(X) else X).min(initial=0) < 0:
                raise ValueError("Negative values in data passed to TSNE.fit(). With "
                                 "metric='precomputed', X should contain positive distances.")
            if self.method == "exact" and sp.issparse(X):
                raise TypeError('TSNE with method="exact" does not accept sparse precomputed '
                                'distance matrix. Use method="barnes_hut" or provide the dense '
                                "distance matrix.")
        if self.method == "barnes_hut" and self.n_components > 3:
            raise ValueError("'n_components' should be inferior to 4 for the barnes_hut "
                             "algorithm as it relies on quad-tree or oct-tree.")
        return X

    def _affinities(self, X):
        """P: condensed (exact) or sparse CSR (Barnes-Hut)."""
        params = self.metric_params or {}
        if self.method == "exact":
            if self.metric == "precomputed":
                distances = X
            elif self.metric == "euclidean":
                distances = pairwise_distances(X, metric="euclidean", squared=True)
            else:
                distances = pairwise_distances(X, metric=self.metric, **params)
            if np.any(distances < 0):
                raise ValueError("All distances should be positive, the metric given is not "
                                 "correct")
            if self.metric != "euclidean":
                distances = distances ** 2
            return _joint_probabilities(distances, self.perplexity, self.verbose, self.n_jobs)
        n = X.shape[0]
        k = min(n - 1, int(3.0 * self.perplexity + 1))
        if self.metric == "precomputed":
            distances = _precomputed_neighbours(X, k)
        else:
            knn = NearestNeighbors(n_neighbors=k, n_jobs=self.n_jobs, metric=self.metric,
                                   metric_params=self.metric_params).fit(X)
            distances = knn.kneighbors_graph(mode="distance")
        distances.data **= 2
        return _joint_probabilities_nn(distances, self.perplexity, self.verbose, self.n_jobs)

    def _initial(self, X, random_state):
        if isinstance(self.init, np.ndarray):
            return self.init
        if self.init == "pca":
            return _pca_init(X, self.n_components)
        return 0.0001 * random_state.standard_normal(
            size=(X.shape[0], self.n_components)).astype(np.float32)

    def _fit(self, X):
        self._validate_params()
        X = self._check_input(X)
        if self.perplexity >= X.shape[0]:
            raise ValueError(f"perplexity ({self.perplexity}) must be less than n_samples "
                             f"({X.shape[0]})")
        if self.learning_rate == "auto":
            self.learning_rate_ = np.maximum(X.shape[0] / self.early_exaggeration / 4, 50)
        else:
            self.learning_rate_ = self.learning_rate
        random_state = check_random_state(self.random_state)
        P = self._affinities(X)
        Y = self._initial(X, random_state)
        return self._tsne(P, max(self.n_components - 1, 1), X.shape[0], Y)

    def _tsne(self, P, dof, n_samples, Y):
        if self.method == "barnes_hut":
            objective, kwargs = _kl_divergence_bh, {"angle": self.angle, "n_jobs": self.n_jobs}

            def prepared(P):
                return (P.data.astype(np.float32), P.indices.astype(np.int64),
                        P.indptr.astype(np.int64))
        else:
            objective, kwargs = _kl_divergence, {}

            def prepared(P):
                return P
        options = dict(it=0, n_iter_check=self._N_ITER_CHECK, min_grad_norm=self.min_grad_norm,
                       learning_rate=self.learning_rate_, verbose=self.verbose, kwargs=kwargs,
                       n_iter_without_progress=self._EXPLORATION_MAX_ITER,
                       max_iter=self._EXPLORATION_MAX_ITER, momentum=0.5)
        exaggerated = P * self.early_exaggeration
        options["args"] = [prepared(exaggerated), dof, n_samples, self.n_components]
        params, kl, it = _gradient_descent(objective, Y.ravel(), **options)
        if self.verbose:
            print(f"[t-SNE] KL divergence after {it + 1} iterations with early exaggeration: "
                  f"{kl:f}")
        if it < self._EXPLORATION_MAX_ITER or self.max_iter > self._EXPLORATION_MAX_ITER:
            options.update(max_iter=self.max_iter, it=it + 1, momentum=0.8,
                           n_iter_without_progress=self.n_iter_without_progress)
            options["args"] = [prepared(exaggerated / self.early_exaggeration), dof, n_samples,
                               self.n_components]
            params, kl, it = _gradient_descent(objective, params, **options)
        if self.verbose:
            print(f"[t-SNE] KL divergence after {it + 1} iterations: {kl:f}")
        self.n_iter_ = it
        self.kl_divergence_ = kl
        return params.reshape(n_samples, self.n_components)

    def fit_transform(self, X, y=None):
        """Embed X (n_samples, n_features), or distances with ``metric="precomputed"``;
        returns ``embedding_`` (n_samples, n_components)."""
        self.embedding_ = self._fit(X)
        return self.embedding_

    def fit(self, X, y=None):
        """Embed X; ``y`` is ignored. Returns ``self``."""
        self.fit_transform(X)
        return self
