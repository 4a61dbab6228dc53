"""HOML chapter 7 (examples/homl_ch7_ensembles.py) runs on ember.learn and gives
scikit-learn's results on the same data (and so the book's figures).

The example is loaded twice, as written and with its ``ember.learn`` imports pointed at
``sklearn`` (the loader of test_examples_learn_ch3_5), and the figures each section
returns are compared."""

import io
from contextlib import redirect_stdout

import numpy as np
import pytest
from test_examples_learn_ch3_5 import close, load


def _both(section):
    """A section's results on ember.learn and on scikit-learn."""
    results = []
    for library in ("ember.learn", "sklearn"):
        with redirect_stdout(io.StringIO()):
            results.append(getattr(load("homl_ch7_ensembles", library), section)())
    return results


def test_gradient_boosting_by_hand_matches_sklearn():
    got, want = _both("gradient_boosting_by_hand")
    assert type(got["gbrt"]).__module__.startswith("ember.learn.")
    assert type(want["gbrt"]).__module__.startswith("sklearn.")
    close(got["y_pred"], want["y_pred"], rtol=1e-12)
    for name, curve in got["curves"].items():  # one feature: no ties, the same trees
        close(curve, want["curves"][name], rtol=1e-12, atol=1e-14)
    for ours, theirs in zip(got["gbrt_slow"].estimators_[:, 0], want["gbrt_slow"].estimators_[:, 0]):
        close(ours.tree_.threshold, theirs.tree_.threshold, rtol=0, atol=0)
        close(ours.tree_.value, theirs.tree_.value, rtol=1e-12, atol=1e-14)
    close(got["gbrt_slow"].train_score_, want["gbrt_slow"].train_score_, rtol=1e-12)


def test_gradient_boosting_early_stopping_matches_sklearn():
    got, want = _both("gradient_boosting_early_stopping")
    close(got["errors"], want["errors"], rtol=1e-12, atol=1e-15)
    assert got["bst_n_estimators"] == want["bst_n_estimators"] == 56
    assert got["warm_start_trees"] == want["warm_start_trees"] == 61
    assert got["n_iter_no_change_trees"] == want["n_iter_no_change_trees"] == 92
    close(got["min_val_error"], want["min_val_error"], rtol=1e-12)
    close(got["warm"].train_score_, want["warm"].train_score_, rtol=1e-12)


def test_random_forests_match_sklearn():
    got, want = _both("random_forests")
    # one of the two features is drawn per split, by each library's own generator
    assert abs(got["accuracy"] - want["accuracy"]) <= 0.016 and want["accuracy"] == 0.912
    assert got["agreement"] == want["agreement"] == 1.0  # bagging sqrt trees = the forest
    assert got["bagging_accuracy"] == got["accuracy"]
    assert abs(got["proba"] - want["proba"]).mean() < 0.02


def test_iris_feature_importances_match_sklearn():
    got, want = _both("iris_feature_importances")
    close(want["importances"], [0.11249225, 0.02311929, 0.44103046, 0.42335800], atol=1e-6)
    close(got["importances"], want["importances"], atol=0.01)


def _mnist(n_images, n_estimators):
    results = []
    for library in ("ember.learn", "sklearn"):
        with redirect_stdout(io.StringIO()):
            module = load("homl_ch7_ensembles", library)
            results.append(module.mnist_feature_importances(n_images, n_estimators))
    return results


def _check_mnist(got, want, correlation):
    """The same map of pixel importances: as concentrated in the centre, nil at the border
    and correlated pixel by pixel (20 trees of 3,000 images draw noisy maps)."""
    assert abs(got["centre"] - want["centre"]) < 0.02
    assert got["border"] < 0.005 and want["border"] < 0.005
    assert np.corrcoef(got["importances"].ravel(),
                       want["importances"].ravel())[0, 1] > correlation


def test_mnist_feature_importances_match_sklearn():
    _check_mnist(*_mnist(3000, 20), correlation=0.7)


# 100 trees on the 60,000 training images: about 45 s (ember) and 30 s (scikit-learn) on
# two cores.
@pytest.mark.slow
def test_mnist_feature_importances_full_run():
    _check_mnist(*_mnist(60_000, 100), correlation=0.9)
