"""``TruncatedSVD``: the leading singular vectors of X itself, not centred, so that sparse
term-document matrices stay sparse (latent semantic analysis; HOML ch8).

``X ~ U_k diag(s_k) V_k^T``; ``components_`` are the rows of ``V_k^T`` and ``transform(X)
= X @ components_.T``. The singular vectors come from the randomized solver (Halko et
al. 2011, with scikit-learn's draws) or from ARPACK (``svds``), each component signed so
that its largest-magnitude loading is positive, as scikit-learn 1.9 signs them.
"""

import numbers

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..utils import check_random_state
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import check_array, check_is_fitted, validate_data
from ._linalg import arpack_start, flip_signs, randomized_svd, sparse_column_moments

__all__ = ["TruncatedSVD"]


class TruncatedSVD(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Dimensionality reduction by a truncated SVD of the uncentred data (dense or sparse).

    Parameters
    ----------
    n_components : int, default=2
        The number of singular vectors kept (below n_features).
    algorithm : {"randomized", "arpack"}, default="randomized"
    n_iter : int, default=5
        Power iterations of the randomized solver.
    n_oversamples : int, default=10
        Extra random directions sampled by the randomized solver.
    power_iteration_normalizer : {"auto", "QR", "LU", "none"}, default="auto"
    random_state : int, RandomState instance or None, default=None
        Seeds the randomized test matrix or the ARPACK start vector.
    tol : float, default=0.0
        ARPACK's tolerance (0: machine precision).

    Attributes
    ----------
    components_ : ndarray of shape (n_components, n_features)
    explained_variance_ : ndarray of shape (n_components,)
        The variance of each projected column.
    explained_variance_ratio_ : ndarray of shape (n_components,)
    singular_values_ : ndarray of shape (n_components,)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> X = sp.random(100, 20, density=0.1, random_state=0, format="csr")
    >>> svd = TruncatedSVD(n_components=5, random_state=42).fit(X)
    >>> svd.transform(X).shape
    (100, 5)
    """

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 1, None, closed="left")],
        "algorithm": [StrOptions({"arpack", "randomized"})],
        "n_iter": [Interval(numbers.Integral, 0, None, closed="left")],
        "n_oversamples": [Interval(numbers.Integral, 1, None, closed="left")],
        "power_iteration_normalizer": [StrOptions({"auto", "QR", "LU", "none"})],
        "random_state": ["random_state"],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
    }

    def __init__(self, n_components=2, *, algorithm="randomized", n_iter=5, n_oversamples=10,
                 power_iteration_normalizer="auto", random_state=None, tol=0.0):
        self.n_components = n_components
        self.algorithm = algorithm
        self.n_iter = n_iter
        self.n_oversamples = n_oversamples
        self.power_iteration_normalizer = power_iteration_normalizer
        self.random_state = random_state
        self.tol = tol

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def fit(self, X, y=None):
        """Find the singular vectors of X (n_samples, n_features). Returns ``self``."""
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        """Fit on X and return ``X @ components_.T`` (``U * s`` from exact ARPACK):
        (n_samples, n_components)."""
        self._validate_params()
        X = validate_data(self, X, accept_sparse=["csr", "csc"], ensure_min_features=2)
        rng = check_random_state(self.random_state)
        if self.algorithm == "arpack":
            if self.n_components >= min(X.shape):  # scikit-learn leaves this to svds
                raise ValueError(
                    f"n_components={self.n_components} must be strictly less than "
                    f"min(n_samples, n_features)={min(X.shape)} with algorithm='arpack' "
                    f"(n_samples={X.shape[0]}, n_features={X.shape[1]})")
            U, S, Vt = svds(X, k=self.n_components, tol=self.tol,
                            v0=arpack_start(min(X.shape), rng))
            S, U, Vt = S[::-1], U[:, ::-1], Vt[::-1]
        else:
            if self.n_components > X.shape[1]:
                raise ValueError(f"n_components({self.n_components}) must be <= "
                                 f"n_features({X.shape[1]}).")
            U, S, Vt = randomized_svd(X, self.n_components, n_iter=self.n_iter,
                                      n_oversamples=self.n_oversamples,
                                      normalizer=self.power_iteration_normalizer,
                                      random_state=rng, compute_u=False)
        U, Vt = flip_signs(U, Vt)
        self.components_ = Vt
        if U is None or self.tol > 0:
            X_new = X @ Vt.T
        else:
            X_new = U * S
        X_new = np.asarray(X_new)
        self.explained_variance_ = variance = np.var(X_new, axis=0)
        total = (sparse_column_moments(X)[1] if sp.issparse(X) else np.var(X, axis=0)).sum()
        self.explained_variance_ratio_ = variance / total
        self.singular_values_ = S
        return X_new

    def transform(self, X):
        """``X @ components_.T``: (n_samples, n_components)."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse=["csr", "csc"], reset=False)
        return np.asarray(X @ self.components_.T)

    def inverse_transform(self, X):
        """``X @ components_``, back in the input space: (n_samples, n_features)."""
        X = check_array(X)
        return X @ self.components_

    @property
    def _n_features_out(self):
        return self.components_.shape[0]
