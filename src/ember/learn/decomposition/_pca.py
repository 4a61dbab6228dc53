"""``PCA``: principal component analysis by a full, truncated or randomized SVD of the
centred data, or by the eigendecomposition of its covariance (HOML ch8).

The components are the right singular vectors of ``X - mean``, in decreasing order of
singular value ``s``; ``explained_variance_ = s**2 / (n_samples - 1)``. Each component
gets the sign that makes its largest-magnitude loading positive (scikit-learn's
convention since 1.5), so components and projections equal scikit-learn's.

Solvers: ``"full"`` (LAPACK ``gesdd``), ``"covariance_eigh"`` (``eigh`` of the
(n_features, n_features) covariance: fast for tall data), ``"arpack"`` (``svds``,
fewer than min(shape) components) and ``"randomized"`` (Halko et al. 2011, scikit-learn's
draws); ``"auto"`` picks among them as scikit-learn 1.9 does. ``n_components="mle"``
chooses the dimension by Minka's Bayesian model selection (NIPS 2000), a float in (0, 1)
keeps the fewest components explaining more than that share of the variance.
"""

import numbers

import numpy as np
import scipy.sparse as sp
from scipy import linalg
from scipy.sparse.linalg import svds
from scipy.special import gammaln

from ..utils import check_random_state
from ..utils._param_validation import Interval, RealNotInt, StrOptions
from ..utils.validation import check_is_fitted, validate_data
from ._base import BasePCA
from ._linalg import (arpack_start, centred_operator, check_rows_cols_for_svd, flip_signs,
                      randomized_svd, sparse_column_moments)

__all__ = ["PCA"]


def _rank_log_likelihood(spectrum, rank, n_samples):
    """Minka's (2000) log evidence for ``rank`` components given the eigenvalue spectrum
    (eq. 30 with the Laplace approximation of the integral over the subspace)."""
    n_features = spectrum.shape[0]
    if not 1 <= rank < n_features:
        raise ValueError("the tested rank should be in [1, n_features - 1]")
    eps = 1e-15
    if spectrum[rank - 1] < eps:
        return -np.inf  # a rank ending on a null eigenvalue cannot be the best one
    dims = n_features - np.arange(1, rank + 1) + 1.0
    log_uniform = -rank * np.log(2.0) + np.sum(gammaln(dims / 2.0) - np.log(np.pi) * dims / 2.0)
    log_signal = -np.sum(np.log(spectrum[:rank])) * n_samples / 2.0
    noise = max(eps, np.sum(spectrum[rank:]) / (n_features - rank))
    log_noise = -np.log(noise) * n_samples * (n_features - rank) / 2.0
    m = n_features * rank - rank * (rank + 1.0) / 2.0
    log_prior = np.log(2.0 * np.pi) * (m + rank) / 2.0
    filled = spectrum.copy()
    filled[rank:] = noise
    i, j = np.triu_indices(n_features, k=1)
    keep = i < rank
    i, j = i[keep], j[keep]
    log_hessian = np.sum(np.log((spectrum[i] - spectrum[j]) * (1.0 / filled[j] - 1.0 / filled[i]))
                         + np.log(n_samples))
    return log_uniform + log_signal + log_noise + log_prior - log_hessian / 2.0 \
        - rank * np.log(n_samples) / 2.0


def infer_dimension(spectrum, n_samples):
    """The rank in [1, n_features - 1] of highest Minka evidence."""
    scores = np.empty_like(spectrum)
    scores[0] = -np.inf
    for rank in range(1, spectrum.shape[0]):
        scores[rank] = _rank_log_likelihood(spectrum, rank, n_samples)
    return np.argmax(scores)


