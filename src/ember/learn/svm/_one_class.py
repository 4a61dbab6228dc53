"""``OneClassSVM``: Schoelkopf's nu one-class SVM for novelty and outlier detection."""

import numbers

import numpy as np

from ..base import OutlierMixin
from ..utils._param_validation import Interval
from ._base import KERNEL_CONSTRAINTS, BaseKernelSVM, fill_bounds, libsvm_budget


class OneClassSVM(OutlierMixin, BaseKernelSVM):
    """Unsupervised boundary of the data's support (nu-formulation, solved by SMO).

    Solves ``min 1/2 a'Ka`` subject to ``0 <= a_i <= w_i`` and
    ``sum a = nu * sum w`` (``w`` the sample weights); ``nu`` bounds the
    fraction of training outliers from above and of support vectors from below.

    Parameters:
        kernel, degree, gamma, coef0, tol, cache_size, shrinking, verbose,
            max_iter: as for ``SVC``.
        nu: in (0, 1].

    Attributes:
        support_ (n_SV,), support_vectors_ (n_SV, n_features),
        n_support_ (1,), dual_coef_ (1, n_SV), intercept_ (1,), offset_
        (``decision_function = score_samples - offset_``), fit_status_,
        n_iter_, shape_fit_, n_features_in_, coef_ (linear kernel only).

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0], [0.1], [0.2], [0.15], [0.05]])
        >>> OneClassSVM(gamma=1.0, nu=0.2).fit(X).predict([[0.1], [5.0]])
        array([ 1, -1])
    """

    _parameter_constraints = {
        **KERNEL_CONSTRAINTS,
        "nu": [Interval(numbers.Real, 0.0, 1.0, closed="right")],
    }

    def __init__(self, *, kernel="rbf", degree=3, gamma="scale", coef0=0.0, tol=1e-3, nu=0.5,
                 shrinking=True, cache_size=200, verbose=False, max_iter=-1):
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.tol = tol
        self.nu = nu
        self.shrinking = shrinking
        self.cache_size = cache_size
        self.verbose = verbose
        self.max_iter = max_iter

    def fit(self, X, y=None, sample_weight=None):
        """Solve the one-class dual on ``X``; ``y`` is ignored. Returns ``self``."""
        self._validate_params()
        X, _, weight, data, kind = self._validate_fit_input(X, None, sample_weight)
        rows = np.flatnonzero(weight > 0)
        C = weight[rows]
        # Feasible start, as LIBSVM: fill the first variables up to their bounds.
        alpha = fill_bounds(libsvm_budget(self.nu, C), C)
        n = len(rows)
        rho, _, n_iter, status = self._solve(data, kind, rows, np.arange(n), np.ones(n), np.zeros(n),
                                          C, alpha)
        self._warn_status(status)
        support = alpha > 0
        self._set_support(X, rows[support])
        self.n_support_ = np.array([len(self.support_)], dtype=np.int32)
        self._store_dual_coef(alpha[support][None, :])
        self.intercept_ = np.array([-rho])
        self.offset_ = np.array([rho])
        self.n_iter_ = n_iter
        return self

    def score_samples(self, X):
        """Unshifted scores ``sum_i a_i k(x_i, x)``, shape (n_samples,)."""
        X = self._validate_predict_input(X)
        return self._kernel_to_support(X) @ self._dense_dual()[0]

    def decision_function(self, X):
        """Signed scores: positive inside the learned region, shape (n_samples,)."""
        return self.score_samples(X) - self.offset_

    def predict(self, X):
        """+1 for inliers, -1 for outliers."""
        return np.where(self.decision_function(X) > 0, 1, -1)
