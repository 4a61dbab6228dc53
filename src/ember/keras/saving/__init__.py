"""``keras.saving``: serialization of Keras objects (model files come with saving)."""

from ._serialization import CustomObjectScope as CustomObjectScope
from ._serialization import custom_object_scope as custom_object_scope
from ._serialization import deserialize_keras_object as deserialize_keras_object
from ._serialization import get_registered_name as get_registered_name
from ._serialization import get_registered_object as get_registered_object
from ._serialization import register_keras_serializable as register_keras_serializable
from ._serialization import serialize_keras_object as serialize_keras_object

__all__ = [
    "CustomObjectScope",
    "custom_object_scope",
    "deserialize_keras_object",
    "get_registered_name",
    "get_registered_object",
    "register_keras_serializable",
    "serialize_keras_object",
]
