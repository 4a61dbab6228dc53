"""Scalers, Normalizer and the scaling functions against scikit-learn on the same data."""

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.preprocessing as sk  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

import ember.learn.preprocessing as em  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402

RNG = np.random.default_rng(0)
X = RNG.standard_normal((200, 5)) * [1, 10, 100, 0.1, 3] + [0, 5, -3, 1e3, 0]
X[:, 3] = 1e3  # a constant column keeps scale 1
X_NAN = X.copy()
X_NAN[RNG.random(X.shape) < 0.1] = np.nan
WEIGHT = RNG.random(200)
DATA = {"float64": X, "nan": X_NAN, "float32": X.astype(np.float32)}


def assert_same(ours, theirs, rtol=1e-10):
    if theirs is None:
        assert ours is None
        return
    if sp.issparse(theirs):
        assert sp.issparse(ours) and ours.format == theirs.format
        ours, theirs = ours.toarray(), theirs.toarray()
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    tol = 1e-5 if theirs.dtype == np.float32 else rtol
    np.testing.assert_allclose(ours, theirs, rtol=tol, atol=tol * 1e-2)


def assert_fitted_alike(ours, theirs, attributes, rtol=1e-10):
    for name in attributes:
        assert_same(getattr(ours, name), getattr(theirs, name), rtol)


def sparse_data(fmt, seed=1):
    return sp.random(200, 5, density=0.3, format=fmt, random_state=seed) * 10


STANDARD_ATTRIBUTES = ["mean_", "var_", "scale_", "n_samples_seen_"]
STANDARD_OPTIONS = [{}, {"with_mean": False}, {"with_std": False},
                    {"with_mean": False, "with_std": False}]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # scikit-learn's, on all-NaN weighted data
@pytest.mark.parametrize("options", STANDARD_OPTIONS, ids=str)
@pytest.mark.parametrize("data", list(DATA), ids=str)
@pytest.mark.parametrize("weighted", [False, True])
def test_standard_scaler_fit_partial_fit_transform_match_sklearn(options, data, weighted):
    data = DATA[data]
    weight = WEIGHT if weighted else None
    ours = em.StandardScaler(**options).fit(data, sample_weight=weight)
    theirs = sk.StandardScaler(**options).fit(data, sample_weight=weight)
    assert_fitted_alike(ours, theirs, STANDARD_ATTRIBUTES)
    assert_same(ours.transform(data), theirs.transform(data))
    assert_same(ours.inverse_transform(data), theirs.inverse_transform(data))
    ours, theirs = em.StandardScaler(**options), sk.StandardScaler(**options)
    for start in range(0, 200, 70):
        batch = slice(start, start + 70)
        ours.partial_fit(data[batch], sample_weight=None if weight is None else weight[batch])
        theirs.partial_fit(data[batch], sample_weight=None if weight is None else weight[batch])
    # scikit-learn weights float32 batches in float32; ours accumulates in float64
    assert_fitted_alike(ours, theirs, STANDARD_ATTRIBUTES, 1e-6 if data.dtype == np.float32 else 1e-10)


@pytest.mark.parametrize("with_std", [True, False])
@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("weighted", [False, True])
def test_standard_scaler_on_sparse_input_matches_sklearn(with_std, fmt, weighted):
    data = sparse_data(fmt)
    weight = WEIGHT if weighted else None
    ours = em.StandardScaler(with_mean=False, with_std=with_std).fit(data, sample_weight=weight)
    theirs = sk.StandardScaler(with_mean=False, with_std=with_std).fit(data, sample_weight=weight)
    assert_fitted_alike(ours, theirs, STANDARD_ATTRIBUTES)
    assert_same(ours.transform(data), theirs.transform(data))
    assert_same(ours.inverse_transform(data), theirs.inverse_transform(data))
    halves = em.StandardScaler(with_mean=False).partial_fit(data[:90]).partial_fit(data[90:])
    whole = sk.StandardScaler(with_mean=False).fit(data)
    assert_fitted_alike(halves, whole, STANDARD_ATTRIBUTES)


def test_standard_scaler_sparse_with_mean_and_copy_semantics():
    with pytest.raises(ValueError, match="Cannot center sparse matrices: pass `with_mean=False`"):
        em.StandardScaler().fit(sparse_data("csr"))
    data = X.copy()
    em.StandardScaler(copy=False).fit(data).transform(data)
    np.testing.assert_allclose(data.mean(axis=0), 0, atol=1e-9)
    kept = X.copy()
    em.StandardScaler().fit(kept).transform(kept)
    np.testing.assert_array_equal(kept, X)


