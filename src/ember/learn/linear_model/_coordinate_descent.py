"""Lasso and elastic net by cyclic coordinate descent (HOML chapter 4, "Lasso", "Elastic Net").

The objective, per target, is scikit-learn's::

    1 / (2 n_samples) ||y - X w - b||^2 + alpha l1_ratio ||w||_1
        + alpha (1 - l1_ratio) / 2 ||w||^2

(rows weighted by ``sample_weight``, rescaled to sum to ``n_samples``). Data
are centred for the intercept as in every linear model here, the penalties
are multiplied by ``n_samples`` and the compiled kernels in ``_cd_kernels``
do the sweeps; they are imported on the first fit, so importing this module
does not load Numba.
"""

import numbers
import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, RegressorMixin
from ..exceptions import ConvergenceWarning, compatible
from ..utils import Interval, StrOptions, check_array, check_random_state, validate_data
from ..utils.validation import _check_sample_weight
from ._base import LinearModel, _preprocess_data

_RAND_R_MAX = 2147483647

_NOT_CONVERGED = ("Objective did not converge. You might want to increase the number of "
                  "iterations, check the scale of the features or consider increasing "
                  "regularisation.")
_RIDGE_ADVICE = ("Linear regression models with a zero l1 penalization strength are more "
                 "efficiently fitted using one of the solvers implemented in "
                 "sklearn.linear_model.Ridge/RidgeCV instead.")


def _kernels():
    from . import _cd_kernels  # Numba is loaded here, on first use

    return _cd_kernels


def _descend(w, l1_reg, l2_reg, *, X, y, gram, Xy, sample_weight, X_mean, max_iter, tol, rng,
             random, positive):
    """One coordinate-descent solve from ``w`` (updated in place); returns ``(gap, n_iter)``.

    Dense ``X`` uses ``gram``/``Xy`` when given; sparse ``X`` is CSC with
    ``X_mean`` its (weighted) column means, centred implicitly.
    """
    kernels = _kernels()
    seed = rng.randint(0, _RAND_R_MAX)  # drawn as scikit-learn does, one per solve
    if sp.issparse(X):
        weighted = sample_weight is not None
        weight = sample_weight if weighted else np.ones(1, dtype=X.dtype)
        gap, scaled_tol, n_iter, converged = kernels.enet_sparse(
            w, l1_reg, l2_reg, X.data, X.indices, X.indptr, y, weight, weighted, X_mean, max_iter,
            tol, seed, random, positive, True)
    elif gram is not None:
        gap, scaled_tol, n_iter, converged = kernels.enet_gram(
            w, l1_reg, l2_reg, gram, Xy, float(y @ y), max_iter, tol, seed, random, positive, True)
    else:
        gap, scaled_tol, n_iter, converged = kernels.enet_dense(
            w, l1_reg, l2_reg, X, y, max_iter, tol, seed, random, positive, True)
    if not converged:
        message = f"{_NOT_CONVERGED} Duality gap: {gap:.6e}, tolerance: {scaled_tol:.3e}"
        if l1_reg < np.finfo(np.float64).eps:
            message += "\n" + _RIDGE_ADVICE
        warnings.warn(message, compatible(ConvergenceWarning), stacklevel=3)
    return gap, n_iter


def _gram_and_Xy(X, y, precompute, n_samples, n_features):
    """The Gram matrix to use (or None) and ``X^T y`` for it."""
    if precompute is False or sp.issparse(X):
        return None, None
    if isinstance(precompute, str) and precompute == "auto":
        precompute = n_samples > n_features
        if not precompute:
            return None, None
    if precompute is True:
        gram = np.ascontiguousarray(X.T @ X)
    else:
        gram = check_array(precompute, dtype=X.dtype, order="C", input_name="precompute")
        if gram.shape != (n_features, n_features):
            raise ValueError(f"precompute must be a Gram matrix of shape ({n_features}, "
                             f"{n_features}) for X with {n_features} features, got {gram.shape}")
        _check_gram_element(X, gram)
    Xy = np.ascontiguousarray((y.T @ X).T)
    return gram, Xy


def _check_gram_element(X, gram):
    """Check one off-diagonal element of a user-supplied Gram matrix against the (centred) X."""
    first = X.shape[1] // 2
    second = min(first + 1, X.shape[1] - 1)
    expected = float(X[:, first] @ X[:, second])
    rtol = 1e-4 if np.float32 in (X.dtype, gram.dtype) else 1e-7
    if not np.isclose(expected, gram[first, second], rtol=rtol, atol=1e-5):
        raise ValueError(
            "Gram matrix passed in via 'precompute' parameter did not pass validation when a "
            f"single element was checked - please check that it was computed properly. For "
            f"element ({first},{second}) we computed {expected} but the user-supplied value "
            f"was {gram[first, second]}.")


