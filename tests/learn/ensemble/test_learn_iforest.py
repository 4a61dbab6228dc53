"""IsolationForest against scikit-learn's.

The subsamples (seeds, columns and rows of every tree) are drawn with
scikit-learn's calls, and the random splits inside the trees with
scikit-learn's tree generator from the same seeds, so the trees and scores
must be equal; the score formula is checked on its own too (path lengths
recomputed from the fitted trees, and c(n) against scikit-learn's own
function).
"""

import pickle

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.ensemble as ske  # noqa: E402
from ensemble_cases import assert_same_error  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.ensemble._iforest import _average_path_length  # noqa: E402

from ember.learn import io as learn_io  # noqa: E402
from ember.learn.ensemble import IsolationForest, _iforest  # noqa: E402
from ember.learn.utils._param_validation import Interval  # noqa: E402

SAMPLE_WEIGHT_REASON = ("sample_weight is not equivalent to removing/repeating samples "
                        "(scikit-learn lists the same expected failure for its IsolationForest)")


def data(seed=0, n=1000, d=4, n_outliers=50):
    rng = np.random.RandomState(seed)
    return np.vstack([rng.randn(n, d), rng.uniform(-6, 6, (n_outliers, d))])


def test_check_estimator():
    run_check_estimator(IsolationForest(n_estimators=5), expected_failed_checks={
        "check_sample_weight_equivalence_on_dense_data": SAMPLE_WEIGHT_REASON,
        "check_sample_weight_equivalence_on_sparse_data": SAMPLE_WEIGHT_REASON,
        "check_outlier_contamination": "the check looks for scikit-learn's own Interval class; "
                                       "ember declares the same (0, 0.5] interval with its own "
                                       "(test_contamination_constraint checks it)",
    })


def test_contamination_constraint():
    intervals = [c for c in IsolationForest._parameter_constraints["contamination"]
                 if isinstance(c, Interval)]
    assert len(intervals) == 1
    (interval,) = intervals
    assert (interval.left, interval.right, interval.closed) == (0, 0.5, "right")


def test_average_path_length_is_sklearns():
    n = np.array([0, 1, 2, 3, 4, 5, 10, 255, 256, 1000, 123456])
    np.testing.assert_array_equal(_iforest.average_path_length(n), _average_path_length(n))
    assert _iforest.average_path_length([2])[0] == 1.0
    # c(n) ~ 2 H(n - 1) - 2 (n - 1) / n with the harmonic number H(i) ~ ln(i) + euler_gamma
    harmonic = np.sum(1.0 / np.arange(1, 1000))
    assert _iforest.average_path_length([1000])[0] == pytest.approx(
        2 * harmonic - 2 * 999 / 1000, abs=2e-3)


@pytest.mark.parametrize("params", [dict(), dict(max_samples=100, max_features=0.5),
                                    dict(bootstrap=True, max_features=3),
                                    dict(max_samples=0.3, sample_weight=True)])
def test_subsamples_equal_sklearns(params):
    X = data()
    params = dict(params)
    weight = np.random.RandomState(1).uniform(0.1, 1, len(X)) if params.pop(
        "sample_weight", False) else None
    ours = IsolationForest(n_estimators=20, random_state=3, **params).fit(X, sample_weight=weight)
    theirs = ske.IsolationForest(n_estimators=20, random_state=3, **params).fit(
        X, sample_weight=weight)
    assert ours.max_samples_ == theirs.max_samples_
    seeds = [t.random_state for t in theirs.estimators_]
    assert [t.random_state for t in ours.estimators_] == seeds
    assert ours.estimator_.get_params() == theirs.estimator_.get_params()
    assert ours.estimators_[0].max_depth == theirs.estimators_[0].max_depth
    for a, b in zip(ours.estimators_samples_, theirs.estimators_samples_):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(ours.estimators_features_, theirs.estimators_features_):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(ours.estimators_, theirs.estimators_):  # the same rows at each root
        assert a.tree_.n_node_samples[0] == b.tree_.n_node_samples[0]
        assert a.n_features_in_ == b.n_features_in_
        assert a.get_depth() <= a.max_depth


def test_score_is_the_path_length_formula():
    """score = -2 ** (-mean over trees of (leaf depth + c(leaf samples)) / c(max_samples)),
    recomputed here tree by tree from the fitted trees."""
    X = data(n=300)
    forest = IsolationForest(n_estimators=15, max_samples=64, max_features=0.5,
                             random_state=0).fit(X)
    total = np.zeros(len(X))
    for tree, features in zip(forest.estimators_, forest.estimators_features_):
        leaves = tree.apply(X[:, features].astype(np.float32))
        depth = tree.tree_.compute_node_depths() - 1.0
        total += depth[leaves] + _average_path_length(tree.tree_.n_node_samples)[leaves]
    expected = -(2.0 ** (-total / (15 * _average_path_length([64])[0])))
    np.testing.assert_allclose(forest.score_samples(X), expected, rtol=1e-12)
    np.testing.assert_allclose(forest.decision_function(X), expected + 0.5, rtol=1e-12)


