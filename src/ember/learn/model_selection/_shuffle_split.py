"""Random train/test partitions: ``ShuffleSplit``, ``StratifiedShuffleSplit``, ``train_test_split``.

The draws from ``numpy.random.RandomState`` happen in scikit-learn's order, so
``train_test_split(..., random_state=42)`` picks the same rows as scikit-learn's
(HOML's ``housing`` test set, chapter 2).
"""

from math import ceil, floor

import numpy as np

from ..utils._indexing import _safe_indexing
from ..utils.validation import _num_samples, check_array, check_random_state
from ._split import _indexable, _param_repr


def _split_sizes(n_samples, test_size, train_size, default_test_size=None):
    """``(n_train, n_test)`` from float fractions or int counts (scikit-learn's rounding)."""
    if test_size is None and train_size is None:
        test_size = default_test_size
    test_kind = np.asarray(test_size).dtype.kind
    train_kind = np.asarray(train_size).dtype.kind
    for name, size, kind in (("test_size", test_size, test_kind), ("train_size", train_size, train_kind)):
        if (kind == "i" and (size >= n_samples or size <= 0)) or (kind == "f" and (size <= 0 or size >= 1)):
            raise ValueError(
                f"{name}={size} should be either positive and smaller than the number of "
                f"samples {n_samples} or a float in the (0, 1) range"
            )
    if train_size is not None and train_kind not in ("i", "f"):
        raise ValueError(f"Invalid value for train_size: {train_size}")
    if test_size is not None and test_kind not in ("i", "f"):
        raise ValueError(f"Invalid value for test_size: {test_size}")
    if train_kind == "f" and test_kind == "f" and train_size + test_size > 1:
        raise ValueError(
            f"The sum of test_size and train_size = {train_size + test_size}, should be in the "
            "(0, 1) range. Reduce test_size and/or train_size."
        )
    n_test = ceil(test_size * n_samples) if test_kind == "f" else test_size
    n_train = floor(train_size * n_samples) if train_kind == "f" else train_size
    if train_size is None:
        n_train = n_samples - n_test
    elif test_size is None:
        n_test = n_samples - n_train
    if n_train + n_test > n_samples:
        raise ValueError(
            f"The sum of train_size and test_size = {int(n_train + n_test)}, should be smaller "
            f"than the number of samples {n_samples}. Reduce test_size and/or train_size."
        )
    n_train, n_test = int(n_train), int(n_test)
    if n_train == 0:
        raise ValueError(
            f"With n_samples={n_samples}, test_size={test_size} and train_size={train_size}, "
            "the resulting train set will be empty. Adjust any of the aforementioned parameters."
        )
    return n_train, n_test


class ShuffleSplit:
    """``n_splits`` independent random partitions into a test set and a training set.

    Sizes are fractions (float) or counts (int); by default the test set is 10%.

    Example:
        >>> train, test = next(ShuffleSplit(1, test_size=2, random_state=0).split(list(range(5))))
        >>> len(train), len(test)
        (3, 2)
    """

    _default_test_size = 0.1

    def __init__(self, n_splits=10, *, test_size=None, train_size=None, random_state=None):
        self.n_splits = n_splits
        self.test_size = test_size
        self.train_size = train_size
        self.random_state = random_state

    def split(self, X, y=None, groups=None):
        """Yield ``(train, test)`` index arrays, ``n_splits`` times."""
        X, y, groups = _indexable(X, y, groups)
        yield from self._iter_indices(X, y, groups)

    def _iter_indices(self, X, y=None, groups=None):
        n_samples = _num_samples(X)
        n_train, n_test = _split_sizes(n_samples, self.test_size, self.train_size,
                                       self._default_test_size)
        rng = check_random_state(self.random_state)
        for _ in range(self.n_splits):
            permutation = rng.permutation(n_samples)
            yield permutation[n_test:n_test + n_train], permutation[:n_test]

    def get_n_splits(self, X=None, y=None, groups=None):
        """``n_splits``."""
        return self.n_splits

    def __repr__(self):
        return _param_repr(self)


def _approximate_mode(class_counts, n_draws, rng):
    """Per-class draw counts closest to the proportional share, ties broken at random.

    Floors the proportional shares, then hands the missing draws to the largest
    remainders; a tie that cannot all be served is settled by ``rng.choice``.
    """
    continuous = class_counts / class_counts.sum() * n_draws
    floored = np.floor(continuous)
    need = int(n_draws - floored.sum())
    if need > 0:
        remainder = continuous - floored
        for value in np.unique(remainder)[::-1]:
            (tied,) = np.where(remainder == value)
            take = min(len(tied), need)
            floored[rng.choice(tied, size=take, replace=False)] += 1
            need -= take
            if need == 0:
                break
    return floored.astype(int)


