"""Scorers: every name gives scikit-learn's score for the same fitted estimator and data."""

import copy
import pickle

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn import metrics as sk_metrics  # noqa: E402
from sklearn.datasets import make_classification, make_multilabel_classification  # noqa: E402
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402

from ember.learn import metrics  # noqa: E402

CLASSIFICATION = ["accuracy", "balanced_accuracy", "matthews_corrcoef", "roc_auc", "neg_log_loss",
                  "neg_brier_score",
                  "average_precision", "precision", "recall", "f1", "jaccard"] + [
    f"{m}_{a}" for m in ("precision", "recall", "f1", "jaccard") for a in ("macro", "micro", "weighted")]
MULTICLASS = ["accuracy", "balanced_accuracy", "matthews_corrcoef", "neg_log_loss", "neg_brier_score",
              "top_k_accuracy", "roc_auc_ovr",
              "roc_auc_ovo", "roc_auc_ovr_weighted", "roc_auc_ovo_weighted"] + [
    f"{m}_{a}" for m in ("precision", "recall", "f1") for a in ("macro", "micro", "weighted")]
REGRESSION = ["explained_variance", "r2", "neg_max_error", "neg_median_absolute_error",
              "neg_mean_absolute_error", "neg_mean_absolute_percentage_error",
              "neg_mean_squared_error", "neg_root_mean_squared_error"]


@pytest.fixture(scope="module")
def binary_data():
    X, y = make_classification(n_samples=300, n_features=6, random_state=0)
    return X, np.where(y == 1, "yes", "no")


def test_names_are_scikit_learn_names():
    names = metrics.get_scorer_names()
    assert names == sorted(names)
    assert set(names) <= set(sk_metrics.get_scorer_names())
    assert set(CLASSIFICATION + MULTICLASS + REGRESSION) <= set(names)


@pytest.mark.parametrize("name", CLASSIFICATION)
@pytest.mark.parametrize("model", [LogisticRegression(), LinearSVC(), DecisionTreeClassifier(max_depth=3, random_state=0)])
def test_binary_classification_scorers_match(binary_data, name, model):
    X, y = binary_data
    if name in ("precision", "recall", "f1", "jaccard", "average_precision", "neg_brier_score"):
        y = (y == "yes").astype(int)
    if name in ("neg_log_loss", "neg_brier_score") and not hasattr(model, "predict_proba"):
        pytest.skip("no predict_proba")
    model = sklearn.base.clone(model).fit(X[:200], y[:200])
    ours = metrics.get_scorer(name)(model, X[200:], y[200:])
    theirs = sk_metrics.get_scorer(name)(model, X[200:], y[200:])
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("name", MULTICLASS)
def test_multiclass_scorers_match(name):
    X, y = make_classification(n_samples=300, n_features=8, n_informative=5, n_classes=4,
                               random_state=1)
    model = LogisticRegression(max_iter=1000).fit(X[:200], y[:200])
    ours = metrics.get_scorer(name)(model, X[200:], y[200:])
    theirs = sk_metrics.get_scorer(name)(model, X[200:], y[200:])
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("name", REGRESSION)
def test_regression_scorers_match(name):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 4))
    y = X @ [1.0, -2.0, 0.5, 3.0] + 5 + rng.normal(size=120)
    model = Ridge(alpha=3.0).fit(X[:80], y[:80])
    ours = metrics.get_scorer(name)(model, X[80:], y[80:])
    theirs = sk_metrics.get_scorer(name)(model, X[80:], y[80:])
    assert ours == pytest.approx(theirs, rel=1e-12)
    if name.startswith("neg_"):
        assert ours <= 0


@pytest.mark.parametrize("name", ["neg_mean_squared_log_error", "neg_root_mean_squared_log_error"])
def test_log_error_scorers_match(name):
    rng = np.random.default_rng(1)
    X = rng.uniform(size=(100, 3))
    y = X @ [1.0, 2.0, 3.0] + 1
    model = LinearRegression().fit(X, y)
    assert metrics.get_scorer(name)(model, X, y) == pytest.approx(sk_metrics.get_scorer(name)(model, X, y), rel=1e-12)


