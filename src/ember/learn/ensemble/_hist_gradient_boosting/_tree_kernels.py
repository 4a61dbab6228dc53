"""Compiled tree growing: gradient histograms, split search and sample partitions.

A node's histogram holds, for every feature and bin, the sums of the
gradients and hessians of the node's samples falling in that bin and their
count: ``hist[feature, bin] = (sum_g, sum_h, count)`` in float64 (the
gradients themselves are float32). A child's histogram is either built from
its samples (the smaller child) or is its parent's minus its sibling's (the
larger child), so each split costs one pass over the smaller child only.

The split search scans each feature's bins in order, accumulating the left
child's sums, and scores a split by the loss reduction of XGBoost's second
order approximation (Chen & Guestrin 2016, eq. 7):

    gain = sum_g * v  -  g_L * v_L  -  g_R * v_R,    v = -g / (h + l2)

with the node's own value ``v`` (zero at the root). Samples with missing
values sit in the last bin: the scan runs once with them on the right and,
when the feature has any, once more from the right with them on the left, and
keeps the better side. Categorical features sort their categories by
``g / (h + 10)`` and scan that order from both ends (Fisher 1958, as LightGBM).

Every histogram is filled in sample order, one feature per thread, and the
partition is stable, so the sums are the same whatever the number of threads.
The split search uses plain IEEE rounding (``njit_exact``), so its gains match
a reference implementation computing the same formulas bit for bit.
"""

import numpy as np
from numba import prange

from ember.backend._jit import njit_exact, njit_parallel

# Index of each field in a split record (a float64 array).
GAIN, FEATURE, BIN, MISSING_LEFT, G_LEFT, H_LEFT, G_RIGHT, H_RIGHT = range(8)
N_LEFT, N_RIGHT, VALUE_LEFT, VALUE_RIGHT, IS_CATEGORICAL = range(8, 13)
SPLIT_FIELDS = 13

# Categories with less hessian than this (scaled to counts) never go left.
_MIN_CATEGORY_SUPPORT = 10.0

# -- histograms ---------------------------------------------------------------------------


@njit_exact
def _fill_feature(column, partition, start, n, root, gradients, hessians, constant_hessian,
                  hist, f):
    """Histogram ``hist[f]`` of the samples ``partition[start:start + n]`` (all samples at the
    root), summed in sample order; ``column`` is feature ``f``'s binned values."""
    hist[f, :, :] = 0.0
    for i in range(n):
        s = i if root else partition[start + i]
        b = column[s]
        hist[f, b, 0] += gradients[s]
        if not constant_hessian:
            hist[f, b, 1] += hessians[s]
        hist[f, b, 2] += 1.0


@njit_parallel
def root_histograms(X_binned, gradients, hessians, constant_hessian, features, hist):
    """Fill ``hist[f]`` for each ``f`` in ``features`` from all samples, one feature per thread.

    ``X_binned`` is Fortran-ordered (one contiguous column per feature).
    """
    for j in prange(features.shape[0]):
        f = features[j]
        _fill_feature(X_binned[:, f], features, 0, X_binned.shape[0], True, gradients, hessians,
                      constant_hessian, hist, f)


# -- splitting a node -------------------------------------------------------------------------


@njit_exact
def _partition_run(column, partition, buffer, lo, hi, bin_threshold, missing_left, missing_bin,
                   is_categorical, left_bins):
    """Stable split of ``partition[lo:hi]``: the samples going left are written back from
    ``lo`` on (never ahead of the reading position), the others to ``buffer`` from ``lo``
    on; returns the number going left."""
    n_left = 0
    n_right = 0
    for i in range(lo, hi):
        s = partition[i]
        b = column[s]
        if is_categorical:
            left = left_bins[b] != 0
        elif b == missing_bin:
            left = missing_left
        else:
            left = b <= bin_threshold
        partition[lo + n_left] = s
        buffer[lo + n_right] = s
        n_left += left
        n_right += 1 - left
    return n_left


_PARALLEL_PARTITION = 20_000  # samples from which a node is partitioned by several threads


