"""Synthetic data generators: shapes, dtypes and return values as scikit-learn's; geometry and
statistics of the data; and, for the generators HOML uses, scikit-learn's very data for a
random_state (make_classification's stream is ember's own)."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets as skd  # noqa: E402

from ember.learn import datasets  # noqa: E402


def same_form(ours, theirs):
    assert type(ours) is type(theirs)
    if isinstance(theirs, tuple):
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            same_form(a, b)
    else:
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype


@pytest.mark.parametrize("name,kwargs", [
    ("make_moons", {}), ("make_moons", {"n_samples": (3, 7)}), ("make_circles", {"n_samples": 9}),
    ("make_blobs", {}), ("make_blobs", {"n_samples": [3, 5], "n_features": 4}),
    ("make_blobs", {"centers": [[0, 0, 0]], "return_centers": True}),
    ("make_classification", {}), ("make_classification", {"n_classes": 3, "n_informative": 4, "weights": [0.2, 0.3]}),
    ("make_regression", {}), ("make_regression", {"n_targets": 3, "coef": True}),
    ("make_regression", {"effective_rank": 5, "coef": True, "n_features": 20}),
    ("make_swiss_roll", {}), ("make_swiss_roll", {"hole": True}), ("make_low_rank_matrix", {}),
])
def test_shapes_and_dtypes_match_scikit_learn(name, kwargs):
    ours = getattr(datasets, name)(random_state=0, **kwargs)
    theirs = getattr(skd, name)(random_state=0, **kwargs)
    same_form(ours, theirs)


def test_same_seed_same_data_and_seeds_differ():
    for name in ("make_moons", "make_blobs", "make_classification", "make_regression", "make_swiss_roll"):
        kwargs = {"noise": 0.1} if name in ("make_moons", "make_swiss_roll") else {}
        first, again, other = (getattr(datasets, name)(random_state=s, **kwargs)[0] for s in (1, 1, 2))
        np.testing.assert_array_equal(first, again)
        assert not np.array_equal(first, other)
    state = np.random.RandomState(0)
    assert not np.array_equal(datasets.make_blobs(random_state=state)[0], datasets.make_blobs(random_state=state)[0])


def test_moons_radii_and_centres():
    X, y = datasets.make_moons(n_samples=(50, 60), random_state=0)
    assert np.bincount(y).tolist() == [50, 60]
    outer, inner = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*outer.T), 1.0)
    np.testing.assert_allclose(np.hypot(inner[:, 0] - 1, inner[:, 1] - 0.5), 1.0)
    assert (outer[:, 1] >= -1e-12).all() and (inner[:, 1] <= 0.5 + 1e-12).all()
    noisy, _ = datasets.make_moons(n_samples=20000, noise=0.2, shuffle=False, random_state=0)
    clean, _ = datasets.make_moons(n_samples=20000, shuffle=False)
    assert np.std(noisy - clean) == pytest.approx(0.2, rel=0.02)


def test_circles_radii():
    X, y = datasets.make_circles(n_samples=101, factor=0.3, random_state=0)
    radii = np.hypot(*X.T)
    np.testing.assert_allclose(radii[y == 0], 1.0)
    np.testing.assert_allclose(radii[y == 1], 0.3)
    assert np.bincount(y).tolist() == [50, 51]
    with pytest.raises(ValueError, match="'factor' parameter of make_circles"):
        datasets.make_circles(factor=1.0)


def test_blobs_centres_and_spread():
    centers = np.array([[0.0, 0.0], [10.0, -5.0], [-8.0, 3.0]])
    X, y = datasets.make_blobs(n_samples=30000, centers=centers, cluster_std=[0.5, 1.0, 2.0], random_state=0)
    assert np.bincount(y).tolist() == [10000] * 3
    for k, std in enumerate([0.5, 1.0, 2.0]):
        np.testing.assert_allclose(X[y == k].mean(0), centers[k], atol=0.06)
        np.testing.assert_allclose(X[y == k].std(0), std, rtol=0.03)
    X, y, drawn = datasets.make_blobs(n_samples=10, n_features=5, centers=4, center_box=(2, 3),
                                      random_state=0, return_centers=True)
    assert drawn.shape == (4, 5) and ((drawn >= 2) & (drawn <= 3)).all()
    assert np.bincount(y).tolist() == [3, 3, 2, 2]
    X, y = datasets.make_blobs(n_samples=[1, 2, 3], random_state=0)
    assert np.bincount(y).tolist() == [1, 2, 3]
    with pytest.raises(ValueError, match="Length of `n_samples` not consistent with number of centers"):
        datasets.make_blobs(n_samples=[1, 2], centers=3)


def test_classification_structure():
    bunch = datasets.make_classification(n_samples=2000, n_features=10, n_informative=3, n_redundant=2,
                                         n_repeated=1, n_classes=3, n_clusters_per_class=1, flip_y=0,
                                         class_sep=2.0, random_state=0, return_X_y=False)
    X, y, info = bunch.X, bunch.y, np.array(bunch.feature_info)
    assert sorted(info.tolist()) == sorted(["informative"] * 3 + ["redundant"] * 2 + ["repeated"] + ["random"] * 4)
    assert bunch.parameters["n_classes"] == 3
    informative = X[:, info == "informative"]
    # Redundant features are exact linear combinations of the informative ones.
    for column in X[:, info == "redundant"].T:
        solution, residual, *_ = np.linalg.lstsq(informative, column, rcond=None)
        assert np.allclose(informative @ solution, column)
    # A repeated feature duplicates another column.
    repeated = X[:, info == "repeated"][:, 0]
    assert any(np.array_equal(repeated, c) for c in X[:, info != "repeated"].T)
    # Noise features are standard normal; classes are balanced and separable in the informative ones.
    np.testing.assert_allclose(X[:, info == "random"].std(0), 1.0, rtol=0.06)
    assert np.bincount(y).tolist() in ([667, 667, 666], [667, 666, 667], [666, 667, 667])
    from sklearn.linear_model import LogisticRegression
    assert LogisticRegression().fit(informative, y).score(informative, y) > 0.9
    X, y = datasets.make_classification(n_samples=1000, weights=[0.9], flip_y=0, random_state=0)
    _, sk_y = skd.make_classification(n_samples=1000, weights=[0.9], flip_y=0, random_state=0)
    assert np.bincount(y).tolist() == np.bincount(sk_y).tolist()
    X, _ = datasets.make_classification(n_samples=50, shift=None, scale=None, shuffle=False, random_state=0)
    assert X.shape == (50, 20)


def test_classification_errors():
    with pytest.raises(ValueError, match="must sum to less than the number of total features"):
        datasets.make_classification(n_features=3, n_informative=2, n_redundant=2)
    with pytest.raises(ValueError, match=r"n_classes\(3\) \* n_clusters_per_class\(2\) must be smaller or equal 2\*\*n_informative\(2\)=4"):
        datasets.make_classification(n_classes=3)
    with pytest.raises(ValueError, match="Weights specified but incompatible with number of classes"):
        datasets.make_classification(weights=[0.1, 0.2, 0.7])
    with pytest.raises(ValueError, match="'n_samples' parameter must be an int in the range"):
        datasets.make_classification(n_samples=0)


def test_regression_is_linear_in_the_informative_features():
    X, y, w = datasets.make_regression(n_samples=200, n_features=8, n_informative=3, bias=2.5,
                                       coef=True, random_state=0)
    np.testing.assert_allclose(y, X @ w + 2.5, rtol=1e-12)
    assert (w != 0).sum() == 3 and ((w >= 0) & (w < 100)).all()
    np.testing.assert_allclose(X.std(0), 1, rtol=0.15)
    X, Y, W = datasets.make_regression(n_samples=5000, n_features=4, n_targets=2, noise=3.0, coef=True, random_state=1)
    assert Y.shape == (5000, 2) and W.shape == (4, 2)
    assert np.std(Y - X @ W) == pytest.approx(3.0, rel=0.03)
    X, y = datasets.make_regression(n_samples=100, n_features=30, effective_rank=3, random_state=0)
    singular = np.linalg.svd(X, compute_uv=False)
    assert singular[0] / singular[10] > 2.5 and singular[0] / singular[1] < 1.2


def test_low_rank_matrix_singular_values():
    M = datasets.make_low_rank_matrix(50, 20, effective_rank=4, tail_strength=0.2, random_state=0)
    index = np.arange(20)
    expected = 0.8 * np.exp(-(index / 4) ** 2) + 0.2 * np.exp(-0.1 * index / 4)
    np.testing.assert_allclose(np.linalg.svd(M, compute_uv=False), expected, rtol=1e-10)


def test_swiss_roll_geometry():
    X, t = datasets.make_swiss_roll(n_samples=3000, random_state=0)
    np.testing.assert_allclose(X[:, 0], t * np.cos(t))
    np.testing.assert_allclose(X[:, 2], t * np.sin(t))
    assert t.min() >= 1.5 * np.pi and t.max() <= 4.5 * np.pi
    assert X[:, 1].min() >= 0 and X[:, 1].max() <= 21
    X, t = datasets.make_swiss_roll(n_samples=5000, hole=True, random_state=0)
    in_hole = (t > 2.5 * np.pi) & (t < 3.5 * np.pi) & (X[:, 1] > 7) & (X[:, 1] < 14)
    assert not in_hole.any()
    noisy, t = datasets.make_swiss_roll(n_samples=20000, noise=0.5, random_state=0)
    assert np.std(noisy[:, 0] - t * np.cos(t)) == pytest.approx(0.5, rel=0.03)


@pytest.mark.parametrize("name,kwargs", [
    ("make_moons", {"n_samples": 500, "noise": 0.3}), ("make_circles", {"noise": 0.1}),
    ("make_blobs", {"n_samples": 60, "centers": 3}),
    ("make_regression", {"n_samples": 40, "n_features": 5, "noise": 1.0}),
    ("make_low_rank_matrix", {"n_samples": 30, "n_features": 10}),
    ("make_swiss_roll", {"n_samples": 1000, "noise": 0.2}),
    ("make_swiss_roll", {"n_samples": 300, "noise": 0.1, "hole": True}),
])
def test_random_state_gives_sklearns_data(name, kwargs):
    ours = getattr(datasets, name)(random_state=42, **kwargs)
    theirs = getattr(skd, name)(random_state=42, **kwargs)
    for a, b in zip(ours if isinstance(ours, tuple) else (ours,),
                    theirs if isinstance(theirs, tuple) else (theirs,)):
        np.testing.assert_allclose(a, b, rtol=1e-15, atol=1e-15)
