"""``ember.learn.neighbors``: nearest-neighbour search, classification and regression.

Brute force uses BLAS distance blocks and a compiled top-k pass; ``KDTree`` and
``BallTree`` serve low-dimensional data (``algorithm="auto"`` chooses as
scikit-learn does). ``LocalOutlierFactor`` scores outliers from the same searches.
"""

from ._classification import KNeighborsClassifier, RadiusNeighborsClassifier
from ._lof import LocalOutlierFactor
from ._tree import BallTree, KDTree
from ._regression import KNeighborsRegressor, RadiusNeighborsRegressor
from ._unsupervised import NearestNeighbors

__all__ = [
    "BallTree",
    "KDTree",
    "KNeighborsClassifier",
    "KNeighborsRegressor",
    "LocalOutlierFactor",
    "NearestNeighbors",
    "RadiusNeighborsClassifier",
    "RadiusNeighborsRegressor",
]
