"""`keras.wrappers.scikit_learn`: the Keras 2 wrappers Hands-On ML (2nd ed.) uses.

    keras_reg = keras.wrappers.scikit_learn.KerasRegressor(build_model)
    keras_reg.fit(X_train, y_train, epochs=100, validation_data=(X_valid, y_valid))
    mse_test = keras_reg.score(X_test, y_test)     # minus the test MSE

The wrapper is built from a model-building function `build_fn`; every other
keyword (`sk_params`) goes, by name, to whichever of `build_fn`, `Model.fit`,
`Model.predict` and `Model.evaluate` accepts it, as in Keras 2. The trained
model is `.model`. As in Keras 2, a regressor's `score` is the opposite of
the loss (the book: "the score will be the opposite of the MSE because
Scikit-Learn wants scores, not losses") and a classifier's the accuracy the
model was compiled to compute.

Differences from Keras 2: `fit` returns the wrapper (as every scikit-learn
estimator; the history is in `history_`) rather than the `History`,
parameters are checked at `fit` rather than in the constructor, and routed
names (`model__n_hidden`, `fit__epochs`) are accepted too. For scikit-learn's
R² scoring use `ember.keras.wrappers.KerasRegressor` (scikeras' API) instead.
"""

import copy

from ..utils import to_categorical
from ._base import (
    EVALUATE_ARGUMENTS,
    FIT_ARGUMENTS,
    PREDICT_ARGUMENTS,
    ROUTES,
    ClassifierWrapper,
    RegressorWrapper,
    Wrapper,
    accepted_names,
    check_model,
    loss_name,
    routed,
)

__all__ = ["KerasClassifier", "KerasRegressor"]


class _Keras2Wrapper(Wrapper):
    """Keras 2's `BaseWrapper`: `build_fn` plus `sk_params` routed by name."""

    def __init__(self, build_fn=None, **sk_params):
        self.build_fn = build_fn
        self._set_extra_params(sk_params)

    @property
    def sk_params(self):
        """The keyword parameters given besides `build_fn` (Keras 2's name)."""
        return self.__dict__.setdefault("_extra_params", {})

    @property
    def model(self):
        """The trained Keras model (after `fit`)."""
        return self._fitted_model()

    def _build_function(self):
        if self.build_fn is None:
            if not callable(self):
                raise ValueError(
                    f"{type(self).__name__} needs a model-building function: pass "
                    "build_fn=, or subclass it and define __call__."
                )
            return self.__call__
        if not callable(self.build_fn):
            raise TypeError(
                f"Expected `build_fn` to be a function returning a compiled model. "
                f"Received: build_fn={self.build_fn!r}"
            )
        return self.build_fn

    def _accepts_param(self, name):
        if "__" in name:
            return name.split("__", 1)[0] in ROUTES
        build = self.build_fn
        if build is None and callable(self):
            build = self.__call__
        names = accepted_names(build)
        return name in FIT_ARGUMENTS | PREDICT_ARGUMENTS | EVALUATE_ARGUMENTS or (
            names is not None and name in names)

    def _filtered(self, names, prefix, override=None):
        """`sk_params` accepted by `names` (None: all), plus `<prefix>__` ones."""
        params = self.sk_params
        chosen = {k: v for k, v in params.items()
                  if "__" not in k and (names is None or k in names)}
        chosen.update(routed(params, prefix))
        chosen.update(override or {})
        return chosen

    def _check_params(self, build_names):
        known = FIT_ARGUMENTS | PREDICT_ARGUMENTS | EVALUATE_ARGUMENTS
        for name in self.sk_params:
            if "__" in name:
                if name.split("__", 1)[0] not in ROUTES:
                    raise ValueError(f"{name} is not a legal parameter: unknown route "
                                     f"{name.split('__', 1)[0]!r} (known: {', '.join(ROUTES)})")
            elif name not in known and build_names is not None and name not in build_names:
                raise ValueError(
                    f"{name} is not a legal parameter: neither the model-building function "
                    "nor Model.fit, Model.predict or Model.evaluate accepts it"
                )

    def _make_model(self, X, y):
        build = self._build_function()
        names = accepted_names(build)
        self._check_params(names)
        if names is None:  # a `**kwargs` function gets what fit and co. do not take
            names = {name for name in self.sk_params if name not in
                     FIT_ARGUMENTS | PREDICT_ARGUMENTS | EVALUATE_ARGUMENTS}
        params = self._filtered(names, "model")
        return check_model(build(**params), "build_fn")

    def _fit_arguments(self, kwargs):
        arguments = copy.deepcopy(self._filtered(FIT_ARGUMENTS, "fit"))
        arguments.update(kwargs)
        return arguments

    def _predict_arguments(self, kwargs):
        return self._filtered(PREDICT_ARGUMENTS, "predict", kwargs)

    def _set_fitted(self, model, history):
        self.model_ = model
        self.history_ = history.history

    def _evaluate(self, x, y, kwargs):
        model = self._fitted_model()
        arguments = self._filtered(EVALUATE_ARGUMENTS, "score", kwargs)
        arguments["return_dict"] = True
        return model, model.evaluate(x, y, **arguments)


