"""Python operators on tensors (``+ - * / ** @ [] < ==``...), mapped to ember ops."""

from ember.autodiff._tensor import Tensor

from . import _comparison as cmp
from . import _indexing, _linalg
from . import _math as m


def _reflected(op):
    return lambda self, other: op(other, self)


def install():
    """Attach the operators to ``Tensor`` (and so to ``Variable``)."""
    table = {
        "__add__": m.add,
        "__radd__": _reflected(m.add),
        "__sub__": m.subtract,
        "__rsub__": _reflected(m.subtract),
        "__mul__": m.multiply,
        "__rmul__": _reflected(m.multiply),
        "__truediv__": m.divide,
        "__rtruediv__": _reflected(m.divide),
        "__floordiv__": m.floordiv,
        "__rfloordiv__": _reflected(m.floordiv),
        "__mod__": m.floormod,
        "__rmod__": _reflected(m.floormod),
        "__pow__": m.pow,
        "__rpow__": _reflected(m.pow),
        "__matmul__": _linalg.matmul,
        "__rmatmul__": _reflected(_linalg.matmul),
        "__neg__": m.negative,
        "__abs__": m.abs,
        "__lt__": cmp.less,
        "__le__": cmp.less_equal,
        "__gt__": cmp.greater,
        "__ge__": cmp.greater_equal,
        "__eq__": cmp.equal,
        "__ne__": cmp.not_equal,
        "__and__": cmp.logical_and,
        "__or__": cmp.logical_or,
        "__xor__": cmp.logical_xor,
        "__invert__": cmp.logical_not,
        "__getitem__": _indexing.getitem,
    }
    for name, function in table.items():
        setattr(Tensor, name, function)
    _indexing._install_variable_getitem()
