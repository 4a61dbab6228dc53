"""Density and hierarchical clustering suite: ember.learn.cluster against scikit-learn.

DBSCAN on make_moons (noise 0.05, 10,000 points in 2-D, eps=0.05 as HOML ch9
with min_samples=5): both libraries fit the same points; before timing their
labels must be identical, numbering included. The DBSCAN kernels' one-time
Numba compilation is excluded (the harness warms up first).
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


def cases():
    return [_dbscan_case("dbscan_fit_moons_10k", 10_000, {"eps": 0.05, "min_samples": 5})]
