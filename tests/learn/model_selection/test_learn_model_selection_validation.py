"""cross_validate / cross_val_score / cross_val_predict against scikit-learn's on the same data."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import model_selection as sk
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import get_scorer, make_scorer, mean_absolute_error
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from ember.learn import model_selection as em
from ember.learn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from ember.learn.exceptions import FitFailedWarning

RNG = np.random.RandomState(0)
X = RNG.normal(size=(90, 4))
Y_REG = X @ [1.5, -2.0, 0.5, 0.0] + 0.3 * RNG.normal(size=90)
Y_CLS = np.digitize(X[:, 0] + 0.5 * X[:, 1] + 0.3 * RNG.normal(size=90), [-0.5, 0.5])
Y_BIN = (X[:, 0] + 0.3 * RNG.normal(size=90) > 0).astype(int)


class MeanRegressor(RegressorMixin, BaseEstimator):
    """Toy ember regressor: predicts the (weighted) training mean plus ``shift``."""

    def __init__(self, shift=0.0):
        self.shift = shift

    def fit(self, X, y, sample_weight=None):
        if self.shift == "fail":
            raise ValueError("shift='fail' cannot be fitted")
        self.mean_ = np.average(y, weights=sample_weight) + self.shift
        self.n_features_in_ = np.asarray(X).shape[1]
        return self

    def predict(self, X):
        return np.full(len(X), self.mean_)


class NearestCentroid(ClassifierMixin, BaseEstimator):
    """Toy ember classifier with probabilities from negative distances to the class centroids."""

    def fit(self, X, y):
        X = np.asarray(X)
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.centroids_ = np.stack([X[codes == k].mean(axis=0) for k in range(len(self.classes_))])
        return self

    def decision_function(self, X):
        return -((np.asarray(X)[:, None, :] - self.centroids_[None]) ** 2).sum(axis=2)

    def predict_proba(self, X):
        d = self.decision_function(X)
        e = np.exp(d - d.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def predict_log_proba(self, X):
        return np.log(self.predict_proba(X))

    def predict(self, X):
        return self.classes_[self.decision_function(X).argmax(axis=1)]


def compare(ours, theirs, keys):
    for key in keys:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-10, atol=1e-12, err_msg=key)


@pytest.mark.parametrize("estimator, y, cv", [
    (Ridge(alpha=0.3), Y_REG, 5),
    (Ridge(), Y_REG, sk.KFold(4, shuffle=True, random_state=1)),
    (LogisticRegression(), Y_CLS, 3),
    (DecisionTreeClassifier(random_state=0, max_depth=3), Y_CLS, em.StratifiedKFold(5, shuffle=True, random_state=2)),
    (MeanRegressor(), Y_REG, 6),
    (NearestCentroid(), Y_CLS, 4),
])
def test_cross_validate_default_scoring_matches_sklearn(estimator, y, cv):
    ours = em.cross_validate(estimator, X, y, cv=cv, return_train_score=True)
    theirs = sk.cross_validate(estimator, X, y, cv=cv, return_train_score=True)
    assert set(ours) == set(theirs)
    compare(ours, theirs, ["test_score", "train_score"])


def test_cross_validate_callable_list_of_callables_and_dict():
    scorers = {"mse": get_scorer("neg_mean_squared_error"), "mae": make_scorer(mean_absolute_error, greater_is_better=False),
               "r2": get_scorer("r2")}
    ours = em.cross_validate(Ridge(), X, Y_REG, cv=5, scoring=scorers, return_train_score=True)
    theirs = sk.cross_validate(Ridge(), X, Y_REG, cv=5, scoring=scorers, return_train_score=True)
    assert set(ours) == set(theirs)
    compare(ours, theirs, ["test_mse", "test_mae", "test_r2", "train_mse", "train_mae", "train_r2"])
    single = em.cross_validate(Ridge(), X, Y_REG, cv=5, scoring=scorers["mse"])
    np.testing.assert_allclose(single["test_score"], theirs["test_mse"], rtol=1e-12)


def test_cross_validate_scorer_returning_dict():
    def two_numbers(estimator, X, y):
        error = estimator.predict(X) - y
        return {"bias": float(error.mean()), "spread": float(error.std())}

    ours = em.cross_validate(Ridge(), X, Y_REG, cv=3, scoring=two_numbers)
    theirs = sk.cross_validate(Ridge(), X, Y_REG, cv=3, scoring=two_numbers)
    compare(ours, theirs, ["test_bias", "test_spread"])


def test_multimetric_predicts_once_per_data_set():
    calls = []

    class Counting(MeanRegressor):
        def predict(self, X):
            calls.append(len(X))
            return super().predict(X)

    scorers = {"mse": get_scorer("neg_mean_squared_error"), "r2": get_scorer("r2")}
    em.cross_validate(Counting(), X, Y_REG, cv=3, scoring=scorers)
    assert calls == [30, 30, 30]


def test_return_estimator_indices_and_fit_params():
    weights = RNG.uniform(0.5, 2.0, size=90)
    cv = sk.KFold(3, shuffle=True, random_state=0)
    ours = em.cross_validate(MeanRegressor(), X, Y_REG, cv=cv, params={"sample_weight": weights},
                             return_estimator=True, return_indices=True)
    theirs = sk.cross_validate(MeanRegressor(), X, Y_REG, cv=cv, params={"sample_weight": weights},
                               return_estimator=True, return_indices=True)
    for a, b in zip(ours["estimator"], theirs["estimator"]):
        assert a.mean_ == pytest.approx(b.mean_, rel=1e-14)
    for part in ("train", "test"):
        for a, b in zip(ours["indices"][part], theirs["indices"][part]):
            np.testing.assert_array_equal(a, b)
    older = em.cross_validate(MeanRegressor(), X, Y_REG, cv=cv, fit_params={"sample_weight": weights})
    np.testing.assert_allclose(older["test_score"], theirs["test_score"], rtol=1e-14)


def test_cross_val_score_matches_sklearn_and_parallel():
    for scoring in (None, get_scorer("neg_root_mean_squared_error")):
        ours = em.cross_val_score(DecisionTreeRegressor(random_state=0), X, Y_REG, cv=10, scoring=scoring)
        theirs = sk.cross_val_score(DecisionTreeRegressor(random_state=0), X, Y_REG, cv=10, scoring=scoring)
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    from joblib import parallel_backend

    with parallel_backend("threading"):  # joblib's path without the cost of starting processes
        parallel = em.cross_val_score(Ridge(), X, Y_REG, cv=4, n_jobs=2)
    np.testing.assert_allclose(parallel, sk.cross_val_score(Ridge(), X, Y_REG, cv=4), rtol=1e-12)


def test_sklearn_cross_val_score_on_ember_toys():
    ours = em.cross_val_score(NearestCentroid(), X, Y_CLS, cv=5)
    theirs = sk.cross_val_score(NearestCentroid(), X, Y_CLS, cv=5)
    np.testing.assert_allclose(ours, theirs, rtol=1e-14)


@pytest.mark.parametrize("method", ["predict", "predict_proba", "predict_log_proba", "decision_function"])
@pytest.mark.parametrize("estimator", [LogisticRegression(), NearestCentroid()])
def test_cross_val_predict_matches_sklearn(method, estimator):
    y = np.array(["b", "c", "a"])[Y_CLS]
    cv = sk.KFold(4, shuffle=True, random_state=3)
    ours = em.cross_val_predict(estimator, X, y, cv=cv, method=method)
    theirs = sk.cross_val_predict(estimator, X, y, cv=cv, method=method)
    if method == "predict":
        np.testing.assert_array_equal(ours, theirs)
    else:
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_cross_val_predict_fills_missing_classes():
    y = np.array([0] * 30 + [1] * 30 + [2] * 30)
    cv = [(np.arange(0, 60), np.arange(60, 90)), (np.arange(30, 90), np.arange(0, 30))]
    cv = cv + [(np.r_[0:30, 60:90], np.arange(30, 60))]
    with pytest.warns(RuntimeWarning, match="Number of classes in training fold"):
        ours = em.cross_val_predict(LogisticRegression(), X, y, cv=cv, method="predict_proba")
    with pytest.warns(RuntimeWarning):
        theirs = sk.cross_val_predict(LogisticRegression(), X, y, cv=cv, method="predict_proba")
    np.testing.assert_allclose(ours, theirs, rtol=1e-10)
    assert (ours[60:, 2] == 0).all()


def test_cross_val_predict_regression_sparse_and_errors():
    Xs = sp.csr_matrix(X)
    np.testing.assert_allclose(em.cross_val_predict(Ridge(), Xs, Y_REG, cv=3),
                               sk.cross_val_predict(Ridge(), Xs, Y_REG, cv=3), rtol=1e-10)
    with pytest.raises(ValueError, match="cross_val_predict only works for partitions"):
        em.cross_val_predict(Ridge(), X, Y_REG, cv=sk.ShuffleSplit(3, random_state=0))


def test_error_score_and_failures():
    grid_fail = [MeanRegressor(shift="fail")]
    with pytest.raises(ValueError, match="All the 3 fits failed"):
        em.cross_validate(grid_fail[0], X, Y_REG, cv=3)
    with pytest.raises(ValueError, match="shift='fail' cannot be fitted"):
        em.cross_validate(grid_fail[0], X, Y_REG, cv=3, error_score="raise")

    class FailsOnFirstFold(MeanRegressor):
        def fit(self, X, y, sample_weight=None):
            if len(X) == 60 and np.allclose(np.asarray(X)[0], globals()["X"][30]):
                raise RuntimeError("first fold cannot be fitted")
            return super().fit(X, y)

    with pytest.warns(FitFailedWarning, match="1 fits failed out of a total of 3"):
        result = em.cross_validate(FailsOnFirstFold(), X, Y_REG, cv=3, error_score=-1.0)
    assert result["test_score"][0] == -1.0 and result["test_score"][1] != -1.0


def test_scoring_errors():
    with pytest.raises(ValueError, match="The list/tuple elements must be unique strings"):
        em.cross_validate(Ridge(), X, Y_REG, scoring=[get_scorer("r2")])
    with pytest.raises(ValueError, match="scoring value should either be a callable, string or None"):
        em.cross_val_score(Ridge(), X, Y_REG, scoring=["r2", "neg_mean_squared_error"])
    with pytest.raises(ValueError, match="scoring must return a number"):
        em.cross_val_score(Ridge(), X, Y_REG, scoring=lambda est, X, y: "high", error_score="raise")
    with pytest.raises(TypeError, match="should have a 'score' method"):
        em.cross_val_score(type("NoScore", (BaseEstimator,), {"fit": lambda self, X, y: self})(), X, Y_REG)


def test_too_many_splits_message():
    with pytest.raises(ValueError, match="Cannot have number of splits n_splits=100"):
        em.cross_val_score(Ridge(), X, Y_REG, cv=100)


def test_verbose_progress_goes_to_stderr(capsys):
    em.cross_val_score(Ridge(), X, Y_REG, cv=3, verbose=1)
    captured = capsys.readouterr()
    assert "cross_validate: 3/3 fits" in captured.err and "ETA" in captured.err
    assert captured.out == ""


def test_cross_val_predict_multi_output_probabilities():
    from sklearn.neighbors import KNeighborsClassifier

    Y = np.c_[Y_BIN, Y_CLS]
    ours = em.cross_val_predict(KNeighborsClassifier(), X, Y, cv=3, method="predict_proba")
    theirs = sk.cross_val_predict(KNeighborsClassifier(), X, Y, cv=3, method="predict_proba")
    assert isinstance(ours, list) and len(ours) == 2
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b)
    np.testing.assert_array_equal(em.cross_val_predict(KNeighborsClassifier(), X, Y, cv=3),
                                  sk.cross_val_predict(KNeighborsClassifier(), X, Y, cv=3))
