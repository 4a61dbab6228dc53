"""GradientBoostingClassifier / GradientBoostingRegressor against scikit-learn's.

With every feature searched per split and no tied candidate splits the two
libraries grow the same trees from the same gradients, so trees, leaf values,
staged predictions, scores and importances are asserted equal to rounding.
Ties are avoided as the tree tests avoid them: independent Gaussian features,
continuous sample weights (weighted sums of two-valued gradients, as the
classification and absolute-error losses give, then never coincide) and at
least five samples per leaf (a node of two samples ties on every feature);
``_untied`` checks that scikit-learn's ensemble does not depend on its seed.
"""

import doctest
import io
import pickle
import warnings
from contextlib import redirect_stdout

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.ensemble as ske  # noqa: E402
from ensemble_cases import assert_same_error  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn import io as learn_io  # noqa: E402
from ember.learn.datasets import make_classification  # noqa: E402
from ember.learn.ensemble import (  # noqa: E402
    GradientBoostingClassifier,
    GradientBoostingRegressor,
    _gradient_boosting,
)
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.linear_model import LinearRegression, LogisticRegression  # noqa: E402
from ember.learn.metrics import accuracy_score, r2_score  # noqa: E402
from ember.learn.tree import DecisionTreeRegressor  # noqa: E402

N = 300


