"""TruncatedSVD against scikit-learn's on dense and sparse data, both algorithms: the
same ARPACK calls and randomized draws, so components, singular values, variances and
projections agree to rounding."""

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.decomposition as skd  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn.decomposition import TruncatedSVD  # noqa: E402

ATTRIBUTES = ("components_", "explained_variance_", "explained_variance_ratio_",
              "singular_values_")


def sparse_data(seed=0, fmt="csr"):
    return sp.random(300, 60, density=0.1, random_state=seed, format=fmt) * 3.0


def dense_data(seed=0):
    rng = np.random.RandomState(seed)
    return rng.randn(200, 30) @ np.diag(np.logspace(0, -2, 30)) @ rng.randn(30, 30) + 1.0


def assert_same(ours, theirs, X, rtol=1e-9, atol=1e-11):
    for name in ATTRIBUTES:
        np.testing.assert_allclose(getattr(ours, name), getattr(theirs, name), rtol=rtol,
                                   atol=atol, err_msg=name)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=rtol, atol=atol)


def test_check_estimator():
    run_check_estimator(TruncatedSVD())
    # ARPACK needs n_components < min(n_samples, n_features); the checks' data has 2 features
    run_check_estimator(TruncatedSVD(n_components=1, algorithm="arpack"))


SETTINGS = [{"n_components": 5, "random_state": 0},
            {"n_components": 5, "random_state": 1, "n_iter": 2},
            {"n_components": 8, "random_state": 0, "power_iteration_normalizer": "QR",
             "n_oversamples": 3},
            {"n_components": 5, "random_state": 0, "power_iteration_normalizer": "none"},
            {"n_components": 5, "algorithm": "arpack", "random_state": 0},
            {"n_components": 5, "algorithm": "arpack", "random_state": 2, "tol": 1e-8}]


@pytest.mark.parametrize("params", SETTINGS)
@pytest.mark.parametrize("kind", ["csr", "csc", "dense"])
def test_matches_sklearn(params, kind):
    X = dense_data() if kind == "dense" else sparse_data(fmt=kind)
    ours, theirs = TruncatedSVD(**params), skd.TruncatedSVD(**params)
    Z, Z_ref = ours.fit_transform(X), theirs.fit_transform(X)
    assert isinstance(Z, np.ndarray)
    np.testing.assert_allclose(Z, Z_ref, rtol=1e-9, atol=1e-11)
    assert_same(ours, theirs, X)
    np.testing.assert_allclose(ours.inverse_transform(Z), theirs.inverse_transform(Z_ref),
                               atol=1e-10)


def test_randomized_close_to_exact_svd():
    X = dense_data(3)
    ours = TruncatedSVD(6, n_iter=7, random_state=0).fit(sp.csr_matrix(X))
    s = np.linalg.svd(X, compute_uv=False)[:6]
    np.testing.assert_allclose(ours.singular_values_, s, rtol=1e-6)


def test_float32_and_errors():
    X = dense_data().astype(np.float32)
    ours = TruncatedSVD(4, random_state=0).fit(X)
    theirs = skd.TruncatedSVD(4, random_state=0).fit(X)
    assert ours.components_.dtype == theirs.components_.dtype == np.float32
    np.testing.assert_allclose(ours.components_, theirs.components_, rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError) as mine:
        TruncatedSVD(31).fit(dense_data())
    with pytest.raises(ValueError) as ref:
        skd.TruncatedSVD(31).fit(dense_data())
    assert str(mine.value) == str(ref.value)
    with pytest.raises(ValueError, match=r"n_components=30 must be strictly less than "
                       r"min\(n_samples, n_features\)=30 with algorithm='arpack'"):
        TruncatedSVD(30, algorithm="arpack").fit(dense_data())
    with pytest.raises(ValueError):  # scipy's svds says the same
        skd.TruncatedSVD(30, algorithm="arpack").fit(dense_data())
    with pytest.raises(ValueError, match="The 'algorithm' parameter of TruncatedSVD"):
        TruncatedSVD(algorithm="lapack").fit(dense_data())
    assert list(TruncatedSVD(3).fit(dense_data()).get_feature_names_out()) == [
        "truncatedsvd0", "truncatedsvd1", "truncatedsvd2"]
