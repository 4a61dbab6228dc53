"""Metrics of predicted class probabilities: log loss (cross-entropy) and the Brier score."""

import warnings

import numpy as np

from ..utils.validation import _check_sample_weight, check_consistent_length, column_or_1d
from ._base import _as_array, _check_pos_label, _codes, _kind_1d, _unique, _weighted_mean


def _as_probabilities(y_proba):
    proba = np.asarray(y_proba)
    if proba.dtype.kind != "f":
        proba = proba.astype(np.float64)
    if not np.isfinite(proba).all():
        raise ValueError("Input y_proba contains NaN or infinity.")
    return proba


def _check_class_probabilities(y_true, y_proba, sample_weight, labels):
    """``(one_hot_true, probabilities, sample_weight)`` checked: probabilities in [0, 1] with one
    column per class (a 1-D or single column is the positive class of a binary target)."""
    proba = _as_probabilities(y_proba)
    if proba.size and proba.max() > 1:
        raise ValueError(f"y_prob contains values greater than 1: {proba.max()}")
    if proba.size and proba.min() < 0:
        raise ValueError(f"y_prob contains values lower than 0: {proba.min()}")
    check_consistent_length(proba, y_true, sample_weight)
    if sample_weight is not None:
        sample_weight = _check_sample_weight(sample_weight, proba, allow_all_zero_weights=True)
    indicator, classes = _one_hot(y_true, labels)
    if proba.ndim == 1:
        proba = proba[:, None]
    if proba.shape[1] == 1:
        proba = np.concatenate([1 - proba, proba], axis=1)
    eps = np.finfo(proba.dtype).eps
    if not np.allclose(proba.sum(axis=1), 1, rtol=np.sqrt(eps), atol=0):
        warnings.warn(
            "The y_prob values do not sum to one. Make sure to pass probabilities.",
            UserWarning,
            stacklevel=3,
        )
    if classes.size != proba.shape[1]:
        if labels is None:
            raise ValueError(
                f"y_true and y_prob contain different number of classes: {indicator.shape[1]} "
                f"vs {proba.shape[1]}. Please provide the true labels explicitly through the "
                f"labels argument. Classes found in y_true: {classes}"
            )
        raise ValueError(
            "The number of classes in labels is different from that in y_prob. Classes "
            f"found in labels: {classes}"
        )
    return indicator, proba, sample_weight


def _one_hot(y_true, labels):
    """``(indicator, classes)``: y_true one-hot over ``labels`` (or its own sorted labels)."""
    y_true = _as_array(y_true)
    if y_true.ndim == 2 and y_true.shape[1] > 1:
        # Already an indicator matrix (multilabel log loss is per-column binary).
        classes = np.arange(y_true.shape[1])
        return y_true.astype(np.float64), classes
    y_true = y_true.ravel()
    if labels is not None:
        classes = np.unique(np.asarray(labels))
        if not np.array_equal(classes, np.asarray(labels)):
            warnings.warn(
                f"Labels passed were {labels}. But this function assumes labels are ordered "
                f"lexicographically. Pass the ordered labels={classes.tolist()} and ensure "
                "that the columns of y_prob correspond to this ordering.",
                UserWarning,
                stacklevel=3,
            )
        codes = _codes(y_true, classes)
        if (codes < 0).any():
            unseen = set(y_true[codes < 0].tolist())
            raise ValueError(
                f"y_true contains values {unseen} not belonging to the passed labels {labels}."
            )
    else:
        classes = _unique(y_true)
        codes = _codes(y_true, classes)
    if classes.size == 1:
        if labels is None:
            raise ValueError(
                f"y_true contains only one label ({classes[0]}). Please provide the list of "
                "all expected class labels explicitly through the labels argument."
            )
        raise ValueError(f"The labels array needs to contain at least two labels, got {classes}.")
    indicator = np.zeros((y_true.shape[0], classes.size))
    indicator[np.arange(y_true.shape[0]), codes] = 1.0
    return indicator, classes


