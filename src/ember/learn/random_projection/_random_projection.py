"""Random projections: multiply the data by a random (n_components, n_features) matrix,
which by the Johnson-Lindenstrauss lemma keeps all pairwise distances within a factor
``1 +/- eps`` when ``n_components >= 4 ln(n_samples) / (eps**2 / 2 - eps**3 / 3)``
(Dasgupta and Gupta 2003; HOML ch8).

``GaussianRandomProjection`` draws N(0, 1 / n_components) entries. ``SparseRandomProjection``
draws Achlioptas / Li, Hastie and Church's very sparse matrix: each entry is
``+/- sqrt(1 / (density * n_components))`` with probability ``density / 2`` each, else 0
(``density="auto"``: 1 / sqrt(n_features)). Both draw with scikit-learn's RandomState
calls in scikit-learn's order (row by row for the sparse matrix: the row's number of
non-zeros, its columns without replacement, then all the signs at the end), so the
same ``random_state`` gives scikit-learn's ``components_``.
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp
from scipy import linalg

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..exceptions import DataDimensionalityWarning, compatible
from ..utils import check_random_state
from ..utils._param_validation import Interval, StrOptions, validate_parameter_constraints
from ..utils.validation import check_array, check_is_fitted, validate_data

__all__ = ["GaussianRandomProjection", "SparseRandomProjection", "johnson_lindenstrauss_min_dim"]


def johnson_lindenstrauss_min_dim(n_samples, *, eps=0.1):
    """The smallest dimension that keeps the distances of ``n_samples`` points within a
    factor ``1 +/- eps`` with good probability: ``4 ln(n) / (eps**2 / 2 - eps**3 / 3)``,
    truncated to an integer (elementwise over arrays).

    Examples
    --------
    >>> int(johnson_lindenstrauss_min_dim(5000, eps=0.1))
    7300
    >>> johnson_lindenstrauss_min_dim([1e4, 1e6], eps=0.5).tolist()
    [442, 663]
    """
    validate_parameter_constraints(
        {"n_samples": ["array-like", Interval(numbers.Real, 1.0, None, closed="left")],
         "eps": ["array-like", Interval(numbers.Real, 0.0, 1.0, closed="neither")]},
        {"n_samples": n_samples, "eps": eps}, "johnson_lindenstrauss_min_dim")
    eps, n_samples = np.asarray(eps), np.asarray(n_samples)
    if np.any(eps <= 0.0) or np.any(eps >= 1):
        raise ValueError(f"The JL bound is defined for eps in ]0, 1[, got {eps!r}")
    if np.any(n_samples <= 0):
        raise ValueError(f"The JL bound is defined for n_samples greater than zero, got "
                         f"{n_samples!r}")
    return (4 * np.log(n_samples) / (eps ** 2 / 2 - eps ** 3 / 3)).astype(np.int64)


def _check_sizes(n_components, n_features):
    if n_components <= 0:
        raise ValueError(f"n_components must be strictly positive, got {n_components}")
    if n_features <= 0:
        raise ValueError(f"n_features must be strictly positive, got {n_features}")


def gaussian_random_matrix(n_components, n_features, rng):
    """A dense (n_components, n_features) matrix of N(0, 1 / n_components) entries."""
    _check_sizes(n_components, n_features)
    return rng.normal(loc=0.0, scale=1.0 / np.sqrt(n_components), size=(n_components, n_features))


def sparse_random_matrix(n_components, n_features, density, rng):
    """The very sparse random matrix (CSR; dense when ``density == 1``)."""
    from ..ensemble._bagging import sample_without_replacement

    _check_sizes(n_components, n_features)
    if density == 1:
        signs = rng.binomial(1, 0.5, (n_components, n_features)) * 2 - 1
        return 1 / np.sqrt(n_components) * signs
    counts = np.empty(n_components, dtype=np.int64)
    columns = []
    for row in range(n_components):  # one binomial, then that many columns, per row
        counts[row] = rng.binomial(n_features, density)
        columns.append(sample_without_replacement(rng, n_features, counts[row]))
    indices = np.concatenate(columns) if columns else np.empty(0, dtype=np.int64)
    signs = rng.binomial(1, 0.5, size=indices.size) * 2 - 1
    indptr = np.concatenate(([0], np.cumsum(counts)))
    matrix = sp.csr_matrix((signs, indices, indptr), shape=(n_components, n_features))
    return np.sqrt(1 / density) / np.sqrt(n_components) * matrix


class _RandomProjection(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """What the two projections share: the target dimension, fit, the inverse."""

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "eps": [Interval(numbers.Real, 0, None, closed="neither")],
        "compute_inverse_components": ["boolean"],
        "random_state": ["random_state"],
    }

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.input_tags.sparse = True
        return tags

    def _n_components_for(self, n_samples, n_features):
        if self.n_components != "auto":
            if self.n_components > n_features:
                warnings.warn(
                    "The number of components is higher than the number of features: "
                    f"n_features < n_components ({n_features} < {self.n_components})."
                    "The dimensionality of the problem will not be reduced.",
                    compatible(DataDimensionalityWarning), stacklevel=3)
            return self.n_components
        n_components = johnson_lindenstrauss_min_dim(n_samples=n_samples, eps=self.eps)
        if n_components <= 0:
            raise ValueError(f"eps={self.eps:f} and n_samples={n_samples} lead to a target "
                             f"dimension of {n_components} which is invalid")
        if n_components > n_features:
            raise ValueError(f"eps={self.eps:f} and n_samples={n_samples} lead to a target "
                             f"dimension of {n_components} which is larger than the original "
                             f"space with n_features={n_features}")
        return n_components

    def fit(self, X, y=None):
        """Draw the projection matrix for X's number of features (X's values are not used
        beyond its shape). ``y`` is ignored. Returns ``self``."""
        self._validate_params()
        X = validate_data(self, X, accept_sparse=["csr", "csc"], dtype=[np.float64, np.float32])
        self.n_components_ = self._n_components_for(*X.shape)
        self.components_ = self._random_matrix(self.n_components_, X.shape[1]).astype(
            X.dtype, copy=False)
        if self.compute_inverse_components:
            self.inverse_components_ = self._pseudo_inverse()
        return self

    def _pseudo_inverse(self):
        components = self.components_
        components = components.toarray() if sp.issparse(components) else components
        return linalg.pinv(components, check_finite=False)

    def _validated(self, X):
        check_is_fitted(self)
        return validate_data(self, X, accept_sparse=["csr", "csc"], reset=False,
                             dtype=[np.float64, np.float32])

    def inverse_transform(self, X):
        """Map projections (n_samples, n_components) back by the pseudo-inverse of
        ``components_``: (n_samples, n_features)."""
        check_is_fitted(self)
        X = check_array(X, dtype=[np.float64, np.float32], accept_sparse=("csr", "csc"))
        inverse = (self.inverse_components_ if self.compute_inverse_components
                   else self._pseudo_inverse())
        return X @ inverse.T

    @property
    def _n_features_out(self):
        return self.n_components_


class GaussianRandomProjection(_RandomProjection):
    """Project on a dense Gaussian random matrix.

    Parameters
    ----------
    n_components : int or "auto", default="auto"
        The target dimension ("auto": ``johnson_lindenstrauss_min_dim(n_samples, eps)``).
    eps : float, default=0.1
        The distortion the "auto" dimension allows.
    compute_inverse_components : bool, default=False
        Compute the pseudo-inverse at fit (for ``inverse_transform``).
    random_state : int, RandomState instance or None, default=None

    Attributes
    ----------
    n_components_ : int
    components_ : ndarray of shape (n_components_, n_features)
    inverse_components_ : ndarray of shape (n_features, n_components_)
        Only with ``compute_inverse_components=True``.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.RandomState(42).rand(25, 3000)
    >>> GaussianRandomProjection(random_state=42).fit_transform(X).shape
    (25, 2759)
    """

    def __init__(self, n_components="auto", *, eps=0.1, compute_inverse_components=False,
                 random_state=None):
        self.n_components = n_components
        self.eps = eps
        self.compute_inverse_components = compute_inverse_components
        self.random_state = random_state

    def _random_matrix(self, n_components, n_features):
        return gaussian_random_matrix(n_components, n_features,
                                      check_random_state(self.random_state))

    def transform(self, X):
        """``X @ components_.T``: (n_samples, n_components_)."""
        return np.asarray(self._validated(X) @ self.components_.T)


class SparseRandomProjection(_RandomProjection):
    """Project on a very sparse random matrix of +/- entries (Li, Hastie and Church 2006).

    Parameters
    ----------
    n_components : int or "auto", default="auto"
        The target dimension ("auto": ``johnson_lindenstrauss_min_dim(n_samples, eps)``).
    density : float in (0, 1] or "auto", default="auto"
        The share of non-zero entries ("auto": 1 / sqrt(n_features)).
    eps : float, default=0.1
    dense_output : bool, default=False
        Return a dense array even for sparse input.
    compute_inverse_components : bool, default=False
    random_state : int, RandomState instance or None, default=None

    Attributes
    ----------
    n_components_ : int
    components_ : sparse matrix of shape (n_components_, n_features)
        CSR (an array when ``density == 1``).
    inverse_components_ : ndarray of shape (n_features, n_components_)
    density_ : float
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.RandomState(42).rand(25, 3000)
    >>> projection = SparseRandomProjection(random_state=42).fit(X)
    >>> projection.transform(X).shape
    (25, 2759)
    >>> round(float(projection.density_), 5)
    0.01826
    """

    _parameter_constraints = {
        **_RandomProjection._parameter_constraints,
        "density": [Interval(numbers.Real, 0.0, 1.0, closed="right"), StrOptions({"auto"})],
        "dense_output": ["boolean"],
    }

    def __init__(self, n_components="auto", *, density="auto", eps=0.1, dense_output=False,
                 compute_inverse_components=False, random_state=None):
        self.n_components = n_components
        self.density = density
        self.eps = eps
        self.dense_output = dense_output
        self.compute_inverse_components = compute_inverse_components
        self.random_state = random_state

    def _random_matrix(self, n_components, n_features):
        density = 1 / np.sqrt(n_features) if self.density == "auto" else self.density
        if density <= 0 or density > 1:
            raise ValueError(f"Expected density in range ]0, 1], got: {density!r}")
        self.density_ = density
        return sparse_random_matrix(n_components, n_features, density,
                                    check_random_state(self.random_state))

    def transform(self, X):
        """``X @ components_.T``: sparse for sparse X unless ``dense_output``,
        (n_samples, n_components_)."""
        X = self._validated(X)
        projected = X @ self.components_.T
        if sp.issparse(projected) and self.dense_output:
            return projected.toarray()
        return projected
