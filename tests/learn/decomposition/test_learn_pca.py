"""PCA against scikit-learn's on the same data and seeds.

Every solver runs the same LAPACK / ARPACK routines on the same centred matrix and the
randomized one draws scikit-learn's test matrix, so components, variances, projections
and likelihoods must agree to rounding; the HOML ch8 3-D figure is checked as printed.
"""

import pickle

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.decomposition as skd  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn.decomposition import PCA  # noqa: E402
from ember.learn.decomposition._pca import infer_dimension  # noqa: E402

ATTRIBUTES = ("components_", "explained_variance_", "explained_variance_ratio_",
              "singular_values_", "mean_", "noise_variance_", "n_components_", "n_samples_")


def data(seed=0, n=300, d=40):
    rng = np.random.RandomState(seed)
    return rng.randn(n, d) @ np.diag(np.logspace(0, -2, d)) @ rng.randn(d, d) + 3.0


def homl_3d():
    np.random.seed(4)
    m, w1, w2, noise = 60, 0.1, 0.3, 0.1
    angles = np.random.rand(m) * 3 * np.pi / 2 - 0.5
    X = np.empty((m, 3))
    X[:, 0] = np.cos(angles) + np.sin(angles) / 2 + noise * np.random.randn(m) / 2
    X[:, 1] = np.sin(angles) * 0.7 + noise * np.random.randn(m) / 2
    X[:, 2] = X[:, 0] * w1 + X[:, 1] * w2 + noise * np.random.randn(m)
    return X


def assert_same_fit(ours, theirs, rtol=1e-10, atol=1e-12):
    for name in ATTRIBUTES:
        np.testing.assert_allclose(np.asarray(getattr(ours, name)),
                                   np.asarray(getattr(theirs, name)), rtol=rtol, atol=atol,
                                   err_msg=name)


def test_check_estimator():
    run_check_estimator(PCA())


@pytest.mark.parametrize("solver", ["full", "covariance_eigh"])
def test_check_estimator_other_solvers(solver):
    run_check_estimator(PCA(svd_solver=solver))


SETTINGS = [
    {}, {"n_components": 5}, {"n_components": 0.95}, {"n_components": 0.5}, {"n_components": "mle"},
    {"n_components": 5, "svd_solver": "full", "whiten": True},
    {"n_components": 7, "svd_solver": "covariance_eigh"},
    {"n_components": 7, "svd_solver": "covariance_eigh", "whiten": True},
    {"n_components": 0.9, "svd_solver": "covariance_eigh"},
    {"n_components": 6, "svd_solver": "arpack", "random_state": 0},
    {"n_components": 6, "svd_solver": "arpack", "random_state": 3, "tol": 1e-6},
    {"n_components": 6, "svd_solver": "randomized", "random_state": 0},
    {"n_components": 6, "svd_solver": "randomized", "random_state": 1, "whiten": True},
    {"n_components": 6, "svd_solver": "randomized", "random_state": 0,
     "power_iteration_normalizer": "QR", "iterated_power": 3, "n_oversamples": 4},
    {"n_components": 6, "svd_solver": "randomized", "random_state": 0,
     "power_iteration_normalizer": "none", "iterated_power": 1},
]


