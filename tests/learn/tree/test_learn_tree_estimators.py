"""The tree estimators against scikit-learn: structure, predictions, weights, pruning, checks."""

import pickle
import warnings

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import tree as sk_tree  # noqa: E402
from tree_cases import (  # noqa: E402
    assert_same_tree,
    classification,
    continuous_weights,
    first_untied,
    regression,
)

from ember.learn import io as learn_io  # noqa: E402
from ember.learn import tree  # noqa: E402
from ember.learn.datasets import load_iris  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402


ESTIMATORS = ["DecisionTreeClassifier", "DecisionTreeRegressor", "ExtraTreeClassifier",
              "ExtraTreeRegressor"]


def _pair(name, **params):
    return (lambda **extra: getattr(tree, name)(**params, **extra),
            lambda **extra: getattr(sk_tree, name)(**params, **extra))


@pytest.mark.parametrize("name", ESTIMATORS)
def test_check_estimator(name):
    run_check_estimator(getattr(tree, name)())


def test_homl_iris_tree():
    X, y = load_iris(return_X_y=True)
    model = tree.DecisionTreeClassifier(max_depth=2, random_state=42).fit(X[:, 2:], y)
    t = model.tree_
    # petal length (cm) <= 2.45, then petal width (cm) <= 1.75 (HOML figure 6-1)
    assert t.feature.tolist() == [0, -2, 1, -2, -2]
    np.testing.assert_allclose(t.threshold[[0, 2]], [2.45, 1.75], atol=1e-6)
    np.testing.assert_allclose(model.predict_proba([[5, 1.5]]), [[0, 49 / 54, 5 / 54]])
    assert model.predict([[5, 1.5]]).tolist() == [1]
    theirs = sk_tree.DecisionTreeClassifier(max_depth=2, random_state=42).fit(X[:, 2:], y)
    assert_same_tree(t, theirs.tree_)


CLASSIFIER_CASES = [
    {"criterion": "gini", "max_depth": 4, "min_samples_leaf": 10},
    {"criterion": "entropy", "max_depth": 4, "min_samples_leaf": 10},
    {"criterion": "log_loss", "min_samples_leaf": 20},
    {"min_samples_leaf": 0.05, "min_samples_split": 0.2},
    {"min_weight_fraction_leaf": 0.05},
    {"max_leaf_nodes": 9},
    {"max_leaf_nodes": 12, "criterion": "entropy", "min_samples_leaf": 5},
    {"min_impurity_decrease": 0.01},
    {"max_depth": 3, "class_weight": "balanced"},
    {"max_depth": 3, "class_weight": {0: 1.0, 1: 3.0, 2: 0.5}},
]


@pytest.mark.parametrize("params", CLASSIFIER_CASES, ids=str)
def test_classifier_matches_sklearn(params):
    ours_make, theirs_make = _pair("DecisionTreeClassifier", **params)
    X, y, _, theirs = first_untied(theirs_make, lambda seed: classification(seed=seed))
    ours = ours_make(random_state=0).fit(X, y)
    assert_same_tree(ours.tree_, theirs.tree_)
    X_test, _ = classification(seed=10)
    np.testing.assert_array_equal(ours.predict(X_test), theirs.predict(X_test))
    np.testing.assert_allclose(ours.predict_proba(X_test), theirs.predict_proba(X_test))
    np.testing.assert_array_equal(ours.apply(X_test), theirs.apply(X_test))
    path, their_path = ours.decision_path(X_test), theirs.decision_path(X_test)
    assert path.format == "csr" and path.dtype == their_path.dtype
    np.testing.assert_array_equal(path.toarray(), their_path.toarray())
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_, atol=1e-12)
    assert (ours.get_depth(), ours.get_n_leaves()) == (theirs.get_depth(), theirs.get_n_leaves())
    assert ours.max_features_ == theirs.max_features_


