"""OPTICS against scikit-learn's: the same ordering, core distances, reachabilities and
predecessors (to the bit), Xi cluster hierarchy and labels, DBSCAN cuts."""

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.cluster as skc  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402

from ember.learn.cluster import OPTICS  # noqa: E402
from ember.learn.utils import InvalidParameterError  # noqa: E402

ATTRIBUTES = ["ordering_", "core_distances_", "reachability_", "predecessor_", "labels_"]


def blobs(seed=0, n=300):
    X, _ = make_blobs(n_samples=n, centers=[[0, 0], [5, 5], [0, 6], [8, 0]],
                      cluster_std=[0.5, 1.0, 0.3, 1.5], random_state=seed)
    return X


def assert_same(ours, theirs):
    for name in ATTRIBUTES:
        np.testing.assert_array_equal(getattr(ours, name), getattr(theirs, name), err_msg=name)
    assert hasattr(ours, "cluster_hierarchy_") == hasattr(theirs, "cluster_hierarchy_")
    if hasattr(theirs, "cluster_hierarchy_"):
        np.testing.assert_array_equal(ours.cluster_hierarchy_, theirs.cluster_hierarchy_)


@pytest.mark.parametrize("params", [
    {}, {"min_samples": 10, "xi": 0.1}, {"max_eps": 1.0}, {"metric": "euclidean"},
    {"metric": "manhattan", "min_samples": 0.02}, {"metric": "chebyshev"},
    {"metric": "minkowski", "p": 3}, {"predecessor_correction": False, "min_cluster_size": 20},
    {"min_cluster_size": 0.1}, {"cluster_method": "dbscan", "eps": 0.5},
    {"cluster_method": "dbscan", "max_eps": 2.0}, {"algorithm": "brute"},
    {"algorithm": "ball_tree", "xi": 0.02},
])
def test_fit_equals_scikit_learn(params):
    X = blobs(1)
    ours, theirs = OPTICS(**params).fit(X), skc.OPTICS(**params).fit(X)
    assert len(set(theirs.labels_)) >= 2
    assert_same(ours, theirs)


@pytest.mark.parametrize("max_eps", [np.inf, 1.5])
def test_precomputed(max_eps):
    X = blobs(2, n=200)
    D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
    assert_same(OPTICS(metric="precomputed", max_eps=max_eps).fit(D),
                skc.OPTICS(metric="precomputed", max_eps=max_eps).fit(D))


def test_sparse_input_and_memory(tmp_path):
    """Sparse rows give the dense rows' ordering (scikit-learn's sparse search rounds
    its distances otherwise, so ties among the many duplicates here fall differently)."""
    X = blobs(3, n=150)
    X = np.where(np.abs(X) < 1, 0, X)
    ours = OPTICS(metric="euclidean").fit(sp.csr_matrix(X))
    dense = OPTICS(metric="euclidean").fit(X)
    np.testing.assert_array_equal(ours.ordering_, dense.ordering_)
    np.testing.assert_array_equal(ours.labels_, dense.labels_)
    np.testing.assert_allclose(ours.reachability_, dense.reachability_, rtol=1e-12)
    cached = OPTICS(memory=str(tmp_path)).fit(X)
    assert_same(OPTICS(memory=str(tmp_path)).fit(X), cached)


def test_all_unreachable_and_errors():
    X = blobs(4, n=50)
    with pytest.warns(UserWarning, match="All reachability values are inf"):
        ours = OPTICS(max_eps=1e-6).fit(X)
    assert (ours.labels_ == -1).all()
    with pytest.raises(ValueError, match="min_samples must be no greater than the number of "
                                         "samples"):
        OPTICS(min_samples=60).fit(X)
    with pytest.raises(ValueError, match="Specify an epsilon smaller than 1.0. Got 2.0."):
        OPTICS(cluster_method="dbscan", max_eps=1.0, eps=2.0).fit(X)
    with pytest.raises(InvalidParameterError, match="'min_samples' parameter of OPTICS"):
        OPTICS(min_samples=1).fit(X)


def test_check_estimator():
    run_check_estimator(OPTICS(min_samples=2))
