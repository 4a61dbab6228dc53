"""LogisticRegression against scikit-learn's on the same data: coefficients, probabilities,
iterations, options (class/sample weights, warm start, solvers), errors, HOML ch4's iris."""

import doctest
import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import linear_model as sk_linear  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.exceptions import ConvergenceWarning as SkConvergenceWarning  # noqa: E402

from ember.learn.datasets import load_iris  # noqa: E402
from ember.learn.exceptions import ConvergenceWarning  # noqa: E402
from ember.learn.linear_model import LogisticRegression  # noqa: E402
from ember.learn.linear_model import _linear_classifier, _logistic  # noqa: E402


def _standardized(X):
    return (X - X.mean(0)) / X.std(0)


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return X, y


@pytest.fixture(scope="module")
def five_classes():
    X, y = make_classification(600, 12, n_informative=8, n_classes=5, random_state=0)
    return X, y


def _assert_same_model(ours, theirs, X, coef_atol=1e-5, proba_atol=1e-6, rtol=1e-7):
    assert ours.coef_.shape == theirs.coef_.shape
    assert ours.intercept_.shape == theirs.intercept_.shape
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=coef_atol, rtol=rtol)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, atol=coef_atol, rtol=rtol)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=proba_atol)
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X),
                               atol=10 * coef_atol, rtol=rtol)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)


@pytest.mark.parametrize("solver", ["lbfgs", "newton-cg"])
@pytest.mark.parametrize("options", [
    {}, {"C": 0.05}, {"fit_intercept": False}, {"class_weight": "balanced"},
    {"class_weight": {0: 2.0, 3: 0.5}},
])
def test_multinomial_matches_sklearn_with_defaults(five_classes, solver, options):
    X, y = five_classes
    ours = LogisticRegression(solver=solver, **options).fit(X, y)
    theirs = sk_linear.LogisticRegression(solver=solver, **options).fit(X, y)
    _assert_same_model(ours, theirs, X)
    assert ours.n_iter_.shape == (1,) and ours.n_iter_.dtype == np.int32
    assert abs(int(ours.n_iter_[0]) - int(theirs.n_iter_[0])) <= 2


@pytest.mark.parametrize("solver", ["lbfgs", "newton-cg"])
def test_binary_matches_sklearn_with_sample_weight_and_string_labels(solver):
    X, y = make_classification(400, 6, random_state=1)
    labels = np.array(["cat", "dog"])[y]
    weight = np.random.default_rng(0).uniform(0.1, 3.0, len(y))
    ours = LogisticRegression(solver=solver, C=0.3).fit(X, labels, sample_weight=weight)
    theirs = sk_linear.LogisticRegression(solver=solver, C=0.3).fit(X, labels, sample_weight=weight)
    _assert_same_model(ours, theirs, X)
    assert ours.coef_.shape == (1, 6) and ours.intercept_.shape == (1,)
    assert ours.decision_function(X).shape == (400,)
    np.testing.assert_allclose(ours.predict_log_proba(X), theirs.predict_log_proba(X), atol=1e-5)


def test_raw_iris_multinomial_matches_sklearn_at_the_optimum(iris):
    # Unscaled iris is ill-conditioned: at tol=1e-4 both stop at slightly different
    # points of a flat valley, and even at a tight tol L-BFGS ends on its relative
    # loss test (ftol) a few 1e-5 from the optimum (relative 1e-5 on the intercepts).
    X, y = iris
    ours = LogisticRegression(C=10, tol=1e-10, max_iter=5000).fit(X, y)
    theirs = sk_linear.LogisticRegression(C=10, tol=1e-10, max_iter=5000).fit(X, y)
    _assert_same_model(ours, theirs, X, coef_atol=5e-5, proba_atol=1e-5, rtol=1e-5)
    newton = LogisticRegression(C=10, solver="newton-cg", tol=1e-6, max_iter=500).fit(X, y)
    np.testing.assert_allclose(newton.predict_proba(X), theirs.predict_proba(X), atol=5e-4)


def test_standardized_iris_matches_sklearn_at_default_tolerance(iris):
    X, y = iris
    X = _standardized(X)
    _assert_same_model(LogisticRegression().fit(X, y), sk_linear.LogisticRegression().fit(X, y), X)


def test_homl_ch4_petal_width_decision_boundary(iris):
    # HOML ch4: a virginica detector on petal width alone; its boundary is near 1.6 cm.
    X, y = iris
    petal_width, is_virginica = X[:, 3:], y == 2
    model = LogisticRegression(random_state=42).fit(petal_width, is_virginica)
    reference = sk_linear.LogisticRegression(random_state=42).fit(petal_width, is_virginica)
    grid = np.linspace(0, 3, 1000).reshape(-1, 1)
    probability = model.predict_proba(grid)
    boundary = grid[probability[:, 1] >= 0.5][0, 0]
    assert 1.6 < boundary < 1.7
    np.testing.assert_allclose(-model.intercept_[0] / model.coef_[0, 0],
                               -reference.intercept_[0] / reference.coef_[0, 0], rtol=1e-7)
    np.testing.assert_allclose(probability, reference.predict_proba(grid), atol=1e-8)
    np.testing.assert_array_equal(model.predict([[1.7], [1.5]]), [True, False])


