"""``KBinsDiscretizer``: continuous features to bin indices (ordinal or one-hot).

Edges per feature: evenly spaced (``"uniform"``), at quantiles (``"quantile"``,
weighted when ``sample_weight`` is given) or midway between 1-D k-means
centres (``"kmeans"``). ``transform`` finds every value's bin with one
``np.searchsorted`` per feature.
"""

import warnings
from numbers import Integral

import numpy as np

from ..base import BaseEstimator, TransformerMixin, _input_feature_names
from ..utils._param_validation import Interval, Options, StrOptions
from ..utils.validation import (_check_sample_weight, check_array, check_is_fitted,
                                check_random_state, validate_data)
from ._encoders import one_hot

_QUANTILE_METHODS = {"inverted_cdf", "averaged_inverted_cdf", "closest_observation",
                     "interpolated_inverted_cdf", "hazen", "weibull", "linear", "median_unbiased",
                     "normal_unbiased"}


def weighted_percentiles(values, weight, percentiles, average):
    """Weighted percentiles of 1-D ``values``: the inverted weighted CDF, with ``average`` the
    mean of the two values where the CDF meets a percentile exactly."""
    order = np.argsort(values)
    cdf = np.cumsum(weight[order])
    targets = np.asarray(percentiles, dtype=np.float64) / 100 * cdf[-1]
    targets[targets == 0] = np.nextafter(0, 1)
    last = len(values) - 1
    at = np.minimum(np.searchsorted(cdf, targets), last)
    result = values[order[at]].astype(np.float64)
    if average:
        following = np.minimum(at + 1, last)
        # a weightless next value does not count: take the next one that adds weight
        weightless = weight[order[following]] == 0
        if weightless.any():
            beyond = np.searchsorted(cdf, cdf[at[weightless]], side="right")
            following[weightless] = np.where(beyond > last, at[weightless], beyond)
        exact = cdf[at] - targets <= np.finfo(np.float64).eps
        result = np.where(exact, (result + values[order[following]]) / 2, result)
    return result


