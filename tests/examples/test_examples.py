"""The books' chapters in examples/ run and reach the books' figures.

Full runs are ``slow`` (``make test-slow``); a shortened run of each stays in the
default suite so a broken example is caught early.
"""

import importlib.util
import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fashion_mnist_mlp_one_epoch():
    with redirect_stdout(io.StringIO()):
        accuracy = load("homl_ch10_fashion_mnist_mlp").main(epochs=1)
    assert accuracy > 0.8


@pytest.mark.slow
def test_fashion_mnist_mlp_trains_as_keras_does():
    # The script asserts its last training loss inside Keras 3's band over seeds
    # (see its docstring for the multi-seed comparison behind the thresholds).
    with redirect_stdout(io.StringIO()):
        accuracy = load("homl_ch10_fashion_mnist_mlp").main(epochs=30)
    assert accuracy >= 0.875


def test_housing_regression_short(tmp_path):
    with redirect_stdout(io.StringIO()):
        results = load("homl_ch10_housing_regression").main(epochs=2, patience_epochs=3,
                                                             workdir=str(tmp_path))
    assert set(results) == {"sequential", "wide_and_deep", "subclassed", "early_stopping"}
    assert all(0 < mse < 5 for mse in results.values())


@pytest.mark.slow
def test_housing_regression_reaches_the_books_errors(tmp_path):
    with redirect_stdout(io.StringIO()):
        results = load("homl_ch10_housing_regression").main(workdir=str(tmp_path))
    assert results["early_stopping"] < 0.45 and results["sequential"] < 0.6


def test_gradient_tape_softmax_digits():
    with redirect_stdout(io.StringIO()):
        accuracy = load("gradient_tape_softmax_digits").main()
    assert accuracy >= 0.95
