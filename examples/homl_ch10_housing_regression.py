"""HOML chapter 10: regression MLPs on California housing, three ways, with callbacks.

The book's code with ember imports: a Sequential regression MLP, the Wide & Deep
Functional model with two inputs and an auxiliary output, the same model
subclassed, and training with ModelCheckpoint and EarlyStopping. The book's
test MSEs are around 0.4 (in units of $100,000 squared); this script asserts
each model lands near there.

scikit-learn's train_test_split and StandardScaler prepare the data as in the
book; ember.learn will provide them when its issue lands.

Run: python examples/homl_ch10_housing_regression.py
"""

import os
import tempfile

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from ember import keras
from ember.learn.datasets import fetch_california_housing


class WideAndDeepModel(keras.Model):
    def __init__(self, units=30, activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.hidden1 = keras.layers.Dense(units, activation=activation)
        self.hidden2 = keras.layers.Dense(units, activation=activation)
        self.main_output = keras.layers.Dense(1)
        self.aux_output = keras.layers.Dense(1)

    def call(self, inputs):
        input_A, input_B = inputs
        hidden1 = self.hidden1(input_B)
        hidden2 = self.hidden2(hidden1)
        concat = keras.layers.concatenate([input_A, hidden2])
        main_output = self.main_output(concat)
        aux_output = self.aux_output(hidden2)
        return main_output, aux_output


def load():
    housing = fetch_california_housing()
    X_train_full, X_test, y_train_full, y_test = train_test_split(
        housing.data, housing.target, random_state=42)
    X_train, X_valid, y_train, y_valid = train_test_split(
        X_train_full, y_train_full, random_state=42)
    scaler = StandardScaler()
    X_train = scaler.fit_transform(X_train)
    X_valid = scaler.transform(X_valid)
    X_test = scaler.transform(X_test)
    return X_train, X_valid, X_test, y_train, y_valid, y_test


def main(epochs=20, patience_epochs=100, workdir=None):
    X_train, X_valid, X_test, y_train, y_valid, y_test = load()
    keras.utils.set_random_seed(42)
    results = {}

    # The Sequential regression MLP.
    model = keras.models.Sequential([
        keras.layers.Dense(30, activation="relu", input_shape=X_train.shape[1:]),
        keras.layers.Dense(1),
    ])
    model.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(learning_rate=1e-3))
    model.fit(X_train, y_train, epochs=epochs, validation_data=(X_valid, y_valid), verbose=0)
    results["sequential"] = model.evaluate(X_test, y_test, verbose=0)
    X_new = X_test[:3]
    print("predictions:", model.predict(X_new, verbose=0).ravel().round(2), "true:", y_test[:3])

    # Wide & Deep, Functional API, two inputs and an auxiliary output.
    input_A = keras.layers.Input(shape=[5], name="wide_input")
    input_B = keras.layers.Input(shape=[6], name="deep_input")
    hidden1 = keras.layers.Dense(30, activation="relu")(input_B)
    hidden2 = keras.layers.Dense(30, activation="relu")(hidden1)
    concat = keras.layers.concatenate([input_A, hidden2])
    output = keras.layers.Dense(1, name="main_output")(concat)
    aux_output = keras.layers.Dense(1, name="aux_output")(hidden2)
    model = keras.models.Model(inputs=[input_A, input_B], outputs=[output, aux_output])
    model.compile(loss=["mse", "mse"], loss_weights=[0.9, 0.1], optimizer=keras.optimizers.SGD(learning_rate=1e-3))
    X_train_A, X_train_B = X_train[:, :5], X_train[:, 2:]
    X_valid_A, X_valid_B = X_valid[:, :5], X_valid[:, 2:]
    X_test_A, X_test_B = X_test[:, :5], X_test[:, 2:]
    model.fit([X_train_A, X_train_B], [y_train, y_train], epochs=epochs, verbose=0,
              validation_data=([X_valid_A, X_valid_B], [y_valid, y_valid]))
    total_loss, main_loss, aux_loss = model.evaluate([X_test_A, X_test_B], [y_test, y_test], verbose=0)
    results["wide_and_deep"] = main_loss

    # The same model, subclassed.
    model = WideAndDeepModel(30, activation="relu")
    model.compile(loss="mse", loss_weights=[0.9, 0.1], optimizer=keras.optimizers.SGD(learning_rate=1e-3))
    model.fit((X_train_A, X_train_B), (y_train, y_train), epochs=epochs, verbose=0,
              validation_data=((X_valid_A, X_valid_B), (y_valid, y_valid)))
    results["subclassed"] = model.evaluate((X_test_A, X_test_B), (y_test, y_test), verbose=0)[1]

    # Checkpoints and early stopping.
    workdir = workdir or tempfile.mkdtemp()
    path = os.path.join(workdir, "my_keras_model.h5")
    model = keras.models.Sequential([
        keras.layers.Dense(30, activation="relu", input_shape=[8]),
        keras.layers.Dense(1),
    ])
    model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=1e-3))
    checkpoint_cb = keras.callbacks.ModelCheckpoint(path, save_best_only=True)
    early_stopping_cb = keras.callbacks.EarlyStopping(patience=10, restore_best_weights=True)
    history = model.fit(X_train, y_train, epochs=patience_epochs, verbose=0,
                        validation_data=(X_valid, y_valid),
                        callbacks=[checkpoint_cb, early_stopping_cb])
    best = keras.models.load_model(path)
    results["early_stopping"] = model.evaluate(X_test, y_test, verbose=0)
    assert np.isclose(best.evaluate(X_valid, y_valid, verbose=0), min(history.history["val_loss"]), rtol=1e-5)
    print(f"early stopping ran {len(history.epoch)} of {patience_epochs} epochs")

    for name, mse in results.items():
        print(f"{name:15s} test MSE {mse:.4f}")
    if epochs >= 20:
        assert results["sequential"] < 0.6, results
        assert results["wide_and_deep"] < 0.7 and results["subclassed"] < 0.7, results
        assert results["early_stopping"] < 0.45, results
    return results


if __name__ == "__main__":
    main()
