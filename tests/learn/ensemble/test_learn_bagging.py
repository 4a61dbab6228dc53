"""BaggingClassifier / BaggingRegressor against scikit-learn's, around the same (ember) members.

ember draws the members' seeds, rows and columns with scikit-learn's
RandomState calls, so for deterministic members the same random_state gives
the same subsets and the same numbers, which the tests assert exactly.
"""

import doctest
import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.ensemble as ske  # noqa: E402
from ensemble_cases import assert_same_error  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.utils.random import sample_without_replacement as sk_sample_without_replacement  # noqa: E402

from ember.learn import io as learn_io  # noqa: E402
from ember.learn.datasets import load_iris, make_classification, make_moons, make_regression  # noqa: E402
from ember.learn.ensemble import BaggingClassifier, BaggingRegressor, _bagging  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.linear_model import LinearRegression, LogisticRegression, Ridge  # noqa: E402
from ember.learn.neighbors import KNeighborsClassifier, KNeighborsRegressor  # noqa: E402
from ember.learn.svm import SVC, SVR  # noqa: E402

SAMPLE_WEIGHT_REASON = ("sample_weight is not equivalent to removing/repeating samples "
                        "(scikit-learn lists the same expected failure for its bagging)")


@pytest.mark.parametrize("n_population, n_samples", [
    (1000, 0), (1000, 3), (1000, 10), (1000, 11), (1000, 400), (1000, 989), (1000, 990),
    (1000, 999), (1000, 1000), (7, 7), (50_000, 123), (1, 1)])
def test_sample_without_replacement_draws_as_sklearn(n_population, n_samples):
    for seed in range(4):
        ours_rng, theirs_rng = np.random.RandomState(seed), np.random.RandomState(seed)
        ours = _bagging.sample_without_replacement(ours_rng, n_population, n_samples)
        theirs = sk_sample_without_replacement(n_population, n_samples, random_state=theirs_rng)
        np.testing.assert_array_equal(ours, theirs)
        assert len(np.unique(ours)) == n_samples
        # the generator is left where scikit-learn leaves it
        assert ours_rng.randint(2**31 - 1) == theirs_rng.randint(2**31 - 1)


def _iris():
    X, y = load_iris(return_X_y=True)
    return X, np.array(["setosa", "versicolor", "virginica"])[y]


# k-NN takes the drawn rows, logistic regression takes all rows weighted by their draw
# counts, an SVC without probabilities makes the ensemble count votes.
CLASSIFIERS = {"knn": lambda: KNeighborsClassifier(5), "logistic": lambda: LogisticRegression(max_iter=1000),
               "svc-votes": lambda: SVC(random_state=0)}
SETTINGS = {
    "bagging": dict(),
    "oob": dict(oob_score=True, n_estimators=15),
    "pasting": dict(bootstrap=False, max_samples=0.5),
    "rows int": dict(max_samples=60, oob_score=True),
    "subspaces": dict(bootstrap=False, max_samples=1.0, max_features=2, bootstrap_features=True),
    "patches": dict(max_samples=0.7, max_features=0.5),
}


def _same_subsets(ours, theirs):
    assert len(ours.estimators_samples_) == len(theirs.estimators_samples_) == ours.n_estimators
    for a, b in zip(ours.estimators_samples_, theirs.estimators_samples_):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(ours.estimators_features_, theirs.estimators_features_):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("setting", sorted(SETTINGS))
