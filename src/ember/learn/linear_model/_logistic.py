"""Logistic regression: binary and multinomial (softmax), fitted by L-BFGS, Newton-CG or SAGA.

The objective is scikit-learn's: the weighted mean of the per-sample losses
plus an L2 penalty on the coefficients (never the intercept),

    (1 / sum(s)) * sum_i s_i * loss_i  +  ||W||^2 / (2 * C * sum(s)),

where ``s`` are the sample weights times the class weights. For two classes
``loss_i = log(1 + exp(z_i)) - y_i * z_i`` with ``z = X w + b``; for more, the
cross-entropy of ``softmax(X W + b)`` with one coefficient row per class.
Loss and gradient come out of one pass (two matrix products), so the
optimiser sees exact values; the same tolerances as scikit-learn's give the
same coefficients. SAGA (compiled epochs) adds the L1 and elastic-net penalties
``l1_ratio * ||W||_1 / C`` against the summed loss.
"""

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, ClassifierMixin
from ..exceptions import ConvergenceWarning, compatible
from ..utils._param_validation import Interval, StrOptions
from ..utils.multiclass import check_classification_targets
from ..utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    check_random_state,
    validate_data,
)
from ._linear_classifier import LinearClassifierMixin, SparseCoefMixin, _class_weights

_SOLVER_HINT = (
    "Please also refer to the documentation for alternative solver options:\n"
    "    https://scikit-learn.org/stable/modules/linear_model.html#logistic-regression"
)



def _row_reduce(ufunc, matrix):
    """``ufunc.reduce(matrix, axis=1, keepdims=True)``, column by column when there are
    few columns (NumPy's reduction along a short contiguous axis is ~10x slower)."""
    if matrix.shape[1] > 16:
        return ufunc.reduce(matrix, axis=1, keepdims=True)
    out = matrix[:, 0].copy()
    for j in range(1, matrix.shape[1]):
        ufunc(out, matrix[:, j], out=out)
    return out[:, None]

class _LogisticObjective:
    """Loss, gradient and Hessian-vector products of (multinomial) logistic regression.

    The parameters are one flat vector, the ravel of an ``(n_features + 1, k)``
    array (last row: intercepts, present when ``fit_intercept``), ``k = 1``
    for the binary model, ``k = n_classes`` for the multinomial one.
    """

    def __init__(self, X, target, weight, l2, fit_intercept, n_outputs):
        self.X, self.weight, self.l2 = X, weight, l2
        self.fit_intercept, self.k = fit_intercept, n_outputs
        self.n_features = X.shape[1]
        self.weight_sum = float(weight.sum())
        # per-sample weights already divided by their sum, as a column for broadcasting
        self.scaled_weight = (weight / self.weight_sum)[:, None]
        if n_outputs == 1:
            self.target = target.astype(np.float64)[:, None]
        else:
            self.codes = target.astype(np.intp)
        self._hessian_diagonal = None

    def _split(self, w):
        W = w.reshape(-1, self.k)
        return (W[: self.n_features], W[self.n_features]) if self.fit_intercept else (W, 0.0)

    def _scores(self, coef, intercept):
        scores = self.X @ coef
        if self.fit_intercept:
            scores += intercept
        return scores

    def _gradient_from(self, pointwise, coef):
        """Gradient parameters from the per-sample score gradients (already weighted)."""
        # (P^T X)^T runs a wide GEMM; X^T P with few classes is a slow skinny one
        grad_coef = (pointwise.T @ self.X).T if not sp.issparse(self.X) else self.X.T @ pointwise
        grad_coef = np.asarray(grad_coef) + self.l2 * coef
        if self.fit_intercept:
            return np.vstack([grad_coef, pointwise.sum(axis=0)]).ravel()
        return grad_coef.ravel()

    def loss_gradient(self, w):
        coef, intercept = self._split(w)
        scores = self._scores(coef, intercept)
        penalty = 0.5 * self.l2 * float(np.vdot(coef, coef))
        if self.k == 1:
            # log(1 + e^z) - y z, and its derivative sigmoid(z) - y, both overflow-free
            softplus = np.logaddexp(0.0, scores)
            losses = softplus - self.target * scores
            pointwise = np.exp(scores - softplus)  # sigmoid(z)
            pointwise -= self.target
        else:
            scores -= _row_reduce(np.maximum, scores)
            exp_scores = np.exp(scores)
            totals = _row_reduce(np.add, exp_scores)
            rows = np.arange(len(scores))
            losses = np.log(totals[:, 0]) - scores[rows, self.codes]
            exp_scores /= totals
            pointwise = exp_scores
            pointwise[rows, self.codes] -= 1.0
        loss = float(np.dot(self.scaled_weight[:, 0], losses.ravel())) + penalty
        pointwise *= self.scaled_weight
        return loss, self._gradient_from(pointwise, coef)

    def loss(self, w):
        return self.loss_gradient(w)[0]

    def gradient(self, w):
        return self.loss_gradient(w)[1]

    def prepare_hessian(self, w):
        """Store what the Hessian at ``w`` needs: the probabilities of each sample."""
        coef, intercept = self._split(w)
        scores = self._scores(coef, intercept)
        if self.k == 1:
            from scipy.special import expit

            p = expit(scores)
            self._hessian_diagonal = p * (1.0 - p) * self.scaled_weight
        else:
            scores -= scores.max(axis=1, keepdims=True)
            p = np.exp(scores)
            p /= p.sum(axis=1, keepdims=True)
            self._hessian_diagonal = p
        self._hessian_at = w.copy()

    def hessian_product(self, w, v):
        if self._hessian_diagonal is None or not np.array_equal(w, self._hessian_at):
            self.prepare_hessian(w)
        v_coef, v_intercept = self._split(v)
        directional = self._scores(v_coef, v_intercept)
        if self.k == 1:
            pointwise = self._hessian_diagonal * directional
        else:
            p = self._hessian_diagonal
            pointwise = p * directional
            pointwise -= p * pointwise.sum(axis=1, keepdims=True)
            pointwise *= self.scaled_weight
        return self._gradient_from(pointwise, v_coef)


