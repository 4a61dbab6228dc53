"""HOML ch9's Gaussian mixtures: the book's blobs, fits, anomalies and model selection,
each equal to scikit-learn 1.9's (whose component order differs from the book's print)."""

import importlib.util
import warnings

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn import mixture as sk  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402
from sklearn.exceptions import ConvergenceWarning as SkConvergenceWarning  # noqa: E402

from ember.learn.exceptions import ConvergenceWarning  # noqa: E402
from ember.learn.mixture import BayesianGaussianMixture, GaussianMixture  # noqa: E402

pytestmark = pytest.mark.skipif(importlib.util.find_spec("ember.learn.cluster._kmeans") is None,
                                reason="the book's fits start from ember.learn.cluster.KMeans")


@pytest.fixture(scope="module")
def X():
    X1, _ = make_blobs(n_samples=1000, centers=((4, -4), (0, 0)), random_state=42)
    X1 = X1.dot(np.array([[0.374, 0.95], [0.732, 0.598]]))
    X2, _ = make_blobs(n_samples=250, centers=1, random_state=42)
    return np.r_[X1, X2 + [6, -8]]


@pytest.fixture(scope="module")
def fits(X):
    return (GaussianMixture(n_components=3, n_init=10, random_state=42).fit(X),
            sk.GaussianMixture(n_components=3, n_init=10, random_state=42).fit(X))


def test_gaussian_mixture_figures(X, fits):
    ours, theirs = fits
    # the book: weights [0.39025715, 0.40007391, 0.20966893], converged in 4 iterations
    np.testing.assert_allclose(np.sort(ours.weights_), [0.2096, 0.3903, 0.4001], atol=1e-3)
    assert ours.converged_ and ours.n_iter_ == 4
    for name in ("weights_", "means_", "covariances_", "precisions_"):
        np.testing.assert_allclose(getattr(ours, name), getattr(theirs, name), rtol=1e-10,
                                   atol=1e-12, err_msg=name)
    assert ours.n_iter_ == theirs.n_iter_
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X[:5]), theirs.predict_proba(X[:5]),
                               atol=1e-12)
    np.testing.assert_allclose(ours.score_samples(X), theirs.score_samples(X), rtol=1e-10)
    X_new, y_new = ours.sample(6)
    X_sk, y_sk = theirs.sample(6)
    np.testing.assert_allclose(X_new, X_sk, rtol=1e-10)
    np.testing.assert_array_equal(y_new, y_sk)


def test_anomalies_below_the_fourth_percentile(X, fits):
    ours, theirs = fits
    densities = ours.score_samples(X)
    threshold = np.percentile(densities, 2)
    assert threshold == pytest.approx(np.percentile(theirs.score_samples(X), 2), rel=1e-10)
    assert (densities < threshold).sum() == 25


@pytest.mark.slow  # 20 models of 10 k-means starts each, for both libraries
def test_bic_aic_choose_three_components(X):
    ours = [GaussianMixture(n_components=k, n_init=10, random_state=42).fit(X)
            for k in range(1, 11)]
    theirs = [sk.GaussianMixture(n_components=k, n_init=10, random_state=42).fit(X)
              for k in range(1, 11)]
    bics, aics = [m.bic(X) for m in ours], [m.aic(X) for m in ours]
    np.testing.assert_allclose(bics, [m.bic(X) for m in theirs], rtol=1e-10)
    np.testing.assert_allclose(aics, [m.aic(X) for m in theirs], rtol=1e-10)
    assert np.argmin(bics) + 1 == 3 and np.argmin(aics) + 1 == 3
    assert ours[2].bic(X) == pytest.approx(8189.734, abs=1e-3)


def test_bayesian_mixture_drops_unneeded_components(X):
    params = dict(n_components=10, n_init=10, random_state=42)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", SkConvergenceWarning)
        ours = BayesianGaussianMixture(**params).fit(X)
        theirs = sk.BayesianGaussianMixture(**params).fit(X)
    # the book: [0.4, 0.21, 0.4, 0, 0, 0, 0, 0, 0, 0]; scikit-learn 1.9 orders them so
    np.testing.assert_array_equal(np.round(ours.weights_, 2),
                                  [0.4, 0.21, 0.0, 0.4, 0, 0, 0, 0, 0, 0])
    np.testing.assert_allclose(ours.weights_, theirs.weights_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.means_, theirs.means_, rtol=1e-9)
    assert ours.n_iter_ == theirs.n_iter_ and ours.converged_ == theirs.converged_
