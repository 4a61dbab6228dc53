"""learning_curve and validation_curve against scikit-learn's on the same estimators and data."""

import numpy as np
import pytest
from sklearn import model_selection as sk
from sklearn.linear_model import LinearRegression, Ridge, SGDClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures
from sklearn.tree import DecisionTreeClassifier

from ember.learn import model_selection as em

RNG = np.random.RandomState(42)
X = 6 * RNG.rand(100, 1) - 3
Y = 0.5 * X[:, 0] ** 2 + X[:, 0] + 2 + RNG.randn(100)
X_CLS = RNG.normal(size=(100, 3))
Y_CLS = (X_CLS[:, 0] + 0.5 * RNG.normal(size=100) > 0).astype(int)


def assert_all_close(ours, theirs, rtol=1e-10):
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("kwargs", [
    {"train_sizes": np.linspace(0.01, 1.0, 8), "cv": 5, "scoring": "neg_root_mean_squared_error"},
    {"train_sizes": [5, 20, 40, 80], "cv": 5},
    {"cv": sk.KFold(4, shuffle=True, random_state=0), "shuffle": True, "random_state": 3},
])
def test_learning_curve_homl_polynomial(kwargs):
    # HOML ch4: learning curves of a 10th-degree polynomial model.
    model = make_pipeline(PolynomialFeatures(degree=10, include_bias=False), LinearRegression())
    ours = em.learning_curve(model, X, Y, **kwargs)
    theirs = sk.learning_curve(model, X, Y, **kwargs)
    np.testing.assert_array_equal(ours[0], theirs[0])
    assert_all_close(ours[1:], theirs[1:], rtol=1e-7)


def test_learning_curve_times_and_shapes():
    sizes, train, test, fit_times, score_times = em.learning_curve(
        Ridge(), X, Y, cv=3, train_sizes=[0.2, 0.5, 1.0], return_times=True)
    assert train.shape == test.shape == fit_times.shape == score_times.shape == (3, 3)
    assert (fit_times >= 0).all() and sizes.tolist() == [13, 33, 66]


def test_learning_curve_incremental_matches_sklearn():
    model = SGDClassifier(random_state=0, max_iter=5, tol=None)
    ours = em.learning_curve(model, X_CLS, Y_CLS, cv=3, train_sizes=[10, 30, 60],
                             exploit_incremental_learning=True)
    theirs = sk.learning_curve(model, X_CLS, Y_CLS, cv=3, train_sizes=[10, 30, 60],
                               exploit_incremental_learning=True)
    np.testing.assert_array_equal(ours[0], theirs[0])
    assert_all_close(ours[1:], theirs[1:])


def test_validation_curve_matches_sklearn():
    param_range = [1, 2, 4, 8]
    ours = em.validation_curve(DecisionTreeClassifier(random_state=0), X_CLS, Y_CLS, param_name="max_depth",
                               param_range=param_range, cv=4)
    theirs = sk.validation_curve(DecisionTreeClassifier(random_state=0), X_CLS, Y_CLS, param_name="max_depth",
                                 param_range=param_range, cv=4)
    assert ours[0].shape == (4, 4)
    assert_all_close(ours, theirs)
    ours = em.validation_curve(Ridge(), X, Y, param_name="alpha", param_range=[0.1, 10.0], cv=3,
                               scoring="neg_mean_squared_error")
    theirs = sk.validation_curve(Ridge(), X, Y, param_name="alpha", param_range=[0.1, 10.0], cv=3,
                                 scoring="neg_mean_squared_error")
    assert_all_close(ours, theirs)


def test_curve_errors():
    with pytest.raises(ValueError, match=r"must be within \(0, 1\], but is within \[0.000000, 1.000000\]"):
        em.learning_curve(Ridge(), X, Y, train_sizes=[0.0, 1.0])
    with pytest.raises(ValueError, match=r"must be within \(0, 80\], but is within \[1, 100\]"):
        em.learning_curve(Ridge(), X, Y, train_sizes=[1, 100])
    with pytest.warns(RuntimeWarning, match="Removed duplicate entries from 'train_sizes'"):
        sizes = em.learning_curve(Ridge(), X, Y, train_sizes=[0.5, 0.5, 1.0])[0]
    assert sizes.tolist() == [40, 80]
    with pytest.raises(ValueError, match="must support the partial_fit interface"):
        em.learning_curve(Ridge(), X, Y, exploit_incremental_learning=True)
