"""``OPTICS``: ordering points to identify the clustering structure (Ankerst, Breunig,
Kriegel and Sander, SIGMOD 1999), with the Xi steep-area extraction or a DBSCAN cut.

A sample's *core distance* is the distance to its ``min_samples``-th nearest
sample (itself the first); the *reachability* of a sample from a processed one
is the larger of their distance and the processed sample's core distance.
OPTICS visits the samples in order, always next the unvisited sample of least
reachability so far (the first in index order on ties), and lowers the
reachabilities of its unvisited neighbours (within ``max_eps``). The
reachability plot along that ordering shows clusters as valleys: ``"xi"``
finds them between steep down and steep up areas (slopes of at least ``xi``),
``"dbscan"`` cuts the plot at ``eps``.

The visit order is sequential (each step depends on all before it); each step
computes its distances in one vectorised call, with the same formulas as
scikit-learn (euclidean by the Gram expansion, other metrics through SciPy's
``cdist``), and distances are rounded to 15 decimals as scikit-learn rounds
them, so orderings, reachabilities and labels equal scikit-learn's.
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp
from scipy.spatial.distance import cdist

from ..base import BaseEstimator, ClusterMixin
from ..metrics.pairwise import _SCIPY_METRICS
from ..neighbors import NearestNeighbors
from ..neighbors._base import _METRIC_KIND
from ..utils import validate_data
from ..utils._param_validation import Interval, RealNotInt, StrOptions
from ._agglomerative import _cache

__all__ = ["OPTICS", "cluster_optics_dbscan", "cluster_optics_xi", "compute_optics_graph"]

_METRICS = (set(_METRIC_KIND) | set(_SCIPY_METRICS) | {"precomputed"}) - {"cosine"}
_DECIMALS = np.finfo(np.float64).precision


def _check_size(size, n_samples, name):
    if size > n_samples:
        raise ValueError(f"{name} must be no greater than the number of samples ({n_samples}). "
                         f"Got {size}")


def _as_count(value, n_samples):
    return max(2, int(value * n_samples)) if value <= 1 else value


class _Distances:
    """Distances from one sample to others, as scikit-learn's ``pairwise_distances``
    computes them for the metric."""

    def __init__(self, X, metric, p, metric_params):
        self.X, self.metric = X, metric
        self.params = dict(metric_params or {})
        if metric == "minkowski" and "p" not in self.params:
            self.params["p"] = p
        if metric in ("euclidean", "l2"):
            self.norms = (np.asarray(X.multiply(X).sum(axis=1)).ravel() if sp.issparse(X)
                          else np.einsum("ij,ij->i", X, X))
        self.scipy_metric = {"l1": "cityblock", "manhattan": "cityblock",
                             "infinity": "chebyshev", "p": "minkowski"}.get(metric, metric)

    def __call__(self, point, others):
        X = self.X
        if self.metric in ("euclidean", "l2"):
            d = -2 * np.asarray((X[point:point + 1] @ X[others].T).todense()
                                if sp.issparse(X) else X[point:point + 1] @ X[others].T)
            d += self.norms[point]
            d += self.norms[others][None, :]
            np.maximum(d, 0, out=d)
            return np.sqrt(d).ravel()
        return cdist(X[point:point + 1], X[others], self.scipy_metric, **self.params).ravel()


def _euclidean_core(X, kth, brute):
    """The distance from each sample to its k-th neighbour ``kth``, rounded as
    scikit-learn's search rounds it: its trees sum the squared gaps in order; its brute
    force expands -2 x.y + |x|^2 + |y|^2 with OpenBLAS's dot products."""
    if not brute:
        gaps = X - X[kth]
        return np.sqrt(np.einsum("ij,ij->i", gaps, gaps))
    from ._optics_kernels import IN_ORDER_FEATURES, paired_dots

    if X.shape[1] >= IN_ORDER_FEATURES:
        norms, dots = np.einsum("ij,ij->i", X, X), np.einsum("ij,ij->i", X, X[kth])
    else:
        X = np.ascontiguousarray(X, dtype=np.float64)
        norms, dots = np.empty(len(X)), np.empty(len(X))
        paired_dots(X, X, norms)
        paired_dots(X, np.ascontiguousarray(X[kth]), dots)
    return np.sqrt(np.maximum(-2 * dots + norms + norms[kth], 0))