class ElasticNet(RegressorMixin, LinearModel, BaseEstimator):
    """Linear regression with combined L1 and L2 penalties, fitted by coordinate descent.

    Minimises ``1/(2 n) ||y - Xw - b||^2 + alpha * l1_ratio * ||w||_1
    + 0.5 * alpha * (1 - l1_ratio) * ||w||^2``.

    Parameters:
        alpha: overall penalty strength, ``>= 0`` (0 is ordinary least squares, better
            fitted by ``LinearRegression``).
        l1_ratio: the mix ``r`` in [0, 1]: 1 is the Lasso, 0 ridge.
        fit_intercept: fit an unpenalised ``intercept_``.
        precompute: use the Gram matrix ``X^T X`` (True), not (False), or the given
            ``(n_features, n_features)`` array; dense ``X`` only.
        max_iter: maximum number of sweeps over the coordinates.
        copy_X: work on a copy of ``X`` (otherwise dense ``X`` may be centred in place).
        tol: stop when the duality gap is below ``tol * ||y||^2`` (checked when the
            largest coefficient change of a sweep is below ``tol`` relative).
        warm_start: start from the previous ``coef_``.
        positive: constrain the coefficients to be non-negative.
        random_state: seed of the coordinate order when ``selection="random"``.
        selection: ``"cyclic"`` or ``"random"`` coordinate order.

    Attributes:
        coef_: ``(n_features,)`` or ``(n_targets, n_features)``.
        sparse_coef_: ``coef_`` as a SciPy sparse matrix.
        intercept_: float or ``(n_targets,)``.
        n_iter_: sweeps run (a list, one per target, for 2-D ``y``).
        dual_gap_: final duality gap(s), divided by ``n_samples``.
        n_features_in_, feature_names_in_: as every estimator.

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
        >>> y = np.array([0.0, 1.0, 2.0, 3.0])
        >>> model = ElasticNet(alpha=0.1, l1_ratio=0.5).fit(X, y)
        >>> model.coef_.round(4).tolist(), round(float(model.intercept_), 4)
        ([0.9231, -0.0], 0.1154)
    """

    _parameter_constraints = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "fit_intercept": ["boolean"],
        "precompute": ["boolean", "array-like"],
        "max_iter": [Interval(Integral, 1, None, closed="left"), None],
        "copy_X": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
    }

    def __init__(self, alpha=1.0, *, l1_ratio=0.5, fit_intercept=True, precompute=False,
                 max_iter=1000, copy_X=True, tol=1e-4, warm_start=False, positive=False,
                 random_state=None, selection="cyclic"):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _mix(self):
        return self.l1_ratio

    def fit(self, X, y, sample_weight=None, check_input=True):
        """Fit by coordinate descent.

        Args:
            X: array-like or sparse matrix ``(n_samples, n_features)``.
            y: ``(n_samples,)`` or ``(n_samples, n_targets)``.
            sample_weight: float or ``(n_samples,)`` weights (rescaled to sum to n_samples).
            check_input: accepted for scikit-learn compatibility; input is always checked.

        Returns:
            self
        """
        self._validate_params()
        if self.alpha == 0:
            warnings.warn("With alpha=0, this algorithm does not converge well. You are "
                          "advised to use the LinearRegression estimator", stacklevel=2)
        X, y = validate_data(self, X, y, accept_sparse="csc", order="F",
                             dtype=[np.float64, np.float32],
                             multi_output=True, y_numeric=True)
        y = np.asarray(y, dtype=X.dtype)
        n_samples, n_features = X.shape
        if isinstance(sample_weight, numbers.Number):
            sample_weight = None
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
            sample_weight = sample_weight * (n_samples / sample_weight.sum())
        if sp.issparse(X):
            X = X.tocsc()
            X.sort_indices()
        # X is only written to when centred or reweighted: copy only then
        needs_copy = self.copy_X and (self.fit_intercept or sample_weight is not None)
        X, y, X_offset, y_offset, _ = _preprocess_data(
            X, y, fit_intercept=self.fit_intercept, copy=needs_copy, sample_weight=sample_weight,
            rescale=not sp.issparse(X))
        if not sp.issparse(X):
            X = np.asfortranarray(X)
        precompute = self.precompute
        if (hasattr(precompute, "__array__") and self.fit_intercept
                and not np.allclose(X_offset, 0.0)):
            warnings.warn("Gram matrix was provided but X was centered to fit intercept: "
                          "recomputing Gram matrix.", UserWarning, stacklevel=2)
            precompute = "auto"
        Y = y.reshape(n_samples, -1)
        gram, XY = _gram_and_Xy(X, Y, precompute, n_samples, n_features)
        n_targets = Y.shape[1]
        if self.warm_start and hasattr(self, "coef_"):
            coef = np.array(np.atleast_2d(self.coef_), dtype=X.dtype)
            if coef.shape != (n_targets, n_features):
                raise ValueError(f"warm_start coef_ has shape {coef.shape}, expected "
                                 f"{(n_targets, n_features)}")
        else:
            coef = np.zeros((n_targets, n_features), dtype=X.dtype)
        mix = self._mix()
        l1_reg = self.alpha * mix * n_samples
        l2_reg = self.alpha * (1.0 - mix) * n_samples
        X_mean = np.asarray(X_offset, dtype=X.dtype) if sp.issparse(X) else None
        gaps = np.zeros(n_targets, dtype=X.dtype)
        n_iter = []
        for target in range(n_targets):
            w = np.ascontiguousarray(coef[target])
            gap, iterations = _descend(
                w, l1_reg, l2_reg, X=X, y=np.ascontiguousarray(Y[:, target]), gram=gram,
                Xy=None if XY is None else np.ascontiguousarray(XY[:, target]),
                sample_weight=sample_weight, X_mean=X_mean, max_iter=self.max_iter, tol=self.tol,
                rng=check_random_state(self.random_state), random=self.selection == "random",
                positive=self.positive)
            coef[target], gaps[target] = w, gap / n_samples
            n_iter.append(iterations)
        if n_targets == 1:  # a single column too, as scikit-learn does
            self.coef_, self.dual_gap_, self.n_iter_ = coef[0], gaps[0], n_iter[0]
        else:
            self.coef_, self.dual_gap_, self.n_iter_ = coef, gaps, n_iter
        self._set_intercept(X_offset, y_offset)
        if not (np.isfinite(self.coef_).all() and np.isfinite(self.intercept_).all()):
            raise ValueError("Coordinate descent iterations resulted in non-finite parameter "
                             "values. The input data may contain large values and need to be "
                             "preprocessed.")
        return self

    @property
    def sparse_coef_(self):
        """``coef_`` as a ``(1 or n_targets, n_features)`` SciPy CSR matrix."""
        return sp.csr_matrix(np.atleast_2d(self.coef_))

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.target_tags.multi_output = True
        return tags


