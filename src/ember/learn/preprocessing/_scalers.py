"""Feature scalers: ``StandardScaler``, ``MinMaxScaler``, ``MaxAbsScaler``, ``RobustScaler``,
and the functions ``scale``, ``minmax_scale``, ``maxabs_scale`` and ``robust_scale``.

Each learns one offset and one factor per column (NaN ignored in ``fit``, kept
in ``transform``) and applies them in place on a validated float copy, so a
transform is one pass over the data. Sparse input is scaled column-wise without
centring (centring would fill in every zero).
"""

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from ..utils.validation import _check_sample_weight, check_array, check_is_fitted
from ._common import (FLOAT_DTYPES, float_data, safe_scale, scale_sparse_columns,
                      sparse_column_extrema, writeable)
from ._moments import batch_moments, merge_moments

_CENTER_SPARSE = ("Cannot center sparse matrices: pass `with_mean=False` instead. See docstring "
                  "for motivation and alternatives.")


class _ScalerTags:
    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


def _forget(estimator, names):
    for name in names:
        estimator.__dict__.pop(name, None)


def _as_count(count, dtype):
    """scikit-learn's ``n_samples_seen_``: one number if equal for every column, else one per
    column."""
    count = count.astype(dtype)
    return count[0] if count.size and np.ptp(count) == 0 else count


