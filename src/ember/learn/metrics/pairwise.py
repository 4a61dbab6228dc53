"""Pairwise distances and kernels between the rows of ``X`` and ``Y`` (``Y=None``: ``X`` itself).

Euclidean distances use the BLAS form ``|x|^2 - 2 x.y + |y|^2`` in float64
(float32 input is upcast), clipped at 0; entries so small against the norms
that the subtraction cancelled are recomputed directly from the differences,
so near-duplicates get exact distances (and every ``d(x, x)`` is 0).

Example:
    >>> euclidean_distances([[0, 1], [1, 1]], [[0, 0]])
    array([[1.        ],
           [1.41421356]])
"""

import numpy as np
import scipy.sparse as sp

from ..utils.validation import check_array

# Squared distances below this fraction of |x|^2 + |y|^2 lost most digits to cancellation.
_CANCELLATION = 1e-7


def _float_dtype(X, Y):
    dtypes = [getattr(a, "dtype", np.float64) for a in (X, Y) if a is not None]
    return np.float32 if all(d == np.float32 for d in dtypes) else np.float64


def check_pairwise_arrays(X, Y, *, precomputed=False, dtype="infer_float", accept_sparse="csr",
                          ensure_all_finite=True, ensure_2d=True, copy=False):
    """``(X, Y)`` validated as float arrays (float32 only if both are) with as many columns.

    ``Y=None`` (or ``Y is X``) returns ``X`` twice, the same object.
    """
    if dtype == "infer_float":
        X = X if hasattr(X, "dtype") or sp.issparse(X) else np.asarray(X)
        Y = Y if Y is None or hasattr(Y, "dtype") or sp.issparse(Y) else np.asarray(Y)
        dtype = _float_dtype(X, Y)
    options = dict(accept_sparse=accept_sparse, dtype=dtype, copy=copy,
                   ensure_all_finite=ensure_all_finite, estimator="check_pairwise_arrays",
                   ensure_2d=ensure_2d)
    if Y is None or Y is X:
        X = Y = check_array(X, **options)
    else:
        X, Y = check_array(X, **options), check_array(Y, **options)
    if precomputed:
        if X.shape[1] != Y.shape[0]:
            raise ValueError(
                f"Precomputed metric requires shape (n_queries, n_indexed). Got ({X.shape[0]}, "
                f"{X.shape[1]}) for {Y.shape[0]} indexed."
            )
    elif ensure_2d and X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"Incompatible dimension for X and Y matrices: X.shape[1] == {X.shape[1]} while "
            f"Y.shape[1] == {Y.shape[1]}"
        )
    return X, Y


def _dot(A, B):
    """``A @ B.T`` as a dense array (sparse operands allowed)."""
    product = A @ B.T
    return product.toarray() if sp.issparse(product) else np.asarray(product)


def _squared_norms(A):
    if sp.issparse(A):
        return np.asarray(A.multiply(A).sum(axis=1), dtype=np.float64).ravel()
    return np.einsum("ij,ij->i", A, A)


def euclidean_distances(X, Y=None, *, Y_norm_squared=None, squared=False, X_norm_squared=None):
    """Distances ``sqrt(|x - y|^2)`` between the rows of ``X`` (n_x, d) and ``Y`` (n_y, d).

    Args:
        X, Y: arrays or sparse matrices; ``Y=None`` means ``X``.
        X_norm_squared, Y_norm_squared: precomputed ``(x * x).sum(1)`` to reuse.
        squared: return squared distances.

    Returns:
        An (n_x, n_y) array, float32 when both inputs are float32.
    """
    same = Y is None or Y is X
    X, Y = check_pairwise_arrays(X, Y)
    result_dtype = X.dtype
    X64 = X.astype(np.float64) if X.dtype != np.float64 else X
    Y64 = X64 if same else (Y.astype(np.float64) if Y.dtype != np.float64 else Y)
    xx = _norms_argument(X_norm_squared, X64, "X")
    yy = xx if same and Y_norm_squared is None else _norms_argument(Y_norm_squared, Y64, "Y")
    distances = _squared_distances(X64, Y64, xx, yy)
    np.maximum(distances, 0, out=distances)
    _refine_cancelled(distances, X64, Y64, xx, yy)
    if same:
        np.fill_diagonal(distances, 0)
    if not squared:
        np.sqrt(distances, out=distances)
    return distances.astype(result_dtype, copy=False)