@pytest.mark.parametrize("params", SETTINGS)
def test_matches_sklearn(params):
    X = data()
    ours, theirs = PCA(**params).fit(X), skd.PCA(**params).fit(X)
    assert ours._fit_svd_solver == theirs._fit_svd_solver
    assert_same_fit(ours, theirs)
    Z = ours.transform(X)
    np.testing.assert_allclose(Z, theirs.transform(X), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(PCA(**params).fit_transform(X), skd.PCA(**params).fit_transform(X),
                               rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(ours.inverse_transform(Z), theirs.inverse_transform(Z),
                               rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(ours.get_covariance(), theirs.get_covariance(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.get_precision(), theirs.get_precision(), rtol=1e-8, atol=1e-8)
    np.testing.assert_allclose(ours.score_samples(X), theirs.score_samples(X), rtol=1e-9)
    assert ours.score(X) == pytest.approx(theirs.score(X), rel=1e-10)


@pytest.mark.parametrize("shape", [(50, 120), (700, 30), (600, 700)])
def test_auto_solver_choice_matches_sklearn(shape):
    rng = np.random.RandomState(1)
    X = rng.randn(*shape)
    for n_components in (None, 3, "mle") if shape[0] >= shape[1] else (None, 3):
        ours = PCA(n_components, random_state=0).fit(X)
        theirs = skd.PCA(n_components, random_state=0).fit(X)
        assert ours._fit_svd_solver == theirs._fit_svd_solver
        assert_same_fit(ours, theirs, rtol=1e-8, atol=1e-10)


def test_float32_is_preserved_and_matches():
    X = data().astype(np.float32)
    for solver in ("full", "covariance_eigh", "randomized"):
        ours = PCA(4, svd_solver=solver, random_state=0).fit(X)
        theirs = skd.PCA(4, svd_solver=solver, random_state=0).fit(X)
        assert ours.components_.dtype == theirs.components_.dtype == np.float32
        np.testing.assert_allclose(ours.components_, theirs.components_, rtol=1e-5, atol=1e-6)
        assert ours.transform(X).dtype == np.float32


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("solver", ["auto", "arpack", "covariance_eigh"])
def test_sparse_input(fmt, solver):
    X = sp.random(200, 30, density=0.2, random_state=0, format=fmt)
    ours = PCA(4, svd_solver=solver, random_state=1).fit(X)
    theirs = skd.PCA(4, svd_solver=solver, random_state=1).fit(X)
    assert_same_fit(ours, theirs)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.fit_transform(X), theirs.fit_transform(X), rtol=1e-10,
                               atol=1e-12)
    # the sparse route equals PCA of the dense matrix
    dense = PCA(4, svd_solver="full").fit(X.toarray())
    np.testing.assert_allclose(ours.components_, dense.components_, atol=1e-8)


@pytest.mark.parametrize("solver", ["full", "randomized"])
def test_sparse_rejected_by_other_solvers(solver):
    X = sp.random(20, 5, density=0.5, random_state=0, format="csr")
    with pytest.raises(TypeError, match='PCA only support sparse inputs with the "arpack"'):
        PCA(2, svd_solver=solver).fit(X)


def test_homl_3d_figures():
    X = homl_3d()
    pca = PCA(n_components=2)
    X2D = pca.fit_transform(X)
    np.testing.assert_allclose(pca.explained_variance_ratio_, [0.84248607, 0.14631839], atol=1e-8)
    theirs = skd.PCA(n_components=2)
    np.testing.assert_allclose(X2D, theirs.fit_transform(X), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(pca.components_, theirs.components_, rtol=1e-12, atol=1e-14)
    # the book's SVD route gives the same principal axes up to sign
    X_centered = X - X.mean(axis=0)
    Vt = np.linalg.svd(X_centered)[2]
    np.testing.assert_allclose(np.abs(pca.components_), np.abs(Vt[:2]), atol=1e-12)
    # reconstruction error of the 2-D projection as scikit-learn's
    X3D = pca.inverse_transform(X2D)
    assert np.mean(np.sum((X3D - X) ** 2, axis=1)) == pytest.approx(
        np.mean(np.sum((theirs.inverse_transform(X2D) - X) ** 2, axis=1)), rel=1e-12)


def test_variance_fraction_picks_sklearns_count():
    X = data(2)
    for fraction in (0.5, 0.8, 0.95, 0.99, 0.999):
        assert PCA(fraction).fit(X).n_components_ == skd.PCA(fraction).fit(X).n_components_
    cumulative = np.cumsum(PCA().fit(X).explained_variance_ratio_)
    d = PCA(0.95).fit(X).n_components_
    assert cumulative[d - 1] >= 0.95 > cumulative[d - 2]


def test_mle_dimension():
    rng = np.random.RandomState(0)
    latent = rng.randn(500, 3) @ rng.randn(3, 10) * 5
    X = latent + 0.1 * rng.randn(500, 10)
    assert PCA("mle").fit(X).n_components_ == 3 == skd.PCA("mle").fit(X).n_components_
    from sklearn.decomposition._pca import _infer_dimension

    spectrum = np.sort(rng.rand(15))[::-1] ** 3
    assert infer_dimension(spectrum, 40) == _infer_dimension(spectrum, 40)


def test_copy_false_centres_in_place_as_sklearn():
    X = data()
    mine, theirs = X.copy(), X.copy()
    Z = PCA(3, copy=False, svd_solver="full").fit_transform(mine)
    Z_ref = skd.PCA(3, copy=False, svd_solver="full").fit_transform(theirs)
    np.testing.assert_allclose(mine, theirs, atol=1e-12)
    np.testing.assert_allclose(Z, Z_ref, atol=1e-10)


def test_errors_match_sklearn():
    X = data()[:10, :5]
    for params in ({"n_components": 6, "svd_solver": "full"},
                   {"n_components": 5, "svd_solver": "arpack"},
                   {"n_components": 0, "svd_solver": "randomized"},
                   {"n_components": "mle", "svd_solver": "arpack"}):
        with pytest.raises(ValueError) as ours:
            PCA(**params).fit(X)
        with pytest.raises(ValueError) as theirs:
            skd.PCA(**params).fit(X)
        assert str(ours.value) == str(theirs.value)
    with pytest.raises(ValueError, match="The 'n_components' parameter of PCA must be"):
        PCA(n_components=1.5).fit(X)
    with pytest.raises(ValueError, match="'mle' is only supported if n_samples >= n_features"):
        PCA("mle", svd_solver="full").fit(X.T)


def test_feature_names_and_pickle():
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame(data()[:, :4], columns=list("abcd"))
    pca = PCA(2).fit(X)
    assert list(pca.feature_names_in_) == list("abcd")
    assert list(pca.get_feature_names_out()) == ["pca0", "pca1"]
    out = PCA(2).set_output(transform="pandas").fit_transform(X)
    assert list(out.columns) == ["pca0", "pca1"]
    again = pickle.loads(pickle.dumps(pca))
    np.testing.assert_array_equal(again.transform(X), pca.transform(X))


def test_whitened_projections_have_unit_variance():
    X = data()
    Z = PCA(5, whiten=True).fit_transform(X)
    np.testing.assert_allclose(Z.var(axis=0, ddof=1), 1.0, rtol=1e-10)
    pca = PCA(5, whiten=True).fit(X)
    np.testing.assert_allclose(pca.inverse_transform(pca.transform(X)),
                               skd.PCA(5, whiten=True).fit(X).inverse_transform(Z), atol=1e-10)
