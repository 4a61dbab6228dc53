"""Hyper-parameter search by cross-validation: ``GridSearchCV`` and ``RandomizedSearchCV``.

Every candidate setting is fitted on every split (candidate-major order, as
scikit-learn does), the per-split scores are gathered into ``cv_results_``
with scikit-learn's keys, the best candidate is ranked by its mean test score
and, with ``refit``, refitted on all the data as ``best_estimator_``, to which
``predict`` / ``transform`` / ``score`` ... delegate.
"""

import numbers
import time
import warnings
from collections import defaultdict

import numpy as np

from ..base import BaseEstimator, _estimator_type, clone
from ..utils._param_validation import Interval, StrOptions
from ..utils._tags import ClassifierTags, RegressorTags
from ..utils.validation import check_is_fitted
from ._param_grid import ParameterGrid, ParameterSampler
from ._scoring import accepts_sample_weight, check_multimetric_scoring, check_scoring
from ._split import _indexable, check_cv
from ._validation import (
    _is_pairwise,
    fill_failed_scores,
    fit_and_score,
    fit_report_line,
    run_tasks,
    scores_by_name,
    warn_or_raise_fit_failures,
)


class _Delegated:
    """A method of ``best_estimator_`` exposed on the search; absent (``hasattr`` False)
    when the wrapped estimator lacks it or ``refit=False``."""

    def __init__(self, name):
        self.name = name

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, search, owner=None):
        if search is None:
            return self
        _require_refit(search, self.name)
        source = search.best_estimator_ if hasattr(search, "best_estimator_") else search.estimator
        getattr(source, self.name)  # raises AttributeError when the estimator has no such method
        name = self.name

        def method(X, *args, **kwargs):
            check_is_fitted(search)
            return getattr(search.best_estimator_, name)(X, *args, **kwargs)

        method.__name__ = name
        method.__doc__ = f"``best_estimator_.{name}(X)``."
        return method


def _require_refit(search, what):
    if not search.refit:
        raise AttributeError(
            f"This {type(search).__name__} instance was initialized with `refit=False`. {what} "
            "is available only after refitting on the best parameters. You can refit an "
            "estimator manually using the `best_params_` attribute"
        )


def _masked_parameter_columns(candidates):
    """``{"param_<name>": masked array}``: a candidate without that parameter is masked."""
    columns = defaultdict(dict)
    for index, setting in enumerate(candidates):
        for name, value in setting.items():
            columns[f"param_{name}"][index] = value
    out = {}
    for key, values in columns.items():
        try:
            guess = np.array(list(values.values()))
            dtype = guess.dtype if guess.dtype.kind != "U" and guess.ndim == 1 else object
        except ValueError:  # sequences of different lengths
            dtype = object
        column = np.ma.MaskedArray(np.empty(len(candidates), dtype=dtype), mask=True)
        for index, value in values.items():
            column[index] = value
        out[key] = column
    return out


def _inner_tags(estimator):
    """The wrapped estimator's tags (ember's or scikit-learn's object), or None."""
    for method in ("__ember_tags__", "__sklearn_tags__"):
        if hasattr(estimator, method):
            try:
                return getattr(estimator, method)()
            except (AttributeError, TypeError):
                return None
    return None


def _copy_fields(source, target_class):
    """``target_class`` with the same-named fields of ``source`` (either library's tags)."""
    import dataclasses

    tags = target_class()
    for f in dataclasses.fields(target_class):
        if source is not None and hasattr(source, f.name):
            setattr(tags, f.name, getattr(source, f.name))
    return tags


def _rank_descending(means):
    """Rank 1 for the highest mean, ties share the lowest rank, NaN ranks last."""
    from scipy.stats import rankdata

    if np.isnan(means).all():
        return np.ones_like(means, dtype=np.int32)
    filled = np.where(np.isnan(means), np.nanmin(means) - 1, means)
    return rankdata(-filled, method="min").astype(np.int32, copy=False)