def _squared_distances(X, Y, xx, yy):
    """``|x|^2 - 2 x.y + |y|^2`` for all pairs; dense inputs get it from one GEMM of the rows
    extended by ``(1, |x|^2)`` and ``(|y|^2, 1)``, so the norms are added without extra passes."""
    if sp.issparse(X) or sp.issparse(Y):
        distances = _dot(X, Y)
        distances *= -2
        distances += xx[:, None]
        distances += yy[None, :]
        return distances
    n_features = X.shape[1]
    left = np.empty((X.shape[0], n_features + 2))
    np.multiply(X, -2, out=left[:, :n_features])
    left[:, n_features] = 1
    left[:, n_features + 1] = xx
    right = np.empty((Y.shape[0], n_features + 2))
    right[:, :n_features] = Y
    right[:, n_features] = yy
    right[:, n_features + 1] = 1
    return left @ right.T


def _norms_argument(given, A, name):
    if given is None:
        return _squared_norms(A)
    norms = np.asarray(given, dtype=np.float64).reshape(-1)
    if norms.shape[0] != A.shape[0]:
        raise ValueError(
            f"Incompatible dimensions for {name} of shape {A.shape} and {name}_norm_squared of "
            f"shape {np.shape(given)}."
        )
    return norms


def _refine_cancelled(distances, X, Y, xx, yy):
    """Recompute, from the differences, the entries the BLAS form computed with cancellation."""
    if sp.issparse(X) or sp.issparse(Y):
        return
    if distances.size == 0:
        return
    # A per-row bound first (one comparison pass, no temporary), then the exact test.
    bound = _CANCELLATION * (xx + yy.max())
    candidates = distances <= bound[:, None]
    if not candidates.any():
        return
    rows, columns = np.divmod(np.flatnonzero(candidates), distances.shape[1])
    exact = distances[rows, columns] <= _CANCELLATION * (xx[rows] + yy[columns])
    rows, columns = rows[exact], columns[exact]
    # Bounded blocks of exact differences (many duplicates would otherwise need n_x * n_y * d).
    block = max(1, (1 << 22) // max(X.shape[1], 1))
    for start in range(0, rows.size, block):
        r, c = rows[start:start + block], columns[start:start + block]
        difference = X[r] - Y[c]
        distances[r, c] = np.einsum("ij,ij->i", difference, difference)


def manhattan_distances(X, Y=None):
    """L1 distances ``sum |x - y|`` between rows.

    Example:
        >>> manhattan_distances([[1, 2]], [[0, 0], [1, 1]])
        array([[3., 1.]])
    """
    from scipy.spatial.distance import cdist

    X, Y = check_pairwise_arrays(X, Y)
    if sp.issparse(X) or sp.issparse(Y):
        X = X.toarray() if sp.issparse(X) else X
        Y = Y.toarray() if sp.issparse(Y) else Y
    return cdist(X, Y, "cityblock").astype(X.dtype, copy=False)


def _unit_rows(A):
    if sp.issparse(A):
        norms = np.sqrt(np.asarray(A.multiply(A).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        return sp.diags(1 / norms) @ A
    norms = np.sqrt(np.einsum("ij,ij->i", A, A))
    norms[norms == 0] = 1
    return A / norms[:, None]


def cosine_similarity(X, Y=None, dense_output=True):
    """``x.y / (|x| |y|)`` between rows (0 for zero rows).

    Example:
        >>> cosine_similarity([[1, 0], [1, 1]], [[2, 0]])
        array([[1.        ],
               [0.70710678]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    X_unit = _unit_rows(X)
    Y_unit = X_unit if Y is X else _unit_rows(Y)
    product = X_unit @ Y_unit.T
    if sp.issparse(product) and dense_output:
        product = product.toarray()
    return product


def cosine_distances(X, Y=None):
    """``1 - cosine_similarity``, clipped to [0, 2] (0 on the diagonal when ``Y`` is ``X``)."""
    same = Y is None or Y is X
    distances = 1.0 - cosine_similarity(X, Y)
    np.clip(distances, 0, 2, out=distances)
    if same:
        np.fill_diagonal(distances, 0.0)
    return distances


def linear_kernel(X, Y=None, dense_output=True):
    """The Gram matrix ``X @ Y.T``.

    Example:
        >>> linear_kernel([[1, 2]], [[3, 4]])
        array([[11.]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    product = X @ Y.T
    if sp.issparse(product) and dense_output:
        product = product.toarray()
    return product


def _gamma(gamma, X):
    return 1.0 / X.shape[1] if gamma is None else gamma


def polynomial_kernel(X, Y=None, degree=3, gamma=None, coef0=1):
    """``(gamma x.y + coef0) ** degree`` (gamma defaults to 1 / n_features)."""
    X, Y = check_pairwise_arrays(X, Y)
    K = _dot(X, Y)
    K *= _gamma(gamma, X)
    K += coef0
    K **= degree
    return K


def sigmoid_kernel(X, Y=None, gamma=None, coef0=1):
    """``tanh(gamma x.y + coef0)`` (gamma defaults to 1 / n_features)."""
    X, Y = check_pairwise_arrays(X, Y)
    K = _dot(X, Y)
    K *= _gamma(gamma, X)
    K += coef0
    np.tanh(K, out=K)
    return K


def rbf_kernel(X, Y=None, gamma=None):
    """The Gaussian kernel ``exp(-gamma |x - y|^2)`` (gamma defaults to 1 / n_features).

    Example:
        >>> rbf_kernel([[0, 0]], [[1, 1]], gamma=0.5)
        array([[0.36787944]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    K = euclidean_distances(X, Y if Y is not X else None, squared=True)
    K *= -_gamma(gamma, X)
    np.exp(K, out=K)
    return K


def laplacian_kernel(X, Y=None, gamma=None):
    """``exp(-gamma |x - y|_1)`` (gamma defaults to 1 / n_features).

    Example:
        >>> laplacian_kernel([[0, 0]], [[1, 1]], gamma=0.5)
        array([[0.36787944]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    K = manhattan_distances(X, Y)
    K *= -_gamma(gamma, X)
    np.exp(K, out=K)
    return K


def additive_chi2_kernel(X, Y=None):
    """``-sum (x - y)^2 / (x + y)`` over the features where ``x + y > 0``, for
    non-negative dense X and Y; computed in blocks of rows of X (about 8 MB each).

    Example:
        >>> additive_chi2_kernel([[1, 0]], [[0, 1]])
        array([[-2.]])
    """
    X, Y = check_pairwise_arrays(X, Y, accept_sparse=False)
    if (X < 0).any():
        raise ValueError("X contains negative values.")
    if Y is not X and (Y < 0).any():
        raise ValueError("Y contains negative values.")
    K = np.empty((X.shape[0], Y.shape[0]), dtype=X.dtype)
    rows = max(1, 2**20 // max(1, Y.shape[0] * X.shape[1]))
    for start in range(0, X.shape[0], rows):  # over row blocks
        x = X[start:start + rows, None, :]
        total = x + Y[None]
        difference = x - Y[None]
        difference *= difference
        np.divide(difference, total, out=difference, where=total != 0)
        difference[total == 0] = 0
        np.sum(difference, axis=2, out=K[start:start + rows])
    np.negative(K, out=K)
    return K


def chi2_kernel(X, Y=None, gamma=1.0):
    """``exp(gamma * additive_chi2_kernel(X, Y))``.

    Example:
        >>> chi2_kernel([[1, 0]], [[0, 1]], gamma=0.5)
        array([[0.36787944]])
    """
    K = additive_chi2_kernel(X, Y)
    K *= gamma
    np.exp(K, out=K)
    return K


PAIRWISE_DISTANCE_FUNCTIONS = {
    "cityblock": manhattan_distances,
    "cosine": cosine_distances,
    "euclidean": euclidean_distances,
    "l1": manhattan_distances,
    "l2": euclidean_distances,
    "manhattan": manhattan_distances,
}
PAIRWISE_KERNEL_FUNCTIONS = {
    "linear": linear_kernel,
    "poly": polynomial_kernel,
    "polynomial": polynomial_kernel,
    "rbf": rbf_kernel,
    "sigmoid": sigmoid_kernel,
    "cosine": cosine_similarity,
    "laplacian": laplacian_kernel,
    "chi2": chi2_kernel,
    "additive_chi2": additive_chi2_kernel,
}
_SCIPY_METRICS = {
    "braycurtis", "canberra", "chebyshev", "correlation", "dice", "hamming", "jaccard",
    "mahalanobis", "minkowski", "rogerstanimoto", "russellrao", "seuclidean",
    "sokalsneath", "sqeuclidean", "yule",
}
_BOOLEAN_METRICS = {"dice", "jaccard", "rogerstanimoto", "russellrao", "sokalsneath", "yule"}


def pairwise_distances(X, Y=None, metric="euclidean", *, n_jobs=None, ensure_all_finite=True,
                       **kwds):
    """The distance matrix between the rows of ``X`` and ``Y`` under ``metric``.

    Args:
        metric: ``"euclidean"``/``"l2"``, ``"manhattan"``/``"cityblock"``/``"l1"``,
            ``"cosine"``, a SciPy ``cdist`` metric name (``"chebyshev"``,
            ``"minkowski"`` with ``p=``...), ``"precomputed"`` (``X`` is returned
            checked), or a callable ``metric(x, y, **kwds)`` of two rows.
        n_jobs: accepted for compatibility; the work is already in BLAS/SciPy.
        **kwds: passed to the metric.

    Returns:
        An (n_x, n_y) array.

    Example:
        >>> pairwise_distances([[0, 0], [3, 4]], metric="manhattan")
        array([[0., 7.],
               [7., 0.]])
    """
    if metric == "precomputed":
        X, _ = check_pairwise_arrays(X, Y, precomputed=True, ensure_all_finite=ensure_all_finite)
        if (X < 0).any() if not sp.issparse(X) else (X.data < 0).any():
            raise ValueError("Negative values in data passed to precomputed distance matrix.")
        return X
    if isinstance(metric, str) and metric in PAIRWISE_DISTANCE_FUNCTIONS:
        if ensure_all_finite is not True:
            X, Y = check_pairwise_arrays(X, Y, ensure_all_finite=ensure_all_finite)
        return PAIRWISE_DISTANCE_FUNCTIONS[metric](X, Y, **kwds)
    from scipy.spatial.distance import cdist

    if callable(metric):
        X, Y = check_pairwise_arrays(X, Y, ensure_all_finite=ensure_all_finite)
        X = X.toarray() if sp.issparse(X) else X
        Y = Y.toarray() if sp.issparse(Y) else Y
        return cdist(X, Y, lambda a, b: metric(a, b, **kwds))
    if metric not in _SCIPY_METRICS:
        known = sorted(set(PAIRWISE_DISTANCE_FUNCTIONS) | _SCIPY_METRICS | {"precomputed"})
        raise ValueError(
            f"Unknown metric {metric}. Valid metrics are {known}, or 'precomputed', or a callable"
        )
    dtype = bool if metric in _BOOLEAN_METRICS else "infer_float"
    X, Y = check_pairwise_arrays(X, Y, dtype=dtype, ensure_all_finite=ensure_all_finite)
    X = X.toarray() if sp.issparse(X) else X
    Y = Y.toarray() if sp.issparse(Y) else Y
    return cdist(X, Y, metric, **kwds)


def pairwise_distances_chunked(X, Y=None, *, reduce_func=None, metric="euclidean", n_jobs=None,
                               working_memory=None, **kwds):
    """The rows of ``pairwise_distances(X, Y)`` in blocks of at most ``working_memory`` MiB
    (default 1024), each passed through ``reduce_func(block, start)`` if given.

    When ``Y`` is ``X`` the diagonal of every block is exactly 0.

    Example:
        >>> blocks = pairwise_distances_chunked([[0, 0], [3, 4], [6, 8]], working_memory=0)
        >>> [block.shape for block in blocks]
        [(1, 3), (1, 3), (1, 3)]
    """
    same = Y is None or Y is X
    if metric != "precomputed":
        X, Y = check_pairwise_arrays(X, Y)
    else:
        Y = X if same else Y
    n_samples_x, n_samples_y = X.shape[0], Y.shape[0]
    budget = (1024 if working_memory is None else working_memory) * 2**20
    rows = int(min(n_samples_x, max(1, budget // (8 * max(n_samples_y, 1)))))
    for start in range(0, n_samples_x, rows):
        stop = min(start + rows, n_samples_x)
        if metric == "precomputed":
            block = X[start:stop]
        else:
            block = pairwise_distances(X[start:stop], Y, metric=metric, **kwds)
            if same and metric in ("euclidean", "l2", "cosine"):
                block[np.arange(stop - start), np.arange(start, stop)] = 0
        if reduce_func is not None:
            result = reduce_func(block, start)
            if result is None:
                raise TypeError("reduce_func must not return None")
            yield result
        else:
            yield block


def pairwise_kernels(X, Y=None, metric="linear", *, filter_params=False, n_jobs=None, **kwds):
    """The kernel matrix between rows of ``X`` and ``Y``: ``"linear"``, ``"rbf"``, ``"poly"``,
    ``"sigmoid"``, ``"cosine"``, ``"precomputed"`` or a callable of two rows."""
    import inspect

    if metric == "precomputed":
        X, _ = check_pairwise_arrays(X, Y, precomputed=True)
        return X
    if isinstance(metric, str) and metric in PAIRWISE_KERNEL_FUNCTIONS:
        function = PAIRWISE_KERNEL_FUNCTIONS[metric]
        if filter_params:
            accepted = set(inspect.signature(function).parameters)
            kwds = {k: v for k, v in kwds.items() if k in accepted}
        return function(X, Y, **kwds)
    if callable(metric):
        from scipy.spatial.distance import cdist

        X, Y = check_pairwise_arrays(X, Y)
        return cdist(X, Y, lambda a, b: metric(a, b, **kwds))
    raise ValueError(f"Unknown kernel {metric!r}")
