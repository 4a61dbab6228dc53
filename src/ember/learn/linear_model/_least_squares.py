"""Ordinary least squares: ``LinearRegression`` (HOML chapter 4, the Normal Equation).

The closed form ``theta = (X^T X)^-1 X^T y`` is what the book derives; what a
careful implementation computes is the pseudo-inverse solution through an SVD
of the centred design matrix (LAPACK ``gelsd``), which also handles
rank-deficient ``X`` and gives the rank and singular values. Sparse ``X`` is
solved iteratively by LSQR with centring done implicitly by a linear operator,
and ``positive=True`` by non-negative least squares.
"""

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from scipy import linalg
from scipy.sparse import linalg as sparse_linalg

from ..base import BaseEstimator, RegressorMixin
from ..utils import Interval, validate_data
from ..utils.validation import _check_sample_weight
from ._base import LinearModel, _centred_gram, _preprocess_data


def _centred_operator(X, X_offset, sqrt_weight):
    """``(X - sqrt_weight * X_offset)`` as a LinearOperator, for sparse ``X`` left uncentred.

    With row weights, the rows of ``X`` were already multiplied by
    ``sqrt_weight``, so the mean each row loses is scaled by the same factor.
    """
    sqrt_weight = np.ones(X.shape[0], dtype=X.dtype) if sqrt_weight is None else sqrt_weight
    XT = X.T  # CSC for CSR X and the reverse: both multiply a vector fast

    def matvec(b):
        return X @ b - sqrt_weight * (b @ X_offset)

    def rmatvec(b):
        return XT @ b - X_offset * (b @ sqrt_weight)

    return sparse_linalg.LinearOperator(X.shape, matvec=matvec, rmatvec=rmatvec, dtype=X.dtype)


# Largest condition number for which the Gram-matrix route is used: its refined
# solution is then as accurate as the SVD's (eps * cond**2 stays below 1e-8).
_GRAM_MAX_CONDITION = 1e4


def _centred_design(X, X_offset, sqrt_weight, copy):
    """``sqrt_weight * (X - X_offset)`` as an array (a copy unless ``copy`` is False)."""
    if X_offset is not None:
        Z = X - X_offset
    else:
        Z = X.copy() if copy else X
    if sqrt_weight is not None:
        Z *= sqrt_weight[:, None]
    return Z


def _dense_least_squares(X, Y, cond, X_offset=None, sqrt_weight=None, copy=True):
    """Minimum-norm least squares for ``Z W = Y`` with ``Z = sqrt_weight * (X - X_offset)``.

    ``Y`` is 2-D, centred and reweighted already. Tall, well-conditioned ``Z``
    (the usual case) goes through the Gram matrix ``Z^T Z``, built block by
    block without copying ``X``: one BLAS-3 pass and an ``n_features``-sized
    eigendecomposition (whose eigenvalues are the squared singular values)
    instead of an SVD of all of ``Z``, several times faster. Iterative
    refinement on the residual recovers the accuracy that squaring the
    condition number loses. Ill-conditioned, rank-deficient or wide ``Z`` goes
    to LAPACK's SVD solver.

    Returns:
        ``(coef of shape (n_targets, n_features), rank, singular values)``.
    """
    n_samples, n_features = X.shape
    if n_samples >= 2 * n_features:
        gram, ZtY = _centred_gram(X, X_offset, sqrt_weight, Y)
        eigenvalues, eigenvectors = linalg.eigh(gram, overwrite_a=True, check_finite=False)
        eigenvalues, eigenvectors = eigenvalues[::-1], eigenvectors[:, ::-1]
        largest, smallest = eigenvalues[0], eigenvalues[-1]
        limit = min(_GRAM_MAX_CONDITION, 0.1 / cond if cond > 0 else np.inf)
        if largest > 0 and smallest > 0 and largest / smallest < limit**2:
            condition = np.sqrt(largest / smallest)
            W = eigenvectors @ ((eigenvectors.T @ ZtY) / eigenvalues[:, None])
            for _ in range(0 if condition < 10 else 1 if condition < 100 else 2):
                residual = Y - _apply(X, W, X_offset, sqrt_weight)
                W += eigenvectors @ ((eigenvectors.T @ _apply_transpose(X, residual, X_offset,
                                                                         sqrt_weight))
                                     / eigenvalues[:, None])
            return W.T, n_features, np.sqrt(eigenvalues)
    Z = _centred_design(X, X_offset, sqrt_weight, copy)
    # Z is our own array unless copy_X=False, where scikit-learn's contract
    # also lets the input be overwritten
    solution, _, rank, singular = linalg.lstsq(Z, Y, cond=cond, overwrite_a=True,
                                               check_finite=False)
    return solution.T, rank, singular


