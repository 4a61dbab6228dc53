"""Keras 3's `keras.wrappers.SKLearnRegressor` and `SKLearnClassifier`.

    def build(X, y, n_hidden=1):
        ...                     # a compiled model for inputs like X and targets like y
    reg = SKLearnRegressor(build, model_kwargs={"n_hidden": 2}, fit_kwargs={"epochs": 5})

The model function is called with the training data, `X=` and `y=` (the
classifier's `y` one-hot encoded), and `model_kwargs`; a model instance is
cloned (fresh weights) and compiled as the original was.
"""

from ..models import Model, clone_model
from ..utils import to_categorical
from ._base import ClassifierWrapper, RegressorWrapper, Wrapper, check_model


class _Keras3Wrapper(Wrapper):
    def __init__(self, model, warm_start=False, model_kwargs=None, fit_kwargs=None):
        self.model = model
        self.warm_start = warm_start
        self.model_kwargs = model_kwargs
        self.fit_kwargs = fit_kwargs

    def _make_model(self, X, y):
        if self.warm_start and self.__dict__.get("model_") is not None:
            return self.model_
        if isinstance(self.model, Model):
            model = _recompiled_clone(self.model)
        elif callable(self.model):
            model = self.model(X=X, y=y, **(self.model_kwargs or {}))
        else:
            raise TypeError(
                "Expected `model` to be a compiled Keras model or a function returning "
                f"one. Received: model={self.model!r}"
            )
        model = check_model(model, "`model`")
        if not model.compiled:
            raise RuntimeError(
                "The model must be compiled: call model.compile() in the model function "
                "(or before passing the model)."
            )
        return model

    def _fit_arguments(self, kwargs):
        return {**(self.fit_kwargs or {}), **kwargs}


def _recompiled_clone(model):
    if not model.compiled:
        raise RuntimeError("The model passed as `model` must be compiled.")
    clone = clone_model(model)
    optimizer = model.optimizer
    _, loss_weights, metrics, weighted_metrics = model._compile_arguments
    clone.compile(
        optimizer=type(optimizer).from_config(optimizer.get_config()),
        loss=model.loss, loss_weights=loss_weights, metrics=metrics,
        weighted_metrics=weighted_metrics,
    )
    return clone


class SKLearnRegressor(RegressorWrapper, _Keras3Wrapper):
    """scikit-learn regressor over a Keras model, with Keras 3's arguments.

    Args:
        model: A compiled model (cloned with fresh weights at each `fit`) or a
            function `model(X, y, **model_kwargs)` returning one.
        warm_start: Keep training the fitted model on the next `fit`.
        model_kwargs: Keyword arguments of the model function.
        fit_kwargs: Keyword arguments of `Model.fit`; those given to `fit`
            take precedence.

    Attributes:
        model_: The trained model; `history_` the `History.history` dict.
    """


class SKLearnClassifier(ClassifierWrapper, _Keras3Wrapper):
    """scikit-learn classifier over a Keras model, with Keras 3's arguments.

    The labels are one-hot encoded for the model (so it ends with one unit
    per class, as Keras 3 expects); `predict` returns labels of `classes_`.

    Args:
        model, warm_start, model_kwargs, fit_kwargs: As `SKLearnRegressor`.

    Attributes:
        model_: The trained model; `classes_` the sorted labels.
    """

    def _encode_target(self, y):
        indices = super()._encode_target(y)
        if indices.ndim == 1:
            if self.n_classes_ < 2:
                raise ValueError("Classifier can't train when only one class is present.")
            return to_categorical(indices, num_classes=self.n_classes_)
        return indices
