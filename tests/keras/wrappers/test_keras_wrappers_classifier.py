"""keras.wrappers: classifiers (labels, probabilities, accuracy) with scikit-learn."""

import numpy as np
import pytest

from ember import keras
from ember.keras import wrappers
from ember.keras.wrappers import scikit_learn

sklearn = pytest.importorskip("sklearn")
from sklearn.base import clone, is_classifier  # noqa: E402
from sklearn.metrics import accuracy_score  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score  # noqa: E402

LABELS = np.array(["cat", "dog", "fish"])


def blobs(n=300, seed=0, labels=LABELS):
    """Three well separated clusters in 4-D, labelled with strings."""
    rng = np.random.RandomState(seed)
    k = rng.randint(len(labels), size=n)
    centers = 3 * rng.normal(size=(len(labels), 4))
    X = (centers[k] + 0.5 * rng.normal(size=(n, 4))).astype("float32")
    return X, labels[k]


def build_softmax(n_neurons=16, loss="sparse_categorical_crossentropy", n_classes=3):
    model = keras.Sequential([
        keras.Input(shape=(4,)),
        keras.layers.Dense(n_neurons, activation="relu"),
        keras.layers.Dense(n_classes, activation="softmax"),
    ])
    model.compile(loss=loss, optimizer=keras.optimizers.Adam(0.02), metrics=["accuracy"])
    return model


def build_sigmoid():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam(0.05))
    return model


@pytest.mark.parametrize("make", [
    lambda: wrappers.KerasClassifier(build_softmax, epochs=15, verbose=0, random_state=0),
    lambda: scikit_learn.KerasClassifier(build_softmax, epochs=15, verbose=0),
    lambda: wrappers.KerasClassifier(
        build_softmax, loss="categorical_crossentropy", epochs=15, verbose=0, random_state=0),
])
def test_labels_probabilities_and_accuracy(make):
    X, y = blobs()
    clf = make()
    assert is_classifier(clf)
    clf.fit(X[:200], y[:200])
    assert clf.classes_.tolist() == ["cat", "dog", "fish"] and clf.n_classes_ == 3
    proba = clf.predict_proba(X[200:], verbose=0)
    assert proba.shape == (100, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-5)
    y_pred = clf.predict(X[200:], verbose=0)
    assert y_pred.dtype == y.dtype and set(y_pred) <= set(LABELS)
    np.testing.assert_array_equal(y_pred, LABELS[proba.argmax(axis=1)])
    accuracy = accuracy_score(y[200:], y_pred)
    assert accuracy > 0.9
    assert clf.score(X[200:], y[200:]) == pytest.approx(accuracy, abs=1e-6)


def test_binary_sigmoid_gives_two_columns():
    X, y = blobs(labels=np.array([3, 7, 7]))
    clf = wrappers.KerasClassifier(build_sigmoid, epochs=20, verbose=0, random_state=1)
    clf.fit(X, y)
    assert clf.classes_.tolist() == [3, 7]
    proba = clf.predict_proba(X)
    raw = clf.model_.predict(X, verbose=0)[:, 0]
    np.testing.assert_allclose(proba, np.column_stack([1 - raw, raw]), rtol=1e-6)
    np.testing.assert_array_equal(clf.predict(X), np.where(raw > 0.5, 7, 3))
    assert clf.score(X, y) > 0.85


def test_keras2_classifier_score_needs_the_accuracy_metric():
    X, y = blobs()
    clf = scikit_learn.KerasClassifier(build_sigmoid, epochs=1, verbose=0)
    clf.fit(X, y == "cat")
    with pytest.raises(ValueError, match="not configured to compute accuracy"):
        clf.score(X, y == "cat", verbose=0)


def test_class_weight_and_sample_weight_reach_fit():
    X, y = blobs()
    seen = {}

    class Spy(keras.Sequential):
        def fit(self, *args, **kwargs):
            seen.update(kwargs)
            return super().fit(*args, **kwargs)

    def build():
        model = Spy([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        return model

    clf = wrappers.KerasClassifier(build, class_weight={"dog": 2.0, "fish": 0.5}, verbose=0)
    clf.fit(X, y, sample_weight=np.ones(len(y)))
    assert seen["class_weight"] == {1: 2.0, 2: 0.5} and seen["sample_weight"].shape == (300,)
    clf.set_params(class_weight="balanced").fit(X, y)
    counts = np.bincount(np.searchsorted(LABELS, y))
    assert seen["class_weight"] == pytest.approx({i: 300 / (3 * c) for i, c in enumerate(counts)})


def test_grid_search_and_stratified_cross_validation():
    X, y = blobs(240)
    clf = wrappers.KerasClassifier(build_softmax, epochs=8, verbose=0, random_state=0)
    scores = cross_val_score(clf, X, y, cv=3)
    assert scores.shape == (3,) and scores.min() > 0.8
    search = GridSearchCV(clf, {"model__n_neurons": [4, 16]}, cv=2).fit(X, y)
    assert search.best_params_["model__n_neurons"] in (4, 16)
    assert clone(search.best_estimator_).get_params()["model__n_neurons"] == \
        search.best_params_["model__n_neurons"]


def test_keras3_classifier_one_hot_encodes():
    X, y = blobs()

    def build(X, y, n_neurons=8):
        assert y.shape == (len(X), 3) and set(np.unique(y)) == {0, 1}
        return build_softmax(n_neurons, loss="categorical_crossentropy")

    clf = wrappers.SKLearnClassifier(build, fit_kwargs={"epochs": 15, "verbose": 0})
    keras.utils.set_random_seed(0)
    clf.fit(X, y)
    assert clf.classes_.tolist() == LABELS.tolist()
    assert clf.predict_proba(X, verbose=0).shape == (300, 3)
    assert clf.score(X, y) > 0.9
    with pytest.raises(ValueError, match="only one class"):
        wrappers.SKLearnClassifier(build).fit(X, np.full(len(X), "cat"))