def _data(n=N, seed=0):
    """Independent Gaussian features, a regression target, binary and 3-class labels,
    continuous weights and held-out rows."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 5))
    y = 2 * X[:, 0] + np.sin(3 * X[:, 1]) + X[:, 2] * X[:, 3] + 0.3 * rng.normal(size=n)
    binary = (X[:, 0] + X[:, 1] ** 2 - 1 + 0.5 * rng.normal(size=n) > 0).astype(int)
    three = np.digitize(X[:, 0] + 0.5 * X[:, 1] ** 2 + 0.3 * rng.normal(size=n), [-0.3, 0.6])
    weight = rng.uniform(0.5, 2.0, n)
    return X, y, binary, np.array(["ant", "bee", "cat"])[three], weight, rng.normal(size=(200, 5))


X, Y, BINARY, THREE, WEIGHT, X_TEST = _data()

# (estimator kind, loss, target, sample weight); min_samples_leaf=5 throughout.
CASES = {
    "squared_error": ("R", "squared_error", Y, None),
    "squared_error-weighted": ("R", "squared_error", Y, WEIGHT),
    "absolute_error": ("R", "absolute_error", Y, WEIGHT),
    "huber": ("R", "huber", Y, None),
    "huber-weighted": ("R", "huber", Y, WEIGHT),
    "quantile": ("R", "quantile", Y, WEIGHT),
    "log_loss-binary": ("C", "log_loss", BINARY, WEIGHT),
    "log_loss-multinomial": ("C", "log_loss", THREE, WEIGHT),
    "exponential": ("C", "exponential", BINARY, WEIGHT),
}


def _pair(kind):
    if kind == "R":
        return GradientBoostingRegressor, ske.GradientBoostingRegressor
    return GradientBoostingClassifier, ske.GradientBoostingClassifier


def _same_trees(ours, theirs, rtol=1e-10, atol=1e-12):
    """Every tree predicts the same values on the training and held-out rows and has the
    same node arrays, unless one of the two split a node of zero impurity (constant
    gradients) that the other kept as a leaf: that split is decided by the rounding of the
    impurity (about +-1e-16, which depends on the order the node's samples are summed in)
    and gives both children the parent's value. Most trees must match node for node."""
    assert ours.estimators_.shape == theirs.estimators_.shape
    rows = np.vstack([X, X_TEST]).astype(np.float32)
    compared = 0
    for a, b in zip(ours.estimators_.ravel(), theirs.estimators_.ravel()):
        np.testing.assert_allclose(a.predict(rows), b.predict(rows), rtol=rtol, atol=atol)
        ta, tb = a.tree_, b.tree_
        if ta.node_count != tb.node_count:
            assert min(np.abs(ta.impurity).min(), np.abs(tb.impurity).min()) < 1e-12
            continue
        compared += 1
        for name in ("children_left", "children_right", "feature", "n_node_samples"):
            np.testing.assert_array_equal(getattr(ta, name), getattr(tb, name), err_msg=name)
        for name in ("threshold", "impurity", "weighted_n_node_samples", "value"):
            np.testing.assert_allclose(getattr(ta, name), getattr(tb, name), rtol=rtol,
                                       atol=atol, err_msg=name)
    assert compared >= 0.75 * ours.estimators_.size, (compared, ours.estimators_.size)


def _untied(make, X, y, sample_weight=None, seeds=(0, 1, 2, 3)):
    """scikit-learn's ensemble, checked to be the same for several seeds (no tied splits)."""
    fitted = [make(random_state=s).fit(X, y, sample_weight=sample_weight) for s in seeds]
    for other in fitted[1:]:
        try:
            _same_trees(other, fitted[0])
        except AssertionError as error:
            raise AssertionError("scikit-learn's ensemble depends on random_state here (tied "
                                 "splits): the test data must change") from error
    return fitted[0]


def _close(a, b, rtol=1e-10, atol=1e-10):
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


def _same_outputs(ours, theirs, X):
    if hasattr(theirs, "predict_proba"):
        np.testing.assert_array_equal(ours.classes_, theirs.classes_)
        _close(ours.decision_function(X), theirs.decision_function(X))
        _close(ours.predict_proba(X), theirs.predict_proba(X))
        np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
        staged = zip(ours.staged_decision_function(X), theirs.staged_decision_function(X),
                     ours.staged_predict_proba(X), theirs.staged_predict_proba(X),
                     ours.staged_predict(X), theirs.staged_predict(X))
        for d1, d2, p1, p2, l1, l2 in staged:
            _close(d1, d2)
            _close(p1, p2)
            np.testing.assert_array_equal(l1, l2)
    else:
        _close(ours.predict(X), theirs.predict(X))
        for a, b in zip(ours.staged_predict(X), theirs.staged_predict(X), strict=True):
            _close(a, b)
    same = [a.tree_.node_count == b.tree_.node_count
            for a, b in zip(ours.estimators_.ravel(), theirs.estimators_.ravel())]
    leaves = [model.apply(X).reshape(len(X), -1)[:, same] for model in (ours, theirs)]
    np.testing.assert_array_equal(*leaves)


@pytest.mark.parametrize("case", sorted(CASES))
def test_equals_scikit_learn(case):
    kind, loss, y, weight = CASES[case]
    ours_cls, theirs_cls = _pair(kind)
    params = dict(loss=loss, n_estimators=25, min_samples_leaf=5)
    theirs = _untied(lambda **kw: theirs_cls(**params, **kw), X, y, weight)
    ours = ours_cls(**params, random_state=0).fit(X, y, sample_weight=weight)
    _same_trees(ours, theirs)
    assert all(isinstance(member, DecisionTreeRegressor) for member in ours.estimators_.ravel())
    assert ours.n_estimators_ == theirs.n_estimators_ == 25
    assert ours.n_trees_per_iteration_ == theirs.n_trees_per_iteration_
    _close(ours.train_score_, theirs.train_score_)
    _close(ours.feature_importances_, theirs.feature_importances_)
    assert type(ours.init_).__name__ == type(theirs.init_).__name__
    _same_outputs(ours, theirs, X_TEST)
    assert ours.max_features_ == theirs.max_features_ == 5


@pytest.mark.parametrize("case", ["squared_error-weighted", "huber-weighted",
                                  "log_loss-binary", "log_loss-multinomial"])
def test_subsample_and_out_of_bag_scores_equal_scikit_learn(case):
    kind, loss, y, weight = CASES[case]
    ours_cls, theirs_cls = _pair(kind)
    # The seed also draws the in-bag rows, so untied data cannot be checked by changing it;
    # this seed draws no tied split in these four cases (random_state 0, 1 and 3 draw, in the
    # binary case, small nodes where two features cut off the same samples: which one wins is
    # decided by the rounding of the sums, whose order differs between the two libraries).
    params = dict(loss=loss, n_estimators=20, min_samples_leaf=5, subsample=0.7, random_state=2)
    theirs = theirs_cls(**params).fit(X, y, sample_weight=weight)
    ours = ours_cls(**params).fit(X, y, sample_weight=weight)
    _same_trees(ours, theirs)  # same in-bag rows each stage: the same draws
    for name in ("train_score_", "oob_improvement_", "oob_scores_"):
        _close(getattr(ours, name), getattr(theirs, name))
    _close(ours.oob_score_, theirs.oob_score_)
    assert ours.oob_score_ == ours.oob_scores_[-1]
    _same_outputs(ours, theirs, X_TEST)


def test_no_out_of_bag_attributes_without_subsampling():
    model = GradientBoostingRegressor(n_estimators=3).fit(X, Y)
    assert not hasattr(model, "oob_improvement_") and not hasattr(model, "oob_score_")


@pytest.mark.parametrize("kind, y", [("R", Y), ("C", BINARY), ("C", THREE)])
def test_early_stopping_stops_where_scikit_learn_does(kind, y):
    ours_cls, theirs_cls = _pair(kind)
    params = dict(n_estimators=500, n_iter_no_change=4, validation_fraction=0.2, tol=1e-3,
                  min_samples_leaf=5, learning_rate=0.3, random_state=1)
    theirs = theirs_cls(**params).fit(X, y, sample_weight=WEIGHT)
    ours = ours_cls(**params).fit(X, y, sample_weight=WEIGHT)
    assert ours.n_estimators_ == theirs.n_estimators_ < 500
    assert ours.estimators_.shape[0] == ours.train_score_.shape[0] == ours.n_estimators_
    _same_trees(ours, theirs)
    _same_outputs(ours, theirs, X_TEST)


def test_monitor_stops_boosting_like_scikit_learn():
    def stop_after_seven(i, model, local_variables):
        return i == 6

    params = dict(n_estimators=50, subsample=0.5, min_samples_leaf=5, random_state=0)
    ours = GradientBoostingRegressor(**params).fit(X, Y, WEIGHT, monitor=stop_after_seven)
    theirs = ske.GradientBoostingRegressor(**params).fit(X, Y, WEIGHT, monitor=stop_after_seven)
    assert ours.n_estimators_ == theirs.n_estimators_ == 7
    _close(ours.oob_scores_, theirs.oob_scores_)


@pytest.mark.parametrize("subsample", [1.0, 0.6])
def test_warm_start_equals_one_fit(subsample):
    params = dict(n_estimators=8, subsample=subsample, min_samples_leaf=5, random_state=0)
    ours = GradientBoostingClassifier(warm_start=True, **params).fit(X, THREE, WEIGHT)
    ours.set_params(n_estimators=15).fit(X, THREE, WEIGHT)
    one = GradientBoostingClassifier(**{**params, "n_estimators": 15}).fit(X, THREE, WEIGHT)
    _same_trees(ours, one, rtol=0, atol=0)
    np.testing.assert_array_equal(ours.train_score_, one.train_score_)
    np.testing.assert_array_equal(ours.predict_proba(X_TEST), one.predict_proba(X_TEST))
    theirs = ske.GradientBoostingClassifier(warm_start=True, **params).fit(X, THREE, WEIGHT)
    theirs.set_params(n_estimators=15).fit(X, THREE, WEIGHT)
    _same_trees(ours, theirs)
    ours.fit(X, THREE, WEIGHT)  # same n_estimators: nothing to add
    assert ours.n_estimators_ == 15 and ours.estimators_.shape == (15, 3)
    with pytest.raises(ValueError, match="n_estimators=10 must be larger or equal to "
                                         r"estimators_.shape\[0\]=15 when warm_start==True"):
        ours.set_params(n_estimators=10).fit(X, THREE, WEIGHT)
    cold = ours.set_params(warm_start=False, n_estimators=4).fit(X, THREE, WEIGHT)
    assert cold.estimators_.shape == (4, 3)


def test_homl_manual_early_stopping_loop():
    """HOML ch7: grow one tree at a time with warm_start and stop after five validation
    errors in a row above the best; ember stops at scikit-learn's stage."""
    rng = np.random.RandomState(42)
    Xq = rng.rand(200, 1) - 0.5
    yq = 3 * Xq[:, 0] ** 2 + 0.05 * rng.randn(200)
    X_train, y_train, X_val, y_val = Xq[:150], yq[:150], Xq[150:], yq[150:]
    stops = []
    for make in (GradientBoostingRegressor, ske.GradientBoostingRegressor):
        gbrt = make(max_depth=2, warm_start=True)
        best, up = float("inf"), 0
        for n_estimators in range(1, 120):
            gbrt.n_estimators = n_estimators
            gbrt.fit(X_train, y_train)
            error = np.mean((gbrt.predict(X_val) - y_val) ** 2)
            if error < best:
                best, up = error, 0
            else:
                up += 1
                if up == 5:
                    break
        stops.append((gbrt.n_estimators, best))
    assert stops[0][0] == stops[1][0] < 119
    _close(stops[0][1], stops[1][1])


@pytest.mark.parametrize("kind, init", [
    ("R", "zero"), ("R", "linear"), ("C", "zero"), ("C", "logistic"), ("C3", "logistic")])
def test_init_estimators_equal_scikit_learn(kind, init):
    y = {"R": Y, "C": BINARY, "C3": THREE}[kind]
    ours_cls, theirs_cls = _pair(kind[0])

    def make_init():
        if init == "zero":
            return "zero"
        return LinearRegression() if init == "linear" else LogisticRegression()

    params = dict(n_estimators=10, min_samples_leaf=5, max_depth=2)
    theirs = _untied(lambda **kw: theirs_cls(init=make_init(), **params, **kw), X, y)
    ours = ours_cls(init=make_init(), random_state=0, **params).fit(X, y)
    _same_trees(ours, theirs)
    _same_outputs(ours, theirs, X_TEST)
    if init != "zero":
        assert ours.init_ is not ours.init and not hasattr(ours.init, "coef_")  # a fitted clone


def test_init_without_sample_weight_support():
    from ember.learn.neighbors import KNeighborsRegressor

    model = GradientBoostingRegressor(init=KNeighborsRegressor(), n_estimators=2)
    with pytest.raises(ValueError, match="The initial estimator KNeighborsRegressor does not "
                                         "support sample weights."):
        model.fit(X, Y, sample_weight=WEIGHT)
    model.fit(X, Y)  # without weights it is fine


def test_tree_parameters_equal_scikit_learn():
    params = dict(n_estimators=10, max_depth=None, max_leaf_nodes=6, min_samples_split=12,
                  min_samples_leaf=0.02, min_weight_fraction_leaf=0.02,
                  min_impurity_decrease=0.001, ccp_alpha=0.002)
    theirs = _untied(lambda **kw: ske.GradientBoostingRegressor(**params, **kw), X, Y, WEIGHT)
    ours = GradientBoostingRegressor(**params, random_state=0).fit(X, Y, sample_weight=WEIGHT)
    _same_trees(ours, theirs)
    _same_outputs(ours, theirs, X_TEST)
    member = ours.estimators_[0, 0]
    assert member.get_params()["max_leaf_nodes"] == 6 and member.criterion == "squared_error"
    _close(member.predict(X_TEST), theirs.estimators_[0, 0].predict(X_TEST))


def test_deep_trees_use_the_node_walk():
    theirs = ske.GradientBoostingRegressor(n_estimators=5, max_depth=None, min_samples_leaf=2,
                                           random_state=0).fit(X, Y)
    ours = GradientBoostingRegressor(n_estimators=5, max_depth=None, min_samples_leaf=2,
                                     random_state=0).fit(X, Y)
    assert ours._packed.depth > ours._packed.COMPLETE_MAX_DEPTH and ours._packed.complete is None
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-10)
    np.testing.assert_allclose(ours.predict(X), ours._raw_predict(X.astype(np.float32)).ravel())
    leaves = ours.apply(X_TEST)
    for t, member in enumerate(ours.estimators_[:, 0]):
        np.testing.assert_array_equal(leaves[:, t], member.apply(X_TEST.astype(np.float32)))


