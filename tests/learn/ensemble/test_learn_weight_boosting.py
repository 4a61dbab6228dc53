"""AdaBoostClassifier / AdaBoostRegressor against scikit-learn's.

Around the *same* base estimator (an ember one, which scikit-learn's AdaBoost
accepts too) both libraries run the same boosting arithmetic, so weights,
errors, staged outputs and probabilities are asserted equal to rounding; around
each library's own linear models they agree as closely as those models do.
"""

import doctest
import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.ensemble as ske  # noqa: E402
import sklearn.linear_model as sklm  # noqa: E402
from ensemble_cases import assert_same_error  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.tree import DecisionTreeClassifier as SkDecisionTreeClassifier  # noqa: E402
from sklearn.tree import DecisionTreeRegressor as SkDecisionTreeRegressor  # noqa: E402

from ember.learn import io as learn_io  # noqa: E402
from ember.learn.datasets import load_iris, make_classification, make_moons, make_regression  # noqa: E402
from ember.learn.dummy import DummyClassifier  # noqa: E402
from ember.learn.ensemble import AdaBoostClassifier, AdaBoostRegressor, _weight_boosting  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.linear_model import (  # noqa: E402
    LinearRegression,
    LogisticRegression,
    Ridge,
    SGDClassifier,
    SGDRegressor,
)
from ember.learn.neighbors import KNeighborsClassifier, KNeighborsRegressor  # noqa: E402
from ember.learn.svm import SVC  # noqa: E402
from ember.learn.tree import DecisionTreeClassifier, DecisionTreeRegressor  # noqa: E402


def _moons(n=200):
    return make_moons(n_samples=n, noise=0.3, random_state=42)


def _three_classes(n=200):
    X, y = make_classification(n_samples=n, n_features=6, n_informative=4, n_redundant=0,
                               n_classes=3, random_state=0)
    return X, np.array(["ant", "bee", "cat"])[y]


def _regression(n=200):
    X, y = make_regression(n_samples=n, n_features=5, noise=20.0, random_state=0)
    return X, y + 30 * np.sin(X[:, 0])


def _close(a, b, rtol=1e-9, atol=1e-12):
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


def _assert_same_classifier(ours, theirs, X, y, rtol=1e-9, atol=1e-12):
    assert len(ours.estimators_) == len(theirs.estimators_)
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    assert ours.n_classes_ == theirs.n_classes_
    _close(ours.estimator_weights_, theirs.estimator_weights_, rtol, atol)
    _close(ours.estimator_errors_, theirs.estimator_errors_, rtol, atol)
    _close(ours.decision_function(X), theirs.decision_function(X), rtol, atol)
    _close(ours.predict_proba(X), theirs.predict_proba(X), rtol, atol)
    _close(ours.predict_log_proba(X), theirs.predict_log_proba(X), rtol, atol)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y))
    staged = zip(ours.staged_decision_function(X), theirs.staged_decision_function(X),
                 ours.staged_predict_proba(X), theirs.staged_predict_proba(X),
                 ours.staged_predict(X), theirs.staged_predict(X),
                 ours.staged_score(X, y), theirs.staged_score(X, y))
    n_stages = 0
    for d1, d2, p1, p2, c1, c2, s1, s2 in staged:
        _close(d1, d2, rtol, atol)
        _close(p1, p2, rtol, atol)
        np.testing.assert_array_equal(c1, c2)
        assert s1 == pytest.approx(s2)
        n_stages += 1
    assert n_stages == len(theirs.estimators_)


def _with_sample_weight(y):
    weight = np.linspace(0.2, 2.0, len(y))
    weight[::7] = 0.0
    return weight


CLASSIFIER_BASES = {
    "logistic": lambda: LogisticRegression(C=0.5),
    "linear-svc": lambda: SVC(kernel="linear", C=0.1),
    "sgd-seeded": lambda: SGDClassifier(max_iter=30, tol=None, random_state=3),
}


@pytest.mark.parametrize("base", sorted(CLASSIFIER_BASES))
@pytest.mark.parametrize("data", ["moons", "three-classes"])
@pytest.mark.parametrize("settings", [dict(n_estimators=15), dict(n_estimators=25, learning_rate=0.3),
                                      dict(n_estimators=10, learning_rate=2.0, weighted=True)])