def test_homl_ch4_softmax_on_petals(iris):
    # HOML ch4 (3rd ed.): softmax regression (C=30) on petal length and width of the
    # training split; a 5 cm x 2 cm petal is virginica with 96% probability.
    from sklearn.model_selection import train_test_split

    X, y = iris
    petals, _, y_train, _ = train_test_split(X[:, 2:], y, random_state=42)
    model = LogisticRegression(C=30, random_state=42).fit(petals, y_train)
    reference = sk_linear.LogisticRegression(C=30, random_state=42).fit(petals, y_train)
    np.testing.assert_array_equal(model.predict([[5, 2]]), [2])
    np.testing.assert_allclose(model.predict_proba([[5, 2]]), reference.predict_proba([[5, 2]]),
                               atol=1e-4)
    assert round(model.predict_proba([[5, 2]])[0, 2], 2) == 0.96


def test_book_multi_class_argument(iris):
    # HOML 2nd edition: LogisticRegression(multi_class="multinomial", solver="lbfgs", C=10)
    X, y = iris
    X = _standardized(X)
    with pytest.warns(FutureWarning, match="multi_class"):
        book = LogisticRegression(multi_class="multinomial", solver="lbfgs", C=10).fit(X, y)
    np.testing.assert_allclose(book.coef_, LogisticRegression(C=10).fit(X, y).coef_)
    with pytest.warns(FutureWarning, match="multi_class"):
        ovr = LogisticRegression(multi_class="ovr").fit(X, y)
    for k in range(3):
        binary = sk_linear.LogisticRegression().fit(X, y == k)
        np.testing.assert_allclose(ovr.coef_[k], binary.coef_[0], atol=1e-5)
    probability = ovr.predict_proba(X)
    np.testing.assert_allclose(probability.sum(1), 1.0)
    assert ovr.n_iter_.shape == (3,)


def test_sparse_input_gives_the_dense_result(five_classes):
    X, y = five_classes
    X = X.copy()
    X[np.abs(X) < 1.0] = 0.0
    dense = LogisticRegression().fit(X, y)
    sparse = LogisticRegression().fit(sp.csr_matrix(X), y)
    np.testing.assert_allclose(sparse.coef_, dense.coef_, atol=1e-10)
    np.testing.assert_allclose(sparse.predict_proba(sp.csr_matrix(X)), dense.predict_proba(X),
                               atol=1e-10)
    sparse.sparsify()
    assert sp.issparse(sparse.coef_)
    np.testing.assert_allclose(sparse.decision_function(X), dense.decision_function(X), atol=1e-9)
    assert isinstance(sparse.densify().coef_, np.ndarray)


def test_warm_start_resumes_and_penalty_none(five_classes):
    X, y = five_classes
    cold = LogisticRegression(max_iter=500).fit(X, y)
    warm = LogisticRegression(warm_start=True, max_iter=500).fit(X, y)
    again = warm.fit(X, y)
    assert again.n_iter_[0] <= 2
    np.testing.assert_allclose(again.coef_, cold.coef_, atol=1e-4)
    with pytest.warns(FutureWarning, match="'penalty' was deprecated"):
        free = LogisticRegression(penalty=None, max_iter=1000).fit(X[:, :3], y)
    reference = sk_linear.LogisticRegression(C=np.inf, max_iter=1000).fit(X[:, :3], y)
    np.testing.assert_allclose(free.coef_, reference.coef_, atol=1e-4)


def test_not_converged_warns_in_both_libraries(iris):
    X, y = iris
    with pytest.warns(SkConvergenceWarning, match="lbfgs failed to converge after 3 iteration"):
        model = LogisticRegression(max_iter=3).fit(X, y)
    assert model.n_iter_[0] == 3
    with pytest.warns(ConvergenceWarning):
        LogisticRegression(max_iter=1, solver="newton-cg").fit(X, y)


def test_errors_name_the_argument():
    X, y = make_classification(50, 3, n_informative=2, n_redundant=0, random_state=0)
    with pytest.raises(ValueError, match="The 'C' parameter of LogisticRegression must be"):
        LogisticRegression(C=-1).fit(X, y)
    with pytest.raises(ValueError, match="'solver' parameter of LogisticRegression"):
        LogisticRegression(solver="liblinear").fit(X, y)
    with pytest.raises(ValueError, match="at least 2 classes.*only one class"):
        LogisticRegression().fit(X, np.ones(50))
    with pytest.raises(ValueError, match="Unknown label type: continuous"):
        LogisticRegression().fit(X, np.linspace(0, 1, 50))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        with pytest.raises(ValueError, match="supports only 'l2' or None penalties, got l1"):
            LogisticRegression(penalty="l1").fit(X, y)
    with pytest.raises(ValueError, match="Solver lbfgs supports only 'l2' or None penalties, "
                                         "got elasticnet penalty"):
        LogisticRegression(l1_ratio=0.5).fit(X, y)
    with pytest.raises(ValueError, match="Solver newton-cg supports only 'l2' or None penalties, "
                                         "got l1 penalty"):
        LogisticRegression(l1_ratio=1, solver="newton-cg").fit(X, y)
    with pytest.raises(ValueError, match=r"The classes, \[0\], are not in class_weight"):
        LogisticRegression(class_weight={1: 2.0, 5: 1.0}).fit(X, y)
    with pytest.raises(ValueError, match="X has 2 features, but LogisticRegression is expecting 3"):
        LogisticRegression().fit(X, y).predict(X[:, :2])