REGRESSOR_CASES = [
    {"criterion": "squared_error", "min_samples_leaf": 5},
    {"criterion": "squared_error", "max_depth": 6, "min_samples_split": 40},
    {"criterion": "squared_error", "max_leaf_nodes": 15},
    {"criterion": "absolute_error", "min_samples_leaf": 8},
    {"criterion": "absolute_error", "max_leaf_nodes": 10},
    {"criterion": "poisson", "min_samples_leaf": 10},
    {"max_depth": 5, "min_impurity_decrease": 0.002, "min_samples_leaf": 10},
]


@pytest.mark.parametrize("params", REGRESSOR_CASES, ids=str)
def test_regressor_matches_sklearn(params):
    def data(seed):
        X, y = regression(seed=seed)
        if params.get("criterion") == "poisson":  # positive targets, half of them zero
            y = np.where(y > np.median(y), np.exp(0.5 * X[:, 0]) * y, 0.0)
        return X, y

    ours_make, theirs_make = _pair("DecisionTreeRegressor", **params)
    X, y, _, theirs = first_untied(theirs_make, data)
    ours = ours_make(random_state=0).fit(X, y)
    assert_same_tree(ours.tree_, theirs.tree_)
    X_test, _ = regression(seed=10)
    np.testing.assert_allclose(ours.predict(X_test), theirs.predict(X_test))
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_, atol=1e-12)
    assert ours.score(X_test, theirs.predict(X_test)) == pytest.approx(1.0)


def test_friedman_mse_is_squared_error_with_futurewarning():
    X, y = regression()
    with pytest.warns(FutureWarning, match="friedman_mse"):
        ours = tree.DecisionTreeRegressor(criterion="friedman_mse", max_depth=4,
                                          random_state=0).fit(X, y)
    plain = tree.DecisionTreeRegressor(max_depth=4, random_state=0).fit(X, y)  # same tie-breaks
    assert_same_tree(ours.tree_, plain.tree_, rtol=0, atol=0)


@pytest.mark.parametrize("kind", ["classifier", "regressor"])
def test_missing_values_match_sklearn(kind):
    name = "DecisionTreeClassifier" if kind == "classifier" else "DecisionTreeRegressor"
    data = classification if kind == "classifier" else regression
    ours_make, theirs_make = _pair(name, min_samples_leaf=10)
    X, y, weight, theirs = first_untied(theirs_make, lambda seed: data(seed=seed, nan_fraction=0.15),
                                        weighted=kind == "classifier")
    ours = ours_make().fit(X, y, sample_weight=weight)
    assert_same_tree(ours.tree_, theirs.tree_)
    X_test = X[::-1].copy()
    X_test[::7, :] = np.nan
    np.testing.assert_allclose(ours.predict(X_test), theirs.predict(X_test))
    # A tree trained without NaN sends NaN to the child that had more samples.
    clean_X, clean_y = data()
    clean = ours_make().fit(clean_X, clean_y)
    np.testing.assert_allclose(clean.predict(X_test), theirs_make().fit(clean_X, clean_y).predict(X_test))


def test_sample_weight_matches_sklearn():
    def weights(seed, n):  # continuous, a quarter of them zero (those samples are left out)
        weight = continuous_weights(seed, n)
        weight[::4] = 0.0
        return weight

    ours_make, theirs_make = _pair("DecisionTreeClassifier", min_samples_leaf=10)
    X, y, weight, theirs = first_untied(theirs_make, lambda seed: classification(seed=seed),
                                        weighted=weights)
    ours = ours_make().fit(X, y, sample_weight=weight)
    assert_same_tree(ours.tree_, theirs.tree_)
    assert ours.tree_.n_node_samples[0] == np.count_nonzero(weight)


