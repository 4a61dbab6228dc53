"""AffinityPropagation against scikit-learn's: the same similarity matrix (to the bit),
the same noise draw, so the same exemplars, labels and iteration counts."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.cluster as skc  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402

from ember.learn.cluster import AffinityPropagation  # noqa: E402
from ember.learn.cluster._affinity_propagation import affinity_propagation  # noqa: E402
from ember.learn.exceptions import ConvergenceWarning  # noqa: E402
from ember.learn.utils import InvalidParameterError  # noqa: E402


def blobs(seed=0, n=200):
    X, _ = make_blobs(n_samples=n, centers=4, random_state=seed)
    return X


def fit_both(X, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", sklearn.exceptions.ConvergenceWarning)
        return AffinityPropagation(**params).fit(X), skc.AffinityPropagation(**params).fit(X)


def assert_same(ours, theirs):
    np.testing.assert_array_equal(ours.affinity_matrix_, theirs.affinity_matrix_)
    np.testing.assert_array_equal(ours.cluster_centers_indices_, theirs.cluster_centers_indices_)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.n_iter_ == theirs.n_iter_
    if hasattr(theirs, "cluster_centers_"):
        c = [m.toarray() if sp.issparse(m) else m
             for m in (ours.cluster_centers_, theirs.cluster_centers_)]
        np.testing.assert_array_equal(*c)


@pytest.mark.parametrize("params", [
    {"random_state": 0}, {"random_state": 1, "damping": 0.9},
    {"random_state": 2, "preference": -60},
    {"random_state": 0, "max_iter": 5}, {"random_state": 3, "convergence_iter": 3},
])
@pytest.mark.parametrize("kind", ["float64", "float32", "sparse"])
def test_fit_equals_scikit_learn(params, kind):
    X = blobs(1)
    X = X.astype(np.float32) if kind == "float32" else sp.csr_matrix(X) if kind == "sparse" else X
    ours, theirs = fit_both(X, **params)
    assert_same(ours, theirs)
    X_new = np.random.RandomState(0).uniform(-10, 10, size=(30, 2))
    np.testing.assert_array_equal(ours.predict(X_new), theirs.predict(X_new))


def test_precomputed_and_preferences():
    X = blobs(2, n=120)
    S = -np.abs(X[:, None] - X[None]).sum(-1)
    prefs = np.random.RandomState(0).uniform(-40, -5, size=len(X))
    for preference in (None, prefs):
        ours, theirs = fit_both(S, affinity="precomputed", preference=preference, random_state=4)
        assert_same(ours, theirs)
    S_copy = S.copy()
    ours = AffinityPropagation(affinity="precomputed", copy=False, random_state=0).fit(S_copy)
    assert ours.affinity_matrix_ is S_copy
    for a, b in zip(affinity_propagation(S, return_n_iter=True, random_state=5),
                    skc.affinity_propagation(S, return_n_iter=True, random_state=5)):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="Predict method is not supported when "
                                         "affinity='precomputed'"):
        AffinityPropagation(affinity="precomputed", random_state=0).fit(S).predict(S)


def test_equal_similarities_and_no_convergence():
    X = np.zeros((4, 2))
    with pytest.warns(UserWarning, match="All samples have mutually equal similarities"):
        ours = AffinityPropagation(random_state=0).fit(X)
    with pytest.warns(UserWarning, match="All samples have mutually equal similarities"):
        theirs = skc.AffinityPropagation(random_state=0).fit(X)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    with pytest.warns(UserWarning, match="All samples have mutually equal similarities"):
        ours = AffinityPropagation(preference=1.0, random_state=0).fit(X)
    np.testing.assert_array_equal(ours.cluster_centers_indices_, np.arange(4))
    # Preferences so low that no exemplar emerges within one iteration.
    X = blobs(3, n=60)
    with pytest.warns(ConvergenceWarning, match="will not have any cluster centers"):
        ours = AffinityPropagation(max_iter=1, preference=-1e6, random_state=0).fit(X)
    assert (ours.labels_ == -1).all() and ours.cluster_centers_.shape == (0, 2)
    with pytest.warns(ConvergenceWarning, match="Labeling every sample as '-1'"):
        assert (ours.predict(X[:3]) == -1).all()


def test_errors():
    X = blobs(4, n=20)
    with pytest.raises(InvalidParameterError, match="'damping' parameter of AffinityPropagation"):
        AffinityPropagation(damping=1.0).fit(X)
    with pytest.raises(ValueError, match="The matrix of similarities must be a square array"):
        AffinityPropagation(affinity="precomputed").fit(np.ones((3, 4)))


def test_check_estimator():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # the checks' tiny data sets
        run_check_estimator(AffinityPropagation(random_state=0))
