"""HistGradientBoostingClassifier / Regressor against scikit-learn's on the same data and seeds.

Both grow the same trees from the same bins: float32 gradients, float64
histogram sums in sample order, the same gain formula and tie rules, so with
early stopping off the node arrays (features, thresholds, leaf values) are
compared exactly and the raw predictions to 1e-12.
"""

import doctest
import pickle
import subprocess
import sys

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.ensemble as ske  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.datasets import make_classification, make_regression  # noqa: E402
from sklearn.ensemble._hist_gradient_boosting.binning import _BinMapper  # noqa: E402

from ember.learn import io as learn_io  # noqa: E402
from ember.learn.ensemble import (HistGradientBoostingClassifier,  # noqa: E402
                                  HistGradientBoostingRegressor)
from ember.learn.ensemble._hist_gradient_boosting import _gradient_boosting  # noqa: E402
from ember.learn.ensemble._hist_gradient_boosting._binning import BinMapper  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402

FIXED = dict(max_iter=15, early_stopping=False, random_state=0)


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    """Both libraries on one thread: results do not depend on it (tested below) and, on a
    shared machine, threads waiting for each other's cores only slow the tests down."""
    numba = pytest.importorskip("numba")
    threadpoolctl = pytest.importorskip("threadpoolctl")
    saved = numba.get_num_threads()
    numba.set_num_threads(1)
    with threadpoolctl.threadpool_limits(1):
        yield
    numba.set_num_threads(saved)


def _same_trees(ours, theirs):
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.n_trees_per_iteration_ == theirs.n_trees_per_iteration_
    for mine, reference in zip(ours._predictors, theirs._predictors):
        for a, b in zip(mine, reference):
            a, b = a.nodes, b.nodes
            assert len(a) == len(b)
            for field in ("feature_idx", "is_leaf", "left", "right", "count", "depth",
                          "missing_go_to_left", "is_categorical"):
                np.testing.assert_array_equal(a[field], b[field], err_msg=field)
            internal = a["is_leaf"] == 0
            np.testing.assert_array_equal(a["num_threshold"][internal & (a["is_categorical"] == 0)],
                                          b["num_threshold"][internal & (b["is_categorical"] == 0)])
            np.testing.assert_allclose(a["value"], b["value"], rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(a["gain"], b["gain"], rtol=1e-12, atol=1e-12)


def _regression(n=2000, d=8, seed=0):
    return make_regression(n_samples=n, n_features=d, noise=10.0, random_state=seed)


# -- binning ----------------------------------------------------------------------------------


@pytest.mark.parametrize("weighted", [False, True])
def test_bin_thresholds_and_bins_match_sklearn(weighted):
    rng = np.random.RandomState(0)
    X = rng.standard_normal((5000, 6))
    X[rng.rand(*X.shape) < 0.05] = np.nan
    X[:, 1] = rng.randint(0, 40, len(X))  # fewer distinct values than bins: midpoints
    X[:, 2] = np.round(X[:, 2], 1)
    X[:, 3] = 1.0  # constant
    X[:, 4] = np.where(X[:, 4] > 0, np.inf, X[:, 4])  # infinite values are binned too
    sw = rng.uniform(0.1, 3.0, len(X)) if weighted else None
    ours = BinMapper(n_bins=256, random_state=0).fit(X, sw)
    with np.errstate(invalid="ignore"):  # scikit-learn's quantiles of infinite values
        theirs = _BinMapper(n_bins=256, random_state=0).fit(X, sample_weight=sw)
    for a, b in zip(ours.bin_thresholds_, theirs.bin_thresholds_):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ours.n_bins_non_missing_, theirs.n_bins_non_missing_)
    np.testing.assert_array_equal(ours.transform(X), theirs.transform(X))


def test_binning_subsamples_200000_rows_as_sklearn():
    rng = np.random.RandomState(1)
    X = rng.standard_normal((200_500, 2))
    ours = BinMapper(n_bins=101, random_state=3).fit(X)
    theirs = _BinMapper(n_bins=101, random_state=3).fit(X)
    for a, b in zip(ours.bin_thresholds_, theirs.bin_thresholds_):
        np.testing.assert_array_equal(a, b)


