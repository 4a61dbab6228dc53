"""Rebuilding a model from ``config.json``, and restoring weights into models built later.

Classes come only from ember's own tables, ``custom_objects`` and the
registry: a file's class and module names are looked up, never imported. A
subclassed model that cannot be rebuilt gets an error saying why and what to
pass. A subclassed model creates its weights on its first call; its saved
weights (and optimizer state) are restored right then, before the call runs.
"""

from ember.autodiff._nest import flatten, pack_like

from ._serialization import (
    SafeModeScope,
    custom_object_scope,
    deserialize_keras_object,
    get_registered_object,
)


def _model_classes():
    from ember.keras.models import Functional, Model, Sequential

    return {"Sequential": Sequential, "Functional": Functional, "Model": Model}


def has_full_config(model):
    """Whether ``get_config()`` records what the model's constructor needs.

    Sequential and Functional models always do; a subclassed model does when
    its class defines ``get_config`` (or ``Model`` captured its arguments).
    """
    from ember.keras.models import Functional, Model, Sequential

    if isinstance(model, (Sequential, Functional)):
        return True
    return type(model).get_config is not Model.get_config or (
        getattr(model, "_init_config", None) is not None
    )


def rebuild_model(entry, config_complete, custom_objects, safe_mode, source):
    """The model described by the ``model`` entry of ``config.json``.

    Args:
        entry: ``serialize_keras_object(model)``'s output.
        config_complete: whether the saved config holds the constructor's arguments.
        custom_objects: the user's ``{name: class_or_function}``.
        safe_mode: refuse layers that run user code (``Lambda``).
        source: the file, for messages.

    Raises:
        ValueError: the class is unknown, its config is incomplete, or
            rebuilding it failed; the message says what to pass or change.
    """
    classes = _model_classes()
    class_name = entry["class_name"]
    cls = get_registered_object(entry.get("registered_name") or class_name, custom_objects, classes)
    if cls is None:
        cls = get_registered_object(class_name, custom_objects, classes)
    if cls is None:
        raise ValueError(
            f"The model in {source!r} is an instance of the custom class {class_name!r} "
            f"(saved from module {entry.get('module')!r}). load_model never imports code from "
            f"a file, so it needs the class itself: pass custom_objects={{{class_name!r}: "
            f"{class_name}}} or decorate the class with "
            "@keras.saving.register_keras_serializable(). To restore only the weights, "
            f"create the model yourself and call model.load_weights({source!r})."
        )
    if not config_complete:
        raise ValueError(
            f"The model in {source!r} is a subclassed {class_name} whose class did not define "
            "get_config() when it was saved, so its constructor arguments are not in the "
            "file and load_model cannot rebuild it. Define get_config() returning the "
            "arguments __init__ needs and save it again, or create the model yourself, call "
            f"it once on a batch and load its weights with model.load_weights({source!r})."
        )
    with custom_object_scope(classes), custom_object_scope(custom_objects or {}), \
            SafeModeScope(safe_mode):
        try:
            return deserialize_keras_object(entry, custom_objects=custom_objects,
                                            module_objects=classes, kind="model",
                                            safe_mode=safe_mode)
        except ValueError:
            raise
        except (TypeError, KeyError, IndexError, AttributeError) as exc:
            raise ValueError(
                f"Could not rebuild the model saved in {source!r} from its config "
                f"({type(exc).__name__}: {exc}). Custom layers and models must define "
                "get_config() returning every argument their __init__ needs."
            ) from exc


def restore_when_built(model, restore):
    """Run ``restore(model)`` as soon as the model creates its weights.

    The model's first call (or symbolic call, or ``build``) builds it on a
    batch of zeros shaped like its inputs, restores, and then proceeds. If
    restoring fails, the model stays unbuilt and every call raises again,
    so it never runs with weights that were not loaded.

    Args:
        model: an unbuilt model.
        restore: a function of the model that assigns the saved values.

    Example:
        >>> model = load_model("wide_and_deep.keras", custom_objects=...)  # doctest: +SKIP
        >>> model.weights  # doctest: +SKIP
        []
        >>> model.predict(X_new)  # built and restored first  # doctest: +SKIP
    """

    def build_then_restore(input_shape):
        _uninstall(model)
        try:
            model.build(input_shape)
            restore(model)
        except BaseException:
            model.built = False
            _install(model, hooks)
            raise

    def build_for(inputs):
        shapes = [None if t is None else (None,) + tuple(t.shape[1:]) for t in flatten(inputs)]
        build_then_restore(pack_like(inputs, shapes))

    hooks = {"build": build_then_restore, "_build_for": build_for}
    _install(model, hooks)


def _install(model, hooks):
    # Instance attributes shadow the class's methods until the first build.
    for name, hook in hooks.items():
        object.__setattr__(model, name, hook)


def _uninstall(model):
    for name in ("build", "_build_for"):
        model.__dict__.pop(name, None)
