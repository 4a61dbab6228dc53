"""HOML ch8's PCA and kernel PCA code with ember's estimators: MNIST's 95%-variance
dimension (154), compression and decompression, and the kernel PCA grid search on the
swiss roll, each against scikit-learn on the same data."""

import os
from pathlib import Path

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.decomposition as skd  # noqa: E402
from sklearn.datasets import make_swiss_roll  # noqa: E402

from ember.learn.decomposition import PCA, IncrementalPCA, KernelPCA  # noqa: E402

DATASETS = Path(__file__).resolve().parents[3].parent / "shared" / "datasets"


def mnist_train(n=None):
    if not (DATASETS / "mnist" / "train-images-idx3-ubyte.gz").exists():
        pytest.skip("MNIST is not in ../shared/datasets")
    os.environ.setdefault("EMBER_DATA_HOME", str(DATASETS))
    from ember.keras.datasets import mnist

    (X, y), _ = mnist.load_data()
    X = X.reshape(len(X), -1).astype(np.float64)
    return (X, y) if n is None else (X[:n], y[:n])


@pytest.mark.slow
def test_mnist_95_percent_is_154_dimensions():
    X_train, _ = mnist_train()
    pca = PCA()
    pca.fit(X_train)
    cumsum = np.cumsum(pca.explained_variance_ratio_)
    d = np.argmax(cumsum >= 0.95) + 1
    assert d == 154  # the book's figure
    pca = PCA(n_components=0.95)
    X_reduced = pca.fit_transform(X_train)
    assert pca.n_components_ == 154
    theirs = skd.PCA(n_components=0.95).fit(X_train)
    np.testing.assert_allclose(pca.explained_variance_, theirs.explained_variance_, rtol=1e-9)
    X_recovered = pca.inverse_transform(X_reduced)
    np.testing.assert_allclose(X_recovered, theirs.inverse_transform(theirs.transform(X_train)),
                               atol=1e-6)


def test_mnist_randomized_and_incremental_as_the_book():
    X_train, _ = mnist_train(2000)
    rnd_pca = PCA(n_components=154, svd_solver="randomized", random_state=42)
    X_reduced = rnd_pca.fit_transform(X_train)
    theirs = skd.PCA(n_components=154, svd_solver="randomized", random_state=42)
    np.testing.assert_allclose(X_reduced, theirs.fit_transform(X_train), atol=1e-6)
    inc_pca = IncrementalPCA(n_components=154)
    ref = skd.IncrementalPCA(n_components=154)
    for X_batch in np.array_split(X_train, 10):
        inc_pca.partial_fit(X_batch)
        ref.partial_fit(X_batch)
    np.testing.assert_allclose(inc_pca.explained_variance_, ref.explained_variance_, rtol=1e-8)
    np.testing.assert_allclose(inc_pca.transform(X_train[:100]), ref.transform(X_train[:100]),
                               atol=1e-6)


def test_kernel_pca_grid_search_as_sklearn():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline

    X, t = make_swiss_roll(n_samples=300, noise=0.2, random_state=42)
    y = t > 6.9
    param_grid = [{"kpca__gamma": np.linspace(0.03, 0.05, 5), "kpca__kernel": ["rbf", "sigmoid"]}]
    searches = []
    for kpca in (KernelPCA(n_components=2), skd.KernelPCA(n_components=2)):
        clf = Pipeline([("kpca", kpca), ("log_reg", LogisticRegression())])
        searches.append(GridSearchCV(clf, param_grid, cv=3).fit(X, y))
    ours, theirs = searches
    assert ours.best_params_ == theirs.best_params_
    np.testing.assert_allclose(ours.cv_results_["mean_test_score"],
                               theirs.cv_results_["mean_test_score"], atol=1e-12)
