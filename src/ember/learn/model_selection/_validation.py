"""Cross-validation: ``cross_validate``, ``cross_val_score``, ``cross_val_predict``.

Each split fits a fresh clone of the estimator on the training rows and scores
it on the test rows. The splits run one after another, or in parallel through
joblib with ``n_jobs``; a failed fit scores ``error_score`` (with a
``FitFailedWarning``) unless ``error_score="raise"``.
"""

import numbers
import time
import warnings
from collections import Counter
from traceback import format_exc

import numpy as np
import scipy.sparse as sp

from ..base import clone, is_classifier
from ..exceptions import FitFailedWarning, compatible
from ..utils._indexing import _safe_indexing
from ..utils.validation import _num_samples
from ._scoring import _CachedPredictions, check_scoring, resolve_scoring, score
from ._split import _indexable, check_cv


def _is_pairwise(estimator):
    for method in ("__ember_tags__", "__sklearn_tags__"):
        if hasattr(estimator, method):
            try:
                return bool(getattr(estimator, method)().input_tags.pairwise)
            except (AttributeError, TypeError):
                return False
    return False


def _rows(estimator, X, y, indices, train_indices=None):
    """``(X[indices], y[indices])``; a precomputed kernel keeps the columns of the training rows."""
    if _is_pairwise(estimator):
        if not hasattr(X, "shape"):
            raise ValueError("Precomputed kernels or affinity matrices have to be passed as arrays or sparse matrices.")
        if X.shape[0] != X.shape[1]:
            raise ValueError("X should be a square kernel matrix")
        columns = indices if train_indices is None else train_indices
        X_part = X[np.ix_(indices, columns)]
    else:
        X_part = _safe_indexing(X, indices)
    return X_part, None if y is None else _safe_indexing(y, indices)


def _fit_params_for(X, params, indices):
    """``params`` with the per-sample arrays (length ``n_samples``) cut to ``indices``."""
    if not params:
        return {}
    n_samples = _num_samples(X)
    selected = {}
    for name, value in params.items():
        per_sample = (hasattr(value, "__len__") or hasattr(value, "shape")) and not isinstance(value, (str, dict))
        if per_sample and _num_samples(value) == n_samples:
            selected[name] = _safe_indexing(value, indices)
        else:
            selected[name] = value
    return selected


def _cut_score_params(X, score_params, indices, scorer):
    if not score_params:
        return None
    if isinstance(scorer, dict):
        return {name: _fit_params_for(X, score_params.get(name), indices) for name in scorer}
    return _fit_params_for(X, score_params, indices)


def _merge_fit_params(params, fit_params):
    """``params``, plus the older ``fit_params`` keyword (HOML's form) when given."""
    if fit_params is None:
        return dict(params or {})
    if params:
        raise ValueError("`params` and `fit_params` cannot both be provided. Pass parameters via `params`.")
    return dict(fit_params)


def _score_safely(estimator, X, y, scorer, error_score, score_params=None):
    """``score`` with failures turned into ``error_score`` (and a warning) unless it is ``"raise"``.

    ``score_params`` (``{name: params}`` for a dict of scorers) go to the scorers.
    """
    if isinstance(scorer, dict):
        # Each metric fails on its own; the proxy still runs each prediction method once.
        target = _CachedPredictions(estimator) if len(scorer) > 1 else estimator
        params = score_params or {}
        return {name: _score_safely(target, X, y, one, error_score, params.get(name))
                for name, one in scorer.items()}
    try:
        return score(estimator, X, y, scorer, score_params)
    except Exception:
        if error_score == "raise":
            raise
        warnings.warn(
            "Scoring failed. The score on this train-test partition for these parameters "
            f"will be set to {error_score}. Details: \n{format_exc()}",
            UserWarning,
        )
        return error_score


