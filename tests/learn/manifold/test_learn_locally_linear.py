"""LocallyLinearEmbedding against scikit-learn's.

The weight matrices are built the same way (batched here, one sample at a time
there) and the eigenproblems are solved by the same LAPACK/ARPACK calls with
the same ARPACK start vector, so embeddings agree to rounding, up to the sign
of each coordinate (an eigenvector's sign is arbitrary).
"""

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
import sklearn.manifold as skm  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402

from ember.learn.datasets import make_swiss_roll  # noqa: E402
from ember.learn.manifold import LocallyLinearEmbedding, locally_linear_embedding  # noqa: E402
from ember.learn.manifold._locally_linear import barycenter_weights  # noqa: E402
from ember.learn.neighbors import NearestNeighbors  # noqa: E402


def aligned(ours, theirs):
    """``ours`` with each column's sign flipped to match ``theirs``."""
    return ours * np.where(np.sum(ours * theirs, axis=0) < 0, -1.0, 1.0)


@pytest.fixture(scope="module")
def roll():
    return make_swiss_roll(n_samples=400, noise=0.2, random_state=42)[0]


def test_check_estimator():
    run_check_estimator(LocallyLinearEmbedding())


@pytest.mark.parametrize("method", ["standard", "modified", "hessian", "ltsa"])
@pytest.mark.parametrize("solver", ["dense", "arpack"])
def test_embedding_equals_sklearn(roll, method, solver):
    params = dict(n_neighbors=12, n_components=2, method=method, eigen_solver=solver,
                  random_state=0)
    ours = LocallyLinearEmbedding(**params).fit(roll)
    theirs = skm.LocallyLinearEmbedding(**params).fit(roll)
    scale = np.abs(theirs.embedding_).max()
    np.testing.assert_allclose(aligned(ours.embedding_, theirs.embedding_), theirs.embedding_,
                               atol=1e-8 * scale)
    assert ours.reconstruction_error_ == pytest.approx(theirs.reconstruction_error_,
                                                       rel=1e-6, abs=1e-14)
    new = roll[:30] + 0.1
    np.testing.assert_allclose(aligned(ours.transform(new), theirs.transform(new)),
                               theirs.transform(new), atol=1e-8 * scale)


def test_barycenter_weights_equal_sklearn(roll):
    from sklearn.manifold._locally_linear import barycenter_weights as theirs

    ind = NearestNeighbors(n_neighbors=6).fit(roll).kneighbors(return_distance=False)
    ours = barycenter_weights(roll, roll, ind)
    np.testing.assert_allclose(ours, theirs(roll, roll, ind), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.sum(axis=1), 1.0)


def test_auto_solver_is_arpack_with_sklearns_start_vector(roll):
    ours = LocallyLinearEmbedding(n_neighbors=10, random_state=3).fit(roll)
    theirs = skm.LocallyLinearEmbedding(n_neighbors=10, random_state=3).fit(roll)
    np.testing.assert_allclose(aligned(ours.embedding_, theirs.embedding_), theirs.embedding_,
                               atol=1e-9)


def test_function_equals_estimator(roll):
    Y, err = locally_linear_embedding(roll, n_neighbors=10, n_components=2, random_state=0)
    est = LocallyLinearEmbedding(n_neighbors=10, random_state=0).fit(roll)
    np.testing.assert_allclose(Y, est.embedding_, atol=1e-12)
    assert err == pytest.approx(est.reconstruction_error_)
    Y_nn, _ = locally_linear_embedding(NearestNeighbors().fit(roll), n_neighbors=10,
                                       n_components=2, random_state=0)
    np.testing.assert_allclose(Y_nn, Y, atol=1e-12)


def test_homl_unrolls_the_swiss_roll():
    """HOML ch8: LLE(n_components=2, n_neighbors=10) on the noisy 1,000-point roll; the
    first coordinate follows the position t along the roll."""
    X, t = make_swiss_roll(n_samples=1000, noise=0.2, random_state=42)
    Z = LocallyLinearEmbedding(n_components=2, n_neighbors=10, random_state=42).fit_transform(X)
    rank = lambda a: np.argsort(np.argsort(a))  # noqa: E731
    assert abs(np.corrcoef(rank(Z[:, 0]), rank(t))[0, 1]) > 0.95


@pytest.mark.parametrize("params, message", [
    (dict(n_components=4), "output dimension must be less than or equal to input dimension"),
    (dict(n_neighbors=400), "Expected n_neighbors < n_samples"),
    (dict(method="hessian", n_neighbors=5), "for method='hessian', n_neighbors must be"),
    (dict(eigen_solver="qr"), "The 'eigen_solver' parameter of LocallyLinearEmbedding must be"),
])
def test_errors(roll, params, message):
    with pytest.raises(ValueError, match=message):
        LocallyLinearEmbedding(**params).fit(roll)
