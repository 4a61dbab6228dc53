"""``DecisionTreeClassifier``, ``DecisionTreeRegressor`` and the extremely randomized
``ExtraTreeClassifier`` / ``ExtraTreeRegressor`` (CART: Breiman et al., *Classification
and Regression Trees*, 1984; Geurts et al., *Extremely randomized trees*, 2006)."""

import numpy as np

from ..base import ClassifierMixin, RegressorMixin
from ..utils._param_validation import StrOptions
from ._base import TREE_CONSTRAINTS, BaseDecisionTree

_CLASSIFIER_CONSTRAINTS = {
    **TREE_CONSTRAINTS,
    "criterion": [StrOptions({"gini", "entropy", "log_loss"})],
    "class_weight": [dict, list, StrOptions({"balanced"}), None],
}
_REGRESSOR_CONSTRAINTS = {
    **TREE_CONSTRAINTS,
    "criterion": [StrOptions({"squared_error", "friedman_mse", "absolute_error", "poisson"})],
}

_PARAMETERS = """
    splitter : {{"best", "random"}}, default="{splitter}"
        "best" scans every boundary between consecutive distinct values of each drawn
        feature; "random" draws one threshold uniformly between its minimum and maximum.
    max_depth : int, default=None
        Maximum depth; None grows until the leaves are pure or too small to split.
    min_samples_split : int or float, default=2
        Minimum number of samples to split a node (a float is a fraction of n_samples,
        ceiled).
    min_samples_leaf : int or float, default=1
        Minimum number of samples in each child (a float is a fraction, ceiled).
    min_weight_fraction_leaf : float, default=0.0
        Minimum fraction of the total sample weight in each child.
    max_features : int, float, {{"sqrt", "log2"}} or None, default={max_features}
        Number of features drawn (without replacement) per node; a float is a fraction
        of n_features. Features found constant do not count unless no other was drawn.
    random_state : int, RandomState instance or None, default=None
        Seeds the feature draws and the random thresholds.
    max_leaf_nodes : int, default=None
        Grow best first (largest impurity decrease first) up to this many leaves.
    min_impurity_decrease : float, default=0.0
        Split only when the weighted impurity decrease is at least this.
    ccp_alpha : float, default=0.0
        Complexity parameter of minimal cost-complexity pruning (0: no pruning).
    monotonic_cst : array-like of int of shape (n_features,), default=None
        Per feature, 1 (increasing), 0 (free) or -1 (decreasing): the direction in which
        {monotonic} moves with that feature.
        A split on a constrained feature is kept only if its children's values are in that
        order and within the node's bounds, which its children inherit, divided at the
        mean of their two values; node values are clipped to their bounds.
        Not supported for multi-output y{multiclass}.
"""

_MONOTONIC_CLASSIFIER = dict(monotonic="the probability of the positive class",
                             multiclass=" or more than two classes")
_MONOTONIC_REGRESSOR = dict(monotonic="the prediction", multiclass="")

_ATTRIBUTES = """
    max_features_ : int
        The resolved ``max_features``.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Only for DataFrames with string column names.
    n_outputs_ : int
    feature_importances_ : ndarray of shape (n_features_in_,)
    tree_ : Tree
        The nodes as arrays (``children_left``, ``feature``, ``threshold``, ``value``...).
"""


class _ClassifierTree(ClassifierMixin, BaseDecisionTree):
    _parameter_constraints = _CLASSIFIER_CONSTRAINTS

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.classifier_tags.multi_label = True
        return tags

    def fit(self, X, y, sample_weight=None, check_input=True):
        """Grow the tree on X (n_samples, n_features) and the labels y (n_samples,) or
        (n_samples, n_outputs); returns ``self``."""
        return self._fit(X, y, sample_weight=sample_weight, check_input=check_input)

    def predict_proba(self, X, check_input=True):
        """Class probabilities: the weighted class fractions of each sample's leaf,
        (n_samples, n_classes), or a list of such arrays, one per output."""
        X = self._validate_X_predict(X, check_input)
        proba = self.tree_.predict(X)
        if self.n_outputs_ == 1:
            return proba[:, : self.n_classes_]
        return [proba[:, k, : self.n_classes_[k]] for k in range(self.n_outputs_)]

    def predict_log_proba(self, X):
        """Logarithm of ``predict_proba`` (-inf for a class absent from the leaf)."""
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            if self.n_outputs_ == 1:
                return np.log(proba)
            return [np.log(p) for p in proba]


