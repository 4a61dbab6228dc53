"""Brute-force neighbour search: distances block by block, never the whole matrix.

Euclidean distances come from one BLAS product per block,
``||q||^2 - 2 q.x + ||x||^2`` (clipped at 0), and cosine distances from the
product of unit rows; other metrics from ``scipy.spatial.distance.cdist``.
Each block holds at most ``_BLOCK_ELEMENTS`` distances (1 MB of float64, in
cache), so memory stays bounded whatever the sizes; the k smallest of each
row are kept by a compiled single pass (``_brute_kernels``). Query chunks run
on all cores, one thread each (BLAS itself kept to one thread meanwhile).
"""

import contextlib
import os

import numpy as np
import scipy.sparse as sp

# Distances per block: 256 x 512 float64 = 1 MB, so the block stays in the
# core's cache between the product that writes it and the pass that reads it.
_BLOCK_ROWS = 256
_BLOCK_ELEMENTS = 1 << 17


def _blocks(n_queries, n_train):
    """Row chunk and column tile sizes for blocks of about ``_BLOCK_ELEMENTS``."""
    rows = max(1, min(n_queries, _BLOCK_ROWS, _BLOCK_ELEMENTS))
    cols = max(1, min(n_train, _BLOCK_ELEMENTS // rows))
    return rows, cols


@contextlib.contextmanager
def _one_blas_thread():
    """Let each worker's BLAS calls run on its own core.

    Threaded BLAS inside threaded workers oversubscribes the cores, and on a
    busy machine its spinning threads cost several times the work itself.
    ``threadpoolctl`` (installed with scikit-learn) sets the BLAS thread count;
    without it the search runs in one thread and BLAS threads each product.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield False
        return
    with threadpool_limits(1, user_api="blas"):
        yield True


def _cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


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
        """Queries as the products want them: -2q for euclidean, -q/||q|| for cosine."""
        if self.kind == "cosine":
            return _unit_rows(Q) * -1.0
        if self.kind == "euclidean":
            return Q * -2.0
        return _dense(Q)

    def _block(self, Q, start, stop, out=None):
        """Distances (or their reduced form before ``column_term``) of ``Q`` to points start:stop.

        For euclidean ``Q`` must come already scaled by -2 (``_prepare_queries``),
        so the product is the block; ``out`` (C-contiguous, the block's shape)
        receives it without allocating 16 MB of fresh pages per block.
        """
        X = self.X[start:stop]
        if self.kind in ("euclidean", "cosine"):
            if sp.issparse(Q) or sp.issparse(X) or out is None:
                return np.ascontiguousarray(_dense(Q @ X.T), dtype=np.float64)
            return np.matmul(Q, X.T, out=out)
        from scipy.spatial.distance import cdist

        return cdist(Q, X, metric=self.kind, **self.params)

    def _finish(self, reduced, Q):
        """True distances from reduced ones (adds ``||q||^2`` and takes roots for euclidean)."""
        if self.kind == "euclidean":
            reduced += _row_norms_squared(Q)[:, None] * 0.25
            np.maximum(reduced, 0.0, out=reduced)
            return np.sqrt(reduced, out=reduced)
        if self.kind == "cosine":
            np.maximum(reduced, 0.0, out=reduced)
        return reduced

    def kneighbors(self, Q, k):
        """``(distances, indices)``, each (n_queries, k), ascending; ties by lower index."""
        # Load (or compile) the kernel here, once, before any worker thread needs it.
        from . import _brute_kernels  # noqa: F401

        n_queries = Q.shape[0]
        best_dist = np.full((n_queries, k), np.inf)
        best_index = np.full((n_queries, k), -1, dtype=np.intp)
        rows, _ = _blocks(n_queries, self.X.shape[0])
        workers = min(_cores(), -(-n_queries // rows))
        if workers > 1:
            with _one_blas_thread() as limited:
                if limited:
                    from concurrent.futures import ThreadPoolExecutor

                    # Whole row chunks per worker, contiguous, in order.
                    bounds = [rows * (n_queries // rows * w // workers) for w in range(workers)]
                    bounds.append(n_queries)
                    with ThreadPoolExecutor(workers - 1) as pool:
                        futures = [pool.submit(self._search_part, Q, a, b, best_dist, best_index)
                                   for a, b in zip(bounds[1:-1], bounds[2:])]
                        self._search_part(Q, 0, bounds[1], best_dist, best_index)
                        for future in futures:
                            future.result()
                    return self._sorted(best_dist, best_index)
        self._search_part(Q, 0, n_queries, best_dist, best_index)
        return self._sorted(best_dist, best_index)

    def _sorted(self, best_dist, best_index):
        if self.kind == "euclidean":
            # Exact distances can reorder near-ties the product blurred.
            order = np.lexsort((best_index, best_dist), axis=-1)
            best_dist = np.take_along_axis(best_dist, order, axis=1)
            best_index = np.take_along_axis(best_index, order, axis=1)
        return best_dist, best_index

    def _search_part(self, Q, first, last, best_dist, best_index):
        """The k nearest of queries first:last, written into their rows of best_dist/best_index."""
        from ._brute_kernels import merge_k_smallest

        n_train = self.X.shape[0]
        rows, cols = _blocks(last - first, n_train)
        buffer = np.empty(rows * cols)
        column_term = np.ascontiguousarray(self.column_term, dtype=np.float64)
        for start in range(first, last, rows):
            stop = min(start + rows, last)
            chunk = self._prepare_queries(Q[start:stop])
            for col in range(0, n_train, cols):
                col_stop = min(col + cols, n_train)
                out = buffer[:(stop - start) * (col_stop - col)].reshape(stop - start, col_stop - col)
                block = self._block(chunk, col, col_stop, out)
                merge_k_smallest(block, column_term[col:col_stop], col,
                                 best_dist[start:stop], best_index[start:stop])
            if self.kind == "euclidean":
                best_dist[start:stop] = self._exact(Q[start:stop], best_index[start:stop])
            else:
                best_dist[start:stop] = self._finish(best_dist[start:stop], chunk)

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
        queries = self._prepare_queries(Q)
        n_queries, n_train = Q.shape[0], self.X.shape[0]
        rows = max(1, min(n_queries, (1 << 21) // max(n_train, 1)))
        indices, distances = [], []
        for start in range(0, n_queries, rows):
            chunk = queries[start:start + rows]
            dist = self._finish(self._block(chunk, 0, n_train) + self.column_term, chunk)
            hit_rows, hit_cols = np.nonzero(dist <= radius)
            if self.kind == "euclidean":
                gaps = _dense(Q[start:start + rows][hit_rows]) - _dense(self.X[hit_cols])
                hit_dist = np.sqrt(np.einsum("ij,ij->i", gaps, gaps))
            else:
                hit_dist = dist[hit_rows, hit_cols]
            splits = np.searchsorted(hit_rows, np.arange(1, dist.shape[0]))
            for cols_of_row, dist_of_row in zip(np.split(hit_cols, splits), np.split(hit_dist, splits)):
                if sort_results:
                    order = np.argsort(dist_of_row, kind="stable")
                    cols_of_row, dist_of_row = cols_of_row[order], dist_of_row[order]
                indices.append(cols_of_row.astype(np.intp, copy=False))
                distances.append(dist_of_row)
        return distances, indices
