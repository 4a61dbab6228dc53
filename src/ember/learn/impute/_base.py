"""What the imputers share: the missing-value mask, the indicator columns, parameter checks."""

import math
import numbers

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, TransformerMixin
from ..utils._param_validation import InvalidParameterError


def is_scalar_nan(value):
    """True for a float NaN (Python's or NumPy's), False for anything else."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)) and math.isnan(value)


def is_pandas_na(value):
    return type(value).__name__ == "NAType" and type(value).__module__.startswith("pandas")


def missing_mask(X, missing_values):
    """Boolean mask of the entries of ``X`` equal to ``missing_values`` (NaN matches NaN).

    For a sparse ``X`` the mask has ``X``'s structure (its stored entries only).
    """
    if sp.issparse(X):
        data = missing_mask(X.data, missing_values)
        build = sp.csr_matrix if X.format == "csr" else sp.csc_matrix
        return build((data, X.indices.copy(), X.indptr.copy()), shape=X.shape, dtype=bool)
    if is_pandas_na(missing_values):
        import pandas as pd

        return np.asarray(pd.isna(X))
    if is_scalar_nan(missing_values):
        if X.dtype.kind == "f":
            return np.isnan(X)
        if X.dtype.kind in "iub":
            return np.zeros(X.shape, dtype=bool)
        return np.asarray(X != X, dtype=bool)  # NaN is the one value unequal to itself
    return np.asarray(X == missing_values, dtype=bool)


def check_missing_values(estimator):
    """Raise ``InvalidParameterError`` unless ``missing_values`` is a number, str, None or pandas.NA."""
    value = estimator.missing_values
    if value is None or is_pandas_na(value) or isinstance(value, str) or (
        isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
    ):
        return
    raise InvalidParameterError(
        f"The 'missing_values' parameter of {type(estimator).__name__} must be an int, a float, "
        f"a str, None or pandas.NA. Got {value!r} instead."
    )


def check_inputs_dtype(X, missing_values):
    if is_pandas_na(missing_values):
        return
    if X.dtype.kind in "fiu" and not (
        isinstance(missing_values, numbers.Real) and not isinstance(missing_values, bool)
    ):
        raise ValueError(
            "'X' and 'missing_values' types are expected to be both numerical. Got "
            f"X.dtype={X.dtype} and  type(missing_values)={type(missing_values)}."
        )


def check_supported_dtype(X, owner):
    if X.dtype.kind not in "iufO":
        raise ValueError(
            f"{owner} does not support data with dtype {X.dtype}. Please provide either a "
            "numeric array (with a floating point or integer dtype) or categorical data "
            "represented either as an array with integer dtype or an array of string values "
            "with an object dtype."
        )


class _ImputerBase(TransformerMixin, BaseEstimator):
    """Indicator columns (``add_indicator``) and tags shared by the imputers."""

    def _fit_indicator(self, mask):
        if self.add_indicator:
            from ._indicator import MissingIndicator

            self.indicator_ = MissingIndicator(missing_values=self.missing_values, error_on_new=False)
            self.indicator_._fit_mask(mask)
        else:
            self.indicator_ = None

    def _with_indicator(self, X_imputed, mask):
        """``X_imputed`` followed by the indicator columns of ``mask`` (when ``add_indicator``)."""
        if not self.add_indicator:
            return X_imputed
        indicator = self.indicator_._transform_mask(mask)
        if sp.issparse(X_imputed):
            return sp.hstack((X_imputed, indicator), format=X_imputed.format)
        if sp.issparse(indicator):
            indicator = indicator.toarray()
        return np.hstack((X_imputed, indicator))

    def _names_with_indicator(self, names, input_features):
        if not self.add_indicator:
            return names
        return np.concatenate([names, self.indicator_.get_feature_names_out(input_features)])

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.allow_nan = is_scalar_nan(self.missing_values) or is_pandas_na(self.missing_values)
        return tags
