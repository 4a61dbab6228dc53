"""``keras.optimizers``: gradient-descent algorithms, schedules, and ``get``.

Every optimizer shares the ``Optimizer`` base (``_base.py``): the iteration
count, the learning rate (float, schedule, or Keras 2's ``lr=``/``decay=``),
clipping, weight decay, EMA, constraints, configs and saved state. Each
algorithm module only builds its slots and implements ``update_step``.
"""

from ember.keras.saving._serialization import (
    custom_object_scope,
    deserialize_keras_object,
    make_getter,
    serialize_keras_object,
)

from . import schedules as schedules
from ._adagrad import Adagrad as Adagrad
from ._adam import Adam as Adam
from ._adamax import Adamax as Adamax
from ._adamw import AdamW as AdamW
from ._base import Optimizer as Optimizer
from ._ftrl import Ftrl as Ftrl
from ._nadam import Nadam as Nadam
from ._rmsprop import RMSprop as RMSprop
from ._sgd import SGD as SGD

_CLASSES = (Optimizer, SGD, Adagrad, RMSprop, Adam, Adamax, Nadam, AdamW, Ftrl)
# Names resolve as written ("Adam") and lower-cased ("adam"), as in Keras.
_OPTIMIZERS = {**{c.__name__: c for c in _CLASSES}, **{c.__name__.lower(): c for c in _CLASSES}}
_get = make_getter("optimizer", _OPTIMIZERS)


def serialize(optimizer):
    """Return an optimizer's config as a JSON-able dict.

    Example:
        >>> serialize(SGD(momentum=0.9))["class_name"]
        'SGD'
    """
    return serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    """Create an optimizer from ``serialize``'s output.

    Args:
        config: a dict ``{"class_name": ..., "config": {...}}``; built-in
            class names are matched case-insensitively.
        custom_objects: ``{name: class}`` for custom optimizers or schedules.

    Example:
        >>> deserialize({"class_name": "adam", "config": {"learning_rate": 0.01}}).name
        'adam'
    """
    config = dict(config)
    if str(config.get("class_name", "")).lower() in _OPTIMIZERS:
        config["class_name"] = config["class_name"].lower()
        config.pop("registered_name", None)
    with custom_object_scope(custom_objects):
        return deserialize_keras_object(config, module_objects=_OPTIMIZERS, kind="optimizer")


def get(identifier):
    """Return an optimizer from a name (``"adam"``), a config dict or an instance.

    Example:
        >>> type(get("rmsprop")).__name__
        'RMSprop'
    """
    if identifier is None or isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        optimizer = deserialize(identifier)
    elif isinstance(identifier, str):
        optimizer = _get(identifier.lower() if identifier.lower() in _OPTIMIZERS else identifier)
    else:
        optimizer = None
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}")
    return optimizer


__all__ = [
    "SGD",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "Ftrl",
    "Nadam",
    "Optimizer",
    "RMSprop",
    "deserialize",
    "get",
    "schedules",
    "serialize",
]
