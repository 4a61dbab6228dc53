"""``IsolationForest``: anomaly scores from the depth at which random trees isolate a sample
(Liu, Ting and Zhou, *Isolation forest*, ICDM 2008; HOML ch7 and ch9).

Each tree is an ``ExtraTreeRegressor`` with one random feature and one random
threshold per node (``max_features=1``, ``splitter="random"``), grown on a
subsample of ``max_samples`` rows (256 by default) down to depth
``ceil(log2(max_samples))``. A sample's path length in a tree is the depth of
its leaf plus ``c(n)``, the average path length of an unsuccessful search in
a binary search tree of the ``n`` training samples left in that leaf:

    c(n) = 2 (ln(n - 1) + euler_gamma) - 2 (n - 1) / n,  c(2) = 1,  c(1) = c(0) = 0.

The score is ``-2 ** (-E[path length] / c(max_samples))`` (scikit-learn's
sign: lower is more abnormal). Seeds, the columns and the rows of each tree
are drawn with scikit-learn's calls (``_bagging.bagging_indices``), so the
same ``random_state`` gives scikit-learn's subsamples; path lengths are summed
over all trees in one compiled kernel (``_packed_trees``).
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, OutlierMixin, clone
from ..tree import ExtraTreeRegressor
from ..utils import check_random_state, validate_data
from ..utils._param_validation import Interval, RealNotInt, StrOptions
from ..utils.validation import _check_sample_weight, check_is_fitted
from ._bagging import bagging_indices
from ._base import MAX_INT, VERBOSE, set_random_states
from ._packed_trees import PackedTrees

__all__ = ["IsolationForest"]


def average_path_length(n_samples_leaf):
    """``c(n)``: the average path length of an unsuccessful search in a binary search tree
    of n nodes, elementwise over an array of sample counts."""
    n = np.asarray(n_samples_leaf, dtype=np.float64)
    out = np.zeros(n.shape)
    out[n == 2] = 1.0
    big = n > 2
    out[big] = 2.0 * (np.log(n[big] - 1.0) + np.euler_gamma) - 2.0 * (n[big] - 1.0) / n[big]
    return out


def _grow(tree, X, y, features, rows):
    """Fit one isolation tree on the distinct drawn rows, weighted by how often each was
    drawn (the tree a fit on all rows with the draw counts as weights grows)."""
    counts = np.bincount(rows, minlength=X.shape[0])
    distinct = np.flatnonzero(counts)
    X_tree = np.asfortranarray(X[np.ix_(distinct, features)])
    tree.n_features_in_, tree.n_outputs_ = X_tree.shape[1], 1
    return tree._grow(X_tree, y[distinct, None], counts[distinct].astype(np.float64))


class IsolationForest(OutlierMixin, BaseEstimator):
    """Isolation forest: anomalies are isolated by fewer random splits than normal samples.

    Parameters
    ----------
    n_estimators : int, default=100
        The number of isolation trees.
    max_samples : "auto", int or float, default="auto"
        Rows drawn per tree: min(256, n_samples) for "auto", an int (at most n_samples),
        or a fraction of n_samples.
    contamination : "auto" or float in (0, 0.5], default="auto"
        The expected share of outliers: sets ``offset_`` so that this share of the
        training samples scores below it ("auto": the paper's threshold, offset -0.5).
    max_features : int or float, default=1.0
        Columns drawn (without replacement) per tree; a float is a fraction.
    bootstrap : bool, default=False
        Draw each tree's rows with replacement.
    n_jobs : int, default=None
        Threads for fitting and scoring; results do not depend on it.
    random_state : int, RandomState instance or None, default=None
        Seeds the subsamples and the trees.
    verbose : int, default=0
    warm_start : bool, default=False
        Keep the fitted trees and add new ones up to ``n_estimators``.

    Attributes
    ----------
    estimator_ : ExtraTreeRegressor
        The unfitted tree the trees are cloned from.
    estimators_ : list of ExtraTreeRegressor
    estimators_features_ : list of ndarray
        The columns each tree was fitted on.
    estimators_samples_ : list of ndarray
        The rows each tree was drawn.
    max_samples_ : int
        The rows drawn per tree.
    offset_ : float
        ``decision_function = score_samples - offset_``.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(42)
    >>> X = np.vstack([rng.normal(0, 1, (200, 2)), [[6.0, 6.0]]])
    >>> forest = IsolationForest(random_state=42).fit(X)
    >>> forest.predict([[0.0, 0.0], [6.0, 6.0]])
    array([ 1, -1])
    """

    _parameter_constraints = {
        "n_estimators": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_samples": [StrOptions({"auto"}), Interval(numbers.Integral, 1, None, closed="left"),
                        Interval(RealNotInt, 0, 1, closed="right")],
        "contamination": [StrOptions({"auto"}), Interval(numbers.Real, 0, 0.5, closed="right")],
        "max_features": [numbers.Integral, Interval(numbers.Real, 0, 1, closed="right")],
        "bootstrap": ["boolean"],
        "n_jobs": [numbers.Integral, None],
        "random_state": ["random_state"],
        "verbose": VERBOSE,
        "warm_start": ["boolean"],
    }

    def __init__(self, *, n_estimators=100, max_samples="auto", contamination="auto",
                 max_features=1.0, bootstrap=False, n_jobs=None, random_state=None, verbose=0,
                 warm_start=False):
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.contamination = contamination
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.allow_nan = True
        return tags

    def _n_rows(self, n_samples):
        if isinstance(self.max_samples, str):
            return min(256, n_samples)
        if isinstance(self.max_samples, numbers.Integral):
            if self.max_samples > n_samples:
                warnings.warn(f"max_samples ({self.max_samples}) is greater than the total "
                              f"number of samples ({n_samples}). max_samples will be set to "
                              "n_samples for estimation.", UserWarning, stacklevel=3)
                return n_samples
            return self.max_samples
        return int(self.max_samples * n_samples)

    def fit(self, X, y=None, sample_weight=None):
        """Grow the trees on X (n_samples, n_features); ``sample_weight`` makes a row's
        chance of being drawn proportional to it. ``y`` is ignored. Returns ``self``."""
        self._validate_params()
        X = validate_data(self, X, accept_sparse=["csc"], dtype=np.float32,
                          ensure_all_finite="allow-nan")
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=None)
        rng = check_random_state(self.random_state)
        y = rng.uniform(size=X.shape[0])  # the trees' targets: unused by random splits
        n_samples = X.shape[0]
        self.max_samples_ = self._max_samples = self._n_rows(n_samples)
        max_features = (self.max_features if isinstance(self.max_features, numbers.Integral)
                        else self.max_features * self.n_features_in_)
        if max_features > self.n_features_in_:
            raise ValueError("max_features must be <= n_features")
        self._max_features = max(1, int(max_features))
        self._n_samples, self._sample_weight = n_samples, sample_weight
        self.estimator_ = ExtraTreeRegressor(
            max_features=1, splitter="random", random_state=self.random_state,
            max_depth=int(np.ceil(np.log2(max(self._max_samples, 2)))))
        self._grow_trees(X, y, check_random_state(self.random_state))
        if self.contamination == "auto":
            self.offset_ = -0.5  # the paper's threshold, with scikit-learn's sign
        else:
            self.offset_ = np.percentile(self._score_samples(X), 100.0 * self.contamination)
        return self

    def _grow_trees(self, X, y, rng):
        if not self.warm_start or not hasattr(self, "estimators_"):
            self.estimators_, self.estimators_features_ = [], []
            self._seeds = np.empty(0, dtype=np.int64)
        n_more = self.n_estimators - len(self.estimators_)
        if n_more < 0:
            raise ValueError(f"n_estimators={self.n_estimators} must be larger or equal to "
                             f"len(estimators_)={len(self.estimators_)} when warm_start==True")
        if n_more == 0:
            warnings.warn("Warm-start fitting without increasing n_estimators does not fit new "
                          "trees.", UserWarning, stacklevel=3)
            return
        if self.estimators_:
            rng.randint(MAX_INT, size=len(self.estimators_))  # the earlier trees' seeds
        seeds = rng.randint(MAX_INT, size=n_more)
        X_rows = X.toarray() if sp.issparse(X) else X
        calls = []
        draws = np.random.RandomState()
        for seed in seeds:
            features, rows = self._indices(seed, draws)
            calls.append((set_random_states(clone(self.estimator_), seed), X_rows, y,
                          features, rows))
        if n_more == 1 or self.n_jobs in (None, 1):
            trees = [_grow(*call) for call in calls]
        else:
            from joblib import Parallel, delayed

            trees = Parallel(n_jobs=self.n_jobs, verbose=self.verbose, prefer="threads")(
                delayed(_grow)(*call) for call in calls)
        self.estimators_ += trees
        self.estimators_features_ += [call[3] for call in calls]
        self._seeds = np.concatenate((self._seeds, seeds))

    def _indices(self, seed, rng):
        """The columns and rows of the tree with this seed (``rng``: reseeded here)."""
        rng.seed(seed)
        return bagging_indices(rng, False, self.bootstrap, self.n_features_in_, self._n_samples,
                               self._max_features, self._max_samples, self._sample_weight)

    @property
    def estimators_samples_(self):
        """The rows each tree was drawn (regenerated from its seed)."""
        check_is_fitted(self)
        rng = np.random.RandomState()
        return [self._indices(seed, rng)[1] for seed in self._seeds]

    def predict(self, X):
        """+1 for inliers, -1 for outliers (``decision_function < 0``): (n_samples,)."""
        check_is_fitted(self)
        decision = self.decision_function(X)
        return np.where(decision < 0, -1, 1)

    def decision_function(self, X):
        """``score_samples(X) - offset_``: negative for outliers, (n_samples,)."""
        return self.score_samples(X) - self.offset_

    def score_samples(self, X):
        """The opposite of the paper's anomaly score, ``-2 ** (-E[h(x)] / c(max_samples))``,
        in [-1, 0): the lower, the more abnormal. (n_samples,)."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", dtype=np.float32, reset=False,
                          ensure_all_finite="allow-nan")
        return self._score_samples(X)

    def _score_samples(self, X):
        trees = [tree.tree_ for tree in self.estimators_]
        # A leaf's path length: its depth (edges from the root) plus c(its samples).
        lengths = [(tree.compute_node_depths() + average_path_length(tree.n_node_samples)
                    - 1.0)[:, None] for tree in trees]
        packed = PackedTrees(trees, values=lengths, features=self.estimators_features_)
        depths = packed.sum_values(X, self.n_jobs)[:, 0]
        denominator = len(trees) * average_path_length([self._max_samples])[0]
        scores = 2 ** -np.divide(depths, denominator, out=np.ones_like(depths),
                                 where=denominator != 0)
        return -scores
