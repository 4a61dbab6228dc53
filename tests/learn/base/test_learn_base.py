"""The estimator API: params, clone, repr, mixins, validation and scikit-learn's check_estimator."""

import doctest
import pickle
import warnings

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn import base, exceptions  # noqa: E402
from ember.learn.base import (  # noqa: E402
    BaseEstimator,
    ClassifierMixin,
    OneToOneFeatureMixin,
    RegressorMixin,
    TransformerMixin,
    clone,
    is_classifier,
    is_regressor,
)
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.utils import (  # noqa: E402
    check_array,
    check_is_fitted,
    check_random_state,
    check_X_y,
    type_of_target,
    unique_labels,
    validate_data,
)
from ember.learn.utils import _param_validation as param_validation  # noqa: E402
from ember.learn.utils import multiclass, validation  # noqa: E402


class MeanRegressor(RegressorMixin, BaseEstimator):
    """Predicts the (shrunk) training mean: the smallest honest estimator."""

    def __init__(self, shrinkage=0.0):
        self.shrinkage = shrinkage

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.regressor_tags.poor_score = True  # a constant cannot score R^2 > 0.5
        return tags

    def fit(self, X, y, sample_weight=None):
        X, y = validate_data(self, X, y, y_numeric=True)
        weight = validation._check_sample_weight(sample_weight, X)
        self.mean_ = (1 - self.shrinkage) * np.average(y, weights=weight)
        return self

    def predict(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return np.full(X.shape[0], self.mean_)


class NearestMeanClassifier(ClassifierMixin, BaseEstimator):
    def __init__(self, metric="euclidean"):
        self.metric = metric

    def fit(self, X, y):
        X, y = validate_data(self, X, y)
        multiclass.check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.centroids_ = np.stack([X[codes == k].mean(0) for k in range(len(self.classes_))])
        return self

    def predict(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        d = ((X[:, None, :] - self.centroids_[None]) ** 2).sum(-1)
        return self.classes_[d.argmin(1)]


class Centerer(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    def __init__(self, with_scale=False):
        self.with_scale = with_scale

    def fit(self, X, y=None):
        X = validate_data(self, X)
        self.mean_ = X.mean(0)
        self.scale_ = X.std(0) if self.with_scale else np.ones(X.shape[1])
        self.scale_[self.scale_ == 0] = 1
        return self

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        return (X - self.mean_) / self.scale_


@pytest.mark.parametrize("estimator", [MeanRegressor(), NearestMeanClassifier(), Centerer()],
                         ids=lambda e: type(e).__name__)
def test_minimal_estimators_on_the_base_api_pass_check_estimator(estimator):
    run_check_estimator(estimator)


def test_get_set_params_nested_and_errors():
    outer = MeanRegressor(shrinkage=NearestMeanClassifier(metric="l1"))
    assert outer.get_params() == {"shrinkage": outer.shrinkage, "shrinkage__metric": "l1"}
    outer.set_params(shrinkage__metric="l2")
    assert outer.shrinkage.metric == "l2"
    with pytest.raises(ValueError, match="Invalid parameter 'alpha' for estimator"):
        MeanRegressor().set_params(alpha=1)


def test_clone_gives_unfitted_copy_with_equal_but_new_nested_estimators():
    inner = NearestMeanClassifier(metric="l1")
    model = MeanRegressor(shrinkage=inner).fit if False else MeanRegressor(shrinkage=inner)
    model.mean_ = 3.0
    copy = clone(model)
    assert not hasattr(copy, "mean_")
    assert copy.shrinkage is not inner and copy.shrinkage.metric == "l1"
    assert clone([MeanRegressor(0.5)])[0].shrinkage == 0.5
    with pytest.raises(TypeError, match="does not seem to be a scikit-learn estimator"):
        clone(object())
    # scikit-learn's clone works on ours and ours on theirs
    from sklearn.base import clone as sk_clone
    from sklearn.linear_model import Ridge

    assert sk_clone(MeanRegressor(0.25)).shrinkage == 0.25
    assert clone(Ridge(alpha=3.0)).alpha == 3.0


def test_repr_shows_only_changed_parameters():
    assert repr(MeanRegressor()) == "MeanRegressor()"
    assert repr(MeanRegressor(shrinkage=0.5)) == "MeanRegressor(shrinkage=0.5)"
    from sklearn.linear_model import Ridge as SkRidge

    class Ridge(BaseEstimator):  # same parameters, same order of printing as scikit-learn's
        def __init__(self, alpha=1.0, *, solver="auto", fit_intercept=True):
            self.alpha, self.solver, self.fit_intercept = alpha, solver, fit_intercept

    assert repr(Ridge(solver="svd", fit_intercept=False, alpha=2.0)) == repr(
        SkRidge(solver="svd", fit_intercept=False, alpha=2.0))


def test_mixins_scores_match_sklearn_metrics():
    from sklearn.metrics import accuracy_score, r2_score

    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 3))
    y = X[:, 0] * 2 + rng.standard_normal(60)
    reg = MeanRegressor(shrinkage=0.3).fit(X, y)
    assert reg.score(X, y) == pytest.approx(r2_score(y, reg.predict(X)))
    labels = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0)
    clf = NearestMeanClassifier().fit(X, labels)
    assert clf.score(X, labels) == pytest.approx(accuracy_score(labels, clf.predict(X)))
    assert is_classifier(clf) and is_regressor(reg) and not is_classifier(reg)
    # a column-vector y is one output (not an (n, n) comparison)
    assert clf.score(X, labels[:, None]) == pytest.approx(clf.score(X, labels))


