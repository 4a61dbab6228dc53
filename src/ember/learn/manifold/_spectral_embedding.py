"""Spectral embedding (Laplacian eigenmaps, Belkin and Niyogi 2003).

A graph of affinities ``A`` between samples (their k-nearest-neighbour graph,
an RBF kernel, or one given) has the Laplacian ``L = D - A`` (``D``: the
degrees), normalised ``D^-1/2 L D^-1/2`` by default. The eigenvectors of
its smallest eigenvalues, divided by ``sqrt(D)`` again, are coordinates in
which strongly connected samples lie close; the first (constant on a connected
graph) is dropped.

The eigensolvers are scikit-learn's: ARPACK in shift-invert mode just below 0
(start vector ``random_state.uniform(-1, 1, n)``), or LOBPCG from a random
block whose first column is ``sqrt(D)``; each vector's sign is fixed so that
its largest-magnitude entry is positive, so results do not depend on the
solver's sign.
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp
from scipy.linalg import eigh
from scipy.sparse.csgraph import connected_components, laplacian as csgraph_laplacian
from scipy.sparse.linalg import eigsh, lobpcg

from ..base import BaseEstimator
from ..metrics.pairwise import rbf_kernel
from ..neighbors import NearestNeighbors
from ..utils import check_array, check_random_state, validate_data
from ..utils._param_validation import Interval, StrOptions, validate_parameter_constraints

__all__ = ["SpectralEmbedding", "spectral_embedding"]

_SOLVERS = StrOptions({"arpack", "lobpcg", "amg"})
_EIGEN_TOL = [Interval(numbers.Real, 0, None, closed="left"), StrOptions({"auto"})]


def _symmetric(adjacency, tol=1e-10):
    """``adjacency`` averaged with its transpose (with a warning) unless already symmetric."""
    if adjacency.ndim != 2 or adjacency.shape[0] != adjacency.shape[1]:
        raise ValueError(f"array must be 2-dimensional and square. shape = {adjacency.shape}")
    if sp.issparse(adjacency):
        diff = (adjacency - adjacency.T).tocsr()
        symmetric = np.all(np.abs(diff.data) < tol)
    else:
        symmetric = np.allclose(adjacency, adjacency.T, atol=tol)
    if symmetric:
        return adjacency
    warnings.warn("Array is not symmetric, and will be converted to symmetric by average with "
                  "its transpose.", stacklevel=3)
    if sp.issparse(adjacency):
        return getattr(0.5 * (adjacency + adjacency.T), "to" + adjacency.format)()
    return 0.5 * (adjacency + adjacency.T)


def _is_connected(adjacency):
    """Whether the graph is one connected component; a dense one by breadth-first search
    over blocks of its rows (no sparse copy of a dense matrix)."""
    if sp.issparse(adjacency):
        return connected_components(adjacency)[0] == 1
    n = adjacency.shape[0]
    reached = np.zeros(n, dtype=bool)
    reached[0] = True
    frontier = np.array([0])
    rows = max(1, 2**22 // max(n, 1))
    while frontier.size:  # over breadth-first levels
        found = np.zeros(n, dtype=bool)
        for start in range(0, frontier.size, rows):  # over blocks of the frontier
            found |= np.any(adjacency[frontier[start:start + rows]] != 0, axis=0)
        found &= ~reached
        reached |= found
        frontier = np.flatnonzero(found)
    return bool(reached.all())


def _sign_flip(vectors):
    """Rows of ``vectors`` with signs making each row's largest-magnitude entry positive."""
    largest = np.argmax(np.abs(vectors), axis=1)
    return vectors * np.sign(vectors[np.arange(vectors.shape[0]), largest])[:, None]


