"""Hook order of fit/evaluate/predict, LambdaCallback and TerminateOnNaN."""

import io
from contextlib import redirect_stdout

import numpy as np
import pytest

from ember import keras


def _model_and_data():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(56, 4)).astype("float32")
    y = (x @ np.array([1.0, -2.0, 0.5, 3.0], dtype="float32"))[:, None]
    model = keras.Sequential(
        [keras.layers.Dense(3, activation="relu", input_shape=(4,)), keras.layers.Dense(1)]
    )
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    return model, x, y


class Recorder(keras.callbacks.Callback):
    """Records every hook Keras 3 documents, with the keys of its logs."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def _record(self, name, index=None, logs=None):
        keys = None if logs is None else tuple(sorted(logs))
        self.calls.append((name, index, keys))

    def on_train_begin(self, logs=None):
        self._record("train_begin", logs=logs)

    def on_train_end(self, logs=None):
        self._record("train_end", logs=logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._record("epoch_begin", epoch)

    def on_epoch_end(self, epoch, logs=None):
        self._record("epoch_end", epoch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._record("train_batch_begin", batch)

    def on_train_batch_end(self, batch, logs=None):
        self._record("train_batch_end", batch, logs)

    def on_test_begin(self, logs=None):
        self._record("test_begin")

    def on_test_end(self, logs=None):
        self._record("test_end", logs=logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._record("test_batch_begin", batch)

    def on_test_batch_end(self, batch, logs=None):
        self._record("test_batch_end", batch, logs)

    def on_predict_begin(self, logs=None):
        self._record("predict_begin")

    def on_predict_end(self, logs=None):
        self._record("predict_end")

    def on_predict_batch_begin(self, batch, logs=None):
        self._record("predict_batch_begin", batch)

    def on_predict_batch_end(self, batch, logs=None):
        self._record("predict_batch_end", batch, logs)


TRAIN = ("loss", "mae")
EPOCH = ("loss", "mae", "val_loss", "val_mae")


def _validation(steps):
    calls = [("test_begin", None, None)]
    for step in range(steps):
        calls += [("test_batch_begin", step, None), ("test_batch_end", step, TRAIN)]
    return calls + [("test_end", None, TRAIN)]


def test_fit_with_validation_calls_hooks_in_keras_order():
    model, x, y = _model_and_data()
    recorder = Recorder()
    model.fit(
        x[:32],
        y[:32],
        batch_size=16,
        epochs=2,
        validation_data=(x[32:], y[32:]),
        callbacks=[recorder],
        verbose=0,
    )
    expected = [("train_begin", None, None)]
    for epoch in range(2):
        expected.append(("epoch_begin", epoch, None))
        for step in range(2):
            expected += [("train_batch_begin", step, None), ("train_batch_end", step, TRAIN)]
        expected += _validation(2)  # 24 validation samples in batches of 16
        expected.append(("epoch_end", epoch, EPOCH))
    expected.append(("train_end", None, EPOCH))
    assert recorder.calls == expected
    assert recorder.params == {"verbose": 0, "epochs": 2, "steps": 2}
    assert recorder.model is model


def test_evaluate_and_predict_call_their_hooks():
    model, x, y = _model_and_data()
    recorder = Recorder()
    model.evaluate(x, y, batch_size=20, callbacks=[recorder], verbose=0)
    assert recorder.calls == _validation(3)

    recorder.calls.clear()
    outputs = []
    spy = keras.callbacks.LambdaCallback(
        on_predict_batch_end=lambda batch, logs: outputs.append(np.asarray(logs["outputs"]))
    )
    predictions = model.predict(x, batch_size=20, callbacks=[recorder, spy], verbose=0)
    assert recorder.calls == [
        ("predict_begin", None, None),
        ("predict_batch_begin", 0, None),
        ("predict_batch_end", 0, ("outputs",)),
        ("predict_batch_begin", 1, None),
        ("predict_batch_end", 1, ("outputs",)),
        ("predict_batch_begin", 2, None),
        ("predict_batch_end", 2, ("outputs",)),
        ("predict_end", None, None),
    ]
    np.testing.assert_array_equal(np.concatenate(outputs), predictions)


def test_epoch_logs_are_the_history():
    model, x, y = _model_and_data()
    seen = {}
    keep = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.setdefault(epoch, dict(logs))
    )
    history = model.fit(x, y, epochs=3, validation_split=0.25, callbacks=[keep], verbose=0)
    assert history.epoch == [0, 1, 2]
    for key, values in history.history.items():
        assert values == [seen[epoch][key] for epoch in range(3)]


def test_keras2_batch_hook_names_get_training_batches():
    model, x, y = _model_and_data()
    calls = []

    class Old(keras.callbacks.Callback):
        def on_batch_begin(self, batch, logs=None):
            calls.append(("begin", batch))

        def on_batch_end(self, batch, logs=None):
            calls.append(("end", batch, round(logs["loss"], 6)))

    losses = []
    new = keras.callbacks.LambdaCallback(
        on_batch_end=lambda batch, logs: losses.append(round(logs["loss"], 6))
    )
    model.fit(x[:32], y[:32], batch_size=16, epochs=1, callbacks=[Old(), new], verbose=0)
    assert [c[:2] for c in calls] == [("begin", 0), ("end", 0), ("begin", 1), ("end", 1)]
    assert [c[2] for c in calls if c[0] == "end"] == losses


def test_lambda_callback_every_hook():
    model, x, y = _model_and_data()
    calls = []
    hooks = [
        "on_train_begin",
        "on_train_end",
        "on_epoch_begin",
        "on_epoch_end",
        "on_train_batch_begin",
        "on_train_batch_end",
        "on_test_begin",
        "on_test_end",
        "on_test_batch_begin",
        "on_test_batch_end",
        "on_predict_begin",
        "on_predict_end",
        "on_predict_batch_begin",
        "on_predict_batch_end",
    ]

    def make(name):
        return lambda *args: calls.append((name, len(args)))

    callback = keras.callbacks.LambdaCallback(**{name: make(name) for name in hooks})
    model.fit(
        x[:16],
        y[:16],
        batch_size=16,
        epochs=1,
        validation_data=(x[16:32], y[16:32]),
        callbacks=[callback],
        verbose=0,
    )
    model.predict(x[:16], batch_size=16, callbacks=[callback], verbose=0)
    assert calls == [
        ("on_train_begin", 1),
        ("on_epoch_begin", 2),
        ("on_train_batch_begin", 2),
        ("on_train_batch_end", 2),
        ("on_test_begin", 1),
        ("on_test_batch_begin", 2),
        ("on_test_batch_end", 2),
        ("on_test_end", 1),
        ("on_epoch_end", 2),
        ("on_train_end", 1),
        ("on_predict_begin", 1),
        ("on_predict_batch_begin", 2),
        ("on_predict_batch_end", 2),
        ("on_predict_end", 1),
    ]


def test_lambda_callback_rejects_unknown_and_duplicate_hooks():
    with pytest.raises(TypeError, match="on_epoch_ends"):
        keras.callbacks.LambdaCallback(on_epoch_ends=print)
    with pytest.raises(TypeError, match="both"):
        keras.callbacks.LambdaCallback(on_train_batch_end=print, on_batch_end=print)
    with pytest.raises(TypeError, match="callable"):
        keras.callbacks.LambdaCallback(on_epoch_end=3)


@pytest.mark.parametrize("raise_error", [False, True])
def test_terminate_on_nan(raise_error):
    model, x, y = _model_and_data()
    y = y.copy()
    y[20] = np.nan  # the second batch of 16 has a NaN target
    ends = []
    watcher = keras.callbacks.LambdaCallback(on_train_end=lambda logs: ends.append(logs))
    seen = []
    counter = keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(b))
    callbacks = [keras.callbacks.TerminateOnNaN(raise_error=raise_error), counter, watcher]
    out = io.StringIO()
    if raise_error:
        with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch 1"):
            model.fit(x, y, batch_size=16, epochs=3, shuffle=False, callbacks=callbacks, verbose=0)
        assert ends == [] and seen == [0]
    else:
        with redirect_stdout(out):
            history = model.fit(
                x, y, batch_size=16, epochs=3, shuffle=False, callbacks=callbacks, verbose=0
            )
        assert out.getvalue() == "Batch 1: Invalid loss, terminating training\n"
        assert seen == [0, 1] and len(ends) == 1 and history.epoch == [0]
        assert np.isnan(history.history["loss"][0])
