"""Locally linear embedding (Roweis and Saul, *Science* 2000; HOML ch8) and its variants.

Each sample is written as an affine combination of its ``k`` nearest
neighbours (the barycenter weights ``W``, rows summing to one, found by a
regularised ``k x k`` solve per sample), and the low-dimensional coordinates
``Y`` are those that keep the same weights best: the eigenvectors of

    M = (I - W)^T (I - W)

for its smallest eigenvalues, the constant vector (eigenvalue 0) skipped.
Three variants build ``M`` from other local fits:

- ``"modified"`` (Zhang and Wang 2007): several weight vectors per
  neighbourhood, from the local null space;
- ``"hessian"`` (Donoho and Grimes 2003): a local Hessian estimator;
- ``"ltsa"`` (Zhang and Zha 2004): local tangent space alignment.

All per-sample work is batched (stacked ``k x k`` systems, eigendecompositions
and QRs in one NumPy call each) and the blocks are summed into a sparse ``M``
in one COO pass. The eigenproblem is scikit-learn's: ARPACK in shift-invert
mode around 0 with the start vector ``random_state.uniform(-1, 1, n)``, or a
dense ``eigh`` of the wanted index range.
"""

import numbers

import numpy as np
import scipy.sparse as sp
from scipy.linalg import eigh
from scipy.sparse.linalg import eigsh

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..neighbors import NearestNeighbors
from ..utils import check_array, check_random_state, validate_data
from ..utils._param_validation import Interval, StrOptions, validate_parameter_constraints
from ..utils.validation import check_is_fitted

__all__ = ["LocallyLinearEmbedding", "locally_linear_embedding"]

_FLOATS = [np.float64, np.float32]

_CONSTRAINTS = {
    "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
    "n_components": [Interval(numbers.Integral, 1, None, closed="left")],
    "reg": [Interval(numbers.Real, 0, None, closed="left")],
    "eigen_solver": [StrOptions({"auto", "arpack", "dense"})],
    "tol": [Interval(numbers.Real, 0, None, closed="left")],
    "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
    "method": [StrOptions({"standard", "hessian", "modified", "ltsa"})],
    "hessian_tol": [Interval(numbers.Real, 0, None, closed="left")],
    "modified_tol": [Interval(numbers.Real, 0, None, closed="left")],
    "random_state": ["random_state"],
    "n_jobs": [None, numbers.Integral],
}


def barycenter_weights(X, Y, indices, reg=1e-3):
    """The weights (n_samples, n_neighbors), rows summing to one, that best rebuild each
    ``X[i]`` from ``Y[indices[i]]``; the local Gram matrix gets ``reg * trace`` (or ``reg``
    when the trace is 0) on its diagonal so that it is invertible when k > n_features."""
    X = check_array(X, dtype=_FLOATS)
    Y = check_array(Y, dtype=_FLOATS)
    indices = np.asarray(indices, dtype=np.intp)
    n_neighbors = indices.shape[1]
    C = Y[indices] - X[:, None, :]  # (n, k, d): the neighbours seen from each sample
    G = C @ C.transpose(0, 2, 1)
    trace = np.trace(G, axis1=1, axis2=2)
    G[:, np.arange(n_neighbors), np.arange(n_neighbors)] += np.where(
        trace > 0, reg * trace, reg)[:, None]
    w = np.linalg.solve(G, np.ones(G.shape[:2], dtype=G.dtype)[..., None])[..., 0]
    return w / w.sum(axis=1, keepdims=True)


def _arpack_v0(size, random_state):
    """ARPACK's start vector as scikit-learn draws it: uniform on [-1, 1]."""
    return check_random_state(random_state).uniform(-1, 1, size)


def null_space(M, k, k_skip=1, eigen_solver="arpack", tol=1e-6, max_iter=100,
               random_state=None):
    """The eigenvectors (n, k) of the symmetric PSD ``M`` for its eigenvalues
    ``k_skip .. k_skip + k - 1`` counted from the smallest, and those eigenvalues' sum."""
    if eigen_solver == "auto":
        eigen_solver = "arpack" if M.shape[0] > 200 and k + k_skip < 10 else "dense"
    if eigen_solver == "arpack":
        v0 = _arpack_v0(M.shape[0], random_state)
        try:
            values, vectors = eigsh(M, k + k_skip, sigma=0.0, tol=tol, maxiter=max_iter, v0=v0)
        except RuntimeError as error:
            raise ValueError(
                f"Error in determining null-space with ARPACK. Error message: '{error}'. Note "
                "that eigen_solver='arpack' can fail when the weight matrix is singular or "
                "otherwise ill-behaved. In that case, eigen_solver='dense' is recommended."
            ) from error
        return vectors[:, k_skip:], np.sum(values[k_skip:])
    M = M.toarray() if sp.issparse(M) else M
    values, vectors = eigh(M, subset_by_index=(k_skip, k + k_skip - 1), overwrite_a=True)
    order = np.argsort(np.abs(values))
    return vectors[:, order], np.sum(values)


