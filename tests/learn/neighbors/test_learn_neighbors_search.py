"""Neighbour searches (brute, KD-tree, ball tree) against scikit-learn's on the same data."""

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.neighbors as skn  # noqa: E402

from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.neighbors import NearestNeighbors  # noqa: E402
from ember.learn.neighbors._tree import BallTree, KDTree  # noqa: E402
from ember.learn.utils import InvalidParameterError  # noqa: E402

ALGORITHMS = ["brute", "kd_tree", "ball_tree"]
METRICS = [("minkowski", 2), ("euclidean", 2), ("manhattan", 2), ("chebyshev", 2),
           ("minkowski", 1), ("minkowski", 3)]


def _data(seed=0, n=200, d=3, duplicates=True):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d)
    if duplicates:
        X[10:20] = X[0]          # exact duplicates: ties at distance 0
        X[30:40] = np.round(X[30:40])  # grid points: ties at equal distances
    return X, rng.randn(40, d)


def _assert_same_neighbours(dist, ind, sk_dist, sk_ind):
    """Same distances, and the same indices up to the order of tied neighbours."""
    np.testing.assert_allclose(dist, sk_dist, rtol=1e-10, atol=1e-7)
    assert ind.shape == sk_ind.shape and ind.dtype.kind == "i"
    for row in range(len(ind)):
        assert len(set(ind[row].tolist())) == ind.shape[1]
        for j in range(ind.shape[1]):
            tied = np.isclose(sk_dist[row], sk_dist[row, j], rtol=1e-10, atol=1e-7)
            # The last one may tie with a neighbour left out: checked by true distances.
            if tied.sum() == 1 and j + 1 < ind.shape[1]:
                assert ind[row, j] == sk_ind[row, j]


def _assert_true_distances(X, Q, dist, ind, metric="euclidean", **kwargs):
    """Each returned index really lies at its returned distance."""
    from scipy.spatial.distance import cdist

    full = cdist(X if Q is None else Q, X, metric=metric, **kwargs)
    np.testing.assert_allclose(np.take_along_axis(full, ind, axis=1), dist, rtol=1e-10, atol=1e-7)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("metric,p", METRICS)
@pytest.mark.parametrize("k", [1, 6])
def test_kneighbors_match_sklearn(algorithm, metric, p, k):
    X, Q = _data()
    ours = NearestNeighbors(n_neighbors=k, algorithm=algorithm, metric=metric, p=p).fit(X)
    theirs = skn.NearestNeighbors(n_neighbors=k, algorithm=algorithm, metric=metric, p=p).fit(X)
    _assert_same_neighbours(*ours.kneighbors(Q), *theirs.kneighbors(Q))
    # Querying the training set leaves each point itself out (duplicates included).
    dist, ind = ours.kneighbors()
    sk_dist, sk_ind = theirs.kneighbors()
    np.testing.assert_allclose(dist, sk_dist, rtol=1e-10, atol=1e-7)
    scipy_metric = {"manhattan": "cityblock", "minkowski": "minkowski"}.get(metric, metric)
    extra = {"p": p} if metric == "minkowski" else {}
    _assert_true_distances(X, None, dist, ind, scipy_metric, **extra)
    _assert_true_distances(X, Q, *ours.kneighbors(Q), scipy_metric, **extra)
    # Each point itself is left out, except where duplicates stand in for it.
    itself = ind == np.arange(len(X))[:, None]
    assert (dist[itself] == 0).all() and not itself.any(axis=1)[40:].any()
    assert ours.effective_metric_ == theirs.effective_metric_
    assert ours.effective_metric_params_ == theirs.effective_metric_params_
    assert ours.n_samples_fit_ == theirs.n_samples_fit_ == len(X)


def test_ties_keep_lower_index_first():
    X = np.array([[0.0], [1.0], [-1.0], [1.0], [2.0]])
    for algorithm in ALGORITHMS:
        ind = NearestNeighbors(n_neighbors=4, algorithm=algorithm).fit(X).kneighbors(
            [[0.0]], return_distance=False)
        assert ind.tolist() == [[0, 1, 2, 3]], algorithm


