"""SimpleImputer and MissingIndicator against scikit-learn's, and check_estimator."""

import doctest

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import scipy.sparse as sp  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import impute as sk_impute  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.pipeline import make_pipeline as sk_make_pipeline  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from ember.learn.impute import MissingIndicator, SimpleImputer, _indicator, _simple  # noqa: E402

_KEPT_OBJECT = ("object data is kept as object for most_frequent/constant (string categories), as "
                "scikit-learn's SimpleImputer does, so a dict entry is not rejected as non-numeric "
                "(scikit-learn's own fails this check with these settings)")


@pytest.mark.parametrize("estimator", [
    SimpleImputer(), SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
    SimpleImputer(strategy="constant", fill_value=-1), MissingIndicator(),
], ids=repr)
def test_check_estimator(estimator):
    fails = {"check_dtype_object": _KEPT_OBJECT} if getattr(estimator, "strategy", "mean") in (
        "most_frequent", "constant") else None
    run_check_estimator(estimator, expected_failed_checks=fails)


@pytest.fixture(scope="module")
def holes():
    rng = np.random.default_rng(0)
    X = np.round(rng.standard_normal((120, 5)), 1)  # rounding makes ties for most_frequent
    X[rng.random(X.shape) < 0.25] = np.nan
    X[:, 3] = np.nan  # an empty feature
    return X


def _compare(ours, theirs, X, X_new=None, warns=False):
    def run(estimator, data, method):
        if warns:
            with pytest.warns(UserWarning, match="Skipping features without any observed values"):
                return getattr(estimator, method)(data)
        return getattr(estimator, method)(data)

    a, b = run(ours, X, "fit_transform"), run(theirs, X, "fit_transform")
    assert sp.issparse(a) == sp.issparse(b)
    dense = lambda m: m.toarray() if sp.issparse(m) else m  # noqa: E731
    np.testing.assert_allclose(dense(a).astype(float), dense(b).astype(float), rtol=1e-12, equal_nan=True)
    assert dense(a).dtype == dense(b).dtype
    new = X if X_new is None else X_new
    np.testing.assert_allclose(dense(run(ours, new, "transform")).astype(float),
                               dense(run(theirs, new, "transform")).astype(float), rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(ours.statistics_.astype(float), theirs.statistics_.astype(float),
                               rtol=1e-12, equal_nan=True)
    np.testing.assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())


@pytest.mark.parametrize("strategy", ["mean", "median", "most_frequent", "constant", np.nanmax])
@pytest.mark.parametrize("keep_empty_features", [False, True])
@pytest.mark.parametrize("add_indicator", [False, True])
def test_dense_strategies_match_sklearn(holes, strategy, keep_empty_features, add_indicator):
    kwargs = dict(strategy=strategy, keep_empty_features=keep_empty_features, add_indicator=add_indicator)
    if strategy is np.nanmax:  # scikit-learn calls it on each column's observed values
        kwargs["strategy"] = np.max
        holes = holes[:, [0, 1, 2, 4]]
    warns = not keep_empty_features and strategy is not np.nanmax
    _compare(SimpleImputer(**kwargs), sk_impute.SimpleImputer(**kwargs), holes, holes[::-3], warns=warns)


@pytest.mark.parametrize("strategy", ["mean", "median", "most_frequent", "constant"])
def test_sparse_strategies_match_sklearn(strategy):
    rng = np.random.default_rng(1)
    dense = np.where(rng.random((80, 4)) < 0.5, 0.0, np.round(rng.standard_normal((80, 4)), 1))
    dense[rng.random(dense.shape) < 0.15] = np.nan
    dense[:, 2] = np.where(np.isnan(dense[:, 2]), np.nan, 0.0)  # zeros and holes only
    for kwargs in ({}, {"add_indicator": True}, {"keep_empty_features": True}):
        # scikit-learn's constant strategy counts a sparse column without observed stored entries as empty
        quirk = strategy == "constant" and not kwargs.get("keep_empty_features")
        _compare(SimpleImputer(strategy=strategy, **kwargs), sk_impute.SimpleImputer(strategy=strategy, **kwargs),
                 sp.csr_matrix(dense), warns=quirk)
    with pytest.raises(ValueError, match="missing_values == 0 and input is sparse"):
        SimpleImputer(missing_values=0).fit(sp.csr_matrix(np.nan_to_num(dense)))