def _unit_diagonal(laplacian, norm_laplacian):
    """A normalised Laplacian with its diagonal set to exactly 1 (it is 1 up to rounding);
    sparse ones come back as CSR."""
    if not sp.issparse(laplacian):
        if norm_laplacian:
            np.fill_diagonal(laplacian, 1.0)
        return laplacian
    laplacian = laplacian.tocoo()
    if norm_laplacian:
        laplacian.data[laplacian.row == laplacian.col] = 1.0
    return laplacian.tocsr()


def _random_block(random_state, degrees, n_columns, dtype):
    X = random_state.standard_normal(size=(degrees.shape[0], n_columns))
    X[:, 0] = degrees.ravel()
    return X.astype(dtype)


def _lobpcg_vectors(laplacian, degrees, n_components, n_nodes, norm_laplacian, random_state,
                    eigen_tol):
    laplacian = check_array(laplacian, dtype=[np.float64, np.float32], accept_sparse=True)
    if n_nodes < 5 * n_components + 1:  # too small for LOBPCG: dense LAPACK
        dense = laplacian.toarray() if sp.issparse(laplacian) else laplacian
        return eigh(dense, check_finite=False)[1].T[:n_components]
    laplacian = _unit_diagonal(laplacian, norm_laplacian)
    X = _random_block(random_state, degrees, n_components + 1, laplacian.dtype)
    tol = None if eigen_tol == "auto" else eigen_tol
    vectors = lobpcg(laplacian, X, tol=tol, largest=False, maxiter=2000)[1]
    return vectors.T[:n_components]


def spectral_embedding(adjacency, *, n_components=8, eigen_solver=None, random_state=None,
                       eigen_tol="auto", norm_laplacian=True, drop_first=True):
    """Embed the nodes of a graph with the eigenvectors of its Laplacian.

    Parameters
    ----------
    adjacency : {array-like, sparse matrix} of shape (n_nodes, n_nodes)
        Symmetric affinities (made symmetric, with a warning, if not).
    n_components : int, default=8
        Coordinates wanted.
    eigen_solver : {"arpack", "lobpcg", "amg"} or None, default=None
        None: "arpack". "amg" needs pyamg, which ember does not use (ValueError).
    random_state : int, RandomState instance or None, default=None
        Seeds ARPACK's start vector or LOBPCG's start block.
    eigen_tol : float or "auto", default="auto"
        Eigensolver tolerance ("auto": 0 for ARPACK, LOBPCG's default).
    norm_laplacian : bool, default=True
        Use the symmetric normalised Laplacian.
    drop_first : bool, default=True
        Drop the first (constant) eigenvector.

    Returns
    -------
    embedding : ndarray of shape (n_nodes, n_components)

    Examples
    --------
    >>> import numpy as np
    >>> A = np.ones((6, 6)) - np.eye(6)
    >>> A[:3, 3:] = A[3:, :3] = 0.01
    >>> Y = spectral_embedding(A, n_components=1, random_state=0)
    >>> bool(np.all(np.sign(Y[:3]) != np.sign(Y[3:].T)))
    True
    """
    validate_parameter_constraints({
        "n_components": [Interval(numbers.Integral, 1, None, closed="left")],
        "eigen_solver": [_SOLVERS, None], "random_state": ["random_state"],
        "eigen_tol": _EIGEN_TOL, "norm_laplacian": ["boolean"], "drop_first": ["boolean"],
    }, dict(n_components=n_components, eigen_solver=eigen_solver, random_state=random_state,
            eigen_tol=eigen_tol, norm_laplacian=norm_laplacian, drop_first=drop_first),
        "spectral_embedding")
    if not sp.issparse(adjacency):
        adjacency = check_array(adjacency, dtype=None, ensure_all_finite=False)
    return _spectral_embedding(adjacency, n_components=n_components, eigen_solver=eigen_solver,
                               random_state=check_random_state(random_state),
                               eigen_tol=eigen_tol, norm_laplacian=norm_laplacian,
                               drop_first=drop_first)


