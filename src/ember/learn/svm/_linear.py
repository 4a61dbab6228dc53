"""``LinearSVC`` and ``LinearSVR``: linear SVMs on LIBLINEAR's formulation.

The intercept is learned as the weight of an extra constant feature of value
``intercept_scaling`` (so it is regularised too, as in LIBLINEAR). The dual is
solved by compiled coordinate descent (``_cd_kernels``); the primal of the
squared losses by a finite Newton method: the objective is piecewise
quadratic, so each step solves ``(I + 2 X_A' diag(C) X_A) d = -g`` on the
samples ``A`` with non-zero loss, followed by a backtracking line search.

SciPy sparse X (any format, converted to CSR) stays sparse: the coordinate
descent kernels walk its CSR rows (CSC columns for the L1 penalty), and the
Newton system of a sparse X is solved inexactly by conjugate gradients on
Hessian-vector products, so no (n_features, n_features) matrix is formed.
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin
from ..exceptions import ConvergenceWarning, compatible
from ..utils import check_is_fitted, check_random_state, validate_data
from ..utils._param_validation import Interval, StrOptions
from ..utils.multiclass import check_classification_targets
from ..utils.validation import _check_sample_weight, column_or_1d
from ._kernel import _compressed_arrays
from ._svc import class_weights

# (loss, penalty) -> the values of dual it can be solved with
_SUPPORTED = {
    ("hinge", "l2"): (True,),
    ("squared_hinge", "l2"): (False, True),
    ("squared_hinge", "l1"): (False,),
    ("epsilon_insensitive", "l2"): (True,),
    ("squared_epsilon_insensitive", "l2"): (False, True),
}


def resolve_dual(dual, loss, penalty, X):
    """``dual="auto"``: the dual when there are fewer samples than features, else the
    primal, each only if the loss/penalty pair supports it."""
    supported = _SUPPORTED.get((loss, penalty), ())
    if dual == "auto":
        preferred = X.shape[0] < X.shape[1]
        dual = preferred if preferred in supported or not supported else (not preferred)
    if dual not in supported:
        if not supported:
            what = f"The combination of penalty='{penalty}' and loss='{loss}' is not supported"
        else:
            what = (f"The combination of penalty='{penalty}' and loss='{loss}' are not supported "
                    f"when dual={dual}")
        raise ValueError(
            f"Unsupported set of arguments: {what}, Parameters: penalty={penalty!r}, "
            f"loss={loss!r}, dual={dual!r}"
        )
    return dual


def primal_newton(X, y, C, epsilon, classify, max_iter):
    """Minimise ``w.w / 2 + sum_i C_i l_i(x_i.w)^2`` with ``l`` the hinge
    ``max(0, 1 - y z)`` (``classify``) or ``max(0, |z - y| - epsilon)``.
    Returns ``(w, n_iter)``."""
    n, d = X.shape
    w = np.zeros(d)

    def residuals(z):
        # the loss is C (z - target)^2 on the samples with non-zero loss
        if classify:
            active = y * z < 1.0
            return active, z - y
        gap = z - y
        active = np.abs(gap) > epsilon
        return active, gap - epsilon * np.sign(gap)

    def objective(w, z):
        active, r = residuals(z)
        return 0.5 * w @ w + float(np.sum(C[active] * r[active] ** 2))

    z = X @ w
    value = objective(w, z)
    g0 = None
    n_iter = 0
    while n_iter < max_iter:
        active, r = residuals(z)
        Xa, Ca = X[active], C[active]
        gradient = w + 2.0 * (Xa.T @ (Ca * r[active]))
        norm = float(np.linalg.norm(gradient))
        g0 = norm if g0 is None else g0
        if norm <= 1e-10 * max(g0, 1.0):
            break
        # conjugate gradients stop at a residual shrinking with the gradient (superlinear steps)
        direction = _newton_direction(Xa, 2.0 * Ca, gradient, min(0.1, np.sqrt(norm / g0)))
        slope = float(gradient @ direction)
        step = 1.0
        n_iter += 1
        while step > 1e-12:
            candidate = w + step * direction
            z_candidate = X @ candidate
            new_value = objective(candidate, z_candidate)
            if new_value <= value + 1e-4 * step * slope:
                break
            step /= 2.0
        if step <= 1e-12:
            break
        w, z, value = candidate, z_candidate, new_value
    return w, n_iter


def _newton_direction(Xa, weights, gradient, rtol):
    """Solve ``(I + Xa' diag(weights) Xa) d = -gradient``: exactly through the dense Hessian, or,
    for a sparse ``Xa``, by conjugate gradients on Hessian-vector products to relative residual
    ``rtol`` (an inexact Newton step, so that no (d, d) matrix is ever formed)."""
    if sp.issparse(Xa):
        from scipy.sparse.linalg import LinearOperator, cg

        transposed = Xa.T.tocsr()
        d = Xa.shape[1]
        hessian = LinearOperator((d, d), dtype=np.float64,
                                 matvec=lambda v: v + transposed @ (weights * (Xa @ v)))
        direction, _ = cg(hessian, -gradient, rtol=rtol, atol=0.0, maxiter=10 * d)
        return direction
    scaled = Xa * np.sqrt(weights)[:, None]
    hessian = scaled.T @ scaled  # A'A: one symmetric rank-k BLAS update
    hessian[np.diag_indices(Xa.shape[1])] += 1.0
    return np.linalg.solve(hessian, -gradient)


def _dual_rows(X):
    """``(X, rows)`` for the coordinate descent kernels: dense rows, or an empty (0, n_features)
    placeholder and the CSR arrays."""
    if sp.issparse(X):
        return np.empty((0, X.shape[1])), _compressed_arrays(X.tocsr())
    empty = np.empty(0, dtype=np.int64)
    return np.ascontiguousarray(X), (empty, empty, np.empty(0))


class _BaseLinearSVM(BaseEstimator):
    """Shared validation and the intercept column (not public)."""

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        return tags

    def _augment(self, X):
        if not self.fit_intercept:
            return X if sp.issparse(X) else np.ascontiguousarray(X)
        if sp.issparse(X):  # the constant as each row's last stored entry
            X = X.tocsr()
            ends = X.indptr[1:]
            return sp.csr_matrix(
                (np.insert(X.data, ends, float(self.intercept_scaling)),
                 np.insert(X.indices, ends, X.shape[1]), X.indptr + np.arange(X.shape[0] + 1)),
                shape=(X.shape[0], X.shape[1] + 1))
        column = np.full((X.shape[0], 1), float(self.intercept_scaling))
        return np.ascontiguousarray(np.hstack([X, column]))

    def _split(self, raw):
        """``(coef, intercept)`` from weights on the augmented features."""
        if self.fit_intercept:
            return raw[..., :-1], self.intercept_scaling * raw[..., -1]
        return raw, 0.0

    def _seed(self):
        return int(check_random_state(self.random_state).randint(np.iinfo(np.int32).max))

    def _warn_iterations(self, n_iter):
        self.n_iter_ = int(n_iter)
        if n_iter >= self.max_iter:
            warnings.warn("Liblinear failed to converge, increase the number of iterations.",
                          compatible(ConvergenceWarning))

    def _linear_scores(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", dtype=np.float64, reset=False)
        return np.asarray(X @ np.atleast_2d(self.coef_).T) + self.intercept_


_COMMON = {
    "tol": [Interval(numbers.Real, 0.0, None, closed="neither")],
    "C": [Interval(numbers.Real, 0.0, None, closed="neither")],
    "fit_intercept": ["boolean"],
    "intercept_scaling": [Interval(numbers.Real, 0, None, closed="neither")],
    "dual": ["boolean", StrOptions({"auto"})],
    "verbose": [Interval(numbers.Integral, 0, None, closed="left"), "boolean"],
    "random_state": ["random_state"],
    "max_iter": [Interval(numbers.Integral, 0, None, closed="left")],
}


class LinearSVC(ClassifierMixin, _BaseLinearSVM):
    """Linear support vector classifier (one-vs-rest), LIBLINEAR's formulation.

    Minimises ``w.w / 2 + C sum_i l(y_i (w.x_i + b))`` (``penalty="l2"``) or
    ``|w|_1 + C sum_i l(...)`` (``"l1"``, sparse coefficients) with the hinge
    or squared hinge loss ``l``, the intercept ``b`` being the weight of a
    constant feature ``intercept_scaling``.

    Parameters:
        penalty: ``"l2"`` or ``"l1"`` (squared hinge, primal coordinate descent).
        loss: ``"squared_hinge"`` (default) or ``"hinge"`` (dual only).
        dual: ``True`` (coordinate descent on the dual), ``False`` (Newton on the
            primal, squared hinge only) or ``"auto"`` (the dual when
            n_samples < n_features).
        tol: stopping tolerance; C: inverse regularisation strength.
        multi_class: ``"ovr"``: one binary problem per class.
        fit_intercept, intercept_scaling: the intercept column.
        class_weight: dict, ``"balanced"`` or None; verbose: unused.
        random_state: order of the coordinates in the dual solver.
        max_iter: passes over the data (dual) or Newton steps (primal).

    Attributes:
        coef_ (1 or n_classes, n_features), intercept_ (1 or n_classes,),
        classes_, n_iter_ (the largest over the binary problems), n_features_in_.

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [3.0, 3.0], [3.0, 4.0]])
        >>> LinearSVC().fit(X, [0, 0, 1, 1]).predict([[0.5, 0.5], [3.0, 3.5]])
        array([0, 1])
    """

    _parameter_constraints = {
        **_COMMON,
        "penalty": [StrOptions({"l1", "l2"})],
        "loss": [StrOptions({"hinge", "squared_hinge"})],
        "multi_class": [StrOptions({"ovr"})],
        "class_weight": [StrOptions({"balanced"}), dict, None],
    }

    def __init__(self, penalty="l2", loss="squared_hinge", *, dual="auto", tol=1e-4, C=1.0,
                 multi_class="ovr", fit_intercept=True, intercept_scaling=1, class_weight=None,
                 verbose=0, random_state=None, max_iter=1000):
        self.penalty = penalty
        self.loss = loss
        self.dual = dual
        self.tol = tol
        self.C = C
        self.multi_class = multi_class
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.class_weight = class_weight
        self.verbose = verbose
        self.random_state = random_state
        self.max_iter = max_iter

    def fit(self, X, y, sample_weight=None):
        """Fit one linear SVM per class (a single one for two classes); returns ``self``."""
        self._validate_params()
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=np.float64, order="C")
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(
                "This solver needs samples of at least 2 classes in the data, but the data "
                f"contains only one class: {self.classes_[0]!r}"
            )
        dual = resolve_dual(self.dual, self.loss, self.penalty, X)
        weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        per_class = class_weights(self.class_weight, self.classes_, codes,
                                  None if sample_weight is None else weight)
        Xa = self._augment(X)
        seed = self._seed()
        binary = len(self.classes_) == 2
        problems = [1] if binary else range(len(self.classes_))
        raw, worst, shared = [], 0, {}
        for k in problems:
            labels = np.where(codes == k, 1.0, -1.0)
            # LIBLINEAR's one-vs-rest weighs the positives by their class weight only
            C = self.C * weight * (per_class[codes] if binary else np.where(codes == k, per_class[k], 1.0))
            w, n_iter = self._solve(Xa, labels, C, dual, seed, shared)
            raw.append(w)
            worst = max(worst, n_iter)
        self.coef_, self.intercept_ = self._split(np.asarray(raw))
        if not self.fit_intercept:
            self.intercept_ = 0.0
        self._warn_iterations(worst)
        return self

    def _solve(self, Xa, labels, C, dual, seed, shared):
        """One binary problem; ``shared`` caches the kernels' arrays of the whole ``Xa`` across
        the one-vs-rest problems."""
        # zero-weight samples carry no loss: leave them out (their 1/(2C) would be infinite)
        keep = C > 0
        if not keep.all():
            Xa, labels, C, shared = Xa[keep], labels[keep], C[keep], {}
        from . import _cd_kernels

        if self.penalty == "l1":
            if sp.issparse(Xa):  # the CSC columns of Xa once, their values signed per problem
                if "columns" not in shared:
                    shared["columns"] = _dual_rows(Xa.T)
                Z, (indptr, indices, values) = shared["columns"]
                cols = (indptr, indices, values * labels[indices])
            else:
                Z, cols = _dual_rows((Xa * labels[:, None]).T)
            return _cd_kernels.l1_squared_hinge_cd(Z, cols, C, float(self.tol), int(self.max_iter),
                                                   seed)
        if not dual:
            return primal_newton(Xa, labels, C, 0.0, True, self.max_iter)

        if self.loss == "hinge":
            upper, diag = C, np.zeros_like(C)
        else:
            upper, diag = np.full_like(C, np.inf), 0.5 / C
        if "rows" not in shared:
            shared["rows"] = _dual_rows(Xa)
        return _cd_kernels.classifier_dual_cd(*shared["rows"], labels, upper, diag, float(self.tol),
                                              int(self.max_iter), seed)

    def decision_function(self, X):
        """Signed distances: (n_samples,) for two classes (positive = ``classes_[1]``),
        else (n_samples, n_classes)."""
        scores = self._linear_scores(X)
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """The class with the largest score (for two classes: the sign)."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(np.intp)]
        return self.classes_[np.argmax(scores, axis=1)]


