"""permutation_importance against scikit-learn's.

ember replays scikit-learn's draws (one seed, the same row subset and the same
successive shuffles for every feature), so for a deterministic fitted model
both functions score the same permuted data and the importances agree to
rounding, whichever path ember takes (stacked prediction calls for its own
scorers, one call per permutation for any other callable).
"""

import doctest

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
from ensemble.ensemble_cases import raised  # noqa: E402  (tests/learn is on sys.path)
from sklearn.inspection import permutation_importance as sk_permutation_importance  # noqa: E402

from ember.learn.compose import ColumnTransformer  # noqa: E402
from ember.learn.datasets import load_iris, make_classification, make_regression  # noqa: E402
from ember.learn.impute import SimpleImputer  # noqa: E402
from ember.learn.inspection import _permutation_importance, permutation_importance  # noqa: E402
from ember.learn.linear_model import LinearRegression, LogisticRegression, Ridge  # noqa: E402
from ember.learn.metrics import make_scorer, mean_absolute_error  # noqa: E402
from ember.learn.neighbors import KNeighborsClassifier  # noqa: E402
from ember.learn.pipeline import make_pipeline  # noqa: E402
from ember.learn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402


def _assert_same(ours, theirs, rtol=1e-10, atol=1e-12):
    if "importances" not in theirs:  # several metrics: a dict of results
        assert sorted(ours) == sorted(theirs)
        for name in theirs:
            _assert_same(ours[name], theirs[name], rtol, atol)
        return
    assert sorted(ours) == ["importances", "importances_mean", "importances_std"]
    for key in ("importances", "importances_mean", "importances_std"):
        assert ours[key].shape == theirs[key].shape
        np.testing.assert_allclose(ours[key], theirs[key], rtol=rtol, atol=atol)


@pytest.fixture(scope="module")
def iris_model():
    X, y = load_iris(return_X_y=True)
    return LogisticRegression(C=0.3, max_iter=500).fit(X, y), X, y


@pytest.fixture(scope="module")
def regression_model():
    X, y = make_regression(n_samples=300, n_features=6, n_informative=4, noise=10.0, random_state=0)
    return Ridge(alpha=2.0).fit(X, y), X, y


CLASSIFIER_CASES = {
    "default-score": dict(),
    "accuracy": dict(scoring="accuracy", n_repeats=3),
    "log-loss": dict(scoring="neg_log_loss"),
    "roc-auc-ovr": dict(scoring="roc_auc_ovr"),
    "callable": dict(scoring=lambda est, X, y: float(np.mean(est.predict(X) == y))),
    "list": dict(scoring=["accuracy", "f1_macro", "neg_log_loss"]),
    "dict-mixed": dict(scoring={"acc": "accuracy", "own": lambda est, X, y: est.score(X, y)}),
    "max-samples-fraction": dict(max_samples=0.4, n_repeats=6),
    "max-samples-int": dict(max_samples=37, scoring="balanced_accuracy"),
    "max-samples-small": dict(max_samples=1, n_repeats=2),
    "weighted": dict(sample_weight=np.linspace(0.1, 3.0, 150), scoring="accuracy"),
    "weighted-subset": dict(sample_weight=np.linspace(0.1, 3.0, 150), max_samples=0.5),
    "random-state-object": dict(random_state=np.random.RandomState(5)),
    "jobs": dict(n_jobs=2, scoring=["accuracy", "neg_log_loss"]),
}


@pytest.mark.parametrize("case", sorted(CLASSIFIER_CASES))
def test_classifier_importances_equal_sklearn(case, iris_model):
    model, X, y = iris_model
    params = dict(CLASSIFIER_CASES[case])
    params.setdefault("random_state", 4)
    seed = params["random_state"]
    if isinstance(seed, np.random.RandomState):
        params["random_state"] = np.random.RandomState(5)
        ours = permutation_importance(model, X, y, **params)
        params["random_state"] = np.random.RandomState(5)
    else:
        ours = permutation_importance(model, X, y, **params)
    theirs = sk_permutation_importance(model, X, y, **params)
    _assert_same(ours, theirs)


