"""``build_tree``: grow one CART tree from arrays (what the tree estimators and the ensembles call).

It takes validated arrays, prepares what the compiled builder needs (float32
Fortran-ordered X, class codes or float targets, the samples of non-zero
weight, the presort) and wraps the kernel's node tables into a ``Tree``.
No estimator logic lives here: parameters arrive resolved (``max_features``
as a count, ``min_samples_leaf`` as a count, ``min_weight_leaf`` as a weight).
"""

import numpy as np

from ._tree import Tree

CRITERIA = {"gini": 0, "entropy": 1, "log_loss": 1, "squared_error": 2, "friedman_mse": 2,
            "absolute_error": 3, "poisson": 4}

# The presort keeps an int32 order and a float32 copy of every feature (8 bytes per entry);
# past this many entries the best splitter sorts each node's values instead.
PRESORT_MAX_ENTRIES = 1 << 24

# A presorted split reorders every feature's order, a node-sorted one sorts only the drawn
# features: past this many features per drawn one (a forest's sqrt(n_features) of MNIST's
# 784 pixels), sorting the drawn features at each node is the faster (28x on MNIST).
PRESORT_MAX_FEATURE_RATIO = 16


def presort_pays(n_samples, n_features, max_features=None):
    """Whether the best splitter should presort (``use_presort="auto"``): the presort fits in
    ``PRESORT_MAX_ENTRIES`` and at most ``PRESORT_MAX_FEATURE_RATIO`` features are kept in
    order per feature drawn at a node."""
    drawn = n_features if max_features is None else max(1, int(max_features))
    return (n_samples * n_features <= PRESORT_MAX_ENTRIES
            and n_features <= PRESORT_MAX_FEATURE_RATIO * drawn)


def _kernels():
    from . import _builder_kernels

    return _builder_kernels


def presort(X, samples):
    """Each feature's order over ``samples`` (missing values last) and the sorted values:
    ``(sorted_idx, sorted_val)`` of shape (n_features, len(samples))."""
    sub = X[samples] if len(samples) != X.shape[0] else X
    order = np.argsort(sub, axis=0)  # NaN sorts last
    sorted_val = np.take_along_axis(sub, order, axis=0).T.copy()
    sorted_idx = np.ascontiguousarray(samples[order].T, dtype=np.int32)
    return sorted_idx, sorted_val


def presort_rows(sorted_idx, sorted_val, rows=None):
    """A fresh presort of the samples where ``rows`` (bool, n_samples) is True, taken from
    the presort of all samples by filtering each feature's order (no sorting); a copy of
    it when ``rows`` is None."""
    if rows is None:
        return sorted_idx.copy(), sorted_val.copy()
    keep = rows[sorted_idx]
    n_features = sorted_idx.shape[0]
    return sorted_idx[keep].reshape(n_features, -1), sorted_val[keep].reshape(n_features, -1)


def work_space(X, samples, sorted_idx, sorted_val, n_classes, crit, seed):
    """The builder's work arrays (see ``_builder_kernels``)."""
    n, n_features = X.shape
    n_s, n_outputs, m = len(samples), len(n_classes), int(n_classes.max())
    mae = crit == CRITERIA["absolute_error"]
    rng = np.array([seed], dtype=np.uint64)  # the generator's state
    return (samples, sorted_idx, sorted_val, np.empty((2, n_s), np.int32),
            np.empty(n_s, np.float32), np.empty((8, n_s + 1 if mae else 1)),
            np.zeros(n, bool), np.zeros(n_features, bool),
            np.stack([np.arange(n_features), np.zeros(n_features, np.int64)]),
            np.zeros((4, n_outputs, m)), np.empty((64, 3), np.int64), rng,
            np.zeros((n_outputs if mae else 0, n), np.int32),
            np.zeros((n_outputs if mae else 0, n_s)))


