"""ColumnTransformer, make_column_transformer and make_column_selector against scikit-learn's."""

import doctest
import os

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
pd = pytest.importorskip("pandas")
import scipy.sparse as sp  # noqa: E402
from sklearn import compose as sk_compose  # noqa: E402
from sklearn import pipeline as sk_pipeline  # noqa: E402
from sklearn.base import clone as sk_clone  # noqa: E402
from sklearn.impute import SimpleImputer as SkSimpleImputer  # noqa: E402
from sklearn.linear_model import LinearRegression, Ridge  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

from ember.learn.base import clone  # noqa: E402
from ember.learn.compose import (  # noqa: E402
    ColumnTransformer,
    _column_transformer,
    make_column_selector,
    make_column_transformer,
)
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.pipeline import Pipeline  # noqa: E402


@pytest.fixture(scope="module")
def frame():
    rng = np.random.default_rng(0)
    n = 60
    return pd.DataFrame({
        "age": rng.integers(18, 80, n).astype(float),
        "income": rng.lognormal(3, 1, n),
        "city": rng.choice(["paris", "rome", "oslo"], n),
        "rooms": rng.integers(1, 6, n),
        "colour": rng.choice(["red", "blue"], n),
    })


def _both(transformers, **kwargs):
    """The same ColumnTransformer from ember and from scikit-learn (steps cloned apart)."""
    ours = ColumnTransformer([(n, sk_clone(t) if hasattr(t, "fit") else t, c) for n, t, c in transformers], **kwargs)
    theirs = sk_compose.ColumnTransformer(
        [(n, sk_clone(t) if hasattr(t, "fit") else t, c) for n, t, c in transformers],
        **{k: (sk_clone(v) if hasattr(v, "fit") else v) for k, v in kwargs.items()})
    return ours, theirs


def _assert_same(ours, theirs, X, y=None, X_new=None):
    a, b = ours.fit_transform(X, y), theirs.fit_transform(X, y)
    assert sp.issparse(a) == sp.issparse(b)
    if sp.issparse(a):
        a, b = a.toarray(), b.toarray()
    if a.dtype == object:
        np.testing.assert_array_equal(a, b)
    else:
        np.testing.assert_allclose(a, b, rtol=1e-12)
    new = X if X_new is None else X_new
    c, d = ours.transform(new), theirs.transform(new)
    c, d = (c.toarray(), d.toarray()) if sp.issparse(c) else (c, d)
    np.testing.assert_array_equal(c, d) if c.dtype == object else np.testing.assert_allclose(c, d, rtol=1e-12)
    np.testing.assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())
    assert ours.output_indices_ == theirs.output_indices_
    assert ours.sparse_output_ == theirs.sparse_output_
    assert [(n, str(c)) for n, _, c in ours.transformers_] == [(n, str(c)) for n, _, c in theirs.transformers_]


@pytest.mark.parametrize("spec", [
    ("names", ["age", "income"], ["city"]),
    ("ints", [0, 1], [2]),
    ("slices", slice("age", "income"), slice(2, 3)),
    ("masks", np.array([True, True, False, False, False]), [False, False, True, False, False]),
    ("callables", make_column_selector(dtype_include=np.floating), make_column_selector(pattern="^ci")),
    ("negative", [-5, -4], [-3]),
], ids=lambda s: s[0])
@pytest.mark.parametrize("remainder", ["drop", "passthrough", "scaler"])
def test_column_specifications_and_remainders_match_sklearn(frame, spec, remainder):
    _, numeric, categorical = spec
    rest = StandardScaler() if remainder == "scaler" else remainder
    # a scaled remainder needs numbers in every column it gets
    data = frame.assign(colour=np.arange(len(frame)) % 3 * 1.5) if remainder == "scaler" else frame
    ours, theirs = _both([("num", StandardScaler(), numeric), ("cat", OneHotEncoder(), categorical)],
                         remainder=rest)
    _assert_same(ours, theirs, data)