def compute_optics_graph(X, *, min_samples, max_eps, metric, p, metric_params, algorithm,
                         leaf_size, n_jobs):
    """The OPTICS ordering, core distances, reachabilities and predecessors of X.

    Returns
    -------
    ordering_, core_distances_, reachability_, predecessor_ : ndarrays of shape (n_samples,)
    """
    n_samples = X.shape[0]
    _check_size(min_samples, n_samples, "min_samples")
    min_samples = _as_count(min_samples, n_samples)
    neighbours = NearestNeighbors(n_neighbors=min_samples, algorithm=algorithm,
                                  leaf_size=leaf_size, metric=metric, metric_params=metric_params,
                                  p=p, n_jobs=n_jobs).fit(X)
    dist, ind = neighbours.kneighbors(X, min_samples)
    core = dist[:, -1].astype(np.float64)
    if neighbours.effective_metric_ == "euclidean" and not sp.issparse(X):
        core = _euclidean_core(X, ind[:, -1], neighbours._fit_method == "brute")
    core[core > max_eps] = np.inf
    np.around(core, decimals=_DECIMALS, out=core)
    distances = _Distances(X, metric, p, metric_params)

    def candidates(point, open_, processed):
        if np.isinf(max_eps):
            return open_[open_ != point]
        near = neighbours.radius_neighbors(X[point:point + 1], radius=max_eps,
                                           return_distance=False)[0]
        return near[~processed[near]]

    return _visit(core, candidates, distances)


def _visit(core, candidates, distances):
    """The OPTICS visit: (ordering, core, reachability, predecessor). ``candidates(point,
    open, processed)``: the unprocessed samples within max_eps of point;
    ``distances(point, others)``: their distances."""
    n_samples = len(core)
    reachability = np.full(n_samples, np.inf)
    predecessor = np.full(n_samples, -1, dtype=int)
    processed = np.zeros(n_samples, dtype=bool)
    ordering = np.zeros(n_samples, dtype=int)
    for step in range(n_samples):  # sequential: each visit depends on all before it
        open_ = np.flatnonzero(~processed)
        point = open_[np.argmin(reachability[open_])]
        processed[point] = True
        ordering[step] = point
        if core[point] == np.inf:
            continue
        others = candidates(point, open_, processed)
        if not len(others):
            continue
        reach = np.maximum(distances(point, others), core[point])
        np.around(reach, decimals=_DECIMALS, out=reach)
        better = reach < reachability[others]
        reachability[others[better]] = reach[better]
        predecessor[others[better]] = point
    if np.all(np.isinf(reachability)):
        warnings.warn("All reachability values are inf. Set a larger max_eps or all data will "
                      "be considered outliers.", UserWarning)
    return ordering, core, reachability, predecessor


def cluster_optics_dbscan(*, reachability, core_distances, ordering, eps):
    """DBSCAN labels at ``eps`` from an OPTICS ordering: a new cluster starts at each
    sample unreachable within eps that is a core sample at eps; -1 for noise."""
    labels = np.zeros(len(core_distances), dtype=int)
    far = reachability > eps
    core = core_distances <= eps
    labels[ordering] = np.cumsum(far[ordering] & core[ordering]) - 1
    labels[far & ~core] = -1
    return labels


def _region_end(steep, same_way, start, min_samples):
    """The last steep point of the steep area from ``start``: it may continue through at
    most ``min_samples`` consecutive points that are neither steep nor going the same way."""
    end, flat = start, 0
    for index in range(start, len(steep)):
        if steep[index]:
            flat, end = 0, index
        elif not same_way[index]:
            flat += 1
            if flat > min_samples:
                break
        else:
            return end
    return end


def _keep_down_areas(areas, mib, keep, plot):
    """The steep down areas still able to start a cluster after a maximum ``mib``."""
    if np.isinf(mib):
        return []
    kept = [area for area in areas if mib <= plot[area["start"]] * keep]
    for area in kept:
        area["mib"] = max(area["mib"], mib)
    return kept


def _trim_by_predecessor(plot, predecessor, ordering, start, end):
    """Shrink a cluster's end until its last sample's predecessor lies inside it."""
    while start < end:
        if plot[start] > plot[end]:
            return start, end
        if predecessor[end] in ordering[start:end]:
            return start, end
        end -= 1
    return None, None


