"""HOML ch. 2's preprocessing pipeline with ember's transformers inside scikit-learn's
ColumnTransformer and Pipeline gives scikit-learn's numbers and names."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn.compose import make_column_transformer  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
import sklearn.preprocessing as sk  # noqa: E402

import ember.learn.preprocessing as em  # noqa: E402
from ember.learn.datasets import load_housing  # noqa: E402

HEAVY_TAILED = ["total_bedrooms", "total_rooms", "population", "households", "median_income"]


def housing_preprocessing(module):
    numeric = make_pipeline(SimpleImputer(strategy="median"), module.StandardScaler())
    logged = make_pipeline(SimpleImputer(strategy="median"),
                           module.FunctionTransformer(np.log, feature_names_out="one-to-one"),
                           module.StandardScaler())
    category = make_pipeline(SimpleImputer(strategy="most_frequent"), module.OneHotEncoder(handle_unknown="ignore"))
    return make_column_transformer((logged, HEAVY_TAILED), (category, ["ocean_proximity"]), remainder=numeric)


def test_housing_pipeline_matches_sklearn():
    housing = load_housing().drop(columns=["median_house_value"])
    ours, theirs = housing_preprocessing(em).fit(housing), housing_preprocessing(sk).fit(housing)
    result, expected = ours.transform(housing), theirs.transform(housing)
    assert result.shape == expected.shape == (20640, 13)
    np.testing.assert_allclose(result, expected, rtol=1e-10, atol=1e-12)
    assert ours.get_feature_names_out().tolist() == theirs.get_feature_names_out().tolist()
    assert "pipeline-2__ocean_proximity_INLAND" in ours.get_feature_names_out()


def test_min_max_and_ordinal_on_housing_match_sklearn():
    housing = load_housing()
    numbers = housing[["median_income", "total_rooms"]]
    np.testing.assert_allclose(em.MinMaxScaler(feature_range=(-1, 1)).fit_transform(numbers),
                               sk.MinMaxScaler(feature_range=(-1, 1)).fit_transform(numbers), rtol=1e-12)
    category = housing[["ocean_proximity"]]
    ours, theirs = em.OrdinalEncoder().fit(category), sk.OrdinalEncoder().fit(category)
    np.testing.assert_array_equal(ours.transform(category), theirs.transform(category))
    assert ours.categories_[0].tolist() == theirs.categories_[0].tolist()
