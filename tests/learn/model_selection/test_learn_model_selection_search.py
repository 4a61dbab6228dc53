"""ParameterGrid / ParameterSampler / GridSearchCV / RandomizedSearchCV against scikit-learn's."""

import io
import pickle

import numpy as np
import pytest
from scipy.stats import expon, loguniform, randint, uniform
from sklearn import model_selection as sk
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import get_scorer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from ember.learn import model_selection as em
from ember.learn.base import BaseEstimator, ClassifierMixin, RegressorMixin, clone
from ember.learn.exceptions import FitFailedWarning
from ember.learn.utils import check_classification_targets, check_is_fitted, validate_data
from learn_checks import run_check_estimator

RNG = np.random.RandomState(0)
X = RNG.normal(size=(80, 5))
Y_REG = X @ [1.0, -2.0, 0.5, 0.0, 0.3] + 0.5 * RNG.normal(size=80)
Y_CLS = (X[:, 0] - X[:, 1] + 0.5 * RNG.normal(size=80) > 0).astype(int)

NUMERIC = ("mean_test_score", "std_test_score", "rank_test_score", "split0_test_score", "split4_test_score")


class ShiftedMean(RegressorMixin, BaseEstimator):
    """Toy ember regressor whose ``shift`` moves the prediction; ``shift=None`` fails to fit."""

    def __init__(self, shift=0.0, unused=1):
        self.shift = shift
        self.unused = unused

    def fit(self, X, y, sample_weight=None):
        if self.shift is None:
            raise ValueError("shift=None cannot be fitted")
        self.mean_ = np.average(y, weights=sample_weight) + self.shift
        self.n_features_in_ = np.asarray(X).shape[1]
        return self

    def predict(self, X):
        return np.full(len(X), self.mean_)


def compare_results(ours, theirs, keys=NUMERIC):
    assert set(ours.cv_results_) == set(theirs.cv_results_)
    for key in keys:
        np.testing.assert_allclose(ours.cv_results_[key], theirs.cv_results_[key], rtol=1e-10, atol=1e-12,
                                   err_msg=key)
    assert ours.cv_results_["params"] == theirs.cv_results_["params"]
    assert ours.best_params_ == theirs.best_params_
    assert ours.best_index_ == theirs.best_index_


@pytest.mark.parametrize("grid", [
    {"alpha": [1e-3, 0.1, 1.0, 10.0, 100.0]},
    [{"alpha": [0.1, 1.0]}, {"alpha": [5.0], "fit_intercept": [False, True]}],
])
def test_grid_search_ridge_matches_sklearn(grid):
    ours = em.GridSearchCV(Ridge(), grid, cv=5, return_train_score=True).fit(X, Y_REG)
    theirs = sk.GridSearchCV(Ridge(), grid, cv=5, return_train_score=True).fit(X, Y_REG)
    compare_results(ours, theirs, NUMERIC + ("mean_train_score", "std_train_score", "split2_train_score"))
    assert ours.best_score_ == pytest.approx(theirs.best_score_, rel=1e-12)
    np.testing.assert_allclose(ours.best_estimator_.coef_, theirs.best_estimator_.coef_, rtol=1e-12)
    np.testing.assert_allclose(ours.predict(X[:5]), theirs.predict(X[:5]), rtol=1e-12)
    assert ours.score(X, Y_REG) == pytest.approx(theirs.score(X, Y_REG), rel=1e-12)
    for key, column in theirs.cv_results_.items():
        if key.startswith("param_"):
            assert isinstance(ours.cv_results_[key], np.ma.MaskedArray)
            np.testing.assert_array_equal(ours.cv_results_[key].mask, column.mask)
            assert ours.cv_results_[key].dtype == column.dtype
            assert [v for v, m in zip(ours.cv_results_[key].data, column.mask) if not m] == \
                   [v for v, m in zip(column.data, column.mask) if not m]
    assert ours.n_splits_ == 5 and ours.refit_time_ > 0 and ours.n_features_in_ == 5


