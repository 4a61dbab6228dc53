"""``ember.learn.tree``: CART decision trees (HOML chapter 6).

``DecisionTreeClassifier`` / ``DecisionTreeRegressor`` and the extremely
randomized ``ExtraTreeClassifier`` / ``ExtraTreeRegressor``, grown by one
compiled builder (``_builder.build_tree``, also what the ensembles call) into
scikit-learn's ``tree_`` arrays; ``export_graphviz``, ``export_text`` and
``plot_tree`` render a fitted tree.
"""

from ._classes import (
    DecisionTreeClassifier,
    DecisionTreeRegressor,
    ExtraTreeClassifier,
    ExtraTreeRegressor,
)
from ._export import export_graphviz, export_text
from ._plot import plot_tree

__all__ = [
    "DecisionTreeClassifier",
    "DecisionTreeRegressor",
    "ExtraTreeClassifier",
    "ExtraTreeRegressor",
    "export_graphviz",
    "export_text",
    "plot_tree",
]
