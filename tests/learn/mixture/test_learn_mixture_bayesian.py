"""BayesianGaussianMixture against scikit-learn's: priors, variational updates, lower bound."""

import warnings

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import mixture_cases  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from mixture_cases import HAVE_KMEANS, assert_same_em  # noqa: E402
from sklearn import mixture as sk  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402
from sklearn.exceptions import ConvergenceWarning as SkConvergenceWarning  # noqa: E402

from ember.learn.exceptions import ConvergenceWarning  # noqa: E402
from ember.learn.mixture import BayesianGaussianMixture  # noqa: E402
from ember.learn.utils import InvalidParameterError  # noqa: E402

COVARIANCE_TYPES = ["full", "tied", "diag", "spherical"]
PRIOR_TYPES = ["dirichlet_process", "dirichlet_distribution"]
FITTED = ["weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_",
          "mean_precision_", "degrees_of_freedom_", "mean_prior_", "covariance_prior_"]
PRIORS = ["weight_concentration_prior_", "mean_precision_prior_", "degrees_of_freedom_prior_"]


@pytest.fixture(scope="module")
def blobs():
    X, _ = make_blobs(n_samples=300, n_features=3, centers=3, random_state=2)
    return X


def fit_both(X, **params):
    return mixture_cases.fit_both(BayesianGaussianMixture, sk.BayesianGaussianMixture, X,
                                  **params)


def assert_same_fit(ours, theirs, X, tol=1e-9):
    for name in FITTED:
        a, b = np.asarray(getattr(ours, name)), np.asarray(getattr(theirs, name))
        assert a.shape == b.shape, name
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol, err_msg=name)
    for name in PRIORS:
        assert getattr(ours, name) == pytest.approx(getattr(theirs, name), rel=1e-15)
    np.testing.assert_allclose(np.asarray(ours.weight_concentration_),
                               np.asarray(theirs.weight_concentration_), rtol=tol)
    assert_same_em(ours, theirs, X, tol)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
@pytest.mark.parametrize("prior_type", PRIOR_TYPES)
def test_check_estimator(covariance_type, prior_type):
    init = "kmeans" if HAVE_KMEANS else "random_from_data"
    run_check_estimator(BayesianGaussianMixture(
        covariance_type=covariance_type, weight_concentration_prior_type=prior_type,
        init_params=init))


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
@pytest.mark.parametrize("prior_type", PRIOR_TYPES)
def test_inference_matches_sklearn(blobs, covariance_type, prior_type):
    ours, theirs = fit_both(blobs, n_components=5, covariance_type=covariance_type,
                            weight_concentration_prior_type=prior_type,
                            init_params="random_from_data", n_init=2, max_iter=300,
                            tol=1e-6, random_state=3)
    assert_same_fit(ours, theirs, blobs)
    assert isinstance(ours.lower_bound_, float)


@pytest.mark.parametrize("covariance_type, covariance_prior", [
    ("full", [[2.0, 0.3, 0.0], [0.3, 1.0, 0.1], [0.0, 0.1, 1.5]]),
    ("tied", np.eye(3) * 2.0),
    ("diag", [1.0, 2.0, 0.5]),
    ("spherical", 1.5),
])
def test_given_priors(blobs, covariance_type, covariance_prior):
    ours, theirs = fit_both(blobs, n_components=4, covariance_type=covariance_type,
                            init_params="random", random_state=0, max_iter=200,
                            weight_concentration_prior=0.01, mean_precision_prior=0.5,
                            mean_prior=[1.0, -1.0, 0.0], degrees_of_freedom_prior=4.5,
                            covariance_prior=covariance_prior)
    assert_same_fit(ours, theirs, blobs)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_sample_draws_as_sklearn(blobs, covariance_type):
    ours, theirs = fit_both(blobs, n_components=3, covariance_type=covariance_type,
                            init_params="random_from_data", random_state=4)
    X_ours, y_ours = ours.sample(200)
    X_theirs, y_theirs = theirs.sample(200)
    np.testing.assert_allclose(X_ours, X_theirs, rtol=1e-8, atol=1e-8)
    np.testing.assert_array_equal(y_ours, y_theirs)


def test_warm_start_and_fit_predict(blobs):
    params = dict(n_components=4, init_params="random", max_iter=3, warm_start=True,
                  random_state=0, tol=1e-9)
    ours, theirs = BayesianGaussianMixture(**params), sk.BayesianGaussianMixture(**params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkConvergenceWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(2):
            labels = ours.fit_predict(blobs)
            theirs.fit(blobs)
            assert_same_fit(ours, theirs, blobs)
            np.testing.assert_array_equal(labels, ours.predict(blobs))


def test_unneeded_components_get_no_weight(blobs):
    ours, theirs = fit_both(blobs, n_components=8, init_params="random_from_data",
                            random_state=0, max_iter=500)
    assert_same_fit(ours, theirs, blobs)
    assert (ours.weights_ > 0.05).sum() == 3


def test_bad_priors(blobs):
    with pytest.raises(ValueError, match="'degrees_of_freedom_prior' should be greater than 2"):
        BayesianGaussianMixture(degrees_of_freedom_prior=1.0).fit(blobs)
    with pytest.raises(ValueError, match="'means' should have the shape of"):
        BayesianGaussianMixture(mean_prior=[0.0, 0.0]).fit(blobs)
    with pytest.raises(ValueError, match="'full covariance_prior' should have the shape"):
        BayesianGaussianMixture(covariance_prior=np.eye(2)).fit(blobs)
    with pytest.raises(ValueError, match="symmetric, positive-definite"):
        BayesianGaussianMixture(covariance_prior=-np.eye(3)).fit(blobs)
    with pytest.raises(ValueError, match="'diag precision' should be positive"):
        BayesianGaussianMixture(covariance_type="diag", covariance_prior=[1.0, -1.0, 1.0]).fit(
            blobs)
    for bad in ({"weight_concentration_prior": 0.0}, {"mean_precision_prior": -1.0},
                {"weight_concentration_prior_type": "dirichlet"}):
        with pytest.raises(InvalidParameterError, match="BayesianGaussianMixture must be"):
            BayesianGaussianMixture(**bad).fit(blobs)
