"""What the four forests share: growing the trees, out-of-bag estimates, tree-wise outputs.

Each tree is a ``DecisionTree*`` (random forests: best split among
``max_features`` drawn features) or ``ExtraTree*`` (extra-trees: one random
threshold per drawn feature), fitted on a bootstrap sample of the rows
(``bootstrap=True``, the default of random forests) or on all of them.
Probabilities and regression values are the trees' mean; the out-of-bag
estimates average, for each row, the trees that did not draw it.

Randomness follows scikit-learn's draws: the trees' seeds are drawn from
``random_state`` one ``randint(MAX_INT)`` each, and a tree's bootstrap rows are
``RandomState(seed).randint(0, n_samples, n_samples_bootstrap)`` (or a weighted
``choice``), given to the tree as draw counts in ``sample_weight``; each tree draws its
features and thresholds with scikit-learn's tree generator from its seed. The
same ``random_state`` therefore grows scikit-learn's forest (up to regression
splits that tie in exact arithmetic, which rounding breaks). Trees grow on ``n_jobs`` threads (the
builder releases the GIL) and predictions walk all trees in one compiled
kernel (``_packed_trees``); results do not depend on ``n_jobs``.
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin, is_classifier
from ..exceptions import DataConversionWarning, compatible
from ..tree._base import resolve_max_features, warn_if_friedman_mse
from ..tree._builder import presort, presort_pays, presort_rows
from ..tree._classes import _ClassifierTree
from ..utils import check_random_state, validate_data
from ..utils._param_validation import Interval, RealNotInt, StrOptions
from ..utils.class_weight import compute_class_weight, compute_sample_weight
from ..utils.multiclass import check_classification_targets, type_of_target
from ..utils.validation import _assert_all_finite, _check_sample_weight, check_is_fitted
from ._bagging import _n_bootstrap_samples
from ._base import MAX_INT, VERBOSE
from ._packed_trees import PackedTrees

# The forests' parameters handed to every tree.
TREE_PARAMS = ("criterion", "max_depth", "min_samples_split", "min_samples_leaf",
               "min_weight_fraction_leaf", "max_features", "max_leaf_nodes",
               "min_impurity_decrease", "ccp_alpha", "monotonic_cst")

# Out-of-bag sums are taken this many trees at a time (bounds the in-bag mask).
_OOB_TREES = 64

_FOREST_CONSTRAINTS = {
    "n_estimators": [Interval(numbers.Integral, 1, None, closed="left")],
    "bootstrap": ["boolean"],
    "oob_score": ["boolean", callable],
    "n_jobs": [numbers.Integral, None],
    "random_state": ["random_state"],
    "verbose": VERBOSE,
    "warm_start": ["boolean"],
    "max_samples": [None, Interval(RealNotInt, 0.0, None, closed="neither"),
                    Interval(numbers.Integral, 1, None, closed="left")],
}


def forest_constraints(tree_constraints):
    """A forest's parameter constraints: its own and its trees' (but the splitter)."""
    merged = {**_FOREST_CONSTRAINTS, **tree_constraints}
    merged.pop("splitter")
    if "class_weight" in merged:
        merged["class_weight"] = [StrOptions({"balanced_subsample", "balanced"}), dict, list,
                                  None]
    return merged


def sample_indices(seed, n_samples, n_samples_bootstrap, sample_weight):
    """The bootstrap rows of the tree with this seed, as scikit-learn draws them."""
    rng = check_random_state(seed)
    if sample_weight is None:
        indices = rng.randint(0, n_samples, n_samples_bootstrap)
    else:
        indices = rng.choice(n_samples, n_samples_bootstrap, replace=True,
                             p=sample_weight / np.sum(sample_weight))
    return indices.astype(np.int32)


def _grow(tree, X, y, n_classes, sample_weight, presorted, bootstrap, n_samples_bootstrap,
          balanced_subsample, index, total, verbose):
    """Fit one tree of the forest (on its bootstrap draw counts when ``bootstrap``) on the
    checked X (float32, Fortran order) and encoded y, as the tree's own fit would after its
    checks; a presort of all rows is filtered to the tree's rows of non-zero weight."""
    if verbose > 1:
        print(f"building tree {index + 1} of {total}")
    if bootstrap:
        indices = sample_indices(tree.random_state, X.shape[0], n_samples_bootstrap,
                                 sample_weight)
        counts = np.bincount(indices, minlength=X.shape[0]).astype(np.float64)
        if balanced_subsample:
            counts *= compute_sample_weight("balanced", y, indices=indices)
        sample_weight = counts
    if presorted is not None:
        presorted = presort_rows(*presorted, None if sample_weight is None
                                 else sample_weight != 0)
    tree.n_features_in_, tree.n_outputs_ = X.shape[1], y.shape[1]
    if n_classes is not None:  # every class is among the rows (unsampled ones weigh 0)
        tree.classes_ = [np.arange(k, dtype=np.float64) for k in n_classes]
        tree.n_classes_ = np.array(n_classes, dtype=np.intp)
    return tree._grow(X, y, sample_weight, presorted)