def _sum_blocks(neighbors, blocks, n):
    """The sparse (n, n) sum of each sample's (k, k) block placed at its neighbours."""
    rows = np.broadcast_to(neighbors[:, :, None], blocks.shape).ravel()
    cols = np.broadcast_to(neighbors[:, None, :], blocks.shape).ravel()
    return sp.coo_matrix((blocks.ravel(), (rows, cols)), shape=(n, n)).tocsr()


def _local_bases(X, neighbors, centre):
    """Each neighbourhood's left singular vectors (n, k, m) in descending order, and the
    squared singular values (n, min(k, d)); ``centre``: subtract the neighbourhood mean
    (else the sample itself)."""
    local = X[neighbors]
    local = local - (local.mean(axis=1, keepdims=True) if centre else X[:, None, :])
    n_neighbors, d_in = neighbors.shape[1], X.shape[1]
    if n_neighbors > d_in:
        U, s, _ = np.linalg.svd(local, full_matrices=True)
        return U, s ** 2
    values, vectors = np.linalg.eigh(local @ local.transpose(0, 2, 1))
    return vectors[:, :, ::-1], values[:, ::-1]


def _standard_matrix(nbrs, X, n_neighbors, reg, dense):
    ind = nbrs.kneighbors(X, n_neighbors=n_neighbors + 1, return_distance=False)[:, 1:]
    n = X.shape[0]
    weights = barycenter_weights(X, X, ind, reg=reg)
    W = sp.csr_matrix((weights.ravel(), ind.ravel(),
                       np.arange(0, n * n_neighbors + 1, n_neighbors)), shape=(n, n))
    if dense:
        M = (W.T @ W - W.T - W).toarray()
        M.flat[:: n + 1] += 1.0
        return M
    I_W = sp.eye(n, format="csr", dtype=W.dtype) - W
    return (I_W.T @ I_W).tocsr()


def _hessian_blocks(X, neighbors, n_components, hessian_tol):
    n, n_neighbors = neighbors.shape
    U = _local_bases(X, neighbors, centre=True)[0][:, :, :n_components]
    products = [U[:, :, j:j + 1] * U[:, :, j:n_components] for j in range(n_components)]
    Yi = np.concatenate([np.ones((n, n_neighbors, 1)), U] + products, axis=2)
    Q = np.linalg.qr(Yi, mode="complete")[0]
    w = Q[:, :, n_components + 1:]
    S = w.sum(axis=1, keepdims=True)
    S[np.abs(S) < hessian_tol] = 1.0
    w = w / S
    return w @ w.transpose(0, 2, 1)


def _modified_matrix(X, neighbors, n_components, modified_tol):
    n, n_neighbors = neighbors.shape
    V, evals = _local_bases(X, neighbors, centre=False)
    nev = evals.shape[1]
    reg = 1e-3 * evals.sum(axis=1)
    tmp = V.sum(axis=1)  # V^T 1 per sample
    tmp[:, :nev] /= evals + reg[:, None]
    tmp[:, nev:] /= reg[:, None]
    w_reg = np.einsum("nij,nj->ni", V, tmp)
    w_reg /= w_reg.sum(axis=1, keepdims=True)
    # the size of each sample's local null space, from the median eigenvalue ratio
    rho = evals[:, n_components:].sum(axis=1) / evals[:, :n_components].sum(axis=1)
    eta = np.median(rho)
    cumulative = np.cumsum(evals, axis=1)
    eta_range = (cumulative[:, -1:] / cumulative[:, :-1] - 1.0)[:, ::-1]
    s_range = (eta_range < eta).sum(axis=1) + (n_neighbors - nev)
    blocks = np.empty((n, n_neighbors, n_neighbors))
    row_sums = np.empty((n, n_neighbors))
    for s_i in np.unique(s_range):  # one batch per null-space size
        rows = np.flatnonzero(s_range == s_i)
        Vi = V[rows, :, n_neighbors - s_i:]
        column_sums = Vi.sum(axis=1)
        alpha = np.linalg.norm(column_sums, axis=1) / np.sqrt(s_i)
        h = alpha[:, None] - column_sums
        norm_h = np.linalg.norm(h, axis=1, keepdims=True)
        h = np.where(norm_h < modified_tol, 0.0, h / np.where(norm_h < modified_tol, 1.0, norm_h))
        Vh = np.einsum("nks,ns->nk", Vi, h)
        Wi = (Vi - 2.0 * Vh[:, :, None] * h[:, None, :]
              + (1.0 - alpha)[:, None, None] * w_reg[rows, :, None])
        blocks[rows] = Wi @ Wi.transpose(0, 2, 1)
        row_sums[rows] = Wi.sum(axis=2)
    M = _sum_blocks(neighbors, blocks, n)
    centre = np.repeat(np.arange(n), n_neighbors)
    cross = sp.coo_matrix((-row_sums.ravel(), (centre, neighbors.ravel())), shape=(n, n))
    return (M + cross + cross.T + sp.diags(s_range.astype(np.float64))).tocsr()


