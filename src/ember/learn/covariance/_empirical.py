"""``EmpiricalCovariance`` and ``empirical_covariance``: the maximum-likelihood covariance.

The estimate is the biased sample covariance ``(X - mean)^T (X - mean) / n``
(``X^T X / n`` with ``assume_centered``); its precision is the pseudo-inverse
of a symmetric matrix (``scipy.linalg.pinvh``), so a singular covariance still
has one. The squared Mahalanobis distance of ``x`` is
``(x - location)^T precision (x - location)``, and ``score`` is the Gaussian
log-likelihood of test data under the fitted model.
"""

import warnings

import numpy as np
from scipy import linalg

from ..base import BaseEstimator
from ..utils import check_array, check_is_fitted, validate_data
from ..utils._param_validation import validate_parameter_constraints

__all__ = ["EmpiricalCovariance", "empirical_covariance"]


def empirical_covariance(X, *, assume_centered=False):
    """The maximum-likelihood covariance of the rows of X.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features) or (n_features,)
        The data; a 1-D array is one sample.
    assume_centered : bool, default=False
        True: the mean is taken as zero (``X^T X / n``).

    Returns
    -------
    covariance : ndarray of shape (n_features, n_features)

    Examples
    --------
    >>> empirical_covariance([[0.0, 0.0], [2.0, 2.0]])
    array([[1., 1.],
           [1., 1.]])
    """
    validate_parameter_constraints({"assume_centered": ["boolean"]},
                                   {"assume_centered": assume_centered}, "empirical_covariance")
    X = check_array(X, ensure_2d=False, ensure_all_finite=False, input_name="X")
    if X.ndim == 1:
        X = X.reshape(1, -1)
    if X.shape[0] == 1:
        warnings.warn("Only one sample available. You may want to reshape your data array",
                      stacklevel=2)
    if assume_centered:
        covariance = X.T @ X / X.shape[0]
    else:
        covariance = np.cov(X, rowvar=False, bias=True)
    return np.atleast_2d(covariance)


def log_likelihood(emp_cov, precision):
    """Gaussian log-likelihood of data with covariance ``emp_cov`` under ``precision``
    (the mean log-density per sample)."""
    n_features = precision.shape[0]
    sign, logdet = np.linalg.slogdet(precision)
    logdet = logdet if sign > 0 else -np.inf
    return (-np.sum(emp_cov * precision) + logdet - n_features * np.log(2 * np.pi)) / 2.0


def squared_mahalanobis(X, location, precision):
    """``(x - location)^T precision (x - location)`` for every row x of X: (n_samples,)."""
    centered = X - location
    return np.sum((centered @ precision) * centered, axis=1)


class EmpiricalCovariance(BaseEstimator):
    """Maximum-likelihood covariance estimator.

    Parameters
    ----------
    store_precision : bool, default=True
        Keep the precision (the pseudo-inverse of the covariance) as ``precision_``.
    assume_centered : bool, default=False
        True: the data are taken to have mean zero (``location_`` is zero).

    Attributes
    ----------
    location_ : ndarray of shape (n_features,)
        The estimated mean.
    covariance_ : ndarray of shape (n_features, n_features)
        The estimated covariance.
    precision_ : ndarray of shape (n_features, n_features) or None
        Its pseudo-inverse (None unless ``store_precision``).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.RandomState(0).multivariate_normal([0, 0], [[0.8, 0.3], [0.3, 0.4]], 500)
    >>> EmpiricalCovariance().fit(X).covariance_.round(2)
    array([[0.76, 0.28],
           [0.28, 0.39]])
    """

    _parameter_constraints = {
        "store_precision": ["boolean"],
        "assume_centered": ["boolean"],
    }

    def __init__(self, *, store_precision=True, assume_centered=False):
        self.store_precision = store_precision
        self.assume_centered = assume_centered

    def _set_covariance(self, covariance):
        """Store ``covariance_`` and, with ``store_precision``, its pseudo-inverse."""
        self.covariance_ = check_array(covariance)
        self.precision_ = (linalg.pinvh(self.covariance_, check_finite=False)
                           if self.store_precision else None)

    def get_precision(self):
        """The precision matrix (n_features, n_features): the stored one, or computed."""
        if self.store_precision:
            return self.precision_
        return linalg.pinvh(self.covariance_, check_finite=False)

    def fit(self, X, y=None):
        """Estimate the mean and covariance of X (n_samples, n_features); ``y`` is ignored.
        Returns ``self``."""
        self._validate_params()
        X = validate_data(self, X)
        self.location_ = np.zeros(X.shape[1]) if self.assume_centered else X.mean(axis=0)
        self._set_covariance(empirical_covariance(X, assume_centered=self.assume_centered))
        return self

    def score(self, X_test, y=None):
        """Mean Gaussian log-likelihood of X_test (n_samples, n_features) under the fitted
        location and covariance."""
        check_is_fitted(self)
        X_test = validate_data(self, X_test, reset=False)
        test_covariance = empirical_covariance(X_test - self.location_, assume_centered=True)
        return log_likelihood(test_covariance, self.get_precision())

    def error_norm(self, comp_cov, norm="frobenius", scaling=True, squared=True):
        """Distance between ``comp_cov`` (n_features, n_features) and ``covariance_``.

        ``norm``: ``"frobenius"`` (sum of squared entries) or ``"spectral"`` (the
        largest eigenvalue of ``E^T E``, E the difference); ``scaling`` divides the
        squared norm by n_features; ``squared=False`` returns its square root.
        """
        check_is_fitted(self)
        error = comp_cov - self.covariance_
        if norm == "frobenius":
            squared_norm = np.sum(error ** 2)
        elif norm == "spectral":
            squared_norm = np.amax(linalg.svdvals(error.T @ error))
        else:
            raise ValueError(f"norm must be 'frobenius' or 'spectral'; got norm={norm!r}")
        if scaling:
            squared_norm = squared_norm / error.shape[0]
        return squared_norm if squared else np.sqrt(squared_norm)

    def mahalanobis(self, X):
        """Squared Mahalanobis distances of the rows of X (n_samples, n_features) to
        ``location_`` under the fitted precision: (n_samples,)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return squared_mahalanobis(X, self.location_, self.get_precision())