# -- the same trees ---------------------------------------------------------------------------


@pytest.mark.parametrize("loss", ["squared_error", "absolute_error", "quantile", "poisson", "gamma"])
def test_regressor_losses_grow_sklearn_trees(loss):
    X, y = _regression()
    if loss in ("poisson", "gamma"):
        y = np.exp((y - y.mean()) / y.std())
        y = np.random.RandomState(0).poisson(y) + (0.5 if loss == "gamma" else 0.0)
    extra = {"quantile": 0.3} if loss == "quantile" else {}
    ours = HistGradientBoostingRegressor(loss=loss, **extra, **FIXED).fit(X, y)
    theirs = ske.HistGradientBoostingRegressor(loss=loss, **extra, **FIXED).fit(X, y)
    _same_trees(ours, theirs)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_classifier_grows_sklearn_trees(n_classes):
    X, y = make_classification(n_samples=2000, n_features=10, n_informative=6,
                               n_classes=n_classes, random_state=0)
    labels = np.array(["ant", "bee", "cat"])[y]
    ours = HistGradientBoostingClassifier(**FIXED).fit(X, labels)
    theirs = ske.HistGradientBoostingClassifier(**FIXED).fit(X, labels)
    _same_trees(ours, theirs)
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


@pytest.mark.parametrize("params", [
    dict(max_leaf_nodes=None, max_depth=4), dict(max_leaf_nodes=7, min_samples_leaf=5),
    dict(l2_regularization=2.0, learning_rate=0.3), dict(max_features=0.4),
    dict(max_bins=16), dict(monotonic_cst=[1, -1, 0, 0, 0, 0, 0, 0]),
    dict(interaction_cst=[{0, 1}, {1, 2, 3}]), dict(interaction_cst="no_interactions"),
], ids=str)
def test_tree_parameters_as_sklearn(params):
    X, y = _regression()
    ours = HistGradientBoostingRegressor(**params, **FIXED).fit(X, y)
    theirs = ske.HistGradientBoostingRegressor(**params, **FIXED).fit(X, y)
    _same_trees(ours, theirs)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)


def test_monotonic_constraint_holds():
    X, y = _regression()
    model = HistGradientBoostingRegressor(monotonic_cst=[1, -1, 0, 0, 0, 0, 0, 0], **FIXED).fit(X, y)
    grid = np.tile(X[:1], (50, 1))
    grid[:, 0] = np.linspace(-3, 3, 50)
    assert np.all(np.diff(model.predict(grid)) >= 0)
    grid[:, 0] = X[0, 0]
    grid[:, 1] = np.linspace(-3, 3, 50)
    assert np.all(np.diff(model.predict(grid)) <= 0)


# -- held-out quality with the defaults (early stopping on) -------------------------------------


def test_held_out_accuracy_and_r2_as_sklearn():
    X, y = make_classification(n_samples=14_000, n_features=20, random_state=1)
    Xtr, ytr, Xte, yte = X[:12_000], y[:12_000], X[12_000:], y[12_000:]
    ours = HistGradientBoostingClassifier(random_state=0).fit(Xtr, ytr)
    theirs = ske.HistGradientBoostingClassifier(random_state=0).fit(Xtr, ytr)
    assert ours.do_early_stopping_ and theirs.do_early_stopping_
    assert abs(ours.score(Xte, yte) - theirs.score(Xte, yte)) <= 0.005
    X, y = make_regression(n_samples=12_000, n_features=10, noise=5.0, random_state=1)
    ours = HistGradientBoostingRegressor(random_state=0).fit(X[:10_500], y[:10_500])
    theirs = ske.HistGradientBoostingRegressor(random_state=0).fit(X[:10_500], y[:10_500])
    assert abs(ours.score(X[10_500:], y[10_500:]) - theirs.score(X[10_500:], y[10_500:])) <= 0.005


