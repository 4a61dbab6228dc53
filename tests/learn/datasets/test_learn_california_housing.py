"""fetch_california_housing and load_housing against the shared data files."""

import tarfile
from importlib import resources

import numpy as np
import pandas as pd
import pytest

from ember.io import data_home
from ember.learn.datasets import fetch_california_housing, load_housing

FEATURES = ["MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population",
            "AveOccup", "Latitude", "Longitude"]
HOML_COLUMNS = ["longitude", "latitude", "housing_median_age", "total_rooms",
                "total_bedrooms", "population", "households", "median_income",
                "median_house_value", "ocean_proximity"]


@pytest.fixture(scope="module")
def book_frame(tmp_path_factory):
    """The 2nd-edition CSV read by pandas straight out of the book's tgz."""
    folder = tmp_path_factory.mktemp("homl2")
    archive = data_home() / "california_housing" / "handson-ml2" / "housing.tgz"
    with tarfile.open(archive) as tar:
        tar.extract("housing.csv", folder, filter="data")
    return pd.read_csv(folder / "housing.csv")


@pytest.fixture(scope="module")
def california():
    return fetch_california_housing()


def test_fetch_shapes_names_and_dtypes(california):
    assert california.data.shape == (20640, 8) and california.data.dtype == np.float64
    assert california.target.shape == (20640,) and california.target.dtype == np.float64
    assert california.feature_names == FEATURES
    assert california.target_names == ["MedHouseVal"]
    assert california.frame is None
    assert not np.isnan(california.data).any()


def test_fetch_statistics_from_the_manifest(california):
    assert round(california.target.mean(), 6) == 2.068558
    assert round(california.data[:, 2].mean(), 6) == 5.429000
    assert (california.target.min(), california.target.max()) == (0.14999, 5.00001)


def test_fetch_first_row_by_hand(california):
    # cal_housing.data line 1: -122.23, 37.88, 41, 880 rooms, 129 bedrooms,
    # 322 people, 126 households, income 8.3252, value 452600
    np.testing.assert_allclose(
        california.data[0],
        [8.3252, 41.0, 880 / 126, 129 / 126, 322.0, 322 / 126, 37.88, -122.23],
        rtol=1e-15,
    )
    assert california.target[0] == 4.526


def test_fetch_matches_features_derived_from_the_book_csv(california, book_frame):
    """Same rows, in another order, as the HOML CSV; derived independently."""
    book = book_frame
    derived = np.column_stack([
        book.median_income, book.housing_median_age,
        book.total_rooms / book.households, book.population,
        book.population / book.households, book.latitude, book.longitude,
        book.median_house_value / 100000,
    ])
    ours = np.column_stack([np.delete(california.data, 3, axis=1), california.target])
    np.testing.assert_array_equal(
        derived[np.lexsort(derived.T)], ours[np.lexsort(ours.T)]
    )


def test_fetch_as_frame(california):
    bunch = fetch_california_housing(as_frame=True)
    assert list(bunch.frame.columns) == FEATURES + ["MedHouseVal"]
    assert bunch.frame.shape == (20640, 9)
    assert (bunch.frame.dtypes == np.float64).all()
    np.testing.assert_array_equal(bunch.data.to_numpy(), california.data)
    assert bunch.target.name == "MedHouseVal"
    np.testing.assert_array_equal(bunch.target.to_numpy(), california.target)
    X, y = fetch_california_housing(as_frame=True, return_X_y=True)
    pd.testing.assert_frame_equal(X, bunch.data)
    pd.testing.assert_series_equal(y, bunch.target)


def test_fetch_return_X_y_and_compatibility_arguments(california, tmp_path):
    X, y = fetch_california_housing(return_X_y=True, data_home=tmp_path,
                                    download_if_missing=False)
    np.testing.assert_array_equal(X, california.data)
    np.testing.assert_array_equal(y, california.target)
    assert list(tmp_path.iterdir()) == []  # nothing is written to data_home


def test_fetch_descr_is_scikit_learns(california):
    descr = resources.files("sklearn.datasets.descr")
    original = descr.joinpath("california_housing.rst")
    assert california.DESCR == original.read_text(encoding="utf-8")


def test_fetch_rejects_bad_arguments():
    match = "'data_home' parameter of fetch_california_housing"
    with pytest.raises(TypeError, match=match):
        fetch_california_housing(data_home=3)
    with pytest.raises(TypeError, match="'download_if_missing' parameter"):
        fetch_california_housing(download_if_missing=None)


def test_load_housing_equals_read_csv_of_the_book_file(book_frame):
    housing = load_housing()
    pd.testing.assert_frame_equal(housing, book_frame)
    assert list(housing.columns) == HOML_COLUMNS
    assert housing.shape == (20640, 10)
    assert housing.isna().sum().to_dict() == {c: 207 if c == "total_bedrooms" else 0
                                              for c in HOML_COLUMNS}
    assert housing.ocean_proximity.value_counts().to_dict() == {
        "<1H OCEAN": 9136, "INLAND": 6551, "NEAR OCEAN": 2658, "NEAR BAY": 2290,
        "ISLAND": 5}


def test_load_housing_keeps_the_2nd_edition_row_order():
    housing = load_housing()
    third = pd.read_csv(data_home() / "california_housing" / "housing.csv.gz")
    assert housing.iloc[:100].equals(third.iloc[:100])  # file lines 2-101
    assert not housing.equals(third)  # same rows, other order from line 102
    key = HOML_COLUMNS
    pd.testing.assert_frame_equal(
        housing.sort_values(key).reset_index(drop=True),
        third.sort_values(key).reset_index(drop=True),
    )


def test_load_housing_without_pandas_objects(book_frame):
    bunch = load_housing(as_frame=False)
    numeric = [c for c in HOML_COLUMNS[:-1] if c != "median_house_value"]
    assert bunch.feature_names == numeric
    assert bunch.data.shape == (20640, 8) and bunch.data.dtype == np.float64
    np.testing.assert_array_equal(bunch.data, book_frame[numeric].to_numpy())
    np.testing.assert_array_equal(bunch.target, book_frame.median_house_value)
    assert bunch.ocean_proximity.tolist() == book_frame.ocean_proximity.tolist()
    assert bunch.target_names == ["median_house_value"] and bunch.frame is None
    assert "207 values were randomly removed" in bunch.DESCR


def test_load_housing_rejects_bad_as_frame():
    with pytest.raises(TypeError, match="'as_frame' parameter of load_housing"):
        load_housing(as_frame=None)
