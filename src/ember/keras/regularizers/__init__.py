"""``keras.regularizers``: weight penalties added to a layer's losses.

>>> from ember.keras import regularizers
>>> regularizers.get("l2")
L2(l2=0.01)
"""

import inspect

from ember.keras.saving._serialization import (
    deserialize_keras_object,
    make_getter,
    serialize_keras_object,
)

from ._regularizers import L1 as L1
from ._regularizers import L2 as L2
from ._regularizers import L1L2 as L1L2
from ._regularizers import OrthogonalRegularizer as OrthogonalRegularizer
from ._regularizers import Regularizer as Regularizer
from ._regularizers import l1_l2 as l1_l2

# Keras' lower-case aliases (``keras.regularizers.l2(0.01)`` in the books).
l1 = L1
l2 = L2
orthogonal_regularizer = OrthogonalRegularizer

ALL_OBJECTS_DICT = {
    "L1": L1,
    "L2": L2,
    "L1L2": L1L2,
    "OrthogonalRegularizer": OrthogonalRegularizer,
    "Regularizer": Regularizer,
    "l1": L1,
    "l2": L2,
    "l1l2": L1L2,
    "l1_l2": l1_l2,
    "orthogonal_regularizer": OrthogonalRegularizer,
    "regularizer": Regularizer,
}

_get = make_getter("regularizer", ALL_OBJECTS_DICT)


def serialize(regularizer):
    """Return the config dict of ``regularizer`` (Keras 3's layout).

    Example:
        >>> serialize(L1(0.5))["config"]
        {'l1': 0.5}
    """
    return serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    """Return the regularizer described by ``config`` (a dict, or a name).

    Args:
        config: A config dict from ``serialize``, or a name such as ``"l2"``.
        custom_objects: Extra ``{name: class}`` to resolve.

    Example:
        >>> deserialize(serialize(L2(0.1)))
        L2(l2=0.1)
    """
    return deserialize_keras_object(
        config,
        custom_objects=custom_objects,
        module_objects=ALL_OBJECTS_DICT,
        kind="regularizer",
    )


def get(identifier):
    """Return a regularizer from a name, a config, a class or a callable.

    The names ``"l1"``, ``"l2"`` and ``"l1_l2"`` give factors of 0.01.

    Args:
        identifier: ``None`` (returned as it is), a name, a config dict, a
            regularizer class (instantiated with its defaults) or a callable.

    Raises:
        ValueError: If the identifier cannot be interpreted.

    Example:
        >>> get("l1_l2")
        L1L2(l1=0.01, l2=0.01)
    """
    if inspect.isclass(identifier):
        return identifier()
    found = _get(identifier)
    if isinstance(identifier, str) and inspect.isfunction(found):
        return found()  # "l1_l2": the function with its defaults
    return found


__all__ = [
    "L1",
    "L1L2",
    "L2",
    "OrthogonalRegularizer",
    "Regularizer",
    "deserialize",
    "get",
    "l1",
    "l1_l2",
    "l2",
    "orthogonal_regularizer",
    "serialize",
]
