"""``MiniBatchKMeans``: k-means on random mini-batches (Sculley, *Web-scale k-means
clustering*, WWW 2010; HOML ch9).

Each step draws ``batch_size`` samples (with replacement, with probability
proportional to their weights), assigns them to the nearest centres and moves
each centre to the running mean of all the samples it was ever given: its
learning rate is one over its accumulated weight (``counts_``). Every
``10 * n_clusters`` samples, centres whose count fell below
``reassignment_ratio`` times the largest are moved onto random samples of the
batch. Fitting stops after ``max_iter`` passes over the data, when the
centres move less than ``tol`` or when a smoothed batch inertia has not
improved for ``max_no_improvement`` steps. The draws are scikit-learn's, in
its order, so the same ``random_state`` gives scikit-learn's batches.
"""

import numbers

import numpy as np
import scipy.sparse as sp

from ..utils import check_random_state, validate_data
from ..utils._param_validation import Interval
from ..utils.validation import _check_sample_weight
from ._k_means_common import BaseKMeans, _kernels, labels_inertia, row_norms_squared


def _minibatch_update_sparse(X, sample_weight, centers, centers_new, counts, labels):
    """The per-centre running-mean update for a CSR batch."""
    n_clusters = centers.shape[0]
    batch_weight = np.bincount(labels, weights=sample_weight, minlength=n_clusters)
    members = sp.csr_matrix((sample_weight, (labels, np.arange(X.shape[0]))),
                            shape=(n_clusters, X.shape[0]))
    sums = np.asarray((members @ X).toarray(), dtype=centers.dtype)
    hit = batch_weight > 0
    old = centers.copy()
    centers_new[:] = old
    centers_new[hit] = old[hit] * counts[hit, None] + sums[hit]
    counts[hit] += batch_weight[hit].astype(counts.dtype)
    centers_new[hit] *= (1 / counts[hit])[:, None]


def _mini_batch_step(X, sample_weight, centers, centers_new, counts, random_state,
                     random_reassign=False, reassignment_ratio=0.01, verbose=False):
    """Assign the batch, update the centres into ``centers_new`` (may be ``centers``),
    reassign the lightest ones when asked; returns the batch inertia (before the update)."""
    labels, inertia = labels_inertia(X, sample_weight, centers)
    if sp.issparse(X):
        _minibatch_update_sparse(X, sample_weight, centers, centers_new, counts, labels)
    else:
        _kernels().minibatch_update(X, sample_weight, centers, centers_new, counts, labels)
    if random_reassign and reassignment_ratio > 0:
        to_reassign = counts < reassignment_ratio * counts.max()
        if to_reassign.sum() > 0.5 * X.shape[0]:
            to_reassign[np.argsort(counts)[int(0.5 * X.shape[0]):]] = False
        n_reassigns = to_reassign.sum()
        if n_reassigns:
            rows = random_state.choice(X.shape[0], replace=False, size=n_reassigns)
            if verbose:
                print(f"[MiniBatchKMeans] Reassigning {n_reassigns} cluster centers.")
            new = X[rows]
            centers_new[to_reassign] = new.toarray() if sp.issparse(new) else new
        counts[to_reassign] = np.min(counts[~to_reassign])
    return inertia


