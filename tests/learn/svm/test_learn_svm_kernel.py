"""SVC, SVR and OneClassSVM against scikit-learn on the same data and hyperparameters."""

import doctest
import pickle
import warnings

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import svm as sk_svm  # noqa: E402
from sklearn.datasets import load_diabetes, load_iris, make_blobs, make_classification, make_moons  # noqa: E402

from ember.learn import svm  # noqa: E402
from ember.learn.exceptions import ConvergenceWarning, NotFittedError  # noqa: E402
from ember.learn.svm import SVC, SVR, OneClassSVM  # noqa: E402
from ember.learn.svm import _base, _one_class, _platt, _svc, _svr  # noqa: E402

WEIGHT_REASON = ("sample_weight rescales C exactly, but the dual is solved only to tol=1e-3, "
                 "so fits with repeated rows differ from weighted fits beyond the check's rtol=1e-7")


def _sk(cls, **params):
    """scikit-learn's estimator: its SMO (with shrinking, as ours) takes the same steps as ours."""
    return getattr(sk_svm, cls)(**params)


def _sk_proba(X, y, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        model = sk_svm.SVC(probability=True, **params).fit(X, y)
        return model, model.predict_proba(X), model.probA_, model.probB_


def _assert_same_model(ours, theirs, X, atol=1e-9):
    np.testing.assert_array_equal(ours.support_, theirs.support_)
    np.testing.assert_array_equal(ours.n_support_, theirs.n_support_)
    np.testing.assert_allclose(ours.dual_coef_, theirs.dual_coef_, rtol=1e-6, atol=atol)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-6, atol=atol)
    np.testing.assert_allclose(ours.support_vectors_, theirs.support_vectors_)


# Iris has duplicated rows: the RBF rows of duplicates differ in the last bit between BLAS and
# LIBSVM's sequential dot products, ties in the working-set choice break differently, and the
# solutions agree to the solver's tolerance rather than to rounding.
@pytest.mark.parametrize(("params", "exact"), [
    (dict(kernel="linear"), True), (dict(kernel="poly", degree=3, coef0=1, C=5), True),
    (dict(kernel="sigmoid", gamma=0.01), True), (dict(kernel="rbf", gamma=0.5, C=2.0), False),
    (dict(kernel="rbf", gamma="auto", class_weight="balanced"), False),
    (dict(kernel="rbf", class_weight={0: 2.0, 2: 0.5}), False),
], ids=str)
def test_svc_multiclass_matches_sklearn(params, exact):
    X, y = load_iris(return_X_y=True)
    ours, theirs = SVC(**params).fit(X, y), _sk("SVC", **params).fit(X, y)
    if exact:
        _assert_same_model(ours, theirs, X, atol=1e-6)
        np.testing.assert_array_equal(ours.n_iter_, theirs.n_iter_)
    else:
        np.testing.assert_array_equal(ours.support_, theirs.support_)
        np.testing.assert_allclose(ours.dual_coef_, theirs.dual_coef_, atol=2e-2 * params.get("C", 1))
        np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-2, atol=1e-2)
    tol = 1e-6 if exact else 1e-3
    for shape in ("ovr", "ovo"):
        ours.set_params(decision_function_shape=shape)
        theirs.set_params(decision_function_shape=shape)
        np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X),
                                   rtol=tol, atol=tol)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    ours.set_params(break_ties=True, decision_function_shape="ovr")
    theirs.set_params(break_ties=True, decision_function_shape="ovr")
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    assert ours.fit_status_ == 0 and ours.class_weight_.shape == (3,)


def test_svc_binary_signs_coef_and_string_labels():
    X, y = make_blobs(80, centers=2, cluster_std=2.0, random_state=3)
    labels = np.array(["neg", "pos"])[y]
    ours = SVC(kernel="linear", C=0.5).fit(X, labels)
    theirs = _sk("SVC", kernel="linear", C=0.5).fit(X, labels)
    _assert_same_model(ours, theirs, X)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-6)
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X), rtol=1e-6,
                               atol=1e-9)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    with pytest.raises(AttributeError, match="only available when using a linear kernel"):
        SVC().fit(X, y).coef_


