"""Elementwise arithmetic and functions, each with its vector-Jacobian product.

Binary ops broadcast like NumPy; their vjps sum the gradient back to each
input's shape with ``unbroadcast``. Every vjp is written with ember ops, so
the backward pass is itself differentiable (second derivatives).
"""

from ember.autodiff._tensor import Tensor
from ember.backend import special, xp

from ._core import (
    _ACTIVE,
    as_tensor,
    operands,
    record,
    require_float,
    shape_error,
    unbroadcast,
)

# -- binary arithmetic --------------------------------------------------------


def _binary(name, forward, vjp, differentiable=True):
    """Build a broadcasting binary op from a NumPy forward and a vjp(g, x, y, out)."""

    def op(x, y, name=None):
        if type(x) is not Tensor or type(y) is not Tensor or x._value.dtype != y._value.dtype:
            x, y = operands(x, y, op.__name__)
        try:
            out = Tensor(forward(x._value, y._value))
        except ValueError:
            raise shape_error(op.__name__, x, y) from None
        if _ACTIVE and differentiable:
            xshape, yshape = x._value.shape, y._value.shape

            def backward(g, needs):
                gx, gy = vjp(g, x, y, out, needs)
                return (
                    unbroadcast(gx, xshape) if needs[0] else None,
                    unbroadcast(gy, yshape) if needs[1] else None,
                )

            record(out, (x, y), backward)
        return out

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}(x, y)`` with NumPy broadcasting."
    return op


add = _binary("add", xp.add, lambda g, x, y, out, n: (g, g))
subtract = _binary("subtract", xp.subtract, lambda g, x, y, out, n: (g, -g if n[1] else None))
multiply = _binary(
    "multiply",
    xp.multiply,
    lambda g, x, y, out, n: (g * y if n[0] else None, g * x if n[1] else None),
)


def _divide_forward(x, y):
    if x.dtype.kind in "iu":  # TensorFlow's truediv gives floats for integers
        return xp.true_divide(x, y).astype(xp.float64 if x.itemsize == 8 else xp.float32)
    return xp.true_divide(x, y)


divide = _binary(
    "divide",
    _divide_forward,
    lambda g, x, y, out, n: (g / y if n[0] else None, -g * out / y if n[1] else None),
)
truediv = divide


def _pow_vjp(g, x, y, out, needs):
    gx = g * y * pow(x, y - 1) if needs[0] else None
    gy = None
    if needs[1]:
        positive = Tensor(x._value > 0)
        gy = g * out * log(where(positive, x, 1))
        gy = where(positive, gy, 0)
    return gx, gy


pow = _binary("pow", xp.power, _pow_vjp)  # noqa: A001 - TensorFlow's name


def _maximum_vjp(g, x, y, out, needs):
    mask = Tensor((x._value >= y._value).astype(g._value.dtype))
    return g * mask, g * (1 - mask)


def _minimum_vjp(g, x, y, out, needs):
    mask = Tensor((x._value <= y._value).astype(g._value.dtype))
    return g * mask, g * (1 - mask)


maximum = _binary("maximum", xp.maximum, _maximum_vjp)
minimum = _binary("minimum", xp.minimum, _minimum_vjp)


def _squared_difference_vjp(g, x, y, out, needs):
    d = 2 * g * (x - y)
    return d, -d


squared_difference = _binary(
    "squared_difference", lambda a, b: xp.square(a - b), _squared_difference_vjp
)
def add_n(inputs, name=None):
    """The elementwise sum of a list of same-shaped tensors (HOML ch12's loss + ``model.losses``)."""
    inputs = list(inputs)
    if not inputs:
        raise ValueError("add_n: inputs must be a non-empty list of tensors")
    total = as_tensor(inputs[0])
    for tensor in inputs[1:]:
        total = add(total, tensor)
    return total


def divide_no_nan(x, y, name=None):
    """``x / y``, but 0 where ``y`` is 0 (with a gradient that stays finite there)."""
    x, y = operands(x, y, "divide_no_nan")
    zero = Tensor(y._value == 0)
    return where(zero, 0, x / where(zero, 1, y))


floordiv = _binary("floordiv", xp.floor_divide, None, differentiable=False)
floormod = _binary("floormod", xp.mod, None, differentiable=False)
mod = floormod

# -- unary functions ------------------------------------------------------------


def _unary(name, forward, vjp, float_only=True):
    """Build an elementwise op from a NumPy forward and a vjp(g, x, out)."""

    def op(x, name=None):
        x = as_tensor(x)
        if float_only:
            require_float(x, op.__name__)
        out = Tensor(forward(x._value))
        if _ACTIVE and vjp is not None:
            record(out, (x,), lambda g, needs: (vjp(g, x, out),))
        return out

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}(x)``."
    return op


