"""``KernelPCA``: PCA in the feature space of a kernel, by the eigendecomposition of the
centred kernel matrix (Schölkopf, Smola and Müller 1998; HOML ch8).

With ``K`` the (n_samples, n_samples) kernel matrix centred in feature space
(``K - 1K/n - K1/n + 1K1/n^2``), its leading eigenpairs ``(lambda_i, a_i)`` give the
projections of the training samples, ``a_i * sqrt(lambda_i)``, and of new samples,
``K_new_centred @ a_i / sqrt(lambda_i)``. Eigenvectors are signed so that each one's
largest-magnitude entry is positive, as scikit-learn signs them.

``fit_inverse_transform`` learns a pre-image map (Bakir, Weston and Schölkopf 2004): a
kernel ridge regression, with the same kernel and penalty ``alpha``, from the projections
back to the inputs (``dual_coef_``), which is what HOML's reconstruction error uses.
"""

import numbers

import numpy as np
import scipy.sparse as sp
from scipy import linalg
from scipy.sparse.linalg import eigsh

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..exceptions import NotFittedError, compatible
from ..metrics.pairwise import pairwise_kernels
from ..utils import check_random_state
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import check_is_fitted, validate_data
from ._linalg import arpack_start, flip_signs, randomized_svd

__all__ = ["KernelPCA"]


def psd_eigenvalues(values):
    """Eigenvalues of a matrix meant to be positive semi-definite: an error for significant
    negative ones, the others below zero or tiny next to the largest set to 0."""
    values = np.array(values)
    double = values.dtype == np.float64
    largest = values.max()
    if largest < 0:
        raise ValueError(f"All eigenvalues are negative (maximum is {largest:g}). Either the "
                         "matrix is not PSD, or there was an issue while computing the "
                         "eigendecomposition of the matrix.")
    smallest = values.min()
    if smallest < -(1e-5 if double else 5e-3) * largest and smallest < -(1e-10 if double
                                                                          else 1e-6):
        raise ValueError(f"There are significant negative eigenvalues ({-smallest / largest:g} "
                         "of the maximum positive). Either the matrix is not PSD, or there "
                         "was an issue while computing the eigendecomposition of the matrix.")
    values[values < 0] = 0
    values[(0 < values) & (values < (1e-12 if double else 2e-7) * largest)] = 0
    return values


def _float_kernel(K, X):
    """K as a float array that may be centred in place (a copy when K is X itself, as
    with a precomputed kernel)."""
    K = np.asarray(K)
    if K.dtype not in (np.float64, np.float32):
        return K.astype(np.float64)
    return K.copy() if np.may_share_memory(K, X) else K


class _Centring:
    """Centring of kernel matrices in the feature space of the fitted samples."""

    def __init__(self, K):
        n = K.shape[0]
        self.column_means = np.sum(K, axis=0) / n
        self.grand_mean = np.sum(self.column_means) / n

    def __call__(self, K):
        """Centre K (n_queries, n_fitted) in place and return it."""
        row_means = (np.sum(K, axis=1) / self.column_means.shape[0])[:, None]
        K -= self.column_means
        K -= row_means
        K += self.grand_mean
        return K