def test_set_output_pandas_and_feature_names():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [0.0, 1.0, 5.0]}, index=[10, 11, 12])
    out = Centerer().set_output(transform="pandas").fit_transform(frame)
    assert list(out.columns) == ["a", "b"] and list(out.index) == [10, 11, 12]
    np.testing.assert_allclose(out["b"], [-2.0, -1.0, 3.0])
    assert list(Centerer().fit(frame.to_numpy()).get_feature_names_out()) == ["x0", "x1"]
    fitted = Centerer().fit(frame)
    with pytest.raises(ValueError, match="Feature names must be in the same order"):
        fitted.transform(frame[["b", "a"]])
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        fitted.transform(frame.to_numpy())


def test_validation_messages():
    with pytest.raises(ValueError, match="Reshape your data"):
        check_array([1.0, 2.0])
    with pytest.raises(ValueError, match="Input X contains NaN"):
        check_array([[np.nan]], input_name="X")
    with pytest.raises(ValueError, match="inconsistent numbers of samples: \\[3, 2\\]"):
        check_X_y(np.ones((3, 1)), [1, 2])
    with pytest.raises(ValueError, match="0 feature\\(s\\)"):
        check_array(np.ones((3, 0)))
    model = MeanRegressor().fit(np.ones((4, 2)), [1.0, 2.0, 3.0, 4.0])
    with pytest.raises(ValueError, match="X has 3 features, but MeanRegressor is expecting 2"):
        model.predict(np.ones((2, 3)))
    with pytest.raises(NotFittedError, match="This MeanRegressor instance is not fitted yet"):
        MeanRegressor().predict(np.ones((1, 2)))
    assert check_random_state(3).randint(1000) == np.random.RandomState(3).randint(1000)


def test_type_of_target_agrees_with_sklearn():
    from sklearn.utils.multiclass import type_of_target as sk_type

    cases = [[0, 1, 1], [1, 2, 3], [0.5, 1.0], [[1, 0], [0, 1]], [[1, 2], [3, 1]],
             ["a", "b"], ["a", "b", "c"], [[0.5, 1.0], [1.0, 2.0]], [1.0, 2.0, 2.0]]
    for y in cases:
        assert type_of_target(y) == sk_type(y), y
    np.testing.assert_array_equal(unique_labels([3, 1], [2]), [1, 2, 3])


def test_pickle_round_trip_and_version_warning():
    model = MeanRegressor(0.1).fit(np.ones((3, 1)), [1.0, 2.0, 3.0])
    again = pickle.loads(pickle.dumps(model))
    assert again.mean_ == model.mean_

    class Packaged(MeanRegressor):  # as if defined inside ember (only those record versions)
        __module__ = "ember.learn.packaged"

    state = Packaged(0.1).__getstate__()
    assert "_ember_version" in state and "_ember_version" not in model.__getstate__()
    state["_ember_version"] = "0.0.0"
    fresh = Packaged.__new__(Packaged)
    with pytest.warns(exceptions.InconsistentVersionWarning, match="from version 0.0.0"):
        fresh.__setstate__(state)


def test_parameter_constraints_name_parameter_allowed_and_given():
    from numbers import Integral, Real

    from ember.learn.utils import Interval, InvalidParameterError, StrOptions

    class Model(BaseEstimator):
        _parameter_constraints = {
            "alpha": [Interval(Real, 0, None, closed="left")],
            "n_iter": [Interval(Integral, 1, None, closed="left"), None],
            "solver": [StrOptions({"lbfgs", "cd"})],
        }

        def __init__(self, alpha=1.0, n_iter=None, solver="cd"):
            self.alpha, self.n_iter, self.solver = alpha, n_iter, solver

    Model(alpha=0, n_iter=3)._validate_params()
    with pytest.raises(InvalidParameterError, match=r"'alpha' parameter of Model must be a float in the range \[0, inf\). Got -0.5"):
        Model(alpha=-0.5)._validate_params()
    with pytest.raises(ValueError, match=r"'n_iter' parameter of Model must be an int in the range \[1, inf\) or None. Got 1.5"):
        Model(n_iter=1.5)._validate_params()
    with pytest.raises(TypeError, match="'solver' parameter of Model must be a str among \\{'cd', 'lbfgs'\\}. Got 'sgd'"):
        Model(solver="sgd")._validate_params()


@pytest.mark.parametrize("module", [base, exceptions, validation, multiclass, param_validation])
def test_docstring_examples_run(module):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_array_like_constraint_rejects_strings_and_unique_labels_reads_sparse_indicators():
    import scipy.sparse as sp

    from ember.learn.utils._param_validation import _accepts

    assert _accepts("array-like", [1, 2]) and not _accepts("array-like", "first")
    indicator = sp.csr_matrix(np.array([[1, 0, 1], [0, 1, 0]]))
    np.testing.assert_array_equal(unique_labels(indicator), [0, 1, 2])
