"""``KDTree`` and ``BallTree``: space-partitioning indexes for low-dimensional neighbour queries.

Both are complete binary trees stored in arrays. Building is vectorised level
by level: every node of a level splits its points at the median of its
widest dimension at once (one segmented sort per level), so the build costs
a few NumPy passes per level and no Python loop over nodes. A KD node keeps
its points' bounding box, a ball node their centroid and radius. Queries run
in compiled depth-first searches (``_tree_kernels``), split over threads with
``n_jobs``.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..utils import check_array

_METRIC_CODES = {
    "euclidean": 0, "l2": 0, "manhattan": 1, "cityblock": 1, "l1": 1,
    "chebyshev": 2, "infinity": 2, "minkowski": 3, "p": 3,
}


def _n_levels(n_samples, leaf_size):
    return 1 + int(np.log2(max(1, (n_samples - 1) // leaf_size)))


def _level_ranges(n_samples, n_levels):
    """``start``/``end`` of every node, root first: each node's range halves at its middle."""
    starts, ends = [np.array([0])], [np.array([n_samples])]
    for _ in range(n_levels - 1):
        s, e = starts[-1], ends[-1]
        mid = (s + e) // 2
        starts.append(np.stack([s, mid], axis=1).ravel())
        ends.append(np.stack([mid, e], axis=1).ravel())
    return starts, ends


def _n_jobs(n_jobs):
    if n_jobs is None or n_jobs == 1:
        return 1
    cores = os.cpu_count() or 1
    return cores if n_jobs < 0 else min(n_jobs, cores)


class _BinaryTree:
    """The shared layout, build and queries; subclasses add their node bounds."""

    _is_ball = False

    def __init__(self, X, leaf_size=40, metric="minkowski", **kwargs):
        data = check_array(X, dtype=np.float64, order="C")
        if metric not in _METRIC_CODES:
            raise ValueError(f"metric {metric!r} is not valid for {type(self).__name__}; valid "
                             f"metrics are {sorted(_METRIC_CODES)}")
        if leaf_size < 1:
            raise ValueError(f"leaf_size must be greater than or equal to 1, got {leaf_size}")
        self.p = float(kwargs.pop("p", 2 if metric in ("minkowski", "p") else 1))
        if kwargs:
            raise TypeError(f"unexpected metric arguments {sorted(kwargs)}")
        code = _METRIC_CODES[metric]
        if code == 3 and self.p == 2:
            code = 0
        elif code == 3 and self.p == 1:
            code = 1
        elif code == 3 and np.isinf(self.p):
            code = 2
        if code == 3 and self.p < 1:
            raise ValueError("p must be greater than or equal to 1 for a tree's Minkowski metric")
        self.data, self.leaf_size, self.metric, self._metric_code = data, leaf_size, metric, code
        n = data.shape[0]
        self._levels = _n_levels(n, leaf_size)
        starts, ends = _level_ranges(n, self._levels)
        order = np.arange(n)
        if self._levels > 1:
            # Each point's rank along every dimension (ties by index), computed once.
            ranks = np.empty(data.shape, dtype=np.int64)
            rows = np.arange(n)
            for j in range(data.shape[1]):
                ranks[np.argsort(data[:, j], kind="stable"), j] = rows
            for s, e in zip(starts[:-1], ends[:-1]):
                order = self._split_level(order, s, e, ranks)
        self.idx_array = order
        self._start = np.concatenate(starts).astype(np.int64)
        self._end = np.concatenate(ends).astype(np.int64)
        self._build_bounds(starts, ends)

    def _split_level(self, order, starts, ends, ranks):
        """Sort each node's points along its widest dimension (their median lands in the middle).

        One integer sort per level: the key is node * n + the point's rank along
        the node's widest dimension (ranks break ties by index), so a single
        ``argsort`` orders every node of the level at once.
        """
        points = self.data[order]
        widest = (np.maximum.reduceat(points, starts, axis=0)
                  - np.minimum.reduceat(points, starts, axis=0)).argmax(axis=1)
        node_of_position = np.repeat(np.arange(len(starts), dtype=np.int64), ends - starts)
        key = node_of_position * len(order) + ranks[order, widest[node_of_position]]
        return order[np.argsort(key, kind="stable")]

    def _query(self, X, k, n_jobs=None):
        from . import _tree_kernels

        X = np.ascontiguousarray(X, dtype=np.float64)
        dist = np.empty((X.shape[0], k))
        ind = np.empty((X.shape[0], k), dtype=np.int64)

        def run(rows):
            _tree_kernels.query_knn(self.data, self.idx_array, self._start, self._end,
                                    self._is_ball, self._low, self._high, self._radius,
                                    self._levels, X[rows], k, self._metric_code, self.p,
                                    dist[rows], ind[rows])

        self._map(run, X.shape[0], n_jobs)
        return dist, ind.astype(np.intp, copy=False)

    def _query_radius(self, X, r, sort_results=False, n_jobs=None):
        from . import _tree_kernels

        X = np.ascontiguousarray(X, dtype=np.float64)
        radii = np.broadcast_to(np.asarray(r, dtype=np.float64), (X.shape[0],))
        code, p = self._metric_code, self.p
        reduced = radii ** 2 if code == 0 else radii ** p if code == 3 else radii.copy()
        pieces = [None] * X.shape[0]

        def run(rows):
            indptr, found, found_dist = _tree_kernels.query_radius(
                self.data, self.idx_array, self._start, self._end, self._is_ball, self._low,
                self._high, self._radius, self._levels, X[rows], np.ascontiguousarray(reduced[rows]),
                code, p)
            for offset, (a, b) in enumerate(zip(indptr[:-1], indptr[1:])):
                i, d = found[a:b].astype(np.intp), found_dist[a:b]
                if sort_results:
                    arrangement = np.lexsort((i, d))
                    i, d = i[arrangement], d[arrangement]
                pieces[rows.start + offset] = (d, i)

        self._map(run, X.shape[0], n_jobs)
        return [d for d, _ in pieces], [i for _, i in pieces]

    @staticmethod
    def _map(run, n_rows, n_jobs):
        workers = min(_n_jobs(n_jobs), max(n_rows, 1))
        bounds = [n_rows * w // workers for w in range(workers + 1)]
        slices = [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:])]
        if workers == 1:
            run(slices[0])
            return
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(run, slices))

    def _check_queries(self, X):
        X = check_array(X, dtype=np.float64, order="C")
        if X.shape[1] != self.data.shape[1]:
            raise ValueError(f"query data dimension must match training data dimension: "
                             f"got {X.shape[1]}, expected {self.data.shape[1]}")
        return X

    def query(self, X, k=1, return_distance=True, dualtree=False, breadth_first=False,
              sort_results=True):
        """The k nearest points of each row of ``X``.

        Returns:
            ``(distances, indices)``, each (n_queries, k) ascending, or ``indices``.
            (``dualtree``/``breadth_first`` choose scikit-learn's traversal order
            and do not change the results; they are accepted and ignored.)
        """
        X = self._check_queries(X)
        if k > self.data.shape[0]:
            raise ValueError("k must be less than or equal to the number of training points")
        dist, ind = self._query(X, k)
        return (dist, ind) if return_distance else ind

    def query_radius(self, X, r, return_distance=False, count_only=False, sort_results=False):
        """The points within ``r`` (a scalar or one per query) of each row of ``X``.

        Returns:
            ``indices`` (object array of arrays), ``(indices, distances)`` with
            ``return_distance``, or the counts with ``count_only``.
        """
        if count_only and return_distance:
            raise ValueError("count_only and return_distance cannot both be true")
        if sort_results and not return_distance:
            raise ValueError("return_distance must be True if sort_results is True")
        X = self._check_queries(X)
        dist, ind = self._query_radius(X, r, sort_results)
        if count_only:
            return np.array([len(i) for i in ind], dtype=np.intp)
        neigh_ind, neigh_dist = np.empty(len(ind), dtype=object), np.empty(len(ind), dtype=object)
        neigh_ind[:], neigh_dist[:] = ind, dist
        return (neigh_ind, neigh_dist) if return_distance else neigh_ind

    def __getstate__(self):
        return dict(self.__dict__)


