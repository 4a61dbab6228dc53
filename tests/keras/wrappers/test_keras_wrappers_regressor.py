"""keras.wrappers: regressors in scikit-learn's clone, searches and scoring."""

import subprocess
import sys

import numpy as np
import pytest

from ember import keras
from ember.keras import wrappers
from ember.keras.wrappers import scikit_learn

sklearn = pytest.importorskip("sklearn")
from scipy.stats import reciprocal  # noqa: E402
from sklearn.base import clone, is_regressor  # noqa: E402
from sklearn.metrics import r2_score  # noqa: E402
from sklearn.model_selection import RandomizedSearchCV, cross_val_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402


def data(n=300, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 8)).astype("float32")
    y = (X @ rng.normal(size=8) + 0.1 * rng.normal(size=n)).astype("float32")
    return X, y


def build_model(n_hidden=1, n_neurons=30, learning_rate=3e-3, input_shape=[8]):  # noqa: B006
    """HOML ch10's function, verbatim."""
    model = keras.models.Sequential()
    model.add(keras.layers.InputLayer(input_shape=input_shape))
    for layer in range(n_hidden):  # noqa: B007
        model.add(keras.layers.Dense(n_neurons, activation="relu"))
    model.add(keras.layers.Dense(1))
    optimizer = keras.optimizers.SGD(lr=learning_rate)
    model.compile(loss="mse", optimizer=optimizer)
    return model


def uncompiled(n_hidden=1, n_neurons=16):
    layers = [keras.layers.Dense(n_neurons, activation="relu") for _ in range(n_hidden)]
    return keras.Sequential([keras.Input(shape=(8,)), *layers, keras.layers.Dense(1)])


