"""Fitted ember estimators of every family, for the ember.learn.io round-trip tests."""

import importlib
import inspect
import pkgutil
import warnings

import numpy as np

import ember.learn
from ember.learn.base import BaseEstimator

METHODS = ("predict", "predict_proba", "predict_log_proba", "decision_function", "transform",
           "score_samples", "inverse_transform", "mahalanobis")
LABEL_TRANSFORMERS = {"LabelEncoder", "LabelBinarizer", "MultiLabelBinarizer"}


def all_estimator_classes():
    """Every public BaseEstimator subclass defined in ember.learn (found by walking the package)."""
    found = {}
    for info in pkgutil.walk_packages(ember.learn.__path__, "ember.learn."):
        if "kernels" in info.name or info.name.startswith("ember.learn.io"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:
            continue
        for name, cls in vars(module).items():
            if (inspect.isclass(cls) and issubclass(cls, BaseEstimator) and cls.__module__ == module.__name__
                    and not name.startswith(("_", "Base")) and not inspect.isabstract(cls)):
                found[f"{cls.__module__}:{cls.__qualname__}"] = cls
    return found


def outputs(estimator, X):
    """Every prediction / transform the estimator offers on X, by method name."""
    out = {}
    for method in METHODS:
        if not hasattr(estimator, method):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if method == "inverse_transform":
                    value = estimator.inverse_transform(estimator.transform(X))
                else:
                    value = getattr(estimator, method)(X)
        except (ValueError, TypeError, AttributeError, NotImplementedError) as exc:
            value = ("raised", type(exc).__name__)
        out[method] = value
    if hasattr(estimator, "kneighbors"):
        out["kneighbors"] = estimator.kneighbors(X[:20])
    if not out:  # fit-only estimators (clusterers without predict, embeddings): what fit left
        for name, value in sorted(vars(estimator).items()):
            if name.endswith("_") and not name.startswith("_") and isinstance(value, np.ndarray):
                out[name] = value
    return out


def same(a, b):
    """Exact equality of outputs: arrays by array_equal (NaN equal), sparse by their parts, tuples by parts."""
    import scipy.sparse as sp

    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if sp.issparse(a) or sp.issparse(b):
        return sp.issparse(a) and sp.issparse(b) and type(a) is type(b) and same(a.toarray(), b.toarray())
    if hasattr(a, "to_numpy") and hasattr(b, "to_numpy"):
        return list(a.columns) == list(b.columns) and same(a.to_numpy(), b.to_numpy())
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "O":
        return all(x == y or (x != x and y != y) for x, y in zip(a.ravel(), b.ravel()))
    return np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
