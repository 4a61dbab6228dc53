"""Histogram-based gradient boosting: ``HistGradientBoostingClassifier`` and ``...Regressor``.

Modules: ``_gradient_boosting`` (the estimators), ``_base`` (the boosting
loop and early stopping), ``_grower`` (one tree, grown best first),
``_binning`` (feature bins), ``_categorical`` (category codes), ``_loss``
(the losses) and the compiled kernels ``_tree_kernels``, ``_predict_kernels``
and ``_loss_kernels`` (imported on the first fit or prediction).
"""

from ._gradient_boosting import HistGradientBoostingClassifier, HistGradientBoostingRegressor

__all__ = ["HistGradientBoostingClassifier", "HistGradientBoostingRegressor"]
