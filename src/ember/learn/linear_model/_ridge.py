"""Ridge regression (HOML chapter 4, "Ridge Regression"): least squares plus ``alpha * ||w||^2``.

Every solver minimises ``||y - X w - b||^2 + alpha ||w||^2`` (rows weighted by
``sample_weight``; the intercept ``b`` is not penalised) on data centred by
``_preprocess_data``:

- ``"cholesky"``: the closed form ``(X^T X + alpha I) w = X^T y`` (HOML's
  equation 4-9), or its dual ``(X X^T + alpha I) d = y, w = X^T d`` when there
  are more features than samples;
- ``"svd"``: ``w = V diag(s / (s^2 + alpha)) U^T y`` from the SVD of ``X``;
- ``"lsqr"``, ``"sparse_cg"``: iterative, for sparse or very large ``X``; sparse
  ``X`` is centred implicitly by a linear operator;
- ``"lbfgs"``: bound-constrained quasi-Newton, for ``positive=True``;
- ``"sag"``, ``"saga"``: accepted as scikit-learn's names; solved to the same
  minimiser by LSQR with a tight tolerance rather than by stochastic averaged
  gradient (the minimiser is unique, so the coefficients agree to within
  scikit-learn's own tolerance).
"""

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from scipy import linalg
from scipy.sparse import linalg as sparse_linalg

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin
from ..exceptions import ConvergenceWarning, compatible
from ..utils import (Interval, StrOptions, check_array, check_consistent_length,
                     column_or_1d, validate_data)
from ..utils.validation import _check_sample_weight
from ._base import LinearModel, _centred_gram, _preprocess_data, _rescale_data
from ._least_squares import _centred_design, _centred_operator
from ._linear_classifier import LinearClassifierMixin

_SOLVERS = {"auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"}

# LSQR tolerance standing in for scikit-learn's stochastic "sag"/"saga" solvers.
_SAG_LSQR_TOL = 1e-12


def _solve_cholesky(X, Y, alphas):
    """Primal normal equations ``(X^T X + alpha I) W = X^T Y``; returns ``(n_targets, n_features)``."""
    gram = X.T @ X
    gram = gram.toarray() if sp.issparse(gram) else np.asarray(gram)
    return _solve_gram(gram, np.asarray(X.T @ Y), alphas)


def _solve_gram(gram, XtY, alphas):
    """``(gram + alpha I) W = XtY`` by Cholesky, one alpha per target (``gram`` is overwritten)."""
    diagonal = np.einsum("ii->i", gram)  # a writeable view of the diagonal
    if np.all(alphas == alphas[0]):
        diagonal += alphas[0]
        return linalg.solve(gram, XtY, assume_a="pos", overwrite_a=True, overwrite_b=True,
                            check_finite=False).T
    coef = np.empty((XtY.shape[1], gram.shape[0]), dtype=gram.dtype)
    for target, alpha in enumerate(alphas):
        diagonal += alpha
        coef[target] = linalg.solve(gram, XtY[:, target], assume_a="pos", check_finite=False)
        diagonal -= alpha
    return coef


def _solve_cholesky_dual(X, Y, alphas):
    """Dual form for wide ``X``: ``(X X^T + alpha I) D = Y``, ``W = X^T D``."""
    kernel = X @ X.T
    kernel = kernel.toarray() if sp.issparse(kernel) else np.asarray(kernel)
    diagonal = np.einsum("ii->i", kernel)
    dual = np.empty_like(Y)
    for target, alpha in enumerate(alphas):
        diagonal += alpha
        dual[:, target] = linalg.solve(kernel, Y[:, target], assume_a="pos", check_finite=False)
        diagonal -= alpha
    return np.asarray(X.T @ dual).T


def _solve_svd(X, Y, alphas):
    U, s, Vt = linalg.svd(X, full_matrices=False, check_finite=False)
    kept = s > 1e-15  # singular values treated as zero, as a pseudo-inverse would
    factors = np.zeros((s.shape[0], len(alphas)), dtype=X.dtype)
    factors[kept] = s[kept, None] / (s[kept, None] ** 2 + alphas)
    return (Vt.T @ (factors * (U.T @ Y))).T


def _solve_lsqr(operator, Y, alphas, max_iter, tol):
    coef = np.empty((Y.shape[1], operator.shape[1]), dtype=Y.dtype)
    n_iter = np.empty(Y.shape[1], dtype=np.int32)
    for target, alpha in enumerate(alphas):
        result = sparse_linalg.lsqr(operator, Y[:, target], damp=np.sqrt(alpha), atol=tol,
                                    btol=tol, iter_lim=max_iter)
        coef[target], n_iter[target] = result[0], result[2]
    return coef, n_iter


