"""DummyClassifier and DummyRegressor: scikit-learn's results and check_estimator."""

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import dummy as skd  # noqa: E402

from ember.learn.base import clone  # noqa: E402
from ember.learn.dummy import DummyClassifier, DummyRegressor  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.utils._param_validation import InvalidParameterError  # noqa: E402

rng = np.random.default_rng(0)
X = rng.normal(size=(60, 3))
Y_CLASSES = rng.choice(["ant", "bee", "cat"], 60, p=[0.2, 0.5, 0.3])
Y_MULTI = np.c_[rng.integers(0, 3, 60), rng.integers(5, 7, 60)]
WEIGHT = rng.uniform(0, 2, 60)


@pytest.mark.parametrize("Estimator", [DummyClassifier, DummyRegressor])
def test_check_estimator(Estimator):
    run_check_estimator(Estimator())


@pytest.mark.parametrize("strategy", ["most_frequent", "prior", "uniform", "stratified", "constant"])
@pytest.mark.parametrize("weighted", [False, True])
def test_classifier_matches_scikit_learn(strategy, weighted):
    weight = WEIGHT if weighted else None
    constant = "cat" if strategy == "constant" else None
    ours = DummyClassifier(strategy=strategy, constant=constant, random_state=0).fit(X, Y_CLASSES, sample_weight=weight)
    theirs = skd.DummyClassifier(strategy=strategy, constant=constant, random_state=0).fit(X, Y_CLASSES, sample_weight=weight)
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    np.testing.assert_allclose(ours.class_prior_, theirs.class_prior_, rtol=1e-12)
    assert ours.n_classes_ == theirs.n_classes_ and ours.n_outputs_ == theirs.n_outputs_ == 1
    assert ours.n_features_in_ == 3
    # Same RandomState draws in the same order: the random strategies agree too.
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X))
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(ours.predict_log_proba(X), theirs.predict_log_proba(X))
    assert ours.score(X, Y_CLASSES) == theirs.score(X, Y_CLASSES)
    assert ours.score(None, Y_CLASSES) == theirs.score(None, Y_CLASSES)


@pytest.mark.parametrize("strategy", ["most_frequent", "prior", "uniform", "stratified", "constant"])
def test_classifier_multi_output(strategy):
    constant = [2, 5] if strategy == "constant" else None
    ours = DummyClassifier(strategy=strategy, constant=constant, random_state=1).fit(X, Y_MULTI)
    theirs = skd.DummyClassifier(strategy=strategy, constant=constant, random_state=1).fit(X, Y_MULTI)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    for a, b in zip(ours.predict_proba(X), theirs.predict_proba(X)):
        np.testing.assert_allclose(a, b)
    assert ours.n_classes_ == theirs.n_classes_
    sparse = DummyClassifier(strategy="most_frequent").fit(X, sp.csc_matrix(Y_MULTI))
    assert sparse.sparse_output_ and sp.issparse(sparse.predict(X))
    np.testing.assert_array_equal(sparse.predict(X).toarray(), theirs.predict(X) if strategy == "most_frequent"
                                  else skd.DummyClassifier(strategy="most_frequent").fit(X, Y_MULTI).predict(X))


def test_never_5_baseline_of_homl_chapter_3():
    digits = rng.integers(0, 10, 1000)
    y_train_5 = digits == 5
    never_5 = DummyClassifier().fit(np.zeros((1000, 784)), y_train_5)
    assert not never_5.predict(np.zeros((3, 784))).any()
    assert never_5.score(np.zeros((1000, 784)), y_train_5) == pytest.approx(1 - y_train_5.mean())
    assert never_5.score(np.zeros((1000, 784)), y_train_5) > 0.85


def test_classifier_errors():
    with pytest.raises(ValueError, match="Constant target value has to be specified"):
        DummyClassifier(strategy="constant").fit(X, Y_CLASSES)
    with pytest.raises(ValueError, match=r"The constant target value must be present in the training data. You provided constant=dog. Possible values are: \['ant', 'bee', 'cat'\]"):
        DummyClassifier(strategy="constant", constant="dog").fit(X, Y_CLASSES)
    with pytest.raises(ValueError, match=r"Constant target value should have shape \(2, 1\)"):
        DummyClassifier(strategy="constant", constant=[1]).fit(X, Y_MULTI)
    with pytest.raises(InvalidParameterError, match="The 'strategy' parameter of DummyClassifier must be"):
        DummyClassifier(strategy="mode").fit(X, Y_CLASSES)
    with pytest.raises(NotFittedError):
        DummyClassifier().predict(X)
    with pytest.warns(UserWarning, match="converted to a numpy array"):
        DummyClassifier(strategy="uniform").fit(X, sp.csc_matrix(Y_MULTI))


@pytest.mark.parametrize("strategy,kwargs", [("mean", {}), ("median", {}), ("quantile", {"quantile": 0.0}),
                                             ("quantile", {"quantile": 0.3}), ("quantile", {"quantile": 1.0}),
                                             ("constant", {"constant": 4.5})])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("multi", [False, True])
def test_regressor_matches_scikit_learn(strategy, kwargs, weighted, multi):
    y = rng.normal(size=(60, 2)) if multi else rng.normal(size=60)
    if strategy == "constant" and multi:
        kwargs = {"constant": [4.5, -1.0]}
    weight = WEIGHT if weighted else None
    ours = DummyRegressor(strategy=strategy, **kwargs).fit(X, y, sample_weight=weight)
    theirs = skd.DummyRegressor(strategy=strategy, **kwargs).fit(X, y, sample_weight=weight)
    np.testing.assert_allclose(ours.constant_, theirs.constant_, rtol=1e-12)
    assert ours.constant_.shape == theirs.constant_.shape
    prediction, std = ours.predict(X, return_std=True)
    np.testing.assert_allclose(prediction, theirs.predict(X), rtol=1e-12)
    assert prediction.shape == theirs.predict(X).shape and not std.any()
    assert ours.score(None, y) == pytest.approx(theirs.score(None, y), rel=1e-12, abs=1e-15)


def test_regressor_weighted_median_with_ties():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    for weight in ([1, 1, 1, 1], [0, 1, 1, 0], [3, 0, 0, 1], [0, 0, 1, 5]):
        ours = DummyRegressor(strategy="median").fit(np.zeros((4, 1)), y, sample_weight=weight)
        theirs = skd.DummyRegressor(strategy="median").fit(np.zeros((4, 1)), y, sample_weight=weight)
        assert ours.constant_ == theirs.constant_


def test_regressor_errors():
    with pytest.raises(ValueError, match="you have to specify the desired quantile"):
        DummyRegressor(strategy="quantile").fit(X, X[:, 0])
    with pytest.raises(TypeError, match="Constant target value has to be specified"):
        DummyRegressor(strategy="constant").fit(X, X[:, 0])
    with pytest.raises(ValueError, match=r"Constant target value should have shape \(2, 1\)"):
        DummyRegressor(strategy="constant", constant=[1.0, 2.0, 3.0]).fit(X, X[:, :2])
    with pytest.raises(InvalidParameterError, match="The 'quantile' parameter of DummyRegressor must be a float in the range \\[0.0, 1.0\\]"):
        DummyRegressor(strategy="quantile", quantile=2.0).fit(X, X[:, 0])
    with pytest.raises(ValueError, match="Found array with 0 sample"):
        DummyRegressor().fit(np.zeros((0, 1)), [])
    assert repr(clone(DummyRegressor(strategy="median"))) == "DummyRegressor(strategy='median')"
