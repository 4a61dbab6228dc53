"""EarlyStopping on crafted sequences of monitored values."""

import io
from contextlib import redirect_stdout

import numpy as np
import pytest

from ember import keras


class Inject(keras.callbacks.Callback):
    """Overwrites a log value with a crafted sequence, before the callbacks after it run."""

    def __init__(self, key, values):
        super().__init__()
        self.key, self.values = key, list(values)

    def on_epoch_end(self, epoch, logs=None):
        logs[self.key] = self.values[epoch]


class WeightsLog(keras.callbacks.Callback):
    """Keeps the weights at the end of every epoch."""

    def __init__(self):
        super().__init__()
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        self.weights.append(self.model.get_weights())


def _fit(values, epochs=None, key="val_loss", metrics=(), **kwargs):
    keras.utils.set_random_seed(1)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(32, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])
    model.compile(optimizer="sgd", loss="mse", metrics=list(metrics))
    stopper = keras.callbacks.EarlyStopping(monitor=key, **kwargs)
    weights = WeightsLog()
    history = model.fit(
        x,
        y,
        epochs=epochs or len(values),
        batch_size=8,
        verbose=0,
        callbacks=[Inject(key, values), weights, stopper],
    )
    return model, stopper, history, weights.weights


VAL_LOSS = [1.0, 0.8, 0.9, 0.85, 0.7, 0.75, 0.76, 0.74, 0.72, 0.71]


@pytest.mark.parametrize("patience, stopped", [(0, 2), (1, 2), (2, 3), (3, 7), (5, 9)])
def test_patience_stops_at_the_expected_epoch(patience, stopped):
    # best values: 1.0 (epoch 0), 0.8 (1), 0.7 (4); as in Keras, the wait counts the
    # epoch being judged, so patience 0 and 1 both stop at the first epoch that does
    # not improve
    model, stopper, history, _ = _fit(VAL_LOSS, patience=patience)
    assert stopper.stopped_epoch == stopped
    assert history.epoch == list(range(stopped + 1))
    assert model.stop_training


def test_no_stop_when_patience_is_never_exceeded():
    _, stopper, history, _ = _fit(VAL_LOSS, patience=6)
    assert stopper.stopped_epoch == 0 and history.epoch == list(range(10))
    assert stopper.best == 0.7 and stopper.best_epoch == 4


def test_min_delta_makes_small_improvements_count_as_none():
    values = [1.0, 0.97, 0.95, 0.93, 0.9]
    _, stopper, _, _ = _fit(values, patience=2, min_delta=0.06)
    # 0.97 and 0.95 are within 0.06 of 1.0: two epochs without improvement
    assert stopper.stopped_epoch == 2 and stopper.best == 1.0
    _, stopper, _, _ = _fit(values, patience=2)
    assert stopper.stopped_epoch == 0 and stopper.best == 0.9


@pytest.mark.parametrize("stop_early", [True, False])
def test_restore_best_weights_also_without_early_stop(stop_early):
    # Keras 3 restores the best epoch's weights whenever training ends
    model, stopper, history, weights = _fit(
        VAL_LOSS, patience=2 if stop_early else 20, restore_best_weights=True
    )
    best_epoch = 1 if stop_early else 4
    assert stopper.best_epoch == best_epoch
    assert len(history.epoch) == (4 if stop_early else 10)
    for restored, expected in zip(model.get_weights(), weights[best_epoch]):
        np.testing.assert_array_equal(restored, expected)
    assert not np.array_equal(model.get_weights()[0], weights[-1][0])


def test_baseline_must_be_beaten_to_reset_patience():
    values = [0.9, 0.95, 0.97, 0.99, 1.0]
    _, stopper, history, _ = _fit(values, patience=3, baseline=0.5)
    # epoch 0 is the best but does not beat the baseline: its epoch counts in the wait
    assert stopper.stopped_epoch == 2 and history.epoch == [0, 1, 2]
    _, stopper, _, _ = _fit(values, patience=3, baseline=0.95)
    assert stopper.stopped_epoch == 3
    _, stopper, _, _ = _fit(values, patience=3)
    assert stopper.stopped_epoch == 3


def test_start_from_epoch_ignores_the_warm_up():
    values = [5.0, 6.0, 7.0, 1.0, 1.1, 1.2, 1.3]
    _, stopper, _, _ = _fit(values, patience=1, start_from_epoch=3)
    assert stopper.best == 1.0 and stopper.best_epoch == 3 and stopper.stopped_epoch == 4


def test_auto_mode_maximises_accuracy_and_auc():
    rising_then_flat = [0.5, 0.6, 0.7, 0.65, 0.66, 0.69, 0.6]
    _, stopper, _, _ = _fit(rising_then_flat, key="val_accuracy", patience=2, metrics=["accuracy"])
    assert stopper.best == 0.7 and stopper.stopped_epoch == 4
    _, stopper, _, _ = _fit(rising_then_flat, key="val_auc", patience=2)
    assert stopper.best == 0.7 and stopper.stopped_epoch == 4
    _, stopper, _, _ = _fit(rising_then_flat, key="val_mae", patience=2, metrics=["mae"])
    assert stopper.best == 0.5 and stopper.stopped_epoch == 2
    _, stopper, _, _ = _fit(rising_then_flat, key="val_thing", patience=2, mode="max")
    assert stopper.best == 0.7


def test_unknown_direction_and_missing_monitor():
    with pytest.raises(ValueError, match="mode='max'"):
        _fit([1.0, 2.0], key="val_thing")
    with pytest.warns(UserWarning, match="fallback to auto"):
        keras.callbacks.EarlyStopping(mode="sideways")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(2,))])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.warns(
        UserWarning, match="`val_loss` which is not available. Available metrics are: loss"
    ):
        model.fit(
            np.ones((4, 2)),
            np.ones(4),
            epochs=1,
            verbose=0,
            callbacks=[keras.callbacks.EarlyStopping()],
        )


def test_verbose_messages():
    out = io.StringIO()
    with redirect_stdout(out):
        _fit(VAL_LOSS, patience=1, verbose=1, restore_best_weights=True)
    assert out.getvalue() == (
        "Epoch 3: early stopping\nRestoring model weights from the end of the best epoch: 2.\n"
    )


def test_books_usage_stops_on_real_validation_loss():
    # HOML ch10: EarlyStopping(patience=10, restore_best_weights=True) with validation data
    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(60, 5)).astype("float32")
    y = (x[:, :1] + 0.5 * rng.normal(size=(60, 1))).astype("float32")
    model = keras.Sequential(
        [keras.layers.Dense(32, activation="relu", input_shape=(5,)), keras.layers.Dense(1)]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="mse")
    stopper = keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)
    history = model.fit(
        x[:40], y[:40], epochs=200, validation_data=(x[40:], y[40:]), callbacks=[stopper], verbose=0
    )
    val_loss = history.history["val_loss"]
    best = int(np.argmin(val_loss))
    assert stopper.stopped_epoch == best + 5 == history.epoch[-1] < 199
    assert stopper.best == val_loss[best]
    np.testing.assert_allclose(model.evaluate(x[40:], y[40:], verbose=0), val_loss[best], rtol=1e-6)