class _RegressorTree(RegressorMixin, BaseDecisionTree):
    _parameter_constraints = _REGRESSOR_CONSTRAINTS

    def fit(self, X, y, sample_weight=None, check_input=True):
        """Grow the tree on X (n_samples, n_features) and the targets y (n_samples,) or
        (n_samples, n_outputs); returns ``self``."""
        return self._fit(X, y, sample_weight=sample_weight, check_input=check_input)


class DecisionTreeClassifier(_ClassifierTree):
    __doc__ = """A CART classification tree.

    Each node is split in two by the test ``x[feature] <= threshold`` that most
    decreases the weighted impurity of the children; thresholds are midpoints between
    consecutive distinct values. With ``max_features=None`` and ``splitter="best"`` the
    tree is scikit-learn's whenever no two candidate splits tie (ties go to the lowest
    feature index). NaN values are routed to the side that decreases the impurity most.

    Parameters
    ----------
    criterion : {{"gini", "entropy", "log_loss"}}, default="gini"
        Gini impurity, or Shannon entropy in bits ("log_loss" is the same).
    {parameters}
    class_weight : dict, list of dict, "balanced" or None, default=None
        Weights of the classes (one dict per output for multi-output y), multiplied into
        ``sample_weight``; "balanced" uses ``n_samples / (n_classes * bincount(y))``.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,) or list of such arrays
    n_classes_ : int or ndarray of int (one per output)
    {attributes}
    Examples
    --------
    >>> from ember.learn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> tree = DecisionTreeClassifier(max_depth=2, random_state=42).fit(X[:, 2:], y)
    >>> tree.tree_.threshold[[0, 2]].round(2), tree.predict_proba([[5, 1.5]]).round(3)
    (array([2.45, 1.75]), array([[0.   , 0.907, 0.093]]))
    """.format(parameters=_PARAMETERS.format(splitter="best", max_features="None",
                                                 **_MONOTONIC_CLASSIFIER).strip(),
               attributes=_ATTRIBUTES.strip())

    def __init__(self, *, criterion="gini", splitter="best", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, min_weight_fraction_leaf=0.0, max_features=None,
                 random_state=None, max_leaf_nodes=None, min_impurity_decrease=0.0,
                 class_weight=None, ccp_alpha=0.0, monotonic_cst=None):
        self.criterion = criterion
        self.splitter = splitter
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.random_state = random_state
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.class_weight = class_weight
        self.ccp_alpha = ccp_alpha
        self.monotonic_cst = monotonic_cst


class DecisionTreeRegressor(_RegressorTree):
    __doc__ = """A CART regression tree.

    Splits minimise the weighted squared error (leaf value: the mean), the absolute
    error (leaf value: the weighted median) or the half Poisson deviance (mean; y must be
    non-negative with a positive sum). ``"friedman_mse"`` is accepted as the deprecated
    alias of ``"squared_error"`` it is in scikit-learn 1.9 (with its FutureWarning).

    Parameters
    ----------
    criterion : {{"squared_error", "absolute_error", "poisson"}}, default="squared_error"
    {parameters}
    Attributes
    ----------
    {attributes}
    Examples
    --------
    >>> import numpy as np
    >>> X = np.arange(8.0).reshape(-1, 1)
    >>> model = DecisionTreeRegressor(max_depth=1).fit(X, [0, 0, 0, 0, 2, 2, 2, 3])
    >>> float(model.tree_.threshold[0]), model.predict([[2], [6]])
    (3.5, array([0.  , 2.25]))
    """.format(parameters=_PARAMETERS.format(splitter="best", max_features="None",
                                                 **_MONOTONIC_REGRESSOR).strip(),
               attributes=_ATTRIBUTES.strip())

    def __init__(self, *, criterion="squared_error", splitter="best", max_depth=None,
                 min_samples_split=2, min_samples_leaf=1, min_weight_fraction_leaf=0.0,
                 max_features=None, random_state=None, max_leaf_nodes=None,
                 min_impurity_decrease=0.0, ccp_alpha=0.0, monotonic_cst=None):
        self.criterion = criterion
        self.splitter = splitter
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.random_state = random_state
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.ccp_alpha = ccp_alpha
        self.monotonic_cst = monotonic_cst


