"""``ember.learn.preprocessing``: scaling, normalising and encoding features (HOML ch. 2)."""

from ._encoders import OneHotEncoder, OrdinalEncoder
from ._normalizer import Normalizer, add_dummy_feature, normalize
from ._scalers import MaxAbsScaler, MinMaxScaler, RobustScaler, StandardScaler, minmax_scale, scale

__all__ = [
    "MaxAbsScaler",
    "MinMaxScaler",
    "Normalizer",
    "OneHotEncoder",
    "OrdinalEncoder",
    "RobustScaler",
    "StandardScaler",
    "add_dummy_feature",
    "minmax_scale",
    "normalize",
    "scale",
]
