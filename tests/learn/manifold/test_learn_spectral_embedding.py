"""SpectralEmbedding and spectral_embedding against scikit-learn's.

Same graphs, same Laplacian, same eigensolver calls with the same random start
(ARPACK's uniform start vector, LOBPCG's normal block) and the same sign rule,
so the embeddings are equal to rounding, signs included.
"""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.manifold as skm  # noqa: E402
from learn_checks import run_check_estimator  # noqa: E402
from sklearn.metrics import pairwise_distances  # noqa: E402
from sklearn.neighbors import kneighbors_graph  # noqa: E402

from ember.learn.datasets import make_swiss_roll  # noqa: E402
from ember.learn.manifold import SpectralEmbedding, spectral_embedding  # noqa: E402


@pytest.fixture(scope="module")
def roll():
    return make_swiss_roll(n_samples=300, noise=0.2, random_state=42)[0]


def test_check_estimator():
    # the checks' small data sets give disconnected graphs; scikit-learn's warns alike
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Graph is not fully connected")
        warnings.filterwarnings("ignore", message="Nearest neighbors affinity currently")
        run_check_estimator(SpectralEmbedding(n_neighbors=3))


def test_tags_mirror_sklearn():
    for affinity in ["nearest_neighbors", "rbf", "precomputed", "precomputed_nearest_neighbors"]:
        ours = SpectralEmbedding(affinity=affinity).__sklearn_tags__()
        theirs = skm.SpectralEmbedding(affinity=affinity).__sklearn_tags__()
        assert ours.input_tags.pairwise == theirs.input_tags.pairwise
        assert ours.input_tags.sparse == theirs.input_tags.sparse
        assert ours.transformer_tags == theirs.transformer_tags is None


@pytest.mark.parametrize("params", [
    {}, {"affinity": "rbf", "gamma": 0.05}, {"eigen_solver": "lobpcg"},
    {"n_neighbors": 15, "n_components": 3}, {"affinity": "rbf", "eigen_solver": "lobpcg"},
])
def test_embedding_equals_sklearn(roll, params):
    ours = SpectralEmbedding(random_state=0, **params).fit(roll)
    theirs = skm.SpectralEmbedding(random_state=0, **params).fit(roll)
    # LOBPCG's iterations on a dense kernel round differently in the last digits
    np.testing.assert_allclose(ours.embedding_, theirs.embedding_,
                               atol=1e-8 * np.abs(theirs.embedding_).max())
    for name in ("n_neighbors_", "gamma_"):
        assert getattr(ours, name, None) == getattr(theirs, name, None)
    diff = ours.affinity_matrix_ - theirs.affinity_matrix_
    assert np.abs(diff.toarray() if sp.issparse(diff) else diff).max() < 1e-12


@pytest.mark.filterwarnings("ignore:Precomputed sparse input was not sorted")
@pytest.mark.parametrize("as_sparse", [True, False])
def test_precomputed_nearest_neighbors(roll, as_sparse):
    D = kneighbors_graph(roll, 10, mode="distance") if as_sparse else pairwise_distances(roll)
    params = dict(affinity="precomputed_nearest_neighbors", n_neighbors=8, random_state=0)
    ours = SpectralEmbedding(**params).fit_transform(D)
    np.testing.assert_allclose(ours, skm.SpectralEmbedding(**params).fit_transform(D),
                               atol=1e-10)


@pytest.mark.parametrize("params", [{}, {"norm_laplacian": False}, {"drop_first": False},
                                    {"eigen_solver": "lobpcg"}])
def test_function_equals_sklearn(roll, params):
    A = np.exp(-pairwise_distances(roll) ** 2 / 10)
    ours = spectral_embedding(A, n_components=3, random_state=1, **params)
    np.testing.assert_allclose(ours, skm.spectral_embedding(A, n_components=3, random_state=1,
                                                            **params), atol=1e-10)


def test_two_blocks_are_separated():
    A = np.ones((6, 6)) - np.eye(6)
    A[:3, 3:] = A[3:, :3] = 0.01
    Y = spectral_embedding(A, n_components=1, random_state=0)[:, 0]
    assert np.all(Y[:3] * Y[3] < 0) and np.all(Y[3:] * Y[3] > 0)


def test_warnings_and_errors(roll):
    A = np.eye(4)
    with pytest.warns(UserWarning, match="Graph is not fully connected"):
        spectral_embedding(A, n_components=1, eigen_solver="lobpcg")
    B = np.ones((5, 5))
    B[0, 1] = 3.0
    with pytest.warns(UserWarning, match="Array is not symmetric"):
        spectral_embedding(B, n_components=1, eigen_solver="lobpcg")
    with pytest.raises(ValueError, match="pyamg is not available"):
        SpectralEmbedding(eigen_solver="amg").fit(roll)
    with pytest.raises(ValueError, match="The 'affinity' parameter of SpectralEmbedding"):
        SpectralEmbedding(affinity="cosine").fit(roll)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.warns(UserWarning, match="falling back to rbf"):
            SpectralEmbedding(random_state=0).fit(sp.csr_matrix(roll))
