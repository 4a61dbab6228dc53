"""``NMF``: non-negative matrix factorisation ``X ~ W H`` with W, H >= 0 (Lee and Seung
2001; Cichocki and Phan 2009; Févotte and Idier 2011).

The loss is the beta-divergence between X and WH (2: Frobenius, 1: Kullback-Leibler,
0: Itakura-Saito) plus elementwise L1/L2 penalties ``alpha_W``, ``alpha_H`` scaled by the
other dimension. ``solver="cd"`` (Frobenius only) sweeps exact coordinate updates of W
then of H (a compiled kernel); ``solver="mu"`` applies the multiplicative updates of the
majorise-minimise scheme, with exponent ``gamma`` for beta outside [1, 2]. Starts:
"random" (scaled |normal| draws) or NNDSVD (Boutsidis and Gallopoulos 2008) from a
randomized SVD, its zeros kept ("nndsvd"), set to the mean ("nndsvda") or to small
random values ("nndsvdar"); the draws and the stopping rules are scikit-learn's.
"""

import numbers
import time
import warnings

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..exceptions import ConvergenceWarning, compatible
from ..utils import check_random_state
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import check_array, check_is_fitted, validate_data
from ._linalg import randomized_svd

__all__ = ["NMF"]

EPSILON = np.finfo(np.float32).eps
_BETA = {"frobenius": 2, "kullback-leibler": 1, "itakura-saito": 0}


def _beta(beta_loss):
    return _BETA[beta_loss] if isinstance(beta_loss, str) else beta_loss


def _wh_at_nonzeros(W, H, X):
    """WH at X's stored entries (a CSR matrix shaped as X), or the dense WH."""
    if not sp.issparse(X):
        return W @ H
    rows, cols = X.nonzero()
    values = np.multiply(W[rows], H.T[cols]).sum(axis=1)
    return sp.csr_matrix((values, (rows, cols)), shape=X.shape)


def beta_divergence(X, W, H, beta, square_root=False):
    """The beta-divergence of X from WH (``square_root``: sqrt(2 * divergence))."""
    beta = _beta(beta)
    X = X if sp.issparse(X) else np.atleast_2d(X)
    W, H = np.atleast_2d(W), np.atleast_2d(H)
    if beta == 2:
        if sp.issparse(X):
            cross = np.dot((X @ H.T).ravel(), W.ravel())
            squared = np.dot(np.linalg.multi_dot([W.T, W, H]).ravel(), H.ravel())
            result = (np.dot(X.data, X.data) + squared - 2.0 * cross) / 2.0
        else:
            residual = (X - W @ H).ravel()
            result = np.dot(residual, residual) / 2.0
        return np.sqrt(result * 2) if square_root else result
    if sp.issparse(X):
        WH_data, X_data = _wh_at_nonzeros(W, H, X).data, X.data
    else:
        WH_data, X_data = (W @ H).ravel(), X.ravel()
    keep = X_data > EPSILON
    WH_data, X_data = WH_data[keep], X_data[keep]
    WH_data[WH_data < EPSILON] = EPSILON
    if beta == 1:
        result = np.dot(X_data, np.log(X_data / WH_data))
        result += np.dot(np.sum(W, axis=0), np.sum(H, axis=1)) - X_data.sum()
    elif beta == 0:
        ratio = X_data / WH_data
        result = np.sum(ratio) - np.prod(X.shape) - np.sum(np.log(ratio))
    else:
        if sp.issparse(X):
            total = sum(np.sum((W @ H[:, j]) ** beta) for j in range(X.shape[1]))
        else:
            total = np.sum((W @ H) ** beta)
        result = (X_data ** beta).sum() - beta * np.dot(X_data, WH_data ** (beta - 1))
        result += total * (beta - 1)
        result /= beta * (beta - 1)
    return np.sqrt(2 * max(result, 0)) if square_root else result


def _check_init(A, shape, whom):
    A = check_array(A)
    for axis, word in ((0, "first"), (1, "second")):
        if shape[axis] != "auto" and A.shape[axis] != shape[axis]:
            raise ValueError(f"Array with wrong {word} dimension passed to {whom}. Expected "
                             f"{shape[axis]}, but got {A.shape[axis]}.")
    if A.size and A.min() < 0:
        raise ValueError(f"Negative values in data passed to {whom}")
    if np.max(A) == 0:
        raise ValueError(f"Array passed to {whom} is full of zeros.")