def _solve_sparse_cg(operator, Y, alphas, max_iter, tol):
    """Conjugate gradients on the smaller of ``X^T X + alpha I`` and ``X X^T + alpha I``."""
    n_samples, n_features = operator.shape
    coef = np.empty((Y.shape[1], n_features), dtype=Y.dtype)
    for target, alpha in enumerate(alphas):
        if n_features > n_samples:
            system = sparse_linalg.LinearOperator(
                (n_samples, n_samples), dtype=Y.dtype,
                matvec=lambda v, a=alpha: operator.matvec(operator.rmatvec(v)) + a * v)
            dual, info = sparse_linalg.cg(system, Y[:, target], rtol=tol)
            coef[target] = operator.rmatvec(dual)
        else:
            system = sparse_linalg.LinearOperator(
                (n_features, n_features), dtype=Y.dtype,
                matvec=lambda v, a=alpha: operator.rmatvec(operator.matvec(v)) + a * v)
            coef[target], info = sparse_linalg.cg(system, operator.rmatvec(Y[:, target]),
                                                  maxiter=max_iter, rtol=tol)
        if info < 0:
            raise ValueError(f"Failed with error code {info}")
    return coef


def _solve_lbfgs(operator, Y, alphas, positive, max_iter, tol):
    from scipy import optimize  # heavy: imported only for this solver

    n_features = operator.shape[1]
    options = {} if max_iter is None else {"maxiter": max_iter}
    bounds = [(0, np.inf)] * n_features if positive else None
    coef = np.empty((Y.shape[1], n_features), dtype=Y.dtype)
    for target, alpha in enumerate(alphas):
        y = Y[:, target]

        def loss_and_gradient(w, y=y, alpha=alpha):
            residual = operator.matvec(w) - y
            loss = 0.5 * residual @ residual + 0.5 * alpha * w @ w
            return loss, operator.rmatvec(residual) + alpha * w

        result = optimize.minimize(loss_and_gradient, np.zeros(n_features), method="L-BFGS-B",
                                   jac=True, tol=tol, bounds=bounds, options=options)
        if not result.success:
            warnings.warn(
                "The lbfgs solver did not converge. Try increasing max_iter or tol. "
                f"Currently: max_iter={max_iter} and tol={tol}", compatible(ConvergenceWarning))
        coef[target] = result.x
    return coef


def _resolve_solver(solver, positive, is_sparse, fit_intercept):
    """The solver a Ridge fit uses, with scikit-learn's rules and error messages."""
    if solver == "lbfgs" and not positive:
        raise ValueError("'lbfgs' solver can be used only when positive=True. "
                         "Please use another solver.")
    if positive:
        if solver not in ("auto", "lbfgs"):
            raise ValueError(f"solver='{solver}' does not support positive fitting. Please set "
                             "the solver to 'auto' or 'lbfgs', or set `positive=False`")
        return "lbfgs"
    if is_sparse and fit_intercept:
        if solver not in ("auto", "lbfgs", "lsqr", "sag", "sparse_cg"):
            raise ValueError(
                f"solver='{solver}' does not support fitting the intercept on sparse data. "
                "Please set the solver to 'auto' or 'lsqr', 'sparse_cg', 'sag', 'lbfgs' or "
                "set `fit_intercept=False`")
        return solver if solver in ("lsqr", "sag") else "sparse_cg"
    if solver == "auto":
        return "sparse_cg" if is_sparse else "cholesky"
    if solver == "svd" and is_sparse:
        raise TypeError("SVD solver does not support sparse inputs currently")
    return solver


def _solve_ridge(X, Y, alphas, solver, *, max_iter, tol, positive, X_offset=None,
                 sqrt_weight=None):
    """Ridge coefficients ``(n_targets, n_features)`` and iteration counts (or None).

    ``X`` and 2-D ``Y`` are centred and weight-rescaled already, except sparse
    ``X`` with an intercept: then ``X_offset`` is given and centring is implicit.
    """
    n_samples, n_features = X.shape
    if X_offset is not None:
        operator = _centred_operator(X, X_offset, sqrt_weight)
    else:
        operator = sparse_linalg.aslinearoperator(X)
    if solver == "cholesky":
        try:
            if n_features > n_samples:
                return _solve_cholesky_dual(X, Y, alphas), None
            return _solve_cholesky(X, Y, alphas), None
        except linalg.LinAlgError:
            if sp.issparse(X):
                raise
            solver = "svd"  # singular system: the SVD copes
    if solver == "svd":
        return _solve_svd(X, Y, alphas), None
    if solver == "lsqr":
        return _solve_lsqr(operator, Y, alphas, max_iter, tol)
    if solver in ("sag", "saga"):
        return _solve_lsqr(operator, Y, alphas, max_iter, min(tol, _SAG_LSQR_TOL))
    if solver == "sparse_cg":
        return _solve_sparse_cg(operator, Y, alphas, max_iter, tol), None
    return _solve_lbfgs(operator, Y, alphas, positive, max_iter, tol), None


