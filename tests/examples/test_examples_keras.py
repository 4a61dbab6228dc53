"""The Keras chapters of examples/ (HOML ch10-11, DLwP ch3) run and reach the books' figures.

Each example asserts its own figures; a shortened run of each stays in the
default suite and the full run is marked ``slow`` (``make test-slow``).
"""

import importlib.util
import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_example(name, **kwargs):
    """Imports examples/<name>.py and returns ``main(**kwargs)``, its output silenced."""
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    with redirect_stdout(io.StringIO()):
        spec.loader.exec_module(module)
        return module.main(**kwargs)


def test_dlwp_imdb_short():
    accuracy = run_example("dlwp_ch3_imdb", epochs=1, validation_epochs=2)
    assert accuracy > 0.8


def test_dlwp_boston_kfold_short():
    mean_mae, test_mae = run_example("dlwp_ch3_boston_kfold", num_epochs=10, final_epochs=10)
    assert mean_mae < 5 and test_mae < 5


def test_homl_ch10_sklearn_tuning_short():
    pytest.importorskip("sklearn")
    best_score, r2 = run_example("homl_ch10_sklearn_tuning", epochs=3, n_iter=2, cv=2)
    assert -best_score < 1.0 and r2 > 0.4


def test_homl_ch11_deep_nets_short():
    results = run_example("homl_ch11_deep_nets", quick=True)
    accuracy_B, accuracy_B_on_A = results["transfer"]
    assert accuracy_B_on_A > accuracy_B


@pytest.mark.slow
def test_dlwp_imdb_reaches_the_books_accuracy():
    assert run_example("dlwp_ch3_imdb") >= 0.85


@pytest.mark.slow
def test_dlwp_boston_kfold_lands_near_the_books_mae():
    mean_mae, test_mae = run_example("dlwp_ch3_boston_kfold")
    assert 2.2 <= mean_mae <= 3.4 and 2.0 <= test_mae <= 3.1


@pytest.mark.slow
def test_homl_ch10_sklearn_tuning():
    pytest.importorskip("sklearn")
    best_score, r2 = run_example("homl_ch10_sklearn_tuning")
    assert -best_score < 0.6 and r2 > 0.6


@pytest.mark.slow
def test_homl_ch11_deep_nets():
    results = run_example("homl_ch11_deep_nets")
    accuracy, mc_accuracy = results["mc_dropout"]
    assert mc_accuracy >= accuracy - 0.01
    assert results["selu"] > 0.75 and results["batch_norm"] > 0.8
