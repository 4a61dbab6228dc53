"""NMF against scikit-learn's: the same starts (random draws, NNDSVD from the same
randomized SVD), coordinate sweeps and multiplicative updates in the same order, so W,
H, iteration counts and reconstruction errors agree to rounding, dense and sparse."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.decomposition as skd  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.decomposition._nmf import _beta_divergence  # noqa: E402

from ember.learn.decomposition import NMF  # noqa: E402
from ember.learn.decomposition._nmf import beta_divergence  # noqa: E402
from ember.learn.exceptions import ConvergenceWarning  # noqa: E402


def data(seed=0):
    rng = np.random.RandomState(seed)
    X = np.abs(rng.randn(60, 12)) @ np.abs(rng.randn(12, 20))
    Xs = sp.csr_matrix(np.where(rng.rand(60, 20) < 0.3, X, 0))
    return X, Xs


def quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", sklearn.exceptions.ConvergenceWarning)
        return call()


def test_check_estimator():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        # scikit-learn's own checks run NMF with max_iter=500, so that fit_transform and
        # fit().transform agree to the checks' tolerance
        run_check_estimator(NMF(max_iter=500))
        reason = ("the multiplicative updates stop before fit_transform and fit().transform "
                  "agree to 0.01 (scikit-learn's NMF(solver='mu', max_iter=500) fails it too)")
        run_check_estimator(NMF(solver="mu", max_iter=500), expected_failed_checks={
            "check_transformer_data_not_an_array": reason,
            "check_transformer_general": reason})


SETTINGS = [
    {"n_components": 4, "random_state": 0},
    {"n_components": 4, "init": "random", "random_state": 1, "shuffle": True},
    {"n_components": 4, "alpha_W": 0.01, "l1_ratio": 0.3, "init": "nndsvd", "random_state": 0},
    {"n_components": 4, "solver": "mu", "random_state": 0},
    {"n_components": 4, "solver": "mu", "beta_loss": "kullback-leibler", "init": "nndsvdar",
     "random_state": 0},
    {"n_components": 4, "solver": "mu", "beta_loss": 0.5, "alpha_W": 0.01, "l1_ratio": 0.5,
     "random_state": 0},
    {"n_components": 4, "solver": "mu", "beta_loss": 3, "alpha_W": 0.01, "alpha_H": 0.1,
     "random_state": 0},
    {"n_components": 4, "solver": "mu", "beta_loss": "kullback-leibler", "alpha_W": 0.05,
     "l1_ratio": 1.0, "random_state": 0},
]


@pytest.mark.parametrize("params", SETTINGS)
@pytest.mark.parametrize("sparse", [False, True])
def test_matches_sklearn(params, sparse):
    X, Xs = data()
    X = Xs if sparse else X
    ours, theirs = NMF(**params), skd.NMF(**params)
    W, W_ref = quiet(lambda: ours.fit_transform(X)), quiet(lambda: theirs.fit_transform(X))
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.n_components_ == theirs.n_components_
    np.testing.assert_allclose(W, W_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.components_, theirs.components_, rtol=1e-10, atol=1e-12)
    assert ours.reconstruction_err_ == pytest.approx(theirs.reconstruction_err_, rel=1e-10)
    np.testing.assert_allclose(quiet(lambda: ours.transform(X)),
                               quiet(lambda: theirs.transform(X)), rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(ours.inverse_transform(W), theirs.inverse_transform(W_ref),
                               rtol=1e-10, atol=1e-12)


def test_itakura_saito_and_custom_init():
    X, _ = data(1)
    params = {"n_components": 3, "solver": "mu", "beta_loss": "itakura-saito",
              "init": "nndsvda", "random_state": 0, "max_iter": 50}
    W = quiet(lambda: NMF(**params).fit_transform(X))
    np.testing.assert_allclose(W, quiet(lambda: skd.NMF(**params).fit_transform(X)), rtol=1e-9)
    rng = np.random.RandomState(0)
    W0, H0 = np.abs(rng.randn(60, 3)), np.abs(rng.randn(3, 20))
    ours = quiet(lambda: NMF(init="custom").fit_transform(X, W=W0.copy(), H=H0.copy()))
    theirs = quiet(lambda: skd.NMF(init="custom").fit_transform(X, W=W0.copy(), H=H0.copy()))
    np.testing.assert_allclose(ours, theirs, rtol=1e-10)


def test_beta_divergence_as_sklearn():
    X, Xs = data(2)
    rng = np.random.RandomState(0)
    W, H = np.abs(rng.randn(60, 3)), np.abs(rng.randn(3, 20))
    for beta in (2, 1, 0, 0.5, 3, "frobenius", "kullback-leibler"):
        for M in (X, Xs):
            assert beta_divergence(M, W, H, beta) == pytest.approx(
                _beta_divergence(M, W, H, beta), rel=1e-12)
            assert beta_divergence(M, W, H, beta, square_root=True) == pytest.approx(
                _beta_divergence(M, W, H, beta, square_root=True), rel=1e-12)


def test_factorisation_fits():
    rng = np.random.RandomState(3)
    W_true, H_true = np.abs(rng.randn(80, 3)), np.abs(rng.randn(3, 15))
    X = W_true @ H_true
    model = NMF(3, init="nndsvda", max_iter=2000, tol=1e-10)
    W = quiet(lambda: model.fit_transform(X))
    assert np.all(W >= 0) and np.all(model.components_ >= 0)
    assert np.linalg.norm(X - W @ model.components_) / np.linalg.norm(X) < 1e-3


def test_errors_and_warnings():
    X, _ = data()
    with pytest.raises(ValueError, match="solver 'cd' does not handle beta_loss = "
                                         "'kullback-leibler'"):
        NMF(beta_loss="kullback-leibler").fit(X)
    with pytest.raises(ValueError, match="Negative values in data passed to NMF"):
        NMF(2).fit(X - 10)
    with pytest.raises(ValueError, match="init = 'nndsvd' can only be used when"):
        NMF(30, init="nndsvd").fit(X)
    with pytest.raises(ValueError, match="When beta_loss <= 0 and X contains zeros"):
        NMF(2, solver="mu", beta_loss=0).fit(np.where(X > 3, X, 0))
    with pytest.warns(ConvergenceWarning, match="Maximum number of iterations 3 reached"):
        NMF(2, max_iter=3).fit(X)
    with pytest.warns(UserWarning, match="cannot update zeros present in the initialization"):
        quiet(lambda: NMF(2, solver="mu", init="nndsvd").fit(X))
    with pytest.raises(ValueError, match="Array passed to NMF \\(input H\\) is full of zeros"):
        NMF(init="custom").fit(X, W=np.ones((60, 2)), H=np.zeros((2, 20)))
    with pytest.raises(ValueError, match="The 'solver' parameter of NMF must be"):
        NMF(solver="als").fit(X)
