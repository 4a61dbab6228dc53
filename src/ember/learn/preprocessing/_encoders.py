"""Categorical encoders: ``OneHotEncoder`` and ``OrdinalEncoder``.

Both learn the categories of each column (``categories_``), optionally group
rare ones into one "infrequent" category (``min_frequency``,
``max_categories``), and encode a whole column at once (see ``_encoding``).
"""

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin, _input_feature_names
from ..utils._param_validation import Interval, InvalidParameterError, StrOptions
from ..utils.validation import check_array, check_is_fitted
from ._encoding import (column_categories, count_categories, encode, is_nan, split_columns,
                        unknown_values)

_INFREQUENT = "infrequent_sklearn"  # scikit-learn's name for the grouped category
_FREQUENCY_CONSTRAINTS = {
    "max_categories": [Interval(Integral, 1, None, closed="left"), None],
    "min_frequency": [Interval(Integral, 1, None, closed="left"),
                      Interval(Real, 0, 1, closed="neither"), None],
}


class _CategoricalEncoder(TransformerMixin, BaseEstimator):
    """Learning categories per column, grouping infrequent ones, encoding columns to codes."""

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.categorical = True
        tags.input_tags.string = True
        tags.input_tags.allow_nan = True
        return tags

    @property
    def _infrequent_enabled(self):
        return (self.max_categories is not None and self.max_categories >= 1) or \
            self.min_frequency is not None

    @property
    def infrequent_categories_(self):
        """The infrequent categories of each column (None where there are none)."""
        indices = self.__dict__.get("_infrequent_indices")
        if indices is None:
            raise AttributeError(f"{type(self).__name__} has no infrequent categories: it is "
                                 "not fitted or min_frequency and max_categories are None")
        return [None if idx is None else cats[idx] for cats, idx in zip(self.categories_, indices)]

    def _fit_categories(self, X, handle_unknown, ignore_missing_for_infrequent=False):
        """Set ``categories_`` (and the infrequent grouping); returns ``{column: index of NaN}``
        for the columns whose NaN is left out of the grouping."""
        columns, n_samples = split_columns(self, X, reset=True)
        if not isinstance(self.categories, str) and len(self.categories) != len(columns):
            raise ValueError("Shape mismatch: if categories is an array, it has to be of shape "
                             "(n_features,).")
        self.categories_ = [
            column_categories(values) if isinstance(self.categories, str)
            else self._given_categories(i, values, handle_unknown)
            for i, values in enumerate(columns)
        ]
        missing = {}
        if ignore_missing_for_infrequent:
            missing = {i: len(c) - 1 for i, c in enumerate(self.categories_)
                       if len(c) and is_nan(c[-1])}
        for name in ("_infrequent_indices", "_infrequent_mappings"):
            self.__dict__.pop(name, None)
        if self._infrequent_enabled:
            counts = [count_categories(values, cats)
                      for values, cats in zip(columns, self.categories_)]
            self._fit_infrequent(n_samples, counts, missing)
        return missing

    def _given_categories(self, i, values, handle_unknown):
        dtype = object if values.dtype.kind == "U" else values.dtype
        cats = np.array(self.categories[i], dtype=dtype)
        given_bytes = cats.dtype == object and len(cats) and isinstance(cats[0], bytes)
        if given_bytes and values.dtype.kind != "S":
            raise ValueError(
                f"In column {i}, the predefined categories have type 'bytes' which is "
                f"incompatible with values of type '{type(values[0]).__name__}'."
            )
        if any(is_nan(c) for c in cats[:-1]):
            raise ValueError(f"Nan should be the last element in user provided categories, see "
                             f"categories {cats} in column #{i}")
        if len(cats) != len(column_categories(cats)):
            raise ValueError(f"In column {i}, the predefined categories contain duplicate "
                             "elements.")
        if values.dtype.kind not in "OUS":
            ordered = np.sort(cats)
            stop = -1 if len(ordered) and np.isnan(ordered[-1]) else None
            if np.any(ordered[:stop] != cats[:stop]):
                raise ValueError("Unsorted categories are not supported for numerical categories")
        if handle_unknown == "error":
            _, known = encode(values, cats)
            if not known.all():
                raise ValueError(f"Found unknown categories {unknown_values(values, known)} in "
                                 f"column {i} during fit")
        return cats

    def _fit_infrequent(self, n_samples, counts, missing):
        """Which categories are infrequent, and the map from category codes to grouped codes
        (frequent categories in order, then one code for all the infrequent ones)."""
        counts = [np.delete(c, missing[i]) if i in missing else c for i, c in enumerate(counts)]
        self._infrequent_indices = [self._infrequent_of(c, n_samples) for c in counts]
        self._infrequent_mappings = []
        for count, infrequent in zip(counts, self._infrequent_indices):
            if infrequent is None:
                self._infrequent_mappings.append(None)
                continue
            mapping = np.empty(len(count), dtype=np.int64)
            frequent = np.setdiff1d(np.arange(len(count)), infrequent)
            mapping[frequent] = np.arange(len(frequent))
            mapping[infrequent] = len(frequent)
            self._infrequent_mappings.append(mapping)

    def _infrequent_of(self, count, n_samples):
        if isinstance(self.min_frequency, Integral):
            rare = count < self.min_frequency
        elif isinstance(self.min_frequency, Real):
            rare = count < n_samples * self.min_frequency
        else:
            rare = np.zeros(len(count), dtype=bool)
        n_outputs = len(count) - rare.sum() + 1
        if self.max_categories is not None and self.max_categories < n_outputs:
            n_frequent = self.max_categories - 1
            if n_frequent == 0:
                rare[:] = True
            else:
                rare[np.argsort(count, kind="mergesort")[:-n_frequent]] = True
        indices = np.flatnonzero(rare)
        return indices if indices.size else None

    def _encode_columns(self, X, handle_unknown, warn_on_unknown=False, keep_codes=None):
        """``(codes, known)`` of shape (n_samples, n_features): grouped category codes and
        whether each value was a known category (or mapped to the infrequent one)."""
        columns, n_samples = split_columns(self, X, reset=False)
        codes = np.zeros((n_samples, len(columns)), dtype=np.intp)
        known = np.ones((n_samples, len(columns)), dtype=bool)
        with_unknown = []
        for i, values in enumerate(columns):
            column_codes, column_known = encode(values, self.categories_[i])
            if not column_known.all():
                if handle_unknown == "error":
                    unknown = unknown_values(values, column_known)
                    raise ValueError(f"Found unknown categories {unknown} in column {i} during "
                                     "transform")
                with_unknown.append(i)
                known[:, i] = column_known
            codes[:, i] = column_codes
        if with_unknown and warn_on_unknown:
            fate = ("the infrequent category." if handle_unknown == "infrequent_if_exist"
                    else "all zeros")
            warnings.warn(f"Found unknown categories in columns {with_unknown} during transform. "
                          f"These unknown categories will be encoded as {fate}", UserWarning)
        self._group_infrequent(codes, known, keep_codes or {})
        return codes, known

    def _group_infrequent(self, codes, known, keep_codes):
        indices = self.__dict__.get("_infrequent_indices")
        if indices is None:
            return
        for i, (infrequent, mapping) in enumerate(zip(indices, self._infrequent_mappings)):
            if infrequent is None:
                continue
            codes[~known[:, i], i] = infrequent[0]
            if self.handle_unknown in ("infrequent_if_exist", "warn"):
                known[:, i] = True
            rows = codes[:, i] != keep_codes[i] if i in keep_codes else slice(None)
            codes[rows, i] = mapping[codes[rows, i]]