class LogisticRegression(LinearClassifierMixin, SparseCoefMixin, ClassifierMixin, BaseEstimator):
    """Logistic regression (logit, maximum-entropy) classifier with an L2 penalty.

    Two classes: one weight vector, ``P(classes_[1] | x) = sigmoid(x w + b)``.
    More classes: the multinomial (softmax) model with one weight row per
    class. The penalty is ``||W||^2 / (2 C)`` against the summed log-loss
    (smaller ``C``, stronger regularisation).

    Parameters:
        penalty: deprecated since scikit-learn 1.8 (use ``l1_ratio`` and ``C``);
            ``"l2"``, ``"l1"``, ``"elasticnet"`` (these two with ``solver="saga"``)
            or None (no penalty, same as ``C=np.inf``).
        C: inverse of the regularisation strength (positive; ``np.inf``: none).
        l1_ratio: the L1 share of the penalty: 0 (L2, default), 1 (L1) or between
            (elastic net); above 0 needs ``solver="saga"``.
        dual: only False (the primal problem) is supported.
        tol: stop when the largest gradient component is below ``tol``.
        fit_intercept: whether to fit the intercept(s).
        intercept_scaling: kept for compatibility (liblinear only).
        class_weight: None, ``"balanced"`` or a dict ``{label: weight}``.
        random_state: seed of the samples "saga" draws (unused by the other solvers).
        solver: ``"lbfgs"`` (default), ``"newton-cg"`` or ``"saga"`` (any penalty;
            stops when an epoch changes no parameter by more than ``tol`` relative).
        max_iter: maximum number of solver iterations.
        verbose: unused.
        warm_start: start from the previous fit's coefficients.
        n_jobs: unused (deprecated in scikit-learn 1.8).
        multi_class: the books' (scikit-learn 0.22) option: ``"multinomial"``
            or ``"auto"`` (today's behaviour) or ``"ovr"`` (one binary
            model per class, probabilities normalised). Deprecated.

    Attributes:
        classes_: ``(n_classes,)`` the class labels.
        coef_: ``(1, n_features)`` for two classes, else ``(n_classes, n_features)``.
        intercept_: ``(1,)`` or ``(n_classes,)``.
        n_iter_: ``(1,)`` iterations of the solver (``(n_classes,)`` for "ovr").
        n_features_in_, feature_names_in_: the input features seen in ``fit``.

    Example:
        >>> from ember.learn.datasets import load_iris
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=200).fit(X, y)
        >>> model.coef_.shape, round(model.score(X, y), 2)
        ((3, 4), 0.97)
    """

    _parameter_constraints = {
        "penalty": [StrOptions({"l1", "l2", "elasticnet", "deprecated"}), None],
        "C": [Interval(Real, 0, None, closed="right")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), None],
        "dual": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "intercept_scaling": [Interval(Real, 0, None, closed="neither")],
        "class_weight": [dict, StrOptions({"balanced"}), None],
        "random_state": ["random_state"],
        "solver": [StrOptions({"lbfgs", "newton-cg", "saga"})],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "verbose": [Interval(Integral, 0, None, closed="left"), "boolean"],
        "warm_start": ["boolean"],
        "n_jobs": [None, Integral],
        "multi_class": [StrOptions({"auto", "multinomial", "ovr", "deprecated"})],
    }

    def __init__(self, penalty="deprecated", *, C=1.0, l1_ratio=0.0, dual=False, tol=1e-4,
                 fit_intercept=True, intercept_scaling=1, class_weight=None, random_state=None,
                 solver="lbfgs", max_iter=100, verbose=0, warm_start=False, n_jobs=None,
                 multi_class="deprecated"):
        self.penalty = penalty
        self.C = C
        self.l1_ratio = l1_ratio
        self.dual = dual
        self.tol = tol
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.class_weight = class_weight
        self.random_state = random_state
        self.solver = solver
        self.max_iter = max_iter
        self.verbose = verbose
        self.warm_start = warm_start
        self.n_jobs = n_jobs
        self.multi_class = multi_class

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        return tags

    def _penalty(self):
        """``(C, l1_ratio)`` of the penalty actually used, after the deprecated ``penalty``
        argument (with scikit-learn 1.9's warnings and errors)."""
        l1_ratio = 0.0 if self.l1_ratio is None else float(self.l1_ratio)
        if self.penalty == "deprecated":
            penalty = "l2" if l1_ratio == 0 else "l1" if l1_ratio == 1 else "elasticnet"
            C = self.C
        else:
            warnings.warn(
                "'penalty' was deprecated in version 1.8 and will be removed in 1.10. To avoid "
                "this warning, leave 'penalty' set to its default value and use 'l1_ratio' or "
                "'C' instead. Use l1_ratio=0 instead of penalty='l2', l1_ratio=1 instead of "
                "penalty='l1', l1_ratio set to a float between 0 and 1 instead of "
                "penalty='elasticnet', and C=np.inf instead of penalty=None.",
                FutureWarning,
            )
            penalty, C = self.penalty, self.C
            if penalty is None:
                if self.C != 1.0:
                    warnings.warn("Setting penalty=None will ignore the C and l1_ratio parameters")
                C = np.inf
            l1_ratio = {"l1": 1.0, "l2": 0.0, None: 0.0}.get(penalty, l1_ratio)
        if self.solver != "saga" and penalty not in ("l2", None) and C != np.inf:
            raise ValueError(
                f"Solver {self.solver} supports only 'l2' or None penalties, got {penalty} penalty."
            )
        return C, (0.0 if C == np.inf else l1_ratio)

    def fit(self, X, y, sample_weight=None):
        """Fit the model to ``X`` (array-like or sparse, ``(n_samples, n_features)``) and ``y``.

        ``sample_weight`` (``(n_samples,)``) weighs each sample's loss. Returns ``self``.
        """
        self._validate_params()
        C, l1_ratio = self._penalty()
        if self.dual:
            raise ValueError(f"Solver {self.solver} supports only dual=False, got dual={self.dual}")
        if self.n_jobs is not None:
            warnings.warn(
                "'n_jobs' has no effect since 1.8 and will be removed in 1.10. You provided "
                f"'n_jobs={self.n_jobs}', please leave it unspecified.", FutureWarning)
        multi_class = self.multi_class
        if multi_class != "deprecated":
            warnings.warn(
                "'multi_class' was deprecated in version 1.5 and removed in 1.8 of "
                "scikit-learn. From then on, it always uses 'multinomial' for more than two "
                "classes; use OneVsRestClassifier(LogisticRegression()) for one-vs-rest.",
                FutureWarning)
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=np.float64, order="C")
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        n_classes = len(self.classes_)
        if n_classes < 2:
            raise ValueError(
                "This solver needs samples of at least 2 classes in the data, but the data "
                f"contains only one class: {self.classes_[0]!r}"
            )
        weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        if self.class_weight is not None:
            per_class = _class_weights(self.class_weight, self.classes_, y, sample_weight)
            weight = weight * per_class[codes]
        l2 = 0.0 if C == np.inf else (1.0 - l1_ratio) / (C * float(weight.sum()))
        l1_strength = 0.0 if C == np.inf else l1_ratio / C

        n_dof = X.shape[1] + int(self.fit_intercept)
        start = self._warm_start_parameters(n_classes, X.shape[1])
        if n_classes == 2 or multi_class == "ovr":
            problems = [(codes == 1)] if n_classes == 2 else [codes == k for k in range(n_classes)]
            solutions, iterations = [], []
            for k, positive in enumerate(problems):
                objective = _LogisticObjective(X, positive, weight, l2, self.fit_intercept, 1)
                w0 = np.zeros(n_dof) if start is None else start[k].copy()
                w, n_iter = self._minimize(objective, w0, l1_strength)
                solutions.append(w)
                iterations.append(n_iter)
            parameters = np.vstack(solutions)  # (n_models, n_dof)
        else:
            objective = _LogisticObjective(X, codes, weight, l2, self.fit_intercept, n_classes)
            w0 = np.zeros((n_dof, n_classes)) if start is None else start.T.copy()
            w, n_iter = self._minimize(objective, w0.ravel(), l1_strength)
            parameters = w.reshape(n_dof, n_classes).T
            iterations = [n_iter]
        self.n_iter_ = np.asarray(iterations, dtype=np.int32)
        self.coef_ = np.ascontiguousarray(parameters[:, : X.shape[1]])
        self.intercept_ = (parameters[:, -1].copy() if self.fit_intercept
                           else np.zeros(parameters.shape[0]))
        return self

    def _warm_start_parameters(self, n_classes, n_features):
        """The previous fit's ``[coef_ | intercept_]`` rows when warm-starting, else None."""
        if not self.warm_start or not hasattr(self, "coef_"):
            return None
        coef = self.coef_.toarray() if sp.issparse(self.coef_) else np.asarray(self.coef_)
        n_rows = 1 if n_classes == 2 else n_classes
        if coef.shape != (n_rows, n_features):
            raise ValueError(
                f"Initialization coef is of shape {coef.shape}, expected shape "
                f"{(n_rows, n_features)}"
            )
        if self.fit_intercept:
            return np.hstack([coef, np.asarray(self.intercept_).reshape(-1, 1)])
        return coef.copy()

    def _minimize(self, objective, w0, l1_strength=0.0):
        """Minimise ``objective`` (plus ``l1_strength * ||W||_1``, saga only) from ``w0`` with
        the chosen solver; returns ``(w, n_iter)``."""
        from scipy import optimize

        if self.solver == "saga":
            return self._saga(objective, w0, l1_strength)
        if self.solver == "lbfgs":
            result = optimize.minimize(
                objective.loss_gradient, w0, method="L-BFGS-B", jac=True,
                options={"maxiter": self.max_iter, "maxls": 50, "gtol": self.tol,
                         "ftol": 64 * np.finfo(float).eps},
            )
            n_iter = min(result.nit, self.max_iter)
            if result.status != 0:
                message = (f"lbfgs failed to converge after {n_iter} iteration(s) "
                           f"(status={result.status}):\n{result.message}\n")
                if n_iter == self.max_iter:
                    message += ("\nIncrease the number of iterations to improve the "
                                f"convergence (max_iter={self.max_iter}).")
                message += ("\nYou might also want to scale the data as shown in:\n"
                            "    https://scikit-learn.org/stable/modules/preprocessing.html\n"
                            + _SOLVER_HINT)
                warnings.warn(message, compatible(ConvergenceWarning), stacklevel=3)
            return result.x, n_iter
        return self._newton_cg(objective, w0)

    def _newton_cg(self, objective, w0):
        """SciPy's truncated Newton (Newton-CG) with exact Hessian-vector products, stopped
        (as scikit-learn's) once the largest gradient component is at most ``tol``."""
        from scipy import optimize

        if self.max_iter == 0:
            return w0, 0
        if np.max(np.abs(objective.gradient(w0))) <= self.tol:
            return w0, 0
        state = {"n_iter": 0, "converged": False}

        def stop_when_flat(intermediate_result):
            state["n_iter"] += 1
            if np.max(np.abs(objective.gradient(intermediate_result.x))) <= self.tol:
                state["converged"] = True
                raise StopIteration

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", optimize.OptimizeWarning)
            result = optimize.minimize(
                objective.loss_gradient, w0, method="Newton-CG", jac=True,
                hessp=objective.hessian_product, callback=stop_when_flat,
                options={"maxiter": self.max_iter, "xtol": 1e-16},
            )
        if not state["converged"]:
            warnings.warn(
                f"newton-cg failed to converge after {state['n_iter']} iteration(s). Increase "
                "the number of iterations.", compatible(ConvergenceWarning), stacklevel=3)
        return result.x, state["n_iter"]

    def _saga(self, objective, w0, l1_strength):
        """SAGA epochs (compiled) on the same optimum, written as scikit-learn's saga writes it:
        ``(1/n) sum_i s_i loss_i + alpha/2 ||W||^2 + beta ||W||_1`` with ``alpha``, ``beta``
        the penalty over ``C n``. Stops when an epoch moves no parameter by more than ``tol``
        times the largest parameter."""
        from . import _sgd_kernels as kernels

        X, k, n_samples = objective.X, objective.k, objective.X.shape[0]
        n_features = objective.n_features
        W = w0.reshape(-1, k)
        coef = np.ascontiguousarray(W[:n_features])
        intercept = W[n_features].copy() if self.fit_intercept else np.zeros(k)
        labels = (objective.target[:, 0] if k == 1 else objective.codes).astype(np.float64)
        weight = objective.weight
        alpha = objective.l2 * objective.weight_sum / n_samples
        beta = l1_strength / n_samples
        if sp.issparse(X):
            dense, data = np.empty((0, 0)), np.ascontiguousarray(X.data, dtype=np.float64)
            indices, indptr = X.indices.astype(np.int32), X.indptr.astype(np.int32)
            squared_norms = np.asarray(X.multiply(X).sum(axis=1)).ravel()
        else:
            dense, data = X, np.empty(0)
            indices = indptr = np.empty(0, dtype=np.int32)
            squared_norms = np.einsum("ij,ij->i", X, X)
        # the step of scikit-learn's saga for the log-loss (1/4-smooth), made safe for weights
        smoothness = 0.25 * (squared_norms.max() + int(self.fit_intercept)) * weight.max() + alpha
        step = 1.0 / (2.0 * smoothness + min(2.0 * n_samples * alpha, smoothness))
        memory = np.zeros((n_samples, k))
        gradient_sum, intercept_sum = np.zeros((n_features, k)), np.zeros(k)
        rng = check_random_state(self.random_state)
        converged, n_iter = False, 0
        for n_iter in range(1, self.max_iter + 1):
            picks = rng.randint(0, n_samples, n_samples)
            before, intercept_before = coef.copy(), intercept.copy()
            kernels.saga_epoch(coef, intercept, memory, gradient_sum, intercept_sum, dense, data,
                               indices, indptr, sp.issparse(X), labels, weight, picks, step,
                               alpha, beta, bool(self.fit_intercept))
            change = max(np.abs(coef - before).max(), np.abs(intercept - intercept_before).max())
            largest = max(np.abs(coef).max(), np.abs(intercept).max())
            if change <= self.tol * largest or change == 0.0:
                converged = True
                break
        if not converged:
            warnings.warn("The max_iter was reached which means the coef_ did not converge",
                          compatible(ConvergenceWarning), stacklevel=3)
        parameters = np.vstack([coef, intercept]) if self.fit_intercept else coef
        return parameters.ravel(), n_iter

    def predict_proba(self, X):
        """Class probabilities ``(n_samples, n_classes)``, columns ordered as ``classes_``:
        the sigmoid for two classes, the softmax of the scores for more ("ovr": normalised
        sigmoids)."""
        check_is_fitted(self)
        if len(self.classes_) == 2 or self.multi_class == "ovr":
            return self._predict_proba_lr(X)
        scores = self.decision_function(X)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def predict_log_proba(self, X):
        """The logarithm of ``predict_proba(X)``."""
        return np.log(self.predict_proba(X))
