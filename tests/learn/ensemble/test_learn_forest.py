"""The four forests against scikit-learn's.

The forests draw the trees' seeds and bootstrap rows with scikit-learn's
RandomState calls, and the trees draw their features and thresholds with
scikit-learn's generator from those seeds, so the same random_state grows
scikit-learn's forest: the tests assert it number for number. The exception is
a regression split that ties with another in exact arithmetic, which the two
libraries' rounding (sums in different orders) may break differently; the
regression comparisons use data or settings without such ties.
"""

import doctest
import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.ensemble as ske  # noqa: E402
from ensemble_cases import assert_same_error  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn import ensemble as eme  # noqa: E402
from ember.learn import io as learn_io  # noqa: E402
from ember.learn.datasets import load_iris  # noqa: E402
from ember.learn.ensemble import _forest, _forest_base  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402

FORESTS = ["RandomForestClassifier", "RandomForestRegressor", "ExtraTreesClassifier",
           "ExtraTreesRegressor"]
SAMPLE_WEIGHT_REASON = ("sample_weight is not equivalent to removing/repeating samples "
                        "(scikit-learn lists the same expected failure for its random forests)")


def regression(n=300, d=5, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d)
    return X, X[:, 0] ** 2 + X[:, 1] - 0.5 * X[:, 2] * X[:, 3] + 0.3 * rng.randn(n)


def classification(n=300, d=5, seed=0, classes=3):
    X, y = regression(n, d, seed)
    return X, np.digitize(y, np.quantile(y, np.linspace(0, 1, classes + 1)[1:-1]))


def assert_same_nodes(ours, theirs, atol=1e-12):
    assert ours.node_count == theirs.node_count
    for name in ("children_left", "children_right", "feature", "n_node_samples"):
        np.testing.assert_array_equal(getattr(ours, name), getattr(theirs, name), err_msg=name)
    for name in ("threshold", "impurity", "weighted_n_node_samples", "value"):
        np.testing.assert_allclose(getattr(ours, name), getattr(theirs, name), rtol=1e-10,
                                   atol=atol, err_msg=name)


def seed_free(forest, X, y, sample_weight=None):
    """Whether each of scikit-learn's trees is the same grown again with other seeds on the
    same rows (no tied splits: the trees do not depend on their own random draws)."""
    X32 = X.astype(np.float32)
    for tree, rows in zip(forest.estimators_, forest.estimators_samples_):
        weight = np.bincount(rows, minlength=len(X)).astype(float) if forest.bootstrap \
            else sample_weight
        for seed in (1, 2):
            other = type(tree)(**{**tree.get_params(), "random_state": seed}).fit(
                X32, y, sample_weight=weight)
            if other.tree_.node_count != tree.tree_.node_count or not np.array_equal(
                    other.tree_.feature, tree.tree_.feature):
                return False
    return True


# -- scikit-learn's checks ------------------------------------------------------------------


@pytest.mark.parametrize("name", FORESTS)
def test_check_estimator(name):
    expected = None
    if name.startswith("RandomForest"):
        expected = {"check_sample_weight_equivalence_on_dense_data": SAMPLE_WEIGHT_REASON,
                    "check_sample_weight_equivalence_on_sparse_data": SAMPLE_WEIGHT_REASON}
    run_check_estimator(getattr(eme, name)(n_estimators=5), expected_failed_checks=expected)


def test_parameters_are_sklearns():
    for name in FORESTS:
        assert getattr(eme, name)().get_params() == getattr(ske, name)().get_params(), name


# -- the same randomness as scikit-learn ----------------------------------------------------


@pytest.mark.parametrize("params", [dict(), dict(max_samples=120), dict(max_samples=0.5),
                                    dict(sample_weight=True)])
def test_bootstrap_rows_and_seeds_equal_sklearns(params):
    X, y = classification()
    params = dict(params)
    weight = np.random.RandomState(3).uniform(0.1, 2, len(y)) if params.pop(
        "sample_weight", False) else None
    ours = eme.RandomForestClassifier(n_estimators=12, random_state=7, **params).fit(
        X, y, sample_weight=weight)
    theirs = ske.RandomForestClassifier(n_estimators=12, random_state=7, **params).fit(
        X, y, sample_weight=weight)
    seeds = [t.random_state for t in theirs.estimators_]
    assert [t.random_state for t in ours.estimators_] == seeds
    for a, b in zip(ours.estimators_samples_, theirs.estimators_samples_):
        np.testing.assert_array_equal(a, b)
    # every tree saw the same distinct rows: its root's sample count and weight
    for a, b in zip(ours.estimators_, theirs.estimators_):
        assert a.tree_.n_node_samples[0] == b.tree_.n_node_samples[0]
        assert a.tree_.weighted_n_node_samples[0] == b.tree_.weighted_n_node_samples[0]
        np.testing.assert_array_equal(a.classes_, b.classes_)
        assert a.max_features_ == b.max_features_ == 2


