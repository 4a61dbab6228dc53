"""``MissingIndicator``: binary columns marking where values are missing."""

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, TransformerMixin, _input_feature_names
from ..utils._param_validation import StrOptions
from ..utils.validation import check_is_fitted, validate_data
from ._base import (
    check_inputs_dtype,
    check_missing_values,
    check_supported_dtype,
    is_scalar_nan,
    missing_mask,
)


class MissingIndicator(TransformerMixin, BaseEstimator):
    """Boolean columns that are True where a feature's value is missing.

    Parameters:
        missing_values: the placeholder of a missing value (NaN, a number,
            a string, None or pandas.NA).
        features: ``"missing-only"`` (columns for the features that had
            missing values in ``fit``) or ``"all"`` (a column per feature).
        sparse: ``"auto"`` (sparse output for sparse input), True (CSC) or False.
        error_on_new: raise in ``transform`` when a feature without missing
            values in ``fit`` has some (only with ``features="missing-only"``).

    Attributes:
        features_: indices of the features that get a column, shape (n_columns,).
        n_features_in_, feature_names_in_: the input's.

    Example:
        >>> import numpy as np
        >>> X = np.array([[np.nan, 1.0, 3.0], [4.0, 0.0, np.nan], [8.0, 1.0, 0.0]])
        >>> indicator = MissingIndicator().fit(X)
        >>> indicator.features_
        array([0, 2])
        >>> indicator.transform(X)
        array([[ True, False],
               [False,  True],
               [False, False]])
    """

    _parameter_constraints = {
        "missing_values": "no_validation",  # checked by check_missing_values (pandas.NA too)
        "features": [StrOptions({"missing-only", "all"})],
        "sparse": ["boolean", StrOptions({"auto"})],
        "error_on_new": ["boolean"],
    }

    def __init__(self, *, missing_values=np.nan, features="missing-only", sparse="auto", error_on_new=True):
        self.missing_values = missing_values
        self.features = features
        self.sparse = sparse
        self.error_on_new = error_on_new

    def _validate_input(self, X, in_fit):
        X = validate_data(
            self, X, reset=in_fit, accept_sparse=("csc", "csr"), dtype=None,
            ensure_all_finite="allow-nan" if is_scalar_nan(self.missing_values) else True,
        )
        check_inputs_dtype(X, self.missing_values)
        check_supported_dtype(X, "MissingIndicator")
        if sp.issparse(X) and self.missing_values == 0:
            raise ValueError(
                "Sparse input with missing_values=0 is not supported. Provide a dense array instead."
            )
        return X

    def _mask_and_features(self, mask):
        """The output-format mask and the features that have missing values in it."""
        if sp.issparse(mask):
            mask = mask.copy()
            mask.eliminate_zeros()
            n_missing = np.asarray(mask.sum(axis=0)).ravel()
            if self.sparse is False:
                mask = mask.toarray()
            elif mask.format == "csr":
                mask = mask.tocsc()
        else:
            n_missing = mask.sum(axis=0)
            if self.sparse is True:
                mask = sp.csc_matrix(mask)
        if self.features == "all":
            return mask, np.arange(mask.shape[1])
        return mask, np.flatnonzero(n_missing)

    def _fit_mask(self, mask):
        """Fit on a precomputed mask (what the imputers do for ``add_indicator``)."""
        self.n_features_in_ = mask.shape[1]
        mask, self.features_ = self._mask_and_features(mask)
        return mask

    def _transform_mask(self, mask):
        mask, features = self._mask_and_features(mask)
        if self.features == "missing-only":
            new = np.setdiff1d(features, self.features_)
            if self.error_on_new and new.size > 0:
                raise ValueError(
                    f"The features {new} have missing values in transform but have no missing "
                    "values in fit."
                )
            if self.features_.size < self.n_features_in_:
                mask = mask[:, self.features_]
        return mask

    def fit(self, X, y=None):
        """Find the features with missing values in ``X``."""
        self._validate_params()
        check_missing_values(self)
        X = self._validate_input(X, in_fit=True)
        self._fit_mask(missing_mask(X, self.missing_values))
        return self

    def transform(self, X):
        """The missing-value mask of ``X``'s columns ``features_`` (boolean, dense or sparse)."""
        check_is_fitted(self)
        X = self._validate_input(X, in_fit=False)
        return self._transform_mask(missing_mask(X, self.missing_values))

    def fit_transform(self, X, y=None):
        """``fit`` then ``transform`` on ``X``, computing the mask once."""
        self._validate_params()
        check_missing_values(self)
        X = self._validate_input(X, in_fit=True)
        mask = self._fit_mask(missing_mask(X, self.missing_values))
        if self.features_.size < self.n_features_in_:
            mask = mask[:, self.features_]
        return mask

    def get_feature_names_out(self, input_features=None):
        """``missingindicator_<feature>`` for each feature in ``features_``."""
        check_is_fitted(self, "n_features_in_")
        names = _input_feature_names(self, input_features)
        return np.asarray([f"missingindicator_{name}" for name in names[self.features_]], dtype=object)

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.allow_nan = tags.input_tags.string = tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = []
        return tags
