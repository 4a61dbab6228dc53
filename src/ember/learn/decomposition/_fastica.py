"""``FastICA``: independent component analysis by Hyvärinen's fixed-point algorithm
(Hyvärinen and Oja, *Independent component analysis: algorithms and applications*,
Neural Networks 2000).

The data are centred and whitened (``K``: the leading left singular vectors of the
centred data divided by their singular values, times sqrt(n_samples)), then an
orthogonal unmixing ``W`` is found that makes the sources ``W K (x - mean)`` as
non-Gaussian as possible under the contrast ``G`` ("logcosh", "exp", "cube" or a
callable returning ``g(x)`` and the row means of ``g'(x)``). "parallel" updates all rows
of W at once and restores orthogonality by ``(W W^T)^(-1/2) W``; "deflation" finds the
rows one by one, Gram-Schmidt against the earlier ones. The start ``W`` is drawn as
scikit-learn draws it (``RandomState.normal(size=(n_components, n_components))``), so the
same ``random_state`` finds scikit-learn's sources.
"""

import numbers
import warnings

import numpy as np
from scipy import linalg

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..exceptions import ConvergenceWarning, compatible
from ..utils import check_random_state
from ..utils._param_validation import Interval, Options, StrOptions
from ..utils.validation import check_array, check_is_fitted, validate_data

__all__ = ["FastICA"]


def _logcosh(x, fun_args):
    alpha = fun_args.get("alpha", 1.0)
    x *= alpha
    gx = np.tanh(x, out=x)
    derivative = alpha * (1 - gx ** 2)
    return gx, derivative if x.ndim == 1 else derivative.mean(axis=-1)


def _exp(x, fun_args):
    bell = np.exp(-(x ** 2) / 2)
    return x * bell, ((1 - x ** 2) * bell).mean(axis=-1)


def _cube(x, fun_args):
    return x ** 3, (3 * x ** 2).mean(axis=-1)


CONTRASTS = {"logcosh": _logcosh, "exp": _exp, "cube": _cube}


def symmetric_decorrelation(W):
    """``(W W^T)^(-1/2) W``: the orthogonal matrix nearest to W's rows."""
    s, u = linalg.eigh(W @ W.T)
    s = np.clip(s, a_min=np.finfo(W.dtype).tiny, a_max=None)
    return np.linalg.multi_dot([u * (1.0 / np.sqrt(s)), u.T, W])


def ica_parallel(X, tol, g, fun_args, max_iter, w_init):
    """All rows of W at once on the whitened X (n_components, n_samples)."""
    W = symmetric_decorrelation(w_init)
    n_samples = float(X.shape[1])
    for iteration in range(max_iter):
        gwx, g_wx = g(W @ X, fun_args)
        W_next = symmetric_decorrelation(gwx @ X.T / n_samples - g_wx[:, None] * W)
        change = max(abs(abs(np.einsum("ij,ij->i", W_next, W)) - 1))
        W = W_next
        if change < tol:
            break
    else:
        warnings.warn("FastICA did not converge. Consider increasing tolerance or the maximum "
                      "number of iterations.", compatible(ConvergenceWarning), stacklevel=4)
    return W, iteration + 1


def ica_deflation(X, tol, g, fun_args, max_iter, w_init):
    """The rows of W one by one, each kept orthogonal to the earlier ones."""
    n_components = w_init.shape[0]
    W = np.zeros((n_components, n_components), dtype=X.dtype)
    iterations = []
    for j in range(n_components):
        w = w_init[j].copy()
        w /= np.sqrt((w ** 2).sum())
        for iteration in range(max_iter):
            gwx, g_wx = g(w.T @ X, fun_args)
            w_next = (X * gwx).mean(axis=1) - g_wx.mean() * w
            w_next -= np.linalg.multi_dot([w_next, W[:j].T, W[:j]])
            w_next /= np.sqrt((w_next ** 2).sum())
            change = np.abs(np.abs((w_next * w).sum()) - 1)
            w = w_next
            if change < tol:
                break
        iterations.append(iteration + 1)
        W[j] = w
    return W, max(iterations)