@pytest.mark.parametrize("max_features", ["sqrt", 2, 0.5])
def test_random_feature_draws_score_like_scikit_learn(max_features):
    """Feature draws are not scikit-learn's (the trees differ), so the held-out scores of
    several seeds are compared: within 0.5 percentage points / 0.005 R2."""
    Xc, yc = make_classification(n_samples=3000, n_features=8, n_informative=5, random_state=0)
    Xr, yr, *_ = _data(n=3000, seed=1)
    splits = {"C": (Xc[:2000], yc[:2000], Xc[2000:], yc[2000:]),
              "R": (Xr[:2000], yr[:2000], Xr[2000:], yr[2000:])}
    for kind, score in (("C", accuracy_score), ("R", r2_score)):
        X_train, y_train, X_held, y_held = splits[kind]
        scores = []
        for cls in _pair(kind):
            scores.append(np.mean([
                score(y_held, cls(max_features=max_features, n_estimators=60, subsample=0.8,
                                  random_state=seed).fit(X_train, y_train).predict(X_held))
                for seed in range(4)]))
        assert abs(scores[0] - scores[1]) <= 0.005, (kind, scores)


def test_sparse_input_equals_dense():
    Xs = X.copy()
    Xs[np.abs(Xs) < 0.8] = 0.0
    dense = GradientBoostingClassifier(n_estimators=10, random_state=0).fit(Xs, THREE)
    for fmt in ("csr", "csc", "coo"):
        sparse = GradientBoostingClassifier(n_estimators=10, random_state=0).fit(
            sp.csr_matrix(Xs).asformat(fmt), THREE)
        _same_trees(sparse, dense, rtol=0, atol=0)
        np.testing.assert_array_equal(sparse.predict_proba(sp.csr_matrix(X_TEST)),
                                      dense.predict_proba(X_TEST))


