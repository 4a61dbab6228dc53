"""ember: a tensor library with automatic differentiation (``import ember as tf``).

The names follow TensorFlow, so the books' low-level code runs with only its
import changed::

    import ember as tf
    w = tf.Variable([[1.0], [2.0]])
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.constant([[3.0, 4.0]]) @ w))
    tape.gradient(loss, w)

Subpackages: ``ember.keras`` (deep learning), ``ember.learn`` (classical ML),
``ember.io`` (data files). See docs/architecture.md.
"""

import importlib

import numpy as _np

from . import linalg as linalg
from . import math as math
from . import nn as nn
from . import random as random
from .autodiff import Function as Function
from .autodiff import GradientTape as GradientTape
from .autodiff import Tensor as Tensor
from .autodiff import TensorShape as TensorShape
from .autodiff import TensorSpec as TensorSpec
from .autodiff import UnconnectedGradients as UnconnectedGradients
from .autodiff import Variable as Variable
from .autodiff import constant as constant
from .autodiff import convert_to_tensor as convert_to_tensor
from .autodiff import custom_gradient as custom_gradient
from .autodiff import function as function
from .autodiff import is_tensor as is_tensor
from .ops import abs as abs  # noqa: A004
from .ops import add as add
from .ops import add_n as add_n
from .ops import argmax as argmax
from .ops import argmin as argmin
from .ops import boolean_mask as boolean_mask
from .ops import broadcast_to as broadcast_to
from .ops import cast as cast
from .ops import ceil as ceil
from .ops import clip_by_value as clip_by_value
from .ops import concat as concat
from .ops import cos as cos
from .ops import cumprod as cumprod
from .ops import cumsum as cumsum
from .ops import divide as divide
from .ops import einsum as einsum
from .ops import equal as equal
from .ops import exp as exp
from .ops import expand_dims as expand_dims
from .ops import expm1 as expm1
from .ops import eye as eye
from .ops import fill as fill
from .ops import floor as floor
from .ops import floordiv as floordiv
from .ops import gather as gather
from .ops import gather_nd as gather_nd
from .ops import greater as greater
from .ops import greater_equal as greater_equal
from .ops import identity as identity
from .ops import is_finite as is_finite
from .ops import is_inf as is_inf
from .ops import is_nan as is_nan
from .ops import less as less
from .ops import less_equal as less_equal
from .ops import linspace as linspace
from .ops import log as log
from .ops import log1p as log1p
from .ops import logical_and as logical_and
from .ops import logical_not as logical_not
from .ops import logical_or as logical_or
from .ops import matmul as matmul
from .ops import maximum as maximum
from .ops import minimum as minimum
from .ops import multiply as multiply
from .ops import negative as negative
from .ops import norm as norm
from .ops import not_equal as not_equal
from .ops import one_hot as one_hot
from .ops import ones as ones
from .ops import ones_like as ones_like
from .ops import pad as pad
from .ops import pow as pow  # noqa: A004
from .ops import range as range  # noqa: A004
from .ops import rank as rank
from .ops import reduce_all as reduce_all
from .ops import reduce_any as reduce_any
from .ops import reduce_logsumexp as reduce_logsumexp
from .ops import reduce_max as reduce_max
from .ops import reduce_mean as reduce_mean
from .ops import reduce_min as reduce_min
from .ops import reduce_prod as reduce_prod
from .ops import reduce_std as reduce_std
from .ops import reduce_sum as reduce_sum
from .ops import reduce_variance as reduce_variance
from .ops import reshape as reshape
from .ops import reverse as reverse
from .ops import round as round  # noqa: A004
from .ops import rsqrt as rsqrt
from .ops import shape as shape
from .ops import sigmoid as sigmoid
from .ops import sign as sign
from .ops import sin as sin
from .ops import size as size
from .ops import slice as slice  # noqa: A004
from .ops import softplus as softplus
from .ops import split as split
from .ops import sqrt as sqrt
from .ops import square as square
from .ops import squared_difference as squared_difference
from .ops import squeeze as squeeze
from .ops import stack as stack
from .ops import stop_gradient as stop_gradient
from .ops import subtract as subtract
from .ops import tan as tan
from .ops import tanh as tanh
from .ops import tensordot as tensordot
from .ops import tile as tile
from .ops import transpose as transpose
from .ops import truediv as truediv
from .ops import unstack as unstack
from .ops import where as where
from .ops import zeros as zeros
from .ops import zeros_like as zeros_like

__version__ = "0.1.0"

# dtypes are NumPy dtypes, so ``t.dtype == tf.float32`` and NumPy interop agree.
float16 = _np.dtype("float16")
float32 = _np.dtype("float32")
float64 = _np.dtype("float64")
double = float64
int8 = _np.dtype("int8")
int16 = _np.dtype("int16")
int32 = _np.dtype("int32")
int64 = _np.dtype("int64")
uint8 = _np.dtype("uint8")
bool = _np.dtype("bool")  # noqa: A001
complex64 = _np.dtype("complex64")

_SUBPACKAGES = ("keras", "learn", "io", "data")


def __getattr__(name):
    # Subpackages load on first use: ``import ember`` stays light, and the
    # engine never imports the layers built on top of it.
    if name in _SUBPACKAGES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Function",
    "GradientTape",
    "Tensor",
    "TensorShape",
    "TensorSpec",
    "UnconnectedGradients",
    "Variable",
    "abs",
    "add",
    "add_n",
    "argmax",
    "argmin",
    "bool",
    "boolean_mask",
    "broadcast_to",
    "cast",
    "ceil",
    "clip_by_value",
    "complex64",
    "concat",
    "constant",
    "convert_to_tensor",
    "cos",
    "cumprod",
    "cumsum",
    "custom_gradient",
    "divide",
    "double",
    "einsum",
    "equal",
    "exp",
    "expand_dims",
    "expm1",
    "eye",
    "fill",
    "float16",
    "float32",
    "float64",
    "floor",
    "floordiv",
    "function",
    "gather",
    "gather_nd",
    "greater",
    "greater_equal",
    "identity",
    "int16",
    "int32",
    "int64",
    "int8",
    "is_finite",
    "is_inf",
    "is_nan",
    "is_tensor",
    "less",
    "less_equal",
    "linalg",
    "linspace",
    "log",
    "log1p",
    "logical_and",
    "logical_not",
    "logical_or",
    "math",
    "matmul",
    "maximum",
    "minimum",
    "multiply",
    "negative",
    "nn",
    "norm",
    "not_equal",
    "one_hot",
    "ones",
    "ones_like",
    "pad",
    "pow",
    "random",
    "range",
    "rank",
    "reduce_all",
    "reduce_any",
    "reduce_logsumexp",
    "reduce_max",
    "reduce_mean",
    "reduce_min",
    "reduce_prod",
    "reduce_std",
    "reduce_sum",
    "reduce_variance",
    "reshape",
    "reverse",
    "round",
    "rsqrt",
    "shape",
    "sigmoid",
    "sign",
    "sin",
    "size",
    "slice",
    "softplus",
    "split",
    "sqrt",
    "square",
    "squared_difference",
    "squeeze",
    "stack",
    "stop_gradient",
    "subtract",
    "tan",
    "tanh",
    "tensordot",
    "tile",
    "transpose",
    "truediv",
    "uint8",
    "unstack",
    "where",
    "zeros",
    "zeros_like",
]