@pytest.mark.parametrize("options", [{}, {"feature_range": (-2, 3)}, {"clip": True}], ids=str)
@pytest.mark.parametrize("data", list(DATA), ids=str)
def test_min_max_scaler_matches_sklearn(options, data):
    data = DATA[data]
    ours, theirs = em.MinMaxScaler(**options).fit(data), sk.MinMaxScaler(**options).fit(data)
    attributes = ["min_", "scale_", "data_min_", "data_max_", "data_range_", "n_samples_seen_"]
    assert_fitted_alike(ours, theirs, attributes)
    assert_same(ours.transform(2 * data), theirs.transform(2 * data))
    assert_same(ours.inverse_transform(data), theirs.inverse_transform(data))
    batches_ours, batches_theirs = em.MinMaxScaler(**options), sk.MinMaxScaler(**options)
    for start in range(0, 200, 70):
        batches_ours.partial_fit(data[start:start + 70])
        batches_theirs.partial_fit(data[start:start + 70])
    assert_fitted_alike(batches_ours, batches_theirs, attributes)


def test_min_max_scaler_errors():
    with pytest.raises(ValueError, match=r"Minimum of desired feature range must be smaller than maximum. Got \(2, 1\)"):
        em.MinMaxScaler(feature_range=(2, 1)).fit(X)
    with pytest.raises(TypeError, match="MinMaxScaler does not support sparse input"):
        em.MinMaxScaler().fit(sparse_data("csr"))
    with pytest.raises(ValueError, match="X has 4 features, but MinMaxScaler is expecting 5 features"):
        em.MinMaxScaler().fit(X).transform(X[:, :4])
    with pytest.raises(NotFittedError):
        em.MinMaxScaler().transform(X)


@pytest.mark.parametrize("data", [X, X_NAN, X.astype(np.float32), sparse_data("csr") - sparse_data("csr", 2),
                                  sparse_data("csc") - sparse_data("csc", 2)],
                         ids=["float64", "nan", "float32", "csr", "csc"])
def test_max_abs_scaler_matches_sklearn(data):
    ours, theirs = em.MaxAbsScaler().fit(data), sk.MaxAbsScaler().fit(data)
    assert_fitted_alike(ours, theirs, ["max_abs_", "scale_", "n_samples_seen_"])
    assert_same(ours.transform(data), theirs.transform(data))
    assert_same(ours.inverse_transform(data), theirs.inverse_transform(data))
    halves = em.MaxAbsScaler().partial_fit(data[:50]).partial_fit(data[50:])
    assert_fitted_alike(halves, theirs, ["max_abs_", "scale_", "n_samples_seen_"])
    clipped = em.MaxAbsScaler(clip=True).fit(data[:50])
    assert_same(clipped.transform(data), sk.MaxAbsScaler(clip=True).fit(data[:50]).transform(data))


ROBUST_OPTIONS = [{}, {"quantile_range": (10, 90), "unit_variance": True},
                  {"with_centering": False}, {"with_scaling": False}]


@pytest.mark.parametrize("options", ROBUST_OPTIONS, ids=str)
@pytest.mark.parametrize("data", list(DATA), ids=str)
def test_robust_scaler_matches_sklearn(options, data):
    data = DATA[data]
    ours, theirs = em.RobustScaler(**options).fit(data), sk.RobustScaler(**options).fit(data)
    assert_fitted_alike(ours, theirs, ["center_", "scale_"])
    assert_same(ours.transform(data), theirs.transform(data))
    assert_same(ours.inverse_transform(data), theirs.inverse_transform(data))


def test_robust_scaler_sparse_and_errors():
    data = sparse_data("csc")
    data.data[::7] = np.nan
    ours = em.RobustScaler(with_centering=False).fit(data)
    theirs = sk.RobustScaler(with_centering=False).fit(data)
    assert_same(ours.scale_, theirs.scale_)
    assert_same(ours.transform(data), theirs.transform(data))
    with pytest.raises(ValueError, match="Cannot center sparse matrices: use `with_centering=False`"):
        em.RobustScaler().fit(data)
    with pytest.raises(ValueError, match=r"Invalid quantile range: \(80, 20\)"):
        em.RobustScaler(quantile_range=(80, 20)).fit(X)


@pytest.mark.parametrize("norm", ["l1", "l2", "max"])
@pytest.mark.parametrize("data", [X, X.astype(np.float32), sparse_data("csr")[:20], np.zeros((3, 2))],
                         ids=["float64", "float32", "csr", "zeros"])
