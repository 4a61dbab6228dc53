"""``ember.math``: TensorFlow's ``tf.math`` names for elementwise ops and reductions."""

from ember.ops import abs as abs  # noqa: A004
from ember.ops import add as add
from ember.ops import add_n as add_n
from ember.ops import argmax as argmax
from ember.ops import argmin as argmin
from ember.ops import ceil as ceil
from ember.ops import cos as cos
from ember.ops import cumprod as cumprod
from ember.ops import cumsum as cumsum
from ember.ops import divide as divide
from ember.ops import divide_no_nan as divide_no_nan
from ember.ops import equal as equal
from ember.ops import erf as erf
from ember.ops import exp as exp
from ember.ops import expm1 as expm1
from ember.ops import floor as floor
from ember.ops import floordiv as floordiv
from ember.ops import floormod as floormod
from ember.ops import greater as greater
from ember.ops import greater_equal as greater_equal
from ember.ops import is_finite as is_finite
from ember.ops import is_inf as is_inf
from ember.ops import is_nan as is_nan
from ember.ops import less as less
from ember.ops import less_equal as less_equal
from ember.ops import log as log
from ember.ops import log1p as log1p
from ember.ops import logical_and as logical_and
from ember.ops import logical_not as logical_not
from ember.ops import logical_or as logical_or
from ember.ops import logical_xor as logical_xor
from ember.ops import maximum as maximum
from ember.ops import minimum as minimum
from ember.ops import mod as mod
from ember.ops import multiply as multiply
from ember.ops import negative as negative
from ember.ops import not_equal as not_equal
from ember.ops import pow as pow  # noqa: A004
from ember.ops import reciprocal as reciprocal
from ember.ops import reduce_all as reduce_all
from ember.ops import reduce_any as reduce_any
from ember.ops import reduce_logsumexp as reduce_logsumexp
from ember.ops import reduce_max as reduce_max
from ember.ops import reduce_mean as reduce_mean
from ember.ops import reduce_min as reduce_min
from ember.ops import reduce_prod as reduce_prod
from ember.ops import reduce_std as reduce_std
from ember.ops import reduce_sum as reduce_sum
from ember.ops import reduce_variance as reduce_variance
from ember.ops import round as round  # noqa: A004
from ember.ops import rsqrt as rsqrt
from ember.ops import sigmoid as sigmoid
from ember.ops import sign as sign
from ember.ops import sin as sin
from ember.ops import softplus as softplus
from ember.ops import softsign as softsign
from ember.ops import sqrt as sqrt
from ember.ops import square as square
from ember.ops import squared_difference as squared_difference
from ember.ops import subtract as subtract
from ember.ops import tan as tan
from ember.ops import tanh as tanh
from ember.ops import truediv as truediv

__all__ = [
    "abs",
    "add",
    "add_n",
    "argmax",
    "argmin",
    "ceil",
    "cos",
    "cumprod",
    "cumsum",
    "divide",
    "divide_no_nan",
    "equal",
    "erf",
    "exp",
    "expm1",
    "floor",
    "floordiv",
    "floormod",
    "greater",
    "greater_equal",
    "is_finite",
    "is_inf",
    "is_nan",
    "less",
    "less_equal",
    "log",
    "log1p",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "negative",
    "not_equal",
    "pow",
    "reciprocal",
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
    "round",
    "rsqrt",
    "sigmoid",
    "sign",
    "sin",
    "softplus",
    "softsign",
    "sqrt",
    "square",
    "squared_difference",
    "subtract",
    "tan",
    "tanh",
    "truediv",
]
