"""Shared machinery of the embedded-data loaders: files, checks, frames."""

import contextlib
import gzip
import numbers
import os
from importlib import resources

import numpy as np

from ._bunch import Bunch

DATA_MODULE = "ember.learn.datasets.data"


class InvalidParameterError(ValueError, TypeError):
    """A loader parameter has the wrong type or value.

    Subclasses both `ValueError` and `TypeError`, as scikit-learn's
    exception of the same name does.
    """


def data_file(name):
    """The embedded data file `data/<name>` as an `importlib` resource.

    `data/` is also importable as the namespace package `DATA_MODULE`, which
    loaders report as `data_module`, like scikit-learn's loaders do.
    """
    return resources.files(__package__).joinpath("data").joinpath(name)


@contextlib.contextmanager
def open_gzip(name, mode="rb"):
    """Opens the embedded gzip-compressed file `data/<name>` for reading.

    `mode` is `"rb"` for bytes or `"rt"` for UTF-8 text.
    """
    encoding = "utf-8" if "t" in mode else None
    with data_file(name).open("rb") as raw, gzip.open(
        raw, mode, encoding=encoding
    ) as stream:
        yield stream


def read_descr(name):
    """The text of the embedded description `descr/<name>`."""
    path = resources.files(__package__).joinpath("descr").joinpath(name)
    return path.read_text(encoding="utf-8")


def check_bool(value, name, caller):
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidParameterError(
            f"The {name!r} parameter of {caller} must be an instance of 'bool'. "
            f"Got {value!r} instead."
        )


def check_int_range(value, name, caller, low, high):
    if (
        not isinstance(value, numbers.Integral)
        or isinstance(value, (bool, np.bool_))
        or not low <= value <= high
    ):
        raise InvalidParameterError(
            f"The {name!r} parameter of {caller} must be an int in the range "
            f"[{low}, {high}]. Got {value!r} instead."
        )


def check_data_home(value, caller):
    if value is not None and not isinstance(value, (str, os.PathLike)):
        raise InvalidParameterError(
            f"The 'data_home' parameter of {caller} must be a str, an "
            f"os.PathLike or None. Got {value!r} instead."
        )


def load_csv_with_header(filename):
    """Reads an embedded CSV whose first line is `n_samples,n_features,names...`.

    The remaining lines hold `n_features` feature columns and an integer
    target column.

    Returns
    -------
    data : ndarray of shape (n_samples, n_features), dtype float64
    target : ndarray of shape (n_samples,), dtype int64
    target_names : ndarray of str
        The class names listed on the first line.
    """
    with data_file(filename).open("r", encoding="utf-8") as stream:
        header = stream.readline().strip().split(",")
        table = np.loadtxt(stream, delimiter=",", dtype=np.float64, ndmin=2)
    n_samples, n_features = int(header[0]), int(header[1])
    if table.shape != (n_samples, n_features + 1):
        raise ValueError(
            f"Embedded file {filename!r} is damaged: its header announces "
            f"{n_samples} samples x {n_features + 1} columns, it holds "
            f"{table.shape[0]} x {table.shape[1]}."
        )
    return table[:, :-1], table[:, -1].astype(np.int64), np.array(header[2:])


def import_pandas(caller):
    """Imports pandas, only when a loader is asked for DataFrames."""
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(
            f"{caller} with as_frame=True requires pandas, which is not "
            "installed. Install it with `pip install pandas`."
        ) from exc
    return pandas


def make_result(caller, *, data, target, feature_names, target_column,
                as_frame, return_X_y, **extra):
    """Builds a loader's return value from its arrays.

    With `as_frame`, `data` becomes a DataFrame with `feature_names` as
    columns, `target` a Series named `target_column`, and `frame` their
    concatenation; otherwise `frame` is None.

    Returns
    -------
    Bunch or tuple
        `(data, target)` when `return_X_y`, else a `Bunch` with keys
        `data`, `target`, `frame`, `feature_names` and those of `extra`.
    """
    frame = None
    if as_frame:
        pd = import_pandas(caller)
        columns = [str(name) for name in feature_names]
        features = pd.DataFrame(data, columns=columns)
        frame = pd.concat(
            [features, pd.Series(target, name=target_column)], axis=1
        )
        data, target = frame[columns], frame[target_column]
    if return_X_y:
        return data, target
    return Bunch(data=data, target=target, frame=frame,
                 feature_names=feature_names, **extra)