def test_classifier_equals_sklearn_around_the_same_base(base, data, settings):
    X, y = _moons() if data == "moons" else _three_classes()
    settings = dict(settings)
    fit_params = {"sample_weight": _with_sample_weight(y)} if settings.pop("weighted", False) else {}
    make = CLASSIFIER_BASES[base]
    ours = AdaBoostClassifier(make(), random_state=7, **settings).fit(X, y, **fit_params)
    with np.errstate(divide="ignore"):  # scikit-learn takes the log of the zero weights
        theirs = ske.AdaBoostClassifier(make(), random_state=7, **settings).fit(X, y, **fit_params)
    _assert_same_classifier(ours, theirs, X, y)
    # the stages' seeds were drawn as scikit-learn draws them
    for a, b in zip(ours.estimators_, theirs.estimators_):
        assert a.get_params() == b.get_params()


@pytest.mark.parametrize("data", ["moons", "three-classes"])
def test_classifier_with_logistic_regression_matches_sklearn_with_its_own(data):
    X, y = _moons() if data == "moons" else _three_classes()
    ours = AdaBoostClassifier(LogisticRegression(), n_estimators=30, learning_rate=0.5).fit(X, y)
    theirs = ske.AdaBoostClassifier(sklm.LogisticRegression(), n_estimators=30,
                                    learning_rate=0.5).fit(X, y)
    _assert_same_classifier(ours, theirs, X, y, rtol=1e-5, atol=1e-7)


def test_classifier_on_sparse_input_equals_dense():
    X, y = _three_classes()
    dense = AdaBoostClassifier(LogisticRegression(), n_estimators=8).fit(X, y)
    for fmt in ("csr", "csc"):
        sparse = AdaBoostClassifier(LogisticRegression(), n_estimators=8).fit(sp.csr_matrix(X).asformat(fmt), y)
        _close(sparse.estimator_weights_, dense.estimator_weights_, 1e-7, 1e-9)
        _close(sparse.predict_proba(sp.csr_matrix(X)), dense.predict_proba(X), 1e-7, 1e-9)


def test_classifier_stops_at_a_perfect_stage():
    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    y = np.array([0, 0, 0, 1, 1, 1])
    ours = AdaBoostClassifier(LogisticRegression(C=100.0), n_estimators=10).fit(X, y)
    theirs = ske.AdaBoostClassifier(LogisticRegression(C=100.0), n_estimators=10).fit(X, y)
    assert len(ours) == len(theirs) == 1
    assert ours.estimator_weights_[0] == 1.0 and ours.estimator_errors_[0] == 0.0
    _assert_same_classifier(ours, theirs, X, y)


def test_classifier_drops_a_stage_no_better_than_chance():
    # Stages guessing at random (seeded per stage): the third errs more than chance, is
    # discarded and ends boosting, as in scikit-learn with the same seeds.
    X = np.arange(80.0).reshape(40, 2)
    y = np.array([0] * 20 + [1] * 20)
    ours = AdaBoostClassifier(DummyClassifier(strategy="stratified"), n_estimators=10,
                              random_state=0).fit(X, y)
    theirs = ske.AdaBoostClassifier(DummyClassifier(strategy="stratified"), n_estimators=10,
                                    random_state=0).fit(X, y)
    assert len(ours) == len(theirs) == 2
    _close(ours.estimator_weights_, theirs.estimator_weights_)
    _close(ours.estimator_errors_, theirs.estimator_errors_)
    _assert_same_classifier(ours, theirs, X, y)
    # the first stage already worse than chance: nothing to keep
    minority = DummyClassifier(strategy="constant", constant=0)  # 15 of the 35 rows
    assert_same_error(lambda: AdaBoostClassifier(minority).fit(X[5:], y[5:]),
                      lambda: ske.AdaBoostClassifier(minority).fit(X[5:], y[5:]))


