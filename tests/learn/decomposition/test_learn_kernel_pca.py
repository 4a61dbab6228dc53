"""KernelPCA against scikit-learn's: the same kernels, centring, eigensolvers (LAPACK,
ARPACK with scikit-learn's start vector, randomized with its draws) and signs, so
eigenvalues, projections and pre-images agree to rounding; HOML ch8's swiss-roll
reconstruction error as scikit-learn computes it."""

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.decomposition as skd  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.datasets import make_swiss_roll  # noqa: E402
from sklearn.utils.validation import _check_psd_eigenvalues  # noqa: E402

from ember.learn.decomposition import KernelPCA  # noqa: E402
from ember.learn.decomposition._kernel_pca import psd_eigenvalues  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402


def swiss_roll(n=400):
    return make_swiss_roll(n_samples=n, noise=0.2, random_state=42)[0]


def test_check_estimator():
    run_check_estimator(KernelPCA())
    run_check_estimator(KernelPCA(kernel="rbf", fit_inverse_transform=True))


SETTINGS = [
    {"n_components": 2, "kernel": "rbf", "gamma": 0.04},
    {"n_components": 2, "kernel": "rbf", "gamma": 0.04, "eigen_solver": "dense"},
    {"n_components": 2, "kernel": "rbf", "gamma": 0.0433, "fit_inverse_transform": True},
    {"n_components": 3, "kernel": "sigmoid", "gamma": 0.001, "coef0": 1, "eigen_solver": "dense"},
    {"n_components": 5, "kernel": "poly", "degree": 2, "gamma": 0.01,
     "eigen_solver": "randomized", "random_state": 0},
    {"n_components": 4, "kernel": "cosine", "random_state": 1, "eigen_solver": "arpack",
     "tol": 1e-10},
    {"kernel": "linear"},
    {"n_components": 12, "kernel": "rbf", "remove_zero_eig": True, "alpha": 0.1,
     "fit_inverse_transform": True},
]


@pytest.mark.parametrize("params", SETTINGS)
def test_matches_sklearn(params):
    X = swiss_roll()
    ours, theirs = KernelPCA(**params), skd.KernelPCA(**params)
    Z, Z_ref = ours.fit_transform(X), theirs.fit_transform(X)
    assert Z.shape == Z_ref.shape
    scale = theirs.eigenvalues_.max()
    np.testing.assert_allclose(ours.eigenvalues_, theirs.eigenvalues_, rtol=1e-9,
                               atol=1e-12 * scale)
    np.testing.assert_allclose(ours.eigenvectors_, theirs.eigenvectors_, atol=1e-8)
    np.testing.assert_allclose(Z, Z_ref, atol=1e-8 * np.sqrt(scale))
    np.testing.assert_allclose(ours.transform(X[:60]), theirs.transform(X[:60]),
                               atol=1e-8 * np.sqrt(scale))
    assert ours.gamma_ == theirs.gamma_
    if params.get("fit_inverse_transform"):
        np.testing.assert_allclose(ours.dual_coef_, theirs.dual_coef_, rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(ours.inverse_transform(Z), theirs.inverse_transform(Z_ref),
                                   rtol=1e-7, atol=1e-7)


def test_homl_preimage_reconstruction_error():
    X = make_swiss_roll(n_samples=1000, noise=0.2, random_state=42)[0]
    params = {"n_components": 2, "kernel": "rbf", "gamma": 0.0433,
              "fit_inverse_transform": True}
    rbf_pca = KernelPCA(**params)
    X_preimage = rbf_pca.inverse_transform(rbf_pca.fit_transform(X))
    theirs = skd.KernelPCA(**params)
    X_ref = theirs.inverse_transform(theirs.fit_transform(X))
    error = np.mean((X - X_preimage) ** 2)
    assert error == pytest.approx(np.mean((X - X_ref) ** 2), rel=1e-9)
    assert error < np.mean((X - X.mean(axis=0)) ** 2)  # better than predicting the mean


def test_precomputed_callable_and_sparse():
    X = swiss_roll(300)
    K = np.exp(-0.04 * ((X[:, None] - X[None]) ** 2).sum(-1))
    ours = KernelPCA(3, kernel="precomputed").fit(K)
    theirs = skd.KernelPCA(3, kernel="precomputed").fit(K)
    np.testing.assert_allclose(ours.transform(K[:20]), theirs.transform(K[:20]), atol=1e-9)
    np.testing.assert_allclose(ours.transform(K[:20]),
                               KernelPCA(3, kernel="rbf", gamma=0.04).fit(X).transform(X[:20]),
                               atol=1e-9)
    assert ours.__sklearn_tags__().input_tags.pairwise

    def kernel(a, b, scale=1.0):
        return np.dot(a, b) * scale

    ours = KernelPCA(2, kernel=kernel, kernel_params={"scale": 2.0}).fit(X[:80])
    theirs = skd.KernelPCA(2, kernel=kernel, kernel_params={"scale": 2.0}).fit(X[:80])
    np.testing.assert_allclose(ours.transform(X[:10]), theirs.transform(X[:10]), atol=1e-9)
    Xs = sp.random(250, 30, density=0.2, random_state=0, format="csr")
    ours = KernelPCA(3, kernel="rbf", random_state=0).fit(Xs)
    theirs = skd.KernelPCA(3, kernel="rbf", random_state=0).fit(Xs)
    np.testing.assert_allclose(ours.transform(Xs), theirs.transform(Xs), atol=1e-10)
    # pre-images of sparse data are learned against its dense form
    pre = KernelPCA(3, kernel="rbf", fit_inverse_transform=True).fit(Xs)
    dense = KernelPCA(3, kernel="rbf", fit_inverse_transform=True).fit(Xs.toarray())
    np.testing.assert_allclose(pre.dual_coef_, dense.dual_coef_, atol=1e-9)


def test_float32():
    X = swiss_roll(250).astype(np.float32)
    ours = KernelPCA(2, kernel="rbf", gamma=0.04, eigen_solver="dense").fit(X)
    theirs = skd.KernelPCA(2, kernel="rbf", gamma=0.04, eigen_solver="dense").fit(X)
    assert ours.eigenvalues_.dtype == theirs.eigenvalues_.dtype == np.float32
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-4, atol=1e-4)


def test_psd_eigenvalues_as_sklearn():
    for values in ([5.0, 1e-14, -1e-14, 2.0], [1.0, 0.5, 1e-13], [3.0, 2.0, 1.0]):
        np.testing.assert_array_equal(psd_eigenvalues(values), _check_psd_eigenvalues(values))
    for bad in ([-1.0, -2.0], [1.0, -0.5]):
        with pytest.raises(ValueError) as mine:
            psd_eigenvalues(bad)
        with pytest.raises(ValueError) as ref:
            _check_psd_eigenvalues(bad)
        assert str(mine.value) == str(ref.value)


def test_errors():
    X = swiss_roll(50)
    with pytest.raises(ValueError, match="Cannot fit_inverse_transform with a precomputed"):
        KernelPCA(kernel="precomputed", fit_inverse_transform=True).fit(X @ X.T)
    kpca = KernelPCA(2).fit(X)
    with pytest.raises(NotFittedError, match="fit_inverse_transform parameter was not set"):
        kpca.inverse_transform(kpca.transform(X))
    with pytest.raises(ValueError, match="The 'kernel' parameter of KernelPCA must be"):
        KernelPCA(kernel="laplacian").fit(X)
    assert list(kpca.get_feature_names_out()) == ["kernelpca0", "kernelpca1"]