_UNKNOWN_OPTIONS = {"error", "ignore", "infrequent_if_exist", "warn"}


class OneHotEncoder(_CategoricalEncoder):
    """Encode each categorical column as one 0/1 column per category.

    Args:
        categories: ``"auto"`` (the sorted values seen in ``fit``) or a list with
            the categories of each column.
        drop: None, ``"first"``, ``"if_binary"`` (first of two-category columns), or an
            array with the category to drop in each column.
        sparse_output: return a SciPy CSR matrix (else a dense array).
        dtype: dtype of the output.
        handle_unknown: ``"error"``, ``"ignore"`` (all zeros), ``"infrequent_if_exist"``
            (the infrequent column if there is one, else zeros) or ``"warn"`` (as
            ``"infrequent_if_exist"`` with a warning).
        min_frequency: categories rarer than this count (int) or fraction (float) are infrequent.
        max_categories: at most this many output columns per feature, infrequent included.
        feature_name_combiner: ``"concat"`` (``feature_category``) or a callable
            ``(feature, category) -> str``.

    Attributes:
        categories_: list of arrays, the categories of each column (before dropping).
        drop_idx_: object array, the index in ``categories_[i]`` of the dropped category
            (None: none), or None.
        infrequent_categories_: list of arrays (None: none), when grouping is enabled.

    Example:
        >>> enc = OneHotEncoder(sparse_output=False).fit([["INLAND"], ["NEAR BAY"], ["INLAND"]])
        >>> enc.transform([["NEAR BAY"]])
        array([[0., 1.]])
        >>> enc.get_feature_names_out(["ocean_proximity"]).tolist()
        ['ocean_proximity_INLAND', 'ocean_proximity_NEAR BAY']
    """

    _parameter_constraints = {
        "categories": [StrOptions({"auto"}), list],
        "drop": [StrOptions({"first", "if_binary"}), "array-like", None],
        "dtype": "no_validation",
        "handle_unknown": [StrOptions(_UNKNOWN_OPTIONS)],
        "sparse_output": ["boolean"],
        "feature_name_combiner": [StrOptions({"concat"}), callable],
        **_FREQUENCY_CONSTRAINTS,
    }

    def __init__(self, *, categories="auto", drop=None, sparse_output=True, dtype=np.float64,
                 handle_unknown="error", min_frequency=None, max_categories=None,
                 feature_name_combiner="concat"):
        self.categories = categories
        self.drop = drop
        self.sparse_output = sparse_output
        self.dtype = dtype
        self.handle_unknown = handle_unknown
        self.min_frequency = min_frequency
        self.max_categories = max_categories
        self.feature_name_combiner = feature_name_combiner

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.transformer_tags.preserves_dtype = []
        return tags

    def fit(self, X, y=None):
        """Learn the categories of each column of ``X`` (n_samples, n_features)."""
        self._validate_params()
        if isinstance(self.drop, str) and self.drop not in ("first", "if_binary"):
            raise InvalidParameterError(
                "The 'drop' parameter of OneHotEncoder must be a str among {'first', "
                f"'if_binary'}}, an array-like or None. Got {self.drop!r} instead."
            )
        self._fit_categories(X, self.handle_unknown)
        self._set_drop_idx()
        return self

    def _set_drop_idx(self):
        grouped = None
        if isinstance(self.drop, str) and self.drop == "first":
            grouped = np.zeros(len(self.categories_), dtype=object)
        elif isinstance(self.drop, str):
            sizes = [len(c) for c in self.categories_]
            for i, infrequent in enumerate(self.__dict__.get("_infrequent_indices") or []):
                if infrequent is not None:
                    sizes[i] -= infrequent.size - 1
            grouped = np.array([0 if size == 2 else None for size in sizes], dtype=object)
        elif self.drop is not None:
            grouped = self._drop_indices_of_values()
        self._drop_after_grouping = grouped
        mappings = self.__dict__.get("_infrequent_mappings")
        if mappings is None or grouped is None:
            self.drop_idx_ = grouped
        else:
            self.drop_idx_ = np.asarray([
                index if index is None or mapping is None else np.flatnonzero(mapping == index)[0]
                for index, mapping in zip(grouped, mappings)
            ], dtype=object)
        self._n_features_outs = self._outputs_per_feature()

    def _drop_indices_of_values(self):
        values = np.asarray(self.drop, dtype=object)
        if len(values) != len(self.categories_):
            raise ValueError(f"`drop` should have length equal to the number of features "
                             f"({len(self.categories_)}), got {len(values)}")
        missing, indices = [], []
        for i, (value, cats) in enumerate(zip(values, self.categories_)):
            if is_nan(value):
                found = [len(cats) - 1] if len(cats) and is_nan(cats[-1]) else []
            else:
                found = np.flatnonzero(cats == value)
            if len(found):
                indices.append(self._grouped_drop_index(i, found[0]))
            else:
                missing.append((i, value))
        if missing:
            raise ValueError(
                "The following categories were supposed to be dropped, but were not found in "
                "the training data.\n"
                + "\n".join(f"Category: {value}, Feature: {i}" for i, value in missing)
            )
        return np.array(indices, dtype=object)

    def _grouped_drop_index(self, i, index):
        mappings = self.__dict__.get("_infrequent_mappings")
        if mappings is None or mappings[i] is None:
            return index
        if index in self._infrequent_indices[i]:
            raise ValueError(f"Unable to drop category {self.categories_[i][index].item()!r} from "
                             f"feature {i} because it is infrequent")
        return mappings[i][index]

    def _output_categories(self, i, remove_dropped=True):
        """The categories behind the output columns of feature ``i``."""
        cats = self.categories_[i]
        mappings = self.__dict__.get("_infrequent_mappings")
        if mappings is not None and mappings[i] is not None:
            frequent = mappings[i] < mappings[i].max()
            cats = np.concatenate([cats[frequent], np.array([_INFREQUENT], dtype=object)])
        return self._without_dropped(cats, i) if remove_dropped else cats

    def _without_dropped(self, cats, i):
        if self._drop_after_grouping is None or self._drop_after_grouping[i] is None:
            return cats
        return np.delete(cats, self._drop_after_grouping[i])

    def _outputs_per_feature(self):
        return [len(self._output_categories(i)) for i in range(len(self.categories_))]

    def transform(self, X):
        """One 0/1 column per (kept) category: a CSR matrix, or dense without ``sparse_output``."""
        check_is_fitted(self, "categories_")
        handle_unknown = self.handle_unknown
        warn_on_unknown = self.drop is not None and handle_unknown in ("ignore",
                                                                      "infrequent_if_exist")
        if handle_unknown == "warn":
            warn_on_unknown, handle_unknown = True, "infrequent_if_exist"
        codes, known = self._encode_columns(X, handle_unknown, warn_on_unknown)
        if self._drop_after_grouping is not None:
            dropped = np.array([len(c) if d is None else d for c, d in
                                zip(self.categories_, self._drop_after_grouping)], dtype=np.intp)
            known &= codes != dropped
            codes -= codes > dropped
        return one_hot(codes, known, self._n_features_outs, self.dtype, self.sparse_output)

    def inverse_transform(self, X):
        """The categories behind one-hot rows; all-zero blocks give the dropped category, or
        None for unknown values under ``handle_unknown="ignore"``."""
        check_is_fitted(self, "categories_")
        X = check_array(X, accept_sparse="csr", ensure_min_features=0)
        n_outputs = sum(self._n_features_outs)
        if X.shape[1] != n_outputs:
            raise ValueError("Shape of the passed X data is not correct. Expected "
                             f"{n_outputs} columns, got {X.shape[1]}.")
        outputs = [self._output_categories(i, remove_dropped=False)
                   for i in range(len(self.categories_))]
        dtype = np.result_type(*[c.dtype for c in outputs])
        result = np.empty((X.shape[0], len(outputs)), dtype=dtype)
        infrequent = self.__dict__.get("_infrequent_indices") or [None] * len(outputs)
        drop = self._drop_after_grouping
        unknown_rows, start = {}, 0
        for i, cats in enumerate(outputs):
            kept = self._without_dropped(cats, i)
            if len(kept) == 0:
                result[:, i] = self.categories_[i][drop[i]]
                continue
            block = X[:, start:start + len(kept)]
            start += len(kept)
            result[:, i] = kept[np.asarray(block.argmax(axis=1)).ravel()]
            empty = np.asarray(block.sum(axis=1) == 0).ravel()
            if not empty.any():
                continue
            if self.handle_unknown == "ignore" or (
                self.handle_unknown in ("infrequent_if_exist", "warn") and infrequent[i] is None
            ):
                if drop is None or drop[i] is None:
                    unknown_rows[i] = empty
                else:
                    result[empty, i] = self.categories_[i][drop[i]]
            elif drop is None:
                raise ValueError(f"Samples {np.flatnonzero(empty)} can not be inverted when "
                                 "drop=None and handle_unknown='error' because they contain "
                                 "all zeros")
            else:
                result[empty, i] = cats[drop[i]]
        if unknown_rows:
            result = result.astype(object, copy=False)
            for i, rows in unknown_rows.items():
                result[rows, i] = None
        return result

    def get_feature_names_out(self, input_features=None):
        """Output names ``<feature>_<category>`` (``x0_a``...), or the combiner's names."""
        check_is_fitted(self, "categories_")
        features = _input_feature_names(self, input_features)
        combine = self._name_combiner()
        return np.array([combine(features[i], category) for i in range(len(self.categories_))
                         for category in self._output_categories(i)], dtype=object)

    def _name_combiner(self):
        if isinstance(self.feature_name_combiner, str):
            return lambda feature, category: f"{feature}_{category}"
        trial = self.feature_name_combiner("feature", "category")
        if not isinstance(trial, str):
            raise TypeError("When `feature_name_combiner` is a callable, it should return a "
                            f"Python string. Got {type(trial)} instead.")
        return self.feature_name_combiner