def _norm(x):
    return np.sqrt(np.dot(x, x))


def initialize(X, n_components, init=None, eps=1e-6, random_state=None):
    """Starting W (n_samples, n_components) and H (n_components, n_features)."""
    n_samples, n_features = X.shape
    if init is not None and init != "random" and n_components > min(n_samples, n_features):
        raise ValueError(f"init = '{init}' can only be used when n_components <= "
                         "min(n_samples, n_features)")
    if init is None:
        init = "nndsvda" if n_components <= min(n_samples, n_features) else "random"
    if init == "random":
        avg = np.sqrt(X.mean() / n_components)
        rng = check_random_state(random_state)
        H = avg * rng.standard_normal(size=(n_components, n_features)).astype(X.dtype, copy=False)
        W = avg * rng.standard_normal(size=(n_samples, n_components)).astype(X.dtype, copy=False)
        return np.abs(W, out=W), np.abs(H, out=H)
    U, S, V = randomized_svd(X, n_components, random_state=check_random_state(random_state))
    W, H = np.zeros_like(U), np.zeros_like(V)
    W[:, 0], H[0] = np.sqrt(S[0]) * np.abs(U[:, 0]), np.sqrt(S[0]) * np.abs(V[0])
    for j in range(1, n_components):  # the dominant sign part of each singular pair
        x, y = U[:, j], V[j]
        x_p, y_p = np.maximum(x, 0), np.maximum(y, 0)
        x_n, y_n = np.abs(np.minimum(x, 0)), np.abs(np.minimum(y, 0))
        m_p, m_n = _norm(x_p) * _norm(y_p), _norm(x_n) * _norm(y_n)
        if m_p > m_n:
            u, v, sigma = x_p / _norm(x_p), y_p / _norm(y_p), m_p
        else:
            u, v, sigma = x_n / _norm(x_n), y_n / _norm(y_n), m_n
        scale = np.sqrt(S[j] * sigma)
        W[:, j], H[j] = scale * u, scale * v
    W[W < eps] = 0
    H[H < eps] = 0
    if init == "nndsvda":
        avg = X.mean()
        W[W == 0] = avg
        H[H == 0] = avg
    elif init == "nndsvdar":
        rng = check_random_state(random_state)
        avg = X.mean()
        W[W == 0] = abs(avg * rng.standard_normal(size=len(W[W == 0])) / 100)
        H[H == 0] = abs(avg * rng.standard_normal(size=len(H[H == 0])) / 100)
    return W, H


def _cd_sweep(X, W, Ht, l1, l2, shuffle, rng):
    from ._nmf_kernels import coordinate_sweep

    k = Ht.shape[1]
    HHt = Ht.T @ Ht
    XHt = np.asarray(X @ Ht)
    if l2 != 0.0:
        HHt.flat[:: k + 1] += l2
    if l1 != 0.0:
        XHt -= l1
    order = rng.permutation(k) if shuffle else np.arange(k)
    return coordinate_sweep(W, HHt, XHt, np.asarray(order, dtype=np.intp))


def fit_coordinate_descent(X, W, H, tol, max_iter, regs, update_H, shuffle, random_state,
                           verbose=0):
    """Alternate exact coordinate sweeps over W and H until the projected gradient falls
    to ``tol`` times its first value."""
    l1_W, l1_H, l2_W, l2_H = regs
    W, Ht = np.ascontiguousarray(W), np.ascontiguousarray(H.T)
    if sp.issparse(X) and X.format == "csc":
        X = X.tocsr()
    rng = check_random_state(random_state)
    for n_iter in range(1, max_iter + 1):
        violation = _cd_sweep(X, W, Ht, l1_W, l2_W, shuffle, rng)
        if update_H:
            violation += _cd_sweep(X.T, Ht, W, l1_H, l2_H, shuffle, rng)
        if n_iter == 1:
            first = violation
        if first == 0:
            break
        if verbose:
            print("violation:", violation / first)
        if violation / first <= tol:
            if verbose:
                print("Converged at iteration", n_iter + 1)
            break
    return W, Ht.T, n_iter