def test_svc_sample_weight_precomputed_and_callable_kernels():
    X, y = load_iris(return_X_y=True)
    weight = np.random.default_rng(0).uniform(0.0, 3.0, len(y))
    weight[:5] = 0.0
    ours = SVC(C=3.0, kernel="linear").fit(X, y, sample_weight=weight)
    theirs = _sk("SVC", C=3.0, kernel="linear").fit(X, y, sample_weight=weight)
    # scikit-learn drops zero-weight rows and then indexes the remaining ones; ours index X.
    np.testing.assert_array_equal(ours.support_, np.flatnonzero(weight > 0)[theirs.support_])
    np.testing.assert_allclose(ours.support_vectors_, theirs.support_vectors_)
    np.testing.assert_allclose(ours.dual_coef_, theirs.dual_coef_, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X), rtol=1e-6,
                               atol=1e-8)
    K = X @ X.T
    ours, theirs = SVC(kernel="precomputed").fit(K, y), _sk("SVC", kernel="precomputed").fit(K, y)
    np.testing.assert_array_equal(ours.support_, theirs.support_)
    np.testing.assert_allclose(ours.decision_function(K[:20]), theirs.decision_function(K[:20]),
                               rtol=1e-6, atol=1e-8)
    assert ours.support_vectors_.shape == (0, 0)
    kernel = lambda A, B: (A @ B.T + 1.0) ** 2  # noqa: E731
    ours, theirs = SVC(kernel=kernel).fit(X, y), _sk("SVC", kernel=kernel).fit(X, y)
    np.testing.assert_array_equal(ours.support_, theirs.support_)
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X), rtol=1e-6,
                               atol=1e-8)
    with pytest.raises(ValueError, match="must be a square matrix. Input is a 150x4 matrix"):
        SVC(kernel="precomputed").fit(X, y)
    with pytest.raises(ValueError, match="expecting 150 features"):
        SVC(kernel="precomputed").fit(K, y).predict(X)


def test_svc_rbf_on_larger_data_matches_sklearn_and_speed_report():
    X, y = make_classification(1500, 20, random_state=0)
    ours, theirs = SVC().fit(X, y), sk_svm.SVC().fit(X, y)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X), rtol=1e-3,
                               atol=1e-3)
    assert abs(len(ours.support_) - len(theirs.support_)) <= 3


def test_homl_ch5_moons_polynomial_and_rbf_kernels():
    X, y = make_moons(n_samples=100, noise=0.15, random_state=42)
    mean, std = X.mean(0), X.std(0)
    X = (X - mean) / std
    grid = np.c_[np.meshgrid(np.linspace(-2, 2, 30), np.linspace(-2, 2, 30))[0].ravel(),
                 np.meshgrid(np.linspace(-2, 2, 30), np.linspace(-2, 2, 30))[1].ravel()]
    settings = [dict(kernel="poly", degree=3, coef0=1, C=5), dict(kernel="poly", degree=10, coef0=100, C=5),
                dict(kernel="rbf", gamma=5, C=0.001), dict(kernel="rbf", gamma=0.1, C=1000),
                dict(kernel="rbf", gamma=5, C=1000), dict(kernel="rbf", gamma=0.1, C=0.001)]
    for params in settings:
        ours, theirs = SVC(**params).fit(X, y), sk_svm.SVC(**params).fit(X, y)
        scale = np.abs(theirs.decision_function(grid)).max()
        np.testing.assert_allclose(ours.decision_function(grid), theirs.decision_function(grid),
                                   rtol=1e-3, atol=2e-3 * scale)
        assert ours.score(X, y) == pytest.approx(theirs.score(X, y), abs=0.011)
    assert SVC(kernel="poly", degree=3, coef0=1, C=5).fit(X, y).score(X, y) >= 0.95


def test_libsvm_random_is_sklearns_generator():
    """LibsvmRandom draws what scikit-learn's LIBSVM draws (its ``_newrand`` wrappers),
    rejections included: ranges near 2**32 reject often."""
    from sklearn.svm import _newrand

    from ember.learn.svm._random import LibsvmRandom

    for seed in (0, 7, 2 ** 31 - 2):
        ranges = np.concatenate([np.arange(1, 300), np.full(50, 3 * 2 ** 30),
                                 np.random.RandomState(seed).randint(1, 2 ** 32 - 1, 500,
                                                                     dtype=np.uint64)])
        _newrand.set_seed_wrap(seed)
        want = [_newrand.bounded_rand_int_wrap(int(r)) for r in ranges]
        ours = LibsvmRandom(seed)
        got = np.concatenate([ours.bounded(ranges[:100]), ours.bounded(ranges[100:])])
        np.testing.assert_array_equal(got, want)
        ours.reseed()
        np.testing.assert_array_equal(ours.bounded(ranges[:50]), want[:50])