def one_hot(codes, known, widths, dtype, sparse):
    """The one-hot matrix of ``codes`` (n_samples, n_features): feature ``i`` takes ``widths[i]``
    columns; cells not ``known`` stay all zero. A CSR matrix if ``sparse``."""
    n_samples = codes.shape[0]
    offsets = np.cumsum([0] + list(widths))
    n_outputs = int(offsets[-1])
    if not sparse:
        result = np.zeros((n_samples, n_outputs), dtype=dtype)
        rows, features = np.nonzero(known)
        result[rows, codes[rows, features] + offsets[features]] = 1
        return result
    index_dtype = np.int32 if max(n_outputs, known.size) < 2**31 else np.int64
    indices = (codes + offsets[:-1]).astype(index_dtype, copy=False)[known]
    indptr = np.zeros(n_samples + 1, dtype=index_dtype)
    np.cumsum(known.sum(axis=1), out=indptr[1:])
    data = np.ones(len(indices), dtype=dtype)
    return sp.csr_matrix((data, indices, indptr), shape=(n_samples, n_outputs))


def _value_mask(values, value):
    return np.isnan(values) if is_nan(value) else values == value


class OrdinalEncoder(OneToOneFeatureMixin, _CategoricalEncoder):
    """Encode each categorical column as integer codes 0..n_categories-1 (in a float array).

    Args:
        categories: ``"auto"`` or a list with the categories of each column.
        dtype: dtype of the output.
        handle_unknown: ``"error"`` or ``"use_encoded_value"`` (unknowns get ``unknown_value``).
        unknown_value: an int not among the codes, or NaN; only with ``"use_encoded_value"``.
        encoded_missing_value: the code of NaN (missing) values.
        min_frequency, max_categories: group infrequent categories into one code, as in
            ``OneHotEncoder``.

    Attributes:
        categories_: list of arrays, the categories of each column (code order).

    Example:
        >>> OrdinalEncoder().fit_transform([["b", 1], ["a", 3], ["b", 2]])
        array([[1., 0.],
               [0., 2.],
               [1., 1.]])
    """

    _parameter_constraints = {
        "categories": [StrOptions({"auto"}), list],
        "dtype": "no_validation",
        "encoded_missing_value": [Integral, type(np.nan)],
        "handle_unknown": [StrOptions({"error", "use_encoded_value"})],
        "unknown_value": [Integral, type(np.nan), None],
        **_FREQUENCY_CONSTRAINTS,
    }

    def __init__(self, *, categories="auto", dtype=np.float64, handle_unknown="error",
                 unknown_value=None, encoded_missing_value=np.nan, min_frequency=None,
                 max_categories=None):
        self.categories = categories
        self.dtype = dtype
        self.handle_unknown = handle_unknown
        self.unknown_value = unknown_value
        self.encoded_missing_value = encoded_missing_value
        self.min_frequency = min_frequency
        self.max_categories = max_categories

    def fit(self, X, y=None):
        """Learn the categories of each column of ``X``."""
        self._validate_params()
        if self.handle_unknown == "use_encoded_value":
            if is_nan(self.unknown_value):
                if np.dtype(self.dtype).kind != "f":
                    raise ValueError("When unknown_value is np.nan, the dtype parameter should be "
                                     f"a float dtype. Got {self.dtype}.")
            elif not isinstance(self.unknown_value, Integral):
                raise TypeError("unknown_value should be an integer or np.nan when handle_unknown "
                                f"is 'use_encoded_value', got {self.unknown_value}.")
        elif self.unknown_value is not None:
            raise TypeError("unknown_value should only be set when handle_unknown is "
                            f"'use_encoded_value', got {self.unknown_value}.")
        self._missing_indices = self._fit_categories(X, self.handle_unknown,
                                                     ignore_missing_for_infrequent=True)
        sizes = [len(c) for c in self.categories_]
        if self._infrequent_enabled:
            for i, infrequent in enumerate(self.infrequent_categories_):
                if infrequent is not None:
                    sizes[i] -= len(infrequent)
        sizes = [size - (i in self._missing_indices) for i, size in enumerate(sizes)]
        if self.handle_unknown == "use_encoded_value" and any(
                0 <= self.unknown_value < size for size in sizes):
            raise ValueError(f"The used value for unknown_value {self.unknown_value} is one of the "
                             "values already used for encoding the seen categories.")
        if self._missing_indices:
            self._check_missing_code(sizes)
        return self

    def _check_missing_code(self, sizes):
        if np.dtype(self.dtype).kind != "f" and is_nan(self.encoded_missing_value):
            raise ValueError(
                f"There are missing values in features {list(self._missing_indices)}. For "
                f"OrdinalEncoder to encode missing values with dtype: {self.dtype}, set "
                "encoded_missing_value to a non-nan value, or set dtype to a float"
            )
        if not is_nan(self.encoded_missing_value):
            clashing = [i for i, size in enumerate(sizes) if i in self._missing_indices
                        and 0 <= self.encoded_missing_value < size]
            if clashing:
                if hasattr(self, "feature_names_in_"):
                    clashing = self.feature_names_in_[clashing]
                raise ValueError(f"encoded_missing_value ({self.encoded_missing_value}) is already "
                                 f"used to encode a known category in features: {clashing}")

    def transform(self, X):
        """The code of each value; ``encoded_missing_value`` for NaN, ``unknown_value`` for
        unknowns."""
        check_is_fitted(self, "categories_")
        codes, known = self._encode_columns(X, self.handle_unknown,
                                            keep_codes=self._missing_indices)
        result = codes.astype(self.dtype, copy=False)
        for i, missing_code in self._missing_indices.items():
            result[codes[:, i] == missing_code, i] = self.encoded_missing_value
        if self.handle_unknown == "use_encoded_value":
            result[~known] = self.unknown_value
        return result

    def inverse_transform(self, X):
        """The categories behind codes (None for ``unknown_value``, ``"infrequent_sklearn"`` for
        the grouped code)."""
        check_is_fitted(self, "categories_")
        X = check_array(X, ensure_all_finite="allow-nan", copy=True)
        if X.shape[1] != len(self.categories_):
            raise ValueError("Shape of the passed X data is not correct. Expected "
                             f"{len(self.categories_)} columns, got {X.shape[1]}.")
        result = np.empty(X.shape, dtype=np.result_type(*[c.dtype for c in self.categories_]))
        infrequent = self.__dict__.get("_infrequent_indices")
        unknown_rows, infrequent_rows = {}, {}
        for i, cats in enumerate(self.categories_):
            labels = X[:, i]
            rows = np.ones(len(labels), dtype=bool)
            if i in self._missing_indices:
                # set NaN apart first: scikit-learn 1.9 counts it among the grouped codes here
                missing = _value_mask(labels, self.encoded_missing_value)
                result[missing, i] = cats[-1:]  # an array assigns Python scalars to object arrays
                labels[missing] = 0
                rows &= ~missing
                cats = cats[:-1]
            if infrequent is not None and infrequent[i] is not None:
                infrequent_rows[i] = rows & (labels == len(cats) - len(infrequent[i]))
                rows &= ~infrequent_rows[i]
                cats = np.delete(cats, infrequent[i])
            if self.handle_unknown == "use_encoded_value":
                unknown_rows[i] = _value_mask(labels, self.unknown_value)
                rows &= ~unknown_rows[i]
            result[rows, i] = cats[labels[rows].astype(np.int64)]
        if unknown_rows or infrequent_rows:
            result = result.astype(object, copy=False)
        for i, rows in unknown_rows.items():
            result[rows, i] = None
        for i, rows in infrequent_rows.items():
            result[rows, i] = _INFREQUENT
        return result
