"""Learning and validation curves: scores against the training-set size or one parameter.

``learning_curve`` fits on the first ``n`` rows of each training split for
several ``n`` (HOML ch4's under/over-fitting plots); ``validation_curve`` fits
each value of one parameter on every split. Both return arrays of shape
``(n_ticks, n_splits)``, rows in tick order, as scikit-learn does.
"""

import time
import warnings

import numpy as np

from ..base import clone, is_classifier
from ..utils.validation import check_random_state
from ._scoring import check_scoring
from ._split import _indexable, check_cv
from ._validation import (
    _fit_params_for,
    _rows,
    _score_safely,
    fit_and_score,
    run_tasks,
    warn_or_raise_fit_failures,
)


def _absolute_train_sizes(train_sizes, n_max):
    """Distinct sizes in rows: fractions of ``n_max`` (floats in (0, 1]) or counts (ints)."""
    sizes = np.asarray(train_sizes)
    n_ticks = sizes.shape[0]
    low, high = np.min(sizes), np.max(sizes)
    if np.issubdtype(sizes.dtype, np.floating):
        if low <= 0.0 or high > 1.0:
            raise ValueError(
                "train_sizes has been interpreted as fractions of the maximum number of training "
                f"samples and must be within (0, 1], but is within [{low:f}, {high:f}]."
            )
        sizes = np.clip((sizes * n_max).astype(int), 1, n_max)
    elif low <= 0 or high > n_max:
        raise ValueError(
            "train_sizes has been interpreted as absolute numbers of training samples and must "
            f"be within (0, {n_max}], but is within [{low}, {high}]."
        )
    sizes = np.unique(sizes)
    if n_ticks > sizes.shape[0]:
        warnings.warn(
            "Removed duplicate entries from 'train_sizes'. Number of ticks will be less than the "
            f"size of 'train_sizes': {sizes.shape[0]} instead of {n_ticks}.",
            RuntimeWarning,
        )
    return sizes


def _partial_fit_curve(estimator, X, y, classes, train, test, sizes, scorer, error_score, fit_params):
    """One split of an incremental learning curve: ``partial_fit`` on each new chunk, then score."""
    rows = []
    chunks = np.split(train, sizes)[:-1]
    extra = {} if classes is None else {"classes": classes}
    for n_train, chunk in zip(sizes, chunks):
        subset = train[:n_train]
        X_train, y_train = _rows(estimator, X, y, subset)
        X_chunk, y_chunk = _rows(estimator, X, y, chunk)
        X_test, y_test = _rows(estimator, X, y, test, subset)
        start = time.perf_counter()
        params = _fit_params_for(X, fit_params, chunk)
        if y_chunk is None:
            estimator.partial_fit(X_chunk, **extra, **params)
        else:
            estimator.partial_fit(X_chunk, y_chunk, **extra, **params)
        fit_time = time.perf_counter() - start
        start = time.perf_counter()
        test_score = _score_safely(estimator, X_test, y_test, scorer, error_score)
        train_score = _score_safely(estimator, X_train, y_train, scorer, error_score)
        rows.append((train_score, test_score, fit_time, time.perf_counter() - start))
    return np.array(rows).T  # (4, n_ticks)