class KernelPCA(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Kernel principal component analysis.

    Parameters
    ----------
    n_components : int or None, default=None
        Components kept (None: all with a non-zero eigenvalue).
    kernel : {"linear", "poly", "rbf", "sigmoid", "cosine", "precomputed"} or callable,
        default="linear"
    gamma : float or None, default=None
        rbf / poly / sigmoid coefficient (None: 1 / n_features).
    degree : float, default=3
    coef0 : float, default=1
    kernel_params : dict or None, default=None
        Arguments of a callable kernel.
    alpha : float, default=1.0
        Ridge penalty of the pre-image regression.
    fit_inverse_transform : bool, default=False
        Learn ``inverse_transform`` (not with a precomputed kernel).
    eigen_solver : {"auto", "dense", "arpack", "randomized"}, default="auto"
        "auto": ARPACK for fewer than 10 components of over 200 samples, else dense.
    tol : float, default=0
        ARPACK's tolerance.
    max_iter : int or None, default=None
        ARPACK's iteration limit.
    iterated_power : int or "auto", default="auto"
        Power iterations of the randomized solver.
    remove_zero_eig : bool, default=False
        Drop components with zero eigenvalue (always done when n_components is None).
    random_state : int, RandomState instance or None, default=None
        Seeds the ARPACK start vector and the randomized solver.
    copy_X : bool, default=True
        Store a copy of X as ``X_fit_`` (False: a reference).
    n_jobs : int or None, default=None

    Attributes
    ----------
    eigenvalues_ : ndarray of shape (n_components,)
    eigenvectors_ : ndarray of shape (n_samples, n_components)
    dual_coef_ : ndarray of shape (n_samples, n_features)
        The pre-image regression's coefficients (``fit_inverse_transform=True``).
    X_transformed_fit_ : ndarray of shape (n_samples, n_components)
    X_fit_ : ndarray of shape (n_samples, n_features)
    gamma_ : float
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(100, 3)
    >>> kpca = KernelPCA(n_components=2, kernel="rbf", gamma=0.04, random_state=42)
    >>> kpca.fit_transform(X).shape
    (100, 2)
    """

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "kernel": [StrOptions({"linear", "poly", "rbf", "sigmoid", "cosine", "precomputed"}),
                   callable],
        "gamma": [Interval(numbers.Real, 0, None, closed="left"), None],
        "degree": [Interval(numbers.Real, 0, None, closed="left")],
        "coef0": [Interval(numbers.Real, None, None, closed="neither")],
        "kernel_params": [dict, None],
        "alpha": [Interval(numbers.Real, 0, None, closed="left")],
        "fit_inverse_transform": ["boolean"],
        "eigen_solver": [StrOptions({"auto", "dense", "arpack", "randomized"})],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "iterated_power": [Interval(numbers.Integral, 0, None, closed="left"),
                           StrOptions({"auto"})],
        "remove_zero_eig": ["boolean"],
        "random_state": ["random_state"],
        "copy_X": ["boolean"],
        "n_jobs": [None, numbers.Integral],
    }

    def __init__(self, n_components=None, *, kernel="linear", gamma=None, degree=3, coef0=1,
                 kernel_params=None, alpha=1.0, fit_inverse_transform=False,
                 eigen_solver="auto", tol=0, max_iter=None, iterated_power="auto",
                 remove_zero_eig=False, random_state=None, copy_X=True, n_jobs=None):
        self.n_components = n_components
        self.kernel = kernel
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.kernel_params = kernel_params
        self.alpha = alpha
        self.fit_inverse_transform = fit_inverse_transform
        self.eigen_solver = eigen_solver
        self.tol = tol
        self.max_iter = max_iter
        self.iterated_power = iterated_power
        self.remove_zero_eig = remove_zero_eig
        self.random_state = random_state
        self.copy_X = copy_X
        self.n_jobs = n_jobs

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.pairwise = self.kernel == "precomputed"
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def _kernel(self, X, Y=None):
        if callable(self.kernel):
            params = self.kernel_params or {}
        else:
            params = {"gamma": self.gamma_, "degree": self.degree, "coef0": self.coef0}
        return pairwise_kernels(X, Y, metric=self.kernel, filter_params=True,
                                n_jobs=self.n_jobs, **params)

    def _eigendecomposition(self, K):
        """The kept eigenpairs of the centred K, largest first."""
        n = K.shape[0]
        k = n if self.n_components is None else min(n, self.n_components)
        solver = self.eigen_solver
        if solver == "auto":
            solver = "arpack" if n > 200 and k < 10 else "dense"
        if solver == "dense":
            values, vectors = linalg.eigh(K, subset_by_index=(n - k, n - 1))
        elif solver == "arpack":
            start = arpack_start(n, check_random_state(self.random_state))
            values, vectors = eigsh(K, k, which="LA", tol=self.tol, maxiter=self.max_iter,
                                    v0=start)
        else:  # the largest-magnitude eigenpairs, from a randomized SVD of the symmetric K
            U, S, Vt = randomized_svd(K, k, n_iter=self.iterated_power,
                                      random_state=check_random_state(self.random_state))
            vectors = U[:, :k]
            values = S[:k] * np.sign(np.einsum("ji,ij->j", Vt[:k], U[:, :k]))
        values = psd_eigenvalues(values)
        vectors, _ = flip_signs(vectors, None, by_rows_of_v=False)
        order = values.argsort()[::-1]
        values, vectors = values[order], vectors[:, order]
        if self.remove_zero_eig or self.n_components is None:
            vectors, values = vectors[:, values > 0], values[values > 0]
        return values, vectors

    def fit(self, X, y=None):
        """Fit on X (n_samples, n_features), or on a kernel matrix for
        ``kernel="precomputed"``. ``y`` is ignored. Returns ``self``."""
        self._validate_params()
        if self.fit_inverse_transform and self.kernel == "precomputed":
            raise ValueError("Cannot fit_inverse_transform with a precomputed kernel.")
        X = validate_data(self, X, accept_sparse="csr", copy=self.copy_X)
        self.gamma_ = 1 / X.shape[1] if self.gamma is None else self.gamma
        K = _float_kernel(self._kernel(X), X)
        self._centring = _Centring(K)
        self.eigenvalues_, self.eigenvectors_ = self._eigendecomposition(self._centring(K))
        del K
        if self.fit_inverse_transform:
            self._fit_pre_images(self.eigenvectors_ * np.sqrt(self.eigenvalues_), X)
        self.X_fit_ = X
        return self

    def _fit_pre_images(self, X_transformed, X):
        """Kernel ridge regression from the projections back to X (dense)."""
        K = self._kernel(X_transformed)
        K.flat[:: K.shape[0] + 1] += self.alpha
        target = X.toarray() if sp.issparse(X) else X
        self.dual_coef_ = linalg.solve(K, target, assume_a="pos", overwrite_a=True)
        self.X_transformed_fit_ = X_transformed

    def fit_transform(self, X, y=None, **params):
        """Fit on X and return the training projections ``eigenvectors_ *
        sqrt(eigenvalues_)``: (n_samples, n_components)."""
        self.fit(X, **params)
        return self.eigenvectors_ * np.sqrt(self.eigenvalues_)

    def transform(self, X):
        """Project X on the components: (n_samples, n_components)."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        K = self._centring(_float_kernel(self._kernel(X, self.X_fit_), X))
        non_zero = np.flatnonzero(self.eigenvalues_)
        scaled = np.zeros_like(self.eigenvectors_)
        scaled[:, non_zero] = self.eigenvectors_[:, non_zero] / np.sqrt(self.eigenvalues_[non_zero])
        return K @ scaled

    def inverse_transform(self, X):
        """The learned pre-images of projections X (n_samples, n_components):
        (n_samples, n_features). Needs ``fit_inverse_transform=True``."""
        if not self.fit_inverse_transform:
            raise compatible(NotFittedError)(
                "The fit_inverse_transform parameter was not set to True when instantiating "
                "and hence the inverse transform is not available.")
        return self._kernel(X, self.X_transformed_fit_) @ self.dual_coef_

    @property
    def _n_features_out(self):
        return self.eigenvalues_.shape[0]
