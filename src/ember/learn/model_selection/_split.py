"""Cross-validation splitters: K-fold families, leave-out schemes, predefined folds, ``check_cv``.

Every splitter yields ``(train, test)`` integer index arrays. The randomised
ones draw from ``numpy.random.RandomState`` in the same order as scikit-learn's,
so the same ``random_state`` gives the same folds in both libraries (HOML's
printed scores depend on it).
"""

import numbers
from collections.abc import Iterable
from itertools import combinations
from math import comb

import numpy as np
import scipy.sparse as sp

from ..utils.multiclass import type_of_target
from ..utils.validation import _num_samples, check_array, check_consistent_length, \
    check_random_state, column_or_1d


def _indexable(*arrays):
    """Arrays that support row indexing: sparse as CSR, lists/arrays/pandas kept, others as arrays."""
    result = []
    for array in arrays:
        if sp.issparse(array):
            result.append(array.tocsr())
        elif array is None or hasattr(array, "__getitem__") or hasattr(array, "iloc"):
            result.append(array)
        else:
            result.append(np.array(array))
    check_consistent_length(*result)
    return result


def _param_repr(splitter):
    """``Name(param=value, ...)`` with the constructor parameters in alphabetical order."""
    import inspect

    names = sorted(
        p.name for p in inspect.signature(type(splitter).__init__).parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    )
    shown = ", ".join(f"{name}={getattr(splitter, name, None)!r}" for name in names)
    return f"{type(splitter).__name__}({shown})"


class BaseCrossValidator:
    """Base of the splitters defined by their test sets: ``split`` yields the complement as train."""

    def split(self, X, y=None, groups=None):
        """Yield ``(train, test)`` index arrays, one pair per split."""
        X, y, groups = _indexable(X, y, groups)
        for test_mask in self._iter_test_masks(X, y, groups):
            yield np.flatnonzero(~test_mask), np.flatnonzero(test_mask)

    def _iter_test_masks(self, X=None, y=None, groups=None):
        # Subclasses define either this or ``_iter_test_indices`` (the test rows of each split).
        n_samples = _num_samples(X)
        for test_index in self._iter_test_indices(X, y, groups):
            mask = np.zeros(n_samples, dtype=bool)
            mask[test_index] = True
            yield mask

    def __repr__(self):
        return _param_repr(self)


class LeaveOneOut(BaseCrossValidator):
    """Each sample is the test set once; the others are the training set.

    Example:
        >>> [test.tolist() for _, test in LeaveOneOut().split([[1], [2], [3]])]
        [[0], [1], [2]]
    """

    def _iter_test_indices(self, X, y=None, groups=None):
        n_samples = _num_samples(X)
        if n_samples <= 1:
            raise ValueError(f"Cannot perform LeaveOneOut with n_samples={n_samples}.")
        return range(n_samples)

    def get_n_splits(self, X, y=None, groups=None):
        """The number of samples in ``X``."""
        if X is None:
            raise ValueError("The 'X' parameter should not be None.")
        return _num_samples(X)


class LeavePOut(BaseCrossValidator):
    """Every set of ``p`` samples is the test set once (``C(n, p)`` splits).

    Example:
        >>> [test.tolist() for _, test in LeavePOut(2).split([[1], [2], [3]])]
        [[0, 1], [0, 2], [1, 2]]
    """

    def __init__(self, p):
        self.p = p

    def _iter_test_indices(self, X, y=None, groups=None):
        n_samples = _num_samples(X)
        if n_samples <= self.p:
            raise ValueError(
                f"p={self.p} must be strictly less than the number of samples={n_samples}"
            )
        for combination in combinations(range(n_samples), self.p):
            yield np.array(combination)

    def get_n_splits(self, X, y=None, groups=None):
        """``C(n_samples, p)``."""
        if X is None:
            raise ValueError("The 'X' parameter should not be None.")
        return int(comb(_num_samples(X), self.p))


