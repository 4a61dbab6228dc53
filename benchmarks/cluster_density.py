"""Density and hierarchical clustering suite: ember.learn.cluster against scikit-learn.

DBSCAN on make_moons (noise 0.05, 10,000 points in 2-D, eps=0.05 as HOML ch9
with min_samples=5): both libraries fit the same points; before timing their
labels must be identical, numbering included. MeanShift with bin seeding on
10,000 blobs (5 centres in 2-D): the same labels, centres within 1e-9. The
kernels' one-time Numba compilation is excluded (the harness warms up first).
"""

import numpy as np
import sklearn

from ._harness import Case

REFERENCE = f"scikit-learn {sklearn.__version__}"


def _moons(n_samples):
    def setup():
        from sklearn.datasets import make_moons

        X, _ = make_moons(n_samples=n_samples, noise=0.05, random_state=42)
        return {"X": X}
    return setup


def _same_labels(ours, theirs):
    if not np.array_equal(ours, theirs):
        raise AssertionError(f"labels differ on {int((ours != theirs).sum())} samples")


def _dbscan_case(name, n_samples, params):
    def ember_fn(state):
        from ember.learn.cluster import DBSCAN

        return DBSCAN(**params).fit(state["X"]).labels_

    def reference_fn(state):
        from sklearn.cluster import DBSCAN

        return DBSCAN(**params).fit(state["X"]).labels_

    return Case(name=name, target=1.0, setup=_moons(n_samples), ember_fn=ember_fn,
                reference_fn=reference_fn, compare=_same_labels,
                description=f"DBSCAN({params}) fit on make_moons {n_samples:,} x 2; "
                            "labels identical")


def _blobs():
    from sklearn.datasets import make_blobs

    X, _ = make_blobs(n_samples=10_000, centers=5, cluster_std=0.8, random_state=0)
    return {"X": X}


def _same_clusters(ours, theirs):
    _same_labels(ours[0], theirs[0])
    if ours[1].shape != theirs[1].shape or not np.allclose(ours[1], theirs[1], rtol=0, atol=1e-9):
        raise AssertionError("cluster centres differ")


def _mean_shift_case():
    params = {"bandwidth": 1.0, "bin_seeding": True}

    def ember_fn(state):
        from ember.learn.cluster import MeanShift

        model = MeanShift(**params).fit(state["X"])
        return model.labels_, model.cluster_centers_

    def reference_fn(state):
        from sklearn.cluster import MeanShift

        model = MeanShift(**params).fit(state["X"])
        return model.labels_, model.cluster_centers_

    return Case(name="mean_shift_fit_blobs_10k", target=1.0, setup=_blobs, ember_fn=ember_fn,
                reference_fn=reference_fn, compare=_same_clusters,
                description=f"MeanShift({params}) fit on 10,000 blobs x 2; labels identical")


def cases():
    return [_dbscan_case("dbscan_fit_moons_10k", 10_000, {"eps": 0.05, "min_samples": 5}),
            _mean_shift_case()]
