"""Pipeline and make_pipeline against scikit-learn's, with steps from both libraries."""

import doctest
import pickle

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn import pipeline as sk_pipeline  # noqa: E402
from sklearn.base import clone as sk_clone  # noqa: E402
from sklearn.base import is_classifier as sk_is_classifier  # noqa: E402
from sklearn.base import is_regressor as sk_is_regressor  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.datasets import load_iris, make_regression  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

from ember.learn.base import (  # noqa: E402
    BaseEstimator,
    OneToOneFeatureMixin,
    RegressorMixin,
    TransformerMixin,
    clone,
    is_classifier,
    is_regressor,
)
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.pipeline import Pipeline, _composition, _pipeline, make_pipeline  # noqa: E402
from ember.learn.utils import check_is_fitted, validate_data  # noqa: E402


class Shift(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Subtracts the training mean, plus ``offset``; records the fit keywords it got."""

    def __init__(self, offset=0.0):
        self.offset = offset

    def fit(self, X, y=None, marker=None):
        X = validate_data(self, X)
        self.mean_ = X.mean(0) + self.offset
        self.marker_ = marker
        return self

    def transform(self, X):
        check_is_fitted(self)
        return validate_data(self, X, reset=False) - self.mean_

    def inverse_transform(self, X):
        return np.asarray(X) + self.mean_


class MeanRegressor(RegressorMixin, BaseEstimator):
    def fit(self, X, y, sample_weight=None):
        X, y = validate_data(self, X, y)
        self.mean_ = np.average(y, weights=sample_weight)
        return self

    def predict(self, X):
        check_is_fitted(self)
        return np.full(validate_data(self, X, reset=False).shape[0], self.mean_)


@pytest.fixture(scope="module")
def iris():
    return load_iris(return_X_y=True)


def test_classifier_pipeline_matches_sklearn_methods_and_tags(iris):
    X, y = iris
    ours = make_pipeline(StandardScaler(), PCA(n_components=3), LogisticRegression()).fit(X, y)
    theirs = sk_pipeline.make_pipeline(StandardScaler(), PCA(n_components=3), LogisticRegression()).fit(X, y)
    for method in ("predict", "predict_proba", "predict_log_proba", "decision_function"):
        np.testing.assert_allclose(getattr(ours, method)(X), getattr(theirs, method)(X), rtol=1e-12)
    assert ours.score(X, y) == theirs.score(X, y)
    np.testing.assert_array_equal(ours.classes_, [0, 1, 2])
    assert ours.n_features_in_ == 4
    assert is_classifier(ours) and sk_is_classifier(ours) and not is_regressor(ours)
    assert not hasattr(ours, "transform") and not hasattr(ours, "inverse_transform")
    assert not hasattr(ours, "fit_predict") and not hasattr(ours, "score_samples")
    np.testing.assert_allclose(ours[:-1].transform(X), theirs[:-1].transform(X), rtol=1e-12)
    assert list(ours[:-1].get_feature_names_out()) == ["pca0", "pca1", "pca2"]
    with pytest.raises(AttributeError, match="Estimator logisticregression does not provide get_feature_names_out"):
        ours.get_feature_names_out()


def test_regressor_pipeline_with_ember_steps_in_sklearn_pipeline_and_back():
    X, y = make_regression(n_samples=80, n_features=4, noise=1.0, random_state=0)
    ours = Pipeline([("shift", Shift(offset=0.5)), ("ridge", Ridge(alpha=2.0))]).fit(X, y)
    theirs = sk_pipeline.Pipeline([("shift", Shift(offset=0.5)), ("ridge", Ridge(alpha=2.0))]).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)
    assert is_regressor(ours) and sk_is_regressor(ours)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), rel=1e-12)
    weights = np.linspace(0.5, 2, 80)
    assert ours.score(X, y, sample_weight=weights) == pytest.approx(
        theirs.score(X, y, sample_weight=weights), rel=1e-12)
    # ember's final estimator: a regressor pipeline, sklearn's tags see it too
    mean = Pipeline([("scale", StandardScaler()), ("mean", MeanRegressor())]).fit(X, y)
    assert sk_is_regressor(mean)
    np.testing.assert_allclose(mean.predict(X[:3]), np.full(3, y.mean()))


def test_fit_params_are_routed_by_step_name(iris):
    X, y = iris
    weights = np.where(y == 0, 3.0, 1.0)
    pipe = Pipeline([("shift", Shift()), ("mean", MeanRegressor())])
    pipe.fit(X, y, shift__marker="m", mean__sample_weight=weights)
    assert pipe.named_steps.shift.marker_ == "m"
    assert pipe.predict(X[:1])[0] == pytest.approx(np.average(y, weights=weights))
    with pytest.raises(ValueError, match="Pipeline.fit does not accept the sample_weight parameter"):
        pipe.fit(X, y, sample_weight=weights)
    with pytest.raises(ValueError, match="step named 'nope'"):
        pipe.fit(X, y, nope__x=1)
    with pytest.raises(ValueError, match="metadata routing"):
        Pipeline([("m", MeanRegressor())], transform_input=["a"]).fit(X, y)


def test_indexing_slicing_len_named_steps():
    a, b, c = Shift(), PCA(), Ridge()
    pipe = Pipeline([("a", a), ("b", b), ("c", c)], memory=None, verbose=False)
    assert len(pipe) == 3 and pipe[0] is a and pipe[-1] is c and pipe["b"] is b
    assert pipe.named_steps["a"] is a and pipe.named_steps.c is c
    head = pipe[:-1]
    assert isinstance(head, Pipeline) and [n for n, _ in head.steps] == ["a", "b"]
    assert head.steps[0][1] is a  # shallow: the same step objects
    with pytest.raises(ValueError, match="Pipeline slicing only supports a step of 1"):
        pipe[::2]


def test_get_params_set_params_clone_and_replacing_steps():
    ours = Pipeline([("shift", Shift()), ("ridge", Ridge())])
    theirs = sk_pipeline.Pipeline([("shift", Shift()), ("ridge", Ridge())])
    assert set(ours.get_params(deep=True)) == set(theirs.get_params(deep=True))
    assert set(ours.get_params(deep=False)) == {"steps", "memory", "verbose", "transform_input"}
    assert ours.get_params()["ridge__alpha"] == 1.0 and ours.get_params()["shift"] is ours.steps[0][1]
    ours.set_params(ridge__alpha=5.0, shift__offset=2.0)
    assert ours.steps[1][1].alpha == 5.0 and ours.steps[0][1].offset == 2.0
    replacement = LinearRegression()
    ours.set_params(ridge=replacement)
    assert ours.steps[1] == ("ridge", replacement) and ours.named_steps.ridge is replacement
    copy = clone(ours)
    assert copy.steps[0][1] is not ours.steps[0][1] and copy.steps[0][1].offset == 2.0
    copy2 = sk_clone(ours)
    assert type(copy2) is Pipeline and copy2.get_params()["shift__offset"] == 2.0
    with pytest.raises(ValueError, match="Invalid parameter 'nope'"):
        ours.set_params(nope=1)


def test_passthrough_and_none_steps():
    X = np.arange(12.0).reshape(4, 3)
    y = np.arange(4.0)
    ours = Pipeline([("a", "passthrough"), ("b", None), ("s", Shift())])
    theirs = sk_pipeline.Pipeline([("a", "passthrough"), ("b", None), ("s", Shift())])
    np.testing.assert_allclose(ours.fit_transform(X), theirs.fit_transform(X))
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X)), X)
    identity = Pipeline([("s", Shift()), ("last", "passthrough")])
    np.testing.assert_allclose(identity.fit(X, y).transform(X), X - X.mean(0))
    assert not hasattr(identity, "predict")
    assert Pipeline([("only", "passthrough")]).fit(X).transform(X) is X


def test_fit_transform_fit_predict_and_score_samples():
    X, _ = load_iris(return_X_y=True)
    ours = Pipeline([("scale", StandardScaler()), ("km", KMeans(n_clusters=3, n_init=2, random_state=0))])
    theirs = sk_pipeline.Pipeline([("scale", StandardScaler()), ("km", KMeans(n_clusters=3, n_init=2, random_state=0))])
    np.testing.assert_array_equal(ours.fit_predict(X), theirs.fit_predict(X))
    np.testing.assert_allclose(ours.fit_transform(X), theirs.fit_transform(X), rtol=1e-12)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-12)
    np.testing.assert_allclose(ours.score(X), theirs.score(X), rtol=1e-12)


def test_validation_errors():
    X, y = np.ones((4, 2)), np.arange(4.0)
    with pytest.raises(ValueError, match="The pipeline is empty"):
        Pipeline([]).fit(X, y)
    with pytest.raises(TypeError, match="All intermediate steps should be transformers"):
        Pipeline([("r", Ridge()), ("l", Ridge())]).fit(X, y)
    with pytest.raises(TypeError, match="Last step of Pipeline should implement fit"):
        Pipeline([("s", Shift()), ("x", object())]).fit(X, y)
    with pytest.raises(ValueError, match="Names provided are not unique"):
        Pipeline([("s", Shift()), ("s", Ridge())]).fit(X, y)
    with pytest.raises(ValueError, match="must not contain __"):
        Pipeline([("a__b", Shift()), ("r", Ridge())]).fit(X, y)
    with pytest.raises(ValueError, match="conflict with constructor arguments: \\['memory'\\]"):
        Pipeline([("memory", Shift()), ("r", Ridge())]).fit(X, y)
    with pytest.raises(TypeError, match="got estimator class instead"):
        Pipeline([("s", Shift), ("r", Ridge())]).fit(X, y)


def test_fitted_state_and_feature_names_in():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": [1.0, 2.0, 4.0], "b": [0.0, 1.0, 0.5]})
    pipe = Pipeline([("shift", Shift()), ("ridge", Ridge())])
    with pytest.raises(NotFittedError):
        check_is_fitted(pipe)
    with pytest.raises(AttributeError):
        pipe.n_features_in_
    pipe.fit(frame, [1.0, 2.0, 3.0])
    check_is_fitted(pipe)
    assert list(pipe.feature_names_in_) == ["a", "b"] and pipe.n_features_in_ == 2
    assert list(pipe[:-1].get_feature_names_out()) == ["a", "b"]


def test_set_output_pandas_reaches_every_step(iris):
    pd = pytest.importorskip("pandas")
    X, _ = iris
    frame = pd.DataFrame(X, columns=["sl", "sw", "pl", "pw"])
    ours = make_pipeline(Shift(), StandardScaler(), PCA(n_components=2)).set_output(transform="pandas")
    theirs = sk_pipeline.make_pipeline(Shift(), StandardScaler(), PCA(n_components=2)).set_output(transform="pandas")
    out, ref = ours.fit_transform(frame), theirs.fit_transform(frame)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["pca0", "pca1"]
    pd.testing.assert_frame_equal(out, ref)
    assert isinstance(ours[:-1].transform(frame), pd.DataFrame)


def test_inside_grid_search_and_cross_val_score(iris):
    X, y = iris
    grid = {"pca__n_components": [1, 3], "svc__C": [0.1, 10.0]}
    ours = GridSearchCV(make_pipeline(StandardScaler(), PCA(), SVC()), grid, cv=3).fit(X, y)
    theirs = GridSearchCV(sk_pipeline.make_pipeline(StandardScaler(), PCA(), SVC()), grid, cv=3).fit(X, y)
    assert ours.best_params_ == theirs.best_params_
    np.testing.assert_allclose(ours.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"])
    # a grid over whole steps
    steps = GridSearchCV(Pipeline([("reduce", PCA()), ("clf", SVC())]),
                         {"reduce": ["passthrough", PCA(n_components=1)]}, cv=3).fit(X, y)
    assert steps.best_params_["reduce"] == "passthrough"
    np.testing.assert_allclose(cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), X, y, cv=4),
                               cross_val_score(sk_pipeline.make_pipeline(StandardScaler(), LogisticRegression()), X, y, cv=4))


def test_ember_pipeline_as_a_step_of_sklearn_pipeline(iris):
    X, y = iris
    inner = make_pipeline(StandardScaler(), PCA(n_components=2))
    outer = sk_pipeline.Pipeline([("prep", inner), ("clf", LogisticRegression())]).fit(X, y)
    reference = sk_pipeline.make_pipeline(StandardScaler(), PCA(n_components=2), LogisticRegression()).fit(X, y)
    np.testing.assert_allclose(outer.predict_proba(X), reference.predict_proba(X), rtol=1e-12)
    assert outer.get_params()["prep__pca__n_components"] == 2


def test_verbose_prints_sklearn_lines(capsys):
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10.0)
    Pipeline([("shift", Shift()), ("skip", "passthrough"), ("ridge", Ridge())], verbose=True).fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and all(len(line) == 70 for line in lines)
    assert lines[0].startswith("[Pipeline] ") and lines[0].endswith("(step 1 of 3) Processing shift, total=   0.0s")
    assert "(step 3 of 3) Processing ridge" in lines[2]
    assert _composition.timing_line("Pipeline", "x", 90.0).endswith("x, total= 1.5min")


def test_memory_caches_fitted_transformers(tmp_path):
    X, y = make_regression(n_samples=40, n_features=3, random_state=1)
    shift = Shift(offset=1.0)
    cached = Pipeline([("shift", shift), ("ridge", Ridge())], memory=str(tmp_path))
    first = cached.fit(X, y).predict(X)
    assert not hasattr(shift, "mean_")  # a clone was fitted and cached
    again = Pipeline([("shift", Shift(offset=1.0)), ("ridge", Ridge())], memory=str(tmp_path)).fit(X, y)
    np.testing.assert_allclose(again.predict(X), first)
    assert any(tmp_path.iterdir())
    with pytest.raises(ValueError, match="'memory' should be None, a string"):
        Pipeline([("shift", Shift()), ("ridge", Ridge())], memory=3).fit(X, y)


def test_pickle_round_trip(iris):
    X, y = iris
    pipe = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(pipe)).predict(X), pipe.predict(X))


@pytest.mark.parametrize("module", [_pipeline, _composition])
def test_docstring_examples_run(module):
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0