def test_cosine_and_weighted_minkowski_brute():
    X, Q = _data(d=6, duplicates=False)
    for metric, params in [("cosine", None), ("minkowski", {"w": np.arange(1.0, 7.0)})]:
        ours = NearestNeighbors(n_neighbors=5, metric=metric, metric_params=params, algorithm="brute").fit(X)
        theirs = skn.NearestNeighbors(n_neighbors=5, metric=metric, metric_params=params, algorithm="brute").fit(X)
        _assert_same_neighbours(*ours.kneighbors(Q), *theirs.kneighbors(Q))
    # Weighted Minkowski on a tree: the same neighbours as scikit-learn's brute force.
    weights = {"w": np.arange(1.0, 7.0)}
    ours = NearestNeighbors(n_neighbors=5, p=3, metric_params=weights, algorithm="ball_tree").fit(X)
    theirs = skn.NearestNeighbors(n_neighbors=5, p=3, metric_params=weights, algorithm="brute").fit(X)
    _assert_same_neighbours(*ours.kneighbors(Q), *theirs.kneighbors(Q))


def test_sparse_input_brute_matches_dense():
    X, Q = _data(d=5, duplicates=False)
    X[X < 0.3] = 0.0
    dense = NearestNeighbors(n_neighbors=4).fit(X).kneighbors(Q)
    sparse = NearestNeighbors(n_neighbors=4).fit(sp.csr_matrix(X)).kneighbors(sp.csr_matrix(Q))
    np.testing.assert_allclose(sparse[0], dense[0], atol=1e-12)
    np.testing.assert_array_equal(sparse[1], dense[1])
    with pytest.warns(UserWarning, match="cannot use tree with sparse input: using brute force"):
        model = NearestNeighbors(algorithm="kd_tree").fit(sp.csr_matrix(X))
    assert model._fit_method == "brute"


def test_large_query_spans_many_blocks(monkeypatch):
    from ember.learn.neighbors import _brute

    monkeypatch.setattr(_brute, "_BLOCK_ELEMENTS", 700)
    monkeypatch.setattr(_brute, "_BLOCK_ROWS", 9)
    X, Q = _data(n=500, d=20, duplicates=False)
    ours = NearestNeighbors(n_neighbors=7).fit(X)
    theirs = skn.NearestNeighbors(n_neighbors=7).fit(X)
    _assert_same_neighbours(*ours.kneighbors(Q), *theirs.kneighbors(Q))


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("mode", ["connectivity", "distance"])
def test_graphs_match_sklearn(algorithm, mode):
    X, Q = _data(duplicates=False)
    ours = NearestNeighbors(n_neighbors=3, radius=0.8, algorithm=algorithm).fit(X)
    theirs = skn.NearestNeighbors(n_neighbors=3, radius=0.8, algorithm=algorithm).fit(X)
    for args in [(), (Q,)]:
        a, b = ours.kneighbors_graph(*args, mode=mode), theirs.kneighbors_graph(*args, mode=mode)
        assert a.shape == b.shape and abs(a - b).max() < 1e-10
        a, b = ours.radius_neighbors_graph(*args, mode=mode), theirs.radius_neighbors_graph(*args, mode=mode)
        assert a.shape == b.shape and a.nnz == b.nnz and abs(a - b).max() < 1e-10


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_radius_neighbors_match_sklearn(algorithm):
    X, Q = _data()
    ours = NearestNeighbors(radius=0.9, algorithm=algorithm).fit(X)
    theirs = skn.NearestNeighbors(radius=0.9, algorithm=algorithm).fit(X)
    for args in [(), (Q,)]:
        dist, ind = ours.radius_neighbors(*args, sort_results=True)
        sk_dist, sk_ind = theirs.radius_neighbors(*args, sort_results=True)
        assert dist.dtype == object and len(ind) == len(sk_ind)
        for d, i, sd, si in zip(dist, ind, sk_dist, sk_ind):
            np.testing.assert_allclose(d, sd, atol=1e-7)
            assert set(i.tolist()) == set(si.tolist())
    with pytest.raises(ValueError, match="return_distance must be True"):
        ours.radius_neighbors(Q, return_distance=False, sort_results=True)


