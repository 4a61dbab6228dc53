"""save_model/load_model round trips: predictions, weights, compile config and optimizer state.

The strongest check: train 2 epochs, save, load, train 1 more; the result must
equal 3 epochs without interruption, bit for bit (shuffle=False).
"""

import zipfile

import numpy as np
import pytest
from saving_checks import assert_same_optimizer, assert_same_weights, check_resumes_exactly

from ember import keras


def _data(n=64, features=5, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, features)).astype(np.float32)
    y = (X @ rng.standard_normal((features, 1)) + 0.3).astype(np.float32)
    return X, y


def _wide_and_deep_data(n, wide, deep, seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((n, width)).astype(np.float32) for width in (wide, deep, 1)]


def _sequential(seed=1):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.layers.Dense(8, activation="relu", input_shape=[5]),
        keras.layers.BatchNormalization(),
        keras.layers.Dropout(0.0),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse",
                  metrics=["mae", keras.metrics.RootMeanSquaredError()])
    return model


def test_sequential_continues_training_bit_for_bit(tmp_path):
    X, y = _data()
    loaded = check_resumes_exactly(_sequential, X, y, tmp_path / "my_keras_model.keras")
    assert int(loaded.optimizer.iterations.numpy()) == 12
    assert loaded.metrics_names == ["loss", "mae", "root_mean_squared_error"]


def test_compile_config_is_restored(tmp_path):
    model = keras.Sequential([keras.layers.Dense(3, activation="softmax", input_shape=[4])])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
                  loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=["acc"])
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert isinstance(loaded.optimizer, keras.optimizers.SGD)
    assert loaded.optimizer.get_config() == model.optimizer.get_config()
    loss = loaded._compile_arguments[0]
    assert isinstance(loss, keras.losses.SparseCategoricalCrossentropy)
    assert loss.get_config() == model._compile_arguments[0].get_config()
    assert loaded._compile_arguments[2] == ["acc"]
    X = np.random.default_rng(0).standard_normal((20, 4)).astype(np.float32)
    y = np.arange(20) % 3
    history = loaded.fit(X, y, epochs=1, verbose=0)
    assert list(history.history) == ["loss", "acc"]
    # never trained: no optimizer state was saved, and none is needed
    assert loaded.optimizer.iterations.numpy() == 1


def test_uncompiled_and_compile_false(tmp_path):
    model = _sequential()
    X, y = _data()
    model.fit(X, y, epochs=1, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras", compile=False)
    assert not loaded.compiled
    np.testing.assert_array_equal(model.predict(X, verbose=0), loaded.predict(X, verbose=0))
    bare = keras.Sequential([keras.layers.Dense(2, input_shape=[3])])
    bare.save(tmp_path / "bare.keras")
    assert not keras.models.load_model(tmp_path / "bare.keras").compiled
    model.save(tmp_path / "no_opt.h5", include_optimizer=False)
    names = zipfile.ZipFile(tmp_path / "no_opt.h5").namelist()
    assert not any(name.startswith("optimizer/") for name in names)
    assert not keras.models.load_model(tmp_path / "no_opt.h5").compiled


def _wide_and_deep(seed=3):
    keras.utils.set_random_seed(seed)
    input_a = keras.layers.Input(shape=[3], name="wide_input")
    input_b = keras.layers.Input(shape=[4], name="deep_input")
    shared = keras.layers.Dense(6, activation="relu", name="shared")
    hidden1 = keras.layers.Dense(6, activation="relu")(input_b)
    hidden2 = shared(hidden1)
    mirrored = shared(keras.layers.Dense(6)(input_b))  # the shared layer, called twice
    concat = keras.layers.concatenate([input_a, hidden2, mirrored])
    output = keras.layers.Dense(1, name="main_output")(concat)
    aux_output = keras.layers.Dense(1, name="aux_output")(hidden2)
    model = keras.Model(inputs=[input_a, input_b], outputs=[output, aux_output])
    model.compile(loss=["mse", "mse"], loss_weights=[0.9, 0.1],
                  optimizer=keras.optimizers.RMSprop(learning_rate=0.01),
                  metrics={"main_output": ["mae"]})
    return model


def test_functional_multi_io_shared_layers_continue_training(tmp_path):
    xa, xb, y = _wide_and_deep_data(48, 3, 4, seed=5)
    loaded = check_resumes_exactly(_wide_and_deep, [xa, xb], [y, y],
                                   tmp_path / "wide_and_deep.h5")
    assert [type(layer).__name__ for layer in loaded.layers] == [
        "InputLayer", "InputLayer", "Dense", "Dense", "Dense", "Concatenate", "Dense", "Dense"]
    assert [loaded.layers[i].name for i in (0, 1, 3, 6, 7)] == [
        "wide_input", "deep_input", "shared", "main_output", "aux_output"]
    assert loaded.output_names == ["main_output", "aux_output"]
    assert loaded.metrics_names == ["loss", "main_output_loss", "aux_output_loss",
                                    "main_output_mae"]


def test_nested_sequential_inside_functional(tmp_path):
    keras.utils.set_random_seed(0)
    block = keras.Sequential([keras.layers.Dense(4, activation="tanh", input_shape=[3]),
                              keras.layers.Dense(2)], name="block")
    inputs = keras.Input(shape=[3])
    outputs = keras.layers.Dense(1)(block(inputs))
    model = keras.Model(inputs, outputs)
    model.save(tmp_path / "nested.keras")
    loaded = keras.models.load_model(tmp_path / "nested.keras")
    X = np.random.default_rng(1).standard_normal((7, 3)).astype(np.float32)
    np.testing.assert_array_equal(model.predict(X, verbose=0), loaded.predict(X, verbose=0))
    assert_same_weights(model, loaded)


@keras.saving.register_keras_serializable(package="ember_tests")
class WideAndDeepModel(keras.Model):
    """HOML ch10's subclassed model, with get_config so that it can be rebuilt."""

    def __init__(self, units=30, activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.units, self.activation = units, activation
        self.hidden1 = keras.layers.Dense(units, activation=activation)
        self.hidden2 = keras.layers.Dense(units, activation=activation)
        self.main_output = keras.layers.Dense(1)
        self.aux_output = keras.layers.Dense(1)

    def call(self, inputs):
        input_a, input_b = inputs
        hidden2 = self.hidden2(self.hidden1(input_b))
        concat = keras.layers.concatenate([input_a, hidden2])
        return self.main_output(concat), self.aux_output(hidden2)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "activation": self.activation}


def _subclassed(seed=4):
    keras.utils.set_random_seed(seed)
    model = WideAndDeepModel(units=7, activation="tanh")
    model.compile(loss="mse", loss_weights=[0.9, 0.1], optimizer=keras.optimizers.Adam(0.01))
    return model


def test_subclassed_with_get_config_continues_training(tmp_path):
    xa, xb, y = _wide_and_deep_data(32, 2, 5, seed=7)

    def unbuilt(loaded):
        assert isinstance(loaded, WideAndDeepModel) and loaded.units == 7
        assert loaded.weights == []  # a subclassed model creates its weights on its first call

    check_resumes_exactly(_subclassed, (xa, xb), (y, y), tmp_path / "subclassed.keras",
                          batch_size=8, on_load=unbuilt)


def test_subclassed_restores_on_explicit_build_and_symbolic_call(tmp_path):
    model = WideAndDeepModel(units=3)
    model([np.ones((2, 2), np.float32), np.ones((2, 4), np.float32)])
    model.save(tmp_path / "s.keras")
    loaded = keras.models.load_model(tmp_path / "s.keras")
    loaded.build([(None, 2), (None, 4)])
    assert_same_weights(model, loaded)


def test_file_objects_and_any_extension(tmp_path):
    import io

    model = _sequential()
    buffer = io.BytesIO()
    keras.saving.save_model(model, buffer)
    buffer.seek(0)
    loaded = keras.saving.load_model(buffer)
    assert_same_weights(model, loaded)
    for name in ("model.h5", "model.tf", "model", "checkpoint.ckpt"):
        model.save(tmp_path / name)
        assert_same_weights(model, keras.models.load_model(str(tmp_path / name)))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["model.h5", "model.tf", "model", "checkpoint.ckpt"])


