"""``BayesianGaussianMixture``: a Gaussian mixture fitted by variational inference
(Bishop, *Pattern Recognition and Machine Learning*, 2006, sec. 10.2; Blei and
Jordan, *Variational inference for Dirichlet process mixtures*, 2006; HOML ch9).

The weights get a Dirichlet prior ("dirichlet_distribution") or a truncated
stick-breaking Dirichlet process ("dirichlet_process", the default), each mean
a Gaussian prior around ``mean_prior`` with precision ``mean_precision_prior``
times the component's precision, and each precision a Wishart prior with
``degrees_of_freedom_prior`` degrees of freedom and scale
``covariance_prior^-1``. The posterior factorises into the same families; each
M-step sets their parameters from the responsibilities' statistics
(``n_k``, ``x_k``, ``S_k`` of ``GaussianMixture``'s M-step) and the lower
bound is the evidence lower bound up to a constant. Components the data do
not need end with weights near zero, so ``n_components`` is an upper bound.
"""

import math
import numbers

import numpy as np
from scipy.special import betaln, digamma, gammaln

from ..utils import check_array
from ..utils._param_validation import Interval, StrOptions
from ._base import BaseMixture, check_shape
from ._gaussian_mixture import (
    COVARIANCE_TYPES,
    check_positive,
    check_spd,
    compute_precision_cholesky,
    estimate_gaussian_parameters,
    estimate_log_gaussian_prob,
    log_det_cholesky,
    precisions_from_cholesky,
)

__all__ = ["BayesianGaussianMixture"]

_POSITIVE = Interval(numbers.Real, 0.0, None, closed="neither")


def _log_dirichlet_norm(concentration):
    """Log of the Dirichlet distribution's normalising constant."""
    return gammaln(np.sum(concentration)) - np.sum(gammaln(concentration))


def _log_wishart_norm(degrees_of_freedom, log_det_precisions_chol, n_features):
    """Log of the Wishart distribution's normalising constant, per component."""
    return -(degrees_of_freedom * log_det_precisions_chol
             + degrees_of_freedom * n_features * 0.5 * math.log(2.0)
             + np.sum(gammaln(0.5 * (degrees_of_freedom - np.arange(n_features)[:, None])), 0))