@pytest.mark.parametrize("tree_class,sk_class", [(KDTree, skn.KDTree), (BallTree, skn.BallTree)])
def test_tree_classes_match_sklearn(tree_class, sk_class):
    X, Q = _data(n=500, d=2)
    ours, theirs = tree_class(X, leaf_size=5), sk_class(X, leaf_size=5)
    _assert_same_neighbours(*ours.query(Q, k=4), *theirs.query(Q, k=4))
    radii = np.linspace(0.1, 1.0, len(Q))
    np.testing.assert_array_equal(ours.query_radius(Q, radii, count_only=True),
                                  theirs.query_radius(Q, radii, count_only=True))
    ind, dist = ours.query_radius(Q, 0.5, return_distance=True, sort_results=True)
    sk_ind, sk_dist = theirs.query_radius(Q, 0.5, return_distance=True, sort_results=True)
    for i, d, si, sd in zip(ind, dist, sk_ind, sk_dist):
        np.testing.assert_allclose(d, sd, atol=1e-12)
        assert set(i) == set(si)
    # Every point sits in exactly one leaf, and the boxes hold their points.
    assert sorted(ours.idx_array.tolist()) == list(range(len(X)))


def test_auto_picks_like_sklearn():
    X, _ = _data(d=3)
    for kwargs, expected in [({}, "kd_tree"), ({"n_neighbors": 150}, "brute"),
                             ({"metric": "cosine"}, "brute")]:
        assert NearestNeighbors(**kwargs).fit(X)._fit_method == expected
        assert skn.NearestNeighbors(**kwargs).fit(X)._fit_method == expected
    wide = np.random.RandomState(0).randn(50, 16)
    assert NearestNeighbors().fit(wide)._fit_method == "brute"


def test_errors():
    X, Q = _data()
    with pytest.raises(NotFittedError):
        NearestNeighbors().kneighbors(Q)
    model = NearestNeighbors(n_neighbors=3).fit(X)
    with pytest.raises(ValueError, match="Expected n_neighbors <= n_samples_fit, but n_neighbors = 300"):
        model.kneighbors(Q, n_neighbors=300)
    with pytest.raises(ValueError, match="Expected n_neighbors < n_samples_fit"):
        model.kneighbors(n_neighbors=200)
    with pytest.raises(ValueError, match="Expected n_neighbors > 0. Got -1"):
        model.kneighbors(Q, n_neighbors=-1)
    with pytest.raises(InvalidParameterError, match="'algorithm' parameter of NearestNeighbors"):
        NearestNeighbors(algorithm="fast").fit(X)
    with pytest.raises(ValueError, match="Metric 'cosine' not valid for algorithm='kd_tree'"):
        NearestNeighbors(metric="cosine", algorithm="kd_tree").fit(X)
    with pytest.raises(ValueError, match='algorithm="kd_tree" does not support 0 < p < 1'):
        NearestNeighbors(p=0.5, algorithm="kd_tree").fit(X)
    with pytest.raises(ValueError, match="X has 2 features, but NearestNeighbors is expecting 3"):
        model.kneighbors(Q[:, :2])
    with pytest.raises(ValueError, match='Unsupported mode, must be one of "connectivity"'):
        model.kneighbors_graph(mode="weights")


def test_semi_metric_warns_and_uses_brute():
    X, Q = _data(duplicates=False)
    with pytest.warns(UserWarning, match="for 0 < p < 1, Minkowski metrics are not distance"):
        ours = NearestNeighbors(p=0.5).fit(X)
    with pytest.warns(UserWarning, match="for 0 < p < 1"):
        theirs = skn.NearestNeighbors(p=0.5).fit(X)
    _assert_same_neighbours(*ours.kneighbors(Q), *theirs.kneighbors(Q))


def test_p_in_metric_params_wins_with_a_warning():
    X, Q = _data(duplicates=False)
    with pytest.warns(SyntaxWarning, match="Parameter p is found in metric_params"):
        ours = NearestNeighbors(metric_params={"p": 1}).fit(X)
    with pytest.warns(SyntaxWarning, match="Parameter p is found in metric_params"):
        theirs = skn.NearestNeighbors(metric_params={"p": 1}).fit(X)
    assert ours.effective_metric_ == theirs.effective_metric_ == "manhattan"
    _assert_same_neighbours(*ours.kneighbors(Q), *theirs.kneighbors(Q))
