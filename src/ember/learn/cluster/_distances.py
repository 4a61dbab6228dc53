"""Squared euclidean distances of a set with itself, rounded as scikit-learn rounds them.

Where a clusterer's result hangs on every bit of its distances (the split of a
Birch node, the messages of affinity propagation), they are computed here as
scikit-learn's ``euclidean_distances(X, squared=True)`` computes them:
``-2 X X^T``, plus the rows' squared norms down and across, clipped at 0, the
diagonal 0, in float64 (float32 input is upcast, the result rounded back).
``ember.learn.metrics.euclidean_distances`` is more accurate (it recomputes
cancelled entries) and so not bit-identical.
"""

import numpy as np
import scipy.sparse as sp


def squared_self_distances(X):
    """(n, n) squared distances between the rows of X (dense or sparse)."""
    if sp.issparse(X):
        X64 = X.astype(np.float64)
        norms = np.asarray(X64.multiply(X64).sum(axis=1)).ravel()
        D = -2 * (X64 @ X64.T).toarray()
    else:
        X64 = X.astype(np.float64, copy=False)
        norms = np.einsum("ij,ij->i", X64, X64)
        D = -2 * (X64 @ X64.T)
    D += norms[:, None]
    D += norms[None, :]
    D = D.astype(X.dtype if X.dtype == np.float32 else np.float64, copy=False)
    np.maximum(D, 0, out=D)
    np.fill_diagonal(D, 0)
    return D