def _xi_clusters(plot, predecessor, ordering, xi, min_samples, min_cluster_size, correct):
    """(start, end) positions in the ordering of every Xi cluster, inner ones first."""
    plot = np.hstack((plot, np.inf))
    keep = 1 - xi
    with np.errstate(invalid="ignore", divide="ignore"):  # 0/0 and x/0 at duplicates
        ratio = plot[:-1] / plot[1:]
        steep_up, steep_down = ratio <= keep, ratio >= 1 / keep
        down, up = ratio > 1, ratio < 1
    areas, clusters = [], []
    index, mib = 0, 0.0
    for steep in np.flatnonzero(steep_up | steep_down):
        if steep < index:
            continue
        mib = max(mib, np.max(plot[index:steep + 1]))
        areas = _keep_down_areas(areas, mib, keep, plot)
        if steep_down[steep]:
            end = _region_end(steep_down, up, steep, min_samples)
            areas.append({"start": steep, "end": end, "mib": 0.0})
            index = end + 1
            mib = plot[index]
            continue
        up_start, up_end = steep, _region_end(steep_up, down, steep, min_samples)
        index = up_end + 1
        mib = plot[index]
        found = []
        for area in areas:
            start, end = area["start"], up_end
            if plot[end + 1] * keep < area["mib"]:
                continue
            top = plot[area["start"]]
            if top * keep >= plot[end + 1]:
                while plot[start + 1] > plot[end + 1] and start < area["end"]:
                    start += 1
            elif plot[end + 1] * keep >= top:
                while plot[end - 1] > top and end > up_start:
                    end -= 1
            if correct:
                start, end = _trim_by_predecessor(plot, predecessor, ordering, start, end)
            if start is None or end - start + 1 < min_cluster_size:
                continue
            if start > area["end"] or end < up_start:
                continue
            found.append((start, end))
        clusters.extend(found[::-1])
    return np.array(clusters)


def cluster_optics_xi(*, reachability, predecessor, ordering, min_samples, min_cluster_size=None,
                      xi=0.05, predecessor_correction=True):
    """Xi clusters of an OPTICS ordering.

    Returns
    -------
    labels : ndarray of shape (n_samples,)
        The innermost-first non-overlapping clusters; -1 for noise.
    clusters : ndarray of shape (n_clusters, 2)
        ``[start, end]`` of every cluster in the ordering (inclusive).
    """
    n_samples = len(reachability)
    _check_size(min_samples, n_samples, "min_samples")
    min_samples = _as_count(min_samples, n_samples)
    if min_cluster_size is None:
        min_cluster_size = min_samples
    _check_size(min_cluster_size, n_samples, "min_cluster_size")
    min_cluster_size = _as_count(min_cluster_size, n_samples)
    clusters = _xi_clusters(reachability[ordering], predecessor[ordering], ordering, xi,
                            min_samples, min_cluster_size, predecessor_correction)
    in_order = np.full(n_samples, -1, dtype=int)
    label = 0
    for start, end in clusters:  # over clusters
        if np.all(in_order[start:end + 1] == -1):
            in_order[start:end + 1] = label
            label += 1
    labels = np.empty(n_samples, dtype=int)
    labels[ordering] = in_order
    return labels, clusters


def _precomputed_core(D, min_samples):
    """Core distances of a dense distance matrix: each row's ``min_samples``-th smallest."""
    return np.partition(D, min_samples - 1, axis=1)[:, min_samples - 1]