# -- missing values -------------------------------------------------------------------------------


def test_missing_values_go_to_the_learned_side():
    rng = np.random.RandomState(0)
    X, y = _regression()
    X[rng.rand(*X.shape) < 0.15] = np.nan
    X[np.isnan(X[:, 0]), 0] = np.nan
    y = y + 200 * np.isnan(X[:, 0])  # missing in feature 0 means a large target
    ours = HistGradientBoostingRegressor(**FIXED).fit(X, y)
    theirs = ske.HistGradientBoostingRegressor(**FIXED).fit(X, y)
    _same_trees(ours, theirs)
    X_test = X[:200].copy()
    X_test[:100, 0] = np.nan
    np.testing.assert_allclose(ours.predict(X_test), theirs.predict(X_test), rtol=1e-12)
    assert ours.predict(X_test[:100]).mean() > ours.predict(X_test[100:]).mean() + 100


def test_missing_values_unseen_in_training_follow_the_larger_child():
    X, y = _regression()
    ours = HistGradientBoostingRegressor(**FIXED).fit(X, y)
    theirs = ske.HistGradientBoostingRegressor(**FIXED).fit(X, y)
    X_test = X[:300].copy()
    X_test[::2, :3] = np.nan
    np.testing.assert_allclose(ours.predict(X_test), theirs.predict(X_test), rtol=1e-12)
    root = ours._predictors[0][0].nodes
    left, right = root[root[0]["left"]], root[root[0]["right"]]
    assert root[0]["missing_go_to_left"] == (left["count"] > right["count"])


# -- categorical features ---------------------------------------------------------------------------


