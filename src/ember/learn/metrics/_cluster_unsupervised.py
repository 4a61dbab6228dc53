"""Internal clustering indices without ground truth: Calinski-Harabasz and Davies-Bouldin.

Both need only the clusters' sizes, centroids and spreads, computed for all
clusters at once from the label codes (``np.bincount`` and one sparse
membership product), with no loop over clusters.
"""

import numpy as np
import scipy.sparse as sp

from ..utils.validation import check_X_y
from ._silhouette import _check_labels


def _centroids(X, labels):
    """Float64 X, the label codes, the cluster sizes and the centroids (k, n_features)."""
    X, labels = check_X_y(X, labels)
    X = np.asarray(X, dtype=np.float64)
    codes, n_clusters = _check_labels(labels, X.shape[0])
    sizes = np.bincount(codes, minlength=n_clusters)
    members = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))),
                            shape=(n_clusters, len(codes)))
    centroids = np.asarray(members @ X) / sizes[:, None]
    return X, codes, sizes, centroids


def calinski_harabasz_score(X, labels):
    """The Calinski-Harabasz index: between-cluster over within-cluster dispersion, each
    divided by its degrees of freedom (Calinski and Harabasz, 1974). Higher is better.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)
        2 to n_samples - 1 clusters.

    Returns
    -------
    score : float
        ``B (n - k) / (W (k - 1))`` with ``B = sum_k n_k ||c_k - c||^2`` and
        ``W = sum_i ||x_i - c_(label i)||^2``; 1.0 when W is 0.

    Examples
    --------
    >>> round(calinski_harabasz_score([[0.0], [0.1], [1.0], [1.1]], [0, 0, 1, 1]), 2)
    200.0
    """
    X, codes, sizes, centroids = _centroids(X, labels)
    n_samples, n_clusters = X.shape[0], len(sizes)
    extra = float(sizes @ ((centroids - X.mean(axis=0)) ** 2).sum(axis=1))
    intra = float(((X - centroids[codes]) ** 2).sum())
    if intra == 0.0:
        return 1.0
    return float(extra * (n_samples - n_clusters) / (intra * (n_clusters - 1.0)))


def davies_bouldin_score(X, labels):
    """The Davies-Bouldin index: the mean over clusters of the worst ratio of summed
    spreads to centroid distance (Davies and Bouldin, 1979). Lower is better, 0 the least.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)
        2 to n_samples - 1 clusters.

    Returns
    -------
    score : float
        ``mean_i max_(j != i) (s_i + s_j) / d(c_i, c_j)``, ``s_i`` the mean distance of
        cluster i's samples to its centroid; 0.0 when all spreads or all centroid
        distances are (close to) 0.

    Examples
    --------
    >>> round(davies_bouldin_score([[0.0], [0.1], [1.0], [1.1]], [0, 0, 1, 1]), 4)
    0.1
    """
    from .pairwise import euclidean_distances

    X, codes, sizes, centroids = _centroids(X, labels)
    spread = np.sqrt(((X - centroids[codes]) ** 2).sum(axis=1))
    intra = np.bincount(codes, weights=spread, minlength=len(sizes)) / sizes
    between = euclidean_distances(centroids)
    if np.allclose(intra, 0) or np.allclose(between, 0):
        return 0.0
    between[between == 0] = np.inf
    combined = intra[:, None] + intra
    return float(np.mean(np.max(combined / between, axis=1)))
