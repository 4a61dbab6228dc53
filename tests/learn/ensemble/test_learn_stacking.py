"""StackingClassifier / StackingRegressor against scikit-learn's, around the same (ember) members.

A final estimator that records what it was trained on shows the out-of-fold
meta-features themselves, which must be scikit-learn's for the same folds.
"""

import doctest
import pickle

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.ensemble as ske  # noqa: E402
import sklearn.model_selection as skms  # noqa: E402
from ensemble_cases import assert_same_error, sklearn_suite_members  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn import io as learn_io  # noqa: E402
from ember.learn.base import BaseEstimator, ClassifierMixin, RegressorMixin, clone  # noqa: E402
from ember.learn.datasets import load_iris, make_classification, make_moons, make_regression  # noqa: E402
from ember.learn.ensemble import StackingClassifier, StackingRegressor, _stacking  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.linear_model import LinearRegression, LogisticRegression, Ridge, RidgeClassifier  # noqa: E402
from ember.learn.model_selection import KFold, StratifiedKFold, cross_val_predict, train_test_split  # noqa: E402
from ember.learn.neighbors import KNeighborsClassifier, KNeighborsRegressor  # noqa: E402
from ember.learn.svm import SVC, SVR, LinearSVC  # noqa: E402


class _Recorder(BaseEstimator):
    """Wraps an estimator and keeps a copy of the data its fit saw (``X_seen_``)."""

    def __init__(self, estimator):
        self.estimator = estimator

    def fit(self, X, y, sample_weight=None):
        self.X_seen_ = sp.csr_matrix(X).toarray() if sp.issparse(X) else np.array(X)
        kwargs = {} if sample_weight is None else {"sample_weight": sample_weight}
        self.fitted_ = clone(self.estimator).fit(X, y, **kwargs)
        self.classes_ = getattr(self.fitted_, "classes_", None)
        return self

    def predict(self, X):
        return self.fitted_.predict(X)


class _RecordingClassifier(ClassifierMixin, _Recorder):
    def predict_proba(self, X):
        return self.fitted_.predict_proba(X)

    def decision_function(self, X):
        return self.fitted_.decision_function(X)


class _RecordingRegressor(RegressorMixin, _Recorder):
    pass


def _iris():
    X, y = load_iris(return_X_y=True)
    return X, np.array(["setosa", "versicolor", "virginica"])[y]


def _members():
    return [("lr", LogisticRegression(C=0.5, max_iter=1000)), ("knn", KNeighborsClassifier(7)),
            ("svc", SVC(random_state=0)), ("ridge", RidgeClassifier())]


def _regression():
    X, y = make_regression(n_samples=300, n_features=8, noise=15.0, random_state=3)
    return X[:220], y[:220], X[220:]


def _split_list(n):
    return list(KFold(4, shuffle=True, random_state=7).split(np.zeros((n, 1))))


CVS = {"default": None, "3": 3, "shuffled": "shuffled", "splits": "splits"}


def _cv(name, n, ours):
    if name == "shuffled":
        return (StratifiedKFold if ours else skms.StratifiedKFold)(4, shuffle=True, random_state=0)
    if name == "splits":
        return _split_list(n)
    return CVS[name]


@pytest.mark.parametrize("passthrough", [False, True])
@pytest.mark.parametrize("cv", sorted(CVS))
@pytest.mark.parametrize("stack_method", ["auto", "predict"])
def test_classifier_meta_features_and_predictions_match_sklearn(stack_method, cv, passthrough):
    X, y = _iris()
    final = _RecordingClassifier(LogisticRegression(max_iter=1000))
    kwargs = dict(stack_method=stack_method, passthrough=passthrough)
    ours = StackingClassifier(_members(), final, cv=_cv(cv, len(y), True), **kwargs).fit(X, y)
    theirs = ske.StackingClassifier(_members(), final, cv=_cv(cv, len(y), False), **kwargs).fit(X, y)
    assert ours.stack_method_ == theirs.stack_method_
    np.testing.assert_array_equal(ours.final_estimator_.X_seen_, theirs.final_estimator_.X_seen_)
    np.testing.assert_array_equal(ours.transform(X), theirs.transform(X))
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))
    np.testing.assert_array_equal(ours.decision_function(X), theirs.decision_function(X))
    np.testing.assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    assert list(ours.named_estimators_) == ["lr", "knn", "svc", "ridge"]
    assert ours.n_features_in_ == 4


