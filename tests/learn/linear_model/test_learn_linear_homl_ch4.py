"""HOML chapter 4's regularised linear models on the book's quadratic toy data (y as a column)."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn import linear_model as sk  # noqa: E402

from ember.learn import linear_model as em  # noqa: E402


@pytest.fixture
def book_data():
    np.random.seed(42)
    m = 20
    X = 3 * np.random.rand(m, 1)
    y = 1 + 0.5 * X + np.random.randn(m, 1) / 1.5
    return X, y


# the predictions at x = 1.5 the book prints
@pytest.mark.parametrize("name, params, printed", [
    ("Ridge", dict(alpha=1, solver="cholesky"), 1.55071465),
    ("Lasso", dict(alpha=0.1), 1.53788174),
    ("ElasticNet", dict(alpha=0.1, l1_ratio=0.5), 1.54333232),
])
def test_book_predictions_and_sklearn_shapes(book_data, name, params, printed):
    X, y = book_data
    ours = getattr(em, name)(**params).fit(X, y)
    theirs = getattr(sk, name)(**params).fit(X, y)
    assert ours.predict([[1.5]]) == pytest.approx([printed], abs=5e-9)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-10)
    assert ours.coef_.shape == theirs.coef_.shape and np.shape(ours.intercept_) == np.shape(theirs.intercept_)


def test_normal_equation_and_sag_agree_with_sklearn(book_data):
    X, y = book_data
    ours, theirs = em.LinearRegression().fit(X, y), sk.LinearRegression().fit(X, y)
    X_b = np.c_[np.ones((20, 1)), X]
    theta = np.linalg.inv(X_b.T @ X_b) @ X_b.T @ y  # the book's Normal Equation
    np.testing.assert_allclose(np.r_[ours.intercept_, ours.coef_.ravel()], theta.ravel(), rtol=1e-12)
    assert ours.coef_.shape == theirs.coef_.shape == (1, 1)
    sag = em.Ridge(alpha=1, solver="sag", random_state=42).fit(X, y).predict([[1.5]])
    assert sag == pytest.approx(sk.Ridge(alpha=1, solver="sag", random_state=42).fit(X, y).predict([[1.5]]), rel=1e-4)
