"""Multidimensional scaling by SMACOF (de Leeuw 1977; Borg and Groenen, *Modern MDS*).

SMACOF minimises the raw stress ``sum_{i<j} (d_ij(X) - dhat_ij)^2`` by
majorisation: each step is the Guttman transform ``X <- B(X) X / n`` with

    B_ij = -dhat_ij / d_ij(X)  (i != j),   B_ii = -sum_{j != i} B_ij,

which never increases the stress. Metric MDS fits the dissimilarities
themselves (``dhat = delta``); non-metric MDS fits their best monotone
transform, refitted each step by isotonic regression of the current distances
on the dissimilarities and rescaled to a fixed sum of squares (a compiled pool
adjacent violators pass, ``_mds_kernels``).

Starts are scikit-learn's: ``random_state.uniform(size=n * n_components)``
per start, one after another (or, with several jobs, one seed per start drawn
with ``randint``), or classical MDS; the best stress wins.
"""

import numbers
import warnings

import numpy as np
from scipy.linalg import eigh

from ..base import BaseEstimator
from ..metrics.pairwise import pairwise_distances
from ..utils import check_array, check_random_state, validate_data
from ..utils._param_validation import Interval, StrOptions, validate_parameter_constraints

__all__ = ["MDS", "smacof"]

_VERBOSE = [Interval(numbers.Integral, 0, None, closed="left"), "boolean"]


def _distances(X):
    """Euclidean distances between the rows of X (the expanded form, diagonal exactly 0)."""
    squared = np.einsum("ij,ij->i", X, X)[:, None]
    D = -2.0 * (X @ X.T)
    D += squared
    D += squared.T
    np.maximum(D, 0, out=D)
    np.fill_diagonal(D, 0)
    return np.sqrt(D, out=D)


def _check_symmetric(D):
    if D.ndim != 2 or D.shape[0] != D.shape[1]:
        raise ValueError(f"array must be 2-dimensional and square. shape = {D.shape}")
    if not np.allclose(D, D.T, atol=1e-10):
        raise ValueError("Array must be symmetric")
    return D


def _disparities(upper, mask, distances, n, monotone):
    """Non-metric step: the dissimilarities (upper triangle, nonzero) or, with
    ``monotone``, the isotonic fit of the distances on them, rescaled to sum of squares
    n (n - 1) / 2 and symmetrised."""
    fitted = upper
    if monotone:
        from ._mds_kernels import isotonic_fit_sorted

        y = distances.ravel()[mask]
        order = np.lexsort((y, upper))
        fitted = np.empty_like(y)
        fitted[order] = isotonic_fit_sorted(upper[order], y[order])
    disparities = np.zeros(n * n)
    disparities[mask] = fitted
    disparities = disparities.reshape(n, n)
    disparities *= np.sqrt(n * (n - 1) / 2 / (disparities ** 2).sum())
    return disparities + disparities.T


def _smacof_single(dissimilarities, metric, n_components, init, max_iter, verbose, eps,
                   random_state, normalized_stress):
    dissimilarities = _check_symmetric(dissimilarities)
    n = dissimilarities.shape[0]
    random_state = check_random_state(random_state)
    flat = ((1 - np.tri(n)) * dissimilarities).ravel()
    mask = flat != 0
    if init is None:
        X = random_state.uniform(size=n * n_components).reshape(n, n_components)
    else:
        if n != init.shape[0]:
            raise ValueError(f"init matrix should be of shape ({n}, {init.shape[1]})")
        X = init
    distances = _distances(X)
    old_stress = None
    for it in range(max_iter):
        if metric:
            disparities = dissimilarities
        else:
            disparities = _disparities(flat[mask], mask, distances, n, monotone=it > 0)
        distances[distances == 0] = 1e-5
        ratio = disparities / distances
        B = -ratio
        B[np.arange(n), np.arange(n)] += ratio.sum(axis=1)
        X = (1.0 / n) * (B @ X)
        distances = _distances(X)
        stress = ((distances.ravel() - disparities.ravel()) ** 2).sum() / 2
        if verbose >= 2:
            print(f"Iteration {it}, stress {stress:.4f}")
        if old_stress is not None:
            if (old_stress - stress) / ((distances.ravel() ** 2).sum() / 2) < eps:
                if verbose:
                    print(f"Convergence criterion reached (iteration {it}).")
                break
        old_stress = stress
    if normalized_stress:
        stress = np.sqrt(stress / ((distances.ravel() ** 2).sum() / 2))
    return X, stress, it + 1


_SMACOF_CONSTRAINTS = {
    "metric": ["boolean"],
    "n_components": [Interval(numbers.Integral, 1, None, closed="left")],
    "init": ["array-like", None],
    "n_init": [Interval(numbers.Integral, 1, None, closed="left")],
    "n_jobs": [numbers.Integral, None],
    "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
    "verbose": _VERBOSE,
    "eps": [Interval(numbers.Real, 0, None, closed="left")],
    "random_state": ["random_state"],
    "return_n_iter": ["boolean"],
    "normalized_stress": ["boolean", StrOptions({"auto"})],
}