def _categorical_data(n=3000, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.standard_normal((n, 4))
    X[:, 1] = rng.randint(0, 15, n)
    X[:, 3] = rng.randint(-2, 3, n)  # negative codes are ordinary categories
    y = X[:, 0] + 3 * np.sin(X[:, 1]) + (X[:, 3] == -1) + 0.1 * rng.standard_normal(n)
    return X, y


@pytest.mark.parametrize("spec", [[1, 3], [False, True, False, True]], ids=["indices", "mask"])
def test_categorical_features_as_sklearn(spec):
    X, y = _categorical_data()
    X[np.random.RandomState(1).rand(len(X)) < 0.05, 1] = np.nan
    ours = HistGradientBoostingRegressor(categorical_features=spec, **FIXED).fit(X, y)
    theirs = ske.HistGradientBoostingRegressor(categorical_features=spec, **FIXED).fit(X, y)
    _same_trees(ours, theirs)
    assert ours._predictors[0][0].nodes["is_categorical"].any()
    X_test = X[:400].copy()
    X_test[:50, 1] = 99.0  # an unknown category goes where missing values go
    np.testing.assert_allclose(ours.predict(X_test), theirs.predict(X_test), rtol=1e-12)
    np.testing.assert_array_equal(ours.is_categorical_, theirs.is_categorical_)


def test_categorical_features_from_pandas_dtype_and_names():
    pd = pytest.importorskip("pandas")
    X, y = _categorical_data()
    frame = pd.DataFrame({"a": X[:, 0], "colour": np.array(list("abcdefghijklmno"))[X[:, 1].astype(int)],
                          "c": X[:, 2], "d": X[:, 3]})
    frame["colour"] = frame["colour"].astype("category")
    for spec in ("from_dtype", ["colour"]):
        ours = HistGradientBoostingRegressor(categorical_features=spec, **FIXED).fit(frame, y)
        theirs = ske.HistGradientBoostingRegressor(categorical_features=spec, **FIXED).fit(frame, y)
        _same_trees(ours, theirs)
        np.testing.assert_allclose(ours.predict(frame), theirs.predict(frame), rtol=1e-12)
        np.testing.assert_array_equal(ours.feature_names_in_, ["a", "colour", "c", "d"])


def test_string_categories_in_an_object_array_and_lists():
    rng = np.random.RandomState(0)
    X = np.empty((600, 2), dtype=object)
    X[:, 0] = rng.choice(["red", "green", "blue", None], 600)
    X[:, 1] = rng.standard_normal(600)
    y = (X[:, 0] == "red") * 2.0 + (X[:, 0] == "blue") + X[:, 1].astype(float)
    params = dict(categorical_features=[0], min_samples_leaf=5, **FIXED)
    ours = HistGradientBoostingRegressor(**params).fit(X, y)
    theirs = ske.HistGradientBoostingRegressor(**params).fit(np.where(X == None, np.nan, X), y)  # noqa: E711
    np.testing.assert_allclose(ours.predict(X), theirs.predict(np.where(X == None, np.nan, X)),  # noqa: E711
                               rtol=1e-12)
    numeric = np.column_stack([rng.randint(0, 3, 300), rng.standard_normal(300)])
    as_list = HistGradientBoostingRegressor(categorical_features=[0], **FIXED)
    as_list.fit(numeric.tolist(), numeric.sum(axis=1))
    assert as_list.n_features_in_ == 2
    np.testing.assert_array_equal(as_list.predict(numeric.tolist()), as_list.predict(numeric))


def test_categorical_errors():
    X, y = _categorical_data()
    X[:, 2] = np.arange(len(X))
    with pytest.raises(ValueError, match="cardinality <= 255 but actually has a cardinality of"):
        HistGradientBoostingRegressor(categorical_features=[2]).fit(X, y)
    with pytest.raises(ValueError, match=r"must be in \[0, n_features - 1\]"):
        HistGradientBoostingRegressor(categorical_features=[7]).fit(X, y)
    with pytest.raises(ValueError, match="boolean mask must have shape"):
        HistGradientBoostingRegressor(categorical_features=[True, False]).fit(X, y)
    with pytest.raises(ValueError, match="without feature names|on data without"):
        HistGradientBoostingRegressor(categorical_features=["a"]).fit(X, y)
    with pytest.raises(ValueError, match="cannot have monotonic constraints"):
        HistGradientBoostingRegressor(categorical_features=[1], monotonic_cst=[0, 1, 0, 0]).fit(X, y)


# -- weights --------------------------------------------------------------------------------------


@pytest.mark.parametrize("loss", ["squared_error", "absolute_error"])
def test_sample_weight_as_sklearn(loss):
    X, y = _regression()
    sw = np.random.RandomState(0).uniform(0.2, 3.0, len(y))
    ours = HistGradientBoostingRegressor(loss=loss, **FIXED).fit(X, y, sample_weight=sw)
    theirs = ske.HistGradientBoostingRegressor(loss=loss, **FIXED).fit(X, y, sample_weight=sw)
    _same_trees(ours, theirs)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)


@pytest.mark.parametrize("class_weight", ["balanced", {0: 1.0, 1: 4.0}])
def test_class_weight_as_sklearn(class_weight):
    X, y = make_classification(n_samples=2000, n_features=8, weights=[0.85], random_state=0)
    sw = np.random.RandomState(0).uniform(0.5, 2.0, len(y))
    ours = HistGradientBoostingClassifier(class_weight=class_weight, **FIXED).fit(X, y, sw)
    theirs = ske.HistGradientBoostingClassifier(class_weight=class_weight, **FIXED).fit(X, y, sw)
    _same_trees(ours, theirs)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-12)


def test_class_weight_dict_is_keyed_by_class_label():
    X, y = make_classification(n_samples=1000, n_features=6, random_state=0)
    labels = np.array(["no", "yes"])[y]
    by_label = HistGradientBoostingClassifier(class_weight={"no": 1.0, "yes": 3.0}, **FIXED)
    by_weight = HistGradientBoostingClassifier(**FIXED)
    np.testing.assert_array_equal(
        by_label.fit(X, labels).decision_function(X),
        by_weight.fit(X, labels, sample_weight=np.where(y == 1, 3.0, 1.0)).decision_function(X))


# -- early stopping, warm start, staged predictions ----------------------------------------------