def test_samme_r_follows_the_published_algorithm():
    # HOML's algorithm="SAMME.R" (scikit-learn < 1.6): every stage has say 1, weights are
    # multiplied by exp(-lr (K-1)/K sum_k c_k log p_k), and the decision function averages
    # (K-1) (log p_k - mean log p). Checked against that recipe around scikit-learn's models.
    X, y = _three_classes()
    lr, n_estimators = 0.5, 12
    with pytest.warns(FutureWarning, match="SAMME.R"):
        model = AdaBoostClassifier(LogisticRegression(C=0.3), n_estimators=n_estimators,
                                   learning_rate=lr, algorithm="SAMME.R").fit(X, y)
    classes = np.unique(y)
    K = len(classes)
    coding = np.where(classes == y[:, None], 1.0, -1.0 / (K - 1))
    weight = np.full(len(y), 1.0 / len(y))
    scores, stages = [], []
    for m in range(n_estimators):
        stage = LogisticRegression(C=0.3).fit(X, y, sample_weight=weight)
        proba = np.clip(stage.predict_proba(X), np.finfo(float).eps, None)
        log_p = np.log(proba)
        scores.append((K - 1) * (log_p - log_p.mean(axis=1, keepdims=True)))
        stages.append(stage)
        if m < n_estimators - 1:
            weight = weight * np.exp(-lr * (K - 1) / K * (coding * log_p).sum(axis=1))
            weight /= weight.sum()
    assert len(model) == n_estimators
    np.testing.assert_array_equal(model.estimator_weights_, np.ones(n_estimators))
    for ours, reference in zip(model.estimators_, stages):
        _close(ours.coef_, reference.coef_, 1e-6, 1e-8)
    decision = np.cumsum(scores, axis=0) / np.arange(1, n_estimators + 1)[:, None, None]
    for m, (staged, proba) in enumerate(zip(model.staged_decision_function(X),
                                            model.staged_predict_proba(X))):
        _close(staged, decision[m], 1e-6, 1e-8)
        expected = np.exp(decision[m] / (K - 1))
        _close(proba, expected / expected.sum(axis=1, keepdims=True), 1e-6, 1e-8)
    _close(model.decision_function(X), decision[-1], 1e-6, 1e-8)
    np.testing.assert_array_equal(model.predict(X), classes[np.argmax(decision[-1], axis=1)])
    # two classes: the decision function is the second column minus the first, halved
    Xb, yb = _moons()
    with pytest.warns(FutureWarning):
        binary = AdaBoostClassifier(LogisticRegression(), n_estimators=3, algorithm="SAMME.R").fit(Xb, yb)
    p = np.clip(binary.estimators_[0].predict_proba(Xb), np.finfo(float).eps, None)
    first = next(binary.staged_decision_function(Xb))
    _close(first, np.log(p[:, 1]) - np.log(p[:, 0]), 1e-12, 1e-12)


def test_algorithm_samme_is_the_default_with_a_warning():
    X, y = _moons()
    with pytest.warns(FutureWarning, match="'algorithm' is deprecated"):
        explicit = AdaBoostClassifier(LogisticRegression(), n_estimators=5, algorithm="SAMME").fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        default = AdaBoostClassifier(LogisticRegression(), n_estimators=5).fit(X, y)
    np.testing.assert_array_equal(explicit.estimator_weights_, default.estimator_weights_)


REGRESSOR_BASES = {
    "linear": lambda: LinearRegression(),
    "ridge": lambda: Ridge(alpha=3.0),
    "sgd-seeded": lambda: SGDRegressor(max_iter=20, tol=None, random_state=0),
}


@pytest.mark.parametrize("base", sorted(REGRESSOR_BASES))
@pytest.mark.parametrize("loss", ["linear", "square", "exponential"])
def test_regressor_equals_sklearn_around_the_same_base(base, loss):
    X, y = _regression()
    if base == "sgd-seeded":
        X = X / 3
    make = REGRESSOR_BASES[base]
    for settings in (dict(n_estimators=12), dict(n_estimators=20, learning_rate=0.5, weighted=True)):
        fit_params = {"sample_weight": _with_sample_weight(y)} if settings.pop("weighted", False) else {}
        ours = AdaBoostRegressor(make(), loss=loss, random_state=11, **settings).fit(X, y, **fit_params)
        theirs = ske.AdaBoostRegressor(make(), loss=loss, random_state=11, **settings).fit(X, y, **fit_params)
        assert len(ours) == len(theirs)
        _close(ours.estimator_weights_, theirs.estimator_weights_)
        _close(ours.estimator_errors_, theirs.estimator_errors_)
        _close(ours.predict(X), theirs.predict(X))
        for a, b in zip(ours.estimators_, theirs.estimators_):
            assert a.get_params() == b.get_params()
        staged = list(zip(ours.staged_predict(X), theirs.staged_predict(X),
                          ours.staged_score(X, y), theirs.staged_score(X, y)))
        assert len(staged) == len(theirs)
        for p1, p2, s1, s2 in staged:
            _close(p1, p2)
            assert s1 == pytest.approx(s2)