class StandardScaler(_ScalerTags, OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Standardise features: ``z = (x - mean_) / scale_`` per column.

    Args:
        copy: transform a copy (else in place where the input is already a float array).
        with_mean: centre the data (not possible for sparse input).
        with_std: divide by the standard deviation (constant columns keep scale 1).

    Attributes:
        scale_: ``(n_features,)`` standard deviations (1 for constant columns), or None.
        mean_: ``(n_features,)`` means, or None when neither centring (dense) nor scaling
            needs them.
        var_: ``(n_features,)`` population variances, or None without ``with_std``.
        n_samples_seen_: samples (total weight) seen per column; an int when the same for all.
        n_features_in_, feature_names_in_: the input columns.

    Example:
        >>> StandardScaler().fit_transform([[0.0, 1.0], [2.0, 3.0]])
        array([[-1., -1.],
               [ 1.,  1.]])
    """

    _parameter_constraints = {"copy": ["boolean"], "with_mean": ["boolean"],
                              "with_std": ["boolean"]}

    def __init__(self, *, copy=True, with_mean=True, with_std=True):
        self.copy = copy
        self.with_mean = with_mean
        self.with_std = with_std

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = not self.with_mean
        return tags

    def fit(self, X, y=None, sample_weight=None):
        """Compute the mean and standard deviation of each column of ``X``."""
        _forget(self, ("scale_", "mean_", "var_", "n_samples_seen_"))
        return self.partial_fit(X, y, sample_weight)

    def partial_fit(self, X, y=None, sample_weight=None):
        """Update the running mean and variance with the batch ``X``."""
        self._validate_params()
        first = not hasattr(self, "n_samples_seen_")
        X = float_data(self, X, reset=first, copy=False, accept_sparse=("csr", "csc"))
        weight = (None if sample_weight is None
                  else _check_sample_weight(sample_weight, X, dtype=X.dtype))
        if sp.issparse(X) and self.with_mean:
            raise ValueError(_CENTER_SPARSE)
        n_features = X.shape[1]
        if first:
            last_count, last_mean = np.zeros(n_features), np.zeros(n_features)
            last_var = np.zeros(n_features) if self.with_std else None
        else:
            last_count = np.broadcast_to(np.asarray(self.n_samples_seen_, np.float64),
                                         (n_features,))
            last_mean = np.zeros(n_features) if self.mean_ is None else self.mean_
            last_var = self.var_ if self.with_std else None
        need_moments = self.with_std or (self.with_mean and not sp.issparse(X))
        if need_moments:
            count, mean, m2 = batch_moments(X, weight)
            count, mean, var = merge_moments(last_count, last_mean, last_var, count, mean, m2)
        else:
            # scikit-learn counts dense rows unweighted here, sparse ones weighted
            count = last_count + _present_weight(X, weight if sp.issparse(X) else None)
            mean, var = last_mean, None
        # counts of the moments are float64; plain counts int64, or the data's dtype when weighted
        count_dtype = np.float64 if need_moments else np.int64 if weight is None else X.dtype
        self.n_samples_seen_ = _as_count(count, count_dtype)
        self.mean_ = mean if need_moments else None
        self.var_ = var if self.with_std else None
        if self.with_std:
            with np.errstate(invalid="ignore"):
                # Chan, Golub and LeVeque's bound on the rounding of the computed variance
                eps = np.finfo(np.float64).eps
                constant = var <= count * eps * var + (count * mean * eps) ** 2
            self.scale_ = safe_scale(np.sqrt(var), constant)
        else:
            self.scale_ = None
        return self

    def transform(self, X, copy=None):
        """Standardise ``X``; sparse input is only divided by ``scale_``."""
        check_is_fitted(self)
        copy = self.copy if copy is None else copy
        X = float_data(self, X, reset=False, copy=copy, accept_sparse="csr")
        if sp.issparse(X) and self.with_mean:
            raise ValueError(_CENTER_SPARSE)
        return _shift_and_scale(X, *self._offset_and_scale(X.dtype), inverse=False)

    def inverse_transform(self, X, copy=None):
        """Undo ``transform``: ``x = z * scale_ + mean_``."""
        check_is_fitted(self)
        copy = self.copy if copy is None else copy
        X = float_data(self, X, reset=False, copy=copy, accept_sparse="csr", validate=False)
        if sp.issparse(X) and self.with_mean:
            raise ValueError("Cannot uncenter sparse matrices: pass `with_mean=False` instead "
                             "See docstring for motivation and alternatives.")
        return _shift_and_scale(X, *self._offset_and_scale(X.dtype), inverse=True)

    def _offset_and_scale(self, dtype):
        # scikit-learn casts the statistics to the data's dtype before applying them
        offset = self.mean_.astype(dtype, copy=False) if self.with_mean else None
        scale = self.scale_.astype(dtype, copy=False) if self.with_std else None
        return offset, scale


def _shift_and_scale(X, offset, scale, inverse):
    """``(X - offset) / scale`` in place, or with ``inverse`` ``X * scale + offset``; None
    entries are skipped and sparse ``X`` is only scaled."""
    if sp.issparse(X):
        if scale is not None:
            scale_sparse_columns(X, scale if inverse else 1.0 / scale)
        return X
    if inverse:
        if scale is not None:
            X *= scale
        if offset is not None:
            X += offset
    else:
        if offset is not None:
            X -= offset
        if scale is not None:
            X /= scale
    return X


def _present_weight(X, weight):
    """Per column: the total weight of the rows whose value is not NaN."""
    w = np.ones(X.shape[0]) if weight is None else np.asarray(weight, np.float64)
    if sp.issparse(X):
        nan = X.copy()
        nan.data = np.isnan(X.data).astype(np.float64)
        return w.sum() - nan.T @ w
    return w @ ~np.isnan(X)


class MinMaxScaler(_ScalerTags, OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Scale each feature linearly onto ``feature_range``: ``x * scale_ + min_``.

    Args:
        feature_range: ``(low, high)`` of the transformed data.
        copy: transform a copy.
        clip: clip transformed values of new data to ``feature_range``.

    Attributes:
        min_, scale_: ``(n_features,)`` offset and factor of the transform.
        data_min_, data_max_, data_range_: ``(n_features,)`` per-column minimum, maximum, range.
        n_samples_seen_: samples seen (an int).

    Example:
        >>> MinMaxScaler().fit_transform([[1.0], [3.0], [2.0]]).ravel()
        array([0. , 1. , 0.5])
    """

    _parameter_constraints = {"feature_range": [tuple], "copy": ["boolean"], "clip": ["boolean"]}

    def __init__(self, feature_range=(0, 1), *, copy=True, clip=False):
        self.feature_range = feature_range
        self.copy = copy
        self.clip = clip

    def fit(self, X, y=None):
        """Find the minimum and maximum of each column of ``X``."""
        _forget(self, ("scale_", "min_", "n_samples_seen_", "data_min_", "data_max_",
                       "data_range_"))
        return self.partial_fit(X, y)

    def partial_fit(self, X, y=None):
        """Update the running minimum and maximum with the batch ``X``."""
        self._validate_params()
        low, high = self.feature_range
        if low >= high:
            raise ValueError(
                "Minimum of desired feature range must be smaller than maximum. Got "
                f"{self.feature_range}."
            )
        if sp.issparse(X):
            raise TypeError("MinMaxScaler does not support sparse input. Consider using "
                            "MaxAbsScaler instead.")
        first = not hasattr(self, "n_samples_seen_")
        X = float_data(self, X, reset=first, copy=False)
        with np.errstate(invalid="ignore"), _quiet_all_nan():
            data_min, data_max = np.nanmin(X, axis=0), np.nanmax(X, axis=0)
        if first:
            self.n_samples_seen_ = X.shape[0]
        else:
            data_min = np.minimum(self.data_min_, data_min)
            data_max = np.maximum(self.data_max_, data_max)
            self.n_samples_seen_ += X.shape[0]
        self.data_min_, self.data_max_ = data_min, data_max
        self.data_range_ = data_max - data_min
        low, high = np.asarray(low, X.dtype), np.asarray(high, X.dtype)
        self.scale_ = (high - low) / safe_scale(self.data_range_)
        self.min_ = low - data_min * self.scale_
        return self

    def transform(self, X):
        """Scale ``X`` onto ``feature_range`` (clipped if ``clip``)."""
        check_is_fitted(self)
        X = float_data(self, X, reset=False, copy=self.copy)
        X *= self.scale_
        X += self.min_
        if self.clip:
            np.clip(X, self.feature_range[0], self.feature_range[1], out=X)
        return X

    def inverse_transform(self, X):
        """Undo ``transform``."""
        check_is_fitted(self)
        X = float_data(self, X, reset=False, copy=self.copy, validate=False)
        X -= self.min_
        X /= self.scale_
        return X


class _quiet_all_nan:
    """Silence NumPy's "All-NaN slice" warning: an all-NaN column has NaN statistics."""

    def __enter__(self):
        import warnings

        self._context = warnings.catch_warnings()
        self._context.__enter__()
        warnings.filterwarnings("ignore", message="All-NaN slice", category=RuntimeWarning)
        warnings.filterwarnings("ignore", message="Mean of empty slice", category=RuntimeWarning)

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)


