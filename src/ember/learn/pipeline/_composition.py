"""What the meta-estimators (Pipeline, FeatureUnion, ColumnTransformer) share.

- ``available_if``: a method that exists only when a check on the instance
  passes, so ``hasattr(pipe, "predict_proba")`` follows the final step.
- ``_Composition``: ``get_params``/``set_params`` over a list of named
  estimators (``"name"`` replaces a step, ``"name__param"`` reaches into it).
- ``step_tags``: the tags of any step, ember's or scikit-learn's, as ember ``Tags``.
- verbose timing messages, ``set_output`` on steps, horizontal stacking.
"""

import contextlib
import copy
import functools
import time
from collections import defaultdict
from dataclasses import fields

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from ..utils import _tags
from ..utils.validation import _feature_names, _is_pandas_df, check_is_fitted


class available_if:
    """Decorator: the method exists on an instance only while ``check(instance)`` is true.

    ``check`` may return False or raise ``AttributeError``; either way the
    attribute lookup raises ``AttributeError`` (so ``hasattr`` is False).

    Example:
        >>> class Box:
        ...     full = False
        ...     @available_if(lambda self: self.full)
        ...     def take(self):
        ...         return 1
        >>> hasattr(Box(), "take")
        False
    """

    def __init__(self, check):
        self.check = check

    def __call__(self, method):
        return _ConditionalMethod(method, self.check)


class _ConditionalMethod:
    def __init__(self, method, check):
        self.method, self.check = method, check
        functools.update_wrapper(self, method)

    def __get__(self, instance, owner=None):
        if instance is None:
            return self.method
        if not self.check(instance):
            raise AttributeError(
                f"This {type(instance).__name__!r} has no attribute {self.method.__name__!r}"
            )
        return self.method.__get__(instance, owner)


def is_skipped(step):
    """True for the steps that stand for "nothing here": None, "passthrough", "drop"."""
    return step is None or (isinstance(step, str) and step in ("passthrough", "drop"))


class _Composition(BaseEstimator):
    """Parameters of an estimator made of a list of ``(name, estimator, ...)`` tuples."""

    def _nested_params(self, attr, deep):
        out = super().get_params(deep=deep)
        if not deep:
            return out
        items = getattr(self, attr)
        try:
            named = [(item[0], item[1]) for item in items]
        except (TypeError, IndexError, KeyError):
            return out
        out.update(named)
        for name, estimator in named:
            if hasattr(estimator, "get_params") and not isinstance(estimator, type):
                for key, value in estimator.get_params(deep=True).items():
                    out[f"{name}__{key}"] = value
        return out

    def _set_nested_params(self, attr, **params):
        if attr in params:
            setattr(self, attr, params.pop(attr))
        items = getattr(self, attr)
        try:
            names = [item[0] for item in items] if isinstance(items, list) else []
        except (TypeError, IndexError, KeyError):
            names = []  # not (name, estimator, ...) tuples: fit reports it
        if names:
            for key in list(params):
                if "__" not in key and key in names:
                    replacement = params.pop(key)
                    items = [
                        (item[0], replacement, *item[2:]) if item[0] == key else item
                        for item in getattr(self, attr)
                    ]
                    setattr(self, attr, items)
        BaseEstimator.set_params(self, **params)
        return self

    def _validate_names(self, names):
        if len(set(names)) != len(names):
            raise ValueError(f"Names provided are not unique: {list(names)!r}")
        conflicts = set(names).intersection(self.get_params(deep=False))
        if conflicts:
            raise ValueError(
                f"Estimator names conflict with constructor arguments: {sorted(conflicts)!r}"
            )
        dunder = [name for name in names if "__" in name]
        if dunder:
            raise ValueError(f"Estimator names must not contain __: got {dunder!r}")

    @staticmethod
    def _check_instances(estimators):
        for estimator in estimators:
            if isinstance(estimator, type):
                raise TypeError(
                    f"Expected an estimator instance ({estimator.__name__}()), got "
                    f"estimator class instead ({estimator.__name__})."
                )


def step_tags(estimator):
    """ember ``Tags`` of an ember or scikit-learn estimator (defaults for anything else)."""
    if hasattr(estimator, "__ember_tags__"):
        return estimator.__ember_tags__()
    if hasattr(estimator, "__sklearn_tags__"):
        return _from_sklearn(estimator.__sklearn_tags__())
    tags = _tags.Tags()
    kind = getattr(estimator, "_estimator_type", None)
    tags.estimator_type = kind
    return tags


