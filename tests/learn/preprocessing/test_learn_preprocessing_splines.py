"""SplineTransformer against scikit-learn: knots, extrapolations, bias, sparse output, missing values."""

import itertools

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.preprocessing as sk  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

import ember.learn.preprocessing as em  # noqa: E402

RNG = np.random.default_rng(0)
X = np.c_[RNG.standard_normal(100), RNG.exponential(size=100), RNG.random(100) * 10]
X_OUTSIDE = np.r_[X, [[-5, -1, 20], [6, 30, -3]]]
WEIGHT = RNG.random(100)


def assert_same_output(ours, theirs, data):
    result, expected = ours.transform(data), theirs.transform(data)
    assert type(result) is type(expected) and result.dtype == expected.dtype and result.shape == expected.shape
    if sp.issparse(expected):
        result, expected = result.toarray(), expected.toarray()
    np.testing.assert_allclose(result, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("n_knots, degree, knots, extrapolation", list(itertools.product(
    [2, 5], [1, 3], ["uniform", "quantile"], ["error", "constant", "linear", "continue", "periodic"])))
@pytest.mark.parametrize("include_bias, sparse_output, weighted", [(True, False, False), (False, True, True)])
def test_spline_transformer_matches_sklearn(n_knots, degree, knots, extrapolation, include_bias, sparse_output, weighted):
    options = dict(n_knots=n_knots, degree=degree, knots=knots, extrapolation=extrapolation,
                   include_bias=include_bias, sparse_output=sparse_output)
    # scikit-learn 1.9 raises the degree for linear extrapolation with degree 1 and keeps it
    # for the following features; compare those on one feature
    data = X[:, :1] if (extrapolation == "linear" and degree == 1) else X
    weight = WEIGHT if weighted else None
    if extrapolation == "periodic" and n_knots <= degree:
        for module in (em, sk):
            with pytest.raises(ValueError, match="Periodic splines require degree < n_knots"):
                module.SplineTransformer(**options).fit(data, sample_weight=weight)
        return
    ours = em.SplineTransformer(**options).fit(data, sample_weight=weight)
    theirs = sk.SplineTransformer(**options).fit(data, sample_weight=weight)
    assert ours.n_features_out_ == theirs.n_features_out_
    assert ours.get_feature_names_out().tolist() == theirs.get_feature_names_out().tolist()
    for a, b in zip(ours.bsplines_, theirs.bsplines_):
        np.testing.assert_allclose(a.t, b.t, rtol=1e-12)
        assert a.k == b.k and a.extrapolate == b.extrapolate
        np.testing.assert_array_equal(a.c, b.c)
    outside = data if extrapolation == "error" else X_OUTSIDE[:, :data.shape[1]]
    assert_same_output(ours, theirs, outside)


def test_spline_transformer_errors_missing_values_and_given_knots():
    with pytest.raises(ValueError, match="`X` contains values beyond the limits of the knots"):
        em.SplineTransformer(extrapolation="error").fit(X).transform(X_OUTSIDE)
    missing = X.copy()
    missing[::9, 1] = np.nan
    with pytest.raises(ValueError, match="handle_missing='error'"):
        em.SplineTransformer().fit(missing)
    for extrapolation in ("constant", "linear", "continue", "periodic"):
        options = dict(handle_missing="zeros", extrapolation=extrapolation)
        theirs = sk.SplineTransformer(**options).fit(missing)
        assert_same_output(em.SplineTransformer(**options).fit(missing), theirs, missing)
        # scikit-learn 1.9's sparse output leaves NaN rows of the second feature on nonzero
        # for "continue" and "periodic"; ember's sparse output equals the dense one
        sparse = em.SplineTransformer(sparse_output=True, **options).fit(missing).transform(missing)
        assert sp.issparse(sparse) and sparse.format == "csr"
        np.testing.assert_allclose(sparse.toarray(), theirs.transform(missing), rtol=1e-10, atol=1e-12)
    knots = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 5.0], [3.0, 4.0, 10.0]])
    assert_same_output(em.SplineTransformer(knots=knots, degree=2).fit(X),
                       sk.SplineTransformer(knots=knots, degree=2).fit(X), X)
    for bad, message in [(knots[:1], r"Number of knots, knots.shape\[0\], must be >= 2"),
                         (knots[:, :2], r"knots.shape\[1\] == n_features is violated"),
                         (knots[::-1], "knots must be sorted without duplicates")]:
        with pytest.raises(ValueError, match=message):
            em.SplineTransformer(knots=bad).fit(X)


def test_spline_transformer_degree_zero_is_the_interval_indicator():
    ours = em.SplineTransformer(n_knots=4, degree=0).fit(X[:, :1])
    result = ours.transform(X_OUTSIDE[:, :1])
    assert result.shape == (102, 3)
    np.testing.assert_array_equal(result.sum(axis=1), 1)  # constant extrapolation: end intervals
    edges = ours.bsplines_[0].t
    np.testing.assert_array_equal(result[:100].argmax(axis=1),
                                  np.clip(np.searchsorted(edges, X[:, 0], side="right") - 1, 0, 2))


def test_spline_transformer_pandas_output_float32():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(X[:, :2], columns=["hour", "day"])
    out = em.SplineTransformer(n_knots=4).set_output(transform="pandas").fit_transform(frame)
    assert list(out.columns) == list(sk.SplineTransformer(n_knots=4).fit(frame).get_feature_names_out())
    assert out.columns[0] == "hour_sp_0"
    assert em.SplineTransformer().fit(X.astype(np.float32)).transform(X.astype(np.float32)).dtype == np.float32


@pytest.mark.parametrize("estimator, expected_failed", [
    (em.SplineTransformer(), None),
    (em.SplineTransformer(extrapolation="periodic", sparse_output=True, include_bias=False), None),
    (em.SplineTransformer(handle_missing="zeros", knots="quantile"), {
        "check_sample_weight_equivalence_on_dense_data":
            "unweighted quantile knots interpolate (np.nanpercentile), weighted ones take the "
            "inverted CDF, as in scikit-learn, which fails this check the same way",
    }),
], ids=repr)
def test_spline_transformer_passes_check_estimator(estimator, expected_failed):
    run_check_estimator(estimator, expected_failed_checks=expected_failed)


def test_docstring_examples():
    import doctest

    from ember.learn.preprocessing import _splines

    assert doctest.testmod(_splines, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0
