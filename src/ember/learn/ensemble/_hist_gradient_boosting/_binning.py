"""Feature binning: each feature's values mapped to at most ``max_bins`` integer bins.

A continuous feature with more distinct values than bins is cut at its
quantiles, ``max_bins - 1`` of them at equally spaced probabilities (NumPy's
``averaged_inverted_cdf``, or the weighted inverted CDF when sample weights
are given); one with fewer distinct values is cut midway between consecutive
ones. Above 200,000 samples the cuts come from 200,000 rows drawn with
replacement (with probabilities proportional to the sample weights). A value
``x`` falls in bin ``b`` when ``cut[b - 1] < x <= cut[b]``. Categorical
features (already encoded as ``0 .. n_categories - 1``) get one bin per
category. The last bin, ``max_bins``, holds missing values for every feature.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ...preprocessing._discretization import weighted_percentiles
from ...utils.validation import check_random_state

_ALMOST_INF = 1e300  # cuts are clipped here, so an infinite value still has a bin


def find_thresholds(column, max_bins, sample_weight=None):
    """The increasing cuts of one continuous feature (NaN ignored, zero weights ignored)."""
    keep = ~np.isnan(column)
    if sample_weight is not None:
        keep &= sample_weight != 0
        sample_weight = sample_weight[keep]
    values = column[keep]
    if sample_weight is None:
        values = np.sort(values)
    else:
        order = np.argsort(values)
        values, sample_weight = values[order], sample_weight[order]
    if len(values) == 0:
        return np.empty(0)
    distinct = values[np.concatenate(([True], values[1:] != values[:-1]))]
    if len(distinct) == 1:
        return np.empty(0)
    if len(distinct) <= max_bins:
        cuts = (distinct[:-1] + distinct[1:]) / 2
    else:
        percentiles = np.linspace(0, 100, num=max_bins + 1)[1:-1]
        if sample_weight is None:
            with np.errstate(invalid="ignore"):  # inf - inf between two infinite values
                cuts = np.percentile(values, percentiles, method="averaged_inverted_cdf")
        else:
            cuts = weighted_percentiles(values, sample_weight, percentiles, average=True)
        cuts = np.unique(cuts)
    return np.minimum(cuts, _ALMOST_INF)


class BinMapper:
    """Learns every feature's bins on the training data and bins any data the same way.

    Args:
        n_bins: bins per feature including the missing-values bin (3 to 256).
        subsample: rows used for the quantiles (None: all).
        is_categorical: ``(n_features,)`` bool mask, or None.
        known_categories: per feature, the array of its category codes (None for
            continuous features).
        random_state: seed of the subsample.

    Attributes:
        bin_thresholds_: per feature, the cuts (continuous) or the category codes.
        n_bins_non_missing_: ``(n_features,)`` bins used by non-missing values.
        missing_values_bin_idx_: the missing-values bin, ``n_bins - 1``.
        is_categorical_: ``(n_features,)`` uint8.
    """

    def __init__(self, n_bins=256, subsample=200_000, is_categorical=None,
                 known_categories=None, random_state=None):
        self.n_bins = n_bins
        self.subsample = subsample
        self.is_categorical = is_categorical
        self.known_categories = known_categories
        self.random_state = random_state

    def fit(self, X, sample_weight=None):
        """Learn the cuts of every feature of ``X`` (float64, NaN for missing)."""
        if not 3 <= self.n_bins <= 256:
            raise ValueError(f"n_bins={self.n_bins} should be no smaller than 3 and no larger "
                             "than 256.")
        max_bins = self.n_bins - 1
        rng = check_random_state(self.random_state)
        if self.subsample is not None and X.shape[0] > self.subsample:
            p = None if sample_weight is None else sample_weight / np.sum(sample_weight)
            X = X.take(rng.choice(X.shape[0], self.subsample, p=p, replace=True), axis=0)
            sample_weight = None
        n_features = X.shape[1]
        self.is_categorical_ = (np.zeros(n_features, dtype=np.uint8) if self.is_categorical is None
                                else np.asarray(self.is_categorical, dtype=np.uint8))
        known = self.known_categories or [None] * n_features
        self.missing_values_bin_idx_ = self.n_bins - 1
        continuous = [f for f in range(n_features) if not self.is_categorical_[f]]
        X_continuous = np.asfortranarray(X[:, continuous]) if continuous else X[:, :0]

        def cuts(j):
            return find_thresholds(X_continuous[:, j], max_bins, sample_weight)

        workers = min(len(continuous), os.cpu_count() or 1)
        if workers > 1:  # the sorts release the GIL
            with ThreadPoolExecutor(workers) as pool:
                found = list(pool.map(cuts, range(len(continuous))))
        else:
            found = [cuts(j) for j in range(len(continuous))]
        found = dict(zip(continuous, found))
        self.bin_thresholds_ = [np.asarray(known[f], dtype=np.float64) if self.is_categorical_[f]
                                else found[f] for f in range(n_features)]
        self.n_bins_non_missing_ = np.array(
            [len(t) if self.is_categorical_[f] else len(t) + 1
             for f, t in enumerate(self.bin_thresholds_)], dtype=np.uint32)
        return self

    def transform(self, X):
        """``X`` binned: a Fortran-ordered uint8 array of the same shape."""
        from . import _predict_kernels

        X = np.asarray(X, dtype=np.float64)
        if X.shape[1] != len(self.n_bins_non_missing_):
            raise ValueError(
                f"This estimator was fitted with {len(self.n_bins_non_missing_)} features but "
                f"{X.shape[1]} got passed to transform()"
            )
        lengths = [len(t) for t in self.bin_thresholds_]
        offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        flat = (np.concatenate(self.bin_thresholds_).astype(np.float64) if sum(lengths)
                else np.empty(0))
        out = np.empty(X.shape, dtype=np.uint8, order="F")
        _predict_kernels.map_to_bins(X, flat, offsets, self.is_categorical_,
                                     self.missing_values_bin_idx_, out)
        return out

    def fit_transform(self, X, sample_weight=None):
        return self.fit(X, sample_weight).transform(X)
