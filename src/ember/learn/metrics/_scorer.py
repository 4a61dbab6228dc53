"""Scorers: ``scorer(estimator, X, y)`` -> a float where greater is better.

A scorer wraps a metric ``score_func(y_true, y_response, **kwargs)`` with the
estimator method that gives its input (``predict``, ``predict_proba`` or
``decision_function``) and a sign (losses are negated, as their
``neg_...`` names say). ``get_scorer`` knows scikit-learn's scorer names.
"""

import copy
import traceback
from collections import Counter

import numpy as np

from ..base import is_classifier, is_regressor
from ..utils.multiclass import type_of_target


def _pick_method(estimator, response_method):
    """The bound method of ``estimator`` for ``response_method`` (a name, or names in preference order)."""
    names = (response_method,) if isinstance(response_method, str) else tuple(response_method)
    for name in names:
        method = getattr(estimator, name, None)
        if method is not None:
            return name, method
    raise AttributeError(
        f"{type(estimator).__name__} has none of the following attributes: {', '.join(names)}."
    )


def _response_values(estimator, X, response_method, pos_label=None):
    """``estimator``'s response to ``X``; for binary classifiers the positive class's column of
    ``predict_proba``, and a decision function oriented towards ``pos_label``."""
    name, method = _pick_method(estimator, response_method)
    if not is_classifier(estimator):
        return method(X)
    classes = estimator.classes_
    binary = type_of_target(classes) == "binary"
    if binary:
        if pos_label is not None and pos_label not in classes.tolist():
            raise ValueError(
                f"pos_label={pos_label} is not a valid label: It should be one of {classes}"
            )
        if pos_label is None:
            pos_label = classes[-1]
    response = method(X)
    if name in ("predict_proba", "predict_log_proba"):
        if isinstance(response, list):  # multi-output: one (n_samples, 2) array per output
            return np.vstack([column[:, -1] for column in response]).T
        if binary:
            if response.shape[1] > 2:
                raise ValueError(
                    f"Got predict_proba of shape {response.shape}, but need classifier with "
                    "two classes."
                )
            return response[:, np.flatnonzero(classes == pos_label)[0]]
    elif name == "decision_function" and binary and pos_label == classes[0]:
        return -response
    return response


class _Scorer:
    """``score_func(y, response(X), **kwargs)`` times ``sign`` (+1 for scores, -1 for losses)."""

    def __init__(self, score_func, sign, kwargs, response_method="predict"):
        self._score_func = score_func
        self._sign = sign
        self._kwargs = kwargs
        self._response_method = response_method

    def _get_pos_label(self):
        if "pos_label" in self._kwargs:
            return self._kwargs["pos_label"]
        import inspect

        try:
            parameters = inspect.signature(self._score_func).parameters
        except (TypeError, ValueError):
            return None
        return parameters["pos_label"].default if "pos_label" in parameters else None

    def _accept_sample_weight(self):
        import inspect

        try:
            return "sample_weight" in inspect.signature(self._score_func).parameters
        except (TypeError, ValueError):
            return False

    def __repr__(self):
        name = self._score_func.__name__ if hasattr(self._score_func, "__name__") \
            else repr(self._score_func)
        sign = "" if self._sign > 0 else ", greater_is_better=False"
        options = "".join(f", {k}={v}" for k, v in self._kwargs.items())
        return f"make_scorer({name}{sign}, response_method={self._response_method!r}{options})"

    def __call__(self, estimator, X, y_true, sample_weight=None, **kwargs):
        """The score of ``estimator`` on ``X`` against ``y_true`` (greater is better)."""
        if sample_weight is not None:
            kwargs["sample_weight"] = sample_weight
        return self._score(None, estimator, X, y_true, **kwargs)

    def _score(self, cache, estimator, X, y_true, **kwargs):
        pos_label = None if is_regressor(estimator) else self._get_pos_label()
        name, _ = _pick_method(estimator, self._response_method)
        if cache is not None and name in cache:
            response = cache[name]
        else:
            response = _response_values(estimator, X, name, pos_label=pos_label)
            if cache is not None:
                cache[name] = response
        return self._sign * self._score_func(y_true, response, **{**self._kwargs, **kwargs})