class OPTICS(ClusterMixin, BaseEstimator):
    """OPTICS: a density ordering of the samples and clusters from its reachability plot.

    Parameters
    ----------
    min_samples : int > 1 or float in (0, 1], default=5
        Samples in a neighbourhood (itself included) for a core sample; a float is a
        fraction of n_samples (at least 2).
    max_eps : float, default=np.inf
        The largest neighbourhood radius searched.
    metric : str or callable, default="minkowski"
        "minkowski" (with ``p``), "euclidean", "manhattan", "chebyshev" and their
        aliases, a callable of two rows, or "precomputed" (X is a distance matrix; a
        sparse one's missing entries are infinitely far).
    p : float >= 1, default=2
    metric_params : dict, default=None
    cluster_method : {"xi", "dbscan"}, default="xi"
    eps : float, default=None
        The DBSCAN cut (None: ``max_eps``).
    xi : float in [0, 1], default=0.05
        The least relative slope of a steep area.
    predecessor_correction : bool, default=True
        Trim Xi clusters whose last samples were reached from outside them.
    min_cluster_size : int > 1 or float in (0, 1], default=None
        Smallest Xi cluster (None: ``min_samples``).
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
    leaf_size : int, default=30
    memory : str or object with a ``cache`` method, default=None
        Caches the ordering.
    n_jobs : int, default=None

    Attributes
    ----------
    labels_ : ndarray of shape (n_samples,)
    reachability_ : ndarray of shape (n_samples,)
        By sample index (``reachability_[ordering_]`` is the plot).
    ordering_ : ndarray of shape (n_samples,)
    core_distances_ : ndarray of shape (n_samples,)
    predecessor_ : ndarray of shape (n_samples,)
        The sample each was reached from (-1 for none).
    cluster_hierarchy_ : ndarray of shape (n_clusters, 2)
        ``[start, end]`` of each Xi cluster in the ordering (``cluster_method="xi"``).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 2], [2, 5], [3, 6], [8, 7], [8, 8], [7, 3]])
    >>> OPTICS(min_samples=2).fit(X).labels_
    array([0, 0, 0, 1, 1, 1])
    """

    _parameter_constraints = {
        "min_samples": [Interval(numbers.Integral, 2, None, closed="left"),
                        Interval(RealNotInt, 0, 1, closed="both")],
        "max_eps": [Interval(numbers.Real, 0, None, closed="both")],
        "metric": [StrOptions(_METRICS), callable],
        "p": [Interval(numbers.Real, 1, None, closed="left")],
        "metric_params": [dict, None],
        "cluster_method": [StrOptions({"dbscan", "xi"})],
        "eps": [Interval(numbers.Real, 0, None, closed="both"), None],
        "xi": [Interval(numbers.Real, 0, 1, closed="both")],
        "predecessor_correction": ["boolean"],
        "min_cluster_size": [Interval(numbers.Integral, 2, None, closed="left"),
                             Interval(RealNotInt, 0, 1, closed="right"), None],
        "algorithm": [StrOptions({"auto", "brute", "ball_tree", "kd_tree"})],
        "leaf_size": [Interval(numbers.Integral, 1, None, closed="left")],
        # memory: None, a location or an object with ``cache``, checked by _cache.
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(self, *, min_samples=5, max_eps=np.inf, metric="minkowski", p=2,
                 metric_params=None, cluster_method="xi", eps=None, xi=0.05,
                 predecessor_correction=True, min_cluster_size=None, algorithm="auto",
                 leaf_size=30, memory=None, n_jobs=None):
        self.min_samples = min_samples
        self.max_eps = max_eps
        self.metric = metric
        self.p = p
        self.metric_params = metric_params
        self.cluster_method = cluster_method
        self.eps = eps
        self.xi = xi
        self.predecessor_correction = predecessor_correction
        self.min_cluster_size = min_cluster_size
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.memory = memory
        self.n_jobs = n_jobs

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.pairwise = isinstance(self.metric, str) and self.metric == "precomputed"
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y=None):
        """Order X (n_samples, n_features), or a distance matrix with
        ``metric="precomputed"``, and extract the clusters. Returns ``self``."""
        self._validate_params()
        X = validate_data(self, X, dtype=float, accept_sparse="csr")
        graph = _cache(self.memory, _optics_graph)
        (self.ordering_, self.core_distances_, self.reachability_,
         self.predecessor_) = graph(X, self.min_samples, self.max_eps, self.metric, self.p,
                                    self.metric_params, self.algorithm, self.leaf_size,
                                    self.n_jobs)
        if self.cluster_method == "xi":
            self.labels_, self.cluster_hierarchy_ = cluster_optics_xi(
                reachability=self.reachability_, predecessor=self.predecessor_,
                ordering=self.ordering_, min_samples=self.min_samples,
                min_cluster_size=self.min_cluster_size, xi=self.xi,
                predecessor_correction=self.predecessor_correction)
        else:
            eps = self.max_eps if self.eps is None else self.eps
            if eps > self.max_eps:
                raise ValueError(f"Specify an epsilon smaller than {self.max_eps}. Got {eps}.")
            self.labels_ = cluster_optics_dbscan(
                reachability=self.reachability_, core_distances=self.core_distances_,
                ordering=self.ordering_, eps=eps)
        return self


def _optics_graph(X, min_samples, max_eps, metric, p, metric_params, algorithm, leaf_size,
                  n_jobs):
    if not (isinstance(metric, str) and metric == "precomputed"):
        if sp.issparse(X) and metric not in ("euclidean", "l2"):
            X = X.toarray()
        return compute_optics_graph(X, min_samples=min_samples, max_eps=max_eps, metric=metric,
                                    p=p, metric_params=metric_params, algorithm=algorithm,
                                    leaf_size=leaf_size, n_jobs=n_jobs)
    if X.shape[0] != X.shape[1]:
        raise ValueError(f"Precomputed matrix must be square. Input is a {X.shape[0]}x"
                         f"{X.shape[1]} matrix.")
    if sp.issparse(X):
        dense = np.full(X.shape, np.inf)
        coo = X.tocoo()
        dense[coo.row, coo.col] = coo.data
        np.fill_diagonal(dense, X.diagonal())
        X = dense
    if (X < 0).any():
        raise ValueError("Negative values in data passed to precomputed distance matrix.")
    return _precomputed_graph(X, min_samples, max_eps)


def _precomputed_graph(D, min_samples, max_eps):
    """compute_optics_graph's visit over a dense distance matrix."""
    n_samples = D.shape[0]
    _check_size(min_samples, n_samples, "min_samples")
    min_samples = _as_count(min_samples, n_samples)
    core = _precomputed_core(D, min_samples).astype(np.float64)
    core[core > max_eps] = np.inf
    np.around(core, decimals=_DECIMALS, out=core)
    def candidates(point, open_, processed):
        return np.flatnonzero((D[point] <= max_eps) & ~processed)

    return _visit(core, candidates, lambda point, others: D[point, others])
