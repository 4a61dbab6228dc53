"""ember.learn.datasets: scikit-learn-style dataset loaders.

Every dataset here is embedded in the package (``data/``, with its sources and
licences in ``data/NOTICE``), so the loaders never need the network:

- ``load_iris``, ``load_wine``, ``load_breast_cancer``, ``load_digits``:
  scikit-learn's small classic datasets, returned as scikit-learn returns
  them (a ``Bunch``, or ``(X, y)``; NumPy arrays or pandas objects).
- ``fetch_california_housing``: scikit-learn's 8-feature California housing
  regression data, computed from the embedded StatLib table.
- ``load_housing``: the California housing CSV of *Hands-On Machine
  Learning*, 2nd edition, as a pandas DataFrame.
"""

from ._bunch import Bunch
from ._california import fetch_california_housing, load_housing
from ._samples_generator import (
    make_blobs,
    make_circles,
    make_classification,
    make_low_rank_matrix,
    make_moons,
    make_regression,
    make_swiss_roll,
)
from ._toy import load_breast_cancer, load_digits, load_iris, load_wine

__all__ = [
    "Bunch",
    "fetch_california_housing",
    "load_breast_cancer",
    "load_digits",
    "load_housing",
    "load_iris",
    "load_wine",
    "make_blobs",
    "make_circles",
    "make_classification",
    "make_low_rank_matrix",
    "make_moons",
    "make_regression",
    "make_swiss_roll",
]