class MiniBatchKMeans(BaseKMeans):
    """Mini-batch k-means: k-means centres updated from random batches of the samples.

    Parameters
    ----------
    n_clusters : int, default=8
    init : {"k-means++", "random"}, callable or array-like of shape (n_clusters, n_features), \
default="k-means++"
        As ``KMeans``'s, drawn from ``init_size`` random samples.
    max_iter : int, default=100
        Passes over the data (``max_iter * n_samples // batch_size`` steps at most).
    batch_size : int, default=1024
    verbose : int, default=0
    compute_labels : bool, default=True
        Label the training samples (and compute the inertia) once fitted.
    random_state : int, RandomState instance or None, default=None
    tol : float, default=0.0
        Stop when the squared centre change of a step, relative to the mean feature
        variance, is at most this (0: never).
    max_no_improvement : int or None, default=10
        Stop after this many steps without a lower smoothed batch inertia.
    init_size : int, default=None
        Samples drawn for each initialisation (3 * batch_size, at least 3 * n_clusters).
    n_init : "auto" or int, default="auto"
        Initialisations compared on ``init_size`` held samples; "auto": 1 for "k-means++"
        and an array, 3 otherwise.
    reassignment_ratio : float, default=0.01
        A centre whose count is below this fraction of the largest is moved to a sample.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
    labels_ : ndarray of shape (n_samples,)
    inertia_ : float
    n_iter_ : int
        Passes over the data.
    n_steps_ : int
        Mini-batches processed.
    counts_ : ndarray of shape (n_clusters,)
        The accumulated weight of each centre.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 0], [4, 4],
    ...               [4, 5], [0, 1], [2, 2], [3, 2], [5, 5], [1, -1]])
    >>> kmeans = MiniBatchKMeans(n_clusters=2, random_state=0, batch_size=6,
    ...                          max_iter=10).fit(X)
    >>> kmeans.predict([[0, 0], [4, 4]])
    array([1, 0], dtype=int32)
    """

    _parameter_constraints = {
        **BaseKMeans._parameter_constraints,
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "compute_labels": ["boolean"],
        "max_no_improvement": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "init_size": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "reassignment_ratio": [Interval(numbers.Real, 0, None, closed="left")],
    }

    _default_n_init = 3

    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=100, batch_size=1024,
                 verbose=0, compute_labels=True, random_state=None, tol=0.0,
                 max_no_improvement=10, init_size=None, n_init="auto",
                 reassignment_ratio=0.01):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.verbose = verbose
        self.compute_labels = compute_labels
        self.random_state = random_state
        self.tol = tol
        self.max_no_improvement = max_no_improvement
        self.init_size = init_size
        self.n_init = n_init
        self.reassignment_ratio = reassignment_ratio

    @property
    def counts_(self):
        return self._counts

    def _check_params_vs_input(self, X):
        super()._check_params_vs_input(X)
        self._batch_size = min(self.batch_size, X.shape[0])
        size = self.init_size
        if size is None:
            size = 3 * self._batch_size
            if size < self.n_clusters:
                size = 3 * self.n_clusters
        elif size < self.n_clusters:
            import warnings

            warnings.warn(f"init_size={size} should be larger than n_clusters="
                          f"{self.n_clusters}. Setting it to min(3*n_clusters, n_samples)",
                          RuntimeWarning, stacklevel=3)
            size = 3 * self.n_clusters
        self._init_size = min(size, X.shape[0])

    def _converged(self, step, n_steps, n_samples, squared_change, batch_inertia):
        """scikit-learn's stopping rule: centre change within tol, or no better smoothed
        (exponentially weighted) batch inertia for max_no_improvement steps."""
        batch_inertia /= self._batch_size
        step += 1
        if step == 1:
            if self.verbose:
                print(f"Minibatch step {step}/{n_steps}: mean batch inertia: {batch_inertia}")
            return False
        if self._ewa_inertia is None:
            self._ewa_inertia = batch_inertia
        else:
            alpha = min(self._batch_size * 2.0 / (n_samples + 1), 1)
            self._ewa_inertia = self._ewa_inertia * (1 - alpha) + batch_inertia * alpha
        if self.verbose:
            print(f"Minibatch step {step}/{n_steps}: mean batch inertia: {batch_inertia}, "
                  f"ewa inertia: {self._ewa_inertia}")
        if self._tol > 0.0 and squared_change <= self._tol:
            if self.verbose:
                print(f"Converged (small centers change) at step {step}/{n_steps}")
            return True
        if self._ewa_inertia_min is None or self._ewa_inertia < self._ewa_inertia_min:
            self._no_improvement = 0
            self._ewa_inertia_min = self._ewa_inertia
        else:
            self._no_improvement += 1
        if self.max_no_improvement is not None and \
                self._no_improvement >= self.max_no_improvement:
            if self.verbose:
                print(f"Converged (lack of improvement in inertia) at step {step}/{n_steps}")
            return True
        return False

    def _random_reassign(self):
        """Reassign after every 10 * n_clusters samples, or whenever a centre has no count."""
        self._n_since_last_reassign += self._batch_size
        if (self._counts == 0).any() or self._n_since_last_reassign >= 10 * self.n_clusters:
            self._n_since_last_reassign = 0
            return True
        return False

    def _validated(self, X, reset=True):
        return validate_data(self, X, accept_sparse="csr", dtype=[np.float64, np.float32],
                             order="C", accept_large_sparse=False, reset=reset)

    def _best_init(self, X, x_squared_norms, init, random_state, sample_weight):
        """The initial centres of lowest inertia on init_size held-out samples."""
        held = random_state.randint(0, X.shape[0], self._init_size)
        X_held, weight_held = X[held], sample_weight[held]
        best_centers, best_inertia = None, None
        for i in range(self._n_init):
            if self.verbose:
                print(f"Init {i + 1}/{self._n_init} with method {init}")
            centers = self._init_centroids(X, x_squared_norms, init, random_state,
                                           sample_weight, init_size=self._init_size)
            inertia = labels_inertia(X_held, weight_held, centers)[1]
            if self.verbose:
                print(f"Inertia for init {i + 1}/{self._n_init}: {inertia}")
            if best_inertia is None or inertia < best_inertia:
                best_centers, best_inertia = centers, inertia
        return best_centers

    def fit(self, X, y=None, sample_weight=None):
        """Cluster X (n_samples, n_features), dense or CSR, by mini-batches; the weights
        make a sample's chance of being drawn proportional to it. Returns ``self``."""
        self._validate_params()
        X = self._validated(X)
        self._check_params_vs_input(X)
        random_state = check_random_state(self.random_state)
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        n_samples = X.shape[0]
        init = self._checked_init(X)
        centers = self._best_init(X, row_norms_squared(X), init, random_state, sample_weight)
        centers_new = np.empty_like(centers)
        self._counts = np.zeros(self.n_clusters, dtype=X.dtype)
        self._ewa_inertia = self._ewa_inertia_min = None
        self._no_improvement = self._n_since_last_reassign = 0
        total_weight = np.sum(sample_weight)
        n_steps = (self.max_iter * n_samples) // self._batch_size
        probabilities = sample_weight / total_weight
        unit_weight = np.ones(self._batch_size, dtype=X.dtype)
        for i in range(n_steps):
            batch = random_state.choice(n_samples, self._batch_size, p=probabilities,
                                        replace=True)
            batch_inertia = _mini_batch_step(
                X[batch], unit_weight, centers, centers_new, self._counts, random_state,
                self._random_reassign(), self.reassignment_ratio, self.verbose)
            change = np.sum((centers_new - centers) ** 2) if self._tol > 0.0 else 0
            centers, centers_new = centers_new, centers
            if self._converged(i, n_steps, n_samples, change, batch_inertia):
                break
        self.cluster_centers_ = centers
        self._n_features_out = centers.shape[0]
        self.n_steps_ = i + 1
        self.n_iter_ = int(np.ceil((i + 1) * self._batch_size / n_samples))
        if self.compute_labels:
            self.labels_, self.inertia_ = labels_inertia(X, sample_weight, centers)
        else:
            self.inertia_ = self._ewa_inertia * total_weight
        return self

    def partial_fit(self, X, y=None, sample_weight=None):
        """One mini-batch step on X (the first call also initialises the centres from
        X). Returns ``self``."""
        self._validate_params()
        has_centers = hasattr(self, "cluster_centers_")
        X = self._validated(X, reset=not has_centers)
        self._random_state = getattr(self, "_random_state",
                                     check_random_state(self.random_state))
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        self.n_steps_ = getattr(self, "n_steps_", 0)
        if not has_centers:
            self._check_params_vs_input(X)
            init = self._checked_init(X)
            self.cluster_centers_ = self._init_centroids(
                X, row_norms_squared(X), init, self._random_state, sample_weight,
                init_size=self._init_size)
            self._counts = np.zeros(self.n_clusters, dtype=X.dtype)
            self._n_since_last_reassign = 0
        _mini_batch_step(X, sample_weight, self.cluster_centers_, self.cluster_centers_,
                         self._counts, self._random_state, self._random_reassign(),
                         self.reassignment_ratio, self.verbose)
        if self.compute_labels:
            self.labels_, self.inertia_ = labels_inertia(X, sample_weight,
                                                         self.cluster_centers_)
        self.n_steps_ += 1
        self._n_features_out = self.cluster_centers_.shape[0]
        return self