def _from_sklearn(theirs):
    kinds = {
        "target_tags": _tags.TargetTags, "input_tags": _tags.InputTags,
        "transformer_tags": _tags.TransformerTags, "classifier_tags": _tags.ClassifierTags,
        "regressor_tags": _tags.RegressorTags,
    }
    parts = {}
    for f in fields(_tags.Tags):
        value = getattr(theirs, f.name, None)
        if f.name in kinds and value is not None:
            target = kinds[f.name]
            value = target(**{g.name: copy.deepcopy(getattr(value, g.name)) for g in fields(target)
                              if hasattr(value, g.name)})
        if value is not None or f.name in kinds:
            parts[f.name] = value
    return _tags.Tags(**parts)


def name_estimators(estimators):
    """``(name, estimator)`` pairs named by lower-cased class name, numbered when repeated."""
    names = [e if isinstance(e, str) else type(e).__name__.lower() for e in estimators]
    counts = defaultdict(int)
    for name in names:
        counts[name] += 1
    seen = defaultdict(int)
    named = []
    for name, estimator in zip(names, estimators):
        if counts[name] > 1:
            seen[name] += 1
            name = f"{name}-{seen[name]}"
        named.append((name, estimator))
    return named


def timing_line(source, message, seconds):
    """The verbose line ``[Pipeline] ...... (step 1 of 2) Processing a, total=   0.0s``."""
    start = f"[{source}] "
    duration = f"{seconds / 60:4.1f}min" if seconds > 60 else f" {seconds:5.1f}s"
    end = f" {message}, total={duration}"
    return start + "." * (70 - len(start) - len(end)) + end


@contextlib.contextmanager
def print_elapsed(source, message=None):
    """Print ``timing_line`` when the block ends, unless ``message`` is None."""
    if message is None:
        yield
        return
    began = time.perf_counter()
    yield
    print(timing_line(source, message, time.perf_counter() - began))


def set_step_output(step, transform):
    """``step.set_output(transform=...)`` where the step has it and is a transformer."""
    if transform is None or is_skipped(step):
        return
    if hasattr(step, "set_output") and (hasattr(step, "transform") or hasattr(step, "fit_transform")):
        step.set_output(transform=transform)


def output_config(estimator):
    """The ``set_output`` container an estimator was asked for: ``"default"`` or ``"pandas"``."""
    config = getattr(estimator, "_ember_output_config", None)
    if config is None:
        config = getattr(estimator, "_sklearn_output_config", None)
    return (config or {}).get("transform", "default")


def fit_transform_one(transformer, X, y, weight, source="", message=None, params=None):
    """Fit ``transformer`` and return ``(its transform of X times weight, transformer)``."""
    params = params or {}
    with print_elapsed(source, message):
        if hasattr(transformer, "fit_transform"):
            result = transformer.fit_transform(X, y, **params)
        else:
            result = transformer.fit(X, y, **params).transform(X)
    return (result if weight is None else result * weight), transformer


def run_all(n_jobs, function, calls):
    """``[function(*args) for args in calls]``, in joblib workers when ``n_jobs`` asks for more than one."""
    calls = list(calls)
    if n_jobs in (None, 1) or len(calls) < 2:
        return [function(*args) for args in calls]
    from joblib import Parallel, delayed

    return Parallel(n_jobs=n_jobs)(delayed(function)(*args) for args in calls)


def transform_one(transformer, X, weight):
    result = transformer.transform(X)
    return result if weight is None else result * weight


def hstack(blocks, pandas_output):
    """Join 2-D blocks side by side once: DataFrames (if asked for), sparse CSR, or one array."""
    if pandas_output and blocks and all(_is_pandas_df(b) for b in blocks):
        import pandas as pd

        # Block names may repeat; the caller renames the result with its feature names.
        renamed = []
        for i, block in enumerate(blocks):
            block = block.copy(deep=False)  # new labels, same data
            block.columns = [f"{i}_{j}" for j in range(block.shape[1])]
            renamed.append(block)
        return pd.concat(renamed, axis=1)
    if any(sp.issparse(b) for b in blocks):
        return sp.hstack(blocks).tocsr()
    arrays = [np.asarray(b) for b in blocks]
    if len(arrays) == 1:
        return arrays[0]
    return np.hstack(arrays)


class _Identity(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Returns its input unchanged (what "passthrough" fits in a FeatureUnion)."""

    def fit(self, X, y=None):
        # Records the input's width and names only: it never converts the data.
        self.n_features_in_ = X.shape[1] if len(getattr(X, "shape", (0, 0))) == 2 else 1
        names = _feature_names(X)
        if names is not None:
            self.feature_names_in_ = names
        return self

    def transform(self, X):
        check_is_fitted(self, "n_features_in_")
        return X

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = tags.input_tags.allow_nan = tags.input_tags.string = True
        tags.requires_fit = False
        return tags