class LinearSVR(RegressorMixin, _BaseLinearSVM):
    """Linear support vector regression, LIBLINEAR's formulation.

    Minimises ``w.w / 2 + C sum_i l(y_i - w.x_i - b)`` with the
    epsilon-insensitive loss ``max(0, |r| - epsilon)`` or its square.

    Parameters:
        epsilon: half-width of the insensitive tube; tol, C as for ``LinearSVC``.
        loss: ``"epsilon_insensitive"`` (dual only) or ``"squared_epsilon_insensitive"``.
        fit_intercept, intercept_scaling, dual, verbose, random_state, max_iter:
            as for ``LinearSVC``.

    Attributes:
        coef_ (n_features,), intercept_ (1,), n_iter_, n_features_in_.

    Example:
        >>> import numpy as np
        >>> X = np.arange(10.0).reshape(-1, 1)
        >>> model = LinearSVR(C=10.0, loss="squared_epsilon_insensitive").fit(X, 2 * X.ravel())
        >>> round(float(model.coef_[0]), 2)
        2.0
    """

    _parameter_constraints = {
        **_COMMON,
        "epsilon": [Interval(numbers.Real, None, None, closed="neither")],
        "loss": [StrOptions({"epsilon_insensitive", "squared_epsilon_insensitive"})],
    }

    def __init__(self, *, epsilon=0.0, tol=1e-4, C=1.0, loss="epsilon_insensitive", fit_intercept=True,
                 intercept_scaling=1.0, dual="auto", verbose=0, random_state=None, max_iter=1000):
        self.epsilon = epsilon
        self.tol = tol
        self.C = C
        self.loss = loss
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.dual = dual
        self.verbose = verbose
        self.random_state = random_state
        self.max_iter = max_iter

    def fit(self, X, y, sample_weight=None):
        """Fit the linear SVR; returns ``self``."""
        self._validate_params()
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=np.float64, order="C",
                             y_numeric=True)
        y = column_or_1d(y, warn=True).astype(np.float64)
        dual = resolve_dual(self.dual, self.loss, "l2", X)
        C = self.C * _check_sample_weight(sample_weight, X, dtype=np.float64)
        keep = C > 0
        if not keep.all():
            X, y, C = X[keep], y[keep], C[keep]
        Xa = self._augment(X)
        if not dual:
            w, n_iter = primal_newton(Xa, y, C, float(self.epsilon), False, self.max_iter)
        else:
            from . import _cd_kernels

            if self.loss == "epsilon_insensitive":
                lam, upper = np.zeros_like(C), C
            else:
                lam, upper = 0.5 / C, np.full_like(C, np.inf)
            w, n_iter = _cd_kernels.regressor_dual_cd(*_dual_rows(Xa), y, float(self.epsilon), lam,
                                                      upper, float(self.tol), int(self.max_iter),
                                                      self._seed())
        coef, intercept = self._split(w)
        self.coef_ = coef
        self.intercept_ = np.array([intercept]) if self.fit_intercept else 0.0
        self._warn_iterations(n_iter)
        return self

    def predict(self, X):
        """Predicted targets, shape (n_samples,)."""
        return self._linear_scores(X)[:, 0]