REGRESSOR_CASES = {
    "default-score": dict(n_repeats=8),
    "mae-scorer": dict(scoring=make_scorer(mean_absolute_error, greater_is_better=False)),
    "names": dict(scoring=("r2", "neg_mean_squared_error", "explained_variance")),
    "subset-weighted": dict(max_samples=0.3, sample_weight=np.arange(1.0, 301.0)),
}


@pytest.mark.parametrize("case", sorted(REGRESSOR_CASES))
def test_regressor_importances_equal_sklearn(case, regression_model):
    model, X, y = regression_model
    params = {"random_state": 0, **REGRESSOR_CASES[case]}
    _assert_same(permutation_importance(model, X, y, **params),
                 sk_permutation_importance(model, X, y, **params))


def test_tree_models_equal_sklearn():
    from ember.learn.ensemble import AdaBoostClassifier
    from ember.learn.tree import DecisionTreeClassifier, DecisionTreeRegressor

    X, y = load_iris(return_X_y=True)
    for model in (DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y),
                  AdaBoostClassifier(n_estimators=20, random_state=0).fit(X, y)):
        for params in (dict(), dict(scoring="neg_log_loss", max_samples=0.5, n_repeats=4)):
            _assert_same(permutation_importance(model, X, y, random_state=1, **params),
                         sk_permutation_importance(model, X, y, random_state=1, **params))
    Xr, yr = make_regression(n_samples=200, n_features=4, random_state=0)
    tree = DecisionTreeRegressor(max_depth=4, random_state=0).fit(Xr, yr)
    _assert_same(permutation_importance(tree, Xr, yr, random_state=0, n_jobs=2),
                 sk_permutation_importance(tree, Xr, yr, random_state=0))


def test_stacked_and_one_call_per_permutation_paths_agree(regression_model):
    model, X, y = regression_model
    stacked = permutation_importance(model, X, y, scoring="r2", n_repeats=4, random_state=1)
    per_call = permutation_importance(model, X, y, n_repeats=4, random_state=1,
                                      scoring=lambda est, X, y: est.score(X, y))
    _assert_same(stacked, per_call, rtol=1e-12, atol=1e-13)
    # several stacks: the same numbers whatever the stack size
    small = _permutation_importance._STACK_ROWS
    try:
        _permutation_importance._STACK_ROWS = 2 * X.shape[0] + 1  # two copies per stack
        _assert_same(permutation_importance(model, X, y, scoring="r2", n_repeats=4, random_state=1),
                     stacked, rtol=1e-12, atol=1e-13)
    finally:
        _permutation_importance._STACK_ROWS = small


def test_the_same_permutations_as_sklearn():
    # A "model" that reads one column back shows exactly which rows were permuted how.
    class Echo:
        def fit(self, X, y):
            return self

        def predict(self, X):
            return np.asarray(X)[:, 1].astype(float)

    X = np.column_stack([np.arange(50.0), np.arange(50.0) ** 2, np.ones(50)])
    y = X[:, 1]
    seen = {"ours": [], "theirs": []}

    def recorder(key):
        def scorer(est, X, y):
            seen[key].append(np.asarray(X)[:, 1].copy())
            return float(np.sum(est.predict(X) * np.arange(len(y))))
        return scorer

    for max_samples in (1.0, 0.5, 20):
        seen["ours"].clear()
        seen["theirs"].clear()
        ours = permutation_importance(Echo(), X, y, scoring=recorder("ours"), n_repeats=4,
                                      random_state=9, max_samples=max_samples)
        theirs = sk_permutation_importance(Echo(), X, y, scoring=recorder("theirs"), n_repeats=4,
                                           random_state=9, max_samples=max_samples)
        assert len(seen["ours"]) == len(seen["theirs"]) == 1 + 3 * 4
        for a, b in zip(seen["ours"], seen["theirs"]):
            np.testing.assert_array_equal(a, b)
        _assert_same(ours, theirs)


