"""``ember.learn.preprocessing``: scaling, normalising and encoding features (HOML ch. 2)."""

from ._discretization import KBinsDiscretizer
from ._encoders import OneHotEncoder, OrdinalEncoder
from ._function_transformer import FunctionTransformer
from ._label import LabelBinarizer, LabelEncoder, MultiLabelBinarizer, label_binarize
from ._normalizer import Binarizer, Normalizer, add_dummy_feature, binarize, normalize
from ._polynomial import PolynomialFeatures
from ._splines import SplineTransformer
from ._scalers import (MaxAbsScaler, MinMaxScaler, RobustScaler, StandardScaler, maxabs_scale,
                       minmax_scale, robust_scale, scale)

__all__ = [
    "Binarizer",
    "FunctionTransformer",
    "KBinsDiscretizer",
    "LabelBinarizer",
    "LabelEncoder",
    "MaxAbsScaler",
    "MinMaxScaler",
    "MultiLabelBinarizer",
    "Normalizer",
    "OneHotEncoder",
    "OrdinalEncoder",
    "PolynomialFeatures",
    "RobustScaler",
    "SplineTransformer",
    "StandardScaler",
    "add_dummy_feature",
    "binarize",
    "label_binarize",
    "maxabs_scale",
    "minmax_scale",
    "normalize",
    "robust_scale",
    "scale",
]