class BayesianGaussianMixture(BaseMixture):
    """A Gaussian mixture fitted by variational inference, with priors on its parameters.

    Parameters
    ----------
    n_components : int, default=1
        The most components; unneeded ones get weights near zero.
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
        As ``GaussianMixture``'s.
    tol : float, default=1e-3
        Inference stops when the lower bound gains less than this.
    reg_covar : float, default=1e-6
        Added to the diagonal of each covariance.
    max_iter : int, default=100
        The most iterations per initialisation.
    n_init : int, default=1
        Initialisations to run; the one with the largest lower bound is kept.
    init_params : {"kmeans", "k-means++", "random", "random_from_data"}, default="kmeans"
        The starting responsibilities (see ``GaussianMixture``).
    weight_concentration_prior_type : {"dirichlet_process", "dirichlet_distribution"}, \
default="dirichlet_process"
        The prior on the weights: a stick-breaking Dirichlet process or a Dirichlet
        distribution.
    weight_concentration_prior : float or None, default=None
        The concentration of the weight prior (gamma); None: ``1 / n_components``.
        Larger values keep more components active.
    mean_precision_prior : float or None, default=None
        The precision of the mean prior (beta_0); None: 1.
    mean_prior : array-like of shape (n_features,), default=None
        The mean prior (m_0); None: the mean of X.
    degrees_of_freedom_prior : float or None, default=None
        The Wishart prior's degrees of freedom (nu_0, above n_features - 1);
        None: n_features.
    covariance_prior : float or array-like, default=None
        The covariance prior (W_0^-1): (n_features, n_features) for "full" and "tied",
        (n_features,) for "diag", a float for "spherical"; None: the covariance of X.
    random_state : int, RandomState instance or None, default=None
        Seeds the initialisation and ``sample``.
    warm_start : bool, default=False
        Start each ``fit`` from the previous solution.
    verbose : int, default=0
    verbose_interval : int, default=10

    Attributes
    ----------
    weights_ : ndarray of shape (n_components,)
        The expected weights under the posterior.
    means_ : ndarray of shape (n_components, n_features)
    covariances_, precisions_, precisions_cholesky_ : ndarray
        Shaped as ``GaussianMixture``'s (``covariances_`` is the posterior Wishart
        scale over its degrees of freedom).
    converged_ : bool
    n_iter_ : int
    lower_bound_ : float
        The lower bound on the evidence at the best fit.
    lower_bounds_ : list of float
    weight_concentration_prior_ : float
    weight_concentration_ : ndarray of shape (n_components,) or tuple of two
        The posterior Dirichlet concentrations, or the Beta parameters of the sticks
        for the Dirichlet process.
    mean_precision_prior_ : float
    mean_precision_ : ndarray of shape (n_components,)
    mean_prior_ : ndarray of shape (n_features,)
    degrees_of_freedom_prior_ : float
    degrees_of_freedom_ : ndarray of shape (n_components,) (a float for "tied")
    covariance_prior_ : float or ndarray
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (100, 2)), rng.normal(8, 1, (100, 2))])
    >>> bgm = BayesianGaussianMixture(n_components=4, init_params="random_from_data",
    ...                               max_iter=500, random_state=0).fit(X)
    >>> np.round(bgm.weights_, 2)  # two blobs: two components carry the weight
    array([0.5 , 0.01, 0.49, 0.  ])
    >>> bgm.predict([[0, 0], [8, 8]])
    array([0, 2])
    """

    _parameter_constraints = {
        **BaseMixture._parameter_constraints,
        "covariance_type": [COVARIANCE_TYPES],
        "weight_concentration_prior_type": [
            StrOptions({"dirichlet_process", "dirichlet_distribution"})],
        "weight_concentration_prior": [None, _POSITIVE],
        "mean_precision_prior": [None, _POSITIVE],
        "mean_prior": [None, "array-like"],
        "degrees_of_freedom_prior": [None, _POSITIVE],
        "covariance_prior": [None, "array-like", _POSITIVE],
    }

    def __init__(self, *, n_components=1, covariance_type="full", tol=1e-3, reg_covar=1e-6,
                 max_iter=100, n_init=1, init_params="kmeans",
                 weight_concentration_prior_type="dirichlet_process",
                 weight_concentration_prior=None, mean_precision_prior=None, mean_prior=None,
                 degrees_of_freedom_prior=None, covariance_prior=None, random_state=None,
                 warm_start=False, verbose=0, verbose_interval=10):
        super().__init__(n_components=n_components, tol=tol, reg_covar=reg_covar,
                         max_iter=max_iter, n_init=n_init, init_params=init_params,
                         random_state=random_state, warm_start=warm_start, verbose=verbose,
                         verbose_interval=verbose_interval)
        self.covariance_type = covariance_type
        self.weight_concentration_prior_type = weight_concentration_prior_type
        self.weight_concentration_prior = weight_concentration_prior
        self.mean_precision_prior = mean_precision_prior
        self.mean_prior = mean_prior
        self.degrees_of_freedom_prior = degrees_of_freedom_prior
        self.covariance_prior = covariance_prior

    # -- priors ------------------------------------------------------------------------
    def _check_parameters(self, X):
        n_features = X.shape[1]
        self.weight_concentration_prior_ = (1.0 / self.n_components
                                            if self.weight_concentration_prior is None
                                            else self.weight_concentration_prior)
        self.mean_precision_prior_ = (1.0 if self.mean_precision_prior is None
                                      else self.mean_precision_prior)
        if self.mean_prior is None:
            self.mean_prior_ = X.mean(axis=0)
        else:
            self.mean_prior_ = check_array(self.mean_prior, dtype=[np.float64, np.float32],
                                           ensure_2d=False)
            check_shape(self.mean_prior_, (n_features,), "means")
        if self.degrees_of_freedom_prior is None:
            self.degrees_of_freedom_prior_ = n_features
        elif self.degrees_of_freedom_prior > n_features - 1.0:
            self.degrees_of_freedom_prior_ = self.degrees_of_freedom_prior
        else:
            raise ValueError("The parameter 'degrees_of_freedom_prior' should be greater than "
                             f"{n_features - 1}, but got {self.degrees_of_freedom_prior:.3f}.")
        self.covariance_prior_ = self._covariance_prior(X)

    def _covariance_prior(self, X):
        n_features, kind = X.shape[1], self.covariance_type
        if self.covariance_prior is None:
            if kind in ("full", "tied"):
                return np.atleast_2d(np.cov(X.T))
            variances = np.var(X, axis=0, ddof=1)
            return variances if kind == "diag" else variances.mean()
        if kind == "spherical":
            return self.covariance_prior
        prior = check_array(self.covariance_prior, dtype=[np.float64, np.float32],
                            ensure_2d=False)
        if kind == "diag":
            check_shape(prior, (n_features,), f"{kind} covariance_prior")
            check_positive(prior, kind)
        else:
            check_shape(prior, (n_features, n_features), f"{kind} covariance_prior")
            check_spd(prior, kind)
        return prior

    # -- variational updates -------------------------------------------------------------
    def _initialize(self, X, resp):
        self._m_step(X, resp)

    def _m_step(self, X, resp):
        nk, xk, sk = estimate_gaussian_parameters(X, resp, self.reg_covar,
                                                  self.covariance_type)
        self._estimate_weights(nk)
        self._estimate_means(nk, xk)
        self._estimate_precisions(nk, xk, sk)

    def _estimate_weights(self, nk):
        prior = self.weight_concentration_prior_
        if self.weight_concentration_prior_type == "dirichlet_process":
            # Beta(1 + n_k, prior + the counts of the later components) per stick
            later = np.hstack((np.cumsum(nk[::-1])[-2::-1], 0))
            self.weight_concentration_ = (1.0 + nk, prior + later)
        else:
            self.weight_concentration_ = prior + nk

    def _estimate_means(self, nk, xk):
        self.mean_precision_ = self.mean_precision_prior_ + nk
        self.means_ = ((self.mean_precision_prior_ * self.mean_prior_ + nk[:, None] * xk)
                       / self.mean_precision_[:, None])

    def _estimate_precisions(self, nk, xk, sk):
        """The posterior Wishart of each precision: ``degrees_of_freedom_`` and
        ``covariances_`` (its inverse scale over its degrees of freedom)."""
        kind, beta0 = self.covariance_type, self.mean_precision_prior_
        diff = xk - self.mean_prior_
        if kind == "tied":
            n_components = self.n_components
            self.degrees_of_freedom_ = self.degrees_of_freedom_prior_ + nk.sum() / n_components
            self.covariances_ = (self.covariance_prior_ + sk * nk.sum() / n_components
                                 + beta0 / n_components
                                 * np.dot(nk / self.mean_precision_ * diff.T, diff))
            self.covariances_ /= self.degrees_of_freedom_
        else:
            self.degrees_of_freedom_ = self.degrees_of_freedom_prior_ + nk
            shrink = beta0 / self.mean_precision_
            if kind == "full":
                outer = diff[:, :, None] * diff[:, None, :]
                self.covariances_ = (self.covariance_prior_ + nk[:, None, None] * sk
                                     + (nk * beta0 / self.mean_precision_)[:, None, None]
                                     * outer)
                self.covariances_ /= self.degrees_of_freedom_[:, None, None]
            elif kind == "diag":
                self.covariances_ = self.covariance_prior_ + nk[:, None] * (
                    sk + shrink[:, None] * np.square(diff))
                self.covariances_ /= self.degrees_of_freedom_[:, None]
            else:
                self.covariances_ = self.covariance_prior_ + nk * (
                    sk + shrink * np.mean(np.square(diff), 1))
                self.covariances_ /= self.degrees_of_freedom_
        self.precisions_cholesky_ = compute_precision_cholesky(self.covariances_, kind)

    # -- expectations ---------------------------------------------------------------------
    def _estimate_log_weights(self):
        """``E[log pi_k]`` under the posterior of the weights."""
        if self.weight_concentration_prior_type == "dirichlet_process":
            a, b = self.weight_concentration_
            digamma_sum = digamma(a + b)
            sticks_left = np.cumsum(digamma(b) - digamma_sum)[:-1]
            return digamma(a) - digamma_sum + np.hstack((0, sticks_left))
        return digamma(self.weight_concentration_) - digamma(
            np.sum(self.weight_concentration_))

    def _estimate_log_prob(self, X):
        """``E[log N(x | mu_k, Lambda_k^-1)]`` up to the weights: (n_samples, n_components)."""
        n_features = X.shape[1]
        dof = self.degrees_of_freedom_
        log_gauss = (estimate_log_gaussian_prob(X, self.means_, self.precisions_cholesky_,
                                                self.covariance_type)
                     - 0.5 * n_features * np.log(dof))
        log_lambda = n_features * np.log(2.0) + np.sum(
            digamma(0.5 * (dof - np.arange(0, n_features)[:, None])), 0)
        return log_gauss + 0.5 * (log_lambda - n_features / self.mean_precision_)

    def _compute_lower_bound(self, log_resp, resp, log_prob_norm):
        """The evidence lower bound, up to a constant that does not change during fit."""
        n_features = self.mean_prior_.shape[0]
        dof = self.degrees_of_freedom_
        log_det = (log_det_cholesky(self.precisions_cholesky_, self.covariance_type,
                                    n_features) - 0.5 * n_features * np.log(dof))
        if self.covariance_type == "tied":
            log_wishart = self.n_components * float(
                np.sum(_log_wishart_norm(dof, log_det, n_features)))
        else:
            log_wishart = np.sum(_log_wishart_norm(dof, log_det, n_features))
        if self.weight_concentration_prior_type == "dirichlet_process":
            log_norm_weight = -np.sum(betaln(*self.weight_concentration_))
        else:
            log_norm_weight = _log_dirichlet_norm(self.weight_concentration_)
        return (-np.sum(resp * log_resp) - log_wishart - log_norm_weight
                - 0.5 * n_features * np.sum(np.log(self.mean_precision_)))

    # -- the best run --------------------------------------------------------------------
    def _get_parameters(self):
        return (self.weight_concentration_, self.mean_precision_, self.means_,
                self.degrees_of_freedom_, self.covariances_, self.precisions_cholesky_)

    def _set_parameters(self, params):
        (self.weight_concentration_, self.mean_precision_, self.means_,
         self.degrees_of_freedom_, self.covariances_, self.precisions_cholesky_) = params
        if self.weight_concentration_prior_type == "dirichlet_process":
            a, b = self.weight_concentration_
            # E[pi_k] = E[v_k] prod_{j<k} E[1 - v_j]
            weights = a / (a + b) * np.hstack((1, np.cumprod((b / (a + b))[:-1])))
            self.weights_ = weights / np.sum(weights)
        else:
            self.weights_ = self.weight_concentration_ / np.sum(self.weight_concentration_)
        self.precisions_ = precisions_from_cholesky(self.precisions_cholesky_,
                                                    self.covariance_type)
