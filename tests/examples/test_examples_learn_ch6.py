"""HOML chapter 6 (examples/homl_ch6_decision_trees.py) runs on ember.learn and gives
scikit-learn's results on the same data (and so the book's figures).

The example is loaded twice, as written and with its ``ember.learn`` imports pointed at
``sklearn`` (the loader of test_examples_learn_ch3_5), and the figures the two return
are compared."""

import numpy as np
import pytest
from test_examples_learn_ch3_5 import close, run_both

TREE_ARRAYS = ("children_left", "children_right", "feature", "threshold", "impurity",
               "n_node_samples", "weighted_n_node_samples", "value")


def _same_tree(ours, theirs):
    for name in TREE_ARRAYS:
        close(getattr(ours.tree_, name), getattr(theirs.tree_, name), rtol=1e-12, atol=1e-14)


def _check(got, want):
    iris, iris_sk = got["iris"], want["iris"]
    assert type(iris["tree_clf"]).__module__.startswith("ember.learn.")
    assert type(iris_sk["tree_clf"]).__module__.startswith("sklearn.")
    _same_tree(iris["tree_clf"], iris_sk["tree_clf"])
    close(iris["proba"], iris_sk["proba"])
    assert iris["dot"] == iris_sk["dot"]  # the same figure 6-1

    reg, reg_sk = got["regression"], want["regression"]
    _same_tree(reg["tree_reg"], reg_sk["tree_reg"])
    for name, curve in reg["curves"].items():  # one feature: no ties, the same trees
        close(curve, reg_sk["curves"][name])

    # (150 moons grow nodes whose best splits tie; the test accuracies do not move)
    assert got["regularization"]["scores"] == want["regularization"]["scores"] == (0.898, 0.92)
    assert got["rotation"]["leaves"] == want["rotation"]["leaves"]


def test_homl_ch6_decision_trees_matches_sklearn(tmp_path):
    got, want = run_both("homl_ch6_decision_trees", out_dir=tmp_path, with_exercises=False)
    _check(got, want)


# Exercises 7 and 8 (a 294-candidate grid search on 8,000 moons, then 1,000 small trees):
# about half a minute per library on two cores.
@pytest.mark.slow
def test_homl_ch6_decision_trees_full_run(tmp_path):
    got, want = run_both("homl_ch6_decision_trees", out_dir=tmp_path)
    _check(got, want)
    ex, ex_sk = got["exercises"], want["exercises"]
    assert ex["best_params"] == ex_sk["best_params"] == {"max_leaf_nodes": 17,
                                                        "min_samples_split": 2}
    assert ex["accuracy"] == ex_sk["accuracy"] == 0.8695
    # tied splits break as scikit-learn's (its draws, its best-first heap): the same trees
    close(ex["cv_scores"], ex_sk["cv_scores"], rtol=0, atol=0)
    assert ex["mean_accuracy"] == pytest.approx(ex_sk["mean_accuracy"], rel=1e-12)
    assert ex["vote_accuracy"] == ex_sk["vote_accuracy"] == 0.872