@pytest.mark.parametrize("name", ["DecisionTreeClassifier", "DecisionTreeRegressor"])
def test_integer_sample_weight_is_repetition(name):
    X, y = classification() if "Classifier" in name else regression()
    # Whole-number targets: the weighted and the repeated sums are then exact, so equal
    # proxies stay equal and ties between features break alike (by the same draws).
    y = y if "Classifier" in name else np.round(4 * y)
    weight = np.random.RandomState(7).randint(0, 3, len(y))
    params = {"max_depth": 5, "min_weight_fraction_leaf": 0.01, "random_state": 0}
    weighted = getattr(tree, name)(**params).fit(X, y, sample_weight=weight).tree_
    repeated = getattr(tree, name)(**params).fit(np.repeat(X, weight, axis=0),
                                                 np.repeat(y, weight)).tree_
    for attribute in ("children_left", "children_right", "feature"):
        np.testing.assert_array_equal(getattr(weighted, attribute), getattr(repeated, attribute))
    for attribute in ("threshold", "impurity", "weighted_n_node_samples", "value"):
        np.testing.assert_allclose(getattr(weighted, attribute), getattr(repeated, attribute),
                                   rtol=1e-12, atol=1e-12)


def test_multi_output_matches_sklearn():
    def data(seed):
        X, y = classification(seed=seed)
        return X, np.column_stack([y, (X[:, 3] > 0.3).astype(int), np.where(X[:, 4] > 0, "a", "b")])

    ours_make, theirs_make = _pair("DecisionTreeClassifier", min_samples_leaf=10)
    X, Y, weight, theirs = first_untied(theirs_make, data, weighted=True)
    ours = ours_make().fit(X, Y, sample_weight=weight)
    assert_same_tree(ours.tree_, theirs.tree_)
    assert ours.n_outputs_ == 3 and list(ours.n_classes_) == list(theirs.n_classes_)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    for p, q in zip(ours.predict_proba(X), theirs.predict_proba(X)):
        np.testing.assert_allclose(p, q)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # scikit-learn's log(0)
        their_log = theirs.predict_log_proba(X)
    for p, q in zip(ours.predict_log_proba(X), their_log):
        np.testing.assert_allclose(p, q)

    def regression_data(seed):
        Xr, yr = regression(seed=seed)
        return Xr, np.column_stack([yr, np.sin(Xr[:, 5]) + 0.1 * Xr[:, 0]])

    for criterion in ("squared_error", "absolute_error"):
        ours_make, theirs_make = _pair("DecisionTreeRegressor", criterion=criterion,
                                       min_samples_leaf=10)
        Xr, Yr, _, theirs = first_untied(theirs_make, regression_data)
        ours = ours_make().fit(Xr, Yr)
        assert_same_tree(ours.tree_, theirs.tree_)
        np.testing.assert_allclose(ours.predict(Xr), theirs.predict(Xr))


def test_multi_output_class_weight():
    def data(seed):
        X, y = classification(seed=seed)
        return X, np.column_stack([y, (X[:, 3] > 0.8).astype(int)])

    for class_weight in ("balanced", [{0: 1, 1: 2, 2: 1}, {0: 1, 1: 4}]):
        ours_make, theirs_make = _pair("DecisionTreeClassifier", max_depth=3,
                                       class_weight=class_weight)
        X, Y, _, theirs = first_untied(theirs_make, data)
        assert_same_tree(ours_make().fit(X, Y).tree_, theirs.tree_)
    X, Y = data(0)
    with pytest.raises(ValueError, match="For multi-output, class_weight should be a list"):
        tree.DecisionTreeClassifier(class_weight={0: 1}).fit(X, Y)


