"""Compiled loops of gradient boosting: stage draws, per-leaf percentiles, walks over all trees.

- ``random_sample_mask``: scikit-learn's selection-sampling rule for the
  in-bag rows of a stochastic-boosting stage, from its uniform draws.
- ``group_percentiles``: the weighted percentile (inverted CDF) of the values
  of each group, for the leaf values of the absolute-error, quantile and
  Huber losses.
- ``complete_layout`` lays every tree of the ensemble out as a complete
  binary tree of the ensemble's depth; ``predict_complete`` /
  ``apply_complete`` then walk it without branches, a block of rows through
  each tree in turn, adding the scaled leaf values in the order the trees were
  grown; ``predict_stages`` / ``apply_stages`` walk the trees' own node arrays
  (packed end to end) when they are too deep for that.

The arithmetic is compiled without fast-math (``njit_exact``): sums and
comparisons round as NumPy's do, so a model's predictions on its training rows
equal the raw predictions its fit accumulated, bit for bit. Imported on first
use.
"""

import numpy as np

from ember.backend._jit import njit, njit_exact

LEAF = -1


@njit_exact
def random_sample_mask(uniform, n_in_bag):
    """In-bag mask with exactly n_in_bag True: row i is taken when
    ``uniform[i] * (n - i) < n_in_bag - (rows taken so far)``."""
    n = uniform.shape[0]
    mask = np.zeros(n, dtype=np.bool_)
    taken = 0
    for i in range(n):
        if uniform[i] * (n - i) < n_in_bag - taken:
            mask[i] = True
            taken += 1
    return mask


@njit_exact
def group_percentiles(values, weights, groups, n_groups, fraction):
    """Weighted percentile (inverted CDF) of ``values`` within each group 0..n_groups-1
    (rows of group -1 are ignored); NaN for a group of zero weight.

    Within a group the values are sorted, their weights summed in that order, and the
    first value whose cumulative weight reaches ``fraction * total`` is taken (``fraction``
    is the percentile rank over 100, computed by the caller as scikit-learn does)."""
    counts = np.zeros(n_groups + 1, dtype=np.int64)
    for i in range(values.shape[0]):
        if groups[i] >= 0:
            counts[groups[i] + 1] += 1
    for g in range(n_groups):
        counts[g + 1] += counts[g]
    fill = counts[:-1].copy()
    members = np.empty(counts[n_groups], dtype=np.int64)
    for i in range(values.shape[0]):
        g = groups[i]
        if g >= 0:
            members[fill[g]] = i
            fill[g] += 1
    out = np.full(n_groups, np.nan)
    for g in range(n_groups):
        rows = members[counts[g]:counts[g + 1]]
        if rows.shape[0] == 0:
            continue
        group_values = values[rows]
        order = np.argsort(group_values)
        cumulative = np.empty(rows.shape[0])
        total = 0.0
        for j in range(rows.shape[0]):
            total += weights[rows[order[j]]]
            cumulative[j] = total
        if total == 0.0:
            continue
        target = fraction * total
        if target == 0.0:  # skip leading zero weights
            target = 5e-324
        j = 0
        while j < rows.shape[0] - 1 and cumulative[j] < target:
            j += 1
        out[g] = group_values[order[j]]
    return out


@njit_exact
def _leaf(X, r, base, left, right, feature, threshold):
    node = 0
    while left[base + node] != LEAF:
        if X[r, feature[base + node]] <= threshold[base + node]:
            node = left[base + node]
        else:
            node = right[base + node]
    return node


