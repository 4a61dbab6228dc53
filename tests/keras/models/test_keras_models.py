"""Models: Sequential, Functional, subclassed; compile/fit/evaluate/predict semantics."""

import io
from contextlib import redirect_stdout

import numpy as np
import pytest

import ember as tf
from ember import keras

torch = pytest.importorskip("torch")


def _regression_data(n=200, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 8)).astype(np.float32)
    y = (X @ rng.standard_normal((8, 1)) + 0.5).astype(np.float32)
    return X, y


def test_books_fashion_mlp_summary():
    keras.backend.clear_session()
    model = keras.models.Sequential([
        keras.layers.Flatten(input_shape=[28, 28]),
        keras.layers.Dense(300, activation="relu"),
        keras.layers.Dense(100, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    out = io.StringIO()
    with redirect_stdout(out):
        model.summary()
    text = out.getvalue()
    assert 'Model: "sequential"' in text
    assert "dense (Dense)" in text and "(None, 300)" in text and "235500" in text
    assert "Total params: 266,610" in text and "Trainable params: 266,610" in text
    assert [layer.name for layer in model.layers] == ["flatten", "dense", "dense_1", "dense_2"]
    hidden1 = model.layers[1]
    assert model.get_layer("dense") is hidden1
    weights, biases = hidden1.get_weights()
    assert weights.shape == (784, 300) and np.all(biases == 0)
    assert np.abs(weights).max() <= np.sqrt(6 / (784 + 300))


def test_sequential_add_pop_and_deferred_build():
    model = keras.Sequential()
    model.add(keras.layers.Dense(4, activation="relu"))
    model.add(keras.layers.Dense(1))
    assert not model.built
    out = model(np.ones((3, 5), np.float32))
    assert out.shape == (3, 1) and model.built and model.layers[0].kernel.shape == (5, 4)
    popped = model.pop()
    assert isinstance(popped, keras.layers.Dense) and len(model.layers) == 1
    seq = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Dense(2)])
    assert seq.built and seq.output.shape == (None, 2)


def test_one_sgd_step_matches_pytorch():
    X, y = _regression_data(32)
    model = keras.Sequential([keras.layers.Dense(4, activation="tanh", input_shape=[8]),
                              keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=0.05))
    net = torch.nn.Sequential(torch.nn.Linear(8, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
    with torch.no_grad():
        for linear, layer in zip([net[0], net[2]], model.layers):
            linear.weight.copy_(torch.tensor(layer.kernel.numpy().T))
            linear.bias.copy_(torch.tensor(layer.bias.numpy()))
    loss = model.train_on_batch(X, y)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.05)
    ref = torch.nn.functional.mse_loss(net(torch.tensor(X)), torch.tensor(y))
    ref.backward()
    optimizer.step()
    np.testing.assert_allclose(loss, ref.item(), rtol=1e-5)
    np.testing.assert_allclose(model.layers[0].kernel.numpy(), net[0].weight.detach().numpy().T, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.layers[1].bias.numpy(), net[2].bias.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_fit_history_validation_and_evaluate():
    X, y = _regression_data(300)
    keras.utils.set_random_seed(42)
    model = keras.Sequential([keras.layers.Dense(16, activation="relu", input_shape=[8]),
                              keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="adam", metrics=["mae"])
    history = model.fit(X, y, epochs=5, validation_split=0.2, verbose=0)
    assert sorted(history.history) == ["loss", "mae", "val_loss", "val_mae"]
    assert history.epoch == [0, 1, 2, 3, 4] and history.params["epochs"] == 5
    assert history.params["steps"] == 8  # 240 training samples, batch 32
    assert history.history["loss"][-1] < history.history["loss"][0]
    X_val, y_val = X[240:], y[240:]  # validation_split holds out the last 20%
    loss, mae = model.evaluate(X_val, y_val, verbose=0)
    np.testing.assert_allclose(loss, history.history["val_loss"][-1], rtol=1e-5)
    pred = model.predict(X_val, verbose=0)
    np.testing.assert_allclose(loss, np.mean((pred - y_val) ** 2), rtol=1e-4)
    np.testing.assert_allclose(mae, np.mean(np.abs(pred - y_val)), rtol=1e-4)
    assert model.evaluate(X_val, y_val, verbose=0, return_dict=True).keys() == {"loss", "mae"}


def test_same_seed_gives_identical_runs():
    X, y = _regression_data(100)

    def run():
        keras.utils.set_random_seed(7)
        model = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=[8]),
                                  keras.layers.Dropout(0.2), keras.layers.Dense(1)])
        model.compile(loss="mse", optimizer="sgd")
        history = model.fit(X, y, epochs=3, verbose=0)
        return model.get_weights(), history.history["loss"]

    (w1, h1), (w2, h2) = run(), run()
    assert h1 == h2
    for a, b in zip(w1, w2):
        np.testing.assert_array_equal(a, b)


def test_sample_and_class_weights_weight_the_loss():
    X, y = _regression_data(64)
    model = keras.Sequential([keras.layers.Dense(1, input_shape=[8])])
    model.compile(loss="mse", optimizer="sgd")
    weights = np.linspace(0, 2, 64).astype(np.float32)
    pred = model.predict(X, verbose=0)
    expected = np.sum(weights * (pred - y)[:, 0] ** 2) / 64
    np.testing.assert_allclose(model.test_on_batch(X, y, sample_weight=weights), expected, rtol=1e-5)
    labels = (X[:, 0] > 0).astype(np.int64)
    clf = keras.Sequential([keras.layers.Dense(2, activation="softmax", input_shape=[8])])
    clf.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    probs = clf.predict(X, verbose=0)
    per_sample = -np.log(probs[np.arange(64), labels])
    class_weight = {0: 1.0, 1: 3.0}
    expected = np.sum(per_sample * np.where(labels == 1, 3.0, 1.0)) / 64
    np.testing.assert_allclose(clf.train_on_batch(X, labels, class_weight=class_weight), expected, rtol=1e-5)


def test_wide_and_deep_functional_with_two_inputs_and_aux_output():
    X, y = _regression_data(200)
    X_A, X_B = X[:, :5], X[:, 2:]
    input_A = keras.layers.Input(shape=[5], name="wide_input")
    input_B = keras.layers.Input(shape=[6], name="deep_input")
    hidden1 = keras.layers.Dense(30, activation="relu")(input_B)
    hidden2 = keras.layers.Dense(30, activation="relu")(hidden1)
    concat = keras.layers.concatenate([input_A, hidden2])
    output = keras.layers.Dense(1, name="main_output")(concat)
    aux_output = keras.layers.Dense(1, name="aux_output")(hidden2)
    model = keras.Model(inputs=[input_A, input_B], outputs=[output, aux_output])
    model.compile(loss=["mse", "mse"], loss_weights=[0.9, 0.1], optimizer="sgd")
    history = model.fit((X_A, X_B), (y, y), epochs=2, verbose=0, validation_data=((X_A, X_B), (y, y)))
    assert set(history.history) == {"loss", "main_output_loss", "aux_output_loss", "val_loss",
                                    "val_main_output_loss", "val_aux_output_loss"}
    total, main_loss, aux_loss = model.evaluate((X_A, X_B), (y, y), verbose=0)
    np.testing.assert_allclose(total, 0.9 * main_loss + 0.1 * aux_loss, rtol=1e-5)
    y_pred_main, y_pred_aux = model.predict((X_A, X_B), verbose=0)
    np.testing.assert_allclose(main_loss, np.mean((y_pred_main - y) ** 2), rtol=1e-4)
    dict_model = keras.Model(inputs={"wide": input_A, "deep": input_B}, outputs={"main": output})
    out = dict_model({"wide": X_A[:2], "deep": X_B[:2]})
    np.testing.assert_allclose(out["main"], y_pred_main[:2], rtol=1e-5)
    assert [layer.name for layer in model.layers][:2] == ["deep_input", "dense"] or "wide_input" in [layer.name for layer in model.layers]


def test_subclassed_model_trains_and_names_outputs():
    X, y = _regression_data(100)

    class WideAndDeepModel(keras.Model):
        def __init__(self, units=30, activation="relu", **kwargs):
            super().__init__(**kwargs)
            self.hidden1 = keras.layers.Dense(units, activation=activation)
            self.hidden2 = keras.layers.Dense(units, activation=activation)
            self.main_output = keras.layers.Dense(1)
            self.aux_output = keras.layers.Dense(1)

        def call(self, inputs):
            input_A, input_B = inputs
            hidden2 = self.hidden2(self.hidden1(input_B))
            concat = keras.layers.concatenate([input_A, hidden2])
            return self.main_output(concat), self.aux_output(hidden2)

    model = WideAndDeepModel()
    model.compile(loss="mse", loss_weights=[0.9, 0.1], optimizer="sgd")
    history = model.fit((X[:, :5], X[:, 2:]), (y, y), epochs=3, verbose=0)
    assert set(history.history) == {"loss", "output_1_loss", "output_2_loss"}
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert len(model.layers) == 4 and len(model.trainable_weights) == 8


def test_mc_dropout_predictions_vary_only_in_training_mode():
    X, _ = _regression_data(50)
    model = keras.Sequential([keras.layers.Dense(16, activation="relu", input_shape=[8]),
                              keras.layers.Dropout(0.5), keras.layers.Dense(1)])
    a, b = model(X, training=True).numpy(), model(X, training=True).numpy()
    assert not np.allclose(a, b)
    np.testing.assert_array_equal(model.predict(X, verbose=0), model.predict(X, verbose=0))
    samples = np.stack([model(X, training=True).numpy() for _ in range(100)])
    assert samples.std(axis=0).mean() > 0


def test_transfer_learning_freezes_reused_layers():
    X, y = _regression_data(100)
    model_A = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=[8]),
                                keras.layers.Dense(1)])
    model_A_clone = keras.models.clone_model(model_A)
    model_A_clone.set_weights(model_A.get_weights())
    model_B_on_A = keras.Sequential(model_A_clone.layers[:-1])
    model_B_on_A.add(keras.layers.Dense(1, activation="sigmoid"))
    for layer in model_B_on_A.layers[:-1]:
        layer.trainable = False
    model_B_on_A.compile(loss="binary_crossentropy", optimizer="sgd")
    frozen = model_B_on_A.layers[0].kernel.numpy()
    model_B_on_A.fit(X, (y > 0).astype(np.float32), epochs=2, verbose=0)
    np.testing.assert_array_equal(model_B_on_A.layers[0].kernel.numpy(), frozen)
    np.testing.assert_array_equal(model_A.layers[0].kernel.numpy(), frozen)
    for layer in model_B_on_A.layers[:-1]:
        layer.trainable = True
    model_B_on_A.compile(loss="binary_crossentropy", optimizer="sgd")
    model_B_on_A.fit(X, (y > 0).astype(np.float32), epochs=1, verbose=0)
    assert not np.array_equal(model_B_on_A.layers[0].kernel.numpy(), frozen)


