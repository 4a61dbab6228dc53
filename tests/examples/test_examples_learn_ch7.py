"""HOML chapter 7 (examples/homl_ch7_ensembles.py) runs on ember.learn and gives
scikit-learn's results on the same data (and so the book's figures).

The example is loaded twice, as written and with its ``ember.learn`` imports pointed at
``sklearn`` (the loader of test_examples_learn_ch3_5), and the figures each section
returns are compared."""

import io
import warnings
from contextlib import redirect_stdout

import pytest
from test_examples_learn_ch3_5 import close, load


def _both(section):
    """A section's results on ember.learn and on scikit-learn (whose 1.9 deprecates the book's
    ``SVC(probability=True)`` with a FutureWarning)."""
    results = []
    for library in ("ember.learn", "sklearn"):
        with redirect_stdout(io.StringIO()), warnings.catch_warnings():
            if library == "sklearn":
                warnings.filterwarnings("ignore", "The `probability` parameter", FutureWarning)
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


def test_voting_classifiers_match_sklearn():
    got, want = _both("voting_classifiers")
    assert got["accuracies"] == want["accuracies"]
    close(got["soft_proba"], want["soft_proba"], rtol=1e-12, atol=1e-13)  # LIBSVM's folds


def test_bagging_and_out_of_bag_match_sklearn():
    got, want = _both("bagging_and_out_of_bag")
    for name in ("bagging", "tree", "oob_score", "oob_test"):
        assert got[name] == want[name], name
    close(got["oob_decision_function"], want["oob_decision_function"], rtol=1e-12)


def test_adaboost_matches_sklearn():
    got, want = _both("adaboost")
    assert got["accuracy"] == want["accuracy"]
    close(got["staged"], want["staged"], rtol=0, atol=0)
    close(got["estimator_weights"], want["estimator_weights"], rtol=1e-10)


def test_stacking_matches_sklearn():
    got, want = _both("stacking")
    assert got["accuracy"] == want["accuracy"] == 0.928
    close(got["proba"], want["proba"], rtol=1e-12, atol=1e-13)


def test_random_forests_match_sklearn():
    got, want = _both("random_forests")
    # the features drawn per split come from scikit-learn's generator and seeds
    assert got["accuracy"] == want["accuracy"] == 0.912
    assert got["agreement"] == want["agreement"] == 1.0  # bagging sqrt trees = the forest
    assert got["bagging_accuracy"] == got["accuracy"]
    close(got["proba"], want["proba"], rtol=1e-12, atol=1e-13)


def test_iris_feature_importances_match_sklearn():
    got, want = _both("iris_feature_importances")
    close(want["importances"], [0.11249225, 0.02311929, 0.44103046, 0.42335800], atol=1e-6)
    close(got["importances"], want["importances"], rtol=1e-12, atol=1e-15)


def _mnist(n_images, n_estimators):
    results = []
    for library in ("ember.learn", "sklearn"):
        with redirect_stdout(io.StringIO()):
            module = load("homl_ch7_ensembles", library)
            results.append(module.mnist_feature_importances(n_images, n_estimators))
    return results


def _check_mnist(got, want):
    """The same map of pixel importances (the same trees: scikit-learn's draws)."""
    close(got["importances"], want["importances"], rtol=1e-9, atol=1e-15)
    assert got["border"] < 0.005 and want["border"] < 0.005


def test_mnist_feature_importances_match_sklearn():
    _check_mnist(*_mnist(3000, 20))


# 100 trees on the 60,000 training images: about 45 s (ember) and 30 s (scikit-learn) on
# two cores.
@pytest.mark.slow
def test_mnist_feature_importances_full_run():
    _check_mnist(*_mnist(60_000, 100))