def test_grid_search_masked_string_parameters_and_classifier():
    grid = [{"max_depth": [1, 2, 3]}, {"min_samples_leaf": [5, 10], "criterion": ["gini", "entropy"]}]
    ours = em.GridSearchCV(DecisionTreeClassifier(random_state=0), grid, cv=4).fit(X, Y_CLS)
    theirs = sk.GridSearchCV(DecisionTreeClassifier(random_state=0), grid, cv=4).fit(X, Y_CLS)
    compare_results(ours, theirs, ("mean_test_score", "rank_test_score", "split3_test_score"))
    assert ours.cv_results_["param_criterion"].dtype == object
    np.testing.assert_array_equal(ours.classes_, [0, 1])
    np.testing.assert_allclose(ours.predict_proba(X[:7]), theirs.predict_proba(X[:7]))
    assert not hasattr(ours, "decision_function") and hasattr(ours, "predict_proba")


def test_multimetric_refit_by_name_false_and_callable():
    scoring = {"r2": get_scorer("r2"), "mae": get_scorer("neg_mean_absolute_error")}
    grid = {"alpha": [0.01, 1.0, 30.0, 300.0]}
    ours = em.GridSearchCV(Ridge(), grid, scoring=scoring, refit="mae", cv=3).fit(X, Y_REG)
    theirs = sk.GridSearchCV(Ridge(), grid, scoring=scoring, refit="mae", cv=3).fit(X, Y_REG)
    compare_results(ours, theirs, ("mean_test_r2", "rank_test_r2", "mean_test_mae", "rank_test_mae", "split1_test_mae"))
    assert ours.best_score_ == pytest.approx(theirs.best_score_)
    assert ours.score(X, Y_REG) == pytest.approx(theirs.score(X, Y_REG))

    no_refit = em.GridSearchCV(Ridge(), grid, scoring=scoring, refit=False, cv=3).fit(X, Y_REG)
    assert not hasattr(no_refit, "best_params_") and not hasattr(no_refit, "predict")
    with pytest.raises(AttributeError, match="initialized with `refit=False`"):
        no_refit.predict(X)

    def lowest_alpha_within_one_std(results):
        mean, std = results["mean_test_r2"], results["std_test_r2"]
        best = mean.argmax()
        return int(np.flatnonzero(mean >= mean[best] - std[best])[-1])

    picked = em.GridSearchCV(Ridge(), grid, scoring=scoring, refit=lowest_alpha_within_one_std, cv=3).fit(X, Y_REG)
    reference = sk.GridSearchCV(Ridge(), grid, scoring=scoring, refit=lowest_alpha_within_one_std, cv=3).fit(X, Y_REG)
    assert picked.best_index_ == reference.best_index_ and not hasattr(picked, "best_score_")
    with pytest.raises(ValueError, match="For multi-metric scoring, the parameter refit must be set"):
        em.GridSearchCV(Ridge(), grid, scoring=scoring, cv=3).fit(X, Y_REG)


def test_parameter_grid_matches_sklearn():
    grids = [{"b": [1, 2, 3], "a": ["x", "y"], "c": [True]}, [{"a": [1]}, {}, {"z": [0, 1], "y": [2, 3]}]]
    for grid in grids:
        ours, theirs = em.ParameterGrid(grid), sk.ParameterGrid(grid)
        assert list(ours) == list(theirs) and len(ours) == len(theirs)
        assert [ours[i] for i in range(len(ours))] == list(theirs)
    with pytest.raises(TypeError, match="needs to be a list or a numpy array"):
        em.ParameterGrid({"a": 1})
    with pytest.raises(ValueError, match="need to be a non-empty sequence"):
        em.ParameterGrid({"a": []})
    with pytest.raises(IndexError):
        em.ParameterGrid({"a": [1]})[1]


