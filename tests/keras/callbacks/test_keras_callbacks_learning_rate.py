"""LearningRateScheduler, ReduceLROnPlateau and OneCycleScheduler against their formulas."""

import io
import math
from contextlib import redirect_stdout

import numpy as np
import pytest

from ember import keras


def _model(optimizer=None, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [keras.layers.Dense(4, activation="relu", input_shape=(3,)), keras.layers.Dense(1)]
    )
    model.compile(optimizer=optimizer or keras.optimizers.SGD(learning_rate=0.01), loss="mse")
    return model


def _data(n=40):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3)).astype("float32")
    return x, x.sum(axis=1, keepdims=True)


class RateLog(keras.callbacks.Callback):
    """The optimizer's learning rate (and momentum) as each training batch starts."""

    def __init__(self):
        super().__init__()
        self.rates, self.momentums = [], []

    def on_train_batch_begin(self, batch, logs=None):
        self.rates.append(float(np.asarray(self.model.optimizer.learning_rate)))
        self.momentums.append(getattr(self.model.optimizer, "momentum", None))


def f32(values):
    return [float(np.float32(v)) for v in values]


def test_homl_exponential_decay_fn_of_the_epoch():
    def exponential_decay(lr0, s):
        def exponential_decay_fn(epoch):
            return lr0 * 0.1 ** (epoch / s)

        return exponential_decay_fn

    model, (x, y), rates = _model(), _data(), RateLog()
    scheduler = keras.callbacks.LearningRateScheduler(exponential_decay(lr0=0.01, s=20))
    history = model.fit(x, y, epochs=6, batch_size=20, callbacks=[scheduler, rates], verbose=0)
    expected = f32(0.01 * 0.1 ** (epoch / 20) for epoch in range(6))
    assert history.history["learning_rate"] == expected
    assert rates.rates == [rate for rate in expected for _ in range(2)]  # 2 batches an epoch


def test_schedule_of_epoch_and_current_rate():
    def exponential_decay_fn(epoch, lr):
        return lr * 0.1 ** (1 / 20)

    model, (x, y) = _model(), _data()
    history = model.fit(
        x,
        y,
        epochs=5,
        verbose=0,
        callbacks=[keras.callbacks.LearningRateScheduler(exponential_decay_fn)],
    )
    expected, rate = [], np.float32(0.01)
    for _ in range(5):  # each epoch reads the stored float32 rate and multiplies it
        rate = np.float32(float(rate) * 0.1 ** (1 / 20))
        expected.append(float(rate))
    assert history.history["learning_rate"] == expected


def test_keras_docs_schedule_and_messages():
    def scheduler(epoch, lr):
        return lr if epoch < 2 else lr * float(np.exp(-0.1))

    model, (x, y) = _model(), _data()
    out = io.StringIO()
    with redirect_stdout(out):
        model.fit(
            x,
            y,
            epochs=3,
            verbose=0,
            callbacks=[keras.callbacks.LearningRateScheduler(scheduler, verbose=1)],
        )
    lines = out.getvalue().split("\n")
    assert (
        lines[1] == "Epoch 1: LearningRateScheduler setting learning rate to 0.009999999776482582."
    )
    assert float(np.asarray(model.optimizer.learning_rate)) == float(
        np.float32(float(np.float32(0.01)) * float(np.exp(-0.1)))
    )


def test_schedule_errors():
    model, (x, y) = _model(), _data()
    with pytest.raises(ValueError, match="should be a float. Got: 'fast'"):
        model.fit(
            x,
            y,
            epochs=1,
            verbose=0,
            callbacks=[keras.callbacks.LearningRateScheduler(lambda epoch: "fast")],
        )
    with pytest.raises(TypeError, match="must be a function"):
        keras.callbacks.LearningRateScheduler(0.01)
    schedule = keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=10, decay_rate=0.5)
    model = _model(keras.optimizers.SGD(learning_rate=schedule))
    with pytest.raises(TypeError, match="not settable"):
        model.fit(
            x,
            y,
            epochs=1,
            verbose=0,
            callbacks=[keras.callbacks.LearningRateScheduler(lambda epoch: 0.1)],
        )


class Inject(keras.callbacks.Callback):
    def __init__(self, values):
        super().__init__()
        self.values = values

    def on_epoch_end(self, epoch, logs=None):
        logs["val_loss"] = self.values[epoch]


def test_reduce_lr_on_plateau_crafted_sequence():
    values = [1.0, 0.9, 0.95, 0.96, 0.97, 0.98, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9]
    model, (x, y) = _model(), _data()
    reduce = keras.callbacks.ReduceLROnPlateau(
        factor=0.5, patience=2, cooldown=1, min_lr=0.002, verbose=1
    )
    out = io.StringIO()
    with redirect_stdout(out):
        history = model.fit(x, y, epochs=12, verbose=0, callbacks=[Inject(values), reduce])
    # reductions at epochs 3 (no improvement since 0.9 at epoch 1), 5 (after one epoch of
    # cooldown), 8 (clipped to min_lr); then the rate is at min_lr and stays there
    assert history.history["learning_rate"] == f32(
        [0.01] * 4 + [0.005] * 2 + [0.0025] * 3 + [0.002] * 3
    )
    assert out.getvalue().split("\n")[1::2][:3] == [
        "Epoch 4: ReduceLROnPlateau reducing learning rate to 0.004999999888241291.",
        "Epoch 6: ReduceLROnPlateau reducing learning rate to 0.0024999999441206455.",
        "Epoch 9: ReduceLROnPlateau reducing learning rate to 0.002.",
    ]


