"""What every neighbours estimator shares: metric resolution, the search index, k- and radius queries.

``fit`` stores the training points and builds one index: a brute-force
``BruteIndex`` or a ``KDTree``/``BallTree`` (``algorithm``; ``"auto"`` picks as
scikit-learn does: brute beyond 15 features or for ``n_neighbors >= n/2``,
otherwise a KD-tree). Queries with ``X=None`` search the training points and
leave each point itself out.
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp

from ..utils import check_is_fitted, validate_data
from ..utils._param_validation import Interval, StrOptions
from ._brute import BruteIndex

# Metric names and the canonical distance each one means.
_METRIC_KIND = {
    "euclidean": "euclidean", "l2": "euclidean",
    "manhattan": "cityblock", "cityblock": "cityblock", "l1": "cityblock",
    "chebyshev": "chebyshev", "infinity": "chebyshev",
    "minkowski": "minkowski", "p": "minkowski",
    "cosine": "cosine",
}
_TREE_METRICS = {"euclidean", "l2", "manhattan", "cityblock", "l1", "chebyshev", "infinity",
                 "minkowski", "p"}
VALID_METRICS = {
    "brute": sorted(_METRIC_KIND),
    "kd_tree": sorted(_TREE_METRICS),
    "ball_tree": sorted(_TREE_METRICS),
}


def _constraints(search):
    """Parameter constraints of a k-neighbours (``search="k"``) or radius estimator with ``weights``."""
    constraints = {**NeighborsBase._parameter_constraints,
                   "weights": [StrOptions({"uniform", "distance"}), callable, None]}
    constraints.pop("radius" if search == "k" else "n_neighbors")
    return constraints


def _get_weights(dist, weights):
    """Neighbour weights from their distances: None (uniform), 1/d, or ``weights(dist)``.

    With ``"distance"``, a query at distance 0 from some neighbours gives those
    weight 1 and the others 0 (instead of dividing by zero).
    """
    if weights in (None, "uniform"):
        return None
    if weights == "distance":
        if dist.dtype is np.dtype(object):  # radius neighbours: one array per query
            return np.array([_get_weights(d[None], "distance")[0] for d in dist], dtype=object)
        with np.errstate(divide="ignore"):
            inverse = 1.0 / dist
        at_zero = np.isinf(inverse)
        rows = at_zero.any(axis=1)
        inverse[rows] = at_zero[rows]
        return inverse
    return weights(dist)


class NeighborsBase:
    """Parameters, ``fit`` and the index shared by the neighbours estimators."""

    _parameter_constraints = {
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "radius": [Interval(numbers.Real, 0, None, closed="both"), None],
        "algorithm": [StrOptions({"auto", "ball_tree", "kd_tree", "brute"})],
        "leaf_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "p": [Interval(numbers.Real, 0, None, closed="right"), None],
        "metric": [StrOptions(set(_METRIC_KIND)), callable],
        "metric_params": [dict, None],
        "n_jobs": [numbers.Integral, None],
    }

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        return tags

    def _resolve_metric(self):
        """Set ``effective_metric_``/``effective_metric_params_`` as scikit-learn names them."""
        params = dict(self.metric_params or {})
        if "p" in params and self.p is not None:
            warnings.warn("Parameter p is found in metric_params. The corresponding parameter "
                          "from __init__ is ignored.", SyntaxWarning, stacklevel=3)
        self.effective_metric_ = self.metric
        if self.metric == "minkowski":
            p = params.pop("p", self.p if self.p is not None else 2)
            w = params.pop("w", None)
            if w is None and p == 1:
                self.effective_metric_ = "manhattan"
            elif w is None and p == 2:
                self.effective_metric_ = "euclidean"
            elif w is None and p == np.inf:
                self.effective_metric_ = "chebyshev"
            else:
                params["p"], params["w"] = p, w
        self.effective_metric_params_ = params

    def _choose_algorithm(self, X):
        metric = self.effective_metric_
        if self.algorithm == "kd_tree" and callable(self.metric):
            raise ValueError(f"kd_tree does not support callable metric {self.metric!r}; "
                             "use algorithm='brute'.")
        if self.algorithm in ("kd_tree", "ball_tree") and (callable(metric) or metric not in _TREE_METRICS):
            raise ValueError(
                f"Metric {self.metric!r} not valid for algorithm={self.algorithm!r}. Valid metrics "
                f"are {VALID_METRICS[self.algorithm]} (cosine and callables need "
                "algorithm='brute')."
            )
        semi = metric == "minkowski" and self.effective_metric_params_["p"] < 1
        method = self.algorithm
        if method == "auto":
            k = getattr(self, "n_neighbors", None)
            if (sp.issparse(X) or callable(metric) or metric not in _TREE_METRICS or semi
                    or X.shape[1] > 15 or (k is not None and k >= X.shape[0] // 2)):
                method = "brute"
            else:
                method = "kd_tree"
        if semi:
            if method != "brute":
                raise ValueError(
                    f'algorithm="{method}" does not support 0 < p < 1 for the Minkowski metric. '
                    'To resolve this problem either set p >= 1 or algorithm="brute".'
                )
            warnings.warn("Mind that for 0 < p < 1, Minkowski metrics are not distance metrics. "
                          "Continuing the execution with `algorithm='brute'`.")
        if method != "brute" and sp.issparse(X):
            warnings.warn("cannot use tree with sparse input: using brute force")
            method = "brute"
        return method

    def _scaled(self, X):
        """Weighted Minkowski ``sum w |x - y|^p`` is plain Minkowski on ``w^(1/p) x``."""
        w = self.effective_metric_params_.get("w")
        if w is None:
            return X
        scale = np.asarray(w, dtype=np.float64) ** (1.0 / self.effective_metric_params_["p"])
        return X.multiply(scale).tocsr() if sp.issparse(X) else X * scale

    def _fit(self, X, y=None):
        self._validate_params()
        if y is None and not self.__ember_tags__().target_tags.required:
            X = validate_data(self, X, accept_sparse="csr", dtype=[np.float64, np.float32])
        else:
            X, y = validate_data(self, X, y, accept_sparse="csr", multi_output=True,
                                 dtype=[np.float64, np.float32])
        X = X.astype(np.float64) if X.dtype != np.float64 else X
        self._resolve_metric()
        self._fit_method = self._choose_algorithm(X)
        self._fit_X = X
        self.n_samples_fit_ = X.shape[0]
        metric = self.effective_metric_
        kind = metric if callable(metric) else _METRIC_KIND[metric]
        p = self.effective_metric_params_.get("p", 2)
        scaled = self._scaled(X)
        if self._fit_method == "brute":
            if kind == "minkowski":
                self._index = BruteIndex(scaled, "minkowski", {"p": p})
            else:
                self._index = BruteIndex(scaled, kind, {} if callable(kind) else None)
            self._tree = None
        else:
            from ._tree import BallTree, KDTree

            tree_class = KDTree if self._fit_method == "kd_tree" else BallTree
            self._tree = tree_class(scaled, leaf_size=self.leaf_size,
                                    metric="minkowski" if kind == "minkowski" else kind,
                                    **({"p": p} if kind == "minkowski" else {}))
            self._index = self._tree
        return X, y

    def _check_query(self, X):
        X = validate_data(self, X, accept_sparse="csr", reset=False,
                          dtype=[np.float64, np.float32])
        X = X.astype(np.float64) if X.dtype != np.float64 else X
        if sp.issparse(X) and self._fit_method != "brute":
            raise ValueError(f"{self._fit_method} does not work with sparse matrices. Densify the "
                             "data, or set algorithm='brute'")
        return X


class KNeighborsMixin:
    """``kneighbors`` and ``kneighbors_graph``."""

    def _neighbour_weights(self, X):
        """Each query's neighbour indices (n_queries, k) and their weights (None when uniform)."""
        if self.weights == "uniform":
            return self.kneighbors(X, return_distance=False), None
        dist, ind = self.kneighbors(X)
        return ind, _get_weights(dist, self.weights)

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """The ``n_neighbors`` nearest training points of each query.

        Args:
            X: queries (n_queries, n_features); None queries the training points,
                each leaving itself out.
            n_neighbors: how many (default ``self.n_neighbors``).
            return_distance: also return the distances.

        Returns:
            ``(distances, indices)`` (each (n_queries, n_neighbors), ascending
            distance) or only ``indices``.
        """
        check_is_fitted(self)
        if n_neighbors is None:
            n_neighbors = self.n_neighbors
        if isinstance(n_neighbors, bool) or not isinstance(n_neighbors, numbers.Integral):
            raise TypeError(f"n_neighbors does not take {type(n_neighbors)} value, enter integer value")
        if n_neighbors <= 0:
            raise ValueError(f"Expected n_neighbors > 0. Got {n_neighbors}")
        query_is_train = X is None
        X = self._fit_X if query_is_train else self._check_query(X)
        wanted = n_neighbors + 1 if query_is_train else n_neighbors
        if wanted > self.n_samples_fit_:
            inequality = "n_neighbors < n_samples_fit" if query_is_train else "n_neighbors <= n_samples_fit"
            raise ValueError(
                f"Expected {inequality}, but n_neighbors = {n_neighbors}, n_samples_fit = "
                f"{self.n_samples_fit_}, n_samples = {X.shape[0]}"
            )
        dist, ind = self._kneighbors_index(self._scaled(X), wanted)
        if query_is_train:
            # Drop each point itself; where duplicates pushed it out of the list,
            # drop the first neighbour instead.
            keep = ind != np.arange(X.shape[0])[:, None]
            keep[~(~keep).any(axis=1), 0] = False
            ind = ind[keep].reshape(X.shape[0], n_neighbors)
            dist = dist[keep].reshape(X.shape[0], n_neighbors)
        return (dist, ind) if return_distance else ind

    def _kneighbors_index(self, X, k):
        if self._fit_method == "brute":
            return self._index.kneighbors(X, k)
        return self._tree._query(X, k, n_jobs=self.n_jobs)

    def kneighbors_graph(self, X=None, n_neighbors=None, mode="connectivity"):
        """Sparse (n_queries, n_samples_fit) graph of each query's k nearest neighbours.

        ``mode="connectivity"`` puts ones, ``"distance"`` the distances.
        """
        check_is_fitted(self)
        if n_neighbors is None:
            n_neighbors = self.n_neighbors
        if mode == "connectivity":
            ind = self.kneighbors(X, n_neighbors, return_distance=False)
            data = np.ones(ind.size)
        elif mode == "distance":
            dist, ind = self.kneighbors(X, n_neighbors, return_distance=True)
            data = dist.ravel()
        else:
            raise ValueError(
                f'Unsupported mode, must be one of "connectivity", or "distance" but got "{mode}" '
                "instead"
            )
        n_queries = ind.shape[0]
        indptr = np.arange(0, n_queries * n_neighbors + 1, n_neighbors)
        return sp.csr_matrix((data, ind.ravel(), indptr), shape=(n_queries, self.n_samples_fit_))