def _weighted_ratio(X, W, H, beta):
    """``X * WH**(beta - 2)`` (at X's entries when sparse) and the clipped WH."""
    WHX = _wh_at_nonzeros(W, H, X)
    if sp.issparse(X):
        data, X_data, WH = WHX.data, X.data, None
    else:
        data, X_data = WHX, X
        WH = WHX.copy()
        if beta < 1:
            WH[WH < EPSILON] = EPSILON
    if beta < 2:
        data[data < EPSILON] = EPSILON
    if beta == 1:
        np.divide(X_data, data, out=data)
    elif beta == 0:
        data **= -1
        data **= 2
        data *= X_data
    else:
        data **= beta - 2
        data *= X_data
    return WHX, WH


def _powered_products(X, W, H, WH, beta, side):
    """``WH**(beta - 1) @ H.T`` (side "W") or ``W.T @ WH**(beta - 1)`` (side "H")."""
    if not sp.issparse(X):
        WH **= beta - 1
        return WH @ H.T if side == "W" else W.T @ WH
    if side == "W":
        out = np.empty(W.shape)
        for i in range(X.shape[0]):
            row = W[i] @ H
            if beta < 1:
                row[row < EPSILON] = EPSILON
            out[i] = (row ** (beta - 1)) @ H.T
        return out
    out = np.empty(H.shape)
    for j in range(X.shape[1]):
        column = W @ H[:, j]
        if beta < 1:
            column[column < EPSILON] = EPSILON
        out[:, j] = W.T @ (column ** (beta - 1))
    return out


def _mu_step(X, W, H, beta, l1, l2, gamma, side, cache=None):
    """One multiplicative update of W (side "W") or H (side "H")."""
    if beta == 2:
        if side == "W":
            numerator = cache["XHt"] if cache.get("XHt") is not None else np.asarray(X @ H.T)
            cache["XHt"] = numerator
            numerator = numerator if cache["update_H"] else numerator.copy()
            if cache.get("HHt") is None:
                cache["HHt"] = H @ H.T
            denominator = W @ cache["HHt"]
        else:
            numerator = np.asarray(W.T @ X)
            denominator = np.linalg.multi_dot([W.T, W, H])
    else:
        WHX, WH = _weighted_ratio(X, W, H, beta)
        if side == "W":
            numerator = np.asarray(WHX @ H.T)
        else:
            numerator = np.asarray(W.T @ WHX)
        if beta == 1:
            if side == "W":
                if cache.get("H_sum") is None:
                    cache["H_sum"] = np.sum(H, axis=1)
                denominator = cache["H_sum"][None, :]
            else:
                W_sum = np.sum(W, axis=0)
                W_sum[W_sum == 0] = 1.0
                denominator = W_sum[:, None]
        else:
            denominator = _powered_products(X, W, H, WH, beta, side)
    target = W if side == "W" else H
    if l1 > 0:
        denominator += l1  # in place, as scikit-learn (on the cached H sums too)
    if l2 > 0:
        denominator = denominator + l2 * target
    denominator[denominator == 0] = EPSILON
    numerator /= denominator
    if gamma != 1:
        numerator **= gamma
    target *= numerator
    return target


def fit_multiplicative_update(X, W, H, beta, max_iter, tol, regs, update_H, verbose=0):
    """Multiplicative updates until the loss improves by under ``tol`` (relative to the
    start) over 10 iterations."""
    start = time.time()
    l1_W, l1_H, l2_W, l2_H = regs
    gamma = 1.0 / (2.0 - beta) if beta < 1 else 1.0 / (beta - 1.0) if beta > 2 else 1.0
    error_at_init = beta_divergence(X, W, H, beta, square_root=True)
    previous = error_at_init
    cache = {"update_H": update_H}
    for n_iter in range(1, max_iter + 1):
        W = _mu_step(X, W, H, beta, l1_W, l2_W, gamma, "W", cache)
        if beta < 1:
            W[W < np.finfo(np.float64).eps] = 0.0
        if update_H:
            H = _mu_step(X, W, H, beta, l1_H, l2_H, gamma, "H")
            cache = {"update_H": update_H}
            if beta <= 1:
                H[H < np.finfo(np.float64).eps] = 0.0
        if tol > 0 and n_iter % 10 == 0:
            error = beta_divergence(X, W, H, beta, square_root=True)
            if verbose:
                print(f"Epoch {n_iter:02d} reached after {time.time() - start:.3f} seconds, "
                      f"error: {error:f}")
            if (previous - error) / error_at_init < tol:
                break
            previous = error
    if verbose and (tol == 0 or n_iter % 10 != 0):
        print(f"Epoch {n_iter:02d} reached after {time.time() - start:.3f} seconds.")
    return W, H, n_iter


