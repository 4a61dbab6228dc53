"""PolynomialFeatures and FunctionTransformer against scikit-learn."""

import itertools
import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
pd = pytest.importorskip("pandas")
import sklearn.preprocessing as sk  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

import ember.learn.preprocessing as em  # noqa: E402

RNG = np.random.default_rng(0)
X = RNG.standard_normal((30, 4))
X_SPARSE = sp.random(30, 4, density=0.4, format="csr", random_state=0)
DEGREES = [0, 1, 2, 3, (2, 3), (0, 2), (1, 1), (3, 3)]


@pytest.mark.parametrize("degree, interaction_only, include_bias, order",
                         list(itertools.product(DEGREES, [False, True], [True, False], ["C", "F"])))
def test_polynomial_features_match_sklearn(degree, interaction_only, include_bias, order):
    options = dict(degree=degree, interaction_only=interaction_only, include_bias=include_bias, order=order)
    if degree == 0 and not include_bias:
        for module in (em, sk):
            with pytest.raises(ValueError, match="Setting degree to zero and include_bias to False"):
                module.PolynomialFeatures(**options).fit(X)
        return
    ours, theirs = em.PolynomialFeatures(**options).fit(X), sk.PolynomialFeatures(**options).fit(X)
    result, expected = ours.transform(X), theirs.transform(X)
    assert result.shape == expected.shape and result.dtype == expected.dtype
    assert result.flags.f_contiguous == expected.flags.f_contiguous
    np.testing.assert_allclose(result, expected, rtol=1e-12)
    np.testing.assert_array_equal(ours.powers_, theirs.powers_)
    assert ours.n_output_features_ == theirs.n_output_features_
    assert ours.get_feature_names_out().tolist() == theirs.get_feature_names_out().tolist()
    for data in (X_SPARSE, X_SPARSE.tocsc(), X_SPARSE.astype(np.float32)):
        result, expected = ours.transform(data), theirs.transform(data)
        assert result.format == expected.format and result.dtype == expected.dtype
        np.testing.assert_allclose(result.toarray(), expected.toarray(), rtol=1e-6)


def test_polynomial_features_names_frames_float32_and_errors():
    frame = pd.DataFrame(X[:, :2], columns=["a", "b"])
    ours = em.PolynomialFeatures(3).set_output(transform="pandas").fit(frame)
    theirs = sk.PolynomialFeatures(3).fit(frame)
    out = ours.transform(frame)
    assert list(out.columns) == list(theirs.get_feature_names_out()) == [
        "1", "a", "b", "a^2", "a b", "b^2", "a^3", "a^2 b", "a b^2", "b^3"]
    np.testing.assert_allclose(out.to_numpy(), theirs.transform(frame), rtol=1e-12)
    assert em.PolynomialFeatures().fit(X).get_feature_names_out(["p", "q", "r", "s"]).tolist() == \
        sk.PolynomialFeatures().fit(X).get_feature_names_out(["p", "q", "r", "s"]).tolist()
    assert em.PolynomialFeatures().fit_transform(X.astype(np.float32)).dtype == np.float32
    assert em.PolynomialFeatures().fit_transform(np.arange(6).reshape(3, 2)).dtype == np.float64
    for degree, message in [((3, 2), r"degree=\(min_degree, max_degree\) must be non-negative integers"),
                            ((1, 2, 3), "degree must be a non-negative int or tuple")]:
        with pytest.raises(ValueError, match=message):
            em.PolynomialFeatures(degree).fit(X)
    with pytest.raises(ValueError, match="X has 3 features, but PolynomialFeatures is expecting 4"):
        em.PolynomialFeatures().fit(X).transform(X[:, :3])


def _ratio_names(transformer, input_features):
    return [f"{name}_ratio" for name in input_features]


