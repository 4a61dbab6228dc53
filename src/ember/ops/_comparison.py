"""Comparisons and logic: elementwise, broadcasting, bool results, no gradients."""

from ember.autodiff._tensor import Tensor
from ember.backend import xp

from ._core import as_tensor, operands, shape_error


def _compare(name, forward):
    def op(x, y, name=None):
        x, y = operands(x, y, op.__name__)
        try:
            return Tensor(forward(x._value, y._value))
        except ValueError:
            raise shape_error(op.__name__, x, y) from None

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}(x, y)`` as a bool tensor, broadcasting."
    return op


equal = _compare("equal", xp.equal)
not_equal = _compare("not_equal", xp.not_equal)
greater = _compare("greater", xp.greater)
greater_equal = _compare("greater_equal", xp.greater_equal)
less = _compare("less", xp.less)
less_equal = _compare("less_equal", xp.less_equal)
logical_and = _compare("logical_and", xp.logical_and)
logical_or = _compare("logical_or", xp.logical_or)
logical_xor = _compare("logical_xor", xp.logical_xor)


def logical_not(x, name=None):
    """Elementwise logical not of a bool tensor."""
    return Tensor(xp.logical_not(as_tensor(x)._value))


def is_nan(x, name=None):
    """Elementwise test for NaN."""
    return Tensor(xp.isnan(as_tensor(x)._value))


def is_inf(x, name=None):
    """Elementwise test for positive or negative infinity."""
    return Tensor(xp.isinf(as_tensor(x)._value))


def is_finite(x, name=None):
    """Elementwise test for finite values."""
    return Tensor(xp.isfinite(as_tensor(x)._value))