class RadiusNeighborsMixin:
    """``radius_neighbors`` and ``radius_neighbors_graph``."""

    def radius_neighbors(self, X=None, radius=None, return_distance=True, sort_results=False):
        """The training points within ``radius`` of each query.

        Returns:
            ``(distances, indices)``: object arrays of n_queries 1-D arrays (sorted
            by distance with ``sort_results``), or only ``indices``.
        """
        check_is_fitted(self)
        if sort_results and not return_distance:
            raise ValueError("return_distance must be True if sort_results is True.")
        if radius is None:
            radius = self.radius
        query_is_train = X is None
        X = self._fit_X if query_is_train else self._check_query(X)
        if self._fit_method == "brute":
            dist, ind = self._index.radius_neighbors(self._scaled(X), radius, sort_results)
        else:
            dist, ind = self._tree._query_radius(self._scaled(X), radius, sort_results,
                                                 n_jobs=self.n_jobs)
        if query_is_train:
            for row, (d, i) in enumerate(zip(dist, ind)):
                keep = i != row
                dist[row], ind[row] = d[keep], i[keep]
        neigh_dist, neigh_ind = np.empty(len(ind), dtype=object), np.empty(len(ind), dtype=object)
        neigh_dist[:], neigh_ind[:] = dist, ind
        return (neigh_dist, neigh_ind) if return_distance else neigh_ind

    def radius_neighbors_graph(self, X=None, radius=None, mode="connectivity", sort_results=False):
        """Sparse (n_queries, n_samples_fit) graph of the neighbours within ``radius``."""
        check_is_fitted(self)
        if mode not in ("connectivity", "distance"):
            raise ValueError(
                f'Unsupported mode, must be one of "connectivity", or "distance" but got "{mode}" '
                "instead"
            )
        dist, ind = self.radius_neighbors(X, radius, return_distance=True,
                                          sort_results=sort_results and mode == "distance")
        counts = np.fromiter((len(i) for i in ind), dtype=np.intp, count=len(ind))
        indptr = np.concatenate([[0], np.cumsum(counts)])
        columns = np.concatenate(list(ind)) if len(ind) else np.empty(0, np.intp)
        if mode == "distance":
            data = np.concatenate(list(dist)) if len(dist) else np.empty(0)
        else:
            data = np.ones(len(columns))
        return sp.csr_matrix((data, columns.astype(np.intp), indptr),
                             shape=(len(ind), self.n_samples_fit_))