def test_regressor_equals_sklearns_when_the_trees_ignore_their_seeds():
    """max_features=None and no tied splits: each tree depends only on its bootstrap rows,
    which are scikit-learn's, so the whole forest is."""
    X, y = regression(n=400)
    compared = 0
    for random_state in range(4):
        params = dict(n_estimators=25, max_features=None, min_samples_leaf=8, oob_score=True,
                      random_state=random_state)
        theirs = ske.RandomForestRegressor(**params).fit(X, y)
        if not seed_free(theirs, X, y):
            continue
        ours = eme.RandomForestRegressor(**params).fit(X, y)
        for a, b in zip(ours.estimators_, theirs.estimators_):
            assert_same_nodes(a.tree_, b.tree_)
        np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(ours.oob_prediction_, theirs.oob_prediction_, rtol=1e-12)
        assert ours.oob_score_ == pytest.approx(theirs.oob_score_, rel=1e-12)
        np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_,
                                   rtol=1e-10)
        np.testing.assert_array_equal(ours.apply(X), theirs.apply(X))
        ours_path, ours_ptr = ours.decision_path(X)
        theirs_path, theirs_ptr = theirs.decision_path(X)
        np.testing.assert_array_equal(ours_ptr, theirs_ptr)
        assert (ours_path != theirs_path).nnz == 0
        compared += 1
    assert compared >= 3, "scikit-learn's trees tie on this data: change it"


@pytest.mark.parametrize("class_weight", [None, "balanced", {0: 1.0, 1: 3.0, 2: 0.5}])
def test_classifier_equals_sklearns_without_bootstrap(class_weight):
    """bootstrap=False with continuous sample weights (no tied class counts): every tree is
    scikit-learn's tree on all rows."""
    X, y = classification(n=250, d=4, seed=1)
    weight = np.random.RandomState(10).uniform(0.5, 2.0, len(y))
    params = dict(n_estimators=6, bootstrap=False, max_features=None, min_samples_leaf=15,
                  class_weight=class_weight, random_state=0)
    theirs = ske.RandomForestClassifier(**params).fit(X, y, sample_weight=weight)
    assert seed_free(theirs, X, y, weight * (1 if class_weight is None else
                                             theirs._sample_weight / weight))
    ours = eme.RandomForestClassifier(**params).fit(X, y, sample_weight=weight)
    for a, b in zip(ours.estimators_, theirs.estimators_):
        assert_same_nodes(a.tree_, b.tree_)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


@pytest.mark.parametrize("class_weight", ["balanced", "balanced_subsample"])
def test_class_weight_presets_weigh_each_tree_as_sklearn(class_weight):
    X, y = classification(n=300, classes=3)
    y = np.where(np.arange(len(y)) % 5 == 0, 2, y)  # unbalanced classes
    ours = eme.RandomForestClassifier(n_estimators=8, class_weight=class_weight,
                                      random_state=1).fit(X, y)
    theirs = ske.RandomForestClassifier(n_estimators=8, class_weight=class_weight,
                                        random_state=1).fit(X, y)
    for a, b in zip(ours.estimators_, theirs.estimators_):  # the root holds every weight
        np.testing.assert_allclose(a.tree_.value[0], b.tree_.value[0], rtol=1e-12)
        assert a.tree_.weighted_n_node_samples[0] == pytest.approx(
            b.tree_.weighted_n_node_samples[0], rel=1e-12)


def test_oob_decision_function_equals_sklearns_for_the_same_trees():
    """Out-of-bag sums over scikit-learn's very trees (put into ember's forest)."""
    X, y = classification(n=200)
    theirs = ske.RandomForestClassifier(n_estimators=30, oob_score=True, random_state=0).fit(X, y)
    ours = eme.RandomForestClassifier(n_estimators=30, oob_score=True, random_state=0).fit(X, y)
    for a, b in zip(ours.estimators_, theirs.estimators_):
        a.tree_ = _tree_from_sklearn(b.tree_)
    ours._set_oob_score_and_attributes(X.astype(np.float32), y[:, None].astype(float))
    np.testing.assert_array_equal(ours.oob_decision_function_, theirs.oob_decision_function_)
    assert ours.oob_score_ == theirs.oob_score_
    np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))


