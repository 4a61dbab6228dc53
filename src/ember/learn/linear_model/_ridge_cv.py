"""``RidgeCV``: ridge regression with its penalty chosen by cross-validation.

By default the choice is by leave-one-out, computed exactly and cheaply: one
eigendecomposition serves every candidate ``alpha``. With the (weighted,
centred) design ``Z`` and target ``y``, ridge's fitted values are ``H y`` with
the hat matrix ``H = P_1 + Z (Z^T Z + alpha I)^-1 Z^T`` (``P_1`` projects onto
the intercept direction ``sqrt(sample_weight)``), and the error of the model
fitted without sample ``i`` on sample ``i`` is ``(y_i - (H y)_i) / (1 - H_ii)``.
From ``Z^T Z = V diag(lam) V^T`` (``n_samples > n_features``), ``Z Z^T = Q diag(mu) Q^T``
(otherwise) or the SVD of ``Z`` (``gcv_mode="svd"``), both ``H y`` and ``diag(H)``
cost O(n_samples * rank) per alpha. With ``cv`` given, a ``GridSearchCV`` over
``Ridge(alpha)`` decides instead.
"""

from numbers import Real

import numpy as np
import scipy.sparse as sp
from scipy import linalg

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin
from ..utils import Interval, StrOptions, validate_data
from ..utils.validation import _check_sample_weight
from ._base import LinearModel, _preprocess_data
from ._ridge import Ridge, RidgeClassifier, _RidgeClassifierMixin


class _CentredDesign:
    """``Z = sqrt_weight * X - sqrt_weight m^T`` (``m`` the offset) for dense or sparse ``X``.

    Dense ``X`` arrives centred and reweighted already (``m`` is then zero);
    sparse ``X`` arrives reweighted but uncentred, and ``m`` is applied here.
    """

    def __init__(self, X, offset, sqrt_weight):
        self.X, self.offset, self.sqrt_weight = X, offset, sqrt_weight

    def dot(self, B):  # Z @ B
        out = np.asarray(self.X @ B)
        if self.offset is not None:
            out -= np.outer(self.sqrt_weight, self.offset @ B) if B.ndim == 2 else \
                self.sqrt_weight * (self.offset @ B)
        return out

    def tdot(self, B):  # Z^T @ B
        out = np.asarray(self.X.T @ B)
        if self.offset is not None:
            out -= np.outer(self.offset, self.sqrt_weight @ B) if B.ndim == 2 else \
                self.offset * (self.sqrt_weight @ B)
        return out

    def cov(self):  # Z^T Z
        XtX = self.X.T @ self.X
        XtX = XtX.toarray() if sp.issparse(XtX) else np.asarray(XtX)
        if self.offset is not None:
            Xts = np.asarray(self.X.T @ self.sqrt_weight).ravel()
            XtX = (XtX - np.outer(self.offset, Xts) - np.outer(Xts, self.offset)
                   + (self.sqrt_weight @ self.sqrt_weight) * np.outer(self.offset, self.offset))
        return XtX

    def gram(self):  # Z Z^T
        XXt = self.X @ self.X.T
        XXt = XXt.toarray() if sp.issparse(XXt) else np.asarray(XXt)
        if self.offset is not None:
            Xm = np.asarray(self.X @ self.offset).ravel()
            s = self.sqrt_weight
            XXt = XXt - np.outer(Xm, s) - np.outer(s, Xm) + (self.offset @ self.offset) * np.outer(s, s)
        return XXt


