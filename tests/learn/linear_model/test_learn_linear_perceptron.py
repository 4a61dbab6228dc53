"""Perceptron against scikit-learn's (same weights, epochs and t_), its definition as an
SGDClassifier, HOML's iris example, parameters and check_estimator."""

import doctest

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import linear_model as sk_linear  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402

from ember.learn.datasets import load_iris  # noqa: E402
from ember.learn.linear_model import Perceptron, SGDClassifier  # noqa: E402
from ember.learn.linear_model import _perceptron  # noqa: E402


def _same(ours, theirs, rtol=1e-9):
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=rtol, atol=1e-9)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=rtol, atol=1e-9)
    assert ours.n_iter_ == theirs.n_iter_ and ours.t_ == theirs.t_


@pytest.mark.parametrize("settings", [
    {}, {"shuffle": False}, {"penalty": "l2", "alpha": 0.001}, {"penalty": "elasticnet"},
    {"eta0": 0.1, "random_state": 3}, {"class_weight": "balanced"}, {"fit_intercept": False},
    {"early_stopping": True, "n_iter_no_change": 3}, {"tol": None, "max_iter": 30},
], ids=str)
def test_matches_sklearn_on_iris(settings):
    X, y = load_iris(return_X_y=True)
    ours = Perceptron(**settings).fit(X, y)
    theirs = sk_linear.Perceptron(**settings).fit(X, y)
    _same(ours, theirs)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    assert ours.score(X, y) == theirs.score(X, y)


def test_is_sgd_with_the_perceptron_loss_constant_rate_and_no_penalty():
    X, y = make_classification(300, 6, random_state=0)
    perceptron = Perceptron(random_state=5).fit(X, y)
    sgd = SGDClassifier(loss="perceptron", learning_rate="constant", eta0=1, penalty=None,
                        random_state=5).fit(X, y)
    _same(perceptron, sgd, rtol=0)
    assert "loss" not in perceptron.get_params() and Perceptron().random_state == 0
    assert set(Perceptron().get_params()) == set(sk_linear.Perceptron().get_params())
    assert not hasattr(perceptron, "predict_proba")


def test_homl_iris_setosa_detector():
    # HOML ch10: Perceptron(random_state=42) on petal length and width, setosa or not.
    iris = load_iris(as_frame=True)
    X = iris.data[["petal length (cm)", "petal width (cm)"]].values
    y = iris.target == 0
    ours = Perceptron(random_state=42).fit(X, y)
    theirs = sk_linear.Perceptron(random_state=42).fit(X, y)
    _same(ours, theirs)
    np.testing.assert_array_equal(ours.predict([[2, 0.5], [3, 1]]), [True, False])


def test_partial_fit_and_errors():
    X, y = load_iris(return_X_y=True)
    ours, theirs = Perceptron(), sk_linear.Perceptron()
    for batch in np.array_split(np.random.default_rng(0).permutation(150), 5):
        ours.partial_fit(X[batch], y[batch], classes=[0, 1, 2])
        theirs.partial_fit(X[batch], y[batch], classes=[0, 1, 2])
    _same(ours, theirs)
    with pytest.raises(ValueError, match="The 'eta0' parameter of Perceptron must be"):
        Perceptron(eta0=-1).fit(X, y)
    with pytest.raises(ValueError, match="The 'penalty' parameter of Perceptron must be"):
        Perceptron(penalty="l3").fit(X, y)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_check_estimator():
    run_check_estimator(Perceptron(), expected_failed_checks={
        "check_sample_weight_equivalence_on_dense_data":
            "a weighted perceptron step is not the same as repeated steps on copies "
            "(also an expected failure of scikit-learn's Perceptron)",
        "check_sample_weight_equivalence_on_sparse_data":
            "as on dense data (also an expected failure of scikit-learn's Perceptron)",
    })


def test_docstring_example():
    assert doctest.testmod(_perceptron).failed == 0