def _constant_like(x, array):
    return Tensor(array.astype(x._value.dtype, copy=False))


negative = _unary("negative", xp.negative, lambda g, x, out: -g, float_only=False)
abs = _unary(  # noqa: A001 - TensorFlow's name
    "abs", xp.abs, lambda g, x, out: g * _constant_like(x, xp.sign(x._value)), False
)
sign = _unary("sign", xp.sign, lambda g, x, out: g * 0, float_only=False)
square = _unary("square", xp.square, lambda g, x, out: g * 2 * x, float_only=False)
exp = _unary("exp", xp.exp, lambda g, x, out: g * out)
expm1 = _unary("expm1", xp.expm1, lambda g, x, out: g * (out + 1))
log = _unary("log", xp.log, lambda g, x, out: g / x)
log1p = _unary("log1p", xp.log1p, lambda g, x, out: g / (x + 1))
sqrt = _unary("sqrt", xp.sqrt, lambda g, x, out: g / (2 * out))
rsqrt = _unary("rsqrt", lambda a: 1 / xp.sqrt(a), lambda g, x, out: -0.5 * g * out / x)
reciprocal = _unary("reciprocal", xp.reciprocal, lambda g, x, out: -g * out * out)
sin = _unary("sin", xp.sin, lambda g, x, out: g * cos(x))
cos = _unary("cos", xp.cos, lambda g, x, out: -g * sin(x))
tan = _unary("tan", xp.tan, lambda g, x, out: g * (1 + out * out))
tanh = _unary("tanh", xp.tanh, lambda g, x, out: g * (1 - out * out))
erf = _unary("erf", special.erf, lambda g, x, out: g * (2 / xp.sqrt(xp.pi)) * exp(-x * x))
sigmoid = _unary("sigmoid", special.expit, lambda g, x, out: g * out * (1 - out))


def _softplus_forward(a):
    # log(1 + e^a) without overflow: max(a, 0) + log1p(e^-|a|)
    return xp.maximum(a, 0) + xp.log1p(xp.exp(-xp.abs(a)))


softplus = _unary("softplus", _softplus_forward, lambda g, x, out: g * sigmoid(x))
softsign = _unary(
    "softsign",
    lambda a: a / (1 + xp.abs(a)),
    lambda g, x, out: g / square(1 + abs(x)),
)

# Rounding has a zero derivative almost everywhere; TensorFlow gives None.
floor = _unary("floor", xp.floor, None)
ceil = _unary("ceil", xp.ceil, None)
round = _unary("round", xp.round, None, float_only=False)  # noqa: A001


def where(condition, x=None, y=None, name=None):
    """Choose from ``x`` where ``condition`` is true, else from ``y`` (broadcasting).

    With only ``condition``, return the coordinates of its true elements as an
    int64 tensor of shape ``(n_true, rank)``.
    """
    condition = as_tensor(condition)
    if x is None and y is None:
        return Tensor(xp.argwhere(condition._value).astype(xp.int64))
    if x is None or y is None:
        raise ValueError("where: give both x and y, or neither")
    if condition._value.dtype != bool:
        raise TypeError(
            f"where: condition must be a bool tensor. Received: dtype={condition.dtype.name}"
        )
    x, y = operands(x, y, "where")
    try:
        out = Tensor(xp.where(condition._value, x._value, y._value))
    except ValueError:
        raise shape_error("where", condition, x, y) from None
    if _ACTIVE:
        mask = condition._value

        def backward(g, needs):
            zero = xp.zeros((), dtype=g._value.dtype)
            gx = unbroadcast(where(Tensor(mask), g, zero), x._value.shape) if needs[0] else None
            gy = unbroadcast(where(Tensor(mask), zero, g), y._value.shape) if needs[1] else None
            return gx, gy

        record(out, (x, y), backward)
    return out


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clip ``t`` to ``[clip_value_min, clip_value_max]``; gradient flows inside the range."""
    t = as_tensor(t)
    low, high = operands(clip_value_min, t, "clip_by_value")[0], None
    high = operands(clip_value_max, t, "clip_by_value")[0]
    out = Tensor(xp.clip(t._value, low._value, high._value))
    if _ACTIVE:
        inside = (t._value >= low._value) & (t._value <= high._value)
        record(out, (t,), lambda g, needs: (where(Tensor(inside), g, 0),))
    return out