class MaxAbsScaler(_ScalerTags, OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Divide each feature by its maximum absolute value (keeps zeros, so sparsity).

    Args:
        copy: transform a copy.
        clip: clip transformed values of new data to [-1, 1].

    Attributes:
        max_abs_: ``(n_features,)`` maximum absolute values.
        scale_: ``(n_features,)`` the divisors (1 where ``max_abs_`` is 0).
        n_samples_seen_: samples seen (an int).

    Example:
        >>> MaxAbsScaler().fit_transform([[-4.0, 1.0], [2.0, 0.0]])
        array([[-1. ,  1. ],
               [ 0.5,  0. ]])
    """

    _parameter_constraints = {"copy": ["boolean"], "clip": ["boolean"]}

    def __init__(self, *, copy=True, clip=False):
        self.copy = copy
        self.clip = clip

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y=None):
        """Find the maximum absolute value of each column of ``X``."""
        _forget(self, ("scale_", "max_abs_", "n_samples_seen_"))
        return self.partial_fit(X, y)

    def partial_fit(self, X, y=None):
        """Update the running maximum absolute values with the batch ``X``."""
        self._validate_params()
        first = not hasattr(self, "n_samples_seen_")
        X = float_data(self, X, reset=first, copy=False, accept_sparse=("csr", "csc"))
        if sp.issparse(X):
            low, high = sparse_column_extrema(X)
            max_abs = np.fmax(np.abs(low), np.abs(high))
        else:
            with _quiet_all_nan():
                max_abs = np.nanmax(np.abs(X), axis=0)
        if first:
            self.n_samples_seen_ = X.shape[0]
        else:
            max_abs = np.maximum(self.max_abs_, max_abs)
            self.n_samples_seen_ += X.shape[0]
        self.max_abs_ = max_abs
        self.scale_ = safe_scale(max_abs)
        return self

    def transform(self, X):
        """Divide ``X`` by ``scale_``."""
        check_is_fitted(self)
        X = float_data(self, X, reset=False, copy=self.copy, accept_sparse=("csr", "csc"))
        X = _shift_and_scale(X, None, self.scale_, inverse=False)
        if self.clip:
            values = X.data if sp.issparse(X) else X
            np.clip(values, -1.0, 1.0, out=values)
        return X

    def inverse_transform(self, X):
        """Multiply ``X`` by ``scale_``."""
        check_is_fitted(self)
        X = float_data(self, X, reset=False, copy=self.copy, accept_sparse=("csr", "csc"),
                       validate=False)
        return _shift_and_scale(X, None, self.scale_, inverse=True)


class RobustScaler(_ScalerTags, OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Scale with statistics robust to outliers: ``(x - median) / IQR`` per column.

    Args:
        with_centering: subtract the median (not possible for sparse input).
        with_scaling: divide by the ``quantile_range`` spread.
        quantile_range: ``(q_min, q_max)`` percentiles, 0 <= q_min < q_max <= 100.
        copy: transform a copy.
        unit_variance: rescale so that normal data end with variance 1.

    Attributes:
        center_: ``(n_features,)`` medians, or None.
        scale_: ``(n_features,)`` quantile spreads (1 for zero spreads), or None.

    Example:
        >>> RobustScaler().fit_transform([[1.0], [2.0], [3.0], [100.0]]).ravel()
        array([-0.05882353, -0.01960784,  0.01960784,  3.82352941])
    """

    _parameter_constraints = {
        "with_centering": ["boolean"],
        "with_scaling": ["boolean"],
        "quantile_range": [tuple],
        "copy": ["boolean"],
        "unit_variance": ["boolean"],
    }

    def __init__(self, *, with_centering=True, with_scaling=True, quantile_range=(25.0, 75.0),
                 copy=True, unit_variance=False):
        self.with_centering = with_centering
        self.with_scaling = with_scaling
        self.quantile_range = quantile_range
        self.copy = copy
        self.unit_variance = unit_variance

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = not self.with_centering
        return tags

    def fit(self, X, y=None):
        """Compute the median and the quantile spread of each column of ``X``."""
        self._validate_params()
        X = float_data(self, X, reset=True, copy=False, accept_sparse="csc")
        q_min, q_max = self.quantile_range
        if not 0 <= q_min <= q_max <= 100:
            raise ValueError(f"Invalid quantile range: {self.quantile_range}")
        if self.with_centering:
            if sp.issparse(X):
                raise ValueError("Cannot center sparse matrices: use `with_centering=False` "
                                 "instead. See docstring for motivation and alternatives.")
            with _quiet_all_nan():
                self.center_ = np.nanmedian(X, axis=0)
        else:
            self.center_ = None
        if self.with_scaling:
            with _quiet_all_nan():
                low, high = (_sparse_percentiles(X, [q_min, q_max]) if sp.issparse(X)
                             else np.nanpercentile(X, [q_min, q_max], axis=0))
            self.scale_ = safe_scale(high - low)
            if self.unit_variance:
                from scipy.stats import norm

                self.scale_ = self.scale_ / (norm.ppf(q_max / 100.0) - norm.ppf(q_min / 100.0))
        else:
            self.scale_ = None
        return self

    def transform(self, X):
        """Centre and scale ``X``."""
        check_is_fitted(self)
        X = float_data(self, X, reset=False, copy=self.copy, accept_sparse=("csr", "csc"))
        return _shift_and_scale(X, self.center_, self.scale_, inverse=False)

    def inverse_transform(self, X):
        """Undo ``transform``."""
        check_is_fitted(self)
        X = float_data(self, X, reset=False, copy=self.copy, accept_sparse=("csr", "csc"),
                       validate=False)
        return _shift_and_scale(X, self.center_, self.scale_, inverse=True)


def _sparse_percentiles(X, percentiles):
    """Percentiles of each column of CSC ``X``, implicit zeros included (a loop over columns)."""
    n_rows, n_columns = X.shape
    result = np.empty((len(percentiles), n_columns))
    column = np.empty(n_rows, dtype=X.dtype)
    for j in range(n_columns):
        stored = X.data[X.indptr[j]:X.indptr[j + 1]]
        column[: len(stored)] = stored
        column[len(stored):] = 0
        result[:, j] = np.nanpercentile(column, percentiles)
    return result


def scale(X, *, axis=0, with_mean=True, with_std=True, copy=True):
    """Standardise ``X`` along ``axis`` (0: each column, 1: each row); NaN ignored.

    Example:
        >>> scale([[1.0, 2.0], [3.0, 6.0]])
        array([[-1., -1.],
               [ 1.,  1.]])
    """
    X = check_array(X, accept_sparse="csc", dtype=FLOAT_DTYPES, copy=copy,
                    ensure_all_finite="allow-nan", ensure_2d=False, input_name="X")
    if sp.issparse(X):
        if with_mean:
            raise ValueError(_CENTER_SPARSE)
        if axis != 0:
            raise ValueError(f"Can only scale sparse matrix on axis=0,  got axis={axis}")
        X = X.copy() if not copy else X
        if with_std:
            count, _, m2 = batch_moments(X)
            var = m2 / count
            var[var == 0.0] = 1.0
            scale_sparse_columns(X, 1.0 / np.sqrt(var))
        return X
    X = writeable(np.asarray(X))
    moved = np.moveaxis(X, axis, 0) if X.ndim > 1 else X
    with _quiet_all_nan(), np.errstate(invalid="ignore"):
        if with_mean:
            moved -= np.nanmean(moved, axis=0)
        if with_std:
            moved /= safe_scale(np.nanstd(moved, axis=0))
    return X


def _scale_along(scaler, X, axis, accept_sparse=False):
    """``scaler.fit_transform`` of the columns (``axis=0``) or rows (``axis=1``) of ``X``;
    1-D input is one column."""
    X = check_array(X, accept_sparse=accept_sparse, copy=False, ensure_2d=False,
                    dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan", input_name="X")
    flat = X.ndim == 1
    if flat:
        X = X.reshape(-1, 1)
    X = scaler.fit_transform(X) if axis == 0 else scaler.fit_transform(X.T).T
    return X.ravel() if flat else X


def minmax_scale(X, feature_range=(0, 1), *, axis=0, copy=True):
    """Scale ``X`` onto ``feature_range`` along ``axis`` (1-D input allowed).

    Example:
        >>> minmax_scale([1.0, 2.0, 5.0])
        array([0.  , 0.25, 1.  ])
    """
    return _scale_along(MinMaxScaler(feature_range=feature_range, copy=copy), X, axis)


def maxabs_scale(X, *, axis=0, copy=True):
    """Divide ``X`` by its maximum absolute value along ``axis`` (sparse and 1-D allowed).

    Example:
        >>> maxabs_scale([-4.0, 2.0])
        array([-1. ,  0.5])
    """
    return _scale_along(MaxAbsScaler(copy=copy), X, axis, accept_sparse=("csr", "csc"))


def robust_scale(X, *, axis=0, with_centering=True, with_scaling=True,
                 quantile_range=(25.0, 75.0), copy=True, unit_variance=False):
    """``(x - median) / IQR`` along ``axis`` (sparse without centring, 1-D allowed).

    Example:
        >>> robust_scale([1.0, 2.0, 3.0, 4.0, 100.0])
        array([-1. , -0.5,  0. ,  0.5, 48.5])
    """
    scaler = RobustScaler(with_centering=with_centering, with_scaling=with_scaling,
                          quantile_range=quantile_range, copy=copy, unit_variance=unit_variance)
    return _scale_along(scaler, X, axis, accept_sparse=("csr", "csc"))
