"""Lasso, ElasticNet, lasso_path and enet_path against scikit-learn: coefficients, n_iter_, dual gaps."""

import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import linear_model as sk  # noqa: E402

from ember.learn.datasets import fetch_california_housing  # noqa: E402
from ember.learn.exceptions import ConvergenceWarning  # noqa: E402
from ember.learn.linear_model import ElasticNet, Lasso, enet_path, lasso_path  # noqa: E402


def _data(n_samples=100, n_features=20, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_samples, n_features))
    coef = rng.standard_normal(n_features) * (rng.random(n_features) < 0.4)
    y = X @ coef + 1.0 + 0.5 * rng.standard_normal(n_samples)
    return X, y, rng.random(n_samples) + 0.2


def _same_fit(ours, theirs, tol=1e-6):
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=tol, atol=tol)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=tol, atol=tol)
    assert ours.n_iter_ == theirs.n_iter_
    np.testing.assert_allclose(ours.dual_gap_, theirs.dual_gap_, rtol=1e-4, atol=1e-12)


@pytest.mark.parametrize("estimator", [Lasso(), ElasticNet(), Lasso(precompute=True),
                                       ElasticNet(selection="random", positive=True)], ids=repr)
def test_check_estimator(estimator):
    run_check_estimator(estimator)


_SETTINGS = [
    dict(alpha=0.1),
    dict(alpha=0.05, fit_intercept=False),
    dict(alpha=0.1, positive=True),
    dict(alpha=0.1, selection="random", random_state=3),
    dict(alpha=0.02, precompute=True),
    dict(alpha=0.02, precompute=True, selection="random", random_state=1),
    dict(alpha=0.01, tol=1e-8, max_iter=5000),
]


@pytest.mark.parametrize("settings", _SETTINGS, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()))
@pytest.mark.parametrize("name", ["Lasso", "ElasticNet"])
@pytest.mark.parametrize("weighted", [False, True])
def test_dense_matches_sklearn(settings, name, weighted):
    X, y, weight = _data()
    weight = weight if weighted else None
    params = dict(settings, **({"l1_ratio": 0.3} if name == "ElasticNet" else {}))
    ours = {"Lasso": Lasso, "ElasticNet": ElasticNet}[name](**params).fit(X, y, sample_weight=weight)
    theirs = getattr(sk, name)(**params).fit(X, y, sample_weight=weight)
    _same_fit(ours, theirs)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-6, atol=1e-6)
    assert (ours.coef_ == 0).sum() == (theirs.coef_ == 0).sum()


@pytest.mark.parametrize("settings", _SETTINGS[:4], ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()))
@pytest.mark.parametrize("weighted", [False, True])
def test_sparse_matches_sklearn(settings, weighted):
    X, y, weight = _data()
    X[np.random.default_rng(2).random(X.shape) < 0.5] = 0.0
    weight = weight if weighted else None
    for fmt in ("csc", "csr"):
        ours = ElasticNet(l1_ratio=0.7, **settings).fit(sp.csr_matrix(X).asformat(fmt), y, sample_weight=weight)
        theirs = sk.ElasticNet(l1_ratio=0.7, **settings).fit(sp.csc_matrix(X), y, sample_weight=weight)
        _same_fit(ours, theirs)
        np.testing.assert_allclose(ours.predict(sp.csr_matrix(X)), theirs.predict(X), rtol=1e-6, atol=1e-6)
    # the sparse fit solves the same problem as the dense one
    dense = ElasticNet(l1_ratio=0.7, **dict(settings, tol=1e-10)).fit(X, y, sample_weight=weight)
    sparse = ElasticNet(l1_ratio=0.7, **dict(settings, tol=1e-10)).fit(sp.csc_matrix(X), y, sample_weight=weight)
    np.testing.assert_allclose(sparse.coef_, dense.coef_, atol=1e-6)


def test_wide_multi_output_and_warm_start_match_sklearn():
    X, _, _ = _data(30, 80)
    Y = np.column_stack([X[:, :5].sum(1), X[:, 5:9] @ np.arange(1.0, 5.0)])
    ours, theirs = Lasso(alpha=0.05).fit(X, Y), sk.Lasso(alpha=0.05).fit(X, Y)
    _same_fit(ours, theirs)
    assert ours.coef_.shape == (2, 80) and ours.intercept_.shape == (2,)
    assert isinstance(ours.n_iter_, list)
    ours = Lasso(alpha=0.2, warm_start=True).fit(X, Y[:, 0]).set_params(alpha=0.05).fit(X, Y[:, 0])
    theirs = sk.Lasso(alpha=0.2, warm_start=True).fit(X, Y[:, 0]).set_params(alpha=0.05).fit(X, Y[:, 0])
    _same_fit(ours, theirs)
    assert ours.sparse_coef_.shape == (1, 80) and ours.sparse_coef_.nnz == (ours.coef_ != 0).sum()