class BaseSearchCV(BaseEstimator):
    """What grid and randomized search share; subclasses define ``_candidates()``, the settings to try."""

    _parameter_constraints = {
        "estimator": "no_validation",
        "scoring": [str, callable, (list, tuple, set, dict), None],
        "n_jobs": [numbers.Integral, None],
        "refit": ["boolean", str, callable],
        "cv": "no_validation",
        "verbose": [numbers.Integral, "boolean"],
        "pre_dispatch": [numbers.Integral, str],
        "error_score": [StrOptions({"raise"}), numbers.Real],
        "return_train_score": ["boolean"],
    }

    def __init__(self, estimator, *, scoring=None, n_jobs=None, refit=True, cv=None, verbose=0,
                 pre_dispatch="2*n_jobs", error_score=np.nan, return_train_score=False):
        self.estimator = estimator
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.refit = refit
        self.cv = cv
        self.verbose = verbose
        self.pre_dispatch = pre_dispatch
        self.error_score = error_score
        self.return_train_score = return_train_score

    # -- tags ------------------------------------------------------------------
    def __ember_tags__(self):
        tags = super().__ember_tags__()
        kind = _estimator_type(self.estimator)
        tags.estimator_type = kind
        inner = _inner_tags(self.estimator)
        tags.target_tags.required = bool(inner is not None and inner.target_tags.required)
        if kind == "classifier":
            tags.classifier_tags = _copy_fields(getattr(inner, "classifier_tags", None), ClassifierTags)
        elif kind == "regressor":
            tags.regressor_tags = _copy_fields(getattr(inner, "regressor_tags", None), RegressorTags)
        tags.input_tags.pairwise = _is_pairwise(self.estimator)
        if inner is not None:
            tags.input_tags.sparse = inner.input_tags.sparse
            tags.input_tags.allow_nan = inner.input_tags.allow_nan
        return tags

    # -- fitting ---------------------------------------------------------------
    def _scorers(self):
        """``(scorer_or_dict, refit_metric)``."""
        if callable(self.scoring):
            return self.scoring, "score"
        if self.scoring is None or isinstance(self.scoring, str):
            return check_scoring(self.estimator, self.scoring), "score"
        scorers = check_multimetric_scoring(self.estimator, self.scoring)
        self._check_refit_for_multimetric(scorers)
        return scorers, self.refit

    def _check_refit_for_multimetric(self, scores):
        if self.refit is not False and not (isinstance(self.refit, str) and self.refit in scores) \
                and not callable(self.refit):
            raise ValueError(
                "For multi-metric scoring, the parameter refit must be set to a scorer key or a "
                "callable to refit an estimator with the best parameter setting on the whole "
                "data and make the best_* attributes available for that metric. If this is not "
                f"needed, refit should be set to False explicitly. {self.refit!r} was passed."
            )

    def fit(self, X, y=None, **params):
        """Cross-validate every candidate, then (with ``refit``) fit the best on all of ``X``.

        ``params`` go to the estimator's ``fit`` (per-sample arrays cut per split),
        except ``groups``, which goes to the splitter.
        """
        self._validate_params()
        if not hasattr(self.estimator, "fit"):
            raise TypeError(f"estimator should be an estimator implementing 'fit', got {self.estimator!r}")
        scorer, refit_metric = self._scorers()
        inner = _inner_tags(self.estimator)
        if y is None and inner is not None and inner.target_tags.required:
            raise ValueError(
                f"{type(self.estimator).__name__} requires y to be passed, but the target y is None"
            )
        X, y = _indexable(X, y)
        params = dict(params)
        groups = params.pop("groups", None)
        cv = check_cv(self.cv, y, classifier=_estimator_type(self.estimator) == "classifier")
        n_splits = cv.get_n_splits(X, y, groups)
        splits = list(cv.split(X, y, groups))
        if len(splits) != n_splits:
            raise ValueError(
                "cv.split and cv.get_n_splits return inconsistent results. Expected "
                f"{n_splits} splits, got {len(splits)}"
            )
        self.n_splits_ = n_splits
        candidates = list(self._candidates())
        n_fits = len(candidates) * n_splits
        if self.verbose > 0:
            print(f"Fitting {n_splits} folds for each of {len(candidates)} candidates, "
                  f"totalling {n_fits} fits")
        base = clone(self.estimator)
        options = dict(fit_params=params, score_params=self._score_params(scorer, params),
                       return_train_score=self.return_train_score, error_score=self.error_score)
        tasks = [((clone(base), X, y, scorer, train, test), dict(parameters=setting, **options))
                 for setting in candidates for train, test in splits]
        if not tasks:
            raise ValueError("No fits were performed. Was the CV iterator empty? Were there no candidates?")
        report = None
        if self.verbose > 1:
            def report(index, result):
                candidate, split = divmod(index, n_splits)
                print(fit_report_line(result, self.verbose, (split, n_splits), (candidate, len(candidates))))
        results = run_tasks(fit_and_score, tasks, n_jobs=self.n_jobs, pre_dispatch=self.pre_dispatch,
                            progress_label=type(self).__name__ if self.verbose > 0 else None,
                            report=report)
        warn_or_raise_fit_failures(results, self.error_score)
        fill_failed_scores(results, self.error_score)
        self.multimetric_ = isinstance(results[0]["test_scores"], dict)
        if callable(self.scoring) and self.multimetric_:
            self._check_refit_for_multimetric(results[0]["test_scores"])
            refit_metric = self.refit
        self.cv_results_ = self._format_results(candidates, n_splits, results)
        if self.refit or not self.multimetric_:
            self.best_index_ = self._best_index(refit_metric)
            if not callable(self.refit):
                self.best_score_ = self.cv_results_[f"mean_test_{refit_metric}"][self.best_index_]
            self.best_params_ = self.cv_results_["params"][self.best_index_]
        if self.refit:
            self.best_estimator_ = clone(base).set_params(**clone(self.best_params_, safe=False))
            start = time.perf_counter()
            if y is None:
                self.best_estimator_.fit(X, **params)
            else:
                self.best_estimator_.fit(X, y, **params)
            self.refit_time_ = time.perf_counter() - start
            if hasattr(self.best_estimator_, "feature_names_in_"):
                self.feature_names_in_ = self.best_estimator_.feature_names_in_
        self.scorer_ = scorer
        return self

    def _score_params(self, scorer, fit_params):
        """``sample_weight`` for the scorers that take it, as scikit-learn 1.9 forwards it."""
        weight = fit_params.get("sample_weight")
        if weight is None:
            return None
        named = scorer if isinstance(scorer, dict) else {"score": scorer}
        accepted = {}
        for name, one in named.items():
            if accepts_sample_weight(one, self.estimator):
                accepted[name] = {"sample_weight": weight}
            else:
                warnings.warn(
                    f"The scoring {name}={one} does not support sample_weight, which may lead "
                    f"to statistically incorrect results when fitting {self} with sample_weight. "
                )
        if not isinstance(scorer, dict):
            return accepted.get("score")
        return accepted

    def _best_index(self, refit_metric):
        if callable(self.refit):
            index = self.refit(self.cv_results_)
            if not isinstance(index, numbers.Integral):
                raise TypeError("best_index_ returned is not an integer")
            if index < 0 or index >= len(self.cv_results_["params"]):
                raise IndexError("best_index_ index out of range")
            return index
        return int(self.cv_results_[f"rank_test_{refit_metric}"].argmin())

    def _format_results(self, candidates, n_splits, results):
        n_candidates = len(candidates)
        cv_results = {}

        def store(key, values, splits=False, rank=False):
            table = np.array(values, dtype=np.float64).reshape(n_candidates, n_splits)
            if splits:
                for split in range(n_splits):
                    cv_results[f"split{split}_{key}"] = table[:, split]
            means = np.average(table, axis=1)
            cv_results[f"mean_{key}"] = means
            if key.startswith(("train_", "test_")) and not np.isfinite(means).all():
                warnings.warn(f"One or more of the {key.split('_')[0]} scores are non-finite: {means}",
                              UserWarning)
            cv_results[f"std_{key}"] = np.sqrt(np.average((table - means[:, None]) ** 2, axis=1))
            if rank:
                cv_results[f"rank_{key}"] = _rank_descending(means)

        store("fit_time", [r["fit_time"] for r in results])
        store("score_time", [r["score_time"] for r in results])
        cv_results.update(_masked_parameter_columns(candidates))
        cv_results["params"] = candidates
        test = scores_by_name([r["test_scores"] for r in results])
        train = scores_by_name([r["train_scores"] for r in results]) if self.return_train_score else {}
        for name, values in test.items():
            store(f"test_{name}", values, splits=True, rank=True)
            if self.return_train_score:
                store(f"train_{name}", train[name], splits=True)
        return cv_results

    # -- using the best estimator ---------------------------------------------
    def score(self, X, y=None, **params):
        """The refit metric of ``best_estimator_`` on ``(X, y)`` (``estimator.score`` by default)."""
        _require_refit(self, "score")
        check_is_fitted(self)
        scorer = self.scorer_
        if isinstance(scorer, dict):
            scorer = scorer[self.refit] if self.multimetric_ else scorer
        value = scorer(self.best_estimator_, X, y)
        if isinstance(value, dict) and self.multimetric_:
            value = value[self.refit]
        return value

    predict = _Delegated("predict")
    predict_proba = _Delegated("predict_proba")
    predict_log_proba = _Delegated("predict_log_proba")
    decision_function = _Delegated("decision_function")
    score_samples = _Delegated("score_samples")
    transform = _Delegated("transform")
    inverse_transform = _Delegated("inverse_transform")

    @property
    def n_features_in_(self):
        """``best_estimator_.n_features_in_`` (only after a fit with ``refit``)."""
        best = getattr(self, "best_estimator_", None)
        if best is None:  # unfitted, or fitted with refit=False: hasattr() must say False
            raise AttributeError(f"{type(self).__name__} object has no n_features_in_ attribute.")
        return best.n_features_in_

    @property
    def classes_(self):
        """``best_estimator_.classes_`` (classifiers, only after a fit with ``refit``)."""
        _require_refit(self, "classes_")
        getattr(self.best_estimator_ if hasattr(self, "best_estimator_") else self.estimator, "classes_")
        return self.best_estimator_.classes_

    def __sklearn_is_fitted__(self):
        return hasattr(self, "cv_results_")