def test_strings_objects_and_other_placeholders():
    pd = pytest.importorskip("pandas")
    rows = [["a", "x"], [np.nan, "y"], ["a", np.nan], ["b", "y"]]
    for strategy in ("most_frequent", "constant"):
        ours = SimpleImputer(strategy=strategy).fit(rows)
        theirs = sk_impute.SimpleImputer(strategy=strategy).fit(rows)
        np.testing.assert_array_equal(ours.transform(rows), theirs.transform(rows))
        np.testing.assert_array_equal(ours.statistics_, theirs.statistics_)
    frame = pd.DataFrame({"city": ["rome", None, "oslo", "rome"], "n": [1.0, 2.0, 3.0, 4.0]}, dtype=object)
    ours = SimpleImputer(strategy="constant", missing_values=None, fill_value="unknown").fit(frame)
    theirs = sk_impute.SimpleImputer(strategy="constant", missing_values=None, fill_value="unknown").fit(frame)
    np.testing.assert_array_equal(ours.transform(frame), theirs.transform(frame))
    ints = np.array([[1, -1], [-1, 3], [1, 3], [2, 5]])
    for strategy in ("mean", "most_frequent"):
        a = SimpleImputer(missing_values=-1, strategy=strategy).fit_transform(ints)
        b = sk_impute.SimpleImputer(missing_values=-1, strategy=strategy).fit_transform(ints)
        np.testing.assert_array_equal(a, b) and a.dtype == b.dtype
    words = np.array([["a", "?"], ["?", "b"], ["a", "b"]], dtype=object)
    np.testing.assert_array_equal(SimpleImputer(missing_values="?", strategy="most_frequent").fit_transform(words),
                                  [["a", "b"], ["a", "b"], ["a", "b"]])


def test_float32_is_preserved_and_copy_false_imputes_in_place():
    X = np.array([[1.0, np.nan], [3.0, 4.0]], dtype=np.float32)
    out = SimpleImputer().fit_transform(X)
    assert out.dtype == np.float32 and not np.isnan(X).sum() == 0
    in_place = X.copy()
    SimpleImputer(copy=False).fit(in_place).transform(in_place)
    np.testing.assert_array_equal(in_place, [[1.0, 4.0], [3.0, 4.0]])


def test_inverse_transform_restores_missing_values(holes):
    X = holes[:, [0, 1, 2, 4]]
    ours = SimpleImputer(add_indicator=True).fit(X)
    theirs = sk_impute.SimpleImputer(add_indicator=True).fit(X)
    np.testing.assert_array_equal(ours.inverse_transform(ours.transform(X)),
                                  theirs.inverse_transform(theirs.transform(X)))
    np.testing.assert_array_equal(np.isnan(ours.inverse_transform(ours.transform(X))), np.isnan(X))
    with pytest.raises(ValueError, match="'inverse_transform' works only when 'SimpleImputer' is instantiated"):
        SimpleImputer().fit(X).inverse_transform(X)


def test_errors():
    X = np.array([[1.0, np.nan], [3.0, 4.0]])
    with pytest.raises(ValueError, match="Cannot use mean strategy with non-numeric data"):
        SimpleImputer().fit([["a", "b"], ["c", "d"]])
    with pytest.raises(ValueError, match="'X' and 'missing_values' types are expected to be both numerical"):
        SimpleImputer(missing_values="?").fit(np.nan_to_num(X))
    with pytest.raises(ValueError, match="cannot be cast to the input data"):
        SimpleImputer(strategy="constant", fill_value="x").fit(X)
    with pytest.raises(ValueError, match="'strategy' parameter of SimpleImputer must be"):
        SimpleImputer(strategy="mode").fit(X)
    with pytest.raises(ValueError, match="'missing_values' parameter of SimpleImputer must be"):
        SimpleImputer(missing_values=[1]).fit(X)
    with pytest.raises(ValueError, match="Input X contains NaN"):
        SimpleImputer(missing_values=-1).fit(X)
    with pytest.raises(ValueError, match="X has 3 features, but SimpleImputer is expecting 2"):
        SimpleImputer().fit(X).transform(np.ones((1, 3)))


