"""``AffinityPropagation``: clustering by passing messages between samples (Frey and
Dueck, *Clustering by passing messages between data points*, Science 2007; HOML ch9).

Samples exchange *responsibilities* ``R[i, k]`` (how well k would serve as i's
exemplar, against i's other candidates) and *availabilities* ``A[i, k]`` (how
much support k gathers as an exemplar), both damped, over the similarity
matrix ``S`` (minus squared euclidean distances, or precomputed) whose
diagonal holds the ``preference``. The samples with ``A[k, k] + R[k, k] > 0``
are exemplars; once that set has held for ``convergence_iter`` iterations the
messages stop. Each iteration is a handful of whole-matrix NumPy passes.

Ties between equal similarities are broken as scikit-learn breaks them, by
adding its tiny noise (``random_state.standard_normal``, scaled by machine
epsilon) to ``S``; every update uses scikit-learn's operations in its order, so
for the same ``random_state`` the exemplars, labels and iteration count are
scikit-learn's.
"""

import numbers
import warnings

import numpy as np

from ..base import BaseEstimator, ClusterMixin
from ..exceptions import ConvergenceWarning
from ..metrics.pairwise import euclidean_distances
from ..utils import check_random_state, validate_data
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import check_is_fitted
from ._distances import squared_self_distances

__all__ = ["AffinityPropagation", "affinity_propagation"]


def _all_equal(S, preference):
    """Whether every preference is the same and every off-diagonal similarity too."""
    if not np.all(preference == preference.flat[0]):
        return False
    off = S[~np.eye(S.shape[0], dtype=bool)]
    return bool(np.all(off == off[0]))


def _messages(S, damping, max_iter, convergence_iter, verbose):
    """Run the damped message updates on S (its diagonal the preferences, noise added).

    Returns the exemplar mask, the iterations run, and whether it never converged.
    """
    n = S.shape[0]
    A, R, work = np.zeros((n, n)), np.zeros((n, n)), np.zeros((n, n))
    rows = np.arange(n)
    history = np.zeros((n, convergence_iter))
    diagonal = slice(None, None, n + 1)
    for it in range(max_iter):
        # Responsibilities: S[i, k] less the best other A[i, k'] + S[i, k'].
        np.add(A, S, work)
        best = np.argmax(work, axis=1)
        first = work[rows, best]
        work[rows, best] = -np.inf
        second = np.max(work, axis=1)
        np.subtract(S, first[:, None], work)
        work[rows, best] = S[rows, best] - second
        work *= 1 - damping
        R *= damping
        R += work
        # Availabilities: the positive responsibilities k gathers, capped at 0 off the diagonal.
        np.maximum(R, 0, out=work)
        work.flat[diagonal] = R.flat[diagonal]
        work -= np.sum(work, axis=0)
        self_support = np.diag(work).copy()
        work.clip(0, np.inf, work)
        work.flat[diagonal] = self_support
        work *= 1 - damping
        A *= damping
        A -= work
        exemplars = (np.diag(A) + np.diag(R)) > 0
        history[:, it % convergence_iter] = exemplars
        if it >= convergence_iter:
            stable = np.sum(history, axis=1)
            settled = np.sum((stable == convergence_iter) + (stable == 0)) == n
            if settled and np.sum(exemplars) > 0:
                if verbose:
                    print(f"Converged after {it} iterations.")
                return exemplars, it + 1, False
    if verbose:
        print("Did not converge")
    return exemplars, max_iter, True


def _assign(S, exemplars):
    """Labels and exemplar indices: each sample to its most similar exemplar, then each
    cluster's exemplar moved to the member most similar to all the others."""
    centres = np.flatnonzero(exemplars)
    K = len(centres)
    label = np.argmax(S[:, centres], axis=1)
    label[centres] = np.arange(K)
    for k in range(K):  # over clusters
        members = np.flatnonzero(label == k)
        centres[k] = members[np.argmax(np.sum(S[members[:, None], members], axis=0))]
    label = np.argmax(S[:, centres], axis=1)
    label[centres] = np.arange(K)
    labels = centres[label]
    indices = np.unique(labels)
    return indices, np.searchsorted(indices, labels)


def _affinity_propagation(S, preference, convergence_iter, max_iter, damping, verbose, rng):
    """(cluster_centers_indices, labels, n_iter) of the similarity matrix S (modified)."""
    n = S.shape[0]
    if n == 1 or _all_equal(S, preference):
        warnings.warn("All samples have mutually equal similarities. Returning arbitrary "
                      "cluster center(s).")
        if preference.flat[0] > S.flat[n - 1]:
            return np.arange(n), np.arange(n), 0
        return np.array([0]), np.array([0] * n), 0
    S.flat[::n + 1] = preference
    S += (np.finfo(S.dtype).eps * S + np.finfo(S.dtype).tiny * 100) * rng.standard_normal(
        size=(n, n))
    exemplars, n_iter, never_converged = _messages(S, damping, max_iter, convergence_iter,
                                                   verbose)
    if not exemplars.any():
        warnings.warn("Affinity propagation did not converge and this model will not have "
                      "any cluster centers.", ConvergenceWarning)
        return [], np.array([-1] * n), n_iter
    if never_converged:
        warnings.warn("Affinity propagation did not converge, this model may return "
                      "degenerate cluster centers and labels.", ConvergenceWarning)
    indices, labels = _assign(S, exemplars)
    return indices, labels, n_iter


