"""``ember.learn.ensemble``: voting, bagging, forests, boosting and stacking (HOML ch7).

Each family lives in its own module; a name is exported once its module is
present, and imported on first use (so ``import ember.learn.ensemble`` does
not compile any tree kernels).
"""

from ..utils._lazy_exports import lazy_exports

# Public name -> the module of this package that defines it.
_MODULE_OF = {
    "VotingClassifier": "_voting",
    "VotingRegressor": "_voting",
    "BaggingClassifier": "_bagging",
    "BaggingRegressor": "_bagging",
    "RandomForestClassifier": "_forest",
    "RandomForestRegressor": "_forest",
    "ExtraTreesClassifier": "_forest",
    "ExtraTreesRegressor": "_forest",
    "AdaBoostClassifier": "_weight_boosting",
    "AdaBoostRegressor": "_weight_boosting",
    "GradientBoostingClassifier": "_gradient_boosting",
    "GradientBoostingRegressor": "_gradient_boosting",
    "HistGradientBoostingClassifier": "_hist_gradient_boosting",
    "HistGradientBoostingRegressor": "_hist_gradient_boosting",
    "StackingClassifier": "_stacking",
    "StackingRegressor": "_stacking",
    "IsolationForest": "_iforest",
}

__all__, __getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF)
