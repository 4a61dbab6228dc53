"""Mixture suite: ember.learn's Gaussian mixtures against scikit-learn's.

Both libraries fit the same make_blobs data (10,000 x 10, five blobs) with the
same parameters and seed. Before timing, the fitted models' mean
log-likelihoods of the training data must agree within 0.5% (with
scikit-learn's draws they are in fact the same fit). The default start,
``init_params="kmeans"``, includes each library's own k-means; the
"random_from_data" rows time the EM iterations alone.
"""

from importlib import import_module

import sklearn

from ._harness import Case

REFERENCE = f"scikit-learn {sklearn.__version__}"

N_SAMPLES, N_FEATURES, N_BLOBS = 10_000, 10, 5

# (row name, class, parameters, what is measured)
MODELS = [
    ("gaussian_mixture_full_fit", "GaussianMixture",
     {"n_components": 5, "covariance_type": "full", "random_state": 0},
     "5 full-covariance components, the default k-means start"),
    ("gaussian_mixture_full_em", "GaussianMixture",
     {"n_components": 5, "covariance_type": "full", "init_params": "random_from_data",
      "max_iter": 30, "tol": 0.0, "random_state": 0},
     "5 full-covariance components, 30 EM iterations from random samples"),
    ("gaussian_mixture_diag_em", "GaussianMixture",
     {"n_components": 5, "covariance_type": "diag", "init_params": "random_from_data",
      "max_iter": 30, "tol": 0.0, "random_state": 0},
     "5 diagonal components, 30 EM iterations from random samples"),
    ("bayesian_mixture_full_fit", "BayesianGaussianMixture",
     {"n_components": 10, "covariance_type": "full", "init_params": "random_from_data",
      "max_iter": 30, "tol": 0.0, "random_state": 0},
     "10 full-covariance components (Dirichlet process), 30 variational iterations"),
]


def _data():
    from sklearn.datasets import make_blobs

    X, _ = make_blobs(n_samples=N_SAMPLES, n_features=N_FEATURES, centers=N_BLOBS,
                      random_state=0)
    return {"X": X}


def _fit_score(library, name, params):
    package = "ember.learn.mixture" if library == "ember" else "sklearn.mixture"
    cls = getattr(import_module(package), name)

    def fn(s):
        import warnings

        with warnings.catch_warnings():  # tol=0 rows run all their iterations on purpose
            warnings.filterwarnings("ignore", message="Best performing initialization")
            return cls(**params).fit(s["X"]).score(s["X"])
    return fn


def _likelihoods_close(tolerance):
    def compare(ours, theirs):
        assert abs(ours - theirs) <= tolerance * abs(theirs), (
            f"mean log-likelihoods {ours:.6f} vs {theirs:.6f}")
    return compare


def cases():
    return [
        Case(name=key, target=1.0, setup=_data, ember_fn=_fit_score("ember", name, params),
             reference_fn=_fit_score("sklearn", name, params), compare=_likelihoods_close(0.005),
             description=f"{name}.fit on {N_SAMPLES:,} x {N_FEATURES} make_blobs ({what}); "
                         "mean log-likelihoods within 0.5%")
        for key, name, params, what in MODELS
    ]
