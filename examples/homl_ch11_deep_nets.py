"""HOML chapter 11 (2nd ed.): training deep neural networks, on Fashion-MNIST.

The book's code with only the imports changed, in five parts:

(a) a self-normalizing network: 100 hidden Dense layers (300, then 99 of 100
    units) with SELU and LeCun normal initialization on inputs scaled to mean
    0 and standard deviation 1. The activations stay normalized through all
    100 layers (asserted: mean within 0.25 of 0, std within 0.35 of 1 at
    every layer) and the network trains (validation accuracy above 0.75
    after the book's 5 epochs of SGD at 1e-3);
(b) Batch Normalization (Flatten, BN, Dense 300 elu he_normal, BN, Dense
    100, BN, Dense 10): the summary's 271,346 parameters, 268,978 trainable
    and 2,368 non-trainable as in the book, then training;
(c) transfer learning: model A learns the 8 classes other than sandals and
    shirts, model B learns "shirt or sandal?" from 200 images; model_B_on_A
    reuses A's hidden layers (A saved and reloaded, clone_model +
    set_weights), is trained 4 epochs frozen then 16 unfrozen. The book:
    test accuracy 97.05% for B and 99.25% for B on A, the error rate divided
    by about 4 ("we cheated", the book admits); here B on A must beat B;
(d) MC Dropout on the book's AlphaDropout network: 100 stochastic passes
    (`training=True`) averaged; the MC accuracy must be at least the plain
    accuracy minus 0.01 (the book: 86.94% against 86.86%);
(e) max-norm regularization with `keras.constraints.max_norm(1.)`: every
    unit's incoming weight vector keeps a norm of at most 1.

Run: EMBER_DATA_HOME=../shared/datasets python examples/homl_ch11_deep_nets.py
"""

import os
import tempfile
from functools import partial

import numpy as np

import ember as tf
from ember import keras


def load_fashion_mnist():
    (X_train_full, y_train_full), (X_test, y_test) = keras.datasets.fashion_mnist.load_data()
    X_train_full = X_train_full / 255.0
    X_test = X_test / 255.0
    X_valid, X_train = X_train_full[:5000], X_train_full[5000:]
    y_valid, y_train = y_train_full[:5000], y_train_full[5000:]
    return (X_train, y_train), (X_valid, y_valid), (X_test, y_test)


def scale(X_train, X_valid, X_test):
    pixel_means = X_train.mean(axis=0, keepdims=True)
    pixel_stds = X_train.std(axis=0, keepdims=True)
    X_train_scaled = (X_train - pixel_means) / pixel_stds
    X_valid_scaled = (X_valid - pixel_means) / pixel_stds
    X_test_scaled = (X_test - pixel_means) / pixel_stds
    return X_train_scaled, X_valid_scaled, X_test_scaled