def test_balanced_class_weights_match_the_formula():
    y = np.array([0, 0, 0, 1, 2, 2])
    weights = _linear_classifier._class_weights("balanced", np.array([0, 1, 2]), y)
    np.testing.assert_allclose(weights, [6 / 9, 6 / 3, 6 / 6])
    weighted = _linear_classifier._class_weights("balanced", np.array([0, 1, 2]), y,
                                                 np.array([1, 1, 1, 3, 1, 1.0]))
    np.testing.assert_allclose(weighted, [8 / 9, 8 / 9, 8 / 6])


def test_gradient_and_hessian_product_against_finite_differences(five_classes):
    from scipy.optimize import check_grad

    X, y = five_classes
    rng = np.random.default_rng(0)
    weight = rng.uniform(0.5, 2, len(y))
    for k, target in [(1, y == 1), (5, y)]:
        objective = _logistic._LogisticObjective(X, target, weight, 0.1, True, k)
        w = rng.normal(size=(X.shape[1] + 1) * k) * 0.3
        assert check_grad(objective.loss, objective.gradient, w) < 1e-5
        v = rng.normal(size=w.size)
        step = 1e-6
        numeric = (objective.gradient(w + step * v) - objective.gradient(w - step * v)) / (2 * step)
        np.testing.assert_allclose(objective.hessian_product(w, v), numeric, atol=1e-6)


@pytest.mark.parametrize("penalty", [{"l1_ratio": 1.0, "C": 0.5}, {"l1_ratio": 0.5, "C": 0.3},
                                     {"l1_ratio": 0.0}, {"C": np.inf}], ids=str)
def test_saga_reaches_sklearn_saga_optimum_with_l1_and_elastic_net(five_classes, penalty):
    X, y = five_classes
    X = _standardized(X)
    for target in (y, y == 1):
        ours = LogisticRegression(solver="saga", tol=1e-8, max_iter=5000, random_state=0,
                                  **penalty).fit(X, target)
        theirs = sk_linear.LogisticRegression(solver="saga", tol=1e-8, max_iter=5000,
                                              **penalty).fit(X, target)
        _assert_same_model(ours, theirs, X, coef_atol=1e-6)
        np.testing.assert_array_equal(ours.coef_ == 0, theirs.coef_ == 0)  # the same sparsity
        assert abs(int(ours.n_iter_[0]) - int(theirs.n_iter_[0])) <= 0.1 * theirs.n_iter_[0] + 5
    sparse = LogisticRegression(solver="saga", tol=1e-8, max_iter=5000, random_state=0,
                                **penalty).fit(sp.csr_matrix(X), y)
    dense = LogisticRegression(solver="saga", tol=1e-8, max_iter=5000, random_state=0,
                               **penalty).fit(X, y)
    np.testing.assert_allclose(sparse.coef_, dense.coef_, atol=1e-6)


def test_saga_l1_zeroes_useless_features_and_l2_matches_lbfgs(five_classes):
    X, y = five_classes
    X = np.hstack([_standardized(X), np.random.default_rng(0).normal(size=(len(y), 10))])
    lasso = LogisticRegression(solver="saga", l1_ratio=1, C=0.05, tol=1e-6, max_iter=3000,
                               random_state=0).fit(X, y)
    assert (lasso.coef_[:, 12:] == 0).mean() > 0.8
    saga = LogisticRegression(solver="saga", tol=1e-9, max_iter=5000, random_state=0).fit(X, y)
    lbfgs = LogisticRegression(tol=1e-9, max_iter=1000).fit(X, y)
    np.testing.assert_allclose(saga.coef_, lbfgs.coef_, atol=1e-6)
    with pytest.warns(ConvergenceWarning, match="max_iter was reached"):
        LogisticRegression(solver="saga", max_iter=2, random_state=0).fit(X, y)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("solver", ["lbfgs", "newton-cg"])
def test_check_estimator(solver):
    run_check_estimator(LogisticRegression(solver=solver))


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_check_estimator_saga():
    # Weights and repeats define the same optimum, but SAGA samples rows at random and
    # stops at tol=1e-4 relative change, so the two fits stop at different points near it.
    reason = ("SAGA draws samples at random and stops at tol=1e-4, so the weighted and the "
              "repeated data stop at different points near the same optimum")
    run_check_estimator(LogisticRegression(solver="saga", l1_ratio=0.5), expected_failed_checks={
        "check_sample_weight_equivalence_on_dense_data": reason,
        "check_sample_weight_equivalence_on_sparse_data": reason,
    })


def test_docstring_examples():
    for module in (_logistic, _linear_classifier):
        assert doctest.testmod(module).failed == 0
