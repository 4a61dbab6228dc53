"""``GaussianMixture``: a finite mixture of Gaussians fitted by expectation-maximisation
(Dempster, Laird and Rubin, *Maximum likelihood from incomplete data via the EM
algorithm*, JRSS B 1977; HOML ch9).

The M-step, from responsibilities ``r`` (n_samples, n_components):

    n_k = sum_i r_ik + 10 eps,   mu_k = sum_i r_ik x_i / n_k,
    Sigma_k = sum_i r_ik (x_i - mu_k)(x_i - mu_k)^T / n_k + reg_covar I

("tied" shares one covariance, "diag" keeps the diagonals, "spherical" their
mean). Each component is held by the Cholesky factor ``U_k`` of its precision
(``U_k U_k^T = Sigma_k^-1``, the transposed inverse of Sigma_k's lower factor),
so that the E-step's log-density is

    log N(x | mu_k, Sigma_k) = -(d log 2 pi + ||x U_k - mu_k U_k||^2) / 2 + log det U_k,

with one (n_samples x n_features) product per component and the squared norms
of all components in one compiled pass over the rows. The shared helpers here
also serve ``BayesianGaussianMixture``.
"""

import math

import numpy as np

from ..utils import check_array
from ..utils._param_validation import StrOptions
from ._base import BaseMixture, check_shape

__all__ = ["GaussianMixture"]

COVARIANCE_TYPES = StrOptions({"full", "tied", "diag", "spherical"})

_ILL_DEFINED = ("Fitting the mixture model failed because some components have ill-defined "
                "empirical covariance (for instance caused by singleton or collapsed "
                "samples). Try to decrease the number of components, increase reg_covar, or "
                "scale the input data.")


# -- checks of user-given parameters ------------------------------------------------------
def check_weights(weights, n_components):
    """Validate ``weights_init``: (n_components,), in [0, 1], summing to 1."""
    weights = check_array(weights, dtype=[np.float64, np.float32], ensure_2d=False)
    check_shape(weights, (n_components,), "weights")
    if np.any(weights < 0.0) or np.any(weights > 1.0):
        raise ValueError("The parameter 'weights' should be in the range [0, 1], but got max "
                         f"value {weights.max():.5f}, min value {weights.min():.5f}")
    atol = 1e-6 if weights.dtype == np.float32 else 1e-8
    if not np.allclose(abs(1.0 - float(weights.sum())), 0.0, atol=atol):
        raise ValueError("The parameter 'weights' should be normalized, but got sum(weights) "
                         f"= {weights.sum():.5f}")
    return weights


def check_means(means, n_components, n_features):
    """Validate ``means_init``: (n_components, n_features)."""
    means = check_array(means, dtype=[np.float64, np.float32], ensure_2d=False)
    check_shape(means, (n_components, n_features), "means")
    return means


def check_positive(values, covariance_type):
    """Diagonal or spherical precisions (or priors) must be positive."""
    if np.any(values <= 0.0):
        raise ValueError(f"'{covariance_type} precision' should be positive")


def check_spd(matrix, covariance_type):
    """A precision matrix (or prior) must be symmetric positive-definite."""
    if not (np.allclose(matrix, matrix.T) and np.all(np.linalg.eigvalsh(matrix) > 0.0)):
        raise ValueError(f"'{covariance_type} precision' should be symmetric, "
                         "positive-definite")


def check_precisions(precisions, covariance_type, n_components, n_features):
    """Validate ``precisions_init`` for its covariance type."""
    precisions = check_array(precisions, dtype=[np.float64, np.float32], ensure_2d=False,
                             allow_nd=covariance_type == "full")
    shape = {"full": (n_components, n_features, n_features),
             "tied": (n_features, n_features), "diag": (n_components, n_features),
             "spherical": (n_components,)}[covariance_type]
    check_shape(precisions, shape, f"{covariance_type} precision")
    if covariance_type == "full":
        for matrix in precisions:
            check_spd(matrix, covariance_type)
    elif covariance_type == "tied":
        check_spd(precisions, covariance_type)
    else:
        check_positive(precisions, covariance_type)
    return precisions


