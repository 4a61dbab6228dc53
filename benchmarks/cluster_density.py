"""Density and hierarchical clustering suite: ember.learn.cluster against scikit-learn.

Each model is fitted by both libraries on the same points; before timing the
labels must be identical, numbering included (and MeanShift's centres within
1e-9). The kernels' one-time Numba compilation is excluded (the harness warms
up first).

- DBSCAN(eps=0.05, min_samples=5) on make_moons (noise 0.05), 10,000 x 2, as HOML ch9;
- MeanShift(bandwidth=1, bin_seeding=True) on 10,000 blobs (5 centres, 2-D);
- AgglomerativeClustering(n_clusters=4) (Ward) under a 10-nearest-neighbour
  connectivity graph, 3,000 blobs;
- OPTICS(min_samples=10) on 2,000 blobs (Xi extraction).
"""

import numpy as np
import sklearn

from ._harness import Case

REFERENCE = f"scikit-learn {sklearn.__version__}"


def _moons(n_samples):
    from sklearn.datasets import make_moons

    return make_moons(n_samples=n_samples, noise=0.05, random_state=42)[0]


def _blobs(n_samples):
    from sklearn.datasets import make_blobs

    return make_blobs(n_samples=n_samples, centers=5, cluster_std=0.8, random_state=0)[0]


def _knn_graph(X):
    from sklearn.neighbors import kneighbors_graph

    return kneighbors_graph(X, 10)


def _same(ours, theirs):
    if not np.array_equal(ours[0], theirs[0]):
        raise AssertionError(f"labels differ on {int((ours[0] != theirs[0]).sum())} samples")
    if ours[1] is not None and (ours[1].shape != theirs[1].shape
                                or not np.allclose(ours[1], theirs[1], rtol=0, atol=1e-9)):
        raise AssertionError("cluster centres differ")


# (row name, class, parameters, data, connectivity graph?, description)
MODELS = [
    ("dbscan_fit_moons_10k", "DBSCAN", {"eps": 0.05, "min_samples": 5}, lambda: _moons(10_000),
     False, "DBSCAN(eps=0.05, min_samples=5) fit on make_moons 10,000 x 2"),
    ("mean_shift_fit_blobs_10k", "MeanShift", {"bandwidth": 1.0, "bin_seeding": True},
     lambda: _blobs(10_000), False, "MeanShift(bandwidth=1, bin_seeding=True), 10,000 blobs x 2"),
    ("ward_knn_graph_fit_3k", "AgglomerativeClustering", {"n_clusters": 4},
     lambda: _blobs(3_000), True, "Ward under a 10-NN connectivity graph, 3,000 blobs x 2"),
    ("optics_fit_blobs_2k", "OPTICS", {"min_samples": 10}, lambda: _blobs(2_000), False,
     "OPTICS(min_samples=10), Xi, 2,000 blobs x 2"),
]


def _case(name, class_name, params, data, with_graph, description):
    def setup():
        X = data()
        return {"X": X, "params": dict(params, **({"connectivity": _knn_graph(X)}
                                                   if with_graph else {}))}

    def run(module):
        def fit(state):
            model = getattr(module(), class_name)(**state["params"]).fit(state["X"])
            return model.labels_, getattr(model, "cluster_centers_", None)
        return fit

    def ember_module():
        import ember.learn.cluster as cluster

        return cluster

    def sklearn_module():
        import sklearn.cluster as cluster

        return cluster

    return Case(name=name, target=1.0, setup=setup, ember_fn=run(ember_module),
                reference_fn=run(sklearn_module), compare=_same,
                description=description + "; labels identical")


def cases():
    return [_case(*model) for model in MODELS]
