"""Splitters and train_test_split give scikit-learn's exact index arrays for the same arguments."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn import model_selection as sk

from ember.learn import model_selection as em

RNG = np.random.RandomState(0)
X = RNG.normal(size=(53, 3))
Y_CLASS = RNG.choice([0, 1, 2], size=53, p=[0.5, 0.3, 0.2])
Y_STR = np.array(["cat", "dog", "ant"])[Y_CLASS]
GROUPS = RNG.randint(0, 11, size=53)


def assert_same_splits(ours, theirs, *args):
    ours_list = list(ours.split(*args))
    theirs_list = list(theirs.split(*args))
    assert len(ours_list) == len(theirs_list) > 0
    for (a_train, a_test), (b_train, b_test) in zip(ours_list, theirs_list):
        np.testing.assert_array_equal(a_train, b_train)
        np.testing.assert_array_equal(a_test, b_test)
    assert ours.get_n_splits(*args) == theirs.get_n_splits(*args)


@pytest.mark.parametrize("kwargs", [{}, {"n_splits": 3}, {"n_splits": 7, "shuffle": True, "random_state": 42},
                                    {"shuffle": True, "random_state": 0}])
def test_kfold(kwargs):
    assert_same_splits(em.KFold(**kwargs), sk.KFold(**kwargs), X)


@pytest.mark.parametrize("kwargs", [{}, {"n_splits": 4, "shuffle": True, "random_state": 3}])
@pytest.mark.parametrize("y", [Y_CLASS, Y_STR])
def test_stratified_kfold(kwargs, y):
    assert_same_splits(em.StratifiedKFold(**kwargs), sk.StratifiedKFold(**kwargs), X, y)


@pytest.mark.parametrize("kwargs", [{}, {"n_splits": 3}, {"n_splits": 4, "shuffle": True, "random_state": 1}])
def test_group_kfold(kwargs):
    assert_same_splits(em.GroupKFold(**kwargs), sk.GroupKFold(**kwargs), X, Y_CLASS, GROUPS)


@pytest.mark.parametrize("kwargs", [{}, {"n_splits": 3, "test_size": 0.3, "random_state": 5},
                                    {"n_splits": 2, "test_size": 7, "train_size": 20, "random_state": 0},
                                    {"train_size": 0.5, "random_state": 2}])
def test_shuffle_split(kwargs):
    kwargs = {"random_state": 0, **kwargs}
    assert_same_splits(em.ShuffleSplit(**kwargs), sk.ShuffleSplit(**kwargs), X)


@pytest.mark.parametrize("kwargs", [{"n_splits": 4, "random_state": 0},
                                    {"n_splits": 3, "test_size": 0.25, "random_state": 7},
                                    {"n_splits": 2, "test_size": 11, "train_size": 30, "random_state": 1}])
@pytest.mark.parametrize("y", [Y_CLASS, Y_STR])
def test_stratified_shuffle_split(kwargs, y):
    assert_same_splits(em.StratifiedShuffleSplit(**kwargs), sk.StratifiedShuffleSplit(**kwargs), X, y)


def test_stratified_shuffle_split_multilabel_rows():
    y = RNG.randint(0, 2, size=(53, 3))
    y[:3] = [1, 1, 1]  # at least two members per row pattern
    y[3:6] = [0, 0, 0]
    counts = np.unique(y, axis=0, return_counts=True)[1]
    if counts.min() < 2:
        y = np.repeat(y[:26], 2, axis=0)[:53]
        y[-1] = y[0]
    ours = em.StratifiedShuffleSplit(3, test_size=0.3, random_state=0)
    theirs = sk.StratifiedShuffleSplit(3, test_size=0.3, random_state=0)
    assert_same_splits(ours, theirs, X, y)


@pytest.mark.parametrize("cls", ["RepeatedKFold", "RepeatedStratifiedKFold"])
def test_repeated(cls):
    kwargs = {"n_splits": 3, "n_repeats": 4, "random_state": 11}
    assert_same_splits(getattr(em, cls)(**kwargs), getattr(sk, cls)(**kwargs), X, Y_CLASS)


@pytest.mark.parametrize("kwargs", [{}, {"n_splits": 3, "gap": 2}, {"max_train_size": 10, "test_size": 6}])
def test_time_series_split(kwargs):
    assert_same_splits(em.TimeSeriesSplit(**kwargs), sk.TimeSeriesSplit(**kwargs), X)


def test_leave_out():
    assert_same_splits(em.LeaveOneOut(), sk.LeaveOneOut(), X[:9])
    assert_same_splits(em.LeavePOut(3), sk.LeavePOut(3), X[:8])


@pytest.mark.parametrize("name, kwargs", [
    ("LeaveOneGroupOut", {}), ("LeavePGroupsOut", {"n_groups": 2}),
    ("GroupShuffleSplit", {"n_splits": 4, "random_state": 0}),
    ("GroupShuffleSplit", {"n_splits": 3, "test_size": 3, "train_size": 5, "random_state": 9}),
    ("StratifiedGroupKFold", {"n_splits": 3}),
    ("StratifiedGroupKFold", {"n_splits": 4, "shuffle": True, "random_state": 5}),
])
@pytest.mark.parametrize("groups", [GROUPS, np.array(list("abcdefghijk"))[GROUPS]])
def test_group_splitters(name, kwargs, groups):
    assert_same_splits(getattr(em, name)(**kwargs), getattr(sk, name)(**kwargs), X, Y_CLASS, groups)


def test_group_splitter_errors():
    with pytest.raises(ValueError, match="fewer than 2 unique groups"):
        list(em.LeaveOneGroupOut().split(X[:3], groups=[1, 1, 1]))
    with pytest.raises(ValueError, match=r"fewer than \(or equal to\) n_groups \(3\)"):
        list(em.LeavePGroupsOut(3).split(X[:3], groups=[1, 2, 3]))
    with pytest.raises(ValueError, match="The 'groups' parameter should not be None"):
        list(em.GroupShuffleSplit().split(X))


def test_predefined_split():
    fold = RNG.randint(-1, 3, size=20)
    assert_same_splits(em.PredefinedSplit(fold), sk.PredefinedSplit(fold), X[:20])


def test_repr_matches_sklearn():
    for name, kwargs in [("KFold", {"n_splits": 3}), ("StratifiedKFold", {}), ("ShuffleSplit", {}),
                         ("RepeatedKFold", {"random_state": 2}), ("TimeSeriesSplit", {}),
                         ("GroupKFold", {}), ("LeavePOut", {"p": 2})]:
        assert repr(getattr(em, name)(**kwargs)) == repr(getattr(sk, name)(**kwargs))


@pytest.mark.parametrize("kwargs", [{"test_size": 0.2, "random_state": 42}, {"random_state": 0},
                                    {"test_size": 10, "train_size": 30, "random_state": 3},
                                    {"train_size": 0.6, "random_state": 1}, {"shuffle": False, "test_size": 0.3},
                                    {"test_size": 0.3, "random_state": 4, "stratify": Y_CLASS}])
def test_train_test_split_arrays(kwargs):
    ours = em.train_test_split(X, Y_CLASS, GROUPS, **kwargs)
    theirs = sk.train_test_split(X, Y_CLASS, GROUPS, **kwargs)
    assert len(ours) == len(theirs) == 6
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a, b)


def test_train_test_split_containers():
    frame = pd.DataFrame(X, columns=["a", "b", "c"], index=np.arange(100, 153))
    series = pd.Series(Y_STR, index=frame.index)
    matrix = sp.csr_matrix(X)
    ours = em.train_test_split(frame, series, matrix, X.tolist(), test_size=0.2, random_state=42)
    theirs = sk.train_test_split(frame, series, matrix, X.tolist(), test_size=0.2, random_state=42)
    pd.testing.assert_frame_equal(ours[0], theirs[0])
    pd.testing.assert_series_equal(ours[3], theirs[3])
    assert sp.issparse(ours[4]) and (ours[4] != theirs[4]).nnz == 0
    assert isinstance(ours[6], list) and ours[6] == theirs[6]


def test_train_test_split_housing_style_stratified_frame():
    # HOML ch2: stratify on an income category column of a DataFrame.
    frame = pd.DataFrame({"income": RNG.gamma(2.0, 2.0, size=400)})
    frame["cat"] = pd.cut(frame["income"], bins=[0, 1.5, 3, 4.5, 6, np.inf], labels=[1, 2, 3, 4, 5])
    ours = em.train_test_split(frame, test_size=0.2, stratify=frame["cat"], random_state=42)
    theirs = sk.train_test_split(frame, test_size=0.2, stratify=frame["cat"], random_state=42)
    pd.testing.assert_frame_equal(ours[1], theirs[1])


def test_check_cv():
    assert isinstance(em.check_cv(3, Y_CLASS, classifier=True), em.StratifiedKFold)
    assert isinstance(em.check_cv(3, X[:, 0], classifier=True), em.KFold)
    assert em.check_cv(None).n_splits == 5
    splits = [(np.arange(3), np.arange(3, 5))]
    wrapped = em.check_cv(splits)
    assert wrapped.get_n_splits() == 1 and list(wrapped.split())[0][1].tolist() == [3, 4]
    splitter = em.KFold(2)
    assert em.check_cv(splitter) is splitter
    with pytest.raises(ValueError, match="Expected `cv` as an integer"):
        em.check_cv("five")


def test_errors():
    with pytest.raises(ValueError, match="Cannot have number of splits n_splits=60 greater than the number of samples: n_samples=53"):
        list(em.KFold(60).split(X))
    with pytest.raises(ValueError, match="n_splits=2 or more, got n_splits=1"):
        em.KFold(1)
    with pytest.raises(ValueError, match="Setting a random_state has no effect"):
        em.KFold(3, random_state=0)
    with pytest.raises(ValueError, match="n_splits=3 cannot be greater than the number of members in each class"):
        list(em.StratifiedKFold(3).split(X[:4], [0, 0, 1, 1]))
    with pytest.warns(UserWarning, match="The least populated class in y has only 1 members"):
        list(em.StratifiedKFold(2).split(X[:5], [0, 0, 0, 0, 1]))
    with pytest.raises(ValueError, match="Supported target types are"):
        list(em.StratifiedKFold(2).split(X, X[:, 0]))
    with pytest.raises(ValueError, match="The least populated classes in y have only 1 member"):
        em.train_test_split(X[:5], stratify=[0, 0, 1, 1, 2], random_state=0)
    with pytest.raises(ValueError, match="test_size=1.5 should be either positive"):
        em.train_test_split(X, test_size=1.5)
    with pytest.raises(ValueError, match="Found input variables with inconsistent numbers of samples"):
        em.train_test_split(X, Y_CLASS[:10])
    with pytest.raises(ValueError, match="The 'groups' parameter should not be None"):
        list(em.GroupKFold(2).split(X))
    with pytest.raises(ValueError, match="greater than the number of groups: 11"):
        list(em.GroupKFold(12).split(X, groups=GROUPS))
    with pytest.raises(ValueError, match="Too many splits=5 for number of samples=8"):
        list(em.TimeSeriesSplit(5, test_size=2).split(X[:8]))
    with pytest.raises(ValueError, match="Cannot perform LeaveOneOut with n_samples=1"):
        list(em.LeaveOneOut().split(X[:1]))
    with pytest.raises(ValueError, match="Stratified train/test split is not implemented for shuffle=False"):
        em.train_test_split(X, shuffle=False, stratify=Y_CLASS)


def test_splitters_work_in_sklearn_cross_val_score():
    from sklearn.linear_model import Ridge

    y = X @ [1.0, 2.0, -1.0] + 0.1 * RNG.normal(size=53)
    ours = sk.cross_val_score(Ridge(), X, y, cv=em.KFold(4, shuffle=True, random_state=0))
    theirs = sk.cross_val_score(Ridge(), X, y, cv=sk.KFold(4, shuffle=True, random_state=0))
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
