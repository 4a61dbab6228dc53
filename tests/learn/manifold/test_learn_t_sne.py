"""TSNE and trustworthiness against scikit-learn's.

The affinities P (the perplexity search in float32, the symmetrisation) are
equal to scikit-learn's; the gradients at a fixed embedding (exact, and
Barnes-Hut from the same tree rules at angle 0 and 0.5, in 1-D, 2-D and 3-D)
equal scikit-learn's to float32 rounding. Whole runs are chaotic (a rounding
difference grows over hundreds of iterations), so for fitted models the KL
divergences and trustworthiness are compared within a tolerance.
"""

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.manifold as skm  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402
from sklearn.manifold import _t_sne as sk_t_sne  # noqa: E402
from sklearn.manifold import _utils as sk_utils  # noqa: E402
from sklearn.metrics import pairwise_distances  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from ember.learn.manifold import TSNE, _t_sne, trustworthiness  # noqa: E402
from ember.learn.manifold._t_sne_kernels import binary_search_perplexity  # noqa: E402


@pytest.fixture(autouse=True)
def one_openmp_thread():
    """scikit-learn's Barnes-Hut runs on every OpenMP thread; on a shared machine one is
    faster (results do not depend on it)."""
    with threadpool_limits(limits=1, user_api="openmp"):
        yield


@pytest.fixture(scope="module")
def blobs():
    return make_blobs(n_samples=150, n_features=10, centers=4, random_state=0)[0]


@pytest.fixture(scope="module")
def neighbour_distances(blobs):
    graph = NearestNeighbors(n_neighbors=31).fit(blobs).kneighbors_graph(mode="distance")
    graph.data **= 2
    return graph


def test_check_estimator():
    run_check_estimator(TSNE(perplexity=2, max_iter=250))


def test_threads_do_not_change_results(blobs):
    one = TSNE(random_state=0, max_iter=250, perplexity=10).fit(blobs[:60])
    two = TSNE(random_state=0, max_iter=250, perplexity=10, n_jobs=2).fit(blobs[:60])
    np.testing.assert_array_equal(one.embedding_, two.embedding_)


def test_tags_mirror_sklearn():
    for metric in ["euclidean", "precomputed"]:
        ours = TSNE(metric=metric).__sklearn_tags__()
        theirs = skm.TSNE(metric=metric).__sklearn_tags__()
        assert ours.input_tags == theirs.input_tags
        assert (ours.transformer_tags is None) == (theirs.transformer_tags is None)


@pytest.mark.parametrize("perplexity", [5.0, 30.0, 50.5])
def test_binary_search_equals_sklearn(blobs, perplexity):
    D = pairwise_distances(blobs, squared=True).astype(np.float32)
    ours = binary_search_perplexity(D, float(np.float32(perplexity)))
    np.testing.assert_allclose(ours, sk_utils._binary_search_perplexity(D, perplexity, 0),
                               rtol=1e-10, atol=1e-15)
    rows = ours / ours.sum(axis=1, keepdims=True)
    entropy = -np.sum(np.where(rows > 0, rows * np.log(np.where(rows > 0, rows, 1)), 0), axis=1)
    np.testing.assert_allclose(np.exp(entropy), perplexity, rtol=1e-3)


def test_joint_probabilities_equal_sklearn(blobs, neighbour_distances):
    D = pairwise_distances(blobs, squared=True).astype(np.float32)
    np.testing.assert_allclose(_t_sne._joint_probabilities(D, 30.0),
                               sk_t_sne._joint_probabilities(D, 30.0, 0), rtol=1e-10, atol=1e-16)
    ours = _t_sne._joint_probabilities_nn(neighbour_distances.copy(), 10.0)
    theirs = sk_t_sne._joint_probabilities_nn(neighbour_distances.copy(), 10.0, 0)
    assert abs(ours - theirs).max() < 1e-10 * theirs.max()
    assert ours.sum() == pytest.approx(1.0)