def test_housing_style_pipeline_names_and_remainder_labels(frame):
    num = ["age", "income", "rooms"]
    make = lambda ct, pipe: ct([  # noqa: E731
        ("num", pipe([("impute", SkSimpleImputer(strategy="median")), ("std", StandardScaler())]), num),
        ("cat", OneHotEncoder(), ["city"]),
    ])
    ours, theirs = make(ColumnTransformer, Pipeline), make(sk_compose.ColumnTransformer, sk_pipeline.Pipeline)
    with_nan = frame.copy()
    with_nan.loc[::7, "income"] = np.nan
    _assert_same(ours, theirs, with_nan)
    names = list(ours.get_feature_names_out())
    assert names[0] == "num__age" and names[3:] == ["cat__city_oslo", "cat__city_paris", "cat__city_rome"]
    assert ours.transformers_[-1] == ("remainder", "drop", ["colour"])
    assert ours.named_transformers_["cat"] is ours["cat"]
    np.testing.assert_array_equal(ours["cat"].categories_[0], ["oslo", "paris", "rome"])
    assert ours.transformers[1][1] is not ours.transformers_[1][1]  # the given ones stay unfitted
    assert not hasattr(ours.transformers[1][1], "categories_")


def test_scalar_columns_give_1d_data_and_a_clear_error(frame):
    for cls in (ColumnTransformer, sk_compose.ColumnTransformer):
        with pytest.raises(ValueError, match="The output of the 'pass' transformer should be 2D"):
            cls([("pass", "passthrough", "age"), ("x", StandardScaler(), ["rooms"])]).fit(frame)
    text = pd.DataFrame({"doc": ["red fox", "fox den", "den den red"], "n": [1.0, 2.0, 3.0]})
    from sklearn.feature_extraction.text import CountVectorizer

    ours, theirs = _both([("words", CountVectorizer(), "doc"), ("n", "passthrough", ["n"])])
    _assert_same(ours, theirs, text)
    for data, column in ((frame, "age"), (frame.to_numpy(), 0)):
        with pytest.raises(ValueError, match="1D data passed to a transformer that expects 2D data"):
            ColumnTransformer([("s", StandardScaler(), column)]).fit(data)


def test_numpy_and_sparse_input_and_sparse_threshold():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((30, 4))
    cats = rng.integers(0, 5, (30, 2)).astype(float)
    both = np.hstack([X, cats])
    for threshold in (0.0, 0.3, 0.9):
        ours, theirs = _both([("n", StandardScaler(), [0, 1, 2, 3]), ("c", OneHotEncoder(), [4, 5])],
                             sparse_threshold=threshold)
        _assert_same(ours, theirs, both)
    ours, theirs = _both([("n", StandardScaler(with_mean=False), [0, 1])], remainder="passthrough")
    _assert_same(ours, theirs, sp.csr_matrix(both))
    with pytest.raises(ValueError, match="only supported for dataframes"):
        ColumnTransformer([("n", StandardScaler(), ["a"])]).fit(X)
    with pytest.raises(ValueError, match="X has 3 features, but ColumnTransformer is expecting 6"):
        ColumnTransformer([("n", StandardScaler(), [0])]).fit(both).transform(X[:, :3])


def test_weights_drop_empty_selection_and_verbose_names(frame):
    ours, theirs = _both([("a", StandardScaler(), ["age"]), ("b", "drop", ["income"]),
                          ("e", OneHotEncoder(), []), ("c", OneHotEncoder(), ["city"])],
                         transformer_weights={"a": 3.0, "c": 0.5}, remainder="passthrough")
    _assert_same(ours, theirs, frame)
    assert ours.output_indices_["e"] == slice(0, 0) and ours.output_indices_["b"] == slice(0, 0)
    for verbose in (False, "{feature_name}@{transformer_name}", lambda t, f: f"{t}:{f}"):
        ours, theirs = _both([("a", StandardScaler(), ["age"]), ("c", OneHotEncoder(), ["city"])],
                             verbose_feature_names_out=verbose)
        _assert_same(ours, theirs, frame)
    clash = ColumnTransformer([("a", StandardScaler(), ["age"]), ("b", StandardScaler(), ["age"])],
                              verbose_feature_names_out=False).fit(frame)
    with pytest.raises(ValueError, match=r"Output feature names: \['age'\] are not unique"):
        clash.get_feature_names_out()


