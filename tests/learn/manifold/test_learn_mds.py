"""MDS and smacof against scikit-learn's.

The starts are drawn with scikit-learn's calls (uniform starts from one
generator in turn, or one randint seed per start with several jobs, or
classical MDS), the Guttman transform and the stopping rule are the same, and
non-metric MDS refits the same isotonic regression, so embeddings, stresses
and iteration counts agree.
"""

import warnings

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.manifold as skm  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.isotonic import IsotonicRegression  # noqa: E402
from sklearn.metrics import euclidean_distances  # noqa: E402

from ember.learn.datasets import make_swiss_roll  # noqa: E402
from ember.learn.manifold import MDS, smacof  # noqa: E402


@pytest.fixture(scope="module")
def roll():
    return make_swiss_roll(n_samples=120, noise=0.2, random_state=42)[0]


def test_check_estimator():
    run_check_estimator(MDS(init="random", max_iter=50))


def test_tags_mirror_sklearn():
    for params in [{}, {"metric": "precomputed"}, {"dissimilarity": "precomputed"}]:
        ours, theirs = MDS(**params).__sklearn_tags__(), skm.MDS(**params).__sklearn_tags__()
        assert ours.input_tags.pairwise == theirs.input_tags.pairwise
        assert ours.transformer_tags is theirs.transformer_tags is None


@pytest.mark.parametrize("params", [
    {"init": "random"}, {"init": "random", "n_init": 3},
    {"init": "random", "metric_mds": False}, {"init": "classical_mds"},
    {"init": "random", "n_init": 2, "n_jobs": 2},
    {"init": "classical_mds", "metric_mds": False, "normalized_stress": True},
    {"init": "random", "metric": "manhattan", "max_iter": 40},
])
def test_equals_sklearn(roll, params):
    ours = MDS(random_state=0, **params).fit(roll)
    theirs = skm.MDS(random_state=0, **params).fit(roll)
    scale = np.abs(theirs.embedding_).max()
    np.testing.assert_allclose(ours.embedding_, theirs.embedding_, atol=1e-10 * scale)
    assert ours.stress_ == pytest.approx(theirs.stress_, rel=1e-10)
    assert ours.n_iter_ == theirs.n_iter_
    np.testing.assert_allclose(ours.dissimilarity_matrix_, theirs.dissimilarity_matrix_,
                               atol=1e-12)


def test_precomputed_and_explicit_init(roll):
    D = euclidean_distances(roll)
    init = np.random.RandomState(1).rand(len(roll), 2)
    ours = MDS(metric="precomputed", init="random").fit(D, init=init)
    theirs = skm.MDS(metric="precomputed", init="random").fit(D, init=init)
    np.testing.assert_allclose(ours.embedding_, theirs.embedding_, atol=1e-9)
    pos, stress, n_iter = smacof(D, init=init, return_n_iter=True, metric=False)
    pos_sk, stress_sk, n_iter_sk = skm.smacof(D, init=init, return_n_iter=True, metric=False)
    np.testing.assert_allclose(pos, pos_sk, atol=1e-12)
    assert (stress, n_iter) == (pytest.approx(stress_sk, rel=1e-12), n_iter_sk)


def test_isotonic_kernel_equals_sklearn():
    from ember.learn.manifold._mds_kernels import isotonic_fit_sorted

    rng = np.random.RandomState(0)
    x = np.round(rng.rand(500) * 50) / 7  # many ties
    y = x + rng.randn(500)
    order = np.lexsort((y, x))
    ours = np.empty_like(y)
    ours[order] = isotonic_fit_sorted(x[order], y[order])
    theirs = IsotonicRegression(out_of_bounds="clip").fit_transform(x, y)
    np.testing.assert_allclose(ours, theirs, atol=1e-12)
    assert np.all(np.diff(ours[order]) >= 0)


def test_warnings_and_errors(roll):
    with pytest.warns(FutureWarning, match="The default value of `init` will change"):
        MDS(max_iter=5).fit(roll)
    with pytest.warns(FutureWarning, match="The `dissimilarity` parameter is deprecated"):
        MDS(init="random", dissimilarity="euclidean", max_iter=5).fit(roll)
    with pytest.warns(FutureWarning, match="Use metric_mds=False instead of metric=False"):
        MDS(init="random", metric=False, max_iter=5).fit(roll)
    with pytest.raises(ValueError, match="You provided both `dissimilarity` and `metric`"):
        MDS(init="random", dissimilarity="euclidean", metric="manhattan").fit(roll)
    with pytest.raises(ValueError, match="Array must be symmetric"):
        MDS(init="random", metric="precomputed").fit(np.triu(np.ones((5, 5))))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="Explicit initial positions passed"):
            smacof(euclidean_distances(roll), init=roll[:, :2], n_init=2)
