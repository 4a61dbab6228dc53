"""Compiled k-means loops: Lloyd's assignment and centre sums, Elkan's bounded assignment,
the mini-batch centre update and the inertia.

The samples are cut into chunks of ``CHUNK`` rows; each thread takes a
contiguous run of chunks and keeps its own centre sums, added together in
thread order at the end, so a run's results depend only on the number of
threads. Lloyd's distances come from one BLAS product per chunk,
``||c||^2 - 2 x.c`` (the squared distance less ``||x||^2``, which does not
change the nearest centre), as scikit-learn computes them; Elkan's are exact
Euclidean distances computed only when the triangle-inequality bounds cannot
rule a centre out (Elkan, *Using the triangle inequality to accelerate
k-means*, ICML 2003).

Imported on the first fit, never by ``import ember``.
"""

import numba
import numpy as np
import scipy.sparse as sp
from numba import prange

from ...backend._jit import njit, njit_parallel

CHUNK = 256


# Below this many multiply-adds (rows x centres x features) an assignment runs on one
# thread: waking the pool would cost more than the work.
_PARALLEL_WORK = 1 << 21


def _n_threads(n_samples, work):
    """Threads for a pass over n_samples rows: 1 for small work, else one run of chunks per
    Numba thread (at most one per chunk)."""
    if work < _PARALLEL_WORK:
        return 1
    return max(1, min(numba.get_num_threads(), (n_samples + CHUNK - 1) // CHUNK))


def _row_range(n_samples, n_threads, t):
    """Rows [start, stop) of thread t: whole chunks, shared out as evenly as possible."""
    n_chunks = (n_samples + CHUNK - 1) // CHUNK
    return (min(n_samples, t * n_chunks // n_threads * CHUNK),
            min(n_samples, (t + 1) * n_chunks // n_threads * CHUNK))


_row_range_jit = njit(_row_range)


@njit
def _lloyd_rows(X, sample_weight, centers_t, center_norms, labels, sums, weights, start, stop,
                update):
    """Lloyd's assignment of rows [start, stop), chunk by chunk, adding the weighted rows of
    each cluster to ``sums`` (k, d) and their weights to ``weights`` when ``update``."""
    n_clusters = centers_t.shape[1]
    for begin in range(start, stop, CHUNK):
        end = min(begin + CHUNK, stop)
        dots = np.dot(X[begin:end], centers_t)
        for i in range(end - begin):
            best = center_norms[0] - 2 * dots[i, 0]
            label = 0
            for j in range(1, n_clusters):
                value = center_norms[j] - 2 * dots[i, j]
                if value < best:
                    best = value
                    label = j
            labels[begin + i] = label
            if update:
                w = sample_weight[begin + i]
                weights[label] += w
                for f in range(X.shape[1]):
                    sums[label, f] += X[begin + i, f] * w


@njit_parallel
def _lloyd_parallel(X, sample_weight, centers_t, center_norms, labels, part_sums,
                    part_weights, update):
    n_threads = part_sums.shape[0]
    for t in prange(n_threads):
        start, stop = _row_range_jit(X.shape[0], n_threads, t)
        _lloyd_rows(X, sample_weight, centers_t, center_norms, labels, part_sums[t],
                    part_weights[t], start, stop, update)


@njit
def _distance(rows, i, centers, j):
    """Euclidean distance of row i to centre j. ``rows``: (dense X, CSR data, indices,
    indptr, squared centre norms), the CSR part empty for dense X and the dense part
    empty (no rows) for CSR X, where ``||c||^2 + sum over the row's entries of
    (x - c)^2 - c^2`` (clipped at 0) is the squared distance."""
    X, data, indices, indptr, center_norms = rows
    total = 0.0
    if X.shape[0] > 0:
        for f in range(X.shape[1]):
            diff = X[i, f] - centers[j, f]
            total += diff * diff
        return np.sqrt(total)
    for p in range(indptr[i], indptr[i + 1]):
        c = centers[j, indices[p]]
        diff = data[p] - c
        total += diff * diff - c * c
    return np.sqrt(max(total + center_norms[j], 0.0))


@njit
def _elkan_init_rows(rows, centers, half_distances, labels, upper, lower, start, stop):
    """First assignment with the bounds: a centre is skipped when the current best one is
    nearer than half their distance (then it cannot be nearer)."""
    for i in range(start, stop):
        label = 0
        best = _distance(rows, i, centers, 0)
        lower[i, 0] = best
        for j in range(1, centers.shape[0]):
            if best > half_distances[label, j]:
                d = _distance(rows, i, centers, j)
                lower[i, j] = d
                if d < best:
                    best = d
                    label = j
        labels[i] = label
        upper[i] = best


@njit_parallel
def _elkan_init_parallel(rows, centers, half_distances, labels, upper, lower, n_threads):
    for t in prange(n_threads):
        start, stop = _row_range_jit(upper.shape[0], n_threads, t)
        _elkan_init_rows(rows, centers, half_distances, labels, upper, lower, start, stop)


@njit
def _elkan_rows(rows, sample_weight, centers, half_distances, next_half, upper, lower, labels,
                sums, weights, update, start, stop):
    """Elkan's assignment of rows [start, stop): distances only to the centres the bounds
    do not exclude (upper bound ``upper``, lower bounds ``lower``, kept up to date)."""
    for i in range(start, stop):
        bound = upper[i]
        label = labels[i]
        if not next_half[label] >= bound:
            tight = False
            for j in range(centers.shape[0]):
                if j != label and bound > lower[i, j] and bound > half_distances[label, j]:
                    if not tight:
                        bound = _distance(rows, i, centers, label)
                        lower[i, label] = bound
                        tight = True
                    if bound > lower[i, j] or bound > half_distances[label, j]:
                        d = _distance(rows, i, centers, j)
                        lower[i, j] = d
                        if d < bound:
                            label = j
                            bound = d
            labels[i] = label
            upper[i] = bound
        if update:  # dense rows only
            w = sample_weight[i]
            weights[label] += w
            for f in range(rows[0].shape[1]):
                sums[label, f] += rows[0][i, f] * w


@njit_parallel
def _elkan_parallel(rows, sample_weight, centers, half_distances, next_half, upper, lower, labels,
                    part_sums, part_weights, update):
    n_threads = part_sums.shape[0]
    for t in prange(n_threads):
        start, stop = _row_range_jit(upper.shape[0], n_threads, t)
        _elkan_rows(rows, sample_weight, centers, half_distances, next_half, upper, lower, labels,
                    part_sums[t], part_weights[t], update, start, stop)


@njit
def _inertia_rows(X, sample_weight, centers, labels, start, stop):
    total = 0.0
    for i in range(start, stop):
        j = labels[i]
        dist = 0.0
        for f in range(X.shape[1]):
            diff = X[i, f] - centers[j, f]
            dist += diff * diff
        total += dist * sample_weight[i]
    return total


@njit_parallel
def _inertia_parallel(X, sample_weight, centers, labels, n_threads):
    parts = np.zeros(n_threads)
    for t in prange(n_threads):
        start, stop = _row_range_jit(X.shape[0], n_threads, t)
        parts[t] = _inertia_rows(X, sample_weight, centers, labels, start, stop)
    return parts


@njit
def minibatch_update(X, sample_weight, centers, centers_new, counts, labels):
    """Move each centre to the running weighted mean of everything it was given: the old
    centre weighted by its count, plus this batch's rows in order (scikit-learn's per-centre
    learning rate ``1 / count``). ``centers_new`` may be ``centers``."""
    n_clusters, n_features = centers.shape
    batch_weight = np.zeros(n_clusters, dtype=counts.dtype)
    for i in range(X.shape[0]):
        batch_weight[labels[i]] += sample_weight[i]
    for j in range(n_clusters):
        if batch_weight[j] > 0:
            for f in range(n_features):
                centers_new[j, f] = centers[j, f] * counts[j]
        else:
            for f in range(n_features):
                centers_new[j, f] = centers[j, f]
    for i in range(X.shape[0]):
        j = labels[i]
        for f in range(n_features):
            centers_new[j, f] += X[i, f] * sample_weight[i]
    for j in range(n_clusters):
        if batch_weight[j] > 0:
            counts[j] += batch_weight[j]
            alpha = 1 / counts[j]
            for f in range(n_features):
                centers_new[j, f] *= alpha



def _accumulate(run, n_threads, sums, weights, update):
    """Call ``run(part_sums, part_weights)`` with one slot per thread and add the slots
    into ``sums`` and ``weights`` in thread order."""
    n_clusters = len(weights) if update else 0
    n_features = sums.shape[1] if update else 0
    part_sums = np.zeros((n_threads, n_clusters, n_features), dtype=sums.dtype)
    part_weights = np.zeros((n_threads, n_clusters), dtype=sums.dtype)
    run(part_sums, part_weights)
    if update:
        sums[:] = part_sums[0]
        weights[:] = part_weights[0]
        for t in range(1, n_threads):
            sums += part_sums[t]
            weights += part_weights[t]


def lloyd_assign(X, sample_weight, centers, labels, sums, weights, update):
    """Label each row of dense X with its nearest centre (``||c||^2 - 2 x.c`` from BLAS);
    with ``update``, write the clusters' weighted sums (k, d) and weights (k,)."""
    n_samples, n_features = X.shape
    centers_t = np.ascontiguousarray(centers.T)
    norms = np.einsum("ij,ij->i", centers, centers)
    n_threads = _n_threads(n_samples, n_samples * n_features * len(centers))
    if n_threads == 1:
        if update:
            sums[:] = 0
            weights[:] = 0
        _lloyd_rows(X, sample_weight, centers_t, norms, labels, sums, weights, 0, n_samples,
                    update)
        return
    _accumulate(lambda ps, pw: _lloyd_parallel(X, sample_weight, centers_t, norms, labels,
                                               ps, pw, update),
                n_threads, sums, weights, update)


def _rows(X, centers):
    """The (dense, data, indices, indptr, centre norms) tuple ``_distance`` reads, and the
    work of one pass over X."""
    if sp.issparse(X):
        empty = np.empty((0, X.shape[1]), dtype=X.dtype)
        rows = (empty, X.data, X.indices.astype(np.int32, copy=False),
                X.indptr.astype(np.int32, copy=False), np.einsum("ij,ij->i", centers, centers))
        return rows, X.nnz * len(centers)
    rows = (X, np.empty(0, X.dtype), np.empty(0, np.int32), np.empty(0, np.int32),
            np.empty(0, X.dtype))
    return rows, X.size * len(centers)


def elkan_init_bounds(X, centers, half_distances, labels, upper, lower):
    """Elkan's first assignment of dense or CSR X, setting the bounds."""
    rows, work = _rows(X, centers)
    n_threads = _n_threads(X.shape[0], work)
    if n_threads == 1:
        _elkan_init_rows(rows, centers, half_distances, labels, upper, lower, 0, X.shape[0])
    else:
        _elkan_init_parallel(rows, centers, half_distances, labels, upper, lower, n_threads)


def elkan_assign(X, sample_weight, centers, half_distances, next_half, upper, lower, labels,
                 sums, weights, update):
    """One Elkan assignment of X with the bounds; with ``update`` (dense X only), the
    clusters' weighted sums and weights as ``lloyd_assign``."""
    rows, work = _rows(X, centers)
    n_threads = _n_threads(X.shape[0], work)
    if n_threads == 1:
        if update:
            sums[:] = 0
            weights[:] = 0
        _elkan_rows(rows, sample_weight, centers, half_distances, next_half, upper, lower,
                    labels, sums, weights, update, 0, X.shape[0])
        return
    _accumulate(lambda ps, pw: _elkan_parallel(rows, sample_weight, centers, half_distances,
                                               next_half, upper, lower, labels, ps, pw,
                                               update),
                n_threads, sums, weights, update)


def inertia_dense(X, sample_weight, centers, labels):
    """Sum over rows of weight times squared distance to the row's centre."""
    n_samples, n_features = X.shape
    n_threads = _n_threads(n_samples, n_samples * n_features)
    if n_threads == 1:
        return _inertia_rows(X, sample_weight, centers, labels, 0, n_samples)
    return float(_inertia_parallel(X, sample_weight, centers, labels, n_threads).sum())