def test_dataframes_with_a_pipeline_equal_sklearn():
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    n = 240
    frame = pd.DataFrame({
        "size": rng.normal(size=n),
        "colour": rng.choice(["red", "green", "blue"], size=n),
        "age": rng.uniform(0, 10, size=n),
    }, index=np.arange(1000, 1000 + n))
    frame.loc[frame.index[::17], "age"] = np.nan
    target = (frame["size"] + (frame["colour"] == "red") * 1.5 + rng.normal(scale=0.5, size=n) > 0.7)
    target = target.map({True: "yes", False: "no"})
    model = make_pipeline(
        ColumnTransformer([("num", make_pipeline(SimpleImputer(), StandardScaler()), ["size", "age"]),
                           ("cat", OneHotEncoder(), ["colour"])]),
        LogisticRegression()).fit(frame, target)
    original = frame.copy()
    for params in (dict(), dict(scoring="accuracy", max_samples=0.5),
                   dict(scoring=["accuracy", "roc_auc"], n_repeats=3)):
        ours = permutation_importance(model, frame, target, random_state=2, **params)
        theirs = sk_permutation_importance(model, frame, target, random_state=2, **params)
        _assert_same(ours, theirs)
    # the frame itself is left as it was
    pd.testing.assert_frame_equal(frame, original)


def test_random_states_give_statistically_close_importances():
    X, y = make_classification(n_samples=400, n_features=5, n_informative=2, n_redundant=0,
                               shuffle=False, random_state=0)
    model = KNeighborsClassifier(5).fit(X, y)
    results = [permutation_importance(model, X, y, n_repeats=30, random_state=seed)
               for seed in (0, 1)]
    assert not np.array_equal(results[0].importances, results[1].importances)
    spread = np.hypot(results[0].importances_std, results[1].importances_std) / np.sqrt(30)
    assert np.all(np.abs(results[0].importances_mean - results[1].importances_mean) < 5 * spread + 1e-12)
    # the two informative features (the first two) matter, the noise ones hardly
    assert set(np.argsort(results[0].importances_mean)[-2:]) == {0, 1}


def test_results_do_not_depend_on_n_jobs(iris_model):
    model, X, y = iris_model
    serial = permutation_importance(model, X, y, scoring="neg_log_loss", random_state=0)
    parallel = permutation_importance(model, X, y, scoring="neg_log_loss", random_state=0, n_jobs=3)
    np.testing.assert_array_equal(serial.importances, parallel.importances)


@pytest.mark.parametrize("params", [
    dict(n_repeats=0), dict(n_repeats=2.5), dict(max_samples=0), dict(max_samples=1.5),
    dict(max_samples=151), dict(random_state="seed"), dict(scoring="no-such-metric"),
    dict(n_jobs="all"), dict(scoring=5),
])
def test_errors_match_sklearn(params, iris_model):
    model, X, y = iris_model
    ours = raised(lambda: permutation_importance(model, X, y, **params))
    theirs = raised(lambda: sk_permutation_importance(model, X, y, **params))
    assert isinstance(ours, ValueError) == isinstance(theirs, ValueError), (ours, theirs)
    assert isinstance(ours, TypeError) == isinstance(theirs, TypeError), (ours, theirs)
    assert str(ours).split(" must be ")[0] == str(theirs).split(" must be ")[0], (ours, theirs)


def test_other_errors(iris_model):
    model, X, y = iris_model
    with pytest.raises(ValueError, match="'estimator' parameter of permutation_importance"):
        permutation_importance(object(), X, y)
    with pytest.raises(TypeError, match="dense data is required"):
        permutation_importance(model, sp.csr_matrix(X), y)
    with pytest.raises(ValueError, match="X has 3 features, but LogisticRegression is expecting 4"):
        permutation_importance(model, X[:, :3], y)
    with pytest.raises(ValueError, match="List/tuple elements must be unique"):
        permutation_importance(model, X, y, scoring=["accuracy", "accuracy"])


def test_nan_inputs_reach_an_estimator_that_handles_them():
    X, y = make_regression(n_samples=120, n_features=3, random_state=3)
    X[::9, 1] = np.nan
    model = make_pipeline(SimpleImputer(), LinearRegression()).fit(X, y)
    _assert_same(permutation_importance(model, X, y, random_state=0),
                 sk_permutation_importance(model, X, y, random_state=0))


def test_docstring_examples():
    assert doctest.testmod(_permutation_importance, raise_on_error=False).failed == 0
