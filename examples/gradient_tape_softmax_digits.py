"""Softmax regression on the embedded digits with ``GradientTape`` (HOML ch4, ch12).

A softmax-regression classifier (HOML ch4) trained with ``GradientTape`` and
mini-batch gradient descent on scikit-learn's 8x8 handwritten digits, which
ship inside the package, so it runs offline in a few seconds.

Run: ``python examples/gradient_tape_softmax_digits.py``
"""

import time

import numpy as np

import ember as tf
from ember.learn.datasets import load_digits


def split(X, y, test_fraction, seed):
    """Shuffle once and hold out ``test_fraction`` of the samples."""
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = int(round(len(X) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]


def train_softmax_regression(
    X, y, n_classes, epochs=60, batch_size=32, learning_rate=0.5, l2=1e-4, seed=42
):
    """Fit ``softmax(X W + b)`` by mini-batch gradient descent on the cross-entropy."""
    tf.random.set_seed(seed)
    W = tf.Variable(tf.zeros((X.shape[1], n_classes)), name="W")
    b = tf.Variable(tf.zeros((n_classes,)), name="b")
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            with tf.GradientTape() as tape:
                logits = tf.matmul(X[batch], W) + b
                loss = tf.reduce_mean(
                    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y[batch], logits=logits)
                ) + l2 * tf.nn.l2_loss(W)
            grad_W, grad_b = tape.gradient(loss, [W, b])
            W.assign_sub(learning_rate * grad_W)
            b.assign_sub(learning_rate * grad_b)
    return W, b


def main():
    digits = load_digits()
    X = (digits.data / 16.0).astype(np.float32)  # pixel intensities are 0..16
    y = digits.target.astype(np.int32)
    X_train, y_train, X_test, y_test = split(X, y, test_fraction=0.2, seed=42)
    print(f"ember {tf.__version__}: softmax regression on the embedded 8x8 digits")
    print(f"  {len(X_train)} training and {len(X_test)} test images, 64 features, 10 classes")
    start = time.perf_counter()
    W, b = train_softmax_regression(X_train, y_train, n_classes=10)
    seconds = time.perf_counter() - start
    predictions = tf.argmax(tf.matmul(X_test, W) + b, axis=1).numpy()
    accuracy = float(np.mean(predictions == y_test))
    print(f"  trained with GradientTape in {seconds:.1f} s")
    print(f"  test accuracy: {accuracy:.4f}")
    if accuracy < 0.95:
        raise SystemExit(f"test accuracy {accuracy:.4f} is below the expected 0.95")
    return accuracy


if __name__ == "__main__":
    main()