class EpochCounter(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.epochs = 0

    def on_epoch_end(self, epoch, logs=None):
        self.epochs += 1


def dense_units(model):
    return [layer.units for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def test_books_keras2_regressor():
    X, y = data()
    keras_reg = keras.wrappers.scikit_learn.KerasRegressor(build_model, n_neurons=7)
    counter = EpochCounter()
    assert keras_reg.fit(X[:200], y[:200], epochs=3, validation_data=(X[200:], y[200:]),
                         callbacks=[counter], verbose=0) is keras_reg
    assert counter.epochs == 3
    assert set(keras_reg.history_) == {"loss", "val_loss"} and len(keras_reg.history_["loss"]) == 3
    assert isinstance(keras_reg.model, keras.Model) and dense_units(keras_reg.model) == [7, 1]
    # score is minus the loss (Keras 2, and the book's "opposite of the MSE")
    mse = keras_reg.model.evaluate(X, y, verbose=0)
    assert keras_reg.score(X, y, verbose=0) == pytest.approx(-mse, rel=1e-6)
    y_pred = keras_reg.predict(X[:5], verbose=0)
    assert y_pred.shape == (5,)
    np.testing.assert_allclose(y_pred, keras_reg.model.predict(X[:5], verbose=0)[:, 0])


def test_keras2_parameters_and_clone():
    reg = scikit_learn.KerasRegressor(build_model, n_hidden=2, epochs=2, verbose=0)
    params = reg.get_params()
    assert params == {"build_fn": build_model, "n_hidden": 2, "epochs": 2, "verbose": 0}
    assert reg.sk_params == {"n_hidden": 2, "epochs": 2, "verbose": 0}
    twin = clone(reg)
    assert twin is not reg and twin.get_params() == params
    # a hyperparameter the constructor was not given, as a search sets it
    assert reg.set_params(learning_rate=0.01) is reg and reg.learning_rate == 0.01
    with pytest.raises(ValueError, match="Invalid parameter 'n_layers'"):
        reg.set_params(n_layers=3)
    with pytest.raises(wrappers.NotFittedError):
        reg.predict(np.zeros((1, 8)))
    assert is_regressor(reg) and repr(reg) == (
        "KerasRegressor(build_fn=<function build_model>, n_hidden=2, epochs=2, verbose=0, "
        "learning_rate=0.01)")


def test_keras2_fit_params_reach_fit_and_build():
    X, y = data(64)
    reg = scikit_learn.KerasRegressor(build_model, n_hidden=0, epochs=2, batch_size=64,
                                      verbose=0)
    reg.fit(X, y)
    assert len(reg.history_["loss"]) == 2 and dense_units(reg.model) == [1]
    with pytest.raises(ValueError, match="n_layers is not a legal parameter"):
        scikit_learn.KerasRegressor(build_model, n_layers=1).fit(X, y)


def test_randomized_search_over_the_books_wrapper():
    X, y = data()
    keras_reg = keras.wrappers.scikit_learn.KerasRegressor(build_model)
    param_distribs = {
        "n_hidden": [0, 1, 2],
        "n_neurons": np.arange(1, 100),
        "learning_rate": reciprocal(3e-4, 3e-2),
    }
    rnd_search_cv = RandomizedSearchCV(keras_reg, param_distribs, n_iter=3, cv=3,
                                       random_state=42)
    counter = EpochCounter()
    rnd_search_cv.fit(X[:240], y[:240], epochs=2, validation_data=(X[240:], y[240:]),
                      callbacks=[counter], verbose=0)
    assert counter.epochs == 2 * (3 * 3 + 1)  # every candidate and fold, then the refit
    assert set(rnd_search_cv.best_params_) == {"n_hidden", "n_neurons", "learning_rate"}
    assert rnd_search_cv.best_score_ < 0  # -MSE
    best = rnd_search_cv.best_estimator_
    assert isinstance(best.model, keras.Model)
    assert dense_units(best.model)[:-1] == [best.n_neurons] * best.n_hidden


def test_scikeras_style_routes_hyperparameters():
    X, y = data()
    for reg in (
        wrappers.KerasRegressor(build_model, n_hidden=2, model__n_neurons=5),
        wrappers.KerasRegressor(model=build_model, n_hidden=2, model__n_neurons=5),
        wrappers.KerasRegressor(build_fn=build_model, n_hidden=2, model__n_neurons=5),
    ):
        reg.set_params(verbose=0, epochs=2)
        reg.fit(X, y)
        assert dense_units(reg.model_) == [5, 5, 1]
        assert reg.n_features_in_ == 8 and len(reg.history_["loss"]) == 2
    with pytest.raises(ValueError, match="not arguments of the model-building"):
        wrappers.KerasRegressor(build_model, n_layers=2, verbose=0).fit(X, y)


def test_scikeras_compiles_an_uncompiled_model():
    X, y = data()
    reg = wrappers.KerasRegressor(uncompiled, loss="mse", optimizer="sgd",
                                  optimizer__learning_rate=0.02, fit__batch_size=50,
                                  epochs=3, verbose=0, n_hidden=2)
    reg.fit(X, y)
    assert type(reg.model_.optimizer).__name__ == "SGD"
    assert float(keras.backend.get_value(reg.model_.optimizer.learning_rate)) == \
        pytest.approx(0.02)
    with pytest.raises(ValueError, match="no loss was given"):
        wrappers.KerasRegressor(uncompiled, verbose=0).fit(X, y)


def test_scikeras_score_is_r2():
    X, y = data()
    reg = wrappers.KerasRegressor(build_model, epochs=5, verbose=0, random_state=0).fit(X, y)
    y_pred = reg.predict(X)
    assert reg.score(X, y) == pytest.approx(r2_score(y, y_pred), rel=1e-6)
    weights = np.linspace(0.5, 2, len(y))
    assert reg.score(X, y, sample_weight=weights) == pytest.approx(
        r2_score(y, y_pred, sample_weight=weights), rel=1e-6)
    # random_state makes the fit repeat
    again = clone(reg).fit(X, y)
    np.testing.assert_array_equal(again.predict(X), y_pred)


def test_cross_val_score_and_pipeline():
    X, y = data()
    reg = wrappers.KerasRegressor(build_model, learning_rate=0.02, epochs=10, verbose=0,
                                  random_state=0)
    scores = cross_val_score(reg, X, y, cv=3)
    assert scores.shape == (3,) and np.all(scores > 0.8)
    pipeline = make_pipeline(StandardScaler(), clone(reg)).fit(X, y)
    assert pipeline.predict(X[:4]).shape == (4,) and pipeline.score(X, y) > 0.8


@pytest.mark.parametrize("y_true, y_pred, weight", [
    ([3.0, -0.5, 2, 7], [2.5, 0.0, 2, 8], None),
    ([3.0, -0.5, 2, 7], [2.5, 0.0, 2, 8], [1, 2, 3, 4]),
    ([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]], None),
    ([1.0, 1, 1], [1.0, 1, 1], None),
    ([1.0, 1, 1], [1.0, 2, 1], None),
])
def test_r2_score_matches_scikit_learn(y_true, y_pred, weight):
    from ember.keras.wrappers._estimator import r2_score as ember_r2

    assert ember_r2(y_true, y_pred, weight) == pytest.approx(
        r2_score(y_true, y_pred, sample_weight=weight))


def test_keras3_regressor():
    X, y = data()

    def build(X, y, n_hidden=1):
        model = uncompiled(n_hidden=n_hidden)
        model.compile(loss="mse", optimizer="adam")
        assert X.shape[1] == 8 and y.shape == (300,)
        return model

    reg = wrappers.SKLearnRegressor(build, model_kwargs={"n_hidden": 2},
                                    fit_kwargs={"epochs": 2, "verbose": 0})
    reg.fit(X, y)
    assert dense_units(reg.model_) == [16, 16, 1] and len(reg.history_["loss"]) == 2
    assert clone(reg).get_params()["model_kwargs"] == {"n_hidden": 2}
    with pytest.raises(ValueError, match="Invalid parameter"):
        reg.set_params(n_hidden=3)
    # a compiled model is cloned with fresh weights and compiled the same way
    model = build(X, y)
    fitted = wrappers.SKLearnRegressor(model, fit_kwargs={"verbose": 0}).fit(X, y)
    assert fitted.model_ is not model and fitted.model_.loss == "mse"
    assert fitted.predict(X[:3], verbose=0).shape == (3,)


def test_sklearn_tags_and_no_import_of_scikit_learn():
    from sklearn.utils import get_tags

    tags = get_tags(wrappers.KerasRegressor(build_model))
    assert tags.estimator_type == "regressor" and tags.regressor_tags.poor_score
    code = ("import sys, ember.keras.wrappers.scikit_learn; "
            "sys.exit('sklearn' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_keras2_subclass_builds_in_call():
    class Wide(scikit_learn.KerasRegressor):
        def __call__(self, n_neurons=4):
            return build_model(n_neurons=n_neurons)

    X, y = data(64)
    reg = Wide(n_neurons=3, epochs=1, verbose=0).fit(X, y)
    assert dense_units(reg.model) == [3, 1] and clone(reg).get_params()["n_neurons"] == 3
    with pytest.raises(ValueError, match="needs a model-building function"):
        scikit_learn.KerasRegressor().fit(X, y)
