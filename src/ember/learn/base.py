"""``BaseEstimator``, ``clone`` and the estimator mixins: scikit-learn's estimator API.

An estimator's constructor only stores its parameters under their own names;
``fit`` validates them and the data and sets fitted attributes ending in ``_``.
``get_params`` reads the constructor's signature, so ``clone``, grid search and
scikit-learn's own tools work on ember estimators (and ember's on theirs).
"""

import copy
import inspect
import warnings

import numpy as np

from .utils._tags import ClassifierTags, RegressorTags, Tags, TargetTags, TransformerTags, to_sklearn


def _ember_version():
    from ember import __version__

    return __version__


def clone(estimator, *, safe=True):
    """A new, unfitted estimator with the same parameters (deep-cloning estimator parameters).

    Lists, tuples and sets of estimators are cloned element-wise. With
    ``safe=False`` an object without ``get_params`` is deep-copied instead of
    raising ``TypeError``.

    Example:
        >>> from ember.learn.base import BaseEstimator
        >>> class Model(BaseEstimator):
        ...     def __init__(self, alpha=1.0):
        ...         self.alpha = alpha
        >>> clone(Model(alpha=3)).alpha
        3
    """
    if hasattr(estimator, "__sklearn_clone__") and not inspect.isclass(estimator):
        return estimator.__sklearn_clone__()
    return _clone_parametrized(estimator, safe=safe)


def _clone_parametrized(estimator, *, safe=True):
    if isinstance(estimator, dict):
        return {k: clone(v, safe=safe) for k, v in estimator.items()}
    if isinstance(estimator, (list, tuple, set, frozenset)):
        return type(estimator)([clone(e, safe=safe) for e in estimator])
    if not hasattr(estimator, "get_params") or isinstance(estimator, type):
        if not safe:
            return copy.deepcopy(estimator)
        if isinstance(estimator, type):
            raise TypeError(
                f"Cannot clone object. You should provide an instance of scikit-learn "
                f"estimator instead of a class: {estimator!r}."
            )
        raise TypeError(
            f"Cannot clone object '{estimator!r}' (type {type(estimator)}): it does not seem "
            "to be a scikit-learn estimator as it does not implement a 'get_params' method."
        )
    params = estimator.get_params(deep=False)
    for name, value in params.items():
        params[name] = clone(value, safe=False)
    new = type(estimator)(**params)
    stored = new.get_params(deep=False)
    for name, value in params.items():
        if stored[name] is not value:
            raise RuntimeError(
                f"Cannot clone object {estimator}, as the constructor either does not set "
                f"or modifies parameter {name}"
            )
    if hasattr(estimator, "_ember_output_config"):
        new._ember_output_config = copy.deepcopy(estimator._ember_output_config)
    return new


def _default_params(cls):
    return {
        p.name: p.default
        for p in inspect.signature(cls.__init__).parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    }


def _same(a, b):
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return False
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return True
    try:
        return type(a) is type(b) and bool(a == b)
    except (TypeError, ValueError):
        return False


