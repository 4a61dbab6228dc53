"""GaussianMixture against scikit-learn's: the same seeds give the same fit, step by step."""

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
from ember.learn.mixture import GaussianMixture  # noqa: E402
from ember.learn.utils import InvalidParameterError  # noqa: E402

COVARIANCE_TYPES = ["full", "tied", "diag", "spherical"]
FITTED = ["weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_"]
needs_kmeans = pytest.mark.skipif(not HAVE_KMEANS, reason="needs ember.learn.cluster.KMeans")


@pytest.fixture(scope="module")
def blobs():
    X, _ = make_blobs(n_samples=300, n_features=3, centers=4, cluster_std=[1.0, 0.5, 2.0, 1.5],
                      random_state=1)
    return X


def fit_both(X, **params):
    return mixture_cases.fit_both(GaussianMixture, sk.GaussianMixture, X, **params)


def assert_same_fit(ours, theirs, X, tol=1e-10):
    for name in FITTED:
        a, b = getattr(ours, name), getattr(theirs, name)
        assert a.shape == b.shape and a.dtype == b.dtype, name
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol, err_msg=name)
    assert_same_em(ours, theirs, X, tol)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_check_estimator(covariance_type):
    init = "kmeans" if HAVE_KMEANS else "random_from_data"
    run_check_estimator(GaussianMixture(covariance_type=covariance_type, init_params=init))


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
@pytest.mark.parametrize("init_params", ["random", "random_from_data"])
def test_em_matches_sklearn(blobs, covariance_type, init_params):
    ours, theirs = fit_both(blobs, n_components=4, covariance_type=covariance_type,
                            init_params=init_params, n_init=3, tol=1e-6, random_state=7)
    assert_same_fit(ours, theirs, blobs)
    assert ours.score(blobs) == pytest.approx(theirs.score(blobs), rel=1e-12)
    assert ours.bic(blobs) == pytest.approx(theirs.bic(blobs), rel=1e-12)
    assert ours.aic(blobs) == pytest.approx(theirs.aic(blobs), rel=1e-12)