def build_tree(X, y, sample_weight=None, *, n_classes=None, criterion="gini", splitter="best",
               max_features=None, max_depth=None, min_samples_split=2, min_samples_leaf=1,
               min_weight_leaf=0.0, max_leaf_nodes=None, min_impurity_decrease=0.0, seed=0,
               use_presort="auto", presorted=None, monotonic_cst=None):
    """Grow one tree on validated arrays and return its ``Tree``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Converted to float32 in Fortran order (pass it so to avoid a copy). May hold NaN.
    y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        Class codes 0..n_classes-1 per output (classification) or float targets.
    sample_weight : ndarray of shape (n_samples,) or None
        Samples of zero weight are left out, as scikit-learn does.
    n_classes : array-like of int, one per output, or None for regression.
    criterion, splitter : scikit-learn's names.
    max_features : int or None (all features), the count drawn per node.
    max_depth, min_samples_split, min_samples_leaf : ints (None: no depth limit).
    min_weight_leaf : float, minimum weight of each child.
    max_leaf_nodes : int or None; given, the tree grows best first.
    min_impurity_decrease : float.
    seed : int in [0, 2**31 - 1), the state of the generator of the feature draws and random
        thresholds (scikit-learn's: its trees draw it as ``randint(0, 2**31 - 1)``).
    use_presort : "auto", True or False, for the best splitter (auto: ``presort_pays``).
    presorted : (sorted_idx, sorted_val) or None
        ``presort(X, samples)`` already made over the samples of non-zero weight (for
        callers that grow many trees on the same X, such as boosting): the best splitter
        uses it instead of sorting again. The builder reorders both arrays in place.
    monotonic_cst : ndarray of shape (n_features,) of -1, 0 or 1, or None
        Validated constraints on the first output's mean (regression) or on the fraction
        of class 0 (binary classification: the estimators flip the signs of constraints
        on the positive class). Given, every node value is clipped to its bounds, and for
        two classes the second fraction is one minus the first, as in scikit-learn.

    Returns
    -------
    tree : Tree
    """
    X = np.asfortranarray(X, dtype=np.float32)
    y = np.asarray(y)
    y = y.reshape(len(y), -1)
    n_samples, n_features = X.shape
    n_outputs = y.shape[1]
    weight = (np.ones(n_samples) if sample_weight is None
              else np.ascontiguousarray(sample_weight, dtype=np.float64))
    samples = (np.arange(n_samples, dtype=np.int32) if sample_weight is None
               else np.flatnonzero(weight != 0).astype(np.int32))
    if n_classes is None:
        n_classes = np.ones(n_outputs, dtype=np.int64)
        yc, yr = np.zeros((0, n_outputs), np.int32), np.ascontiguousarray(y, dtype=np.float64)
    else:
        n_classes = np.asarray(n_classes, dtype=np.int64).reshape(n_outputs)
        yc, yr = np.ascontiguousarray(y, dtype=np.int32), np.zeros((0, n_outputs))
    has_missing = np.isnan(X.sum(axis=0)) if np.isnan(X.sum()) else np.zeros(n_features, bool)
    if use_presort == "auto":
        use_presort = (splitter == "best"
                       and presort_pays(len(samples), n_features, max_features))
    if presorted is not None and splitter == "best":
        sorted_idx, sorted_val = presorted
    elif use_presort and splitter == "best":
        sorted_idx, sorted_val = presort(X, samples)
    else:
        sorted_idx, sorted_val = np.zeros((0, 0), np.int32), np.zeros((0, 0), np.float32)
    crit = CRITERIA[criterion]
    mono = (np.zeros(n_features, np.int8) if monotonic_cst is None
            else np.ascontiguousarray(monotonic_cst, dtype=np.int8))
    data = (X, yc, yr, weight, n_classes, has_missing, mono)
    work = work_space(X, samples, sorted_idx, sorted_val, n_classes, crit, seed)
    params = (crit, 0 if splitter == "best" else 1,
              n_features if max_features is None else int(max_features),
              int(min_samples_leaf), float(min_weight_leaf), float(weight[samples].sum()),
              bool(len(sorted_idx)), np.iinfo(np.int32).max if max_depth is None else int(max_depth),
              int(min_samples_split), float(min_impurity_decrease))
    if max_leaf_nodes is None:
        depth_cap = params[7]
        capacity = 2 ** (depth_cap + 1) - 1 if depth_cap <= 10 else 2047
    else:
        capacity = 2 * int(max_leaf_nodes) - 1
    capacity = max(1, min(capacity, 2 * len(samples) - 1))
    m = int(n_classes.max())
    tables = (np.empty((capacity, 5), np.int64), np.empty((capacity, 5)),
              np.zeros((capacity, n_outputs, m)))
    kernels = _kernels()
    if max_leaf_nodes is None:
        ints, floats, value, count, depth = kernels.build_depth_first(data, work, params, *tables)
    else:
        ints, floats, value, count, depth = kernels.build_best_first(
            data, work, params, *tables, int(max_leaf_nodes))
    ints, floats, value = ints[:count], floats[:count], value[:count]
    if criterion != "absolute_error":  # counts / sums to fractions / means
        value = value / floats[:, 2, None, None]
    if monotonic_cst is not None:
        _clip_values(value, floats[:, 3], floats[:, 4], n_classes)
    return Tree.from_nodes(n_features, n_classes, ints, floats[:, :3], value, depth)


def _clip_values(value, lower, upper, n_classes):
    """Clip each node's first value to its monotonic bounds (in place); with two classes the
    second fraction becomes one minus the first."""
    first = value[:, 0, 0]
    value[:, 0, 0] = np.where(first < lower, lower, np.where(first > upper, upper, first))
    if n_classes[0] == 2:
        value[:, 0, 1] = 1.0 - value[:, 0, 0]