@pytest.mark.parametrize("params", [{}, {"max_features": 2, "max_samples": 100},
                                    {"bootstrap": True, "contamination": 0.05}])
def test_trees_and_scores_are_sklearns(params):
    X = data()
    ours = IsolationForest(n_estimators=30, random_state=3, **params).fit(X)
    theirs = ske.IsolationForest(n_estimators=30, random_state=3, **params).fit(X)
    for a, b in zip(ours.estimators_, theirs.estimators_):
        np.testing.assert_array_equal(a.tree_.feature, b.tree_.feature)
        np.testing.assert_array_equal(a.tree_.threshold, b.tree_.threshold)
    np.testing.assert_allclose(ours.score_samples(X), theirs.score_samples(X), rtol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


def test_scores_agree_with_sklearn_statistically():
    X = data()
    ours_mean, theirs_mean, agree, correlations = [], [], [], []
    for seed in range(6):
        ours = IsolationForest(random_state=seed, contamination=0.05).fit(X)
        theirs = ske.IsolationForest(random_state=seed, contamination=0.05).fit(X)
        a, b = ours.score_samples(X), theirs.score_samples(X)
        ours_mean.append(a.mean())
        theirs_mean.append(b.mean())
        correlations.append(np.corrcoef(a, b)[0, 1])
        agree.append(np.mean(ours.predict(X) == theirs.predict(X)))
        assert abs(ours.offset_ - theirs.offset_) < 0.02
    # seed-to-seed spread of the mean score is about 0.004
    assert abs(np.mean(ours_mean) - np.mean(theirs_mean)) < 0.004
    assert min(correlations) > 0.97 and min(agree) > 0.97
    # the outliers score lowest in both
    ours = IsolationForest(random_state=0).fit(X)
    assert np.mean(ours.predict(X)[-50:] == -1) > 0.8 and np.mean(ours.predict(X)[:1000] == 1) > 0.9


def test_contamination_sets_the_share_of_outliers():
    X = data()
    forest = IsolationForest(contamination=0.1, random_state=0).fit(X)
    assert np.mean(forest.predict(X) == -1) == pytest.approx(0.1, abs=0.002)
    assert forest.offset_ == np.percentile(forest.score_samples(X), 10.0)
    assert IsolationForest(random_state=0).fit(X).offset_ == -0.5


def test_n_jobs_warm_start_and_missing_values():
    X = data(n=6000)
    one = IsolationForest(n_estimators=12, random_state=0, n_jobs=1).fit(X)
    two = IsolationForest(n_estimators=12, random_state=0, n_jobs=2).fit(X)
    np.testing.assert_array_equal(one.score_samples(X), two.score_samples(X))
    warm = IsolationForest(n_estimators=5, random_state=0, warm_start=True).fit(X)
    warm.set_params(n_estimators=12).fit(X)
    np.testing.assert_array_equal(warm.score_samples(X), one.score_samples(X))
    for a, b in zip(warm.estimators_samples_, one.estimators_samples_):
        np.testing.assert_array_equal(a, b)
    with pytest.warns(UserWarning, match="Warm-start fitting without increasing"):
        warm.fit(X)
    X_nan = X.copy()
    X_nan[::7, 1] = np.nan
    scores = IsolationForest(n_estimators=10, random_state=0).fit(X_nan).score_samples(X_nan)
    assert np.isfinite(scores).all() and (scores < 0).all()


def test_errors_and_warnings_are_sklearns():
    X = data(n=100)
    assert_same_error(lambda: IsolationForest(max_features=7).fit(X),
                      lambda: ske.IsolationForest(max_features=7).fit(X))
    assert_same_error(lambda: IsolationForest(contamination=0.7).fit(X),
                      lambda: ske.IsolationForest(contamination=0.7).fit(X), prefix_only=True)
    with pytest.warns(UserWarning, match=r"max_samples \(500\) is greater than the total number "
                                         r"of samples \(150\)"):
        forest = IsolationForest(max_samples=500, n_estimators=3).fit(X)
    assert forest.max_samples_ == 150


def test_pickle_and_io_roundtrip(tmp_path):
    X = data(n=300)
    forest = IsolationForest(n_estimators=10, max_features=0.5, random_state=0).fit(X)
    for loaded in (pickle.loads(pickle.dumps(forest)),
                   learn_io.load(learn_io.dump(forest, tmp_path / "iforest.ember"))):
        np.testing.assert_array_equal(loaded.score_samples(X), forest.score_samples(X))
        np.testing.assert_array_equal(loaded.predict(X), forest.predict(X))


def test_docstring():
    import doctest

    failures, _ = doctest.testmod(_iforest, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
