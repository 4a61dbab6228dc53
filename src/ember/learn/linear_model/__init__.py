"""``ember.learn.linear_model``: linear models (HOML chapter 4), scikit-learn's names."""

from ._coordinate_descent import ElasticNet, Lasso, enet_path, lasso_path
from ._least_squares import LinearRegression
from ._logistic import LogisticRegression
from ._perceptron import Perceptron
from ._ridge import Ridge, RidgeClassifier, ridge_regression
from ._ridge_cv import RidgeClassifierCV, RidgeCV
from ._stochastic_gradient import SGDClassifier, SGDRegressor

__all__ = [
    "ElasticNet",
    "enet_path",
    "Lasso",
    "lasso_path",
    "LinearRegression",
    "LogisticRegression",
    "Perceptron",
    "Ridge",
    "ridge_regression",
    "RidgeClassifier",
    "RidgeCV",
    "RidgeClassifierCV",
    "SGDClassifier",
    "SGDRegressor",
]
