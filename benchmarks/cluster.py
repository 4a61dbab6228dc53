"""Cluster suite: ember.learn.cluster's estimators against scikit-learn's.

Each case fits both libraries on the same make_blobs data, with every core
for both (scikit-learn's OpenMP loops and ember's Numba threads; BLAS too).
Before timing, the inertias must agree to 1e-9 relative and the labels on
99.9% of the samples; with scikit-learn's seeding and batch draws they are in
fact the same. Add a case by appending to ``CASES``.
"""

import numpy as np
import sklearn

from ._harness import Case

REFERENCE = f"scikit-learn {sklearn.__version__}"

N_SAMPLES, N_FEATURES, N_CENTERS = 60_000, 50, 10


def _blobs():
    from sklearn.datasets import make_blobs

    X, _ = make_blobs(n_samples=N_SAMPLES, n_features=N_FEATURES, centers=N_CENTERS,
                      random_state=0)
    return {"X": X}


def _fit(library, name, params):
    from importlib import import_module

    module = import_module("ember.learn.cluster" if library == "ember" else "sklearn.cluster")

    def fn(s):
        model = getattr(module, name)(**params).fit(s["X"])
        return model.inertia_, model.labels_
    return fn


def _same_clustering(ours, theirs):
    (our_inertia, our_labels), (their_inertia, their_labels) = ours, theirs
    assert abs(our_inertia - their_inertia) <= 1e-9 * abs(their_inertia), \
        f"inertias {our_inertia} vs {their_inertia}"
    share = float(np.mean(np.asarray(our_labels) == np.asarray(their_labels)))
    assert share >= 0.999, f"labels agree on {share:.4f} of the samples"


# (row name, estimator, parameters, setup, what the data are)
CASES = [
    ("kmeans_lloyd_fit", "KMeans", {"n_clusters": 10, "random_state": 0}, _blobs,
     f"{N_SAMPLES:,} x {N_FEATURES} make_blobs, {N_CENTERS} centres"),
    ("kmeans_elkan_fit", "KMeans",
     {"n_clusters": 10, "algorithm": "elkan", "random_state": 0}, _blobs,
     f"{N_SAMPLES:,} x {N_FEATURES} make_blobs, {N_CENTERS} centres"),
    ("kmeans_random_init_fit", "KMeans",
     {"n_clusters": 10, "init": "random", "n_init": 10, "random_state": 0}, _blobs,
     f"{N_SAMPLES:,} x {N_FEATURES} make_blobs, {N_CENTERS} centres"),
    ("minibatch_kmeans_fit", "MiniBatchKMeans", {"n_clusters": 10, "random_state": 0},
     _blobs, f"{N_SAMPLES:,} x {N_FEATURES} make_blobs, {N_CENTERS} centres"),
]


def cases():
    return [
        Case(name=row, target=1.0, setup=setup, ember_fn=_fit("ember", name, params),
             reference_fn=_fit("sklearn", name, params), compare=_same_clustering,
             description=f"{name}({', '.join(f'{k}={v!r}' for k, v in params.items())}).fit "
                         f"on {data}, all cores for both; same inertia and labels")
        for row, name, params, setup, data in CASES
    ]
