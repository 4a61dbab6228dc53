"""KNeighbors/RadiusNeighbors classifiers and regressors against scikit-learn's; check_estimator."""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.neighbors as skn  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn.exceptions import DataConversionWarning  # noqa: E402
from ember.learn.neighbors import (  # noqa: E402
    KNeighborsClassifier,
    KNeighborsRegressor,
    NearestNeighbors,
    RadiusNeighborsClassifier,
    RadiusNeighborsRegressor,
)

ALGORITHMS = ["brute", "kd_tree", "ball_tree"]


def _data(seed=0, n=150, d=4, n_classes=3):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d)
    X[5:12] = X[0]  # duplicates: zero distances between training points
    y = rng.randint(0, n_classes, n)
    y[5:12] = y[0]  # (trees order tied duplicates differently; their labels agree)
    Q = np.vstack([rng.randn(60, d), X[:8]])  # some queries exactly on training points
    return X, y, Q


def _inverse_square(dist):
    return 1.0 / (dist ** 2 + 1.0)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("weights", ["uniform", "distance", _inverse_square])
@pytest.mark.parametrize("k", [1, 4, 7])
def test_classifier_matches_sklearn(algorithm, weights, k):
    X, y, Q = _data()
    labels = np.array(["cat", "dog", "eel"])[y]
    ours = KNeighborsClassifier(k, weights=weights, algorithm=algorithm).fit(X, labels)
    theirs = skn.KNeighborsClassifier(k, weights=weights, algorithm=algorithm).fit(X, labels)
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    np.testing.assert_allclose(ours.predict_proba(Q), theirs.predict_proba(Q), atol=1e-12)
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
    assert ours.score(Q, labels[:len(Q)]) == theirs.score(Q, labels[:len(Q)])


def test_classifier_multilabel_like_homl_ch3():
    # HOML ch3: y_multilabel = np.c_[y >= 7, y % 2 == 1] on the digits.
    from ember.learn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    X, y, Q = X[:600], y[:600], X[600:800]
    y_multilabel = np.c_[y >= 7, y % 2 == 1]
    ours = KNeighborsClassifier().fit(X, y_multilabel)
    theirs = skn.KNeighborsClassifier().fit(X, y_multilabel)
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
    for a, b in zip(ours.predict_proba(Q), theirs.predict_proba(Q)):
        np.testing.assert_allclose(a, b)
    assert ours.outputs_2d_ and len(ours.classes_) == 2
    # HOML ch3 also denoises images: a multioutput target of 64 pixel intensities.
    noisy = X + np.random.RandomState(0).randint(0, 4, X.shape)
    ours = KNeighborsClassifier(weights="distance").fit(noisy, X.astype(int))
    theirs = skn.KNeighborsClassifier(weights="distance").fit(noisy, X.astype(int))
    np.testing.assert_array_equal(ours.predict(Q[:50] + 1), theirs.predict(Q[:50] + 1))


def test_classifier_column_vector_warns():
    X, y, Q = _data()
    with pytest.warns(DataConversionWarning, match="A column-vector y was passed"):
        model = KNeighborsClassifier().fit(X, y[:, None])
    assert model.predict(Q).shape == (len(Q),)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("weights", ["uniform", "distance", _inverse_square])
def test_regressor_matches_sklearn(algorithm, weights):
    X, y, Q = _data()
    target = np.c_[y * 1.5 + X[:, 0], X[:, 1] ** 2]
    for t in (target[:, 0], target):
        ours = KNeighborsRegressor(3, weights=weights, algorithm=algorithm).fit(X, t)
        theirs = skn.KNeighborsRegressor(3, weights=weights, algorithm=algorithm).fit(X, t)
        np.testing.assert_allclose(ours.predict(Q), theirs.predict(Q), rtol=1e-12, atol=1e-12)
        assert ours.predict(Q).shape == theirs.predict(Q).shape
        assert ours.score(Q[:10], t[:10]) == pytest.approx(theirs.score(Q[:10], t[:10]), abs=1e-12)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_radius_estimators_match_sklearn(algorithm, weights):
    X, y, Q = _data(d=2)
    ours = RadiusNeighborsClassifier(0.6, weights=weights, algorithm=algorithm,
                                     outlier_label="most_frequent").fit(X, y)
    theirs = skn.RadiusNeighborsClassifier(0.6, weights=weights, algorithm=algorithm,
                                           outlier_label="most_frequent").fit(X, y)
    far = np.vstack([Q, [[50.0, 50.0]]])
    np.testing.assert_array_equal(ours.predict(far), theirs.predict(far))
    np.testing.assert_allclose(ours.predict_proba(far), theirs.predict_proba(far), atol=1e-12)
    ours = RadiusNeighborsRegressor(1.5, weights=weights, algorithm=algorithm).fit(X, y * 2.0)
    theirs = skn.RadiusNeighborsRegressor(1.5, weights=weights, algorithm=algorithm).fit(X, y * 2.0)
    np.testing.assert_allclose(ours.predict(Q), theirs.predict(Q), rtol=1e-12)
    ours = RadiusNeighborsClassifier(0.6, outlier_label=-1).fit(X, y)
    theirs = skn.RadiusNeighborsClassifier(0.6, outlier_label=-1).fit(X, y)
    with pytest.warns(UserWarning, match="Outlier label -1 is not in training classes"):
        predicted = ours.predict(far)
    with pytest.warns(UserWarning, match="Outlier label -1 is not in training classes"):
        np.testing.assert_array_equal(predicted, theirs.predict(far))
    assert predicted[-1] == -1
    with pytest.raises(ValueError, match="No neighbors found for test samples"):
        RadiusNeighborsClassifier(0.1).fit(X, y).predict([[50.0, 50.0]])
    with pytest.warns(UserWarning, match="One or more samples have no neighbors"):
        assert np.isnan(RadiusNeighborsRegressor(0.1).fit(X, y).predict([[50.0, 50.0]])).all()


def test_n_jobs_gives_the_same_answer():
    X, y, Q = _data(d=3)
    one = KNeighborsClassifier(algorithm="kd_tree").fit(X, y).predict_proba(Q)
    many = KNeighborsClassifier(algorithm="kd_tree", n_jobs=-1).fit(X, y).predict_proba(Q)
    np.testing.assert_array_equal(one, many)


@pytest.mark.parametrize("estimator", [
    KNeighborsClassifier(), KNeighborsRegressor(), NearestNeighbors(),
    KNeighborsClassifier(algorithm="kd_tree", weights="distance"),
    KNeighborsRegressor(algorithm="ball_tree"),
    RadiusNeighborsClassifier(), RadiusNeighborsClassifier(outlier_label="most_frequent"),
    RadiusNeighborsRegressor(),
], ids=lambda e: repr(e))
def test_check_estimator(estimator):
    import warnings

    from sklearn.exceptions import SkipTestWarning

    with warnings.catch_warnings():
        # The multilabel decision_function format check skips classifiers that
        # have none (scikit-learn's own KNeighborsClassifier skips it too).
        warnings.filterwarnings("ignore", category=SkipTestWarning,
                                message=".*does not have a decision_function method")
        # A tree given sparse data falls back to brute force with this warning, as scikit-learn's.
        warnings.filterwarnings("ignore", message="cannot use tree with sparse input")
        run_check_estimator(estimator)