def test_transform_selects_dataframe_columns_by_name(frame):
    ct = ColumnTransformer([("num", StandardScaler(), ["age", "income"]), ("cat", OneHotEncoder(), ["city"])])
    expected = ct.fit_transform(frame)
    shuffled = frame[["colour", "city", "income", "rooms", "age"]].assign(extra=1)
    np.testing.assert_allclose(ct.transform(shuffled), expected)
    with pytest.raises(ValueError, match="columns are missing: {'age'}"):
        ct.transform(frame.drop(columns="age"))
    # fitted on a DataFrame, given an array: by position, without a feature-name warning (as scikit-learn)
    by_position = ColumnTransformer([("p", "passthrough", [0, 1])]).fit(frame)
    np.testing.assert_array_equal(by_position.transform(frame.to_numpy()), frame.to_numpy()[:, :2])


def test_set_output_pandas_matches_sklearn(frame):
    make = lambda cls: cls([("num", StandardScaler(), ["age", "income"]),  # noqa: E731
                            ("cat", OneHotEncoder(sparse_output=False), ["city"])],
                           remainder="passthrough").set_output(transform="pandas")
    ours, theirs = make(ColumnTransformer), make(sk_compose.ColumnTransformer)
    indexed = frame.set_index(np.arange(len(frame)) + 1000)
    pd.testing.assert_frame_equal(ours.fit_transform(indexed), theirs.fit_transform(indexed))
    pd.testing.assert_frame_equal(ours.transform(indexed), theirs.transform(indexed))
    assert ours.transformers_[0][1]._sklearn_output_config["transform"] == "pandas"


def test_params_clone_set_params_and_grid_search():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((40, 3))
    y = X @ [1.0, -2.0, 0.5] + 0.1 * rng.standard_normal(40)
    ours = ColumnTransformer([("s", StandardScaler(), [0, 1])], remainder=StandardScaler())
    theirs = sk_compose.ColumnTransformer([("s", StandardScaler(), [0, 1])], remainder=StandardScaler())
    assert set(ours.get_params()) == set(theirs.get_params())
    ours.set_params(s__with_mean=False, remainder__with_std=False)
    assert ours.transformers[0][1].with_mean is False and ours.remainder.with_std is False
    ours.set_params(s="drop")
    assert ours.transformers[0] == ("s", "drop", [0, 1])
    copy = clone(ours)
    assert copy.remainder is not ours.remainder and copy.transformers[0] == ("s", "drop", [0, 1])
    grid = {"prep__s": ["drop", StandardScaler()], "reg__alpha": [0.1, 10.0]}
    make = lambda ct: sk_pipeline.Pipeline([("prep", ct), ("reg", Ridge())])  # noqa: E731
    a = GridSearchCV(make(ColumnTransformer([("s", StandardScaler(), [0, 1])], remainder="passthrough")), grid, cv=3).fit(X, y)
    b = GridSearchCV(make(sk_compose.ColumnTransformer([("s", StandardScaler(), [0, 1])], remainder="passthrough")), grid, cv=3).fit(X, y)
    np.testing.assert_allclose(a.cv_results_["mean_test_score"], b.cv_results_["mean_test_score"], rtol=1e-12)


def test_make_column_transformer_and_selector(frame):
    ours = make_column_transformer((StandardScaler(), ["age"]), (OneHotEncoder(), ["city"]),
                                   (StandardScaler(), ["income"]), remainder="passthrough")
    theirs = sk_compose.make_column_transformer((StandardScaler(), ["age"]), (OneHotEncoder(), ["city"]),
                                                (StandardScaler(), ["income"]), remainder="passthrough")
    assert [t[0] for t in ours.transformers] == [t[0] for t in theirs.transformers]
    _assert_same(ours, theirs, frame)
    for kwargs in ({"dtype_include": np.number}, {"dtype_exclude": np.number}, {"pattern": "o"},
                   {"pattern": "^c", "dtype_exclude": np.number}, {"dtype_include": "int"}):
        assert make_column_selector(**kwargs)(frame) == sk_compose.make_column_selector(**kwargs)(frame)
    with pytest.raises(ValueError, match="can only be applied to pandas dataframes"):
        make_column_selector()(np.ones((2, 2)))


