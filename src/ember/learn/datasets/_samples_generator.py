"""Synthetic data sets: moons, circles, blobs, classification and regression problems, a swiss roll.

The shapes, return values and arguments are scikit-learn's; the random
streams are ember's own (the same ``random_state`` gives the same data every
time, not scikit-learn's numbers).
"""

import numbers

import numpy as np

from ..utils.validation import check_random_state
from ._bunch import Bunch


def _check_positive_int(value, name, minimum=1):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(
            f"The '{name}' parameter must be an int in the range [{minimum}, inf). Got {value!r} "
            "instead."
        )


def _two_sizes(n_samples):
    """``(n_first, n_second)`` from an int (split in halves, the first one smaller) or a pair."""
    if isinstance(n_samples, numbers.Integral):
        _check_positive_int(n_samples, "n_samples")
        return n_samples // 2, n_samples - n_samples // 2
    try:
        first, second = n_samples
    except (TypeError, ValueError) as error:
        raise ValueError("`n_samples` can be either an int or a two-element tuple.") from error
    return int(first), int(second)


def _shuffle_rows(random, *arrays):
    order = random.permutation(arrays[0].shape[0])
    return tuple(a[order] for a in arrays)


def _add_noise_and_shuffle(random, X, y, noise, shuffle):
    if shuffle:
        X, y = _shuffle_rows(random, X, y)
    if noise is not None:
        X = X + random.normal(scale=noise, size=X.shape)
    return X, y


def make_moons(n_samples=100, *, shuffle=True, noise=None, random_state=None):
    """Two interleaving half circles (radius 1): the outer centred at (0, 0) (class 0), the
    inner at (1, 0.5) and flipped (class 1).

    Args:
        n_samples: the total (split in halves) or ``(n_outer, n_inner)``.
        noise: standard deviation of Gaussian noise added to every coordinate.

    Returns:
        ``X`` (n_samples, 2) and the labels ``y`` (n_samples,) in {0, 1}.

    Example:
        >>> X, y = make_moons(n_samples=6, shuffle=False)
        >>> X.round(2).tolist()[:3], y.tolist()
        ([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]], [0, 0, 0, 1, 1, 1])
    """
    n_outer, n_inner = _two_sizes(n_samples)
    random = check_random_state(random_state)
    outer = np.linspace(0, np.pi, n_outer)
    inner = np.linspace(0, np.pi, n_inner)
    X = np.vstack([np.c_[np.cos(outer), np.sin(outer)],
                   np.c_[1 - np.cos(inner), 0.5 - np.sin(inner)]])
    y = np.r_[np.zeros(n_outer, dtype=np.intp), np.ones(n_inner, dtype=np.intp)]
    return _add_noise_and_shuffle(random, X, y, noise, shuffle)


def make_circles(n_samples=100, *, shuffle=True, noise=None, random_state=None, factor=0.8):
    """Two concentric circles: radius 1 (class 0) and radius ``factor`` (class 1), centred at 0.

    Example:
        >>> X, y = make_circles(n_samples=8, shuffle=False, factor=0.5)
        >>> np.hypot(*X.T).round(3).tolist(), y.tolist()
        ([1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5], [0, 0, 0, 0, 1, 1, 1, 1])
    """
    if not (isinstance(factor, numbers.Real) and 0 <= factor < 1):
        raise ValueError(
            f"The 'factor' parameter of make_circles must be a float in the range [0.0, 1.0). "
            f"Got {factor!r} instead."
        )
    n_outer, n_inner = _two_sizes(n_samples)
    random = check_random_state(random_state)
    outer = np.linspace(0, 2 * np.pi, n_outer, endpoint=False)
    inner = np.linspace(0, 2 * np.pi, n_inner, endpoint=False)
    X = np.vstack([np.c_[np.cos(outer), np.sin(outer)],
                   factor * np.c_[np.cos(inner), np.sin(inner)]])
    y = np.r_[np.zeros(n_outer, dtype=np.intp), np.ones(n_inner, dtype=np.intp)]
    return _add_noise_and_shuffle(random, X, y, noise, shuffle)