def _tree_from_sklearn(tree):
    from ember.learn.tree._tree import Tree

    ints = np.column_stack([tree.children_left, tree.children_right, tree.feature,
                            tree.n_node_samples, tree.missing_go_to_left])
    floats = np.column_stack([tree.threshold, tree.impurity, tree.weighted_n_node_samples])
    return Tree.from_nodes(tree.n_features, tree.n_classes, ints, floats, tree.value,
                           tree.max_depth)


@pytest.mark.parametrize("name, params", [
    ("RandomForestClassifier", {}),
    ("ExtraTreesClassifier", {}),
    ("RandomForestClassifier", {"max_features": 2, "class_weight": "balanced"}),
    ("ExtraTreesRegressor", {"max_features": 0.5, "min_samples_leaf": 5}),  # see the docstring
    ("ExtraTreesClassifier", {"bootstrap": True, "max_samples": 0.5, "min_samples_leaf": 3}),
])
def test_forests_are_sklearns_tree_for_tree(name, params):
    """Default feature draws ("sqrt"), random thresholds, class weights: scikit-learn's
    generator from scikit-learn's seeds grows scikit-learn's trees. (Not compared here:
    "balanced_subsample", whose fractional weights per bootstrap make a pure node's Gini
    about +-4e-16 by the order of its sums, on either side of the leaf test; nor regression
    nodes of a few samples, where several features cut off the same samples and rounding
    picks one.)"""
    make = classification if "Classifier" in name else regression
    X, y = make(n=500, d=9, seed=4)
    X_test, _ = make(n=200, d=9, seed=5)
    params = dict(n_estimators=12, random_state=7, **params)
    theirs = getattr(ske, name)(**params).fit(X, y)
    ours = getattr(eme, name)(**params).fit(X, y)
    for a, b in zip(ours.estimators_, theirs.estimators_):
        assert_same_nodes(a.tree_, b.tree_, atol=1e-10 * np.var(y))  # pure nodes: ~1e-12
    method = "predict_proba" if "Classifier" in name else "predict"
    np.testing.assert_allclose(getattr(ours, method)(X_test), getattr(theirs, method)(X_test),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_,
                               rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("name, params", [
    ("RandomForestClassifier", {"max_depth": 5}),
    ("RandomForestClassifier", {"max_leaf_nodes": 12, "max_features": None}),
    ("ExtraTreesClassifier", {"min_samples_leaf": 3}),
    ("ExtraTreesRegressor", {"max_features": 0.5, "min_samples_leaf": 5}),
])
def test_monotonic_forests_are_sklearns_tree_for_tree(name, params):
    """monotonic_cst reaches every tree: scikit-learn's constrained trees, and predictions
    (positive-class probabilities) monotone along the constrained features."""
    constraints = [1, -1, 0, 1, 0]
    classifier = "Classifier" in name
    X, y = classification(n=400, seed=2, classes=2) if classifier else regression(n=400, seed=2)
    params = dict(n_estimators=8, random_state=7, monotonic_cst=constraints, **params)
    theirs = getattr(ske, name)(**params).fit(X, y)
    ours = getattr(eme, name)(**params).fit(X, y)
    for a, b in zip(ours.estimators_, theirs.estimators_):
        assert a.monotonic_cst == constraints
        assert_same_nodes(a.tree_, b.tree_, atol=1e-10 * np.var(y))
    free = getattr(eme, name)(**{**params, "monotonic_cst": None}).fit(X, y)
    assert any(a.tree_.node_count != b.tree_.node_count
               or not np.allclose(a.tree_.value, b.tree_.value)
               for a, b in zip(ours.estimators_, free.estimators_))  # the constraints bind
    predict = (lambda Z: ours.predict_proba(Z)[:, 1]) if classifier else ours.predict
    X_test, _ = regression(n=20, seed=3)
    grid = np.linspace(-3, 3, 40)
    for j, sign in enumerate(constraints):
        if sign:
            Z = np.repeat(X_test, len(grid), axis=0)
            Z[:, j] = np.tile(grid, len(X_test))
            steps = np.diff(predict(Z).reshape(len(X_test), -1), axis=1) * sign
            assert np.all(steps >= -1e-12)
    method = "predict_proba" if classifier else "predict"
    np.testing.assert_allclose(getattr(ours, method)(X_test), getattr(theirs, method)(X_test),
                               rtol=1e-12, atol=1e-12)


def test_monotonic_errors_are_sklearns():
    X, y = classification(n=100)
    y2 = (y > 0).astype(int)
    for name in FORESTS:
        cases = [([1, 0, 0, 0, 0], np.column_stack([y2, y2])), ([1, 0, 0], y2),
                 ([0, 0, 3, 0, 0], y2)] + ([([1, 0, 0, 0, 0], y)] if "Classifier" in name else [])
        for cst, y_ in cases:
            assert_same_error(
                lambda: getattr(eme, name)(n_estimators=2, monotonic_cst=cst).fit(X, y_),
                lambda: getattr(ske, name)(n_estimators=2, monotonic_cst=cst).fit(X, y_))


# -- statistical agreement ------------------------------------------------------------------


@pytest.mark.parametrize("name", FORESTS)
def test_scores_agree_with_sklearn_over_seeds(name):
    make = classification if "Classifier" in name else regression
    X, y = make(n=600, d=8, seed=2)
    X_test, y_test = make(n=600, d=8, seed=3)
    ours, theirs, ours_oob, theirs_oob = [], [], [], []
    for seed in range(4):
        params = dict(n_estimators=40, random_state=seed, oob_score=True, bootstrap=True)
        a = getattr(eme, name)(**params).fit(X, y)
        b = getattr(ske, name)(**params).fit(X, y)
        ours.append(a.score(X_test, y_test))
        theirs.append(b.score(X_test, y_test))
        ours_oob.append(a.oob_score_)
        theirs_oob.append(b.oob_score_)
    assert abs(np.mean(ours) - np.mean(theirs)) < 0.02, (ours, theirs)
    assert abs(np.mean(ours_oob) - np.mean(theirs_oob)) < 0.02, (ours_oob, theirs_oob)


def test_homl_iris_feature_importances():
    """HOML ch7: RandomForestClassifier(n_estimators=500, random_state=42) on iris rates the
    petal length and width about 0.44 and 0.42, the sepal length 0.11 and width 0.02."""
    iris = load_iris(as_frame=True)
    ours = eme.RandomForestClassifier(n_estimators=500, random_state=42).fit(iris.data,
                                                                             iris.target)
    theirs = ske.RandomForestClassifier(n_estimators=500, random_state=42).fit(iris.data,
                                                                               iris.target)
    np.testing.assert_allclose(ours.feature_importances_, [0.11, 0.02, 0.44, 0.42], atol=0.02)
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_,
                               rtol=1e-12)
    assert ours.feature_importances_.sum() == pytest.approx(1.0)
    np.testing.assert_array_equal(ours.feature_names_in_, iris.data.columns)


