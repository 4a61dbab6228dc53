"""Shared helpers of the tree tests: data without tied splits, and tree comparisons."""

import numpy as np

STRUCTURE = ("children_left", "children_right", "feature", "n_node_samples")
VALUES = ("threshold", "impurity", "weighted_n_node_samples", "value")


def assert_same_tree(ours, theirs, rtol=1e-9, atol=1e-12):
    """The node arrays of two ``tree_`` objects agree (the NaN direction at internal nodes)."""
    assert ours.node_count == theirs.node_count, (ours.node_count, theirs.node_count)
    assert ours.max_depth == theirs.max_depth
    assert ours.n_leaves == theirs.n_leaves
    for name in STRUCTURE:
        np.testing.assert_array_equal(getattr(ours, name), getattr(theirs, name), err_msg=name)
    for name in VALUES:
        np.testing.assert_allclose(getattr(ours, name), getattr(theirs, name), rtol=rtol,
                                   atol=atol, err_msg=name)
    internal = theirs.children_left != -1
    np.testing.assert_array_equal(ours.missing_go_to_left[internal],
                                  theirs.missing_go_to_left[internal])


def untied(make, X, y, sample_weight=None, seeds=range(8)):
    """scikit-learn's fitted tree, after checking that its random feature order does not
    matter here (no two candidate splits tie, so the tree is the same for every seed)."""
    fitted = [make(random_state=seed).fit(X, y, sample_weight=sample_weight) for seed in seeds]
    for other in fitted[1:]:
        try:
            assert_same_tree(other.tree_, fitted[0].tree_, rtol=1e-12, atol=1e-14)
        except AssertionError as error:
            raise AssertionError("scikit-learn's tree depends on random_state here (tied "
                                 "splits): the test data must change") from error
    return fitted[0]


def continuous_weights(seed, n):
    """Random weights in [0.5, 2): different partitions of a node never tie on weighted
    class counts."""
    return np.random.RandomState(10 + seed).uniform(0.5, 2.0, n)


def first_untied(make, data, weighted=False, data_seeds=range(6)):
    """(X, y, sample_weight, scikit-learn's tree) for the first data seed whose tree has no
    tied splits; ``data(seed)`` gives X, y; weighted: True for ``continuous_weights``, or a
    function (seed, n) -> weights."""
    for seed in data_seeds:
        X, y = data(seed)
        weights = continuous_weights if weighted is True else weighted
        weight = weights(seed, len(y)) if weights else None
        try:
            return X, y, weight, untied(make, X, y, sample_weight=weight)
        except AssertionError:
            continue
    raise AssertionError("no data seed without tied splits: change the test data")


def classification(n=400, d=6, classes=3, seed=0, nan_fraction=0.0):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d)
    score = X[:, 0] + X[:, 1] * X[:, 2] + 0.5 * rng.randn(n)
    y = np.digitize(score, np.quantile(score, np.linspace(0, 1, classes + 1)[1:-1]))
    if nan_fraction:
        X[rng.rand(n, d) < nan_fraction] = np.nan
    return X, y


def regression(n=400, d=6, seed=0, nan_fraction=0.0):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d)
    y = X[:, 0] ** 2 + X[:, 1] - 0.5 * X[:, 2] * X[:, 3] + 0.3 * rng.randn(n)
    if nan_fraction:
        X[rng.rand(n, d) < nan_fraction] = np.nan
    return X, y
