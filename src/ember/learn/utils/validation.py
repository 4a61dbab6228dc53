"""Input validation shared by every estimator: arrays, targets, fitted state, seeds.

The error messages follow scikit-learn's wording where its tools (and users'
code) look for it: "Reshape your data", "contains NaN", "is expecting 4
features as input", "The feature names should match those that were passed
during fit", "requires y to be passed".
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp

from ..exceptions import DataConversionWarning, NotFittedError, compatible


def _is_pandas_df(x):
    return hasattr(x, "columns") and hasattr(x, "iloc") and hasattr(x, "dtypes")


def _name(estimator):
    if estimator is None:
        return None
    return estimator if isinstance(estimator, str) else type(estimator).__name__


def _num_samples(x):
    """The number of samples in an array-like (its first dimension)."""
    if hasattr(x, "fit") and callable(x.fit):
        raise TypeError(f"Expected sequence or array-like, got estimator {x}")
    if not hasattr(x, "__len__") and not hasattr(x, "shape"):
        if not hasattr(x, "__array__"):
            raise TypeError(f"Expected sequence or array-like, got {type(x)}")
        x = np.asarray(x)  # an array-like known only by __array__
    if hasattr(x, "shape") and x.shape is not None:
        if len(x.shape) == 0:
            raise TypeError(f"Input should have at least 1 dimension i.e. satisfy `len(x.shape) > 0`, got scalar {x!r} instead.")
        return int(x.shape[0])
    return len(x)


def check_consistent_length(*arrays):
    """Raise ``ValueError`` unless every non-None array has the same number of samples."""
    lengths = [_num_samples(a) for a in arrays if a is not None]
    if len(set(lengths)) > 1:
        raise ValueError(
            f"Found input variables with inconsistent numbers of samples: {lengths}"
        )


def _assert_all_finite(array, allow_nan, input_name, estimator_name):
    if array.dtype.kind not in "fc":
        return
    if np.isfinite(array.sum()) if array.size < 10_000_000 else np.isfinite(array).all():
        return
    has_nan = np.isnan(array).any()
    if has_nan and allow_nan and np.isfinite(array[~np.isnan(array)]).all():
        return
    what = "NaN" if has_nan and not allow_nan else "infinity or a value too large for " + repr(array.dtype)
    message = f"Input {input_name + ' ' if input_name else ''}contains {what}."
    if estimator_name and has_nan and not allow_nan:
        message += (
            f"\n{estimator_name} does not accept missing values encoded as NaN natively. "
            "Impute them first (for example with SimpleImputer in a Pipeline) or drop "
            "the samples with missing values."
        )
    raise ValueError(message)


def check_array(array, accept_sparse=False, *, accept_large_sparse=True, dtype="numeric",
                order=None, copy=False, ensure_all_finite=True, ensure_non_negative=False,
                ensure_2d=True, allow_nd=False, ensure_min_samples=1, ensure_min_features=1,
                estimator=None, input_name=""):
    """Validate an array-like (or a sparse matrix where ``accept_sparse`` allows it).

    Args:
        array: the data: a list, NumPy array, pandas object or SciPy sparse matrix.
        accept_sparse: False, True, or a format name / list of names (``"csr"``...);
            other formats are converted to the first listed.
        dtype: ``"numeric"`` (keep numeric dtypes, convert object arrays to float64),
            a dtype, a list of dtypes (keep if listed, else convert to the first), or None.
        order: ``"C"``, ``"F"`` or None.
        copy: always return a copy.
        ensure_all_finite: True, False or ``"allow-nan"``.
        ensure_non_negative: reject negative values.
        ensure_2d: require two dimensions (1-D input raises "Reshape your data").
        allow_nd: allow more than two dimensions.
        ensure_min_samples, ensure_min_features: minimum sizes.
        estimator: named in error messages.
        input_name: ``"X"`` or ``"y"``, named in error messages.

    Returns:
        The validated array or sparse matrix.

    Example:
        >>> check_array([[1, 2], [3, 4]]).dtype
        dtype('int64')
    """
    estimator_name = _name(estimator)
    context = f" by {estimator_name}" if estimator_name else ""
    if sp.issparse(array):
        result = _check_sparse(array, accept_sparse, dtype, copy, ensure_all_finite,
                               input_name, estimator_name, accept_large_sparse)
        if ensure_non_negative and result.data.size and result.data.min() < 0:
            raise ValueError(f"Negative values in data passed to {estimator_name or input_name or 'X'}")
        _check_min_sizes(result, ensure_min_samples, ensure_min_features, context, ensure_2d)
        return result
    requested = dtype
    if _is_pandas_df(array) and requested == "numeric":
        kinds = {np.dtype(d).kind if isinstance(d, np.dtype) else "O" for d in array.dtypes}
        if kinds and kinds <= set("biuf"):
            requested = np.result_type(*[d for d in array.dtypes])
    if isinstance(requested, (list, tuple)):
        current = getattr(array, "dtype", None)
        requested = current if current is not None and current in requested else requested[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error", np.exceptions.ComplexWarning)
        try:
            if requested == "numeric":
                result = np.asarray(array, order=order)
            else:
                result = np.asarray(array, dtype=requested, order=order)
        except np.exceptions.ComplexWarning as error:
            raise ValueError(f"Complex data not supported\n{array}\n") from error
    if result.dtype.kind == "c":
        raise ValueError(f"Complex data not supported\n{array}\n")
    if requested == "numeric":
        if result.dtype.kind == "O":
            try:
                result = result.astype(np.float64)
            except (TypeError, ValueError) as error:
                raise type(error)(
                    f"argument must be a string or a number, not {error}"
                    if isinstance(error, TypeError) else str(error)
                ) from error
        elif result.dtype.kind in "USV":
            raise ValueError(
                "dtype='numeric' is not compatible with arrays of bytes/strings. "
                "Convert your data to numeric values explicitly instead."
            )
    if ensure_2d:
        if result.ndim == 0:
            raise ValueError(
                f"Expected 2D array, got scalar array instead:\narray={array}.\n"
                "Reshape your data either using array.reshape(-1, 1) if "
                "your data has a single feature or array.reshape(1, -1) "
                "if it contains a single sample."
            )
        if result.ndim == 1:
            raise ValueError(
                f"Expected a 2-dimensional container but got {type(array)} instead. "
                f"Expected 2D array, got 1D array instead:\narray={result}.\n"
                "Reshape your data either using array.reshape(-1, 1) if "
                "your data has a single feature or array.reshape(1, -1) "
                "if it contains a single sample."
            )
    if not allow_nd and result.ndim >= 3:
        raise ValueError(f"Found array with dim {result.ndim}{context}. Expected <= 2.")
    if ensure_all_finite:
        _assert_all_finite(result, ensure_all_finite == "allow-nan", input_name, estimator_name)
    if ensure_non_negative and result.size and np.nanmin(result) < 0:
        raise ValueError(f"Negative values in data passed to {estimator_name or input_name or 'X'}")
    _check_min_sizes(result, ensure_min_samples, ensure_min_features, context, ensure_2d)
    if copy and np.may_share_memory(result, array):
        result = result.copy(order="K" if order is None else order)
    return result


def _check_min_sizes(result, min_samples, min_features, context, ensure_2d):
    shape = result.shape
    if min_samples > 0 and len(shape) >= 1:
        n = shape[0]
        if n < min_samples:
            raise ValueError(
                f"Found array with {n} sample(s) (shape={shape}) while a minimum of "
                f"{min_samples} is required{context}."
            )
    if min_features > 0 and len(shape) == 2 and ensure_2d:
        n = shape[1]
        if n < min_features:
            raise ValueError(
                f"Found array with {n} feature(s) (shape={shape}) while a minimum of "
                f"{min_features} is required{context}."
            )


def _check_sparse(matrix, accept_sparse, dtype, copy, ensure_all_finite, input_name,
                  estimator_name, accept_large_sparse):
    if accept_sparse is False or accept_sparse is None:
        who = f" by {estimator_name}" if estimator_name else ""
        raise TypeError(
            f"Sparse data was passed{who}, but dense data is required. Use '.toarray()' to "
            "convert to a dense numpy array."
        )
    formats = [accept_sparse] if isinstance(accept_sparse, str) else accept_sparse
    if formats is True:
        result = matrix.copy() if copy else matrix
    elif matrix.format in formats:
        result = matrix.copy() if copy else matrix
    else:
        result = matrix.asformat(formats[0])
    if dtype not in ("numeric", None):
        target = dtype[0] if isinstance(dtype, (list, tuple)) and matrix.dtype not in dtype else dtype
        if not isinstance(target, (list, tuple)) and result.dtype != target:
            result = result.astype(target)
    elif dtype == "numeric" and result.dtype.kind == "O":
        result = result.astype(np.float64)
    if ensure_all_finite and hasattr(result, "data"):
        _assert_all_finite(result.data, ensure_all_finite == "allow-nan", input_name, estimator_name)
    return result


def column_or_1d(y, *, dtype=None, warn=False, input_name="y"):
    """``y`` as a 1-D array; a column vector is raveled (with a warning if ``warn``)."""
    array = np.asarray(y, dtype=dtype)
    if array.ndim == 1:
        return array
    if array.ndim == 2 and array.shape[1] == 1:
        if warn:
            warnings.warn(
                "A column-vector y was passed when a 1d array was expected. Please change "
                "the shape of y to (n_samples, ), for example using ravel().",
                compatible(DataConversionWarning),
                stacklevel=2,
            )
        return array.ravel()
    raise ValueError(f"y should be a 1d array, got an array of shape {array.shape} instead.")


def check_X_y(X, y, accept_sparse=False, *, accept_large_sparse=True, dtype="numeric", order=None, copy=False,
              ensure_all_finite=True, ensure_2d=True, allow_nd=False, multi_output=False,
              ensure_min_samples=1, ensure_min_features=1, y_numeric=False, estimator=None):
    """Validate ``X`` like ``check_array`` and ``y`` as a target of the same length.

    Returns:
        ``(X, y)`` as arrays.
    """
    if y is None:
        name = _name(estimator) or "estimator"
        raise ValueError(f"{name} requires y to be passed, but the target y is None")
    X = check_array(X, accept_sparse, accept_large_sparse=accept_large_sparse, dtype=dtype, order=order, copy=copy,
                    ensure_all_finite=ensure_all_finite, ensure_2d=ensure_2d, allow_nd=allow_nd,
                    ensure_min_samples=ensure_min_samples,
                    ensure_min_features=ensure_min_features, estimator=estimator,
                    input_name="X")
    y = _check_y(y, multi_output=multi_output, y_numeric=y_numeric, estimator=estimator)
    check_consistent_length(X, y)
    return X, y


def _check_y(y, multi_output=False, y_numeric=False, estimator=None):
    if multi_output:
        y = check_array(y, accept_sparse="csr", ensure_all_finite=True, ensure_2d=False,
                        dtype=None, input_name="y", estimator=estimator)
    else:
        y = column_or_1d(y, warn=True)
        _assert_all_finite(y, False, "y", _name(estimator))
    if y_numeric and y.dtype.kind == "O":
        y = y.astype(np.float64)
    return y


def check_is_fitted(estimator, attributes=None, *, msg=None, all_or_any=all):
    """Raise ``NotFittedError`` unless ``estimator`` is fitted.

    Fitted means: the given ``attributes`` exist, or, by default, some attribute
    ends with an underscore (``coef_``), or ``__sklearn_is_fitted__()`` says so.
    """
    if not hasattr(estimator, "fit"):
        raise TypeError(f"{estimator} is not an estimator instance.")
    if msg is None:
        msg = (
            "This %(name)s instance is not fitted yet. Call 'fit' with appropriate "
            "arguments before using this estimator."
        )
    if attributes is not None:
        names = [attributes] if isinstance(attributes, str) else attributes
        fitted = all_or_any(hasattr(estimator, name) for name in names)
    elif hasattr(estimator, "__sklearn_is_fitted__"):
        fitted = estimator.__sklearn_is_fitted__()
    else:
        fitted = any(v.endswith("_") and not v.startswith("__") for v in vars(estimator))
    if not fitted:
        raise compatible(NotFittedError)(msg % {"name": type(estimator).__name__})


def check_random_state(seed):
    """A ``numpy.random.RandomState`` from None (the global one), an int, or an existing one."""
    if seed is None or seed is np.random:
        return np.random.mtrand._rand
    if isinstance(seed, numbers.Integral):
        return np.random.RandomState(seed)
    if isinstance(seed, np.random.RandomState):
        return seed
    raise ValueError(f"{seed!r} cannot be used to seed a numpy.random.RandomState instance")


def _check_sample_weight(sample_weight, X, dtype=None, ensure_non_negative=False,
                         allow_all_zero_weights=False):
    """``sample_weight`` as a 1-D float array of ``len(X)`` (ones for None, a scalar broadcast)."""
    n = _num_samples(X)
    dtype = dtype if dtype in (np.float32, np.float64) else np.float64
    if sample_weight is None:
        return np.ones(n, dtype=dtype)
    if isinstance(sample_weight, numbers.Number):
        return np.full(n, sample_weight, dtype=dtype)
    weight = check_array(sample_weight, ensure_2d=False, dtype=dtype, input_name="sample_weight")
    if weight.ndim != 1:
        raise ValueError(f"Sample weights must be 1D array or scalar, got {weight.ndim}D array")
    if weight.shape != (n,):
        raise ValueError(f"sample_weight.shape == {weight.shape}, expected {(n,)}!")
    if ensure_non_negative and (weight < 0).any():
        raise ValueError("Negative values in data passed to `sample_weight`.")
    if not allow_all_zero_weights and weight.size and not weight.any():
        raise ValueError("Sample weights must contain at least one non-zero number.")
    return weight


def _feature_names(X):
    """Column names of a DataFrame as an object array, or None (non-string names give None)."""
    if not _is_pandas_df(X):
        return None
    names = np.asarray(X.columns, dtype=object)
    kinds = {type(n) for n in names}
    if kinds == {str}:
        return names
    if len(kinds) > 1 and str in kinds:
        raise TypeError(
            "Feature names are only supported if all input features have string names, "
            f"but your input has {sorted(t.__name__ for t in kinds)} as feature name / "
            "column name types. If you want feature names to be stored and validated, you "
            "must convert them all to strings, by using X.columns = X.columns.astype(str) "
            "for example. Otherwise you can remove feature / column names from your input "
            "data, or convert them all to a non-string data type."
        )
    return None


def _check_feature_names(estimator, X, reset):
    names = _feature_names(X)
    if reset:
        if names is not None:
            estimator.feature_names_in_ = names
        elif hasattr(estimator, "feature_names_in_"):
            del estimator.feature_names_in_
        return
    fitted = getattr(estimator, "feature_names_in_", None)
    if fitted is None and names is None:
        return
    if names is not None and fitted is None:
        warnings.warn(
            f"X has feature names, but {type(estimator).__name__} was fitted without feature names",
            UserWarning,
            stacklevel=3,
        )
        return
    if names is None:
        warnings.warn(
            "X does not have valid feature names, but "
            f"{type(estimator).__name__} was fitted with feature names",
            UserWarning,
            stacklevel=3,
        )
        return
    if len(fitted) == len(names) and np.all(fitted == names):
        return
    message = "The feature names should match those that were passed during fit.\n"
    unseen = sorted(set(names) - set(fitted))
    missing = sorted(set(fitted) - set(names))
    if unseen:
        message += "Feature names unseen at fit time:\n" + "".join(f"- {n}\n" for n in unseen[:5])
    if missing:
        message += "Feature names seen at fit time, yet now missing:\n" + "".join(
            f"- {n}\n" for n in missing[:5]
        )
    if not unseen and not missing:
        message += "Feature names must be in the same order as they were in fit.\n"
    raise ValueError(message)


def _check_n_features(estimator, X, reset):
    n = X.shape[1] if hasattr(X, "shape") and len(X.shape) >= 2 else None
    if n is None:
        return
    if reset:
        estimator.n_features_in_ = n
        return
    expected = getattr(estimator, "n_features_in_", None)
    if expected is not None and n != expected:
        raise ValueError(
            f"X has {n} features, but {type(estimator).__name__} is expecting "
            f"{expected} features as input."
        )


def validate_data(estimator, X="no_validation", y="no_validation", reset=True,
                  validate_separately=False, skip_check_array=False, **check_params):
    """Validate ``X`` (and ``y``) for ``estimator`` and record or check its input features.

    With ``reset=True`` (in ``fit``) sets ``n_features_in_`` and, for DataFrames
    with string column names, ``feature_names_in_``; with ``reset=False`` (in
    ``predict``/``transform``) checks them. ``check_params`` go to
    ``check_array``/``check_X_y``.

    Returns:
        ``X``, ``y`` or ``(X, y)``: whichever was given.
    """
    _check_feature_names(estimator, X, reset) if not isinstance(X, str) else None
    no_x = isinstance(X, str) and X == "no_validation"
    no_y = y is None or (isinstance(y, str) and y == "no_validation")
    tags = estimator.__ember_tags__() if hasattr(estimator, "__ember_tags__") else None
    if no_y and y is None and tags is not None and tags.target_tags.required:
        raise ValueError(
            f"This {type(estimator).__name__} estimator requires y to be passed, but the "
            "target y is None."
        )
    if skip_check_array:
        out = X if no_y else (X, y) if not no_x else y
    elif no_x and no_y:
        raise ValueError("Validation should be done on X, y or both.")
    elif no_y:
        out = X = check_array(X, estimator=estimator, input_name="X", **check_params)
    elif no_x:
        out = _check_y(y, estimator=estimator, **check_params)
    else:
        if validate_separately:
            x_params, y_params = validate_separately
            X = check_array(X, estimator=estimator, input_name="X", **x_params)
            y = check_array(y, estimator=estimator, input_name="y", **y_params)
        else:
            X, y = check_X_y(X, y, estimator=estimator, **check_params)
        out = X, y
    if not no_x and not skip_check_array:
        _check_n_features(estimator, X, reset)
    elif not no_x and hasattr(X, "shape"):
        _check_n_features(estimator, X, reset)
    return out