class KDTree(_BinaryTree):
    """A KD-tree: nodes split at the median of their widest dimension, bounded by boxes.

    Parameters:
        X: the points (n_samples, n_features).
        leaf_size: most points per leaf is about ``leaf_size`` (40).
        metric: ``"minkowski"`` (``p``), ``"euclidean"``, ``"manhattan"``, ``"chebyshev"``.

    Attributes:
        data: the points; idx_array: the points' order in the tree;
        node_bounds: (2, n_nodes, n_features) lower and upper corners of each node's box.

    Example:
        >>> import numpy as np
        >>> tree = KDTree(np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]]), leaf_size=1)
        >>> dist, ind = tree.query([[0.9, 0.9]], k=2)
        >>> ind.tolist(), dist.round(3).tolist()
        ([[1, 0]], [[0.141, 1.273]])
    """

    def _build_bounds(self, starts, ends):
        points = self.data[self.idx_array]
        self._low = np.concatenate([np.minimum.reduceat(points, s, axis=0) for s in starts])
        self._high = np.concatenate([np.maximum.reduceat(points, s, axis=0) for s in starts])
        self._radius = np.zeros(len(self._low))
        self.node_bounds = np.stack([self._low, self._high])


class BallTree(_BinaryTree):
    """A ball tree: nodes split like a KD-tree's, bounded by a ball around their centroid.

    Parameters and queries as ``KDTree``.

    Attributes:
        data, idx_array; node_bounds: (1, n_nodes, n_features) centroids;
        node_radius: (n_nodes,) the farthest point from each centroid.

    Example:
        >>> import numpy as np
        >>> tree = BallTree(np.array([[0.0], [1.0], [5.0]]), leaf_size=1)
        >>> tree.query_radius([[0.5]], r=0.6)[0].tolist()
        [0, 1]
    """

    _is_ball = True

    def _build_bounds(self, starts, ends):
        points = self.data[self.idx_array]
        centroids, radii = [], []
        for s, e in zip(starts, ends):
            centroid = np.add.reduceat(points, s, axis=0) / (e - s)[:, None]
            gaps = np.abs(points - np.repeat(centroid, e - s, axis=0))
            code = self._metric_code
            if code == 0:
                spread = np.sqrt(np.einsum("ij,ij->i", gaps, gaps))
            elif code == 1:
                spread = gaps.sum(axis=1)
            elif code == 2:
                spread = gaps.max(axis=1)
            else:
                spread = (gaps ** self.p).sum(axis=1) ** (1.0 / self.p)
            centroids.append(centroid)
            radii.append(np.maximum.reduceat(spread, s))
        self._low = np.concatenate(centroids)
        self._high = self._low
        self._radius = np.concatenate(radii)
        self.node_bounds = self._low[None]
        self.node_radius = self._radius
