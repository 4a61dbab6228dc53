"""What the kernel SVMs share: parameters, input checks, kernels at predict time, attributes.

SVC, SVR and OneClassSVM solve LIBSVM's dual problems with the compiled SMO
solver and store LIBSVM's model: support vector indices ``support_``, the
vectors ``support_vectors_``, their coefficients ``dual_coef_`` and the
offsets ``intercept_`` (= -rho of each sub-problem).
"""

import numbers
import types
import warnings

import numpy as np

from ..base import BaseEstimator
from ..exceptions import ConvergenceWarning, compatible
from ..utils import check_is_fitted, validate_data
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import _check_sample_weight
from ._kernel import KERNEL_CODES, kernel_matrix, resolve_gamma, solve_dual


class available_if:
    """Decorator: the method exists on an instance only while ``check(instance)`` is true
    (``hasattr`` is False otherwise), as for ``predict_proba`` with ``probability=False``."""

    def __init__(self, check):
        self.check = check

    def __call__(self, method):
        self.method = method
        self.__doc__ = method.__doc__
        self.__name__ = method.__name__
        return self

    def __get__(self, instance, owner=None):
        if instance is None:
            return self.method
        if not self.check(instance):
            raise AttributeError(f"This {type(instance).__name__} has no attribute {self.method.__name__!r}")
        return types.MethodType(self.method, instance)


KERNEL_CONSTRAINTS = {
    "kernel": [StrOptions(set(KERNEL_CODES)), callable],
    "degree": [Interval(numbers.Integral, 0, None, closed="left")],
    "gamma": [StrOptions({"scale", "auto"}), Interval(numbers.Real, 0.0, None, closed="left")],
    "coef0": [Interval(numbers.Real, None, None, closed="neither")],
    "tol": [Interval(numbers.Real, 0.0, None, closed="neither")],
    "shrinking": ["boolean"],
    "cache_size": [Interval(numbers.Real, 0, None, closed="neither")],
    "verbose": ["boolean", Interval(numbers.Integral, 0, None, closed="left")],
    "max_iter": [Interval(numbers.Integral, -1, None, closed="left")],
}


class BaseKernelSVM(BaseEstimator):
    """Shared fit/predict machinery of the LIBSVM-style estimators (not public)."""

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.pairwise = self.kernel == "precomputed"
        return tags

    # -- fit helpers -------------------------------------------------------------
    def _validate_fit_input(self, X, y=None, sample_weight=None, **check_y):
        if y is None:
            X = validate_data(self, X, dtype=np.float64, order="C")
        else:
            X, y = validate_data(self, X, y, dtype=np.float64, order="C", **check_y)
        if self.kernel == "precomputed" and X.shape[0] != X.shape[1]:
            raise ValueError(
                f"Precomputed matrix must be a square matrix. Input is a {X.shape[0]}x{X.shape[1]} matrix."
            )
        weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        if not np.any(weight > 0):
            raise ValueError("Invalid input - all samples have zero or negative weights.")
        self._gamma = resolve_gamma(self.gamma, X) if not callable(self.kernel) else 0.0
        self.shape_fit_ = X.shape
        if callable(self.kernel):
            # A callable kernel is evaluated once into a precomputed matrix.
            self._fit_X = X
            data, kind = kernel_matrix(X, X, self.kernel, 0.0, 0.0, 0), KERNEL_CODES["precomputed"]
        else:
            data, kind = X, KERNEL_CODES[self.kernel]
        return X, y, weight, data, kind

    def _solve(self, data, kind, rows, idx, y, p, C, alpha, nu_mode=False):
        """Solve one dual problem on the samples ``rows`` of ``data``: ``(rho, r, n_iter, status)``."""
        if kind == KERNEL_CODES["precomputed"]:
            sub = data[np.ix_(rows, rows)]
        else:
            sub = data[rows]
        return solve_dual(sub, kind, self._gamma, self.coef0, self.degree, idx, y, p, C, alpha,
                          self.tol, self.max_iter, self.cache_size, nu_mode, self.shrinking)

    def _set_support(self, X, support):
        self.support_ = np.asarray(support, dtype=np.int32)
        if self.kernel == "precomputed":
            self.support_vectors_ = np.empty((0, 0))
        else:
            source = self._fit_X if callable(self.kernel) else X
            self.support_vectors_ = source[self.support_]

    def _warn_status(self, status):
        self.fit_status_ = int(status)
        if status:
            warnings.warn(
                f"Solver terminated early (max_iter={self.max_iter}).  Consider pre-processing "
                "your data with StandardScaler or MinMaxScaler.",
                compatible(ConvergenceWarning),
            )

    # -- predict helpers -----------------------------------------------------------
    def _validate_predict_input(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, order="C", reset=False)
        if self.kernel == "precomputed" and X.shape[1] != self.shape_fit_[0]:
            raise ValueError(
                f"X.shape[1] = {X.shape[1]} should be equal to {self.shape_fit_[0]}, the number "
                "of samples at training time"
            )
        return X

    def _kernel_to_support(self, X):
        """Kernel values between ``X`` and the support vectors, (n_samples, n_SV)."""
        if self.kernel == "precomputed":
            return X[:, self.support_]
        return kernel_matrix(X, self.support_vectors_, self.kernel, self._gamma, self.coef0,
                             self.degree)

    @property
    def coef_(self):
        """Primal weights ``dual_coef_ @ support_vectors_`` (linear kernel only)."""
        if self.kernel != "linear":
            raise AttributeError("coef_ is only available when using a linear kernel")
        return self.dual_coef_ @ self.support_vectors_


def regression_variables(n, y, epsilon):
    """Variables of the epsilon-SVR dual: ``(idx, signs, p)`` for 2n variables (alpha, alpha*)."""
    idx = np.concatenate([np.arange(n), np.arange(n)])
    signs = np.concatenate([np.ones(n), -np.ones(n)])
    p = np.concatenate([epsilon - y, epsilon + y])
    return idx, signs, p


def cross_kernel(estimator, data, kind, rows_a, rows_b):
    """Kernel values between training samples ``rows_a`` and ``rows_b`` (for cross-validation)."""
    if kind == KERNEL_CODES["precomputed"]:
        return data[np.ix_(rows_a, rows_b)]
    return kernel_matrix(data[rows_a], data[rows_b], estimator.kernel, estimator._gamma,
                         estimator.coef0, estimator.degree)
