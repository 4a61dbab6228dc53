"""MultiOutputClassifier / MultiOutputRegressor against scikit-learn's, wrapping the same estimators."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.multioutput as skmo  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.linear_model import LogisticRegression, Ridge, SGDClassifier  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

from ember.learn.multioutput import MultiOutputClassifier, MultiOutputRegressor  # noqa: E402
from ember.learn.neighbors import KNeighborsClassifier, KNeighborsRegressor  # noqa: E402


def _digits(n=300):
    from ember.learn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return X[:n] / 16.0, y[:n], X[n:n + 100] / 16.0


@pytest.mark.parametrize("make", [
    lambda: KNeighborsClassifier(), lambda: SGDClassifier(random_state=42),
    lambda: SVC(gamma="auto", random_state=42), lambda: LogisticRegression(C=0.1, max_iter=1000),
], ids=["KNN", "SGD", "SVC", "LogReg"])
def test_classifier_matches_sklearn(make):
    X, y, Q = _digits()
    Y = np.c_[y >= 7, y % 2 == 1, y % 3].astype(int)  # two labels and a 3-class output
    ours, theirs = MultiOutputClassifier(make()).fit(X, Y), skmo.MultiOutputClassifier(make()).fit(X, Y)
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
    for a, b in zip(ours.classes_, theirs.classes_):
        np.testing.assert_array_equal(a, b)
    assert hasattr(ours, "predict_proba") == hasattr(theirs, "predict_proba")
    if hasattr(theirs, "predict_proba"):
        for a, b in zip(ours.predict_proba(Q), theirs.predict_proba(Q)):
            np.testing.assert_allclose(a, b, atol=1e-12)
    y_test = np.c_[y[:100] >= 7, y[:100] % 2 == 1, y[:100] % 3].astype(int)
    assert ours.score(X[:100], y_test) == theirs.score(X[:100], y_test)
    assert len(ours.estimators_) == 3 and ours.n_features_in_ == 64


def test_regressor_matches_sklearn_with_sample_weight():
    X, y, Q = _digits()
    Y = np.c_[y * 0.5, X[:, 10] * 3 + 1, X[:, 20] - y]
    weight = np.random.RandomState(0).uniform(0.5, 2.0, len(X))
    for base in (Ridge(alpha=0.3), KNeighborsRegressor(weights="distance")):
        ours = MultiOutputRegressor(base).fit(X, Y, sample_weight=weight if isinstance(base, Ridge) else None)
        theirs = skmo.MultiOutputRegressor(base).fit(X, Y, sample_weight=weight if isinstance(base, Ridge) else None)
        np.testing.assert_allclose(ours.predict(Q), theirs.predict(Q), rtol=1e-12, atol=1e-12)
        assert ours.score(Q, theirs.predict(Q)) == pytest.approx(1.0)
    many = MultiOutputRegressor(Ridge(alpha=0.3), n_jobs=2).fit(X, Y)
    np.testing.assert_allclose(many.predict(Q), skmo.MultiOutputRegressor(Ridge(alpha=0.3)).fit(X, Y).predict(Q), rtol=1e-12)


def test_errors():
    X, y, _ = _digits()
    with pytest.raises(ValueError, match="y must have at least two dimensions"):
        MultiOutputRegressor(Ridge()).fit(X, y * 1.0)
    with pytest.raises(ValueError, match="Underlying estimator does not support sample weights"):
        MultiOutputClassifier(KNeighborsClassifier()).fit(X, np.c_[y, y], sample_weight=np.ones(len(y)))
    model = MultiOutputClassifier(LogisticRegression()).fit(X, np.c_[y > 4, y > 6])
    with pytest.raises(ValueError, match="The number of outputs of Y for fit 2 and score 3"):
        model.score(X, np.c_[y, y, y])
    assert not hasattr(MultiOutputClassifier(SGDClassifier()), "predict_proba")


@pytest.mark.parametrize("estimator", [
    MultiOutputRegressor(Ridge()),  # as scikit-learn's own common tests
], ids=repr)
def test_check_estimator(estimator):
    # (MultiOutputClassifier names its target Y, which the checks pass as y=...;
    # scikit-learn tags its own _skip_test for that reason, and so does ember.)
    run_check_estimator(estimator)


@pytest.mark.parametrize("make,kwargs", [
    (lambda: SVC(), {"cv": 3, "random_state": 42}),  # HOML ch3 (3rd edition)
    (lambda: LogisticRegression(C=0.1, max_iter=1000), {"order": "random", "random_state": 0}),
    (lambda: LogisticRegression(C=0.1, max_iter=1000),
     {"chain_method": "predict_proba", "cv": 3, "order": [2, 0, 1]}),
    (lambda: SGDClassifier(random_state=42), {"chain_method": ["predict_proba", "decision_function"]}),
], ids=["SVC-cv3", "LogReg-random", "LogReg-proba-cv", "SGD-fallback"])
def test_classifier_chain_matches_sklearn(make, kwargs):
    from ember.learn.multioutput import ClassifierChain

    X, y, Q = _digits(250)
    Y = np.c_[y >= 7, y % 2 == 1, y < 3].astype(int)
    ours = ClassifierChain(make(), **kwargs).fit(X, Y)
    theirs = skmo.ClassifierChain(make(), **kwargs).fit(X, Y)
    np.testing.assert_array_equal(ours.order_, theirs.order_)
    assert ours.chain_method_ == theirs.chain_method_
    prediction = ours.predict(Q)
    np.testing.assert_array_equal(prediction, theirs.predict(Q))
    assert prediction.dtype == theirs.predict(Q).dtype
    for method in ("predict_proba", "decision_function"):
        assert hasattr(ours, method) == hasattr(theirs, method)
        if hasattr(theirs, method):
            np.testing.assert_allclose(getattr(ours, method)(Q), getattr(theirs, method)(Q),
                                       rtol=1e-10, atol=1e-12)
    with pytest.raises(ValueError, match="invalid order"):
        ClassifierChain(make(), order=[0, 0, 1]).fit(X, Y)


def test_classifier_chain_sparse_input():
    import scipy.sparse as sp

    from ember.learn.multioutput import ClassifierChain

    X, y, Q = _digits(250)
    Y = np.c_[y >= 7, y % 2 == 1].astype(int)
    ours = ClassifierChain(LogisticRegression(C=0.1, max_iter=1000), cv=2).fit(sp.csr_matrix(X), Y)
    theirs = skmo.ClassifierChain(LogisticRegression(C=0.1, max_iter=1000), cv=2).fit(sp.csr_matrix(X), Y)
    np.testing.assert_allclose(ours.predict_proba(sp.csr_matrix(Q)), theirs.predict_proba(sp.csr_matrix(Q)),
                               rtol=1e-10)


@pytest.mark.parametrize("kwargs", [{}, {"cv": 3}, {"order": "random", "random_state": 3}])
def test_regressor_chain_matches_sklearn(kwargs):
    from ember.learn.multioutput import RegressorChain

    X, y, Q = _digits()
    Y = np.c_[y * 0.5, X[:, 10] * 3 + y, X[:, 20] - y]
    for base in (Ridge(alpha=0.3), KNeighborsRegressor()):
        ours = RegressorChain(base, **kwargs).fit(X, Y)
        theirs = skmo.RegressorChain(base, **kwargs).fit(X, Y)
        np.testing.assert_array_equal(ours.order_, theirs.order_)
        np.testing.assert_allclose(ours.predict(Q), theirs.predict(Q), rtol=1e-10, atol=1e-10)
        assert ours.score(X[:50], Y[:50]) == pytest.approx(theirs.score(X[:50], Y[:50]), abs=1e-12)