class KerasRegressor(RegressorWrapper, _Keras2Wrapper):
    """Keras 2's scikit-learn regressor (`keras.wrappers.scikit_learn.KerasRegressor`).

    Args:
        build_fn: Function returning a compiled model; its keyword arguments
            are taken from `sk_params` by name. `None` in a subclass that
            defines `__call__` (which then builds the model).
        **sk_params: Hyperparameters of `build_fn` (`n_hidden=2`) and
            arguments of `Model.fit`/`predict`/`evaluate` (`epochs=10`,
            `batch_size=32`, `verbose=0`).

    Attributes:
        model: The trained Keras model.
        history_: The `History.history` dict of the last `fit`.

    Example (Hands-On ML, ch. 10):
        >>> keras_reg = keras.wrappers.scikit_learn.KerasRegressor(build_model)
        >>> keras_reg.fit(X_train, y_train, epochs=100, verbose=0)
        >>> keras_reg.score(X_test, y_test)   # -MSE
    """

    def score(self, x, y, **kwargs):
        """The opposite of the model's loss on `(x, y)` (higher is better), as Keras 2.

        Args:
            x, y: Test data.
            **kwargs: Arguments of `Model.evaluate`.

        Returns:
            `-loss`, a float.
        """
        _, logs = self._evaluate(x, y, kwargs)
        return -float(logs["loss"])


class KerasClassifier(ClassifierWrapper, _Keras2Wrapper):
    """Keras 2's scikit-learn classifier (`keras.wrappers.scikit_learn.KerasClassifier`).

    Labels may be any sortable values: they become indices into `classes_`
    (one-hot when the model's loss is `categorical_crossentropy`).

    Args:
        build_fn: Function returning a compiled model; its keyword arguments
            are taken from `sk_params` by name.
        **sk_params: Hyperparameters of `build_fn` and arguments of
            `Model.fit`/`predict`/`evaluate`.

    Attributes:
        model: The trained Keras model.
        classes_: The sorted labels seen by `fit`.
        n_classes_: Their number.
        history_: The `History.history` dict of the last `fit`.
    """

    def score(self, x, y, **kwargs):
        """The accuracy metric the model was compiled with, on `(x, y)` (as Keras 2).

        Raises:
            ValueError: The model was not compiled with `metrics=["accuracy"]`.
        """
        indices = self._indices(y)
        model = self._fitted_model()
        if indices.ndim == 1 and loss_name(model.loss) in (
            "categorical_crossentropy", "CategoricalCrossentropy"
        ):
            indices = to_categorical(indices, num_classes=self.n_classes_)
        _, logs = self._evaluate(x, indices, kwargs)
        for name in ("accuracy", "acc"):
            if name in logs:
                return float(logs[name])
        names = [name for name in logs if "acc" in name]
        if names:
            return float(logs[names[0]])
        raise ValueError(
            "The model is not configured to compute accuracy. You should pass "
            '`metrics=["accuracy"]` to the `model.compile()` method.'
        )