@pytest.mark.parametrize("params", [
    dict(), dict(scoring="accuracy"), dict(scoring=None), dict(validation_fraction=None),
    dict(validation_fraction=500), dict(n_iter_no_change=3, tol=1e-3),
], ids=str)
def test_early_stopping_as_sklearn(params):
    X, y = make_classification(n_samples=12_000, n_features=8, random_state=0)
    kwargs = dict(max_iter=80, random_state=0, **params)
    ours = HistGradientBoostingClassifier(**kwargs).fit(X, y)
    theirs = ske.HistGradientBoostingClassifier(**kwargs).fit(X, y)
    assert ours.do_early_stopping_
    assert ours.n_iter_ == theirs.n_iter_
    if params.get("validation_fraction", 0.1) is not None:  # the training loss keeps falling
        assert ours.n_iter_ < 80
    np.testing.assert_allclose(ours.train_score_, theirs.train_score_, rtol=1e-10)
    np.testing.assert_allclose(ours.validation_score_, theirs.validation_score_, rtol=1e-10)
    _same_trees(ours, theirs)


def test_early_stopping_with_validation_data_and_regression():
    X, y = _regression(n=3000)
    kwargs = dict(early_stopping=True, n_iter_no_change=5, max_iter=300, random_state=0)
    ours = HistGradientBoostingRegressor(**kwargs).fit(X[:2000], y[:2000], X_val=X[2000:],
                                                       y_val=y[2000:])
    theirs = ske.HistGradientBoostingRegressor(**kwargs).fit(X[:2000], y[:2000], X_val=X[2000:],
                                                             y_val=y[2000:])
    assert ours.n_iter_ == theirs.n_iter_
    np.testing.assert_allclose(ours.validation_score_, theirs.validation_score_, rtol=1e-10)
    with pytest.raises(ValueError, match="early_stopping is False"):
        HistGradientBoostingRegressor(early_stopping=False).fit(X, y, X_val=X, y_val=y)


def test_early_stopping_auto_is_off_up_to_10000_samples():
    X, y = _regression(n=500)
    model = HistGradientBoostingRegressor(max_iter=5).fit(X, y)
    assert not model.do_early_stopping_
    assert model.train_score_.size == 0 and model.n_iter_ == 5


def test_warm_start_continues_the_same_ensemble():
    X, y = make_classification(n_samples=12_000, n_features=8, random_state=0)
    kwargs = dict(random_state=0, n_iter_no_change=200)
    full = HistGradientBoostingClassifier(max_iter=20, **kwargs).fit(X, y)
    warm = HistGradientBoostingClassifier(max_iter=10, warm_start=True, **kwargs).fit(X, y)
    warm.set_params(max_iter=20).fit(X, y)
    assert warm.n_iter_ == 20
    np.testing.assert_array_equal(warm.decision_function(X), full.decision_function(X))
    np.testing.assert_allclose(warm.validation_score_, full.validation_score_, rtol=1e-12)
    theirs = ske.HistGradientBoostingClassifier(max_iter=10, warm_start=True, **kwargs).fit(X, y)
    theirs.set_params(max_iter=20).fit(X, y)
    np.testing.assert_allclose(warm.decision_function(X), theirs.decision_function(X), rtol=1e-12)
    with pytest.raises(ValueError, match="must be larger than or equal to n_iter_"):
        warm.set_params(max_iter=5).fit(X, y)


def test_staged_predictions_as_sklearn():
    X, y = make_classification(n_samples=1500, n_features=8, n_informative=5, n_classes=3,
                               random_state=0)
    ours = HistGradientBoostingClassifier(**FIXED).fit(X, y)
    theirs = ske.HistGradientBoostingClassifier(**FIXED).fit(X, y)
    for method in ("staged_predict", "staged_predict_proba", "staged_decision_function"):
        staged = list(getattr(ours, method)(X[:100]))
        assert len(staged) == ours.n_iter_
        for a, b in zip(staged, getattr(theirs, method)(X[:100])):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(staged[-1], ours.decision_function(X[:100]))
    Xr, yr = _regression()
    reg = HistGradientBoostingRegressor(**FIXED).fit(Xr, yr)
    assert np.array_equal(list(reg.staged_predict(Xr[:50]))[-1], reg.predict(Xr[:50]))


