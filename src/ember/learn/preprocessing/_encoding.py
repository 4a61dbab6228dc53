"""Categorical columns: splitting the input into typed columns, finding categories, encoding.

Each input column keeps its own dtype (a DataFrame's numeric column stays
numeric beside a string one), as scikit-learn's encoders do. Categories are
sorted; missing values (``None`` then NaN) come last. Numeric and fixed-width
string columns are encoded by binary search (``np.searchsorted``); object
columns by one hash-table lookup per value run by ``map`` in C, which is
faster than sorting them (strings compare slowly) and keeps Python's equality
(``1 == 1.0``).
"""

from itertools import repeat

import numpy as np

from ..utils.validation import _assert_all_finite, _is_pandas_df, check_array, validate_data


def split_columns(estimator, X, *, reset):
    """``X`` as a list of 1-D arrays, one per column, each with its own dtype.

    Lists of strings become object columns (their values keep their Python types);
    infinite floats are rejected, NaN kept. Records or checks ``n_features_in_`` and
    ``feature_names_in_``.
    """
    validate_data(estimator, X, reset=reset, skip_check_array=True)
    if _is_pandas_df(X):
        columns = []
        for i in range(X.shape[1]):
            column = np.asarray(X.iloc[:, i])
            if column.dtype.kind == "f":
                _assert_all_finite(column, True, "X", type(estimator).__name__)
            columns.append(column)
        return columns, X.shape[0]
    array = check_array(X, dtype=None, ensure_all_finite="allow-nan", estimator=estimator)
    if not hasattr(X, "dtype") and array.dtype.kind in "US":
        array = check_array(X, dtype=object, ensure_all_finite="allow-nan", estimator=estimator)
    if not reset and array.shape[1] != estimator.n_features_in_:
        raise ValueError(
            f"X has {array.shape[1]} features, but {type(estimator).__name__} is expecting "
            f"{estimator.n_features_in_} features as input."
        )
    if reset:
        estimator.n_features_in_ = array.shape[1]
    return [array[:, i] for i in range(array.shape[1])], array.shape[0]


def _missing_masks(values):
    """Masks of ``None`` and of NaN in an object array."""
    is_none = np.equal(values, None)
    try:
        is_nan = np.not_equal(values, values).astype(bool)  # only NaN differs from itself
    except TypeError:  # a value with no truth (pandas.NA): ask float NaN one by one
        is_nan = np.fromiter((isinstance(v, float) and v != v for v in values.tolist()),
                             dtype=bool, count=len(values))
    return is_none, is_nan


def _sorted_objects(values):
    """Distinct non-missing objects in ``values`` sorted, then None, then NaN."""
    is_none, is_nan = _missing_masks(values)
    present = values[~(is_none | is_nan)]
    distinct = set(present.tolist())
    try:
        ordered = sorted(distinct)
    except TypeError:
        kinds = sorted({type(v).__name__ for v in distinct})
        raise TypeError(
            "Encoders require their input argument must be uniformly strings or numbers. "
            f"Got {kinds}"
        ) from None
    if is_none.any():
        ordered.append(None)
    if is_nan.any():
        ordered.append(np.nan)
    result = np.empty(len(ordered), dtype=object)
    result[:] = ordered
    return result


def column_categories(values):
    """The sorted distinct values of one column (missing last), in the column's dtype."""
    if values.dtype == object:
        return _sorted_objects(values)
    return np.unique(values)


def encode(values, categories):
    """``(codes, known)``: the index of each value in ``categories`` and whether it is there
    (unknown values get code 0)."""
    n = len(values)
    if values.dtype != object and categories.dtype != object:
        kinds = values.dtype.kind, categories.dtype.kind
        if kinds[0] != kinds[1] and "U" in kinds:
            return encode(values.astype(object), categories.astype(object))
        if len(categories) == 0:
            return np.zeros(n, np.intp), np.zeros(n, bool)
        codes = np.searchsorted(categories, values)
        np.minimum(codes, len(categories) - 1, out=codes)
        found = categories[codes]
        known = found == values
        if values.dtype.kind == "f" and categories.dtype.kind == "f":
            known |= np.isnan(found) & np.isnan(values)
        codes[~known] = 0
        return codes, known
    values = values.astype(object, copy=False)
    table = {}
    none_code = nan_code = -1
    for code, category in enumerate(categories.tolist()):
        if category is None:
            none_code = code
        elif isinstance(category, float) and category != category:
            nan_code = code
        else:
            table.setdefault(category, code)
    codes = np.fromiter(map(table.get, values.tolist(), repeat(-1)), dtype=np.intp, count=n)
    unmatched = codes < 0
    if unmatched.any():
        # NaN objects are distinct, None is not hashed apart from its code: fix both up
        candidates = values[unmatched]
        is_none, is_nan = _missing_masks(candidates)
        fixed = codes[unmatched]
        fixed[is_none] = none_code
        fixed[is_nan] = nan_code
        codes[unmatched] = fixed
    known = codes >= 0
    codes[~known] = 0
    return codes, known


def count_categories(values, categories):
    """How many times each category occurs in ``values``."""
    codes, known = encode(values, categories)
    return np.bincount(codes[known], minlength=len(categories))


def unknown_values(values, known):
    """The distinct values of ``values`` not ``known``, as scikit-learn lists them in errors."""
    unknown = values[~known]
    if unknown.dtype == object:
        return _sorted_objects(unknown).tolist()
    return list(np.unique(unknown))


def is_nan(value):
    """True for a float NaN (scalar), False for anything else."""
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return False
