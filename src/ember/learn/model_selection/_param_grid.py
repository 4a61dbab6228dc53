"""Candidate parameter settings: every point of a grid, or random draws from distributions.

``ParameterGrid`` walks the grid with the parameter names sorted and the last
name varying fastest; ``ParameterSampler`` draws from ``RandomState`` in
scikit-learn's order (``rvs(random_state=rng)`` for distributions, ``randint``
for lists, grid points without replacement when every entry is a list), so
the same ``random_state`` gives the same candidates in both libraries.
"""

import operator
import warnings
from collections.abc import Iterable, Mapping, Sequence
from functools import reduce
from itertools import product

import numpy as np

from ..utils.validation import check_random_state


def _dicts(value, not_a_collection, not_a_dict):
    """``value`` as a list of dicts (one dict is wrapped), with scikit-learn's type errors."""
    if not isinstance(value, (Mapping, Iterable)):
        raise TypeError(f"{not_a_collection}, got: {value!r} of type {type(value).__name__}")
    value = [value] if isinstance(value, Mapping) else value
    for one in value:
        if not isinstance(one, dict):
            raise TypeError(f"{not_a_dict} ({one!r})")
    return value


class ParameterGrid:
    """Iterate over every combination of the listed values (one dict or a list of dicts).

    Example:
        >>> list(ParameterGrid({"b": [1, 2], "a": ["x"]}))
        [{'a': 'x', 'b': 1}, {'a': 'x', 'b': 2}]
        >>> len(ParameterGrid([{"a": [1, 2, 3]}, {"b": [0, 1]}]))
        5
    """

    def __init__(self, param_grid):
        param_grid = _dicts(param_grid, "Parameter grid should be a dict or a list",
                            "Parameter grid is not a dict")
        for grid in param_grid:
            for name, values in grid.items():
                if isinstance(values, np.ndarray) and values.ndim > 1:
                    raise ValueError(
                        f"Parameter array for {name!r} should be one-dimensional, got: "
                        f"{values!r} with shape {values.shape}"
                    )
                if isinstance(values, str) or not isinstance(values, (np.ndarray, Sequence)):
                    raise TypeError(
                        f"Parameter grid for parameter {name!r} needs to be a list or a numpy "
                        f"array, but got {values!r} (of type {type(values).__name__}) instead. "
                        "Single values need to be wrapped in a list with one element."
                    )
                if len(values) == 0:
                    raise ValueError(
                        f"Parameter grid for parameter {name!r} need to be a non-empty "
                        f"sequence, got: {values!r}"
                    )
        self.param_grid = param_grid

    def __iter__(self):
        for grid in self.param_grid:
            items = sorted(grid.items())
            if not items:
                yield {}
                continue
            names, value_lists = zip(*items)
            for values in product(*value_lists):
                yield dict(zip(names, values))

    def __len__(self):
        return sum(reduce(operator.mul, (len(v) for v in grid.values()), 1) for grid in self.param_grid)

    def __getitem__(self, index):
        """The ``index``-th setting of the iteration, without walking the grid."""
        for grid in self.param_grid:
            if not grid:
                if index == 0:
                    return {}
                index -= 1
                continue
            names, value_lists = zip(*sorted(grid.items())[::-1])
            sizes = [len(values) for values in value_lists]
            total = int(np.prod(sizes))
            if index >= total:
                index -= total
                continue
            setting = {}
            for name, values, size in zip(names, value_lists, sizes):
                index, offset = divmod(index, size)
                setting[name] = values[offset]
            return setting
        raise IndexError("ParameterGrid index out of range")


def _sample_without_replacement(n_population, n_samples, rng):
    """``n_samples`` distinct integers below ``n_population``, drawn as scikit-learn draws them.

    A permutation for moderate shares; repeated ``randint`` with rejection for a
    share under 1%; reservoir sampling above 99%.
    """
    ratio = n_samples / n_population if n_population else 1.0
    if 0.01 < ratio < 0.99:
        return rng.permutation(n_population)[:n_samples]
    chosen = np.empty(n_samples, dtype=np.int64)
    if ratio < 0.2:
        seen = set()
        for i in range(n_samples):
            j = rng.randint(n_population)
            while j in seen:
                j = rng.randint(n_population)
            seen.add(j)
            chosen[i] = j
        return chosen
    chosen[:] = np.arange(n_samples)
    # One draw per grid point, in order: each depends on the stream position.
    for i in range(n_samples, n_population):
        j = rng.randint(0, i + 1)
        if j < n_samples:
            chosen[j] = i
    return chosen


class ParameterSampler:
    """``n_iter`` random settings from distributions (objects with ``rvs``) and lists.

    When every entry is a list, distinct grid points are drawn (at most the grid size,
    with a warning if ``n_iter`` is larger).

    Example:
        >>> from scipy.stats import uniform
        >>> samples = list(ParameterSampler({"a": [1, 2], "c": uniform(0, 1)}, n_iter=3, random_state=0))
        >>> len(samples), sorted(samples[0])
        (3, ['a', 'c'])
    """

    def __init__(self, param_distributions, n_iter, *, random_state=None):
        param_distributions = _dicts(param_distributions, "Parameter distribution is not a dict or a list",
                                     "Parameter distribution is not a dict")
        for distribution in param_distributions:
            for name, value in distribution.items():
                if not isinstance(value, Iterable) and not hasattr(value, "rvs"):
                    raise TypeError(
                        f"Parameter grid for parameter {name!r} is not iterable or a "
                        f"distribution (value={value})"
                    )
        self.n_iter = n_iter
        self.random_state = random_state
        self.param_distributions = param_distributions

    def _all_lists(self):
        return all(not hasattr(v, "rvs") for d in self.param_distributions for v in d.values())

    def __iter__(self):
        rng = check_random_state(self.random_state)
        if self._all_lists():
            grid = ParameterGrid(self.param_distributions)
            n_iter = self.n_iter
            if len(grid) < n_iter:
                warnings.warn(
                    f"The total space of parameters {len(grid)} is smaller than "
                    f"n_iter={self.n_iter}. Running {len(grid)} iterations. For exhaustive "
                    "searches, use GridSearchCV.",
                    UserWarning,
                )
                n_iter = len(grid)
            for index in _sample_without_replacement(len(grid), n_iter, rng):
                yield grid[int(index)]
            return
        for _ in range(self.n_iter):
            distribution = self.param_distributions[rng.choice(len(self.param_distributions))]
            setting = {}
            for name, value in sorted(distribution.items()):
                if hasattr(value, "rvs"):
                    setting[name] = value.rvs(random_state=rng)
                else:
                    setting[name] = value[rng.randint(len(value))]
            yield setting

    def __len__(self):
        if self._all_lists():
            return min(self.n_iter, len(ParameterGrid(self.param_distributions)))
        return self.n_iter