def test_sample_weight_is_passed_to_the_metric(binary_data):
    X, y = binary_data
    model = LogisticRegression().fit(X, y)
    weight = np.random.default_rng(0).uniform(0, 2, size=len(y))
    for name in ("accuracy", "roc_auc", "neg_log_loss"):
        ours = metrics.get_scorer(name)(model, X, y, sample_weight=weight)
        theirs = sk_metrics.get_scorer(name)(model, X, y, sample_weight=weight)
        assert ours == pytest.approx(theirs, rel=1e-12)


def test_make_scorer_response_methods_and_sign(binary_data):
    X, y = binary_data
    model = LogisticRegression().fit(X, y)
    proba = model.predict_proba(X)[:, 1]
    decision = model.decision_function(X)
    proba_scorer = metrics.make_scorer(metrics.roc_auc_score, response_method="predict_proba")
    assert proba_scorer(model, X, y) == pytest.approx(sk_metrics.roc_auc_score(y, proba), rel=1e-12)
    threshold_scorer = metrics.make_scorer(metrics.roc_auc_score,
                                           response_method=("decision_function", "predict_proba"))
    assert threshold_scorer(model, X, y) == pytest.approx(sk_metrics.roc_auc_score(y, decision), rel=1e-12)
    loss = metrics.make_scorer(metrics.log_loss, greater_is_better=False, response_method="predict_proba")
    assert loss(model, X, y) == pytest.approx(-sk_metrics.log_loss(y, proba), rel=1e-12)
    # HOML's spelling (scikit-learn < 1.6)
    book = metrics.make_scorer(metrics.log_loss, greater_is_better=False, needs_proba=True)
    assert book(model, X, y) == loss(model, X, y)
    book_threshold = metrics.make_scorer(metrics.roc_auc_score, needs_threshold=True)
    assert book_threshold(model, X, y) == threshold_scorer(model, X, y)
    with pytest.raises(ValueError, match="not both"):
        metrics.make_scorer(metrics.log_loss, needs_proba=True, needs_threshold=True)


def test_pos_label_selects_the_column_and_orients_the_decision(binary_data):
    X, y = binary_data
    model = LogisticRegression().fit(X, y)
    for response_method in ("predict_proba", "decision_function"):
        ours = metrics.make_scorer(metrics.average_precision_score, pos_label="no",
                                   response_method=response_method)
        theirs = sk_metrics.make_scorer(sk_metrics.average_precision_score, pos_label="no",
                                        response_method=response_method)
        assert ours(model, X, y) == pytest.approx(theirs(model, X, y), rel=1e-12)
    bad = metrics.make_scorer(metrics.precision_score, pos_label="maybe")
    with pytest.raises(ValueError, match="pos_label=maybe is not a valid label"):
        bad(model, X, y)


@pytest.mark.filterwarnings("ignore:.*ill-defined")
def test_multilabel_f1_samples_scorer():
    X, Y = make_multilabel_classification(n_samples=200, n_classes=4, random_state=0)
    model = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, Y)
    for name in ("f1_samples", "precision_samples", "recall_samples", "jaccard_samples", "f1_macro"):
        ours = metrics.get_scorer(name)(model, X, Y)
        theirs = sk_metrics.get_scorer(name)(model, X, Y)
        assert ours == pytest.approx(theirs, rel=1e-12)