def test_verbose_prints_scikit_learn_table():
    outputs = []
    for cls in (GradientBoostingRegressor, ske.GradientBoostingRegressor):
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            cls(n_estimators=30, subsample=0.8, min_samples_leaf=5, verbose=1,
                random_state=0).fit(X, Y, sample_weight=WEIGHT)
        outputs.append(buffer.getvalue().splitlines())
    ours, theirs = outputs
    assert ours[0] == theirs[0]  # header
    assert len(ours) == len(theirs) == 1 + 10 + 2  # stages 1-10, 20, 30
    for a, b in zip(ours[1:], theirs[1:]):
        assert a.split()[:3] == b.split()[:3]  # iteration, train loss, OOB improvement


def test_errors_match_scikit_learn():
    for ours_make, theirs_make, data in [
        (lambda: GradientBoostingClassifier(loss="exponential"),
         lambda: ske.GradientBoostingClassifier(loss="exponential"), (X, THREE)),
        (lambda: GradientBoostingClassifier(n_estimators=0),
         lambda: ske.GradientBoostingClassifier(n_estimators=0), (X, BINARY)),
        (lambda: GradientBoostingRegressor(loss="log_loss"),
         lambda: ske.GradientBoostingRegressor(loss="log_loss"), (X, Y)),
        (lambda: GradientBoostingRegressor(alpha=1.0),
         lambda: ske.GradientBoostingRegressor(alpha=1.0), (X, Y)),
        (lambda: GradientBoostingRegressor(subsample=0.0),
         lambda: ske.GradientBoostingRegressor(subsample=0.0), (X, Y)),
    ]:
        assert_same_error(lambda: ours_make().fit(*data), lambda: theirs_make().fit(*data),
                          prefix_only=True)
    weight = np.where(BINARY == 1, 0.0, 1.0)
    assert_same_error(lambda: GradientBoostingClassifier().fit(X, BINARY, sample_weight=weight),
                      lambda: ske.GradientBoostingClassifier().fit(X, BINARY, sample_weight=weight))
    assert_same_error(lambda: GradientBoostingClassifier(init=LinearRegression()).fit(X, BINARY),
                      lambda: ske.GradientBoostingClassifier(init=LinearRegression()).fit(X, BINARY))
    with pytest.raises(NotFittedError):
        GradientBoostingRegressor().predict(X)
    with pytest.warns(FutureWarning, match="The parameter `criterion` is deprecated"):
        GradientBoostingRegressor(criterion="friedman_mse", n_estimators=2).fit(X, Y)