@pytest.mark.parametrize("gamma", ["scale", 0.8, 2.0])
def test_low_dimensional_kernels_round_as_libsvm(gamma):
    """Under 16 features the kernel rows round as LIBSVM's (OpenBLAS's in-order ddot), so
    the solver takes scikit-learn's very steps: the same iteration count and duals."""
    X, y = make_moons(400, noise=0.3, random_state=42)
    for shrinking in (True, False):
        ours = SVC(gamma=gamma, shrinking=shrinking).fit(X, y)
        theirs = _sk("SVC", gamma=gamma, shrinking=shrinking).fit(X, y)
        np.testing.assert_array_equal(ours.n_iter_, theirs.n_iter_)
        _assert_same_model(ours, theirs, X, atol=1e-12)


def test_svc_probability_is_sklearns():
    """LIBSVM's Platt folds (its generator, reseeded by every fold's training), its fold
    problems (rows grouped by label, -1 first) and its coupling iterations, even for two
    classes: scikit-learn's probabilities to rounding."""
    X, y = make_moons(300, noise=0.25, random_state=0)
    X3, y3 = load_iris(return_X_y=True)
    for data, target, seed in ((X, y, 0), (X, y, 5), (X3, y3, 1)):
        ours = SVC(probability=True, random_state=seed).fit(data, target)
        theirs, proba, prob_a, prob_b = _sk_proba(data, target, random_state=seed)
        np.testing.assert_allclose(ours.probA_, prob_a, rtol=1e-10)
        np.testing.assert_allclose(ours.probB_, prob_b, rtol=1e-10, atol=1e-12)
        mine = ours.predict_proba(data)
        np.testing.assert_allclose(mine, proba, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ours.predict_log_proba(data), np.log(mine))
    # calibrated on the training data, monotone in the decision function
    ours = SVC(probability=True, random_state=0).fit(X, y)
    mine = ours.predict_proba(X)
    order = np.argsort(ours.decision_function(X))
    assert np.all(np.diff(mine[order, 1]) >= -1e-12)
    assert abs(mine[:, 1].mean() - y.mean()) < 0.05


def test_predict_proba_needs_probability():
    X, _ = make_moons(30, noise=0.25, random_state=0)
    assert not hasattr(SVC(), "predict_proba")
    with pytest.raises(NotFittedError):
        SVC(probability=True).predict_proba(X)


def test_platt_sigmoid_and_coupling_properties():
    rng = np.random.default_rng(0)
    f = rng.standard_normal(400)
    labels = rng.random(400) < 1 / (1 + np.exp(-3 * f))
    A, B = _platt.fit_sigmoid(f, labels)
    assert A == pytest.approx(-3.0, abs=0.8) and abs(B) < 0.4
    pairwise = rng.uniform(0.05, 0.95, (50, 6))
    p = _platt.couple_pairwise(pairwise, 4)
    np.testing.assert_allclose(p.sum(1), 1.0, atol=1e-9)
    assert (p > 0).all()


@pytest.mark.parametrize(("params", "exact"), [
    (dict(), True), (dict(kernel="linear", C=10.0), True), (dict(kernel="poly", epsilon=0.3), True),
    (dict(kernel="rbf", gamma=0.3, C=3.0, epsilon=0.05), False)], ids=str)
def test_svr_matches_sklearn(params, exact):
    X, y = load_diabetes(return_X_y=True)
    y = y / 100
    ours, theirs = SVR(**params).fit(X, y), _sk("SVR", **params).fit(X, y)
    if exact:  # same steps as LIBSVM
        _assert_same_model(ours, theirs, X, atol=1e-7)
        assert ours.n_iter_ == theirs.n_iter_
    else:  # a last-bit difference in a float32 kernel value changed the path: same to tol
        assert len(np.setxor1d(ours.support_, theirs.support_)) <= 3
        np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-2)
    tol = 1e-6 if exact else 1e-3
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=tol, atol=tol)
    assert ours.fit_status_ == 0
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), rel=tol)


def test_one_class_svm_matches_sklearn():
    X, _ = make_blobs(300, random_state=0)
    for params in (dict(), dict(kernel="linear", nu=0.3), dict(gamma=0.05, nu=0.2)):
        ours, theirs = OneClassSVM(**params).fit(X), _sk("OneClassSVM", **params).fit(X)
        np.testing.assert_array_equal(ours.support_, theirs.support_)
        np.testing.assert_allclose(ours.dual_coef_, theirs.dual_coef_, rtol=1e-6, atol=1e-7)
        np.testing.assert_allclose(ours.offset_, theirs.offset_, rtol=1e-6)
        np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X),
                                   rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(ours.score_samples(X), theirs.score_samples(X), rtol=1e-6)
        np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    outliers = OneClassSVM(nu=0.1).fit(X).predict(X)
    assert 0.05 <= (outliers == -1).mean() <= 0.15