class BaseForest(BaseEstimator):
    """Fitting, out-of-bag estimates and the tree-wise outputs shared by the four forests.

    A subclass names its tree class (``_tree_type``) and its constraints."""

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.allow_nan = self._tree_type()(criterion=self.criterion)._allows_nan()
        tags.target_tags.multi_output = True
        return tags

    def _make_tree(self, random_state):
        """A tree with the forest's tree parameters and its seed drawn from random_state
        (what cloning ``estimator_``, setting them and ``set_random_states`` give, faster)."""
        return type(self.estimator_)(**{p: getattr(self, p) for p in TREE_PARAMS},
                                     random_state=int(random_state.randint(MAX_INT)))

    # -- fit ---------------------------------------------------------------------------
    def fit(self, X, y, sample_weight=None):
        """Grow the forest on X (n_samples, n_features) and y (n_samples,) or
        (n_samples, n_outputs); ``sample_weight`` (n_samples,) weights the rows (and, with
        ``bootstrap``, their chances of being drawn). Returns ``self``."""
        self._validate_params()
        warn_if_friedman_mse(self.criterion, stacklevel=3)
        if sp.issparse(y):
            raise ValueError("sparse multilabel-indicator for y is not supported.")
        X, y = validate_data(self, X, y, multi_output=True, accept_sparse="csc",
                             dtype=np.float32, ensure_all_finite=False)
        allow_nan = self._tree_type()(criterion=self.criterion)._allows_nan()
        _assert_all_finite(X.data if sp.issparse(X) else X, allow_nan and not sp.issparse(X),
                           "X", type(self).__name__)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X)
        y = self._check_y(y)
        self._n_samples, self.n_outputs_ = y.shape
        y, class_weights = self._validate_y_class_weight(y, sample_weight)
        y = np.ascontiguousarray(y, dtype=np.int32 if is_classifier(self) else np.float64)
        if class_weights is not None:
            sample_weight = (class_weights if sample_weight is None
                             else sample_weight * class_weights)
        self._sample_weight = sample_weight
        if not self.bootstrap and self.max_samples is not None:
            raise ValueError("`max_sample` cannot be set if `bootstrap=False`. Either switch to "
                             "`bootstrap=True` or set `max_sample=None`.")
        self._n_samples_bootstrap = (_n_bootstrap_samples(X.shape[0], self.max_samples,
                                                          sample_weight)
                                     if self.bootstrap else None)
        self.estimator_ = self._tree_type()()
        if not self.bootstrap and self.oob_score:
            raise ValueError("Out of bag estimation only available if bootstrap=True")
        random_state = check_random_state(self.random_state)
        if not self.warm_start or not hasattr(self, "estimators_"):
            self.estimators_ = []
        n_more = self.n_estimators - len(self.estimators_)
        if n_more < 0:
            raise ValueError(f"n_estimators={self.n_estimators} must be larger or equal to "
                             f"len(estimators_)={len(self.estimators_)} when warm_start==True")
        X_fit = X.toarray(order="F") if sp.issparse(X) else np.asfortranarray(X)
        if n_more == 0:
            warnings.warn("Warm-start fitting without increasing n_estimators does not fit new "
                          "trees.", UserWarning, stacklevel=2)
        else:
            if self.warm_start and self.estimators_:
                random_state.randint(MAX_INT, size=len(self.estimators_))  # the earlier seeds
            trees = [self._make_tree(random_state) for _ in range(n_more)]
            self.estimators_.extend(self._grow_all(trees, X_fit, y, sample_weight))
        if self.oob_score and (n_more > 0 or not hasattr(self, "oob_score_")):
            self._check_oob_target(y)
            self._set_oob_score_and_attributes(
                X, y.astype(np.float64), None if self.oob_score is True else self.oob_score)
        if is_classifier(self) and self.n_outputs_ == 1:
            self.n_classes_ = self.n_classes_[0]
            self.classes_ = self.classes_[0]
        return self

    def _check_y(self, y):
        y = np.atleast_1d(y)
        if y.ndim == 2 and y.shape[1] == 1:
            warnings.warn("A column-vector y was passed when a 1d array was expected. Please "
                          "change the shape of y to (n_samples,), for example using ravel().",
                          compatible(DataConversionWarning), stacklevel=3)
        if y.ndim == 1:
            y = np.reshape(y, (-1, 1))
        if getattr(self, "criterion", None) == "poisson":
            if np.any(y < 0):
                raise ValueError("Some value(s) of y are negative which is not allowed for "
                                 "Poisson regression.")
            if np.sum(y) <= 0:
                raise ValueError("Sum of y is not strictly positive which is necessary for "
                                 "Poisson regression.")
        return y

    def _grow_all(self, trees, X, y, sample_weight):
        """Fit the new trees on ``n_jobs`` threads (each tree depends on its seed only)."""
        presorted = None
        max_features = resolve_max_features(self.max_features, X.shape[1])
        if self.estimator_.splitter == "best" and presort_pays(*X.shape, max_features):
            presorted = presort(X, np.arange(X.shape[0], dtype=np.int32))  # once, not per tree
        args = (self.bootstrap, self._n_samples_bootstrap,
                self.bootstrap and getattr(self, "class_weight", None) == "balanced_subsample")
        n_classes = self.n_classes_ if is_classifier(self) else None
        calls = [(tree, X, y, n_classes, sample_weight, presorted, *args, i, len(trees),
                  self.verbose) for i, tree in enumerate(trees)]
        if len(trees) == 1 or self.n_jobs in (None, 1):
            return [_grow(*call) for call in calls]
        from joblib import Parallel, delayed

        return Parallel(n_jobs=self.n_jobs, verbose=self.verbose, prefer="threads")(
            delayed(_grow)(*call) for call in calls)

    def _validate_y_class_weight(self, y, sample_weight):
        return y, None

    # -- out of bag --------------------------------------------------------------------
    def _check_oob_target(self, y):
        y_type = type_of_target(y)
        if y_type == "unknown" or (is_classifier(self) and y_type == "multiclass-multioutput"):
            raise ValueError(
                "The type of target cannot be used to compute OOB estimates. Got "
                f"{y_type} while only the following are supported: continuous, "
                "continuous-multioutput, binary, multiclass, multilabel-indicator.")

    def _inbag_masks(self, trees):
        """(len(trees), n_samples) bool: the rows each tree was drawn."""
        mask = np.zeros((len(trees), self._n_samples), dtype=bool)
        for t, tree in enumerate(trees):
            mask[t, sample_indices(tree.random_state, self._n_samples,
                                   self._n_samples_bootstrap, self._sample_weight)] = True
        return mask

    def _compute_oob_predictions(self, X, width):
        """Per row, the mean over the trees that did not draw it of the tree's node values
        (n_samples, width); rows every tree drew count as one tree, with a warning."""
        X = X.tocsr() if sp.issparse(X) else X
        total = np.zeros((X.shape[0], width))
        counts = np.zeros(X.shape[0], dtype=np.int64)
        trees = self.estimators_
        for lo in range(0, len(trees), _OOB_TREES):
            group = trees[lo:lo + _OOB_TREES]
            PackedTrees([tree.tree_ for tree in group]).sum_out_of_bag(
                X, self._inbag_masks(group), total, counts, self.n_jobs)
        if (counts == 0).any():
            warnings.warn("Some inputs do not have OOB scores. This probably means too few "
                          "trees were used to compute any reliable OOB estimates.", UserWarning,
                          stacklevel=4)
            counts[counts == 0] = 1
        return total / counts[:, None]

    # -- outputs -----------------------------------------------------------------------
    def _validate_X_predict(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float32, accept_sparse="csr", reset=False,
                          ensure_all_finite=False)
        allow_nan = self.estimators_[0]._allows_nan() and not sp.issparse(X)
        _assert_all_finite(X.data if sp.issparse(X) else X, allow_nan, "X", type(self).__name__)
        return X

    def _mean_values(self, X):
        """The trees' mean node values for X: (n_samples, n_outputs * max_n_classes)."""
        X = self._validate_X_predict(X)
        total = PackedTrees([tree.tree_ for tree in self.estimators_]).sum_values(X, self.n_jobs)
        return total / len(self.estimators_)

    def apply(self, X):
        """The leaf each sample reaches in each tree, ndarray of shape (n_samples, n_estimators)."""
        X = self._validate_X_predict(X)
        return PackedTrees([tree.tree_ for tree in self.estimators_]).apply(X, self.n_jobs)

    def decision_path(self, X):
        """The nodes each sample goes through.

        Returns
        -------
        indicator : sparse CSR matrix of shape (n_samples, n_nodes), the nodes of all trees
            side by side.
        n_nodes_ptr : ndarray of shape (n_estimators + 1,); tree i's columns are
            ``indicator[:, n_nodes_ptr[i]:n_nodes_ptr[i + 1]]``.
        """
        X = self._validate_X_predict(X)
        paths = [tree.tree_.decision_path(X) for tree in self.estimators_]
        n_nodes_ptr = np.cumsum([0] + [path.shape[1] for path in paths])
        return sp.hstack(paths).tocsr(), n_nodes_ptr

    @property
    def feature_importances_(self):
        """Impurity-based importances: the mean of the trees' normalised importances,
        renormalised to sum to 1 (zeros when every tree is a single leaf), (n_features,)."""
        check_is_fitted(self)
        importances = [tree.feature_importances_ for tree in self.estimators_
                       if tree.tree_.node_count > 1]
        if not importances:
            return np.zeros(self.n_features_in_, dtype=np.float64)
        mean = np.mean(importances, axis=0, dtype=np.float64)
        return mean / np.sum(mean)

    @property
    def estimators_samples_(self):
        """The rows each tree was fitted on (its bootstrap draws; all rows without bootstrap)."""
        check_is_fitted(self)
        if not self.bootstrap:
            return [np.arange(self._n_samples, dtype=np.int32) for _ in self.estimators_]
        return [sample_indices(tree.random_state, self._n_samples, self._n_samples_bootstrap,
                               self._sample_weight) for tree in self.estimators_]