def _spectral_parts(Z, y, mode):
    """From one decomposition: a basis ``B`` of Z's column space, ``B^T y``, eigenvalues
    ``e``, whether ``B`` is orthonormal, and the ridge coefficients as a function of alpha.

    Orthonormal ``B`` (``"svd"``, ``"gram"``): ``H_Z = B diag(e / (e + alpha)) B^T``.
    Otherwise (``"cov"``, ``B = Z V`` unnormalised, no division by small singular
    values): ``H_Z = B diag(1 / (e + alpha)) B^T``.
    """
    if mode == "svd":
        U, s, Vt = linalg.svd(Z.X, full_matrices=False, check_finite=False)
        Uty, s2 = U.T @ y, s**2
        return U, Uty, s2, True, lambda alpha: Vt.T @ _scale(s / (s2 + alpha), Uty)
    if mode == "cov":  # Z^T Z = V diag(lam) V^T
        lam, V = linalg.eigh(Z.cov(), check_finite=False)
        B = Z.dot(V)
        Bty = B.T @ y
        return B, Bty, lam, False, lambda alpha: V @ _scale(1.0 / (lam + alpha), Bty)
    mu, Q = linalg.eigh(Z.gram(), check_finite=False)  # Z Z^T = Q diag(mu) Q^T
    Qty = Q.T @ y
    # (Z^T Z + alpha I)^-1 Z^T = Z^T (Z Z^T + alpha I)^-1
    return Q, Qty, mu, True, lambda alpha: Z.tdot(Q @ _scale(1.0 / (mu + alpha), Qty))


def _scale(factors, B):
    """``diag(factors) @ B`` for 1-D or 2-D ``B``."""
    return factors[:, None] * B if B.ndim == 2 else factors * B


def _leave_one_out(X, y, sqrt_weight, offset, fit_intercept, alphas, mode):
    """Leave-one-out errors (in the weighted space) and coefficients for every alpha.

    Yields ``(errors of y's shape, coef of shape (n_features,) or (n_features, n_targets))``.
    """
    Z = _CentredDesign(X, offset, sqrt_weight)
    B, Bty, eig, orthonormal, coefficients = _spectral_parts(Z, y, mode)
    complete = orthonormal and B.shape[1] == B.shape[0]
    B2 = B * B
    Bts = B.T @ sqrt_weight if fit_intercept else None
    total_weight = sqrt_weight @ sqrt_weight
    for alpha in alphas:
        if complete:
            # B spans every sample direction: I - H_Z = B diag(alpha / (e + alpha)) B^T,
            # which avoids the cancellation in 1 - H_ii when H_ii is close to one
            kept = alpha / (eig + alpha)
            residual = B @ _scale(kept, Bty)
            one_minus_leverage = B2 @ kept
            if fit_intercept:
                # the intercept's leverage s_i^2 / sum(s^2), written as ((I - H_Z) s)_i s_i / sum(s^2)
                # (exactly equal, as Z^T s = 0) so that rounding in Z's null direction cancels
                one_minus_leverage -= (B @ (kept * Bts)) * sqrt_weight / total_weight
        else:
            g = eig / (eig + alpha) if orthonormal else 1.0 / (eig + alpha)
            residual = y - B @ _scale(g, Bty)  # y is centred: no intercept component
            one_minus_leverage = 1.0 - B2 @ g
            if fit_intercept:
                one_minus_leverage -= (sqrt_weight - B @ (g * Bts)) * sqrt_weight / total_weight
        yield _scale(1.0 / one_minus_leverage, residual), coefficients(alpha)


class _IdentityRegressor:
    """Stands in for an estimator whose ``predict`` returns its input: lets a scorer
    score leave-one-out predictions."""

    _estimator_type = "regressor"

    def predict(self, predictions):
        return predictions


class _IdentityClassifier:
    """Likewise for classifier scorers: leave-one-out scores in, the top-scoring column out
    (scikit-learn's convention, including for a single binary column)."""

    _estimator_type = "classifier"

    def __init__(self, n_columns):
        self.classes_ = np.arange(n_columns)

    def decision_function(self, scores):
        return scores

    def predict(self, scores):
        return self.classes_[scores.argmax(axis=1)] if scores.ndim == 2 else (scores > 0).astype(int)