def test_errors_warnings_and_pickle():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="The 'C' parameter of SVC must be a float in the range"):
        SVC(C=0).fit(X, y)
    with pytest.raises(ValueError, match="The 'kernel' parameter of SVR must be"):
        SVR(kernel="cubic").fit(X, y)
    with pytest.raises(ValueError, match="number of classes has to be greater than one; got 1"):
        SVC().fit(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="break_ties must be False"):
        SVC(break_ties=True, decision_function_shape="ovo").fit(X, y).predict(X)
    with pytest.warns(ConvergenceWarning, match=r"Solver terminated early \(max_iter=3\)"):
        model = SVC(max_iter=3).fit(X, y)
    assert model.fit_status_ == 1
    with pytest.raises(NotFittedError):
        SVR().predict(X)
    model = SVC().fit(X, y)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(model)).decision_function(X),
                                  model.decision_function(X))


# SVC(probability=True) with a fixed seed: check_decision_proba_consistency fails for about 1 seed
# in 25 (15 of seeds 0-399), in scikit-learn exactly as in ember (LIBSVM's coupling iterations
# stop within 0.0025 of the pairwise probability, which may swap the ranks of close points).
@pytest.mark.parametrize("estimator", [SVC(), SVC(kernel="precomputed"),
                                       SVC(probability=True, random_state=0), SVR(),
                                       SVR(kernel="precomputed"), OneClassSVM()], ids=repr)
def test_check_estimator(estimator):
    reason = WEIGHT_REASON
    if getattr(estimator, "probability", False):
        reason = ("Platt scaling is fitted on random 5-fold splits, which differ when rows are "
                  "repeated instead of weighted")
    failing = {"check_sample_weight_equivalence_on_dense_data": reason}
    if estimator.kernel != "precomputed":  # sparse input is accepted: the same check runs on CSR
        failing["check_sample_weight_equivalence_on_sparse_data"] = reason
    run_check_estimator(estimator, expected_failed_checks=failing)


def test_doctests():
    for module in (svm, _base, _one_class, _platt, _svc, _svr):
        assert doctest.testmod(module, raise_on_error=False).failed == 0


def test_homl_ch5_svm_regression_examples():
    from sklearn.svm import LinearSVR as SkLinearSVR

    from ember.learn.svm import LinearSVR

    rng = np.random.RandomState(42)
    m = 50
    X = 2 * rng.rand(m, 1)
    y = (4 + 3 * X + rng.randn(m, 1)).ravel()
    ours = LinearSVR(epsilon=1.5, random_state=42).fit(X, y)
    theirs = SkLinearSVR(epsilon=1.5, random_state=42).fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=2e-2)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=2e-2)
    X = 2 * rng.rand(100, 1) - 1
    y = (0.2 + 0.1 * X + 0.5 * X**2 + rng.randn(100, 1) / 10).ravel()
    for params in (dict(kernel="poly", degree=2, C=100, epsilon=0.1),
                   dict(kernel="poly", degree=2, C=0.01, epsilon=0.1)):
        ours, theirs = SVR(gamma="scale", **params).fit(X, y), sk_svm.SVR(gamma="scale", **params).fit(X, y)
        np.testing.assert_array_equal(ours.support_, theirs.support_)
        np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("shrinking", [True, False])
def test_shrinking_follows_libsvm_step_for_step(shrinking):
    X, y = make_moons(300, noise=0.3, random_state=0)
    params = dict(kernel="poly", C=10.0, coef0=1.0, shrinking=shrinking)
    ours, theirs = SVC(**params).fit(X, y), sk_svm.SVC(**params).fit(X, y)
    np.testing.assert_array_equal(ours.n_iter_, theirs.n_iter_)
    _assert_same_model(ours, theirs, X, atol=1e-9)
    Xr, yr = make_classification(1200, 10, random_state=1)
    ours, theirs = SVR(C=10.0, shrinking=shrinking).fit(Xr, yr), sk_svm.SVR(C=10.0, shrinking=shrinking).fit(Xr, yr)
    np.testing.assert_allclose(ours.predict(Xr), theirs.predict(Xr), rtol=1e-3, atol=1e-3)