class KBinsDiscretizer(TransformerMixin, BaseEstimator):
    """Bin continuous features into ``n_bins`` intervals.

    Args:
        n_bins: number of bins (>= 2), or one per feature.
        encode: ``"onehot"`` (CSR matrix), ``"onehot-dense"`` or ``"ordinal"`` (bin indices).
        strategy: ``"uniform"``, ``"quantile"`` or ``"kmeans"``.
        quantile_method: NumPy's percentile method for ``"quantile"``.
        dtype: output dtype (np.float64 or np.float32); None keeps the input's float dtype.
        subsample: fit on this many rows drawn with replacement when there are more (None: all).
        random_state: seed of that draw.

    Attributes:
        bin_edges_: ``(n_features,)`` object array of each feature's edges.
        n_bins_: ``(n_features,)`` number of bins per feature (fewer where bins were too narrow).

    Example:
        >>> binner = KBinsDiscretizer(3, encode="ordinal", strategy="uniform")
        >>> binner.fit_transform([[0.0], [1.0], [3.0]]).ravel()
        array([0., 1., 2.])
    """

    _parameter_constraints = {
        "n_bins": [Interval(Integral, 2, None, closed="left"), "array-like"],
        "encode": [StrOptions({"onehot", "onehot-dense", "ordinal"})],
        "strategy": [StrOptions({"uniform", "quantile", "kmeans"})],
        "quantile_method": [StrOptions(_QUANTILE_METHODS)],
        "dtype": [Options(type, {np.float64, np.float32}), None],
        "subsample": [Interval(Integral, 1, None, closed="left"), None],
        "random_state": ["random_state"],
    }

    def __init__(self, n_bins=5, *, encode="onehot", strategy="quantile",
                 quantile_method="averaged_inverted_cdf", dtype=None, subsample=200_000,
                 random_state=None):
        self.n_bins = n_bins
        self.encode = encode
        self.strategy = strategy
        self.quantile_method = quantile_method
        self.dtype = dtype
        self.subsample = subsample
        self.random_state = random_state

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def fit(self, X, y=None, sample_weight=None):
        """Compute the bin edges of each feature of ``X``."""
        self._validate_params()
        X = validate_data(self, X, dtype="numeric")
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        if self.subsample is not None and X.shape[0] > self.subsample:
            p = None if sample_weight is None else sample_weight / sample_weight.sum()
            rows = check_random_state(self.random_state).choice(
                X.shape[0], size=self.subsample, p=p, replace=True)
            X, sample_weight = X[rows], None
        n_bins = self._validate_n_bins(X.shape[1])
        if self.strategy == "quantile" and sample_weight is not None and \
                self.quantile_method not in ("inverted_cdf", "averaged_inverted_cdf"):
            raise ValueError(
                "When fitting with strategy='quantile' and sample weights, quantile_method should "
                "either be set to 'averaged_inverted_cdf' or 'inverted_cdf', got "
                f"quantile_method='{self.quantile_method}' instead."
            )
        edges = np.zeros(X.shape[1], dtype=object)
        for j in range(X.shape[1]):
            edges[j], n_bins[j] = self._feature_edges(X[:, j], sample_weight, n_bins[j], j)
        self.bin_edges_, self.n_bins_ = edges, n_bins
        return self

    def _feature_edges(self, column, weight, n_bins, j):
        counted = slice(None) if self.strategy == "quantile" or weight is None else weight != 0
        low, high = column[counted].min(), column[counted].max()
        if low == high:
            warnings.warn(f"Feature {j} is constant and will be replaced with 0.")
            return np.array([-np.inf, np.inf]), 1
        if self.strategy == "uniform":
            return np.linspace(low, high, n_bins + 1), n_bins
        if self.strategy == "quantile":
            levels = np.linspace(0, 100, n_bins + 1)
            if weight is None:
                linear = self.quantile_method == "linear"
                method = {} if linear else {"method": self.quantile_method}
                edges = np.asarray(np.percentile(column, levels, **method), dtype=np.float64)
            else:
                edges = weighted_percentiles(column, weight, levels,
                                             self.quantile_method == "averaged_inverted_cdf")
        else:
            from ._kmeans_1d import kmeans_1d

            uniform = np.linspace(low, high, n_bins + 1)
            centers = kmeans_1d(column, (uniform[1:] + uniform[:-1]) * 0.5, weight)
            edges = np.r_[low, (centers[1:] + centers[:-1]) * 0.5, high]
        edges = edges[np.ediff1d(edges, to_begin=np.inf) > 1e-8]
        if len(edges) - 1 != n_bins:
            warnings.warn(f"Bins whose width are too small (i.e., <= 1e-8) in feature {j} are "
                          "removed. Consider decreasing the number of bins.")
        return edges, len(edges) - 1

    def _validate_n_bins(self, n_features):
        if isinstance(self.n_bins, Integral):
            return np.full(n_features, self.n_bins, dtype=int)
        n_bins = check_array(self.n_bins, dtype=int, copy=True, ensure_2d=False)
        if n_bins.ndim > 1 or n_bins.shape[0] != n_features:
            raise ValueError("n_bins must be a scalar or array of shape (n_features,).")
        bad = np.flatnonzero((n_bins < 2) | (n_bins != np.asarray(self.n_bins)))
        if len(bad):
            raise ValueError(f"KBinsDiscretizer received an invalid number of bins at indices "
                             f"{', '.join(map(str, bad))}. Number of bins must be at least 2, and "
                             "must be an int.")
        return n_bins

    def transform(self, X):
        """The bin index of each value (ordinal), or their one-hot encoding."""
        check_is_fitted(self)
        dtype = (np.float64, np.float32) if self.dtype is None else self.dtype
        X = validate_data(self, X, copy=True, dtype=dtype, reset=False)
        codes = np.empty(X.shape, dtype=np.intp)
        for j, edges in enumerate(self.bin_edges_):
            codes[:, j] = np.searchsorted(edges[1:-1], X[:, j], side="right")
        if self.encode == "ordinal":
            X[...] = codes
            return X
        return one_hot(codes, np.ones(codes.shape, dtype=bool), self.n_bins_, X.dtype,
                       self.encode == "onehot")

    def inverse_transform(self, X):
        """The centre of each value's bin (the data themselves are not recovered)."""
        check_is_fitted(self)
        if "onehot" in self.encode:
            X = self._bins_of_one_hot(X)
        X = check_array(X, copy=True, dtype=(np.float64, np.float32))
        if X.shape[1] != len(self.n_bins_):
            raise ValueError(f"Incorrect number of features. Expecting {len(self.n_bins_)}, "
                             f"received {X.shape[1]}.")
        for j, edges in enumerate(self.bin_edges_):
            centers = (edges[1:] + edges[:-1]) * 0.5
            X[:, j] = centers[X[:, j].astype(np.int64)]
        return X

    def _bins_of_one_hot(self, X):
        X = check_array(X, accept_sparse="csr")
        if X.shape[1] != self.n_bins_.sum():
            raise ValueError(f"Shape of the passed X data is not correct. Expected "
                             f"{self.n_bins_.sum()} columns, got {X.shape[1]}.")
        bins, start = np.empty((X.shape[0], len(self.n_bins_))), 0
        for j, width in enumerate(self.n_bins_):
            block = X[:, start:start + width]
            empty = np.flatnonzero(np.asarray(block.sum(axis=1)).ravel() == 0)
            if len(empty):
                raise ValueError(f"Samples {empty} can not be inverted when drop=None and "
                                 "handle_unknown='error' because they contain all zeros")
            bins[:, j] = np.asarray(block.argmax(axis=1)).ravel()
            start += width
        return bins

    def get_feature_names_out(self, input_features=None):
        """The input names (ordinal) or ``<feature>_<bin>.0`` for each one-hot column."""
        check_is_fitted(self, "n_features_in_")
        features = _input_feature_names(self, input_features)
        if self.encode == "ordinal":
            return features
        return np.array([f"{name}_{float(b)}" for name, width in zip(features, self.n_bins_)
                         for b in range(width)], dtype=object)