def fit_and_score(estimator, X, y, scorer, train, test, *, parameters=None, fit_params=None,
                  score_params=None, return_train_score=False, return_estimator=False,
                  error_score=np.nan):
    """Fit ``estimator`` (with ``parameters`` set) on ``train`` and score it on ``test``.

    ``score_params`` (per scorer name for a dict of scorers) are cut to the scored rows.

    Returns a dict: ``test_scores`` (a number or ``{name: number}``), ``train_scores``
    if asked, ``n_test_samples``, ``fit_time``, ``score_time``, ``fit_error``
    (the traceback text or None) and ``estimator`` if asked.
    """
    if error_score != "raise" and not isinstance(error_score, numbers.Number):
        raise ValueError(
            "error_score must be the string 'raise' or a numeric value. (Hint: if using "
            "'raise', please make sure that it has been spelled correctly.)"
        )
    if parameters is not None:
        estimator = estimator.set_params(**clone(parameters, safe=False))
    fit_params = _fit_params_for(X, fit_params, train)
    start = time.perf_counter()
    X_train, y_train = _rows(estimator, X, y, train)
    X_test, y_test = _rows(estimator, X, y, test, train)
    result = {"fit_error": None}
    train_scores = None
    try:
        if y_train is None:
            estimator.fit(X_train, **fit_params)
        else:
            estimator.fit(X_train, y_train, **fit_params)
    except Exception:
        if error_score == "raise":
            raise
        fit_time, score_time = time.perf_counter() - start, 0.0
        if isinstance(scorer, dict):
            test_scores = {name: error_score for name in scorer}
        else:
            test_scores = error_score
        train_scores = test_scores.copy() if isinstance(test_scores, dict) else test_scores
        result["fit_error"] = format_exc()
    else:
        fit_time = time.perf_counter() - start
        test_scores = _score_safely(estimator, X_test, y_test, scorer, error_score,
                                    _cut_score_params(X, score_params, test, scorer))
        score_time = time.perf_counter() - start - fit_time
        if return_train_score:
            train_scores = _score_safely(estimator, X_train, y_train, scorer, error_score,
                                         _cut_score_params(X, score_params, train, scorer))
    result.update(test_scores=test_scores, n_test_samples=_num_samples(X_test),
                  fit_time=fit_time, score_time=score_time, parameters=parameters)
    if return_train_score:
        result["train_scores"] = train_scores
    if return_estimator:
        result["estimator"] = estimator
    return result


def run_tasks(function, arguments, *, n_jobs=None, pre_dispatch="2*n_jobs", progress_label=None,
              report=None):
    """``[function(*a, **k) for a, k in arguments]``, through joblib when ``n_jobs`` asks for it.

    With a ``progress_label`` a progress line (fits done, elapsed, ETA) goes to stderr;
    ``report(index, result)`` is called in this process as each task finishes (then the
    progress line is written as plain lines, so the two outputs do not overwrite each other).
    """
    arguments = list(arguments)
    if progress_label is None:
        return _run(function, arguments, n_jobs, pre_dispatch, report)
    from ._progress import ProgressBar

    with ProgressBar(len(arguments), progress_label, in_place=None if report is None else False) as bar:
        def done(index, result):
            if report is not None:
                report(index, result)
            bar.update()

        return _run(function, arguments, n_jobs, pre_dispatch, done)


def _run(function, arguments, n_jobs, pre_dispatch, done):
    if n_jobs in (None, 1):
        results = []
        for index, (args, kwargs) in enumerate(arguments):
            results.append(function(*args, **kwargs))
            if done is not None:
                done(index, results[-1])
        return results
    from joblib import Parallel, delayed

    def indexed(i, args, kwargs):
        return i, function(*args, **kwargs)

    results = [None] * len(arguments)
    parallel = Parallel(n_jobs=n_jobs, pre_dispatch=pre_dispatch, return_as="generator_unordered")
    for i, result in parallel(delayed(indexed)(i, a, k) for i, (a, k) in enumerate(arguments)):
        results[i] = result
        if done is not None:
            done(i, result)
    return results


def _short_time(seconds):
    return f"{seconds / 60:4.1f}min" if seconds > 60 else f" {seconds:5.1f}s"


