"""ember.keras.wrappers: Keras models as scikit-learn estimators.

Three APIs over one implementation, none of which imports scikit-learn:

- `keras.wrappers.scikit_learn.KerasRegressor(build_fn, **sk_params)` and
  `KerasClassifier`: Keras 2's wrappers, as Hands-On ML (2nd ed.) uses them;
  a regressor's `score` is minus the loss, as in Keras 2 and the book.
- `KerasRegressor(model=build_fn, ...)` and `KerasClassifier` here: scikeras'
  API, with hyperparameters as keyword arguments (`n_hidden=2`,
  `model__n_hidden=2`) and routed ones (`fit__`, `optimizer__`, ...); `score`
  is R² / accuracy, as scikit-learn's estimators.
- `SKLearnRegressor` and `SKLearnClassifier`: Keras 3's
  (`model_kwargs=`, `fit_kwargs=`).

All work with scikit-learn's `clone`, `RandomizedSearchCV`, `GridSearchCV`,
`cross_val_score` and `Pipeline`.
"""

from . import scikit_learn as scikit_learn
from ._estimator import NotFittedError as NotFittedError
from ._scikeras import KerasClassifier as KerasClassifier
from ._scikeras import KerasRegressor as KerasRegressor
from ._sklearn import SKLearnClassifier as SKLearnClassifier
from ._sklearn import SKLearnRegressor as SKLearnRegressor

__all__ = [
    "KerasClassifier",
    "KerasRegressor",
    "NotFittedError",
    "SKLearnClassifier",
    "SKLearnRegressor",
    "scikit_learn",
]
