"""Kernel functions of the SVMs, evaluated with BLAS on blocks of rows, and the solver call.

``kernel_matrix(A, B, ...)`` gives ``K[a, b] = k(A[a], B[b])`` for the
kernels ``"linear"`` (``a.b``), ``"poly"`` (``(gamma a.b + coef0)^degree``),
``"rbf"`` (``exp(-gamma |a-b|^2)``), ``"sigmoid"`` (``tanh(gamma a.b + coef0)``)
or a callable; ``solve_dual`` runs the compiled SMO solver of
``_smo_kernels`` (imported on the first fit). SciPy sparse samples stay
sparse: their kernel blocks come from sparse products and row norms, and the
solver gets their CSR and CSC arrays.
"""

import numpy as np
import scipy.sparse as sp

KERNEL_CODES = {"linear": 0, "poly": 1, "rbf": 2, "sigmoid": 3, "precomputed": 4}

# Rows of A per block so one block of the kernel matrix stays near 32 MB.
_BLOCK_ELEMENTS = 1 << 22


def resolve_gamma(gamma, X):
    """The numeric gamma: ``"scale"`` = 1 / (n_features * X.var()), ``"auto"`` = 1 / n_features."""
    if gamma == "scale":
        if sp.issparse(X):  # E[X^2] - E[X]^2 over all entries, zeros included
            variance = float(X.multiply(X).mean() - X.mean() ** 2)
        else:
            variance = float(X.var()) if X.size else 0.0
        return 1.0 / (X.shape[1] * variance) if variance != 0 else 1.0
    if gamma == "auto":
        return 1.0 / X.shape[1]
    return float(gamma)


def _squared_norms(A):
    if sp.issparse(A):
        from ..metrics.pairwise import _squared_norms as sparse_squared_norms

        return sparse_squared_norms(A)
    return np.einsum("ij,ij->i", A, A)


def _kernel_block(A, B, B_sqnorm, kernel, gamma, coef0, degree):
    if sp.issparse(A) or sp.issparse(B):
        from ..metrics.pairwise import _dot

        K = _dot(A, B)
    else:
        K = A @ B.T
    if kernel == "linear":
        return K
    if kernel == "rbf":
        K *= -2.0
        K += _squared_norms(A)[:, None]
        K += B_sqnorm[None, :]
        np.maximum(K, 0.0, out=K)
        K *= -gamma
        return np.exp(K, out=K)
    K *= gamma
    K += coef0
    if kernel == "poly":
        return np.power(K, degree, out=K)
    return np.tanh(K, out=K)


def kernel_matrix(A, B, kernel, gamma, coef0, degree):
    """``K[a, b] = k(A[a], B[b])``, shape (len(A), len(B)), in float64."""
    if callable(kernel):
        K = kernel(A, B)
        return np.asarray(K.toarray() if sp.issparse(K) else K, dtype=np.float64)
    B_sqnorm = _squared_norms(B) if kernel == "rbf" else None
    rows = max(1, _BLOCK_ELEMENTS // max(1, B.shape[0]))
    if A.shape[0] <= rows:
        return _kernel_block(A, B, B_sqnorm, kernel, gamma, coef0, degree)
    out = np.empty((A.shape[0], B.shape[0]))
    for start in range(0, A.shape[0], rows):
        out[start:start + rows] = _kernel_block(A[start:start + rows], B, B_sqnorm, kernel, gamma,
                                                coef0, degree)
    return out


def solve_dual(data, kind, gamma, coef0, degree, idx, y, p, C, alpha, tol, max_iter, cache_size,
               nu_mode=False, shrinking=True):
    """Run the SMO solver on one dual problem; ``alpha`` is updated in place.

    ``data`` holds the problem's samples (or their precomputed kernel matrix
    when ``kind`` is precomputed); the cache holds ``cache_size`` MB of
    single-precision kernel rows; ``nu_mode`` solves the nu-formulations and
    ``shrinking`` turns on LIBSVM's shrinking heuristic.
    Returns ``(rho, r, n_iter, status)`` (``r`` is 0 outside ``nu_mode``).
    """
    from . import _smo_kernels

    empty = np.empty((0, 0))
    rows = cols = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0))
    if sp.issparse(data):
        X, K = empty, empty
        rows, cols = _compressed_arrays(data.tocsr()), _compressed_arrays(data.tocsc())
    else:
        data = np.ascontiguousarray(data, dtype=np.float64)
        X, K = (empty, data) if kind == KERNEL_CODES["precomputed"] else (data, empty)
    n = data.shape[0]
    n_slots = int(cache_size * 2**20 // (4 * max(n, 1)))
    rho, r, n_iter, status = _smo_kernels.smo_solve(
        kind, float(gamma), float(coef0), int(degree), X, K, rows, cols,
        np.ascontiguousarray(idx, dtype=np.int64), np.ascontiguousarray(y, dtype=np.float64),
        np.ascontiguousarray(p, dtype=np.float64), np.ascontiguousarray(C, dtype=np.float64),
        alpha, float(tol), int(max_iter), n_slots, bool(nu_mode), bool(shrinking),
    )
    return float(rho), float(r), int(n_iter), int(status)


def _compressed_arrays(matrix):
    """``(indptr, indices, data)`` of a CSR or CSC matrix in canonical form (sorted indices, no
    duplicates; a copy when it was not), as int64 / float64."""
    if not matrix.has_canonical_format:
        matrix = matrix.copy()
        matrix.sum_duplicates()
    return (np.asarray(matrix.indptr, dtype=np.int64), np.asarray(matrix.indices, dtype=np.int64),
            np.asarray(matrix.data, dtype=np.float64))
