"""``NearestNeighbors``: the neighbour searches on their own, without a target."""

from ..base import BaseEstimator
from ._base import KNeighborsMixin, NeighborsBase, RadiusNeighborsMixin


class NearestNeighbors(KNeighborsMixin, RadiusNeighborsMixin, NeighborsBase, BaseEstimator):
    """Unsupervised nearest-neighbour search (k nearest or within a radius).

    Parameters:
        n_neighbors: default k of ``kneighbors`` (5).
        radius: default radius of ``radius_neighbors`` (1.0).
        algorithm: ``"auto"``, ``"brute"``, ``"kd_tree"`` or ``"ball_tree"``.
        leaf_size: points per tree leaf (30).
        metric: ``"minkowski"`` (with ``p``), ``"euclidean"``, ``"manhattan"``,
            ``"chebyshev"``, ``"cosine"`` (brute only) or a callable (brute only).
        p: Minkowski power (2: euclidean, 1: manhattan).
        metric_params: extra metric arguments (``{"p": ..., "w": weights}``).
        n_jobs: threads for tree queries.

    Attributes:
        effective_metric_, effective_metric_params_: the metric actually used.
        n_samples_fit_, n_features_in_, feature_names_in_.

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [3.0, 0.0]])
        >>> dist, ind = NearestNeighbors(n_neighbors=2).fit(X).kneighbors([[0.0, 0.4]])
        >>> ind.tolist(), dist.round(2).tolist()
        ([[0, 1]], [[0.4, 0.6]])
    """

    def __init__(self, *, n_neighbors=5, radius=1.0, algorithm="auto", leaf_size=30,
                 metric="minkowski", p=2, metric_params=None, n_jobs=None):
        self.n_neighbors = n_neighbors
        self.radius = radius
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.metric = metric
        self.p = p
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def fit(self, X, y=None):
        """Index the training points ``X`` (n_samples, n_features); ``y`` is ignored."""
        self._fit(X)
        return self