# -- fitting options ------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORESTS)
def test_results_do_not_depend_on_n_jobs(name):
    make = classification if "Classifier" in name else regression
    X, y = make(n=5000, d=6)
    params = dict(n_estimators=30, max_depth=8, random_state=0, oob_score=True, bootstrap=True)
    one = getattr(eme, name)(n_jobs=1, **params).fit(X, y)
    two = getattr(eme, name)(n_jobs=2, **params).fit(X, y)
    for a, b in zip(one.estimators_, two.estimators_):
        assert_same_nodes(a.tree_, b.tree_)
    out = "predict_proba" if "Classifier" in name else "predict"
    np.testing.assert_array_equal(getattr(one, out)(X), getattr(two, out)(X))
    one.set_params(n_jobs=2)  # predictions split into two threads' rows
    np.testing.assert_array_equal(getattr(one, out)(X), getattr(two, out)(X))
    np.testing.assert_array_equal(one.apply(X), two.apply(X))
    assert one.oob_score_ == two.oob_score_


@pytest.mark.parametrize("name", FORESTS)
def test_warm_start_equals_one_fit(name):
    make = classification if "Classifier" in name else regression
    X, y = make()
    warm = getattr(eme, name)(n_estimators=4, warm_start=True, random_state=3).fit(X, y)
    warm.set_params(n_estimators=9).fit(X, y)
    cold = getattr(eme, name)(n_estimators=9, random_state=3).fit(X, y)
    assert [t.random_state for t in warm.estimators_] == [t.random_state for t in cold.estimators_]
    for a, b in zip(warm.estimators_, cold.estimators_):
        assert_same_nodes(a.tree_, b.tree_)
    np.testing.assert_array_equal(warm.predict(X), cold.predict(X))
    with pytest.warns(UserWarning, match="Warm-start fitting without increasing n_estimators"):
        warm.fit(X, y)
    assert len(warm.estimators_) == 9
    with pytest.raises(ValueError, match="n_estimators=5 must be larger or equal to "
                                         r"len\(estimators_\)=9 when warm_start==True"):
        warm.set_params(n_estimators=5).fit(X, y)