def _ltsa_blocks(X, neighbors, n_components):
    n, n_neighbors = neighbors.shape
    v = _local_bases(X, neighbors, centre=True)[0][:, :, :n_components]
    G = np.concatenate([np.full((n, n_neighbors, 1), 1.0 / np.sqrt(n_neighbors)), v], axis=2)
    blocks = -(G @ G.transpose(0, 2, 1))
    blocks[:, np.arange(n_neighbors), np.arange(n_neighbors)] += 1.0
    return blocks


def _embedding_matrix(nbrs, X, n_neighbors, n_components, reg, method, hessian_tol,
                      modified_tol, dense):
    n, d_in = X.shape
    if method == "standard":
        return _standard_matrix(nbrs, X, n_neighbors, reg, dense)
    if method == "hessian" and n_neighbors <= n_components * (n_components + 3) // 2:
        raise ValueError("for method='hessian', n_neighbors must be greater than "
                         "[n_components * (n_components + 3) / 2]")
    if method == "modified" and n_neighbors < n_components:
        raise ValueError("modified LLE requires n_neighbors >= n_components")
    neighbors = nbrs.kneighbors(X, n_neighbors=n_neighbors + 1, return_distance=False)[:, 1:]
    if method == "hessian":
        M = _sum_blocks(neighbors, _hessian_blocks(X, neighbors, n_components, hessian_tol), n)
    elif method == "modified":
        M = _modified_matrix(X, neighbors, n_components, modified_tol)
    else:
        M = _sum_blocks(neighbors, _ltsa_blocks(X, neighbors, n_components), n)
    return M.toarray() if dense else M


def _lle(nbrs, X, *, n_neighbors, n_components, reg, eigen_solver, tol, max_iter, method,
         hessian_tol, modified_tol, random_state):
    """The embedding (n, n_components) and reconstruction error, from a fitted ``nbrs``."""
    n, d_in = X.shape
    if n_components > d_in:
        raise ValueError("output dimension must be less than or equal to input dimension")
    if n_neighbors >= n:
        raise ValueError("Expected n_neighbors < n_samples, but n_samples = %d, n_neighbors = %d"
                         % (n, n_neighbors))
    M = _embedding_matrix(nbrs, X, n_neighbors, n_components, reg, method, hessian_tol,
                          modified_tol, dense=eigen_solver == "dense")
    return null_space(M, n_components, k_skip=1, eigen_solver=eigen_solver, tol=tol,
                      max_iter=max_iter, random_state=random_state)


def locally_linear_embedding(X, *, n_neighbors, n_components, reg=1e-3, eigen_solver="auto",
                             tol=1e-6, max_iter=100, method="standard", hessian_tol=1e-4,
                             modified_tol=1e-12, random_state=None, n_jobs=None):
    """Locally linear embedding of ``X`` (an array (n_samples, n_features) or a fitted
    ``NearestNeighbors``); parameters as ``LocallyLinearEmbedding``'s.

    Returns
    -------
    Y : ndarray of shape (n_samples, n_components)
    squared_error : float
        The reconstruction error: the sum of the eigenvalues kept.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.RandomState(0).rand(50, 3)
    >>> Y, err = locally_linear_embedding(X, n_neighbors=8, n_components=2)
    >>> Y.shape
    (50, 2)
    """
    params = dict(n_neighbors=n_neighbors, n_components=n_components, reg=reg,
                  eigen_solver=eigen_solver, tol=tol, max_iter=max_iter, method=method,
                  hessian_tol=hessian_tol, modified_tol=modified_tol,
                  random_state=random_state, n_jobs=n_jobs)
    validate_parameter_constraints(_CONSTRAINTS, params, "locally_linear_embedding")
    if isinstance(X, NearestNeighbors):
        check_is_fitted(X)
        nbrs = X
    else:
        nbrs = NearestNeighbors(n_neighbors=n_neighbors + 1, n_jobs=n_jobs).fit(X)
    params.pop("n_jobs")
    return _lle(nbrs, nbrs._fit_X, **params)


