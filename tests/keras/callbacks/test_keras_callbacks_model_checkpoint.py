"""ModelCheckpoint with model.save / model.save_weights, read back with load_model / load_weights."""

import io
import os
from contextlib import redirect_stdout

import numpy as np
import pytest

from ember import keras


class Inject(keras.callbacks.Callback):
    def __init__(self, key, values):
        super().__init__()
        self.key, self.values = key, values

    def on_epoch_end(self, epoch, logs=None):
        logs[self.key] = self.values[epoch]


class WeightsLog(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.epochs, self.batches = [], {}

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        self.batches[(self.epoch, batch)] = self.model.get_weights()

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append(self.model.get_weights())


def _fit(checkpoint, epochs=5, inject=None, metrics=()):
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3)).astype("float32")
    y = (x.sum(axis=1) > 0).astype("float32")
    model = keras.Sequential([keras.layers.Dense(2, activation="relu", input_shape=(3,)),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=list(metrics))
    log = WeightsLog()
    callbacks = ([Inject(*inject)] if inject else []) + [log, checkpoint]
    history = model.fit(x, y, epochs=epochs, batch_size=10, validation_split=0.25, verbose=0,
                        callbacks=callbacks)
    return model, history, log


def _assert_weights(actual, expected):
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        np.testing.assert_array_equal(a, e)


def test_save_best_only_keeps_the_best_model(tmp_path):
    # HOML ch10: ModelCheckpoint("my_keras_model.h5", save_best_only=True)
    path = tmp_path / "my_keras_model.h5"
    checkpoint = keras.callbacks.ModelCheckpoint(str(path), save_best_only=True)
    values = [0.9, 0.7, 0.8, 0.6, 0.65]
    _, _, log = _fit(checkpoint, inject=("val_loss", values))
    assert checkpoint.best == 0.6
    restored = keras.models.load_model(path)
    _assert_weights(restored.get_weights(), log.epochs[3])


def test_format_fields_one_file_per_epoch(tmp_path):
    pattern = os.path.join(tmp_path, "ckpt-{epoch:02d}-{val_loss:.2f}.keras")
    model, history, log = _fit(keras.callbacks.ModelCheckpoint(pattern), epochs=3)
    names = sorted(os.listdir(tmp_path))
    expected = [f"ckpt-{e + 1:02d}-{v:.2f}.keras"
                for e, v in enumerate(history.history["val_loss"])]
    assert names == expected
    for epoch, name in enumerate(names):
        _assert_weights(keras.models.load_model(tmp_path / name).get_weights(),
                        log.epochs[epoch])


def test_weights_only_with_any_name_and_auto_max(tmp_path):
    # HOML 3rd edition: ModelCheckpoint("my_checkpoints", save_weights_only=True)
    path = tmp_path / "my_checkpoints"
    checkpoint = keras.callbacks.ModelCheckpoint(path, monitor="val_accuracy",
                                                 save_weights_only=True, save_best_only=True)
    values = [0.5, 0.8, 0.7, 0.75, 0.6]
    model, _, log = _fit(checkpoint, inject=("val_accuracy", values), metrics=["accuracy"])
    assert checkpoint.best == 0.8
    model.load_weights(path)
    _assert_weights(model.get_weights(), log.epochs[1])


def test_initial_value_threshold_blocks_worse_models(tmp_path):
    path = tmp_path / "best.keras"
    checkpoint = keras.callbacks.ModelCheckpoint(path, save_best_only=True,
                                                 initial_value_threshold=0.65)
    _fit(checkpoint, inject=("val_loss", [0.9, 0.7, 0.8, 0.66, 0.7]))
    assert not path.exists() and checkpoint.best == 0.65
    _, _, log = _fit(keras.callbacks.ModelCheckpoint(path, save_best_only=True,
                                                     initial_value_threshold=0.65),
                     inject=("val_loss", [0.9, 0.7, 0.6, 0.66, 0.5]))
    _assert_weights(keras.models.load_model(path).get_weights(), log.epochs[4])


def test_save_every_n_batches_with_batch_field(tmp_path):
    pattern = str(tmp_path / "w-{epoch}-{batch}.weights.h5")
    checkpoint = keras.callbacks.ModelCheckpoint(pattern, save_weights_only=True, save_freq=3)
    model, _, log = _fit(checkpoint, epochs=2)  # 3 batches of 10 an epoch
    assert sorted(os.listdir(tmp_path)) == ["w-1-3.weights.h5", "w-2-3.weights.h5"]
    pattern = str(tmp_path / "v-{epoch}-{batch}.weights.h5")
    checkpoint = keras.callbacks.ModelCheckpoint(pattern, save_weights_only=True, save_freq=2)
    model, _, log = _fit(checkpoint, epochs=2)
    assert sorted(f for f in os.listdir(tmp_path) if f.startswith("v")) == [
        "v-1-2.weights.h5", "v-2-1.weights.h5", "v-2-3.weights.h5"]
    model.load_weights(tmp_path / "v-2-1.weights.h5")
    _assert_weights(model.get_weights(), log.batches[(1, 0)])


def test_verbose_messages(tmp_path):
    path = tmp_path / "model.keras"
    checkpoint = keras.callbacks.ModelCheckpoint(path, save_best_only=True, verbose=1)
    out = io.StringIO()
    with redirect_stdout(out):
        _fit(checkpoint, epochs=2, inject=("val_loss", [0.5, 0.6]))
    assert out.getvalue() == (
        f"\nEpoch 1: val_loss improved from None to 0.50000, saving model to {path}\n"
        f"\nEpoch 1: finished saving model to {path}\n"
        "\nEpoch 2: val_loss did not improve from 0.50000\n")


def test_errors(tmp_path):
    with pytest.raises(ValueError, match="must end in `.keras`"):
        keras.callbacks.ModelCheckpoint(tmp_path / "model.weights")
    with pytest.raises(ValueError, match="Unrecognized save_freq: batch"):
        keras.callbacks.ModelCheckpoint(tmp_path / "m.keras", save_freq="batch")
    with pytest.raises(KeyError, match="Failed to format this callback filepath"):
        _fit(keras.callbacks.ModelCheckpoint(str(tmp_path / "{val_mape}.keras")), epochs=1)
    os.mkdir(tmp_path / "taken.keras")
    with pytest.raises(OSError, match="non-directory filepath"):
        _fit(keras.callbacks.ModelCheckpoint(tmp_path / "taken.keras"), epochs=1)
    with pytest.warns(UserWarning, match="Can save best model only with val_auc available"):
        _fit(keras.callbacks.ModelCheckpoint(tmp_path / "a.keras", monitor="val_auc",
                                             save_best_only=True), epochs=1)
