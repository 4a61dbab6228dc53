"""Pairwise distances, kernels and silhouettes against scikit-learn (and exact SciPy distances)."""

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.spatial.distance import cdist

sklearn = pytest.importorskip("sklearn")
from sklearn.metrics import pairwise as skp  # noqa: E402
from sklearn import metrics as sk  # noqa: E402

from ember.learn import metrics  # noqa: E402
from ember.learn.metrics import pairwise  # noqa: E402

rng = np.random.default_rng(5)
X = rng.normal(size=(40, 6))
Y = rng.normal(size=(25, 6))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("sparse", [False, True])
def test_euclidean_distances(dtype, sparse):
    A, B = X.astype(dtype), Y.astype(dtype)
    if sparse:
        A, B = sp.csr_matrix(A), sp.csr_matrix(B)
    for squared in (False, True):
        ours = pairwise.euclidean_distances(A, B, squared=squared)
        theirs = skp.euclidean_distances(A, B, squared=squared)
        assert ours.dtype == theirs.dtype == dtype
        np.testing.assert_allclose(ours, theirs, rtol=1e-6 if dtype == np.float32 else 1e-12)
        exact = cdist(X.astype(dtype).astype(float), Y.astype(dtype).astype(float), "sqeuclidean" if squared else "euclidean")
        np.testing.assert_allclose(ours, exact, rtol=1e-6 if dtype == np.float32 else 1e-12)
    self_distances = pairwise.euclidean_distances(A)
    assert np.all(np.diag(self_distances) == 0)
    np.testing.assert_allclose(self_distances, self_distances.T)
    norms = (X**2).sum(1)
    np.testing.assert_allclose(pairwise.euclidean_distances(X, X_norm_squared=norms, Y_norm_squared=norms[None, :]),
                               skp.euclidean_distances(X), rtol=1e-12, atol=1e-12)


def test_near_duplicates_are_exact():
    base = rng.normal(size=(5, 3)) * 1e4
    near = base + 1e-6
    ours = pairwise.euclidean_distances(base, near)
    exact = cdist(base, near)
    np.testing.assert_allclose(np.diag(ours), np.diag(exact), rtol=1e-6)
    with pytest.raises(ValueError, match="Incompatible dimension for X and Y matrices"):
        pairwise.euclidean_distances(X, Y[:, :3])


@pytest.mark.parametrize("metric", ["euclidean", "l2", "manhattan", "cityblock", "l1", "cosine",
                                    "chebyshev", "minkowski", "sqeuclidean", "correlation"])