class _BaseKFold(BaseCrossValidator):
    """K-fold splitters: ``n_splits`` >= 2 folds, optional shuffling."""

    def __init__(self, n_splits, *, shuffle, random_state):
        if not isinstance(n_splits, numbers.Integral):
            raise ValueError(
                "The number of folds must be of Integral type. "
                f"{n_splits!r} of type {type(n_splits)} was passed."
            )
        n_splits = int(n_splits)
        if n_splits <= 1:
            raise ValueError(
                "k-fold cross-validation requires at least one train/test split by setting "
                f"n_splits=2 or more, got n_splits={n_splits}."
            )
        if not isinstance(shuffle, bool):
            raise TypeError(f"shuffle must be True or False; got {shuffle!r}")
        if not shuffle and random_state is not None:
            raise ValueError(
                "Setting a random_state has no effect since shuffle is False. You should "
                "leave random_state to its default (None), or set shuffle=True."
            )
        self.n_splits = n_splits
        self.shuffle = shuffle
        self.random_state = random_state

    def split(self, X, y=None, groups=None):
        X, y, groups = _indexable(X, y, groups)
        n_samples = _num_samples(X)
        if self.n_splits > n_samples:
            raise ValueError(
                f"Cannot have number of splits n_splits={self.n_splits} greater than the "
                f"number of samples: n_samples={n_samples}."
            )
        yield from super().split(X, y, groups)

    def get_n_splits(self, X=None, y=None, groups=None):
        """``n_splits``."""
        return self.n_splits


