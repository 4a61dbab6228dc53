"""``MinCovDet``: the Minimum Covariance Determinant, a covariance that outliers cannot drag
(Rousseeuw and Van Driessen, *A fast algorithm for the minimum covariance determinant
estimator*, Technometrics 1999: FastMCD).

The MCD is the mean and covariance of the ``h`` samples (the support) whose
covariance has the smallest determinant. FastMCD searches for it with
concentration steps ("C-steps"): from an estimate, keep the ``h`` samples of
smallest Mahalanobis distance and re-estimate from them; the determinant
never grows, so a few steps reach a local minimum.

- Up to 500 samples: 30 random starting supports, two C-steps each; the 10
  of smallest determinant are iterated to convergence and the best is kept.
- More samples: the shuffled rows are cut into ``n // 300`` subsets; in each,
  ``max(10, 500 // n_subsets)`` random starts get two C-steps and the 10 best
  are kept; those run to convergence on a random merged set of at most 1,500
  rows, and (beyond 1,500 samples) the 10 best of them on the whole data.
- One feature: the exact MCD, the shortest window of ``h`` sorted values.

The raw estimate's distances are then rescaled for consistency at the normal
model (``alpha / P(chi2_{p+2} <= chi2_p^{-1}(alpha))`` for support share
alpha) and the estimate is reweighted: the samples whose distance is below
the 97.5% chi-square quantile give the final location and covariance (with the
same correction for alpha = 0.975).

The starting supports are drawn with scikit-learn's ``RandomState`` calls in
scikit-learn's order (``permutation`` per start, the row shuffle first, the
merged set after the subsets), so a ``random_state`` gives scikit-learn's
supports and estimates.
"""

import numbers
import warnings

import numpy as np
from scipy import linalg
from scipy.stats import chi2

from ..utils import check_random_state, validate_data
from ..utils._param_validation import Interval
from ._empirical import EmpiricalCovariance, empirical_covariance, squared_mahalanobis

__all__ = ["MinCovDet"]


def _log_det(covariance):
    """log det of a covariance; -inf when it is not positive."""
    sign, logdet = np.linalg.slogdet(covariance)
    return logdet if sign > 0 else -np.inf


def _estimate(X, support):
    """Mean, covariance and log-determinant of the rows ``support`` of X."""
    rows = X[support]
    covariance = empirical_covariance(rows)
    return rows.mean(axis=0), covariance, _log_det(covariance)


def _closest(dist, n_support):
    """Indices of the ``n_support`` smallest distances."""
    return np.argpartition(dist, n_support - 1)[:n_support]


def _c_steps(X, n_support, rng, n_iter, start=None):
    """C-steps from a random support (``start=None``, drawn from ``rng``) or from a
    ``(location, covariance)`` estimate, until the determinant stops falling or
    ``n_iter`` steps are done.

    Returns ``(location, covariance, log_det, support mask, squared distances)``.
    """
    n_samples = X.shape[0]
    if start is None:
        support, dist = rng.permutation(n_samples)[:n_support], np.inf
    else:
        dist = squared_mahalanobis(X, start[0], linalg.pinvh(start[1]))
        support = _closest(dist, n_support)
    location, covariance, det = _estimate(X, support)
    precision = linalg.pinvh(covariance) if np.isinf(det) else None
    previous, previous_det = None, np.inf
    while det < previous_det and n_iter > 0 and not np.isinf(det):
        previous, previous_det = (location, covariance, det, support), det
        precision = linalg.pinvh(covariance)
        dist = squared_mahalanobis(X, location, precision)
        support = _closest(dist, n_support)
        location, covariance, det = _estimate(X, support)
        n_iter -= 1
    # The last step's distances, to the new location under the previous precision.
    previous_dist, dist = dist, squared_mahalanobis(X, location, precision)
    result = (location, covariance, det, support, dist)
    if not np.isinf(det) and not np.allclose(det, previous_det) and det > previous_det:
        warnings.warn("Determinant has increased; this should not happen: log(det) > "
                      f"log(previous_det) ({det:.15f} > {previous_det:.15f}). You may want to "
                      "try with a higher value of support_fraction (current value: "
                      f"{n_support / n_samples:.3f}).", RuntimeWarning, stacklevel=2)
        if n_iter > 0:
            result = (*previous, previous_dist)
    location, covariance, det, support, dist = result
    mask = np.bincount(support, minlength=n_samples).astype(bool)
    return location, covariance, det, mask, dist


