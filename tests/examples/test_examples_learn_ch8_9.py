"""HOML chapters 8 and 9 (examples/homl_ch8_dimensionality_reduction.py,
examples/homl_ch9_unsupervised.py) run on ember.learn and give scikit-learn's results on
the same data (and so the book's figures where scikit-learn 1.9 still gives them).

Each example is loaded twice, as written and with its ``ember.learn`` imports pointed at
``sklearn`` (the loader of test_examples_learn_ch3_5), and each section's figures compared."""

import io
import warnings
from contextlib import redirect_stdout

import numpy as np
import pytest
from test_examples_learn_ch3_5 import close, load

CH8 = "homl_ch8_dimensionality_reduction"
CH9 = "homl_ch9_unsupervised"


def _both(example, section, *args):
    results = []
    for library in ("ember.learn", "sklearn"):
        with redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            # the book's BayesianGaussianMixture stops at max_iter=100 in both libraries
            warnings.filterwarnings("ignore", "Best performing initialization did not converge")
            results.append(getattr(load(example, library), section)(*args))
    return results


def _same_up_to_sign(got, want, **tolerances):
    """Columns equal up to their sign (eigenvector and component signs are conventions)."""
    got, want = np.asarray(got), np.asarray(want)
    signs = np.sign(np.sum(got * want, axis=0))
    close(got * signs, want, **tolerances)


# ---------------------------------------------------------------- chapter 8

def test_pca_on_3d_data_matches_sklearn():
    got, want = _both(CH8, "pca_on_3d_data")
    close(got["ratio"], want["ratio"], rtol=1e-12)
    close(got["components"], want["components"], rtol=1e-10, atol=1e-12)  # same signs
    close(got["X2D"], want["X2D"], rtol=1e-10, atol=1e-12)
    close(got["X3D_inv"], want["X3D_inv"], rtol=1e-10, atol=1e-12)


def test_pca_on_mnist_matches_sklearn():
    # 8,000 images: at least 10 per feature, so the "auto" solver is the deterministic
    # covariance_eigh (below that PCA(n_components=d) would be randomized without a seed)
    got, want = _both(CH8, "pca_on_mnist", 8000, 20)
    assert got["d"] == want["d"] and got["n_components_95"] == want["n_components_95"]
    close(got["ratio"], want["ratio"], rtol=1e-8)
    close(got["cumsum"], want["cumsum"], rtol=1e-10)
    close(got["reconstruction"], want["reconstruction"], rtol=1e-8)
    close(got["inc_ratio"], want["inc_ratio"], rtol=1e-6)
    close(got["rnd_ratio"][:20], want["rnd_ratio"][:20], rtol=1e-3)
    _same_up_to_sign(got["X_reduced"][:, :10], want["X_reduced"][:, :10], rtol=1e-6, atol=1e-6)


@pytest.mark.slow
def test_pca_on_mnist_full_run():
    got, want = _both(CH8, "pca_on_mnist")
    assert got["d"] == want["d"] == 154
    close(got["ratio"], want["ratio"], rtol=1e-8)


def test_kernel_pca_matches_sklearn():
    got, want = _both(CH8, "kernel_pca")
    assert got["best_params"]["kpca__kernel"] == want["best_params"]["kpca__kernel"]
    close(got["best_params"]["kpca__gamma"], want["best_params"]["kpca__gamma"])
    close(got["cv_scores"], want["cv_scores"], rtol=0, atol=1e-12)
    close(got["preimage_error"], want["preimage_error"], rtol=1e-6)
    _same_up_to_sign(got["X_reduced"], want["X_reduced"], rtol=1e-7, atol=1e-9)


def test_lle_matches_sklearn():
    got, want = _both(CH8, "lle")
    _same_up_to_sign(got["X_reduced"], want["X_reduced"], rtol=1e-4, atol=1e-6)
    close(got["reconstruction_error"], want["reconstruction_error"], rtol=1e-4)


def test_random_projection_matches_sklearn():
    got, want = _both(CH8, "random_projection")
    assert got["d"] == want["d"] == 7300
    for name, distortion in got["distortions"].items():  # scikit-learn's draws
        close(distortion, want["distortions"][name], rtol=1e-10)


# ---------------------------------------------------------------- chapter 9

def test_kmeans_on_blobs_matches_sklearn():
    got, want = _both(CH9, "kmeans_on_blobs")
    np.testing.assert_array_equal(got["labels"], want["labels"])
    close(got["centers"], want["centers"], rtol=1e-10)
    close(got["inertias"], want["inertias"], rtol=1e-10)
    close(got["silhouette_scores"], want["silhouette_scores"], rtol=1e-10)
    np.testing.assert_array_equal(got["new_labels"], want["new_labels"])
    assert got["best_k"] == want["best_k"] == 4


def test_image_segmentation_matches_sklearn():
    got, want = _both(CH9, "image_segmentation")
    close(got["inertias"], want["inertias"], rtol=1e-9)


def test_clustering_for_preprocessing_matches_sklearn():
    got, want = _both(CH9, "clustering_for_preprocessing", (50, 55))
    assert got["baseline"] == want["baseline"] == 0.9688888888888889  # the book's
    # The clusters are scikit-learn's (test_kmeans_on_blobs, test_semi_supervised); the
    # one-vs-rest logistic regressions on the 50 or 55 distances stop (lbfgs, tol=1e-4) at
    # slightly different points than scikit-learn's, so an image or two per fold may flip.
    for name in ("with_clusters", "tuned"):
        assert abs(got[name] - want[name]) <= 2 / 450, name
    close(got["cv_scores"], want["cv_scores"], rtol=0, atol=2 / 449)


@pytest.mark.slow
def test_clustering_for_preprocessing_full_grid():
    got, want = _both(CH9, "clustering_for_preprocessing")
    assert abs(got["tuned"] - want["tuned"]) <= 2 / 450 and got["tuned"] > 0.97


def test_semi_supervised_matches_sklearn():
    got, want = _both(CH9, "semi_supervised")
    np.testing.assert_array_equal(got["representative_idx"], want["representative_idx"])
    assert got["label_accuracy"] == want["label_accuracy"]  # the same clusters and labels
    # The one-vs-rest logistic regressions on unscaled pixels stop (lbfgs, max_iter=5000,
    # tol=1e-4) at slightly different points than scikit-learn's: a test image or two of 450
    # may go the other way.
    for name in ("first_50", "representatives", "propagated", "partial"):
        assert abs(got[name] - want[name]) <= 2 / 450, name


def test_dbscan_on_moons_matches_sklearn():
    got, want = _both(CH9, "dbscan_on_moons")
    for name in ("labels", "core", "labels2", "new_labels"):
        np.testing.assert_array_equal(got[name], want[name], err_msg=name)
    close(got["proba"], want["proba"])


def test_gaussian_mixtures_match_sklearn():
    got, want = _both(CH9, "gaussian_mixtures")
    close(got["weights"], want["weights"], rtol=1e-8)
    close(got["means"], want["means"], rtol=1e-8)
    close(got["covariances"], want["covariances"], rtol=1e-8)
    assert got["n_iter"] == want["n_iter"]
    close(got["densities"], want["densities"], rtol=1e-8)
    close(got["bics"], want["bics"], rtol=1e-8)
    close(got["aics"], want["aics"], rtol=1e-8)
    close(got["sample"], want["sample"], rtol=1e-8)  # scikit-learn's draws
    close(got["bgm_weights"], want["bgm_weights"], rtol=1e-6, atol=1e-9)
