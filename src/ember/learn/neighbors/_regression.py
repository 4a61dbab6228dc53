"""``KNeighborsRegressor`` and ``RadiusNeighborsRegressor``: the (weighted) mean target of the neighbours."""

import warnings

import numpy as np

from ..base import BaseEstimator, RegressorMixin
from ..utils import check_is_fitted
from ._base import KNeighborsMixin, NeighborsBase, RadiusNeighborsMixin, _constraints, _get_weights


class _NeighborsRegressorBase(RegressorMixin, NeighborsBase):
    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.target_tags.multi_output = True
        return tags

    def fit(self, X, y):
        """Store ``X`` (n_samples, n_features) and the target ``y`` (n_samples,) or (n_samples, n_outputs)."""
        _, y = self._fit(X, y)
        y = np.asarray(y, dtype=np.float64)
        self._y = y
        return self


class KNeighborsRegressor(KNeighborsMixin, _NeighborsRegressorBase, BaseEstimator):
    """Regression by the mean target of the k nearest training points.

    Parameters:
        n_neighbors: k (5).
        weights: ``"uniform"``, ``"distance"`` (1/d; exact matches take all the
            weight) or a callable mapping the (n_queries, k) distances to weights.
        algorithm, leaf_size, p, metric, metric_params, n_jobs: as ``NearestNeighbors``.

    Attributes:
        effective_metric_, effective_metric_params_, n_samples_fit_, n_features_in_.

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> KNeighborsRegressor(n_neighbors=2).fit(X, [0.0, 0.0, 1.0, 1.0]).predict([[1.6]])
        array([0.5])
    """

    _parameter_constraints = _constraints("k")

    def __init__(self, n_neighbors=5, *, weights="uniform", algorithm="auto", leaf_size=30, p=2,
                 metric="minkowski", metric_params=None, n_jobs=None):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def predict(self, X):
        """The mean (``weights="distance"``: inverse-distance weighted) target of each query's neighbours."""
        check_is_fitted(self)
        ind, weights = self._neighbour_weights(X)
        y = self._y.reshape(len(self._y), -1)
        if weights is None:
            prediction = y[ind].mean(axis=1)
        else:
            prediction = np.einsum("qkj,qk->qj", y[ind], weights) / weights.sum(axis=1)[:, None]
        return prediction.ravel() if self._y.ndim == 1 else prediction


class RadiusNeighborsRegressor(RadiusNeighborsMixin, _NeighborsRegressorBase, BaseEstimator):
    """Regression by the mean target of the training points within ``radius``.

    A query with no neighbour in range predicts NaN (with a warning), as in
    scikit-learn.

    Parameters:
        radius: the neighbourhood radius (1.0).
        weights, algorithm, leaf_size, p, metric, metric_params, n_jobs: as
            ``KNeighborsRegressor``.

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> RadiusNeighborsRegressor(radius=1.0).fit(X, [0.0, 1.0, 2.0, 3.0]).predict([[1.0]])
        array([1.])
    """

    _parameter_constraints = _constraints("radius")

    def __init__(self, radius=1.0, *, weights="uniform", algorithm="auto", leaf_size=30, p=2,
                 metric="minkowski", metric_params=None, n_jobs=None):
        self.radius = radius
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def predict(self, X):
        """The mean (or weighted mean) target of the neighbours in range; NaN where there are none."""
        check_is_fitted(self)
        dist, ind = self.radius_neighbors(X)
        weights = _get_weights(dist, self.weights)
        y = self._y.reshape(len(self._y), -1)
        counts = np.fromiter((len(i) for i in ind), dtype=np.intp, count=len(ind))
        flat = np.concatenate(list(ind)).astype(np.intp) if len(ind) else np.empty(0, np.intp)
        rows = np.repeat(np.arange(len(ind)), counts)
        w = np.ones(len(flat)) if weights is None else np.concatenate(list(weights)).astype(float)
        totals = np.zeros((len(ind), y.shape[1]))
        np.add.at(totals, rows, y[flat] * w[:, None])
        weight_sums = np.bincount(rows, weights=w, minlength=len(ind))
        empty = counts == 0
        if empty.any():
            warnings.warn(
                "One or more samples have no neighbors within specified radius; predicting NaN."
            )
        with np.errstate(invalid="ignore", divide="ignore"):
            prediction = totals / weight_sums[:, None]
        prediction[empty] = np.nan
        return prediction.ravel() if self._y.ndim == 1 else prediction
