"""``EllipticEnvelope``: outliers are the samples far from a robust Gaussian fit (HOML ch9).

A ``MinCovDet`` fit gives a location and covariance that the outliers do not
drag; a sample's score is minus its squared Mahalanobis distance under them,
and ``offset_`` is the ``contamination`` percentile of the training scores, so
that share of the training samples falls outside the ellipse.
"""

import numbers

import numpy as np

from ..base import OutlierMixin
from ..utils import check_is_fitted
from ..utils._param_validation import Interval
from ._robust import MinCovDet

__all__ = ["EllipticEnvelope"]


class EllipticEnvelope(OutlierMixin, MinCovDet):
    """Outlier detection for Gaussian data: an ellipse around a robust covariance estimate.

    Parameters
    ----------
    store_precision : bool, default=True
        Keep the precision as ``precision_``.
    assume_centered : bool, default=False
        True: the robust location is zero.
    support_fraction : float in (0, 1], default=None
        Share of samples in the raw MCD support (None: the most robust choice).
    contamination : float in (0, 0.5], default=0.1
        The expected share of outliers in the training data.
    random_state : int, RandomState instance or None, default=None
        Seeds the MCD's starting supports.

    Attributes
    ----------
    location_, covariance_, precision_ : ndarrays
        The robust (reweighted MCD) estimate.
    support_, raw_location_, raw_covariance_, raw_support_, dist_ : ndarrays
        As ``MinCovDet``'s.
    offset_ : float
        ``decision_function = score_samples - offset_``.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(0)
    >>> X = rng.multivariate_normal([0, 0], [[0.8, 0.3], [0.3, 0.4]], 500)
    >>> envelope = EllipticEnvelope(random_state=0).fit(X)
    >>> envelope.predict([[0.0, 0.0], [3.0, 3.0]])
    array([ 1, -1])
    """

    _parameter_constraints = {
        **MinCovDet._parameter_constraints,
        "contamination": [Interval(numbers.Real, 0, 0.5, closed="right")],
    }

    def __init__(self, *, store_precision=True, assume_centered=False, support_fraction=None,
                 contamination=0.1, random_state=None):
        super().__init__(store_precision=store_precision, assume_centered=assume_centered,
                         support_fraction=support_fraction, random_state=random_state)
        self.contamination = contamination

    def fit(self, X, y=None):
        """Fit the robust covariance of X (n_samples, n_features) and set ``offset_``;
        ``y`` is ignored. Returns ``self``."""
        super().fit(X)
        self.offset_ = np.percentile(-self.dist_, 100.0 * self.contamination)
        return self

    def score_samples(self, X):
        """Minus the squared Mahalanobis distance of each row of X: (n_samples,)."""
        check_is_fitted(self)
        return -self.mahalanobis(X)

    def decision_function(self, X):
        """``score_samples(X) - offset_``: negative for outliers, (n_samples,)."""
        return self.score_samples(X) - self.offset_

    def predict(self, X):
        """+1 for inliers (``decision_function >= 0``), -1 for outliers: (n_samples,)."""
        return np.where(self.decision_function(X) >= 0, 1, -1)

    def score(self, X, y, sample_weight=None):
        """Accuracy of ``predict(X)`` against the labels ``y`` (+1 / -1)."""
        from ..metrics import accuracy_score

        return accuracy_score(y, self.predict(X), sample_weight=sample_weight)
