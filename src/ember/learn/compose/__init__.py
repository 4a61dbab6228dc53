"""``ember.learn.compose``: transformers per column group (``ColumnTransformer``) and
regressors on a transformed target (``TransformedTargetRegressor``)."""

from ._column_transformer import ColumnTransformer, make_column_selector, make_column_transformer
from ._target import TransformedTargetRegressor

__all__ = [
    "ColumnTransformer",
    "TransformedTargetRegressor",
    "make_column_selector",
    "make_column_transformer",
]
