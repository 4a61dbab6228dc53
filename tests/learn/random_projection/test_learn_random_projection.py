"""Random projections against scikit-learn's: the same RandomState calls in the same
order, so the same random_state gives the same matrices (exactly) and projections; the
Johnson-Lindenstrauss bound as HOML ch8 prints it."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.random_projection as skr  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn.exceptions import DataDimensionalityWarning  # noqa: E402
from ember.learn.random_projection import (GaussianRandomProjection,  # noqa: E402
                                           SparseRandomProjection,
                                           johnson_lindenstrauss_min_dim)

PAIRS = [(GaussianRandomProjection, skr.GaussianRandomProjection),
         (SparseRandomProjection, skr.SparseRandomProjection)]


def dense(matrix):
    return matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)


def data(seed=0, n=40, d=3000):
    return np.random.RandomState(seed).rand(n, d)


@pytest.mark.parametrize("ours", [GaussianRandomProjection, SparseRandomProjection])
def test_check_estimator(ours):
    with warnings.catch_warnings():  # the checks' data has fewer features than components
        warnings.simplefilter("ignore", DataDimensionalityWarning)
        run_check_estimator(ours(n_components=3))


def test_jl_bound_as_homl():
    assert johnson_lindenstrauss_min_dim(5000, eps=0.1) == 7300
    n = np.array([1, 10, 1e4, 1e6, 5000])
    for eps in (0.01, 0.1, 0.5, 0.99, np.array([0.1, 0.2, 0.3, 0.4, 0.5])):
        np.testing.assert_array_equal(johnson_lindenstrauss_min_dim(n, eps=eps),
                                      skr.johnson_lindenstrauss_min_dim(n, eps=eps))
    # the book's formula
    assert johnson_lindenstrauss_min_dim(5000, eps=0.1) == int(
        4 * np.log(5000) / (0.1 ** 2 / 2 - 0.1 ** 3 / 3))
    for bad in ({"n_samples": 0}, {"n_samples": 10, "eps": 1.0}, {"n_samples": 10, "eps": 0}):
        with pytest.raises(ValueError) as mine:
            johnson_lindenstrauss_min_dim(**bad)
        with pytest.raises(ValueError) as ref:
            skr.johnson_lindenstrauss_min_dim(**bad)
        assert str(mine.value) == str(ref.value)
    with pytest.raises(ValueError, match="The JL bound is defined for eps in"):
        johnson_lindenstrauss_min_dim(10, eps=[0.5, 1.5])


SETTINGS = [{"random_state": 0, "eps": 0.5}, {"n_components": 50, "random_state": 3},
            {"n_components": 50, "random_state": np.random.RandomState(7)},
            {"n_components": 20, "random_state": 1, "compute_inverse_components": True}]
SPARSE_ONLY = [{"n_components": 50, "density": 0.3, "random_state": 1},
               {"n_components": 30, "density": 1.0, "random_state": 2},
               {"n_components": 40, "density": 0.995, "random_state": 2},
               {"n_components": 40, "density": 0.001, "random_state": 2},
               {"n_components": 40, "density": 0.15, "random_state": 5}]


def fitted_pair(pair, params, X):
    ours_cls, theirs_cls = pair
    seed = params.get("random_state")
    if isinstance(seed, np.random.RandomState):  # the same starting state for both
        state = seed.get_state()
        ours = ours_cls(**params).fit(X)
        seed.set_state(state)
        return ours, theirs_cls(**params).fit(X)
    return ours_cls(**params).fit(X), theirs_cls(**params).fit(X)


@pytest.mark.parametrize("params", SETTINGS)
@pytest.mark.parametrize("pair", PAIRS, ids=["gaussian", "sparse"])
def test_components_equal_sklearns(pair, params):
    X = data()
    ours, theirs = fitted_pair(pair, params, X)
    assert ours.n_components_ == theirs.n_components_
    assert type(ours.components_) is type(theirs.components_)
    np.testing.assert_array_equal(dense(ours.components_), dense(theirs.components_))
    np.testing.assert_allclose(dense(ours.transform(X)), dense(theirs.transform(X)), rtol=1e-12)
    Z = ours.transform(X)
    np.testing.assert_allclose(ours.inverse_transform(Z), theirs.inverse_transform(Z),
                               rtol=1e-9, atol=1e-10)
    if params.get("compute_inverse_components"):
        np.testing.assert_allclose(ours.inverse_components_, theirs.inverse_components_,
                                   rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("params", SPARSE_ONLY)
def test_sparse_densities_equal_sklearns(params):
    X = data(1)
    ours, theirs = fitted_pair(PAIRS[1], params, X)
    assert ours.density_ == theirs.density_
    assert type(ours.components_) is type(theirs.components_)
    np.testing.assert_array_equal(dense(ours.components_), dense(theirs.components_))


@pytest.mark.parametrize("dense_output", [False, True])
def test_sparse_input_and_output(dense_output):
    X = sp.random(30, 2000, density=0.01, random_state=0, format="csr")
    ours = SparseRandomProjection(25, dense_output=dense_output, random_state=0).fit(X)
    theirs = skr.SparseRandomProjection(25, dense_output=dense_output, random_state=0).fit(X)
    Z, Z_ref = ours.transform(X), theirs.transform(X)
    assert sp.issparse(Z) == sp.issparse(Z_ref) == (not dense_output)
    np.testing.assert_allclose(dense(Z), dense(Z_ref), rtol=1e-12)
    gaussian = GaussianRandomProjection(25, random_state=0).fit(X)
    assert isinstance(gaussian.transform(X), np.ndarray)
    np.testing.assert_allclose(
        gaussian.transform(X), skr.GaussianRandomProjection(25, random_state=0).fit(X).transform(X),
        rtol=1e-12)


def test_distances_preserved_within_eps():
    X = data(2, n=60, d=5000)
    Z = SparseRandomProjection(eps=0.5, random_state=0).fit_transform(X)
    i, j = np.triu_indices(len(X), k=1)
    ratio = (np.sum((Z[i] - Z[j]) ** 2, axis=1) / np.sum((X[i] - X[j]) ** 2, axis=1))
    assert np.all((ratio > 1 - 0.5) & (ratio < 1 + 0.5))


def test_errors_and_warnings_match_sklearn():
    X = data(n=20, d=50)
    for params in ({"eps": 0.1}, {"n_components": "auto", "eps": 0.5}):
        with pytest.raises(ValueError) as mine:
            GaussianRandomProjection(**params).fit(X)
        with pytest.raises(ValueError) as ref:
            skr.GaussianRandomProjection(**params).fit(X)
        assert str(mine.value) == str(ref.value)
    with pytest.warns(DataDimensionalityWarning, match="n_features < n_components"):
        SparseRandomProjection(60).fit(X)
    with pytest.raises(ValueError, match="The 'density' parameter of SparseRandomProjection"):
        SparseRandomProjection(density=0).fit(X)
    projection = GaussianRandomProjection(5, random_state=0).fit(X)
    assert list(projection.get_feature_names_out())[:2] == ["gaussianrandomprojection0",
                                                           "gaussianrandomprojection1"]
    with pytest.raises(ValueError, match="X has 49 features"):
        projection.transform(X[:, :49])