def _spectral_embedding(adjacency, *, n_components, eigen_solver, random_state, eigen_tol,
                        norm_laplacian, drop_first):
    adjacency = _symmetric(adjacency)
    if eigen_solver == "amg":
        raise ValueError("The eigen_solver was set to 'amg', but pyamg is not available.")
    eigen_solver = eigen_solver or "arpack"
    n_nodes = adjacency.shape[0]
    n_vectors = n_components + 1 if drop_first else n_components
    if not _is_connected(adjacency):
        warnings.warn("Graph is not fully connected, spectral embedding may not work as "
                      "expected.", stacklevel=3)
    laplacian, degrees = csgraph_laplacian(adjacency, normed=norm_laplacian, return_diag=True)
    embedding = None
    if eigen_solver == "arpack":
        matrix = _unit_diagonal(laplacian, norm_laplacian)
        try:
            tol = 0 if eigen_tol == "auto" else eigen_tol
            v0 = random_state.uniform(-1, 1, matrix.shape[0])
            matrix = check_array(matrix, accept_sparse="csr", accept_large_sparse=False)
            vectors = eigsh(matrix, k=n_vectors, sigma=-1e-5, which="LM", tol=tol, v0=v0)[1]
            embedding = vectors.T[:n_vectors]
        except RuntimeError:
            warnings.warn("ARPACK has failed, falling back to LOBPCG.", RuntimeWarning,
                          stacklevel=3)
            eigen_solver = "lobpcg"
    if eigen_solver == "lobpcg":
        embedding = _lobpcg_vectors(laplacian, degrees, n_vectors, n_nodes, norm_laplacian,
                                    random_state, eigen_tol)
        if embedding.shape[0] == 1:
            raise ValueError
    if norm_laplacian:
        embedding = embedding / degrees
    embedding = _sign_flip(embedding)
    return embedding[1:n_vectors].T if drop_first else embedding[:n_vectors].T


def _precomputed_knn_graph(D, n_neighbors):
    """Connectivity to each row's ``n_neighbors`` smallest precomputed distances (sparse
    input: among the stored entries), as a CSR matrix."""
    n = D.shape[0]
    if sp.issparse(D):
        D = D.tocsr()
        D.sort_indices()
        counts = np.diff(D.indptr)
        if counts.min() < n_neighbors:
            raise ValueError(f"{n_neighbors} neighbors per samples are required, but some "
                             f"samples have only {counts.min()}.")
        row_of = np.repeat(np.arange(n), counts)
        order = np.lexsort((D.data, row_of))
        picks = order[(D.indptr[:-1, None] + np.arange(n_neighbors)).ravel()]
        ind = D.indices[picks].reshape(n, n_neighbors)
    else:
        D = np.asarray(D)
        if n_neighbors > D.shape[1]:
            raise ValueError(f"Expected n_neighbors <= n_samples_fit, but n_neighbors = "
                             f"{n_neighbors}, n_samples_fit = {D.shape[1]}, n_samples = {n}")
        ind = np.argsort(D, axis=1, kind="stable")[:, :n_neighbors]
    indptr = np.arange(0, n * n_neighbors + 1, n_neighbors)
    return sp.csr_matrix((np.ones(ind.size), ind.ravel(), indptr), shape=(n, D.shape[1]))


