"""Pieces shared by the linear models: centring for the intercept, sample-weight
rescaling, the intercept from the centred solution, and ``predict``.

A linear model predicts ``X @ coef_.T + intercept_``. Fitting an intercept is
done by solving for ``coef_`` on centred data (weighted column means removed
from ``X`` and ``y``) and recovering ``intercept_ = y_mean - x_mean @ coef_.T``;
sparse ``X`` is never centred (that would densify it), its means are returned
for the solver to account for implicitly.
"""

import numpy as np
import scipy.sparse as sp

from ..utils import check_is_fitted, validate_data


def _weighted_column_mean(X, sample_weight):
    """Column means of dense or sparse ``X``, weighted by ``sample_weight`` (None: equal)."""
    if sp.issparse(X):
        if sample_weight is None:
            return np.asarray(X.mean(axis=0)).ravel().astype(X.dtype, copy=False)
        total = X.T @ sample_weight
        return (np.asarray(total).ravel() / sample_weight.sum()).astype(X.dtype, copy=False)
    if sample_weight is None:
        return X.mean(axis=0)
    return (sample_weight @ X / sample_weight.sum()).astype(X.dtype, copy=False)


def _preprocess_data(X, y, *, fit_intercept, copy=True, sample_weight=None, rescale=True,
                     transform_X=True):
    """Centre ``X`` (dense only) and ``y`` for an intercept, then rescale rows by sqrt(weight).

    Args:
        X: validated dense array or CSR/CSC matrix, shape (n_samples, n_features).
        y: array of shape (n_samples,) or (n_samples, n_targets).
        fit_intercept: centre by the weighted means when True.
        copy: work on a copy of dense ``X`` (otherwise ``X`` is centred in place).
        sample_weight: None or a float array of shape (n_samples,).
        rescale: multiply the rows of ``X`` and ``y`` by ``sqrt(sample_weight)``, which
            turns the weighted least-squares loss into an ordinary one.
        transform_X: False leaves dense ``X`` untouched (no copy): for solvers that
            centre and rescale it block by block (``_centred_gram``).

    Returns:
        ``(X, y, X_offset, y_offset, sqrt_weight)``; ``sqrt_weight`` is None when
        no rows were rescaled.
    """
    dtype = X.dtype
    change_X = transform_X or sp.issparse(X)
    y = np.array(y, dtype=dtype, copy=True)
    if fit_intercept:
        X_offset = _weighted_column_mean(X, sample_weight)
        if change_X and not sp.issparse(X):
            X = X - X_offset if copy else _subtract_in_place(X, X_offset)
        y_offset = np.average(y, axis=0, weights=sample_weight).astype(dtype, copy=False)
        y -= y_offset
    else:
        X_offset = np.zeros(X.shape[1], dtype=dtype)
        y_offset = dtype.type(0) if y.ndim == 1 else np.zeros(y.shape[1], dtype=dtype)
        if change_X and copy and not sp.issparse(X):
            X = X.copy(order="K")  # keep a Fortran layout for coordinate descent
    sqrt_weight = None
    if sample_weight is not None and rescale:
        X, y, sqrt_weight = _rescale_data(X, y, sample_weight, scale_X=change_X)
    return X, y, X_offset, y_offset, sqrt_weight


def _subtract_in_place(X, offset):
    X -= offset
    return X


def _rescale_data(X, y, sample_weight, scale_X=True):
    """Rows of ``X`` and ``y`` times ``sqrt(sample_weight)`` (dense ``X`` in place)."""
    sqrt_weight = np.sqrt(sample_weight).astype(X.dtype, copy=False)
    if scale_X and sp.issparse(X):
        X = sp.diags_array(sqrt_weight) @ X
    elif scale_X:
        X *= sqrt_weight[:, None]
    y = y * (sqrt_weight if y.ndim == 1 else sqrt_weight[:, None])
    return X, y, sqrt_weight


def _centred_gram(X, X_offset, sqrt_weight, Y):
    """``Z^T Z`` and ``Z^T Y`` for ``Z = sqrt_weight * (X - X_offset)``, without forming ``Z``.

    Dense ``X`` is centred and reweighted one cache-sized block of rows at a
    time: no copy of ``X`` is made and ``X`` is read once. ``Y`` is 2-D and
    already centred and reweighted; ``X_offset`` or ``sqrt_weight`` may be None.
    """
    n_samples, n_features = X.shape
    gram = np.zeros((n_features, n_features), dtype=X.dtype)
    XtY = np.zeros((n_features, Y.shape[1]), dtype=X.dtype)
    rows = max(256, (1 << 18) // max(n_features, 1))  # about 2 MB of float64 per block
    for start in range(0, n_samples, rows):
        block = X[start:start + rows]
        if X_offset is not None:
            block = block - X_offset
            if sqrt_weight is not None:
                block *= sqrt_weight[start:start + rows, None]
        elif sqrt_weight is not None:
            block = block * sqrt_weight[start:start + rows, None]
        gram += block.T @ block
        XtY += block.T @ Y[start:start + rows]
    return gram, XtY


class LinearModel:
    """Mixin for linear models: ``predict(X) = X @ coef_.T + intercept_``.

    Subclasses set ``coef_`` (shape (n_features,) or (n_targets, n_features))
    and call ``_set_intercept`` with the offsets from ``_preprocess_data``.
    """

    def _decision_function(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse=["csr", "csc", "coo"], reset=False)
        coef = self.coef_
        scores = X @ coef.T
        return np.asarray(scores) + self.intercept_

    def predict(self, X):
        """Predictions ``X @ coef_.T + intercept_``, shape (n_samples,) or (n_samples, n_targets).

        Args:
            X: array-like or sparse matrix of shape (n_samples, n_features).
        """
        return self._decision_function(X)

    def _set_intercept(self, X_offset, y_offset):
        """``intercept_`` from the centred solution (0.0 without an intercept)."""
        if self.fit_intercept:
            self.coef_ = self.coef_.astype(X_offset.dtype, copy=False)
            self.intercept_ = y_offset - X_offset @ self.coef_.T
        else:
            self.intercept_ = 0.0

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        return tags
