"""EmpiricalCovariance, empirical_covariance and MinCovDet against scikit-learn's."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.covariance as skc  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn.covariance import (  # noqa: E402
    EmpiricalCovariance,
    MinCovDet,
    empirical_covariance,
)
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.utils._param_validation import InvalidParameterError  # noqa: E402

MCD_ATTRIBUTES = ["raw_location_", "raw_covariance_", "raw_support_", "location_",
                  "covariance_", "precision_", "support_", "dist_"]


def contaminated(n, d, seed, share=0.1):
    """Correlated Gaussian rows with a ``share`` of them shifted far away."""
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d) @ rng.randn(d, d)
    n_out = int(share * n)
    X[:n_out] += rng.uniform(4, 8, (n_out, d))
    return X


@pytest.mark.parametrize("assume_centered", [False, True])
@pytest.mark.parametrize("store_precision", [False, True])
def test_empirical_matches_sklearn(assume_centered, store_precision):
    X, X_test = contaminated(200, 4, 0), contaminated(50, 4, 1)
    kwargs = dict(assume_centered=assume_centered, store_precision=store_precision)
    ours, theirs = EmpiricalCovariance(**kwargs).fit(X), skc.EmpiricalCovariance(**kwargs).fit(X)
    np.testing.assert_allclose(ours.location_, theirs.location_, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(ours.covariance_, theirs.covariance_, rtol=1e-14)
    assert (ours.precision_ is None) == (theirs.precision_ is None) == (not store_precision)
    np.testing.assert_allclose(ours.get_precision(), theirs.get_precision(), rtol=1e-12)
    np.testing.assert_allclose(ours.mahalanobis(X_test), theirs.mahalanobis(X_test), rtol=1e-12)
    assert ours.score(X_test) == pytest.approx(theirs.score(X_test), rel=1e-13)
    comp = np.cov(X_test, rowvar=False)
    for norm in ["frobenius", "spectral"]:
        for scaling in [False, True]:
            for squared in [False, True]:
                assert ours.error_norm(comp, norm, scaling, squared) == pytest.approx(
                    theirs.error_norm(comp, norm, scaling, squared), rel=1e-12)


def test_empirical_covariance_function():
    X = contaminated(30, 3, 2)
    np.testing.assert_allclose(empirical_covariance(X), skc.empirical_covariance(X), rtol=1e-14)
    np.testing.assert_allclose(empirical_covariance(X, assume_centered=True),
                               skc.empirical_covariance(X, assume_centered=True), rtol=1e-14)
    np.testing.assert_allclose(empirical_covariance(X[:, 0][:, None]),
                               [[np.var(X[:, 0])]], rtol=1e-14)
    with pytest.warns(UserWarning, match="Only one sample available"):
        assert empirical_covariance(X[0]).shape == (3, 3)
    with pytest.raises(InvalidParameterError, match="'assume_centered' parameter"):
        empirical_covariance(X, assume_centered="no")


def test_empirical_errors():
    X = contaminated(30, 3, 3)
    with pytest.raises(NotFittedError):
        EmpiricalCovariance().mahalanobis(X)
    cov = EmpiricalCovariance().fit(X)
    with pytest.raises(ValueError,
                       match="X has 2 features, but EmpiricalCovariance is expecting 3"):
        cov.mahalanobis(X[:, :2])
    with pytest.raises(ValueError, match="norm must be 'frobenius' or 'spectral'; got norm='max'"):
        cov.error_norm(np.eye(3), norm="max")
    with pytest.raises(InvalidParameterError, match="'store_precision' parameter"):
        EmpiricalCovariance(store_precision="yes").fit(X)


# (n_samples, n_features): FastMCD's paths: small data (<= 500), subsets merged on
# all samples (< 1,500) or on 1,500 of them, then the whole data; one feature.
SHAPES = [(60, 2), (300, 5), (501, 3), (900, 4), (1800, 3), (200, 1), (700, 1)]


@pytest.mark.parametrize("shape", SHAPES, ids=[f"{n}x{d}" for n, d in SHAPES])
@pytest.mark.parametrize(("support_fraction", "seed"), [(None, 0), (0.75, 7)])
def test_min_cov_det_matches_sklearn(shape, support_fraction, seed):
    X = contaminated(*shape, seed=sum(shape))
    ours = MinCovDet(support_fraction=support_fraction, random_state=seed).fit(X)
    theirs = skc.MinCovDet(support_fraction=support_fraction, random_state=seed).fit(X)
    for name in MCD_ATTRIBUTES:
        ours_value, theirs_value = getattr(ours, name), getattr(theirs, name)
        assert ours_value.dtype == theirs_value.dtype, name
        np.testing.assert_allclose(ours_value, theirs_value, rtol=1e-12, atol=1e-13,
                                   err_msg=name)


def test_min_cov_det_assume_centered_and_random_state_object():
    X = contaminated(400, 3, 5)
    kwargs = dict(assume_centered=True, store_precision=False)
    ours = MinCovDet(random_state=np.random.RandomState(3), **kwargs).fit(X)
    theirs = skc.MinCovDet(random_state=np.random.RandomState(3), **kwargs).fit(X)
    for name in ["raw_covariance_", "raw_support_", "location_", "covariance_", "dist_"]:
        np.testing.assert_allclose(getattr(ours, name), getattr(theirs, name), rtol=1e-12,
                                   err_msg=name)
    assert ours.precision_ is None
    np.testing.assert_allclose(ours.mahalanobis(X), theirs.mahalanobis(X), rtol=1e-11)
    assert ours.score(X) == pytest.approx(theirs.score(X), rel=1e-12)


def test_min_cov_det_ignores_the_outliers():
    X = contaminated(500, 2, 9)  # the first 50 rows shifted by 4-8 in every feature
    mcd, empirical = MinCovDet(random_state=0).fit(X), EmpiricalCovariance().fit(X)
    assert not mcd.support_[:50].any() and mcd.support_[50:].mean() > 0.9
    clean = EmpiricalCovariance().fit(X[50:])
    assert (np.linalg.norm(mcd.location_ - clean.location_)
            < 0.2 * np.linalg.norm(empirical.location_ - clean.location_))


def test_min_cov_det_warnings_and_errors():
    rng = np.random.RandomState(0)
    X = rng.randn(50, 3)
    with pytest.warns(UserWarning, match="not full rank"):
        MinCovDet(random_state=0).fit(np.c_[X, X[:, 0]])
    with pytest.raises(ValueError, match="support data is equal to 0"):
        MinCovDet(random_state=0).fit(np.r_[np.zeros((40, 2)), rng.randn(10, 2)])
    with pytest.raises(InvalidParameterError, match="'support_fraction' parameter"):
        MinCovDet(support_fraction=1.5).fit(X)
    with pytest.raises(ValueError, match="minimum of 2 is required"):
        MinCovDet().fit(X[:1])


@pytest.mark.filterwarnings("ignore:The covariance matrix associated to your dataset")
@pytest.mark.parametrize("estimator", [EmpiricalCovariance(), MinCovDet(random_state=0)],
                         ids=["EmpiricalCovariance", "MinCovDet"])
def test_check_estimator(estimator):
    run_check_estimator(estimator)