def test_regressor_with_linear_regression_matches_sklearn_with_its_own():
    X, y = _regression()
    ours = AdaBoostRegressor(LinearRegression(), n_estimators=25, random_state=0).fit(X, y)
    theirs = ske.AdaBoostRegressor(sklm.LinearRegression(), n_estimators=25, random_state=0).fit(X, y)
    assert len(ours) == len(theirs)
    _close(ours.estimator_weights_, theirs.estimator_weights_, 1e-8, 1e-10)
    _close(ours.predict(X), theirs.predict(X), 1e-8, 1e-8)


def test_regressor_stops_when_a_stage_is_perfect_or_too_weak():
    X = np.arange(60.0).reshape(30, 2)
    y = 3 * X[:, 0] - X[:, 1] + 1.0
    ours = AdaBoostRegressor(LinearRegression(), random_state=0).fit(X, y)
    theirs = ske.AdaBoostRegressor(LinearRegression(), random_state=0).fit(X, y)
    assert len(ours) == len(theirs)
    _close(ours.estimator_weights_, theirs.estimator_weights_)
    _close(ours.estimator_errors_, theirs.estimator_errors_)
    # a stage with an average loss of 0.5 or more ends boosting; the first one is kept
    rng = np.random.RandomState(0)
    Xn, yn = rng.rand(40, 2), rng.rand(40)
    for make in (lambda: KNeighborsRegressor(1), lambda: Ridge(alpha=1e6)):
        ours = AdaBoostRegressor(make(), loss="exponential", random_state=0).fit(Xn, yn)
        theirs = ske.AdaBoostRegressor(make(), loss="exponential", random_state=0).fit(Xn, yn)
        assert len(ours) == len(theirs)
        _close(ours.estimator_errors_, theirs.estimator_errors_)
        _close(ours.predict(Xn), theirs.predict(Xn))


def test_errors_match_sklearn():
    X, y = _moons(60)
    cases = [
        (dict(n_estimators=0), {}), (dict(n_estimators=1.5), {}), (dict(learning_rate=0.0), {}),
        (dict(learning_rate=-1), {}), (dict(random_state="seed"), {}),
        (dict(estimator=object()), {}),
    ]
    for params, _ in cases:
        assert_same_error(lambda: AdaBoostClassifier(LogisticRegression(), **params).fit(X, y),
                          lambda: ske.AdaBoostClassifier(LogisticRegression(), **params).fit(X, y),
                          prefix_only=True)
    assert_same_error(lambda: AdaBoostRegressor(LinearRegression(), loss="huber").fit(X, y),
                      lambda: ske.AdaBoostRegressor(LinearRegression(), loss="huber").fit(X, y),
                      prefix_only=True)
    # a base classifier without sample weights
    assert_same_error(lambda: AdaBoostClassifier(KNeighborsClassifier()).fit(X, y),
                      lambda: ske.AdaBoostClassifier(KNeighborsClassifier()).fit(X, y))
    for weight in (-np.ones(60), np.zeros(60), np.ones(5)):
        assert_same_error(
            lambda: AdaBoostClassifier(LogisticRegression()).fit(X, y, sample_weight=weight),
            lambda: ske.AdaBoostClassifier(LogisticRegression()).fit(X, y, sample_weight=weight))
    with pytest.raises(TypeError, match="requires that the weak learner supports the calculation"), \
            pytest.warns(FutureWarning, match="SAMME.R"):
        AdaBoostClassifier(SVC(), algorithm="SAMME.R").fit(X, y)
    with pytest.raises(ValueError, match="'algorithm' parameter of AdaBoostClassifier"):
        AdaBoostClassifier(algorithm="real").fit(X, y)
    model = AdaBoostClassifier(LogisticRegression(), n_estimators=3)
    for method in ("predict", "predict_proba", "decision_function"):
        with pytest.raises(NotFittedError):
            getattr(model, method)(X)
    assert not hasattr(model, "feature_importances_")
    model.fit(X, y)
    with pytest.raises(ValueError, match="X has 1 features, but AdaBoostClassifier is expecting 2"):
        model.predict(X[:, :1])
    with pytest.raises(AttributeError, match="does not have a feature_importances_ attribute"):
        model.feature_importances_  # noqa: B018


