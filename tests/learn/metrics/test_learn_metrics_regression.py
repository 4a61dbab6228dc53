"""Regression metrics against scikit-learn's, per output and combined."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn import metrics as sk  # noqa: E402
from sklearn.exceptions import UndefinedMetricWarning as SkUndefinedMetricWarning  # noqa: E402

from ember.learn import metrics  # noqa: E402

rng = np.random.default_rng(3)
N = 150
Y1 = rng.normal(size=N) * 3 + 1
P1 = Y1 + rng.normal(size=N)
Y2 = rng.normal(size=(N, 3)) * [1, 5, 0.1]
P2 = Y2 + rng.normal(size=(N, 3))
WEIGHT = rng.uniform(0, 2, N)
INT_WEIGHT = rng.integers(0, 3, N)  # ties at the weighted median
NAMES = ["mean_squared_error", "root_mean_squared_error", "mean_absolute_error",
         "median_absolute_error", "mean_absolute_percentage_error", "r2_score",
         "explained_variance_score"]


def close(ours, theirs):
    assert np.shape(ours) == np.shape(theirs)
    assert isinstance(ours, float) == isinstance(theirs, float)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("weight", [None, WEIGHT, INT_WEIGHT], ids=["none", "float", "int"])
@pytest.mark.parametrize("multioutput", ["raw_values", "uniform_average", "variance_weighted", [0.2, 0.3, 0.5]])
def test_multioutput(name, weight, multioutput):
    if multioutput == "variance_weighted" and name not in ("r2_score", "explained_variance_score"):
        return
    ours = getattr(metrics, name)(Y2, P2, sample_weight=weight, multioutput=multioutput)
    theirs = getattr(sk, name)(Y2, P2, sample_weight=weight, multioutput=multioutput)
    close(ours, theirs)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("weight", [None, WEIGHT, INT_WEIGHT], ids=["none", "float", "int"])
def test_single_output_and_lists(name, weight):
    close(getattr(metrics, name)(Y1, P1, sample_weight=weight), getattr(sk, name)(Y1, P1, sample_weight=weight))
    close(getattr(metrics, name)(Y1.tolist(), P1.reshape(-1, 1), sample_weight=weight),
          getattr(sk, name)(Y1.tolist(), P1.reshape(-1, 1), sample_weight=weight))
    close(getattr(metrics, name)(np.float32(Y1), np.float32(P1)), getattr(sk, name)(np.float32(Y1), np.float32(P1)))
    close(getattr(metrics, name)(Y1, P1, multioutput="raw_values"), getattr(sk, name)(Y1, P1, multioutput="raw_values"))


def test_median_absolute_error_weighted_ties():
    for weight in ([1, 1, 1, 1], [0, 1, 1, 0], [1, 0, 0, 1], [2, 1, 1, 0]):
        close(metrics.median_absolute_error([1, 2, 3, 4], [0, 0, 0, 0], sample_weight=weight),
              sk.median_absolute_error([1, 2, 3, 4], [0, 0, 0, 0], sample_weight=weight))


def test_constant_targets_and_force_finite():
    for name in ("r2_score", "explained_variance_score"):
        for prediction in ([-2, -2, -2], [-2, -2, -2 + 1e-8]):
            for force_finite in (True, False):
                with np.errstate(divide="ignore", invalid="ignore"):
                    close(getattr(metrics, name)([-2, -2, -2], prediction, force_finite=force_finite),
                          getattr(sk, name)([-2, -2, -2], prediction, force_finite=force_finite))
        constant = np.c_[np.ones(N), Y1]
        close(getattr(metrics, name)(constant, np.c_[np.ones(N), P1], multioutput="variance_weighted"),
              getattr(sk, name)(constant, np.c_[np.ones(N), P1], multioutput="variance_weighted"))
    with pytest.warns(SkUndefinedMetricWarning, match="R\\^2 score is not well-defined with less than two samples"):
        assert np.isnan(metrics.r2_score([1.0], [2.0]))


def test_max_error_and_errors():
    assert metrics.max_error(Y1, P1) == sk.max_error(Y1, P1)
    with pytest.raises(ValueError, match="Multioutput not supported in max_error"):
        metrics.max_error(Y2, P2)
    with pytest.raises(ValueError, match=r"y_true and y_pred have different number of output \(3!=2\)"):
        metrics.mean_squared_error(Y2, P2[:, :2])
    with pytest.raises(ValueError, match="Allowed 'multioutput' string values are"):
        metrics.mean_squared_error(Y2, P2, multioutput="mean")
    with pytest.raises(ValueError, match="Custom weights are useful only in multi-output cases"):
        metrics.mean_squared_error(Y1, P1, multioutput=[1.0])
    with pytest.raises(ValueError, match=r"There must be equally many custom weights \(2\) as outputs \(3\)"):
        metrics.r2_score(Y2, P2, multioutput=[1.0, 2.0])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        metrics.mean_absolute_error(Y1, P1[:-1])
    with pytest.raises(ValueError, match="contains NaN"):
        metrics.mean_absolute_error([1.0, np.nan], [1.0, 2.0])


def test_homl_squared_false_is_the_root_mean_squared_error():
    for multioutput in ("uniform_average", "raw_values"):
        close(metrics.mean_squared_error(Y2, P2, squared=False, multioutput=multioutput, sample_weight=WEIGHT),
              sk.root_mean_squared_error(Y2, P2, multioutput=multioutput, sample_weight=WEIGHT))
    assert metrics.mean_squared_error(Y1, P1, squared=True) == sk.mean_squared_error(Y1, P1)


@pytest.mark.parametrize("name", ["mean_squared_log_error", "root_mean_squared_log_error"])
@pytest.mark.parametrize("multioutput", ["raw_values", "uniform_average", [0.2, 0.3, 0.5]])
def test_log_errors(name, multioutput):
    y, p = np.abs(Y2), np.abs(P2)
    for weight in (None, WEIGHT):
        close(getattr(metrics, name)(y, p, sample_weight=weight, multioutput=multioutput),
              getattr(sk, name)(y, p, sample_weight=weight, multioutput=multioutput))
    with pytest.raises(ValueError, match="cannot be used when targets contain values less than or equal to -1"):
        getattr(metrics, name)([-1.0, 2.0], [1.0, 2.0])
