"""Birch against scikit-learn's: the same CF tree, so the same subcluster centres (to the
bit), subcluster labels and labels; partial_fit, sparse and float32 input."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.cluster as skc  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402

from ember.learn.cluster import Birch, MeanShift  # noqa: E402
from ember.learn.exceptions import ConvergenceWarning  # noqa: E402
from ember.learn.utils import InvalidParameterError  # noqa: E402


def blobs(seed=0, n=800, d=2):
    X, _ = make_blobs(n_samples=n, centers=6, n_features=d, random_state=seed)
    return X


def assert_same(ours, theirs, X=None):
    np.testing.assert_array_equal(ours.subcluster_centers_, theirs.subcluster_centers_)
    np.testing.assert_array_equal(ours.subcluster_labels_, theirs.subcluster_labels_)
    assert hasattr(ours, "labels_") == hasattr(theirs, "labels_")
    if hasattr(theirs, "labels_"):
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    if X is not None:
        np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
        np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("params", [{}, {"threshold": 0.3, "branching_factor": 4},
                                    {"threshold": 0.8, "n_clusters": None},
                                    {"threshold": 0.2, "branching_factor": 3, "n_clusters": 6},
                                    {"compute_labels": False}])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fit_equals_scikit_learn(params, dtype):
    X = blobs(1).astype(dtype)
    ours, theirs = Birch(**params).fit(X), skc.Birch(**params).fit(X)
    assert ours.subcluster_centers_.dtype == theirs.subcluster_centers_.dtype
    X_new = np.random.RandomState(0).uniform(-10, 10, size=(40, 2)).astype(dtype)
    assert_same(ours, theirs, X_new)


def test_higher_dimensions_and_sparse():
    X = blobs(2, n=400, d=6)
    assert_same(Birch(threshold=1.5, branching_factor=6).fit(X),
                skc.Birch(threshold=1.5, branching_factor=6).fit(X), X)
    S = sp.csr_matrix(np.where(np.abs(X) < 3, 0, X))
    ours, theirs = Birch(threshold=1.0).fit(S), skc.Birch(threshold=1.0).fit(S)
    assert_same(ours, theirs, S)


def test_partial_fit():
    X = blobs(3)
    ours, theirs = Birch(threshold=0.4, n_clusters=None), skc.Birch(threshold=0.4, n_clusters=None)
    for part in np.array_split(X, 4):
        ours.partial_fit(part)
        theirs.partial_fit(part)
        assert_same(ours, theirs)
    ours.set_params(n_clusters=5).partial_fit()
    theirs.set_params(n_clusters=5).partial_fit()
    assert_same(ours, theirs, X)
    with pytest.raises(ValueError, match="X has 3 features"):
        ours.partial_fit(np.ones((2, 3)))


def test_clusterer_as_global_step_and_warning():
    X = blobs(4)
    ours = Birch(n_clusters=MeanShift(bandwidth=2.0)).fit(X)
    theirs = skc.Birch(n_clusters=skc.MeanShift(bandwidth=2.0)).fit(X)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    with pytest.warns(ConvergenceWarning, match="Number of subclusters found"):
        ours = Birch(threshold=50.0, n_clusters=3).fit(X)
    np.testing.assert_array_equal(ours.subcluster_labels_, np.arange(len(ours.subcluster_centers_)))
    assert ours.get_feature_names_out().tolist() == [
        f"birch{i}" for i in range(len(ours.subcluster_centers_))]


def test_errors():
    with pytest.raises(InvalidParameterError, match="'branching_factor' parameter of Birch"):
        Birch(branching_factor=1).fit(blobs(5, n=20))
    with pytest.raises(InvalidParameterError, match="'threshold' parameter of Birch"):
        Birch(threshold=0).fit(blobs(5, n=20))


def test_check_estimator():
    # n_clusters=2 as scikit-learn checks its own; the checks' tiny data sets make fewer
    # subclusters than that, which warns.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        run_check_estimator(Birch(n_clusters=2))
