"""MeanShift and estimate_bandwidth against scikit-learn's: the same bandwidths (and
draws), centres to rounding, the same centre order, labels and iteration counts."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.cluster as skc  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.cluster._mean_shift import get_bin_seeds as sk_get_bin_seeds  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402

from ember.learn.cluster import MeanShift, estimate_bandwidth  # noqa: E402
from ember.learn.cluster._mean_shift import get_bin_seeds  # noqa: E402
from ember.learn.utils import InvalidParameterError  # noqa: E402


def blobs(seed=0, n=200, d=2):
    X, _ = make_blobs(n_samples=n, centers=5, n_features=d, cluster_std=0.8, random_state=seed)
    return X


def assert_same(ours, theirs):
    assert ours.cluster_centers_.shape == theirs.cluster_centers_.shape
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.n_iter_ == theirs.n_iter_


@pytest.mark.parametrize("params", [
    {}, {"bin_seeding": True}, {"bandwidth": 0.7}, {"bandwidth": 0.7, "cluster_all": False},
    {"bandwidth": 1.2, "max_iter": 2}, {"bandwidth": 0.9, "max_iter": 0},
    {"bandwidth": 1.0, "bin_seeding": True, "min_bin_freq": 5},
])
def test_fit_equals_scikit_learn(params):
    X = blobs(1)
    ours, theirs = MeanShift(**params).fit(X), skc.MeanShift(**params).fit(X)
    assert_same(ours, theirs)
    X_new = np.random.RandomState(0).uniform(-10, 10, size=(50, 2))
    np.testing.assert_array_equal(ours.predict(X_new), theirs.predict(X_new))


def test_higher_dimensions_and_seeds():
    X = blobs(2, n=150, d=5)
    assert_same(MeanShift(bandwidth=2.5).fit(X), skc.MeanShift(bandwidth=2.5).fit(X))
    seeds = X[::15] + 0.3
    assert_same(MeanShift(bandwidth=2.0, seeds=seeds).fit(X),
                skc.MeanShift(bandwidth=2.0, seeds=seeds).fit(X))
    # A seed with no sample in reach is dropped.
    far = np.vstack([seeds, [[100.0] * 5]])
    assert_same(MeanShift(bandwidth=2.0, seeds=far).fit(X),
                skc.MeanShift(bandwidth=2.0, seeds=far).fit(X))


@pytest.mark.parametrize("quantile, n_samples, random_state",
                         [(0.3, None, 0), (0.1, 100, 5), (1.0, None, 0), (0.0, 50, None)])
def test_estimate_bandwidth(quantile, n_samples, random_state):
    X = blobs(3, n=700)
    seed = 7 if random_state is None else random_state  # None: compare a fixed draw
    ours = estimate_bandwidth(X, quantile=quantile, n_samples=n_samples, random_state=seed)
    theirs = skc.estimate_bandwidth(X, quantile=quantile, n_samples=n_samples, random_state=seed)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_bin_seeds():
    X = blobs(4)
    for size, freq in [(1.0, 1), (0.5, 3), (2.0, 10)]:
        ours, theirs = get_bin_seeds(X, size, freq), sk_get_bin_seeds(X, size, freq)
        assert ours.dtype == theirs.dtype
        np.testing.assert_array_equal(ours, theirs)
    with pytest.warns(UserWarning, match="Binning data failed with provided bin_size"):
        assert get_bin_seeds(X, 1e-6) is X


def test_errors():
    X = blobs(5, n=50)
    with pytest.raises(ValueError, match="No point was within bandwidth=1.000000 of any seed"):
        MeanShift(bandwidth=1.0, seeds=[[1000.0, 1000.0]]).fit(X)
    with pytest.raises(InvalidParameterError, match="'bandwidth' parameter of MeanShift"):
        MeanShift(bandwidth=0).fit(X)
    with pytest.raises(InvalidParameterError, match="'quantile' parameter of estimate_bandwidth"):
        estimate_bandwidth(X, quantile=1.5)


def test_check_estimator():
    run_check_estimator(MeanShift(max_iter=50))
