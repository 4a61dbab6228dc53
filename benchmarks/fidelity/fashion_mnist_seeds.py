"""HOML ch10's Fashion-MNIST MLP over several seeds, in ember and in real Keras 3.

A single run's test accuracy moves by about +-0.007 with the seed in both
libraries, so "the book reports about 0.88" is a statement about the
distribution, not one run. This script trains the book's model (Flatten,
Dense 300 relu, Dense 100 relu, Dense 10 softmax, SGD lr 0.01, batch 32,
30 epochs, first 5,000 training images as validation) for each seed and prints
test accuracy and the final epoch's training loss, for ember
(examples/homl_ch10_fashion_mnist_mlp.py, unchanged) and, when it is installed,
Keras 3 on its PyTorch backend (the same code with ``import keras``).

Keras is not an ember dependency; to run its side::

    python -m venv /tmp/kvenv && /tmp/kvenv/bin/pip install torch==2.13.0 keras
    python benchmarks/fidelity/fashion_mnist_seeds.py --library keras \\
        --python /tmp/kvenv/bin/python --seeds 42 1 2 3 4 5 6 7

One line per seed goes to stdout; each run takes 2-8 minutes on two cores.
"""

import argparse
import contextlib
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def run_ember(seed):
    """Train the example with ``seed`` in place of its 42; (test accuracy, last training loss)."""
    spec = importlib.util.spec_from_file_location(
        "homl_ch10", ROOT / "examples" / "homl_ch10_fashion_mnist_mlp.py")
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    with contextlib.redirect_stdout(io.StringIO()):
        result = example.train(seed=seed)
    return result["test_accuracy"], result["history"]["loss"][-1]


KERAS_RUN = r"""
import os, sys
os.environ["KERAS_BACKEND"] = "torch"
import numpy as np
import keras
data = np.load(sys.argv[1])
X_train_full, y_train_full, X_test, y_test = (data[k] for k in ("xtr", "ytr", "xte", "yte"))
X_valid, X_train = X_train_full[:5000] / 255.0, X_train_full[5000:] / 255.0
y_valid, y_train = y_train_full[:5000], y_train_full[5000:]
X_test = X_test / 255.0
keras.utils.set_random_seed(int(sys.argv[2]))
model = keras.models.Sequential([
    keras.layers.Input(shape=[28, 28]),
    keras.layers.Flatten(),
    keras.layers.Dense(300, activation="relu"),
    keras.layers.Dense(100, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=30, validation_data=(X_valid, y_valid), verbose=0)
print(model.evaluate(X_test, y_test, verbose=0)[1], history.history["loss"][-1])
"""


def run_keras(seed, python, data_file):
    out = subprocess.run([python, "-c", KERAS_RUN, data_file, str(seed)], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[-2]), float(out[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", choices=["ember", "keras"], default="ember")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter with keras and torch installed (--library keras)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 1, 2, 3, 4, 5, 6, 7])
    args = parser.parse_args(argv)
    data_file = None
    if args.library == "keras":
        from ember import keras

        (xtr, ytr), (xte, yte) = keras.datasets.fashion_mnist.load_data()
        data_file = os.path.join(tempfile.mkdtemp(), "fashion_mnist.npz")
        np.savez(data_file, xtr=xtr, ytr=ytr, xte=xte, yte=yte)
    accuracies = []
    for seed in args.seeds:
        start = time.perf_counter()
        accuracy, loss = (run_ember(seed) if args.library == "ember"
                          else run_keras(seed, args.python, data_file))
        accuracies.append(accuracy)
        print(f"{args.library} seed {seed}: test accuracy {accuracy:.4f}, final training loss "
              f"{loss:.4f} ({time.perf_counter() - start:.0f} s)", flush=True)
    print(f"{args.library}: mean test accuracy {np.mean(accuracies):.4f} "
          f"(std {np.std(accuracies, ddof=1) if len(accuracies) > 1 else 0:.4f}) "
          f"over {len(accuracies)} seeds")


if __name__ == "__main__":
    main()