class Lasso(ElasticNet):
    """Linear regression with an L1 penalty: ``1/(2 n) ||y - Xw - b||^2 + alpha ||w||_1``.

    Drives the weights of the least useful features to exactly zero (an
    automatic feature selection, HOML chapter 4). The ``ElasticNet`` with
    ``l1_ratio=1``: same parameters (without ``l1_ratio``) and attributes.

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
        >>> y = np.array([0.0, 1.0, 2.0, 3.0])
        >>> model = Lasso(alpha=0.1).fit(X, y)
        >>> model.coef_.round(4).tolist(), round(float(model.intercept_), 4)
        ([0.92, -0.0], 0.12)
    """

    _parameter_constraints = {k: v for k, v in ElasticNet._parameter_constraints.items()
                              if k != "l1_ratio"}

    def __init__(self, alpha=1.0, *, fit_intercept=True, precompute=False, copy_X=True,
                 max_iter=1000, tol=1e-4, warm_start=False, positive=False, random_state=None,
                 selection="cyclic"):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _mix(self):
        return 1.0


def _alpha_grid(Xy, n_samples, l1_ratio, eps, n_alphas, positive):
    """``n_alphas`` penalties from the smallest that zeroes every coefficient down, geometrically."""
    if l1_ratio == 0:
        raise ValueError("Automatic alpha grid generation is not supported for l1_ratio=0. "
                         "Please supply a grid by providing your estimator with the "
                         "appropriate `alphas=` argument.")
    if positive:
        alpha_max = max(0.0, float(np.max(Xy))) / (n_samples * l1_ratio)
    else:
        alpha_max = float(np.max(np.abs(Xy))) / (n_samples * l1_ratio)
    resolution = np.finfo(np.float64).resolution
    if alpha_max <= resolution:
        return np.full(n_alphas, resolution)
    return np.geomspace(alpha_max, alpha_max * eps, num=n_alphas)


