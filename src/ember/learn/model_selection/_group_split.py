"""Splitters over groups of samples: leave one / P groups out, random group partitions,
stratified group folds.

A group (a patient, a site, a user) never straddles the training and test
sets. ``GroupShuffleSplit`` draws like ``ShuffleSplit`` over the sorted
distinct groups and ``StratifiedGroupKFold`` places the groups greedily in
scikit-learn's order, so their splits equal scikit-learn's for the same seed.
"""

from itertools import combinations
from math import comb

import numpy as np

from ..utils.validation import check_array, check_random_state
from ._shuffle_split import ShuffleSplit
from ._split import BaseCrossValidator, _BaseKFold, check_class_counts, stratification_target


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


class StratifiedGroupKFold(_BaseKFold):
    """K folds of whole groups that keep the class shares as even as the groups allow.

    Groups are taken by decreasing spread of their class counts (after a shuffle
    with ``shuffle=True``); each goes to the fold where the mean over classes of
    the standard deviation of the per-fold class shares is smallest (ties: the
    fold with fewer samples).

    Example:
        >>> y = [0, 0, 1, 1, 0, 1, 0, 1]
        >>> groups = [1, 1, 2, 2, 3, 3, 4, 4]
        >>> [test.tolist() for _, test in StratifiedGroupKFold(2).split(y, y, groups)]
        [[0, 1, 4, 5], [2, 3, 6, 7]]
    """

    def __init__(self, n_splits=5, shuffle=False, random_state=None):
        super().__init__(n_splits, shuffle=shuffle, random_state=random_state)

    def _iter_test_masks(self, X, y, groups):
        rng = check_random_state(self.random_state)
        _, y_codes, class_counts = np.unique(stratification_target(y), return_inverse=True,
                                             return_counts=True)
        check_class_counts(class_counts, self.n_splits)
        distinct, group_codes = _group_codes(groups)
        if self.n_splits > len(distinct):
            raise ValueError(
                f"Cannot have number of splits n_splits={self.n_splits} greater than the "
                f"number of groups: {len(distinct)}."
            )
        n_classes = len(class_counts)
        per_group = np.bincount(group_codes * n_classes + y_codes.ravel(),
                                minlength=len(distinct) * n_classes).reshape(-1, n_classes).astype(float)
        if self.shuffle:
            order = np.arange(len(distinct))
            rng.shuffle(order)
            per_group = per_group[order]
            position = np.empty_like(order)
            position[order] = np.arange(order.size)
            group_codes = position[group_codes]
        per_fold = np.zeros((self.n_splits, n_classes))
        group_fold = np.empty(len(distinct), dtype=int)
        # One greedy step per group (not per sample): each placement depends on the previous ones.
        for group in np.argsort(-np.std(per_group, axis=1), kind="stable"):
            best = self._best_fold(per_fold, class_counts, per_group[group])
            per_fold[best] += per_group[group]
            group_fold[group] = best
        sample_fold = group_fold[group_codes]
        for fold in range(self.n_splits):
            yield sample_fold == fold

    def _best_fold(self, per_fold, class_counts, counts):
        best, best_spread, best_size = None, np.inf, np.inf
        for fold in range(self.n_splits):
            per_fold[fold] += counts
            spread = np.mean(np.std(per_fold / class_counts.reshape(1, -1), axis=0))
            per_fold[fold] -= counts
            size = np.sum(per_fold[fold])
            if spread < best_spread or (np.isclose(spread, best_spread) and size < best_size):
                best, best_spread, best_size = fold, spread, size
        return best

    def split(self, X, y, groups=None):
        return super().split(X, y, groups)