@pytest.mark.parametrize("base", sorted(CLASSIFIERS))
def test_classifier_matches_sklearn(base, setting):
    X, y = _iris()
    params = {"n_estimators": 8, "random_state": 3, **SETTINGS[setting]}
    ours = BaggingClassifier(CLASSIFIERS[base](), **params).fit(X, y)
    theirs = ske.BaggingClassifier(CLASSIFIERS[base](), **params).fit(X, y)
    _same_subsets(ours, theirs)
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    with np.errstate(divide="ignore"):
        np.testing.assert_array_equal(ours.predict_log_proba(X), theirs.predict_log_proba(X))
    assert hasattr(ours, "decision_function") == hasattr(theirs, "decision_function")
    if hasattr(theirs, "decision_function"):
        np.testing.assert_array_equal(ours.decision_function(X), theirs.decision_function(X))
    if params.get("oob_score"):
        assert ours.oob_score_ == theirs.oob_score_
        np.testing.assert_array_equal(ours.oob_decision_function_, theirs.oob_decision_function_)
    assert ours.n_classes_ == 3 and ours.n_features_in_ == 4


REGRESSORS = {"knn": lambda: KNeighborsRegressor(4), "ridge": lambda: Ridge(alpha=0.5),
              "svr": lambda: SVR(C=30.0)}


def _regression(n_targets=1):
    X, y = make_regression(n_samples=240, n_features=8, n_targets=n_targets, noise=10.0, random_state=0)
    return X[:180], y[:180], X[180:]


@pytest.mark.parametrize("setting", sorted(SETTINGS))
@pytest.mark.parametrize("base", sorted(REGRESSORS))
def test_regressor_matches_sklearn(base, setting):
    X, y, Q = _regression()
    params = {"n_estimators": 8, "random_state": 5, **SETTINGS[setting]}
    ours = BaggingRegressor(REGRESSORS[base](), **params).fit(X, y)
    theirs = ske.BaggingRegressor(REGRESSORS[base](), **params).fit(X, y)
    _same_subsets(ours, theirs)
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
    if params.get("oob_score"):
        assert ours.oob_score_ == theirs.oob_score_
        np.testing.assert_array_equal(ours.oob_prediction_, theirs.oob_prediction_)


def test_multioutput_regression():
    X, Y, Q = _regression(n_targets=3)
    ours = BaggingRegressor(Ridge(), n_estimators=6, random_state=0).fit(X, Y)
    theirs = ske.BaggingRegressor(Ridge(), n_estimators=6, random_state=0).fit(X, Y)
    assert ours.predict(Q).shape == (60, 3)
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
    # ember's out-of-bag predictions keep the outputs (scikit-learn's fail on a 2-D target)
    oob = BaggingRegressor(Ridge(), n_estimators=40, oob_score=True, random_state=0).fit(X, Y)
    assert oob.oob_prediction_.shape == (180, 3) and 0.9 < oob.oob_score_ < 1.0


@pytest.mark.parametrize("base", ["knn", "logistic"])
def test_all_rows_and_columns_without_replacement_is_the_base_estimator(base):
    X, y = _iris()
    model = BaggingClassifier(CLASSIFIERS[base](), n_estimators=3, max_samples=1.0, bootstrap=False,
                              max_features=1.0, random_state=0).fit(X, y)
    single = CLASSIFIERS[base]().fit(X, y)
    for rows, columns in zip(model.estimators_samples_, model.estimators_features_):
        np.testing.assert_array_equal(rows, np.arange(150))
        np.testing.assert_array_equal(columns, np.arange(4))
    np.testing.assert_allclose(model.predict_proba(X), single.predict_proba(X), rtol=1e-15, atol=1e-15)
    np.testing.assert_array_equal(model.predict(X), single.predict(X))
    Xr, yr, Q = _regression()
    reg = BaggingRegressor(KNeighborsRegressor(), n_estimators=2, max_samples=1.0, bootstrap=False).fit(Xr, yr)
    np.testing.assert_array_equal(reg.predict(Q), KNeighborsRegressor().fit(Xr, yr).predict(Q))


