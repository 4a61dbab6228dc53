"""AgglomerativeClustering and FeatureAgglomeration against scikit-learn's: the same
children_, distances_, labels_ (numbered alike), n_clusters_ and connected components,
for every linkage, with and without connectivity, full and early-stopped trees."""

import warnings

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.cluster as skc  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402
from sklearn.neighbors import kneighbors_graph  # noqa: E402

from ember.learn.cluster import AgglomerativeClustering, FeatureAgglomeration  # noqa: E402
from ember.learn.utils import InvalidParameterError  # noqa: E402

LINKAGES = ["ward", "complete", "average", "single"]


def blobs(seed=0, n=200, d=2):
    X, _ = make_blobs(n_samples=n, centers=4, n_features=d, random_state=seed)
    return X


def fit_both(X, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # both warn alike about disconnected graphs
        return (AgglomerativeClustering(**params).fit(X),
                skc.AgglomerativeClustering(**params).fit(X))


def assert_same(ours, theirs):
    np.testing.assert_array_equal(ours.children_, theirs.children_)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.labels_.dtype == theirs.labels_.dtype
    assert ours.n_clusters_ == theirs.n_clusters_
    assert ours.n_leaves_ == theirs.n_leaves_
    assert ours.n_connected_components_ == theirs.n_connected_components_
    assert hasattr(ours, "distances_") == hasattr(theirs, "distances_")
    if hasattr(theirs, "distances_"):
        np.testing.assert_allclose(ours.distances_, theirs.distances_, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("linkage", LINKAGES)
@pytest.mark.parametrize("neighbours", [None, 6, 2])
@pytest.mark.parametrize("cut", [{"n_clusters": 3},
                                 {"n_clusters": None, "distance_threshold": 2.5},
                                 {"n_clusters": 110, "compute_distances": True}])
def test_trees_equal_scikit_learn(linkage, neighbours, cut):
    """A 2-neighbour graph has several components; 110 clusters stops the
    connectivity-constrained trees early."""
    X = blobs(1)
    connectivity = None if neighbours is None else kneighbors_graph(X, neighbours)
    assert_same(*fit_both(X, linkage=linkage, connectivity=connectivity, **cut))


@pytest.mark.parametrize("linkage", ["complete", "average", "single"])
@pytest.mark.parametrize("metric", ["manhattan", "l1", "l2", "cosine", "chebyshev",
                                    "minkowski", "canberra"])
def test_metrics(linkage, metric):
    X = blobs(2, n=120, d=3) + 12.0
    assert_same(*fit_both(X, linkage=linkage, metric=metric, n_clusters=4,
                          compute_distances=True))


@pytest.mark.parametrize("linkage", ["complete", "average", "single"])
@pytest.mark.parametrize("metric", ["manhattan", "cosine"])
def test_metrics_with_connectivity(linkage, metric):
    X = blobs(3, n=150) + 12.0
    assert_same(*fit_both(X, linkage=linkage, metric=metric, n_clusters=3,
                          connectivity=kneighbors_graph(X, 8), compute_distances=True))


@pytest.mark.parametrize("linkage", ["complete", "average", "single"])
def test_precomputed_and_callable(linkage):
    X = blobs(4, n=100)
    D = np.abs(X[:, None] - X[None]).sum(-1)
    assert_same(*fit_both(D, linkage=linkage, metric="precomputed", compute_distances=True))
    G = kneighbors_graph(X, 5)
    assert_same(*fit_both(D, linkage=linkage, metric="precomputed", connectivity=G))

    def l1(A):
        return np.abs(A[:, None] - A[None]).sum(-1)

    assert_same(*fit_both(X, linkage=linkage, metric=l1))


def test_ties_and_duplicates():
    """Grid points tie everywhere, duplicates sit at distance 0."""
    X = np.array([[i, j] for i in range(8) for j in range(6)], dtype=float)
    X = np.vstack([X, X[:10]])
    for linkage in LINKAGES:
        assert_same(*fit_both(X, linkage=linkage, n_clusters=5, compute_distances=True))
        assert_same(*fit_both(X, linkage=linkage, n_clusters=5, compute_distances=True,
                              connectivity=kneighbors_graph(X, 4)))


def test_callable_connectivity_and_warning():
    X = blobs(5)

    def graph(X):
        return kneighbors_graph(X, 2)

    with pytest.warns(UserWarning, match="the number of connected components of the "
                                         "connectivity matrix is"):
        ours = AgglomerativeClustering(connectivity=graph, n_clusters=4).fit(X)
    assert ours.n_connected_components_ > 1
    assert_same(ours, fit_both(X, connectivity=graph, n_clusters=4)[1])


def test_float32_dense_connectivity_and_memory(tmp_path):
    X = blobs(6, n=80).astype(np.float32)
    G = kneighbors_graph(X, 5).toarray()
    assert_same(*fit_both(X, connectivity=G, n_clusters=3))
    cached = AgglomerativeClustering(n_clusters=3, memory=str(tmp_path)).fit(X)
    again = AgglomerativeClustering(n_clusters=3, memory=str(tmp_path)).fit(X)
    np.testing.assert_array_equal(cached.children_, again.children_)
    assert_same(cached, fit_both(X, n_clusters=3)[1])


def test_errors():
    X = blobs(7, n=30)
    with pytest.raises(ValueError, match="Exactly one of n_clusters and distance_threshold"):
        AgglomerativeClustering(n_clusters=2, distance_threshold=1.0).fit(X)
    with pytest.raises(ValueError, match="compute_full_tree must be True"):
        AgglomerativeClustering(n_clusters=None, distance_threshold=1.0,
                                compute_full_tree=False).fit(X)
    with pytest.raises(ValueError, match="manhattan was provided as metric. Ward can only"):
        AgglomerativeClustering(metric="manhattan").fit(X)
    with pytest.raises(ValueError, match="Wrong shape for connectivity matrix"):
        AgglomerativeClustering(connectivity=np.ones((3, 3))).fit(X)
    with pytest.raises(ValueError, match="Cannot extract more clusters than samples"):
        AgglomerativeClustering(n_clusters=40).fit(X)
    with pytest.raises(ValueError, match="Cannot provide more clusters than samples"):
        AgglomerativeClustering(n_clusters=40, connectivity=np.ones((30, 30)),
                                compute_full_tree=False).fit(X)
    with pytest.raises(ValueError, match="Cosine affinity cannot be used"):
        AgglomerativeClustering(metric="cosine", linkage="average").fit(np.vstack([X, [0, 0]]))
    with pytest.raises(ValueError, match="'memory' should be None, a string"):
        AgglomerativeClustering(memory=3).fit(X)
    with pytest.raises(InvalidParameterError, match="'linkage' parameter"):
        AgglomerativeClustering(linkage="centroid").fit(X)


@pytest.mark.parametrize("linkage", LINKAGES)
def test_feature_agglomeration(linkage):
    X = np.random.RandomState(0).randn(40, 25)
    X[:, 10:] += X[:, :15]
    params = dict(n_clusters=6, linkage=linkage)
    ours, theirs = FeatureAgglomeration(**params).fit(X), skc.FeatureAgglomeration(**params).fit(X)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    np.testing.assert_array_equal(ours.children_, theirs.children_)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X)),
                               theirs.inverse_transform(theirs.transform(X)), rtol=1e-13)
    assert ours.get_feature_names_out().tolist() == theirs.get_feature_names_out().tolist()
    ours = FeatureAgglomeration(pooling_func=np.median, **params).fit(X)
    theirs = skc.FeatureAgglomeration(pooling_func=np.median, **params).fit(X)
    np.testing.assert_array_equal(ours.transform(X), theirs.transform(X))
    assert not hasattr(ours, "fit_predict")


def test_check_estimator():
    run_check_estimator(AgglomerativeClustering())
    run_check_estimator(AgglomerativeClustering(linkage="single", connectivity=None))
    run_check_estimator(FeatureAgglomeration())
