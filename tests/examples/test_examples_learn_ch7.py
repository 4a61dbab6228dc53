"""HOML chapter 7 (examples/homl_ch7_ensembles.py) runs on ember.learn and gives
scikit-learn's results on the same data (and so the book's figures).

The example is loaded twice, as written and with its ``ember.learn`` imports pointed at
``sklearn`` (the loader of test_examples_learn_ch3_5), and the figures each section
returns are compared."""

import io
from contextlib import redirect_stdout

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
