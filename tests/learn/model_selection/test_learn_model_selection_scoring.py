"""Metric names as ``scoring`` (resolved by ember.learn.metrics) give scikit-learn's scores."""

import numpy as np
import pytest
from sklearn import model_selection as sk
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.tree import DecisionTreeRegressor

from ember.learn import model_selection as em

RNG = np.random.RandomState(1)
X = RNG.normal(size=(120, 4))
Y_REG = X @ [2.0, -1.0, 0.0, 0.5] + 0.7 * RNG.normal(size=120)
Y_BIN = np.where(X[:, 0] + X[:, 2] + 0.8 * RNG.normal(size=120) > 0, "yes", "no")
Y_MULTI = np.digitize(X[:, 1] + 0.4 * RNG.normal(size=120), [-0.6, 0.6])


@pytest.mark.parametrize("estimator, y, scoring", [
    (Ridge(), Y_REG, "neg_mean_squared_error"),
    (DecisionTreeRegressor(random_state=0), Y_REG, "neg_root_mean_squared_error"),
    (LogisticRegression(), Y_BIN, "accuracy"),
    (LogisticRegression(), Y_BIN, "roc_auc"),
    (LogisticRegression(), Y_MULTI, "f1_macro"),
    (LogisticRegression(), Y_MULTI, "neg_log_loss"),
])
def test_string_scoring_matches_sklearn(estimator, y, scoring):
    ours = em.cross_val_score(estimator, X, y, cv=5, scoring=scoring)
    theirs = sk.cross_val_score(estimator, X, y, cv=5, scoring=scoring)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10)


def test_list_of_names_with_train_scores():
    scoring = ["accuracy", "roc_auc", "neg_log_loss"]
    ours = em.cross_validate(LogisticRegression(), X, Y_BIN, cv=4, scoring=scoring, return_train_score=True)
    theirs = sk.cross_validate(LogisticRegression(), X, Y_BIN, cv=4, scoring=scoring, return_train_score=True)
    assert set(ours) == set(theirs)
    for key in ("test_accuracy", "test_roc_auc", "test_neg_log_loss", "train_roc_auc"):
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-10, err_msg=key)


def test_grid_search_with_names_and_refit_by_name():
    grid = {"C": [0.01, 0.1, 10.0]}
    scoring = {"acc": "accuracy", "auc": "roc_auc"}
    ours = em.GridSearchCV(LogisticRegression(), grid, scoring=scoring, refit="auc", cv=3).fit(X, Y_BIN)
    theirs = sk.GridSearchCV(LogisticRegression(), grid, scoring=scoring, refit="auc", cv=3).fit(X, Y_BIN)
    for key in ("mean_test_acc", "rank_test_acc", "mean_test_auc", "std_test_auc", "rank_test_auc"):
        np.testing.assert_allclose(ours.cv_results_[key], theirs.cv_results_[key], rtol=1e-10, err_msg=key)
    assert ours.best_params_ == theirs.best_params_
    assert ours.score(X, Y_BIN) == pytest.approx(theirs.score(X, Y_BIN), rel=1e-10)


def test_homl_grid_search_neg_rmse():
    # HOML ch2: GridSearchCV(..., scoring="neg_root_mean_squared_error") on a tree.
    grid = [{"max_depth": [2, 4, 8]}, {"min_samples_leaf": [1, 5], "max_features": [2, 4]}]
    ours = em.GridSearchCV(DecisionTreeRegressor(random_state=42), grid, cv=3,
                           scoring="neg_root_mean_squared_error").fit(X, Y_REG)
    theirs = sk.GridSearchCV(DecisionTreeRegressor(random_state=42), grid, cv=3,
                             scoring="neg_root_mean_squared_error").fit(X, Y_REG)
    np.testing.assert_allclose(ours.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"], rtol=1e-12)
    assert ours.best_params_ == theirs.best_params_ and ours.best_score_ == pytest.approx(theirs.best_score_)


def test_sample_weight_reaches_the_named_scorer():
    weights = RNG.uniform(0.1, 3.0, size=120)
    grid = {"alpha": [0.1, 10.0, 100.0]}
    ours = em.GridSearchCV(Ridge(), grid, cv=3, scoring="neg_mean_squared_error").fit(X, Y_REG, sample_weight=weights)
    theirs = sk.GridSearchCV(Ridge(), grid, cv=3, scoring="neg_mean_squared_error").fit(X, Y_REG, sample_weight=weights)
    np.testing.assert_allclose(ours.cv_results_["split2_test_score"], theirs.cv_results_["split2_test_score"], rtol=1e-10)


def test_unknown_scoring_name():
    with pytest.raises(ValueError, match="'accuracyy' is not a valid scoring value"):
        em.cross_val_score(LogisticRegression(), X, Y_BIN, scoring="accuracyy")
    with pytest.raises(ValueError, match="'mse' is not a valid scoring value"):
        em.GridSearchCV(Ridge(), {"alpha": [1.0]}, scoring=["r2", "mse"]).fit(X, Y_REG)
