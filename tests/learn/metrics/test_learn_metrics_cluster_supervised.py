"""Labeling-agreement metrics (adjusted Rand, mutual information, V-measure...) against scikit-learn."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn import metrics as sk  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402

from ember.learn import metrics  # noqa: E402

rng = np.random.default_rng(11)
TRUE = rng.integers(0, 4, 500)
NOISY = np.where(rng.uniform(size=500) < 0.3, rng.integers(0, 6, 500), TRUE)
CASES = {
    "random": (TRUE, NOISY),
    "strings": (np.array(list("abcd"))[TRUE], NOISY + 10),
    "identical": (TRUE, TRUE),
    "permuted": (TRUE, (TRUE + 1) % 4),
    "one cluster": (TRUE, np.zeros(500, int)),
    "singletons": (TRUE, np.arange(500)),
    "tiny": ([0, 0, 1], [5, 5, 5]),
    "sparse labels": (TRUE * 10**9, NOISY),
}
NAMES = ["adjusted_rand_score", "rand_score", "mutual_info_score", "normalized_mutual_info_score",
         "homogeneity_score", "completeness_score", "v_measure_score", "fowlkes_mallows_score"]


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("name", NAMES)
def test_matches_scikit_learn(case, name):
    labels_true, labels_pred = CASES[case]
    ours = getattr(metrics, name)(labels_true, labels_pred)
    theirs = getattr(sk, name)(labels_true, labels_pred)
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-15)
    assert type(ours) is float


@pytest.mark.parametrize("case", list(CASES))
def test_pair_confusion_and_options(case):
    labels_true, labels_pred = CASES[case]
    np.testing.assert_array_equal(metrics.pair_confusion_matrix(labels_true, labels_pred),
                                  sk.pair_confusion_matrix(labels_true, labels_pred))
    for method in ("min", "geometric", "arithmetic", "max"):
        assert metrics.normalized_mutual_info_score(labels_true, labels_pred, average_method=method) == \
            pytest.approx(sk.normalized_mutual_info_score(labels_true, labels_pred, average_method=method), rel=1e-12)
    np.testing.assert_allclose(metrics.homogeneity_completeness_v_measure(labels_true, labels_pred, beta=2.0),
                               sk.homogeneity_completeness_v_measure(labels_true, labels_pred, beta=2.0), rtol=1e-12)


def test_errors_warnings_and_scorers():
    with pytest.raises(ValueError, match=r"labels_true must be 1D: shape is \(2, 2\)"):
        metrics.adjusted_rand_score([[0, 1], [1, 0]], [0, 1])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        metrics.rand_score([0, 1], [0, 1, 1])
    with pytest.warns(UserWarning, match="Clustering metrics expects discrete values"):
        metrics.adjusted_rand_score([0.5, 1.5], [0, 1])
    assert metrics.adjusted_rand_score([], []) == sk.adjusted_rand_score([], [])
    X = np.r_[rng.normal(size=(50, 2)), rng.normal(size=(50, 2)) + 6]
    y = np.repeat([0, 1], 50)
    model = KMeans(n_clusters=2, n_init=3, random_state=0).fit(X)
    for name in NAMES:
        assert metrics.get_scorer(name)(model, X, y) == pytest.approx(sk.get_scorer(name)(model, X, y), rel=1e-12)
