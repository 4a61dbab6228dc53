"""FastICA against scikit-learn's: the same whitening, start matrix draw and fixed-point
iterations, so sources, unmixing and mixing matrices agree to rounding; and the sources
of a known mixture are recovered."""

import warnings

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.decomposition as skd  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn.decomposition import FastICA  # noqa: E402
from ember.learn.exceptions import ConvergenceWarning  # noqa: E402


def mixture(seed=0, n=2000):
    rng = np.random.RandomState(seed)
    t = np.linspace(0, 8, n)
    S = np.c_[np.sin(2 * t), np.sign(np.sin(3 * t)), rng.laplace(size=n)]
    A = rng.randn(5, 3)
    return S @ A.T + rng.randn(5), S


def test_check_estimator():
    with warnings.catch_warnings():  # some of the checks' tiny data sets do not converge
        warnings.simplefilter("ignore", ConvergenceWarning)
        run_check_estimator(FastICA())


def _ignore(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


SETTINGS = [{"n_components": 3, "random_state": 1},
            {"n_components": 3, "algorithm": "deflation", "random_state": 2, "fun": "exp"},
            {"n_components": 3, "fun": "cube", "whiten": "arbitrary-variance", "random_state": 0},
            {"n_components": 3, "whiten_solver": "eigh", "random_state": 0},
            {"n_components": 2, "fun_args": {"alpha": 1.5}, "random_state": 3, "tol": 1e-8},
            {"random_state": 0, "max_iter": 50}]


@pytest.mark.parametrize("params", SETTINGS)
def test_matches_sklearn(params):
    X, _ = mixture()
    ours, theirs = FastICA(**params), skd.FastICA(**params)
    S, S_ref = _ignore(lambda: ours.fit_transform(X)), _ignore(lambda: theirs.fit_transform(X))
    assert ours.n_iter_ == theirs.n_iter_
    for name in ("components_", "mixing_", "mean_", "whitening_"):
        np.testing.assert_allclose(getattr(ours, name), getattr(theirs, name), rtol=1e-8,
                                   atol=1e-10, err_msg=name)
    np.testing.assert_allclose(S, S_ref, atol=1e-10)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), atol=1e-10)
    np.testing.assert_allclose(ours.inverse_transform(S), theirs.inverse_transform(S_ref),
                               atol=1e-9)


def test_unwhitened_and_w_init_and_callable():
    X, _ = mixture(1)
    Xw = skd.PCA(3, whiten=True).fit_transform(X)
    w_init = np.random.RandomState(5).randn(3, 3)
    ours = FastICA(whiten=False, w_init=w_init).fit(Xw)
    theirs = skd.FastICA(whiten=False, w_init=w_init).fit(Xw)
    np.testing.assert_allclose(ours.components_, theirs.components_, atol=1e-10)

    def contrast(x, scale=1.0):
        return np.tanh(scale * x), (scale * (1 - np.tanh(scale * x) ** 2)).mean(axis=-1)

    ours = FastICA(3, fun=contrast, fun_args={"scale": 1.0}, random_state=0).fit(X)
    theirs = skd.FastICA(3, fun=contrast, fun_args={"scale": 1.0}, random_state=0).fit(X)
    np.testing.assert_allclose(ours.components_, theirs.components_, atol=1e-10)


def test_recovers_the_sources():
    X, S = mixture(2)
    recovered = FastICA(3, random_state=0).fit_transform(X)
    correlation = np.abs(np.corrcoef(recovered.T, S.T)[:3, 3:])
    assert np.all(correlation.max(axis=1) > 0.99)


def test_warnings_and_errors():
    X, _ = mixture()
    with pytest.warns(ConvergenceWarning, match="FastICA did not converge"):
        FastICA(3, max_iter=1, random_state=0).fit(X)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        FastICA(9, random_state=0, max_iter=5).fit(X)
        FastICA(2, whiten=False, random_state=0, max_iter=3).fit(X[:, :2])
    messages = [str(w.message) for w in caught]
    assert "n_components is too large: it will be set to 5" in messages
    assert "Ignoring n_components with whiten=False." in messages
    with pytest.raises(ValueError, match="alpha must be in"):
        FastICA(fun_args={"alpha": 3}).fit(X)
    with pytest.raises(ValueError, match="w_init has invalid shape"):
        FastICA(3, w_init=np.eye(2)).fit(X)
    with pytest.raises(ValueError, match="The 'whiten' parameter of FastICA must be"):
        FastICA(whiten=True).fit(X)