@needs_kmeans
@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
@pytest.mark.parametrize("init_params", ["kmeans", "k-means++"])
def test_kmeans_starts_match_sklearn(blobs, covariance_type, init_params):
    ours, theirs = fit_both(blobs, n_components=4, covariance_type=covariance_type,
                            init_params=init_params, n_init=2, random_state=3)
    assert_same_fit(ours, theirs, blobs)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_given_starting_parameters(blobs, covariance_type):
    rng = np.random.RandomState(0)
    weights = np.array([0.1, 0.2, 0.3, 0.4])
    means = blobs[rng.choice(len(blobs), 4, replace=False)]
    precisions = {"full": np.stack([np.eye(3) * (k + 1) for k in range(4)]),
                  "tied": np.array([[2.0, 0.5, 0.0], [0.5, 1.0, 0.2], [0.0, 0.2, 1.5]]),
                  "diag": rng.uniform(0.5, 2.0, (4, 3)),
                  "spherical": rng.uniform(0.5, 2.0, 4)}[covariance_type]
    for partial in ({"means_init": means},
                    {"weights_init": weights, "means_init": means, "precisions_init": precisions}):
        ours, theirs = fit_both(blobs, n_components=4, covariance_type=covariance_type,
                                random_state=0, init_params="random", **partial)
        assert_same_fit(ours, theirs, blobs)
    # the given parameters are validated copies: the constructor's objects are untouched
    assert GaussianMixture(means_init=means.tolist(), n_components=4,
                           init_params="random").fit(blobs).means_init == means.tolist()


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_sample_draws_as_sklearn(blobs, covariance_type):
    ours, theirs = fit_both(blobs, n_components=3, covariance_type=covariance_type,
                            init_params="random_from_data", random_state=5)
    X_ours, y_ours = ours.sample(500)
    X_theirs, y_theirs = theirs.sample(500)
    np.testing.assert_allclose(X_ours, X_theirs, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(y_ours, y_theirs)
    assert X_ours.dtype == X_theirs.dtype and y_ours.dtype == y_theirs.dtype
    with pytest.raises(ValueError, match="n_samples"):
        ours.sample(0)


def test_fit_predict_is_fit_then_predict(blobs):
    params = dict(n_components=4, init_params="random", max_iter=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        labels = GaussianMixture(**params).fit_predict(blobs)
        np.testing.assert_array_equal(labels, GaussianMixture(**params).fit(blobs).predict(blobs))


def test_not_converging_warns_as_sklearn(blobs):
    params = dict(n_components=4, init_params="random", max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning, match="Best performing initialization did not "
                                                "converge"):
        ours = GaussianMixture(**params).fit(blobs)
    with pytest.warns(SkConvergenceWarning):
        theirs = sk.GaussianMixture(**params).fit(blobs)
    assert not ours.converged_ and ours.n_iter_ == 2 == theirs.n_iter_
    assert_same_fit(ours, theirs, blobs)


def test_warm_start_continues_as_sklearn(blobs):
    params = dict(n_components=4, init_params="random", max_iter=2, warm_start=True,
                  random_state=0, tol=1e-9)
    ours, theirs = GaussianMixture(**params), sk.GaussianMixture(**params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkConvergenceWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(3):
            ours.fit(blobs)
            theirs.fit(blobs)
            assert_same_fit(ours, theirs, blobs)


def test_max_iter_zero_keeps_the_start(blobs):
    ours, theirs = fit_both(blobs, n_components=3, init_params="random_from_data",
                            max_iter=0, random_state=1)
    assert_same_fit(ours, theirs, blobs)
    assert ours.lower_bound_ == -np.inf and ours.lower_bounds_ == []


def test_float32_stays_float32(blobs):
    X = blobs.astype(np.float32)
    ours, theirs = fit_both(X, n_components=2, init_params="random_from_data", random_state=0)
    assert ours.means_.dtype == np.float32
    assert_same_fit(ours, theirs, X, tol=1e-4)


def test_verbose_lines_as_sklearn(blobs, capsys):
    params = dict(n_components=2, init_params="random_from_data", random_state=0, verbose=1,
                  verbose_interval=1, n_init=2)
    GaussianMixture(**params).fit(blobs)
    ours = capsys.readouterr().out
    sk.GaussianMixture(**params).fit(blobs)
    assert ours == capsys.readouterr().out
    assert "Initialization 1" in ours and "  Iteration 2" in ours
    GaussianMixture(**{**params, "verbose": 2}).fit(blobs)
    assert "ll change" in capsys.readouterr().out


@pytest.mark.parametrize("params, message", [
    ({"weights_init": [0.5, 0.6]}, "should be normalized"),
    ({"weights_init": [1.5, -0.5]}, r"in the range \[0, 1\]"),
    ({"weights_init": [1.0]}, "'weights' should have the shape of"),
    ({"means_init": np.zeros((2, 2))}, "'means' should have the shape of"),
    ({"precisions_init": -np.ones((2, 3, 3))}, "should be symmetric, positive-definite"),
    ({"precisions_init": np.ones(3), "covariance_type": "spherical"},
     "'spherical precision' should have the shape of"),
    ({"precisions_init": -np.ones((2, 3)), "covariance_type": "diag"}, "should be positive"),
    ({"n_components": 500}, "Expected n_samples >= n_components"),
])
def test_bad_parameters(blobs, params, message):
    params = {"n_components": 2, "init_params": "random", **params}
    with pytest.raises(ValueError, match=message):
        GaussianMixture(**params).fit(blobs)


@pytest.mark.parametrize("params", [{"covariance_type": "banana"}, {"n_components": 0},
                                    {"init_params": "kmeans+"}, {"tol": -1.0},
                                    {"max_iter": -1}, {"n_init": 0}])
def test_invalid_constructor_parameters(blobs, params):
    with pytest.raises(InvalidParameterError, match="parameter of GaussianMixture must be"):
        GaussianMixture(**params).fit(blobs)


def test_collapsed_component_is_reported():
    X = np.array([[0.0, 0.0]] * 5 + [[1.0, 1.0]] * 5)
    with pytest.raises(ValueError, match="ill-defined empirical covariance"):
        GaussianMixture(n_components=2, reg_covar=0, init_params="random_from_data",
                        random_state=0).fit(X)


def test_bic_aic_pick_the_true_number_of_components(blobs):
    ours = [GaussianMixture(k, init_params="random_from_data", n_init=3, random_state=0)
            .fit(blobs) for k in range(1, 7)]
    theirs = [sk.GaussianMixture(k, init_params="random_from_data", n_init=3, random_state=0)
              .fit(blobs) for k in range(1, 7)]
    bic = [model.bic(blobs) for model in ours]
    np.testing.assert_allclose(bic, [model.bic(blobs) for model in theirs], rtol=1e-10)
    np.testing.assert_allclose([m.aic(blobs) for m in ours], [m.aic(blobs) for m in theirs],
                               rtol=1e-10)
    assert int(np.argmin(bic)) + 1 == 4