def make_scorer(score_func, *, response_method="predict", greater_is_better=True,
                needs_proba=False, needs_threshold=False, **kwargs):
    """A scorer ``scorer(estimator, X, y)`` from a metric ``score_func(y_true, y_pred, **kwargs)``.

    Args:
        score_func: the metric (a score, or a loss with ``greater_is_better=False``).
        response_method: the estimator method feeding it: ``"predict"``,
            ``"predict_proba"``, ``"decision_function"`` or several in preference order.
        greater_is_better: False for losses; the scorer then returns ``-loss``.
        needs_proba, needs_threshold: the older spelling (scikit-learn < 1.6, used
            by HOML) of ``response_method="predict_proba"`` and of
            ``response_method=("decision_function", "predict_proba")``.
        **kwargs: passed on to ``score_func``.

    Example:
        >>> from ember.learn.metrics import fbeta_score
        >>> make_scorer(fbeta_score, beta=2)
        make_scorer(fbeta_score, response_method='predict', beta=2)
    """
    if needs_proba and needs_threshold:
        raise ValueError("Set either needs_proba or needs_threshold to True, but not both.")
    if needs_proba:
        response_method = "predict_proba"
    elif needs_threshold:
        response_method = ("decision_function", "predict_proba")
    return _Scorer(score_func, 1 if greater_is_better else -1, kwargs, response_method)


class _PassthroughScorer:
    """Scores with the estimator's own ``score`` method (``scoring=None``)."""

    def __init__(self, estimator):
        self._estimator = estimator

    def __call__(self, estimator, *args, **kwargs):
        return estimator.score(*args, **kwargs)

    def _accept_sample_weight(self):
        import inspect

        return "sample_weight" in inspect.signature(self._estimator.score).parameters

    def __repr__(self):
        return f"{type(self._estimator).__name__}.score"


class _MultimetricScorer:
    """Several named scorers at once: returns ``{name: score}``, calling each response method once."""

    def __init__(self, *, scorers, raise_exc=True):
        self._scorers = scorers
        self._raise_exc = raise_exc

    def __call__(self, estimator, *args, **kwargs):
        used = Counter(
            _pick_method(estimator, s._response_method)[0]
            for s in self._scorers.values() if isinstance(s, _Scorer)
        )
        cache = {} if any(count > 1 for count in used.values()) else None
        scores = {}
        for name, scorer in self._scorers.items():
            try:
                if isinstance(scorer, _Scorer):
                    scores[name] = scorer._score(cache, estimator, *args, **kwargs)
                else:
                    scores[name] = scorer(estimator, *args, **kwargs)
            except Exception as error:
                if self._raise_exc:
                    raise error
                scores[name] = traceback.format_exc()
        return scores

    def _accept_sample_weight(self):
        return any(getattr(s, "_accept_sample_weight", lambda: False)() for s in self._scorers.values())

    def __repr__(self):
        return "MultiMetricScorer(" + ", ".join(f'"{s}"' for s in self._scorers) + ")"


def _metric(name):
    from . import _classification, _cluster_supervised, _prf, _probabilistic, _ranking, _regression

    for module in (_classification, _prf, _probabilistic, _ranking, _regression,
                   _cluster_supervised):
        if hasattr(module, name):
            return getattr(module, name)
    raise KeyError(name)


_THRESHOLD = ("decision_function", "predict_proba")
# name -> (metric, response_method, greater_is_better, keyword arguments)
_SCORER_SPECS = {
    "explained_variance": ("explained_variance_score", "predict", True, {}),
    "r2": ("r2_score", "predict", True, {}),
    "neg_max_error": ("max_error", "predict", False, {}),
    "matthews_corrcoef": ("matthews_corrcoef", "predict", True, {}),
    "neg_median_absolute_error": ("median_absolute_error", "predict", False, {}),
    "neg_mean_absolute_error": ("mean_absolute_error", "predict", False, {}),
    "neg_mean_absolute_percentage_error": ("mean_absolute_percentage_error", "predict", False, {}),
    "neg_mean_squared_error": ("mean_squared_error", "predict", False, {}),
    "neg_root_mean_squared_error": ("root_mean_squared_error", "predict", False, {}),
    "neg_mean_squared_log_error": ("mean_squared_log_error", "predict", False, {}),
    "neg_root_mean_squared_log_error": ("root_mean_squared_log_error", "predict", False, {}),
    "accuracy": ("accuracy_score", "predict", True, {}),
    "balanced_accuracy": ("balanced_accuracy_score", "predict", True, {}),
    "roc_auc": ("roc_auc_score", _THRESHOLD, True, {}),
    "roc_auc_ovr": ("roc_auc_score", "predict_proba", True, {"multi_class": "ovr"}),
    "roc_auc_ovo": ("roc_auc_score", "predict_proba", True, {"multi_class": "ovo"}),
    "roc_auc_ovr_weighted": ("roc_auc_score", "predict_proba", True,
                             {"multi_class": "ovr", "average": "weighted"}),
    "roc_auc_ovo_weighted": ("roc_auc_score", "predict_proba", True,
                             {"multi_class": "ovo", "average": "weighted"}),
    "average_precision": ("average_precision_score", _THRESHOLD, True, {}),
    "top_k_accuracy": ("top_k_accuracy_score", _THRESHOLD, True, {}),
    "neg_log_loss": ("log_loss", "predict_proba", False, {}),
    "neg_brier_score": ("brier_score_loss", "predict_proba", False, {}),
}
for _name in ("adjusted_rand_score", "rand_score", "homogeneity_score", "completeness_score",
              "v_measure_score", "mutual_info_score", "normalized_mutual_info_score",
              "fowlkes_mallows_score"):
    _SCORER_SPECS[_name] = (_name, "predict", True, {})
