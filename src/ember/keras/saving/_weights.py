"""Which array belongs to which variable: the ``weights.json`` index and loading by structure.

Every layer owning variables (the model itself included) gets a *path* built
from its class names, as in Keras 3: the children of a layer are named
``dense``, ``dense_1``, ``batch_normalization``... in tracking order, and nested
layers join with ``/`` (``sequential/dense_1``). Layers without variables
take no part, so adding or removing a ``Dropout`` changes nothing; a layer
shared by several parents is saved once, at its first path. Loading matches
the model's paths with the file's and checks each variable's count and shape
before assigning anything.
"""

import warnings

import numpy as np

from ember.backend import to_numpy

from ._archive import ARRAY_MEMBER, check_dtype, check_shape, check_type

WEIGHTS_INDEX = "weights.json"


class SavedVariable:
    """One variable recorded in ``weights.json``: its name, shape, dtype and member."""

    def __init__(self, name, shape, dtype, file):
        self.name, self.shape, self.dtype, self.file = name, shape, dtype, file


class SavedLayer:
    """One layer recorded in ``weights.json`` with its variables."""

    def __init__(self, path, class_name, name, variables):
        self.path, self.class_name, self.name = path, class_name, name
        self.variables = variables


# -- the model's side -------------------------------------------------------------
def saveable_layers(model):
    """The layers owning variables, depth first, with their paths.

    Args:
        model: a model or layer.

    Returns:
        A list of ``(path, layer, variables)``; the model's own variables (if
        any) come first with the path ``""``.

    Example:
        >>> [path for path, _, _ in saveable_layers(model)]  # doctest: +SKIP
        ['dense', 'batch_normalization', 'dense_1']
    """
    from ember.keras.layers._naming import to_snake_case

    found, seen_variables, seen_layers = [], set(), set()

    def visit(layer, path):
        seen_layers.add(id(layer))
        own = [v for v in layer._trainable_variables + layer._non_trainable_variables
               if id(v) not in seen_variables]
        seen_variables.update(id(v) for v in own)
        if own:
            found.append((path, layer, own))
        counts = {}
        for child in layer._tracked_layers:
            if id(child) in seen_layers:
                continue
            base = to_snake_case(type(child).__name__)
            number = counts.get(base, 0)
            counts[base] = number + 1
            key = base if number == 0 else f"{base}_{number}"
            visit(child, f"{path}/{key}" if path else key)

    visit(model, "")
    return found


def variable_name(variable):
    """``"dense_1/kernel:0"`` → ``"kernel"``."""
    return str(variable.name).split("/")[-1].split(":")[0]


def variable_records(named_arrays, prefix, arrays):
    """Index records for ``[(name, array), ...]``; appends ``(member, array)`` to ``arrays``."""
    records = []
    start = sum(1 for member, _ in arrays if member.startswith(prefix + "/"))
    for number, (name, value) in enumerate(named_arrays, start):
        array = np.array(to_numpy(value))
        member = f"{prefix}/{number:05d}.npy"
        arrays.append((member, array))
        records.append({"name": name, "shape": list(array.shape), "dtype": array.dtype.name,
                        "file": member})
    return records


def weights_index(model, arrays, members=None):
    """The ``layers`` list of ``weights.json`` for ``model``.

    Args:
        model: the model saved.
        arrays: receives the ``(member, array)`` pairs to write.
        members: if given, receives ``{id(variable): member}``.
    """
    layers = []
    for path, layer, variables in saveable_layers(model):
        records = variable_records([(variable_name(v), v._value) for v in variables],
                                   "weights", arrays)
        if members is not None:
            members.update((id(v), r["file"]) for v, r in zip(variables, records))
        layers.append({"path": path, "class_name": type(layer).__name__, "name": layer.name,
                       "variables": records})
    return layers


# -- the file's side --------------------------------------------------------------
def read_index(reader):
    """Parse and validate ``weights.json``.

    Returns:
        ``(layers, optimizer, members)``: the ``SavedLayer`` list, the
        optimizer record (``{"class_name", "variables"}``) or None, and the set
        of array member names the index refers to.
    """
    index = check_type(reader, reader.read_json(WEIGHTS_INDEX), dict, WEIGHTS_INDEX)
    members = set()
    layers, paths = [], set()
    for i, entry in enumerate(check_type(reader, index.get("layers"), list, "weights.json layers")):
        where = f"weights.json layers[{i}]"
        check_type(reader, entry, dict, where)
        path = check_type(reader, entry.get("path"), str, f"{where}.path")
        if path in paths:
            raise reader.error(f"weights.json lists the layer path {path!r} twice")
        paths.add(path)
        layers.append(SavedLayer(
            path,
            check_type(reader, entry.get("class_name"), str, f"{where}.class_name"),
            check_type(reader, entry.get("name"), str, f"{where}.name"),
            _read_variables(reader, entry.get("variables"), f"{where}.variables", "weights",
                            members),
        ))
    optimizer = index.get("optimizer")
    if optimizer is not None:
        optimizer = _read_optimizer(reader, optimizer, members)
    return layers, optimizer, members


