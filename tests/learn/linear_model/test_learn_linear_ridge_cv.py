"""RidgeCV against scikit-learn: efficient leave-one-out (every gcv_mode), scorers, cv splits."""

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import linear_model as sk  # noqa: E402

from ember.learn.datasets import fetch_california_housing  # noqa: E402
from ember.learn.linear_model import RidgeCV  # noqa: E402

ALPHAS = [0.01, 0.3, 3.0, 30.0]


def _data(shape, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal(shape) + 2.0  # off-centre, so the intercept matters
    Y = rng.standard_normal((shape[0], 2)) + X[:, :2] * [1.0, -0.5]
    return X, Y, rng.random(shape[0]) + 0.1


def _same(ours, theirs, tol=1e-8):
    np.testing.assert_array_equal(ours.alpha_, theirs.alpha_)
    np.testing.assert_allclose(ours.best_score_, theirs.best_score_, rtol=tol, atol=tol)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=tol, atol=tol)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=tol, atol=tol)
    assert np.shape(ours.coef_) == np.shape(theirs.coef_)


def test_check_estimator():
    run_check_estimator(RidgeCV())
    run_check_estimator(RidgeCV(gcv_mode="svd", alphas=[0.5, 5.0]))


@pytest.mark.parametrize("shape", [(60, 8), (20, 40)], ids=["tall", "wide"])
@pytest.mark.parametrize("layout", ["dense", "dense-svd", "sparse"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_leave_one_out_matches_sklearn(shape, layout, fit_intercept, weighted):
    X, Y, weight = _data(shape)
    weight = weight if weighted else None
    X = sp.csr_matrix(X) if layout == "sparse" else X
    mode = "svd" if layout == "dense-svd" else None
    for y in (Y[:, 0], Y):
        params = dict(alphas=ALPHAS, fit_intercept=fit_intercept, gcv_mode=mode, store_cv_results=True)
        ours = RidgeCV(**params).fit(X, y, sample_weight=weight)
        theirs = sk.RidgeCV(**params).fit(X, y, sample_weight=weight)
        _same(ours, theirs)
        np.testing.assert_allclose(ours.cv_results_, theirs.cv_results_, rtol=1e-8, atol=1e-10)
        assert ours.cv_results_.shape == theirs.cv_results_.shape


@pytest.mark.parametrize("scoring", [None, "r2", "neg_mean_absolute_error"])
def test_per_target_alphas_and_scorers_match_sklearn(scoring):
    X, Y, weight = _data((40, 6), seed=3)
    Y[:, 1] += 3.0 * np.random.default_rng(4).standard_normal(40)  # noisier: wants more shrinkage
    for per_target in (False, True):
        params = dict(alphas=ALPHAS, alpha_per_target=per_target, scoring=scoring, store_cv_results=True)
        ours = RidgeCV(**params).fit(X, Y, sample_weight=weight)
        theirs = sk.RidgeCV(**params).fit(X, Y, sample_weight=weight)
        _same(ours, theirs)
        np.testing.assert_allclose(ours.cv_results_, theirs.cv_results_, rtol=1e-8, atol=1e-10)


def test_cv_splits_use_grid_search_like_sklearn():
    X, Y, _ = _data((50, 5), seed=5)
    for cv in (3, 5):
        ours = RidgeCV(alphas=[0.0, *ALPHAS], cv=cv).fit(X, Y[:, 0])
        theirs = sk.RidgeCV(alphas=[0.0, *ALPHAS], cv=cv).fit(X, Y[:, 0])
        _same(ours, theirs, tol=1e-10)
    with pytest.raises(ValueError, match="cv!=None and store_cv_results=True are incompatible"):
        RidgeCV(cv=3, store_cv_results=True).fit(X, Y)


def test_california_housing_and_errors():
    X, y = fetch_california_housing(return_X_y=True)
    X, y = X[:3000], y[:3000]
    alphas = np.logspace(-3, 3, 13)
    _same(RidgeCV(alphas=alphas).fit(X, y), sk.RidgeCV(alphas=alphas).fit(X, y), tol=1e-7)
    with pytest.raises(ValueError, match=r"alphas\[1\] == 0.0, must be > 0.0"):
        RidgeCV(alphas=[1.0, 0.0]).fit(X, y)
    with pytest.raises(ValueError, match="The 'gcv_mode' parameter of RidgeCV must be"):
        RidgeCV(gcv_mode="qr").fit(X, y)


def test_float32_input_gives_float32_results_like_sklearn():
    X, Y, _ = _data((30, 4), seed=7)
    X32 = X.astype(np.float32)
    for fit_intercept in (True, False):
        ours = RidgeCV(fit_intercept=fit_intercept).fit(X32, Y[:, 0])
        theirs = sk.RidgeCV(fit_intercept=fit_intercept).fit(X32, Y[:, 0])
        assert ours.coef_.dtype == theirs.coef_.dtype == np.float32
        assert type(ours.intercept_) is type(theirs.intercept_)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-6)


def test_ridge_classifier_cv_check_estimator():
    import warnings

    from sklearn.exceptions import SkipTestWarning

    from ember.learn.linear_model import RidgeClassifierCV

    with warnings.catch_warnings():
        # multilabel checks skip predict_proba, which RidgeClassifierCV (like scikit-learn's) lacks
        warnings.filterwarnings("ignore", category=SkipTestWarning,
                                message=".*does not have a predict_proba method")
        run_check_estimator(RidgeClassifierCV())


@pytest.mark.parametrize("labels", ["binary", "multiclass", "strings", "multilabel"])
@pytest.mark.parametrize("settings", [{}, {"scoring": "accuracy"}, {"class_weight": "balanced"},
                                      {"cv": 3}, {"fit_intercept": False}], ids=repr)
@pytest.mark.parametrize("layout", ["dense", "sparse"])
def test_ridge_classifier_cv_matches_sklearn(labels, settings, layout):
    from ember.learn.linear_model import RidgeClassifierCV

    rng = np.random.default_rng(8)
    X = rng.standard_normal((60, 8))
    codes = (X[:, :3].argmax(1) + (rng.random(60) < 0.3)) % 3
    y = {"binary": codes % 2, "multiclass": codes, "strings": np.array(list("abc"))[codes],
         "multilabel": (X[:, :3] > 0).astype(int)}[labels]
    if labels == "multilabel" and ("class_weight" in settings or "cv" in settings):
        pytest.skip("scikit-learn supports neither class_weight nor cv for multilabel targets")
    X = sp.csr_matrix(X) if layout == "sparse" else X
    weight = rng.random(60) + 0.1
    params = dict(alphas=[0.01, 1.0, 100.0], **settings)
    ours = RidgeClassifierCV(**params).fit(X, y, sample_weight=weight)
    theirs = sk.RidgeClassifierCV(**params).fit(X, y, sample_weight=weight)
    _same(ours, theirs)
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X), rtol=1e-8, atol=1e-10)