def fit_report_line(result, verbose, split=None, candidate=None):
    """scikit-learn's ``verbose > 1`` line for one fit: ``[CV 2/5] END alpha=0.1;, score=0.912 total time=   0.0s``."""
    progress = ""
    if split is not None and verbose > 2:
        progress = f" {split[0] + 1}/{split[1]}"
        if candidate is not None and verbose > 9:
            progress += f"; {candidate[0] + 1}/{candidate[1]}"
    parameters = result.get("parameters") or {}
    text = ", ".join(f"{name}={parameters[name]}" for name in sorted(parameters))
    text += ";" if text else ""
    if verbose > 2:
        test, train = result["test_scores"], result.get("train_scores")
        if isinstance(test, dict):
            for name in sorted(test):
                text += f" {name}: ("
                text += f"train={train[name]:.3f}, " if train is not None else ""
                text += f"test={test[name]:.3f})"
        elif train is not None:
            text += f", score=(train={train:.3f}, test={test:.3f})"
        else:
            text += f", score={test:.3f}"
    text += f" total time={_short_time(result['fit_time'] + result['score_time'])}"
    head = f"[CV{progress}] END "
    return head + "." * (80 - len(head) - len(text)) + text


def warn_or_raise_fit_failures(results, error_score):
    """Raise if every fit failed; warn ``FitFailedWarning`` with the tracebacks if some did."""
    errors = [r["fit_error"] for r in results if r["fit_error"] is not None]
    if not errors:
        return
    line = "-" * 80 + "\n"
    summary = "\n".join(f"{line}{n} fits failed with the following error:\n{text}"
                        for text, n in Counter(errors).items())
    if len(errors) == len(results):
        raise ValueError(
            f"\nAll the {len(results)} fits failed.\nIt is very likely that your model is "
            "misconfigured.\nYou can try to debug the error by setting error_score='raise'.\n\n"
            f"Below are more details about the failures:\n{summary}"
        )
    warnings.warn(
        f"\n{len(errors)} fits failed out of a total of {len(results)}.\nThe score on these "
        f"train-test partitions for these parameters will be set to {error_score}.\nIf these "
        "failures are not expected, you can try to debug them by setting error_score='raise'.\n\n"
        f"Below are more details about the failures:\n{summary}",
        compatible(FitFailedWarning),
    )


def fill_failed_scores(results, error_score):
    """Give failed fits a ``{name: error_score}`` dict when the successful ones scored several metrics."""
    names = next((r["test_scores"] for r in results if r["fit_error"] is None), None)
    if not isinstance(names, dict):
        return
    for r in results:
        if r["fit_error"] is not None:
            r["test_scores"] = dict.fromkeys(names, error_score)
            if "train_scores" in r:
                r["train_scores"] = dict.fromkeys(names, error_score)


def scores_by_name(scores, single_name="score"):
    """``{name: array over splits}`` from a list of numbers or of ``{name: number}`` dicts."""
    if isinstance(scores[0], dict):
        return {name: np.asarray([s[name] for s in scores]) for name in scores[0]}
    return {single_name: np.asarray(scores)}