class _BaseRidgeCV(LinearModel):
    """Leave-one-out selection of alpha, or a grid search when ``cv`` is given."""

    def _checked_alphas(self):
        alphas = np.atleast_1d(np.asarray(self.alphas, dtype=np.float64)).ravel()
        for index, alpha in enumerate(alphas):
            name = "alphas" if alphas.size == 1 else f"alphas[{index}]"
            if not np.isfinite(alpha) or alpha < 0 or (alpha == 0 and self.cv is None):
                bound = "> 0.0" if self.cv is None else ">= 0.0"
                raise ValueError(f"{name} == {alpha}, must be {bound}.")
        return alphas

    def _fit_leave_one_out(self, X, y, sample_weight, alphas, given_dtype, classifier=False):
        """Pick alpha by exact leave-one-out on validated float64 ``X``, ``y``; sets the fit."""
        gcv_mode = getattr(self, "gcv_mode", None)
        alpha_per_target = getattr(self, "alpha_per_target", False)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        if sp.issparse(X):
            X = X.tocsr()
        y_original = np.asarray(y, dtype=X.dtype)
        X, y, X_offset, y_offset, sqrt_weight = _preprocess_data(
            X, y, fit_intercept=self.fit_intercept, copy=True, sample_weight=sample_weight)
        n_samples, n_features = X.shape
        if sqrt_weight is None:
            sqrt_weight = np.ones(n_samples, dtype=X.dtype)
        mode = "svd" if gcv_mode == "svd" and not sp.issparse(X) else (
            "gram" if n_samples <= n_features else "cov")
        offset = X_offset if sp.issparse(X) and self.fit_intercept else None
        n_targets = 1 if y.ndim == 1 else y.shape[1]
        scorer = stand_in = None
        if self.scoring is not None:
            from ..model_selection._scoring import check_scoring

            stand_in = _IdentityClassifier(n_targets) if classifier else _IdentityRegressor()
            scorer = check_scoring(stand_in, self.scoring)
        per_target = alpha_per_target and n_targets > 1
        results = [] if self.store_cv_results else None
        best_score = best_alpha = best_coef = None
        for alpha, (errors, coef) in zip(alphas, _leave_one_out(
                X, y, sqrt_weight, offset, self.fit_intercept, alphas, mode)):
            if scorer is None:
                squared = errors**2
                score = -squared.mean(axis=0) if per_target else -squared.mean()
                stored = squared
            else:
                predictions = y - errors
                predictions = predictions / (sqrt_weight[:, None] if y.ndim == 2 else sqrt_weight)
                predictions = predictions + y_offset
                stored = predictions
                weight = {} if sample_weight is None else {"sample_weight": sample_weight}
                if classifier:
                    score = scorer(stand_in, predictions, y_original.argmax(axis=1), **weight)
                elif per_target:
                    score = np.array([scorer(stand_in, predictions[:, t], y_original[:, t], **weight)
                                      for t in range(n_targets)])
                else:
                    score = scorer(stand_in, predictions, y_original, **weight)
            if results is not None:
                results.append(stored)
            if best_score is None:
                best_score, best_coef = np.array(score, dtype=float), np.array(coef)
                best_alpha = np.full(n_targets, alpha) if per_target else alpha
            elif per_target:
                better = score > best_score
                best_coef[:, better] = coef[:, better]
                best_score[better] = score[better]
                best_alpha[better] = alpha
            elif score > best_score:
                best_score, best_coef, best_alpha = np.array(score, dtype=float), np.array(coef), alpha
        self.alpha_ = best_alpha
        self.best_score_ = best_score if per_target else float(best_score)
        self.coef_ = best_coef.T if best_coef.ndim == 2 else best_coef
        if self.coef_.ndim == 2 and self.coef_.shape[0] == 1:
            self.coef_ = self.coef_.ravel()
        self._set_intercept(X_offset, y_offset)
        if results is not None:
            self.cv_results_ = np.stack(results, axis=-1)
        if given_dtype is not None and given_dtype.kind == "f" and given_dtype != np.float64:
            self.coef_ = self.coef_.astype(given_dtype)
            if type(self.intercept_) is not float:  # 0.0 without an intercept stays a float
                self.intercept_ = (self.intercept_.astype(given_dtype) if np.ndim(self.intercept_)
                                   else given_dtype.type(self.intercept_))
            if results is not None:
                self.cv_results_ = self.cv_results_.astype(given_dtype)
        return self

    def _fit_search(self, X, y, sample_weight, alphas, model):
        if self.store_cv_results:
            raise ValueError("cv!=None and store_cv_results=True are incompatible")
        if getattr(self, "alpha_per_target", False):
            raise ValueError("cv!=None and alpha_per_target=True are incompatible")
        from ..model_selection import GridSearchCV

        solver = "sparse_cg" if sp.issparse(X) else "auto"
        search = GridSearchCV(model(fit_intercept=self.fit_intercept, solver=solver),
                              {"alpha": list(alphas)}, cv=self.cv, scoring=self.scoring)
        params = {} if sample_weight is None else {"sample_weight": sample_weight}
        search.fit(X, y, **params)
        best = search.best_estimator_
        self.alpha_, self.best_score_ = best.alpha, search.best_score_
        self.coef_, self.intercept_ = best.coef_, best.intercept_
        self.n_features_in_ = best.n_features_in_
        if hasattr(best, "feature_names_in_"):
            self.feature_names_in_ = best.feature_names_in_
        return self