def test_infinite_weights_stop_with_a_warning():
    X, y = _moons(100)
    kwargs = dict(n_estimators=30, learning_rate=400.0, random_state=0)
    with pytest.warns(UserWarning, match="Sample weights have reached infinite values"):
        ours = AdaBoostClassifier(LogisticRegression(), **kwargs).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = ske.AdaBoostClassifier(LogisticRegression(), **kwargs).fit(X, y)
    assert len(ours) == len(theirs)
    _close(ours.estimator_weights_, theirs.estimator_weights_)


def test_sequence_protocol_and_dataframes():
    pd = pytest.importorskip("pandas")
    X, y = load_iris(return_X_y=True, as_frame=True)
    model = AdaBoostClassifier(LogisticRegression(max_iter=500), n_estimators=4).fit(X, y)
    np.testing.assert_array_equal(model.feature_names_in_, X.columns)
    assert len(model) == 4 and model[0] is model.estimators_[0] and list(model) == model.estimators_
    assert isinstance(X, pd.DataFrame)
    plain = AdaBoostClassifier(LogisticRegression(max_iter=500), n_estimators=4).fit(X.to_numpy(), y)
    np.testing.assert_array_equal(model.predict_proba(X), plain.predict_proba(X.to_numpy()))


CHECK_CASES = {
    "classifier-logistic": lambda: AdaBoostClassifier(LogisticRegression(C=0.5), n_estimators=5),
    "regressor-ridge": lambda: AdaBoostRegressor(Ridge(), n_estimators=5),
    "classifier-stumps": lambda: AdaBoostClassifier(n_estimators=5),
    "classifier-stumps-samme-r": lambda: AdaBoostClassifier(n_estimators=5, algorithm="SAMME.R"),
    "regressor-trees": lambda: AdaBoostRegressor(n_estimators=5),
}


SAMPLE_WEIGHT_REASON = ("sample_weight is not equivalent to removing/repeating samples "
                        "(scikit-learn lists the same expected failure for its AdaBoost)")
EXPECTED_FAILURES = {"check_sample_weight_equivalence_on_dense_data": SAMPLE_WEIGHT_REASON,
                     "check_sample_weight_equivalence_on_sparse_data": SAMPLE_WEIGHT_REASON}


@pytest.mark.parametrize("case", sorted(CHECK_CASES))
def test_check_estimator(case):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning, message=".*SAMME.R")
        run_check_estimator(CHECK_CASES[case](), expected_failed_checks=EXPECTED_FAILURES)


def test_pickle_and_learn_io_roundtrips(tmp_path):
    X, y = _three_classes()
    Xr, yr = _regression()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        models = [
            (AdaBoostClassifier(LogisticRegression(), n_estimators=6, random_state=0).fit(X, y), X),
            (AdaBoostClassifier(LogisticRegression(), n_estimators=4, algorithm="SAMME.R").fit(X, y), X),
            (AdaBoostRegressor(Ridge(), n_estimators=6, loss="square", random_state=0).fit(Xr, yr), Xr),
            (AdaBoostClassifier(n_estimators=10, random_state=0).fit(X, y), X),
            (AdaBoostRegressor(DecisionTreeRegressor(max_depth=2), n_estimators=8,
                               random_state=0).fit(Xr, yr), Xr),
        ]
    for i, (model, data) in enumerate(models):
        for loaded in (pickle.loads(pickle.dumps(model)),
                       learn_io.load(learn_io.dump(model, tmp_path / f"{i}.ember"))):
            assert type(loaded) is type(model) and repr(loaded) == repr(model)
            np.testing.assert_array_equal(loaded.predict(data), model.predict(data))
            np.testing.assert_array_equal(loaded.estimator_weights_, model.estimator_weights_)
            if isinstance(model.estimators_[0], (DecisionTreeClassifier, DecisionTreeRegressor)):
                np.testing.assert_array_equal(loaded.feature_importances_, model.feature_importances_)


# -- decision-tree stages (ember.learn.tree) -------------------------------------------------
class _SubclassedTree(DecisionTreeClassifier):
    """Takes the stages' own fit and predict (the fast path is for the exact class only)."""