def _apply(X, W, X_offset, sqrt_weight):
    """``Z @ W`` for the implicit ``Z = sqrt_weight * (X - X_offset)``."""
    product = X @ W
    if X_offset is not None:
        product -= X_offset @ W
    if sqrt_weight is not None:
        product *= sqrt_weight[:, None]
    return product


def _apply_transpose(X, R, X_offset, sqrt_weight):
    """``Z^T @ R`` for the implicit ``Z = sqrt_weight * (X - X_offset)``."""
    if sqrt_weight is not None:
        R = R * sqrt_weight[:, None]
    product = X.T @ R
    if X_offset is not None:
        product -= np.outer(X_offset, R.sum(axis=0))
    return product


class LinearRegression(RegressorMixin, LinearModel, BaseEstimator):
    """Ordinary least squares linear regression.

    Minimises ``||y - X w - b||^2`` (weighted by ``sample_weight``) over the
    coefficients ``w`` and the intercept ``b``.

    Parameters:
        fit_intercept: fit ``intercept_`` (the data are centred first); if False the
            model goes through the origin.
        copy_X: work on a copy of ``X``; if False dense ``X`` may be overwritten.
        tol: relative cut-off for small singular values of dense ``X`` (smaller ones
            count as zero) and the LSQR tolerance for sparse ``X``.
        n_jobs: accepted for scikit-learn compatibility; the work runs in BLAS.
        positive: constrain the coefficients to be non-negative (dense ``X`` only).

    Attributes:
        coef_: ``(n_features,)``, or ``(n_targets, n_features)`` for 2-D ``y``.
        intercept_: float, or ``(n_targets,)`` for 2-D ``y``; 0.0 without intercept.
        rank_: rank of the centred ``X`` (dense ``X`` only).
        singular_: singular values of the centred ``X``, ``(min(n_samples, n_features),)``
            (dense ``X`` only).
        n_features_in_, feature_names_in_: as every estimator.

    Example:
        >>> import numpy as np
        >>> X = np.array([[1.0, 1.0], [1.0, 2.0], [2.0, 2.0], [2.0, 3.0]])
        >>> y = X @ np.array([1.0, 2.0]) + 3
        >>> model = LinearRegression().fit(X, y)
        >>> model.coef_.round(6).tolist(), round(float(model.intercept_), 6)
        ([1.0, 2.0], 3.0)
        >>> model.predict(np.array([[3.0, 5.0]])).round(6).tolist()
        [16.0]
    """

    _parameter_constraints = {
        "fit_intercept": ["boolean"],
        "copy_X": ["boolean"],
        "n_jobs": [None, Integral],
        "positive": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, *, fit_intercept=True, copy_X=True, tol=1e-6, n_jobs=None, positive=False):
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.tol = tol
        self.n_jobs = n_jobs
        self.positive = positive

    def fit(self, X, y, sample_weight=None):
        """Fit by least squares.

        Args:
            X: array-like or sparse matrix, ``(n_samples, n_features)``.
            y: ``(n_samples,)`` or ``(n_samples, n_targets)``.
            sample_weight: ``(n_samples,)`` non-negative weights, or None.

        Returns:
            self
        """
        self._validate_params()
        accept_sparse = False if self.positive else ["csr", "csc", "coo"]
        X, y = validate_data(self, X, y, accept_sparse=accept_sparse, dtype=[np.float64, np.float32],
                             y_numeric=True, multi_output=True)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype,
                                                 ensure_non_negative=True)
        if sp.issparse(X) and X.format not in ("csr", "csc"):
            X = X.tocsr()
        # dense least squares centres and reweights X block by block itself
        implicit = not self.positive and not sp.issparse(X)
        X, y, X_offset, y_offset, sqrt_weight = _preprocess_data(
            X, y, fit_intercept=self.fit_intercept, copy=self.copy_X, sample_weight=sample_weight,
            transform_X=not implicit)
        targets = y.reshape(len(y), -1)
        if implicit:
            coef, self.rank_, self.singular_ = _dense_least_squares(
                X, targets, self.tol, X_offset if self.fit_intercept else None, sqrt_weight,
                self.copy_X)
        elif self.positive:
            from scipy import optimize  # heavy (0.3 s or more): only when needed

            coef = np.vstack([optimize.nnls(X, column)[0] for column in targets.T])
        else:
            operator = _centred_operator(X, X_offset, sqrt_weight) if self.fit_intercept else X
            coef = np.vstack([sparse_linalg.lsqr(operator, column, atol=self.tol, btol=self.tol)[0]
                              for column in targets.T])
        self.coef_ = coef.ravel() if y.ndim == 1 else coef
        self._set_intercept(X_offset, y_offset)
        return self

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.target_tags.multi_output = True
        tags.input_tags.sparse = not self.positive
        return tags