def make_blobs(n_samples=100, n_features=2, *, centers=None, cluster_std=1.0,
               center_box=(-10.0, 10.0), shuffle=True, random_state=None, return_centers=False):
    """Isotropic Gaussian blobs, one per centre.

    Args:
        n_samples: the total (shared out as evenly as possible) or one count per blob.
        n_features: the dimension, when the centres are drawn.
        centers: how many centres to draw uniformly in ``center_box`` (default 3),
            or their coordinates (n_centers, n_features).
        cluster_std: the standard deviation of every blob, or one per blob.
        return_centers: also return the centres.

    Returns:
        ``X`` (n_samples, n_features), ``y`` (n_samples,) the blob of each sample,
        and with ``return_centers`` the centres (n_centers, n_features).

    Example:
        >>> X, y, centers = make_blobs(n_samples=10, centers=[[0, 0], [5, 5]], cluster_std=0.1,
        ...                            random_state=0, return_centers=True)
        >>> X.shape, np.bincount(y).tolist(), centers.tolist()
        ((10, 2), [5, 5], [[0, 0], [5, 5]])
    """
    random = check_random_state(random_state)
    per_blob_counts = not isinstance(n_samples, numbers.Integral)
    if per_blob_counts:
        counts = [int(n) for n in n_samples]
        if centers is None:
            centers = len(counts)
        elif not isinstance(centers, numbers.Integral) and len(centers) != len(counts):
            raise ValueError(
                "Length of `n_samples` not consistent with number of centers. Got n_samples = "
                f"{n_samples} and centers = {centers}"
            )
        if isinstance(centers, numbers.Integral) and centers != len(counts):
            raise ValueError(
                "Length of `n_samples` not consistent with number of centers. Got n_samples = "
                f"{n_samples} and centers = {centers}"
            )
    elif centers is None:
        centers = 3
    if isinstance(centers, numbers.Integral):
        centers = random.uniform(center_box[0], center_box[1], size=(centers, n_features))
    else:
        centers = np.asarray(centers)  # returned as given
        if centers.ndim != 2:
            raise ValueError(f"centers should be an int or an array of shape (n_centers, n_features). "
                             f"Got shape {centers.shape}.")
        n_features = centers.shape[1]
    n_centers = centers.shape[0]
    if not per_blob_counts:
        counts = [n_samples // n_centers] * n_centers
        for i in range(n_samples % n_centers):
            counts[i] += 1
    stds = np.full(n_centers, cluster_std, dtype=np.float64) if np.ndim(cluster_std) == 0 \
        else np.asarray(cluster_std, dtype=np.float64)
    if stds.shape[0] != n_centers:
        raise ValueError(
            "Length of `clusters_std` not consistent with number of centers. Got centers = "
            f"{centers} and cluster_std = {cluster_std}"
        )
    total = sum(counts)
    y = np.repeat(np.arange(n_centers), counts)
    # One draw for every blob: standard normals scaled and shifted per row.
    X = random.standard_normal(size=(total, n_features))
    X *= stds[y][:, None]
    X += centers[y].astype(np.float64, copy=False)
    if shuffle:
        X, y = _shuffle_rows(random, X, y)
    return (X, y, centers) if return_centers else (X, y)


def _hypercube_vertices(n_vertices, dimensions, random):
    """``n_vertices`` distinct random vertices of the unit hypercube in ``dimensions`` dimensions."""
    if dimensions > 30:
        head = random.randint(2, size=(n_vertices, dimensions - 30))
        return np.hstack([head, _hypercube_vertices(n_vertices, 30, random)])
    space = 1 << dimensions
    if space <= 1 << 20:
        codes = random.permutation(space)[:n_vertices]
    else:
        codes = np.unique(random.randint(space, size=2 * n_vertices + 8))
        while codes.size < n_vertices:
            codes = np.unique(np.r_[codes, random.randint(space, size=n_vertices)])
        codes = random.permutation(codes)[:n_vertices]
    bits = np.arange(dimensions - 1, -1, -1)
    return ((codes[:, None] >> bits) & 1).astype(np.float64)


def make_classification(n_samples=100, n_features=20, *, n_informative=2, n_redundant=2,
                        n_repeated=0, n_classes=2, n_clusters_per_class=2, weights=None,
                        flip_y=0.01, class_sep=1.0, hypercube=True, shift=0.0, scale=1.0,
                        shuffle=True, random_state=None, return_X_y=True):
    """A random classification problem: Gaussian clusters on the vertices of a hypercube.

    Each class is ``n_clusters_per_class`` clusters of standard normal points,
    linearly mixed, at vertices of a hypercube of side ``2 * class_sep`` in the
    ``n_informative`` informative features. Then come ``n_redundant`` random
    linear combinations of those, ``n_repeated`` copies of features and random
    noise features; a fraction ``flip_y`` of labels is redrawn at random.

    Returns:
        ``(X, y)``; with ``return_X_y=False`` a Bunch with ``X``, ``y``,
        ``feature_info`` (what each column is) and ``parameters``.

    Example:
        >>> X, y = make_classification(n_samples=50, n_features=4, random_state=0)
        >>> X.shape, sorted(set(y.tolist()))
        ((50, 4), [0, 1])
    """
    for name, value, minimum in (("n_samples", n_samples, 1), ("n_features", n_features, 1),
                                 ("n_informative", n_informative, 1),
                                 ("n_redundant", n_redundant, 0), ("n_repeated", n_repeated, 0),
                                 ("n_classes", n_classes, 1),
                                 ("n_clusters_per_class", n_clusters_per_class, 1)):
        _check_positive_int(value, name, minimum)
    random = check_random_state(random_state)
    if n_informative + n_redundant + n_repeated > n_features:
        raise ValueError(
            "Number of informative, redundant and repeated features must sum to less than the "
            "number of total features"
        )
    if n_informative < np.log2(n_classes * n_clusters_per_class):
        raise ValueError(
            f"n_classes({n_classes}) * n_clusters_per_class({n_clusters_per_class}) must be "
            f"smaller or equal 2**n_informative({n_informative})={2**n_informative}"
        )
    if weights is not None:
        if len(weights) not in (n_classes, n_classes - 1):
            raise ValueError("Weights specified but incompatible with number of classes.")
        class_weights = list(np.asarray(weights, dtype=np.float64))
        if len(class_weights) == n_classes - 1:
            class_weights.append(1.0 - sum(class_weights))
    else:
        class_weights = [1.0 / n_classes] * n_classes
    n_clusters = n_classes * n_clusters_per_class
    cluster_sizes = [int(n_samples * class_weights[k % n_classes] / n_clusters_per_class)
                     for k in range(n_clusters)]
    for i in range(n_samples - sum(cluster_sizes)):
        cluster_sizes[i % n_clusters] += 1
    n_useful = n_informative + n_redundant
    n_noise = n_features - n_useful - n_repeated

    centroids = _hypercube_vertices(n_clusters, n_informative, random) * (2 * class_sep) - class_sep
    if not hypercube:
        centroids *= random.uniform(size=(n_clusters, 1))
        centroids *= random.uniform(size=(1, n_informative))
    X = np.zeros((n_samples, n_features))
    cluster_of = np.repeat(np.arange(n_clusters), cluster_sizes)
    y = cluster_of % n_classes
    informative = random.standard_normal(size=(n_samples, n_informative))
    stop = 0
    for k in range(n_clusters):  # one random covariance per cluster
        start, stop = stop, stop + cluster_sizes[k]
        mixing = 2 * random.uniform(size=(n_informative, n_informative)) - 1
        informative[start:stop] = informative[start:stop] @ mixing + centroids[k]
    X[:, :n_informative] = informative
    if n_redundant:
        combination = 2 * random.uniform(size=(n_informative, n_redundant)) - 1
        X[:, n_informative:n_useful] = informative @ combination
    if n_repeated:
        copied = ((n_useful - 1) * random.uniform(size=n_repeated) + 0.5).astype(np.intp)
        X[:, n_useful:n_useful + n_repeated] = X[:, copied]
    if n_noise:
        X[:, n_features - n_noise:] = random.standard_normal(size=(n_samples, n_noise))
    if flip_y >= 0:
        flipped = random.uniform(size=n_samples) < flip_y
        y[flipped] = random.randint(n_classes, size=int(flipped.sum()))
    if shift is None:
        shift = (2 * random.uniform(size=n_features) - 1) * class_sep
    X += shift
    if scale is None:
        scale = 1 + 100 * random.uniform(size=n_features)
    X *= scale
    columns = np.arange(n_features)
    if shuffle:
        X, y = _shuffle_rows(random, X, y)
        columns = random.permutation(n_features)
        X = X[:, columns]
    if return_X_y:
        return X, y
    kinds = np.array(["informative"] * n_informative + ["redundant"] * n_redundant
                     + ["repeated"] * n_repeated + ["random"] * n_noise)
    parameters = dict(n_samples=n_samples, n_features=n_features, n_informative=n_informative,
                      n_redundant=n_redundant, n_repeated=n_repeated, n_classes=n_classes,
                      n_clusters_per_class=n_clusters_per_class, weights=weights, flip_y=flip_y,
                      class_sep=class_sep, hypercube=hypercube, shift=shift, scale=scale,
                      shuffle=shuffle, random_state=random_state, return_X_y=return_X_y)
    return Bunch(DESCR=make_classification.__doc__, parameters=parameters,
                 feature_info=kinds[columns].tolist(), X=X, y=y)


def make_low_rank_matrix(n_samples=100, n_features=100, *, effective_rank=10, tail_strength=0.5,
                         random_state=None):
    """A matrix with a bell-shaped singular value profile: about ``effective_rank`` large
    singular values, then a fat tail of weight ``tail_strength``.

    Example:
        >>> make_low_rank_matrix(20, 10, effective_rank=2, random_state=0).shape
        (20, 10)
    """
    random = check_random_state(random_state)
    n = min(n_samples, n_features)
    left, _ = np.linalg.qr(random.standard_normal(size=(n_samples, n)), mode="reduced")
    right, _ = np.linalg.qr(random.standard_normal(size=(n_features, n)), mode="reduced")
    index = np.arange(n, dtype=np.float64)
    singular = (1 - tail_strength) * np.exp(-1.0 * (index / effective_rank) ** 2) \
        + tail_strength * np.exp(-0.1 * index / effective_rank)
    return (left * singular) @ right.T


def make_regression(n_samples=100, n_features=100, *, n_informative=10, n_targets=1, bias=0.0,
                    effective_rank=None, tail_strength=0.5, noise=0.0, shuffle=True, coef=False,
                    random_state=None):
    """A random linear regression problem ``y = X @ coef + bias + noise``.

    Only ``n_informative`` features have non-zero coefficients (uniform in
    [0, 100)); ``X`` is standard normal, or of low effective rank.

    Returns:
        ``X`` (n_samples, n_features), ``y`` (n_samples,) or (n_samples, n_targets),
        and with ``coef=True`` the coefficients (n_features,) or (n_features, n_targets).

    Example:
        >>> X, y, w = make_regression(n_samples=5, n_features=3, n_informative=2, bias=1.5,
        ...                           coef=True, random_state=0)
        >>> bool(np.allclose(y, X @ w + 1.5)), int((w != 0).sum())
        (True, 2)
    """
    for name, value, minimum in (("n_samples", n_samples, 1), ("n_features", n_features, 1),
                                 ("n_informative", n_informative, 0), ("n_targets", n_targets, 1)):
        _check_positive_int(value, name, minimum)
    n_informative = min(n_features, n_informative)
    random = check_random_state(random_state)
    if effective_rank is None:
        X = random.standard_normal(size=(n_samples, n_features))
    else:
        X = make_low_rank_matrix(n_samples, n_features, effective_rank=effective_rank,
                                 tail_strength=tail_strength, random_state=random)
    weights = np.zeros((n_features, n_targets))
    weights[:n_informative] = 100 * random.uniform(size=(n_informative, n_targets))
    y = X @ weights + bias
    if noise > 0.0:
        y += random.normal(scale=noise, size=y.shape)
    if shuffle:
        X, y = _shuffle_rows(random, X, y)
        columns = random.permutation(n_features)
        X, weights = X[:, columns], weights[columns]
    y, weights = np.squeeze(y), np.squeeze(weights)
    return (X, y, weights) if coef else (X, y)


def make_swiss_roll(n_samples=100, *, noise=0.0, random_state=None, hole=False):
    """Points on a swiss roll ``(t cos t, h, t sin t)`` with ``t`` in [1.5 pi, 4.5 pi], ``h`` in [0, 21].

    With ``hole``, the middle of the 3 x 3 grid of (t, h) patches is left empty.

    Returns:
        ``X`` (n_samples, 3) and ``t`` (n_samples,), the position along the roll.

    Example:
        >>> X, t = make_swiss_roll(n_samples=4, random_state=0)
        >>> bool(np.allclose(np.hypot(X[:, 0], X[:, 2]), t))
        True
    """
    _check_positive_int(n_samples, "n_samples")
    random = check_random_state(random_state)
    if not hole:
        t = 1.5 * np.pi * (1 + 2 * random.uniform(size=n_samples))
        height = 21 * random.uniform(size=n_samples)
    else:
        corners = np.array([[np.pi * (1.5 + i), j * 7] for i in range(3) for j in range(3)])
        corners = np.delete(corners, 4, axis=0)
        chosen = corners[random.randint(8, size=n_samples)]
        offsets = random.uniform(size=(2, n_samples)) * np.array([[np.pi], [7]])
        t, height = chosen.T + offsets
    # coordinates drawn and noised coordinate by coordinate (scikit-learn's order of draws,
    # so a random_state gives its very roll)
    X = np.vstack([t * np.cos(t), height, t * np.sin(t)])
    X += noise * random.standard_normal(size=X.shape)
    return X.T, t