def test_pandas_input_names_and_output():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": [1.0, np.nan, 3.0], "b": [np.nan, np.nan, np.nan], "c": [1.0, 2.0, np.nan]})
    ours = SimpleImputer(add_indicator=True).set_output(transform="pandas")
    theirs = sk_impute.SimpleImputer(add_indicator=True).set_output(transform="pandas")
    with pytest.warns(UserWarning, match=r"Skipping features without any observed values: \['b'\]"):
        out = ours.fit_transform(frame)
    with pytest.warns(UserWarning):
        pd.testing.assert_frame_equal(out, theirs.fit_transform(frame))
    assert list(out.columns) == ["a", "c", "missingindicator_a", "missingindicator_b", "missingindicator_c"]


def test_missing_indicator_matches_sklearn(holes):
    train, test = holes[:60, [0, 1, 2, 4]], holes[60:, [0, 1, 2, 4]]
    train = train.copy()
    train[:, 1] = np.nan_to_num(train[:, 1])  # no missing value in feature 1 when fitting
    for kwargs in ({}, {"features": "all"}, {"sparse": True}, {"error_on_new": False}):
        ours, theirs = MissingIndicator(**kwargs).fit(train), sk_impute.MissingIndicator(**kwargs).fit(train)
        np.testing.assert_array_equal(ours.features_, theirs.features_)
        if kwargs.get("error_on_new", True) and kwargs.get("features") != "all":
            with pytest.raises(ValueError, match=r"The features \[1\] have missing values in transform"):
                ours.transform(test)
            continue
        a, b = ours.transform(test), theirs.transform(test)
        assert sp.issparse(a) == sp.issparse(b) and a.dtype == b.dtype == bool
        np.testing.assert_array_equal(a.toarray() if sp.issparse(a) else a, b.toarray() if sp.issparse(b) else b)
        np.testing.assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())
    csr = sp.csr_matrix(np.nan_to_num(holes[:, :3], nan=0.0) + np.where(np.isnan(holes[:, :3]), np.nan, 0))
    a, b = MissingIndicator().fit_transform(csr), sk_impute.MissingIndicator().fit_transform(csr)
    assert a.format == b.format == "csc"
    np.testing.assert_array_equal(a.toarray(), b.toarray())
    with pytest.raises(ValueError, match="Sparse input with missing_values=0 is not supported"):
        MissingIndicator(missing_values=0).fit(sp.csr_matrix(np.ones((3, 2))))


def test_inside_sklearn_pipeline_and_grid_search(holes):
    X = holes[:, [0, 1, 2, 4]]
    y = (np.nan_to_num(X[:, 0]) > 0).astype(int)
    grid = {"simpleimputer__strategy": ["mean", "median", "most_frequent"]}
    ours = GridSearchCV(sk_make_pipeline(SimpleImputer(), LogisticRegression()), grid, cv=3).fit(X, y)
    theirs = GridSearchCV(sk_make_pipeline(sk_impute.SimpleImputer(), LogisticRegression()), grid, cv=3).fit(X, y)
    np.testing.assert_allclose(ours.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"])


@pytest.mark.parametrize("module", [_simple, _indicator])
def test_docstring_examples_run(module):
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0


def test_ember_imputers_inside_sklearn_column_transformer_with_pandas_output(holes):
    pd = pytest.importorskip("pandas")
    from sklearn.compose import ColumnTransformer as SkColumnTransformer

    from ember.learn.impute import KNNImputer

    frame = pd.DataFrame(holes[:, [0, 1, 2, 4]], columns=["a", "b", "c", "d"])
    # jitter: the rounded values make tied neighbour distances, whose order depends on rounding
    frame[["c", "d"]] += np.random.default_rng(5).normal(scale=1e-3, size=(len(frame), 2))
    make = lambda simple, knn: SkColumnTransformer([  # noqa: E731
        ("median", simple(strategy="median", add_indicator=True), ["a", "b"]),
        ("knn", knn(n_neighbors=3), ["c", "d"]),
    ]).set_output(transform="pandas")
    ours = make(SimpleImputer, KNNImputer).fit_transform(frame)
    theirs = make(sk_impute.SimpleImputer, sk_impute.KNNImputer).fit_transform(frame)
    pd.testing.assert_frame_equal(ours, theirs)
    assert list(ours.columns[:4]) == ["median__a", "median__b", "median__missingindicator_a",
                                      "median__missingindicator_b"]
