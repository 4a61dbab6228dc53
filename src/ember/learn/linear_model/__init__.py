"""``ember.learn.linear_model``: linear models (HOML chapter 4), scikit-learn's names."""

from ._least_squares import LinearRegression

__all__ = [
    "LinearRegression",
]