def test_multi_output():
    X, y = classification(n=300)
    Y = np.column_stack([y, (X[:, 4] > 0).astype(int) * 10])
    ours = eme.RandomForestClassifier(n_estimators=10, random_state=0).fit(X, Y)
    theirs = ske.RandomForestClassifier(n_estimators=10, random_state=0).fit(X, Y)
    proba = ours.predict_proba(X)
    assert [p.shape for p in proba] == [p.shape for p in theirs.predict_proba(X)]
    assert ours.predict(X).shape == (300, 2) and set(ours.predict(X)[:, 1]) <= {0, 10}
    for k in range(2):
        np.testing.assert_allclose(proba[k].sum(axis=1), 1.0)
        np.testing.assert_array_equal(ours.classes_[k], theirs.classes_[k])
    # binary outputs (multilabel-indicator) have out-of-bag estimates
    labels = np.column_stack([y == 0, X[:, 4] > 0]).astype(int)
    multi = eme.RandomForestClassifier(n_estimators=30, oob_score=True, random_state=0).fit(
        X, labels)
    assert multi.oob_decision_function_.shape == (300, 2, 2)
    assert 0.5 < multi.oob_score_ <= 1.0
    Xr, yr = regression()
    Yr = np.column_stack([yr, X[:, 0]])
    reg = eme.RandomForestRegressor(n_estimators=30, oob_score=True, random_state=0).fit(Xr, Yr)
    assert reg.predict(Xr).shape == (300, 2) and reg.oob_prediction_.shape == (300, 2)


def test_oob_score_callable_and_warning():
    X, y = classification(n=200)
    calls = []

    def balanced_accuracy(y_true, y_pred):
        calls.append((y_true.shape, y_pred.shape))
        return 0.25

    forest = eme.RandomForestClassifier(n_estimators=30, oob_score=balanced_accuracy,
                                        random_state=0).fit(X, y)
    assert forest.oob_score_ == 0.25 and calls == [((200, 1), (200,))]
    with pytest.warns(UserWarning, match="Some inputs do not have OOB scores"):
        eme.RandomForestRegressor(n_estimators=2, oob_score=True, random_state=0).fit(
            *regression(n=50))


def test_missing_values_and_sparse_input():
    X, y = classification(n=300)
    X_nan = X.copy()
    X_nan[np.random.RandomState(0).rand(*X.shape) < 0.1] = np.nan
    for name in FORESTS:
        forest = getattr(eme, name)(n_estimators=5, random_state=0).fit(X_nan, y)
        trees_mean = np.mean([t.predict(X_nan) if "Regressor" in name else
                              t.predict_proba(X_nan) for t in forest.estimators_], axis=0)
        out = forest.predict(X_nan) if "Regressor" in name else forest.predict_proba(X_nan)
        np.testing.assert_allclose(out, trees_mean, rtol=1e-12)
    X_sparse = X.copy()
    X_sparse[np.abs(X_sparse) < 0.8] = 0.0
    dense = eme.RandomForestClassifier(n_estimators=5, random_state=0).fit(X_sparse, y)
    sparse = eme.RandomForestClassifier(n_estimators=5, random_state=0).fit(
        sp.csc_matrix(X_sparse), y)
    np.testing.assert_array_equal(sparse.predict_proba(sp.csr_matrix(X_sparse)),
                                  dense.predict_proba(X_sparse))
    with pytest.raises(ValueError, match="Input X contains NaN"):
        dense.predict(sp.csr_matrix(X_nan))