def learning_curve(estimator, X, y, *, groups=None, train_sizes=np.linspace(0.1, 1.0, 5), cv=None,
                   scoring=None, exploit_incremental_learning=False, n_jobs=None,
                   pre_dispatch="all", verbose=0, shuffle=False, random_state=None,
                   error_score=np.nan, return_times=False, params=None):
    """Training and test scores for growing training sets.

    Args:
        train_sizes: fractions of the largest training split (floats in (0, 1])
            or row counts (ints).
        shuffle, random_state: permute each training split before taking its first rows.
        exploit_incremental_learning: grow one model with ``partial_fit`` per split.
        return_times: also return fit and score times.
        Others as ``cross_validate``.

    Returns:
        ``(train_sizes_abs, train_scores, test_scores[, fit_times, score_times])``,
        the arrays of shape ``(n_ticks, n_splits)``.

    Example:
        >>> from ember.learn.base import BaseEstimator, RegressorMixin
        >>> class Mean(RegressorMixin, BaseEstimator):
        ...     fit = lambda self, X, y: setattr(self, "mean_", np.mean(y)) or self
        ...     predict = lambda self, X: np.full(len(X), self.mean_)
        >>> sizes, train, test = learning_curve(Mean(), np.zeros((10, 1)), np.arange(10.0), cv=2,
        ...                                     train_sizes=[2, 5])
        >>> sizes.tolist(), train.shape
        ([2, 5], (2, 2))
    """
    if exploit_incremental_learning and not hasattr(estimator, "partial_fit"):
        raise ValueError(
            f"An estimator must support the partial_fit interface to exploit incremental "
            f"learning. {estimator!r} does not."
        )
    X, y, groups = _indexable(X, y, groups)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer = check_scoring(estimator, scoring)
    fit_params = dict(params or {})
    splits = list(cv.split(X, y, groups))
    sizes = _absolute_train_sizes(train_sizes, len(splits[0][0]))
    if verbose > 0:
        print(f"[learning_curve] Training set sizes: {sizes}")
    if shuffle:
        rng = check_random_state(random_state)
        splits = [(rng.permutation(train), test) for train, test in splits]
    label = "learning_curve" if verbose > 0 else None
    if exploit_incremental_learning:
        classes = np.unique(y) if is_classifier(estimator) else None
        tasks = [((clone(estimator), X, y, classes, train, test, sizes, scorer, error_score,
                   fit_params), {}) for train, test in splits]
        per_split = run_tasks(_partial_fit_curve, tasks, n_jobs=n_jobs, pre_dispatch=pre_dispatch,
                              progress_label=label)
        out = np.asarray(per_split).transpose((1, 2, 0))  # (4, n_ticks, n_splits)
    else:
        tasks = [((clone(estimator), X, y, scorer, train[:n], test),
                  dict(fit_params=fit_params, return_train_score=True, error_score=error_score))
                 for train, test in splits for n in sizes]
        results = run_tasks(fit_and_score, tasks, n_jobs=n_jobs, pre_dispatch=pre_dispatch,
                            progress_label=label)
        warn_or_raise_fit_failures(results, error_score)
        out = [np.array([r[key] for r in results], dtype=float).reshape(-1, len(sizes)).T
               for key in ("train_scores", "test_scores", "fit_time", "score_time")]
    if return_times:
        return sizes, out[0], out[1], out[2], out[3]
    return sizes, out[0], out[1]


def validation_curve(estimator, X, y, *, param_name, param_range, groups=None, cv=None,
                     scoring=None, n_jobs=None, pre_dispatch="all", verbose=0,
                     error_score=np.nan, params=None):
    """Training and test scores for each value of one parameter.

    Returns:
        ``(train_scores, test_scores)``, each of shape ``(len(param_range), n_splits)``.

    Example:
        >>> from ember.learn.base import BaseEstimator, RegressorMixin
        >>> class Shift(RegressorMixin, BaseEstimator):
        ...     def __init__(self, shift=0.0):
        ...         self.shift = shift
        ...     fit = lambda self, X, y: setattr(self, "mean_", np.mean(y) + self.shift) or self
        ...     predict = lambda self, X: np.full(len(X), self.mean_)
        >>> train, test = validation_curve(Shift(), np.zeros((8, 1)), np.arange(8.0), cv=2,
        ...                                param_name="shift", param_range=[0.0, 1.0, 2.0])
        >>> train.shape, bool(train[0, 0] > train[2, 0])
        ((3, 2), True)
    """
    X, y, groups = _indexable(X, y, groups)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer = check_scoring(estimator, scoring)
    fit_params = dict(params or {})
    tasks = [((clone(estimator), X, y, scorer, train, test),
              dict(parameters={param_name: value}, fit_params=fit_params,
                   return_train_score=True, error_score=error_score))
             for train, test in cv.split(X, y, groups) for value in param_range]
    results = run_tasks(fit_and_score, tasks, n_jobs=n_jobs, pre_dispatch=pre_dispatch,
                        progress_label="validation_curve" if verbose > 0 else None)
    warn_or_raise_fit_failures(results, error_score)
    n_values = len(param_range)
    train = np.array([r["train_scores"] for r in results], dtype=float).reshape(-1, n_values).T
    test = np.array([r["test_scores"] for r in results], dtype=float).reshape(-1, n_values).T
    return train, test