def smacof(dissimilarities, *, metric=True, n_components=2, init=None, n_init=1, n_jobs=None,
           max_iter=300, verbose=0, eps=1e-6, random_state=None, return_n_iter=False,
           normalized_stress="auto"):
    """Multidimensional scaling of a dissimilarity matrix by SMACOF.

    Parameters
    ----------
    dissimilarities : array-like of shape (n_samples, n_samples)
        Symmetric dissimilarities.
    metric : bool, default=True
        Metric MDS (else non-metric: only the order of the dissimilarities counts).
    n_components : int, default=2
    init : array-like of shape (n_samples, n_components), default=None
        Starting positions (then one start only); None: random starts.
    n_init : int, default=1
        Random starts; the lowest stress wins.
    n_jobs : int, default=None
        With more than one job, each start gets its own seed (scikit-learn's draws);
        the starts run one after another.
    max_iter : int, default=300
    verbose : int, default=0
    eps : float, default=1e-6
        Stop when the stress decrease relative to the sum of squared distances is below it.
    random_state : int, RandomState instance or None, default=None
    return_n_iter : bool, default=False
    normalized_stress : bool or "auto", default="auto"
        Return Kruskal's stress-1 (``sqrt(stress / (sum d^2 / 2))``); "auto": for
        non-metric MDS.

    Returns
    -------
    X : ndarray of shape (n_samples, n_components)
    stress : float
    n_iter : int
        Only with ``return_n_iter``.

    Examples
    --------
    >>> import numpy as np
    >>> D = np.array([[0.0, 3.0, 4.0], [3.0, 0.0, 5.0], [4.0, 5.0, 0.0]])
    >>> X, stress = smacof(D, random_state=0, eps=1e-12)
    >>> bool(stress < 1e-6)
    True
    """
    params = dict(metric=metric, n_components=n_components, init=init, n_init=n_init,
                  n_jobs=n_jobs, max_iter=max_iter, verbose=verbose, eps=eps,
                  random_state=random_state, return_n_iter=return_n_iter,
                  normalized_stress=normalized_stress)
    validate_parameter_constraints(_SMACOF_CONSTRAINTS, params, "smacof")
    dissimilarities = check_array(dissimilarities)
    random_state = check_random_state(random_state)
    if normalized_stress == "auto":
        normalized_stress = not metric
    if hasattr(init, "__array__"):
        init = np.asarray(init).copy()
        n_components = init.shape[1]
        if n_init != 1:
            warnings.warn("Explicit initial positions passed: performing only one init of the "
                          f"MDS instead of {n_init}", stacklevel=2)
            n_init = 1
    from joblib import effective_n_jobs

    if effective_n_jobs(n_jobs) == 1:
        seeds = [random_state] * n_init  # the starts draw from one generator in turn
    else:
        seeds = random_state.randint(np.iinfo(np.int32).max, size=n_init)
    best = None
    for seed in seeds:
        run = _smacof_single(dissimilarities, metric, n_components, init, max_iter, verbose,
                             eps, seed, normalized_stress)
        if best is None or run[1] < best[1]:
            best = (run[0].copy(), run[1], run[2])
    return best if return_n_iter else best[:2]


def _classical_mds(D, n_components):
    """Classical (Torgerson) MDS: the top eigenvectors of the doubly centred -D^2 / 2,
    scaled by the square roots of their eigenvalues, each column's largest entry positive."""
    B = (D ** 2).astype(np.float64)
    B -= B.mean(axis=0)
    B -= B.mean(axis=1, keepdims=True)
    B *= -0.5
    w, U = eigh(B)
    w, U = w[::-1][:n_components], U[:, ::-1][:, :n_components]
    U = U * np.sign(U[np.argmax(np.abs(U), axis=0), np.arange(U.shape[1])])
    return np.sqrt(w) * U