def test_cost_complexity_pruning_matches_sklearn():
    ours_make, theirs_make = _pair("DecisionTreeClassifier", min_samples_leaf=10)
    X, y, weight, theirs = first_untied(theirs_make, lambda seed: classification(seed=seed),
                                        weighted=True)
    path = ours_make().cost_complexity_pruning_path(X, y, sample_weight=weight)
    their_path = theirs.cost_complexity_pruning_path(X, y, sample_weight=weight)
    np.testing.assert_allclose(path.ccp_alphas, their_path.ccp_alphas, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(path.impurities, their_path.impurities, rtol=1e-9, atol=1e-15)
    for alpha in their_path.ccp_alphas[1:-1:3]:
        ours = ours_make(ccp_alpha=alpha * 1.000001).fit(X, y, sample_weight=weight)
        pruned = theirs_make(ccp_alpha=alpha * 1.000001, random_state=0).fit(
            X, y, sample_weight=weight)
        assert_same_tree(ours.tree_, pruned.tree_)
        np.testing.assert_array_equal(ours.predict(X), pruned.predict(X))
    # Best-first trees are renumbered in depth-first order when pruned, as scikit-learn does.
    ours_make, theirs_make = _pair("DecisionTreeRegressor", max_leaf_nodes=20, ccp_alpha=0.01)
    Xr, yr, _, theirs = first_untied(theirs_make, lambda seed: regression(seed=seed))
    assert_same_tree(ours_make().fit(Xr, yr).tree_, theirs.tree_)


def test_presort_and_node_sorting_grow_the_same_tree():
    from ember.learn.tree._builder import build_tree

    for X, y, kwargs in [(*classification(nan_fraction=0.1), {"n_classes": [3]}),
                         (*regression(), {"criterion": "absolute_error"})]:
        a = build_tree(X, y, use_presort=True, min_samples_leaf=3, **kwargs)
        b = build_tree(X, y, use_presort=False, min_samples_leaf=3, **kwargs)
        assert_same_tree(a, b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name, params", [
    ("ExtraTreeClassifier", {}), ("ExtraTreeRegressor", {"min_samples_leaf": 3}),
    ("DecisionTreeClassifier", {"max_features": 2}),
    ("DecisionTreeClassifier", {"max_features": "sqrt", "max_leaf_nodes": 20}),
    ("DecisionTreeRegressor", {"max_features": 3, "criterion": "absolute_error"}),
])
def test_feature_draws_and_random_thresholds_are_sklearns(name, params):
    """Scikit-learn's generator and seed: the same random_state grows the same tree."""
    X, y = classification(n=400) if "Classifier" in name else regression(n=400)
    for seed in range(3):
        ours = getattr(tree, name)(random_state=seed, **params).fit(X, y)
        theirs = getattr(sk_tree, name)(random_state=seed, **params).fit(X, y)
        assert_same_tree(ours.tree_, theirs.tree_)


def test_ties_between_features_break_as_sklearns():
    """Two copies of every feature: each split ties between a feature and its copy, and the
    first drawn wins (in scikit-learn's draw order), for every seed."""
    X, y = classification(n=300)
    X = np.hstack([X, X])
    for seed in range(4):
        ours = tree.DecisionTreeClassifier(max_depth=6, random_state=seed).fit(X, y)
        theirs = sk_tree.DecisionTreeClassifier(max_depth=6, random_state=seed).fit(X, y)
        assert_same_tree(ours.tree_, theirs.tree_)
        used = ours.tree_.feature[ours.tree_.feature >= 0]
        assert np.any(used < 5) and np.any(used >= 5)  # both copies win some ties


@pytest.mark.parametrize("name", ["ExtraTreeClassifier", "ExtraTreeRegressor"])
def test_extra_trees_agree_with_sklearn_statistically(name):
    is_classifier = "Classifier" in name
    X, y = classification(n=600) if is_classifier else regression(n=600)
    X_test, y_test = classification(n=600, seed=1) if is_classifier else regression(n=600, seed=1)
    ours = [getattr(tree, name)(random_state=s).fit(X, y) for s in range(30)]
    theirs = [getattr(sk_tree, name)(random_state=s).fit(X, y) for s in range(30)]
    for statistic in (lambda m: m.score(X_test, y_test), lambda m: m.get_n_leaves(),
                      lambda m: m.feature_importances_[0]):
        a, b = [np.array([statistic(m) for m in models]) for models in (ours, theirs)]
        assert abs(a.mean() - b.mean()) < 4 * np.sqrt((a.var() + b.var()) / 30) + 1e-9
    model = getattr(tree, name)(random_state=3).fit(X, y)
    again = getattr(tree, name)(random_state=3).fit(X, y)
    assert_same_tree(model.tree_, again.tree_, rtol=0, atol=0)
    t = model.tree_
    internal = np.flatnonzero(t.children_left != -1)
    # Each random threshold lies within the node's range, so both children are non-empty.
    assert np.all(t.n_node_samples[t.children_left[internal]] > 0)
    assert np.all(t.n_node_samples[t.children_right[internal]] > 0)


