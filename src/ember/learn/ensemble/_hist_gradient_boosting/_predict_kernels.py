"""Compiled binning and prediction: values to bins, and walks down every tree of an ensemble.

The trees of a fitted ensemble are stored as flat node arrays (all trees one
after another, ``roots[t]`` the first node of tree ``t``); a prediction walks
each sample down every tree in turn and adds the leaf values in tree order,
so the sums are those of adding one tree's predictions at a time. Samples are
independent: they are split among threads and the result does not depend on
their number.
"""

import numpy as np
from numba import prange

from ember.backend._jit import njit_exact, njit_parallel

_BLOCK = 1024  # rows binned together, so a block of X stays in cache


@njit_exact
def _count_below(edges, x):
    """The first ``b`` with ``x <= edges[b]`` (``len(edges)`` if none): a branch-free binary
    search over the sorted ``edges`` (a NaN edge, from the quantiles of infinite values,
    counts as below ``x``)."""
    n = edges.shape[0]
    if n == 0:
        return 0
    base = 0
    while n > 1:
        half = n >> 1
        base = base if x <= edges[base + half - 1] else base + half
        n -= half
    return base + (0 if x <= edges[base] else 1)


@njit_parallel
def map_to_bins(X, thresholds, offsets, is_categorical, missing_bin, out):
    """``out[i, f]``: the bin of ``X[i, f]``, the first ``b`` with ``X[i, f] <= thresholds_f[b]``.

    ``thresholds_f = thresholds[offsets[f]:offsets[f + 1]]``; NaN (and, for a
    categorical feature, a negative value) goes to ``missing_bin``.
    """
    n_samples, n_features = X.shape
    n_blocks = (n_samples + _BLOCK - 1) // _BLOCK
    for block in prange(n_blocks):
        lo = block * _BLOCK
        hi = min(n_samples, lo + _BLOCK)
        for f in range(n_features):
            edges = thresholds[offsets[f]:offsets[f + 1]]
            categorical = is_categorical[f] != 0
            for i in range(lo, hi):
                x = X[i, f]
                if np.isnan(x) or (categorical and x < 0):
                    out[i, f] = missing_bin
                    continue
                out[i, f] = _count_below(edges, x)


@njit_exact
def _leaf(x_row, node, binned, missing_bin, feature, threshold, missing_left, is_leaf,
          is_categorical, left, right, cat_row, cat_bins):
    """The leaf of ``x_row`` in the tree whose root is ``node``: binned (``x`` bins,
    ``threshold`` the bin thresholds) or raw (``x`` values, NaN missing)."""
    while not is_leaf[node]:
        x = x_row[feature[node]]
        if (x == missing_bin) if binned else np.isnan(x):
            go_left = missing_left[node] != 0
        elif is_categorical[node]:
            if x < 0 or x >= cat_bins.shape[1]:  # not a known category: as missing
                go_left = missing_left[node] != 0
            else:
                go_left = cat_bins[cat_row[node], int(x)] != 0
        else:
            go_left = x <= threshold[node]
        node = left[node] if go_left else right[node]
    return node


@njit_parallel
def predict(X, binned, missing_bin, roots, first_tree, stop_tree, n_per_iteration, feature,
            threshold, missing_left, is_leaf, is_categorical, left, right, value, cat_row,
            cat_bins, out):
    """``out[i, t % K] += value`` of the leaf of ``X[i]`` in trees ``first_tree <= t < stop_tree``.

    ``X`` is C-ordered: raw values (``threshold`` the value thresholds) or, with
    ``binned``, uint8 bins (``threshold`` the bin thresholds, ``missing_bin`` for NaN).
    """
    for i in prange(X.shape[0]):
        row = X[i]
        for t in range(first_tree, stop_tree):
            node = _leaf(row, roots[t], binned, missing_bin, feature, threshold, missing_left,
                         is_leaf, is_categorical, left, right, cat_row, cat_bins)
            out[i, t % n_per_iteration] += value[node]
