"""Silhouette coefficients of a clustering, computed over row blocks of the distance matrix.

A block of rows of distances times the one-hot label matrix gives, in one
BLAS product, each sample's summed distance to every cluster; blocks are
sized so that 10,000 samples never need the 10,000 x 10,000 matrix at once.
"""

import numpy as np
import scipy.sparse as sp

from ..utils.validation import check_random_state, check_X_y
from ._base import _codes, _unique
from .pairwise import pairwise_distances_chunked

# Bytes of distances held at once.
_BLOCK_BYTES = 64 << 20


def _check_labels(labels, n_samples):
    classes = _unique(labels)
    if not 1 < classes.size < n_samples:
        raise ValueError(
            f"Number of labels is {classes.size}. Valid values are 2 to n_samples - 1 (inclusive)"
        )
    return _codes(labels, classes), classes.size


def silhouette_samples(X, labels, *, metric="euclidean", **kwds):
    """The silhouette coefficient ``(b - a) / max(a, b)`` of each sample.

    ``a`` is the mean distance to the other members of the sample's cluster,
    ``b`` the smallest mean distance to the members of another cluster; samples
    alone in their cluster score 0.

    Args:
        X: the samples (n_samples, n_features), or with ``metric="precomputed"``
            a distance matrix (n_samples, n_samples) with a zero diagonal.
        labels: the cluster of each sample (2 to n_samples - 1 clusters).
        metric: a ``pairwise_distances`` metric or ``"precomputed"``.
        **kwds: passed to the metric.

    Returns:
        An array of shape (n_samples,).

    Example:
        >>> silhouette_samples([[0.0], [0.1], [1.0], [1.1]], [0, 0, 1, 1]).round(3)
        array([0.905, 0.895, 0.895, 0.905])
    """
    X, labels = check_X_y(X, labels, accept_sparse=["csr"])
    if metric == "precomputed":
        diagonal = X.diagonal()
        tolerance = np.finfo(X.dtype).eps * 100 if X.dtype.kind == "f" else 0
        if np.any(np.abs(diagonal) > tolerance):
            raise ValueError(
                "The precomputed distance matrix contains non-zero elements on the diagonal. "
                "Use np.fill_diagonal(X, 0)."
            )
    codes, n_clusters = _check_labels(labels, X.shape[0])
    n_samples = X.shape[0]
    sizes = np.bincount(codes, minlength=n_clusters)
    membership = np.zeros((n_samples, n_clusters))
    membership[np.arange(n_samples), codes] = 1.0

    def cluster_means(block, start):
        # Summed distances to each cluster for the block's rows, in one BLAS product.
        block = block.toarray() if sp.issparse(block) else block
        dtype = block.dtype if block.dtype.kind == "f" else np.float64
        sums = (np.asarray(block, dtype=np.float64) @ membership).astype(dtype, copy=False)
        own = (np.arange(block.shape[0]), codes[start:start + block.shape[0]])
        intra = sums[own]
        sums[own] = np.inf
        return intra, (sums / sizes).min(axis=1)

    blocks = list(pairwise_distances_chunked(X, reduce_func=cluster_means, metric=metric,
                                             working_memory=_BLOCK_BYTES / 2**20, **kwds))
    intra = np.concatenate([b[0] for b in blocks]).astype(np.float64)
    inter = np.concatenate([b[1] for b in blocks]).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        intra /= (sizes - 1)[codes]
        scores = (inter - intra) / np.maximum(intra, inter)
    return np.nan_to_num(scores)


def silhouette_score(X, labels, *, metric="euclidean", sample_size=None, random_state=None,
                     **kwds):
    """The mean silhouette coefficient of all samples (of a random subset of ``sample_size``).

    Example:
        >>> round(silhouette_score([[0.0], [0.1], [1.0], [1.1]], [0, 0, 1, 1]), 4)
        0.8997
    """
    if sample_size is not None:
        X, labels = check_X_y(X, labels, accept_sparse=["csc", "csr"])
        indices = check_random_state(random_state).permutation(X.shape[0])[:sample_size]
        if metric == "precomputed":
            X, labels = X[indices].T[indices].T, labels[indices]
        else:
            X, labels = X[indices], labels[indices]
    return float(np.mean(silhouette_samples(X, labels, metric=metric, **kwds)))