def test_get_scorer_errors_copies_and_repr():
    with pytest.raises(ValueError, match="'nope' is not a valid scoring value"):
        metrics.get_scorer("nope")
    first, second = metrics.get_scorer("f1_macro"), metrics.get_scorer("f1_macro")
    assert first is not second
    first._kwargs["average"] = "micro"
    assert metrics.get_scorer("f1_macro")._kwargs["average"] == "macro"
    assert repr(metrics.get_scorer("neg_mean_squared_error")) == repr(
        sk_metrics.get_scorer("neg_mean_squared_error")).replace("sklearn", "ember")
    assert repr(metrics.make_scorer(metrics.fbeta_score, beta=2)) == \
        "make_scorer(fbeta_score, response_method='predict', beta=2)"
    callable_scorer = metrics.make_scorer(metrics.accuracy_score)
    assert metrics.get_scorer(callable_scorer) is callable_scorer
    assert metrics.get_scorer(None) is None
    restored = pickle.loads(pickle.dumps(metrics.get_scorer("roc_auc")))
    assert repr(restored) == repr(metrics.get_scorer("roc_auc"))
    assert repr(copy.deepcopy(callable_scorer)) == repr(callable_scorer)


def test_missing_response_method_is_named():
    model = LinearRegression().fit([[0.0], [1.0]], [0.0, 1.0])
    with pytest.raises(AttributeError, match="LinearRegression has none of the following attributes: predict_proba"):
        metrics.get_scorer("neg_log_loss")(model, [[0.0]], [0])


def test_check_scoring(binary_data):
    X, y = binary_data
    model = LogisticRegression().fit(X, y)
    assert metrics.check_scoring(model)(model, X, y) == model.score(X, y)
    assert metrics.check_scoring(model, "accuracy")(model, X, y) == model.score(X, y)
    with pytest.raises(ValueError, match="looks like it is a metric function"):
        metrics.check_scoring(model, metrics.accuracy_score)
    with pytest.raises(TypeError, match="should have a 'score' method"):
        metrics.check_scoring(object())
    assert metrics.check_scoring(object(), allow_none=True) is None
    multi = metrics.check_scoring(model, ["accuracy", "roc_auc", "neg_log_loss", "balanced_accuracy"])
    scores = multi(model, X, y)
    assert list(scores) == ["accuracy", "roc_auc", "neg_log_loss", "balanced_accuracy"]
    for name, value in scores.items():
        assert value == pytest.approx(sk_metrics.get_scorer(name)(model, X, y), rel=1e-12)
    named = metrics.check_scoring(model, {"acc": "accuracy", "auc": metrics.get_scorer("roc_auc")})
    assert set(named(model, X, y)) == {"acc", "auc"}
    with pytest.raises(ValueError, match="must be unique"):
        metrics.check_scoring(model, ["accuracy", "accuracy"])
    failing = metrics.check_scoring(model, ["accuracy", "r2"], raise_exc=False)
    result = failing(model, X, y)
    assert isinstance(result["r2"], str) and "Traceback" in result["r2"]


def test_scorers_work_inside_scikit_learn_model_selection(binary_data):
    from sklearn.model_selection import GridSearchCV, cross_val_score, cross_validate

    X, y = binary_data
    model = LogisticRegression()
    ours = cross_val_score(model, X, y, cv=3, scoring=metrics.get_scorer("roc_auc"))
    theirs = cross_val_score(model, X, y, cv=3, scoring="roc_auc")
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    both = cross_validate(model, X, y, cv=3, scoring={"auc": metrics.get_scorer("roc_auc"),
                                                      "loss": metrics.get_scorer("neg_log_loss")})
    np.testing.assert_allclose(both["test_auc"], theirs, rtol=1e-12)
    search = GridSearchCV(model, {"C": [0.1, 1.0]}, cv=3, scoring=metrics.make_scorer(metrics.f1_score, pos_label="yes"))
    reference = GridSearchCV(model, {"C": [0.1, 1.0]}, cv=3, scoring=sk_metrics.make_scorer(sk_metrics.f1_score, pos_label="yes"))
    np.testing.assert_allclose(search.fit(X, y).cv_results_["mean_test_score"],
                               reference.fit(X, y).cv_results_["mean_test_score"], rtol=1e-12)
    assert metrics.get_scorer("accuracy")._accept_sample_weight()
    assert metrics.check_scoring(model)._accept_sample_weight()