class AffinityPropagation(ClusterMixin, BaseEstimator):
    """Affinity propagation: exemplars chosen by message passing, their number by the data.

    Parameters
    ----------
    damping : float in [0.5, 1), default=0.5
        Weight of the previous messages in each update.
    max_iter : int, default=200
    convergence_iter : int, default=15
        Iterations the exemplars must stay the same to stop.
    copy : bool, default=True
        Copy a precomputed similarity matrix (otherwise it is overwritten).
    preference : float or array-like of shape (n_samples,), default=None
        Each sample's self-similarity: larger gives more clusters (None: the median
        similarity).
    affinity : {"euclidean", "precomputed"}, default="euclidean"
        Minus squared euclidean distances, or X is the similarity matrix.
    verbose : bool, default=False
    random_state : int, RandomState instance or None, default=None
        Seeds the tiny noise that breaks ties.

    Attributes
    ----------
    cluster_centers_indices_ : ndarray of shape (n_clusters,)
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        (not with ``affinity="precomputed"``)
    labels_ : ndarray of shape (n_samples,)
    affinity_matrix_ : ndarray of shape (n_samples, n_samples)
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]])
    >>> clustering = AffinityPropagation(random_state=5).fit(X)
    >>> clustering.labels_
    array([0, 0, 0, 1, 1, 1])
    >>> clustering.cluster_centers_
    array([[1, 2],
           [4, 2]])
    """

    _parameter_constraints = {
        "damping": [Interval(numbers.Real, 0.5, 1.0, closed="left")],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "convergence_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "copy": ["boolean"],
        "preference": ["array-like", Interval(numbers.Real, None, None, closed="neither"), None],
        "affinity": [StrOptions({"euclidean", "precomputed"})],
        "verbose": ["boolean", Interval(numbers.Integral, 0, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(self, *, damping=0.5, max_iter=200, convergence_iter=15, copy=True,
                 preference=None, affinity="euclidean", verbose=False, random_state=None):
        self.damping = damping
        self.max_iter = max_iter
        self.convergence_iter = convergence_iter
        self.copy = copy
        self.preference = preference
        self.affinity = affinity
        self.verbose = verbose
        self.random_state = random_state

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.pairwise = self.affinity == "precomputed"
        tags.input_tags.sparse = self.affinity != "precomputed"
        return tags

    def fit(self, X, y=None):
        """Find the exemplars of X (n_samples, n_features), or of the similarity matrix
        (n_samples, n_samples) with ``affinity="precomputed"``. Returns ``self``."""
        self._validate_params()
        if self.affinity == "precomputed":
            X = validate_data(self, X, copy=self.copy)
            if not X.flags.writeable:  # the noise is added in place
                X = X.copy()
            self.affinity_matrix_ = X
        else:
            X = validate_data(self, X, accept_sparse="csr")
            self.affinity_matrix_ = -squared_self_distances(X)
        S = self.affinity_matrix_
        if S.shape[0] != S.shape[1]:
            raise ValueError("The matrix of similarities must be a square array. "
                             f"Got {S.shape} instead.")
        preference = np.asarray(np.median(S) if self.preference is None else self.preference)
        self.cluster_centers_indices_, self.labels_, self.n_iter_ = _affinity_propagation(
            S, preference, self.convergence_iter, self.max_iter, self.damping, self.verbose,
            check_random_state(self.random_state))
        if self.affinity != "precomputed":
            self.cluster_centers_ = X[self.cluster_centers_indices_].copy()
        return self

    def predict(self, X):
        """The cluster of the nearest centre of each sample: (n_samples,)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, accept_sparse="csr")
        if not hasattr(self, "cluster_centers_"):
            raise ValueError("Predict method is not supported when affinity='precomputed'.")
        if self.cluster_centers_.shape[0] == 0:
            warnings.warn("This model does not have any cluster centers because affinity "
                          "propagation did not converge. Labeling every sample as '-1'.",
                          ConvergenceWarning)
            return np.array([-1] * X.shape[0])
        return euclidean_distances(X, self.cluster_centers_).argmin(axis=1)

    def fit_predict(self, X, y=None):
        """Fit on X and return ``labels_`` (n_samples,)."""
        return super().fit_predict(X, y)


def affinity_propagation(S, *, preference=None, convergence_iter=15, max_iter=200, damping=0.5,
                         copy=True, verbose=False, return_n_iter=False, random_state=None):
    """Affinity propagation of a similarity matrix S (n_samples, n_samples).

    Returns ``(cluster_centers_indices, labels)``, and ``n_iter`` with ``return_n_iter``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [0.1], [5.0], [5.1]])
    >>> centres, labels = affinity_propagation(-(X - X.T) ** 2, random_state=0)
    >>> labels.tolist()
    [0, 0, 1, 1]
    """
    model = AffinityPropagation(damping=damping, max_iter=max_iter,
                                convergence_iter=convergence_iter, copy=copy,
                                preference=preference, affinity="precomputed", verbose=verbose,
                                random_state=random_state).fit(S)
    if return_n_iter:
        return model.cluster_centers_indices_, model.labels_, model.n_iter_
    return model.cluster_centers_indices_, model.labels_
