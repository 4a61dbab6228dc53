"""The ``scoring`` argument of the model-selection tools: None, a name, a callable, a list or a dict.

Names are looked up in ``ember.learn.metrics`` (imported only when a name is
given). With several scorers, one proxy remembers each prediction method's
output per data set so that ``predict`` / ``predict_proba`` run once for all
metrics, as scikit-learn's multimetric scoring does.
"""

import functools
import numbers

import numpy as np


class _EstimatorScore:
    """The scorer of ``scoring=None``: the estimator's own ``score(X, y)``."""

    def __call__(self, estimator, X, y=None, **kwargs):
        return estimator.score(X, y, **kwargs)

    def __repr__(self):
        return "passthrough_scorer"


def _named_scorer(name):
    from ember.learn.metrics import get_scorer

    return get_scorer(name)


def check_scoring(estimator, scoring=None):
    """One scorer ``scorer(estimator, X, y) -> float`` from None, a metric name or a callable."""
    if isinstance(scoring, str):
        return _named_scorer(scoring)
    if callable(scoring):
        return scoring
    if scoring is None:
        if not hasattr(estimator, "score"):
            raise TypeError(
                "If no scoring is specified, the estimator passed should have a 'score' method. "
                f"The estimator {estimator!r} does not."
            )
        return _EstimatorScore()
    raise ValueError(
        "scoring value should either be a callable, string or None. "
        f"{scoring!r} was passed"
    )


def check_multimetric_scoring(estimator, scoring):
    """``{name: scorer}`` from a list/tuple/set of metric names or a dict of names or callables."""
    if isinstance(scoring, (list, tuple, set)):
        names = list(scoring)
        bad = (
            len(names) == 0 or len(set(names)) != len(names)
            or not all(isinstance(name, str) for name in names)
        )
        if bad:
            raise ValueError(
                "The list/tuple elements must be unique strings of predefined scorers. "
                f"Got {scoring!r}"
            )
        return {name: check_scoring(estimator, name) for name in names}
    if not scoring or not all(isinstance(key, str) for key in scoring):
        raise ValueError(
            f"Non-string types were found in the keys of the given dict, or it is empty. "
            f"scoring={scoring!r}"
        )
    return {key: check_scoring(estimator, value) for key, value in scoring.items()}


def resolve_scoring(estimator, scoring):
    """``(scorer_or_dict, is_multimetric)``: a dict of scorers for list/tuple/set/dict scoring."""
    if scoring is None or isinstance(scoring, str) or callable(scoring):
        return check_scoring(estimator, scoring), False
    if isinstance(scoring, (list, tuple, set, dict)):
        return check_multimetric_scoring(estimator, scoring), True
    raise ValueError(
        "scoring value should either be a callable, string, None, a list/tuple/set of strings "
        f"or a dict of strings to callables. {scoring!r} was passed"
    )


def accepts_sample_weight(scorer, estimator):
    """Whether ``scorer`` takes ``sample_weight`` (the estimator's ``score`` for ``scoring=None``)."""
    import inspect

    if isinstance(scorer, _EstimatorScore):
        target = estimator.score
    elif hasattr(scorer, "_accept_sample_weight"):
        return bool(scorer._accept_sample_weight())
    else:
        target = getattr(scorer, "_score_func", scorer)
    try:
        return "sample_weight" in inspect.signature(target).parameters
    except (TypeError, ValueError):
        return False


class _CachedPredictions:
    """Stands in for a fitted estimator; each prediction method runs once per data set."""

    _CACHED = ("predict", "predict_proba", "predict_log_proba", "decision_function")

    def __init__(self, estimator):
        self._estimator = estimator
        self._cache = {}

    def __getattr__(self, name):
        attribute = getattr(self._estimator, name)
        if name not in self._CACHED:
            return attribute

        @functools.wraps(attribute)
        def cached(X, *args, **kwargs):
            if args or kwargs:
                return attribute(X, *args, **kwargs)
            key = (name, id(X))
            if key not in self._cache:
                self._cache[key] = (X, attribute(X))  # keep X alive so its id stays unique
            return self._cache[key][1]

        return cached


def _as_number(value, scorer):
    if hasattr(value, "item") and np.ndim(value) == 0:
        value = value.item()
    if not isinstance(value, numbers.Number):
        raise ValueError(
            f"scoring must return a number, got {value!s} ({type(value)}) instead. "
            f"(scorer={scorer!r})"
        )
    return value


def score(estimator, X, y, scorer, score_params=None):
    """``scorer(estimator, X, y, **score_params)`` checked to be a number (or a dict of numbers)."""
    value = scorer(estimator, X, y, **(score_params or {}))
    if isinstance(value, dict):
        return {name: _as_number(v, scorer) for name, v in value.items()}
    return _as_number(value, scorer)