class PCA(BasePCA):
    """Principal component analysis: project the centred data on its directions of
    largest variance.

    Parameters
    ----------
    n_components : int, float in (0, 1), "mle" or None, default=None
        Components kept: a count; the smallest count whose explained variance ratio
        exceeds the float; Minka's MLE of the dimension; or all (min(n_samples,
        n_features), one fewer for "arpack").
    copy : bool, default=True
        False centres X in place (``fit_transform`` then may not equal ``transform``).
    whiten : bool, default=False
        Scale the projections to unit variance.
    svd_solver : {"auto", "full", "covariance_eigh", "arpack", "randomized"}, default="auto"
    tol : float, default=0.0
        ARPACK's tolerance.
    iterated_power : int or "auto", default="auto"
        Power iterations of the randomized solver ("auto": 7 for few components, else 4).
    n_oversamples : int, default=10
        Extra random directions sampled by the randomized solver.
    power_iteration_normalizer : {"auto", "QR", "LU", "none"}, default="auto"
    random_state : int, RandomState instance or None, default=None
        Seeds the "arpack" start vector and the "randomized" test matrix.

    Attributes
    ----------
    components_ : ndarray of shape (n_components_, n_features)
    explained_variance_ : ndarray of shape (n_components_,)
    explained_variance_ratio_ : ndarray of shape (n_components_,)
    singular_values_ : ndarray of shape (n_components_,)
    mean_ : ndarray of shape (n_features,)
    n_components_ : int
    n_samples_ : int
    noise_variance_ : float
        The mean of the discarded variances (probabilistic PCA's noise).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[-1, -1], [-2, -1], [-3, -2], [1, 1], [2, 1], [3, 2]])
    >>> pca = PCA(n_components=2).fit(X)
    >>> print(pca.explained_variance_ratio_.round(4))
    [0.9924 0.0076]
    >>> print(pca.singular_values_.round(5))
    [6.30061 0.5498 ]
    """

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 0, None, closed="left"),
                         Interval(RealNotInt, 0, 1, closed="neither"), StrOptions({"mle"}), None],
        "copy": ["boolean"],
        "whiten": ["boolean"],
        "svd_solver": [StrOptions({"auto", "full", "covariance_eigh", "arpack", "randomized"})],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "iterated_power": [StrOptions({"auto"}), Interval(numbers.Integral, 0, None, closed="left")],
        "n_oversamples": [Interval(numbers.Integral, 1, None, closed="left")],
        "power_iteration_normalizer": [StrOptions({"auto", "QR", "LU", "none"})],
        "random_state": ["random_state"],
    }

    def __init__(self, n_components=None, *, copy=True, whiten=False, svd_solver="auto", tol=0.0,
                 iterated_power="auto", n_oversamples=10, power_iteration_normalizer="auto",
                 random_state=None):
        self.n_components = n_components
        self.copy = copy
        self.whiten = whiten
        self.svd_solver = svd_solver
        self.tol = tol
        self.iterated_power = iterated_power
        self.n_oversamples = n_oversamples
        self.power_iteration_normalizer = power_iteration_normalizer
        self.random_state = random_state

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.input_tags.sparse = self.svd_solver in ("auto", "arpack", "covariance_eigh")
        return tags

    def fit(self, X, y=None):
        """Find the components of X (n_samples, n_features). ``y`` is ignored. Returns
        ``self``."""
        self._fit(X, need_u=False)
        return self

    def fit_transform(self, X, y=None):
        """Fit on X and return its projections, (n_samples, n_components_)."""
        U, S, X, centred = self._fit(X, need_u=True)
        if U is None:  # covariance_eigh finds no left singular vectors
            return self._project(X, centred)
        U = U[:, : self.n_components_]
        if self.whiten:
            U *= np.sqrt(X.shape[0] - 1)
        else:
            U *= S[: self.n_components_]
        return U

    def _choose_solver(self, X, n_components):
        if self.svd_solver != "auto":
            return self.svd_solver
        if sp.issparse(X):
            return "arpack"
        n_samples, n_features = X.shape
        if n_features <= 1_000 and n_samples >= 10 * n_features:
            return "covariance_eigh"
        if max(X.shape) <= 500 or n_components == "mle":
            return "full"
        if 1 <= n_components < 0.8 * min(X.shape):
            return "randomized"
        return "full"

    def _fit(self, X, need_u):
        self._validate_params()
        if sp.issparse(X) and self.svd_solver not in ("auto", "arpack", "covariance_eigh"):
            raise TypeError('PCA only support sparse inputs with the "arpack" and '
                            f'"covariance_eigh" solvers, while "{self.svd_solver}" was passed. '
                            "See TruncatedSVD for a possible alternative.")
        X = validate_data(self, X, dtype=[np.float64, np.float32], accept_sparse=("csr", "csc"),
                          ensure_2d=True, copy=False)
        if not sp.issparse(X) and not X.flags.writeable and not self.copy:
            X = X.copy()
        n_components = self.n_components
        if n_components is None:
            solver = "arpack" if self.svd_solver == "arpack" or (
                self.svd_solver == "auto" and sp.issparse(X)) else None
            n_components = min(X.shape) - 1 if solver == "arpack" else min(X.shape)
        self._fit_svd_solver = self._choose_solver(X, n_components)
        if self._fit_svd_solver in ("full", "covariance_eigh"):
            return self._fit_full(X, n_components, need_u)
        return self._fit_truncated(X, n_components, need_u)

    def _fit_full(self, X, n_components, need_u):
        n_samples, n_features = X.shape
        if n_components == "mle":
            if n_samples < n_features:
                raise ValueError("n_components='mle' is only supported if n_samples >= n_features")
        elif not 0 <= n_components <= min(n_samples, n_features):
            raise ValueError(f"n_components={n_components} must be between 0 and "
                             f"min(n_samples, n_features)={min(n_samples, n_features)} with "
                             f"svd_solver={self._fit_svd_solver!r}")
        self.mean_ = np.asarray(X.mean(axis=0)).reshape(-1)
        if self._fit_svd_solver == "full":
            U, S, Vt, centred = self._full_svd(X, need_u)
            variance = S ** 2 / (n_samples - 1)
        else:
            if n_samples < 2:  # scikit-learn's eigh fails on the resulting NaN covariance
                raise np.linalg.LinAlgError(
                    "PCA with svd_solver='covariance_eigh' needs n_samples >= 2 to estimate "
                    f"a covariance; got n_samples={n_samples}")
            centred = False
            C = X.T @ X
            C = C.toarray() if sp.issparse(C) else C
            C -= n_samples * self.mean_[:, None] * self.mean_[None, :]
            C /= n_samples - 1
            eigenvalues, eigenvectors = np.linalg.eigh(C)
            variance = eigenvalues[::-1].copy()
            variance[variance < 0.0] = 0.0
            S = np.sqrt(variance * (n_samples - 1))
            Vt, U = eigenvectors[:, ::-1].T.copy(), None
        U, Vt = flip_signs(U, Vt)
        ratio = variance / variance.sum()
        if n_components == "mle":
            n_components = infer_dimension(variance, n_samples)
        elif 0 < n_components < 1.0:
            n_components = np.searchsorted(np.cumsum(ratio), n_components, side="right") + 1
        self.noise_variance_ = (variance[n_components:].mean()
                                if n_components < min(n_features, n_samples) else 0.0)
        self.n_samples_, self.n_components_ = n_samples, n_components
        self.components_ = Vt[:n_components].copy()
        self.explained_variance_ = variance[:n_components].copy()
        self.explained_variance_ratio_ = ratio[:n_components].copy()
        self.singular_values_ = S[:n_components].copy()
        return U, S, X, centred

    def _full_svd(self, X, need_u):
        """The SVD of the centred X. Without U (``fit``), a tall X is first reduced to the
        R of its QR factorisation, which has the same singular values and right singular
        vectors: this skips forming the (n_samples, n_features) Q and U."""
        if self.copy:
            X_centred, centred = np.empty(X.shape, dtype=X.dtype, order="F"), False
            np.subtract(X, self.mean_, out=X_centred)
        else:
            X -= self.mean_
            X_centred, centred = X, True
        if need_u or X.shape[0] < 2 * X.shape[1]:
            U, S, Vt = linalg.svd(X_centred, full_matrices=False, check_finite=False,
                                  overwrite_a=self.copy)
            return U, S, Vt, centred
        (R,) = linalg.qr(X_centred, mode="r", overwrite_a=self.copy, check_finite=False)
        _, S, Vt = linalg.svd(R[: X.shape[1]], full_matrices=False, check_finite=False,
                              overwrite_a=True)
        return None, S, Vt, centred

    def _fit_truncated(self, X, n_components, need_u):
        n_samples, n_features = X.shape
        solver = self._fit_svd_solver
        check_rows_cols_for_svd(n_components, X.shape, solver, strict=solver == "arpack")
        rng = check_random_state(self.random_state)
        if sp.issparse(X):
            self.mean_, column_variance = sparse_column_moments(X)
            total_variance = column_variance.sum() * n_samples / (n_samples - 1)
            X_centred, centred = centred_operator(X, self.mean_), False
        else:
            self.mean_ = X.mean(axis=0)
            if self.copy:
                X_centred, centred = X - self.mean_, False
            else:
                X -= self.mean_
                X_centred, centred = X, True
            flat = X_centred.ravel(order="K")
            total_variance = (flat @ flat) / (n_samples - 1)
        if solver == "arpack":
            U, S, Vt = svds(X_centred, k=n_components, tol=self.tol,
                            v0=arpack_start(min(X.shape), rng))
            S = S[::-1]
            U, Vt = U[:, ::-1], Vt[::-1]
        else:
            U, S, Vt = randomized_svd(X_centred, n_components, n_oversamples=self.n_oversamples,
                                      n_iter=self.iterated_power,
                                      normalizer=self.power_iteration_normalizer,
                                      random_state=rng, compute_u=need_u)
        U, Vt = flip_signs(U, Vt)
        self.n_samples_, self.n_components_ = n_samples, n_components
        self.components_ = Vt
        self.explained_variance_ = S ** 2 / (n_samples - 1)
        self.explained_variance_ratio_ = self.explained_variance_ / total_variance
        self.singular_values_ = S.copy()
        bound = min(n_features, n_samples)
        self.noise_variance_ = ((total_variance - self.explained_variance_.sum())
                                / (bound - n_components) if n_components < bound else 0.0)
        return U, S, X, centred

    def score_samples(self, X):
        """The log-likelihood of each sample under the probabilistic PCA model (Tipping and
        Bishop 1999; Bishop, PRML 12.2.1): (n_samples,)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=False)
        residual = X - self.mean_
        precision = self.get_precision()
        log_like = -0.5 * np.sum(residual * (residual @ precision), axis=1)
        sign, log_det = np.linalg.slogdet(precision)
        log_like -= 0.5 * (X.shape[1] * np.log(2.0 * np.pi) - (log_det if sign > 0 else -np.inf))
        return log_like

    def score(self, X, y=None):
        """The mean log-likelihood of the samples."""
        return float(np.mean(self.score_samples(X)))