@pytest.mark.parametrize("distributions, n_iter", [
    ({"alpha": loguniform(1e-3, 1e2), "kernel": ["a", "b", "c"], "n": randint(1, 20)}, 15),
    ([{"alpha": expon(scale=2.0)}, {"beta": uniform(0, 3), "gamma": [1, 2]}], 12),
    ({"a": list(range(10)), "b": list(range(20))}, 150),    # ratio 0.75: a permutation
    ({"a": list(range(40)), "b": list(range(30))}, 5),       # ratio < 0.01: draws with rejection
    ({"a": list(range(10)), "b": list(range(10))}, 100),     # ratio 1: reservoir sampling
    ({"a": list(range(20)), "b": list(range(10))}, 199),     # ratio 0.995: reservoir sampling
])
def test_parameter_sampler_matches_sklearn(distributions, n_iter):
    ours = list(em.ParameterSampler(distributions, n_iter, random_state=42))
    theirs = list(sk.ParameterSampler(distributions, n_iter, random_state=42))
    assert ours == theirs and len(ours) == min(n_iter, len(ours))


def test_parameter_sampler_warns_when_grid_is_small():
    with pytest.warns(UserWarning, match="The total space of parameters 4 is smaller than n_iter=10"):
        assert len(list(em.ParameterSampler({"a": [1, 2], "b": [3, 4]}, 10, random_state=0))) == 4


def test_randomized_search_matches_sklearn():
    distributions = {"alpha": loguniform(1e-2, 1e3), "fit_intercept": [True, False]}
    ours = em.RandomizedSearchCV(Ridge(), distributions, n_iter=8, cv=5, random_state=7).fit(X, Y_REG)
    theirs = sk.RandomizedSearchCV(Ridge(), distributions, n_iter=8, cv=5, random_state=7).fit(X, Y_REG)
    compare_results(ours, theirs)


def test_pipeline_param_grid_and_nested_cross_validation():
    pipe = Pipeline([("scale", StandardScaler()), ("pca", PCA(random_state=0)), ("model", LogisticRegression())])
    grid = {"pca__n_components": [2, 4], "model__C": [0.1, 10.0]}
    ours = em.GridSearchCV(pipe, grid, cv=3).fit(X, Y_CLS)
    theirs = sk.GridSearchCV(pipe, grid, cv=3).fit(X, Y_CLS)
    compare_results(ours, theirs, ("mean_test_score", "rank_test_score"))
    nested_ours = sk.cross_val_score(em.GridSearchCV(Ridge(), {"alpha": [0.1, 10.0]}, cv=3), X, Y_REG, cv=3)
    nested_theirs = sk.cross_val_score(sk.GridSearchCV(Ridge(), {"alpha": [0.1, 10.0]}, cv=3), X, Y_REG, cv=3)
    np.testing.assert_allclose(nested_ours, nested_theirs, rtol=1e-12)


def test_ember_pipeline_param_grid():
    pipeline = pytest.importorskip("ember.learn.pipeline")
    pipe = pipeline.Pipeline([("model", ShiftedMean())])
    search = em.GridSearchCV(pipe, {"model__shift": [-1.0, 0.0, 2.0]}, cv=4).fit(X, Y_REG)
    assert search.best_params_ == {"model__shift": 0.0}


def test_clone_params_pickle_and_fit_params():
    search = em.GridSearchCV(ShiftedMean(), {"shift": [0.0, 1.0]}, cv=3)
    assert clone(search).get_params()["estimator__shift"] == 0.0
    search.set_params(estimator__unused=5, cv=4)
    assert search.estimator.unused == 5 and search.cv == 4
    weights = RNG.uniform(0.2, 3.0, size=80)
    search.fit(X, Y_REG, sample_weight=weights)
    reference = sk.GridSearchCV(ShiftedMean(unused=5), {"shift": [0.0, 1.0]}, cv=4).fit(X, Y_REG, sample_weight=weights)
    compare_results(search, reference, ("mean_test_score", "split3_test_score"))
    assert search.best_estimator_.mean_ == pytest.approx(np.average(Y_REG, weights=weights))
    restored = pickle.loads(pickle.dumps(search))
    np.testing.assert_array_equal(restored.predict(X[:3]), search.predict(X[:3]))


