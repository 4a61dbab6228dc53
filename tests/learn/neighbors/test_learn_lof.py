"""LocalOutlierFactor against scikit-learn's: scores, offsets, labels, novelty mode, errors."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.neighbors as skn  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn.datasets import make_blobs  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.neighbors import LocalOutlierFactor  # noqa: E402
from ember.learn.utils._param_validation import Interval, InvalidParameterError  # noqa: E402

CONTAMINATION_REASON = ("the check looks for scikit-learn's own Interval class; ember declares "
                        "the same (0, 0.5] interval with its own (test_contamination_constraint)")


def _data(seed=0, n=300, d=5):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d)
    return X, np.vstack([2.0 * rng.randn(60, d), X[:5] + 1e-3])


@pytest.mark.parametrize("algorithm", ["brute", "kd_tree", "ball_tree"])
@pytest.mark.parametrize("k", [1, 5, 20])
@pytest.mark.parametrize("metric", ["minkowski", "manhattan", "chebyshev"])
def test_outlier_scores_match_sklearn(algorithm, k, metric):
    X, _ = _data()
    ours = LocalOutlierFactor(k, algorithm=algorithm, metric=metric)
    theirs = skn.LocalOutlierFactor(k, algorithm=algorithm, metric=metric)
    np.testing.assert_array_equal(ours.fit_predict(X), theirs.fit_predict(X))
    np.testing.assert_allclose(ours.negative_outlier_factor_, theirs.negative_outlier_factor_,
                               rtol=1e-12, atol=1e-12)
    assert ours.n_neighbors_ == theirs.n_neighbors_ and ours.offset_ == theirs.offset_ == -1.5
    assert ours.effective_metric_ == theirs.effective_metric_


@pytest.mark.parametrize("contamination", [0.01, 0.1, 0.5])
def test_contamination_offset_matches_sklearn(contamination):
    X, _ = _data(1)
    ours = LocalOutlierFactor(contamination=contamination).fit(X)
    theirs = skn.LocalOutlierFactor(contamination=contamination).fit(X)
    np.testing.assert_allclose(ours.offset_, theirs.offset_, rtol=1e-12)
    labels = ours.fit_predict(X)
    np.testing.assert_array_equal(labels, theirs.fit_predict(X))
    assert np.mean(labels == -1) == pytest.approx(contamination, abs=1.0 / len(X))


@pytest.mark.parametrize("algorithm", ["brute", "kd_tree"])
@pytest.mark.parametrize("contamination", ["auto", 0.1])
def test_novelty_matches_sklearn(algorithm, contamination):
    X, Q = _data(2)
    kwargs = dict(n_neighbors=10, novelty=True, algorithm=algorithm, contamination=contamination)
    ours = LocalOutlierFactor(**kwargs).fit(X)
    theirs = skn.LocalOutlierFactor(**kwargs).fit(X)
    np.testing.assert_allclose(ours.score_samples(Q), theirs.score_samples(Q), rtol=1e-12,
                               atol=1e-12)
    np.testing.assert_allclose(ours.decision_function(Q), theirs.decision_function(Q),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
    np.testing.assert_array_equal(ours.predict(), theirs.predict())


def test_duplicates_score_as_sklearn():
    # More duplicates than neighbours: every reachability distance is 0 and the
    # 1e-10 guard decides the densities.
    rng = np.random.RandomState(3)
    X = np.vstack([np.repeat(rng.randn(1, 3), 8, axis=0), rng.randn(40, 3)])
    with pytest.warns(UserWarning, match="Duplicate values"):
        ours = LocalOutlierFactor(n_neighbors=5).fit(X)
    with pytest.warns(UserWarning, match="Duplicate values"):
        theirs = skn.LocalOutlierFactor(n_neighbors=5).fit(X)
    np.testing.assert_allclose(ours.negative_outlier_factor_, theirs.negative_outlier_factor_,
                               rtol=1e-9)


def test_float32_scores_in_float32():
    X, _ = _data(4)
    X = X.astype(np.float32)
    ours = LocalOutlierFactor().fit(X)
    theirs = skn.LocalOutlierFactor().fit(X)
    assert ours.negative_outlier_factor_.dtype == theirs.negative_outlier_factor_.dtype
    np.testing.assert_allclose(ours.negative_outlier_factor_, theirs.negative_outlier_factor_,
                               rtol=1e-5)


def test_homl_ch9_blobs_outliers_are_the_lowest_density():
    X, _ = make_blobs(n_samples=500, centers=3, cluster_std=0.6, random_state=42)
    outliers = np.array([[-10.0, -10.0], [12.0, 12.0], [0.0, 15.0], [-12.0, 8.0]])
    X = np.vstack([X, outliers])
    lof = LocalOutlierFactor(n_neighbors=20, contamination=0.01)
    labels = lof.fit_predict(X)
    assert (labels[-4:] == -1).all()
    lowest = np.argsort(lof.negative_outlier_factor_)[:4]
    assert set(lowest) == set(range(len(X) - 4, len(X)))
    theirs = skn.LocalOutlierFactor(n_neighbors=20, contamination=0.01).fit(X)
    np.testing.assert_allclose(lof.negative_outlier_factor_, theirs.negative_outlier_factor_,
                               rtol=1e-12)


def test_n_neighbors_larger_than_samples_warns():
    X = np.random.RandomState(0).randn(6, 2)
    with pytest.warns(UserWarning, match=r"n_neighbors \(20\) is greater than the total number "
                                         r"of samples \(6\)"):
        lof = LocalOutlierFactor().fit(X)
    assert lof.n_neighbors_ == 5


@pytest.mark.parametrize("method", ["predict", "decision_function", "score_samples"])
def test_novelty_methods_hidden_as_sklearn(method):
    with pytest.raises(AttributeError) as ours:
        getattr(LocalOutlierFactor(), method)
    with pytest.raises(AttributeError) as theirs:
        getattr(skn.LocalOutlierFactor(), method)
    assert str(ours.value) == str(theirs.value)
    assert str(ours.value.__cause__) == str(theirs.value.__cause__)
    assert not hasattr(LocalOutlierFactor(), method)
    assert hasattr(LocalOutlierFactor(novelty=True), method)


def test_fit_predict_hidden_for_novelty():
    with pytest.raises(AttributeError) as ours:
        LocalOutlierFactor(novelty=True).fit_predict  # noqa: B018
    with pytest.raises(AttributeError) as theirs:
        skn.LocalOutlierFactor(novelty=True).fit_predict  # noqa: B018
    assert str(ours.value.__cause__) == str(theirs.value.__cause__)
    assert "novelty=True" in str(ours.value.__cause__)


def test_errors():
    X, _ = _data()
    with pytest.raises(InvalidParameterError, match="'contamination' parameter"):
        LocalOutlierFactor(contamination=0.7).fit(X)
    with pytest.raises(InvalidParameterError, match="'novelty' parameter"):
        LocalOutlierFactor(novelty="yes").fit(X)
    with pytest.raises(NotFittedError):
        LocalOutlierFactor(novelty=True).score_samples(X)
    lof = LocalOutlierFactor(novelty=True).fit(X)
    with pytest.raises(ValueError, match="X has 3 features, but LocalOutlierFactor is expecting 5"):
        lof.score_samples(X[:, :3])


def test_contamination_constraint():
    interval = [c for c in LocalOutlierFactor._parameter_constraints["contamination"]
                if isinstance(c, Interval)][0]
    assert (interval.left, interval.right, interval.closed) == (0, 0.5, "right")


@pytest.mark.filterwarnings("ignore:n_neighbors .* is greater than the total number of samples")
@pytest.mark.parametrize("novelty", [False, True])
def test_check_estimator(novelty):
    run_check_estimator(LocalOutlierFactor(novelty=novelty), expected_failed_checks={
        "check_outlier_contamination": CONTAMINATION_REASON})
