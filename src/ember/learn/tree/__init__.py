"""``ember.learn.tree``: CART decision trees (HOML chapter 6).

``DecisionTreeClassifier`` / ``DecisionTreeRegressor`` and the extremely
randomized ``ExtraTreeClassifier`` / ``ExtraTreeRegressor``, grown by one
compiled builder (``_builder.build_tree``, also what the ensembles call) into
scikit-learn's ``tree_`` arrays.
"""

from ._classes import (
    DecisionTreeClassifier,
    DecisionTreeRegressor,
    ExtraTreeClassifier,
    ExtraTreeRegressor,
)

__all__ = [
    "DecisionTreeClassifier",
    "DecisionTreeRegressor",
    "ExtraTreeClassifier",
    "ExtraTreeRegressor",
]