def test_homl_randomized_search_over_a_pipeline_as_a_dataframe():
    pd = pytest.importorskip("pandas")
    pipe = Pipeline([("scale", StandardScaler()), ("model", DecisionTreeClassifier(random_state=42))])
    distributions = {"model__max_depth": randint(low=1, high=8), "model__min_samples_leaf": randint(1, 10)}
    kwargs = dict(n_iter=6, cv=3, scoring=get_scorer("accuracy"), random_state=42, return_train_score=True)
    ours = em.RandomizedSearchCV(pipe, distributions, **kwargs).fit(X, Y_CLS)
    theirs = sk.RandomizedSearchCV(pipe, distributions, **kwargs).fit(X, Y_CLS)
    compare_results(ours, theirs, ("mean_test_score", "rank_test_score", "mean_train_score"))
    frame = pd.DataFrame(ours.cv_results_).sort_values(by="mean_test_score", ascending=False)
    expected = pd.DataFrame(theirs.cv_results_).sort_values(by="mean_test_score", ascending=False)
    assert list(frame.columns) == list(expected.columns)
    np.testing.assert_array_equal(frame["param_model__max_depth"].to_numpy(), expected["param_model__max_depth"].to_numpy())
    assert ours.best_estimator_.named_steps["model"].max_depth == theirs.best_params_["model__max_depth"]


def test_groups_go_to_the_splitter():
    groups = np.repeat(np.arange(8), 10)
    ours = em.GridSearchCV(Ridge(), {"alpha": [0.1, 10.0]}, cv=em.GroupKFold(4)).fit(X, Y_REG, groups=groups)
    theirs = sk.GridSearchCV(Ridge(), {"alpha": [0.1, 10.0]}, cv=sk.GroupKFold(4)).fit(X, Y_REG, groups=groups)
    compare_results(ours, theirs, ("mean_test_score", "split3_test_score"))


def test_error_score_in_search():
    grid = {"shift": [0.0, None, 1.0]}
    with pytest.warns(FitFailedWarning, match="3 fits failed out of a total of 9"), \
            pytest.warns(UserWarning, match="One or more of the test scores are non-finite"):
        ours = em.GridSearchCV(ShiftedMean(), grid, cv=3).fit(X, Y_REG)
    with pytest.warns(Warning), pytest.warns(UserWarning):
        theirs = sk.GridSearchCV(ShiftedMean(), grid, cv=3).fit(X, Y_REG)
    np.testing.assert_array_equal(ours.cv_results_["rank_test_score"], theirs.cv_results_["rank_test_score"])
    assert np.isnan(ours.cv_results_["mean_test_score"][1]) and ours.best_params_ == {"shift": 0.0}
    with pytest.raises(ValueError, match="shift=None cannot be fitted"):
        em.GridSearchCV(ShiftedMean(), grid, cv=3, error_score="raise").fit(X, Y_REG)


def test_unfitted_search():
    from ember.learn.exceptions import NotFittedError

    search = em.GridSearchCV(Ridge(), {"alpha": [1.0]})
    assert not hasattr(search, "n_features_in_") and hasattr(search, "predict")
    assert not hasattr(search, "predict_proba")
    with pytest.raises(NotFittedError, match="This GridSearchCV instance is not fitted yet"):
        search.predict(X)


def test_parameter_validation():
    with pytest.raises(ValueError, match="The 'n_iter' parameter of RandomizedSearchCV must be an int in the range"):
        em.RandomizedSearchCV(Ridge(), {"alpha": [1.0]}, n_iter=0).fit(X, Y_REG)
    with pytest.raises(ValueError, match="The 'error_score' parameter of GridSearchCV"):
        em.GridSearchCV(Ridge(), {"alpha": [1.0]}, error_score="ignore").fit(X, Y_REG)


def test_verbose_progress_and_header(capsys):
    em.GridSearchCV(Ridge(), {"alpha": [0.1, 1.0]}, cv=3, verbose=1).fit(X, Y_REG)
    captured = capsys.readouterr()
    assert "Fitting 3 folds for each of 2 candidates, totalling 6 fits" in captured.out
    assert "GridSearchCV: 6/6 fits" in captured.err and "elapsed" in captured.err and "ETA 0:00" in captured.err


