"""Forests of randomized trees: ``RandomForestClassifier`` / ``RandomForestRegressor``
(Breiman, *Random Forests*, 2001) and ``ExtraTreesClassifier`` / ``ExtraTreesRegressor``
(Geurts et al., *Extremely randomized trees*, 2006); HOML ch7.

Each tree is a ``DecisionTree*`` (random forests: best split among
``max_features`` drawn features) or ``ExtraTree*`` (extra-trees: one random
threshold per drawn feature), fitted on a bootstrap sample of the rows
(``bootstrap=True``, the default of random forests) or on all of them. The
shared machinery is in ``_forest_base``.
"""

from ..tree import (DecisionTreeClassifier, DecisionTreeRegressor, ExtraTreeClassifier,
                    ExtraTreeRegressor)
from ..tree._classes import _CLASSIFIER_CONSTRAINTS, _REGRESSOR_CONSTRAINTS
from ._forest_base import ForestClassifier, ForestRegressor, forest_constraints
from ._base import store_parameters

__all__ = ["RandomForestClassifier", "RandomForestRegressor", "ExtraTreesClassifier",
           "ExtraTreesRegressor"]


_PARAMETERS = """
    n_estimators : int, default=100
        The number of trees.
    criterion : {criteria}, default="{criterion}"
        The trees' split quality measure.
    max_depth, min_samples_split, min_samples_leaf, min_weight_fraction_leaf :
        The trees' stopping rules (see ``{tree}``); default None, 2, 1, 0.0.
    max_features : {{"sqrt", "log2"}}, int, float or None, default={max_features}
        Features drawn per split (a float is a fraction of n_features; None: all).
    max_leaf_nodes : int, default=None
        Grow each tree best first to at most this many leaves.
    min_impurity_decrease : float, default=0.0
    bootstrap : bool, default={bootstrap}
        Fit each tree on a bootstrap sample of the rows (else on all of them).
    oob_score : bool or callable, default=False
        Score the out-of-bag predictions (``{score}``, or ``callable(y, y_pred)``);
        needs ``bootstrap``.
    n_jobs : int, default=None
        Threads for fitting and predicting (None: 1, -1: all cores); results do not
        depend on it.
    random_state : int, RandomState instance or None, default=None
        Seeds the bootstrap draws and the trees (one seed per tree).
    verbose : int, default=0
    warm_start : bool, default=False
        Keep the fitted trees and add new ones up to ``n_estimators``.{class_weight}
    ccp_alpha : float, default=0.0
        Minimal cost-complexity pruning of each tree.
    max_samples : int or float, default=None
        Rows drawn per tree with ``bootstrap`` (None: n_samples; a float: that fraction
        of n_samples, or of the total sample weight).
    monotonic_cst : array-like of int of shape (n_features,), default=None
        Per feature, 1 (increasing), 0 (free) or -1 (decreasing): the direction in which
        the {monotonic} of every tree (and so of the forest) moves
        with that feature (see ``{tree}``).
        Not supported for multi-output y{multiclass}.
"""

_CLASS_WEIGHT = """
    class_weight : {"balanced", "balanced_subsample"}, dict, list of dicts or None, default=None
        Class weights multiplied into the sample weights; "balanced_subsample"
        recomputes the "balanced" weights on each tree's bootstrap sample."""

_ATTRIBUTES = """
    estimator_ : {tree}
        The unfitted tree the trees are cloned from.
    estimators_ : list of {tree}
        The fitted trees (each with its integer ``random_state``).{classes}
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Only for DataFrames with string column names.
    n_outputs_ : int
    feature_importances_ : ndarray of shape (n_features_in_,)
    estimators_samples_ : list of ndarray
        The rows each tree was fitted on.
    oob_score_ : float
        With ``oob_score``.
    {oob}
"""

_CLASSES = """
    classes_ : ndarray of shape (n_classes,) or a list of such arrays
    n_classes_ : int or list of int"""

_OOB_CLASSIFIER = """oob_decision_function_ : ndarray of shape (n_samples, n_classes) or
        (n_samples, n_classes, n_outputs)
        Out-of-bag class probabilities (with ``oob_score``)."""

_OOB_REGRESSOR = """oob_prediction_ : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        Out-of-bag predictions (with ``oob_score``)."""


def _docs(tree, kind, max_features, bootstrap):
    classifier = kind == "classifier"
    parameters = _PARAMETERS.format(
        criteria='{"gini", "entropy", "log_loss"}' if classifier else
        '{"squared_error", "absolute_error", "friedman_mse", "poisson"}',
        criterion="gini" if classifier else "squared_error", tree=tree,
        max_features=max_features, bootstrap=bootstrap,
        score="accuracy_score" if classifier else "r2_score",
        class_weight=_CLASS_WEIGHT if classifier else "",
        monotonic="probability of the positive class" if classifier else "prediction",
        multiclass=" or more than two classes" if classifier else "")
    attributes = _ATTRIBUTES.format(tree=tree, classes=_CLASSES if classifier else "",
                                    oob=_OOB_CLASSIFIER if classifier else _OOB_REGRESSOR)
    return parameters.strip(), attributes.strip()