# -- (a) self-normalizing network ---------------------------------------------------
def self_normalizing(data, scaled, n_layers=100, epochs=5):
    (X_train, y_train), (X_valid, y_valid), _ = data
    X_train_scaled, X_valid_scaled, _ = scaled
    tf.random.set_seed(42)
    np.random.seed(42)
    model = keras.models.Sequential()
    model.add(keras.layers.Flatten(input_shape=[28, 28]))
    model.add(keras.layers.Dense(300, activation="selu",
                                 kernel_initializer="lecun_normal"))
    for layer in range(n_layers - 1):  # noqa: B007
        model.add(keras.layers.Dense(100, activation="selu",
                                     kernel_initializer="lecun_normal"))
    model.add(keras.layers.Dense(10, activation="softmax"))
    model.compile(loss="sparse_categorical_crossentropy",
                  optimizer=keras.optimizers.SGD(lr=1e-3),
                  metrics=["accuracy"])

    means, stds = activation_statistics(model, X_train_scaled[:1000])
    print(f"(a) {n_layers} SELU layers before training: activation means in "
          f"[{means.min():.3f}, {means.max():.3f}], stds in [{stds.min():.3f}, {stds.max():.3f}]")
    for depth in range(0, n_layers, max(1, n_layers // 5)):
        print(f"    layer {depth + 1}: mean {means[depth]:.2f}, std deviation {stds[depth]:.2f}")
    assert np.all(np.abs(means) < 0.25) and np.all(np.abs(stds - 1) < 0.35)

    history = model.fit(X_train_scaled, y_train, epochs=epochs,
                        validation_data=(X_valid_scaled, y_valid), verbose=2)
    val_accuracy = history.history["val_accuracy"][-1]
    print(f"(a) validation accuracy after {epochs} epochs: {val_accuracy:.4f}")
    assert val_accuracy > (0.75 if epochs >= 5 else 0.5)
    return val_accuracy


def activation_statistics(model, X):
    """Mean and standard deviation of each hidden layer's outputs (averaged over units)."""
    means, stds = [], []
    Z = tf.constant(X.astype(np.float32))
    for layer in model.layers[:-1]:
        Z = layer(Z)
        if isinstance(layer, keras.layers.Dense):
            values = Z.numpy()
            means.append(values.mean(axis=0).mean())
            stds.append(values.std(axis=0).mean())
    return np.array(means), np.array(stds)


# -- (b) batch normalization ---------------------------------------------------------
def batch_normalization(data, epochs=3):
    (X_train, y_train), (X_valid, y_valid), _ = data
    tf.random.set_seed(42)
    np.random.seed(42)
    model = keras.models.Sequential([
        keras.layers.Flatten(input_shape=[28, 28]),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(300, activation="elu", kernel_initializer="he_normal"),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(100, activation="elu", kernel_initializer="he_normal"),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(10, activation="softmax")
    ])
    model.summary()
    trainable = sum(int(np.prod(v.shape)) for v in model.trainable_weights)
    non_trainable = sum(int(np.prod(v.shape)) for v in model.non_trainable_weights)
    assert (model.count_params(), trainable, non_trainable) == (271_346, 268_978, 2_368)
    bn1 = model.layers[1]
    print([(var.name, var.trainable) for var in bn1.variables])
    assert [var.trainable for var in bn1.variables] == [True, True, False, False]

    model.compile(loss="sparse_categorical_crossentropy",
                  optimizer=keras.optimizers.SGD(lr=1e-3),
                  metrics=["accuracy"])
    history = model.fit(X_train, y_train, epochs=epochs,
                        validation_data=(X_valid, y_valid), verbose=2)
    val_accuracy = history.history["val_accuracy"][-1]
    print(f"(b) validation accuracy after {epochs} epochs: {val_accuracy:.4f}")
    assert val_accuracy > (0.8 if epochs >= 3 else 0.7)
    return val_accuracy


# -- (c) transfer learning -----------------------------------------------------------
def split_dataset(X, y):
    y_5_or_6 = (y == 5) | (y == 6)  # sandals or shirts
    y_A = y[~y_5_or_6]
    y_A[y_A > 6] -= 2  # class indices 7, 8, 9 should be moved to 5, 6, 7
    # binary classification task: is it a shirt (class 6)?
    y_B = (y[y_5_or_6] == 6).astype(np.float32)
    return ((X[~y_5_or_6], y_A),
            (X[y_5_or_6], y_B))


def transfer_learning(data, epochs_A=20, epochs_B=20):
    (X_train, y_train), (X_valid, y_valid), (X_test, y_test) = data
    (X_train_A, y_train_A), (X_train_B, y_train_B) = split_dataset(X_train, y_train)
    (X_valid_A, y_valid_A), (X_valid_B, y_valid_B) = split_dataset(X_valid, y_valid)
    (X_test_A, y_test_A), (X_test_B, y_test_B) = split_dataset(X_test, y_test)
    X_train_B = X_train_B[:200]
    y_train_B = y_train_B[:200]

    tf.random.set_seed(42)
    np.random.seed(42)
    model_A = keras.models.Sequential()
    model_A.add(keras.layers.Flatten(input_shape=[28, 28]))
    for n_hidden in (300, 100, 50, 50, 50):
        model_A.add(keras.layers.Dense(n_hidden, activation="selu"))
    model_A.add(keras.layers.Dense(8, activation="softmax"))
    model_A.compile(loss="sparse_categorical_crossentropy",
                    optimizer=keras.optimizers.SGD(lr=1e-3),
                    metrics=["accuracy"])
    history = model_A.fit(X_train_A, y_train_A, epochs=epochs_A,
                          validation_data=(X_valid_A, y_valid_A), verbose=0)
    print(f"(c) model A: validation accuracy {history.history['val_accuracy'][-1]:.4f}")

    model_B = keras.models.Sequential()
    model_B.add(keras.layers.Flatten(input_shape=[28, 28]))
    for n_hidden in (300, 100, 50, 50, 50):
        model_B.add(keras.layers.Dense(n_hidden, activation="selu"))
    model_B.add(keras.layers.Dense(1, activation="sigmoid"))
    model_B.compile(loss="binary_crossentropy",
                    optimizer=keras.optimizers.SGD(lr=1e-3),
                    metrics=["accuracy"])
    history = model_B.fit(X_train_B, y_train_B, epochs=epochs_B,
                          validation_data=(X_valid_B, y_valid_B), verbose=0)

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "my_model_A.h5")
        model_A.save(path)
        model_A = keras.models.load_model(path)
    model_B_on_A = keras.models.Sequential(model_A.layers[:-1])
    model_B_on_A.add(keras.layers.Dense(1, activation="sigmoid"))

    model_A_clone = keras.models.clone_model(model_A)
    model_A_clone.set_weights(model_A.get_weights())
    weights_A = [w.copy() for w in model_A_clone.get_weights()]

    for layer in model_B_on_A.layers[:-1]:
        layer.trainable = False

    model_B_on_A.compile(loss="binary_crossentropy",
                         optimizer=keras.optimizers.SGD(lr=1e-3),
                         metrics=["accuracy"])
    history = model_B_on_A.fit(X_train_B, y_train_B, epochs=4,
                               validation_data=(X_valid_B, y_valid_B), verbose=0)
    # frozen: the reused layers did not move
    for w_before, w_after in zip(weights_A, model_B_on_A.get_weights()[:-2]):
        assert np.array_equal(w_before, w_after)

    for layer in model_B_on_A.layers[:-1]:
        layer.trainable = True

    model_B_on_A.compile(loss="binary_crossentropy",
                         optimizer=keras.optimizers.SGD(lr=1e-3),
                         metrics=["accuracy"])
    history = model_B_on_A.fit(X_train_B, y_train_B, epochs=16,
                               validation_data=(X_valid_B, y_valid_B), verbose=0)
    # model_A_clone kept A's weights while model_B_on_A (sharing A's layers) trained
    for w_before, w_clone in zip(weights_A, model_A_clone.get_weights()):
        assert np.array_equal(w_before, w_clone)

    _, accuracy_B = model_B.evaluate(X_test_B, y_test_B, verbose=0)
    _, accuracy_B_on_A = model_B_on_A.evaluate(X_test_B, y_test_B, verbose=0)
    ratio = (1 - accuracy_B) / max(1 - accuracy_B_on_A, 1e-4)
    print(f"(c) test accuracy: model B {accuracy_B:.4f}, model B on A {accuracy_B_on_A:.4f}; "
          f"error rate divided by {ratio:.2f} (the book: 0.9705, 0.9925, about 4)")
    assert accuracy_B_on_A > accuracy_B
    return accuracy_B, accuracy_B_on_A


# -- (d) MC Dropout -------------------------------------------------------------------
def mc_dropout(data, scaled, epochs=20):
    (X_train, y_train), (X_valid, y_valid), (X_test, y_test) = data
    X_train_scaled, X_valid_scaled, X_test_scaled = scaled
    tf.random.set_seed(42)
    np.random.seed(42)
    model = keras.models.Sequential([
        keras.layers.Flatten(input_shape=[28, 28]),
        keras.layers.AlphaDropout(rate=0.2),
        keras.layers.Dense(300, activation="selu", kernel_initializer="lecun_normal"),
        keras.layers.AlphaDropout(rate=0.2),
        keras.layers.Dense(100, activation="selu", kernel_initializer="lecun_normal"),
        keras.layers.AlphaDropout(rate=0.2),
        keras.layers.Dense(10, activation="softmax")
    ])
    optimizer = keras.optimizers.SGD(lr=0.01, momentum=0.9, nesterov=True)
    model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer,
                  metrics=["accuracy"])
    model.fit(X_train_scaled, y_train, epochs=epochs,
              validation_data=(X_valid_scaled, y_valid), verbose=0)
    _, accuracy = model.evaluate(X_test_scaled, y_test, verbose=0)

    tf.random.set_seed(42)
    np.random.seed(42)
    y_probas = np.stack([model(X_test_scaled, training=True)
                         for sample in range(100)])
    y_proba = y_probas.mean(axis=0)
    y_std = y_probas.std(axis=0)
    print("(d) one test image, plain prediction:",
          np.round(model.predict(X_test_scaled[:1], verbose=0), 2))
    print("    MC Dropout mean:", np.round(y_proba[:1], 2))
    print("    MC Dropout std: ", np.round(y_std[:1], 2))
    y_pred = np.argmax(y_proba, axis=1)
    mc_accuracy = np.sum(y_pred == y_test) / len(y_test)
    print(f"(d) test accuracy {accuracy:.4f}, with MC Dropout {mc_accuracy:.4f} "
          f"(the book: 0.8686, 0.8694); mean std of the probabilities {y_std.mean():.4f}")
    assert y_probas.shape == (100, 10000, 10) and y_std.max() > 0
    assert mc_accuracy >= accuracy - 0.01
    return accuracy, mc_accuracy


