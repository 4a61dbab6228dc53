"""`KerasRegressor`/`KerasClassifier` with scikeras' API (`model=`, routed parameters).

    reg = KerasRegressor(model=build_model, n_hidden=2, optimizer__learning_rate=1e-3,
                         epochs=20, verbose=0)
    RandomizedSearchCV(reg, {"model__n_neurons": ..., "n_hidden": ...}).fit(X, y)

Parameters the constructor does not name are hyperparameters: unprefixed
ones go to the model-building function when it accepts them, and
`model__x`, `fit__x`, `predict__x`, `compile__x`, `optimizer__x`, `loss__x`
are routed to their destination. `score` is R² for the regressor and the
accuracy for the classifier, as scikit-learn's own estimators score.
"""

import numpy as np

from .. import losses as losses_module
from .. import optimizers as optimizers_module
from ..models import Model
from ..utils import set_random_seed
from ._base import (
    FIT_ARGUMENTS,
    PREDICT_ARGUMENTS,
    ROUTES,
    ClassifierWrapper,
    RegressorWrapper,
    Wrapper,
    accepted_names,
    check_model,
    routed,
)

_FIT_PARAMS = ("batch_size", "validation_batch_size", "verbose", "callbacks",
               "validation_split", "shuffle", "epochs")


class _SciKerasWrapper(Wrapper):
    """scikeras' `BaseWrapper`: the model's function, compile and fit parameters."""

    def __init__(self, model=None, *, build_fn=None, warm_start=False, random_state=None,
                 optimizer="rmsprop", loss=None, metrics=None, batch_size=None,
                 validation_batch_size=None, verbose=1, callbacks=None, validation_split=0.0,
                 shuffle=True, run_eagerly=False, epochs=1, **kwargs):
        self.model = model
        self.build_fn = build_fn
        self.warm_start = warm_start
        self.random_state = random_state
        self.optimizer = optimizer
        self.loss = loss
        self.metrics = metrics
        self.batch_size = batch_size
        self.validation_batch_size = validation_batch_size
        self.verbose = verbose
        self.callbacks = callbacks
        self.validation_split = validation_split
        self.shuffle = shuffle
        self.run_eagerly = run_eagerly
        self.epochs = epochs
        self._set_extra_params(kwargs)

    # -- parameters -------------------------------------------------------------
    def _build_function(self):
        source = self.model if self.model is not None else self.build_fn
        if source is None:
            raise ValueError(
                f"{type(self).__name__} needs a model: pass model= (a function returning "
                "a Keras model, or a model)."
            )
        if isinstance(source, Model):
            return lambda: source
        if not callable(source):
            raise TypeError(
                "Expected `model` to be a function returning a Keras model, or a model. "
                f"Received: model={source!r}"
            )
        return source

    def _accepts_param(self, name):
        if "__" in name:
            return name.split("__", 1)[0] in ROUTES
        source = self.model if self.model is not None else self.build_fn
        names = frozenset() if isinstance(source, Model) else accepted_names(source)
        return names is None or name in names

    def _model_params(self, names):
        extra = self.__dict__.get("_extra_params", {})
        unknown = [k for k in extra if "__" not in k and names is not None and k not in names]
        if unknown:
            raise ValueError(
                f"Parameters {unknown} of {type(self).__name__} are not arguments of the "
                "model-building function; route them with a prefix (fit__, predict__, "
                "compile__, optimizer__, ...)."
            )
        params = {k: v for k, v in extra.items() if "__" not in k}
        params.update(routed(extra, "model"))
        return params

    # -- building -----------------------------------------------------------------
    def _make_model(self, X, y):
        if self.warm_start and self.__dict__.get("model_") is not None:
            return self.model_
        seed = self._seed()
        if seed is not None:
            set_random_seed(seed)
        build = self._build_function()
        names = accepted_names(build)
        params = self._model_params(names)
        if names is not None and "meta" in names:
            params["meta"] = self._meta(X, y)
        if names is not None and "compile_kwargs" in names:
            params["compile_kwargs"] = self._compile_kwargs()
        model = check_model(build(**params), "the model-building function")
        if not model.compiled:
            model.compile(**self._compile_kwargs())
        return model

    def _seed(self):
        state = self.random_state
        if state is None or isinstance(state, (int, np.integer)):
            return state
        if isinstance(state, np.random.RandomState):  # the same seed for the same state
            copy = np.random.RandomState()
            copy.set_state(state.get_state())
            return int(copy.randint(2**31))
        raise ValueError(
            "Expected `random_state` to be None, an int or a np.random.RandomState. "
            f"Received: random_state={state!r}"
        )

    def _meta(self, X, y):
        meta = {"n_features_in_": np.shape(X)[1] if np.ndim(X) > 1 else None,
                "X_shape_": np.shape(X), "y_shape_": np.shape(y), "target_type_": None}
        if hasattr(self, "classes_"):
            meta.update(classes_=self.classes_, n_classes_=self.n_classes_)
        meta["n_outputs_expected_"] = 1
        return meta

    def _compile_kwargs(self):
        extra = self.__dict__.get("_extra_params", {})
        if self.loss is None:
            raise ValueError(
                f"{type(self).__name__}: the model was not compiled and no loss was given. "
                "Compile it in the model-building function, or pass loss= (e.g. "
                "loss=\"mse\")."
            )
        kwargs = {
            "optimizer": _resolve(self.optimizer, routed(extra, "optimizer"),
                                  optimizers_module.get, "optimizer"),
            "loss": _resolve(self.loss, routed(extra, "loss"), losses_module.get, "loss"),
            "metrics": self.metrics,
        }
        kwargs.update(routed(extra, "compile"))
        return kwargs

    # -- fit and predict arguments --------------------------------------------------
    def _fit_arguments(self, kwargs):
        arguments = {name: getattr(self, name) for name in _FIT_PARAMS}
        for name in ("batch_size", "validation_batch_size", "callbacks"):
            if arguments[name] is None:
                del arguments[name]
        extra = self.__dict__.get("_extra_params", {})
        arguments.update(routed(extra, "fit"))
        arguments.update(kwargs)
        unknown = sorted(set(arguments) - FIT_ARGUMENTS)
        if unknown:
            raise TypeError(f"Invalid keyword argument(s) for Model.fit: {unknown}")
        return arguments

    def _predict_arguments(self, kwargs):
        arguments = {"verbose": self.verbose}
        if self.batch_size is not None:
            arguments["batch_size"] = self.batch_size
        arguments.update(routed(self.__dict__.get("_extra_params", {}), "predict"))
        arguments.update(kwargs)
        unknown = sorted(set(arguments) - PREDICT_ARGUMENTS)
        if unknown:
            raise TypeError(f"Invalid keyword argument(s) for Model.predict: {unknown}")
        return arguments