def test_max_features_draws_are_seeded():
    X, y = classification(d=12)
    kwargs = {"max_features": "sqrt", "max_depth": 6}
    a = tree.DecisionTreeClassifier(random_state=0, **kwargs).fit(X, y)
    b = tree.DecisionTreeClassifier(random_state=0, **kwargs).fit(X, y)
    c = tree.DecisionTreeClassifier(random_state=1, **kwargs).fit(X, y)
    assert_same_tree(a.tree_, b.tree_, rtol=0, atol=0)
    assert a.max_features_ == 3
    assert not np.array_equal(a.tree_.feature, c.tree_.feature)
    X_test, y_test = classification(d=12, seed=1)
    ours = np.array([tree.DecisionTreeClassifier(random_state=s, **kwargs).fit(X, y)
                     .score(X_test, y_test) for s in range(30)])
    theirs = np.array([sk_tree.DecisionTreeClassifier(random_state=s, **kwargs).fit(X, y)
                       .score(X_test, y_test) for s in range(30)])
    assert abs(ours.mean() - theirs.mean()) < 4 * np.sqrt((ours.var() + theirs.var()) / 30)


def test_errors():
    X, y = regression()
    with pytest.raises(ValueError, match="Some value\\(s\\) of y are negative"):
        tree.DecisionTreeRegressor(criterion="poisson").fit(X, y)
    with pytest.raises(ValueError, match="Sum of y is not positive"):
        tree.DecisionTreeRegressor(criterion="poisson").fit(X, np.zeros(len(y)))
    with pytest.raises(ValueError, match="The 'max_depth' parameter of DecisionTreeRegressor"):
        tree.DecisionTreeRegressor(max_depth=0).fit(X, y)
    with pytest.raises(ValueError, match="'min_samples_split' parameter"):
        tree.DecisionTreeRegressor(min_samples_split=1).fit(X, y)
    with pytest.raises(ValueError, match="'criterion' parameter"):
        tree.DecisionTreeClassifier(criterion="squared_error").fit(X, y > 0)
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="Input X contains NaN"):
        tree.ExtraTreeRegressor(splitter="best").fit(X_nan, y)
    tree.ExtraTreeRegressor().fit(X_nan, y)  # the random splitter handles NaN
    X_inf = X.copy()
    X_inf[0, 0] = np.inf
    with pytest.raises(ValueError, match="Input X contains infinity"):
        tree.DecisionTreeRegressor().fit(X_inf, y)
    with pytest.raises(NotFittedError):
        tree.DecisionTreeRegressor().predict(X)
    model = tree.DecisionTreeRegressor(max_depth=2).fit(X, y)
    with pytest.raises(ValueError, match="X has 5 features, but DecisionTreeRegressor is expecting 6"):
        model.predict(X[:, :5])
    with pytest.raises(ValueError, match="The classes, \\[2\\], are not in class_weight"):
        tree.DecisionTreeClassifier(class_weight={0: 1, 1: 2, 5: 1}).fit(*classification())


def test_sparse_input_gives_the_dense_tree():
    sp = pytest.importorskip("scipy.sparse")
    X, y = classification()
    X[np.abs(X) < 0.7] = 0.0
    dense = tree.DecisionTreeClassifier(min_samples_leaf=4, random_state=0).fit(X, y)
    sparse = tree.DecisionTreeClassifier(min_samples_leaf=4, random_state=0).fit(sp.csc_matrix(X), y)
    assert_same_tree(sparse.tree_, dense.tree_, rtol=0, atol=0)
    np.testing.assert_array_equal(sparse.predict(sp.csr_matrix(X)), dense.predict(X))


