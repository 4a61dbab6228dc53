"""``ember.learn.model_selection``: splitters, cross-validation, hyper-parameter search, curves.

scikit-learn's names and behaviour; the randomised splitters draw from
``numpy.random.RandomState`` in scikit-learn's order, so a ``random_state``
gives the same splits in both libraries.
"""

from ._curves import learning_curve, validation_curve
from ._group_split import GroupShuffleSplit, LeaveOneGroupOut, LeavePGroupsOut, StratifiedGroupKFold
from ._param_grid import ParameterGrid, ParameterSampler
from ._search import GridSearchCV, RandomizedSearchCV
from ._shuffle_split import ShuffleSplit, StratifiedShuffleSplit, train_test_split
from ._split import (
    BaseCrossValidator,
    GroupKFold,
    KFold,
    LeaveOneOut,
    LeavePOut,
    PredefinedSplit,
    RepeatedKFold,
    RepeatedStratifiedKFold,
    StratifiedKFold,
    TimeSeriesSplit,
    check_cv,
)
from ._validation import cross_val_predict, cross_val_score, cross_validate

__all__ = [
    "BaseCrossValidator",
    "GridSearchCV",
    "GroupKFold",
    "GroupShuffleSplit",
    "KFold",
    "LeaveOneGroupOut",
    "LeaveOneOut",
    "LeavePGroupsOut",
    "LeavePOut",
    "ParameterGrid",
    "ParameterSampler",
    "PredefinedSplit",
    "RandomizedSearchCV",
    "RepeatedKFold",
    "RepeatedStratifiedKFold",
    "ShuffleSplit",
    "StratifiedGroupKFold",
    "StratifiedKFold",
    "StratifiedShuffleSplit",
    "TimeSeriesSplit",
    "check_cv",
    "cross_val_predict",
    "cross_val_score",
    "cross_validate",
    "learning_curve",
    "train_test_split",
    "validation_curve",
]
