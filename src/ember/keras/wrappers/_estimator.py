"""The scikit-learn estimator protocol, without importing scikit-learn.

scikit-learn's `clone`, `RandomizedSearchCV`, `GridSearchCV`,
`cross_val_score` and `Pipeline` only need an estimator to expose its
constructor parameters through `get_params`/`set_params`, to declare its kind
(`_estimator_type` before scikit-learn 1.6, `__sklearn_tags__` since) and to
have `fit`, `predict` and `score`. `Estimator` provides the first two for the
Keras wrappers, duck-typed; `ember.learn` will later provide the full
`BaseEstimator` the wrappers can then build on.

Unlike scikit-learn's estimators, a wrapper also takes parameters its
constructor does not name: the hyperparameters of the model-building
function (`n_hidden=2`) or routed ones (`model__n_hidden=2`,
`optimizer__learning_rate=1e-3`). They are returned by `get_params` next to
the constructor's, so that `clone` rebuilds an identical wrapper and a
search can set them.
"""

import inspect
import types

import numpy as np


class NotFittedError(ValueError, AttributeError):
    """Raised when `predict` or `score` is called before `fit`.

    A `ValueError` and an `AttributeError`, as scikit-learn's exception of
    the same name is.
    """


class Estimator:
    """Parameters, tags and repr of a scikit-learn estimator.

    Subclasses list their constructor parameters in their `__init__`
    signature (stored unchanged as attributes) and may accept extra keyword
    parameters, kept in `self._extra_params`, when `_accepts_param(name)`
    says so.
    """

    _estimator_type = None

    # -- parameters -----------------------------------------------------------
    @classmethod
    def _init_param_names(cls):
        parameters = inspect.signature(cls.__init__).parameters.values()
        return [
            p.name
            for p in parameters
            if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]

    def _set_extra_params(self, params):
        extra = self.__dict__.setdefault("_extra_params", {})
        extra.update(params)

    def _accepts_param(self, name):
        """Whether `name`, not a constructor parameter, may be set."""
        return False

    def get_params(self, deep=True):
        """Returns the parameters of this estimator.

        Args:
            deep: Accepted for scikit-learn; the wrappers hold no nested
                estimators, so it changes nothing.

        Returns:
            Dict of the constructor's parameters followed by the extra ones
            (hyperparameters and routed parameters), each with the very
            object it was given.
        """
        params = {name: getattr(self, name) for name in self._init_param_names()}
        params.update(self.__dict__.get("_extra_params", {}))
        return params

    def set_params(self, **params):
        """Sets parameters, as `RandomizedSearchCV` does on each candidate.

        Besides the constructor's parameters, any hyperparameter of the
        model-building function and any routed parameter (`model__units`,
        `fit__batch_size`, ...) may be set, even if the constructor was not
        given it.

        Returns:
            self.

        Raises:
            ValueError: A parameter is neither a constructor parameter nor
                one the wrapper can route.
        """
        fixed = set(self._init_param_names())
        extra = self.__dict__.get("_extra_params", {})
        for name, value in params.items():
            if name in fixed:
                setattr(self, name, value)
            elif name in extra or self._accepts_param(name):
                self._set_extra_params({name: value})
            else:
                valid = sorted(fixed | set(extra))
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {type(self).__name__}: it "
                    "is neither a constructor parameter nor accepted by the "
                    f"model-building function, fit or predict. Valid parameters are: "
                    f"{valid!r}."
                )
        return self

    def __getattr__(self, name):
        # Extra parameters read like constructor ones (`wrapper.n_hidden`).
        extra = self.__dict__.get("_extra_params", {})
        if name in extra:
            return extra[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __repr__(self):
        defaults = {
            p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()
        }
        shown = []
        for name, value in self.get_params().items():
            default = defaults.get(name, inspect.Parameter.empty)
            if default is not inspect.Parameter.empty and _same(value, default):
                continue
            shown.append(f"{name}={_short_repr(value)}")
        return f"{type(self).__name__}({', '.join(shown)})"

    # -- tags -------------------------------------------------------------------
    def __sklearn_tags__(self):
        """scikit-learn's tags (1.6+): a regressor or classifier with a poor score.

        Only scikit-learn calls this, so importing its `Tags` here adds no
        dependency; without scikit-learn a namespace with the same fields is
        returned.
        """
        kind = self._estimator_type
        try:
            from sklearn.utils import (
                ClassifierTags,
                InputTags,
                RegressorTags,
                Tags,
                TargetTags,
            )
        except ImportError:  # no scikit-learn: the same fields, duck-typed
            return types.SimpleNamespace(
                estimator_type=kind,
                target_tags=types.SimpleNamespace(required=True, one_d_labels=False,
                                                  two_d_labels=False, positive_only=False,
                                                  multi_output=True, single_output=True),
                input_tags=types.SimpleNamespace(pairwise=False, sparse=False,
                                                 allow_nan=False, two_d_array=True),
                non_deterministic=True, requires_fit=True,
            )
        return Tags(
            estimator_type=kind,
            target_tags=TargetTags(required=True, multi_output=True),
            classifier_tags=ClassifierTags(poor_score=True) if kind == "classifier" else None,
            regressor_tags=RegressorTags(poor_score=True) if kind == "regressor" else None,
            input_tags=InputTags(),
            non_deterministic=True,
        )

    def _more_tags(self):
        # scikit-learn < 1.6 reads tags from here.
        return {"poor_score": True, "non_deterministic": True}


def _same(value, default):
    if value is default:
        return True
    try:
        return bool(type(value) is type(default) and value == default)
    except (TypeError, ValueError):  # arrays and the like
        return False


def _short_repr(value):
    if isinstance(value, (types.FunctionType, types.MethodType)):
        return f"<function {value.__qualname__}>"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def r2_score(y_true, y_pred, sample_weight=None):
    """The coefficient of determination R², averaged over outputs.

    As scikit-learn's `r2_score` (`multioutput="uniform_average"`): an output
    whose targets are constant scores 1.0 when predicted exactly, 0.0
    otherwise.
    """
    y_true, y_pred = _as_columns(y_true, "y_true"), _as_columns(y_pred, "y_pred")
    if y_pred.shape != y_true.shape:
        raise ValueError(
            f"y_true and y_pred have different shapes: {y_true.shape} and {y_pred.shape}."
        )
    weight = _weights(sample_weight, len(y_true))[:, None]
    residual = (weight * (y_true - y_pred) ** 2).sum(axis=0)
    mean = (weight * y_true).sum(axis=0) / weight.sum()
    total = (weight * (y_true - mean) ** 2).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(total > 0, 1.0 - residual / total, np.where(residual > 0, 0.0, 1.0))
    return float(scores.mean())


def accuracy_score(y_true, y_pred, sample_weight=None):
    """Fraction of samples whose labels (all of them, for 2-D labels) are right."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred have different shapes: {y_true.shape} and {y_pred.shape}."
        )
    correct = y_true == y_pred
    if correct.ndim > 1:
        correct = correct.reshape(len(correct), -1).all(axis=1)
    return float(np.average(correct, weights=_weights(sample_weight, len(correct))))


def _as_columns(y, name):
    y = np.asarray(y, dtype=np.float64)
    if y.ndim == 1:
        return y[:, None]
    if y.ndim != 2:
        raise ValueError(f"Expected `{name}` of 1 or 2 dimensions. Received shape {y.shape}.")
    return y


def _weights(sample_weight, n):
    if sample_weight is None:
        return np.ones(n)
    weight = np.asarray(sample_weight, dtype=np.float64).reshape(-1)
    if weight.shape != (n,):
        raise ValueError(
            f"Expected `sample_weight` of shape ({n},). Received shape {weight.shape}."
        )
    return weight
