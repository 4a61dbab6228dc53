"""FeatureUnion and make_union against scikit-learn's."""

import doctest

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import scipy.sparse as sp  # noqa: E402
from sklearn import pipeline as sk_pipeline  # noqa: E402
from sklearn.base import clone as sk_clone  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402
from sklearn.decomposition import PCA, TruncatedSVD  # noqa: E402
from sklearn.feature_selection import SelectKBest  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

from ember.learn.base import clone  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402
from ember.learn.pipeline import FeatureUnion, _union, make_pipeline, make_union  # noqa: E402


@pytest.fixture(scope="module")
def iris():
    return load_iris(return_X_y=True)


def test_union_matches_sklearn_with_weights_drop_and_passthrough(iris):
    X, y = iris
    spec = lambda: [("pca", PCA(n_components=2)), ("best", SelectKBest(k=1)), ("gone", "drop"),  # noqa: E731
                    ("raw", "passthrough")]
    weights = {"pca": 10.0, "raw": 0.5}
    ours = FeatureUnion(spec(), transformer_weights=weights)
    theirs = sk_pipeline.FeatureUnion(spec(), transformer_weights=weights)
    np.testing.assert_allclose(ours.fit_transform(X, y), theirs.fit_transform(X, y), rtol=1e-12)
    np.testing.assert_allclose(ours.transform(X[:7]), theirs.transform(X[:7]), rtol=1e-12)
    np.testing.assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())
    assert list(ours.get_feature_names_out()[:3]) == ["pca__pca0", "pca__pca1", "best__x2"]
    assert ours.n_features_in_ == 4 and ours["pca"] is ours.named_transformers.pca
    assert ours.transformer_list[2] == ("gone", "drop")
    with pytest.raises(KeyError, match="Only string keys"):
        ours[0]


def test_make_union_names_and_sparse_output():
    X = np.array([["a", "x"], ["b", "y"], ["a", "y"]], dtype=object)
    ours = make_union(OneHotEncoder(), OneHotEncoder(drop="first"))
    assert [n for n, _ in ours.transformer_list] == ["onehotencoder-1", "onehotencoder-2"]
    out = ours.fit_transform(X)
    assert sp.issparse(out) and out.format == "csr"
    ref = sk_pipeline.make_union(OneHotEncoder(), OneHotEncoder(drop="first")).fit_transform(X)
    np.testing.assert_array_equal(out.toarray(), ref.toarray())
    assert list(make_union(PCA(), TruncatedSVD()).get_params(deep=False)) == sorted(
        sk_pipeline.make_union(PCA(), TruncatedSVD()).get_params(deep=False))


def test_verbose_feature_names_out_false_requires_unique_names(iris):
    X, _ = iris
    union = FeatureUnion([("a", StandardScaler()), ("p", PCA(n_components=1))], verbose_feature_names_out=False)
    assert list(union.fit(X).get_feature_names_out()) == ["x0", "x1", "x2", "x3", "pca0"]
    twice = FeatureUnion([("a", StandardScaler()), ("b", StandardScaler())], verbose_feature_names_out=False)
    with pytest.raises(ValueError, match=r"Output feature names: \['x0', 'x1', 'x2', 'x3'\] are not unique"):
        twice.fit(X).get_feature_names_out()


def test_params_clone_set_params_and_grid_search(iris):
    X, y = iris
    ours = FeatureUnion([("pca", PCA()), ("best", SelectKBest())])
    theirs = sk_pipeline.FeatureUnion([("pca", PCA()), ("best", SelectKBest())])
    assert set(ours.get_params()) == set(theirs.get_params())
    ours.set_params(pca__n_components=1, best="drop")
    assert ours.transformer_list[0][1].n_components == 1 and ours.transformer_list[1] == ("best", "drop")
    assert clone(ours).transformer_list[0][1] is not ours.transformer_list[0][1]
    assert sk_clone(ours).get_params()["pca__n_components"] == 1
    grid = {"features__pca__n_components": [1, 2], "features__best__k": [1, 2]}
    make = lambda union: sk_pipeline.Pipeline([("features", union), ("svc", SVC())])  # noqa: E731
    a = GridSearchCV(make(FeatureUnion([("pca", PCA()), ("best", SelectKBest())])), grid, cv=3).fit(X, y)
    b = GridSearchCV(make(sk_pipeline.FeatureUnion([("pca", PCA()), ("best", SelectKBest())])), grid, cv=3).fit(X, y)
    np.testing.assert_allclose(a.cv_results_["mean_test_score"], b.cv_results_["mean_test_score"])


def test_n_jobs_gives_the_same_result(iris):
    X, y = iris
    serial = FeatureUnion([("pca", PCA(n_components=2)), ("s", StandardScaler())]).fit_transform(X)
    joblib = pytest.importorskip("joblib")
    with joblib.parallel_config(backend="threading"):  # threads: no worker start-up in the test
        parallel = FeatureUnion([("pca", PCA(n_components=2)), ("s", StandardScaler())], n_jobs=2).fit_transform(X)
    np.testing.assert_allclose(parallel, serial)


def test_set_output_pandas(iris):
    pd = pytest.importorskip("pandas")
    X, _ = iris
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"], index=np.arange(150) + 100)
    ours = FeatureUnion([("s", StandardScaler()), ("p", PCA(n_components=1))]).set_output(transform="pandas")
    theirs = sk_pipeline.FeatureUnion([("s", StandardScaler()), ("p", PCA(n_components=1))]).set_output(transform="pandas")
    pd.testing.assert_frame_equal(ours.fit_transform(frame), theirs.fit_transform(frame))
    out = ours.transform(frame)
    assert list(out.columns) == ["s__a", "s__b", "s__c", "s__d", "p__pca0"] and out.index[0] == 100


def test_errors(iris):
    X, y = iris
    with pytest.raises(NotFittedError):
        FeatureUnion([("p", PCA())]).transform(X)
    with pytest.raises(TypeError, match="All estimators should implement fit and transform"):
        FeatureUnion([("svc", SVC())]).fit(X, y)
    with pytest.raises(ValueError, match='Attempting to weight transformer "nope"'):
        FeatureUnion([("p", PCA())], transformer_weights={"nope": 1}).fit(X)
    with pytest.raises(ValueError, match="'n_jobs' parameter of FeatureUnion"):
        FeatureUnion([("p", PCA())], n_jobs="two").fit(X)
    assert FeatureUnion([("d", "drop")]).fit(X).transform(X).shape == (150, 0)


def test_union_inside_ember_pipeline(iris):
    X, y = iris
    ours = make_pipeline(make_union(PCA(n_components=2), StandardScaler()), SVC()).fit(X, y)
    theirs = sk_pipeline.make_pipeline(sk_pipeline.make_union(PCA(n_components=2), StandardScaler()), SVC()).fit(X, y)
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X), rtol=1e-10)


def test_docstring_examples_run():
    assert doctest.testmod(_union, optionflags=doctest.ELLIPSIS).failed == 0
