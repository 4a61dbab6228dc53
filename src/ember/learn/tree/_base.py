"""What the four tree estimators share: parameters, fit, prediction, pruning, importances.

``fit`` validates and encodes the data, resolves the parameters into counts
(scikit-learn's rules: fractions of ``min_samples_leaf``/``min_samples_split``
are ceiled, ``max_features`` resolved to ``max_features_``), multiplies class
weights into the sample weights and hands the arrays to ``build_tree``; a
positive ``ccp_alpha`` then prunes the grown tree. ``monotonic_cst`` is checked
against the data (scikit-learn's errors) and handed to the builder, signs flipped
for classifiers.
"""

import numbers
import warnings
from math import ceil

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, clone, is_classifier
from ..datasets._bunch import Bunch
from ..utils import check_random_state, validate_data
from ..utils._param_validation import Interval, RealNotInt, StrOptions
from ..utils.class_weight import compute_sample_weight
from ..utils.multiclass import check_classification_targets
from ..utils.validation import _assert_all_finite, _check_sample_weight, check_is_fitted
from ._builder import build_tree

TREE_CONSTRAINTS = {
    "splitter": [StrOptions({"best", "random"})],
    "max_depth": [Interval(numbers.Integral, 1, None, closed="left"), None],
    "min_samples_split": [Interval(numbers.Integral, 2, None, closed="left"),
                          Interval(RealNotInt, 0.0, 1.0, closed="right")],
    "min_samples_leaf": [Interval(numbers.Integral, 1, None, closed="left"),
                         Interval(RealNotInt, 0.0, 1.0, closed="neither")],
    "min_weight_fraction_leaf": [Interval(numbers.Real, 0.0, 0.5, closed="both")],
    "max_features": [Interval(numbers.Integral, 1, None, closed="left"),
                     Interval(RealNotInt, 0.0, 1.0, closed="right"),
                     StrOptions({"sqrt", "log2"}), None],
    "random_state": ["random_state"],
    "max_leaf_nodes": [Interval(numbers.Integral, 2, None, closed="left"), None],
    "min_impurity_decrease": [Interval(numbers.Real, 0.0, None, closed="left")],
    "ccp_alpha": [Interval(numbers.Real, 0.0, None, closed="left")],
    "monotonic_cst": ["array-like", None],
}


def resolve_max_features(max_features, n_features):
    """The number of features drawn per node for a ``max_features`` parameter."""
    if max_features == "sqrt":
        return max(1, int(np.sqrt(n_features)))
    if max_features == "log2":
        return max(1, int(np.log2(n_features)))
    if max_features is None:
        return n_features
    if isinstance(max_features, numbers.Integral):
        return int(max_features)
    return max(1, int(max_features * n_features)) if max_features > 0.0 else 0


def resolve_sample_counts(min_samples_leaf, min_samples_split, n_samples):
    """``(min_samples_leaf, min_samples_split)`` as counts: fractions of n_samples are
    ceiled, and a split needs at least two leaves' worth of samples."""
    if not isinstance(min_samples_leaf, numbers.Integral):
        min_samples_leaf = ceil(min_samples_leaf * n_samples)
    if not isinstance(min_samples_split, numbers.Integral):
        min_samples_split = max(2, ceil(min_samples_split * n_samples))
    return min_samples_leaf, max(min_samples_split, 2 * min_samples_leaf)


def check_monotonic_cst(monotonic_cst, n_features, n_outputs, n_classes=None):
    """The constraints as int8 for ``build_tree`` (None stays None), with scikit-learn's
    errors: one output only, one of -1, 0, 1 per feature, at most two classes; for a
    classifier (``n_classes`` given) the signs are flipped, since the builder constrains
    the fraction of the first class and the parameter that of the positive class."""
    if monotonic_cst is None:
        return None
    if n_outputs > 1:
        raise ValueError("Monotonicity constraints are not supported with multiple outputs.")
    given = np.asarray(monotonic_cst)  # the values as given, for the message
    if given.shape[0] != n_features:
        raise ValueError(f"monotonic_cst has shape {given.shape[0]} but the input data X has "
                         f"{n_features} features.")
    if not np.all(np.isin(given, (-1, 0, 1))):
        raise ValueError("monotonic_cst must be None or an array-like of -1, 0 or 1, but got "
                         f"{np.unique(given)}")
    constraints = given.astype(np.int8)
    if n_classes is not None:
        if n_classes[0] > 2:
            raise ValueError("Monotonicity constraints are not supported with multiclass "
                             "classification")
        constraints = -constraints
    return constraints