# -- the rest of the API ---------------------------------------------------------------------------


def test_results_do_not_depend_on_the_number_of_threads():
    numba = pytest.importorskip("numba")
    # 30,000 samples: the root's partition runs on several threads too
    X, y = make_classification(n_samples=30_000, n_features=6, n_classes=3, n_informative=4,
                               random_state=0)
    X[::7, 2] = np.nan
    params = dict(max_iter=4, early_stopping=False, random_state=0)
    saved = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = HistGradientBoostingClassifier(**params).fit(X, y).decision_function(X)
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
        many = HistGradientBoostingClassifier(**params).fit(X, y).decision_function(X)
    finally:
        numba.set_num_threads(saved)
    np.testing.assert_array_equal(one, many)
    theirs = ske.HistGradientBoostingClassifier(**params).fit(X, y).decision_function(X)
    np.testing.assert_allclose(many, theirs, rtol=1e-12, atol=1e-12)


def test_errors():
    X, y = _regression(n=200)
    with pytest.raises(ValueError, match="The 'max_iter' parameter of HistGradientBoostingRegressor"):
        HistGradientBoostingRegressor(max_iter=0).fit(X, y)
    with pytest.raises(ValueError, match="The 'max_features' parameter"):
        HistGradientBoostingRegressor(max_features=1).fit(X, y)
    with pytest.raises(ValueError, match="strictly positive y"):
        HistGradientBoostingRegressor(loss="gamma").fit(X, y)
    with pytest.raises(ValueError, match="non-negative y"):
        HistGradientBoostingRegressor(loss="poisson").fit(X, y)
    with pytest.raises(NotFittedError):
        HistGradientBoostingClassifier().predict_proba(X)
    model = HistGradientBoostingRegressor(max_iter=3).fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but HistGradientBoostingRegressor is expecting 8"):
        model.predict(X[:, :3])
    with pytest.raises(ValueError, match="monotonic constraints are not supported for multiclass"):
        HistGradientBoostingClassifier(monotonic_cst=[1] + [0] * 7).fit(X, np.arange(len(X)) % 3)
    with pytest.raises(ValueError, match="Interaction constraints must consist of integer indices"):
        HistGradientBoostingRegressor(interaction_cst=[{0, 9}]).fit(X, y)


def test_pickle_and_safe_format_round_trips(tmp_path):
    X, y = make_classification(n_samples=500, n_features=6, random_state=0)
    X[::5, 1] = np.nan
    X[:, 2] = np.random.RandomState(0).randint(0, 4, len(X))
    model = HistGradientBoostingClassifier(max_iter=5, categorical_features=[2]).fit(X, y)
    again = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(again.predict_proba(X), model.predict_proba(X))
    learn_io.dump(model, tmp_path / "model.ember")
    loaded = learn_io.load(tmp_path / "model.ember")
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("estimator", [HistGradientBoostingClassifier(max_iter=5, min_samples_leaf=5),
                                       HistGradientBoostingRegressor(max_iter=5, min_samples_leaf=5)],
                         ids=lambda e: type(e).__name__)
def test_check_estimator(estimator):
    run_check_estimator(estimator, expected_failed_checks={
        "check_sample_weight_equivalence_on_dense_data":
            "a weight is not the same as repeating a sample: the bins and the min_samples_leaf "
            "counts see the sample once (scikit-learn lists the same expected failure)",
        "check_sample_weight_equivalence_on_sparse_data":
            "as on dense data (also an expected failure of scikit-learn's estimator)",
    })


def test_docstring_examples():
    assert doctest.testmod(_gradient_boosting).failed == 0


def test_import_does_not_load_numba():
    code = ("import sys, ember.learn.ensemble as e; e.HistGradientBoostingClassifier; "
            "print('numba' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
