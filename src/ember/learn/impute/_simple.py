"""``SimpleImputer``: missing values replaced by a per-column statistic or a constant."""

import warnings

import numpy as np
import scipy.sparse as sp

from ..base import _input_feature_names
from ..utils._param_validation import StrOptions
from ..utils.validation import check_is_fitted, validate_data
from ._base import (
    _ImputerBase,
    check_inputs_dtype,
    check_missing_values,
    check_supported_dtype,
    is_pandas_na,
    is_scalar_nan,
    missing_mask,
)

_FLOATS = [np.float64, np.float32, np.float16]


def _column_medians(X, mask):
    """Median of each column's observed values (NaN for none), by one column-wise sort."""
    values = np.where(mask, np.nan, X) if mask.any() else X
    ordered = np.sort(values, axis=0)  # NaNs last
    counts = (~mask).sum(axis=0)
    columns = np.arange(X.shape[1])
    low, high = ordered[np.maximum(counts - 1, 0) // 2, columns], ordered[counts // 2 - (counts == 0), columns]
    with np.errstate(invalid="ignore"):
        medians = (low + high) / 2
    medians[counts == 0] = np.nan
    return medians


def _most_frequent(values, zeros=0):
    """The most frequent of ``values`` plus ``zeros`` zeros (the smallest one on ties; NaN if empty)."""
    if values.size == 0 and zeros == 0:
        return np.nan
    if zeros:
        values = np.concatenate([values, np.zeros(zeros, dtype=values.dtype)])
    uniques, counts = np.unique(values, return_counts=True)
    return uniques[np.argmax(counts)]  # np.unique sorts: the first maximum is the smallest value


class SimpleImputer(_ImputerBase):
    """Replaces missing values by a statistic of each column: mean, median, most frequent, or a constant.

    HOML chapter 2 fills the housing data's missing ``total_bedrooms`` with
    ``SimpleImputer(strategy="median")``.

    Parameters:
        missing_values: the placeholder of a missing value (NaN, a number, a
            string, None or pandas.NA).
        strategy: ``"mean"``, ``"median"`` (numeric data), ``"most_frequent"``,
            ``"constant"`` (numeric or string/object data), or a callable of a
            column's observed values (1-D) returning its fill value.
        fill_value: the constant for ``strategy="constant"`` (default 0 for
            numbers, ``"missing_value"`` for strings/objects).
        copy: work on a copy of ``X`` (else impute in place where possible).
        add_indicator: append ``MissingIndicator`` columns for the features
            that had missing values in ``fit``.
        keep_empty_features: keep columns with no observed value in ``fit``
            (filled with 0, or ``fill_value``); otherwise they are dropped.

    Attributes:
        statistics_: the fill value of each feature, shape (n_features,)
            (NaN for a feature dropped as empty).
        indicator_: the fitted ``MissingIndicator`` or None.
        n_features_in_, feature_names_in_: the input's.

    Example:
        >>> import numpy as np
        >>> X = np.array([[1.0, 2.0], [np.nan, 3.0], [7.0, np.nan], [4.0, 3.0]])
        >>> imputer = SimpleImputer(strategy="median").fit(X)
        >>> imputer.statistics_
        array([4., 3.])
        >>> imputer.transform([[np.nan, np.nan]])
        array([[4., 3.]])
    """

    _parameter_constraints = {
        "missing_values": "no_validation",  # checked by check_missing_values (pandas.NA too)
        "strategy": [StrOptions({"mean", "median", "most_frequent", "constant"}), callable],
        "fill_value": "no_validation",
        "copy": ["boolean"],
        "add_indicator": ["boolean"],
        "keep_empty_features": ["boolean"],
    }

    def __init__(self, *, missing_values=np.nan, strategy="mean", fill_value=None, copy=True,
                 add_indicator=False, keep_empty_features=False):
        self.missing_values = missing_values
        self.strategy = strategy
        self.fill_value = fill_value
        self.copy = copy
        self.add_indicator = add_indicator
        self.keep_empty_features = keep_empty_features

    def _validate_input(self, X, in_fit):
        if self.strategy in ("most_frequent", "constant"):
            strings = isinstance(X, list) and any(isinstance(v, str) for row in X for v in row)
            dtype = object if strings else None
        else:
            dtype = _FLOATS
        if not in_fit and self._fit_dtype.kind == "O":
            dtype = self._fit_dtype
        allow_nan = is_scalar_nan(self.missing_values) or is_pandas_na(self.missing_values)
        try:
            X = validate_data(self, X, reset=in_fit, accept_sparse="csc", dtype=dtype,
                              ensure_all_finite="allow-nan" if allow_nan else True,
                              copy=self.copy and not in_fit)
        except ValueError as error:
            if "could not convert" in str(error):
                raise ValueError(f"Cannot use {self.strategy} strategy with non-numeric data:\n{error}") from None
            raise
        if in_fit:
            self._fit_dtype = X.dtype
        check_inputs_dtype(X, self.missing_values)
        check_supported_dtype(X, "SimpleImputer")
        if sp.issparse(X) and self.missing_values == 0:
            raise ValueError(
                "Imputation not possible when missing_values == 0 and input is sparse. Provide a "
                "dense array instead."
            )
        if self.strategy == "constant":
            if in_fit and self.fill_value is not None:
                source = type(self.fill_value)
                message = (
                    f"fill_value={self.fill_value!r} (of type {source!r}) cannot be cast to the input "
                    f"data that is {X.dtype!r}. If fill_value is a Python scalar, instead pass  a "
                    "numpy scalar (e.g. fill_value=np.uint8(0) if your data is of type np.uint8). "
                    "Make sure that both dtypes are of the same kind."
                )
            elif not in_fit:
                source = self._fill_dtype
                message = (
                    f"The dtype of the filling value (i.e. {source!r}) cannot be cast to the input "
                    f"data that is {X.dtype!r}. Make sure that the dtypes of the input data are of "
                    "the same kind between fit and transform."
                )
            else:
                source = X.dtype
            if not np.can_cast(source, X.dtype, casting="same_kind"):
                raise ValueError(message)
        return X

    def fit(self, X, y=None):
        """Compute each feature's fill value (``statistics_``) from ``X``."""
        self._validate_params()
        check_missing_values(self)
        X = self._validate_input(X, in_fit=True)
        if self.fill_value is None:
            fill_value = 0 if X.dtype.kind in "iuf" else "missing_value"
        else:
            fill_value = self.fill_value
        self._fill_dtype = X.dtype
        mask = missing_mask(X, self.missing_values)
        fit = self._sparse_statistics if sp.issparse(X) else self._dense_statistics
        self.statistics_ = fit(X, mask, fill_value)
        self._fit_indicator(mask)
        return self

    def _dense_statistics(self, X, mask, fill_value):
        empty = mask.all(axis=0) if X.shape[0] else np.ones(X.shape[1], dtype=bool)
        strategy = self.strategy
        if strategy == "mean":
            counts = (~mask).sum(axis=0)
            with np.errstate(invalid="ignore", divide="ignore"):
                statistics = np.where(mask, 0, X).sum(axis=0) / counts
        elif strategy == "median":
            statistics = _column_medians(X, mask)
        elif strategy == "constant":
            statistics = np.full(X.shape[1], fill_value, dtype=object)
            if not self.keep_empty_features:
                statistics[empty] = np.nan
            return statistics
        elif strategy == "most_frequent":
            statistics = np.empty(X.shape[1], dtype=object if X.dtype.kind == "O" else np.float64)
            for j in range(X.shape[1]):  # one np.unique per feature
                statistics[j] = _most_frequent(X[~mask[:, j], j])
        else:  # a callable gets every column's observed values, even none (as in scikit-learn)
            return np.array([strategy(X[~mask[:, j], j]) for j in range(X.shape[1])], dtype=np.float64)
        if self.keep_empty_features:
            statistics[empty] = 0
        return statistics

    def _sparse_statistics(self, X, mask, fill_value):
        n_rows, n_columns = X.shape
        statistics = np.empty(n_columns)
        if self.strategy == "constant":
            statistics.fill(fill_value)
            if not self.keep_empty_features:
                # As scikit-learn: a column none of whose stored entries is observed counts as empty.
                columns = np.repeat(np.arange(n_columns), np.diff(X.indptr))
                observed = np.bincount(columns[~mask.data], minlength=n_columns)
                statistics[observed == 0] = np.nan
            return statistics
        for j in range(n_columns):
            stored = X.data[X.indptr[j]:X.indptr[j + 1]]
            stored = stored[~mask.data[X.indptr[j]:X.indptr[j + 1]]]
            nonzero = stored[stored != 0]
            zeros = n_rows - (X.indptr[j + 1] - X.indptr[j]) + (stored.size - nonzero.size)
            if nonzero.size == 0 and self.keep_empty_features:
                statistics[j] = 0
            elif self.strategy == "mean":
                total = nonzero.size + zeros
                statistics[j] = np.nan if total == 0 else nonzero.sum() / total
            elif self.strategy == "median":
                values = np.concatenate([nonzero, np.zeros(zeros)])
                statistics[j] = np.median(values) if values.size else np.nan
            elif self.strategy == "most_frequent":
                statistics[j] = _most_frequent(nonzero, zeros)
            else:
                statistics[j] = self.strategy(nonzero)
        return statistics

    def transform(self, X):
        """``X`` with each missing value replaced by its feature's fill value (empty features dropped)."""
        check_is_fitted(self)
        X = self._validate_input(X, in_fit=False)
        if X.shape[1] != self.statistics_.shape[0]:
            raise ValueError(f"X has {X.shape[1]} features per sample, expected {self.statistics_.shape[0]}")
        mask = missing_mask(X, self.missing_values)
        statistics = self.statistics_
        if self.keep_empty_features:
            keep = None
            fill = statistics.astype(self._fill_dtype, copy=False)
        else:
            invalid = missing_mask(statistics, np.nan)
            keep = np.flatnonzero(~invalid)
            fill = statistics[keep].astype(self._fill_dtype, copy=False)
            if invalid.any():
                empty = np.arange(X.shape[1])[invalid]
                if hasattr(self, "feature_names_in_"):
                    empty = self.feature_names_in_[empty]
                warnings.warn(
                    f"Skipping features without any observed values: {empty}. At least one "
                    f"non-missing value is needed for imputation with strategy='{self.strategy}'.",
                    UserWarning,
                    stacklevel=2,
                )
                X = X[:, keep]
            else:
                keep = None
        if sp.issparse(X):
            if not X.data.flags.writeable:
                X = X.copy()
            data_mask = missing_mask(X.data, self.missing_values)
            columns = np.repeat(np.arange(X.shape[1]), np.diff(X.indptr))
            X.data[data_mask] = fill[columns[data_mask]]
        else:
            if not X.flags.writeable:
                X = X.copy()
            np.copyto(X, fill[None, :], where=mask if keep is None else mask[:, keep])
        return self._with_indicator(X, mask)

    def inverse_transform(self, X):
        """Put the missing values back, from the indicator columns (needs ``add_indicator=True``)."""
        check_is_fitted(self)
        if not self.add_indicator:
            raise ValueError(
                "'inverse_transform' works only when 'SimpleImputer' is instantiated with "
                f"'add_indicator=True'. Got 'add_indicator={self.add_indicator}' instead."
            )
        X = np.asarray(X.toarray() if sp.issparse(X) else X)
        n_indicator = len(self.indicator_.features_)
        imputed = X[:, :X.shape[1] - n_indicator]
        original = np.zeros((X.shape[0], len(self.statistics_)))
        original[:, self.indicator_.features_] = X[:, X.shape[1] - n_indicator:].astype(bool)
        missing = original.astype(bool)
        # Imputed columns go, in order, to the features not missing in every row.
        targets = np.flatnonzero(~missing.all(axis=0) if X.shape[0] else np.ones(original.shape[1], bool))
        original[:, targets[:imputed.shape[1]]] = imputed[:, :len(targets)]
        original[missing] = self.missing_values
        return original

    def get_feature_names_out(self, input_features=None):
        """The input names of the kept features, then the indicator's names."""
        check_is_fitted(self, "n_features_in_")
        input_features = _input_feature_names(self, input_features)
        names = input_features[~missing_mask(self.statistics_, np.nan)]
        return self._names_with_indicator(names, input_features)

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        return tags
