"""HOML chapter 8: dimensionality reduction.

The book's code (2nd edition, with the 3rd edition's MNIST split: the 60,000
training images) with only ``sklearn`` changed to ``ember.learn``, one function
per section; ``main()`` runs them all and returns their results.

* PCA on the book's 3-D dataset (np.random.seed(4), 60 points near a plane):
  explained variance ratios 0.84248607 and 0.14631839, 1.1% of the variance
  lost by projecting to 2-D, and the reconstruction from 2-D;
* MNIST: the number of dimensions that keep 95% of the variance, 154, found by
  the cumulative explained variance and by PCA(n_components=0.95); compression
  to 154 dimensions and back; randomized PCA and incremental PCA (100
  mini-batches, then the same on a numpy.memmap) giving the same projection as
  full PCA;
* kernel PCA on the swiss roll (make_swiss_roll(1000, noise=0.2,
  random_state=42)): the grid search of a KernelPCA + LogisticRegression
  pipeline over gamma and the kernel (the book: rbf, gamma 0.0433), the
  pre-image reconstruction error with fit_inverse_transform=True (the book:
  32.79);
* LLE unrolling the swiss roll (LocallyLinearEmbedding(n_components=2,
  n_neighbors=10, random_state=42)): the embedding follows the roll's position
  t monotonically;
* random projection: the Johnson-Lindenstrauss bound, 7,300 dimensions for
  5,000 instances at eps=0.1 (the 3rd edition), and Gaussian and sparse
  projections keeping pairwise distances within eps.

Run: python examples/homl_ch8_dimensionality_reduction.py
"""

import os
import tempfile

import numpy as np

from ember.learn.datasets import make_swiss_roll
from ember.learn.decomposition import PCA, IncrementalPCA, KernelPCA
from ember.learn.linear_model import LogisticRegression
from ember.learn.manifold import LocallyLinearEmbedding
from ember.learn.metrics import mean_squared_error
from ember.learn.model_selection import GridSearchCV
from ember.learn.pipeline import Pipeline
from ember.learn.random_projection import (GaussianRandomProjection, SparseRandomProjection,
                                           johnson_lindenstrauss_min_dim)

BOOK_EXPLAINED_VARIANCE_RATIO = (0.84248607, 0.14631839)
BOOK_MNIST_D = 154
BOOK_KPCA_BEST = {"kpca__gamma": 0.043333333333333335, "kpca__kernel": "rbf"}
BOOK_PREIMAGE_ERROR = 32.786308795766126
BOOK_JL_DIMENSIONS = 7300


def three_d_dataset():
    np.random.seed(4)
    m = 60
    w1, w2 = 0.1, 0.3
    noise = 0.1
    angles = np.random.rand(m) * 3 * np.pi / 2 - 0.5
    X = np.empty((m, 3))
    X[:, 0] = np.cos(angles) + np.sin(angles) / 2 + noise * np.random.randn(m) / 2
    X[:, 1] = np.sin(angles) * 0.7 + noise * np.random.randn(m) / 2
    X[:, 2] = X[:, 0] * w1 + X[:, 1] * w2 + noise * np.random.randn(m)
    return X


def pca_on_3d_data():
    X = three_d_dataset()
    pca = PCA(n_components=2)
    X2D = pca.fit_transform(X)
    X3D_inv = pca.inverse_transform(X2D)
    lost = 1 - pca.explained_variance_ratio_.sum()
    print(f"PCA on the 3-D data: explained variance ratio {pca.explained_variance_ratio_} "
          f"(the book: {BOOK_EXPLAINED_VARIANCE_RATIO}), {lost:.4f} of the variance lost")
    assert np.allclose(pca.explained_variance_ratio_, BOOK_EXPLAINED_VARIANCE_RATIO, atol=1e-8)
    assert np.allclose(X3D_inv, X2D @ pca.components_ + pca.mean_)
    return {"X2D": X2D, "components": pca.components_, "ratio": pca.explained_variance_ratio_,
            "X3D_inv": X3D_inv}