def test_convergence_warning_and_errors():
    X, y, _ = _data(60, 30, seed=4)
    with pytest.warns(ConvergenceWarning, match="Objective did not converge.*Duality gap"):
        model = Lasso(alpha=1e-4, max_iter=2, tol=1e-12).fit(X, y)
    assert model.n_iter_ == 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = sk.Lasso(alpha=1e-4, max_iter=2, tol=1e-12).fit(X, y)
    np.testing.assert_allclose(model.coef_, theirs.coef_, rtol=1e-10, atol=1e-12)
    from sklearn.exceptions import ConvergenceWarning as SkConvergenceWarning

    with pytest.warns(SkConvergenceWarning):  # scikit-learn's filters catch ours too
        Lasso(alpha=1e-4, max_iter=2, tol=1e-12).fit(X, y)
    with pytest.warns(UserWarning, match="With alpha=0, this algorithm does not converge well"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            Lasso(alpha=0.0, max_iter=3).fit(X, y)
    with pytest.raises(ValueError, match="The 'l1_ratio' parameter of ElasticNet must be"):
        ElasticNet(l1_ratio=1.5).fit(X, y)
    with pytest.raises(ValueError, match="The 'selection' parameter of Lasso must be"):
        Lasso(selection="greedy").fit(X, y)
    with pytest.warns(UserWarning, match="Gram matrix was provided but X was centered"):
        Lasso(precompute=X.T @ X).fit(X + 5.0, y)


def test_precomputed_gram_without_intercept_matches_sklearn():
    X, y, _ = _data()
    gram = X.T @ X
    ours = ElasticNet(alpha=0.05, precompute=gram, fit_intercept=False).fit(X, y)
    theirs = sk.ElasticNet(alpha=0.05, precompute=gram, fit_intercept=False).fit(X, y)
    _same_fit(ours, theirs)
    with pytest.raises(ValueError, match="Gram matrix passed in via 'precompute' parameter did not pass"):
        ElasticNet(precompute=gram * 2.0, fit_intercept=False).fit(X, y)


def test_california_housing_matches_sklearn():
    X, y = fetch_california_housing(return_X_y=True)
    for alpha in (0.01, 0.1):
        ours, theirs = Lasso(alpha=alpha).fit(X, y), sk.Lasso(alpha=alpha).fit(X, y)
        _same_fit(ours, theirs)
    ours = ElasticNet(alpha=0.1, l1_ratio=0.5).fit(X, y)
    _same_fit(ours, sk.ElasticNet(alpha=0.1, l1_ratio=0.5).fit(X, y))


@pytest.mark.parametrize("precompute", ["auto", False])
def test_paths_match_sklearn(precompute):
    X, y, _ = _data()
    X -= X.mean(0)
    y = y - y.mean()
    alphas, coefs, gaps, n_iters = lasso_path(X, y, alphas=30, precompute=precompute, return_n_iter=True)
    their_alphas, their_coefs, their_gaps, their_n_iters = sk.lasso_path(
        X, y, alphas=30, precompute=precompute, return_n_iter=True)
    np.testing.assert_allclose(alphas, their_alphas, rtol=1e-12)
    np.testing.assert_allclose(coefs, their_coefs, rtol=1e-6, atol=1e-8)
    assert n_iters == list(their_n_iters)
    np.testing.assert_allclose(gaps, their_gaps, rtol=1e-4, atol=1e-12)
    grid = [1.0, 0.1, 0.3, 0.01]
    ours = enet_path(X, y, l1_ratio=0.4, alphas=grid, positive=True)
    theirs = sk.enet_path(X, y, l1_ratio=0.4, alphas=grid, positive=True)
    np.testing.assert_allclose(ours[0], theirs[0])
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-6, atol=1e-8)
    ours = enet_path(sp.csc_matrix(X), y, l1_ratio=0.4, alphas=grid)
    theirs = sk.enet_path(sp.csc_matrix(X), y, l1_ratio=0.4, alphas=grid)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-6, atol=1e-8)
    with pytest.raises(ValueError, match="Automatic alpha grid generation is not supported for l1_ratio=0"):
        enet_path(X, y, l1_ratio=0.0)


def test_import_does_not_load_numba():
    code = ("import sys, ember.learn.linear_model as m; m.Lasso; "
            "assert 'numba' not in sys.modules, 'numba imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("precompute", [False, True])
def test_float32_and_column_y_match_sklearn(precompute):
    X, y, _ = _data()
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    ours = Lasso(alpha=0.05, precompute=precompute).fit(X32, y32)
    theirs = sk.Lasso(alpha=0.05, precompute=precompute).fit(X32, y32)
    assert ours.coef_.dtype == theirs.coef_.dtype == np.float32
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-5, atol=1e-5)
    ours = ElasticNet(alpha=0.05, precompute=precompute).fit(X, y[:, None])
    theirs = sk.ElasticNet(alpha=0.05, precompute=precompute).fit(X, y[:, None])
    _same_fit(ours, theirs)
    assert ours.coef_.shape == theirs.coef_.shape == (20,)
    assert np.shape(ours.intercept_) == np.shape(theirs.intercept_) == (1,)