def _best_of(X, n_support, rng, starts, keep, n_iter=30):
    """C-steps from each start (an int: that many random supports; a pair of stacked
    locations and covariances: those estimates); the ``keep`` of smallest determinant
    as stacked (locations, covariances, supports, distances)."""
    if isinstance(starts, numbers.Integral):
        runs = [_c_steps(X, n_support, rng, n_iter) for _ in range(starts)]
    else:
        runs = [_c_steps(X, n_support, rng, n_iter, start=(loc, cov))
                for loc, cov in zip(*starts)]
    locations, covariances, dets, supports, dists = zip(*runs)
    best = np.argsort(dets)[:keep]
    return (np.asarray(locations)[best], np.asarray(covariances)[best],
            np.asarray(supports)[best], np.asarray(dists)[best])


def _mcd_one_feature(X, n_support):
    """The exact MCD of one feature: the shortest window of ``n_support`` sorted values."""
    n_samples = X.shape[0]
    if n_support < n_samples:
        values = np.sort(np.ravel(X))
        widths = values[n_support:] - values[:n_samples - n_support]
        starts = np.flatnonzero(widths == np.min(widths))
        location = 0.5 * (values[n_support + starts] + values[starts]).mean()
        support = np.zeros(n_samples, dtype=bool)
        centered = X - location
        support[np.argsort(np.abs(centered), axis=0)[:n_support]] = True
        covariance = np.asarray([[np.var(X[support])]])
        location = np.array([location])
    else:
        support = np.ones(n_samples, dtype=bool)
        covariance = np.asarray([[np.var(X)]])
        location = np.asarray([np.mean(X)])
    return location, covariance, support, squared_mahalanobis(X, location,
                                                               linalg.pinvh(covariance))