for _name, _function in (("precision", "precision_score"), ("recall", "recall_score"),
                         ("f1", "f1_score"), ("jaccard", "jaccard_score")):
    _SCORER_SPECS[_name] = (_function, "predict", True, {"average": "binary"})
    for _average in ("macro", "micro", "samples", "weighted"):
        _SCORER_SPECS[f"{_name}_{_average}"] = (_function, "predict", True,
                                                {"pos_label": None, "average": _average})


def get_scorer_names():
    """The names ``get_scorer`` accepts, sorted.

    Example:
        >>> get_scorer_names()[:3]
        ['accuracy', 'adjusted_rand_score', 'average_precision']
    """
    return sorted(_SCORER_SPECS)


def get_scorer(scoring):
    """The scorer called ``scoring`` (a new object each call); a callable or None is returned as is.

    Example:
        >>> get_scorer("neg_mean_squared_error")
        make_scorer(mean_squared_error, greater_is_better=False, response_method='predict')
    """
    if not isinstance(scoring, str):
        if scoring is not None and not callable(scoring):
            raise ValueError(
                f"The 'scoring' parameter of get_scorer must be a str, a callable or None. "
                f"Got {scoring!r} instead."
            )
        return scoring
    spec = _SCORER_SPECS.get(scoring)
    if spec is None:
        raise ValueError(
            f"{scoring!r} is not a valid scoring value. Use "
            "ember.learn.metrics.get_scorer_names() to get valid options."
        )
    function, response_method, greater_is_better, kwargs = spec
    return make_scorer(_metric(function), response_method=response_method,
                       greater_is_better=greater_is_better, **copy.deepcopy(kwargs))


def _check_multimetric_scoring(estimator, scoring):
    """``{name: scorer}`` from a list, tuple or set of names or a dict of names to scorers/names."""
    if isinstance(scoring, (list, tuple, set)):
        names = list(scoring)
        if len(set(names)) != len(names):
            raise ValueError(f"List/tuple elements must be unique. Got {scoring!r}")
        if not names:
            raise ValueError(f"Empty list was given. {scoring!r}")
        if not all(isinstance(n, str) for n in names):
            raise ValueError(
                "One or more of the elements were callables. Use a dict of score name mapped "
                f"to the scorer callable. Got {scoring!r}"
            )
        return {name: check_scoring(estimator, scoring=name) for name in names}
    if not scoring:
        raise ValueError(f"An empty dict was passed. {scoring!r}")
    if not all(isinstance(k, str) for k in scoring):
        raise ValueError(
            f"Non-string types were found in the keys of the given dict. scoring={scoring!r}"
        )
    return {name: check_scoring(estimator, scoring=value) for name, value in scoring.items()}


def check_scoring(estimator=None, scoring=None, *, allow_none=False, raise_exc=True):
    """A scorer from ``scoring``: a name, a scorer callable, several of them (a dict/list:
    a multi-metric scorer returning ``{name: score}``), or None for the estimator's ``score``.

    Example:
        >>> check_scoring(scoring="accuracy")
        make_scorer(accuracy_score, response_method='predict')
    """
    if isinstance(scoring, str):
        return get_scorer(scoring)
    if callable(scoring):
        module = getattr(scoring, "__module__", "") or ""
        if any(module.startswith(p) for p in ("sklearn.metrics.", "ember.learn.metrics.")) and \
                not module.endswith("._scorer") and ".tests." not in module:
            raise ValueError(
                f"scoring value {scoring!r} looks like it is a metric function rather than a "
                "scorer. A scorer should require an estimator as its first parameter. Please "
                "use `make_scorer` to convert a metric to a scorer."
            )
        return scoring
    if isinstance(scoring, (list, tuple, set, dict)):
        return _MultimetricScorer(scorers=_check_multimetric_scoring(estimator, scoring),
                                  raise_exc=raise_exc)
    if scoring is None:
        if hasattr(estimator, "score"):
            return _PassthroughScorer(estimator)
        if allow_none:
            return None
        raise TypeError(
            "If no scoring is specified, the estimator passed should have a 'score' method. "
            f"The estimator {estimator!r} does not."
        )
    raise ValueError(
        f"The 'scoring' parameter of check_scoring must be a str, a callable, a list, a tuple, "
        f"a dict or None. Got {scoring!r} instead."
    )
