"""What the kernel SVMs share: parameters, input checks, kernels at predict time, attributes.

SVC, SVR and OneClassSVM solve LIBSVM's dual problems with the compiled SMO
solver and store LIBSVM's model: support vector indices ``support_``, the
vectors ``support_vectors_``, their coefficients ``dual_coef_`` and the
offsets ``intercept_`` (= -rho of each sub-problem).

Fitted on SciPy sparse X (any format, converted to CSR), the model is sparse
as scikit-learn's: ``support_vectors_`` and ``dual_coef_`` are CSR matrices,
dense X given to ``predict`` is converted to CSR, while a model fitted on
dense X refuses sparse input. Precomputed kernels are dense only; a callable
kernel receives the validated X (sparse stays sparse) and its model is dense.
"""

import numbers
import types
import warnings

import numpy as np
import scipy.sparse as sp

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
        tags.input_tags.sparse = self.kernel != "precomputed"
        return tags

    # -- fit helpers -------------------------------------------------------------
    def _validate_fit_input(self, X, y=None, sample_weight=None, **check_y):
        if sp.issparse(X) and self.kernel == "precomputed":
            raise TypeError("Sparse precomputed kernels are not supported.")
        if y is None:
            X = validate_data(self, X, accept_sparse="csr", dtype=np.float64, order="C")
        else:
            X, y = validate_data(self, X, y, accept_sparse="csr", dtype=np.float64, order="C",
                                 **check_y)
        self._sparse = sp.issparse(X) and not callable(self.kernel)
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
        if self.kernel == "precomputed" or callable(self.kernel):
            # as LIBSVM's precomputed model; a callable kernel keeps its support rows privately
            self.support_vectors_ = np.empty((0, 0))
            self._fit_X = X[self.support_] if callable(self.kernel) else None
        elif self._sparse:
            vectors = sp.csr_matrix(X[self.support_])
            vectors.sum_duplicates()
            self.support_vectors_ = vectors
        else:
            self.support_vectors_ = X[self.support_]

    def _store_dual_coef(self, coef):
        """``dual_coef_`` from the dense (n_rows, n_SV) coefficients: a CSR matrix holding every
        entry (as scikit-learn's) when fitted on sparse X, the dense array kept aside."""
        self._dense_dual_coef = coef if self._sparse else None
        if not self._sparse:
            self.dual_coef_ = coef
        elif coef.size == 0:
            self.dual_coef_ = sp.csr_matrix((1, 0))
        else:
            n_rows, n_sv = coef.shape
            columns = np.tile(np.arange(n_sv), n_rows)
            indptr = np.arange(0, n_rows * n_sv + 1, n_sv)
            self.dual_coef_ = sp.csr_matrix((coef.ravel(), columns, indptr), shape=coef.shape)

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
        X = validate_data(self, X, accept_sparse="csr", dtype=np.float64, order="C", reset=False)
        if getattr(self, "_sparse", False):
            if not sp.issparse(X):
                X = sp.csr_matrix(X)
        elif sp.issparse(X) and not callable(self.kernel):
            raise ValueError(
                f"cannot use sparse input in {type(self).__name__!r} trained on dense data")
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
        vectors = self._fit_X if callable(self.kernel) else self.support_vectors_
        return kernel_matrix(X, vectors, self.kernel, self._gamma, self.coef0, self.degree)

    def _dense_dual(self):
        """``dual_coef_`` as a dense array."""
        dense = getattr(self, "_dense_dual_coef", None)
        return self.dual_coef_ if dense is None else dense

    def _primal_rows(self):
        """Dense (n_rows, n_SV) weights whose products with the support vectors give ``coef_``."""
        return self._dense_dual()

    @property
    def coef_(self):
        """Primal weights (linear kernel only): ``dual_coef_ @ support_vectors_``, one row per
        class pair for multiclass SVC; a read-only array, or a CSR matrix when fitted on
        sparse X."""
        if self.kernel != "linear":
            raise AttributeError("coef_ is only available when using a linear kernel")
        weights = self._primal_rows()
        if sp.issparse(self.support_vectors_):
            coef = sp.csr_matrix(sp.csr_matrix(weights) @ self.support_vectors_)
            coef.data.flags.writeable = False
        else:
            coef = weights @ self.support_vectors_
            coef.flags.writeable = False
        return coef


def libsvm_budget(nu, bounds):
    """``nu * sum(bounds)``, summed one term at a time as LIBSVM does: its rounding decides
    whether the last variable of ``fill_bounds`` starts at a tiny non-zero value."""
    return float(np.add.accumulate(nu * bounds)[-1]) if len(bounds) else 0.0


def fill_bounds(budget, bounds):
    """LIBSVM's feasible start: each variable in turn takes ``min(bound, what is left of budget)``,
    what is left being updated by one subtraction per variable (as LIBSVM's loop)."""
    left = np.subtract.accumulate(np.concatenate([[budget], bounds]))[:-1]
    return np.maximum(np.minimum(bounds, left), 0.0)


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
