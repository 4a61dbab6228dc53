"""``ember.learn.ensemble``: voting, bagging, forests, boosting and stacking (HOML ch7).

Each family lives in its own module; a name is exported once its module is
present, and imported on first use (so ``import ember.learn.ensemble`` does
not compile any tree kernels).
"""

import importlib
import importlib.util

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

__all__ = sorted(
    name for name, module in _MODULE_OF.items()
    if importlib.util.find_spec(f"{__name__}.{module}") is not None
)


def __getattr__(name):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_MODULE_OF[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