class FastICA(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Independent component analysis (FastICA).

    Parameters
    ----------
    n_components : int or None, default=None
        Sources to find (None: min(n_samples, n_features)).
    algorithm : {"parallel", "deflation"}, default="parallel"
    whiten : "unit-variance", "arbitrary-variance" or False, default="unit-variance"
        False: X is taken as already whitened; "unit-variance" rescales the sources.
    fun : {"logcosh", "exp", "cube"} or callable, default="logcosh"
    fun_args : dict or None, default=None
        ``{"alpha": a}`` for logcosh (a in [1, 2]), or a callable's arguments.
    max_iter : int, default=200
    tol : float, default=1e-4
    w_init : array of shape (n_components, n_components) or None, default=None
    whiten_solver : {"svd", "eigh"}, default="svd"
    random_state : int, RandomState instance or None, default=None

    Attributes
    ----------
    components_ : ndarray of shape (n_components, n_features)
        The unmixing matrix.
    mixing_ : ndarray of shape (n_features, n_components)
    mean_ : ndarray of shape (n_features,)
    whitening_ : ndarray of shape (n_components, n_features)
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> t = np.linspace(0, 8, 2000)
    >>> S = np.c_[np.sin(2 * t), np.sign(np.sin(3 * t))]
    >>> X = S @ np.array([[1.0, 1.0], [0.5, 2.0]]).T
    >>> ica = FastICA(n_components=2, random_state=0)
    >>> ica.fit_transform(X).shape
    (2000, 2)
    """

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "algorithm": [StrOptions({"parallel", "deflation"})],
        "whiten": [StrOptions({"arbitrary-variance", "unit-variance"}), Options(bool, {False})],
        "fun": [StrOptions({"logcosh", "exp", "cube"}), callable],
        "fun_args": [dict, None],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "tol": [Interval(numbers.Real, 0.0, None, closed="left")],
        "w_init": ["array-like", None],
        "whiten_solver": [StrOptions({"eigh", "svd"})],
        "random_state": ["random_state"],
    }

    def __init__(self, n_components=None, *, algorithm="parallel", whiten="unit-variance",
                 fun="logcosh", fun_args=None, max_iter=200, tol=1e-4, w_init=None,
                 whiten_solver="svd", random_state=None):
        self.n_components = n_components
        self.algorithm = algorithm
        self.whiten = whiten
        self.fun = fun
        self.fun_args = fun_args
        self.max_iter = max_iter
        self.tol = tol
        self.w_init = w_init
        self.whiten_solver = whiten_solver
        self.random_state = random_state

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def fit(self, X, y=None):
        """Find the unmixing of X (n_samples, n_features). Returns ``self``."""
        self._fit(X, compute_sources=False)
        return self

    def fit_transform(self, X, y=None):
        """Fit on X and return its sources: (n_samples, n_components)."""
        return self._fit(X, compute_sources=True)

    def _contrast(self, fun_args):
        alpha = fun_args.get("alpha", 1.0)
        if not 1 <= alpha <= 2:
            raise ValueError("alpha must be in [1,2]")
        if callable(self.fun):
            return lambda x, args: self.fun(x, **args)
        return CONTRASTS[self.fun]

    def _n_components(self, shape):
        n_components, bound = self.n_components, min(shape)
        if not self.whiten and n_components is not None:
            n_components = None
            warnings.warn("Ignoring n_components with whiten=False.", UserWarning, stacklevel=4)
        if n_components is None:
            return bound
        if n_components > bound:
            warnings.warn(f"n_components is too large: it will be set to {bound}", UserWarning,
                          stacklevel=4)
            return bound
        return n_components

    @staticmethod
    def _left_singular_pairs(XT, n_components):
        """U and s of the SVD of XT (n_features, n_samples). For many samples, those of
        R^T with XT^T = QR, never forming the long right singular vectors; when a kept
        singular value is negligible the whitening is rounding noise, and it is then
        computed from XT itself, as scikit-learn computes it."""
        if XT.shape[1] > 2 * XT.shape[0]:
            (R,) = linalg.qr(XT.T, mode="r", check_finite=False)
            u, d = linalg.svd(R[: XT.shape[0]].T, full_matrices=False, check_finite=False)[:2]
            if d[n_components - 1] > 1e-6 * d[0]:
                return u, d
        return linalg.svd(XT, full_matrices=False, check_finite=False)[:2]

    def _whitening(self, XT, n_components):
        """The whitening rows K (n_components, n_features) of the centred XT."""
        if self.whiten_solver == "eigh":
            d, u = linalg.eigh(XT @ XT.T)
            order = np.argsort(d)[::-1]
            eps = np.finfo(d.dtype).eps * 10
            degenerate = d < eps
            if np.any(degenerate):
                warnings.warn("There are some small singular values, using whiten_solver = "
                              "'svd' might lead to more accurate results.", UserWarning,
                              stacklevel=4)
            d[degenerate] = eps
            np.sqrt(d, out=d)
            d, u = d[order], u[:, order]
        else:
            u, d = self._left_singular_pairs(XT, n_components)
        u *= np.sign(u[0])
        return (u / d).T[:n_components]

    def _fit(self, X, compute_sources):
        self._validate_params()
        XT = validate_data(self, X, copy=bool(self.whiten), dtype=[np.float64, np.float32],
                           ensure_min_samples=2).T
        fun_args = {} if self.fun_args is None else self.fun_args
        rng = check_random_state(self.random_state)
        g = self._contrast(fun_args)
        n_features, n_samples = XT.shape
        n_components = self._n_components(XT.shape)
        if self.whiten:
            mean = XT.mean(axis=-1)
            XT -= mean[:, None]
            K = self._whitening(XT, n_components)
            X1 = K @ XT
            X1 *= np.sqrt(n_samples)
        else:
            X1 = XT if XT.dtype.kind == "f" else XT.astype(np.float64)
        if self.w_init is None:
            w_init = np.asarray(rng.normal(size=(n_components, n_components)), dtype=X1.dtype)
        else:
            w_init = np.asarray(self.w_init)
            if w_init.shape != (n_components, n_components):
                raise ValueError(f"w_init has invalid shape -- should be "
                                 f"{(n_components, n_components)}")
        solve = ica_parallel if self.algorithm == "parallel" else ica_deflation
        W, self.n_iter_ = solve(X1, tol=self.tol, g=g, fun_args=fun_args,
                                max_iter=self.max_iter, w_init=w_init)
        del X1
        S = None
        if compute_sources or self.whiten == "unit-variance":
            S = (np.linalg.multi_dot([W, K, XT]) if self.whiten else W @ XT).T
        if self.whiten:
            if self.whiten == "unit-variance":
                spread = np.std(S, axis=0, keepdims=True)
                S /= spread
                W /= spread.T
            self.components_ = W @ K
            self.mean_, self.whitening_ = mean, K
        else:
            self.components_ = W
        self.mixing_ = linalg.pinv(self.components_, check_finite=False)
        self._unmixing = W
        return S

    def transform(self, X, copy=True):
        """The sources of X: (n_samples, n_components)."""
        check_is_fitted(self)
        X = validate_data(self, X, copy=bool(copy and self.whiten),
                          dtype=[np.float64, np.float32], reset=False)
        if self.whiten:
            X -= self.mean_
        return X @ self.components_.T

    def inverse_transform(self, X, copy=True):
        """Mix sources X (n_samples, n_components) back: (n_samples, n_features)."""
        check_is_fitted(self)
        X = check_array(X, copy=bool(copy and self.whiten), dtype=[np.float64, np.float32])
        X = X @ self.mixing_.T
        if self.whiten:
            X += self.mean_
        return X

    @property
    def _n_features_out(self):
        return self.components_.shape[0]
