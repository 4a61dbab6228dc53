"""Decomposition suite: ember.learn's PCA family (HOML ch8) against scikit-learn's.

PCA and IncrementalPCA fit 10,000 MNIST training images (784 pixels, float64; read
from ``EMBER_DATA_HOME``, ``../shared/datasets`` by default) as the book does:
154 components (95% of the variance), by the full and the randomized SVD and in
mini-batches of 525 rows (the book's 100 batches of 52,500 rows). KernelPCA fits an
RBF kernel (gamma=0.04) on 2,000 x 20 Gaussian rows; TruncatedSVD, FastICA and NMF
fit synthetic sparse, mixed and non-negative data. Before timing, both libraries'
explained variances (eigenvalues; FastICA's iteration count; NMF's reconstruction error
and iteration count) must agree to 1e-6 and their components to 1e-6.
"""

import os

import numpy as np
import sklearn

from ._harness import Case

REFERENCE = f"scikit-learn {sklearn.__version__}"

N_MNIST = 10_000
KPCA_SHAPE = (2_000, 20)
SVD_SHAPE = (20_000, 2_000)  # TruncatedSVD: sparse, 1% non-zeros
ICA_SHAPE = (10_000, 20)  # FastICA: 10 Laplace sources mixed into 20 signals
NMF_SHAPE = (2_000, 200)  # NMF: rank 10 plus noise
_DATA_HOME = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..",
                          "shared", "datasets")


def _mnist():
    os.environ.setdefault("EMBER_DATA_HOME", os.path.abspath(_DATA_HOME))
    from ember.keras.datasets import mnist

    (X, _), _ = mnist.load_data()
    return {"X": X[:N_MNIST].reshape(N_MNIST, -1).astype(np.float64)}


def _gaussian():
    return {"X": np.random.RandomState(0).randn(*KPCA_SHAPE)}


def _sparse_counts():
    import scipy.sparse as sp

    return {"X": sp.random(*SVD_SHAPE, density=0.01, format="csr", random_state=0)}


def _mixture():
    rng = np.random.RandomState(0)
    sources = rng.laplace(size=(ICA_SHAPE[0], 10))
    return {"X": sources @ rng.randn(ICA_SHAPE[1], 10).T}


def _nonnegative():
    rng = np.random.RandomState(0)
    return {"X": np.abs(rng.randn(NMF_SHAPE[0], 10)) @ np.abs(rng.randn(10, NMF_SHAPE[1]))
            + 0.01 * np.abs(rng.randn(*NMF_SHAPE))}


def _model(library, name, params):
    if library == "ember":
        from ember.learn import decomposition
    else:
        from sklearn import decomposition
    return getattr(decomposition, name)(**params)


def _fit(library, name, params):
    def fn(s):
        model = _model(library, name, params).fit(s["X"])
        if name == "KernelPCA":
            return model.eigenvalues_, model.eigenvectors_.T
        if name == "FastICA":
            return np.array([model.n_iter_], dtype=float), model.components_
        if name == "NMF":
            return np.array([model.reconstruction_err_, model.n_iter_]), model.components_
        return model.explained_variance_, model.components_
    return fn


def _same_fit(tol, lead=50):
    """Variances to ``tol`` relative, the leading ``lead`` components to ``tol``."""
    def compare(ours, theirs):
        (values, rows), (values_ref, rows_ref) = ours, theirs
        assert values.shape == values_ref.shape, f"{values.shape} vs {values_ref.shape}"
        np.testing.assert_allclose(values, values_ref, rtol=tol)
        np.testing.assert_allclose(rows[:lead], rows_ref[:lead], atol=tol)
    return compare


# (row name, class, parameters, data, what is fitted)
MODELS = [
    ("pca_full_fit", "PCA", {"n_components": 154, "svd_solver": "full"}, _mnist,
     f"PCA(n_components=154, svd_solver='full').fit on {N_MNIST:,} x 784 MNIST"),
    ("pca_full_variance_fit", "PCA", {"n_components": 0.95, "svd_solver": "full"}, _mnist,
     f"PCA(n_components=0.95, svd_solver='full').fit on {N_MNIST:,} x 784 MNIST "
     "(154 components)"),
    ("pca_randomized_fit", "PCA",
     {"n_components": 154, "svd_solver": "randomized", "random_state": 42}, _mnist,
     f"PCA(n_components=154, svd_solver='randomized', random_state=42).fit on "
     f"{N_MNIST:,} x 784 MNIST (the same Gaussian draws)"),
    ("incremental_pca_fit", "IncrementalPCA", {"n_components": 154, "batch_size": 525},
     _mnist, f"IncrementalPCA(n_components=154, batch_size=525).fit on {N_MNIST:,} x 784 "
     "MNIST (19 batches, the book's batch size)"),
    ("kernel_pca_rbf_fit", "KernelPCA",
     {"n_components": 2, "kernel": "rbf", "gamma": 0.04, "random_state": 0}, _gaussian,
     f"KernelPCA(n_components=2, kernel='rbf', gamma=0.04).fit on "
     f"{KPCA_SHAPE[0]:,} x {KPCA_SHAPE[1]} Gaussian rows (ARPACK)"),
    ("truncated_svd_fit", "TruncatedSVD", {"n_components": 50, "random_state": 0},
     _sparse_counts, f"TruncatedSVD(n_components=50).fit on a {SVD_SHAPE[0]:,} x "
     f"{SVD_SHAPE[1]:,} CSR matrix with 1% non-zeros (randomized, 5 power iterations)"),
    ("fastica_fit", "FastICA", {"n_components": 10, "random_state": 0}, _mixture,
     f"FastICA(n_components=10).fit on {ICA_SHAPE[0]:,} x {ICA_SHAPE[1]} mixed Laplace "
     "sources (parallel, logcosh)"),
    ("nmf_cd_fit", "NMF", {"n_components": 10, "random_state": 0, "max_iter": 200}, _nonnegative,
     f"NMF(n_components=10).fit on {NMF_SHAPE[0]:,} x {NMF_SHAPE[1]} rank-10 data "
     "(NNDSVDa start, coordinate descent; ember's compiled sweep)"),
]


def cases():
    return [Case(name=row, target=1.0, setup=data, ember_fn=_fit("ember", name, params),
                 reference_fn=_fit("sklearn", name, params), compare=_same_fit(1e-6),
                 description=what)
            for row, name, params, data, what in MODELS]
