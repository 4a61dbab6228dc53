"""EllipticEnvelope against scikit-learn's; HOML ch9's use of it and of LOF on blobs."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.covariance as skc  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn.covariance import EllipticEnvelope  # noqa: E402
from ember.learn.datasets import make_blobs  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.neighbors import LocalOutlierFactor  # noqa: E402
from ember.learn.utils._param_validation import Interval, InvalidParameterError  # noqa: E402

CONTAMINATION_REASON = ("the check looks for scikit-learn's own Interval class; ember declares "
                        "the same (0, 0.5] interval with its own (test_contamination_constraint)")


def _data(n=600, d=3, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d) @ rng.randn(d, d)
    X[:30] += rng.uniform(5, 9, (30, d))
    return X, np.vstack([rng.randn(40, d) * 3, X[:10]])


@pytest.mark.parametrize(("n", "contamination"), [(200, 0.05), (200, 0.1), (200, 0.5),
                                                  (600, 0.1)])
def test_matches_sklearn(n, contamination):
    X, Q = _data(n)
    ours = EllipticEnvelope(contamination=contamination, random_state=0).fit(X)
    theirs = skc.EllipticEnvelope(contamination=contamination, random_state=0).fit(X)
    assert ours.offset_ == pytest.approx(theirs.offset_, rel=1e-12)
    for name in ["location_", "covariance_", "support_", "dist_", "raw_support_"]:
        np.testing.assert_allclose(getattr(ours, name), getattr(theirs, name), rtol=1e-12,
                                   err_msg=name)
    np.testing.assert_allclose(ours.score_samples(Q), theirs.score_samples(Q), rtol=1e-12)
    np.testing.assert_allclose(ours.decision_function(Q), theirs.decision_function(Q),
                               rtol=1e-10, atol=1e-11)
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
    np.testing.assert_array_equal(ours.fit_predict(X), theirs.fit_predict(X))
    labels = theirs.predict(Q)
    labels[:5] = -labels[:5]
    assert ours.score(Q, labels) == theirs.score(Q, labels)
    assert np.mean(ours.predict(X) == -1) == pytest.approx(contamination, abs=1.0 / n)


def test_errors():
    X, _ = _data(100)
    with pytest.raises(NotFittedError):
        EllipticEnvelope().predict(X)
    with pytest.raises(InvalidParameterError, match="'contamination' parameter"):
        EllipticEnvelope(contamination=0.6).fit(X)


def test_contamination_constraint():
    interval = [c for c in EllipticEnvelope._parameter_constraints["contamination"]
                if isinstance(c, Interval)][0]
    assert (interval.left, interval.right, interval.closed) == (0, 0.5, "right")


def _blobs_with_outliers():
    X, _ = make_blobs(n_samples=1000, centers=[[0.0, 0.0]], cluster_std=1.0, random_state=42)
    outliers = np.array([[6.0, 6.0], [-7.0, 5.0], [8.0, -6.0], [-6.0, -7.0], [0.0, 9.0]])
    return np.vstack([X, outliers])


def test_homl_ch9_anomalies_are_the_lowest_density_instances():
    # HOML ch9: anomalies are the instances in the lowest-density regions; both
    # detectors flag the five planted points as their lowest-scoring instances.
    X = _blobs_with_outliers()
    planted = set(range(len(X) - 5, len(X)))
    envelope = EllipticEnvelope(contamination=0.004, random_state=42).fit(X)
    assert set(np.flatnonzero(envelope.predict(X) == -1)) == planted
    assert set(np.argsort(envelope.score_samples(X))[:5]) == planted
    lof = LocalOutlierFactor(n_neighbors=20, contamination=0.004)
    assert set(np.flatnonzero(lof.fit_predict(X) == -1)) == planted
    theirs = skc.EllipticEnvelope(contamination=0.004, random_state=42).fit(X)
    np.testing.assert_array_equal(envelope.predict(X), theirs.predict(X))


@pytest.mark.filterwarnings("ignore:The covariance matrix associated to your dataset")
def test_check_estimator():
    run_check_estimator(EllipticEnvelope(random_state=0), expected_failed_checks={
        "check_outlier_contamination": CONTAMINATION_REASON})
