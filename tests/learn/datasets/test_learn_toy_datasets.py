"""ember.learn.datasets' embedded loaders against scikit-learn's own loaders."""

import copy
import pickle
import sys
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from sklearn import datasets as skdatasets

from ember.learn import datasets
from ember.learn.datasets import Bunch

LOADERS = ["load_iris", "load_wine", "load_breast_cancer", "load_digits"]
DATA_FOLDER = resources.files("ember.learn.datasets").joinpath("data")


def both(name, **kwargs):
    return getattr(datasets, name)(**kwargs), getattr(skdatasets, name)(**kwargs)


def assert_same_array(ours, theirs):
    assert type(ours) is type(theirs)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("name", LOADERS)
def test_bunch_matches_scikit_learn(name):
    ours, theirs = both(name)
    assert isinstance(ours, Bunch) and isinstance(ours, dict)
    assert set(ours) == set(theirs)
    for key in ("data", "target", "target_names"):
        assert_same_array(ours[key], theirs[key])
    assert type(ours.feature_names) is type(theirs.feature_names)
    assert list(ours.feature_names) == list(theirs.feature_names)
    assert ours.DESCR == theirs.DESCR
    assert ours.frame is None and theirs.frame is None
    if "images" in theirs:
        assert_same_array(ours.images, theirs.images)
    if "filename" in theirs:
        assert ours.filename == theirs.filename
        embedded = resources.files(ours.data_module).joinpath(ours.filename)
        original = resources.files(theirs.data_module).joinpath(theirs.filename)
        assert embedded.read_bytes() == original.read_bytes()


@pytest.mark.parametrize("name", LOADERS)
def test_as_frame_matches_scikit_learn(name):
    ours, theirs = both(name, as_frame=True)
    pd.testing.assert_frame_equal(ours.frame, theirs.frame)
    pd.testing.assert_frame_equal(ours.data, theirs.data)
    pd.testing.assert_series_equal(ours.target, theirs.target)
    assert ours.frame.columns[-1] == "target"


@pytest.mark.parametrize("name", LOADERS)
@pytest.mark.parametrize("as_frame", [False, True])
def test_return_X_y_matches_scikit_learn(name, as_frame):
    (X, y), (X_ref, y_ref) = both(name, return_X_y=True, as_frame=as_frame)
    if as_frame:
        pd.testing.assert_frame_equal(X, X_ref)
        pd.testing.assert_series_equal(y, y_ref)
    else:
        assert_same_array(X, X_ref)
        assert_same_array(y, y_ref)


@pytest.mark.parametrize("n_class", range(1, 11))
def test_digits_n_class(n_class):
    ours, theirs = both("load_digits", n_class=n_class)
    for key in ("data", "target", "images", "target_names"):
        assert_same_array(ours[key], theirs[key])
    assert np.unique(ours.target).tolist() == list(range(n_class))


def test_known_values():
    iris = datasets.load_iris()
    np.testing.assert_allclose(
        iris.data.mean(axis=0), [5.843333, 3.057333, 3.758, 1.199333], atol=1e-6
    )
    assert np.bincount(iris.target).tolist() == [50, 50, 50]
    assert np.bincount(datasets.load_wine().target).tolist() == [59, 71, 48]
    assert np.bincount(datasets.load_breast_cancer().target).tolist() == [212, 357]
    digits = datasets.load_digits()
    assert digits.data.max() == 16 and digits.data.min() == 0
    np.testing.assert_array_equal(digits.images[0, 0], [0, 0, 5, 13, 9, 1, 0, 0])


@pytest.mark.parametrize("n_class", [0, 11, 2.5, True, "3"])
def test_digits_rejects_bad_n_class(n_class):
    match = (r"'n_class' parameter of load_digits must be an int in the range "
             rf"\[1, 10\]. Got {n_class!r} instead")
    with pytest.raises(ValueError, match=match):
        datasets.load_digits(n_class=n_class)


@pytest.mark.parametrize("name", LOADERS + ["fetch_california_housing"])
@pytest.mark.parametrize("flag", ["return_X_y", "as_frame"])
def test_rejects_non_bool_flags(name, flag):
    with pytest.raises(TypeError, match=f"'{flag}' parameter of {name} must be an "
                       "instance of 'bool'. Got 'yes' instead"):
        getattr(datasets, name)(**{flag: "yes"})


def test_pandas_is_imported_only_for_frames(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    iris = datasets.load_iris()
    assert iris.data.shape == (150, 4)
    match = "load_iris with as_frame=True requires pandas"
    with pytest.raises(ImportError, match=match):
        datasets.load_iris(as_frame=True)


def test_bunch_attribute_access():
    bunch = Bunch(a=1, b=2)
    assert bunch.b == 2 and bunch["b"] == 2
    bunch.a = 3
    bunch.c = 6
    assert dict(bunch) == {"a": 3, "b": 2, "c": 6}
    del bunch.c
    assert "c" not in bunch
    with pytest.raises(AttributeError, match="no attribute 'missing'"):
        bunch.missing
    with pytest.raises(AttributeError):
        del bunch.missing
    assert {"a", "b", "keys"} <= set(dir(bunch))
    duplicate = copy.deepcopy(bunch)
    assert type(duplicate) is Bunch and duplicate == {"a": 3, "b": 2}


def test_bunch_pickles():
    iris = datasets.load_iris()
    again = pickle.loads(pickle.dumps(iris))
    assert type(again) is Bunch and set(again) == set(iris)
    np.testing.assert_array_equal(again.data, iris.data)
    again.extra = 1
    assert again["extra"] == 1


def test_package_data_is_small_and_attributed():
    notice = DATA_FOLDER.joinpath("NOTICE").read_text(encoding="utf-8")
    assert "BSD 3-Clause License" in notice
    files = [f for f in DATA_FOLDER.iterdir() if f.is_file() and f.name != "NOTICE"]
    assert sorted(f.name for f in files) == [
        "breast_cancer.csv", "cal_housing.data.gz", "digits.csv.gz",
        "housing.csv.gz", "iris.csv", "wine_data.csv",
    ]
    for data_file in files:
        assert data_file.name in notice
    assert sum(len(f.read_bytes()) for f in files) < 1_100_000