def cross_validate(estimator, X, y=None, *, groups=None, scoring=None, cv=None, n_jobs=None,
                   verbose=0, params=None, pre_dispatch="2*n_jobs", return_train_score=False,
                   return_estimator=False, return_indices=False, error_score=np.nan,
                   fit_params=None):
    """Scores (and fit/score times) of ``estimator`` over the splits of ``cv``.

    Args:
        estimator: anything with ``fit`` (cloned for each split).
        X, y: the data; ``groups`` go to the splitter.
        scoring: None (``estimator.score``), a metric name, a callable
            ``scorer(estimator, X, y)``, a list/tuple/set of names, or a dict
            ``{name: name_or_callable}``.
        cv: int, splitter or iterable of ``(train, test)`` (see ``check_cv``).
        n_jobs: parallel fits through joblib.
        params: keyword arguments of ``fit``; per-sample arrays are cut per split
            (``fit_params``, the older name, is accepted too).
        return_train_score, return_estimator, return_indices: add ``train_*``,
            ``estimator`` and ``indices`` (``{"train": [...], "test": [...]}``).
        error_score: score of a failed fit, or ``"raise"``.

    Returns:
        dict of arrays over splits: ``fit_time``, ``score_time``, ``test_score``
        (``test_<name>`` for several metrics), optionally ``train_*``.

    Example:
        >>> from ember.learn.base import BaseEstimator, RegressorMixin
        >>> class Mean(RegressorMixin, BaseEstimator):
        ...     def fit(self, X, y):
        ...         self.mean_ = np.mean(y)
        ...         return self
        ...     def predict(self, X):
        ...         return np.full(len(X), self.mean_)
        >>> result = cross_validate(Mean(), np.zeros((6, 1)), [1., 2, 3, 4, 5, 6], cv=3)
        >>> sorted(result), result["test_score"].round(2).tolist()
        (['fit_time', 'score_time', 'test_score'], [-36.0, 0.0, -36.0])
    """
    X, y, groups = _indexable(X, y, groups)
    fit_params = _merge_fit_params(params, fit_params)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer, _ = resolve_scoring(estimator, scoring)
    splits = list(cv.split(X, y, groups))
    tasks = [((clone(estimator), X, y, scorer, train, test),
              dict(fit_params=fit_params, return_train_score=return_train_score,
                   return_estimator=return_estimator, error_score=error_score))
             for train, test in splits]
    report = None
    if verbose > 1:
        def report(index, result):
            print(fit_report_line(result, verbose))
    results = run_tasks(fit_and_score, tasks, n_jobs=n_jobs, pre_dispatch=pre_dispatch,
                        progress_label="cross_validate" if verbose else None, report=report)
    warn_or_raise_fit_failures(results, error_score)
    fill_failed_scores(results, error_score)
    output = {
        "fit_time": np.array([r["fit_time"] for r in results]),
        "score_time": np.array([r["score_time"] for r in results]),
    }
    if return_estimator:
        output["estimator"] = [r["estimator"] for r in results]
    if return_indices:
        output["indices"] = {"train": [train for train, _ in splits], "test": [test for _, test in splits]}
    for name, values in scores_by_name([r["test_scores"] for r in results]).items():
        output[f"test_{name}"] = values
    if return_train_score:
        for name, values in scores_by_name([r["train_scores"] for r in results]).items():
            output[f"train_{name}"] = values
    return output


def cross_val_score(estimator, X, y=None, *, groups=None, scoring=None, cv=None, n_jobs=None,
                    verbose=0, params=None, pre_dispatch="2*n_jobs", error_score=np.nan,
                    fit_params=None):
    """The test score of each split, as an array (one metric: None, a name or a callable).

    HOML ch2: ``-cross_val_score(tree_reg, X, y, scoring="neg_root_mean_squared_error", cv=10)``.

    Example:
        >>> from ember.learn.base import BaseEstimator, ClassifierMixin
        >>> class Majority(ClassifierMixin, BaseEstimator):
        ...     def fit(self, X, y):
        ...         values, counts = np.unique(y, return_counts=True)
        ...         self.label_ = values[counts.argmax()]
        ...         return self
        ...     def predict(self, X):
        ...         return np.full(len(X), self.label_)
        >>> cross_val_score(Majority(), np.zeros((8, 1)), [0, 0, 0, 1, 0, 0, 1, 0], cv=2).tolist()
        [0.75, 0.75]
    """
    if not (scoring is None or isinstance(scoring, str) or callable(scoring)):
        raise ValueError(
            "scoring value should either be a callable, string or None. "
            f"{scoring!r} was passed"
        )
    scorer = check_scoring(estimator, scoring)
    result = cross_validate(estimator, X, y, groups=groups, scoring=scorer, cv=cv,
                            n_jobs=n_jobs, verbose=verbose, params=params, fit_params=fit_params,
                            pre_dispatch=pre_dispatch, error_score=error_score)
    return result["test_score"]


_PROBABILITY_METHODS = ("decision_function", "predict_proba", "predict_log_proba")


