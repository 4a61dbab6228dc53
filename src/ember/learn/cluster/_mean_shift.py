"""``MeanShift`` and ``estimate_bandwidth``: clusters at the modes of a flat-kernel density
(Comaniciu and Meer, *Mean shift: a robust approach toward feature space analysis*,
PAMI 2002; HOML ch9).

Every seed (each sample, or one per occupied grid bin with ``bin_seeding``)
moves to the mean of the samples within ``bandwidth`` of it until it moves
less than ``bandwidth / 1000`` (or ``max_iter`` times). All seeds move
together: one compiled KD-tree radius query per iteration for every seed
still moving (``ember.learn.neighbors``), and their means by one segmented
sum. The converged points, strongest (most samples within reach) first, keep
only those not within ``bandwidth`` of a stronger one; samples take the
nearest kept centre, as scikit-learn does.
"""

import numbers
import warnings

import numpy as np

from ..base import BaseEstimator, ClusterMixin
from ..metrics.pairwise import euclidean_distances
from ..neighbors import KDTree, NearestNeighbors
from ..utils import check_array, check_random_state, validate_data
from ..utils._param_validation import Interval, validate_parameter_constraints
from ..utils.validation import check_is_fitted

__all__ = ["MeanShift", "estimate_bandwidth"]


def estimate_bandwidth(X, *, quantile=0.3, n_samples=None, random_state=0, n_jobs=None):
    """A bandwidth for ``MeanShift``: the mean distance from each sample to its
    ``quantile * n``-th nearest sample (itself the first).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    quantile : float in [0, 1], default=0.3
    n_samples : int, default=None
        Use this many samples, drawn without replacement (``random_state``).
    random_state : int, RandomState instance or None, default=0
    n_jobs : int, default=None

    Returns
    -------
    bandwidth : float

    Examples
    --------
    >>> float(estimate_bandwidth([[0.0], [1.0], [2.0], [3.0]], quantile=0.75))
    1.5
    """
    validate_parameter_constraints(
        {"quantile": [Interval(numbers.Real, 0, 1, closed="both")],
         "n_samples": [Interval(numbers.Integral, 1, None, closed="left"), None],
         "random_state": ["random_state"], "n_jobs": [numbers.Integral, None]},
        {"quantile": quantile, "n_samples": n_samples, "random_state": random_state,
         "n_jobs": n_jobs}, "estimate_bandwidth")
    X = check_array(X)
    rng = check_random_state(random_state)
    if n_samples is not None:
        X = X[rng.permutation(X.shape[0])[:n_samples]]
    n_neighbors = max(1, int(X.shape[0] * quantile))
    nn = NearestNeighbors(n_neighbors=n_neighbors, n_jobs=n_jobs).fit(X)
    bandwidth = 0.0
    for start in range(0, len(X), 500):  # batch sums added as scikit-learn adds them
        distances, _ = nn.kneighbors(X[start:start + 500])
        bandwidth += np.max(distances, axis=1).sum()
    return bandwidth / X.shape[0]


def get_bin_seeds(X, bin_size, min_bin_freq=1):
    """One seed per grid cell of side ``bin_size`` holding at least ``min_bin_freq``
    samples (the cell's centre, float32), cells in the order samples first reach them;
    the samples themselves when every sample has a cell of its own."""
    if bin_size == 0:
        return X
    cells, first, counts = np.unique(np.round(X / bin_size), axis=0, return_index=True,
                                     return_counts=True)
    order = np.argsort(first, kind="stable")
    seeds = cells[order][counts[order] >= min_bin_freq].astype(np.float32)
    if len(seeds) == len(X):
        warnings.warn(f"Binning data failed with provided bin_size={bin_size:f}, using data "
                      "points as seeds.")
        return X
    return seeds * bin_size


def _radius_query(tree, queries, radius):
    from ..neighbors import _tree_kernels

    queries = np.ascontiguousarray(queries, dtype=np.float64)
    return _tree_kernels.query_radius(
        tree.data, tree.idx_array, tree._start, tree._end, tree._is_ball, tree._low,
        tree._high, tree._radius, tree._levels, queries, np.full(len(queries), radius ** 2),
        0, 2.0)[:2]


def _shift_seeds(X, seeds, bandwidth, max_iter):
    """Move all seeds to their modes: (final points, samples within reach of each, most
    iterations any seed made)."""
    tree = KDTree(X)
    means = np.array(seeds, dtype=np.float64)
    reach = np.zeros(len(means), dtype=np.intp)
    iterations = np.zeros(len(means), dtype=np.intp)
    moving = np.arange(len(means))
    threshold = 1e-3 * bandwidth
    while len(moving):
        indptr, indices = _radius_query(tree, means[moving], bandwidth)
        counts = np.diff(indptr)
        reach[moving] = counts
        moving = moving[counts > 0]  # a seed with nothing in reach stays where it is
        starts = indptr[:-1][counts > 0]
        if not len(moving):
            break
        new = np.add.reduceat(X[indices], starts, axis=0) / counts[counts > 0][:, None]
        step = new - means[moving]
        means[moving] = new
        done = (np.sqrt(np.einsum("ij,ij->i", step, step)) <= threshold) | (
            iterations[moving] == max_iter)
        moving = moving[~done]
        iterations[moving] += 1
    return means, reach, int(iterations.max(initial=0))


