"""DBSCAN against scikit-learn's: the same core samples and exactly the same labels
(the numbering too), for every neighbour search, metric, weights and precomputed
distances; HOML ch9's figures."""

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.cluster as skc  # noqa: E402
import sklearn.neighbors as skn  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.datasets import make_blobs, make_moons  # noqa: E402

from ember.learn.cluster import DBSCAN, dbscan  # noqa: E402
from ember.learn.neighbors import KNeighborsClassifier  # noqa: E402
from ember.learn.utils import InvalidParameterError  # noqa: E402


def blobs(seed=0, n=600):
    X, _ = make_blobs(n_samples=n, centers=5, cluster_std=0.6, random_state=seed)
    noise = np.random.RandomState(seed).uniform(-12, 12, size=(60, 2))
    return np.vstack([X, noise])


def assert_same(ours, theirs):
    np.testing.assert_array_equal(ours.core_sample_indices_, theirs.core_sample_indices_)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.labels_.dtype == theirs.labels_.dtype
    assert sp.issparse(ours.components_) == sp.issparse(theirs.components_)
    dense = [c.toarray() if sp.issparse(c) else c for c in (ours.components_, theirs.components_)]
    np.testing.assert_array_equal(*dense)


def test_homl_moons():
    """HOML ch9: 7 clusters and some noise at eps=0.05, two clusters at eps=0.2."""
    X, _ = make_moons(n_samples=1000, noise=0.05, random_state=42)
    ours = DBSCAN(eps=0.05, min_samples=5).fit(X)
    assert ours.labels_[:10].tolist() == [0, 2, -1, -1, 1, 0, 0, 0, 2, 5]
    assert len(ours.core_sample_indices_) == 808
    assert ours.labels_.max() + 1 == 7 and (ours.labels_ == -1).any()
    assert_same(ours, skc.DBSCAN(eps=0.05, min_samples=5).fit(X))
    wide = DBSCAN(eps=0.2).fit(X)
    assert set(wide.labels_) == {0, 1}
    assert_same(wide, skc.DBSCAN(eps=0.2).fit(X))
    # The book's classifier of new points from the core samples.
    knn = KNeighborsClassifier(n_neighbors=50).fit(
        wide.components_, wide.labels_[wide.core_sample_indices_])
    sk_knn = skn.KNeighborsClassifier(n_neighbors=50).fit(
        wide.components_, wide.labels_[wide.core_sample_indices_])
    X_new = np.array([[-0.5, 0], [0, 0.5], [1, -0.1], [2, 1]])
    assert knn.predict(X_new).tolist() == [1, 0, 1, 0]
    np.testing.assert_allclose(knn.predict_proba(X_new), sk_knn.predict_proba(X_new))


@pytest.mark.parametrize("algorithm", ["auto", "kd_tree", "ball_tree", "brute"])
@pytest.mark.parametrize("metric, p", [("euclidean", None), ("manhattan", None),
                                       ("chebyshev", None), ("minkowski", 3),
                                       ("minkowski", 1.5)])
def test_labels_equal_scikit_learn(algorithm, metric, p):
    X = blobs(1)
    params = dict(eps=0.45, min_samples=6, metric=metric, p=p, algorithm=algorithm)
    assert_same(DBSCAN(**params).fit(X), skc.DBSCAN(**params).fit(X))


@pytest.mark.parametrize("metric", ["cosine", "sqeuclidean", "braycurtis"])
def test_brute_metrics(metric):
    X = blobs(2) + 15.0
    eps = {"cosine": 1e-4, "sqeuclidean": 0.2, "braycurtis": 0.01}[metric]
    ours, theirs = DBSCAN(eps=eps, metric=metric).fit(X), skc.DBSCAN(eps=eps, metric=metric).fit(X)
    assert ours.labels_.max() >= 1
    assert_same(ours, theirs)


def test_callable_metric_and_metric_params():
    X = blobs(3, n=200)

    def l1(a, b):
        return np.abs(a - b).sum()

    assert_same(DBSCAN(eps=0.6, metric=l1).fit(X), skc.DBSCAN(eps=0.6, metric=l1).fit(X))
    w = {"w": np.array([1.0, 3.0])}
    assert_same(DBSCAN(eps=0.8, metric="minkowski", p=2, metric_params=w).fit(X),
                skc.DBSCAN(eps=0.8, metric="minkowski", p=2, metric_params=w).fit(X))


def test_moons_large_and_threads():
    X, _ = make_moons(n_samples=10_000, noise=0.05, random_state=0)
    theirs = skc.DBSCAN(eps=0.05).fit(X)
    for n_jobs in (None, 2):
        assert_same(DBSCAN(eps=0.05, n_jobs=n_jobs).fit(X), theirs)