class SpectralEmbedding(BaseEstimator):
    """Spectral embedding (Laplacian eigenmaps) of a sample affinity graph.

    Parameters
    ----------
    n_components : int, default=2
    affinity : {"nearest_neighbors", "rbf", "precomputed", "precomputed_nearest_neighbors"} \
            or callable, default="nearest_neighbors"
        How the affinity matrix is built: the symmetrised k-nearest-neighbour
        connectivity (self included), an RBF kernel, X itself, the k-nearest-neighbour
        connectivity of a precomputed distance matrix X, or ``affinity(X)``.
    gamma : float, default=None
        The RBF kernel's coefficient (None: 1 / n_features).
    random_state : int, RandomState instance or None, default=None
    eigen_solver : {"arpack", "lobpcg", "amg"} or None, default=None
    eigen_tol : float or "auto", default="auto"
    n_neighbors : int, default=None
        Neighbours of the graph (None: max(n_samples / 10, 1)).
    n_jobs : int, default=None
        Threads for the neighbour search.

    Attributes
    ----------
    embedding_ : ndarray of shape (n_samples, n_components)
    affinity_matrix_ : ndarray or sparse matrix of shape (n_samples, n_samples)
    n_neighbors_ : int
        The neighbours used (nearest-neighbour affinity).
    gamma_ : float
        The RBF coefficient used (rbf affinity).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> from ember.learn.datasets import make_swiss_roll
    >>> X, t = make_swiss_roll(n_samples=200, random_state=0)
    >>> SpectralEmbedding(n_components=2, random_state=0).fit_transform(X).shape
    (200, 2)
    """

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 1, None, closed="left")],
        "affinity": [StrOptions({"nearest_neighbors", "rbf", "precomputed",
                                 "precomputed_nearest_neighbors"}), callable],
        "gamma": [Interval(numbers.Real, 0, None, closed="left"), None],
        "random_state": ["random_state"],
        "eigen_solver": [_SOLVERS, None],
        "eigen_tol": _EIGEN_TOL,
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "n_jobs": [None, numbers.Integral],
    }

    def __init__(self, n_components=2, *, affinity="nearest_neighbors", gamma=None,
                 random_state=None, eigen_solver=None, eigen_tol="auto", n_neighbors=None,
                 n_jobs=None):
        self.n_components = n_components
        self.affinity = affinity
        self.gamma = gamma
        self.random_state = random_state
        self.eigen_solver = eigen_solver
        self.eigen_tol = eigen_tol
        self.n_neighbors = n_neighbors
        self.n_jobs = n_jobs

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.pairwise = self.affinity in ("precomputed",
                                                     "precomputed_nearest_neighbors")
        return tags

    def _affinity_matrix(self, X):
        affinity = self.affinity
        if affinity == "precomputed":
            return X
        if affinity == "precomputed_nearest_neighbors":
            graph = _precomputed_knn_graph(X, self.n_neighbors)
            return 0.5 * (graph + graph.T)
        if affinity == "nearest_neighbors" and sp.issparse(X):
            warnings.warn("Nearest neighbors affinity currently does not support sparse input, "
                          "falling back to rbf affinity", stacklevel=3)
            affinity = "rbf"
        if affinity == "nearest_neighbors":
            self.n_neighbors_ = (self.n_neighbors if self.n_neighbors is not None
                                 else max(int(X.shape[0] / 10), 1))
            graph = NearestNeighbors(n_neighbors=self.n_neighbors_, n_jobs=self.n_jobs).fit(
                X).kneighbors_graph(X)  # the query is X itself: each sample is its own neighbour
            return 0.5 * (graph + graph.T)
        if affinity == "rbf":
            self.gamma_ = self.gamma if self.gamma is not None else 1.0 / X.shape[1]
            return rbf_kernel(X, gamma=self.gamma_)
        return affinity(X)

    def fit(self, X, y=None):
        """Embed X (n_samples, n_features), or the graph X for precomputed affinities;
        ``y`` is ignored. Returns ``self``."""
        self._validate_params()
        X = validate_data(self, X, accept_sparse="csr", ensure_min_samples=2)
        random_state = check_random_state(self.random_state)
        self.affinity_matrix_ = self._affinity_matrix(X)
        self.embedding_ = _spectral_embedding(
            self.affinity_matrix_, n_components=self.n_components,
            eigen_solver=self.eigen_solver, eigen_tol=self.eigen_tol,
            random_state=random_state, norm_laplacian=True, drop_first=True)
        return self

    def fit_transform(self, X, y=None):
        """Fit and return ``embedding_`` (n_samples, n_components)."""
        return self.fit(X).embedding_
