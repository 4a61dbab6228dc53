"""``keras.activations``: activation functions, looked up by name with ``get``.

>>> from ember.keras import activations
>>> activations.get("relu") is activations.relu
True
>>> activations.serialize(activations.swish)
'silu'
"""

from ember.keras.saving._serialization import (
    deserialize_keras_object,
    make_getter,
    serialize_keras_object,
)

from ._activations import elu as elu
from ._activations import exponential as exponential
from ._activations import gelu as gelu
from ._activations import hard_sigmoid as hard_sigmoid
from ._activations import hard_silu as hard_silu
from ._activations import hard_swish as hard_swish
from ._activations import leaky_relu as leaky_relu
from ._activations import linear as linear
from ._activations import log_softmax as log_softmax
from ._activations import mish as mish
from ._activations import relu as relu
from ._activations import relu6 as relu6
from ._activations import selu as selu
from ._activations import sigmoid as sigmoid
from ._activations import silu as silu
from ._activations import softmax as softmax
from ._activations import softplus as softplus
from ._activations import softsign as softsign
from ._activations import swish as swish
from ._activations import tanh as tanh

ALL_OBJECTS = (
    elu,
    exponential,
    gelu,
    hard_sigmoid,
    hard_silu,
    leaky_relu,
    linear,
    log_softmax,
    mish,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softmax,
    softplus,
    softsign,
    tanh,
)
ALL_OBJECTS_DICT = {function.__name__: function for function in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({"swish": silu, "hard_swish": hard_silu})

_get = make_getter("activation", ALL_OBJECTS_DICT)


def serialize(activation):
    """Return the name of a built-in activation, or the config of a custom one.

    Args:
        activation: A function from this module, a registered function, or
            an object with ``get_config``.

    Raises:
        ValueError: For a function that has no name to be found by
            (a ``lambda``, say).

    Example:
        >>> serialize(relu)
        'relu'
    """
    config = serialize_keras_object(activation)
    if config == "<lambda>":
        raise ValueError(
            "Unknown activation function '<lambda>' cannot be serialized: it has no "
            "name to be found by. Define it with `def` and register it with "
            "`keras.saving.register_keras_serializable()`. "
            f"Received: activation={activation!r}"
        )
    return config


def deserialize(config, custom_objects=None):
    """Return the activation function named (or configured) by ``config``.

    Args:
        config: A name such as ``"relu"``, or a config dict.
        custom_objects: Extra ``{name: function}`` to resolve.

    Example:
        >>> deserialize("tanh") is tanh
        True
    """
    return deserialize_keras_object(
        config,
        custom_objects=custom_objects,
        module_objects=ALL_OBJECTS_DICT,
        kind="activation",
    )


def get(identifier):
    """Return an activation function from a name, a config or a callable.

    ``None`` gives ``linear``, as in Keras.

    Args:
        identifier: ``None``, a name (``"relu"``), a config dict, or a callable
            (returned as it is).

    Raises:
        ValueError: If the identifier is unknown or not callable.

    Example:
        >>> get(None) is linear
        True
    """
    if identifier is None:
        return linear
    found = _get(identifier)
    if not callable(found):
        raise ValueError(f"Could not interpret activation function identifier: {identifier!r}")
    return found


__all__ = [
    "deserialize",
    "elu",
    "exponential",
    "gelu",
    "get",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "leaky_relu",
    "linear",
    "log_softmax",
    "mish",
    "relu",
    "relu6",
    "selu",
    "serialize",
    "sigmoid",
    "silu",
    "softmax",
    "softplus",
    "softsign",
    "swish",
    "tanh",
]
