"""keras.datasets.boston_housing from the StatLib rows of shared/datasets."""

import csv

import numpy as np
import pytest

from ember.io import data_home
from ember.keras.datasets import boston_housing


def csv_rows():
    """The 506 rows (13 features, then MEDV) read without ember."""
    with open(data_home() / "boston_housing" / "boston_house_prices.csv") as file:
        rows = list(csv.reader(file))[2:]
    return np.array(rows, dtype=float)


@pytest.fixture(scope="module")
def split():
    return boston_housing.load_data()


def test_shapes_are_the_books(split):
    (x_train, y_train), (x_test, y_test) = split
    assert x_train.shape == (404, 13) and y_train.shape == (404,)
    assert x_test.shape == (102, 13) and y_test.shape == (102,)
    assert x_train.dtype == y_train.dtype == np.float64


def test_targets_and_first_sample_are_the_books(split):
    (x_train, y_train), _ = split
    # Deep Learning with Python, ch. 3: train_targets -> [15.2, 42.3, 50., ..., 19.4, 19.4, 29.1]
    assert y_train[:3].tolist() == [15.2, 42.3, 50.0]
    assert y_train[-3:].tolist() == [19.4, 19.4, 29.1]
    np.testing.assert_array_equal(
        x_train[0],
        [1.23247, 0.0, 8.14, 0.0, 0.538, 6.142, 91.7, 3.9769, 4.0, 307.0, 21.0, 396.9, 18.72],
    )


def test_rows_are_the_csv_rows_in_keras_shuffled_order(split):
    (x_train, y_train), (x_test, y_test) = split
    rows = csv_rows()
    order = np.arange(506)
    np.random.RandomState(113).shuffle(order)
    got = np.column_stack([np.concatenate([x_train, x_test]), np.concatenate([y_train, y_test])])
    np.testing.assert_array_equal(got, rows[order])


@pytest.mark.parametrize("test_split, n_train", [(0.1, 455), (0.0, 506), (0.5, 253)])
def test_test_split(test_split, n_train):
    (x_train, _), (x_test, y_test) = boston_housing.load_data(test_split=test_split)
    assert len(x_train) == n_train and len(x_test) == len(y_test) == 506 - n_train


def test_seed_changes_the_order(split):
    (_, y_other), _ = boston_housing.load_data(seed=0)
    assert not np.array_equal(y_other, split[0][1])


@pytest.mark.parametrize("test_split", [1.0, -0.1, "0.2", True])
def test_bad_test_split(test_split):
    with pytest.raises(ValueError, match="test_split"):
        boston_housing.load_data(test_split=test_split)


def test_a_keras_npz_is_read_when_present(tmp_path, monkeypatch):
    (tmp_path / "boston_housing").mkdir()
    x, y = np.arange(26.0).reshape(2, 13), np.array([1.0, 2.0])
    np.savez(tmp_path / "boston_housing" / "boston_housing.npz", x=x, y=y)
    monkeypatch.setenv("EMBER_DATA_HOME", str(tmp_path))
    (x_train, y_train), (x_test, y_test) = boston_housing.load_data(test_split=0.5)
    assert sorted(np.concatenate([y_train, y_test])) == [1.0, 2.0]
    assert x_train.shape == x_test.shape == (1, 13)