def _all_class_columns(fold_classes, predictions, n_classes, method):
    """Predictions with one column per class of the whole data set (absent classes filled)."""
    if n_classes == len(fold_classes):
        return predictions
    advice = "To fix this, use a cross-validation technique resulting in properly stratified folds"
    warnings.warn(
        f"Number of classes in training fold ({len(fold_classes)}) does not match total number "
        f"of classes ({n_classes}). Results may not be appropriate for your use case. {advice}",
        RuntimeWarning,
    )
    if method == "decision_function":
        if predictions.ndim == 2 and predictions.shape[1] != len(fold_classes):
            raise ValueError(
                f"Output shape {predictions.shape} of {method} does not match number of classes "
                f"({len(fold_classes)}) in fold. Irregular decision_function outputs are not "
                "currently supported by cross_val_predict"
            )
        if len(fold_classes) <= 2:
            raise ValueError(
                f"Only {len(fold_classes)} class/es in training fold, but {n_classes} in overall "
                f"dataset. This is not supported for decision_function with imbalanced folds. {advice}"
            )
    fill = 0 if method == "predict_proba" else np.finfo(predictions.dtype).min
    full = np.full((_num_samples(predictions), n_classes), fill, dtype=predictions.dtype)
    full[:, np.asarray(fold_classes, dtype=int)] = predictions
    return full


def _fit_and_predict(estimator, X, y, train, test, fit_params, method):
    fit_params = _fit_params_for(X, fit_params, train)
    X_train, y_train = _rows(estimator, X, y, train)
    X_test, _ = _rows(estimator, X, y, test, train)
    if y_train is None:
        estimator.fit(X_train, **fit_params)
    else:
        estimator.fit(X_train, y_train, **fit_params)
    predictions = getattr(estimator, method)(X_test)
    if method in _PROBABILITY_METHODS and y is not None:
        if isinstance(predictions, list):
            predictions = [
                _all_class_columns(estimator.classes_[i], p, len(np.unique(y[:, i])), method)
                for i, p in enumerate(predictions)
            ]
        else:
            n_classes = len(np.unique(y)) if y.ndim == 1 else y.shape[1]
            predictions = _all_class_columns(estimator.classes_, predictions, n_classes, method)
    return predictions


def cross_val_predict(estimator, X, y=None, *, groups=None, cv=None, n_jobs=None, verbose=0,
                      params=None, pre_dispatch="2*n_jobs", method="predict", fit_params=None):
    """Out-of-fold predictions: each sample predicted by the model that did not train on it.

    ``method`` is ``"predict"``, ``"predict_proba"``, ``"predict_log_proba"`` or
    ``"decision_function"``; probability columns follow the sorted classes of
    ``y`` (a class missing from a training fold gets 0 / the float minimum).
    The splits must be a partition of the samples.

    Example (a model that predicts the largest training target):
        >>> from ember.learn.base import BaseEstimator, RegressorMixin
        >>> class Largest(RegressorMixin, BaseEstimator):
        ...     fit = lambda self, X, y: setattr(self, "top_", max(y)) or self
        ...     predict = lambda self, X: np.full(len(X), self.top_)
        >>> cross_val_predict(Largest(), np.zeros((4, 1)), [1., 2., 3., 4.], cv=2).tolist()
        [4.0, 4.0, 2.0, 2.0]
    """
    X, y = _indexable(X, y)
    fit_params = _merge_fit_params(params, fit_params)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    splits = list(cv.split(X, y, groups))
    test_indices = np.concatenate([test for _, test in splits])
    n_samples = _num_samples(X)
    if len(test_indices) != n_samples or not np.array_equal(np.sort(test_indices), np.arange(n_samples)):
        raise ValueError("cross_val_predict only works for partitions")
    if method in _PROBABILITY_METHODS and y is not None:
        y = np.asarray(y)
        if y.ndim == 1:
            y = np.unique(y, return_inverse=True)[1].ravel()
        else:
            y = np.column_stack([np.unique(column, return_inverse=True)[1].ravel() for column in y.T])
    tasks = [((clone(estimator), X, y, train, test, fit_params, method), {}) for train, test in splits]
    predictions = run_tasks(_fit_and_predict, tasks, n_jobs=n_jobs, pre_dispatch=pre_dispatch,
                            progress_label="cross_val_predict" if verbose else None)
    order = np.empty(n_samples, dtype=int)
    order[test_indices] = np.arange(n_samples)
    if sp.issparse(predictions[0]):
        return sp.vstack(predictions, format=predictions[0].format)[order]
    if isinstance(predictions[0], list):
        return [np.concatenate([p[i] for p in predictions])[order] for i in range(len(predictions[0]))]
    return np.concatenate(predictions)[order]