def test_normalizer_and_normalize_match_sklearn(norm, data):
    assert_same(em.Normalizer(norm).fit_transform(data), sk.Normalizer(norm=norm).fit_transform(data))
    for axis in (0, 1):
        assert_same(em.normalize(data, norm, axis=axis), sk.normalize(data, norm=norm, axis=axis))
    if not sp.issparse(data):
        ours, ours_norms = em.normalize(data, norm, return_norm=True)
        theirs, theirs_norms = sk.normalize(data, norm=norm, return_norm=True)
        assert_same(ours_norms, theirs_norms)
    with pytest.raises(ValueError, match="'l3' is not a supported norm"):
        em.normalize(data, "l3")


def test_scale_minmax_scale_add_dummy_feature_match_sklearn():
    assert_same(em.scale(X), sk.scale(X))
    assert_same(em.scale(X, axis=1), sk.scale(X, axis=1))
    assert_same(em.scale(X_NAN), sk.scale(X_NAN))
    assert_same(em.scale(X[:, 1]), sk.scale(X[:, 1]))
    csc = sparse_data("csc")
    assert_same(em.scale(csc, with_mean=False), sk.scale(csc, with_mean=False))
    assert_same(em.minmax_scale(X[:, 1]), sk.minmax_scale(X[:, 1]))
    assert_same(em.minmax_scale(X, (-1, 1), axis=1), sk.minmax_scale(X, (-1, 1), axis=1))
    for options in ({}, {"axis": 1}):
        assert_same(em.maxabs_scale(X_NAN, **options), sk.maxabs_scale(X_NAN, **options))
        assert_same(em.robust_scale(X_NAN, **options), sk.robust_scale(X_NAN, **options))
    assert_same(em.maxabs_scale(X[:, 1]), sk.maxabs_scale(X[:, 1]))
    assert_same(em.maxabs_scale(csc), sk.maxabs_scale(csc))
    assert_same(em.robust_scale(csc, with_centering=False), sk.robust_scale(csc, with_centering=False))
    assert_same(em.robust_scale(X, quantile_range=(10, 90), unit_variance=True),
                sk.robust_scale(X, quantile_range=(10, 90), unit_variance=True))
    assert_same(em.add_dummy_feature(X, 5.0), sk.add_dummy_feature(X, 5.0))
    for fmt in ("csr", "csc", "coo"):
        data = sparse_data(fmt)
        ours, theirs = em.add_dummy_feature(data), sk.add_dummy_feature(data)
        assert type(ours) is type(theirs)
        assert_same(ours, theirs)


@pytest.mark.parametrize("data", [X, RNG.integers(-3, 4, (20, 3)), sparse_data("csc"), sparse_data("csr"),
                                  X.astype(np.float32)], ids=["float64", "int", "csc", "csr", "float32"])
@pytest.mark.parametrize("threshold", [0.0, 0.5, 3.0])
def test_binarizer_and_binarize_match_sklearn(data, threshold):
    assert_same(em.binarize(data, threshold=threshold), sk.binarize(data, threshold=threshold))
    assert_same(em.Binarizer(threshold=threshold).fit_transform(data),
                sk.Binarizer(threshold=threshold).fit_transform(data))
    with pytest.raises(ValueError, match="Cannot binarize a sparse matrix with threshold < 0"):
        em.binarize(sparse_data("csr"), threshold=-1)


SCALERS = [em.StandardScaler, em.MinMaxScaler, em.MaxAbsScaler, em.RobustScaler, em.Normalizer,
           em.Binarizer]


@pytest.mark.parametrize("scaler", SCALERS, ids=lambda c: c.__name__)
def test_pandas_in_and_out_with_feature_names(scaler):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(X[:, :3], columns=["a", "b", "c"], index=np.arange(200) + 7)
    ours = scaler().set_output(transform="pandas").fit(frame)
    theirs = getattr(sk, scaler.__name__)().fit(frame)
    result = ours.transform(frame)
    assert isinstance(result, pd.DataFrame)
    assert list(result.columns) == ["a", "b", "c"] and (result.index == frame.index).all()
    np.testing.assert_allclose(result.to_numpy(), theirs.transform(frame), rtol=1e-12)
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert list(scaler().fit(X).get_feature_names_out()) == ["x0", "x1", "x2", "x3", "x4"]
    with pytest.raises(ValueError, match="The feature names should match"):
        ours.transform(frame.rename(columns={"a": "z"}))


@pytest.mark.parametrize("estimator", [
    em.StandardScaler(), em.StandardScaler(with_mean=False), em.MinMaxScaler(), em.MaxAbsScaler(),
    em.RobustScaler(), em.RobustScaler(with_centering=False), em.Normalizer(), em.Binarizer(),
], ids=repr)
def test_scalers_pass_check_estimator(estimator):
    run_check_estimator(estimator)


def test_docstring_examples():
    import doctest

    from ember.learn.preprocessing import _normalizer, _scalers

    for module in (_scalers, _normalizer):
        assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0
