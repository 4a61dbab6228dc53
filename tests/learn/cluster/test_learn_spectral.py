"""SpectralClustering against scikit-learn's: the same affinity matrices (to rounding), the
same eigensolver start and k-means / discretisation draws, so the same labels."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.cluster as skc  # noqa: E402
import sklearn.metrics.pairwise as skp  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.cluster._spectral import cluster_qr as sk_cluster_qr  # noqa: E402
from sklearn.cluster._spectral import discretize as sk_discretize  # noqa: E402
from sklearn.datasets import make_blobs, make_circles, make_moons  # noqa: E402

from ember.learn.cluster import SpectralClustering  # noqa: E402
from ember.learn.cluster._spectral import cluster_qr, discretize, spectral_clustering  # noqa: E402
from ember.learn.metrics import adjusted_rand_score  # noqa: E402
from ember.learn.metrics import pairwise  # noqa: E402
from ember.learn.utils import InvalidParameterError  # noqa: E402


def data(name, n=300):
    if name == "blobs":
        return make_blobs(n_samples=n, centers=4, cluster_std=1.5, random_state=0)
    if name == "moons":
        return make_moons(n_samples=n, noise=0.05, random_state=0)
    return make_circles(n_samples=n, noise=0.05, factor=0.5, random_state=0)


def dense(A):
    return A.toarray() if sp.issparse(A) else np.asarray(A)


def fit_both(X, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return SpectralClustering(**params).fit(X), skc.SpectralClustering(**params).fit(X)


def assert_same(ours, theirs):
    assert sp.issparse(ours.affinity_matrix_) == sp.issparse(theirs.affinity_matrix_)
    np.testing.assert_allclose(dense(ours.affinity_matrix_), dense(theirs.affinity_matrix_),
                               rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.labels_.dtype == theirs.labels_.dtype
    assert ours.n_features_in_ == theirs.n_features_in_


@pytest.mark.parametrize("assign_labels", ["kmeans", "discretize", "cluster_qr"])
@pytest.mark.parametrize("affinity", ["rbf", "nearest_neighbors"])
@pytest.mark.parametrize("name", ["blobs", "moons", "circles"])
def test_labels_equal_scikit_learn(name, affinity, assign_labels):
    X, _ = data(name)
    k = 4 if name == "blobs" else 2
    for seed in (0, 7):
        ours, theirs = fit_both(X, n_clusters=k, affinity=affinity, assign_labels=assign_labels,
                                random_state=seed)
        assert_same(ours, theirs)


@pytest.mark.parametrize("assign_labels", ["kmeans", "discretize", "cluster_qr"])
def test_circles_separated_by_neighbours(assign_labels):
    X, y = data("circles", n=400)
    ours, theirs = fit_both(X, n_clusters=2, affinity="nearest_neighbors",
                            assign_labels=assign_labels, random_state=0)
    assert_same(ours, theirs)
    assert adjusted_rand_score(y, ours.labels_) == 1.0
    rbf = SpectralClustering(n_clusters=2, random_state=0).fit(X)  # gamma=1 does not
    assert adjusted_rand_score(y, rbf.labels_) < 0.5


@pytest.mark.parametrize("assign_labels", ["kmeans", "discretize", "cluster_qr"])
def test_precomputed_affinities(assign_labels):
    X, _ = data("moons", n=250)
    A = skp.rbf_kernel(X, gamma=5.0)
    ours, theirs = fit_both(A, n_clusters=2, affinity="precomputed",
                            assign_labels=assign_labels, random_state=3)
    assert_same(ours, theirs)
    assert ours.affinity_matrix_ is not None and ours.__sklearn_tags__().input_tags.pairwise
    ours, theirs = fit_both(sp.csr_matrix(np.where(A > 0.2, A, 0)), n_clusters=2,
                            affinity="precomputed", assign_labels=assign_labels, random_state=3)
    assert_same(ours, theirs)
    np.testing.assert_array_equal(
        spectral_clustering(A, n_clusters=2, assign_labels=assign_labels, random_state=1),
        skc.spectral_clustering(A, n_clusters=2, assign_labels=assign_labels, random_state=1))


def test_precomputed_nearest_neighbors():
    X, _ = data("circles", n=300)
    D = skp.euclidean_distances(X)
    ours, theirs = fit_both(D, n_clusters=2, affinity="precomputed_nearest_neighbors",
                            n_neighbors=8, random_state=0)
    assert_same(ours, theirs)
    graph = sklearn.neighbors.NearestNeighbors(n_neighbors=12).fit(X).kneighbors_graph(
        mode="distance")
    ours, theirs = fit_both(graph, n_clusters=2, affinity="precomputed_nearest_neighbors",
                            n_neighbors=8, random_state=0)
    assert_same(ours, theirs)


@pytest.mark.parametrize("params", [
    {"affinity": "laplacian", "gamma": 0.5},
    {"affinity": "chi2", "gamma": 0.3},
    {"affinity": "linear"},
    {"affinity": "poly", "gamma": 0.1, "degree": 2, "coef0": 2},
    {"affinity": "sigmoid", "gamma": 0.01, "coef0": 3},
    {"affinity": "cosine"},
    {"affinity": "rbf", "gamma": 0.2, "n_components": 5, "n_init": 3},
    {"affinity": "rbf", "eigen_solver": "lobpcg", "assign_labels": "cluster_qr"},
    {"affinity": "nearest_neighbors", "n_neighbors": 6, "eigen_tol": 1e-9},
])
def test_other_kernels_and_settings(params):
    X, _ = data("blobs", n=200)
    X = X - X.min(axis=0) + 0.1  # chi2 kernels need non-negative features
    ours, theirs = fit_both(X, n_clusters=4, random_state=5, **params)
    assert_same(ours, theirs)


def test_callable_affinity_and_kernel_params():
    X, _ = data("blobs", n=80)

    def kernel(x, y, scale=1.0):
        return np.exp(-np.sum((x - y) ** 2) / scale)

    kp = {"scale": 4.0}
    ours, theirs = fit_both(X, n_clusters=4, affinity=kernel, kernel_params=kp, random_state=0)
    assert_same(ours, theirs)
    kp = {}
    SpectralClustering(n_clusters=4, kernel_params=kp, random_state=0).fit(X)
    assert kp == {}  # the parameter is not filled in with gamma, degree, coef0


def test_sparse_and_float32_input():
    X, _ = data("blobs", n=150)
    for Xi in (sp.csr_matrix(X), sp.coo_matrix(X), X.astype(np.float32)):
        ours, theirs = fit_both(Xi, n_clusters=4, random_state=2, assign_labels="discretize")
        assert_same(ours, theirs)


def test_discretize_and_cluster_qr_functions():
    rng = np.random.RandomState(0)
    for k in (2, 3, 6):
        V = rng.standard_normal((120, k)) + np.repeat(np.eye(k) * 3, 120 // k + 1, axis=0)[:120]
        V_copy = V.copy()
        for seed in (0, 1, 2):
            np.testing.assert_array_equal(discretize(V, random_state=seed),
                                          sk_discretize(V, random_state=seed))
        np.testing.assert_array_equal(V, V_copy)
        np.testing.assert_array_equal(cluster_qr(V), sk_cluster_qr(V))


def test_fit_predict_verbose_and_feature_names(capsys):
    pd = pytest.importorskip("pandas")
    X, _ = data("moons", n=120)
    frame = pd.DataFrame(X, columns=["a", "b"])
    model = SpectralClustering(n_clusters=2, affinity="nearest_neighbors", random_state=0,
                               verbose=True)
    labels = model.fit_predict(frame)
    np.testing.assert_array_equal(labels, model.labels_)
    np.testing.assert_array_equal(model.feature_names_in_, ["a", "b"])
    assert "Computing label assignment using kmeans" in capsys.readouterr().out


def test_errors_and_warnings():
    X, _ = data("blobs", n=60)
    with pytest.raises(InvalidParameterError, match="The 'assign_labels' parameter of "
                                                    "SpectralClustering must be"):
        SpectralClustering(assign_labels="bogus").fit(X)
    with pytest.raises(InvalidParameterError, match="'affinity' parameter"):
        SpectralClustering(affinity="euclidean").fit(X)
    with pytest.raises(InvalidParameterError, match="'n_clusters' parameter"):
        SpectralClustering(n_clusters=0).fit(X)
    with pytest.raises(ValueError, match="minimum of 2 is required"):
        SpectralClustering().fit(X[:1])
    with pytest.raises(ValueError, match="pyamg"):
        SpectralClustering(n_clusters=2, eigen_solver="amg").fit(X)
    with pytest.raises(ValueError, match="X contains negative values"):
        SpectralClustering(n_clusters=2, affinity="chi2").fit(X - 100)
    with pytest.warns(UserWarning, match="The spectral clustering API has changed"):
        SpectralClustering(n_clusters=2, random_state=0).fit(np.random.RandomState(0).rand(6, 6))


@pytest.mark.parametrize("name", ["laplacian_kernel", "chi2_kernel", "additive_chi2_kernel"])
def test_added_pairwise_kernels(name):
    rng = np.random.RandomState(0)
    X, Y = rng.rand(40, 5), rng.rand(25, 5)
    X[:, 1] = 0
    Y[3, 1] = Y[4, 2] = 0
    for y in (None, Y):
        np.testing.assert_allclose(getattr(pairwise, name)(X, y), getattr(skp, name)(X, y),
                                   rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("params", [
    {"n_clusters": 2, "random_state": 0},
    {"n_clusters": 2, "affinity": "nearest_neighbors", "n_neighbors": 5,
     "assign_labels": "discretize", "random_state": 0},
    {"n_clusters": 3, "assign_labels": "cluster_qr", "random_state": 0},
])
def test_check_estimator(params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        run_check_estimator(SpectralClustering(**params))