@njit_parallel
def _partition(column, partition, buffer, start, stop, bin_threshold, missing_left, missing_bin,
               is_categorical, left_bins, n_chunks):
    """Reorder ``partition[start:stop]`` stably, samples going left first; returns their count.

    Large nodes are cut in ``n_chunks`` runs split in parallel, then put together in order
    (so the result is the same for any number of runs).
    """
    n = stop - start
    if n < _PARALLEL_PARTITION:
        n_chunks = 1
    size = (n + n_chunks - 1) // n_chunks
    counts = np.zeros(n_chunks, dtype=np.int64)
    for c in prange(n_chunks):
        lo = start + c * size
        hi = min(stop, lo + size)
        if lo < hi:
            counts[c] = _partition_run(column, partition, buffer, lo, hi, bin_threshold,
                                       missing_left, missing_bin, is_categorical, left_bins)
    n_left = counts[0]
    for c in range(1, n_chunks):  # the runs' left samples, moved down next to each other
        lo = start + c * size
        for i in range(counts[c]):
            partition[start + n_left + i] = partition[lo + i]
        n_left += counts[c]
    position = start + n_left
    for c in range(n_chunks):  # then their right samples
        lo = start + c * size
        n_right = max(0, min(stop, lo + size) - lo) - counts[c]
        for i in range(n_right):
            partition[position + i] = buffer[lo + i]
        position += n_right
    return n_left


@njit_parallel
def split_node(X_binned, gradients, hessians, partition, buffer, start, stop, split, split_bins,
               n_chunks, features, build, parent_hist, small_hist, children, use, feature_info,
               params, out, out_bins):
    """Split a node: partition its samples, then (when ``build``) histogram the smaller child,
    turn ``parent_hist`` into the larger child's, and find each splittable child's best split.

    ``X_binned``: the binned data, Fortran-ordered.
    ``split``/``split_bins``: the node's split record and left bins (``n_chunks``: threads
    for the partition); ``children[c]`` for
    c = 0 (left), 1 (right): ``(splittable, n_samples, sum_g, sum_h, value, lower, upper)``;
    ``use[c, j]``: whether child ``c`` may split on ``features[j]``. Writes the children's
    split records to ``out[c]`` and ``out_bins[c]``; returns the left child's sample count.
    """
    feature = int(split[FEATURE])
    n_left = _partition(X_binned[:, feature], partition, buffer, start, stop, int(split[BIN]),
                        split[MISSING_LEFT] != 0, int(params[4]), split[IS_CATEGORICAL] != 0,
                        split_bins, n_chunks)
    if not build:
        return n_left
    n_right = stop - start - n_left
    small_is_left = n_left < n_right
    small_start = start if small_is_left else start + n_left
    n_small = n_left if small_is_left else n_right
    constant_hessian = params[5] != 0
    n_features = features.shape[0]
    found = np.empty((2, n_features, 6), dtype=np.float64)
    found_bins = np.zeros((2, n_features, out_bins.shape[1]), dtype=np.uint8)
    for j in prange(n_features):
        f = features[j]
        _fill_feature(X_binned[:, f], partition, small_start, n_small, False, gradients,
                      hessians, constant_hessian, small_hist, f)
        for b in range(parent_hist.shape[1]):
            parent_hist[f, b, 0] -= small_hist[f, b, 0]
            parent_hist[f, b, 1] -= small_hist[f, b, 1]
            parent_hist[f, b, 2] -= small_hist[f, b, 2]
        for c in range(2):
            found[c, j, 0] = -1.0
            if children[c, 0] != 0 and use[c, j]:
                hist = small_hist if (c == 0) == small_is_left else parent_hist
                _scan_feature(hist, f, children[c], feature_info, params, found[c, j],
                              found_bins[c, j])
    for c in range(2):
        if children[c, 0] != 0:
            _pick_best(found[c], found_bins[c], features, use[c], children[c], feature_info,
                       params, out[c], out_bins[c])
    return n_left


@njit_parallel
def add_leaf_values(raw_predictions, partition, starts, stops, values):
    """``raw_predictions[s] += values[leaf]`` for the samples ``s`` of each leaf."""
    for leaf in prange(starts.shape[0]):
        value = values[leaf]
        for position in range(starts[leaf], stops[leaf]):
            raw_predictions[partition[position]] += value


# -- split search -----------------------------------------------------------------------------


@njit_exact
def node_value(sum_g, sum_h, lower, upper, l2):
    """Newton step ``-G / (H + l2)``, clipped to ``[lower, upper]`` (monotonic constraints)."""
    value = -sum_g / (sum_h + l2 + 1e-15)
    if value < lower:
        value = lower
    elif value > upper:
        value = upper
    return value


@njit_exact
def _gain(g_l, h_l, g_r, h_r, node_loss, monotonic, lower, upper, l2):
    v_l = node_value(g_l, h_l, lower, upper, l2)
    v_r = node_value(g_r, h_r, lower, upper, l2)
    if (monotonic == 1 and v_l > v_r) or (monotonic == -1 and v_l < v_r):
        return -1.0
    gain = node_loss
    gain -= g_l * v_l
    gain -= g_r * v_r
    return gain


