"""Manifold suite: ember.learn's nonlinear embeddings against scikit-learn's (HOML ch8).

- t-SNE, Barnes-Hut, on 2,000 x 50 make_blobs data (10 blobs), the default
  settings (1,000 iterations, perplexity 30, PCA start). Before timing, the
  final KL divergences must agree within 5% and the trustworthiness (5
  neighbours) within 0.02: the runs start from the same point, but a rounding
  difference grows over a thousand iterations. ember runs its compiled
  kernels on one thread by default (``n_jobs=None``), scikit-learn's on every
  OpenMP thread.
- Locally linear embedding (standard, ARPACK) of the 1,500-point noisy swiss
  roll; the embeddings must be equal up to each coordinate's sign (ember
  draws ARPACK's start vector as scikit-learn does).
"""

from importlib import import_module

import numpy as np
import sklearn

from ._harness import Case

REFERENCE = f"scikit-learn {sklearn.__version__}"

TSNE_SAMPLES, TSNE_FEATURES = 2_000, 50
ROLL_SAMPLES = 1_500


def _blobs():
    from sklearn.datasets import make_blobs

    X, _ = make_blobs(n_samples=TSNE_SAMPLES, n_features=TSNE_FEATURES, centers=10,
                      random_state=0)
    return {"X": X}


def _roll():
    from sklearn.datasets import make_swiss_roll

    X, _ = make_swiss_roll(n_samples=ROLL_SAMPLES, noise=0.2, random_state=42)
    return {"X": X}


def _estimator(library, name, params):
    package = "ember.learn.manifold" if library == "ember" else "sklearn.manifold"
    return getattr(import_module(package), name)(**params)


TSNE_PARAMS = {"n_components": 2, "random_state": 0}
LLE_PARAMS = {"n_neighbors": 10, "n_components": 2, "random_state": 42}


def _tsne(library):
    def fn(s):
        model = _estimator(library, "TSNE", TSNE_PARAMS).fit(s["X"])
        return model.kl_divergence_, model.embedding_, s["X"]
    return fn


def _tsne_close(ours, theirs):
    from sklearn.manifold import trustworthiness

    kl_ours, Y_ours, X = ours
    kl_theirs, Y_theirs, _ = theirs
    assert abs(kl_ours - kl_theirs) <= 0.05 * kl_theirs, f"KL {kl_ours:.4f} vs {kl_theirs:.4f}"
    t_ours, t_theirs = trustworthiness(X, Y_ours), trustworthiness(X, Y_theirs)
    assert abs(t_ours - t_theirs) <= 0.02, f"trustworthiness {t_ours:.4f} vs {t_theirs:.4f}"


def _lle(library):
    def fn(s):
        return _estimator(library, "LocallyLinearEmbedding", LLE_PARAMS).fit(s["X"]).embedding_
    return fn


def _same_up_to_sign(ours, theirs):
    ours = ours * np.where(np.sum(ours * theirs, axis=0) < 0, -1.0, 1.0)
    gap = np.abs(ours - theirs).max()
    assert gap <= 1e-6 * np.abs(theirs).max(), f"embeddings differ by {gap:.3g}"


def cases():
    return [
        Case(name="tsne_barnes_hut_fit", target=1.5, setup=_blobs, ember_fn=_tsne("ember"),
             reference_fn=_tsne("sklearn"), compare=_tsne_close,
             description=f"TSNE(n_components=2, random_state=0).fit on {TSNE_SAMPLES:,} x "
                         f"{TSNE_FEATURES} make_blobs (Barnes-Hut, 1,000 iterations); KL "
                         "within 5%, trustworthiness within 0.02"),
        Case(name="locally_linear_embedding_fit", target=1.0, setup=_roll,
             ember_fn=_lle("ember"), reference_fn=_lle("sklearn"), compare=_same_up_to_sign,
             description=f"LocallyLinearEmbedding(n_neighbors=10, n_components=2, "
                         f"random_state=42).fit on the {ROLL_SAMPLES:,}-point swiss roll "
                         "(noise 0.2); embeddings equal up to sign"),
    ]