def test_errors_and_fitted_state(frame):
    with pytest.raises(NotFittedError):
        ColumnTransformer([("s", StandardScaler(), [0])]).transform(frame)
    with pytest.raises(TypeError, match="subscriptable after it is fitted"):
        ColumnTransformer([("s", StandardScaler(), [0])])["s"]
    with pytest.raises(TypeError, match="All estimators should implement fit and transform"):
        ColumnTransformer([("r", LinearRegression(), [0])]).fit(frame)
    with pytest.raises(ValueError, match="The remainder keyword needs to be one of"):
        ColumnTransformer([("s", StandardScaler(), [0])], remainder="keep").fit(frame)
    with pytest.raises(ValueError, match="'sparse_threshold' parameter of ColumnTransformer"):
        ColumnTransformer([], sparse_threshold="low").fit(frame)
    with pytest.raises(ValueError, match="A given column is not a column of the dataframe"):
        ColumnTransformer([("s", StandardScaler(), ["nope"])]).fit(frame)
    fitted = ColumnTransformer([("s", StandardScaler(), ["age"])]).fit(frame)
    assert fitted.n_features_in_ == 5 and list(fitted.feature_names_in_) == list(frame.columns)
    with pytest.raises(KeyError, match="'t' is not a valid transformer name"):
        fitted["t"]
    assert ColumnTransformer([("d", "drop", ["age"])]).fit_transform(frame).shape == (60, 0)


def test_no_copy_for_contiguous_numpy_columns():
    X = np.arange(40.0).reshape(10, 4)
    block = _column_transformer._take_columns(X, [1, 2], scalar=False)
    assert np.shares_memory(block, X)
    assert not np.shares_memory(_column_transformer._take_columns(X, [0, 2], scalar=False), X)


def test_lists_become_object_arrays():
    rows = [[1.0, "a"], [2.0, "b"], [3.0, "a"]]
    ours, theirs = _both([("s", StandardScaler(), [0]), ("c", OneHotEncoder(), [1])])
    _assert_same(ours, theirs, rows)


def test_hands_on_ml_housing_matches_sklearn():
    os.environ.setdefault("EMBER_DATA_HOME", "/work/shared/datasets")
    from ember.learn.datasets import load_housing

    housing = load_housing().drop(columns="median_house_value")
    num = list(housing.columns.drop("ocean_proximity"))
    make = lambda ct, pipe: ct([  # noqa: E731
        ("num", pipe([("imputer", SkSimpleImputer(strategy="median")), ("std", StandardScaler())]), num),
        ("cat", OneHotEncoder(), ["ocean_proximity"]),
    ])
    ours, theirs = make(ColumnTransformer, Pipeline), make(sk_compose.ColumnTransformer, sk_pipeline.Pipeline)
    _assert_same(ours, theirs, housing)
    assert ours.get_feature_names_out()[-4] == "cat__ocean_proximity_INLAND"
    assert ours.get_feature_names_out()[7] == "num__median_income"


def test_docstring_examples_run():
    assert doctest.testmod(_column_transformer, optionflags=doctest.ELLIPSIS).failed == 0


def test_verbose_lines_and_n_jobs_match_sklearn(frame, capsys):
    spec = [("num", StandardScaler(), ["age", "income"]), ("cat", OneHotEncoder(), ["city"])]
    ColumnTransformer(spec, remainder="passthrough", verbose=True).fit(frame)
    ours = capsys.readouterr().out.splitlines()
    sk_compose.ColumnTransformer(spec, remainder="passthrough", verbose=True).fit(frame)
    theirs = capsys.readouterr().out.splitlines()
    assert [line[:-8] for line in ours] == [line[:-8] for line in theirs]  # all but the seconds
    assert ours[0].startswith("[ColumnTransformer] ") and "(1 of 3) Processing num" in ours[0]
    joblib = pytest.importorskip("joblib")
    with joblib.parallel_config(backend="threading"):
        parallel = ColumnTransformer(spec, n_jobs=2).fit_transform(frame)
    np.testing.assert_allclose(parallel.toarray() if sp.issparse(parallel) else parallel,
                               ColumnTransformer(spec).fit_transform(frame))
