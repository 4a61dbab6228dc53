"""What a model needs to go on training after loading: its compile arguments and optimizer state.

``compile_config`` records ``compile``'s optimizer, losses, loss weights and
metrics as configs and names; ``compile_from_config`` turns them back into
objects (custom ones through ``custom_objects`` or the registry) and
recompiles. The optimizer's slots, iteration count and learning rate are
arrays saved with ``save_own_variables`` and restored after building the
optimizer for the model's trainable variables, so ``fit`` continues exactly
where it stopped.
"""

import inspect
import numbers
import warnings

from ._serialization import get_registered_object, serialize_keras_object
from ._weights import variable_name, variable_records

_COMPILE_KEYS = ("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics")


def compile_config(model):
    """The JSON-able arguments of the model's last ``compile``, or None if not compiled.

    Example:
        >>> model.compile(optimizer="sgd", loss="mse", metrics=["mae"])  # doctest: +SKIP
        >>> compile_config(model)["metrics"]  # doctest: +SKIP
        ['mae']
    """
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        return None
    loss, loss_weights, metrics, weighted_metrics = model._compile_arguments
    return {
        "optimizer": serialize_keras_object(model.optimizer),
        "loss": serialize_keras_object(loss),
        "loss_weights": serialize_keras_object(loss_weights),
        "metrics": serialize_keras_object(metrics),
        "weighted_metrics": serialize_keras_object(weighted_metrics),
    }


def optimizer_index(optimizer, arrays, members):
    """The ``optimizer`` record of ``weights.json``, or None.

    Args:
        optimizer: the model's optimizer (None, or never built: nothing to save).
        arrays: receives the ``(member, array)`` pairs to write.
        members: ``{id(variable): member}`` of the model's variables, to record
            which variables the optimizer was built for, in its order.
    """
    if optimizer is None or not getattr(optimizer, "built", False):
        return None
    built_for = [members.get(id(v)) for v in getattr(optimizer, "_trainable_variables", [])]
    if None in built_for:
        warnings.warn(
            f"The state of optimizer {optimizer.name!r} is not saved: it was built for "
            "variables that are not the model's. The model will load with a fresh optimizer.",
            stacklevel=4,
        )
        return None
    store = {}
    optimizer.save_own_variables(store)
    names = [variable_name(v) for v in optimizer.variables]
    if len(names) != len(store):
        names = [str(i) for i in range(len(store))]
    values = [store[str(i)] for i in range(len(store))]
    return {"class_name": type(optimizer).__name__, "built_for": built_for,
            "variables": variable_records(list(zip(names, values)), "optimizer", arrays)}


def check_compile_config(reader, config):
    """Validate the ``compile_config`` read from ``config.json`` (None or a dict)."""
    if config is None:
        return None
    if not isinstance(config, dict) or set(config) != set(_COMPILE_KEYS):
        received = sorted(config) if isinstance(config, dict) else config
        raise reader.error(
            f"config.json compile_config should be null or an object with the keys "
            f"{list(_COMPILE_KEYS)}. Received: {received!r}"
        )
    if not isinstance(config["optimizer"], (dict, str)):
        raise reader.error(
            f"config.json compile_config.optimizer should be a config or a name. "
            f"Received: optimizer={config['optimizer']!r}"
        )
    for key in _COMPILE_KEYS[1:]:
        _check_tree(reader, config[key], f"compile_config.{key}")
    return config


def _check_tree(reader, value, where):
    if value is None or isinstance(value, (str, bool, numbers.Real)):
        return
    if isinstance(value, list):
        for item in value:
            _check_tree(reader, item, where)
        return
    if isinstance(value, dict):
        for item in value.values():
            _check_tree(reader, item, where)
        return
    raise reader.error(f"config.json {where} holds an unexpected value {value!r}")


def compile_from_config(model, config, custom_objects, source):
    """Compile ``model`` with the saved arguments.

    Raises:
        ValueError: an optimizer, loss or metric cannot be resolved; the
            message says to pass it in ``custom_objects`` or to load with
            ``compile=False``.
    """
    from ember.keras import losses, metrics, optimizers

    try:
        optimizer = optimizers.deserialize(config["optimizer"], custom_objects=custom_objects) \
            if isinstance(config["optimizer"], dict) else optimizers.get(config["optimizer"])
        loss = _deserialize_tree(config["loss"], losses.deserialize, custom_objects)
        metric_list = _deserialize_tree(config["metrics"], metrics.deserialize, custom_objects)
        weighted = _deserialize_tree(config["weighted_metrics"], metrics.deserialize,
                                     custom_objects)
        model.compile(optimizer=optimizer, loss=loss, loss_weights=config["loss_weights"],
                      metrics=metric_list, weighted_metrics=weighted)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"The model in {source!r} was rebuilt, but compiling it as it was saved failed: "
            f"{exc}\nPass the missing objects in custom_objects=, or load with "
            "compile=False and compile it yourself."
        ) from exc


def _deserialize_tree(value, deserialize, custom_objects):
    """Configs become objects; names of custom functions resolve; built-in names stay names."""
    if isinstance(value, list):
        return [_deserialize_tree(item, deserialize, custom_objects) for item in value]
    if isinstance(value, dict):
        if "class_name" in value and "config" in value:
            return deserialize(value, custom_objects=custom_objects)
        return {key: _deserialize_tree(item, deserialize, custom_objects)
                for key, item in value.items()}
    if isinstance(value, str):
        found = get_registered_object(value, custom_objects)
        if found is None:
            return value  # a built-in name, resolved by compile as when it was saved
        return found() if inspect.isclass(found) else found
    return value


def restore_optimizer(model, saved, arrays, variables_by_member, error):
    """Build the model's optimizer for the variables it had and load its saved state.

    Args:
        model: a compiled model whose variables hold the saved values.
        saved: the ``optimizer`` record of ``weights.json``.
        arrays: ``{member: array}`` read from the file.
        variables_by_member: ``{member: variable}`` of the model's loaded variables.
        error: a function making the error to raise from a message.
    """
    optimizer = model.optimizer
    missing = [member for member in saved["built_for"] if member not in variables_by_member]
    if missing:
        raise error(f"the optimizer state refers to variables the model lacks: {missing}")
    if not optimizer.built:
        optimizer.build([variables_by_member[member] for member in saved["built_for"]])
    variables = optimizer.variables
    records = saved["variables"]
    if len(variables) != len(records):
        raise error(
            f"the saved {saved['class_name']} state has {len(records)} variables, but the "
            f"rebuilt {type(optimizer).__name__} has {len(variables)}"
        )
    for variable, record in zip(variables, records):
        if tuple(variable.shape) != record.shape:
            raise error(
                f"optimizer variable {variable_name(variable)!r} expects shape "
                f"{tuple(variable.shape)}, but the file holds shape {record.shape}"
            )
    optimizer.load_own_variables({str(i): arrays[r.file] for i, r in enumerate(records)})