# -- (e) max-norm regularization ----------------------------------------------------------
def max_norm(data, scaled, epochs=2):
    (X_train, y_train), (X_valid, y_valid), _ = data
    X_train_scaled, X_valid_scaled, _ = scaled
    tf.random.set_seed(42)
    np.random.seed(42)
    MaxNormDense = partial(keras.layers.Dense,
                           activation="selu", kernel_initializer="lecun_normal",
                           kernel_constraint=keras.constraints.max_norm(1.))
    model = keras.models.Sequential([
        keras.layers.Flatten(input_shape=[28, 28]),
        MaxNormDense(300),
        MaxNormDense(100),
        keras.layers.Dense(10, activation="softmax")
    ])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam",
                  metrics=["accuracy"])
    history = model.fit(X_train_scaled, y_train, epochs=epochs,
                        validation_data=(X_valid_scaled, y_valid), verbose=2)
    norms = [np.linalg.norm(layer.get_weights()[0], axis=0) for layer in model.layers[1:3]]
    largest = max(n.max() for n in norms)
    val_accuracy = history.history["val_accuracy"][-1]
    print(f"(e) largest incoming-weight norm {largest:.6f} (max_norm(1.)); "
          f"validation accuracy {val_accuracy:.4f}")
    assert largest <= 1 + 1e-5 and np.mean([n.mean() for n in norms]) > 0.5
    assert val_accuracy > 0.8
    return val_accuracy


def main(quick=False):
    """All five parts; `quick` shortens each (fewer layers and epochs) for the test suite."""
    data = load_fashion_mnist()
    (X_train, _), (X_valid, _), (X_test, _) = data
    scaled = scale(X_train, X_valid, X_test)
    if quick:
        results = {
            "selu": self_normalizing(data, scaled, n_layers=20, epochs=1),
            "batch_norm": batch_normalization(data, epochs=1),
            "transfer": transfer_learning(data, epochs_A=8, epochs_B=20),
            "mc_dropout": mc_dropout(data, scaled, epochs=1),
            "max_norm": max_norm(data, scaled, epochs=1),
        }
    else:
        results = {
            "selu": self_normalizing(data, scaled),
            "batch_norm": batch_normalization(data),
            "transfer": transfer_learning(data),
            "mc_dropout": mc_dropout(data, scaled),
            "max_norm": max_norm(data, scaled),
        }
    return results


if __name__ == "__main__":
    main()
