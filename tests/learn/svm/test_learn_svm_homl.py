"""HOML chapter 5's SVM code with only its imports switched to ember.learn, against scikit-learn."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn import pipeline as sk_pipeline  # noqa: E402
from sklearn import preprocessing as sk_preprocessing  # noqa: E402
from sklearn import svm as sk_svm  # noqa: E402

from ember.learn import datasets  # noqa: E402
from ember.learn.pipeline import Pipeline  # noqa: E402
from ember.learn.preprocessing import PolynomialFeatures, StandardScaler  # noqa: E402
from ember.learn.svm import SVC, LinearSVC  # noqa: E402


def _reference(steps):
    """The same pipeline built from scikit-learn's classes."""
    table = {"StandardScaler": sk_preprocessing.StandardScaler,
             "PolynomialFeatures": sk_preprocessing.PolynomialFeatures,
             "LinearSVC": sk_svm.LinearSVC, "SVC": sk_svm.SVC}
    def params(step):
        # scikit-learn 1.9 warns whenever `probability` is passed, even as False
        return {k: v for k, v in step.get_params().items() if not (k == "probability" and v is False)}

    return sk_pipeline.Pipeline([(name, table[type(step).__name__](**params(step))) for name, step in steps])


def test_linear_svm_classification_iris_petals():
    iris = datasets.load_iris()
    X = iris["data"][:, (2, 3)]  # petal length, petal width
    y = (iris["target"] == 2).astype(np.float64)  # Iris virginica
    steps = [("scaler", StandardScaler()), ("linear_svc", LinearSVC(C=1, loss="hinge", random_state=42))]
    svm_clf = Pipeline(steps)
    svm_clf.fit(X, y)
    assert svm_clf.predict([[5.5, 1.7]]) == np.array([1.0])
    reference = _reference(steps).fit(X, y)
    ours, theirs = svm_clf.named_steps["linear_svc"], reference.named_steps["linear_svc"]
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-3)
    np.testing.assert_allclose(svm_clf.decision_function(X), reference.decision_function(X), atol=2e-3)


@pytest.mark.parametrize("svm", [
    SVC(kernel="poly", degree=3, coef0=1, C=5), SVC(kernel="poly", degree=10, coef0=100, C=5),
    SVC(kernel="rbf", gamma=5, C=0.001), SVC(kernel="rbf", gamma=0.1, C=0.001),
    SVC(kernel="rbf", gamma=0.1, C=1000), SVC(kernel="rbf", gamma=5, C=1000),
], ids=repr)
def test_kernel_svm_on_moons(svm):
    X, y = datasets.make_moons(n_samples=100, noise=0.15, random_state=42)
    steps = [("scaler", StandardScaler()), ("svm_clf", svm)]
    ours = Pipeline(steps).fit(X, y)
    theirs = _reference(steps).fit(X, y)
    grid = np.c_[[v.ravel() for v in np.meshgrid(np.linspace(-1.5, 2.5, 40), np.linspace(-1, 1.5, 40))]].T
    expected = theirs.decision_function(grid)
    np.testing.assert_allclose(ours.decision_function(grid), expected, rtol=1e-3,
                               atol=1e-3 * np.abs(expected).max())
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


def test_polynomial_features_linear_svc_on_moons():
    X, y = datasets.make_moons(n_samples=100, noise=0.15, random_state=42)
    steps = [("poly_features", PolynomialFeatures(degree=3)), ("scaler", StandardScaler()),
             ("svm_clf", LinearSVC(C=10, loss="hinge", max_iter=100_000, random_state=42))]
    ours = Pipeline(steps).fit(X, y)
    theirs = _reference(steps).fit(X, y)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), abs=0.011)
    assert ours.score(X, y) >= 0.95
    expected = theirs.decision_function(X)
    np.testing.assert_allclose(ours.decision_function(X), expected, atol=2e-2 * np.abs(expected).max())


def test_large_margin_classification_hard_margin():
    iris = datasets.load_iris()
    X = iris["data"][:, (2, 3)]  # petal length, petal width
    y = iris["target"]
    setosa_or_versicolor = (y == 0) | (y == 1)
    X, y = X[setosa_or_versicolor], y[setosa_or_versicolor]
    svm_clf = SVC(kernel="linear", C=float("inf"))
    svm_clf.fit(X, y)
    reference = sk_svm.SVC(kernel="linear", C=float("inf")).fit(X, y)
    np.testing.assert_allclose(svm_clf.coef_, reference.coef_, rtol=1e-9)
    np.testing.assert_allclose(svm_clf.intercept_, reference.intercept_, rtol=1e-9)
    np.testing.assert_array_equal(svm_clf.support_vectors_, reference.support_vectors_)
    # the margin passes through both support vectors
    np.testing.assert_allclose(np.abs(svm_clf.decision_function(svm_clf.support_vectors_)), 1.0, rtol=1e-6)
