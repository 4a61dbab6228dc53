"""Isomap against scikit-learn's.

Same neighbour graphs (joined the same way when in pieces), SciPy's shortest
paths, and scikit-learn's kernel PCA steps (centring, eigensolver calls with
the same global-generator ARPACK start, eigenvalue clean-up, sign rule), so
geodesic distances, embeddings, transforms and reconstruction errors agree to
rounding, signs included.
"""

import warnings

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.manifold as skm  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn.datasets import make_swiss_roll  # noqa: E402
from ember.learn.manifold import Isomap  # noqa: E402


@pytest.fixture(scope="module")
def roll():
    return make_swiss_roll(n_samples=300, noise=0.2, random_state=42)[0]


def test_check_estimator():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The number of connected components")
        run_check_estimator(Isomap())


def fitted_pair(X, params):
    np.random.seed(0)  # the ARPACK start vector of both comes from the global generator
    ours = Isomap(**params).fit(X)
    np.random.seed(0)
    return ours, skm.Isomap(**params).fit(X)


@pytest.mark.filterwarnings("ignore:The number of connected components")
@pytest.mark.filterwarnings("ignore::scipy.sparse.SparseEfficiencyWarning")
@pytest.mark.parametrize("params", [
    {}, {"eigen_solver": "dense"}, {"n_neighbors": None, "radius": 3.0},
    {"n_neighbors": 3},  # a graph in pieces, joined by the shortest edges
    {"path_method": "D", "n_components": 3, "metric": "manhattan"},
    {"path_method": "FW", "eigen_solver": "arpack", "n_neighbors": 8},
])
def test_equals_sklearn(roll, params):
    ours, theirs = fitted_pair(roll, params)
    np.testing.assert_allclose(ours.dist_matrix_, theirs.dist_matrix_, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.embedding_, theirs.embedding_, atol=1e-9)
    np.testing.assert_allclose(ours.kernel_pca_.eigenvalues_, theirs.kernel_pca_.eigenvalues_,
                               rtol=1e-10)
    assert ours.reconstruction_error() == pytest.approx(theirs.reconstruction_error(), rel=1e-9)
    new = roll[:40] + 0.1
    np.testing.assert_allclose(ours.transform(new), theirs.transform(new), atol=1e-9)


def test_float32_is_preserved(roll):
    X = roll.astype(np.float32)
    ours = Isomap(n_neighbors=8).fit(X)
    assert ours.embedding_.dtype == ours.dist_matrix_.dtype == np.float32
    assert ours.transform(X[:5]).dtype == np.float32


def test_homl_isomap_unrolls_the_roll():
    X, t = make_swiss_roll(n_samples=1000, noise=0.2, random_state=42)
    Z = Isomap(n_components=2).fit_transform(X)
    assert abs(np.corrcoef(Z[:, 0], t)[0, 1]) > 0.95


def test_errors(roll):
    with pytest.raises(ValueError, match="Both n_neighbors and radius are provided"):
        Isomap(radius=1.0).fit(roll)
    with pytest.raises(ValueError, match="The 'path_method' parameter of Isomap must be"):
        Isomap(path_method="BF").fit(roll)