_CV_CONSTRAINTS = {
    "alphas": ["array-like", Interval(Real, 0, None, closed="neither")],
    "fit_intercept": ["boolean"],
    "scoring": [str, callable, None],
    "store_cv_results": ["boolean"],
}


class RidgeCV(RegressorMixin, _BaseRidgeCV, BaseEstimator):
    """Ridge regression whose ``alpha`` is picked from ``alphas`` by cross-validation.

    Parameters:
        alphas: candidate penalties (strictly positive for leave-one-out).
        fit_intercept: fit an unpenalised ``intercept_``.
        scoring: None (leave-one-out: minus the mean squared error; with ``cv``: R^2),
            a metric name or a callable ``scorer(estimator, X, y)``.
        cv: None for efficient leave-one-out, else anything ``GridSearchCV`` accepts.
        gcv_mode: None/"auto"/"eigen" (eigendecomposition of the smaller of ``X^T X``
            and ``X X^T``) or "svd" (SVD of dense ``X``), for leave-one-out.
        store_cv_results: keep ``cv_results_`` (leave-one-out only).
        alpha_per_target: choose one alpha per target (leave-one-out only).

    Attributes:
        alpha_: the chosen alpha (an array with ``alpha_per_target``).
        best_score_: its score.
        coef_, intercept_: of ridge fitted on all data with ``alpha_``.
        cv_results_: ``(n_samples, n_alphas)`` or ``(n_samples, n_targets, n_alphas)``
            squared leave-one-out errors (with ``scoring=None``) or predictions.
        n_features_in_, feature_names_in_: as every estimator.

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> X = rng.standard_normal((50, 3))
        >>> y = X @ np.array([1.0, 2.0, 0.0]) + 0.1 * rng.standard_normal(50)
        >>> float(RidgeCV(alphas=[0.01, 1.0, 100.0]).fit(X, y).alpha_)
        0.01
    """

    _parameter_constraints = {**_CV_CONSTRAINTS,
                              "gcv_mode": [StrOptions({"auto", "svd", "eigen"}), None],
                              "alpha_per_target": ["boolean"]}

    def __init__(self, alphas=(0.1, 1.0, 10.0), *, fit_intercept=True, scoring=None, cv=None,
                 gcv_mode=None, store_cv_results=False, alpha_per_target=False):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.scoring = scoring
        self.cv = cv
        self.gcv_mode = gcv_mode
        self.store_cv_results = store_cv_results
        self.alpha_per_target = alpha_per_target

    def fit(self, X, y, sample_weight=None):
        """Choose ``alpha`` by cross-validation and fit ridge with it on all data.

        Args:
            X: array-like or sparse matrix ``(n_samples, n_features)``.
            y: ``(n_samples,)`` or ``(n_samples, n_targets)``.
            sample_weight: float or ``(n_samples,)`` weights, or None.

        Returns:
            self
        """
        self._validate_params()
        alphas = self._checked_alphas()
        if self.cv is not None:
            return self._fit_search(X, y, sample_weight, alphas, Ridge)
        # solved in float64 (the leave-one-out formulas lose too much in float32),
        # results returned in the input's float dtype, as scikit-learn does
        given_dtype = getattr(X, "dtype", None)
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc", "coo"], dtype=np.float64,
                             multi_output=True, y_numeric=True)
        return self._fit_leave_one_out(X, y, sample_weight, alphas, given_dtype)

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.target_tags.multi_output = True
        return tags


