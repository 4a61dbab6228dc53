"""KBinsDiscretizer against scikit-learn: edges, bins, encodings, weights, subsampling, k-means."""

import itertools
import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.preprocessing as sk  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

import ember.learn.preprocessing as em  # noqa: E402
from ember.learn.preprocessing._kmeans_1d import kmeans_1d  # noqa: E402


@pytest.fixture(autouse=True)
def one_openmp_thread():
    """scikit-learn's KMeans (the reference for strategy="kmeans") starts an OpenMP team per
    fit, which costs far more than the fit on these small data when cores are shared."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, user_api="openmp"):
        yield


RNG = np.random.default_rng(0)
X = np.c_[RNG.standard_normal(300), RNG.exponential(size=300), RNG.integers(0, 4, 300),
          np.r_[np.zeros(290), RNG.random(10) * 5]]
WEIGHT = RNG.random(300)
WEIGHT[::7] = 0


def fit_both(options, X, weight=None):
    results = []
    for module in (em, sk):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = module.KBinsDiscretizer(**options).fit(X, sample_weight=weight)
        results.append((model, sorted(str(w.message) for w in caught)))
    return results


def assert_discretizers_alike(ours, theirs, X):
    np.testing.assert_array_equal(ours.n_bins_, theirs.n_bins_)
    assert ours.bin_edges_.dtype == theirs.bin_edges_.dtype == object
    for a, b in zip(ours.bin_edges_, theirs.bin_edges_):
        assert a.dtype == b.dtype
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    result, expected = ours.transform(X), theirs.transform(X)
    assert type(result) is type(expected) and result.dtype == expected.dtype
    if sp.issparse(expected):
        result, expected = result.toarray(), expected.toarray()
    np.testing.assert_array_equal(result, expected)
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X)),
                               theirs.inverse_transform(theirs.transform(X)), rtol=1e-9)
    assert ours.get_feature_names_out().tolist() == theirs.get_feature_names_out().tolist()


CASES = [(strategy, method) for strategy in ("uniform", "kmeans") for method in ("averaged_inverted_cdf",)] + \
    [("quantile", method) for method in ("averaged_inverted_cdf", "inverted_cdf", "linear", "hazen")]


@pytest.mark.parametrize("strategy, quantile_method", CASES)
@pytest.mark.parametrize("n_bins", [2, 5, [3, 4, 5, 6]], ids=str)
def test_kbins_discretizer_edges_match_sklearn(strategy, quantile_method, n_bins):
    options = dict(n_bins=n_bins, encode="ordinal", strategy=strategy, quantile_method=quantile_method)
    (ours, ours_warnings), (theirs, theirs_warnings) = fit_both(options, X)
    assert ours_warnings == theirs_warnings  # the constant feature, the too narrow bins
    assert_discretizers_alike(ours, theirs, X)


@pytest.mark.parametrize("encode, dtype, strategy", [
    *itertools.product(["onehot", "onehot-dense", "ordinal"], [None, np.float32], ["quantile"]),
    ("onehot", np.float32, "kmeans"), ("onehot-dense", None, "uniform")])
def test_kbins_discretizer_encodings_match_sklearn(encode, dtype, strategy):
    options = dict(n_bins=[3, 4, 5, 6], encode=encode, strategy=strategy, dtype=dtype)
    (ours, ours_warnings), (theirs, theirs_warnings) = fit_both(options, X)
    assert ours_warnings == theirs_warnings
    assert_discretizers_alike(ours, theirs, X)
    assert_discretizers_alike(ours, theirs, X.astype(np.float32))


@pytest.mark.parametrize("strategy, quantile_method", [("uniform", "averaged_inverted_cdf"), ("kmeans", "averaged_inverted_cdf"),
                                                       ("quantile", "averaged_inverted_cdf"), ("quantile", "inverted_cdf")])
def test_kbins_discretizer_sample_weight_matches_sklearn(strategy, quantile_method):
    options = dict(n_bins=4, encode="ordinal", strategy=strategy, quantile_method=quantile_method)
    (ours, ours_warnings), (theirs, theirs_warnings) = fit_both(options, X, WEIGHT)
    assert ours_warnings == theirs_warnings
    assert_discretizers_alike(ours, theirs, X)


def test_kbins_discretizer_subsample_draws_the_same_rows():
    data, weight = RNG.standard_normal((500, 2)), RNG.random(500)
    for w in (None, weight):
        options = dict(n_bins=4, subsample=100, random_state=3)
        (ours, _), (theirs, _) = fit_both(options, data, w)
        assert_discretizers_alike(ours, theirs, data)


@pytest.mark.parametrize("seed", range(12))
def test_one_dimensional_kmeans_matches_sklearn_kmeans(seed):
    from sklearn.cluster import KMeans

    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(20, 800)), int(rng.integers(2, 12))
    column = np.r_[rng.standard_normal(n) * rng.random() * 5, rng.standard_normal(n // 5) + 10]
    if seed % 3 == 0:
        column = np.round(column)  # many ties, empty clusters
    weight = rng.random(len(column)) if seed % 2 else None
    uniform = np.linspace(column.min(), column.max(), k + 1)
    init = (uniform[1:] + uniform[:-1]) / 2
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        expected = KMeans(n_clusters=k, init=init[:, None], n_init=1).fit(column[:, None], sample_weight=weight)
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        centers = kmeans_1d(column, init, weight)
    np.testing.assert_allclose(centers, np.sort(expected.cluster_centers_[:, 0]), rtol=1e-9, atol=1e-9)
    assert [str(w.message) for w in ours] == [str(w.message) for w in theirs]


def test_kbins_discretizer_errors():
    with pytest.raises(ValueError, match="KBinsDiscretizer received an invalid number of bins at indices 0, 2"):
        em.KBinsDiscretizer(n_bins=[1, 3, 2.5, 4]).fit(X)
    with pytest.raises(ValueError, match=r"n_bins must be a scalar or array of shape \(n_features,\)"):
        em.KBinsDiscretizer(n_bins=[3, 3]).fit(X)
    with pytest.raises(ValueError, match="quantile_method should either be set to 'averaged_inverted_cdf' or 'inverted_cdf'"):
        em.KBinsDiscretizer(quantile_method="linear").fit(X, sample_weight=WEIGHT)
    with pytest.raises(ValueError, match="The 'strategy' parameter of KBinsDiscretizer must be"):
        em.KBinsDiscretizer(strategy="median").fit(X)
    model = em.KBinsDiscretizer(encode="ordinal", strategy="uniform").fit(X)
    with pytest.raises(ValueError, match="Incorrect number of features. Expecting 4, received 2"):
        model.inverse_transform(np.zeros((1, 2)))
    with pytest.raises(ValueError, match="X has 2 features, but KBinsDiscretizer is expecting 4 features"):
        model.transform(X[:, :2])


def test_kbins_discretizer_pandas_output():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(X[:, :2], columns=["income", "age"])
    ours = em.KBinsDiscretizer(3, encode="onehot-dense").set_output(transform="pandas").fit(frame)
    theirs = sk.KBinsDiscretizer(3, encode="onehot-dense").fit(frame)
    out = ours.transform(frame)
    assert list(out.columns) == list(theirs.get_feature_names_out()) == [
        "income_0.0", "income_1.0", "income_2.0", "age_0.0", "age_1.0", "age_2.0"]
    np.testing.assert_array_equal(out.to_numpy(), theirs.transform(frame))


@pytest.mark.parametrize("estimator, expected_failed", [
    (em.KBinsDiscretizer(), None),
    (em.KBinsDiscretizer(encode="ordinal", strategy="uniform"), None),
    (em.KBinsDiscretizer(strategy="kmeans", encode="onehot-dense"), {
        "check_sample_weight_equivalence_on_dense_data":
            "k-means with weights is not the fit on repeated rows: its tolerance (variance) and "
            "empty-cluster moves see the rows, not the weights; same in scikit-learn, whose own "
            "tests leave strategy='kmeans' out of this check",
    }),
], ids=repr)
@pytest.mark.filterwarnings("ignore:Bins whose width are too small")  # the checks' data have ties
@pytest.mark.filterwarnings("ignore:Number of distinct clusters")
def test_kbins_discretizer_passes_check_estimator(estimator, expected_failed):
    run_check_estimator(estimator, expected_failed_checks=expected_failed)


def test_docstring_examples():
    import doctest

    from ember.learn.preprocessing import _discretization

    assert doctest.testmod(_discretization, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0