def _check_alphas(alpha, n_targets, dtype):
    alphas = np.asarray(alpha, dtype=dtype).ravel()
    if alphas.shape[0] not in (1, n_targets):
        raise ValueError("Number of targets and number of penalties do not correspond: "
                         f"{alphas.shape[0]} != {n_targets}")
    if (alphas < 0).any():
        raise ValueError(f"alpha must be non-negative, got {alpha!r}")
    return np.full(n_targets, alphas[0], dtype=dtype) if alphas.shape[0] == 1 else alphas


_RIDGE_CONSTRAINTS = {
    "alpha": [Interval(Real, 0, None, closed="left"), "array-like"],
    "fit_intercept": ["boolean"],
    "copy_X": ["boolean"],
    "max_iter": [Interval(Integral, 1, None, closed="left"), None],
    "tol": [Interval(Real, 0, None, closed="left")],
    "solver": [StrOptions(_SOLVERS)],
    "positive": ["boolean"],
    "random_state": ["random_state"],
}


class _BaseRidge(LinearModel):
    """The fit shared by ``Ridge`` and ``RidgeClassifier`` (on validated float ``X``)."""

    def _fit(self, X, y, sample_weight):
        solver = _resolve_solver(self.solver, self.positive, sp.issparse(X), self.fit_intercept)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        if sp.issparse(X) and X.format not in ("csr", "csc"):
            X = X.tocsr()
        # tall dense X for Cholesky: the Gram matrix is built block by block from the
        # uncentred X, so X is neither copied nor centred as a whole
        blockwise = solver == "cholesky" and not sp.issparse(X) and X.shape[0] >= X.shape[1]
        X, y, X_offset, y_offset, sqrt_weight = _preprocess_data(
            X, y, fit_intercept=self.fit_intercept, copy=self.copy_X, sample_weight=sample_weight,
            transform_X=not blockwise)
        Y = y.reshape(len(y), -1)
        alphas = _check_alphas(self.alpha, Y.shape[1], X.dtype)
        implicit_offset = X_offset if sp.issparse(X) and self.fit_intercept else None
        coef = None
        if blockwise:
            centre = X_offset if self.fit_intercept else None
            try:
                coef = _solve_gram(*_centred_gram(X, centre, sqrt_weight, Y), alphas)
                self.n_iter_ = None
            except linalg.LinAlgError:  # singular: the SVD of the centred X copes
                X, solver = _centred_design(X, centre, sqrt_weight, True), "svd"
        if coef is None:
            coef, self.n_iter_ = _solve_ridge(X, Y, alphas, solver, max_iter=self.max_iter,
                                              tol=self.tol, positive=self.positive,
                                              X_offset=implicit_offset, sqrt_weight=sqrt_weight)
        # one target, even as a column, gives 1-D coef_ (as scikit-learn's Ridge does)
        self.coef_ = coef.ravel() if Y.shape[1] == 1 else coef
        self.solver_ = solver
        self._set_intercept(X_offset, y_offset)
        return self

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = self.solver != "svd" and (
            self.solver != "cholesky" or not self.fit_intercept)
        return tags


