"""``save_model``, ``load_model``, ``save_weights``, ``load_weights``: Keras 3's saving API.

Every file these write is an ember archive (docs/saving_format.md), whatever
its name: ``.keras``, the books' ``.h5``, Keras 3's ``.weights.h5`` or TF 2's
``.ckpt``. No HDF5 is written and nothing is pickled. Saves are atomic: a
failed save leaves the previous file as it was. Loads check the whole file
before a single variable changes.
"""

from ._archive import ArchiveError, ArchiveReader, describe, write_archive
from ._rebuild import has_full_config, rebuild_model, restore_when_built
from ._serialization import serialize_keras_object
from ._training import (
    check_compile_config,
    compile_config,
    compile_from_config,
    optimizer_index,
    restore_optimizer,
)
from ._weights import (
    WEIGHTS_INDEX,
    assign,
    match_variables,
    read_arrays,
    read_index,
    saveable_layers,
    weights_index,
)

CONFIG = "config.json"
_SAVE_FORMATS = (None, "keras", "h5", "tf")


def save_model(model, filepath, overwrite=True, **kwargs):
    """Save a model's architecture, weights, compile arguments and optimizer state.

    The file is an ember archive whatever its extension (``.keras``, or the
    books' ``.h5``); it is written to a temporary file beside ``filepath`` and
    renamed into place, so a failed save leaves an existing file unchanged.

    Args:
        model: a Sequential, Functional or subclassed model.
        filepath: a path (``str`` or ``pathlib.Path``) or a writable binary file object.
        overwrite: whether to replace an existing file; if False, an existing
            file raises ``FileExistsError``.
        **kwargs: ``include_optimizer`` (Keras 2; default True: save the
            compile arguments and the optimizer state), ``save_format``
            (Keras 2's ``"h5"``/``"tf"``/``"keras"``; always this archive) and
            ``zipped`` (True or None).

    Raises:
        FileExistsError: ``overwrite=False`` and the file exists.
        TypeError: an unknown keyword argument, or a config or weight that
            cannot be serialized (nothing is written then).

    Example:
        >>> model = keras.Sequential([keras.layers.Dense(1, input_shape=[3])])
        >>> model.compile(loss="mse", optimizer="sgd")
        >>> model.save("my_keras_model.keras")  # or "my_keras_model.h5"
        >>> keras.models.load_model("my_keras_model.keras").predict(X_new)  # doctest: +SKIP
    """
    include_optimizer = _save_options(kwargs, "save_model")
    arrays, members = [], {}
    layers = weights_index(model, arrays, members)
    optimizer = getattr(model, "optimizer", None) if include_optimizer else None
    config = {
        "model": _model_entry(model),
        "config_complete": has_full_config(model),
        "compile_config": compile_config(model) if include_optimizer else None,
    }
    index = {"layers": layers, "optimizer": optimizer_index(optimizer, arrays, members)}
    write_archive(filepath, "model", {CONFIG: config, WEIGHTS_INDEX: index}, arrays,
                  overwrite=overwrite)


def _model_entry(model):
    try:
        return serialize_keras_object(model)
    except NotImplementedError:  # a Keras 3-style get_config that refuses
        return {"module": type(model).__module__, "class_name": type(model).__name__,
                "config": {"name": model.name, "trainable": model.trainable},
                "registered_name": None}


def _save_options(kwargs, function):
    _reject_unknown(kwargs, function, ("include_optimizer", "save_format", "zipped"))
    save_format = kwargs.get("save_format")
    if save_format not in _SAVE_FORMATS:
        raise ValueError(
            f"Unknown save_format: ember writes one archive format, accepting the names "
            f"{list(_SAVE_FORMATS)}. Received: save_format={save_format!r}"
        )
    if kwargs.get("zipped") not in (None, True):
        raise ValueError(
            "ember always writes a single zip archive. Received: "
            f"zipped={kwargs.get('zipped')!r}"
        )
    return bool(kwargs.get("include_optimizer", True))