class BaseEstimator:
    """Base class of every ember estimator.

    Subclasses declare their parameters as explicit keyword arguments of
    ``__init__`` and store each unchanged as an attribute of the same name.

    Example:
        >>> class Model(BaseEstimator):
        ...     def __init__(self, alpha=1.0, fit_intercept=True):
        ...         self.alpha = alpha
        ...         self.fit_intercept = fit_intercept
        >>> Model(alpha=0.1)
        Model(alpha=0.1)
        >>> Model().set_params(alpha=2).get_params()
        {'alpha': 2, 'fit_intercept': True}
    """

    @classmethod
    def _get_param_names(cls):
        init = cls.__init__
        if init is object.__init__:
            return []
        parameters = inspect.signature(init).parameters.values()
        for p in parameters:
            if p.kind == p.VAR_POSITIONAL:
                raise RuntimeError(
                    "scikit-learn estimators should always specify their parameters in the "
                    f"signature of their __init__ (no varargs). {cls} with constructor "
                    f"{inspect.signature(init)} doesn't follow this convention."
                )
        return sorted(p.name for p in parameters if p.name != "self" and p.kind != p.VAR_KEYWORD)

    def get_params(self, deep=True):
        """The constructor parameters; with ``deep``, also ``name__param`` of nested estimators."""
        out = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{name}__{k}", v) for k, v in value.get_params().items())
            out[name] = value
        return out

    def set_params(self, **params):
        """Set parameters, nested ones as ``name__param``; returns the estimator."""
        if not params:
            return self
        valid = self.get_params(deep=True)
        nested = {}
        for key, value in params.items():
            name, _, sub = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {self}. Valid parameters "
                    f"are: {self._get_param_names()!r}."
                )
            if sub:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
                valid[name] = value
        for name, sub_params in nested.items():
            valid[name].set_params(**sub_params)
        return self

    def __sklearn_clone__(self):
        return _clone_parametrized(self)

    def _validate_params(self):
        """Check the parameters against the class's ``_parameter_constraints`` (call it first in ``fit``)."""
        from .utils._param_validation import validate_parameter_constraints

        validate_parameter_constraints(
            getattr(self, "_parameter_constraints", {}), self.get_params(deep=False),
            type(self).__name__,
        )

    def __repr__(self, N_CHAR_MAX=700):
        defaults = _default_params(type(self))
        shown = []
        for name in sorted(defaults):  # alphabetical, as scikit-learn prints them
            value = getattr(self, name, None)
            if not _same(value, defaults[name]):
                shown.append(f"{name}={value!r}")
        text = f"{type(self).__name__}({', '.join(shown)})"
        if len(text) > 79 and shown:
            indent = " " * (len(type(self).__name__) + 1)
            text = f"{type(self).__name__}(" + f",\n{indent}".join(shown) + ")"
        if len(text) > N_CHAR_MAX:
            text = text[: N_CHAR_MAX // 2] + "..." + text[-N_CHAR_MAX // 2:]
        return text

    # -- tags ------------------------------------------------------------------
    def __ember_tags__(self):
        """This estimator's ``Tags``; override, call ``super()`` and adjust."""
        return Tags(estimator_type=None, target_tags=TargetTags(required=False))

    def __sklearn_tags__(self):
        return to_sklearn(self.__ember_tags__())

    # -- pickling ----------------------------------------------------------------
    def __getstate__(self):
        state = dict(self.__dict__) if hasattr(self, "__dict__") else {}
        if type(self).__module__.startswith("ember."):
            state["_ember_version"] = _ember_version()
        return state

    def __setstate__(self, state):
        if type(self).__module__.startswith("ember."):
            version = state.pop("_ember_version", "pre-0.1")
            if version != _ember_version():
                from .exceptions import InconsistentVersionWarning

                warnings.warn(
                    InconsistentVersionWarning(
                        estimator_name=type(self).__name__,
                        current_ember_version=_ember_version(),
                        original_ember_version=version,
                    )
                )
        self.__dict__.update(state)


class ClassifierMixin:
    """Classifiers: ``score`` is the mean accuracy."""

    _estimator_type = "classifier"

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.estimator_type, tags.classifier_tags = "classifier", ClassifierTags()
        tags.target_tags.required = True
        return tags

    def score(self, X, y, sample_weight=None):
        """Mean accuracy of ``predict(X)`` against ``y``."""
        prediction = np.asarray(self.predict(X))
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1 and prediction.ndim == 1:
            y = y.ravel()  # a column vector is one output, not n
        hits = (prediction == y) if y.ndim == 1 else np.all(prediction == y, axis=1)
        return float(np.average(hits, weights=sample_weight))


class RegressorMixin:
    """Regressors: ``score`` is the coefficient of determination R^2."""

    _estimator_type = "regressor"

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.estimator_type, tags.regressor_tags = "regressor", RegressorTags()
        tags.target_tags.required = True
        return tags

    def score(self, X, y, sample_weight=None):
        """R^2 of ``predict(X)`` against ``y`` (averaged uniformly over outputs)."""
        prediction = np.asarray(self.predict(X), dtype=float)
        y = np.asarray(y, dtype=float)
        if y.ndim == 1:
            y, prediction = y[:, None], prediction.reshape(-1, 1)
        elif prediction.ndim == 1:  # a column of targets against one output's predictions
            prediction = prediction.reshape(-1, 1)
        weight = None if sample_weight is None else np.asarray(sample_weight, float)[:, None]
        residual = np.average((y - prediction) ** 2, axis=0, weights=None if weight is None else weight[:, 0])
        mean = np.average(y, axis=0, weights=None if weight is None else weight[:, 0])
        total = np.average((y - mean) ** 2, axis=0, weights=None if weight is None else weight[:, 0])
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.where(total > 0, 1 - residual / np.where(total > 0, total, 1),
                              np.where(residual > 0, 0.0, 1.0))
        return float(np.mean(scores))


class TransformerMixin:
    """Transformers: ``fit_transform`` and ``set_output`` (NumPy or pandas results)."""

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.transformer_tags = TransformerTags()
        return tags

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Wrap the class's own transform / fit_transform so set_output applies.
        for method in ("transform", "fit_transform"):
            if method in cls.__dict__ and not getattr(cls.__dict__[method], "_ember_wrapped", False):
                setattr(cls, method, _wrap_output(cls.__dict__[method]))

    def fit_transform(self, X, y=None, **fit_params):
        """``fit`` then ``transform`` on the same data."""
        if y is None:
            return self.fit(X, **fit_params).transform(X)
        return self.fit(X, y, **fit_params).transform(X)

    def set_output(self, *, transform=None):
        """Choose the container of ``transform``'s results: ``"default"`` (arrays) or ``"pandas"``."""
        if transform is None:
            return self
        if transform not in ("default", "pandas"):
            raise ValueError(
                f"output config must be in {{'default', 'pandas'}}. Received: transform={transform!r}"
            )
        self._ember_output_config = {"transform": transform}
        return self


def _wrap_output(method):
    import functools

    @functools.wraps(method)
    def wrapped(self, X, *args, **kwargs):
        result = method(self, X, *args, **kwargs)
        config = getattr(self, "_ember_output_config", {}).get("transform", "default")
        if config != "pandas" or isinstance(result, tuple):
            return result
        import pandas as pd
        import scipy.sparse as sp

        if sp.issparse(result):
            raise ValueError(
                "Pandas output does not support sparse data. Set sparse_output=False to "
                "output pandas dataframes or disable Pandas output via "
                'set_output(transform="default").'
            )
        columns = self.get_feature_names_out() if hasattr(self, "get_feature_names_out") else None
        index = X.index if hasattr(X, "index") and len(X.index) == len(result) else None
        if isinstance(result, pd.DataFrame):
            if columns is not None:
                result.columns = columns
            return result
        return pd.DataFrame(result, columns=columns, index=index)

    wrapped._ember_wrapped = True
    return wrapped


class ClusterMixin:
    """Clusterers: ``fit_predict`` returns ``labels_``."""

    _estimator_type = "clusterer"

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.estimator_type = "clusterer"
        if tags.transformer_tags is not None:
            tags.transformer_tags.preserves_dtype = []
        return tags

    def fit_predict(self, X, y=None, **kwargs):
        """Fit on ``X`` and return the cluster label of each sample."""
        self.fit(X, **kwargs)
        return self.labels_


class OutlierMixin:
    """Outlier detectors: ``fit_predict`` returns 1 for inliers and -1 for outliers."""

    _estimator_type = "outlier_detector"

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.estimator_type = "outlier_detector"
        return tags

    def fit_predict(self, X, y=None, **kwargs):
        """Fit on ``X`` and return +1 (inlier) or -1 (outlier) per sample."""
        return self.fit(X, **kwargs).predict(X)


class OneToOneFeatureMixin:
    """``get_feature_names_out`` for transformers whose outputs are their inputs, renamed not."""

    def get_feature_names_out(self, input_features=None):
        """The output feature names: the input names (``feature_names_in_`` or ``x0, x1, ...``)."""
        from .utils.validation import check_is_fitted

        check_is_fitted(self, "n_features_in_")
        return _input_feature_names(self, input_features)


class ClassNamePrefixFeaturesOutMixin:
    """``get_feature_names_out`` as ``<classname><i>`` for ``_n_features_out`` outputs (``pca0``...)."""

    def get_feature_names_out(self, input_features=None):
        from .utils.validation import check_is_fitted

        check_is_fitted(self, "_n_features_out")
        prefix = type(self).__name__.lower()
        return np.asarray([f"{prefix}{i}" for i in range(self._n_features_out)], dtype=object)


def _input_feature_names(estimator, input_features=None):
    """The input feature names ``input_features`` (checked) or the fitted ones or ``x0, x1, ...``."""
    fitted = getattr(estimator, "feature_names_in_", None)
    n = getattr(estimator, "n_features_in_", None)
    if input_features is None:
        if fitted is not None:
            return np.asarray(fitted, dtype=object)
        if n is None:
            raise ValueError("Unable to generate feature names without n_features_in_")
        return np.asarray([f"x{i}" for i in range(n)], dtype=object)
    input_features = np.asarray(input_features, dtype=object)
    if fitted is not None and not np.array_equal(fitted, input_features):
        raise ValueError("input_features is not equal to feature_names_in_")
    if n is not None and len(input_features) != n:
        raise ValueError(
            f"input_features should have length equal to number of features ({n}), got "
            f"{len(input_features)}"
        )
    return input_features


def is_classifier(estimator):
    """True for classifiers (ember's or scikit-learn's)."""
    return _estimator_type(estimator) == "classifier"


def is_regressor(estimator):
    """True for regressors (ember's or scikit-learn's)."""
    return _estimator_type(estimator) == "regressor"


def is_outlier_detector(estimator):
    return _estimator_type(estimator) == "outlier_detector"


def is_clusterer(estimator):
    return _estimator_type(estimator) == "clusterer"


def _estimator_type(estimator):
    if hasattr(estimator, "__ember_tags__"):
        target = estimator() if isinstance(estimator, type) else estimator
        try:
            return target.__ember_tags__().estimator_type
        except TypeError:
            pass
    if hasattr(estimator, "__sklearn_tags__"):
        try:
            target = estimator() if isinstance(estimator, type) else estimator
            return target.__sklearn_tags__().estimator_type
        except TypeError:
            pass
    return getattr(estimator, "_estimator_type", None)