@njit_exact
def _scan_run(hist, f, first, stop, step, forward, n_samples, sum_g, sum_h, node_loss,
              monotonic, lower, upper, l2, min_hessian, min_leaf, min_gain, constant_hessian,
              best, best_gain):
    """Thresholds ``b = first, first + step, ...`` of feature ``f``: forward, the left child
    takes bins ``<= b`` (missing values go right); backward, the right child takes bins
    ``b + 1 ...`` of the non-missing ones (missing values go left). Sums accumulate on the
    growing ("near") side. Records in ``best`` any split beating ``best_gain``; returns the
    best gain."""
    shift = 0 if forward else 1
    g_near = 0.0
    h_near = 0.0
    n_near = 0.0
    for b in range(first, stop, step):
        n_near += hist[f, b + shift, 2]
        n_far = n_samples - n_near
        h_near += hist[f, b + shift, 2] if constant_hessian else hist[f, b + shift, 1]
        h_far = sum_h - h_near
        g_near += hist[f, b + shift, 0]
        g_far = sum_g - g_near
        if n_near < min_leaf:
            continue
        if n_far < min_leaf:
            break
        if h_near < min_hessian:
            continue
        if h_far < min_hessian:
            break
        if forward:
            g_l, h_l, n_l, g_r, h_r = g_near, h_near, n_near, g_far, h_far
        else:
            g_l, h_l, n_l, g_r, h_r = g_far, h_far, n_far, g_near, h_near
        gain = _gain(g_l, h_l, g_r, h_r, node_loss, monotonic, lower, upper, l2)
        if gain > best_gain and gain > min_gain:
            best_gain = gain
            best[1], best[2], best[3], best[4], best[5] = b, float(shift), g_l, h_l, n_l
    return best_gain


@njit_exact
def _scan_numeric(hist, f, n_samples, sum_g, sum_h, node_loss, n_non_missing, has_missing,
                  monotonic, lower, upper, l2, min_hessian, min_leaf, min_gain,
                  constant_hessian, best):
    """Best threshold of feature ``f``; writes ``best`` = (gain, bin, missing_left, g_l, h_l,
    n_l), gain -1 when none satisfies the constraints. With missing values both sides are
    tried for them (the last bin, "all non-missing values left", included)."""
    best_gain = _scan_run(hist, f, 0, n_non_missing - 1 + has_missing, 1, True, n_samples,
                          sum_g, sum_h, node_loss, monotonic, lower, upper, l2, min_hessian,
                          min_leaf, min_gain, constant_hessian, best, -1.0)
    if has_missing:
        best_gain = _scan_run(hist, f, n_non_missing - 2, -1, -1, False, n_samples, sum_g,
                              sum_h, node_loss, monotonic, lower, upper, l2, min_hessian,
                              min_leaf, min_gain, constant_hessian, best, best_gain)
    best[0] = best_gain


@njit_exact
def _scan_categorical(hist, f, n_samples, sum_g, sum_h, node_loss, n_non_missing, has_missing,
                      missing_bin, lower, upper, l2, min_hessian, min_leaf, min_gain,
                      constant_hessian, best, left_bins):
    """Best category subset of feature ``f``: ``best`` as in ``_scan_numeric``; sets
    ``left_bins``."""
    best[0] = -1.0
    support_factor = n_samples / sum_h
    bins = np.empty(n_non_missing + 1, dtype=np.int64)
    ratios = np.empty(n_non_missing + 1, dtype=np.float64)
    n_used = 0
    for position in range(n_non_missing + 1):
        b = position
        if position == n_non_missing:  # missing values are one more category
            if not has_missing:
                break
            b = missing_bin
        h_b = hist[f, b, 2] if constant_hessian else hist[f, b, 1]
        if h_b * support_factor >= _MIN_CATEGORY_SUPPORT:
            bins[n_used] = b
            ratios[n_used] = hist[f, b, 0] / (h_b + _MIN_CATEGORY_SUPPORT)
            n_used += 1
    if n_used <= 1:
        return
    order = np.argsort(ratios[:n_used], kind="mergesort")
    best_gain = -1.0
    best_end = -1
    best_direction = 0
    for direction in (1, -1):
        middle = (n_used + 1) // 2 if direction == 1 else (n_used + 1) // 2 - 1
        g_l = 0.0
        h_l = 0.0
        n_l = 0.0
        for i in range(middle):
            position = i if direction == 1 else n_used - 1 - i
            b = bins[order[position]]
            n_l += hist[f, b, 2]
            n_r = n_samples - n_l
            h_l += hist[f, b, 2] if constant_hessian else hist[f, b, 1]
            h_r = sum_h - h_l
            g_l += hist[f, b, 0]
            g_r = sum_g - g_l
            if n_l < min_leaf or h_l < min_hessian:
                continue
            if n_r < min_leaf or h_r < min_hessian:
                break
            gain = _gain(g_l, h_l, g_r, h_r, node_loss, 0, lower, upper, l2)
            if gain > best_gain and gain > min_gain:
                best_gain = gain
                best_end = position
                best_direction = direction
                best[3], best[4], best[5] = g_l, h_l, n_l
    if best_direction == 0:
        return
    best[0], best[1] = best_gain, 0.0
    left_bins[:] = 0
    if best_direction == 1:
        for position in range(best_end + 1):
            left_bins[bins[order[position]]] = 1
    else:
        for position in range(n_used - 1, best_end - 1, -1):
            left_bins[bins[order[position]]] = 1
    best[2] = 1.0 if (has_missing and left_bins[missing_bin] != 0) else 0.0


