"""Lloyd's k-means on one feature, as ``KBinsDiscretizer(strategy="kmeans")`` needs it.

Each step finds every value's nearest centre at once (an ``(n, k)`` array, k
small) and updates all centres with two ``np.bincount`` (weighted sums). The
iteration follows scikit-learn's
``KMeans(init=centres, n_init=1)`` with the Lloyd algorithm: data centred on
their mean, tolerance ``1e-4`` times the variance, stop when the labels no
longer change or the centres move less than the tolerance (sum of squared
shifts), at most 300 iterations; a cluster left empty is moved onto the
point farthest from its centre, which leaves its old cluster (a cluster still
weightless then goes where scikit-learn's ``_average_centers`` puts it).
"""

import numpy as np


def _nearest(values, centers):
    """Index of the nearest centre of each value: argmin of ``c^2 - 2 x c`` (the squared
    distance less ``x^2``), as scikit-learn's Lloyd step computes it."""
    return np.argmin(centers * centers - 2 * values[:, None] * centers, axis=1)


def _averaged(totals, counts):
    """Centres from weighted sums; a weightless cluster is put where scikit-learn puts it: at
    the heaviest cluster, read before (sum) or after (mean) that one is averaged in order."""
    heaviest = np.argmax(counts)
    positive = counts > 0
    centers = totals.copy()
    centers[positive] = totals[positive] / counts[positive]
    weightless = np.flatnonzero(~positive)
    centers[weightless] = np.where(weightless < heaviest, totals[heaviest], centers[heaviest])
    return centers


def kmeans_1d(values, init, weight=None, max_iter=300, tol=1e-4):
    """Cluster centres of the 1-D ``values`` started from ``init`` (sorted result); warns
    scikit-learn's ``ConvergenceWarning`` when fewer clusters than centres hold points."""
    values = np.asarray(values, dtype=np.float64)
    weight = np.ones(len(values)) if weight is None else np.asarray(weight, dtype=np.float64)
    mean = values.mean()
    values = values - mean
    centers = np.asarray(init, dtype=np.float64) - mean
    k = len(centers)
    tolerance = np.var(values) * tol
    previous = None
    for _ in range(max_iter):
        labels = _nearest(values, centers)
        totals = np.bincount(labels, weights=weight * values, minlength=k)
        counts = np.bincount(labels, weights=weight, minlength=k)
        empty = np.flatnonzero(counts == 0)
        distances = (values - centers[labels]) ** 2 if len(empty) else None
        if len(empty) and distances.max() > 0:  # else more clusters than distinct values
            farthest = np.argpartition(distances, -len(empty))[: -len(empty) - 1: -1]
            for cluster, point in zip(empty, farthest):
                old = labels[point]
                totals[old] -= values[point] * weight[point]
                counts[old] -= weight[point]
                totals[cluster] = values[point] * weight[point]
                counts[cluster] = weight[point]
        updated = _averaged(totals, counts)
        shift = np.sum((updated - centers) ** 2)
        centers = updated
        if previous is not None and np.array_equal(labels, previous):
            break
        if shift <= tolerance:
            break
        previous = labels
    distinct = len(np.unique(_nearest(values, centers)))
    if distinct < k:
        import warnings

        from ..exceptions import ConvergenceWarning, compatible

        warnings.warn(f"Number of distinct clusters ({distinct}) found smaller than n_clusters "
                      f"({k}). Possibly due to duplicate points in X.",
                      compatible(ConvergenceWarning),
                      stacklevel=3)
    return np.sort(centers + mean)