def test_meta_features_are_out_of_fold_predictions():
    X, y = _iris()
    cv = StratifiedKFold(3, shuffle=True, random_state=1)
    final = _RecordingClassifier(LogisticRegression(max_iter=1000))
    model = StackingClassifier(_members()[:3], final, cv=cv).fit(X, y)
    codes = np.unique(y, return_inverse=True)[1]
    expected = np.hstack([
        cross_val_predict(LogisticRegression(C=0.5, max_iter=1000), X, codes, cv=cv, method="predict_proba"),
        cross_val_predict(KNeighborsClassifier(7), X, codes, cv=cv, method="predict_proba"),
        cross_val_predict(SVC(random_state=0), X, codes, cv=cv, method="decision_function"),
    ])
    np.testing.assert_array_equal(model.final_estimator_.X_seen_, expected)
    # the members used at predict time are fitted on all the data
    np.testing.assert_array_equal(model.estimators_[0].coef_,
                                  LogisticRegression(C=0.5, max_iter=1000).fit(X, codes).coef_)


@pytest.mark.parametrize("stack_method", ["auto", "predict_proba", "decision_function", "predict"])
def test_binary_target_keeps_one_probability_column(stack_method):
    X, y = make_classification(n_samples=200, n_features=6, random_state=0)
    labels = np.where(y == 1, "yes", "no")
    members = [("lr", LogisticRegression()), ("svc", SVC(probability=True, random_state=0))]
    final = _RecordingClassifier(LogisticRegression())
    ours = StackingClassifier(members, final, cv=4, stack_method=stack_method).fit(X, labels)
    theirs = ske.StackingClassifier(members, final, cv=4, stack_method=stack_method).fit(X, labels)
    assert ours.final_estimator_.X_seen_.shape == (200, 2)
    np.testing.assert_array_equal(ours.final_estimator_.X_seen_, theirs.final_estimator_.X_seen_)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))
    np.testing.assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())


@pytest.mark.parametrize("passthrough", [False, True])
@pytest.mark.parametrize("cv", sorted(CVS))
def test_regressor_matches_sklearn(cv, passthrough):
    X, y, Q = _regression()
    members = [("lin", LinearRegression()), ("knn", KNeighborsRegressor(4)), ("svr", SVR(C=100))]
    final = _RecordingRegressor(Ridge(alpha=2.0))
    cv_ours = KFold(4, shuffle=True, random_state=0) if cv == "shuffled" else _cv(cv, len(y), True)
    cv_theirs = skms.KFold(4, shuffle=True, random_state=0) if cv == "shuffled" else _cv(cv, len(y), False)
    ours = StackingRegressor(members, final, cv=cv_ours, passthrough=passthrough).fit(X, y)
    theirs = ske.StackingRegressor(members, final, cv=cv_theirs, passthrough=passthrough).fit(X, y)
    assert ours.stack_method_ == ["predict"] * 3
    np.testing.assert_array_equal(ours.final_estimator_.X_seen_, theirs.final_estimator_.X_seen_)
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
    np.testing.assert_array_equal(ours.transform(Q), theirs.transform(Q))
    np.testing.assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())


def test_default_final_estimators():
    X, y = _iris()
    ours = StackingClassifier(_members()[:2], cv=3).fit(X, y)
    theirs = ske.StackingClassifier(_members()[:2], final_estimator=LogisticRegression(), cv=3).fit(X, y)
    assert type(ours.final_estimator_).__name__ == "LogisticRegression" and ours.final_estimator is None
    np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))
    Xr, yr, Q = _regression()
    members = [("lin", LinearRegression()), ("knn", KNeighborsRegressor())]
    ours = StackingRegressor(members).fit(Xr, yr)
    from ember.learn.linear_model import RidgeCV

    theirs = ske.StackingRegressor(members, final_estimator=RidgeCV()).fit(Xr, yr)
    assert type(ours.final_estimator_).__name__ == "RidgeCV"
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))


def test_prefit_members_are_used_unchanged():
    X, y = _iris()
    X_fit, X_stack, y_fit, y_stack = train_test_split(X, y, random_state=0, stratify=y)
    codes = np.unique(y, return_inverse=True)[1]
    fitted = [("lr", LogisticRegression(max_iter=1000).fit(X_fit, y_fit)),
              ("knn", KNeighborsClassifier().fit(X_fit, y_fit))]
    ours = StackingClassifier(fitted, _RecordingClassifier(LogisticRegression()), cv="prefit").fit(X_stack, y_stack)
    theirs = ske.StackingClassifier(fitted, _RecordingClassifier(LogisticRegression()),
                                    cv="prefit").fit(X_stack, y_stack)
    assert ours.estimators_[0] is fitted[0][1]
    np.testing.assert_array_equal(ours.final_estimator_.X_seen_, theirs.final_estimator_.X_seen_)
    np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))
    assert codes.shape == y.shape
    with pytest.raises(NotFittedError):
        StackingClassifier([("lr", LogisticRegression())], cv="prefit").fit(X, y)


