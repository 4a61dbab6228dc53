"""Regression metrics: squared, absolute, percentage and maximum errors, R^2, explained variance.

Targets are handled as (n_samples, n_outputs) columns; ``multioutput`` says
how the per-output results are combined: ``"raw_values"`` (return them all),
``"uniform_average"``, ``"variance_weighted"`` (R^2 and explained variance),
or an array of weights.
"""

import warnings

import numpy as np

from ..exceptions import UndefinedMetricWarning, compatible
from ..utils.validation import _check_sample_weight, check_array, check_consistent_length

_MULTIOUTPUT = ("raw_values", "uniform_average", "variance_weighted")


def _check_reg_targets(y_true, y_pred, sample_weight, multioutput):
    """Validated ``(y_true, y_pred, sample_weight, multioutput)``, targets as float 2-D columns."""
    check_consistent_length(y_true, y_pred, sample_weight)
    y_true = check_array(y_true, ensure_2d=False, dtype=[np.float64, np.float32], input_name="y_true")
    y_pred = check_array(y_pred, ensure_2d=False, dtype=[np.float64, np.float32], input_name="y_pred")
    if y_true.dtype != y_pred.dtype:
        y_true, y_pred = y_true.astype(np.float64), y_pred.astype(np.float64)
    if sample_weight is not None:
        sample_weight = _check_sample_weight(sample_weight, y_true, dtype=y_true.dtype)
    if y_true.ndim == 1:
        y_true = y_true.reshape(-1, 1)
    if y_pred.ndim == 1:
        y_pred = y_pred.reshape(-1, 1)
    if y_true.shape[1] != y_pred.shape[1]:
        raise ValueError(
            f"y_true and y_pred have different number of output ({y_true.shape[1]}!="
            f"{y_pred.shape[1]})"
        )
    n_outputs = y_true.shape[1]
    if isinstance(multioutput, str):
        if multioutput not in _MULTIOUTPUT:
            raise ValueError(
                f"Allowed 'multioutput' string values are {_MULTIOUTPUT}. You provided "
                f"multioutput={multioutput!r}"
            )
    elif multioutput is not None:
        multioutput = check_array(multioutput, ensure_2d=False)
        if n_outputs == 1:
            raise ValueError("Custom weights are useful only in multi-output cases.")
        if multioutput.shape[0] != n_outputs:
            raise ValueError(
                f"There must be equally many custom weights ({multioutput.shape[0]}) as "
                f"outputs ({n_outputs})."
            )
    return y_true, y_pred, sample_weight, multioutput


def _combine(per_output, multioutput):
    """Per-output errors combined as ``multioutput`` asks."""
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return per_output
        multioutput = None
    return float(np.average(per_output, weights=multioutput))


def _mean_error(y_true, y_pred, sample_weight, multioutput, error, finish=None):
    """Per output, the (weighted) mean of ``error(y_true, y_pred)``, optionally mapped by ``finish``,
    then combined as ``multioutput`` says."""
    y_true, y_pred, weight, multioutput = _check_reg_targets(y_true, y_pred, sample_weight,
                                                             multioutput)
    per_output = np.average(error(y_true, y_pred), axis=0, weights=weight)
    return _combine(per_output if finish is None else finish(per_output), multioutput)


def _squared(y_true, y_pred):
    return (y_true - y_pred) ** 2


def _absolute(y_true, y_pred):
    return np.abs(y_pred - y_true)


def _relative(y_true, y_pred):
    eps = np.asarray(np.finfo(np.float64).eps, dtype=y_true.dtype)  # in the targets' precision
    return np.abs(y_pred - y_true) / np.maximum(np.abs(y_true), eps)


def mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average",
                       squared=True):
    """The mean of squared errors ``mean((y_true - y_pred) ** 2)``.

    ``squared=False`` (HOML's spelling, removed from scikit-learn 1.6) gives the
    root mean squared error, as ``root_mean_squared_error`` does.

    Example:
        >>> mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
        0.375
        >>> mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8], squared=False)
        0.6123724356957945
    """
    return _mean_error(y_true, y_pred, sample_weight, multioutput, _squared,
                       None if squared else np.sqrt)


def root_mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """The square root of the mean squared error (per output, then combined).

    Example:
        >>> root_mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
        0.6123724356957945
    """
    return _mean_error(y_true, y_pred, sample_weight, multioutput, _squared, np.sqrt)


def _log_error(y_true, y_pred, sample_weight, multioutput, finish, what):
    y_true, y_pred, weight, multioutput = _check_reg_targets(y_true, y_pred, sample_weight,
                                                             multioutput)
    if (y_true <= -1).any() or (y_pred <= -1).any():
        raise ValueError(
            f"{what} cannot be used when targets contain values less than or equal to -1."
        )
    return _mean_error(np.log1p(y_true), np.log1p(y_pred), weight, multioutput, _squared, finish)


def mean_squared_log_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """The mean squared error of ``log(1 + y)``: relative errors, for positive targets.

    Example:
        >>> round(mean_squared_log_error([3, 5, 2.5, 7], [2.5, 5, 4, 8]), 5)
        0.03973
    """
    return _log_error(y_true, y_pred, sample_weight, multioutput, None,
                      "Mean Squared Logarithmic Error")


def root_mean_squared_log_error(y_true, y_pred, *, sample_weight=None,
                                multioutput="uniform_average"):
    """The square root of ``mean_squared_log_error`` (per output, then combined).

    Example:
        >>> round(root_mean_squared_log_error([3, 5, 2.5, 7], [2.5, 5, 4, 8]), 6)
        0.199324
    """
    return _log_error(y_true, y_pred, sample_weight, multioutput, np.sqrt,
                      "Root Mean Squared Logarithmic Error")