def test_feature_importances_without_any_split():
    model = GradientBoostingRegressor(n_estimators=3).fit(X, np.ones(N))
    np.testing.assert_array_equal(model.feature_importances_, np.zeros(5))
    assert all(m.tree_.node_count == 1 for m in model.estimators_.ravel())


@pytest.mark.parametrize("make", [
    lambda: GradientBoostingClassifier(n_estimators=5),
    lambda: GradientBoostingRegressor(n_estimators=5),
    lambda: GradientBoostingClassifier(n_estimators=5, subsample=0.7, max_features="sqrt"),
    lambda: GradientBoostingRegressor(n_estimators=20, loss="huber", learning_rate=0.3,
                                      n_iter_no_change=2),
])
def test_check_estimator(make):
    reason = ("sample_weight is not equivalent to removing/repeating samples (scikit-learn "
              "lists the same expected failure for its gradient boosting)")
    run_check_estimator(make(), expected_failed_checks={
        "check_sample_weight_equivalence_on_dense_data": reason,
        "check_sample_weight_equivalence_on_sparse_data": reason})


def test_pickle_and_learn_io_roundtrips(tmp_path):
    models = [
        GradientBoostingClassifier(n_estimators=6, subsample=0.8, random_state=0).fit(X, THREE),
        GradientBoostingClassifier(n_estimators=4, init="zero", loss="exponential").fit(X, BINARY),
        GradientBoostingRegressor(n_estimators=5, loss="huber", warm_start=True).fit(X, Y),
        GradientBoostingRegressor(n_estimators=3, max_depth=None, init=LinearRegression()).fit(X, Y),
    ]
    for i, model in enumerate(models):
        for loaded in (pickle.loads(pickle.dumps(model)),
                       learn_io.load(learn_io.dump(model, tmp_path / f"{i}.ember"))):
            assert type(loaded) is type(model) and repr(loaded) == repr(model)
            np.testing.assert_array_equal(loaded.predict(X_TEST), model.predict(X_TEST))
            np.testing.assert_array_equal(loaded.apply(X_TEST), model.apply(X_TEST))
            np.testing.assert_array_equal(loaded.train_score_, model.train_score_)
            np.testing.assert_array_equal(loaded.feature_importances_, model.feature_importances_)
    warm = learn_io.load(learn_io.dump(models[2], tmp_path / "warm.ember"))
    warm.set_params(n_estimators=8).fit(X, Y)  # the generator state came back too
    one = GradientBoostingRegressor(n_estimators=8, loss="huber").fit(X, Y)
    np.testing.assert_array_equal(warm.predict(X_TEST), one.predict(X_TEST))


def test_docstring_examples():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert doctest.testmod(_gradient_boosting, raise_on_error=False).failed == 0