def warn_if_friedman_mse(criterion, stacklevel):
    """scikit-learn 1.9's FutureWarning for the deprecated ``criterion="friedman_mse"``."""
    if criterion == "friedman_mse":
        warnings.warn(
            'Value `"friedman_mse"` for `criterion` is deprecated and will be removed in '
            '1.11. It maps to `"squared_error"` as both were always equivalent. Use '
            '`criterion="squared_error"` to remove this warning.', FutureWarning,
            stacklevel=stacklevel)


class BaseDecisionTree(BaseEstimator):
    """Shared machinery of the decision-tree estimators (not public)."""

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.allow_nan = self._allows_nan()
        tags.target_tags.multi_output = True
        return tags

    def _allows_nan(self):
        return True

    # -- fit -----------------------------------------------------------------------------
    def _validate_fit_data(self, X, y, check_input):
        if not check_input:
            return X, y
        X, y = validate_data(self, X, y, validate_separately=(
            {"dtype": np.float32, "accept_sparse": "csc", "ensure_all_finite": False},
            {"ensure_2d": False, "dtype": None}))
        self._check_finite(X)
        if self.criterion == "poisson":
            if np.any(y < 0):
                raise ValueError("Some value(s) of y are negative which is not allowed for "
                                 "Poisson regression.")
            if np.sum(y) <= 0:
                raise ValueError("Sum of y is not positive which is necessary for Poisson "
                                 "regression.")
        return X, y

    def _check_finite(self, X):
        """Infinity is never accepted; NaN only where this tree supports missing values."""
        values = X.data if sp.issparse(X) else X
        allow_nan = self._allows_nan() and not sp.issparse(X)
        _assert_all_finite(values, allow_nan, "X", type(self).__name__)

    def _encode_targets(self, y):
        """2-D float targets; for a classifier the class codes, with classes_/n_classes_ set
        and the class weights of each sample returned (or None)."""
        y = np.atleast_1d(np.asarray(y))
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        self.n_outputs_ = y.shape[1]
        if not is_classifier(self):
            return np.ascontiguousarray(y, dtype=np.float64), None
        check_classification_targets(y)
        codes = np.empty(y.shape, dtype=np.int64)
        classes = []
        for k in range(self.n_outputs_):
            labels, codes[:, k] = np.unique(y[:, k], return_inverse=True)
            classes.append(labels)
        self.classes_ = classes
        self.n_classes_ = np.array([len(c) for c in classes], dtype=np.intp)
        weights = None
        if self.class_weight is not None:
            weights = compute_sample_weight(self.class_weight, y)
        return codes, weights

    def _fit(self, X, y, sample_weight=None, check_input=True):
        self._validate_params()
        warn_if_friedman_mse(self.criterion, stacklevel=4)
        X, y = self._validate_fit_data(X, y, check_input)
        n_samples, self.n_features_in_ = X.shape
        y, class_weights = self._encode_targets(y)
        if len(y) != n_samples:
            raise ValueError(f"Number of labels={len(y)} does not match number of "
                             f"samples={n_samples}")
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        if class_weights is not None:
            sample_weight = (class_weights if sample_weight is None
                             else sample_weight * class_weights)
        return self._grow(X, y, sample_weight)

    def _grow(self, X, y, sample_weight=None, presorted=None):
        """Grow ``tree_`` on checked arrays (what ``_fit`` does once they are checked, and
        what the forests call for each tree).

        X is (n_samples, n_features) float32 (Fortran order avoids a copy; sparse is
        densified), y the encoded targets (class codes, with ``classes_`` and
        ``n_classes_`` set as lists per output, or floats), sample_weight float64 or None;
        ``n_features_in_`` and ``n_outputs_`` are set. ``presorted`` goes to
        ``build_tree`` (a forest presorts X once and gives each tree its rows' presort)."""
        random_state = check_random_state(self.random_state)
        n_samples = X.shape[0]
        min_samples_leaf, min_samples_split = resolve_sample_counts(
            self.min_samples_leaf, self.min_samples_split, n_samples)
        self.max_features_ = resolve_max_features(self.max_features, self.n_features_in_)
        total = n_samples if sample_weight is None else np.sum(sample_weight)
        X = X.toarray(order="F") if sp.issparse(X) else X
        monotonic_cst = check_monotonic_cst(
            self.monotonic_cst, self.n_features_in_, self.n_outputs_,
            self.n_classes_ if is_classifier(self) else None)
        self.tree_ = build_tree(
            X, y, sample_weight, n_classes=self.n_classes_ if is_classifier(self) else None,
            criterion=self.criterion, splitter=self.splitter, max_features=self.max_features_,
            max_depth=self.max_depth, min_samples_split=min_samples_split,
            min_samples_leaf=min_samples_leaf,
            min_weight_leaf=self.min_weight_fraction_leaf * total,
            max_leaf_nodes=self.max_leaf_nodes, min_impurity_decrease=self.min_impurity_decrease,
            seed=random_state.randint(0, np.iinfo(np.int32).max), presorted=presorted,
            monotonic_cst=monotonic_cst)
        if is_classifier(self) and self.n_outputs_ == 1:
            self.n_classes_ = self.n_classes_[0]
            self.classes_ = self.classes_[0]
        if self.ccp_alpha > 0.0:
            self.tree_ = self.tree_.pruned(self.ccp_alpha)
        return self

    # -- prediction ----------------------------------------------------------------------
    def _validate_X_predict(self, X, check_input=True):
        check_is_fitted(self)
        if not check_input:
            return X
        X = validate_data(self, X, dtype=np.float32, accept_sparse="csr", reset=False,
                          ensure_all_finite=False)
        self._check_finite(X)
        return X

    def predict(self, X, check_input=True):
        """Predicted class or value of each sample.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        check_input : bool, default=True
            Skip the validation of X (which must then be float32) when False.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        X = self._validate_X_predict(X, check_input)
        leaves = self.tree_.apply(X)
        values = self.tree_.value
        if not is_classifier(self):
            return values[leaves, 0, 0] if self.n_outputs_ == 1 else values[leaves, :, 0]
        # the majority class of each node once, then one lookup per sample
        if self.n_outputs_ == 1:
            return self.classes_.take(np.argmax(values[:, 0], axis=1)[leaves], axis=0)
        out = np.empty((len(leaves), self.n_outputs_), dtype=self.classes_[0].dtype)
        for k in range(self.n_outputs_):
            out[:, k] = self.classes_[k].take(np.argmax(values[:, k], axis=1)[leaves], axis=0)
        return out

    def apply(self, X, check_input=True):
        """Index of the leaf each sample ends in, ndarray of shape (n_samples,)."""
        return self.tree_.apply(self._validate_X_predict(X, check_input))

    def decision_path(self, X, check_input=True):
        """Sparse CSR indicator of shape (n_samples, n_nodes) of the nodes each sample
        goes through."""
        return self.tree_.decision_path(self._validate_X_predict(X, check_input))

    def get_depth(self):
        """The maximum distance between the root and a leaf."""
        check_is_fitted(self)
        return self.tree_.max_depth

    def get_n_leaves(self):
        """The number of leaves."""
        check_is_fitted(self)
        return self.tree_.n_leaves

    @property
    def feature_importances_(self):
        """Normalised total impurity decrease brought by each feature (Gini importance),
        ndarray of shape (n_features,)."""
        check_is_fitted(self)
        return self.tree_.compute_feature_importances()

    def cost_complexity_pruning_path(self, X, y, sample_weight=None):
        """The minimal cost-complexity pruning path of the tree fitted on (X, y).

        Returns
        -------
        ccp_path : Bunch
            ``ccp_alphas``: the effective alphas of the successive subtrees (increasing);
            ``impurities``: the total leaf impurity of each.
        """
        estimator = clone(self).set_params(ccp_alpha=0.0)
        estimator.fit(X, y, sample_weight=sample_weight)
        return Bunch(**estimator.tree_.pruning_path())
