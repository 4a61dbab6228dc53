"""HOML chapter 2's housing preparation written with ember only, against the same with scikit-learn."""

import os

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
pytest.importorskip("pandas")
from sklearn import compose as sk_compose  # noqa: E402
from sklearn import impute as sk_impute  # noqa: E402
from sklearn import pipeline as sk_pipeline  # noqa: E402
from sklearn import preprocessing as sk_preprocessing  # noqa: E402
from sklearn.linear_model import LinearRegression  # noqa: E402
from sklearn.model_selection import KFold, cross_val_score  # noqa: E402

from ember.learn import compose, impute, pipeline  # noqa: E402

preprocessing = pytest.importorskip("ember.learn.preprocessing")
if not all(hasattr(preprocessing, name) for name in ("StandardScaler", "OneHotEncoder")):
    pytest.skip("ember.learn.preprocessing has no StandardScaler/OneHotEncoder yet", allow_module_level=True)


def _full_pipeline(compose, pipeline, impute, preprocessing, num_attribs):
    num_pipeline = pipeline.Pipeline([
        ("imputer", impute.SimpleImputer(strategy="median")),
        ("std_scaler", preprocessing.StandardScaler()),
    ])
    return compose.ColumnTransformer([
        ("num", num_pipeline, num_attribs),
        ("cat", preprocessing.OneHotEncoder(), ["ocean_proximity"]),
    ])


@pytest.fixture(scope="module")
def housing():
    os.environ.setdefault("EMBER_DATA_HOME", "/work/shared/datasets")
    from ember.learn.datasets import load_housing

    data = load_housing()
    return data.drop(columns="median_house_value"), data["median_house_value"].to_numpy()


def test_housing_preparation_matches_sklearn(housing):
    X, y = housing
    num_attribs = list(X.columns.drop("ocean_proximity"))
    ours = _full_pipeline(compose, pipeline, impute, preprocessing, num_attribs)
    theirs = _full_pipeline(sk_compose, sk_pipeline, sk_impute, sk_preprocessing, num_attribs)
    prepared, reference = ours.fit_transform(X), theirs.fit_transform(X)
    assert prepared.shape == reference.shape == (20640, 13)
    np.testing.assert_allclose(prepared, reference, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.transform(X.iloc[:100]), theirs.transform(X.iloc[:100]), rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())
    np.testing.assert_allclose(ours.named_transformers_["num"]["imputer"].statistics_,
                               theirs.named_transformers_["num"]["imputer"].statistics_)
    assert "cat__ocean_proximity_INLAND" in ours.get_feature_names_out()
    # the book's next step: a linear model on top, cross-validated by scikit-learn
    model = pipeline.make_pipeline(_full_pipeline(compose, pipeline, impute, preprocessing, num_attribs),
                                   LinearRegression())
    reference_model = sk_pipeline.make_pipeline(
        _full_pipeline(sk_compose, sk_pipeline, sk_impute, sk_preprocessing, num_attribs), LinearRegression())
    folds = KFold(3, shuffle=True, random_state=42)  # every fold sees the five ISLAND districts' category
    np.testing.assert_allclose(cross_val_score(model, X, y, cv=folds, scoring="neg_root_mean_squared_error"),
                               cross_val_score(reference_model, X, y, cv=folds, scoring="neg_root_mean_squared_error"),
                               rtol=1e-8)


def test_housing_preparation_with_pandas_output(housing):
    pd = pytest.importorskip("pandas")
    X, _ = housing
    num_attribs = list(X.columns.drop("ocean_proximity"))
    ours = _full_pipeline(compose, pipeline, impute, preprocessing, num_attribs).set_output(transform="pandas")
    theirs = _full_pipeline(sk_compose, sk_pipeline, sk_impute, sk_preprocessing, num_attribs)
    theirs.set_params(cat__sparse_output=False).set_output(transform="pandas")
    ours.set_params(cat__sparse_output=False)
    pd.testing.assert_frame_equal(ours.fit_transform(X), theirs.fit_transform(X), rtol=1e-10)