class MDS(BaseEstimator):
    """Multidimensional scaling: coordinates whose distances match the dissimilarities.

    Parameters
    ----------
    n_components : int, default=2
    metric_mds : bool, default=True
        Metric MDS (else non-metric).
    n_init : int, default=1
        Random starts (``init="random"``).
    init : {"random", "classical_mds"}, default="random"
        Random starts, or one start from classical MDS. Leaving it unset warns, as
        scikit-learn 1.9 does (its default becomes "classical_mds" in 1.10).
    max_iter : int, default=300
    verbose : int, default=0
    eps : float, default=1e-6
    n_jobs : int, default=None
    random_state : int, RandomState instance or None, default=None
    dissimilarity : {"euclidean", "precomputed"}, deprecated
        The old name of ``metric``'s role.
    metric : str or callable, default="euclidean"
        A ``pairwise_distances`` metric, or "precomputed" (X is the dissimilarity
        matrix). A bool is the old meaning of ``metric_mds`` (deprecated).
    metric_params : dict, default=None
    normalized_stress : bool or "auto", default="auto"

    Attributes
    ----------
    embedding_ : ndarray of shape (n_samples, n_components)
    stress_ : float
    dissimilarity_matrix_ : ndarray of shape (n_samples, n_samples)
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.RandomState(0).rand(20, 5)
    >>> MDS(n_components=2, init="random", random_state=0).fit_transform(X).shape
    (20, 2)
    """

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 1, None, closed="left")],
        "metric_mds": ["boolean"],
        "n_init": [Interval(numbers.Integral, 1, None, closed="left"), StrOptions({"warn"})],
        "init": [StrOptions({"random", "classical_mds", "warn"})],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "verbose": _VERBOSE,
        "eps": [Interval(numbers.Real, 0.0, None, closed="left")],
        "n_jobs": [None, numbers.Integral],
        "random_state": ["random_state"],
        "dissimilarity": [StrOptions({"euclidean", "precomputed", "deprecated"})],
        "metric": [str, callable, "boolean"],
        "metric_params": [dict, None],
        "normalized_stress": ["boolean", StrOptions({"auto"})],
    }

    def __init__(self, n_components=2, *, metric_mds=True, n_init=1, init="warn", max_iter=300,
                 verbose=0, eps=1e-6, n_jobs=None, random_state=None, dissimilarity="deprecated",
                 metric="euclidean", metric_params=None, normalized_stress="auto"):
        self.n_components = n_components
        self.metric_mds = metric_mds
        self.n_init = n_init
        self.init = init
        self.max_iter = max_iter
        self.verbose = verbose
        self.eps = eps
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.dissimilarity = dissimilarity
        self.metric = metric
        self.metric_params = metric_params
        self.normalized_stress = normalized_stress

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.pairwise = (self.dissimilarity == "precomputed"
                                    or self.metric == "precomputed")
        return tags

    def _resolve(self):
        """The start, the distance and the metric/non-metric choice of this fit."""
        start = self.init
        if start == "warn":
            warnings.warn("The default value of `init` will change from 'random' to "
                          "'classical_mds' in 1.10. To suppress this warning, provide some "
                          "value of `init`.", FutureWarning, stacklevel=3)
            start = "random"
        distance = self.metric
        if self.dissimilarity != "deprecated":
            if not isinstance(self.metric, bool) and self.metric != "euclidean":
                raise ValueError("You provided both `dissimilarity` and `metric`. Please use "
                                 "only `metric`.")
            warnings.warn("The `dissimilarity` parameter is deprecated and will be removed in "
                          "1.10. Use `metric` instead.", FutureWarning, stacklevel=3)
            distance = self.dissimilarity
        metric_mds = self.metric_mds
        if isinstance(self.metric, bool):
            warnings.warn(f"Use metric_mds={self.metric} instead of metric={self.metric}. The "
                          "support for metric={True/False} will be dropped in 1.10.",
                          FutureWarning, stacklevel=3)
            if self.dissimilarity == "deprecated":
                distance = "euclidean"
            metric_mds = self.metric
        return start, distance, metric_mds

    def fit(self, X, y=None, init=None):
        """Embed X (n_samples, n_features), or the dissimilarities X with
        ``metric="precomputed"``; ``init``: starting positions. Returns ``self``."""
        self.fit_transform(X, init=init)
        return self

    def fit_transform(self, X, y=None, init=None):
        """Fit and return ``embedding_`` (n_samples, n_components)."""
        self._validate_params()
        start, distance, metric_mds = self._resolve()
        X = validate_data(self, X)
        if X.shape[0] == X.shape[1] and distance != "precomputed":
            warnings.warn("The provided input is a square matrix. Note that ``fit`` constructs a "
                          "dissimilarity matrix from data and will treat rows as samples and "
                          "columns as features. To use a pre-computed dissimilarity matrix, set "
                          "``metric='precomputed'``.", stacklevel=2)
        if distance == "precomputed":
            self.dissimilarity_matrix_ = _check_symmetric(X)
        else:
            self.dissimilarity_matrix_ = pairwise_distances(X, metric=distance,
                                                            **(self.metric_params or {}))
        if init is None and start == "classical_mds":
            init = _classical_mds(self.dissimilarity_matrix_, self.n_components)
        self.embedding_, self.stress_, self.n_iter_ = smacof(
            self.dissimilarity_matrix_, metric=metric_mds, n_components=self.n_components,
            init=init, n_init=self.n_init, n_jobs=self.n_jobs, max_iter=self.max_iter,
            verbose=self.verbose, eps=self.eps, random_state=self.random_state,
            return_n_iter=True, normalized_stress=self.normalized_stress)
        return self.embedding_