def enet_path(X, y, *, l1_ratio=0.5, eps=1e-3, n_alphas=None, alphas=None, precompute="auto",
              Xy=None, copy_X=True, coef_init=None, verbose=False, return_n_iter=False,
              positive=False, check_input=True, tol=1e-4, max_iter=1000, random_state=None,
              selection="cyclic"):
    """Elastic-net coefficients along a decreasing sequence of penalties, each solve warm-started.

    No intercept is fitted (centre ``X`` and ``y`` first for one); ``y`` is one target.

    Args:
        X: array-like or sparse matrix ``(n_samples, n_features)``.
        y: ``(n_samples,)``.
        l1_ratio, tol, max_iter, positive, random_state, selection: as ``ElasticNet``.
        eps: ``alpha_min / alpha_max`` of the automatic grid.
        n_alphas: length of the automatic grid (the older spelling of an integer ``alphas``).
        alphas: the penalties (sorted decreasingly), or an integer grid length
            (None: 100, or ``n_alphas``).
        precompute: ``"auto"`` (Gram matrix when ``n_samples > n_features``), True,
            False or a Gram matrix.
        Xy: precomputed ``X^T y`` to go with a Gram matrix.
        coef_init: starting coefficients ``(n_features,)``.
        return_n_iter: also return the sweeps per penalty.

    Returns:
        ``alphas (n_alphas,)``, ``coefs (n_features, n_alphas)``, ``dual_gaps (n_alphas,)``
        and, with ``return_n_iter``, ``n_iters`` (a list).

    Example:
        >>> import numpy as np
        >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
        >>> alphas, coefs, gaps = enet_path(X, np.array([1.0, 0.0, 1.0]), alphas=[0.1, 0.01])
        >>> coefs.round(3).tolist()
        [[0.86, 0.985], [0.0, 0.0]]
    """
    X = check_array(X, accept_sparse="csc", dtype=[np.float64, np.float32], order="F",
                    copy=copy_X and check_input, input_name="X")
    y = check_array(y, dtype=X.dtype, ensure_2d=False, input_name="y")
    if y.ndim != 1:
        raise ValueError(f"enet_path fits one target: y must be 1-D, got shape {y.shape}")
    n_samples, n_features = X.shape
    if sp.issparse(X):
        X = X.tocsc()
        X.sort_indices()
    gram, Xy_gram = _gram_and_Xy(X, y[:, None], precompute, n_samples, n_features)
    if gram is not None and Xy is not None:
        Xy_gram = np.ascontiguousarray(np.asarray(Xy, dtype=X.dtype).ravel())
    elif Xy_gram is not None:
        Xy_gram = Xy_gram.ravel()
    if alphas is None or isinstance(alphas, Integral):
        count = alphas if alphas is not None else (n_alphas if n_alphas is not None else 100)
        correlation = Xy_gram if Xy_gram is not None else np.asarray(X.T @ y).ravel()
        alphas = _alpha_grid(correlation, n_samples, l1_ratio, eps, count, positive)
    else:
        alphas = np.sort(np.asarray(alphas, dtype=np.float64).ravel())[::-1]
    w = (np.zeros(n_features, dtype=X.dtype) if coef_init is None
         else np.array(coef_init, dtype=X.dtype).ravel())
    rng = check_random_state(random_state)
    coefs = np.empty((n_features, len(alphas)), dtype=X.dtype)
    dual_gaps = np.empty(len(alphas))
    n_iters = []
    X_mean = np.zeros(n_features, dtype=X.dtype) if sp.issparse(X) else None
    for index, alpha in enumerate(alphas):
        gap, iterations = _descend(
            w, alpha * l1_ratio * n_samples, alpha * (1.0 - l1_ratio) * n_samples, X=X, y=y,
            gram=gram, Xy=Xy_gram, sample_weight=None, X_mean=X_mean, max_iter=max_iter, tol=tol,
            rng=rng, random=selection == "random", positive=positive)
        coefs[:, index] = w
        dual_gaps[index] = gap / n_samples
        n_iters.append(iterations)
    if return_n_iter:
        return alphas, coefs, dual_gaps, n_iters
    return alphas, coefs, dual_gaps


def lasso_path(X, y, *, eps=1e-3, n_alphas=None, alphas=None, precompute="auto", Xy=None,
               copy_X=True, coef_init=None, verbose=False, return_n_iter=False, positive=False,
               **params):
    """The Lasso path: ``enet_path`` with ``l1_ratio=1`` (same arguments and returns).

    Example:
        >>> import numpy as np
        >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
        >>> alphas, coefs, gaps = lasso_path(X, np.array([1.0, 0.0, 1.0]), alphas=[0.1])
        >>> coefs.round(3).tolist()
        [[0.85], [0.0]]
    """
    return enet_path(X, y, l1_ratio=1.0, eps=eps, n_alphas=n_alphas, alphas=alphas,
                     precompute=precompute, Xy=Xy, copy_X=copy_X, coef_init=coef_init,
                     verbose=verbose, return_n_iter=return_n_iter, positive=positive, **params)