class ExtraTreeClassifier(DecisionTreeClassifier):
    __doc__ = """An extremely randomized classification tree.

    By default each node draws ``sqrt(n_features)`` features and one uniform threshold
    per feature, keeping the best of those random splits; meant to be averaged in
    ``ExtraTreesClassifier`` or bagging. Missing values are supported with
    ``splitter="random"`` (sent to a random side).

    Parameters
    ----------
    criterion : {{"gini", "entropy", "log_loss"}}, default="gini"
    {parameters}
    class_weight : dict, list of dict, "balanced" or None, default=None

    Attributes
    ----------
    classes_, n_classes_ : as DecisionTreeClassifier
    {attributes}
    Examples
    --------
    >>> from ember.learn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> ExtraTreeClassifier(random_state=0).fit(X, y).score(X, y)
    1.0
    """.format(parameters=_PARAMETERS.format(splitter="random", max_features='"sqrt"',
                                                 **_MONOTONIC_CLASSIFIER).strip(),
               attributes=_ATTRIBUTES.strip())

    def __init__(self, *, criterion="gini", splitter="random", max_depth=None,
                 min_samples_split=2, min_samples_leaf=1, min_weight_fraction_leaf=0.0,
                 max_features="sqrt", random_state=None, max_leaf_nodes=None,
                 min_impurity_decrease=0.0, class_weight=None, ccp_alpha=0.0,
                 monotonic_cst=None):
        super().__init__(
            criterion=criterion, splitter=splitter, max_depth=max_depth,
            min_samples_split=min_samples_split, min_samples_leaf=min_samples_leaf,
            min_weight_fraction_leaf=min_weight_fraction_leaf, max_features=max_features,
            random_state=random_state, max_leaf_nodes=max_leaf_nodes,
            min_impurity_decrease=min_impurity_decrease, class_weight=class_weight,
            ccp_alpha=ccp_alpha, monotonic_cst=monotonic_cst)

    def _allows_nan(self):
        return self.splitter == "random"


class ExtraTreeRegressor(DecisionTreeRegressor):
    __doc__ = """An extremely randomized regression tree (all features, ``max_features=1.0``,
    one uniform threshold per feature and node, by default).

    Parameters
    ----------
    criterion : {{"squared_error", "absolute_error", "poisson"}}, default="squared_error"
    {parameters}
    Attributes
    ----------
    {attributes}
    Examples
    --------
    >>> import numpy as np
    >>> X = np.arange(8.0).reshape(-1, 1)
    >>> ExtraTreeRegressor(random_state=0).fit(X, X.ravel() ** 2).predict([[3.0]])
    array([9.])
    """.format(parameters=_PARAMETERS.format(splitter="random", max_features="1.0",
                                                 **_MONOTONIC_REGRESSOR).strip(),
               attributes=_ATTRIBUTES.strip())

    def __init__(self, *, criterion="squared_error", splitter="random", max_depth=None,
                 min_samples_split=2, min_samples_leaf=1, min_weight_fraction_leaf=0.0,
                 max_features=1.0, random_state=None, max_leaf_nodes=None,
                 min_impurity_decrease=0.0, ccp_alpha=0.0, monotonic_cst=None):
        super().__init__(
            criterion=criterion, splitter=splitter, max_depth=max_depth,
            min_samples_split=min_samples_split, min_samples_leaf=min_samples_leaf,
            min_weight_fraction_leaf=min_weight_fraction_leaf, max_features=max_features,
            random_state=random_state, max_leaf_nodes=max_leaf_nodes,
            min_impurity_decrease=min_impurity_decrease, ccp_alpha=ccp_alpha,
            monotonic_cst=monotonic_cst)

    def _allows_nan(self):
        return self.splitter == "random"
