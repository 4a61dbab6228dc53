"""Brute-force neighbour search: distances block by block, never the whole matrix.

Euclidean distances come from one BLAS product per block,
``||q||^2 - 2 q.x + ||x||^2`` (clipped at 0), and cosine distances from the
product of unit rows; other metrics from ``scipy.spatial.distance.cdist``.
Each block holds about ``_BLOCK_ELEMENTS`` distances (16 MB of float64), so
memory stays bounded whatever the sizes; the k smallest of each row are kept
by a compiled single pass (``_brute_kernels``).
"""

import numpy as np
import scipy.sparse as sp
from scipy.spatial.distance import cdist

# Distances per block: 2**21 float64 = 16 MB, small enough to stay in cache
# between the product that writes it and the pass that reads it.
_BLOCK_ELEMENTS = 1 << 21


def _blocks(n_queries, n_train):
    """Row chunk and column tile sizes for blocks of about ``_BLOCK_ELEMENTS``."""
    rows = max(1, min(n_queries, _BLOCK_ELEMENTS // max(n_train, 1)))
    cols = max(1, min(n_train, _BLOCK_ELEMENTS // rows))
    return rows, cols


def _dense(block):
    return block.toarray() if sp.issparse(block) else np.asarray(block)


def _row_norms_squared(X):
    if sp.issparse(X):
        return np.asarray(X.multiply(X).sum(axis=1)).ravel()
    return np.einsum("ij,ij->i", X, X)


def _unit_rows(X):
    norms = np.sqrt(_row_norms_squared(X))
    norms[norms == 0] = 1.0
    if sp.issparse(X):
        return sp.csr_matrix(X.multiply(1.0 / norms[:, None]))
    return X / norms[:, None]


class BruteIndex:
    """The training points prepared for one metric.

    ``kind`` is ``"euclidean"``, ``"cosine"``, or a ``cdist`` metric name or
    callable with ``params`` (``p`` for ``"minkowski"``).
    """

    def __init__(self, X, kind, params=None):
        self.kind, self.params = kind, dict(params or {})
        if kind == "euclidean":
            self.X = X
            self.column_term = _row_norms_squared(X)
        elif kind == "cosine":
            self.X = _unit_rows(X)
            self.column_term = np.ones(X.shape[0])
        else:
            self.X = _dense(X)
            self.column_term = np.zeros(X.shape[0])

    def _prepare_queries(self, Q):
        if self.kind == "cosine":
            return _unit_rows(Q)
        if self.kind == "euclidean":
            return Q
        return _dense(Q)

    def _block(self, Q, start, stop):
        """Distances (or their reduced form before ``column_term``) of ``Q`` to points start:stop."""
        X = self.X[start:stop]
        if self.kind == "euclidean":
            return _dense(Q @ X.T) * -2.0
        if self.kind == "cosine":
            return -_dense(Q @ X.T)
        return cdist(Q, X, metric=self.kind, **self.params)

    def _finish(self, reduced, Q):
        """True distances from reduced ones (adds ``||q||^2`` and takes roots for euclidean)."""
        if self.kind == "euclidean":
            reduced += _row_norms_squared(Q)[:, None]
            np.maximum(reduced, 0.0, out=reduced)
            return np.sqrt(reduced, out=reduced)
        if self.kind == "cosine":
            np.maximum(reduced, 0.0, out=reduced)
        return reduced

    def kneighbors(self, Q, k):
        """``(distances, indices)``, each (n_queries, k), ascending; ties by lower index."""
        from ._brute_kernels import merge_k_smallest

        Q = self._prepare_queries(Q)
        n_queries, n_train = Q.shape[0], self.X.shape[0]
        best_dist = np.full((n_queries, k), np.inf)
        best_index = np.full((n_queries, k), -1, dtype=np.intp)
        rows, cols = _blocks(n_queries, n_train)
        column_term = np.ascontiguousarray(self.column_term, dtype=np.float64)
        for start in range(0, n_queries, rows):
            stop = min(start + rows, n_queries)
            chunk = Q[start:stop]
            for col in range(0, n_train, cols):
                col_stop = min(col + cols, n_train)
                block = np.ascontiguousarray(self._block(chunk, col, col_stop), dtype=np.float64)
                merge_k_smallest(block, column_term[col:col_stop], col,
                                 best_dist[start:stop], best_index[start:stop])
            if self.kind == "euclidean":
                best_dist[start:stop] = self._exact(chunk, best_index[start:stop])
            else:
                best_dist[start:stop] = self._finish(best_dist[start:stop], chunk)
        if self.kind == "euclidean":
            # Exact distances can reorder near-ties the product blurred.
            order = np.lexsort((best_index, best_dist), axis=-1)
            best_dist = np.take_along_axis(best_dist, order, axis=1)
            best_index = np.take_along_axis(best_index, order, axis=1)
        return best_dist, best_index

    def _exact(self, Q, index):
        """Euclidean distances recomputed as ||q - x|| for the chosen pairs (n_rows, k).

        The product form loses the last digits to cancellation, so a point's
        distance to its own copy would come out as 1e-8 instead of 0, which
        matters to inverse-distance weights. Recomputing k distances per query
        costs k * n_features operations, nothing next to the search.
        """
        rows = np.repeat(np.arange(Q.shape[0]), index.shape[1])
        gaps = _dense(Q[rows]) - _dense(self.X[index.ravel()])
        return np.sqrt(np.einsum("ij,ij->i", gaps, gaps)).reshape(index.shape)

    def radius_neighbors(self, Q, radius, sort_results=False):
        """Per query, the indices and distances of the training points within ``radius``."""
        Q = self._prepare_queries(Q)
        n_queries, n_train = Q.shape[0], self.X.shape[0]
        rows, _ = _blocks(n_queries, n_train)
        indices, distances = [], []
        for start in range(0, n_queries, rows):
            chunk = Q[start:start + rows]
            block = self._block(chunk, 0, n_train) + self.column_term
            dist = self._finish(block, chunk)
            hit_rows, hit_cols = np.nonzero(dist <= radius)
            splits = np.searchsorted(hit_rows, np.arange(1, dist.shape[0]))
            if self.kind == "euclidean":
                gaps = _dense(chunk[hit_rows]) - _dense(self.X[hit_cols])
                hit_dist = np.sqrt(np.einsum("ij,ij->i", gaps, gaps))
            else:
                hit_dist = dist[hit_rows, hit_cols]
            for cols_of_row, dist_of_row in zip(np.split(hit_cols, splits), np.split(hit_dist, splits)):
                if sort_results:
                    order = np.argsort(dist_of_row, kind="stable")
                    cols_of_row, dist_of_row = cols_of_row[order], dist_of_row[order]
                indices.append(cols_of_row.astype(np.intp, copy=False))
                distances.append(dist_of_row)
        return distances, indices