def log_loss(y_true, y_proba=None, *, normalize=True, sample_weight=None, labels=None,
             y_pred="deprecated"):
    """The cross-entropy of predicted class probabilities: ``-mean(sum_k y_k log p_k)``.

    Probabilities are clipped to ``[eps, 1 - eps]`` (eps of their dtype).
    ``y_proba`` has shape (n_samples, n_classes), columns in sorted label
    order, or (n_samples,) for the positive class of a binary problem.

    Example:
        >>> round(log_loss(["spam", "ham", "ham", "spam"],
        ...                [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]), 6)
        0.216162
    """
    if not isinstance(y_pred, str) or y_pred != "deprecated":
        if y_proba is not None:
            raise ValueError(
                "Cannot use both `y_pred` and `y_proba`. `y_pred` is deprecated, use `y_proba` "
                "instead."
            )
        warnings.warn(
            "`y_pred` was renamed to `y_proba` in version 1.9 and will be removed in 1.11. Use "
            "`y_proba` instead.",
            FutureWarning,
            stacklevel=2,
        )
        y_proba = y_pred
    if y_proba is None:
        raise TypeError("log_loss() missing required argument: 'y_proba'")
    indicator, proba, sample_weight = _check_class_probabilities(y_true, y_proba, sample_weight,
                                                                 labels)
    eps = np.finfo(proba.dtype).eps
    clipped = np.clip(proba, eps, 1 - eps)
    # In the probabilities' precision, as scikit-learn computes it.
    losses = -np.sum(indicator.astype(proba.dtype) * np.log(clipped), axis=1)
    return _weighted_mean(losses, sample_weight, normalize)




def brier_score_loss(y_true, y_proba, *, sample_weight=None, pos_label=None, labels=None,
                     scale_by_half="auto"):
    """The mean squared difference between predicted probabilities and the one-hot truth.

    ``y_proba`` of shape (n_samples,) holds the probability of ``pos_label``
    (default: the greater label); (n_samples, n_classes) gives every class's.
    With ``scale_by_half`` ("auto": for two classes) the sum is halved, so that
    the binary score is the mean of ``(p - y) ** 2``.

    Example:
        >>> round(brier_score_loss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 4)
        0.0375
    """
    proba = _as_probabilities(y_proba)
    if proba.ndim == 1 or proba.shape[1] == 1:
        y_true = column_or_1d(_as_array(y_true))
        proba = column_or_1d(proba)
        check_consistent_length(proba, y_true, sample_weight)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, proba, allow_all_zero_weights=True)
        kind, _ = _kind_1d(y_true, "y_true")
        if kind != "binary":
            raise ValueError(
                f"The type of the target inferred from y_true is {kind} but should be binary "
                "according to the shape of y_prob."
            )
        if proba.max() > 1:
            raise ValueError(f"y_prob contains values greater than 1: {proba.max()}")
        if proba.min() < 0:
            raise ValueError(f"y_prob contains values less than 0: {proba.min()}")
        try:
            pos_label = _check_pos_label(pos_label, y_true)
        except ValueError:
            classes = _unique(y_true)
            if classes.dtype.kind in "OUS":
                raise
            pos_label = classes[-1]
        positive = (y_true == pos_label).astype(proba.dtype)
        indicator = np.stack([1 - positive, positive], axis=1)
        proba = np.stack([1 - proba, proba], axis=1)
    else:
        indicator, proba, sample_weight = _check_class_probabilities(y_true, proba, sample_weight,
                                                                     labels)
    score = np.average(np.sum((indicator.astype(proba.dtype) - proba) ** 2, axis=1),
                       weights=sample_weight)
    if scale_by_half == "auto":
        scale_by_half = proba.shape[1] < 3
    if scale_by_half:
        score *= 0.5
    return float(score)
