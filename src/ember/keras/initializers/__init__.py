"""``keras.initializers``: how layers fill their weights, looked up with ``get``.

>>> from ember.keras import initializers
>>> init = initializers.get("he_normal")
>>> type(init).__name__, init((3, 2)).shape
('HeNormal', TensorShape([3, 2]))
"""

import inspect

from ember.keras.saving._serialization import (
    deserialize_keras_object,
    make_getter,
    serialize_keras_object,
)

from ._initializers import Constant as Constant
from ._initializers import Identity as Identity
from ._initializers import Initializer as Initializer
from ._initializers import Ones as Ones
from ._initializers import Zeros as Zeros
from ._random_initializers import GlorotNormal as GlorotNormal
from ._random_initializers import GlorotUniform as GlorotUniform
from ._random_initializers import HeNormal as HeNormal
from ._random_initializers import HeUniform as HeUniform
from ._random_initializers import LecunNormal as LecunNormal
from ._random_initializers import LecunUniform as LecunUniform
from ._random_initializers import Orthogonal as Orthogonal
from ._random_initializers import RandomNormal as RandomNormal
from ._random_initializers import RandomUniform as RandomUniform
from ._random_initializers import TruncatedNormal as TruncatedNormal
from ._random_initializers import VarianceScaling as VarianceScaling

# Keras' lower-case aliases of the classes (``keras.initializers.he_normal()``).
constant = Constant
glorot_normal = GlorotNormal
glorot_uniform = GlorotUniform
he_normal = HeNormal
he_uniform = HeUniform
identity = Identity
IdentityInitializer = Identity
lecun_normal = LecunNormal
lecun_uniform = LecunUniform
ones = Ones
orthogonal = Orthogonal
OrthogonalInitializer = Orthogonal
random_normal = RandomNormal
random_uniform = RandomUniform
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling
zeros = Zeros

ALL_OBJECTS_DICT = {
    cls.__name__: cls
    for cls in (
        Constant,
        GlorotNormal,
        GlorotUniform,
        HeNormal,
        HeUniform,
        Identity,
        Initializer,
        LecunNormal,
        LecunUniform,
        Ones,
        Orthogonal,
        RandomNormal,
        RandomUniform,
        TruncatedNormal,
        VarianceScaling,
        Zeros,
    )
}
ALL_OBJECTS_DICT.update(
    {
        "constant": Constant,
        "glorot_normal": GlorotNormal,
        "glorot_uniform": GlorotUniform,
        "he_normal": HeNormal,
        "he_uniform": HeUniform,
        "identity": Identity,
        "IdentityInitializer": Identity,
        "lecun_normal": LecunNormal,
        "lecun_uniform": LecunUniform,
        "normal": RandomNormal,
        "one": Ones,
        "ones": Ones,
        "orthogonal": Orthogonal,
        "OrthogonalInitializer": Orthogonal,
        "random_normal": RandomNormal,
        "random_uniform": RandomUniform,
        "truncated_normal": TruncatedNormal,
        "uniform": RandomUniform,
        "variance_scaling": VarianceScaling,
        "zero": Zeros,
        "zeros": Zeros,
    }
)

_get = make_getter("initializer", ALL_OBJECTS_DICT)


def serialize(initializer):
    """Return the config dict of ``initializer`` (Keras 3's layout).

    Example:
        >>> serialize(GlorotUniform(seed=1))["class_name"]
        'GlorotUniform'
    """
    return serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    """Return the initializer described by ``config`` (a dict, or a name).

    Args:
        config: A config dict from ``serialize``, or a name such as
            ``"glorot_uniform"`` (which gives the class).
        custom_objects: Extra ``{name: class}`` to resolve.

    Example:
        >>> deserialize(serialize(Constant(3.0))).value
        3.0
    """
    return deserialize_keras_object(
        config,
        custom_objects=custom_objects,
        module_objects=ALL_OBJECTS_DICT,
        kind="initializer",
    )


def get(identifier):
    """Return an initializer from a name, a config, a class or a callable.

    Args:
        identifier: ``None`` (returned as it is), a name (``"he_normal"``,
            ``"zeros"``), a config dict, an initializer class (instantiated
            with its defaults) or a callable ``f(shape, dtype=None)``.

    Raises:
        ValueError: If the identifier cannot be interpreted.

    Example:
        >>> get("glorot_uniform")
        GlorotUniform(seed=None)
    """
    if inspect.isclass(identifier):
        return identifier()
    return _get(identifier)


__all__ = [
    "Constant",
    "GlorotNormal",
    "GlorotUniform",
    "HeNormal",
    "HeUniform",
    "Identity",
    "IdentityInitializer",
    "Initializer",
    "LecunNormal",
    "LecunUniform",
    "Ones",
    "Orthogonal",
    "OrthogonalInitializer",
    "RandomNormal",
    "RandomUniform",
    "TruncatedNormal",
    "VarianceScaling",
    "Zeros",
    "constant",
    "deserialize",
    "get",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "identity",
    "lecun_normal",
    "lecun_uniform",
    "ones",
    "orthogonal",
    "random_normal",
    "random_uniform",
    "serialize",
    "truncated_normal",
    "variance_scaling",
    "zeros",
]