def test_pairwise_distances(metric):
    np.testing.assert_allclose(pairwise.pairwise_distances(X, Y, metric=metric),
                               skp.pairwise_distances(X, Y, metric=metric), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(pairwise.pairwise_distances(X, metric=metric),
                               skp.pairwise_distances(X, metric=metric), rtol=1e-10, atol=1e-12)


def test_pairwise_distances_other_forms():
    np.testing.assert_allclose(pairwise.pairwise_distances(X, Y, metric="minkowski", p=3),
                               skp.pairwise_distances(X, Y, metric="minkowski", p=3), rtol=1e-12)
    np.testing.assert_allclose(pairwise.pairwise_distances(X[:5], Y[:4], metric=lambda a, b: np.abs(a - b).max()),
                               skp.pairwise_distances(X[:5], Y[:4], metric=lambda a, b: np.abs(a - b).max()))
    D = skp.euclidean_distances(X)
    assert pairwise.pairwise_distances(D, metric="precomputed") is not None
    with pytest.raises(ValueError, match="Unknown metric nope"):
        pairwise.pairwise_distances(X, metric="nope")
    with pytest.raises(ValueError, match="Negative values in data passed to precomputed"):
        pairwise.pairwise_distances(-D, metric="precomputed")
    np.testing.assert_allclose(pairwise.manhattan_distances(X, Y), skp.manhattan_distances(X, Y), rtol=1e-12)
    np.testing.assert_allclose(pairwise.cosine_distances(X, Y), skp.cosine_distances(X, Y), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(pairwise.cosine_similarity(sp.csr_matrix(X), Y), skp.cosine_similarity(X, Y), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_kernels(dtype):
    A, B = X.astype(dtype), Y.astype(dtype)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    cases = [("linear_kernel", {}), ("rbf_kernel", {}), ("rbf_kernel", {"gamma": 0.3}),
             ("polynomial_kernel", {}), ("polynomial_kernel", {"degree": 2, "gamma": 0.5, "coef0": 0}),
             ("sigmoid_kernel", {}), ("sigmoid_kernel", {"gamma": 0.05, "coef0": -1}), ("cosine_similarity", {})]
    for name, kwargs in cases:
        ours = getattr(pairwise, name)(A, B, **kwargs)
        theirs = getattr(skp, name)(A, B, **kwargs)
        assert ours.dtype == theirs.dtype, name
        np.testing.assert_allclose(ours, theirs, rtol=tol, atol=tol)
        np.testing.assert_allclose(getattr(pairwise, name)(A, **kwargs), getattr(skp, name)(A, **kwargs),
                                   rtol=tol, atol=tol)
    for metric in ("linear", "rbf", "poly", "sigmoid", "cosine"):
        np.testing.assert_allclose(pairwise.pairwise_kernels(A, B, metric=metric),
                                   skp.pairwise_kernels(A, B, metric=metric), rtol=tol, atol=tol)


@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine"])
def test_silhouette(metric):
    labels = rng.integers(0, 4, 40)
    labels[:2] = 5  # a cluster of two and ...
    labels[2] = 9  # ... a singleton, which scores 0
    ours = metrics.silhouette_samples(X, labels, metric=metric)
    theirs = sk.silhouette_samples(X, labels, metric=metric)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
    assert ours[2] == 0
    assert metrics.silhouette_score(X, labels, metric=metric) == pytest.approx(
        sk.silhouette_score(X, labels, metric=metric), rel=1e-12)
    names = np.array(list("abcdefghij"))[labels]
    np.testing.assert_allclose(metrics.silhouette_samples(X, names, metric=metric), theirs, rtol=1e-12, atol=1e-14)


def test_silhouette_precomputed_sampled_and_errors():
    labels = rng.integers(0, 3, 40)
    D = skp.euclidean_distances(X)
    np.testing.assert_allclose(metrics.silhouette_samples(D, labels, metric="precomputed"),
                               sk.silhouette_samples(D, labels, metric="precomputed"), rtol=1e-12)
    for metric, data in (("euclidean", X), ("precomputed", D)):
        assert metrics.silhouette_score(data, labels, metric=metric, sample_size=25, random_state=0) == pytest.approx(
            sk.silhouette_score(data, labels, metric=metric, sample_size=25, random_state=0), rel=1e-12)
    np.testing.assert_allclose(metrics.silhouette_samples(sp.csr_matrix(X), labels),
                               sk.silhouette_samples(sp.csr_matrix(X), labels), rtol=1e-12)
    np.testing.assert_allclose(metrics.silhouette_samples(X.astype(np.float32), labels),
                               sk.silhouette_samples(X.astype(np.float32), labels), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="contains non-zero elements on the diagonal"):
        metrics.silhouette_samples(D + 1, labels, metric="precomputed")
    with pytest.raises(ValueError, match="Number of labels is 1. Valid values are 2 to n_samples - 1"):
        metrics.silhouette_score(X, np.zeros(40))
    with pytest.raises(ValueError, match="Number of labels is 40"):
        metrics.silhouette_score(X, np.arange(40))


def test_silhouette_ten_thousand_samples_in_blocks(monkeypatch):
    from ember.learn.metrics import _silhouette

    big = rng.normal(size=(1200, 2))
    labels = (big[:, 0] > 0).astype(int) + 2 * (big[:, 1] > 0)
    monkeypatch.setattr(_silhouette, "_BLOCK_BYTES", 8 * 1200 * 100)  # 12 blocks of 100 rows
    ours = metrics.silhouette_samples(big, labels)
    np.testing.assert_allclose(ours, sk.silhouette_samples(big, labels), rtol=1e-10, atol=1e-12)
    assert _silhouette._BLOCK_BYTES // (8 * 10_000) * 10_000 * 8 < 10_000 * 10_000 * 8 / 10


def test_pairwise_distances_chunked():
    for metric in ("euclidean", "manhattan", "cosine"):
        ours = list(pairwise.pairwise_distances_chunked(X, metric=metric, working_memory=8 * 40 * 7 / 2**20))
        theirs = list(skp.pairwise_distances_chunked(X, metric=metric, working_memory=8 * 40 * 7 / 2**20))
        assert [b.shape for b in ours] == [b.shape for b in theirs]
        np.testing.assert_allclose(np.vstack(ours), np.vstack(theirs), rtol=1e-12, atol=1e-12)
    sums = list(pairwise.pairwise_distances_chunked(X, Y, reduce_func=lambda block, start: block.sum(1)))
    np.testing.assert_allclose(np.concatenate(sums), skp.pairwise_distances(X, Y).sum(1), rtol=1e-12)
    with pytest.raises(TypeError, match="reduce_func must not return None"):
        list(pairwise.pairwise_distances_chunked(X, reduce_func=lambda block, start: None))


def test_homl_rbf_similarity_of_a_dataframe_column():
    pd = pytest.importorskip("pandas")
    ages = pd.DataFrame({"housing_median_age": rng.uniform(1, 52, 30)})
    np.testing.assert_allclose(pairwise.rbf_kernel(ages[["housing_median_age"]], [[35]], gamma=0.1),
                               skp.rbf_kernel(ages[["housing_median_age"]], [[35]], gamma=0.1), rtol=1e-12)