def test_sample_weight():
    X = blobs(4)
    w = np.random.RandomState(0).randint(0, 4, size=len(X)).astype(float)
    ours = DBSCAN(eps=0.4, min_samples=8).fit(X, sample_weight=w)
    assert_same(ours, skc.DBSCAN(eps=0.4, min_samples=8).fit(X, sample_weight=w))
    # Positive integer weights count like repeated samples.
    w = np.random.RandomState(1).randint(1, 4, size=len(X)).astype(float)
    ours = DBSCAN(eps=0.3, min_samples=8).fit(X, sample_weight=w)
    repeated = DBSCAN(eps=0.3, min_samples=8).fit(np.repeat(X, w.astype(int), axis=0))
    first = np.concatenate([[0], np.cumsum(w.astype(int))[:-1]])
    np.testing.assert_array_equal(repeated.labels_[first], ours.labels_)
    # A negative weight keeps its neighbours from being core.
    w[:] = 1.0
    w[::7] = -3.0
    assert_same(DBSCAN(eps=0.5).fit(X, sample_weight=w),
                skc.DBSCAN(eps=0.5).fit(X, sample_weight=w))


def test_precomputed_dense_sparse_and_asymmetric():
    X = blobs(5, n=300)
    D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
    params = dict(eps=0.5, min_samples=5, metric="precomputed")
    assert_same(DBSCAN(**params).fit(D), skc.DBSCAN(**params).fit(D))
    G = skn.NearestNeighbors(radius=0.5).fit(X).radius_neighbors_graph(X, mode="distance")
    assert_same(DBSCAN(**params).fit(G), skc.DBSCAN(**params).fit(G))
    from_features, from_graph = DBSCAN(eps=0.5).fit(X), skc.DBSCAN(**params).fit(G)
    np.testing.assert_array_equal(from_features.labels_, from_graph.labels_)
    # Not symmetric: what a cluster reaches depends on the expansion order.
    A = D * np.random.RandomState(1).uniform(0.6, 1.6, size=D.shape)
    np.fill_diagonal(A, 0.0)
    theirs = skc.DBSCAN(**params).fit(A)
    assert len(set(theirs.labels_)) > 3
    assert_same(DBSCAN(**params).fit(A), theirs)


def test_sparse_and_float32_input():
    X = blobs(6, n=300)
    X[np.abs(X) < 1.0] = 0.0
    ours = DBSCAN(eps=0.5).fit(sp.csr_matrix(X))
    assert_same(ours, skc.DBSCAN(eps=0.5).fit(sp.csr_matrix(X)))
    X32 = X.astype(np.float32)
    ours = DBSCAN(eps=0.5).fit(X32)
    assert ours.components_.dtype == np.float32
    assert_same(ours, skc.DBSCAN(eps=0.5).fit(X32))


def test_no_core_samples_and_fit_predict():
    X = blobs(7, n=100)
    ours = DBSCAN(eps=0.01, min_samples=3).fit(X)
    assert (ours.labels_ == -1).all() and ours.components_.shape == (0, 2)
    assert ours.core_sample_indices_.shape == (0,)
    assert_same(ours, skc.DBSCAN(eps=0.01, min_samples=3).fit(X))
    np.testing.assert_array_equal(DBSCAN(eps=0.5).fit_predict(X),
                                  skc.DBSCAN(eps=0.5).fit_predict(X))


def test_function():
    X = blobs(8)
    theirs_all = skc.dbscan(X, eps=0.4, min_samples=4)
    for ours, theirs in zip(dbscan(X, eps=0.4, min_samples=4), theirs_all):
        np.testing.assert_array_equal(ours, theirs)


def test_errors():
    X = blobs(9, n=50)
    with pytest.raises(InvalidParameterError, match="'eps' parameter of DBSCAN"):
        DBSCAN(eps=0.0).fit(X)
    with pytest.raises(InvalidParameterError, match="'min_samples' parameter of DBSCAN"):
        DBSCAN(min_samples=0).fit(X)
    with pytest.raises(ValueError, match="Negative values in data passed to precomputed"):
        DBSCAN(metric="precomputed").fit(-np.ones((3, 3)))
    with pytest.raises(ValueError, match="Precomputed matrix must be square. Input is a 3x4"):
        DBSCAN(metric="precomputed").fit(np.ones((3, 4)))
    with pytest.raises(ValueError, match="sample_weight.shape"):
        DBSCAN().fit(X, sample_weight=np.ones(3))


def test_check_estimator():
    run_check_estimator(DBSCAN())