class LocallyLinearEmbedding(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Locally linear embedding: keep each sample's barycenter weights on its neighbours.

    Parameters
    ----------
    n_neighbors : int, default=5
        Neighbours per sample.
    n_components : int, default=2
        Coordinates of the embedding.
    reg : float, default=1e-3
        Regularisation of the local weight problems (times the local Gram trace).
    eigen_solver : {"auto", "arpack", "dense"}, default="auto"
        "arpack": shift-invert Lanczos on the sparse ``M``; "dense": LAPACK on the
        dense ``M``; "auto": arpack when n_samples > 200 and n_components < 9.
    tol : float, default=1e-6
        ARPACK's tolerance.
    max_iter : int, default=100
        ARPACK's iteration limit.
    method : {"standard", "hessian", "modified", "ltsa"}, default="standard"
    hessian_tol : float, default=1e-4
        Hessian eigenmapping's tolerance.
    modified_tol : float, default=1e-12
        Modified LLE's tolerance.
    neighbors_algorithm : {"auto", "brute", "kd_tree", "ball_tree"}, default="auto"
    random_state : int, RandomState instance or None, default=None
        Seeds ARPACK's start vector.
    n_jobs : int, default=None
        Threads for the neighbour search.

    Attributes
    ----------
    embedding_ : ndarray of shape (n_samples, n_components)
    reconstruction_error_ : float
    nbrs_ : NearestNeighbors
        The fitted neighbour index (used by ``transform``).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> from ember.learn.datasets import make_swiss_roll
    >>> X, t = make_swiss_roll(n_samples=300, random_state=0)
    >>> lle = LocallyLinearEmbedding(n_neighbors=10, random_state=0)
    >>> lle.fit_transform(X).shape
    (300, 2)
    """

    _parameter_constraints = {
        **_CONSTRAINTS,
        "neighbors_algorithm": [StrOptions({"auto", "brute", "kd_tree", "ball_tree"})],
    }

    def __init__(self, *, n_neighbors=5, n_components=2, reg=1e-3, eigen_solver="auto",
                 tol=1e-6, max_iter=100, method="standard", hessian_tol=1e-4,
                 modified_tol=1e-12, neighbors_algorithm="auto", random_state=None,
                 n_jobs=None):
        self.n_neighbors = n_neighbors
        self.n_components = n_components
        self.reg = reg
        self.eigen_solver = eigen_solver
        self.tol = tol
        self.max_iter = max_iter
        self.method = method
        self.hessian_tol = hessian_tol
        self.modified_tol = modified_tol
        self.neighbors_algorithm = neighbors_algorithm
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _fit_transform(self, X):
        self._validate_params()
        self.nbrs_ = NearestNeighbors(n_neighbors=self.n_neighbors,
                                      algorithm=self.neighbors_algorithm, n_jobs=self.n_jobs)
        random_state = check_random_state(self.random_state)
        X = validate_data(self, X, dtype=float)
        self.nbrs_.fit(X)
        self.embedding_, self.reconstruction_error_ = _lle(
            self.nbrs_, self.nbrs_._fit_X, n_neighbors=self.n_neighbors,
            n_components=self.n_components, reg=self.reg, eigen_solver=self.eigen_solver,
            tol=self.tol, max_iter=self.max_iter, method=self.method,
            hessian_tol=self.hessian_tol, modified_tol=self.modified_tol,
            random_state=random_state)
        self._n_features_out = self.embedding_.shape[1]

    def fit(self, X, y=None):
        """Embed X (n_samples, n_features); ``y`` is ignored. Returns ``self``."""
        self._fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        """Embed X and return ``embedding_`` (n_samples, n_components)."""
        self._fit_transform(X)
        return self.embedding_

    def transform(self, X):
        """Place new points (n_samples, n_features) in the embedding: each is the
        barycenter-weighted mean of its training neighbours' coordinates."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        ind = self.nbrs_.kneighbors(X, n_neighbors=self.n_neighbors, return_distance=False)
        weights = barycenter_weights(X, self.nbrs_._fit_X, ind, reg=self.reg)
        return np.einsum("nkc,nk->nc", self.embedding_[ind], weights)
