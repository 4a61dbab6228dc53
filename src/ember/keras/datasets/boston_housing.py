"""Boston house prices: `keras.datasets.boston_housing`."""

import csv
import os
from pathlib import Path

import numpy as np

from ember.io import data_home, get_file

# Keras' boston_housing.npz is not available offline; its rows are the 506
# StatLib rows in their original order, which is the order of the CSV that
# scikit-learn shipped until 1.1 (verified: the split below gives the
# training targets Deep Learning with Python prints, 15.2, 42.3, 50.0, ...,
# 19.4, 19.4, 29.1). The sha256 is that of shared/datasets' copy (MANIFEST.md).
_ORIGIN = (
    "https://raw.githubusercontent.com/scikit-learn/scikit-learn/1.1.3/"
    "sklearn/datasets/data/boston_house_prices.csv"
)
_CSV = "boston_house_prices.csv"
_SHA256 = "d98212636026544fc9b9c0f372e5f819872e6fa6fa757ab025efdda22180f2d6"
_SUBDIR = "boston_housing"
_N_SAMPLES, _N_FEATURES = 506, 13


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """Loads the Boston Housing dataset.

    506 census tracts of the Boston suburbs in the late 1970s (StatLib, from
    Harrison & Rubinfeld, 1978), each with 13 attributes (per-capita crime
    rate, rooms per dwelling, ...); the target is the median value of
    owner-occupied homes in thousands of dollars.

    **Warning** (as in Keras and scikit-learn): the data set has an ethical
    problem: its variable "B" assumes that racial self-segregation influences
    house prices. Use it only to illustrate such issues, or to reproduce the
    books' examples.

    The rows are shuffled with `np.random.RandomState(seed)` and split exactly
    as `keras.datasets.boston_housing.load_data` does, so the default
    arguments return Keras' arrays: 404 training and 102 test samples.

    Args:
        path: As in Keras, the name of a cached `boston_housing.npz` relative
            to `<EMBER_DATA_HOME>/boston_housing/` (or absolute). If that file
            exists (a copy of Keras' file), its `x` and `y` arrays are read
            instead of the CSV; ember never downloads the `.npz` itself.
            Otherwise `boston_house_prices.csv` (scikit-learn's copy of the
            StatLib rows, in their original order) is read from that folder,
            downloaded and checked against its sha256 if missing.
        test_split: Fraction of the data reserved for the test set, in
            [0, 1).
        seed: Seed of the shuffle done before the split.

    Returns:
        Tuple of NumPy arrays `(x_train, y_train), (x_test, y_test)`: float64
        arrays of shapes (404, 13), (404,), (102, 13) and (102,) with the
        default `test_split`.

    Raises:
        ValueError: `test_split` is outside [0, 1).
        ember.io.DownloadError: The CSV is missing and cannot be downloaded.
    """
    if isinstance(test_split, bool) or not isinstance(test_split, (int, float)) or not (
        0 <= test_split < 1
    ):
        raise ValueError(
            "Expected `test_split` to be a number in [0, 1). "
            f"Received: test_split={test_split!r}"
        )
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"Expected `path` to be a file name or path. Received: path={path!r}"
        )
    npz = data_home() / _SUBDIR / Path(path).expanduser()
    if npz.is_file():
        x, y = _read_npz(npz)
    else:
        x, y = read_csv(get_file(_CSV, _ORIGIN, subdir=_SUBDIR, file_hash=_SHA256))
    rng = np.random.RandomState(seed)
    indices = np.arange(len(x))
    rng.shuffle(indices)
    x, y = x[indices], y[indices]
    n_train = int(len(x) * (1 - test_split))
    return (x[:n_train], y[:n_train]), (x[n_train:], y[n_train:])


def read_csv(path):
    """Reads scikit-learn's `boston_house_prices.csv` in its row order.

    The file's first line is `506,13` (samples, features), the second the
    column names CRIM ... LSTAT, MEDV; then one row per tract.

    Returns:
        `(x, y)`: float64 arrays of shapes (506, 13) and (506,).
    """
    with open(path, newline="", encoding="ascii") as file:
        rows = list(csv.reader(file))
    try:
        n_samples, n_features = int(rows[0][0]), int(rows[0][1])
        data = np.array(rows[2:], dtype=np.float64)
    except (IndexError, ValueError) as exc:
        raise ValueError(
            f"{path}: expected the header line '506,13', a line of column names "
            f"and rows of 14 numbers ({exc})."
        ) from exc
    if (n_samples, n_features) != (_N_SAMPLES, _N_FEATURES) or data.shape != (
        _N_SAMPLES,
        _N_FEATURES + 1,
    ):
        raise ValueError(
            f"{path}: expected {_N_SAMPLES} rows of {_N_FEATURES} features and a "
            f"target; the header announces {n_samples}x{n_features} and the "
            f"rows hold {data.shape}."
        )
    return data[:, :_N_FEATURES], data[:, _N_FEATURES]


def _read_npz(path):
    with np.load(path, allow_pickle=False) as archive:
        if "x" not in archive.files or "y" not in archive.files:
            raise ValueError(
                f"{path}: expected arrays x and y (found {', '.join(archive.files)})."
            )
        return archive["x"], archive["y"]
