"""``BaseMixture``: the EM loop every mixture model of this package shares.

A mixture is fitted ``n_init`` times from fresh starting responsibilities
(``init_params``), each run alternating an E-step (the log responsibilities of
every sample under the current parameters) and an M-step (the parameters that
maximise the expected log-likelihood, or the variational posterior for the
Bayesian model) until the lower bound changes by less than ``tol`` or
``max_iter`` steps have run. The run with the largest lower bound is kept and
one last E-step makes ``fit_predict(X)`` equal to ``fit(X).predict(X)``.

Subclasses supply the model: ``_check_parameters``, ``_initialize`` (from
starting responsibilities), ``_m_step``, ``_estimate_log_prob``,
``_estimate_log_weights``, ``_compute_lower_bound`` and the
``_get_parameters`` / ``_set_parameters`` pair that saves the best run.

The starting responsibilities use scikit-learn's draws in scikit-learn's
order (``uniform``, ``choice``, or the k-means / k-means++ of
``ember.learn.cluster`` on the same generator), so a fixed ``random_state``
starts, and ends, where scikit-learn's does.
"""

import numbers
import time
import warnings

import numpy as np

from ..base import BaseEstimator
from ..exceptions import ConvergenceWarning
from ..utils import check_random_state, validate_data
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import check_is_fitted

__all__ = ["BaseMixture", "check_shape", "log_normalize"]


def check_shape(param, shape, name):
    """Raise ``ValueError`` unless the array ``param`` has the shape ``shape``."""
    if param.shape != shape:
        raise ValueError(f"The parameter '{name}' should have the shape of {shape}, but got "
                         f"{param.shape}")


def log_normalize(weighted_log_prob):
    """Normalise each row of log-probabilities (n_samples, n_components).

    Returns ``(log_norm, log_resp, resp)``: the row's log-sum-exp, the row minus
    it, and the responsibilities ``exp(log_resp)`` (from the shifted
    exponentials already computed for the sum, so no second ``exp``).
    """
    from ._mixture_kernels import log_normalize_rows

    weighted = np.ascontiguousarray(weighted_log_prob)
    log_norm = np.empty(weighted.shape[0], dtype=weighted.dtype)
    log_resp, resp = np.empty_like(weighted), np.empty_like(weighted)
    log_normalize_rows(weighted, log_norm, log_resp, resp)
    return log_norm, log_resp, resp