def _same_trees(a, b, exact=True):
    """The same nodes; the float arrays bit for bit (``exact``) or to rounding."""
    for name in ("children_left", "children_right", "feature", "n_node_samples"):
        np.testing.assert_array_equal(getattr(a.tree_, name), getattr(b.tree_, name), err_msg=name)
    for name in ("threshold", "value", "impurity", "weighted_n_node_samples"):
        if exact:
            np.testing.assert_array_equal(getattr(a.tree_, name), getattr(b.tree_, name), err_msg=name)
        else:  # the impurity of a (nearly) pure node is a difference of near-equal sums
            _close(getattr(a.tree_, name), getattr(b.tree_, name), 1e-12, 1e-12)


@pytest.mark.parametrize("data", ["moons", "three-classes"])
@pytest.mark.parametrize("settings", [dict(), dict(n_estimators=40, learning_rate=0.5),
                                      dict(n_estimators=20, learning_rate=1.5, weighted=True)])
def test_default_stumps_equal_sklearn(data, settings):
    # continuous features: no tied splits, so both libraries grow the same stumps
    X, y = _moons() if data == "moons" else _three_classes()
    settings = dict(settings)
    fit_params = {"sample_weight": _with_sample_weight(y)} if settings.pop("weighted", False) else {}
    ours = AdaBoostClassifier(random_state=0, **settings).fit(X, y, **fit_params)
    with np.errstate(divide="ignore"):
        theirs = ske.AdaBoostClassifier(random_state=0, **settings).fit(X, y, **fit_params)
    _assert_same_classifier(ours, theirs, X, y)
    X_new = X + 0.05
    _assert_same_classifier(ours, theirs, X_new, y)
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_, rtol=1e-12)
    for a, b in zip(ours.estimators_, theirs.estimators_):
        _same_trees(a, b, exact=False)
        assert a.get_params()["random_state"] == b.get_params()["random_state"]


# SAMME.R drives some weights down to ~1e-16 (templates 2 and 5 then grow splits one side of
# which rounds to zero weight, which the tree builder once divided by).
TREE_TEMPLATES = [
    dict(max_depth=1), dict(max_depth=2, min_samples_leaf=7, criterion="entropy"),
    dict(max_depth=3, max_features=2, random_state=0), dict(max_depth=3, ccp_alpha=0.002),
    dict(max_leaf_nodes=3, min_weight_fraction_leaf=0.05), dict(max_depth=2, min_samples_split=40)]


@pytest.mark.parametrize("template", TREE_TEMPLATES)
@pytest.mark.parametrize("algorithm", ["deprecated", "SAMME.R"])
def test_tree_fast_path_builds_the_trees_the_stages_own_fit_builds(template, algorithm):
    X, y = _three_classes()
    weight = _with_sample_weight(y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        fast = AdaBoostClassifier(DecisionTreeClassifier(**template), n_estimators=12,
                                  algorithm=algorithm, random_state=1).fit(X, y, sample_weight=weight)
        plain = AdaBoostClassifier(_SubclassedTree(**template), n_estimators=12,
                                   algorithm=algorithm, random_state=1).fit(X, y, sample_weight=weight)
    assert len(fast) == len(plain)
    np.testing.assert_array_equal(fast.estimator_weights_, plain.estimator_weights_)
    np.testing.assert_array_equal(fast.estimator_errors_, plain.estimator_errors_)
    for a, b in zip(fast.estimators_, plain.estimators_):
        _same_trees(a, b)
        for name in ("classes_", "n_classes_", "n_outputs_", "n_features_in_", "max_features_"):
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    # the per-leaf scores of the tree stages equal the stages' own predictions
    np.testing.assert_array_equal(fast.decision_function(X), plain.decision_function(X))
    np.testing.assert_array_equal(fast.predict_proba(X), plain.predict_proba(X))
    for d1, d2 in zip(fast.staged_decision_function(X), plain.staged_decision_function(X)):
        np.testing.assert_array_equal(d1, d2)


def test_stumps_sklearn_trees_and_sparse_input():
    X, y = _three_classes()
    ours = AdaBoostClassifier(n_estimators=15).fit(X, y)
    theirs = ske.AdaBoostClassifier(SkDecisionTreeClassifier(max_depth=1), n_estimators=15).fit(X, y)
    _assert_same_classifier(ours, theirs, X, y)
    for fmt in ("csr", "csc"):
        sparse = AdaBoostClassifier(n_estimators=15).fit(sp.csr_matrix(X).asformat(fmt), y)
        np.testing.assert_array_equal(sparse.estimator_weights_, ours.estimator_weights_)
        np.testing.assert_array_equal(sparse.predict_proba(sp.csr_matrix(X)), ours.predict_proba(X))


def test_one_class_stumps():
    X, _ = _moons(50)
    y = np.full(50, "only")
    ours = AdaBoostClassifier().fit(X, y)
    theirs = ske.AdaBoostClassifier().fit(X, y)
    assert len(ours) == len(theirs) == 1
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))
    np.testing.assert_array_equal(ours.decision_function(X), theirs.decision_function(X))