@pytest.mark.parametrize("name", ESTIMATORS)
def test_pickle_and_io_roundtrip(name, tmp_path):
    X, y = classification() if "Classifier" in name else regression()
    model = getattr(tree, name)(random_state=0, max_leaf_nodes=30).fit(X, y)
    for loaded in (pickle.loads(pickle.dumps(model)),
                   learn_io.load(learn_io.dump(model, tmp_path / "tree.ember"))):
        assert type(loaded.tree_) is type(model.tree_)
        assert_same_tree(loaded.tree_, model.tree_, rtol=0, atol=0)
        np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
        np.testing.assert_array_equal(loaded.apply(X), model.apply(X))
        np.testing.assert_array_equal(loaded.feature_importances_, model.feature_importances_)


def test_doctests():
    import doctest

    from ember.learn.tree import _classes, _export, _tree

    for module in (_classes, _export, _tree):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            failures, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert failures == 0


def test_column_targets_score_like_sklearn():
    # y of shape (n, 1), as HOML's regression tree is fitted: one output, R^2 per sample
    X, y = regression()
    X_test, y_test = regression(seed=10)
    ours = tree.DecisionTreeRegressor(max_depth=3).fit(X, y[:, None])
    theirs = sk_tree.DecisionTreeRegressor(max_depth=3).fit(X, y[:, None])
    assert ours.predict(X_test).shape == (len(X_test),)
    assert ours.score(X_test, y_test[:, None]) == pytest.approx(theirs.score(X_test, y_test[:, None]))


def _tiny_weights():
    """Three classes with AdaBoost-like weights spanning 17 decades (some zero): a split can
    leave one side less than half an ulp of its node's weight, so that side's weight
    ``w_node - w_other`` rounds to zero."""
    from ember.learn.datasets import make_classification

    X, y = make_classification(n_samples=200, n_features=6, n_informative=4, n_redundant=0,
                               n_classes=3, random_state=0)
    rng = np.random.RandomState(0)
    weight = 10.0 ** -rng.uniform(0, 17, len(y))
    weight[rng.rand(len(y)) < 0.1] = 0.0
    return X, y, weight / weight.sum()


@pytest.mark.parametrize("criterion", ["gini", "entropy"])
@pytest.mark.parametrize("max_depth", [2, 3])
def test_tiny_weights_grow_sklearn_tree(criterion, max_depth):
    # was ZeroDivisionError in the compiled builder: a candidate whose side weighs zero
    X, y, weight = _tiny_weights()
    params = {"criterion": criterion, "max_depth": max_depth, "random_state": 0}
    ours = tree.DecisionTreeClassifier(**params).fit(X, y, sample_weight=weight)
    theirs = sk_tree.DecisionTreeClassifier(**params).fit(X, y, sample_weight=weight)
    assert_same_tree(ours.tree_, theirs.tree_)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=0,
                               atol=1e-12)


@pytest.mark.parametrize("params", [{"max_depth": 3, "max_features": 2},
                                    {"max_depth": 3, "splitter": "random"},
                                    {"max_leaf_nodes": 6, "criterion": "entropy"}])
def test_tiny_weights_fit_every_path(params):
    # feature draws differ from scikit-learn's, so compare fit quality, not structure
    X, y, weight = _tiny_weights()
    ours = tree.DecisionTreeClassifier(random_state=0, **params).fit(X, y, sample_weight=weight)
    proba = ours.predict_proba(X)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert np.isfinite(ours.tree_.impurity).all()
    theirs = sk_tree.DecisionTreeClassifier(random_state=0, **params).fit(X, y,
                                                                          sample_weight=weight)
    assert abs(ours.score(X, y, sample_weight=weight)
               - theirs.score(X, y, sample_weight=weight)) < 0.25
