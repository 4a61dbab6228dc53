"""The linear algebra the decompositions share: a deterministic sign for singular vectors,
Halko-Martinsson-Tropp randomized SVD, ARPACK's start vector, and the column moments and
implicit centring of sparse matrices.

The random draws follow scikit-learn's: the randomized range finder draws its Gaussian
test matrix with one ``RandomState.normal(size=(n_columns, n_random))`` call, and the
ARPACK start vector is ``RandomState.uniform(-1, 1, min(shape))``, so a ``random_state``
gives the same subspaces as scikit-learn's.
"""

import numpy as np
import scipy.sparse as sp
from scipy import linalg
from scipy.sparse.linalg import LinearOperator

__all__ = ["flip_signs", "randomized_svd", "range_finder", "arpack_start",
           "sparse_column_moments", "centred_operator", "check_rows_cols_for_svd"]


def flip_signs(u, v, *, by_rows_of_v=True):
    """Give each singular pair the sign that makes its largest-magnitude loading positive.

    ``by_rows_of_v=True`` reads the largest entry of each row of ``v`` (the
    components), otherwise of each column of ``u``. Flips ``u``'s columns and
    ``v``'s rows in place (either may be None) and returns them.
    """
    basis = v if by_rows_of_v else u.T
    signs = np.sign(basis[np.arange(basis.shape[0]), np.argmax(np.abs(basis), axis=1)])
    if u is not None:
        u *= signs[None, :]
    if v is not None:
        v *= signs[:, None]
    return u, v


def _lu_basis(A):
    return linalg.lu(A, permute_l=True, check_finite=False)[0]


def _qr_basis(A):
    return linalg.qr(A, mode="economic", check_finite=False)[0]


def range_finder(A, size, n_iter, normalizer="auto", random_state=None):
    """An orthonormal (n_rows, size) basis approximating the range of A (Halko et al. 2011,
    algorithm 4.4): a Gaussian sketch ``A @ G`` refined by ``n_iter`` power iterations,
    each renormalised by LU ("LU", the default past two iterations), QR or not at all."""
    G = random_state.normal(size=(A.shape[1], size))
    if A.dtype == np.float32:
        G = G.astype(np.float32, copy=False)
    if normalizer == "auto":
        normalizer = "none" if n_iter <= 2 else "LU"
    step = {"LU": _lu_basis, "QR": _qr_basis, "none": lambda M: M}[normalizer]
    Q = G
    for _ in range(n_iter):
        Q = step(A @ Q)
        Q = step(A.T @ Q)
    return _qr_basis(A @ Q)


def randomized_svd(M, n_components, *, n_oversamples=10, n_iter="auto", normalizer="auto",
                   random_state=None, compute_u=True):
    """Truncated SVD ``U, s, Vt`` of M (dense, sparse or a LinearOperator) from a randomized
    range of ``n_components + n_oversamples`` columns; signs are left as they come.

    ``n_iter="auto"``: 7 power iterations when ``n_components < 0.1 * min(M.shape)``,
    else 4. A wide M is sketched through its transpose. ``compute_u=False`` returns None
    for U (saving a product by the basis when M is tall).
    """
    n_random = n_components + n_oversamples
    if n_iter == "auto":
        n_iter = 7 if n_components < 0.1 * min(M.shape) else 4
    transpose = M.shape[0] < M.shape[1]
    A = M.T if transpose else M
    Q = range_finder(A, n_random, n_iter, normalizer, random_state)
    B = Q.T @ A
    if sp.issparse(B):
        B = B.toarray()
    U_small, s, Vt = linalg.svd(B, full_matrices=False, lapack_driver="gesdd")
    del B
    if transpose:
        U = Q @ U_small
        return Vt[:n_components].T, s[:n_components], U[:, :n_components].T
    U = Q @ U_small[:, :n_components] if compute_u else None
    return U, s[:n_components], Vt[:n_components]


def arpack_start(size, random_state):
    """ARPACK's start vector: uniform on [-1, 1], drawn as scikit-learn draws it."""
    return random_state.uniform(-1, 1, size)


def sparse_column_moments(X):
    """The mean and (population) variance of each column of a sparse matrix, the
    variance summed as squared deviations so that it stays accurate."""
    X = X.tocsc() if X.format not in ("csr", "csc") else X
    n_samples, n_features = X.shape
    columns = X.indices if X.format == "csr" else np.repeat(
        np.arange(n_features), np.diff(X.indptr))
    data = X.data.astype(np.float64, copy=False)
    mean = np.bincount(columns, weights=data, minlength=n_features) / n_samples
    deviations = (data - mean[columns]) ** 2
    n_zeros = n_samples - np.bincount(columns, minlength=n_features)
    variance = (np.bincount(columns, weights=deviations, minlength=n_features)
                + n_zeros * mean ** 2) / n_samples
    return mean.astype(X.dtype, copy=False), variance.astype(X.dtype, copy=False)


def centred_operator(X, mean):
    """``X - mean`` (row-broadcast) as a LinearOperator, without densifying sparse X."""
    offset = mean[None, :]
    XT = X.T
    return LinearOperator(
        shape=X.shape, dtype=X.dtype,
        matvec=lambda x: X @ x - offset @ x,
        matmat=lambda x: X @ x - offset @ x,
        rmatvec=lambda x: XT @ x - offset * x.sum(),
        rmatmat=lambda x: XT @ x - offset.T @ x.sum(axis=0)[None, :],
    )


def check_rows_cols_for_svd(n_components, shape, solver, *, strict=False):
    """The errors of a truncated solver asked for too many (or a string of) components."""
    bound = min(shape)
    if isinstance(n_components, str):
        raise ValueError(f"n_components={n_components!r} cannot be a string with "
                         f"svd_solver='{solver}'")
    if not 1 <= n_components <= bound:
        raise ValueError(f"n_components={n_components!r} must be between 1 and "
                         f"min(n_samples, n_features)={bound!r} with svd_solver='{solver}'")
    if strict and n_components == bound:
        raise ValueError(f"n_components={n_components!r} must be strictly less than "
                         f"min(n_samples, n_features)={bound!r} with svd_solver='{solver}'")