def test_dropped_member_and_sample_weight():
    X, y = _iris()
    weight = np.random.RandomState(1).uniform(0.2, 2.0, len(y))
    members = [("lr", LogisticRegression(max_iter=1000)), ("svc", SVC(random_state=0)),
               ("linsvc", LinearSVC(random_state=0))]
    ours = StackingClassifier(members, cv=3).set_params(svc="drop")
    theirs = ske.StackingClassifier(members, final_estimator=LogisticRegression(), cv=3).set_params(svc="drop")
    ours.fit(X, y, sample_weight=weight)
    theirs.fit(X, y, sample_weight=weight)
    assert ours.stack_method_ == ["predict_proba", "decision_function"]
    assert ours.named_estimators_.svc == "drop" and len(ours.estimators_) == 2
    np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))
    np.testing.assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())
    unweighted = StackingClassifier(members, cv=3).set_params(svc="drop").fit(X, y)
    assert not np.array_equal(unweighted.predict_proba(X), ours.predict_proba(X))


@pytest.mark.parametrize("stack_method", ["auto", "predict"])
def test_multilabel_target_as_sklearn(stack_method):
    X, y = make_classification(n_samples=200, n_features=6, n_informative=4, random_state=2)
    Y = np.c_[y, X[:, 0] > 0, X[:, 1] + X[:, 2] > 0].astype(int)
    members = [("knn", KNeighborsClassifier(5)), ("knn2", KNeighborsClassifier(9))]
    final = KNeighborsClassifier(3)
    ours = StackingClassifier(members, final, stack_method=stack_method, cv=3).fit(X, Y)
    theirs = ske.StackingClassifier(members, final, stack_method=stack_method, cv=3).fit(X, Y)
    assert len(ours.classes_) == 3
    np.testing.assert_array_equal(ours.transform(X), theirs.transform(X))
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))


def test_sparse_input_with_passthrough():
    X, y = make_classification(n_samples=120, n_features=10, random_state=5)
    X[np.abs(X) < 0.8] = 0
    Xs = sp.csr_matrix(X)
    members = [("lr", LogisticRegression()), ("ridge", RidgeClassifier())]
    ours = StackingClassifier(members, cv=3, passthrough=True).fit(Xs, y)
    theirs = ske.StackingClassifier(members, LogisticRegression(), cv=3, passthrough=True).fit(Xs, y)
    meta = ours.transform(Xs)
    assert sp.issparse(meta) and meta.format == "csr" and meta.shape == (120, 12)
    np.testing.assert_array_equal(meta.toarray(), theirs.transform(Xs).toarray())
    np.testing.assert_array_equal(ours.predict_proba(Xs), theirs.predict_proba(Xs))


def test_n_jobs_gives_the_same_model():
    X, y = _iris()
    serial = StackingClassifier(_members(), cv=3).fit(X, y)
    parallel = StackingClassifier(_members(), cv=3, n_jobs=2).fit(X, y)
    np.testing.assert_array_equal(serial.predict_proba(X), parallel.predict_proba(X))


def test_methods_follow_the_final_estimator():
    X, y = _iris()
    model = StackingClassifier(_members()[:2], final_estimator=RidgeClassifier())
    assert hasattr(model, "decision_function") and not hasattr(model, "predict_proba")
    assert hasattr(StackingClassifier(_members()[:2]), "predict_proba")  # LogisticRegression by default
    model.fit(X, y)
    assert model.decision_function(X).shape == (150, 3)
    with pytest.raises(NotFittedError):
        StackingClassifier(_members()).predict(X)
    with pytest.raises(AttributeError, match="has no n_features_in_"):
        StackingRegressor([("r", Ridge())]).n_features_in_  # noqa: B018