class GridSearchCV(BaseSearchCV):
    """Cross-validated search over every combination of ``param_grid`` (a dict or a list of dicts).

    Attributes (after ``fit``): ``cv_results_`` (``mean_test_score``,
    ``std_test_score``, ``rank_test_score``, ``split<i>_test_score``, ``params``,
    ``param_<name>`` masked arrays, ``mean_fit_time``...), ``best_params_``,
    ``best_score_``, ``best_index_``, ``best_estimator_`` (with ``refit``),
    ``scorer_``, ``n_splits_``, ``refit_time_``, ``multimetric_``.
    ``verbose >= 1`` shows a progress line with the ETA on stderr.

    Example:
        >>> from ember.learn.base import BaseEstimator, RegressorMixin
        >>> class Shifted(RegressorMixin, BaseEstimator):
        ...     def __init__(self, shift=0.0):
        ...         self.shift = shift
        ...     def fit(self, X, y):
        ...         self.mean_ = np.mean(y) + self.shift
        ...         return self
        ...     def predict(self, X):
        ...         return np.full(len(X), self.mean_)
        >>> X, y = np.zeros((6, 1)), np.array([1., 2., 1., 2., 1., 2.])
        >>> search = GridSearchCV(Shifted(), {"shift": [-1.0, 0.0, 1.0]}, cv=3).fit(X, y)
        >>> search.best_params_, search.cv_results_["rank_test_score"].tolist()
        ({'shift': 0.0}, [2, 1, 2])
    """

    _parameter_constraints = {**BaseSearchCV._parameter_constraints,
                              "param_grid": [dict, list]}

    def __init__(self, estimator, param_grid, *, scoring=None, n_jobs=None, refit=True, cv=None,
                 verbose=0, pre_dispatch="2*n_jobs", error_score=np.nan, return_train_score=False):
        super().__init__(estimator, scoring=scoring, n_jobs=n_jobs, refit=refit, cv=cv,
                         verbose=verbose, pre_dispatch=pre_dispatch, error_score=error_score,
                         return_train_score=return_train_score)
        self.param_grid = param_grid

    def _candidates(self):
        return ParameterGrid(self.param_grid)


