"""IncrementalPCA against scikit-learn's: the same batches, mean/variance merges and SVDs
of the stacked matrices, so every fitted attribute must agree to rounding; and, as HOML
ch8 uses it, partial_fit over np.array_split batches of a numpy.memmap."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.linalg import LinAlgWarning

sklearn = pytest.importorskip("sklearn")
import sklearn.decomposition as skd  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.utils import gen_batches  # noqa: E402
from sklearn.utils.extmath import _incremental_mean_and_var  # noqa: E402

from ember.learn.decomposition import PCA, IncrementalPCA  # noqa: E402
from ember.learn.decomposition._incremental_pca import (  # noqa: E402
    batch_slices, update_mean_and_variance)

ATTRIBUTES = ("components_", "explained_variance_", "explained_variance_ratio_",
              "singular_values_", "mean_", "var_", "noise_variance_", "n_components_",
              "n_samples_seen_")


def data(seed=0, n=1003, d=40):
    rng = np.random.RandomState(seed)
    return rng.randn(n, d) @ np.diag(np.logspace(0, -2, d)) @ rng.randn(d, d) + 2.0


def assert_same_fit(ours, theirs, rtol=1e-10, atol=1e-12):
    for name in ATTRIBUTES:
        np.testing.assert_allclose(np.asarray(getattr(ours, name)),
                                   np.asarray(getattr(theirs, name)), rtol=rtol, atol=atol,
                                   err_msg=name)


def test_check_estimator():
    run_check_estimator(IncrementalPCA())


@pytest.mark.parametrize("params", [{}, {"n_components": 5, "batch_size": 100},
                                    {"n_components": 10, "whiten": True, "batch_size": 57},
                                    {"n_components": 3, "batch_size": 1000}])
def test_fit_matches_sklearn(params):
    X = data()
    ours, theirs = IncrementalPCA(**params).fit(X), skd.IncrementalPCA(**params).fit(X)
    assert ours.batch_size_ == theirs.batch_size_
    assert_same_fit(ours, theirs)
    Z = ours.transform(X)
    np.testing.assert_allclose(Z, theirs.transform(X), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(ours.inverse_transform(Z), theirs.inverse_transform(Z), atol=1e-10)
    np.testing.assert_allclose(ours.get_covariance(), theirs.get_covariance(), atol=1e-12)
    with warnings.catch_warnings():  # a last batch of n_components rows leaves no noise
        warnings.simplefilter("ignore", LinAlgWarning)  # variance: a singular covariance
        np.testing.assert_allclose(ours.get_precision(), theirs.get_precision(), rtol=1e-6)


def test_partial_fit_on_memmap_as_homl(tmp_path):
    # HOML ch8: X_mm = np.memmap(...); inc_pca.partial_fit(batch) for each array_split batch
    X = data(1, n=2000, d=30).astype(np.float32)
    filename = tmp_path / "my_mnist.mmap"
    X_mm = np.memmap(filename, dtype="float32", mode="write", shape=X.shape)
    X_mm[:] = X
    X_mm.flush()
    del X_mm
    X_mm = np.memmap(filename, dtype="float32", mode="readonly").reshape(-1, 30)
    ours, theirs = IncrementalPCA(n_components=8), skd.IncrementalPCA(n_components=8)
    for batch in np.array_split(X_mm, 20):
        ours.partial_fit(batch)
        theirs.partial_fit(batch)
    assert_same_fit(ours, theirs, rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(np.asarray(X_mm), X)  # the file is left alone
    # fit on the memmap with batch_size, and close to PCA on the whole data
    fitted = IncrementalPCA(n_components=8, batch_size=100).fit(X_mm)
    assert_same_fit(fitted, skd.IncrementalPCA(n_components=8, batch_size=100).fit(X_mm),
                    rtol=1e-6, atol=1e-7)
    full = PCA(n_components=8).fit(X.astype(np.float64))
    np.testing.assert_allclose(fitted.explained_variance_[:3], full.explained_variance_[:3],
                               rtol=1e-3)


def test_partial_fit_matches_sklearn_and_converges_to_pca():
    X = data(2)
    ours, theirs = IncrementalPCA(6), skd.IncrementalPCA(6)
    for batch in np.array_split(X, 10):
        ours.partial_fit(batch)
        theirs.partial_fit(batch)
    assert_same_fit(ours, theirs)
    full = PCA(6).fit(X)
    np.testing.assert_allclose(ours.mean_, full.mean_, rtol=1e-12)
    np.testing.assert_allclose(ours.var_, X.var(axis=0), rtol=1e-10)
    np.testing.assert_allclose(ours.explained_variance_[:3], full.explained_variance_[:3],
                               rtol=1e-2)


def test_sparse_fit_and_transform():
    X = data(3)
    Xs = sp.csr_matrix(np.where(X > 2.5, X, 0.0))
    ours = IncrementalPCA(4, batch_size=100).fit(Xs)
    theirs = skd.IncrementalPCA(4, batch_size=100).fit(Xs)
    assert_same_fit(ours, theirs)
    np.testing.assert_allclose(ours.transform(Xs), theirs.transform(Xs), atol=1e-10)
    with pytest.raises(TypeError, match="partial_fit does not support sparse input"):
        IncrementalPCA(2).partial_fit(Xs)


def test_float32():
    X = data(4).astype(np.float32)
    ours = IncrementalPCA(5, batch_size=200).fit(X)
    theirs = skd.IncrementalPCA(5, batch_size=200).fit(X)
    assert ours.components_.dtype == theirs.components_.dtype
    assert_same_fit(ours, theirs, rtol=1e-5, atol=1e-6)


def test_helpers_match_sklearn():
    for n, size, least in ((10, 3, 0), (10, 3, 2), (100, 7, 5), (5, 10, 0), (12, 4, 4)):
        assert list(batch_slices(n, size, least)) == list(gen_batches(n, size, min_batch_size=least))
    rng = np.random.RandomState(0)
    A, B = rng.randn(30, 4), rng.randn(13, 4) + 1
    mean, var, count = _incremental_mean_and_var(A, 0.0, 0.0, np.zeros(4))
    ours = update_mean_and_variance(B.copy(), mean, var, count)
    theirs = _incremental_mean_and_var(B, mean, var, count)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-14)
    np.testing.assert_allclose(ours[1], np.vstack([A, B]).var(axis=0), rtol=1e-12)


def test_errors_match_sklearn():
    X = data()[:20, :6]
    cases = [(lambda k: k(n_components=7).fit(X)),
             (lambda k: k(n_components=5).partial_fit(X[:3])),
             (lambda k: k().partial_fit(X[:4]).set_params(n_components=3).partial_fit(X[4:]))]
    for case in cases:
        with pytest.raises(ValueError) as ours:
            case(IncrementalPCA)
        with pytest.raises(ValueError) as theirs:
            case(skd.IncrementalPCA)
        assert str(ours.value) == str(theirs.value)
    with pytest.raises(ValueError, match="The 'batch_size' parameter of IncrementalPCA"):
        IncrementalPCA(batch_size=0).fit(X)
