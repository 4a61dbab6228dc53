"""``ember.learn.impute``: filling in missing values (``SimpleImputer``, ``KNNImputer``) and
marking them (``MissingIndicator``)."""

from ._indicator import MissingIndicator
from ._knn import KNNImputer
from ._simple import SimpleImputer

__all__ = ["KNNImputer", "MissingIndicator", "SimpleImputer"]
