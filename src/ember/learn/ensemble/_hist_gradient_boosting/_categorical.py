"""Categorical features: which columns are categorical, and their encoding as category codes.

A categorical column is encoded as the index of each value among the
column's sorted distinct training values (as ``OrdinalEncoder`` does);
missing values (NaN, None) and categories not seen in training become NaN,
which the trees route like missing values. The encoded categorical columns
come first, the numeric ones after them, both in their original order: the
layout scikit-learn's estimator fits its trees on, so split ties between
features resolve in the same order.
"""

import numpy as np

from ...preprocessing._encoding import column_categories, encode
from ...utils.validation import _is_pandas_df, check_array, validate_data


def categorical_mask(X, categorical_features):
    """``categorical_features`` resolved to a ``(n_features,)`` bool mask, or None if none is."""
    is_frame = _is_pandas_df(X)
    if isinstance(categorical_features, str) and categorical_features == "from_dtype":
        if not is_frame:
            return None
        import pandas as pd

        categorical_features = np.asarray(
            [isinstance(d, pd.CategoricalDtype) for d in X.dtypes])
    elif categorical_features is None:
        return None
    else:
        categorical_features = np.asarray(categorical_features)
    if categorical_features.size == 0:
        return None
    kind = categorical_features.dtype.kind
    if kind not in ("i", "b", "U", "O"):
        raise ValueError("categorical_features must be an array-like of bool, int or str, got: "
                         f"{categorical_features.dtype.name}.")
    if kind == "O":
        types = {type(f) for f in categorical_features}
        if types != {str}:
            raise ValueError("categorical_features must be an array-like of bool, int or str, "
                             f"got: {', '.join(sorted(t.__name__ for t in types))}.")
    n_features = X.shape[1] if hasattr(X, "shape") else np.shape(X)[1]
    if kind in ("U", "O"):
        if not is_frame:
            raise ValueError("categorical_features should be passed as an array of integers or "
                             "as a boolean mask when the model is fitted on data without "
                             "feature names.")
        names = list(X.columns)
        mask = np.zeros(n_features, dtype=bool)
        for name in categorical_features:
            if name not in names:
                raise ValueError(f"categorical_features has an item value '{name}' which is not "
                                 f"a valid feature name of the training data. Observed feature "
                                 f"names: {names}")
            mask[names.index(name)] = True
    elif kind == "i":
        if categorical_features.max() >= n_features or categorical_features.min() < 0:
            raise ValueError("categorical_features set as integer indices must be in "
                             "[0, n_features - 1]")
        mask = np.zeros(n_features, dtype=bool)
        mask[categorical_features] = True
    else:
        if categorical_features.shape[0] != n_features:
            raise ValueError("categorical_features set as a boolean mask must have shape "
                             f"(n_features,), got: {categorical_features.shape}")
        mask = categorical_features.astype(bool)
    return mask if mask.any() else None


def _is_missing(values):
    if values.dtype.kind == "f":
        return np.isnan(values)
    return np.fromiter((v is None or (isinstance(v, float) and v != v) or
                        type(v).__name__ in ("NAType", "NaTType") for v in values.tolist()),
                       dtype=bool, count=len(values))


def _column(X, j):
    values = np.asarray(X.iloc[:, j]) if _is_pandas_df(X) else X[:, j]
    if values.dtype.kind in "biu":
        values = values.astype(np.float64)
    return values


class CategoricalEncoder:
    """Encodes the categorical columns of ``mask`` and moves them first (see the module)."""

    def __init__(self, mask, max_bins):
        self.mask = mask
        self.max_bins = max_bins

    def fit_transform(self, estimator, X):
        """Learn the categories; returns the float64 design and the per-column category codes."""
        validate_data(estimator, X, skip_check_array=True)
        raw = self._raw(estimator, X)
        estimator.n_features_in_ = raw.shape[1]
        self.categories_ = []
        names = getattr(estimator, "feature_names_in_", None)
        for j in np.flatnonzero(self.mask):
            values = _column(raw, j)
            present = values[~_is_missing(values)]
            categories = column_categories(present)
            if len(categories) > self.max_bins:
                name = repr(names[j]) if names is not None else f"at index {j}"
                raise ValueError(f"Categorical feature {name} is expected to have a cardinality "
                                 f"<= {self.max_bins} but actually has a cardinality of "
                                 f"{len(categories)}.")
            self.categories_.append(categories)
        known = [np.arange(len(c), dtype=np.float64) for c in self.categories_]
        return self._encode(estimator, X), known + [None] * int((~self.mask).sum())

    def transform(self, estimator, X):
        validate_data(estimator, X, reset=False, skip_check_array=True)
        return self._encode(estimator, X)

    def _raw(self, estimator, X):
        if _is_pandas_df(X):
            return X
        return check_array(X, dtype=None, ensure_all_finite=False, estimator=estimator)

    def _encode(self, estimator, X):
        raw = self._raw(estimator, X)
        if raw.shape[1] != len(self.mask):
            raise ValueError(f"X has {raw.shape[1]} features, but {type(estimator).__name__} is "
                             f"expecting {len(self.mask)} features as input.")
        out = np.empty((raw.shape[0], len(self.mask)), dtype=np.float64)
        categorical = np.flatnonzero(self.mask)
        for position, (j, categories) in enumerate(zip(categorical, self.categories_)):
            values = _column(raw, j)
            missing = _is_missing(values)
            codes, known = encode(values, categories)
            out[:, position] = np.where(known & ~missing, codes, np.nan)
        numeric = np.flatnonzero(~self.mask)
        if len(numeric):
            part = raw.iloc[:, numeric] if _is_pandas_df(raw) else raw[:, numeric]
            out[:, len(categorical):] = check_array(part, dtype=np.float64, ensure_all_finite=False,
                                                    estimator=estimator)
        return out