def _read_optimizer(reader, optimizer, members):
    where = "weights.json optimizer"
    check_type(reader, optimizer, dict, where)
    weights = set(members)
    built_for = check_type(reader, optimizer.get("built_for"), list, f"{where}.built_for")
    for i, file in enumerate(built_for):
        check_type(reader, file, str, f"{where}.built_for[{i}]")
        if file not in weights:
            raise reader.error(
                f"{where}.built_for[{i}] should name a model variable's member. "
                f"Received: {file!r}"
            )
    if len(set(built_for)) != len(built_for):
        raise reader.error(f"{where}.built_for names a variable twice")
    return {
        "class_name": check_type(reader, optimizer.get("class_name"), str, f"{where}.class_name"),
        "built_for": built_for,
        "variables": _read_variables(reader, optimizer.get("variables"), f"{where}.variables",
                                     "optimizer", members),
    }


def _read_variables(reader, records, where, prefix, members):
    check_type(reader, records, list, where)
    variables = []
    for i, record in enumerate(records):
        at = f"{where}[{i}]"
        check_type(reader, record, dict, at)
        file = check_type(reader, record.get("file"), str, f"{at}.file")
        if not ARRAY_MEMBER.fullmatch(file) or not file.startswith(prefix + "/"):
            raise reader.error(
                f"{at}.file should name a member {prefix}/NNNNN.npy. Received: file={file!r}"
            )
        if file in members:
            raise reader.error(f"two variables share the member {file!r}")
        members.add(file)
        variables.append(SavedVariable(
            check_type(reader, record.get("name"), str, f"{at}.name"),
            check_shape(reader, record.get("shape"), f"{at}.shape"),
            check_dtype(reader, record.get("dtype"), f"{at}.dtype"),
            file,
        ))
    return variables


def read_arrays(reader, variables):
    """``{member: array}`` for ``variables``, each checked against its record."""
    return {v.file: reader.read_array(v.file, v.shape, v.dtype) for v in variables}


# -- matching and assigning -------------------------------------------------------
def match_variables(model, saved_layers, skip_mismatch, source):
    """Pair the model's variables with the saved ones by layer path.

    Args:
        model: the model receiving the weights.
        saved_layers: the ``SavedLayer`` list read from the file.
        skip_mismatch: skip (with a warning) layers whose variables do not
            match instead of raising.
        source: the file, for messages.

    Returns:
        A list of ``(variable, SavedVariable)`` pairs.

    Raises:
        ValueError: a layer's variable count or shape differs, or a layer is
            only on one side, and ``skip_mismatch`` is False.
    """
    own_layers = saveable_layers(model)
    by_path = {layer.path: layer for layer in saved_layers}
    pairs, problems = [], []
    for path, layer, variables in own_layers:
        saved = by_path.pop(path, None)
        label = _label(layer.name, path, type(layer).__name__)
        if saved is None:
            problems.append(
                f"{label} has {len(variables)} variable(s) but the file has none for it"
            )
            continue
        if len(saved.variables) != len(variables):
            problems.append(
                f"{label} expects {len(variables)} variables "
                f"{[variable_name(v) for v in variables]}, but the file holds "
                f"{len(saved.variables)} for it {[s.name for s in saved.variables]}"
            )
            continue
        shapes = [
            f"variable {variable_name(v)!r} expects shape {tuple(v.shape)}, but the file "
            f"holds shape {s.shape}"
            for v, s in zip(variables, saved.variables) if tuple(v.shape) != s.shape
        ]
        if shapes:
            problems.append(f"{label}: " + "; ".join(shapes))
            continue
        pairs.extend(zip(variables, saved.variables))
    for saved in by_path.values():
        problems.append(
            f"the file holds {len(saved.variables)} variable(s) for "
            f"{_label(saved.name, saved.path, saved.class_name)}, which the model does not have"
        )
    if problems:
        _report(model, own_layers, problems, skip_mismatch, source)
    return pairs


def _label(name, path, class_name):
    if not path:
        return f"the model itself ({class_name} {name!r})"
    return f"layer {name!r} ({class_name}, path {path!r})"


def _report(model, own_layers, problems, skip_mismatch, source):
    if skip_mismatch:
        for problem in problems:
            warnings.warn(f"Skipping weights from {source!r}: {problem}", stacklevel=4)
        return
    hint = " Pass skip_mismatch=True to load the layers that match."
    if not own_layers:
        hint = (
            " The model has no weights yet: build it first (call it on a batch, fit it, or "
            "call model.build(input_shape)), then load the weights."
        )
    listed = "\n".join(f"  - {problem}" for problem in problems)
    raise ValueError(
        f"Cannot load the weights in {source!r} into model {model.name!r}: "
        f"{len(problems)} layer(s) do not match:\n{listed}\n{hint.strip()}"
    )


def assign(pairs, arrays):
    """Set each variable of ``pairs`` to its saved array (cast to the variable's dtype)."""
    for variable, saved in pairs:
        variable.assign(arrays[saved.file])