class KFold(_BaseKFold):
    """K consecutive folds (shuffled first with ``shuffle=True``); each is the test set once.

    The first ``n_samples % n_splits`` folds have one sample more.

    Example:
        >>> [test.tolist() for _, test in KFold(3).split(list(range(7)))]
        [[0, 1, 2], [3, 4], [5, 6]]
    """

    def __init__(self, n_splits=5, *, shuffle=False, random_state=None):
        super().__init__(n_splits, shuffle=shuffle, random_state=random_state)

    def _iter_test_indices(self, X, y=None, groups=None):
        n_samples = _num_samples(X)
        indices = np.arange(n_samples)
        if self.shuffle:
            check_random_state(self.random_state).shuffle(indices)
        sizes = np.full(self.n_splits, n_samples // self.n_splits, dtype=int)
        sizes[: n_samples % self.n_splits] += 1
        bounds = np.concatenate([[0], np.cumsum(sizes)])
        for start, stop in zip(bounds[:-1], bounds[1:]):
            yield indices[start:stop]


class GroupKFold(_BaseKFold):
    """K folds in which each group of samples falls entirely in one test fold.

    Without shuffling the largest groups are placed first, each into the fold
    with the fewest samples so far; with ``shuffle=True`` the groups are
    permuted and cut into ``n_splits`` nearly equal runs.

    Example:
        >>> groups = [0, 0, 1, 1, 1, 2]
        >>> [test.tolist() for _, test in GroupKFold(2).split(groups, groups=groups)]
        [[2, 3, 4], [0, 1, 5]]
    """

    def __init__(self, n_splits=5, *, shuffle=False, random_state=None):
        super().__init__(n_splits, shuffle=shuffle, random_state=random_state)

    def _iter_test_masks(self, X, y, groups):
        if groups is None:
            raise ValueError("The 'groups' parameter should not be None.")
        groups = check_array(groups, input_name="groups", ensure_2d=False, dtype=None)
        unique_groups, group_index = np.unique(groups, return_inverse=True)
        group_index = group_index.ravel()
        if self.n_splits > len(unique_groups):
            raise ValueError(
                f"Cannot have number of splits n_splits={self.n_splits} greater than the "
                f"number of groups: {len(unique_groups)}."
            )
        if self.shuffle:
            order = check_random_state(self.random_state).permutation(len(unique_groups))
            group_to_fold = np.empty(len(unique_groups), dtype=int)
            for fold, members in enumerate(np.array_split(order, self.n_splits)):
                group_to_fold[members] = fold
        else:
            sizes = np.bincount(group_index)
            largest_first = np.argsort(sizes, kind="stable")[::-1]
            fold_sizes = np.zeros(self.n_splits)
            group_to_fold = np.zeros(len(unique_groups), dtype=int)
            # One step per group (not per sample): the greedy choice depends on the previous ones.
            for group in largest_first:
                lightest = int(np.argmin(fold_sizes))
                fold_sizes[lightest] += sizes[group]
                group_to_fold[group] = lightest
        sample_fold = group_to_fold[group_index]
        for fold in range(self.n_splits):
            yield sample_fold == fold

    def split(self, X, y=None, groups=None):
        return super().split(X, y, groups)


def stratification_target(y):
    """``y`` as a 1-D array of class labels (binary or multiclass targets only)."""
    y = np.asarray(y)
    kind = type_of_target(y)
    if kind not in ("binary", "multiclass"):
        raise ValueError(
            f"Supported target types are: ('binary', 'multiclass'). Got {kind!r} instead."
        )
    return column_or_1d(y)


def check_class_counts(counts, n_splits):
    """Raise if no class has ``n_splits`` members; warn if the smallest has fewer."""
    import warnings

    if np.all(n_splits > counts):
        raise ValueError(
            f"n_splits={n_splits} cannot be greater than the number of members in each class."
        )
    if n_splits > counts.min():
        warnings.warn(
            f"The least populated class in y has only {counts.min()} members, which is less "
            f"than n_splits={n_splits}.",
            UserWarning,
        )


def _encode_by_appearance(y):
    """Class codes 0, 1, ... in order of first appearance in ``y``."""
    _, first, inverse = np.unique(y, return_index=True, return_inverse=True)
    _, rank = np.unique(first, return_inverse=True)
    return rank[inverse.ravel()], len(first)


class StratifiedKFold(_BaseKFold):
    """K folds that keep each class's share of the samples (classes in order of appearance).

    Example:
        >>> y = [0, 0, 0, 1, 1, 1]
        >>> [test.tolist() for _, test in StratifiedKFold(3).split(y, y)]
        [[0, 3], [1, 4], [2, 5]]
    """

    def __init__(self, n_splits=5, *, shuffle=False, random_state=None):
        super().__init__(n_splits, shuffle=shuffle, random_state=random_state)

    def _make_test_folds(self, X, y):
        rng = check_random_state(self.random_state)
        y_encoded, n_classes = _encode_by_appearance(stratification_target(y))
        counts = np.bincount(y_encoded)
        check_class_counts(counts, self.n_splits)
        # Deal the class-sorted samples round-robin: allocation[f, k] samples of class k go to
        # fold f. Class k holds sorted positions [start_k, end_k); positions p < x with
        # p % n_splits == f number (x + n_splits - 1 - f) // n_splits.
        ends = np.cumsum(counts)
        starts = ends - counts
        folds = np.arange(self.n_splits)[:, None]
        allocation = ((ends + self.n_splits - 1 - folds) // self.n_splits
                      - (starts + self.n_splits - 1 - folds) // self.n_splits)
        folds_by_class = []
        for k in range(n_classes):
            folds = np.repeat(np.arange(self.n_splits), allocation[:, k])
            if self.shuffle:
                rng.shuffle(folds)
            folds_by_class.append(folds)
        test_folds = np.empty(len(y_encoded), dtype="i")
        # Small integer codes make the stable sort a radix sort.
        small = y_encoded.astype(np.uint8 if n_classes <= 256 else np.uint16 if n_classes <= 65536 else np.intp)
        test_folds[np.argsort(small, kind="stable")] = np.concatenate(folds_by_class)
        return test_folds

    def _iter_test_masks(self, X, y=None, groups=None):
        test_folds = self._make_test_folds(X, y)
        for fold in range(self.n_splits):
            yield test_folds == fold

    def split(self, X, y, groups=None):
        """Yield ``(train, test)``; ``y`` (the classes) decides the stratification."""
        if y is None:
            raise ValueError("The 'y' parameter should not be None.")
        y = check_array(y, input_name="y", ensure_2d=False, dtype=None)
        return super().split(X, y, groups)


class TimeSeriesSplit(_BaseKFold):
    """Expanding-window splits for ordered data: each test fold follows its training samples.

    ``n_splits`` test folds of ``test_size`` (default ``n_samples // (n_splits + 1)``)
    samples at the end; ``gap`` samples are dropped before each test fold and
    ``max_train_size`` caps the training window.

    Example:
        >>> [(tr.tolist(), te.tolist()) for tr, te in TimeSeriesSplit(2).split(list(range(6)))]
        [([0, 1], [2, 3]), ([0, 1, 2, 3], [4, 5])]
    """

    def __init__(self, n_splits=5, *, max_train_size=None, test_size=None, gap=0):
        super().__init__(n_splits, shuffle=False, random_state=None)
        self.max_train_size = max_train_size
        self.test_size = test_size
        self.gap = gap

    def split(self, X, y=None, groups=None):
        (X,) = _indexable(X)
        n_samples = _num_samples(X)
        n_folds = self.n_splits + 1
        test_size = self.test_size if self.test_size is not None else n_samples // n_folds
        if n_folds > n_samples:
            raise ValueError(
                f"Cannot have number of folds={n_folds} greater than the number of "
                f"samples={n_samples}."
            )
        if n_samples - self.gap - test_size * self.n_splits <= 0:
            raise ValueError(
                f"Too many splits={self.n_splits} for number of samples={n_samples} with "
                f"test_size={test_size} and gap={self.gap}."
            )
        indices = np.arange(n_samples)
        for test_start in range(n_samples - self.n_splits * test_size, n_samples, test_size):
            train_end = test_start - self.gap
            train_start = 0
            if self.max_train_size and self.max_train_size < train_end:
                train_start = train_end - self.max_train_size
            yield indices[train_start:train_end], indices[test_start:test_start + test_size]


class _RepeatedSplits:
    """A shuffled splitter run ``n_repeats`` times, each with fresh draws from one generator."""

    _splitter = None

    def __init__(self, *, n_splits=5, n_repeats=10, random_state=None):
        if not isinstance(n_repeats, numbers.Integral):
            raise ValueError("Number of repetitions must be of Integral type.")
        if n_repeats <= 0:
            raise ValueError("Number of repetitions must be greater than 0.")
        self.n_splits = n_splits
        self.n_repeats = n_repeats
        self.random_state = random_state

    def split(self, X, y=None, groups=None):
        """Yield ``(train, test)`` for ``n_repeats`` shuffled rounds of ``n_splits`` folds."""
        rng = check_random_state(self.random_state)
        for _ in range(self.n_repeats):
            splitter = self._splitter(self.n_splits, shuffle=True, random_state=rng)
            yield from splitter.split(X, y, groups)

    def get_n_splits(self, X=None, y=None, groups=None):
        """``n_splits * n_repeats``."""
        return self.n_splits * self.n_repeats

    def __repr__(self):
        return _param_repr(self)


class RepeatedKFold(_RepeatedSplits):
    """``KFold`` repeated ``n_repeats`` times with a different shuffle each time.

    Example:
        >>> RepeatedKFold(n_splits=2, n_repeats=3, random_state=0).get_n_splits()
        6
    """

    _splitter = KFold


class RepeatedStratifiedKFold(_RepeatedSplits):
    """``StratifiedKFold`` repeated ``n_repeats`` times with a different shuffle each time.

    Example:
        >>> RepeatedStratifiedKFold(n_splits=2, n_repeats=2, random_state=0).get_n_splits()
        4
    """

    _splitter = StratifiedKFold

    def split(self, X, y, groups=None):
        return super().split(X, y, groups)


class PredefinedSplit(BaseCrossValidator):
    """Splits given by ``test_fold[i]``: the test fold of sample ``i`` (-1: always in training).

    Example:
        >>> [test.tolist() for _, test in PredefinedSplit([0, 1, -1, 1]).split()]
        [[0], [1, 3]]
    """

    def __init__(self, test_fold):
        self.test_fold = np.array(test_fold, dtype=int)
        self.test_fold = column_or_1d(self.test_fold)
        folds = np.unique(self.test_fold)
        self.unique_folds = folds[folds != -1]

    def split(self, X=None, y=None, groups=None):
        """Yield ``(train, test)`` per distinct fold number (X, y, groups are ignored)."""
        indices = np.arange(len(self.test_fold))
        for fold in self.unique_folds:
            mask = self.test_fold == fold
            yield indices[~mask], indices[mask]

    def get_n_splits(self, X=None, y=None, groups=None):
        """The number of distinct fold numbers other than -1."""
        return len(self.unique_folds)


class _SplitsList:
    """An iterable of ``(train, test)`` pairs as a splitter (what ``check_cv`` makes of a list)."""

    def __init__(self, cv):
        self.cv = list(cv)

    def get_n_splits(self, X=None, y=None, groups=None):
        return len(self.cv)

    def split(self, X=None, y=None, groups=None):
        for train, test in self.cv:
            yield train, test

    def __repr__(self):
        return f"_SplitsList(cv={self.cv!r})"


def check_cv(cv=5, y=None, *, classifier=False, shuffle=False, random_state=None):
    """A splitter from ``cv``: an int (``StratifiedKFold`` for classifiers with
    binary/multiclass ``y``, else ``KFold``), None (5), a splitter, or an iterable
    of ``(train, test)`` pairs.

    Example:
        >>> check_cv(3, [0, 1, 0, 1], classifier=True)
        StratifiedKFold(n_splits=3, random_state=None, shuffle=False)
    """
    cv = 5 if cv is None else cv
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        if classifier and y is not None and type_of_target(y) in ("binary", "multiclass"):
            return StratifiedKFold(cv, shuffle=shuffle, random_state=random_state)
        return KFold(cv, shuffle=shuffle, random_state=random_state)
    if not hasattr(cv, "split") or isinstance(cv, str):
        if not isinstance(cv, Iterable) or isinstance(cv, str):
            raise ValueError(
                "Expected `cv` as an integer, a cross-validation object (from "
                "sklearn.model_selection), or an iterable yielding (train, test) splits as "
                f"arrays of indices. Got {cv}."
            )
        return _SplitsList(cv)
    return cv