class Ridge(RegressorMixin, _BaseRidge, BaseEstimator):
    """Linear least squares with an L2 penalty ``alpha * ||w||^2`` (Tikhonov regularisation).

    Parameters:
        alpha: penalty strength, ``>= 0``; a float, or one per target ``(n_targets,)``.
        fit_intercept: fit an unpenalised ``intercept_``.
        copy_X: work on a copy of ``X`` (otherwise dense ``X`` may be overwritten).
        max_iter: iteration limit of the iterative solvers (None: the solver's default).
        tol: stopping tolerance of the iterative solvers.
        solver: ``"auto"`` (cholesky for dense ``X``, sparse_cg for sparse, lbfgs when
            positive), ``"svd"``, ``"cholesky"``, ``"lsqr"``, ``"sparse_cg"``, ``"sag"``,
            ``"saga"`` or ``"lbfgs"`` (see the module notes).
        positive: constrain the coefficients to be non-negative (lbfgs only).
        random_state: accepted for scikit-learn compatibility (no solver here is random).

    Attributes:
        coef_: ``(n_features,)`` or ``(n_targets, n_features)``.
        intercept_: float or ``(n_targets,)``.
        n_iter_: iterations per target ``(n_targets,)`` for lsqr/sag/saga, else None.
        solver_: the solver actually used.
        n_features_in_, feature_names_in_: as every estimator.

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> y = np.array([1.0, 3.0, 5.0, 7.0])
        >>> model = Ridge(alpha=1.0, solver="cholesky").fit(X, y)
        >>> round(float(model.coef_[0]), 4), round(float(model.intercept_), 4)
        (1.6667, 1.5)
    """

    _parameter_constraints = dict(_RIDGE_CONSTRAINTS)

    def __init__(self, alpha=1.0, *, fit_intercept=True, copy_X=True, max_iter=None, tol=1e-4,
                 solver="auto", positive=False, random_state=None):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.solver = solver
        self.positive = positive
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Fit the penalised least-squares model.

        Args:
            X: array-like or sparse matrix ``(n_samples, n_features)``.
            y: ``(n_samples,)`` or ``(n_samples, n_targets)``.
            sample_weight: float or ``(n_samples,)`` weights, or None.

        Returns:
            self
        """
        self._validate_params()
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc", "coo"],
                             dtype=[np.float64, np.float32], multi_output=True, y_numeric=True)
        return self._fit(X, y, sample_weight)

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.target_tags.multi_output = True
        return tags


def ridge_regression(X, y, alpha, *, sample_weight=None, solver="auto", max_iter=None, tol=1e-4,
                     verbose=0, positive=False, random_state=None, return_n_iter=False,
                     return_intercept=False, check_input=True):
    """Solve ridge regression on ``X``, ``y`` without an estimator object.

    No intercept is fitted unless ``return_intercept=True`` (then ``solver`` must be
    ``"sag"``, ``"saga"`` or ``"auto"``, as in scikit-learn).

    Returns:
        ``coef`` (``(n_features,)`` or ``(n_targets, n_features)``), followed by
        ``n_iter`` and/or ``intercept`` when asked for.

    Example:
        >>> import numpy as np
        >>> ridge_regression(np.eye(2), np.array([1.0, 2.0]), alpha=1.0).round(6).tolist()
        [0.5, 1.0]
    """
    if solver not in _SOLVERS:
        raise ValueError(f"The 'solver' parameter of ridge_regression must be a str among "
                         f"{sorted(_SOLVERS)}. Got {solver!r} instead.")
    if return_intercept and solver == "auto":
        solver = "sag"
    if return_intercept and solver not in ("sag", "saga"):
        raise ValueError("In Ridge, only 'sag' solver can directly fit the intercept. Please "
                         "change solver to 'sag' or set return_intercept=False.")
    if check_input:
        X = check_array(X, accept_sparse=["csr", "csc", "coo"], dtype=[np.float64, np.float32],
                        input_name="X")
        y = check_array(y, dtype=X.dtype, ensure_2d=False, input_name="y")
    check_consistent_length(X, y)
    if sp.issparse(X) and X.format not in ("csr", "csc"):
        X = X.tocsr()
    if sample_weight is not None:
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
    resolved = _resolve_solver(solver, positive, sp.issparse(X), return_intercept and sp.issparse(X))
    if return_intercept and resolved == "sparse_cg":
        resolved = solver
    if return_intercept:
        X, y, X_offset, y_offset, sqrt_weight = _preprocess_data(
            X, y, fit_intercept=True, copy=True, sample_weight=sample_weight)
    else:
        X_offset = y_offset = None
        sqrt_weight = None
        y = np.asarray(y, dtype=X.dtype)
        if sample_weight is not None:
            X = X.copy() if not sp.issparse(X) else X
            X, y, sqrt_weight = _rescale_data(X, y, sample_weight)
    Y = y.reshape(len(y), -1)
    alphas = _check_alphas(alpha, Y.shape[1], X.dtype)
    coef, n_iter = _solve_ridge(X, Y, alphas, resolved, max_iter=max_iter, tol=tol,
                                positive=positive,
                                X_offset=X_offset if return_intercept and sp.issparse(X) else None,
                                sqrt_weight=sqrt_weight)
    coef = coef.ravel() if Y.shape[1] == 1 else coef
    out = [coef]
    if return_n_iter:
        out.append(n_iter)
    if return_intercept:
        intercept = y_offset - X_offset @ coef.T
        out.append(intercept)
    return out[0] if len(out) == 1 else tuple(out)


def _class_sample_weight(class_weight, codes, n_classes):
    """Per-sample weights from ``class_weight`` ("balanced" or a dict over class indices)."""
    counts = np.bincount(codes, minlength=n_classes)
    if class_weight == "balanced":
        per_class = len(codes) / (n_classes * np.maximum(counts, 1))
    else:
        per_class = np.ones(n_classes)
        for index, weight in class_weight.items():
            per_class[index] = weight
    return per_class[codes]


class _RidgeClassifierMixin(LinearClassifierMixin):
    """±1 targets per class (with class weights), scores and labels: shared by the ridge classifiers."""

    def _signed_targets(self, X, y, sample_weight):
        """``(labels, Y, sample_weight)``: ``Y`` holds +1 for a sample's class, -1 elsewhere.

        Binary labels give one column (+1 for ``classes_[1]``), a multilabel indicator
        one column per label. Sets ``classes_``.
        """
        from ..utils.multiclass import check_classification_targets, type_of_target

        check_classification_targets(y)
        self._multilabel = type_of_target(y).startswith("multilabel")
        codes = None
        if self._multilabel:
            y = np.asarray(y.toarray() if sp.issparse(y) else y)
            self.classes_ = np.arange(y.shape[1])
            Y = np.where(y > 0, 1.0, -1.0)
        else:
            y = column_or_1d(y, warn=True)  # a column warns DataConversionWarning
            self.classes_, codes = np.unique(y, return_inverse=True)
            Y = -np.ones((len(y), len(self.classes_)))
            if len(self.classes_) > 1:  # a single class is all "negative", as scikit-learn's
                Y[np.arange(len(y)), codes] = 1.0
            if len(self.classes_) == 2:
                Y = Y[:, 1:]
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        if self.class_weight and codes is not None:
            by_index = self.class_weight
            if isinstance(by_index, dict):
                position = {label: i for i, label in enumerate(self.classes_.tolist())}
                by_index = {position[label]: w for label, w in by_index.items() if label in position}
            sample_weight = sample_weight * _class_sample_weight(by_index, codes, len(self.classes_))
        return y, Y, sample_weight

    def predict(self, X):
        """Class labels ``(n_samples,)`` (or a 0/1 indicator matrix for a multilabel fit)."""
        if getattr(self, "_multilabel", False):
            return (self.decision_function(X) > 0).astype(int)
        return super().predict(X)

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.classifier_tags.multi_label = True
        return tags


class RidgeClassifier(_RidgeClassifierMixin, ClassifierMixin, _BaseRidge, BaseEstimator):
    """Classifier using ridge regression on ±1 targets, one column per class.

    Binary labels become one target (+1 for ``classes_[1]``, -1 for ``classes_[0]``);
    ``k > 2`` classes become ``k`` one-vs-rest targets; a multilabel indicator
    ``y`` becomes one ±1 target per label. The predicted class has the largest score.

    Parameters:
        alpha, fit_intercept, copy_X, max_iter, tol, solver, positive, random_state:
            as ``Ridge``.
        class_weight: None, ``"balanced"`` (``n_samples / (n_classes * count)``) or a
            dict ``{label: weight}``; multiplies ``sample_weight``.

    Attributes:
        coef_: ``(n_features,)`` for two classes, else ``(n_classes, n_features)``
            (scikit-learn's shapes).
        intercept_: ``(1,)`` or ``(n_classes,)``.
        classes_: the sorted class labels.
        n_iter_, solver_, n_features_in_, feature_names_in_: as ``Ridge``.

    Example:
        >>> import numpy as np
        >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
        >>> RidgeClassifier().fit(X, ["a", "a", "b", "b"]).predict([[-3.0], [0.5]]).tolist()
        ['a', 'b']
    """

    _parameter_constraints = {**_RIDGE_CONSTRAINTS, "class_weight": [dict, StrOptions({"balanced"}), None]}

    def __init__(self, alpha=1.0, *, fit_intercept=True, copy_X=True, max_iter=None, tol=1e-4,
                 class_weight=None, solver="auto", positive=False, random_state=None):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.class_weight = class_weight
        self.solver = solver
        self.positive = positive
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Fit one ridge regression per class on ±1 targets.

        Args:
            X: array-like or sparse matrix ``(n_samples, n_features)``.
            y: class labels ``(n_samples,)`` or a multilabel indicator matrix.
            sample_weight: float or ``(n_samples,)`` weights, or None.

        Returns:
            self
        """
        self._validate_params()
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc", "coo"],
                             dtype=[np.float64, np.float32], multi_output=True)
        _, Y, sample_weight = self._signed_targets(X, y, sample_weight)
        self._fit(X, Y, sample_weight)
        return self
