"""Splitters over groups of samples: leave one / P groups out, random group partitions.

A group (a patient, a site, a user) never straddles the training and test
sets. ``GroupShuffleSplit`` draws like ``ShuffleSplit`` over the sorted
distinct groups, so its splits equal scikit-learn's for the same seed.
"""

from itertools import combinations
from math import comb

import numpy as np

from ..utils.validation import check_array
from ._shuffle_split import ShuffleSplit
from ._split import BaseCrossValidator


def _group_codes(groups):
    """``(distinct sorted groups, code of each sample)``; groups are required."""
    if groups is None:
        raise ValueError("The 'groups' parameter should not be None.")
    groups = check_array(groups, input_name="groups", ensure_2d=False, dtype=None)
    distinct, codes = np.unique(groups, return_inverse=True)
    return distinct, codes.ravel()


class LeaveOneGroupOut(BaseCrossValidator):
    """Each distinct group is the test set once (groups in sorted order).

    Example:
        >>> groups = ["b", "a", "b", "c"]
        >>> [test.tolist() for _, test in LeaveOneGroupOut().split(groups, groups=groups)]
        [[1], [0, 2], [3]]
    """

    def _iter_test_masks(self, X, y, groups):
        distinct, codes = _group_codes(groups)
        if len(distinct) <= 1:
            raise ValueError(
                f"The groups parameter contains fewer than 2 unique groups ({distinct}). "
                "LeaveOneGroupOut expects at least 2."
            )
        for code in range(len(distinct)):
            yield codes == code

    def get_n_splits(self, X=None, y=None, groups=None):
        """The number of distinct groups."""
        return len(_group_codes(groups)[0])

    def split(self, X, y=None, groups=None):
        return super().split(X, y, groups)


class LeavePGroupsOut(BaseCrossValidator):
    """Every set of ``n_groups`` distinct groups is the test set once.

    Example:
        >>> groups = [0, 0, 1, 2]
        >>> [test.tolist() for _, test in LeavePGroupsOut(2).split(groups, groups=groups)]
        [[0, 1, 2], [0, 1, 3], [2, 3]]
    """

    def __init__(self, n_groups):
        self.n_groups = n_groups

    def _iter_test_masks(self, X, y, groups):
        distinct, codes = _group_codes(groups)
        if self.n_groups >= len(distinct):
            raise ValueError(
                f"The groups parameter contains fewer than (or equal to) n_groups "
                f"({self.n_groups}) numbers of unique groups ({distinct}). LeavePGroupsOut "
                f"expects that at least n_groups + 1 ({self.n_groups + 1}) unique groups be present"
            )
        for chosen in combinations(range(len(distinct)), self.n_groups):
            selected = np.zeros(len(distinct), dtype=bool)
            selected[list(chosen)] = True
            yield selected[codes]

    def get_n_splits(self, X=None, y=None, groups=None):
        """``C(n_distinct_groups, n_groups)``."""
        return int(comb(len(_group_codes(groups)[0]), self.n_groups))

    def split(self, X, y=None, groups=None):
        return super().split(X, y, groups)


class GroupShuffleSplit(ShuffleSplit):
    """Random partitions of the distinct groups; sizes count groups, not samples (default 20% test).

    Example:
        >>> groups = [0, 0, 1, 1, 2, 2, 3, 3]
        >>> train, test = next(GroupShuffleSplit(1, test_size=0.25, random_state=0).split(groups, groups=groups))
        >>> len(set(np.asarray(groups)[test]))
        1
    """

    _default_test_size = 0.2

    def __init__(self, n_splits=5, *, test_size=None, train_size=None, random_state=None):
        super().__init__(n_splits, test_size=test_size, train_size=train_size, random_state=random_state)

    def _iter_indices(self, X, y, groups):
        distinct, codes = _group_codes(groups)
        for group_train, group_test in super()._iter_indices(distinct):
            in_train = np.zeros(len(distinct), dtype=bool)
            in_train[group_train] = True
            in_test = np.zeros(len(distinct), dtype=bool)
            in_test[group_test] = True
            yield np.flatnonzero(in_train[codes]), np.flatnonzero(in_test[codes])

    def split(self, X, y=None, groups=None):
        return super().split(X, y, groups)