def mean_absolute_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """The mean of absolute errors ``mean(|y_true - y_pred|)``.

    Example:
        >>> mean_absolute_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
        0.5
    """
    return _mean_error(y_true, y_pred, sample_weight, multioutput, _absolute)


def mean_absolute_percentage_error(y_true, y_pred, *, sample_weight=None,
                                   multioutput="uniform_average"):
    """The mean of ``|y_true - y_pred| / max(|y_true|, eps)``: a relative error (not in percent).

    Example:
        >>> round(mean_absolute_percentage_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 4)
        0.3274
    """
    return _mean_error(y_true, y_pred, sample_weight, multioutput, _relative)


def _weighted_median(values, weight):
    """Per column, the weighted median (inverted CDF, averaged at an exact half-way cut)."""
    order = np.argsort(values, axis=0)
    ordered = np.take_along_axis(values, order, axis=0)
    weights = weight[order]
    cumulative = np.cumsum(weights, axis=0)
    half = cumulative[-1] / 2
    columns = np.arange(values.shape[1])
    last = values.shape[0] - 1
    at = np.minimum([np.searchsorted(cumulative[:, j], half[j]) for j in columns], last)
    result = ordered[at, columns]
    exact = cumulative[at, columns] - half <= np.finfo(values.dtype).eps
    for j in np.flatnonzero(exact & (at < last)):
        # The next sample that carries weight completes the other half.
        following = np.searchsorted(cumulative[:, j], cumulative[at[j], j], side="right")
        following = at[j] if following > last else following
        result[j] = (ordered[at[j], j] + ordered[following, j]) / 2
    return result


def median_absolute_error(y_true, y_pred, *, multioutput="uniform_average", sample_weight=None):
    """The median of absolute errors (robust to outliers).

    Example:
        >>> median_absolute_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
        0.5
    """
    y_true, y_pred, weight, multioutput = _check_reg_targets(y_true, y_pred, sample_weight,
                                                             multioutput)
    errors = np.abs(y_pred - y_true)
    if weight is None:
        per_output = np.median(errors, axis=0)
    elif not weight.any():
        per_output = np.full(errors.shape[1], np.nan)
    else:
        per_output = _weighted_median(errors, weight)
    return _combine(per_output, multioutput)


def max_error(y_true, y_pred):
    """The largest absolute error.

    Example:
        >>> max_error([3, 2, 7, 1], [4, 2, 7, 1])
        1.0
    """
    y_true, y_pred, _, _ = _check_reg_targets(y_true, y_pred, None, None)
    if y_true.shape[1] > 1:
        raise ValueError("Multioutput not supported in max_error")
    return float(np.max(np.abs(y_true - y_pred)))


def _fraction_explained(numerator, denominator, multioutput, force_finite):
    """``1 - numerator / denominator`` per output, combined; with ``force_finite``, 1 for perfect
    predictions and 0 for imperfect predictions of a constant target."""
    nonzero_denominator = denominator != 0
    if force_finite:
        nonzero_numerator = numerator != 0
        scores = np.ones(numerator.shape[0], dtype=numerator.dtype)
        valid = nonzero_denominator & nonzero_numerator
        scores[valid] = 1 - numerator[valid] / denominator[valid]
        scores[nonzero_numerator & ~nonzero_denominator] = 0.0
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = 1 - numerator / denominator
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return scores
        weights = None
        if multioutput == "variance_weighted" and nonzero_denominator.any():
            weights = denominator
    else:
        weights = multioutput
    return float(np.average(scores, weights=weights))


def r2_score(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average",
             force_finite=True):
    """The coefficient of determination ``1 - SS_res / SS_tot`` (1 is perfect; it can be negative).

    Example:
        >>> round(r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 6)
        0.948608
    """
    y_true, y_pred, weight, multioutput = _check_reg_targets(y_true, y_pred, sample_weight,
                                                             multioutput)
    if y_pred.shape[0] < 2:
        warnings.warn("R^2 score is not well-defined with less than two samples.",
                      compatible(UndefinedMetricWarning), stacklevel=2)
        return float("nan")
    column_weight = 1.0 if weight is None else weight[:, None]
    numerator = np.sum(column_weight * (y_true - y_pred) ** 2, axis=0)
    mean = np.average(y_true, axis=0, weights=weight)
    denominator = np.sum(column_weight * (y_true - mean) ** 2, axis=0)
    return _fraction_explained(numerator, denominator, multioutput, force_finite)


def explained_variance_score(y_true, y_pred, *, sample_weight=None,
                             multioutput="uniform_average", force_finite=True):
    """``1 - Var(y_true - y_pred) / Var(y_true)``: R^2 that ignores a constant bias.

    Example:
        >>> round(explained_variance_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 6)
        0.957173
    """
    y_true, y_pred, weight, multioutput = _check_reg_targets(y_true, y_pred, sample_weight,
                                                             multioutput)
    residual = y_true - y_pred
    residual_mean = np.average(residual, axis=0, weights=weight)
    numerator = np.average((residual - residual_mean) ** 2, axis=0, weights=weight)
    mean = np.average(y_true, axis=0, weights=weight)
    denominator = np.average((y_true - mean) ** 2, axis=0, weights=weight)
    return _fraction_explained(numerator, denominator, multioutput, force_finite)