def _resolve(identifier, params, get, kind):
    """An optimizer or loss from a name, a class (called with `params`) or an object."""
    if isinstance(identifier, type):
        return identifier(**params)
    if isinstance(identifier, str) and params:
        return type(get(identifier))(**params)
    if params:
        raise ValueError(
            f"Routed {kind}__ parameters {sorted(params)} need `{kind}` to be a name or a "
            f"class, not an instance. Received: {kind}={identifier!r}"
        )
    return identifier


class KerasRegressor(RegressorWrapper, _SciKerasWrapper):
    """scikit-learn regressor over a Keras model (scikeras' `KerasRegressor`).

    Args:
        model: Function returning a Keras model (compiled, or compiled here
            with `optimizer`, `loss` and `metrics`), or a model. Also taken
            positionally, as in `KerasRegressor(build_model)`.
        build_fn: The same, under Keras 2's name.
        warm_start: Keep training the fitted model on the next `fit`.
        random_state: Seed for `keras.utils.set_random_seed` before the model
            is built (it seeds the global generators).
        optimizer, loss, metrics: Used when the model comes uncompiled;
            `optimizer__<arg>`/`loss__<arg>` construct them with arguments.
        batch_size, validation_batch_size, verbose, callbacks,
        validation_split, shuffle, epochs: Arguments of `Model.fit`
            (`batch_size` and `verbose` of `Model.predict` too).
        run_eagerly: Accepted for scikeras; ember always runs eagerly.
        **kwargs: Hyperparameters of the model-building function
            (`n_hidden=2`, or `model__n_hidden=2`) and routed parameters
            (`fit__batch_size`, `predict__batch_size`, `compile__loss_weights`).

    Attributes:
        model_: The trained Keras model.
        history_: `History.history` of the last `fit`.
        n_features_in_: Number of features seen by `fit` (2-D inputs).
    """


class KerasClassifier(ClassifierWrapper, _SciKerasWrapper):
    """scikit-learn classifier over a Keras model (scikeras' `KerasClassifier`).

    Labels may be any sortable values; they become indices into `classes_`
    (one-hot for a `categorical_crossentropy` loss). `predict_proba` gives
    (n_samples, n_classes) probabilities, `[1 - p, p]` for one sigmoid unit.

    Args:
        model: Function returning a Keras model (compiled, or compiled here
            with `optimizer`, `loss` and `metrics`), or a model.
        class_weight: `{label: weight}` or `"balanced"`
            (`n_samples / (n_classes * count)`), applied in `fit`.
        Others: as `KerasRegressor`.

    Attributes:
        model_: The trained Keras model.
        classes_: Sorted labels seen by `fit`; `n_classes_` their number.
        history_: `History.history` of the last `fit`.
    """

    def __init__(self, model=None, *, build_fn=None, warm_start=False, random_state=None,
                 optimizer="rmsprop", loss=None, metrics=None, batch_size=None,
                 validation_batch_size=None, verbose=1, callbacks=None, validation_split=0.0,
                 shuffle=True, run_eagerly=False, epochs=1, class_weight=None, **kwargs):
        super().__init__(
            model=model, build_fn=build_fn, warm_start=warm_start, random_state=random_state,
            optimizer=optimizer, loss=loss, metrics=metrics, batch_size=batch_size,
            validation_batch_size=validation_batch_size, verbose=verbose, callbacks=callbacks,
            validation_split=validation_split, shuffle=shuffle, run_eagerly=run_eagerly,
            epochs=epochs, **kwargs,
        )
        self.class_weight = class_weight

    def _fit_arguments(self, kwargs):
        arguments = super()._fit_arguments(kwargs)
        if self.class_weight is not None and "class_weight" not in kwargs:
            arguments["class_weight"] = self._class_weights()
        return arguments

    def _class_weights(self):
        """`class_weight` keyed by class index, as `Model.fit` wants it."""
        if isinstance(self.class_weight, str):
            if self.class_weight != "balanced":
                raise ValueError(
                    "Expected `class_weight` to be a dict or 'balanced'. "
                    f"Received: class_weight={self.class_weight!r}"
                )
            counts = self._class_counts
            return {i: len(self._fit_labels) / (len(counts) * c) for i, c in enumerate(counts)}
        return {int(np.searchsorted(self.classes_, label)): weight
                for label, weight in self.class_weight.items()}

    def _encode_target(self, y):
        indices = super()._encode_target(y)
        if indices.ndim == 1:
            self._fit_labels = indices
            self._class_counts = np.bincount(indices, minlength=self.n_classes_)
        return indices