def test_save_rejects_unknown_arguments(tmp_path):
    model = _sequential()
    with pytest.raises(TypeError, match=r"unexpected keyword argument\(s\) \['signatures'\]"):
        model.save(tmp_path / "m.keras", signatures=None)
    with pytest.raises(ValueError, match="save_format='pickle'"):
        model.save(tmp_path / "m.keras", save_format="pickle")
    model.save(tmp_path / "m.keras", save_format="h5")
    assert (tmp_path / "m.keras").exists()


def test_books_checkpoint_rolls_back_to_the_best_model(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    X, y = _data(96)
    X_valid, y_valid = _data(32, seed=9)
    model = _sequential()
    checkpoint_cb = keras.callbacks.ModelCheckpoint("my_keras_model.h5", save_best_only=True)
    history = model.fit(X, y, epochs=4, validation_data=(X_valid, y_valid),
                        callbacks=[checkpoint_cb], verbose=0)
    model = keras.models.load_model("my_keras_model.h5")  # rollback to best model
    best = min(history.history["val_loss"])
    np.testing.assert_allclose(model.evaluate(X_valid, y_valid, verbose=0)[0], best, rtol=1e-6)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my_keras_model.h5"]


def test_optimizer_keeps_the_variables_it_was_built_for(tmp_path):
    """Freezing a layer after training (without recompiling) still resumes exactly."""
    X, y = _data()

    def train_then_freeze(model):
        model.fit(X, y, epochs=1, batch_size=16, shuffle=False, verbose=0)
        model.layers[0].trainable = False
        return model

    uninterrupted = train_then_freeze(_sequential())
    uninterrupted.fit(X, y, epochs=2, batch_size=16, shuffle=False, verbose=0)
    model = train_then_freeze(_sequential())
    model.fit(X, y, epochs=1, batch_size=16, shuffle=False, verbose=0)
    model.save(tmp_path / "frozen.keras")
    loaded = keras.models.load_model(tmp_path / "frozen.keras")
    assert not loaded.layers[0].trainable
    assert len(loaded.optimizer._trainable_variables) == 6 > len(loaded.trainable_variables)
    loaded.fit(X, y, epochs=1, batch_size=16, shuffle=False, verbose=0)
    assert_same_weights(uninterrupted, loaded)
    assert_same_optimizer(uninterrupted, loaded)


def test_optimizer_built_for_foreign_variables_is_not_saved(tmp_path):
    import ember as tf

    optimizer = keras.optimizers.SGD(learning_rate=0.1)
    outside = tf.Variable([1.0, 2.0])
    optimizer.apply_gradients([(tf.constant([1.0, 1.0]), outside)])
    model = keras.Sequential([keras.layers.Dense(1, input_shape=[2])])
    model.compile(loss="mse", optimizer=optimizer)
    with pytest.warns(UserWarning, match=r"The state of optimizer .* is not saved: it was "
                                         r"built for variables that are not the model's"):
        model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.compiled and not loaded.optimizer.built
    assert_same_weights(model, loaded)
