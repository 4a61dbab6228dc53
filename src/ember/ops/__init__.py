"""Differentiable primitives, one module per family; each op's vjp sits beside it."""

from . import _overloads
from ._comparison import equal as equal
from ._comparison import greater as greater
from ._comparison import greater_equal as greater_equal
from ._comparison import is_finite as is_finite
from ._comparison import is_inf as is_inf
from ._comparison import is_nan as is_nan
from ._comparison import less as less
from ._comparison import less_equal as less_equal
from ._comparison import logical_and as logical_and
from ._comparison import logical_not as logical_not
from ._comparison import logical_or as logical_or
from ._comparison import logical_xor as logical_xor
from ._comparison import not_equal as not_equal
from ._creation import eye as eye
from ._creation import fill as fill
from ._creation import linspace as linspace
from ._creation import ones as ones
from ._creation import ones_like as ones_like
from ._creation import range as range  # noqa: A004
from ._creation import zeros as zeros
from ._creation import zeros_like as zeros_like
from ._dense import dense as dense
from ._indexing import boolean_mask as boolean_mask
from ._indexing import gather as gather
from ._indexing import gather_nd as gather_nd
from ._indexing import getitem as getitem
from ._indexing import index_add as index_add
from ._indexing import one_hot as one_hot
from ._indexing import slice as slice  # noqa: A004
from ._linalg import einsum as einsum
from ._linalg import matmul as matmul
from ._linalg import matrix_transpose as matrix_transpose
from ._linalg import norm as norm
from ._linalg import tensordot as tensordot
from ._math import abs as abs  # noqa: A004
from ._math import add as add
from ._math import add_n as add_n
from ._math import ceil as ceil
from ._math import clip_by_value as clip_by_value
from ._math import cos as cos
from ._math import divide as divide
from ._math import divide_no_nan as divide_no_nan
from ._math import erf as erf
from ._math import exp as exp
from ._math import expm1 as expm1
from ._math import floor as floor
from ._math import floordiv as floordiv
from ._math import floormod as floormod
from ._math import log as log
from ._math import log1p as log1p
from ._math import maximum as maximum
from ._math import minimum as minimum
from ._math import mod as mod
from ._math import multiply as multiply
from ._math import negative as negative
from ._math import pow as pow  # noqa: A004
from ._math import reciprocal as reciprocal
from ._math import round as round  # noqa: A004
from ._math import rsqrt as rsqrt
from ._math import sigmoid as sigmoid
from ._math import sign as sign
from ._math import sin as sin
from ._math import softplus as softplus
from ._math import softsign as softsign
from ._math import sqrt as sqrt
from ._math import square as square
from ._math import squared_difference as squared_difference
from ._math import subtract as subtract
from ._math import tan as tan
from ._math import tanh as tanh
from ._math import truediv as truediv
from ._math import where as where
from ._reduction import argmax as argmax
from ._reduction import argmin as argmin
from ._reduction import cumprod as cumprod
from ._reduction import cumsum as cumsum
from ._reduction import reduce_all as reduce_all
from ._reduction import reduce_any as reduce_any
from ._reduction import reduce_logsumexp as reduce_logsumexp
from ._reduction import reduce_max as reduce_max
from ._reduction import reduce_mean as reduce_mean
from ._reduction import reduce_min as reduce_min
from ._reduction import reduce_prod as reduce_prod
from ._reduction import reduce_std as reduce_std
from ._reduction import reduce_sum as reduce_sum
from ._reduction import reduce_variance as reduce_variance
from ._shape import broadcast_to as broadcast_to
from ._shape import cast as cast
from ._shape import concat as concat
from ._shape import expand_dims as expand_dims
from ._shape import identity as identity
from ._shape import pad as pad
from ._shape import rank as rank
from ._shape import reshape as reshape
from ._shape import reverse as reverse
from ._shape import shape as shape
from ._shape import size as size
from ._shape import split as split
from ._shape import squeeze as squeeze
from ._shape import stack as stack
from ._shape import stop_gradient as stop_gradient
from ._shape import tile as tile
from ._shape import transpose as transpose
from ._shape import unstack as unstack

_overloads.install()

__all__ = [
    "abs",
    "add",
    "add_n",
    "argmax",
    "argmin",
    "boolean_mask",
    "broadcast_to",
    "cast",
    "ceil",
    "clip_by_value",
    "concat",
    "cos",
    "cumprod",
    "cumsum",
    "dense",
    "divide",
    "divide_no_nan",
    "einsum",
    "equal",
    "erf",
    "exp",
    "expand_dims",
    "expm1",
    "eye",
    "fill",
    "floor",
    "floordiv",
    "floormod",
    "gather",
    "gather_nd",
    "getitem",
    "greater",
    "greater_equal",
    "identity",
    "index_add",
    "is_finite",
    "is_inf",
    "is_nan",
    "less",
    "less_equal",
    "linspace",
    "log",
    "log1p",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "matmul",
    "matrix_transpose",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "negative",
    "norm",
    "not_equal",
    "one_hot",
    "ones",
    "ones_like",
    "pad",
    "pow",
    "range",
    "rank",
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
    "softsign",
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
    "unstack",
    "where",
    "zeros",
    "zeros_like",
]