class NMF(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Non-negative matrix factorisation ``X ~ W H``.

    Parameters
    ----------
    n_components : int, "auto" or None, default="auto"
        Components (None: n_features; "auto": from a custom H, else n_features).
    init : {"random", "nndsvd", "nndsvda", "nndsvdar", "custom"} or None, default=None
        None: "nndsvda" when n_components <= min(X.shape), else "random".
    solver : {"cd", "mu"}, default="cd"
    beta_loss : float or {"frobenius", "kullback-leibler", "itakura-saito"},
        default="frobenius"
        Only "mu" handles other losses than Frobenius.
    tol : float, default=1e-4
    max_iter : int, default=200
    random_state : int, RandomState instance or None, default=None
    alpha_W : float, default=0.0
        Penalty on W (times n_features).
    alpha_H : float or "same", default="same"
        Penalty on H (times n_samples); "same" as alpha_W.
    l1_ratio : float in [0, 1], default=0.0
        The L1 share of the penalties.
    verbose : int, default=0
    shuffle : bool, default=False
        Randomise the coordinate order of "cd".

    Attributes
    ----------
    components_ : ndarray of shape (n_components_, n_features)
        H.
    n_components_ : int
    reconstruction_err_ : float
        sqrt(2 * beta-divergence) of X from WH at the end of fit.
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 1], [2, 1], [3, 1.2], [4, 1], [5, 0.8], [6, 1]])
    >>> model = NMF(n_components=2, init="random", random_state=0)
    >>> W = model.fit_transform(X)
    >>> W.shape, model.components_.shape
    ((6, 2), (2, 2))
    """

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 1, None, closed="left"), None,
                         StrOptions({"auto"})],
        "init": [StrOptions({"random", "nndsvd", "nndsvda", "nndsvdar", "custom"}), None],
        "solver": [StrOptions({"mu", "cd"})],
        "beta_loss": [StrOptions({"frobenius", "kullback-leibler", "itakura-saito"}),
                      numbers.Real],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "alpha_W": [Interval(numbers.Real, 0, None, closed="left")],
        "alpha_H": [Interval(numbers.Real, 0, None, closed="left"), StrOptions({"same"})],
        "l1_ratio": [Interval(numbers.Real, 0, 1, closed="both")],
        "verbose": [Interval(numbers.Integral, 0, None, closed="left"), "boolean"],
        "shuffle": ["boolean"],
    }

    def __init__(self, n_components="auto", *, init=None, solver="cd", beta_loss="frobenius",
                 tol=1e-4, max_iter=200, random_state=None, alpha_W=0.0, alpha_H="same",
                 l1_ratio=0.0, verbose=0, shuffle=False):
        self.n_components = n_components
        self.init = init
        self.solver = solver
        self.beta_loss = beta_loss
        self.tol = tol
        self.max_iter = max_iter
        self.random_state = random_state
        self.alpha_W = alpha_W
        self.alpha_H = alpha_H
        self.l1_ratio = l1_ratio
        self.verbose = verbose
        self.shuffle = shuffle

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.positive_only = True
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def fit(self, X, y=None, **params):
        """Factorise X (n_samples, n_features), non-negative. Returns ``self``."""
        self.fit_transform(X, **params)
        return self

    def fit_transform(self, X, y=None, W=None, H=None):
        """Factorise X and return W (n_samples, n_components_); W and H start a
        ``init="custom"`` fit."""
        self._validate_params()
        X = validate_data(self, X, accept_sparse=("csr", "csc"), dtype=[np.float64, np.float32])
        W, H, n_iter = self._solve(X, W, H, update_H=True)
        self.reconstruction_err_ = beta_divergence(X, W, H, self._beta_loss, square_root=True)
        self.n_components_, self.components_, self.n_iter_ = H.shape[0], H, n_iter
        return W

    def transform(self, X):
        """W for X with H = ``components_`` fixed: (n_samples, n_components_)."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse=("csr", "csc"), dtype=[np.float64, np.float32],
                          reset=False, ensure_non_negative=True)
        return self._solve(X, None, self.components_, update_H=False)[0]

    def inverse_transform(self, X):
        """``X @ components_``: (n_samples, n_features)."""
        check_is_fitted(self)
        return X @ self.components_

    def _check_params(self, X):
        self._n_components = X.shape[1] if self.n_components is None else self.n_components
        self._beta_loss = _beta(self.beta_loss)
        if self.solver != "mu" and self.beta_loss not in (2, "frobenius"):
            raise ValueError(f"Invalid beta_loss parameter: solver {self.solver!r} does not "
                             f"handle beta_loss = {self.beta_loss!r}")
        if self.solver == "mu" and self.init == "nndsvd":
            warnings.warn("The multiplicative update ('mu') solver cannot update zeros present "
                          "in the initialization, and so leads to poorer results when used "
                          "jointly with init='nndsvd'. You may try init='nndsvda' or "
                          "init='nndsvdar' instead.", UserWarning, stacklevel=4)

    def _start(self, X, W, H, update_H):
        n_samples, n_features = X.shape
        if self.init == "custom" and update_H:
            _check_init(H, (self._n_components, n_features), "NMF (input H)")
            _check_init(W, (n_samples, self._n_components), "NMF (input W)")
            if self._n_components == "auto":
                self._n_components = H.shape[0]
            if H.dtype != X.dtype or W.dtype != X.dtype:
                raise TypeError(f"H and W should have the same dtype as X. Got H.dtype = "
                                f"{H.dtype} and W.dtype = {W.dtype}.")
            return W, H
        if not update_H:
            if W is not None:
                warnings.warn("When update_H=False, the provided initial W is not used.",
                              RuntimeWarning, stacklevel=4)
            _check_init(H, (self._n_components, n_features), "NMF (input H)")
            if self._n_components == "auto":
                self._n_components = H.shape[0]
            if H.dtype != X.dtype:
                raise TypeError(f"H should have the same dtype as X. Got H.dtype = {H.dtype}.")
            if self.solver == "mu":
                avg = np.sqrt(X.mean() / self._n_components)
                return np.full((n_samples, self._n_components), avg, dtype=X.dtype), H
            return np.zeros((n_samples, self._n_components), dtype=X.dtype), H
        if W is not None or H is not None:
            warnings.warn("When init!='custom', provided W or H are ignored. Set  init='custom' "
                          "to use them as initialization.", RuntimeWarning, stacklevel=4)
        if self._n_components == "auto":
            self._n_components = n_features
        if (X.data if sp.issparse(X) else X).min(initial=0) < 0:
            raise ValueError("Negative values in data passed to NMF initialization")
        return initialize(X, self._n_components, init=self.init, random_state=self.random_state)

    def _regularization(self, X):
        n_samples, n_features = X.shape
        alpha_H = self.alpha_W if self.alpha_H == "same" else self.alpha_H
        return (n_features * self.alpha_W * self.l1_ratio, n_samples * alpha_H * self.l1_ratio,
                n_features * self.alpha_W * (1.0 - self.l1_ratio),
                n_samples * alpha_H * (1.0 - self.l1_ratio))

    def _solve(self, X, W, H, update_H):
        self._check_params(X)
        if X.min() == 0 and self._beta_loss <= 0:
            raise ValueError("When beta_loss <= 0 and X contains zeros, the solver may diverge. "
                             "Please add small values to X, or use a positive beta_loss.")
        W, H = self._start(X, W, H, update_H)
        regs = self._regularization(X)
        if self.solver == "cd":
            W, H, n_iter = fit_coordinate_descent(X, W, H, self.tol, self.max_iter, regs,
                                                  update_H, self.shuffle, self.random_state,
                                                  self.verbose)
        else:
            W, H, n_iter = fit_multiplicative_update(X, W, H, self._beta_loss, self.max_iter,
                                                     self.tol, regs, update_H, self.verbose)
        if n_iter == self.max_iter and self.tol > 0:
            warnings.warn(f"Maximum number of iterations {self.max_iter} reached. Increase it "
                          "to improve convergence.", compatible(ConvergenceWarning),
                          stacklevel=4)
        return W, H, n_iter

    @property
    def _n_features_out(self):
        return self.components_.shape[0]
