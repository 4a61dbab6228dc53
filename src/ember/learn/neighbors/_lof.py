"""``LocalOutlierFactor``: outliers as the samples much less dense than their neighbours
(Breunig, Kriegel, Ng and Sander, *LOF: identifying density-based local outliers*,
SIGMOD 2000; HOML ch9).

With ``N_k(a)`` the k nearest training points of ``a`` and ``k-dist(b)`` the
distance from a training point ``b`` to its k-th neighbour (itself left out):

    reach-dist(a, b) = max(d(a, b), k-dist(b))
    lrd(a)           = 1 / (mean over b in N_k(a) of reach-dist(a, b) + 1e-10)
    LOF(a)           = mean over b in N_k(a) of lrd(b) / lrd(a)

The 1e-10 keeps the density finite where more than k duplicates sit at one
point (scikit-learn's guard, so duplicated data score as in scikit-learn).
Every step is one array operation on the (n_queries, k) distance and index
arrays the neighbour search returns; ``negative_outlier_factor_`` is -LOF of
the training points (each without itself among its neighbours).
"""

import numbers
import warnings

import numpy as np

from ..base import BaseEstimator, OutlierMixin
from ..pipeline._composition import available_if
from ..utils import check_is_fitted
from ..utils._param_validation import Interval, StrOptions
from ._base import KNeighborsMixin, NeighborsBase

__all__ = ["LocalOutlierFactor"]


def _local_reachability_density(distances, indices, k_distance):
    """``lrd`` of each query from its neighbours' distances and indices (n_queries, k) and
    the training points' k-distances (n_samples_fit,)."""
    reach = np.maximum(distances, k_distance[indices])
    return 1.0 / (np.mean(reach, axis=1) + 1e-10)


# Why each method is missing in the other novelty mode (scikit-learn's messages).
_UNAVAILABLE = {
    "fit_predict": "fit_predict is not available when novelty=True. Use novelty=False if you "
                   "want to predict on the training set.",
    "predict": "predict is not available when novelty=False, use fit_predict if you want to "
               "predict on training data. Use novelty=True if you want to use LOF for novelty "
               "detection and predict on new unseen data.",
    "decision_function": "decision_function is not available when novelty=False. Use "
                         "novelty=True if you want to use LOF for novelty detection and compute "
                         "decision_function for new unseen data. Note that the opposite LOF of "
                         "the training samples is always available by considering the "
                         "negative_outlier_factor_ attribute.",
    "score_samples": "score_samples is not available when novelty=False. The scores of the "
                     "training samples are always available through the "
                     "negative_outlier_factor_ attribute. Use novelty=True if you want to use "
                     "LOF for novelty detection and compute score_samples for new unseen data.",
}


def _only_if_novelty(method, novelty):
    """``available_if`` check: ``method`` exists only while ``self.novelty == novelty``.

    Otherwise the lookup fails as scikit-learn's does: "has no attribute", caused by
    the reason above.
    """
    def check(self):
        if bool(self.novelty) != novelty:
            raise AttributeError(
                f"This {type(self).__name__!r} has no attribute {method!r}"
            ) from AttributeError(_UNAVAILABLE[method])
        return True
    return check