def test_reduce_lr_on_plateau_homl_performance_scheduling():
    # HOML ch11: ReduceLROnPlateau(factor=0.5, patience=5) on a real validation loss
    model, (x, y) = _model(keras.optimizers.SGD(learning_rate=0.5)), _data(60)
    reduce = keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=2)
    history = model.fit(
        x[:40], y[:40], epochs=12, validation_data=(x[40:], y[40:]), callbacks=[reduce], verbose=0
    )
    rates, losses = history.history["learning_rate"], history.history["val_loss"]
    best, wait, rate = math.inf, 0, rates[0]
    for epoch, loss in enumerate(losses):  # the rule, replayed on the real losses
        assert rates[epoch] == rate
        if loss < best - 1e-4:
            best, wait = loss, 0
        else:
            wait += 1
            if wait >= 2:
                rate, wait = float(np.float32(rate * 0.5)), 0
    assert rates[-1] < rates[0]


def test_reduce_lr_on_plateau_arguments():
    with pytest.raises(ValueError, match="factor >= 1.0"):
        keras.callbacks.ReduceLROnPlateau(factor=1.5)
    assert keras.callbacks.ReduceLROnPlateau(epsilon=0.01).min_delta == 0.01
    with pytest.raises(TypeError, match="patients"):
        keras.callbacks.ReduceLROnPlateau(patients=3)


def homl_one_cycle(iteration, iterations, max_rate):
    """HOML ch11's OneCycleScheduler.on_batch_begin, with its default arguments."""
    start_rate = max_rate / 10
    last_iterations = iterations // 10 + 1
    half = (iterations - last_iterations) // 2
    last_rate = start_rate / 1000

    def interpolate(iter1, iter2, rate1, rate2):
        return (rate2 - rate1) * (iteration - iter1) / (iter2 - iter1) + rate1

    if iteration < half:
        return interpolate(0, half, start_rate, max_rate)
    if iteration < 2 * half:
        return interpolate(half, 2 * half, max_rate, start_rate)
    return interpolate(2 * half, iterations, start_rate, last_rate)


def test_one_cycle_follows_homl_per_batch():
    n_epochs, batch_size, (x, y) = 5, 8, _data(40)
    iterations = math.ceil(len(x) / batch_size) * n_epochs  # 25
    model, rates = _model(), RateLog()
    onecycle = keras.callbacks.OneCycleScheduler(iterations, max_rate=0.05)
    model.fit(x, y, epochs=n_epochs, batch_size=batch_size, callbacks=[onecycle, rates], verbose=0)
    expected = [homl_one_cycle(i, iterations, 0.05) for i in range(iterations)]
    assert rates.rates == f32(expected)
    assert onecycle.half_iteration == 11 and onecycle.last_iterations == 3
    assert rates.rates[0] == f32([0.005])[0] and rates.rates[11] == f32([0.05])[0]
    assert rates.rates[22] == f32([0.005])[0] and rates.rates[-1] < 0.005 / 2
    assert onecycle.iteration == iterations
    assert onecycle.rate_at(iterations + 5) == 0.005 / 1000


def test_one_cycle_momentum_and_book_names():
    (x, y), rates = _data(40), RateLog()
    model = _model(keras.optimizers.SGD(learning_rate=0.01, momentum=0.9))
    onecycle = keras.callbacks.OneCycleScheduler(
        20,
        max_lr=0.1,
        start_lr=0.02,
        last_lr=1e-4,
        last_iterations=4,
        max_momentum=0.95,
        min_momentum=0.85,
    )
    model.fit(x, y, epochs=4, batch_size=8, callbacks=[onecycle, rates], verbose=0)
    half = 8
    assert rates.rates[0] == f32([0.02])[0] and rates.rates[half] == f32([0.1])[0]
    assert rates.rates[16] == f32([0.02])[0]
    np.testing.assert_allclose(
        rates.rates[17:], f32(0.02 + (1e-4 - 0.02) * i / 4 for i in range(1, 4)), rtol=1e-6
    )
    expected = [0.95 + (0.85 - 0.95) * i / half for i in range(half)]
    expected += [0.85 + (0.95 - 0.85) * i / half for i in range(half)] + [0.95] * 4
    np.testing.assert_allclose(rates.momentums, expected, rtol=1e-12)


def test_one_cycle_errors():
    with pytest.raises(ValueError, match="iterations"):
        keras.callbacks.OneCycleScheduler(1, max_rate=0.1)
    with pytest.raises(ValueError, match="not both"):
        keras.callbacks.OneCycleScheduler(100, max_rate=0.1, max_lr=0.1)
    with pytest.raises(ValueError, match="both `max_momentum` and `min_momentum`"):
        keras.callbacks.OneCycleScheduler(100, max_momentum=0.95)
    model, (x, y) = _model(), _data()
    with pytest.raises(ValueError, match="non-zero `momentum`"):
        model.fit(
            x,
            y,
            epochs=1,
            verbose=0,
            callbacks=[keras.callbacks.OneCycleScheduler(10, max_momentum=0.95, min_momentum=0.85)],
        )
