"""``keras.constraints``: projections applied to weights after each optimizer step.

>>> from ember.keras import constraints
>>> constraints.get("max_norm")
MaxNorm(max_value=2, axis=0)
"""

import inspect

from ember.keras.saving._serialization import (
    deserialize_keras_object,
    make_getter,
    serialize_keras_object,
)

from ._constraints import Constraint as Constraint
from ._constraints import MaxNorm as MaxNorm
from ._constraints import MinMaxNorm as MinMaxNorm
from ._constraints import NonNeg as NonNeg
from ._constraints import UnitNorm as UnitNorm

# Keras' lower-case aliases (``keras.constraints.max_norm(1.)`` in the books).
max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm

ALL_OBJECTS_DICT = {
    "Constraint": Constraint,
    "MaxNorm": MaxNorm,
    "MinMaxNorm": MinMaxNorm,
    "NonNeg": NonNeg,
    "UnitNorm": UnitNorm,
    "constraint": Constraint,
    "max_norm": MaxNorm,
    "min_max_norm": MinMaxNorm,
    "non_neg": NonNeg,
    "unit_norm": UnitNorm,
}

_get = make_getter("constraint", ALL_OBJECTS_DICT)


def serialize(constraint):
    """Return the config dict of ``constraint`` (Keras 3's layout).

    Example:
        >>> serialize(MaxNorm(1.0))["config"]
        {'max_value': 1.0, 'axis': 0}
    """
    return serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    """Return the constraint described by ``config`` (a dict, or a name).

    Args:
        config: A config dict from ``serialize``, or a name such as ``"non_neg"``.
        custom_objects: Extra ``{name: class}`` to resolve.

    Example:
        >>> deserialize(serialize(UnitNorm(axis=1)))
        UnitNorm(axis=1)
    """
    return deserialize_keras_object(
        config,
        custom_objects=custom_objects,
        module_objects=ALL_OBJECTS_DICT,
        kind="constraint",
    )


def get(identifier):
    """Return a constraint from a name, a config, a class or a callable.

    Args:
        identifier: ``None`` (returned as it is), a name (``"non_neg"``), a
            config dict, a constraint class (instantiated with its defaults)
            or a callable ``f(w)``.

    Raises:
        ValueError: If the identifier cannot be interpreted.

    Example:
        >>> get(NonNeg)
        NonNeg()
    """
    if inspect.isclass(identifier):
        return identifier()
    return _get(identifier)


__all__ = [
    "Constraint",
    "MaxNorm",
    "MinMaxNorm",
    "NonNeg",
    "UnitNorm",
    "deserialize",
    "get",
    "max_norm",
    "min_max_norm",
    "non_neg",
    "serialize",
    "unit_norm",
]