class LocalOutlierFactor(KNeighborsMixin, OutlierMixin, NeighborsBase, BaseEstimator):
    """Local Outlier Factor: each sample's density against the densities of its neighbours.

    Parameters
    ----------
    n_neighbors : int, default=20
        k, the neighbours each density is measured over (at most n_samples - 1 is used).
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
        The neighbour search (``"auto"`` picks as ``NearestNeighbors`` does).
    leaf_size : int, default=30
        Points per leaf of a KD or ball tree.
    metric : str or callable, default="minkowski"
        The distance (see ``NearestNeighbors``).
    p : float, default=2
        Minkowski power (2: euclidean, 1: manhattan).
    metric_params : dict, default=None
        Extra metric arguments.
    contamination : "auto" or float in (0, 0.5], default="auto"
        The expected share of outliers: ``offset_`` is that percentile of the
        training scores ("auto": -1.5, the paper's threshold).
    novelty : bool, default=False
        False: outlier detection on the training set (``fit_predict``).
        True: novelty detection on new data (``predict``, ``decision_function``,
        ``score_samples``); ``fit_predict`` is then unavailable.
    n_jobs : int, default=None
        Threads for tree queries.

    Attributes
    ----------
    negative_outlier_factor_ : ndarray of shape (n_samples,)
        -LOF of the training samples: about -1 for inliers, lower for outliers.
    n_neighbors_ : int
        The k actually used.
    offset_ : float
        ``decision_function = score_samples - offset_``.
    effective_metric_, effective_metric_params_ : str and dict
        The metric actually used.
    n_samples_fit_, n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> X = [[-1.1], [0.2], [101.1], [0.3]]
    >>> lof = LocalOutlierFactor(n_neighbors=2)
    >>> lof.fit_predict(X)
    array([ 1,  1, -1,  1])
    >>> lof.negative_outlier_factor_.round(4)
    array([ -0.9821,  -1.037 , -73.3697,  -0.9821])
    """

    _parameter_constraints = {
        **{key: value for key, value in NeighborsBase._parameter_constraints.items()
           if key != "radius"},
        "contamination": [StrOptions({"auto"}), Interval(numbers.Real, 0, 0.5, closed="right")],
        "novelty": ["boolean"],
    }

    def __init__(self, n_neighbors=20, *, algorithm="auto", leaf_size=30, metric="minkowski",
                 p=2, metric_params=None, contamination="auto", novelty=False, n_jobs=None):
        self.n_neighbors = n_neighbors
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.metric = metric
        self.p = p
        self.metric_params = metric_params
        self.contamination = contamination
        self.novelty = novelty
        self.n_jobs = n_jobs

    def fit(self, X, y=None):
        """Index the training points X (n_samples, n_features) and score them; ``y`` is
        ignored. Returns ``self``."""
        single = getattr(X, "dtype", None) == np.float32
        self._fit(X)
        n_samples = self.n_samples_fit_
        if self.n_neighbors > n_samples:
            warnings.warn(f"n_neighbors ({self.n_neighbors}) is greater than the total number of "
                          f"samples ({n_samples}). n_neighbors will be set to (n_samples - 1) "
                          "for estimation.", stacklevel=2)
        self.n_neighbors_ = max(1, min(self.n_neighbors, n_samples - 1))
        distances, indices = self.kneighbors(n_neighbors=self.n_neighbors_)
        if single:  # float32 data score in float32, as scikit-learn's do
            distances = distances.astype(np.float32)
        self._distances_fit_X_ = distances
        self._k_distance = distances[:, -1]
        self._lrd = _local_reachability_density(distances, indices, self._k_distance)
        self.negative_outlier_factor_ = -np.mean(self._lrd[indices] / self._lrd[:, None], axis=1)
        if self.contamination == "auto":
            self.offset_ = -1.5  # inliers score about -1
        else:
            self.offset_ = np.percentile(self.negative_outlier_factor_, 100.0 * self.contamination)
        if np.min(self.negative_outlier_factor_) < -1e7 and not self.novelty:
            warnings.warn("Duplicate values are leading to incorrect results. Increase the number "
                          "of neighbors for more accurate results.", stacklevel=2)
        return self

    @available_if(_only_if_novelty("fit_predict", False))
    def fit_predict(self, X, y=None):
        """Fit on X and label its samples: +1 inlier, -1 outlier, (n_samples,).
        Only for outlier detection (``novelty=False``)."""
        return self.fit(X)._predict()

    @available_if(_only_if_novelty("predict", True))
    def predict(self, X=None):
        """+1 (inlier) or -1 (outlier) for each new sample of X (n_samples,); X=None labels
        the training samples. Only for novelty detection (``novelty=True``)."""
        return self._predict(X)

    def _predict(self, X=None):
        check_is_fitted(self)
        if X is None:
            scores = self.negative_outlier_factor_ - self.offset_
        else:
            scores = self.decision_function(X)
        return np.where(scores < 0, -1, 1)

    @available_if(_only_if_novelty("decision_function", True))
    def decision_function(self, X):
        """``score_samples(X) - offset_``: negative for outliers, (n_samples,).
        Only for novelty detection (``novelty=True``)."""
        return self.score_samples(X) - self.offset_

    @available_if(_only_if_novelty("score_samples", True))
    def score_samples(self, X):
        """-LOF of each new sample of X against the training points (n_samples,): the lower,
        the more abnormal. A sample is not among its own neighbours' neighbourhoods.
        Only for novelty detection (``novelty=True``)."""
        check_is_fitted(self)
        single = getattr(X, "dtype", None) == np.float32
        distances, indices = self.kneighbors(X, n_neighbors=self.n_neighbors_)
        if single:
            distances = distances.astype(np.float32)
        lrd = _local_reachability_density(distances, indices, self._k_distance)
        return -np.mean(self._lrd[indices] / lrd[:, None], axis=1)
