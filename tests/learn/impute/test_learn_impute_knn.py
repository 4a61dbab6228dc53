"""KNNImputer and the nan-Euclidean distance against scikit-learn's, and check_estimator."""

import doctest

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import impute as sk_impute  # noqa: E402
from sklearn.metrics.pairwise import nan_euclidean_distances as sk_nan_euclidean  # noqa: E402

from ember.learn.impute import KNNImputer, _knn  # noqa: E402


@pytest.mark.parametrize("estimator", [KNNImputer(), KNNImputer(weights="distance", add_indicator=True)], ids=repr)
def test_check_estimator(estimator):
    run_check_estimator(estimator)


@pytest.fixture(scope="module")
def holes():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((150, 6)) @ rng.standard_normal((6, 6))
    X[rng.random(X.shape) < 0.2] = np.nan
    X[0, :] = np.nan  # a row with nothing observed: gets the feature means
    X[:, 5] = np.nan  # an empty feature
    return X


def test_nan_euclidean_distances_match_sklearn(holes):
    X, Y = holes[:40, :5], holes[40:, :5]
    ours = _knn.nan_euclidean_distances(X, Y, np.isnan(X), np.isnan(Y))
    np.testing.assert_allclose(ours, sk_nan_euclidean(X, Y), rtol=1e-10, atol=1e-12, equal_nan=True)
    assert np.isnan(ours[0]).all()


@pytest.mark.parametrize("kwargs", [
    {}, {"n_neighbors": 1}, {"n_neighbors": 200}, {"weights": "distance"},
    {"weights": lambda d: np.exp(-d)}, {"add_indicator": True}, {"keep_empty_features": True},
], ids=["default", "k1", "k_above_n", "distance", "callable", "indicator", "keep_empty"])
def test_matches_sklearn(holes, kwargs):
    train, test = holes[:100], holes[100:]
    ours, theirs = KNNImputer(**kwargs).fit(train), sk_impute.KNNImputer(**kwargs).fit(train)
    for data in (train, test):
        np.testing.assert_allclose(ours.transform(data), theirs.transform(data), rtol=1e-9)
    np.testing.assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())


def test_callable_metric_matches_sklearn(holes):
    def manhattan(x, y, missing_values=np.nan):
        both = ~(np.isnan(x) | np.isnan(y))
        return np.abs(x[both] - y[both]).sum() if both.any() else np.nan

    train, test = holes[:40, :5], holes[100:115, :5]
    ours = KNNImputer(metric=manhattan, n_neighbors=3).fit(train)
    theirs = sk_impute.KNNImputer(metric=manhattan, n_neighbors=3).fit(train)
    np.testing.assert_allclose(ours.transform(test), theirs.transform(test), rtol=1e-12)


def test_exact_matches_and_other_placeholder():
    X = np.array([[1.0, 2.0, -1.0], [1.0, 2.0, 4.0], [3.0, 5.0, 6.0], [1.0, 2.0, 8.0], [9.0, 9.0, 9.0]])
    for weights in ("uniform", "distance"):
        ours = KNNImputer(missing_values=-1.0, n_neighbors=3, weights=weights).fit_transform(X)
        theirs = sk_impute.KNNImputer(missing_values=-1.0, n_neighbors=3, weights=weights).fit_transform(X)
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    # distance weights: exact duplicates (distance 0) alone decide
    assert KNNImputer(missing_values=-1.0, n_neighbors=3, weights="distance").fit_transform(X)[0, 2] == 6.0


def test_large_input_in_blocks_matches_sklearn(monkeypatch):
    rng = np.random.default_rng(4)
    X = rng.standard_normal((300, 4))
    X[rng.random(X.shape) < 0.3] = np.nan
    monkeypatch.setattr(_knn, "_BLOCK_BYTES", 8 * 300 * 7)  # 7 rows per block
    np.testing.assert_allclose(KNNImputer(n_neighbors=4).fit_transform(X),
                               sk_impute.KNNImputer(n_neighbors=4).fit_transform(X), rtol=1e-9)


def test_errors_and_copy():
    X = np.array([[1.0, np.nan], [3.0, 4.0], [5.0, 6.0]])
    with pytest.raises(ValueError, match="'n_neighbors' parameter of KNNImputer must be an int in the range"):
        KNNImputer(n_neighbors=0).fit(X)
    with pytest.raises(ValueError, match="'metric' parameter of KNNImputer"):
        KNNImputer(metric="manhattan").fit(X)
    with pytest.raises(TypeError, match="Sparse data was passed"):
        import scipy.sparse as sp

        KNNImputer().fit(sp.csr_matrix(np.nan_to_num(X)))
    with pytest.raises(ValueError, match="X has 3 features, but KNNImputer is expecting 2"):
        KNNImputer().fit(X).transform(np.ones((1, 3)))
    original = X.copy()
    KNNImputer().fit(X).transform(X)
    np.testing.assert_array_equal(X, original)
    in_place = X.copy()
    KNNImputer(copy=False).fit(in_place.copy()).transform(in_place)
    assert not np.isnan(in_place).any()


def test_docstring_examples_run():
    assert doctest.testmod(_knn, optionflags=doctest.ELLIPSIS).failed == 0