ERROR_CASES = {
    "empty": lambda lib: lib.StackingClassifier([]),
    "duplicate names": lambda lib: lib.StackingClassifier([("a", LogisticRegression()),
                                                           ("a", KNeighborsClassifier())]),
    "name is a parameter": lambda lib: lib.StackingClassifier([("cv", LogisticRegression())]),
    "all dropped": lambda lib: lib.StackingClassifier([("a", "drop")]),
    "regressor final": lambda lib: lib.StackingClassifier([("a", LogisticRegression())], Ridge()),
    "classifier final": lambda lib: lib.StackingRegressor([("a", Ridge())], LogisticRegression()),
    "final without fit": lambda lib: lib.StackingClassifier([("a", LogisticRegression())], 3),
    "cv string": lambda lib: lib.StackingClassifier([("a", LogisticRegression())], cv="bad"),
    "cv one": lambda lib: lib.StackingClassifier([("a", LogisticRegression())], cv=1),
    "stack method": lambda lib: lib.StackingClassifier([("a", LogisticRegression())], stack_method="x"),
    "missing method": lambda lib: lib.StackingClassifier([("a", RidgeClassifier())],
                                                         stack_method="predict_proba"),
    "no sample_weight": lambda lib: lib.StackingClassifier([("knn", KNeighborsClassifier())]),
}


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_errors_as_sklearns(case):
    X, y = _iris()
    kwargs = {"sample_weight": np.ones(len(y))} if case == "no sample_weight" else {}
    target = np.arange(len(y), dtype=float) if case == "classifier final" else y
    assert_same_error(lambda: ERROR_CASES[case](_stacking).fit(X, target, **kwargs),
                      lambda: ERROR_CASES[case](ske).fit(X, target, **kwargs),
                      prefix_only=case in ("stack method",))


CHECK_CASES = {
    "classifier": lambda: StackingClassifier([("a", LogisticRegression(C=0.1)),
                                              ("b", LogisticRegression(C=10.0))], cv=3),
    "regressor": lambda: StackingRegressor([("a", Ridge()), ("b", Ridge(alpha=10.0))], cv=3),
    # scikit-learn's own suite builds these from two depth-3 trees
    "trees": lambda: StackingClassifier(sklearn_suite_members("Classifier"), cv=3),
    "regression-trees": lambda: StackingRegressor(sklearn_suite_members("Regressor"), cv=3),
}


@pytest.mark.parametrize("case", sorted(CHECK_CASES))
def test_check_estimator(case):
    run_check_estimator(CHECK_CASES[case]())


def test_pickle_and_learn_io_roundtrips(tmp_path):
    X, y = _iris()
    Xr, yr, Q = _regression()
    # (the default final LogisticRegression stops at max_iter=100 on these stacked features,
    # in scikit-learn too)
    models = [(StackingClassifier(_members(), final_estimator=LogisticRegression(max_iter=1000),
                                  cv=3, passthrough=True).fit(X, y), X),
              (StackingClassifier(_members(), cv=3).set_params(knn="drop").fit(X, y), X),
              (StackingRegressor([("lin", LinearRegression()), ("knn", KNeighborsRegressor())]).fit(Xr, yr), Q)]
    for i, (model, data) in enumerate(models):
        for loaded in (pickle.loads(pickle.dumps(model)),
                       learn_io.load(learn_io.dump(model, tmp_path / f"{i}.ember"))):
            assert type(loaded) is type(model) and repr(loaded) == repr(model)
            np.testing.assert_array_equal(loaded.predict(data), model.predict(data))
            np.testing.assert_array_equal(loaded.transform(data), model.transform(data))
            assert list(loaded.get_feature_names_out()) == list(model.get_feature_names_out())


def test_homl_ch7_stacking_on_moons():
    # HOML ch7's stacking of different classifiers on the moons, with a depth-3 tree for the
    # book's random forest (the book's own, 0.928, is in examples/homl_ch7_ensembles.py).
    from ember.learn.tree import DecisionTreeClassifier

    X, y = make_moons(n_samples=500, noise=0.30, random_state=42)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=42)
    members = [("lr", LogisticRegression(random_state=42)),
               ("tree", DecisionTreeClassifier(max_depth=3, random_state=42)),
               ("svc", SVC(probability=True, random_state=42))]
    ours = StackingClassifier(members, cv=5).fit(X_train, y_train)
    theirs = ske.StackingClassifier(members, final_estimator=LogisticRegression(), cv=5).fit(X_train, y_train)
    np.testing.assert_array_equal(ours.predict_proba(X_test), theirs.predict_proba(X_test))
    assert ours.score(X_test, y_test) >= 0.9


def test_docstring_examples():
    assert doctest.testmod(_stacking, raise_on_error=False).failed == 0