def _mcd_by_subsets(X, n_support, rng):
    """FastMCD over more than 500 samples: subsets, a merged set, then the whole data."""
    n_samples, n_features = X.shape
    n_subsets = n_samples // 300
    subset_size = n_samples // n_subsets
    shuffled = rng.permutation(n_samples)
    h_subset = int(np.ceil(subset_size * (n_support / float(n_samples))))
    n_trials, n_best = max(10, 500 // n_subsets), 10
    locations = np.zeros((n_subsets * n_best, n_features))
    covariances = np.zeros((n_subsets * n_best, n_features, n_features))
    for i in range(n_subsets):
        rows = shuffled[i * subset_size:(i + 1) * subset_size]
        found = _best_of(X[rows], h_subset, rng, n_trials, n_best, n_iter=2)
        locations[i * n_best:(i + 1) * n_best], covariances[i * n_best:(i + 1) * n_best] = found[:2]
    n_merged = min(1500, n_samples)
    h_merged = int(np.ceil(n_merged * (n_support / float(n_samples))))
    selection = rng.permutation(n_samples)[:n_merged]
    merged = _best_of(X[selection], h_merged, rng, (locations, covariances),
                      10 if n_samples > 1500 else 1)
    if n_samples < 1500:
        support, dist = np.zeros(n_samples, dtype=bool), np.zeros(n_samples)
        support[selection], dist[selection] = merged[2][0], merged[3][0]
        return merged[0][0], merged[1][0], support, dist
    full = _best_of(X, n_support, rng, merged[:2], 1)
    return full[0][0], full[1][0], full[2][0], full[3][0]


def fast_mcd(X, support_fraction=None, random_state=None):
    """FastMCD's raw estimate of X (n_samples, n_features): location (n_features,),
    covariance (n_features, n_features), support mask and squared distances (n_samples,)."""
    rng = check_random_state(random_state)
    n_samples, n_features = X.shape
    if support_fraction is None:
        n_support = min(int(np.ceil(0.5 * (n_samples + n_features + 1))), n_samples)
    else:
        n_support = int(support_fraction * n_samples)
    if n_features == 1:
        return _mcd_one_feature(X, n_support)
    if n_samples > 500:
        return _mcd_by_subsets(X, n_support, rng)
    best = _best_of(X, n_support, rng, 30, 10, n_iter=2)
    full = _best_of(X, n_support, rng, best[:2], 1)
    return full[0][0], full[1][0], full[2][0], full[3][0]


def _consistency_factor(n_features, alpha):
    """Scale making the covariance of the ``alpha`` share of closest normal samples
    consistent: ``alpha / P(chi2_{p+2} <= chi2_p^{-1}(alpha))``."""
    return alpha / chi2.cdf(chi2.ppf(alpha, df=n_features), n_features + 2)


class MinCovDet(EmpiricalCovariance):
    """Minimum Covariance Determinant: a robust location and covariance (FastMCD).

    Parameters
    ----------
    store_precision : bool, default=True
        Keep the precision as ``precision_``.
    assume_centered : bool, default=False
        True: the robust location is zero and the covariances are computed about zero.
    support_fraction : float in (0, 1], default=None
        Share of samples in the raw support; None: ``(n_samples + n_features + 1) / 2``
        samples, the most robust choice.
    random_state : int, RandomState instance or None, default=None
        Seeds the starting supports.

    Attributes
    ----------
    raw_location_ : ndarray of shape (n_features,)
        The raw MCD location (before reweighting).
    raw_covariance_ : ndarray of shape (n_features, n_features)
        The raw MCD covariance (the support's covariance).
    raw_support_ : ndarray of shape (n_samples,), dtype bool
        The samples of the raw estimate.
    location_, covariance_, precision_ : ndarrays
        The reweighted estimate and its pseudo-inverse.
    support_ : ndarray of shape (n_samples,), dtype bool
        The samples the reweighted estimate is computed from.
    dist_ : ndarray of shape (n_samples,)
        Squared Mahalanobis distances of the training samples under the final estimate.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(0)
    >>> X = rng.multivariate_normal([0, 0], [[0.8, 0.3], [0.3, 0.4]], 500)
    >>> X[:25] = rng.uniform(5, 10, (25, 2))  # gross outliers
    >>> mcd = MinCovDet(random_state=0).fit(X)
    >>> bool(mcd.support_[:25].any()), mcd.location_.round(1).tolist()
    (False, [0.1, 0.0])
    """

    _parameter_constraints = {
        **EmpiricalCovariance._parameter_constraints,
        "support_fraction": [Interval(numbers.Real, 0, 1, closed="right"), None],
        "random_state": ["random_state"],
    }

    def __init__(self, *, store_precision=True, assume_centered=False, support_fraction=None,
                 random_state=None):
        self.store_precision = store_precision
        self.assume_centered = assume_centered
        self.support_fraction = support_fraction
        self.random_state = random_state

    def fit(self, X, y=None):
        """Estimate the robust location and covariance of X (n_samples, n_features);
        ``y`` is ignored. Returns ``self``."""
        self._validate_params()
        X = validate_data(self, X, ensure_min_samples=2)
        rng = check_random_state(self.random_state)
        n_features = X.shape[1]
        if (linalg.svdvals(X.T @ X) > 1e-8).sum() != n_features:
            warnings.warn("The covariance matrix associated to your dataset is not full rank",
                          stacklevel=2)
        location, covariance, support, dist = fast_mcd(X, self.support_fraction, rng)
        if self.assume_centered:
            location = np.zeros(n_features)
            covariance = empirical_covariance(X[support], assume_centered=True)
            dist = squared_mahalanobis(X, 0.0, linalg.pinvh(covariance))
        self.raw_location_, self.raw_covariance_, self.raw_support_ = location, covariance, support
        self.location_, self.support_, self.dist_ = location, support, dist
        self.correct_covariance(X)
        self.reweight_covariance(X)
        return self

    def correct_covariance(self, data):
        """Rescale ``dist_`` for consistency at the normal model (Rousseeuw and Van Driessen)
        and return the raw covariance so rescaled, (n_features, n_features).

        ``data`` (n_samples, n_features) is the training data (unused: the scale
        depends only on the support's share of it)."""
        n_samples, n_support = len(self.dist_), np.sum(self.support_)
        if n_support < n_samples and np.allclose(self.raw_covariance_, 0):
            raise ValueError("The covariance matrix of the support data is equal to 0, try to "
                             "increase support_fraction")
        factor = _consistency_factor(self.raw_covariance_.shape[0], n_support / n_samples)
        self.dist_ /= factor
        return self.raw_covariance_ * factor

    def reweight_covariance(self, data):
        """Re-estimate from the samples of ``data`` (the training data) whose ``dist_`` is
        below the 97.5% chi-square quantile; sets ``location_``, ``covariance_``,
        ``support_``, ``dist_`` and returns the reweighted (location, uncorrected
        covariance, support)."""
        n_samples, n_features = data.shape
        threshold = 0.025
        mask = self.dist_ < chi2(n_features).isf(threshold)
        location = np.zeros(n_features) if self.assume_centered else data[mask].mean(axis=0)
        covariance = empirical_covariance(data[mask], assume_centered=self.assume_centered)
        self._set_covariance(covariance * _consistency_factor(n_features, 1 - threshold))
        self.location_, self.support_ = location, mask.copy()
        self.dist_ = squared_mahalanobis(data, self.location_, self.get_precision())
        return location, covariance, self.support_
