"""OneVsRestClassifier / OneVsOneClassifier against scikit-learn's, wrapping the same estimators."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.multiclass as skm  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.linear_model import LogisticRegression, RidgeClassifier, SGDClassifier  # noqa: E402
from sklearn.exceptions import SkipTestWarning  # noqa: E402
from sklearn.svm import SVC, LinearSVC  # noqa: E402

from ember.learn.multiclass import OneVsOneClassifier, OneVsRestClassifier  # noqa: E402
from ember.learn.neighbors import KNeighborsClassifier  # noqa: E402


def _digits(n=300):
    from ember.learn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return X[:n] / 16.0, y[:n], X[n:n + 150] / 16.0


BASES = [
    lambda: SVC(gamma="auto", random_state=42),
    lambda: SGDClassifier(random_state=42),
    lambda: LogisticRegression(C=0.1, max_iter=1000),
    lambda: KNeighborsClassifier(n_neighbors=3),
]


@pytest.mark.parametrize("make", BASES, ids=["SVC", "SGD", "LogReg", "KNN"])
@pytest.mark.parametrize("meta", ["ovr", "ovo"])
def test_matches_sklearn_meta_estimator(make, meta):
    # HOML ch3: OneVsRestClassifier(SVC()), OneVsOneClassifier(SGDClassifier(random_state=42)).
    X, y, Q = _digits()
    ours_class, theirs_class = {"ovr": (OneVsRestClassifier, skm.OneVsRestClassifier),
                                "ovo": (OneVsOneClassifier, skm.OneVsOneClassifier)}[meta]
    ours, theirs = ours_class(make()).fit(X, y), theirs_class(make()).fit(X, y)
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    assert len(ours.estimators_) == len(theirs.estimators_) == (10 if meta == "ovr" else 45)
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
    if hasattr(theirs, "decision_function"):
        np.testing.assert_allclose(ours.decision_function(Q), theirs.decision_function(Q),
                                   rtol=1e-12, atol=1e-12)
    assert hasattr(ours, "predict_proba") == hasattr(theirs, "predict_proba")
    if hasattr(theirs, "predict_proba"):
        np.testing.assert_allclose(ours.predict_proba(Q), theirs.predict_proba(Q), atol=1e-12)
    assert ours.n_classes_ == 10 and ours.n_features_in_ == 64


@pytest.mark.parametrize("meta", ["ovr", "ovo"])
def test_binary_and_string_labels(meta):
    X, y, Q = _digits()
    labels = np.where(y == 5, "five", "other")
    ours_class, theirs_class = {"ovr": (OneVsRestClassifier, skm.OneVsRestClassifier),
                                "ovo": (OneVsOneClassifier, skm.OneVsOneClassifier)}[meta]
    ours = ours_class(LogisticRegression(C=0.1, max_iter=1000)).fit(X, labels)
    theirs = theirs_class(LogisticRegression(C=0.1, max_iter=1000)).fit(X, labels)
    assert len(ours.estimators_) == 1
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
    np.testing.assert_allclose(ours.decision_function(Q), theirs.decision_function(Q), rtol=1e-12)
    assert ours.decision_function(Q).shape == (len(Q),)


def test_ovr_multilabel():
    X, y, Q = _digits()
    Y = np.c_[y >= 7, y % 2 == 1].astype(int)  # HOML ch3's multilabel target
    for base in (LogisticRegression(C=0.1, max_iter=1000), KNeighborsClassifier()):
        ours, theirs = OneVsRestClassifier(base).fit(X, Y), skm.OneVsRestClassifier(base).fit(X, Y)
        assert ours.multilabel_ and theirs.multilabel_
        np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
        np.testing.assert_allclose(ours.predict_proba(Q), theirs.predict_proba(Q), atol=1e-12)


def test_ovr_constant_label_warns():
    X, y, Q = _digits()
    Y = np.c_[y >= 7, np.ones_like(y)].astype(int)
    with pytest.warns(UserWarning, match="Label 1 is present in all training examples"):
        ours = OneVsRestClassifier(LogisticRegression(C=0.1, max_iter=1000)).fit(X, Y)
    with pytest.warns(UserWarning, match="Label 1 is present in all training examples"):
        theirs = skm.OneVsRestClassifier(LogisticRegression(C=0.1, max_iter=1000)).fit(X, Y)
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
    np.testing.assert_allclose(ours.decision_function(Q), theirs.decision_function(Q))


def test_ovo_precomputed_kernel_uses_pairwise_indices():
    X, y, Q = _digits(200)
    K, K_test = X @ X.T, Q @ X.T
    ours = OneVsOneClassifier(SVC(kernel="precomputed")).fit(K, y)
    theirs = skm.OneVsOneClassifier(SVC(kernel="precomputed")).fit(K, y)
    for a, b in zip(ours.pairwise_indices_, theirs.pairwise_indices_):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(ours.decision_function(K_test), theirs.decision_function(K_test),
                               rtol=1e-10, atol=1e-12)
    assert OneVsOneClassifier(SVC()).fit(X, y).pairwise_indices_ is None


def test_n_jobs_same_results_and_methods_follow_estimator():
    X, y, Q = _digits()
    one = OneVsRestClassifier(LogisticRegression(C=0.1, max_iter=1000)).fit(X, y)
    many = OneVsRestClassifier(LogisticRegression(C=0.1, max_iter=1000), n_jobs=2).fit(X, y)
    np.testing.assert_allclose(one.decision_function(Q), many.decision_function(Q))
    assert not hasattr(OneVsRestClassifier(LinearSVC()), "predict_proba")
    assert not hasattr(OneVsRestClassifier(KNeighborsClassifier()), "decision_function")
    with pytest.raises(ValueError, match="can not be fit when only one class is present"):
        OneVsOneClassifier(LogisticRegression()).fit(X, np.zeros(len(X)))


@pytest.mark.parametrize("estimator", [
    # scikit-learn's common tests wrap LogisticRegression(C=1); RidgeClassifier
    # (closed form) runs the same checks in a fraction of the time.
    OneVsRestClassifier(RidgeClassifier()),
    OneVsOneClassifier(RidgeClassifier()),
    pytest.param(OneVsRestClassifier(LogisticRegression(C=1)), marks=pytest.mark.slow),
    pytest.param(OneVsOneClassifier(LogisticRegression(C=1)), marks=pytest.mark.slow),
], ids=repr)
def test_check_estimator(estimator):
    import warnings

    with warnings.catch_warnings():
        # Fitting on one class warns that the label is everywhere, as scikit-learn's does.
        warnings.filterwarnings("ignore", message="Label not .* is present in all training examples")
        # RidgeClassifier has no predict_proba, so the multilabel predict_proba check skips.
        warnings.filterwarnings("ignore", category=SkipTestWarning,
                                message=".*does not have a predict_proba method")
        run_check_estimator(estimator)