def test_values_too_large_for_float32_are_refused_as_the_trees_refuse_them():
    X, y = _moons(40)
    X[3, 1] = 1e300
    with pytest.raises(ValueError, match="Input X contains infinity or a value too large"):
        AdaBoostClassifier().fit(X, y)
    model = AdaBoostClassifier(n_estimators=3).fit(X[4:], y[4:])
    with pytest.raises(ValueError, match="Input X contains infinity or a value too large"):
        model.predict(X)


@pytest.mark.parametrize("loss", ["linear", "square", "exponential"])
def test_regression_stumps_equal_sklearn(loss):
    # stumps split all of each bootstrap sample once: no tied splits, the same trees
    X, y = _regression()
    params = dict(n_estimators=20, loss=loss, random_state=3)
    ours = AdaBoostRegressor(DecisionTreeRegressor(max_depth=1), **params).fit(X, y)
    theirs = ske.AdaBoostRegressor(SkDecisionTreeRegressor(max_depth=1), **params).fit(X, y)
    assert len(ours) == len(theirs)
    _close(ours.estimator_weights_, theirs.estimator_weights_)
    _close(ours.estimator_errors_, theirs.estimator_errors_)
    _close(ours.predict(X), theirs.predict(X))
    _close(ours.feature_importances_, theirs.feature_importances_)
    for p1, p2 in zip(ours.staged_predict(X[:50]), theirs.staged_predict(X[:50])):
        _close(p1, p2)
    for a, b in zip(ours.estimators_, theirs.estimators_):
        _same_trees(a, b, exact=False)


def test_default_regression_trees_agree_with_sklearn_statistically():
    # Depth-3 trees on bootstrap samples meet tied splits in small nodes, which each library
    # breaks with its own generator: the ensembles differ tree by tree, not in quality.
    X, y = _regression(400)
    X_test, y_test = X[300:], y[300:]
    ours, theirs = [], []
    for seed in range(4):
        ours.append(AdaBoostRegressor(n_estimators=30, random_state=seed).fit(X[:300], y[:300])
                    .score(X_test, y_test))
        theirs.append(ske.AdaBoostRegressor(n_estimators=30, random_state=seed).fit(X[:300], y[:300])
                      .score(X_test, y_test))
    assert abs(np.mean(ours) - np.mean(theirs)) < 0.02
    assert min(ours) > 0.6


def test_homl_ch7_adaboost_on_moons():
    # HOML ch7: AdaBoostClassifier(DecisionTreeClassifier(max_depth=1), n_estimators=200
    # (3rd edition: 30), learning_rate=0.5) on the moons; the 2nd edition adds
    # algorithm="SAMME.R", which scikit-learn no longer has (ember still runs it).
    from ember.learn.model_selection import train_test_split

    X, y = make_moons(n_samples=500, noise=0.30, random_state=42)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=42)
    for n_estimators in (30, 200):
        params = dict(n_estimators=n_estimators, learning_rate=0.5, random_state=42)
        ours = AdaBoostClassifier(DecisionTreeClassifier(max_depth=1), **params).fit(X_train, y_train)
        theirs = ske.AdaBoostClassifier(SkDecisionTreeClassifier(max_depth=1), **params).fit(
            X_train, y_train)
        accuracy = ours.score(X_test, y_test)
        assert abs(accuracy - theirs.score(X_test, y_test)) <= 0.005
        assert 0.85 <= accuracy <= 0.95
        np.testing.assert_allclose(ours.estimator_weights_, theirs.estimator_weights_, rtol=1e-10)
    with pytest.warns(FutureWarning, match="SAMME.R"):
        real = AdaBoostClassifier(DecisionTreeClassifier(max_depth=1), n_estimators=200,
                                  algorithm="SAMME.R", learning_rate=0.5).fit(X_train, y_train)
    assert 0.85 <= real.score(X_test, y_test) <= 0.95


def test_docstring_examples():
    assert doctest.testmod(_weight_boosting, raise_on_error=False).failed == 0