def test_n_jobs_does_not_change_the_ensemble():
    X, y = make_classification(n_samples=300, n_features=8, random_state=1)
    serial = BaggingClassifier(LogisticRegression(), n_estimators=60, max_features=0.6,
                               oob_score=True, random_state=7).fit(X, y)
    parallel = BaggingClassifier(LogisticRegression(), n_estimators=60, max_features=0.6,
                                 oob_score=True, random_state=7, n_jobs=2).fit(X, y)
    _same_subsets(serial, parallel)
    for a, b in zip(serial.estimators_, parallel.estimators_):
        np.testing.assert_array_equal(a.coef_, b.coef_)
    assert serial.oob_score_ == parallel.oob_score_
    # predictions are summed in the same blocks of members whatever n_jobs: bit for bit equal
    np.testing.assert_array_equal(serial.predict_proba(X), parallel.predict_proba(X))
    np.testing.assert_array_equal(serial.decision_function(X), parallel.decision_function(X))
    np.testing.assert_array_equal(serial.predict_log_proba(X), parallel.predict_log_proba(X))
    # and equal (within rounding of the block sums) to scikit-learn's sequential sums
    theirs = ske.BaggingClassifier(LogisticRegression(), n_estimators=60, max_features=0.6,
                                   oob_score=True, random_state=7).fit(X, y)
    np.testing.assert_allclose(serial.predict_proba(X), theirs.predict_proba(X), rtol=1e-13)
    assert serial.oob_score_ == theirs.oob_score_


def test_warm_start_adds_the_members_a_single_fit_would_have():
    X, y = _iris()
    grown = BaggingClassifier(KNeighborsClassifier(), n_estimators=5, warm_start=True, random_state=2)
    grown.fit(X, y)
    first = grown.estimators_[:]
    grown.set_params(n_estimators=12).fit(X, y)
    assert grown.estimators_[:5] == first
    at_once = BaggingClassifier(KNeighborsClassifier(), n_estimators=12, random_state=2).fit(X, y)
    _same_subsets(grown, at_once)
    np.testing.assert_array_equal(grown.predict_proba(X), at_once.predict_proba(X))
    with pytest.warns(UserWarning, match="Warm-start fitting without increasing n_estimators"):
        grown.fit(X, y)
    grown.set_params(n_estimators=4)
    with pytest.raises(ValueError, match=r"n_estimators=4 must be larger or equal to len\(estimators_\)=12"):
        grown.fit(X, y)
    # without warm_start a refit starts over
    fresh = BaggingClassifier(KNeighborsClassifier(), n_estimators=5, random_state=2).fit(X, y).fit(X, y)
    assert len(fresh.estimators_) == 5


def test_sample_weight_as_sklearn():
    X, y = _iris()
    weight = np.random.RandomState(4).uniform(0.0, 2.0, len(y))
    for base in ("knn", "logistic"):
        for params in (dict(), dict(max_samples=0.5), dict(max_samples=40, max_features=3)):
            ours = BaggingClassifier(CLASSIFIERS[base](), n_estimators=6, random_state=1, **params)
            theirs = ske.BaggingClassifier(CLASSIFIERS[base](), n_estimators=6, random_state=1, **params)
            ours.fit(X, y, sample_weight=weight)
            theirs.fit(X, y, sample_weight=weight)
            _same_subsets(ours, theirs)
            np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))
    # rows of zero weight are never drawn
    zero = weight.copy()
    zero[:50] = 0
    model = BaggingClassifier(KNeighborsClassifier(), n_estimators=5, random_state=0).fit(X, y, sample_weight=zero)
    assert min(rows.min() for rows in model.estimators_samples_) >= 50
    with pytest.warns(UserWarning, match="recommended to use bootstrap=True, got False"):
        BaggingClassifier(KNeighborsClassifier(), bootstrap=False, max_samples=0.5).fit(X, y, sample_weight=weight)