def test_add_loss_and_regularization_are_part_of_training_loss():
    X, y = _regression_data(40)
    model = keras.Sequential([keras.layers.Dense(1, input_shape=[8],
                                                 kernel_regularizer=keras.regularizers.l2(0.5))])
    model.compile(loss="mse", optimizer="sgd")
    pred = model.predict(X, verbose=0)
    expected = np.mean((pred - y) ** 2) + 0.5 * np.sum(model.layers[0].kernel.numpy() ** 2)
    np.testing.assert_allclose(model.test_on_batch(X, y), expected, rtol=1e-5)


def test_callbacks_receive_every_hook_in_order():
    X, y = _regression_data(64)
    calls = []

    class Recorder(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            calls.append("train_begin")

        def on_epoch_begin(self, epoch, logs=None):
            calls.append(f"epoch_begin {epoch}")

        def on_train_batch_end(self, batch, logs=None):
            calls.append(f"batch_end {batch}")

        def on_epoch_end(self, epoch, logs=None):
            calls.append(f"epoch_end {epoch} {sorted(logs)}")

        def on_train_end(self, logs=None):
            calls.append("train_end")

    model = keras.Sequential([keras.layers.Dense(1, input_shape=[8])])
    model.compile(loss="mse", optimizer="sgd")
    model.fit(X, y, epochs=2, batch_size=32, verbose=0, callbacks=[Recorder()])
    assert calls == ["train_begin", "epoch_begin 0", "batch_end 0", "batch_end 1",
                     "epoch_end 0 ['loss']", "epoch_begin 1", "batch_end 0", "batch_end 1",
                     "epoch_end 1 ['loss']", "train_end"]


def test_progress_bar_output():
    X, y = _regression_data(64)
    model = keras.Sequential([keras.layers.Dense(1, input_shape=[8])])
    model.compile(loss="mse", optimizer="sgd", metrics=["mae"])
    out = io.StringIO()
    with redirect_stdout(out):
        model.fit(X, y, epochs=2, verbose=1)
        model.fit(X, y, epochs=1, verbose=2)
        model.fit(X, y, epochs=1, verbose=0)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Epoch 1/2"
    assert lines[1].startswith("2/2 [==============================] - ") and " - loss: " in lines[1] and " - mae: " in lines[1]
    assert lines[4] == "Epoch 1/1"
    assert lines[5].startswith("2/2 - ") and "step - loss:" in lines[5]
    assert len(lines) == 6


def test_errors_name_the_problem():
    model = keras.Sequential([keras.layers.Dense(1, input_shape=[8])])
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(np.ones((4, 8)), np.ones((4, 1)), verbose=0)
    model.compile(loss="mse", optimizer="sgd")
    with pytest.raises(ValueError, match="ambiguous"):
        model.fit(np.ones((4, 8)), np.ones((5, 1)), verbose=0)
    with pytest.raises(ValueError, match="Unknown"):
        model.compile(loss="no_such_loss", optimizer="sgd")


def test_functional_and_sequential_configs_round_trip_through_json():
    import json

    X, _ = _regression_data(10)
    wide = keras.Input(shape=[5], name="wide")
    deep = keras.Input(shape=[6], name="deep")
    hidden = keras.layers.Dense(7, activation="relu")(deep)
    shared = keras.layers.Dense(7)
    merged = keras.layers.concatenate([wide, shared(hidden), shared(hidden)])
    outputs = {"main": keras.layers.Dense(1, name="main")(merged),
               "aux": keras.layers.Dense(1, name="aux")(hidden)}
    model = keras.Model(inputs=[wide, deep], outputs=outputs)
    rebuilt = keras.Model.from_config(json.loads(json.dumps(model.get_config())))
    rebuilt.set_weights(model.get_weights())
    assert [layer.name for layer in rebuilt.layers] == [layer.name for layer in model.layers]
    got, expected = rebuilt((X[:, :5], X[:, 2:])), model((X[:, :5], X[:, 2:]))
    for key in ("main", "aux"):
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-6)
    seq = keras.Sequential([keras.layers.Dense(3, activation="relu", input_shape=[8]),
                            keras.layers.Dropout(0.1), keras.layers.Dense(1)])
    seq2 = keras.Sequential.from_config(json.loads(json.dumps(seq.get_config())))
    seq2.set_weights(seq.get_weights())
    np.testing.assert_allclose(seq2.predict(X, verbose=0), seq.predict(X, verbose=0), rtol=1e-6)