def _class_codes(y):
    """``(classes, codes, counts)``; rows of a 2-D ``y`` are classes, ordered as their text."""
    if y.ndim == 2:
        rows, codes = np.unique(y, axis=0, return_inverse=True)
        # scikit-learn sorts multi-label rows by their space-joined text; do it per distinct row only.
        names = np.array([" ".join(row.astype("str")) for row in rows])
        order = np.argsort(names, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        codes = rank[codes.ravel()]
        classes = names[order]
        return classes, codes, np.bincount(codes, minlength=len(classes))
    classes, codes, counts = np.unique(y, return_inverse=True, return_counts=True)
    return classes, codes.ravel(), counts


class StratifiedShuffleSplit(ShuffleSplit):
    """Random partitions that keep each class's share of the samples in both sets.

    Example:
        >>> y = [0, 0, 0, 0, 1, 1, 1, 1]
        >>> train, test = next(StratifiedShuffleSplit(1, test_size=0.5, random_state=0).split(y, y))
        >>> sorted(np.asarray(y)[test].tolist())
        [0, 0, 1, 1]
    """

    def _iter_indices(self, X, y, groups=None):
        n_samples = _num_samples(X)
        y = check_array(y, input_name="y", ensure_2d=False, dtype=None)
        n_train, n_test = _split_sizes(n_samples, self.test_size, self.train_size,
                                       self._default_test_size)
        classes, codes, counts = _class_codes(y)
        if counts.min() < 2:
            raise ValueError(
                "The least populated classes in y have only 1 member, which is too few. The "
                "minimum number of groups for any class cannot be less than 2. Classes with "
                f"too few members are: {classes[counts < 2].tolist()}"
            )
        if n_train < len(classes):
            raise ValueError(
                f"The train_size = {n_train} should be greater or equal to the number of "
                f"classes = {len(classes)}"
            )
        if n_test < len(classes):
            raise ValueError(
                f"The test_size = {n_test} should be greater or equal to the number of "
                f"classes = {len(classes)}"
            )
        members = np.split(np.argsort(codes, kind="stable"), np.cumsum(counts)[:-1])
        rng = check_random_state(self.random_state)
        for _ in range(self.n_splits):
            n_train_by_class = _approximate_mode(counts, n_train, rng)
            n_test_by_class = _approximate_mode(counts - n_train_by_class, n_test, rng)
            train_parts, test_parts = [], []
            # One draw per class (not per sample), in scikit-learn's order.
            for k in range(len(classes)):
                shuffled = members[k][rng.permutation(counts[k])]
                train_parts.append(shuffled[: n_train_by_class[k]])
                test_parts.append(shuffled[n_train_by_class[k]: n_train_by_class[k] + n_test_by_class[k]])
            yield rng.permutation(np.concatenate(train_parts)), rng.permutation(np.concatenate(test_parts))

    def split(self, X, y, groups=None):
        """Yield ``(train, test)``; ``y`` (the classes) decides the stratification."""
        if y is None:
            raise ValueError("The 'y' parameter should not be None.")
        y = check_array(y, input_name="y", ensure_2d=False, dtype=None)
        return super().split(X, y, groups)


def train_test_split(*arrays, test_size=None, train_size=None, random_state=None, shuffle=True,
                     stratify=None):
    """Split arrays (lists, NumPy, pandas, sparse) into random train and test subsets.

    Returns ``[a_train, a_test, b_train, b_test, ...]``, each in its input's
    container. The default test share is 25%.

    Example:
        >>> X_train, X_test = train_test_split(list(range(8)), test_size=0.25, random_state=42)
        >>> X_train, X_test
        ([0, 7, 2, 4, 3, 6], [1, 5])
    """
    if not arrays:
        raise ValueError("At least one array required as input")
    arrays = _indexable(*arrays)
    n_samples = _num_samples(arrays[0])
    n_train, n_test = _split_sizes(n_samples, test_size, train_size, default_test_size=0.25)
    if shuffle is False:
        if stratify is not None:
            raise ValueError("Stratified train/test split is not implemented for shuffle=False")
        train, test = np.arange(n_train), np.arange(n_train, n_train + n_test)
    else:
        splitter_class = ShuffleSplit if stratify is None else StratifiedShuffleSplit
        splitter = splitter_class(test_size=n_test, train_size=n_train, random_state=random_state)
        train, test = next(splitter.split(X=arrays[0], y=stratify))
    result = []
    for array in arrays:
        result.extend((_safe_indexing(array, train), _safe_indexing(array, test)))
    return result


train_test_split.__test__ = False  # not a pytest test despite its name
