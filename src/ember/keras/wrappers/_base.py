"""What every Keras wrapper shares: building and fitting a model, targets, scores.

A wrapper style (Keras 2's `build_fn`, scikeras' `model=`, Keras 3's
`SKLearn*`) implements four hooks: `_make_model(X, y)` (a compiled model),
`_fit_arguments(kwargs)` and `_predict_arguments(kwargs)` (keyword arguments
of `Model.fit`/`Model.predict`), and `_set_fitted(model, history)`/
`_fitted_model()` (where the trained model lives). `RegressorWrapper` and
`ClassifierWrapper` add the target handling, `predict` and `score`.
"""

import inspect

import numpy as np

from ..models import Model
from ..utils import to_categorical
from ._estimator import Estimator, NotFittedError, accuracy_score, r2_score

# The prefixes that route a parameter to one destination (scikeras' names).
ROUTES = ("model", "fit", "predict", "compile", "optimizer", "loss", "metrics",
          "callbacks", "score")


def method_arguments(method):
    """Names of a `Model` method's keyword arguments (without x, y, **kwargs)."""
    parameters = inspect.signature(method).parameters.values()
    return frozenset(
        p.name for p in parameters
        if p.name not in ("self", "x", "y") and not p.name.startswith("_")
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    )


FIT_ARGUMENTS = method_arguments(Model.fit)
PREDICT_ARGUMENTS = method_arguments(Model.predict)
EVALUATE_ARGUMENTS = method_arguments(Model.evaluate)


def accepted_names(function):
    """The keyword names `function` accepts, or None if it takes `**kwargs`."""
    if function is None:
        return frozenset()
    try:  # a callable object's signature is its __call__'s
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return None
    return frozenset(
        p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    )


def routed(params, prefix):
    """The parameters `<prefix>__<name>`, as `{name: value}`."""
    start = prefix + "__"
    return {name[len(start):]: value for name, value in params.items() if name.startswith(start)}


def check_model(model, source):
    if not isinstance(model, Model):
        raise TypeError(
            f"Expected {source} to return a Keras model. Received: {model!r} "
            f"(of type {type(model).__name__})"
        )
    return model


def as_features(X):
    """X as the model takes it: a NumPy array (from a DataFrame too), or as given."""
    if hasattr(X, "to_numpy"):
        return X.to_numpy()
    if isinstance(X, (list, tuple, dict)):
        return X
    return np.asarray(X)


def loss_name(loss):
    """Snake-case name of a compiled loss: a string, function or `Loss` object."""
    if isinstance(loss, str):
        return loss
    name = getattr(loss, "__name__", None) or getattr(loss, "name", None)
    return name if isinstance(name, str) else type(loss).__name__


class Wrapper(Estimator):
    """Fit and predict through the style's hooks."""

    def _make_model(self, X, y):
        raise NotImplementedError

    def _fit_arguments(self, kwargs):
        return dict(kwargs)

    def _predict_arguments(self, kwargs):
        return dict(kwargs)

    def _set_fitted(self, model, history):
        self.model_ = model
        self.history_ = history.history

    def _fitted_model(self):
        model = self.__dict__.get("model_")
        if model is None:
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' "
                "with appropriate arguments before using this estimator."
            )
        return model

    def fit(self, X, y, **kwargs):
        """Builds a new model and trains it on `(X, y)`.

        Args:
            X: Training inputs, as `Model.fit` takes them (a NumPy array, a
                DataFrame, or a list/dict of arrays for several inputs).
            y: Targets (regression) or labels (classification).
            **kwargs: Arguments of `Model.fit` (`epochs`, `batch_size`,
                `validation_data`, `callbacks`, `sample_weight`, ...); they
                take precedence over the wrapper's own parameters.

        Returns:
            self.
        """
        X = as_features(X)
        shape = np.shape(X) if isinstance(X, np.ndarray) else None
        y_model = self._encode_target(np.asarray(y))
        model = self._make_model(X, y_model)
        arguments = self._fit_arguments(kwargs)
        history = model.fit(X, self._target_for(model, y_model), **arguments)
        if shape is not None and len(shape) > 1:
            self.n_features_in_ = shape[1]
        self._set_fitted(model, history)
        return self

    def _raw_predict(self, X, kwargs):
        model = self._fitted_model()
        outputs = model.predict(as_features(X), **self._predict_arguments(kwargs))
        return np.asarray(outputs)

    def _encode_target(self, y):
        return y

    def _target_for(self, model, y):
        return y