class RandomizedSearchCV(BaseSearchCV):
    """Cross-validated search over ``n_iter`` settings drawn from ``param_distributions``.

    Values are lists (drawn uniformly) or ``scipy.stats`` distributions (``rvs``);
    the draws match scikit-learn's for the same ``random_state``. Attributes as
    ``GridSearchCV``.

    Example:
        >>> from scipy.stats import uniform
        >>> from ember.learn.base import BaseEstimator, RegressorMixin
        >>> class Scaled(RegressorMixin, BaseEstimator):
        ...     def __init__(self, factor=1.0):
        ...         self.factor = factor
        ...     def fit(self, X, y):
        ...         self.mean_ = self.factor * np.mean(y)
        ...         return self
        ...     def predict(self, X):
        ...         return np.full(len(X), self.mean_)
        >>> X, y = np.zeros((6, 1)), np.array([1., 2., 1., 2., 1., 2.])
        >>> search = RandomizedSearchCV(Scaled(), {"factor": uniform(0, 2)}, n_iter=4, cv=3, random_state=0)
        >>> len(search.fit(X, y).cv_results_["params"])
        4
    """

    _parameter_constraints = {**BaseSearchCV._parameter_constraints,
                              "param_distributions": [dict, list],
                              "n_iter": [Interval(numbers.Integral, 1, None, closed="left")],
                              "random_state": ["random_state"]}

    def __init__(self, estimator, param_distributions, *, n_iter=10, scoring=None, n_jobs=None,
                 refit=True, cv=None, verbose=0, pre_dispatch="2*n_jobs", random_state=None,
                 error_score=np.nan, return_train_score=False):
        super().__init__(estimator, scoring=scoring, n_jobs=n_jobs, refit=refit, cv=cv,
                         verbose=verbose, pre_dispatch=pre_dispatch, error_score=error_score,
                         return_train_score=return_train_score)
        self.param_distributions = param_distributions
        self.n_iter = n_iter
        self.random_state = random_state

    def _candidates(self):
        return ParameterSampler(self.param_distributions, self.n_iter, random_state=self.random_state)
