"""Compiled isotonic fit for non-metric MDS (imported on first use).

``isotonic_fit_sorted(x, y)``: given ``x`` ascending (ties broken by ``y``), the
non-decreasing least-squares fit of ``y`` on ``x`` at every input position.
Values of ``x`` closer than float64 resolution to their group's first value
share one fitted value (their ``y`` averaged first), then the pool adjacent
violators pass merges neighbouring blocks while their means decrease.
"""

import numpy as np

from ...backend._jit import njit_exact


@njit_exact
def isotonic_fit_sorted(x, y):
    n = x.shape[0]
    eps = np.finfo(np.float64).resolution
    group = np.empty(n, dtype=np.int64)
    total = np.empty(n)  # per block: sum of group means times their weights
    weight = np.empty(n)
    n_groups = 0
    start = x[0]
    acc, count = 0.0, 0.0
    for j in range(n):
        if x[j] - start >= eps:
            total[n_groups] = acc / count
            weight[n_groups] = count
            n_groups += 1
            start = x[j]
            acc, count = 0.0, 0.0
        acc += y[j]
        count += 1.0
        group[j] = n_groups
    total[n_groups] = acc / count
    weight[n_groups] = count
    n_groups += 1
    # pool adjacent violators over the groups: a stack of blocks (mean, weight, first group)
    mean = np.empty(n_groups)
    block_weight = np.empty(n_groups)
    first = np.empty(n_groups + 1, dtype=np.int64)
    top = 0
    for g in range(n_groups):
        mean[top] = total[g]
        block_weight[top] = weight[g]
        first[top] = g
        top += 1
        while top > 1 and mean[top - 2] >= mean[top - 1]:
            w = block_weight[top - 2] + block_weight[top - 1]
            mean[top - 2] = (block_weight[top - 2] * mean[top - 2]
                             + block_weight[top - 1] * mean[top - 1]) / w
            block_weight[top - 2] = w
            top -= 1
    first[top] = n_groups
    fitted_group = np.empty(n_groups)
    for b in range(top):
        for g in range(first[b], first[b + 1]):
            fitted_group[g] = mean[b]
    out = np.empty(n)
    for j in range(n):
        out[j] = fitted_group[group[j]]
    return out