class BaseMixture(BaseEstimator):
    """The EM loop, initialisation, prediction and sampling of a mixture model.

    Not used directly: ``GaussianMixture`` and ``BayesianGaussianMixture``
    subclass it.
    """

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 1, None, closed="left")],
        "tol": [Interval(numbers.Real, 0.0, None, closed="left")],
        "reg_covar": [Interval(numbers.Real, 0.0, None, closed="left")],
        "max_iter": [Interval(numbers.Integral, 0, None, closed="left")],
        "n_init": [Interval(numbers.Integral, 1, None, closed="left")],
        "init_params": [StrOptions({"kmeans", "random", "random_from_data", "k-means++"})],
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
        "verbose": [Interval(numbers.Integral, 0, None, closed="left"), "boolean"],
        "verbose_interval": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    _estimator_type = "DensityEstimator"

    def __init__(self, n_components, tol, reg_covar, max_iter, n_init, init_params,
                 random_state, warm_start, verbose, verbose_interval):
        self.n_components = n_components
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose
        self.verbose_interval = verbose_interval

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.estimator_type = "density_estimator"
        return tags

    # -- initialisation --------------------------------------------------------------
    def _starting_resp(self, X, random_state):
        """Starting responsibilities (n_samples, n_components) drawn by ``init_params``."""
        n_samples, n_components = X.shape[0], self.n_components
        resp = np.zeros((n_samples, n_components), dtype=X.dtype)
        if self.init_params == "kmeans":
            from ..cluster import KMeans

            labels = KMeans(n_clusters=n_components, n_init=1,
                            random_state=random_state).fit(X).labels_
            resp[np.arange(n_samples), labels] = 1
        elif self.init_params == "random":
            resp[:] = random_state.uniform(size=(n_samples, n_components))
            resp /= resp.sum(axis=1)[:, None]
        elif self.init_params == "random_from_data":
            rows = random_state.choice(n_samples, size=n_components, replace=False)
            resp[rows, np.arange(n_components)] = 1
        else:  # "k-means++"
            from ..cluster import kmeans_plusplus

            _, rows = kmeans_plusplus(X, n_components, random_state=random_state)
            resp[rows, np.arange(n_components)] = 1
        return resp

    def _initialize_parameters(self, X, random_state):
        """Set the starting parameters (subclasses may skip the responsibilities)."""
        self._initialize(X, self._starting_resp(X, random_state))

    # -- fitting ---------------------------------------------------------------------
    def fit(self, X, y=None):
        """Fit the mixture by EM (``n_init`` runs, the best lower bound kept).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : Ignored

        Returns
        -------
        self : object
            The fitted mixture.
        """
        self.fit_predict(X, y)
        return self

    def fit_predict(self, X, y=None):
        """Fit the mixture as ``fit`` does and return the component of each sample of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : Ignored

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Equal to ``fit(X).predict(X)``.
        """
        self._validate_params()
        X = validate_data(self, X, dtype=[np.float64, np.float32], ensure_min_samples=2)
        if X.shape[0] < self.n_components:
            raise ValueError(f"Expected n_samples >= n_components but got n_components = "
                             f"{self.n_components}, n_samples = {X.shape[0]}")
        self._check_parameters(X)
        do_init = not (self.warm_start and hasattr(self, "converged_"))
        n_init = self.n_init if do_init else 1
        random_state = check_random_state(self.random_state)
        best_bound, best_bounds, best_params, best_n_iter = -np.inf, [], None, 0
        self.converged_ = False
        for init in range(n_init):
            self._print_verbose_msg_init_beg(init)
            if do_init:
                self._initialize_parameters(X, random_state)
            if self.max_iter == 0:
                best_params, best_n_iter = self._get_parameters(), 0
                continue
            bound, bounds, n_iter, converged = self._run_em(
                X, -np.inf if do_init else self.lower_bound_)
            self._print_verbose_msg_init_end(bound, converged)
            if bound > best_bound or best_bound == -np.inf:
                best_bound, best_bounds = bound, bounds
                best_params, best_n_iter = self._get_parameters(), n_iter
                self.converged_ = converged
        if not self.converged_ and self.max_iter > 0:
            warnings.warn("Best performing initialization did not converge. Try different "
                          "init parameters, or increase max_iter, tol, or check for "
                          "degenerate data.", ConvergenceWarning, stacklevel=2)
        self._set_parameters(best_params)
        self.n_iter_ = best_n_iter
        self.lower_bound_ = best_bound
        self.lower_bounds_ = best_bounds
        # the last E-step: the labels of fit_predict(X) are those of fit(X).predict(X)
        _, log_resp, _ = self._e_step(X)
        return log_resp.argmax(axis=1)

    def _run_em(self, X, bound):
        """EM steps from the current parameters: (bound, bounds, n_iter, converged)."""
        bounds, converged, n_iter = [], False, 0
        for n_iter in range(1, self.max_iter + 1):
            previous = bound
            log_prob_norm, log_resp, resp = self._e_step(X)
            self._m_step(X, resp)
            bound = self._compute_lower_bound(log_resp, resp, log_prob_norm)
            bounds.append(bound)
            change = bound - previous
            self._print_verbose_msg_iter_end(n_iter, change)
            if abs(change) < self.tol:
                converged = True
                break
        return bound, bounds, n_iter, converged

    def _e_step(self, X):
        """(mean log p(x), log responsibilities, responsibilities) under the current fit."""
        log_norm, log_resp, resp = log_normalize(self._estimate_weighted_log_prob(X))
        return np.mean(log_norm), log_resp, resp

    def _estimate_weighted_log_prob(self, X):
        """``log p(x | component) + log weight``: (n_samples, n_components)."""
        weighted = self._estimate_log_prob(X)
        weighted += self._estimate_log_weights()
        return weighted

    # -- prediction ------------------------------------------------------------------
    def _weighted_log_prob_of(self, X):
        """``_estimate_weighted_log_prob`` of new data, checked against the fit."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return self._estimate_weighted_log_prob(X)

    def score_samples(self, X):
        """The log-likelihood ``log p(x)`` of each sample of X (n_samples, n_features).

        Returns
        -------
        log_prob : ndarray of shape (n_samples,)
        """
        return log_normalize(self._weighted_log_prob_of(X))[0]

    def score(self, X, y=None):
        """The mean log-likelihood of the samples of X (n_samples, n_features): a float."""
        return float(np.mean(self.score_samples(X)))

    def predict(self, X):
        """The most probable component of each sample of X: (n_samples,) integers."""
        return self._weighted_log_prob_of(X).argmax(axis=1)

    def predict_proba(self, X):
        """The posterior probability of each component for each sample of X.

        Returns
        -------
        resp : ndarray of shape (n_samples, n_components)
        """
        return np.exp(log_normalize(self._weighted_log_prob_of(X))[1])

    def sample(self, n_samples=1):
        """Draw samples from the fitted mixture (the generator seeded by ``random_state``).

        Parameters
        ----------
        n_samples : int, default=1

        Returns
        -------
        X : ndarray of shape (n_samples, n_features)
        y : ndarray of shape (n_samples,)
            The component each sample was drawn from (in increasing order).
        """
        check_is_fitted(self)
        if n_samples < 1:
            raise ValueError(f"Invalid value for 'n_samples': {n_samples} . The sampling "
                             "requires at least one sample.")
        n_features = self.means_.shape[1]
        rng = check_random_state(self.random_state)
        counts = rng.multinomial(n_samples, self.weights_)
        if self.covariance_type == "full":
            parts = [rng.multivariate_normal(mean, cov, int(count))
                     for mean, cov, count in zip(self.means_, self.covariances_, counts)]
        elif self.covariance_type == "tied":
            parts = [rng.multivariate_normal(mean, self.covariances_, int(count))
                     for mean, count in zip(self.means_, counts)]
        else:
            parts = [mean + rng.standard_normal(size=(count, n_features)) * np.sqrt(cov)
                     for mean, cov, count in zip(self.means_, self.covariances_, counts)]
        X = np.vstack(parts).astype(np.float64, copy=False)
        y = np.concatenate([np.full(int(count), k, dtype=np.int64)
                            for k, count in enumerate(counts)])
        return X, y

    # -- verbose output --------------------------------------------------------------
    def _print_verbose_msg_init_beg(self, n_init):
        if self.verbose >= 1:
            print(f"Initialization {n_init}")
        if self.verbose >= 2:
            self._init_prev_time = self._iter_prev_time = time.time()

    def _print_verbose_msg_iter_end(self, n_iter, change):
        if n_iter % self.verbose_interval != 0:
            return
        if self.verbose == 1:
            print(f"  Iteration {n_iter}")
        elif self.verbose >= 2:
            now = time.time()
            print(f"  Iteration {n_iter}\t time lapse {now - self._iter_prev_time:.5f}s\t "
                  f"ll change {change:.5f}")
            self._iter_prev_time = now

    def _print_verbose_msg_init_end(self, bound, converged):
        message = "converged" if converged else "did not converge"
        if self.verbose == 1:
            print(f"Initialization {message}.")
        elif self.verbose >= 2:
            lapse = time.time() - self._init_prev_time
            print(f"Initialization {message}. time lapse {lapse:.5f}s\t lower bound "
                  f"{bound:.5f}.")