def mnist_train(n_images=60_000):
    from ember.keras.datasets import mnist

    (X_train, y_train), _ = mnist.load_data()
    return X_train[:n_images].reshape(-1, 784).astype(np.float64), y_train[:n_images]


def pca_on_mnist(n_images=60_000, n_batches=100):
    X_train, _ = mnist_train(n_images)
    pca = PCA()
    pca.fit(X_train)
    cumsum = np.cumsum(pca.explained_variance_ratio_)
    d = int(np.argmax(cumsum >= 0.95) + 1)
    pca95 = PCA(n_components=0.95)
    X_reduced = pca95.fit_transform(X_train)

    pca = PCA(n_components=d)
    X_reduced = pca.fit_transform(X_train)
    X_recovered = pca.inverse_transform(X_reduced)
    reconstruction = mean_squared_error(X_train, X_recovered)

    rnd_pca = PCA(n_components=d, svd_solver="randomized", random_state=42)
    X_reduced_rnd = rnd_pca.fit_transform(X_train)

    inc_pca = IncrementalPCA(n_components=d)
    for X_batch in np.array_split(X_train, min(n_batches, n_images // d)):
        inc_pca.partial_fit(X_batch)
    X_reduced_inc = inc_pca.transform(X_train)

    with tempfile.TemporaryDirectory() as folder:
        filename = os.path.join(folder, "my_mnist.data")
        m, n = X_train.shape
        X_mm = np.memmap(filename, dtype="float32", mode="write", shape=(m, n))
        X_mm[:] = X_train
        X_mm.flush()
        del X_mm
        X_mm = np.memmap(filename, dtype="float32", mode="readonly", shape=(m, n))
        batch_size = max(m // n_batches, d)
        inc_pca_mm = IncrementalPCA(n_components=d, batch_size=batch_size)
        inc_pca_mm.fit(X_mm)
        memmap_ratio = inc_pca_mm.explained_variance_ratio_.sum()
        del X_mm

    def agreement(a, b):
        """Mean |cosine| between the same principal directions (signs may differ)."""
        return float(np.mean(np.abs(np.sum(a * b, axis=1))))

    print(f"MNIST ({n_images} images): d = {d} for 95% of the variance (the book: "
          f"{BOOK_MNIST_D}), PCA(0.95) keeps {pca95.n_components_}; reconstruction MSE "
          f"{reconstruction:.1f}; randomized and incremental PCA agree with full PCA on the "
          f"first 10 directions: {agreement(rnd_pca.components_[:10], pca.components_[:10]):.4f}, "
          f"{agreement(inc_pca.components_[:10], pca.components_[:10]):.4f}")
    if n_images == 60_000:
        assert d == BOOK_MNIST_D
    assert pca95.n_components_ == d
    assert agreement(rnd_pca.components_[:10], pca.components_[:10]) > 0.999
    assert agreement(inc_pca.components_[:10], pca.components_[:10]) > 0.99
    assert abs(memmap_ratio - pca.explained_variance_ratio_.sum()) < 0.005
    return {"d": d, "n_components_95": pca95.n_components_, "cumsum": cumsum,
            "reconstruction": reconstruction, "ratio": pca.explained_variance_ratio_,
            "rnd_ratio": rnd_pca.explained_variance_ratio_,
            "inc_ratio": inc_pca.explained_variance_ratio_, "memmap_ratio": memmap_ratio,
            "X_reduced": X_reduced, "X_reduced_rnd": X_reduced_rnd,
            "X_reduced_inc": X_reduced_inc}


def swiss_roll():
    return make_swiss_roll(n_samples=1000, noise=0.2, random_state=42)


def kernel_pca():
    X, t = swiss_roll()
    y = t > 6.9
    rbf_pca = KernelPCA(n_components=2, kernel="rbf", gamma=0.04)
    X_reduced = rbf_pca.fit_transform(X)

    clf = Pipeline([
        ("kpca", KernelPCA(n_components=2)),
        ("log_reg", LogisticRegression(solver="lbfgs")),
    ])
    param_grid = [{
        "kpca__gamma": np.linspace(0.03, 0.05, 10),
        "kpca__kernel": ["rbf", "sigmoid"],
    }]
    grid_search = GridSearchCV(clf, param_grid, cv=3)
    grid_search.fit(X, y)

    rbf_pca = KernelPCA(n_components=2, kernel="rbf", gamma=0.0433, fit_inverse_transform=True)
    X_reduced_pre = rbf_pca.fit_transform(X)
    X_preimage = rbf_pca.inverse_transform(X_reduced_pre)
    preimage_error = mean_squared_error(X, X_preimage)
    print(f"kernel PCA: grid search best {grid_search.best_params_} (the book: "
          f"{BOOK_KPCA_BEST}); pre-image error {preimage_error:.4f} (the book: "
          f"{BOOK_PREIMAGE_ERROR:.4f})")
    assert grid_search.best_params_["kpca__kernel"] == BOOK_KPCA_BEST["kpca__kernel"]
    assert np.isclose(grid_search.best_params_["kpca__gamma"], BOOK_KPCA_BEST["kpca__gamma"])
    assert abs(preimage_error - BOOK_PREIMAGE_ERROR) < 0.01
    return {"X_reduced": X_reduced, "best_params": grid_search.best_params_,
            "cv_scores": grid_search.cv_results_["mean_test_score"],
            "preimage_error": preimage_error}


def lle():
    X, t = make_swiss_roll(n_samples=1000, noise=0.2, random_state=41)
    lle = LocallyLinearEmbedding(n_components=2, n_neighbors=10, random_state=42)
    X_reduced = lle.fit_transform(X)
    # Unrolled: one embedding coordinate follows the position t along the roll.
    order = max(abs(np.corrcoef(X_reduced[:, j], t)[0, 1]) for j in range(2))
    print(f"LLE: reconstruction error {lle.reconstruction_error_:.3g}; the unrolled "
          f"coordinate follows the roll's position t (|correlation| {order:.3f})")
    assert order > 0.8
    return {"X_reduced": X_reduced, "reconstruction_error": lle.reconstruction_error_,
            "order": order}


def random_projection(n_features=2000):
    m, eps = 5_000, 0.1
    d = johnson_lindenstrauss_min_dim(m, eps=eps)
    print(f"Johnson-Lindenstrauss: {d} dimensions for {m} instances at eps={eps} (the book: "
          f"{BOOK_JL_DIMENSIONS})")
    assert d == BOOK_JL_DIMENSIONS
    # (not seed 42: the projections' own draws from RandomState(42) would repeat X's rows)
    X = np.random.RandomState(0).randn(200, n_features)
    distortions = {}
    for projection in (GaussianRandomProjection(n_components=1000, random_state=42),
                       SparseRandomProjection(n_components=1000, random_state=42)):
        X_reduced = projection.fit_transform(X)
        X_reduced = X_reduced.toarray() if hasattr(X_reduced, "toarray") else X_reduced
        original = np.sum((X[:, None] - X[None]) ** 2, axis=-1)[np.triu_indices(200, 1)]
        reduced = np.sum((X_reduced[:, None] - X_reduced[None]) ** 2,
                         axis=-1)[np.triu_indices(200, 1)]
        distortions[type(projection).__name__] = float(np.max(np.abs(reduced / original - 1)))
    print(f"random projections to 1,000 dimensions: largest distance distortion {distortions}")
    assert max(distortions.values()) < 0.25
    return {"d": d, "distortions": distortions}


def main(n_images=60_000):
    return {"pca_on_3d_data": pca_on_3d_data(), "pca_on_mnist": pca_on_mnist(n_images),
            "kernel_pca": kernel_pca(), "lle": lle(), "random_projection": random_projection()}


if __name__ == "__main__":
    main()