# -- the M-step ---------------------------------------------------------------------------
def _covariances_full(resp, X, nk, means, reg_covar):
    n_components, n_features = means.shape
    covariances = np.empty((n_components, n_features, n_features), dtype=X.dtype)
    diff, weighted = np.empty_like(X), np.empty_like(X)
    for k in range(n_components):
        np.subtract(X, means[k], out=diff)
        np.multiply(diff, resp[:, k:k + 1], out=weighted)
        np.matmul(weighted.T, diff, out=covariances[k])
        covariances[k] /= nk[k]
        covariances[k].flat[::n_features + 1] += reg_covar
    return covariances


def _covariances_tied(resp, X, nk, means, reg_covar):
    covariance = X.T @ X - (nk * means.T) @ means
    covariance /= nk.sum()
    covariance.flat[::covariance.shape[0] + 1] += reg_covar
    return covariance


def _covariances_diag(resp, X, nk, means, reg_covar):
    return (resp.T @ (X * X)) / nk[:, None] - means ** 2 + reg_covar


def _covariances_spherical(resp, X, nk, means, reg_covar):
    return _covariances_diag(resp, X, nk, means, reg_covar).mean(axis=1)


_COVARIANCES = {"full": _covariances_full, "tied": _covariances_tied,
                "diag": _covariances_diag, "spherical": _covariances_spherical}


def estimate_gaussian_parameters(X, resp, reg_covar, covariance_type):
    """The weighted counts (n_components,), means (n_components, n_features) and
    covariances (shape by ``covariance_type``) of the components under ``resp``."""
    nk = resp.sum(axis=0) + 10 * np.finfo(resp.dtype).eps
    means = (resp.T @ X) / nk[:, None]
    return nk, means, _COVARIANCES[covariance_type](resp, X, nk, means, reg_covar)


def compute_precision_cholesky(covariances, covariance_type):
    """The Cholesky factors of the precisions (upper: ``U U^T = Sigma^-1``): the transposed
    inverse of each covariance's lower Cholesky factor, or ``Sigma^-1/2`` elementwise."""
    if covariance_type in ("full", "tied"):
        from ._mixture_kernels import precision_cholesky

        stacked = covariances if covariance_type == "full" else covariances[None]
        factors = np.empty_like(stacked)
        if not precision_cholesky(stacked, factors):
            raise ValueError(_ill_defined(covariances.dtype))
        return factors if covariance_type == "full" else factors[0]
    if np.any(covariances <= 0.0):
        raise ValueError(_ill_defined(covariances.dtype))
    return 1.0 / np.sqrt(covariances)


def _ill_defined(dtype):
    if dtype == np.float32:
        return _ILL_DEFINED + (" The numerical accuracy can also be improved by passing "
                               "float64 data instead of float32.")
    return _ILL_DEFINED


def _flipped_cholesky(precision):
    """The upper factor U with ``U U^T = precision``: the lower Cholesky factor of the
    precision with its rows and columns reversed, reversed back."""
    return np.linalg.cholesky(precision[::-1, ::-1])[::-1, ::-1]


def precision_cholesky_from_precisions(precisions, covariance_type):
    """The Cholesky factors ``U`` (``U U^T = precision``) of given precisions."""
    if covariance_type == "full":
        return np.stack([_flipped_cholesky(p) for p in precisions])
    if covariance_type == "tied":
        return _flipped_cholesky(precisions)
    return np.sqrt(precisions)


def precisions_from_cholesky(precisions_chol, covariance_type):
    """``U U^T`` for every factor (``U**2`` for diagonal and spherical ones)."""
    if covariance_type == "full":
        return precisions_chol @ precisions_chol.transpose(0, 2, 1)
    if covariance_type == "tied":
        return precisions_chol @ precisions_chol.T
    return precisions_chol ** 2


def log_det_cholesky(matrix_chol, covariance_type, n_features):
    """``log det`` of each Cholesky factor: (n_components,), a scalar when "tied"."""
    if covariance_type == "full":
        return np.log(np.diagonal(matrix_chol, axis1=1, axis2=2)).sum(axis=1)
    if covariance_type == "tied":
        return np.sum(np.log(np.diag(matrix_chol)))
    if covariance_type == "diag":
        return np.sum(np.log(matrix_chol), axis=1)
    return n_features * np.log(matrix_chol)


