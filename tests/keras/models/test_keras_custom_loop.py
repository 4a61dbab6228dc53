"""HOML ch12's custom training loop, and memory that does not grow with use."""

import gc

import numpy as np

import ember as tf
from ember import keras


def test_books_custom_training_loop_matches_fit():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 8)).astype(np.float32)
    y = (X @ rng.standard_normal((8, 1))).astype(np.float32)

    def build():
        keras.utils.set_random_seed(3)
        return keras.models.Sequential([
            keras.layers.Dense(30, activation="elu", kernel_initializer="he_normal",
                               kernel_regularizer=keras.regularizers.l2(0.05), input_shape=[8]),
            keras.layers.Dense(1, kernel_regularizer=keras.regularizers.l2(0.05)),
        ])

    model = build()
    optimizer = keras.optimizers.Nadam(learning_rate=0.01)
    loss_fn = keras.losses.mean_squared_error
    mean_loss = keras.metrics.Mean()
    metrics = [keras.metrics.MeanAbsoluteError()]
    batch_size = 32
    for epoch in range(2):
        for step in range(len(X) // batch_size):
            X_batch, y_batch = X[step * batch_size:(step + 1) * batch_size], y[step * batch_size:(step + 1) * batch_size]
            with tf.GradientTape() as tape:
                y_pred = model(X_batch, training=True)
                main_loss = tf.reduce_mean(loss_fn(y_batch, y_pred))
                loss = tf.add_n([main_loss] + model.losses)
            gradients = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(gradients, model.trainable_variables))
            mean_loss(loss)
            for metric in metrics:
                metric(y_batch, y_pred)
    # The same updates through fit (no shuffling) give the same weights.
    reference = build()
    reference.compile(loss="mse", optimizer=keras.optimizers.Nadam(learning_rate=0.01))
    reference.fit(X, y, batch_size=32, epochs=2, shuffle=False, verbose=0)
    for ours, theirs in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    assert 0 < float(mean_loss.result()) and float(metrics[0].result()) > 0


def _rss_mib():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def test_predict_and_fit_do_not_grow_memory():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((256, 100)).astype(np.float32)
    y = rng.integers(0, 10, 256)
    model = keras.Sequential([keras.layers.Dense(200, activation="relu", input_shape=[100]),
                              keras.layers.Dropout(0.2), keras.layers.Dense(10, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    for _ in range(50):  # warm up allocator pools and caches
        model.predict(X, verbose=0)
    model.fit(X, y, epochs=5, verbose=0)
    gc.collect()
    start = _rss_mib()
    for _ in range(1000):
        model.predict(X[:32], verbose=0)
    model.fit(X, y, epochs=40, verbose=0)
    gc.collect()
    grown = _rss_mib() - start
    assert grown < 8, f"resident memory grew by {grown:.1f} MiB over 1,000 predicts and 40 epochs"