class RidgeClassifierCV(_RidgeClassifierMixin, ClassifierMixin, _BaseRidgeCV, BaseEstimator):
    """``RidgeClassifier`` whose ``alpha`` is picked by cross-validation (leave-one-out by default).

    The ±1 targets of ``RidgeClassifier`` are fitted as in ``RidgeCV``; with
    ``scoring=None`` leave-one-out picks the alpha of the smallest mean squared
    error on those targets, with ``cv`` a ``GridSearchCV`` on accuracy.

    Parameters:
        alphas, fit_intercept, scoring, cv, store_cv_results: as ``RidgeCV``.
        class_weight: None, ``"balanced"`` or ``{label: weight}``, as ``RidgeClassifier``.

    Attributes:
        alpha_, best_score_, coef_, intercept_, classes_, cv_results_,
        n_features_in_, feature_names_in_: as ``RidgeCV`` and ``RidgeClassifier``.

    Example:
        >>> import numpy as np
        >>> X = np.array([[-2.0], [-1.5], [-1.0], [1.0], [1.5], [2.0]])
        >>> model = RidgeClassifierCV(alphas=[0.1, 10.0]).fit(X, [0, 0, 0, 1, 1, 1])
        >>> float(model.alpha_), model.predict([[-3.0], [0.5]]).tolist()
        (0.1, [0, 1])
    """

    _parameter_constraints = {**_CV_CONSTRAINTS,
                              "class_weight": [dict, StrOptions({"balanced"}), None]}

    def __init__(self, alphas=(0.1, 1.0, 10.0), *, fit_intercept=True, scoring=None, cv=None,
                 class_weight=None, store_cv_results=False):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.scoring = scoring
        self.cv = cv
        self.class_weight = class_weight
        self.store_cv_results = store_cv_results

    def fit(self, X, y, sample_weight=None):
        """Choose ``alpha`` by cross-validation and fit the ridge classifier with it.

        Args:
            X: array-like or sparse matrix ``(n_samples, n_features)``.
            y: class labels ``(n_samples,)`` (or a multilabel indicator matrix).
            sample_weight: float or ``(n_samples,)`` weights, or None.

        Returns:
            self
        """
        self._validate_params()
        alphas = self._checked_alphas()
        given_dtype = getattr(X, "dtype", None)
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc", "coo"], dtype=np.float64,
                             multi_output=True)
        y, Y, sample_weight = self._signed_targets(X, y, sample_weight)
        if self.cv is not None:
            classes, multilabel = self.classes_, self._multilabel
            self._fit_search(X, y, sample_weight, alphas, RidgeClassifier)
            self.classes_, self._multilabel = classes, multilabel
            return self
        return self._fit_leave_one_out(X, Y, sample_weight, alphas, given_dtype, classifier=True)