def test_oob_warnings_and_missing_rows_as_sklearn():
    X, y = _iris()
    params = dict(n_estimators=2, oob_score=True, random_state=0)
    with pytest.warns(UserWarning, match="Some inputs do not have OOB scores"):
        ours = BaggingClassifier(KNeighborsClassifier(), **params).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = ske.BaggingClassifier(KNeighborsClassifier(), **params).fit(X, y)
    np.testing.assert_array_equal(ours.oob_decision_function_, theirs.oob_decision_function_)
    assert np.isnan(ours.oob_decision_function_).any() and ours.oob_score_ == theirs.oob_score_
    Xr, yr, _ = _regression()
    with pytest.warns(UserWarning, match="Some inputs do not have OOB scores"):
        reg = BaggingRegressor(Ridge(), **params).fit(Xr, yr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = ske.BaggingRegressor(Ridge(), **params).fit(Xr, yr)
    np.testing.assert_array_equal(reg.oob_prediction_, theirs.oob_prediction_)
    with pytest.warns(UserWarning, match=r"Using the fractional value max_samples=0.01 when the number "
                                         r"of samples is 150 results in a low number \(1\)"):
        BaggingClassifier(KNeighborsClassifier(1), max_samples=0.01).fit(X, y)


def test_sparse_input():
    X, y = make_classification(n_samples=200, n_features=12, random_state=3)
    X[np.abs(X) < 1] = 0
    for fmt in ("csr", "csc"):
        Xs = sp.csr_matrix(X).asformat(fmt)
        ours = BaggingClassifier(LogisticRegression(), n_estimators=5, max_features=0.5, random_state=0).fit(Xs, y)
        theirs = ske.BaggingClassifier(LogisticRegression(), n_estimators=5, max_features=0.5,
                                       random_state=0).fit(Xs, y)
        np.testing.assert_array_equal(ours.predict_proba(Xs), theirs.predict_proba(Xs))
        dense = BaggingClassifier(LogisticRegression(), n_estimators=5, max_features=0.5, random_state=0).fit(X, y)
        np.testing.assert_allclose(ours.predict_proba(Xs), dense.predict_proba(X), rtol=1e-6, atol=1e-8)


def test_member_random_states_and_verbose(capsys):
    X, y = _iris()
    model = BaggingClassifier(SVC(probability=True, random_state=None), n_estimators=3, random_state=11,
                              verbose=2).fit(X, y)
    theirs = ske.BaggingClassifier(SVC(probability=True, random_state=None), n_estimators=3,
                                   random_state=11).fit(X, y)
    assert [m.random_state for m in model.estimators_] == [m.random_state for m in theirs.estimators_]
    assert model.estimator_ is model.estimator and model.estimator.random_state is None
    np.testing.assert_array_equal(model.predict_proba(X), theirs.predict_proba(X))
    out = capsys.readouterr().out
    assert "Building estimator 1 of 3 for this parallel run (total 3)..." in out


ERROR_CASES = {
    "estimator without predict": dict(estimator=3),
    "n_estimators": dict(n_estimators=0),
    "max_samples zero": dict(max_samples=0.0),
    "max_samples above one": dict(max_samples=2.5),
    "max_features zero": dict(max_features=0),
    "bootstrap not bool": dict(bootstrap=1),
    "too many features": dict(max_features=5),
    "pasting too many rows": dict(bootstrap=False, max_samples=151),
    "oob without bootstrap": dict(bootstrap=False, oob_score=True),
    "oob with warm start": dict(warm_start=True, oob_score=True),
}


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_errors_as_sklearns(case):
    X, y = _iris()
    params = {"estimator": KNeighborsClassifier(), **ERROR_CASES[case]}
    assert_same_error(lambda: BaggingClassifier(**params).fit(X, y),
                      lambda: ske.BaggingClassifier(**params).fit(X, y),
                      prefix_only=case == "bootstrap not bool")


def test_method_errors():
    X, y = _iris()
    model = BaggingClassifier(KNeighborsClassifier())
    assert not hasattr(model, "decision_function")
    assert hasattr(BaggingClassifier(LogisticRegression()), "decision_function")
    for method in ("predict", "predict_proba", "predict_log_proba"):
        with pytest.raises(NotFittedError):
            getattr(model, method)(X)
    with pytest.raises(ValueError, match="Extra parameters passed are: {'groups'}"):
        model.fit(X, y, groups=np.ones(150))
    model.fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but BaggingClassifier is expecting 4"):
        model.predict(X[:, :3])
    with pytest.raises(ValueError, match="Unknown label type"):
        BaggingClassifier(KNeighborsClassifier()).fit(X, X[:, 0])


CHECK_CASES = {
    "classifier-logistic": (lambda: BaggingClassifier(LogisticRegression(C=0.1), n_estimators=5), {}),
    "classifier-knn-patches": (lambda: BaggingClassifier(KNeighborsClassifier(), n_estimators=5,
                                                          max_features=0.5, bootstrap_features=True,
                                                          random_state=0), {}),
    "regressor-ridge": (lambda: BaggingRegressor(Ridge(), n_estimators=5), {}),
    # scikit-learn's own suite runs its bagging with the default trees and n_estimators=5
    "classifier-default-trees": (lambda: BaggingClassifier(n_estimators=5), {}),
    "regressor-default-trees": (lambda: BaggingRegressor(n_estimators=5), {}),
    "regressor-knn-oob": (lambda: BaggingRegressor(KNeighborsRegressor(), n_estimators=15, oob_score=True),
                          {"check_fit2d_1sample": "with one sample no row is out of bag, so the "
                           "members predict on no rows and raise their own error (scikit-learn's "
                           "bagging fails this check the same way)"}),
}


@pytest.mark.parametrize("case", sorted(CHECK_CASES))
def test_check_estimator(case):
    make, expected = CHECK_CASES[case]
    expected = {**expected, "check_sample_weight_equivalence_on_dense_data": SAMPLE_WEIGHT_REASON,
                "check_sample_weight_equivalence_on_sparse_data": SAMPLE_WEIGHT_REASON}
    with warnings.catch_warnings():
        # the checks' tiny data sets leave rows that every member saw
        warnings.filterwarnings("ignore", message="Some inputs do not have OOB scores")
        run_check_estimator(make(), expected_failed_checks=expected)


def test_pickle_and_learn_io_roundtrips(tmp_path):
    X, y = _iris()
    Xr, yr, Q = _regression()
    models = [(BaggingClassifier(KNeighborsClassifier(), n_estimators=30, max_features=0.5, oob_score=True,
                                 random_state=0).fit(X, y), X),
              (BaggingClassifier(LogisticRegression(max_iter=1000), n_estimators=4, random_state=0).fit(
                  X, y, sample_weight=np.linspace(0.5, 1.5, 150)), X),
              (BaggingRegressor(LinearRegression(), n_estimators=5, bootstrap_features=True,
                                random_state=0).fit(Xr, yr), Q)]
    for i, (model, data) in enumerate(models):
        for loaded in (pickle.loads(pickle.dumps(model)),
                       learn_io.load(learn_io.dump(model, tmp_path / f"{i}.ember"))):
            assert type(loaded) is type(model) and repr(loaded) == repr(model)
            np.testing.assert_array_equal(loaded.predict(data), model.predict(data))
            _same_subsets(loaded, model)
            if hasattr(model, "oob_score_"):
                assert loaded.oob_score_ == model.oob_score_


def _moons_split():
    from ember.learn.model_selection import train_test_split

    X, y = make_moons(n_samples=500, noise=0.30, random_state=42)
    return train_test_split(X, y, random_state=42)


def test_default_estimator_is_a_decision_tree():
    from sklearn.tree import DecisionTreeClassifier as SkTreeClassifier

    from ember.learn.tree import DecisionTreeClassifier, DecisionTreeRegressor

    X, y = _iris()
    ours = BaggingClassifier(n_estimators=6, random_state=0).fit(X, y)
    theirs = ske.BaggingClassifier(n_estimators=6, random_state=0).fit(X, y)
    assert ours.estimator is None and type(ours.estimator_) is DecisionTreeClassifier
    assert type(ours.estimators_[0]) is DecisionTreeClassifier
    # each tree gets scikit-learn's seed and sees scikit-learn's rows
    assert [t.random_state for t in ours.estimators_] == [t.random_state for t in theirs.estimators_]
    _same_subsets(ours, theirs)
    assert isinstance(theirs.estimators_[0], SkTreeClassifier)
    Xr, yr, Q = _regression()
    reg = BaggingRegressor(n_estimators=4, random_state=0).fit(Xr, yr)
    assert type(reg.estimator_) is DecisionTreeRegressor and reg.predict(Q).shape == (60,)


def test_tree_oob_scores_agree_with_sklearn_over_seeds():
    # Same rows, but the trees break ties between equally good splits their own way:
    # the out-of-bag accuracies agree statistically, not digit for digit.
    X_train, X_test, y_train, y_test = _moons_split()
    ours, theirs = [], []
    for seed in range(6):
        params = dict(n_estimators=40, oob_score=True, random_state=seed)
        ours.append(BaggingClassifier(**params).fit(X_train, y_train).oob_score_)
        theirs.append(ske.BaggingClassifier(**params).fit(X_train, y_train).oob_score_)
    differences = np.abs(np.subtract(ours, theirs))
    assert differences.max() < 0.04 and abs(np.mean(ours) - np.mean(theirs)) < 0.015
    Xr, yr, _ = _regression()
    ours = [BaggingRegressor(n_estimators=30, oob_score=True, random_state=s).fit(Xr, yr).oob_score_
            for s in range(3)]
    theirs = [ske.BaggingRegressor(n_estimators=30, oob_score=True, random_state=s).fit(Xr, yr).oob_score_
              for s in range(3)]
    assert abs(np.mean(ours) - np.mean(theirs)) < 0.03


def test_homl_ch7_bagging_500_trees_and_oob():
    # HOML ch7: BaggingClassifier(DecisionTreeClassifier(), n_estimators=500, oob_score=True,
    # n_jobs=-1, random_state=42): the book's oob_score_ is 0.901 and its test accuracy 0.912.
    from ember.learn.tree import DecisionTreeClassifier

    X_train, X_test, y_train, y_test = _moons_split()
    bag = BaggingClassifier(DecisionTreeClassifier(), n_estimators=500, oob_score=True, n_jobs=-1,
                            random_state=42).fit(X_train, y_train)
    accuracy = bag.score(X_test, y_test)
    assert 0.88 <= bag.oob_score_ <= 0.92 and 0.88 <= accuracy <= 0.93
    assert abs(bag.oob_score_ - accuracy) < 0.03
    assert bag.oob_decision_function_.shape == (375, 2)
    np.testing.assert_allclose(bag.oob_decision_function_.sum(axis=1), 1.0)
    # the book's first bagging: 500 trees on 100 rows each, bootstrap; about 0.904
    small = BaggingClassifier(DecisionTreeClassifier(), n_estimators=500, max_samples=100, n_jobs=-1,
                              random_state=42).fit(X_train, y_train)
    assert 0.88 <= small.score(X_test, y_test) <= 0.93


def test_homl_ch7_bagging_knn_on_moons():
    # Bagging on the moons with k-NN members: out-of-bag accuracy predicts the test accuracy,
    # and the numbers are scikit-learn's.
    from ember.learn.model_selection import train_test_split

    X, y = make_moons(n_samples=500, noise=0.30, random_state=42)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=42)
    params = dict(n_estimators=100, max_samples=100, oob_score=True, random_state=42)
    ours = BaggingClassifier(KNeighborsClassifier(), **params).fit(X_train, y_train)
    theirs = ske.BaggingClassifier(KNeighborsClassifier(), **params).fit(X_train, y_train)
    assert ours.oob_score_ == theirs.oob_score_
    assert ours.score(X_test, y_test) == theirs.score(X_test, y_test)
    assert abs(ours.oob_score_ - ours.score(X_test, y_test)) < 0.05
    assert ours.score(X_test, y_test) >= 0.88


def test_docstring_examples():
    assert doctest.testmod(_bagging, raise_on_error=False).failed == 0