def estimate_log_gaussian_prob(X, means, precisions_chol, covariance_type):
    """``log N(x | mu_k, Sigma_k)`` of every sample and component: (n_samples, n_components)."""
    n_samples, n_features = X.shape
    n_components = means.shape[0]
    log_det = log_det_cholesky(precisions_chol, covariance_type, n_features)
    if covariance_type in ("full", "tied"):
        from ._mixture_kernels import gaussian_log_prob

        factors = precisions_chol if covariance_type == "full" else precisions_chol[None]
        y = np.empty((len(factors), n_samples, n_features), dtype=np.result_type(X, factors))
        for k, factor in enumerate(factors):  # products small enough for one BLAS thread
            np.matmul(X, factor, out=y[k])
        shift = np.einsum("kd,kde->ke", means, factors) if covariance_type == "full" else (
            means @ precisions_chol)
        if covariance_type == "tied":
            log_det = np.full(n_components, log_det)
        log_prob = np.empty((n_samples, n_components), dtype=np.result_type(y, shift))
        gaussian_log_prob(y, shift, n_features * math.log(2 * math.pi),
                          np.asarray(log_det, dtype=log_prob.dtype), log_prob)
        return log_prob
    elif covariance_type == "diag":
        precisions = precisions_chol ** 2
        log_prob = (np.sum(means ** 2 * precisions, axis=1) - 2.0 * (X @ (means * precisions).T)
                    + (X ** 2 @ precisions.T))
    else:
        precisions = precisions_chol ** 2
        squared_norms = np.einsum("ij,ij->i", X, X)
        log_prob = (np.sum(means ** 2, axis=1) * precisions - 2 * (X @ means.T * precisions)
                    + np.outer(squared_norms, precisions))
    log_prob += n_features * math.log(2 * math.pi)
    log_prob *= -0.5
    log_prob += log_det
    return log_prob


