"""Row selection that keeps the container: NumPy arrays, pandas objects, sparse matrices, lists."""

import numpy as np
import scipy.sparse as sp


def _safe_indexing(X, indices, *, axis=0):
    """Rows (``axis=0``) or columns (``axis=1``) ``indices`` of ``X``, keeping its type.

    ``indices`` may be integers, a boolean mask or a slice; for DataFrame
    columns also names.
    """
    if indices is None:
        return X
    if axis not in (0, 1):
        raise ValueError(f"'axis' should be either 0 (to index rows) or 1 (to index columns). Got {axis} instead.")
    if hasattr(X, "iloc"):
        if axis == 0:
            return X.iloc[indices]
        if isinstance(indices, str) or (
            not isinstance(indices, slice) and len(np.atleast_1d(indices))
            and isinstance(np.atleast_1d(indices)[0], str)
        ):
            return X.loc[:, indices]
        return X.iloc[:, indices]
    if sp.issparse(X):
        X = X.tocsr() if axis == 0 and X.format not in ("csr", "csc") else X
        return X[indices] if axis == 0 else X[:, indices]
    if isinstance(X, np.ndarray) or hasattr(X, "shape"):
        return X[indices] if axis == 0 else X[:, indices]
    if axis == 1:
        return [[row[i] for i in np.arange(len(row))[indices]] for row in X]
    if isinstance(indices, slice):
        return X[indices]
    selected = np.asarray(indices)
    if selected.dtype == bool:
        selected = np.flatnonzero(selected)
    return [X[i] for i in selected]