def test_function_transformer_matches_sklearn():
    for options in [{}, {"func": np.log1p, "inverse_func": np.expm1}, {"func": np.round, "kw_args": {"decimals": 1}},
                    {"func": np.sinh, "inverse_func": np.arcsinh, "validate": True}]:
        data = np.abs(X)
        ours, theirs = em.FunctionTransformer(**options).fit(data), sk.FunctionTransformer(**options).fit(data)
        np.testing.assert_array_equal(ours.transform(data), theirs.transform(data))
        np.testing.assert_array_equal(ours.inverse_transform(data), theirs.inverse_transform(data))
        assert ours.n_features_in_ == theirs.n_features_in_ == 4
    inverse = {"inverse_func": np.round, "inv_kw_args": {"decimals": 0}}
    np.testing.assert_array_equal(em.FunctionTransformer(**inverse).inverse_transform(X),
                                  sk.FunctionTransformer(**inverse).inverse_transform(X))
    frame = pd.DataFrame(np.abs(X[:, :2]), columns=["rooms", "people"])
    out = em.FunctionTransformer(np.log).fit_transform(frame)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["rooms", "people"]
    pd.testing.assert_frame_equal(out, sk.FunctionTransformer(np.log).fit_transform(frame))


def test_function_transformer_feature_names_and_pandas_output():
    frame = pd.DataFrame(np.abs(X[:, :2]) + 1, columns=["rooms", "people"])
    for names in ("one-to-one", _ratio_names):
        ours = em.FunctionTransformer(np.log, feature_names_out=names).fit(frame)
        theirs = sk.FunctionTransformer(np.log, feature_names_out=names).fit(frame)
        assert ours.get_feature_names_out().tolist() == theirs.get_feature_names_out().tolist()
        ours = em.FunctionTransformer(np.log, feature_names_out=names, validate=True).set_output(transform="pandas")
        out = ours.fit_transform(frame)
        assert list(out.columns) == list(theirs.get_feature_names_out())
        np.testing.assert_allclose(out.to_numpy(), np.log(frame.to_numpy()))
    assert not hasattr(em.FunctionTransformer(), "get_feature_names_out")
    assert hasattr(em.FunctionTransformer(feature_names_out="one-to-one"), "get_feature_names_out")
    assert em.FunctionTransformer(feature_names_out="one-to-one").fit(X).get_feature_names_out().tolist() == \
        ["x0", "x1", "x2", "x3"]
    with pytest.warns(UserWarning, match="`func` should return a pandas DataFrame"):
        em.FunctionTransformer(lambda d: d.to_numpy()).set_output(transform="pandas").fit_transform(frame)
    renamed = em.FunctionTransformer(lambda d: d.rename(columns=str.upper), feature_names_out="one-to-one")
    with pytest.raises(ValueError, match="The output generated by `func` have different column names"):
        renamed.fit_transform(frame)


def test_function_transformer_check_inverse_and_sparse():
    with pytest.warns(UserWarning, match="The provided functions are not strictly inverse of each other"):
        em.FunctionTransformer(np.sqrt, inverse_func=np.log).fit(np.abs(X) + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        em.FunctionTransformer(np.sqrt, inverse_func=np.square).fit(np.abs(X))
        em.FunctionTransformer(np.sqrt, inverse_func=np.log, check_inverse=False).fit(np.abs(X) + 1)
    with pytest.raises(ValueError, match="'check_inverse' is only supported when all the elements in `X` is numerical"):
        em.FunctionTransformer(np.copy, inverse_func=np.copy).fit(np.array([["a"], ["b"]], dtype=object))
    with pytest.raises(TypeError, match="Sparse data was passed"):
        em.FunctionTransformer(validate=True).fit(X_SPARSE)
    out = em.FunctionTransformer(validate=True, accept_sparse=True).fit_transform(X_SPARSE)
    assert sp.issparse(out) and (out != X_SPARSE).nnz == 0


@pytest.mark.parametrize("estimator", [
    em.PolynomialFeatures(), em.PolynomialFeatures(degree=(2, 3), interaction_only=True),
    em.FunctionTransformer(), em.FunctionTransformer(validate=True),
    em.FunctionTransformer(np.negative, np.negative, feature_names_out="one-to-one"),
], ids=repr)
def test_polynomial_and_function_transformers_pass_check_estimator(estimator):
    run_check_estimator(estimator)


def test_docstring_examples():
    import doctest

    from ember.learn.preprocessing import _function_transformer, _polynomial

    for module in (_polynomial, _function_transformer):
        assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0