@pytest.mark.parametrize("verbose", [2, 3])
def test_verbose_fit_lines_match_sklearn(capsys, verbose):
    import re

    def lines(module):
        module.GridSearchCV(Ridge(), {"alpha": [0.5, 2.0]}, cv=2, verbose=verbose, return_train_score=True).fit(X, Y_REG)
        out = capsys.readouterr().out
        return [re.sub(r"total time=.*", "", line) for line in out.splitlines()]

    assert lines(em) == lines(sk)


def test_progress_bar_in_place_on_a_terminal():
    from ember.learn.model_selection._progress import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    with ProgressBar(3, "demo", stream=stream) as bar:
        for _ in range(3):
            bar.update()
    text = stream.getvalue()
    assert text.startswith("\rdemo: 1/3 fits") and text.endswith("\n") and text.count("\n") == 1
    assert "3/3 fits [########################] 100%" in text


def test_parallel_search_matches_sequential():
    from joblib import parallel_backend

    with parallel_backend("threading"):
        parallel = em.GridSearchCV(Ridge(), {"alpha": [0.1, 1.0, 10.0]}, cv=3, n_jobs=2).fit(X, Y_REG)
    sequential = em.GridSearchCV(Ridge(), {"alpha": [0.1, 1.0, 10.0]}, cv=3).fit(X, Y_REG)
    np.testing.assert_array_equal(parallel.cv_results_["mean_test_score"], sequential.cv_results_["mean_test_score"])


class CheckedRidge(RegressorMixin, BaseEstimator):
    """Toy ember ridge regression (centred normal equations) with full input validation."""

    def __init__(self, penalty=1.0):
        self.penalty = penalty

    def fit(self, X, y):
        X, y = validate_data(self, X, y, y_numeric=True)
        x_mean, y_mean = X.mean(axis=0), y.mean()
        centred = X - x_mean
        gram = centred.T @ centred + self.penalty * np.eye(X.shape[1])
        self.coef_ = np.linalg.solve(gram, centred.T @ (y - y_mean))
        self.intercept_ = y_mean - x_mean @ self.coef_
        return self

    def predict(self, X):
        check_is_fitted(self)
        return validate_data(self, X, reset=False) @ self.coef_ + self.intercept_


class CheckedCentroids(ClassifierMixin, BaseEstimator):
    """Toy ember classifier: nearest class centroid under the ``power``-norm distance."""

    def __init__(self, power=2.0):
        self.power = power

    def fit(self, X, y):
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        one_hot = np.eye(len(self.classes_))[codes]
        self.centroids_ = (one_hot.T @ X) / one_hot.sum(axis=0)[:, None]
        return self

    def predict(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        distance = (np.abs(X[:, None, :] - self.centroids_[None]) ** self.power).sum(axis=2)
        return self.classes_[distance.argmin(axis=1)]

    def score(self, X, y, sample_weight=None):
        # ember.learn.base.ClassifierMixin.score broadcasts a column-vector y against the
        # 1-D predictions (reported); accuracy on the raveled column, as scikit-learn's.
        y = np.asarray(y)
        return super().score(X, y.ravel() if y.ndim == 2 and y.shape[1] == 1 else y, sample_weight)


@pytest.mark.parametrize("search", [
    em.GridSearchCV(CheckedRidge(), {"penalty": [0.1, 1.0]}, cv=2, error_score="raise"),
    em.RandomizedSearchCV(CheckedRidge(), {"penalty": uniform(0, 1)}, n_iter=2, cv=2, random_state=0,
                          error_score="raise"),
    em.GridSearchCV(CheckedCentroids(), {"power": [1.0, 2.0]}, cv=2, error_score="raise"),
], ids=["grid", "randomized", "grid-classifier"])
def test_check_estimator_search(search):
    run_check_estimator(search)
