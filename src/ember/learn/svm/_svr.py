"""``SVR``: epsilon-support vector regression (LIBSVM's dual with two variables per sample)."""

import numbers

import numpy as np

from ..base import RegressorMixin
from ..utils._param_validation import Interval
from ..utils.validation import column_or_1d
from ._base import KERNEL_CONSTRAINTS, BaseKernelSVM, regression_variables


class SVR(RegressorMixin, BaseKernelSVM):
    """Epsilon-support vector regression with a kernel, solved by SMO.

    Errors smaller than ``epsilon`` cost nothing; larger ones cost ``C`` per
    unit. The dual has variables ``alpha_i`` and ``alpha*_i`` per sample; the
    model is ``f(x) = sum_i (alpha_i - alpha*_i) k(x_i, x) + b``.

    Parameters:
        kernel, degree, gamma, coef0, tol, cache_size, shrinking, verbose,
            max_iter: as for ``SVC``.
        C: penalty of errors beyond the tube (> 0), scaled by ``sample_weight``.
        epsilon: half-width of the insensitive tube (>= 0).

    Attributes:
        support_ (n_SV,), support_vectors_ (n_SV, n_features),
        n_support_ (1,), dual_coef_ (1, n_SV) = alpha - alpha*,
        intercept_ (1,), fit_status_, n_iter_, shape_fit_, n_features_in_,
        coef_ (linear kernel only).

    Example:
        >>> import numpy as np
        >>> X = np.arange(10.0).reshape(-1, 1)
        >>> model = SVR(kernel="linear", C=10.0, epsilon=0.1).fit(X, 2 * X.ravel() + 1)
        >>> np.round(model.predict([[4.5]]), 1)
        array([10.])
    """

    _parameter_constraints = {
        **KERNEL_CONSTRAINTS,
        "C": [Interval(numbers.Real, 0.0, None, closed="neither")],
        "epsilon": [Interval(numbers.Real, 0.0, None, closed="left")],
    }

    def __init__(self, *, kernel="rbf", degree=3, gamma="scale", coef0=0.0, tol=1e-3, C=1.0,
                 epsilon=0.1, shrinking=True, cache_size=200, verbose=False, max_iter=-1):
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.tol = tol
        self.C = C
        self.epsilon = epsilon
        self.shrinking = shrinking
        self.cache_size = cache_size
        self.verbose = verbose
        self.max_iter = max_iter

    def fit(self, X, y, sample_weight=None):
        """Solve the epsilon-SVR dual; returns ``self``."""
        self._validate_params()
        X, y, weight, data, kind = self._validate_fit_input(X, y, sample_weight, y_numeric=True)
        y = column_or_1d(y, warn=True).astype(np.float64)
        rows = np.flatnonzero(weight > 0)
        idx, signs, p, C, alpha, nu_mode = self._regression_problem(y[rows], self.C * weight[rows])
        rho, _, n_iter, status = self._solve(data, kind, rows, idx, signs, p, C, alpha, nu_mode)
        self._warn_status(status)
        coef = alpha[: len(rows)] - alpha[len(rows):]
        support = coef != 0
        self._set_support(X, rows[support])
        self.n_support_ = np.array([len(self.support_)], dtype=np.int32)
        self._store_dual_coef(coef[support][None, :])
        self.intercept_ = np.array([-rho])
        self.n_iter_ = n_iter
        return self

    def _regression_problem(self, y, C):
        """The dual's variables ``(idx, signs, p, bounds, start, nu_mode)``."""
        idx, signs, p = regression_variables(len(y), y, self.epsilon)
        return idx, signs, p, np.tile(C, 2), np.zeros(2 * len(y)), False

    def predict(self, X):
        """Predicted targets, shape (n_samples,)."""
        X = self._validate_predict_input(X)
        return self._kernel_to_support(X) @ self._dense_dual()[0] + self.intercept_[0]