def test_errors_are_sklearns():
    X, y = classification(n=100)
    Y = np.column_stack([y, y])  # multiclass-multioutput
    cases = [
        (dict(bootstrap=False, max_samples=10), X, y),
        (dict(bootstrap=False, oob_score=True), X, y),
        (dict(oob_score=True), X, Y),
        (dict(n_estimators=0), X, y),
        (dict(class_weight="unbalanced"), X, y),
        (dict(max_samples=1.5, bootstrap=False), X, y),
    ]
    for params, X_, y_ in cases:
        assert_same_error(lambda: eme.RandomForestClassifier(**params).fit(X_, y_),
                          lambda: ske.RandomForestClassifier(**params).fit(X_, y_),
                          prefix_only="n_estimators" in params or "class_weight" in params)
    assert_same_error(lambda: eme.RandomForestClassifier().fit(X, sp.csr_matrix(Y)),
                      lambda: ske.RandomForestClassifier().fit(X, sp.csr_matrix(Y)))
    assert_same_error(lambda: eme.RandomForestRegressor(criterion="poisson").fit(X, -y - 1.0),
                      lambda: ske.RandomForestRegressor(criterion="poisson").fit(X, -y - 1.0))
    assert_same_error(lambda: eme.RandomForestRegressor(criterion="poisson").fit(X, 0 * y),
                      lambda: ske.RandomForestRegressor(criterion="poisson").fit(X, 0 * y))
    with pytest.raises(NotFittedError):
        eme.ExtraTreesRegressor().predict(X)
    forest = eme.ExtraTreesRegressor(n_estimators=3).fit(X, y)
    with pytest.raises(ValueError,
                       match="X has 4 features, but ExtraTreesRegressor is expecting 5"):
        forest.predict(X[:, :4])
    X_inf = X.copy()
    X_inf[0, 0] = np.inf
    assert_same_error(lambda: eme.RandomForestClassifier().fit(X_inf, y),
                      lambda: ske.RandomForestClassifier().fit(X_inf, y))
    with pytest.warns(sklearn.exceptions.DataConversionWarning, match="A column-vector y"):
        eme.RandomForestRegressor(n_estimators=2).fit(X, y[:, None].astype(float))
    with pytest.warns(FutureWarning, match='Value `"friedman_mse"` for `criterion`'):
        eme.RandomForestRegressor(n_estimators=2, criterion="friedman_mse").fit(X, y)


def test_apply_and_decision_path_follow_the_trees():
    X, y = regression(n=200)
    forest = eme.ExtraTreesRegressor(n_estimators=6, max_depth=5, random_state=0).fit(X, y)
    leaves = forest.apply(X)
    np.testing.assert_array_equal(leaves, np.column_stack([t.apply(X.astype(np.float32))
                                                           for t in forest.estimators_]))
    indicator, ptr = forest.decision_path(X)
    assert indicator.shape == (200, ptr[-1]) and len(ptr) == 7
    for t, tree in enumerate(forest.estimators_):
        block = indicator[:, ptr[t]:ptr[t + 1]]
        assert (block != tree.decision_path(X)).nnz == 0


@pytest.mark.parametrize("name", FORESTS)
def test_pickle_and_io_roundtrip(name, tmp_path):
    make = classification if "Classifier" in name else regression
    X, y = make(n=200)
    forest = getattr(eme, name)(n_estimators=30, max_depth=6, random_state=0, oob_score=True,
                                bootstrap=True).fit(X, y)
    for loaded in (pickle.loads(pickle.dumps(forest)),
                   learn_io.load(learn_io.dump(forest, tmp_path / "forest.ember"))):
        assert type(loaded.estimators_[0]) is type(forest.estimators_[0])
        np.testing.assert_array_equal(loaded.predict(X), forest.predict(X))
        np.testing.assert_array_equal(loaded.apply(X), forest.apply(X))
        np.testing.assert_array_equal(loaded.feature_importances_, forest.feature_importances_)
        assert loaded.oob_score_ == forest.oob_score_
        for a, b in zip(loaded.estimators_samples_, forest.estimators_samples_):
            np.testing.assert_array_equal(a, b)


def test_feature_importances_of_stumps_only_are_zero():
    X = np.random.RandomState(0).randn(20, 3)
    forest = eme.RandomForestRegressor(n_estimators=3).fit(X, np.ones(20))
    np.testing.assert_array_equal(forest.feature_importances_, np.zeros(3))


def test_docstrings_and_exports():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for module in (_forest, _forest_base):
            failures, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
            assert failures == 0
    assert set(FORESTS) <= set(eme.__all__)
    forest = eme.RandomForestClassifier(n_estimators=2).fit(*classification(n=40))
    assert type(forest.estimator_).__name__ == "DecisionTreeClassifier"
    assert forest.estimator_.get_params() == type(forest.estimator_)().get_params()