class RegressorWrapper(Wrapper):
    """A regressor: `predict` returns the model's outputs, `score` is R²."""

    _estimator_type = "regressor"

    def _encode_target(self, y):
        self._target_ndim = y.ndim
        return y

    def predict(self, X, **kwargs):
        """Predicts targets: the model's outputs, 1-D for a single output.

        Args:
            X: Inputs.
            **kwargs: Arguments of `Model.predict` (`batch_size`, `verbose`).

        Returns:
            A NumPy array of shape (n_samples,) for a single output,
            (n_samples, n_outputs) otherwise.
        """
        outputs = self._raw_predict(X, kwargs)
        if outputs.ndim > 1 and outputs.shape[-1] == 1:
            outputs = np.squeeze(outputs, axis=-1)
        return outputs

    def score(self, X, y, sample_weight=None):
        """R² of the predictions, as scikit-learn's regressors score.

        Returns:
            The coefficient of determination (1.0 is perfect, 0.0 is
            predicting the mean), averaged over outputs.
        """
        y_pred = self.predict(X)
        y = np.asarray(y)
        if y_pred.ndim == 1 and y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        return r2_score(y, y_pred, sample_weight=sample_weight)


class ClassifierWrapper(Wrapper):
    """A classifier over any labels: `classes_`, `predict_proba`, accuracy."""

    _estimator_type = "classifier"

    def _encode_target(self, y):
        """Labels -> class indices (`classes_` sorted); one-hot targets kept."""
        if y.ndim == 2 and y.shape[1] > 1:
            self.classes_ = np.arange(y.shape[1])
            self.n_classes_ = y.shape[1]
            return y
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim != 1:
            raise ValueError(
                f"Expected labels of shape (n_samples,) or one-hot targets of shape "
                f"(n_samples, n_classes). Received y of shape {y.shape}."
            )
        self.classes_, indices = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        return indices.reshape(-1)

    def _target_for(self, model, y):
        """One-hot targets for a (non-sparse) categorical cross-entropy, as Keras 2."""
        if y.ndim == 1 and loss_name(getattr(model, "loss", None)) in (
            "categorical_crossentropy", "CategoricalCrossentropy"
        ):
            return to_categorical(y, num_classes=self.n_classes_)
        return y

    def _indices(self, y):
        """Labels of `classes_` -> their indices, as Keras 2's `np.searchsorted`."""
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] > 1:
            return y
        return np.searchsorted(self.classes_, y.reshape(-1))

    def predict_proba(self, X, **kwargs):
        """Class probabilities, of shape (n_samples, n_classes).

        A single sigmoid output `p` becomes the two columns `[1 - p, p]`, as
        scikit-learn expects for binary problems.
        """
        probabilities = self._raw_predict(X, kwargs)
        if probabilities.ndim == 1:
            probabilities = probabilities[:, None]
        if probabilities.shape[1] == 1:
            probabilities = np.hstack([1 - probabilities, probabilities])
        return probabilities

    def predict(self, X, **kwargs):
        """Predicted labels: the most probable class (a sigmoid output above 0.5).

        Returns:
            An array of labels from `classes_`, of shape (n_samples,).
        """
        outputs = self._raw_predict(X, kwargs)
        if outputs.ndim == 2 and outputs.shape[1] > 1:
            indices = outputs.argmax(axis=1)
        else:
            indices = (outputs.reshape(len(outputs)) > 0.5).astype(np.int64)
        return self.classes_[indices]

    def score(self, X, y, sample_weight=None):
        """Accuracy of `predict`, as scikit-learn's classifiers score."""
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] > 1:  # one-hot targets
            y = self.classes_[y.argmax(axis=1)]
        return accuracy_score(y.reshape(-1), self.predict(X), sample_weight=sample_weight)