def test_exact_gradient_equals_sklearn(blobs):
    P = sk_t_sne._joint_probabilities(pairwise_distances(blobs, squared=True), 30.0, 0)
    params = np.random.RandomState(0).randn(150 * 2)
    kl, grad = _t_sne._kl_divergence(params, P, 1, 150, 2)
    kl_sk, grad_sk = sk_t_sne._kl_divergence(params, P, 1, 150, 2)
    assert kl == pytest.approx(kl_sk, rel=1e-12)
    np.testing.assert_allclose(grad, grad_sk, rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("n_components", [1, 2, 3])
@pytest.mark.parametrize("angle", [0.0, 0.5, 0.9])
def test_barnes_hut_gradient_equals_sklearn(neighbour_distances, n_components, angle):
    P = sk_t_sne._joint_probabilities_nn(neighbour_distances.copy(), 10.0, 0)
    Y = np.random.RandomState(n_components).randn(150 * n_components).astype(np.float32)
    dof = max(n_components - 1, 1)
    packed = (P.data.astype(np.float32), P.indices.astype(np.int64), P.indptr.astype(np.int64))
    kl, grad = _t_sne._kl_divergence_bh(Y.copy(), packed, dof, 150, n_components, angle=angle)
    kl_sk, grad_sk = sk_t_sne._kl_divergence_bh(Y.copy(), P, dof, 150, n_components,
                                                angle=angle)
    assert kl == pytest.approx(kl_sk, rel=1e-5)
    np.testing.assert_allclose(grad, grad_sk, atol=1e-6 * np.abs(grad_sk).max())


def test_barnes_hut_at_angle_0_is_exact(blobs):
    P_dense = sk_t_sne._joint_probabilities(pairwise_distances(blobs, squared=True), 30.0, 0)
    P = sp.csr_matrix(sp.coo_matrix(
        np.where(np.eye(150, dtype=bool), 0, pk := _square(P_dense))))
    Y = np.random.RandomState(0).randn(300).astype(np.float32)
    packed = (P.data.astype(np.float32), P.indices.astype(np.int64), P.indptr.astype(np.int64))
    kl, grad = _t_sne._kl_divergence_bh(Y.copy(), packed, 1, 150, 2, angle=0.0)
    kl_exact, grad_exact = _t_sne._kl_divergence(Y.astype(np.float64), P_dense, 1, 150, 2)
    assert pk.shape == (150, 150)
    assert kl == pytest.approx(kl_exact, rel=1e-4)
    np.testing.assert_allclose(grad, grad_exact, atol=1e-5 * np.abs(grad_exact).max())


def _square(condensed):
    from scipy.spatial.distance import squareform

    return squareform(condensed)


@pytest.mark.parametrize("method, params, kl_rtol, trust_atol", [
    ("exact", {}, 0.03, 0.02), ("exact", {"init": "random"}, 0.03, 0.02),
    ("barnes_hut", {}, 0.05, 0.02),
    # 3-D from a random start: the runs part ways early and settle in different optima
    ("barnes_hut", {"init": "random", "n_components": 3}, 0.3, 0.05),
])
def test_fit_close_to_sklearn(blobs, method, params, kl_rtol, trust_atol):
    ours = TSNE(method=method, random_state=0, perplexity=20, max_iter=400, **params).fit(blobs)
    theirs = skm.TSNE(method=method, random_state=0, perplexity=20, max_iter=400,
                      **params).fit(blobs)
    assert ours.kl_divergence_ == pytest.approx(theirs.kl_divergence_, rel=kl_rtol)
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.learning_rate_ == theirs.learning_rate_
    assert ours.embedding_.dtype == theirs.embedding_.dtype
    assert trustworthiness(blobs, ours.embedding_) == pytest.approx(
        sk_t_sne.trustworthiness(blobs, theirs.embedding_), abs=trust_atol)


def test_first_iterations_follow_sklearn(blobs):
    """Before rounding differences grow, the exact runs are the same run."""
    ours = TSNE(method="exact", random_state=0, max_iter=250, perplexity=20).fit(blobs)
    theirs = skm.TSNE(method="exact", random_state=0, max_iter=250, perplexity=20).fit(blobs)
    assert ours.kl_divergence_ == pytest.approx(theirs.kl_divergence_, rel=1e-3)


@pytest.mark.parametrize("as_sparse", [False, True])
def test_precomputed(blobs, as_sparse):
    D = pairwise_distances(blobs)
    if as_sparse:
        D = NearestNeighbors(n_neighbors=40).fit(blobs).kneighbors_graph(mode="distance")
    ours = TSNE(metric="precomputed", init="random", perplexity=10, random_state=0,
                max_iter=250).fit(D)
    theirs = skm.TSNE(metric="precomputed", init="random", perplexity=10, random_state=0,
                      max_iter=250).fit(D)
    assert ours.kl_divergence_ == pytest.approx(theirs.kl_divergence_, rel=0.05)


@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "precomputed"])
def test_trustworthiness_equals_sklearn(blobs, metric):
    Y = blobs[:, :2] + np.random.RandomState(0).randn(150, 2)
    X = pairwise_distances(blobs, metric="euclidean") if metric == "precomputed" else blobs
    for k in (1, 5, 20):
        assert trustworthiness(X, Y, n_neighbors=k, metric=metric) == pytest.approx(
            sk_t_sne.trustworthiness(X, Y, n_neighbors=k, metric=metric), abs=1e-14)
    assert trustworthiness(blobs, blobs) == 1.0


def test_errors(blobs):
    with pytest.raises(ValueError, match=r"perplexity \(200\) must be less than n_samples"):
        TSNE(perplexity=200).fit(blobs)
    with pytest.raises(ValueError, match='init="pca" cannot be used with metric="precomputed"'):
        TSNE(metric="precomputed").fit(pairwise_distances(blobs))
    with pytest.raises(ValueError, match="'n_components' should be inferior to 4"):
        TSNE(n_components=4).fit(blobs)
    with pytest.raises(ValueError, match="X should be a square distance matrix"):
        TSNE(metric="precomputed", init="random").fit(blobs)
    with pytest.raises(ValueError, match="should contain positive distances"):
        TSNE(metric="precomputed", init="random").fit(-pairwise_distances(blobs))
    with pytest.raises(ValueError, match="The 'max_iter' parameter of TSNE must be"):
        TSNE(max_iter=100).fit(blobs)
    with pytest.raises(ValueError, match=r"n_neighbors \(80\) should be less than"):
        trustworthiness(blobs, blobs, n_neighbors=80)
