"""``keras.saving``: model and weight files, and serialization of Keras objects.

``save_model``/``load_model`` and ``save_weights``/``load_weights`` read and
write ember archives (a zip of JSON and ``.npy`` arrays, docs/saving_format.md),
atomically and without pickle. ``serialize_keras_object`` and friends turn
objects into JSON-able configs and back.
"""

from ._archive import ArchiveError as ArchiveError
from ._saving_api import load_model as load_model
from ._saving_api import load_weights as load_weights
from ._saving_api import save_model as save_model
from ._saving_api import save_weights as save_weights
from ._serialization import CustomObjectScope as CustomObjectScope
from ._serialization import custom_object_scope as custom_object_scope
from ._serialization import deserialize_keras_object as deserialize_keras_object
from ._serialization import get_custom_objects as get_custom_objects
from ._serialization import get_registered_name as get_registered_name
from ._serialization import get_registered_object as get_registered_object
from ._serialization import register_keras_serializable as register_keras_serializable
from ._serialization import serialize_keras_object as serialize_keras_object

__all__ = [
    "ArchiveError",
    "CustomObjectScope",
    "custom_object_scope",
    "deserialize_keras_object",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "load_model",
    "load_weights",
    "register_keras_serializable",
    "save_model",
    "save_weights",
    "serialize_keras_object",
]