class GaussianMixture(BaseMixture):
    """A mixture of Gaussians fitted by expectation-maximisation.

    Parameters
    ----------
    n_components : int, default=1
        The number of mixture components.
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
        "full": a covariance matrix per component; "tied": one matrix shared by all;
        "diag": a diagonal matrix per component; "spherical": one variance per
        component.
    tol : float, default=1e-3
        EM stops when the mean log-likelihood gains less than this.
    reg_covar : float, default=1e-6
        Added to the diagonal of each covariance, to keep it positive-definite.
    max_iter : int, default=100
        The most EM iterations per initialisation.
    n_init : int, default=1
        Initialisations to run; the one with the largest likelihood is kept.
    init_params : {"kmeans", "k-means++", "random", "random_from_data"}, default="kmeans"
        The starting responsibilities: a k-means clustering, the k-means++ seeds, random
        responsibilities, or random samples as the initial means.
    weights_init : array-like of shape (n_components,), default=None
        Initial weights (otherwise from ``init_params``).
    means_init : array-like of shape (n_components, n_features), default=None
        Initial means (otherwise from ``init_params``).
    precisions_init : array-like, default=None
        Initial precisions (inverse covariances), shaped as ``precisions_``.
    random_state : int, RandomState instance or None, default=None
        Seeds the initialisation and ``sample``.
    warm_start : bool, default=False
        Start each ``fit`` from the previous solution (then ``n_init`` is 1).
    verbose : int, default=0
        1 prints each initialisation and iteration; 2 also times and lower-bound changes.
    verbose_interval : int, default=10
        Iterations between printed lines.

    Attributes
    ----------
    weights_ : ndarray of shape (n_components,)
    means_ : ndarray of shape (n_components, n_features)
    covariances_ : ndarray
        (n_components, n_features, n_features) if "full", (n_features, n_features) if
        "tied", (n_components, n_features) if "diag", (n_components,) if "spherical".
    precisions_ : ndarray
        The inverse covariances, shaped as ``covariances_``.
    precisions_cholesky_ : ndarray
        Upper Cholesky factors ``U`` of the precisions (``U U^T``), shaped as
        ``covariances_``.
    converged_ : bool
        Whether the best initialisation converged.
    n_iter_ : int
        EM iterations of the best initialisation.
    lower_bound_ : float
        The mean log-likelihood of the training data at the best fit.
    lower_bounds_ : list of float
        The lower bound after each iteration of the best initialisation.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> gm = GaussianMixture(n_components=2, init_params="random_from_data",
    ...                      random_state=0).fit(X)
    >>> np.round(gm.means_, 6)
    array([[10.,  2.],
           [ 1.,  2.]])
    >>> gm.predict([[0, 0], [12, 3]])
    array([1, 0])
    """

    _parameter_constraints = {
        **BaseMixture._parameter_constraints,
        "covariance_type": [COVARIANCE_TYPES],
        "weights_init": ["array-like", None],
        "means_init": ["array-like", None],
        "precisions_init": ["array-like", None],
    }

    def __init__(self, n_components=1, *, covariance_type="full", tol=1e-3, reg_covar=1e-6,
                 max_iter=100, n_init=1, init_params="kmeans", weights_init=None,
                 means_init=None, precisions_init=None, random_state=None, warm_start=False,
                 verbose=0, verbose_interval=10):
        super().__init__(n_components=n_components, tol=tol, reg_covar=reg_covar,
                         max_iter=max_iter, n_init=n_init, init_params=init_params,
                         random_state=random_state, warm_start=warm_start, verbose=verbose,
                         verbose_interval=verbose_interval)
        self.covariance_type = covariance_type
        self.weights_init = weights_init
        self.means_init = means_init
        self.precisions_init = precisions_init

    def _check_parameters(self, X):
        n_features = X.shape[1]
        self._weights_init = (None if self.weights_init is None
                              else check_weights(self.weights_init, self.n_components))
        self._means_init = (None if self.means_init is None
                            else check_means(self.means_init, self.n_components, n_features))
        self._precisions_init = (None if self.precisions_init is None else check_precisions(
            self.precisions_init, self.covariance_type, self.n_components, n_features))

    def _initialize_parameters(self, X, random_state):
        if (self._weights_init is None or self._means_init is None
                or self._precisions_init is None):
            self._initialize(X, self._starting_resp(X, random_state))
        else:
            self._initialize(X, None)

    def _initialize(self, X, resp):
        weights = means = covariances = None
        if resp is not None:
            weights, means, covariances = estimate_gaussian_parameters(
                X, resp, self.reg_covar, self.covariance_type)
            weights /= X.shape[0]
        self.weights_ = np.asarray(weights if self._weights_init is None
                                   else self._weights_init)
        self.means_ = means if self._means_init is None else self._means_init
        if self._precisions_init is None:
            self.covariances_ = covariances
            self.precisions_cholesky_ = compute_precision_cholesky(covariances,
                                                                   self.covariance_type)
        else:
            self.precisions_cholesky_ = precision_cholesky_from_precisions(
                self._precisions_init, self.covariance_type)
            self.covariances_ = _inverse(self._precisions_init, self.covariance_type)

    def _m_step(self, X, resp):
        self.weights_, self.means_, self.covariances_ = estimate_gaussian_parameters(
            X, resp, self.reg_covar, self.covariance_type)
        self.weights_ /= self.weights_.sum()
        self.precisions_cholesky_ = compute_precision_cholesky(self.covariances_,
                                                               self.covariance_type)

    def _estimate_log_prob(self, X):
        return estimate_log_gaussian_prob(X, self.means_, self.precisions_cholesky_,
                                          self.covariance_type)

    def _estimate_log_weights(self):
        return np.log(self.weights_)

    def _compute_lower_bound(self, log_resp, resp, log_prob_norm):
        return log_prob_norm

    def _get_parameters(self):
        return self.weights_, self.means_, self.covariances_, self.precisions_cholesky_

    def _set_parameters(self, params):
        self.weights_, self.means_, self.covariances_, self.precisions_cholesky_ = params
        self.precisions_ = precisions_from_cholesky(self.precisions_cholesky_,
                                                    self.covariance_type)

    def _n_parameters(self):
        """The number of free parameters of the fitted model."""
        n_features, k = self.means_.shape[1], self.n_components
        covariance = {"full": k * n_features * (n_features + 1) / 2.0,
                      "diag": k * n_features, "tied": n_features * (n_features + 1) / 2.0,
                      "spherical": k}[self.covariance_type]
        return int(covariance + n_features * k + k - 1)

    def bic(self, X):
        """Bayesian information criterion on X (n_samples, n_features): lower is better.

        ``-2 log L + n_parameters log n_samples``.
        """
        return -2 * self.score(X) * X.shape[0] + self._n_parameters() * math.log(X.shape[0])

    def aic(self, X):
        """Akaike information criterion on X (n_samples, n_features): lower is better.

        ``-2 log L + 2 n_parameters``.
        """
        return -2 * self.score(X) * X.shape[0] + 2 * self._n_parameters()


def _inverse(precisions, covariance_type):
    """Covariances from given precisions (only for a fit with ``max_iter=0``)."""
    if covariance_type in ("full", "tied"):
        return np.linalg.inv(precisions)
    return 1.0 / precisions

