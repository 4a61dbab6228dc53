"""LinearRegression against scikit-learn: dense/sparse, weights, multi-output, ill-conditioned, positive."""

import re

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import linear_model as sk  # noqa: E402

from ember.learn.datasets import fetch_california_housing  # noqa: E402
from ember.learn.linear_model import LinearRegression  # noqa: E402


def _close(ours, theirs, rtol=1e-10, atol=1e-10):
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=rtol, atol=atol)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=rtol, atol=atol)


def _data(n_samples, n_features, n_targets=None, scales=None, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_samples, n_features))
    if scales is not None:
        X *= scales
    coef = rng.standard_normal((n_features,) if n_targets is None else (n_features, n_targets))
    shape = (n_samples,) if n_targets is None else (n_samples, n_targets)
    y = X @ coef + 2.0 + rng.standard_normal(shape)
    return X, y, rng.random(n_samples) + 0.1


def test_check_estimator():
    run_check_estimator(LinearRegression())
    run_check_estimator(LinearRegression(positive=True))


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("n_targets", [None, 3])
def test_dense_matches_sklearn(fit_intercept, weighted, n_targets):
    X, y, weight = _data(200, 12, n_targets)
    weight = weight if weighted else None
    ours = LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=weight)
    theirs = sk.LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=weight)
    _close(ours, theirs)
    assert ours.rank_ == theirs.rank_ == 12
    np.testing.assert_allclose(ours.singular_, theirs.singular_, rtol=1e-10)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-10, atol=1e-10)
    assert ours.coef_.shape == theirs.coef_.shape
    assert np.shape(ours.intercept_) == np.shape(theirs.intercept_)


@pytest.mark.parametrize("largest_scale", [1e2, 1e4, 1e7])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ill_conditioned_matches_sklearn(largest_scale, weighted, fit_intercept):
    X, y, weight = _data(300, 10, scales=np.logspace(0, np.log10(largest_scale), 10))
    weight = weight if weighted else None
    ours = LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=weight)
    theirs = sk.LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=weight)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-10)
    np.testing.assert_allclose(ours.singular_, theirs.singular_, rtol=1e-8)


def test_rank_deficient_and_wide_give_sklearn_minimum_norm_solution():
    X, y, _ = _data(40, 6)
    X = np.hstack([X, X[:, :2] * 3.0])  # two duplicated directions: rank 6 of 8
    ours, theirs = LinearRegression().fit(X, y), sk.LinearRegression().fit(X, y)
    _close(ours, theirs, rtol=1e-9, atol=1e-10)
    assert ours.rank_ == theirs.rank_ == 6
    X, y, _ = _data(15, 40)  # n_features > n_samples
    ours, theirs = LinearRegression().fit(X, y), sk.LinearRegression().fit(X, y)
    _close(ours, theirs)
    assert ours.rank_ == theirs.rank_ == 14


@pytest.mark.parametrize("fmt", ["csr", "csc", "coo"])
@pytest.mark.parametrize("weighted", [False, True])
def test_sparse_matches_sklearn(fmt, weighted):
    X, y, weight = _data(120, 10, n_targets=2)
    X[np.random.default_rng(1).random(X.shape) < 0.6] = 0.0
    weight = weight if weighted else None
    Xs = sp.csr_matrix(X).asformat(fmt)
    ours = LinearRegression(tol=1e-12).fit(Xs, y, sample_weight=weight)
    theirs = sk.LinearRegression(tol=1e-12).fit(Xs, y, sample_weight=weight)
    _close(ours, theirs, rtol=1e-9, atol=1e-9)
    # and the sparse fit agrees with the exact dense one
    _close(ours, sk.LinearRegression().fit(X, y, sample_weight=weight), rtol=1e-7, atol=1e-8)
    assert not hasattr(ours, "rank_")


@pytest.mark.parametrize("n_targets", [None, 2])
def test_positive_matches_sklearn(n_targets):
    X, y, weight = _data(80, 7, n_targets)
    ours = LinearRegression(positive=True).fit(X, y, sample_weight=weight)
    theirs = sk.LinearRegression(positive=True).fit(X, y, sample_weight=weight)
    _close(ours, theirs)
    assert (ours.coef_ >= 0).all() and (ours.coef_ == 0).any()
    with pytest.raises(TypeError, match="[Ss]parse"):
        LinearRegression(positive=True).fit(sp.csr_matrix(X), y)


def test_california_housing_matches_sklearn():
    X, y = fetch_california_housing(return_X_y=True)
    ours, theirs = LinearRegression().fit(X, y), sk.LinearRegression().fit(X, y)
    _close(ours, theirs, rtol=1e-9, atol=1e-12)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), rel=1e-12)


def test_copy_X_and_float32_and_errors():
    X, y, _ = _data(50, 4)
    before = X.copy()
    LinearRegression().fit(X, y)
    np.testing.assert_array_equal(X, before)
    model = LinearRegression().fit(X.astype(np.float32), y)
    assert model.coef_.dtype == np.float32
    np.testing.assert_allclose(model.coef_, sk.LinearRegression().fit(X, y).coef_, rtol=1e-4)
    with pytest.raises(ValueError, match=re.escape("Negative values in data passed to `sample_weight`.")):
        LinearRegression().fit(X, y, sample_weight=-np.ones(50))
    with pytest.raises(ValueError, match="The 'tol' parameter of LinearRegression"):
        LinearRegression(tol=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but LinearRegression is expecting 4"):
        LinearRegression().fit(X, y).predict(X[:, :3])