@njit
def complete_layout(offset, left, right, feature, threshold, value, depth):
    """Every tree laid out as a complete binary tree of the given depth: internal slot s has
    children 2s+1 and 2s+2, so a walk is ``depth`` steps of ``s = 2s + 1 + (x > t)`` with no
    branch to mispredict. A leaf above the bottom fills its subtree: the slots below it
    send everything left (threshold +inf) and its bottom slots repeat its value and id.

    Returns (feature, threshold) of shape (n_trees, 2**depth - 1) and (value, leaf id) of
    shape (n_trees, 2**depth)."""
    n_trees = offset.shape[0] - 1
    n_internal = (1 << depth) - 1
    feat = np.zeros((n_trees, n_internal), dtype=np.int32)
    thr = np.full((n_trees, n_internal), np.inf)
    val = np.zeros((n_trees, n_internal + 1))
    leaf_id = np.zeros((n_trees, n_internal + 1), dtype=np.int64)
    stack = np.empty((2 * depth + 2, 2), dtype=np.int64)  # (node, slot)
    for t in range(n_trees):
        base = offset[t]
        top = 1
        stack[0, 0], stack[0, 1] = 0, 0
        while top > 0:
            top -= 1
            node, slot = stack[top, 0], stack[top, 1]
            if left[base + node] != LEAF:
                feat[t, slot] = feature[base + node]
                thr[t, slot] = threshold[base + node]
                stack[top, 0], stack[top, 1] = right[base + node], 2 * slot + 2
                stack[top + 1, 0], stack[top + 1, 1] = left[base + node], 2 * slot + 1
                top += 2
                continue
            lo, hi = slot, slot + 1  # the bottom slots under this leaf
            while lo < n_internal:
                lo, hi = 2 * lo + 1, 2 * hi + 1
            for j in range(lo - n_internal, hi - n_internal):
                val[t, j] = value[base + node]
                leaf_id[t, j] = node
    return feat, thr, val, leaf_id


_BLOCK = 32  # samples walked together through one tree (independent walks overlap)


@njit_exact
def _walk_block(X, r0, r1, f, th, depth, slots):
    """The bottom slot of rows r0..r1-1 in one complete tree (f, th) into slots[:r1 - r0]."""
    for j in range(r1 - r0):
        slots[j] = 0
    for _ in range(depth):
        for j in range(r1 - r0):
            s = slots[j]
            slots[j] = 2 * s + 1 + (X[r0 + j, f[s]] > th[s])
    n_internal = f.shape[0]
    for j in range(r1 - r0):
        slots[j] -= n_internal


@njit_exact
def predict_complete(X, feat, thr, step, depth, n_per_stage, out):
    """out[r, k] += step[t, leaf of X[r] in tree t], t in growing order (tree t is column
    t % n_per_stage), on the ``complete_layout`` of the trees: blocks of rows go through
    every tree in turn. ``step`` holds the leaf values times the learning rate (scaled by
    the caller, so each addition rounds as NumPy's ``raw += rate * value`` does)."""
    slots = np.empty(_BLOCK, dtype=np.int64)
    for r0 in range(0, X.shape[0], _BLOCK):
        r1 = min(X.shape[0], r0 + _BLOCK)
        for t in range(feat.shape[0]):
            _walk_block(X, r0, r1, feat[t], thr[t], depth, slots)
            k = t % n_per_stage
            for j in range(r1 - r0):
                out[r0 + j, k] += step[t, slots[j]]


@njit_exact
def apply_complete(X, feat, thr, leaf_id, depth, out):
    """out[r, t] = the leaf (node id) of X[r] in tree t, on the ``complete_layout``."""
    slots = np.empty(_BLOCK, dtype=np.int64)
    for r0 in range(0, X.shape[0], _BLOCK):
        r1 = min(X.shape[0], r0 + _BLOCK)
        for t in range(feat.shape[0]):
            _walk_block(X, r0, r1, feat[t], thr[t], depth, slots)
            for j in range(r1 - r0):
                out[r0 + j, t] = leaf_id[t, slots[j]]


@njit_exact
def predict_stages(X, offset, left, right, feature, threshold, step, n_per_stage, out):
    """As ``predict_complete`` on the trees' own node arrays (packed end to end, tree t
    at offset[t]:offset[t + 1]), for trees too deep to lay out completely."""
    for t in range(offset.shape[0] - 1):  # one tree's nodes stay in cache
        base = offset[t]
        k = t % n_per_stage
        for r in range(X.shape[0]):
            out[r, k] += step[base + _leaf(X, r, base, left, right, feature, threshold)]


@njit_exact
def apply_stages(X, offset, left, right, feature, threshold, out):
    """As ``apply_complete`` on the trees' own node arrays."""
    for t in range(offset.shape[0] - 1):
        for r in range(X.shape[0]):
            out[r, t] = _leaf(X, r, offset[t], left, right, feature, threshold)
