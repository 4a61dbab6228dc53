"""TransformedTargetRegressor against scikit-learn's, and check_estimator."""

import doctest

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import compose as sk_compose  # noqa: E402
from sklearn.base import is_regressor as sk_is_regressor  # noqa: E402
from sklearn.linear_model import LinearRegression, Ridge  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.preprocessing import QuantileTransformer, StandardScaler  # noqa: E402

from ember.learn.compose import TransformedTargetRegressor, _target  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.pipeline import make_pipeline  # noqa: E402


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((80, 3))
    y = np.exp(X @ [0.5, -0.3, 0.2] + 0.1 * rng.standard_normal(80) + 2)
    return X, y


def test_check_estimator():
    run_check_estimator(TransformedTargetRegressor(regressor=LinearRegression()))
    run_check_estimator(TransformedTargetRegressor(regressor=Ridge(), func=np.arcsinh, inverse_func=np.sinh))


@pytest.mark.parametrize("kwargs", [
    {"func": np.log, "inverse_func": np.exp},
    {"transformer": StandardScaler()},
    {},
], ids=["functions", "transformer", "identity"])
def test_matches_sklearn(data, kwargs):
    X, y = data
    ours = TransformedTargetRegressor(Ridge(alpha=0.5), **kwargs).fit(X, y)
    theirs = sk_compose.TransformedTargetRegressor(Ridge(alpha=0.5), **kwargs).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)
    np.testing.assert_allclose(ours.regressor_.coef_, theirs.regressor_.coef_, rtol=1e-12)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), rel=1e-12)
    assert ours.n_features_in_ == 3 and ours.predict(X).shape == (80,)
    assert ours.regressor is not ours.regressor_


def test_two_dimensional_target_and_fit_params(data):
    X, y = data
    Y = np.column_stack([y, 2 * y])
    ours = TransformedTargetRegressor(LinearRegression(), transformer=StandardScaler()).fit(X, Y)
    theirs = sk_compose.TransformedTargetRegressor(LinearRegression(), transformer=StandardScaler()).fit(X, Y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)
    weights = np.linspace(0.1, 1, 80)
    ours.fit(X, y, sample_weight=weights)
    theirs.fit(X, y, sample_weight=weights)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)


def test_inverse_check_warns_and_argument_errors(data):
    X, y = data
    with pytest.warns(UserWarning, match="not strictly inverse of each other"):
        TransformedTargetRegressor(LinearRegression(), func=np.log, inverse_func=np.sqrt).fit(X, y)
    TransformedTargetRegressor(LinearRegression(), func=np.log, inverse_func=np.sqrt, check_inverse=False).fit(X, y)
    with pytest.raises(ValueError, match="'transformer' and functions 'func'/'inverse_func' cannot both be set"):
        TransformedTargetRegressor(LinearRegression(), transformer=StandardScaler(), func=np.log).fit(X, y)
    with pytest.raises(ValueError, match="When 'func' is provided, 'inverse_func' must also be provided"):
        TransformedTargetRegressor(LinearRegression(), func=np.log).fit(X, y)
    with pytest.raises(ValueError, match="requires y to be passed"):
        TransformedTargetRegressor(LinearRegression()).fit(X, None)
    with pytest.raises(ValueError, match="'check_inverse' parameter of TransformedTargetRegressor"):
        TransformedTargetRegressor(LinearRegression(), check_inverse="yes").fit(X, y)
    with pytest.raises(NotFittedError):
        TransformedTargetRegressor(LinearRegression()).predict(X)
    with pytest.raises(AttributeError, match="has no n_features_in_"):
        TransformedTargetRegressor(LinearRegression()).n_features_in_


def test_feature_names_tags_and_grid_search(data):
    pd = pytest.importorskip("pandas")
    X, y = data
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    model = TransformedTargetRegressor(make_pipeline(StandardScaler(), Ridge()), transformer=QuantileTransformer(n_quantiles=20))
    model.fit(frame, y)
    assert list(model.feature_names_in_) == ["a", "b", "c"] and sk_is_regressor(model)
    search = GridSearchCV(TransformedTargetRegressor(Ridge(), func=np.log, inverse_func=np.exp),
                          {"regressor__alpha": [0.01, 100.0]}, cv=3).fit(X, y)
    reference = GridSearchCV(sk_compose.TransformedTargetRegressor(Ridge(), func=np.log, inverse_func=np.exp),
                             {"regressor__alpha": [0.01, 100.0]}, cv=3).fit(X, y)
    np.testing.assert_allclose(search.cv_results_["mean_test_score"], reference.cv_results_["mean_test_score"], rtol=1e-12)


def test_docstring_examples_run():
    assert doctest.testmod(_target, optionflags=doctest.ELLIPSIS).failed == 0


def test_default_regressor_is_embers_linear_regression(data):
    linear_model = pytest.importorskip("ember.learn.linear_model")
    if not hasattr(linear_model, "LinearRegression"):
        pytest.skip("ember.learn.linear_model has no LinearRegression yet")
    X, y = data
    ours = TransformedTargetRegressor(func=np.log, inverse_func=np.exp).fit(X, y)
    theirs = sk_compose.TransformedTargetRegressor(func=np.log, inverse_func=np.exp).fit(X, y)
    assert type(ours.regressor_) is linear_model.LinearRegression
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-10)
    run_check_estimator(TransformedTargetRegressor())
