"""Ridge, ridge_regression and RidgeClassifier against scikit-learn, solver by solver."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import linear_model as sk  # noqa: E402
from sklearn.exceptions import SkipTestWarning  # noqa: E402

from ember.learn.datasets import fetch_california_housing  # noqa: E402
from ember.learn.linear_model import Ridge, RidgeClassifier, ridge_regression  # noqa: E402


def _close(ours, theirs, tol):
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=tol, atol=tol)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=tol, atol=tol)
    assert np.shape(ours.coef_) == np.shape(theirs.coef_)
    assert np.shape(ours.intercept_) == np.shape(theirs.intercept_)


def _data(shape, n_targets=2, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal(shape)
    Y = X @ rng.standard_normal((shape[1], n_targets)) + 1.5 + rng.standard_normal((shape[0], n_targets))
    return X, Y, rng.random(shape[0]) + 0.1


@pytest.mark.parametrize("estimator", [Ridge(), Ridge(solver="lsqr"), Ridge(solver="svd"),
                                       Ridge(positive=True), RidgeClassifier()],
                         ids=repr)
def test_check_estimator(estimator):
    # as scikit-learn lists for its own Ridge: the direct solvers do not iterate,
    # so n_iter_ is None (lsqr reports its iterations and passes the check)
    no_iterations = {"check_non_transformer_estimators_n_iter":
                     "n_iter_ is None for the direct (non-iterative) solvers, as in scikit-learn"}
    with warnings.catch_warnings():
        # multilabel checks skip predict_proba, which RidgeClassifier (like scikit-learn's) lacks
        warnings.filterwarnings("ignore", category=SkipTestWarning,
                                message=".*does not have a predict_proba method")
        run_check_estimator(estimator, None if estimator.solver == "lsqr" else no_iterations)


# exact solvers agree to rounding; iterative ones are run to a tight tolerance
_TOLERANCE = {"auto": 1e-10, "svd": 1e-10, "cholesky": 1e-10, "lsqr": 1e-8, "sparse_cg": 1e-8,
              "sag": 1e-6, "saga": 1e-6}


@pytest.mark.parametrize("solver", sorted(_TOLERANCE))
@pytest.mark.parametrize("shape", [(60, 8), (20, 40)], ids=["tall", "wide"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_dense_solvers_match_sklearn(solver, shape, fit_intercept, weighted):
    X, Y, weight = _data(shape)
    weight = weight if weighted else None
    params = dict(alpha=0.7, solver=solver, fit_intercept=fit_intercept, tol=1e-12, max_iter=100_000)
    for y in (Y[:, 0], Y):
        ours = Ridge(**params).fit(X, y, sample_weight=weight)
        theirs = sk.Ridge(**params).fit(X, y, sample_weight=weight)
        _close(ours, theirs, _TOLERANCE[solver])
        np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-6, atol=1e-6)
        assert ours.solver_ == theirs.solver_ or solver in ("sag", "saga")


@pytest.mark.parametrize("solver", ["auto", "lsqr", "sparse_cg", "sag", "cholesky"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_sparse_solvers_match_sklearn(solver, fit_intercept, weighted):
    if solver == "cholesky" and fit_intercept:
        pytest.skip("cholesky does not fit an intercept on sparse X (tested below)")
    X, Y, weight = _data((80, 10))
    X[np.random.default_rng(3).random(X.shape) < 0.5] = 0.0
    weight = weight if weighted else None
    params = dict(alpha=1.3, solver=solver, fit_intercept=fit_intercept, tol=1e-12, max_iter=100_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # scikit-learn's sag + sparse intercept advice
        theirs = sk.Ridge(**params).fit(sp.csr_matrix(X), Y, sample_weight=weight)
    ours = Ridge(**params).fit(sp.csr_matrix(X), Y, sample_weight=weight)
    _close(ours, theirs, 1e-6 if solver == "sag" else 1e-8)
    # sparse and dense fits are the same problem
    _close(ours, sk.Ridge(alpha=1.3, fit_intercept=fit_intercept).fit(X, Y, sample_weight=weight), 1e-6)


def test_lsqr_iterations_match_sklearn():
    X, Y, _ = _data((100, 12), n_targets=3)
    ours = Ridge(solver="lsqr", tol=1e-6).fit(X, Y)
    theirs = sk.Ridge(solver="lsqr", tol=1e-6).fit(X, Y)
    np.testing.assert_array_equal(ours.n_iter_, theirs.n_iter_)
    assert Ridge().fit(X, Y).n_iter_ is None


def test_per_target_alpha_positive_and_sample_weight_as_float():
    X, Y, weight = _data((70, 6), n_targets=3)
    alphas = np.array([0.01, 1.0, 50.0])
    for solver in ("cholesky", "svd", "lsqr", "sparse_cg"):
        _close(Ridge(alpha=alphas, solver=solver, tol=1e-12).fit(X, Y),
               sk.Ridge(alpha=alphas, solver=solver, tol=1e-12).fit(X, Y), 1e-8)
    ours = Ridge(alpha=2.0, positive=True).fit(X, Y, sample_weight=weight)
    theirs = sk.Ridge(alpha=2.0, positive=True).fit(X, Y, sample_weight=weight)
    _close(ours, theirs, 1e-6)
    assert (ours.coef_ >= 0).all() and ours.solver_ == "lbfgs"
    _close(Ridge().fit(X, Y, sample_weight=3.0), sk.Ridge().fit(X, Y, sample_weight=3.0), 1e-10)
    with pytest.raises(ValueError, match="Number of targets and number of penalties do not correspond: 2 != 3"):
        Ridge(alpha=[1.0, 2.0]).fit(X, Y)


def test_solver_errors_match_sklearn_messages():
    X, Y, _ = _data((30, 4))
    with pytest.raises(ValueError, match="'lbfgs' solver can be used only when positive=True"):
        Ridge(solver="lbfgs").fit(X, Y)
    with pytest.raises(ValueError, match="solver='svd' does not support positive fitting"):
        Ridge(solver="svd", positive=True).fit(X, Y)
    with pytest.raises(ValueError, match="solver='svd' does not support fitting the intercept on sparse"):
        Ridge(solver="svd").fit(sp.csr_matrix(X), Y)
    with pytest.raises(TypeError, match="SVD solver does not support sparse inputs"):
        Ridge(solver="svd", fit_intercept=False).fit(sp.csr_matrix(X), Y)
    with pytest.raises(ValueError, match="The 'solver' parameter of Ridge must be"):
        Ridge(solver="qr").fit(X, Y)


def test_ridge_regression_function_matches_sklearn():
    X, Y, weight = _data((50, 5))
    for solver in ("auto", "svd", "cholesky", "lsqr"):
        np.testing.assert_allclose(ridge_regression(X, Y, 0.5, solver=solver, tol=1e-12),
                                   sk.ridge_regression(X, Y, 0.5, solver=solver, tol=1e-12),
                                   rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ridge_regression(X, Y[:, 0], 0.5, sample_weight=weight),
                               sk.ridge_regression(X, Y[:, 0], 0.5, sample_weight=weight), rtol=1e-10)
    coef, intercept = ridge_regression(X, Y[:, 0], 0.5, return_intercept=True, tol=1e-12)
    their_coef, their_intercept = sk.ridge_regression(X, Y[:, 0], 0.5, return_intercept=True,
                                                      tol=1e-12, max_iter=100_000)
    np.testing.assert_allclose(coef, their_coef, rtol=1e-6)
    assert intercept == pytest.approx(their_intercept, rel=1e-6)
    with pytest.raises(ValueError, match="only 'sag' solver can directly fit the intercept"):
        ridge_regression(X, Y, 1.0, solver="cholesky", return_intercept=True)


def test_california_housing_matches_sklearn():
    X, y = fetch_california_housing(return_X_y=True)
    for solver in ("cholesky", "svd"):
        ours = Ridge(alpha=10.0, solver=solver).fit(X, y)
        theirs = sk.Ridge(alpha=10.0, solver=solver).fit(X, y)
        _close(ours, theirs, 1e-9)
        assert ours.score(X, y) == pytest.approx(theirs.score(X, y), rel=1e-12)


@pytest.mark.parametrize("labels", ["binary", "multiclass", "strings"])
@pytest.mark.parametrize("class_weight", [None, "balanced", "dict"])
def test_ridge_classifier_matches_sklearn(labels, class_weight):
    rng = np.random.default_rng(5)
    X = rng.standard_normal((90, 6))
    codes = (X[:, :3].argmax(1) + (rng.random(90) < 0.2)) % 3
    y = {"binary": codes % 2, "multiclass": codes, "strings": np.array(["x", "y", "z"])[codes]}[labels]
    if class_weight == "dict":
        class_weight = {y[0]: 3.0}
    ours = RidgeClassifier(alpha=0.5, class_weight=class_weight).fit(X, y)
    theirs = sk.RidgeClassifier(alpha=0.5, class_weight=class_weight).fit(X, y)
    _close(ours, theirs, 1e-10)
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X), rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    assert ours.score(X, y) == theirs.score(X, y)


def test_ridge_classifier_multilabel_and_sparse():
    rng = np.random.default_rng(6)
    X = rng.standard_normal((60, 5))
    Y = (X[:, :3] + 0.3 * rng.standard_normal((60, 3)) > 0).astype(int)
    ours, theirs = RidgeClassifier().fit(X, Y), sk.RidgeClassifier().fit(X, Y)
    _close(ours, theirs, 1e-10)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    Xs = sp.csr_matrix(np.where(X > 0.3, X, 0.0))
    y = Y[:, 0]
    ours = RidgeClassifier(tol=1e-12).fit(Xs, y)
    theirs = sk.RidgeClassifier(tol=1e-12).fit(Xs, y)
    _close(ours, theirs, 1e-8)


def test_singular_gram_falls_back_to_svd_like_sklearn():
    X, Y, weight = _data((40, 5))
    X = np.hstack([X, np.full((40, 1), 3.0), np.zeros((40, 1))])  # X^T X exactly singular
    for fit_intercept, sw in ((True, None), (False, weight)):
        ours = Ridge(alpha=0.0, solver="cholesky", fit_intercept=fit_intercept).fit(X, Y, sample_weight=sw)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scipy's ill-conditioning warning inside scikit-learn
            theirs = sk.Ridge(alpha=0.0, solver="cholesky", fit_intercept=fit_intercept).fit(
                X, Y, sample_weight=sw)
        _close(ours, theirs, 1e-9)
        assert ours.solver_ == theirs.solver_ == "svd"


def test_copy_X_leaves_input_untouched_and_float32():
    X, Y, weight = _data((50, 4))
    before = X.copy()
    for solver in ("cholesky", "svd", "lsqr", "sparse_cg"):
        Ridge(solver=solver).fit(X, Y, sample_weight=weight)
        np.testing.assert_array_equal(X, before)
    model = Ridge().fit(X.astype(np.float32), Y)
    assert model.coef_.dtype == np.float32
    np.testing.assert_allclose(model.coef_, sk.Ridge().fit(X, Y).coef_, rtol=1e-4, atol=1e-5)