class MeanShift(ClusterMixin, BaseEstimator):
    """Mean-shift clustering with a flat kernel.

    Parameters
    ----------
    bandwidth : float, default=None
        The kernel's radius (None: ``estimate_bandwidth(X)``).
    seeds : array-like of shape (n_seeds, n_features), default=None
        Starting points (None: the samples, or grid bins with ``bin_seeding``).
    bin_seeding : bool, default=False
        Start from the occupied cells of a grid of side ``bandwidth``.
    min_bin_freq : int, default=1
        Samples a cell needs to seed.
    cluster_all : bool, default=True
        Give every sample its nearest centre; otherwise samples farther than
        ``bandwidth`` from all centres get -1.
    n_jobs : int, default=None
        Threads of the neighbour searches.
    max_iter : int, default=300
        Most moves of one seed.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        Strongest first.
    labels_ : ndarray of shape (n_samples,)
    n_iter_ : int
        Most iterations any seed made.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 1], [2, 1], [1, 0], [4, 7], [3, 5], [3, 6]])
    >>> clustering = MeanShift(bandwidth=2).fit(X)
    >>> clustering.labels_
    array([1, 1, 1, 0, 0, 0])
    >>> clustering.cluster_centers_
    array([[3.33333333, 6.        ],
           [1.33333333, 0.66666667]])
    """

    _parameter_constraints = {
        "bandwidth": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "seeds": ["array-like", None],
        "bin_seeding": ["boolean"],
        "min_bin_freq": [Interval(numbers.Integral, 1, None, closed="left")],
        "cluster_all": ["boolean"],
        "n_jobs": [numbers.Integral, None],
        "max_iter": [Interval(numbers.Integral, 0, None, closed="left")],
    }

    def __init__(self, *, bandwidth=None, seeds=None, bin_seeding=False, min_bin_freq=1,
                 cluster_all=True, n_jobs=None, max_iter=300):
        self.bandwidth = bandwidth
        self.seeds = seeds
        self.bin_seeding = bin_seeding
        self.min_bin_freq = min_bin_freq
        self.cluster_all = cluster_all
        self.n_jobs = n_jobs
        self.max_iter = max_iter

    def fit(self, X, y=None):
        """Find the modes of X (n_samples, n_features). ``y`` is ignored. Returns ``self``."""
        self._validate_params()
        X = validate_data(self, X)
        bandwidth = self.bandwidth
        if bandwidth is None:
            bandwidth = estimate_bandwidth(X, n_jobs=self.n_jobs)
        seeds = self.seeds
        if seeds is None:
            seeds = get_bin_seeds(X, bandwidth, self.min_bin_freq) if self.bin_seeding else X
        X64 = np.asarray(X, dtype=np.float64)
        points, reach, self.n_iter_ = _shift_seeds(X64, seeds, bandwidth, self.max_iter)
        found = reach > 0
        if not found.any():
            raise ValueError(f"No point was within bandwidth={bandwidth:f} of any seed. Try a "
                             "different seeding strategy                              or "
                             "increase the bandwidth.")
        self.cluster_centers_ = self._strongest(points[found], reach[found], bandwidth)
        distances, nearest = NearestNeighbors(n_neighbors=1, n_jobs=self.n_jobs).fit(
            self.cluster_centers_).kneighbors(X)
        labels = nearest[:, 0].astype(int)
        if not self.cluster_all:
            labels[distances[:, 0] > bandwidth] = -1
        self.labels_ = labels
        return self

    @staticmethod
    def _strongest(points, reach, bandwidth):
        """Distinct points by reach then coordinates, descending (a point reached twice
        keeps its last reach), less those within ``bandwidth`` of a stronger kept one."""
        _, last = np.unique(points[::-1], axis=0, return_index=True)
        last = len(points) - 1 - last
        points, reach = points[last], reach[last]
        order = np.lexsort(tuple(points[:, ::-1].T) + (reach,))[::-1]
        centres = points[order]
        indptr, indices = _radius_query(KDTree(centres), centres, bandwidth)
        keep = np.ones(len(centres), dtype=bool)
        for i in range(len(centres)):  # over distinct modes, a few after convergence
            if keep[i]:
                keep[indices[indptr[i]:indptr[i + 1]]] = False
                keep[i] = True
        return centres[keep]

    def predict(self, X):
        """The nearest centre of each sample of X: (n_samples,)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return euclidean_distances(X, self.cluster_centers_).argmin(axis=1)
