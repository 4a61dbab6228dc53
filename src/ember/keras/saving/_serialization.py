"""Turning Keras objects into JSON-able configs and back, without running code.

A config is ``{"module": ..., "class_name": ..., "config": {...},
"registered_name": ...}`` as in Keras 3. Names resolve, in order, through the
``custom_objects`` given, the active ``custom_object_scope``, the objects
registered with ``register_keras_serializable`` and the caller's built-in
table. Nothing is imported or evaluated from the config itself.
"""

import inspect

_REGISTERED = {}  # "package>name" -> class or function
_SCOPES = []  # stack of dicts from custom_object_scope
_SAFE_MODE = [True]  # stack of flags from SafeModeScope; the last one applies


def register_keras_serializable(package="Custom", name=None):
    """Decorator registering a custom class or function under ``package>name``."""

    def decorator(obj):
        registered = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register {obj.__name__}: a serializable class needs get_config()"
            )
        _REGISTERED[registered] = obj
        obj._registered_name = registered
        return obj

    return decorator


def get_custom_objects():
    """The global table of custom objects (``register_keras_serializable`` fills it).

    Names added to this dict resolve during deserialization, as in Keras.

    Returns:
        The live ``{name: class_or_function}`` dict (modify it in place).

    Example:
        >>> def my_softplus(z):
        ...     return keras.activations.softplus(z)
        >>> keras.saving.get_custom_objects()["my_softplus"] = my_softplus
    """
    return _REGISTERED


def get_registered_name(obj):
    """The name ``obj`` is registered under (its own name if unregistered)."""
    return getattr(obj, "_registered_name", None) or getattr(obj, "__name__", type(obj).__name__)


def get_registered_object(name, custom_objects=None, module_objects=None):
    """Resolve a class or function name (None if unknown)."""
    for table in ([custom_objects or {}] + _SCOPES[::-1] + [_REGISTERED, module_objects or {}]):
        if name in table:
            return table[name]
    short = name.split(">")[-1]
    for table in [custom_objects or {}] + _SCOPES[::-1]:
        if short in table:
            return table[short]
    return None


class custom_object_scope:  # noqa: N801 - Keras' name
    """Within this ``with`` block, the given names resolve during deserialization."""

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self):
        _SCOPES.append(self.custom_objects)
        return self

    def __exit__(self, *exc_info):
        _SCOPES.pop()
        return False


CustomObjectScope = custom_object_scope


class SafeModeScope:
    """Within this ``with`` block, configs are deserialized with ``safe_mode``.

    In safe mode (the default) objects whose loading would run user code, such
    as a ``Lambda`` layer, refuse to load. ``load_model(safe_mode=False)``
    opens this scope so that such layers nested anywhere in a model load.

    Args:
        safe_mode: whether to refuse objects that run user code on loading.

    Example:
        >>> with SafeModeScope(False):
        ...     in_safe_mode()
        False
    """

    def __init__(self, safe_mode=True):
        self.safe_mode = bool(safe_mode)

    def __enter__(self):
        _SAFE_MODE.append(self.safe_mode)
        return self

    def __exit__(self, *exc_info):
        _SAFE_MODE.pop()
        return False


def in_safe_mode():
    """Whether deserialization currently refuses objects that run user code."""
    return _SAFE_MODE[-1]


def serialize_keras_object(obj):
    """Return a JSON-able description of ``obj`` (None, a name, or a config dict)."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(item) for item in obj]
    if isinstance(obj, dict):
        return {key: serialize_keras_object(value) for key, value in obj.items()}
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return get_registered_name(obj)
    if hasattr(obj, "get_config"):
        return {
            "module": _public_module(type(obj).__module__),
            "class_name": type(obj).__name__,
            "config": obj.get_config(),
            "registered_name": get_registered_name(type(obj)),
        }
    raise TypeError(f"Cannot serialize {obj!r}: it has no get_config()")


def _public_module(module):
    """``ember.keras.losses._regression`` → ``ember.keras.losses`` (private parts dropped)."""
    parts = module.split(".")
    while len(parts) > 1 and parts[-1].startswith("_"):
        parts.pop()
    return ".".join(parts)


def deserialize_keras_object(config, custom_objects=None, module_objects=None, kind="object",
                             safe_mode=None):
    """Rebuild an object from ``serialize_keras_object``'s output.

    A class's ``from_config`` receives ``custom_objects`` and ``safe_mode`` too
    when its signature names them (``Functional``, ``Lambda``).

    Args:
        config: a name (``"relu"``) or a config dict.
        custom_objects: extra ``{name: class_or_function}`` to resolve.
        module_objects: the caller's built-in ``{name: class_or_function}`` table.
        kind: what is being rebuilt, for error messages (``"activation"``).
        safe_mode: refuse objects that run user code on loading; None follows
            the enclosing ``SafeModeScope`` (True by default).
    """
    if config is None:
        return None
    if isinstance(config, str):
        found = get_registered_object(config, custom_objects, module_objects)
        if found is None:
            raise ValueError(_unknown(kind, config, module_objects))
        return found
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Could not interpret {kind} config: {config!r}")
    name = config.get("registered_name") or config["class_name"]
    cls = get_registered_object(name, custom_objects, module_objects)
    if cls is None:
        cls = get_registered_object(config["class_name"], custom_objects, module_objects)
    if cls is None:
        raise ValueError(_unknown(kind, config["class_name"], module_objects))
    inner = config.get("config", {})
    # Nested objects in the config resolve through the same custom objects.
    with custom_object_scope(custom_objects or {}):
        if hasattr(cls, "from_config"):
            return cls.from_config(inner, **_from_config_options(cls, custom_objects, safe_mode))
        return cls(**inner)


def _from_config_options(cls, custom_objects, safe_mode):
    """The optional arguments ``cls.from_config`` accepts."""
    try:
        parameters = inspect.signature(cls.from_config).parameters
    except (TypeError, ValueError):  # a builtin without a signature
        return {}
    options = {}
    if "custom_objects" in parameters:
        options["custom_objects"] = custom_objects
    if "safe_mode" in parameters:
        options["safe_mode"] = in_safe_mode() if safe_mode is None else bool(safe_mode)
    return options


def _unknown(kind, name, module_objects):
    known = sorted(module_objects or {})
    hint = f" Known {kind}s: {', '.join(known)}." if known else ""
    return (
        f"Unknown {kind}: {name!r}.{hint} Pass custom ones in custom_objects= or "
        "register them with keras.saving.register_keras_serializable()"
    )


def make_getter(kind, module_objects):
    """Build a module's ``get(identifier)``: None, a name, a config, or a callable."""

    def get(identifier):
        if identifier is None:
            return None
        if isinstance(identifier, (str, dict)):
            found = deserialize_keras_object(identifier, module_objects=module_objects, kind=kind)
            return found() if inspect.isclass(found) and isinstance(identifier, str) else found
        if callable(identifier):
            return identifier
        raise ValueError(f"Could not interpret {kind} identifier: {identifier!r}")

    get.__doc__ = (
        f"Return the {kind} named or configured by ``identifier`` (callables pass through)."
    )
    return get