def _reject_unknown(kwargs, function, accepted):
    unknown = sorted(set(kwargs) - set(accepted))
    if unknown:
        raise TypeError(
            f"{function}() got unexpected keyword argument(s) {unknown}. "
            f"Accepted: {list(accepted)}"
        )


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):  # noqa: A002
    """Load a model saved by ``save_model`` / ``model.save``, ready to predict or train on.

    The whole file is checked before anything is built (see
    docs/saving_format.md). Nothing in it is executed: classes and functions
    are looked up among ember's own, ``custom_objects`` and those registered
    with ``register_keras_serializable``. A subclassed model gets its weights
    on its first call (it creates them then).

    Args:
        filepath: a path or a readable binary file object.
        custom_objects: ``{name: class_or_function}`` for custom layers,
            models, losses, metrics, activations...
        compile: whether to compile the model as it was saved (optimizer
            state included, so ``fit`` continues where it stopped).
        safe_mode: refuse layers whose loading runs user code (``Lambda``);
            pass False, with the function in ``custom_objects``, to allow them.

    Returns:
        The model; compiled if it was compiled when saved and ``compile=True``.

    Raises:
        FileNotFoundError: no file at ``filepath``.
        ArchiveError: the file is not an ember model archive, is truncated,
            corrupted, or from a newer ember.
        ValueError: a class or function is unknown (pass it in
            ``custom_objects``), or a ``Lambda`` meets ``safe_mode=True``.

    Example:
        >>> model = keras.models.load_model("my_keras_model.h5")  # doctest: +SKIP
        >>> model.fit(X_train, y_train, epochs=1)  # continues training  # doctest: +SKIP
    """
    source = describe(filepath)
    with ArchiveReader(filepath) as reader:
        if reader.kind != "model":
            raise reader.error(
                "it holds only weights (written by save_weights): create the model and call "
                "model.load_weights() instead"
            )
        config = _read_config(reader)
        layers, optimizer, members = read_index(reader)
        reader.check_members(members | {CONFIG, WEIGHTS_INDEX})
        records = [v for layer in layers for v in layer.variables]
        if optimizer is not None:
            records += optimizer["variables"]
        arrays = read_arrays(reader, records)
    model = rebuild_model(config["model"], config["config_complete"], custom_objects,
                          safe_mode, source)
    compiled = bool(compile) and config["compile_config"] is not None
    if compiled:
        compile_from_config(model, config["compile_config"], custom_objects, source)

    def restore(built_model):
        pairs = match_variables(built_model, layers, False, source)
        assign(pairs, arrays)
        if compiled and optimizer is not None:
            restore_optimizer(built_model, optimizer, arrays,
                              {saved.file: variable for variable, saved in pairs},
                              lambda problem: ArchiveError(source, problem))

    if layers and not model.built and not saveable_layers(model):
        restore_when_built(model, restore)
    else:
        restore(model)
    return model


def _read_config(reader):
    config = reader.read_json(CONFIG)
    if not isinstance(config, dict):
        raise reader.error(f"{CONFIG} should hold an object. Received: {type(config).__name__}")
    model = config.get("model")
    if not (isinstance(model, dict) and isinstance(model.get("class_name"), str)
            and isinstance(model.get("config"), dict)):
        raise reader.error(
            f"{CONFIG} model should be a serialized model with class_name and config. "
            f"Received: model={str(model)[:80]}"
        )
    if not isinstance(config.get("config_complete"), bool):
        raise reader.error(
            f"{CONFIG} config_complete should be true or false. "
            f"Received: config_complete={config.get('config_complete')!r}"
        )
    config["compile_config"] = check_compile_config(reader, config.get("compile_config"))
    return config


def save_weights(model, filepath, overwrite=True, **kwargs):
    """Save only the values of the model's variables.

    Keras 3 requires names ending ``.weights.h5``; ember accepts those and any
    other name (the books' ``"my_weights.ckpt"``), always writing an ember
    archive of kind ``"weights"``.

    Args:
        model: a built model.
        filepath: a path or a writable binary file object.
        overwrite: whether to replace an existing file.
        **kwargs: ``save_format`` (Keras 2; any accepted name writes this archive).

    Raises:
        ValueError: the model has no weights yet (it was never built).

    Example:
        >>> model.save_weights("my_model.weights.h5")  # doctest: +SKIP
        >>> model.load_weights("my_model.weights.h5")  # doctest: +SKIP
    """
    _reject_unknown(kwargs, "save_weights", ("save_format",))
    if kwargs.get("save_format") not in _SAVE_FORMATS:
        raise ValueError(
            f"Unknown save_format: ember accepts {list(_SAVE_FORMATS)}. "
            f"Received: save_format={kwargs['save_format']!r}"
        )
    if not model.built and not model.weights:
        raise ValueError(
            f"Model {model.name!r} has no weights yet: build it (call it on a batch, fit it, "
            "or call model.build(input_shape)) before save_weights()"
        )
    arrays = []
    index = {"layers": weights_index(model, arrays), "optimizer": None}
    write_archive(filepath, "weights", {WEIGHTS_INDEX: index}, arrays, overwrite=overwrite)


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Load weights saved by ``save_weights`` or ``save_model`` into a built model.

    Variables are matched by the structure of the model, layer by layer, as in
    Keras 3 (layers without variables take no part). Every count and shape is
    checked, and the file read in full, before any variable changes.

    Args:
        model: the model receiving the weights (built, with its variables).
        filepath: a path or a readable binary file object.
        skip_mismatch: skip, with a warning, the layers whose variables do not
            match (number or shapes) instead of raising.

    Raises:
        ArchiveError: the file is not a readable ember archive.
        ValueError: a layer's variables do not match the file's, naming the
            layer, the variable, and the expected and saved shapes.

    Example:
        >>> model.save_weights("my_weights.ckpt")  # doctest: +SKIP
        >>> new_model.load_weights("my_weights.ckpt")  # doctest: +SKIP
    """
    _reject_unknown(kwargs, "load_weights", ())
    source = describe(filepath)
    with ArchiveReader(filepath) as reader:
        layers, _, members = read_index(reader)
        reader.check_members(members | {WEIGHTS_INDEX} | ({CONFIG} if reader.kind == "model"
                                                          else set()))
        arrays = read_arrays(reader, [v for layer in layers for v in layer.variables])
    assign(match_variables(model, layers, skip_mismatch, source), arrays)
