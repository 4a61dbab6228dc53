"""Monotonic constraints (``monotonic_cst``) of the trees against scikit-learn's: the same
nodes (splits kept only when the children respect the constraint and the node's bounds,
bounds passed down through middle values, node values clipped), predictions monotone along
the constrained features, and scikit-learn's errors."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn import tree as sk_tree  # noqa: E402
from tree_cases import (  # noqa: E402
    assert_same_tree,
    classification,
    continuous_weights,
    regression,
)

from ember.learn import tree  # noqa: E402

# increasing in x0 and x3, decreasing in x1 (the targets grow with x0 ** 2 and x1)
CONSTRAINTS = [1, -1, 0, 1, 0, 0]


def _same_structure(a, b):
    return a.node_count == b.node_count and all(
        np.array_equal(getattr(a, name), getattr(b, name))
        for name in ("children_left", "children_right", "feature", "n_node_samples"))


def first_seed_free(make, data, weighted=False, data_seeds=range(6)):
    """(X, y, sample_weight, scikit-learn's tree) for the first data seed whose tree has
    the same nodes for every random_state (no candidate splits tie; impurities of
    one-sample leaves may differ by rounding, ~1e-14)."""
    for seed in data_seeds:
        X, y = data(seed)
        weight = continuous_weights(seed, len(y)) if weighted else None
        fitted = [make(random_state=r).fit(X, y, sample_weight=weight) for r in range(5)]
        if all(_same_structure(fitted[0].tree_, other.tree_) for other in fitted[1:]):
            return X, y, weight, fitted[0]
    raise AssertionError("no data seed without tied splits: change the test data")


def _pair(name, **params):
    return (lambda **extra: getattr(tree, name)(**params, **extra),
            lambda **extra: getattr(sk_tree, name)(**params, **extra))


def _binary(seed, nan_fraction=0.0):
    return classification(classes=2, seed=seed, nan_fraction=nan_fraction)


def _positive(seed):
    X, y = regression(seed=seed)
    return X, np.exp(y / 3)


def _constraints_bind(ours, X, y, weight=None):
    """The constraints change the tree (else the comparison would prove nothing)."""
    free = getattr(tree, type(ours).__name__)(
        **{**ours.get_params(), "monotonic_cst": None}).fit(X, y, sample_weight=weight)
    t, f = ours.tree_, free.tree_
    assert t.node_count != f.node_count or not np.array_equal(t.feature, f.feature) or \
        not np.allclose(t.value, f.value)


def assert_monotone(model, X, constraints, n_rows=25, n_grid=60):
    """Predictions (positive-class probabilities) along a grid of each constrained feature,
    the other features held at those of n_rows rows, move in the constrained direction."""
    predict = (model.predict if not hasattr(model, "predict_proba")
               else lambda Z: model.predict_proba(Z)[:, 1])
    rows = X[:n_rows]
    moved = False
    for j, sign in enumerate(constraints):
        if sign == 0:
            continue
        grid = np.linspace(np.nanmin(X[:, j]) - 0.5, np.nanmax(X[:, j]) + 0.5, n_grid)
        Z = np.repeat(rows, n_grid, axis=0)
        Z[:, j] = np.tile(grid, n_rows)
        steps = np.diff(predict(Z).reshape(n_rows, n_grid), axis=1) * sign
        assert np.all(steps >= 0), (j, steps.min())
        moved = moved or np.any(steps > 0)
    assert moved  # some constrained feature is used


REGRESSOR_CASES = [
    {"min_samples_leaf": 5},
    {"max_depth": 6, "min_samples_leaf": 3},
    {"max_leaf_nodes": 20},
    {"criterion": "absolute_error", "min_samples_leaf": 5},
    {"criterion": "absolute_error", "max_leaf_nodes": 15},
    {"criterion": "poisson", "min_samples_leaf": 5},
    {"min_impurity_decrease": 0.01, "min_samples_leaf": 3},
    {"ccp_alpha": 0.005, "min_samples_leaf": 3},
    {"min_samples_leaf": 10, "nan_fraction": 0.15},
    {"max_leaf_nodes": 25, "min_samples_leaf": 5, "nan_fraction": 0.15},
]


@pytest.mark.parametrize("params", REGRESSOR_CASES, ids=str)
def test_regressor_matches_sklearn(params):
    params = dict(params)
    nan_fraction = params.pop("nan_fraction", 0.0)
    data = (_positive if params.get("criterion") == "poisson"
            else lambda seed: regression(seed=seed, nan_fraction=nan_fraction))
    ours_make, theirs_make = _pair("DecisionTreeRegressor", monotonic_cst=CONSTRAINTS, **params)
    X, y, _, theirs = first_seed_free(theirs_make, data)
    ours = ours_make(random_state=0).fit(X, y)
    assert_same_tree(ours.tree_, theirs.tree_)
    _constraints_bind(ours, X, y)
    X_test, _ = regression(seed=10, nan_fraction=nan_fraction)
    np.testing.assert_allclose(ours.predict(X_test), theirs.predict(X_test), rtol=1e-12)
    assert_monotone(ours, X_test, CONSTRAINTS)


# (Not deep weighted trees: a pure node's Gini is +-1e-15 by the order of its sums, on
# either side of the leaf test, in scikit-learn too, whose tree then depends on its seed.)
CLASSIFIER_CASES = [
    {"max_depth": 4},
    {"criterion": "entropy", "max_leaf_nodes": 20},
    {"max_depth": 4, "class_weight": "balanced"},
    {"max_leaf_nodes": 12, "min_samples_leaf": 5, "weighted": True},
    {"max_depth": 4, "nan_fraction": 0.15, "weighted": True},
    {"max_leaf_nodes": 16, "nan_fraction": 0.15, "weighted": True},
]


@pytest.mark.parametrize("params", CLASSIFIER_CASES, ids=str)
def test_binary_classifier_matches_sklearn(params):
    """The constraints hold on the positive class's probability (scikit-learn builds the
    tree on the negative class's with the signs flipped, and so does ember)."""
    params = dict(params)
    nan_fraction, weighted = params.pop("nan_fraction", 0.0), params.pop("weighted", False)
    ours_make, theirs_make = _pair("DecisionTreeClassifier", monotonic_cst=CONSTRAINTS, **params)
    X, y, weight, theirs = first_seed_free(
        theirs_make, lambda seed: _binary(seed, nan_fraction), weighted=weighted)
    ours = ours_make(random_state=0).fit(X, y, sample_weight=weight)
    assert_same_tree(ours.tree_, theirs.tree_)
    _constraints_bind(ours, X, y, weight)
    X_test, _ = _binary(10, nan_fraction)
    np.testing.assert_allclose(ours.predict_proba(X_test), theirs.predict_proba(X_test),
                               rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(ours.predict(X_test), theirs.predict(X_test))
    assert_monotone(ours, X_test, CONSTRAINTS)


@pytest.mark.parametrize("name, params", [
    ("ExtraTreeRegressor", {"min_samples_leaf": 3}),
    ("ExtraTreeRegressor", {"max_leaf_nodes": 30, "nan_fraction": 0.1}),
    ("DecisionTreeRegressor",
     {"splitter": "random", "criterion": "poisson", "min_samples_leaf": 5}),
    ("ExtraTreeClassifier", {}),
    ("ExtraTreeClassifier", {"max_leaf_nodes": 20, "nan_fraction": 0.1}),
    ("DecisionTreeClassifier", {"splitter": "random", "max_features": 3}),
])
def test_random_splitter_matches_sklearn(name, params):
    """Random thresholds from scikit-learn's generator: the same seeds grow the same
    constrained trees (the check comes after the draws, so draws stay in step)."""
    params = dict(params)
    nan_fraction = params.pop("nan_fraction", 0.0)
    if "Classifier" in name:
        X, y = _binary(0, nan_fraction)
    elif params.get("criterion") == "poisson":
        X, y = _positive(0)
    else:
        X, y = regression(seed=0, nan_fraction=nan_fraction)
    for seed in range(3):
        ours = getattr(tree, name)(monotonic_cst=CONSTRAINTS, random_state=seed, **params)
        theirs = getattr(sk_tree, name)(monotonic_cst=CONSTRAINTS, random_state=seed, **params)
        assert_same_tree(ours.fit(X, y).tree_, theirs.fit(X, y).tree_)
    _constraints_bind(ours, X, y)
    assert_monotone(ours, X, CONSTRAINTS)


def test_zero_constraints_leave_the_tree_unconstrained():
    """All zeros: the unconstrained splits; a classifier's second fraction is then one minus
    the first, as scikit-learn stores it."""
    X, y = regression()
    free = tree.DecisionTreeRegressor(min_samples_leaf=5, random_state=0).fit(X, y)
    zero = tree.DecisionTreeRegressor(min_samples_leaf=5, random_state=0,
                                      monotonic_cst=[0] * 6).fit(X, y)
    assert_same_tree(zero.tree_, free.tree_, rtol=0, atol=0)
    X, y = _binary(0)
    ours = tree.DecisionTreeClassifier(max_depth=4, monotonic_cst=np.zeros(6, int)).fit(X, y)
    theirs = sk_tree.DecisionTreeClassifier(max_depth=4, monotonic_cst=np.zeros(6, int)).fit(X, y)
    np.testing.assert_array_equal(ours.tree_.value, theirs.tree_.value)
    np.testing.assert_array_equal(ours.tree_.value[:, 0, 1], 1 - ours.tree_.value[:, 0, 0])


def test_single_feature_step_function():
    """A decreasing constraint against an increasing target: every split is refused and the
    tree is one leaf; with the increasing one the fitted steps never go down."""
    rng = np.random.RandomState(0)
    X = np.sort(rng.uniform(0, 10, 200))[:, None]
    y = X[:, 0] + rng.normal(0, 2, 200)
    for sign in (1, -1):
        ours = tree.DecisionTreeRegressor(monotonic_cst=[sign]).fit(X, y)
        theirs = sk_tree.DecisionTreeRegressor(monotonic_cst=[sign]).fit(X, y)
        assert_same_tree(ours.tree_, theirs.tree_)
    assert ours.tree_.node_count == 1
    increasing = tree.DecisionTreeRegressor(monotonic_cst=[1]).fit(X, y).predict(X)
    assert np.all(np.diff(increasing) >= 0) and len(np.unique(increasing)) > 5


def _error(fit):
    with pytest.raises(ValueError) as info:
        fit()
    return str(info.value)


@pytest.mark.parametrize("name", ["DecisionTreeClassifier", "DecisionTreeRegressor",
                                  "ExtraTreeClassifier", "ExtraTreeRegressor"])
def test_errors_are_sklearns(name):
    X, y3 = classification(n=60, d=4)
    y2 = (y3 > 0).astype(int)
    cases = [([1, 0, 0], y2), ([1, 0, 2, 0], y2), ([1, -1, 0.5, 0], y2),
             ([1, 0, 0, 0], np.column_stack([y2, 1 - y2]))]
    if "Classifier" in name:
        cases.append(([1, 0, 0, 0], y3))
    for monotonic_cst, y in cases:
        ours = getattr(tree, name)(monotonic_cst=monotonic_cst)
        theirs = getattr(sk_tree, name)(monotonic_cst=monotonic_cst)
        message = _error(lambda: theirs.fit(X, y))
        assert _error(lambda: ours.fit(X, y)) == message
    assert "multiclass" in message if "Classifier" in name else "multiple outputs" in message