@njit_exact
def _scan_feature(hist, f, node, feature_info, params, best, left_bins):
    """Best split of node ``node`` (a child spec) on feature ``f`` into ``best``/``left_bins``."""
    n_samples, sum_g, sum_h, value, lower, upper = node[1], node[2], node[3], node[4], node[5], \
        node[6]
    node_loss = sum_g * value
    l2, min_hessian, min_leaf, min_gain = params[0], params[1], params[2], params[3]
    constant_hessian = params[5] != 0
    if feature_info[f, 2]:
        _scan_categorical(hist, f, n_samples, sum_g, sum_h, node_loss, feature_info[f, 0],
                          feature_info[f, 1] != 0, int(params[4]), lower, upper, l2,
                          min_hessian, min_leaf, min_gain, constant_hessian, best, left_bins)
    else:
        _scan_numeric(hist, f, n_samples, sum_g, sum_h, node_loss, feature_info[f, 0],
                      feature_info[f, 1], feature_info[f, 3], lower, upper, l2, min_hessian,
                      min_leaf, min_gain, constant_hessian, best)


@njit_exact
def _pick_best(found, found_bins, features, use, node, feature_info, params, out, left_bins):
    """The split record of the best of the per-feature splits ``found`` (ties: first feature)."""
    out[GAIN] = -1.0
    best = -1
    for j in range(features.shape[0]):
        if use[j] and found[j, 0] > out[GAIN]:
            out[GAIN] = found[j, 0]
            best = j
    if best < 0 or out[GAIN] <= 0.0:
        return
    f = features[best]
    out[FEATURE], out[BIN], out[MISSING_LEFT] = f, found[best, 1], found[best, 2]
    out[G_LEFT], out[H_LEFT], out[N_LEFT] = found[best, 3], found[best, 4], found[best, 5]
    out[IS_CATEGORICAL] = 1.0 if feature_info[f, 2] else 0.0
    if feature_info[f, 2]:
        left_bins[:] = found_bins[best]
    n_samples, sum_g, sum_h, lower, upper = node[1], node[2], node[3], node[5], node[6]
    out[G_RIGHT] = sum_g - out[G_LEFT]
    out[H_RIGHT] = sum_h - out[H_LEFT]
    out[N_RIGHT] = n_samples - out[N_LEFT]
    out[VALUE_LEFT] = node_value(out[G_LEFT], out[H_LEFT], lower, upper, params[0])
    out[VALUE_RIGHT] = node_value(out[G_RIGHT], out[H_RIGHT], lower, upper, params[0])


@njit_parallel
def find_split(hist, node, features, use, feature_info, params, out, left_bins):
    """The best split of a node (a child spec, see ``split_node``) over ``features`` (those with
    ``use[j]``): writes its record to ``out`` (gain -1 when no split satisfies the
    constraints) and, for a categorical split, the bins going left to ``left_bins``."""
    n_features = features.shape[0]
    found = np.empty((n_features, 6), dtype=np.float64)
    found_bins = np.zeros((n_features, left_bins.shape[0]), dtype=np.uint8)
    for j in prange(n_features):
        found[j, 0] = -1.0
        if use[j]:
            _scan_feature(hist, features[j], node, feature_info, params, found[j],
                          found_bins[j])
    _pick_best(found, found_bins, features, use, node, feature_info, params, out, left_bins)