class RandomForestClassifier(ForestClassifier):
    __doc__ = """A random forest of ``DecisionTreeClassifier``: bootstrap samples, the best split
    among ``sqrt(n_features)`` features drawn at each node, probabilities averaged.

    Parameters
    ----------
    {0}

    Attributes
    ----------
    {1}

    Examples
    --------
    HOML ch7's forest on the moons:

    >>> from ember.learn.datasets import make_moons
    >>> from ember.learn.model_selection import train_test_split
    >>> X, y = make_moons(n_samples=500, noise=0.30, random_state=42)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=42)
    >>> forest = RandomForestClassifier(n_estimators=100, max_leaf_nodes=16, random_state=42)
    >>> float(forest.fit(X_train, y_train).score(X_test, y_test)) > 0.88
    True
    """.format(*_docs("DecisionTreeClassifier", "classifier", '"sqrt"', True))

    _parameter_constraints = forest_constraints(_CLASSIFIER_CONSTRAINTS)

    def __init__(self, n_estimators=100, *, criterion="gini", max_depth=None,
                 min_samples_split=2, min_samples_leaf=1, min_weight_fraction_leaf=0.0,
                 max_features="sqrt", max_leaf_nodes=None, min_impurity_decrease=0.0,
                 bootstrap=True, oob_score=False, n_jobs=None, random_state=None, verbose=0,
                 warm_start=False, class_weight=None, ccp_alpha=0.0, max_samples=None,
                 monotonic_cst=None):
        store_parameters(self, locals())

    @staticmethod
    def _tree_type():
        return DecisionTreeClassifier


class ExtraTreesClassifier(ForestClassifier):
    __doc__ = """Extremely randomized trees (``ExtraTreeClassifier``): at each node one random
    threshold per drawn feature, the best of those splits kept; all rows by default.

    Parameters
    ----------
    {0}

    Attributes
    ----------
    {1}

    Examples
    --------
    >>> from ember.learn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> forest = ExtraTreesClassifier(n_estimators=50, random_state=0).fit(X, y)
    >>> forest.predict(X[[0, 50, 100]]), float(forest.feature_importances_.sum())
    (array([0, 1, 2]), 1.0)
    """.format(*_docs("ExtraTreeClassifier", "classifier", '"sqrt"', False))

    _parameter_constraints = forest_constraints(_CLASSIFIER_CONSTRAINTS)

    def __init__(self, n_estimators=100, *, criterion="gini", max_depth=None,
                 min_samples_split=2, min_samples_leaf=1, min_weight_fraction_leaf=0.0,
                 max_features="sqrt", max_leaf_nodes=None, min_impurity_decrease=0.0,
                 bootstrap=False, oob_score=False, n_jobs=None, random_state=None, verbose=0,
                 warm_start=False, class_weight=None, ccp_alpha=0.0, max_samples=None,
                 monotonic_cst=None):
        store_parameters(self, locals())

    @staticmethod
    def _tree_type():
        return ExtraTreeClassifier


class RandomForestRegressor(ForestRegressor):
    __doc__ = """A random forest of ``DecisionTreeRegressor``: bootstrap samples, every feature
    considered at each node by default (``max_features=1.0``), predictions averaged.

    The same ``random_state`` grows scikit-learn's forest: the bootstrap samples
    and the trees' draws are scikit-learn's.

    Parameters
    ----------
    {0}

    Attributes
    ----------
    {1}

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(-3, 3, (200, 1))
    >>> y = X[:, 0] ** 2 + rng.normal(0, 0.1, 200)
    >>> forest = RandomForestRegressor(n_estimators=50, oob_score=True, random_state=0)
    >>> float(forest.fit(X, y).oob_score_) > 0.99
    True
    """.format(*_docs("DecisionTreeRegressor", "regressor", "1.0", True))

    _parameter_constraints = forest_constraints(_REGRESSOR_CONSTRAINTS)

    def __init__(self, n_estimators=100, *, criterion="squared_error", max_depth=None,
                 min_samples_split=2, min_samples_leaf=1, min_weight_fraction_leaf=0.0,
                 max_features=1.0, max_leaf_nodes=None, min_impurity_decrease=0.0,
                 bootstrap=True, oob_score=False, n_jobs=None, random_state=None, verbose=0,
                 warm_start=False, ccp_alpha=0.0, max_samples=None, monotonic_cst=None):
        store_parameters(self, locals())

    @staticmethod
    def _tree_type():
        return DecisionTreeRegressor


class ExtraTreesRegressor(ForestRegressor):
    __doc__ = """Extremely randomized regression trees (``ExtraTreeRegressor``): one random
    threshold per feature at each node (all features by default), all rows by default.

    Parameters
    ----------
    {0}

    Attributes
    ----------
    {1}

    Examples
    --------
    >>> import numpy as np
    >>> X = np.linspace(0, 6, 100).reshape(-1, 1)
    >>> forest = ExtraTreesRegressor(n_estimators=20, random_state=0).fit(X, np.sin(X[:, 0]))
    >>> bool(abs(forest.predict([[1.5]])[0] - np.sin(1.5)) < 0.05)
    True
    """.format(*_docs("ExtraTreeRegressor", "regressor", "1.0", False))

    _parameter_constraints = forest_constraints(_REGRESSOR_CONSTRAINTS)

    def __init__(self, n_estimators=100, *, criterion="squared_error", max_depth=None,
                 min_samples_split=2, min_samples_leaf=1, min_weight_fraction_leaf=0.0,
                 max_features=1.0, max_leaf_nodes=None, min_impurity_decrease=0.0,
                 bootstrap=False, oob_score=False, n_jobs=None, random_state=None, verbose=0,
                 warm_start=False, ccp_alpha=0.0, max_samples=None, monotonic_cst=None):
        store_parameters(self, locals())

    @staticmethod
    def _tree_type():
        return ExtraTreeRegressor