class ForestClassifier(ClassifierMixin, BaseForest):
    """Classification forests: class codes per output, class weights, mean probabilities."""

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.classifier_tags.multi_label = True
        return tags

    def _validate_y_class_weight(self, y, sample_weight):
        check_classification_targets(y)
        self.classes_, self.n_classes_ = [], []
        codes = np.zeros(y.shape, dtype=int)
        for k in range(self.n_outputs_):
            labels, codes[:, k] = np.unique(y[:, k], return_inverse=True)
            self.classes_.append(labels)
            self.n_classes_.append(len(labels))
        if self.class_weight is None:
            return codes, None
        if isinstance(self.class_weight, (dict, list)):
            return codes, compute_sample_weight(self.class_weight, y)
        if self.warm_start:
            warnings.warn(
                'class_weight presets "balanced" or "balanced_subsample" are not recommended '
                "for warm_start if the fitted data differs from the full dataset. In order to "
                'use "balanced" weights, use compute_class_weight ("balanced", classes, y). In '
                "place of y you can use a large enough sample of the full training set target "
                "to properly estimate the class frequency distributions. Pass the resulting "
                "weights as the class_weight parameter.", UserWarning, stacklevel=3)
        if self.class_weight == "balanced_subsample" and self.bootstrap:
            return codes, None  # computed on each tree's bootstrap sample
        weights = [dict(zip(self.classes_[k], compute_class_weight(
            "balanced", classes=self.classes_[k], y=y[:, k], sample_weight=sample_weight)))
            for k in range(self.n_outputs_)]
        return codes, compute_sample_weight(weights[0] if self.n_outputs_ == 1 else weights, y)

    def _set_oob_score_and_attributes(self, X, y, scoring_function=None):
        n_classes = np.atleast_1d(self.n_classes_)  # one per output (all equal here)
        width = self.n_outputs_ * int(n_classes.max())
        oob = self._compute_oob_predictions(X, width).reshape(len(y), self.n_outputs_, -1)
        oob = np.moveaxis(oob[:, :, :n_classes[0]], 1, 2)  # (n_samples, n_classes, n_outputs)
        self.oob_decision_function_ = oob[:, :, 0] if self.n_outputs_ == 1 else oob
        if scoring_function is None:
            from ..metrics import accuracy_score

            scoring_function = accuracy_score
        self.oob_score_ = scoring_function(y, np.argmax(self.oob_decision_function_, axis=1))

    def predict_proba(self, X):
        """The trees' mean class probabilities: (n_samples, n_classes), or a list of such
        arrays, one per output."""
        mean = self._mean_values(X)
        if self.n_outputs_ == 1:
            return mean[:, : self.n_classes_]
        mean = mean.reshape(len(mean), self.n_outputs_, -1)
        return [np.ascontiguousarray(mean[:, k, : self.n_classes_[k]])
                for k in range(self.n_outputs_)]

    predict_log_proba = _ClassifierTree.predict_log_proba  # the log of predict_proba

    def predict(self, X):
        """The class of largest mean probability: (n_samples,) or (n_samples, n_outputs)."""
        proba = self.predict_proba(X)
        if self.n_outputs_ == 1:
            return self.classes_.take(np.argmax(proba, axis=1), axis=0)
        out = np.empty((len(proba[0]), self.n_outputs_), dtype=self.classes_[0].dtype)
        for k in range(self.n_outputs_):
            out[:, k] = self.classes_[k].take(np.argmax(proba[k], axis=1), axis=0)
        return out


class ForestRegressor(RegressorMixin, BaseForest):
    """Regression forests: mean predictions, out-of-bag R^2."""

    def _set_oob_score_and_attributes(self, X, y, scoring_function=None):
        oob = self._compute_oob_predictions(X, self.n_outputs_)
        self.oob_prediction_ = oob[:, 0] if self.n_outputs_ == 1 else oob
        if scoring_function is None:
            from ..metrics import r2_score

            scoring_function = r2_score
        self.oob_score_ = scoring_function(y, self.oob_prediction_)

    def predict(self, X):
        """The trees' mean prediction: (n_samples,) or (n_samples, n_outputs)."""
        mean = self._mean_values(X)
        return mean[:, 0] if self.n_outputs_ == 1 else mean
