"""Shared by the mixture tests: fit ember's and scikit-learn's model alike and compare."""

import importlib.util
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning as SkConvergenceWarning

from ember.learn.exceptions import ConvergenceWarning

# the "kmeans" and "k-means++" starts need ember.learn.cluster's KMeans / kmeans_plusplus
HAVE_KMEANS = importlib.util.find_spec("ember.learn.cluster._kmeans") is not None


def fit_both(ours, theirs, X, **params):
    """``ours(**params).fit(X)`` and ``theirs(**params).fit(X)``, convergence warnings
    silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkConvergenceWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        return ours(**params).fit(X), theirs(**params).fit(X)


def assert_same_em(ours, theirs, X, tol):
    """The same iterations, lower bounds, log-likelihoods and labels."""
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.converged_ == theirs.converged_
    # scikit-learn's Bayesian lower bound is a 1-element array for "tied"; ours is a float
    np.testing.assert_allclose(ours.lower_bound_, np.ravel(theirs.lower_bound_), rtol=tol)
    np.testing.assert_allclose(np.ravel(ours.lower_bounds_), np.ravel(theirs.lower_bounds_),
                               rtol=tol)
    np.testing.assert_allclose(ours.score_samples(X), theirs.score_samples(X), rtol=tol)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=tol)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
