"""``Functional``: a model defined by a graph of layers between ``keras.Input``s and outputs."""

from ember.autodiff._nest import flatten, pack_like

from ember.ops import cast

from ..layers._symbolic import KerasTensor
from ._model import Model


class Functional(Model):
    """A model running its layers in graph order: ``keras.Model(inputs, outputs)``.

    Args:
        inputs: a ``keras.Input`` tensor, or a list or dict of them.
        outputs: a symbolic tensor from calling layers on ``inputs``, or a list or
            dict of them (dict keys name the outputs).
    """

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        super().__init__(name=name or _functional_name(), trainable=trainable, **kwargs)
        self._set_graph(inputs, outputs)

    def _set_graph(self, inputs, outputs):
        self._inputs_structure = inputs
        self._outputs_structure = outputs
        self.inputs = flatten(inputs)
        self.outputs = flatten(outputs)
        for tensor in self.inputs + self.outputs:
            if not isinstance(tensor, KerasTensor):
                raise TypeError(
                    "Functional model inputs and outputs must be symbolic tensors from "
                    f"keras.Input and layer calls. Received: {type(tensor).__name__}"
                )
        self._nodes = _ordered_nodes(self.inputs, self.outputs)
        layers = []
        for node in self._nodes:
            if not any(node.layer is known for known in layers):
                layers.append(node.layer)
        self._tracked_layers[:] = layers
        if isinstance(outputs, dict):
            self._output_names = list(outputs)
        else:
            self._output_names = [t._keras_history[0].name for t in self.outputs]
        self.built = True

    @property
    def input_names(self):
        return [t._keras_history[0].name for t in self.inputs]

    @property
    def input(self):
        return self._inputs_structure

    @property
    def output(self):
        return self._outputs_structure

    def call(self, inputs, training=None, mask=None):
        values = {}
        given = self._match_inputs(inputs)
        for tensor, value in zip(self.inputs, given):
            if value.dtype != tensor.dtype:  # each input takes its Input's dtype
                value = cast(value, tensor.dtype)
            values[id(tensor)] = value
        for node in self._nodes:
            if not node.input_tensors:  # an InputLayer
                continue
            args = pack_like(node.inputs, [values[id(t)] if isinstance(t, KerasTensor) else t
                                           for t in flatten(node.inputs)])
            outputs = node.layer(args, *node.args, **node.kwargs)
            for tensor, value in zip(node.output_tensors, flatten(outputs)):
                values[id(tensor)] = value
        return pack_like(self._outputs_structure, [values[id(t)] for t in self.outputs])

    def _match_inputs(self, inputs):
        if isinstance(inputs, dict):
            names = [t._keras_history[0].name for t in self.inputs]
            if isinstance(self._inputs_structure, dict):
                names = sorted(self._inputs_structure)
            missing = [n for n in names if n not in inputs]
            if missing:
                raise ValueError(f"Missing input(s) {missing}; the model's inputs are {names}")
            return [inputs[n] for n in names]
        given = flatten(inputs)
        if len(given) != len(self.inputs):
            raise ValueError(
                f'Layer "{self.name}" expects {len(self.inputs)} input(s), but it received '
                f"{len(given)} input tensors"
            )
        return given

    _keeps_integers = True  # call() casts each input to its Input's dtype

    def get_config(self):
        return functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        return functional_from_config(config, custom_objects, safe_mode)

    def _build_for(self, inputs):
        self.built = True


def _functional_name():
    from ..layers._naming import unique_name

    return unique_name("model")


def _ordered_nodes(inputs, outputs):
    """The nodes between ``inputs`` and ``outputs`` in an order that respects dependencies."""
    order, state = [], {}

    def visit(node):
        key = id(node)
        if state.get(key) == "done":
            return
        if state.get(key) == "active":
            raise ValueError("The layer graph has a cycle")
        state[key] = "active"
        for parent in node.parent_nodes:
            visit(parent)
        state[key] = "done"
        order.append(node)

    for tensor in outputs:
        if tensor._keras_history is None:
            raise ValueError(f"Output {tensor} was not produced by a layer")
        layer, index, _ = tensor._keras_history
        visit(layer._inbound_nodes[index])
    needed = {id(t) for t in inputs}
    for node in order:
        if not node.input_tensors and not any(id(t) in needed for t in node.output_tensors):
            raise ValueError(
                f"Graph disconnected: the output depends on input {node.output_tensors[0].name!r}, "
                "which is not among the model's inputs"
            )
    return order


# -- configuration ---------------------------------------------------------------
# A Functional config lists each layer once with its config and its calls
# ("inbound_nodes"). A call's arguments are the nested structure it received, with
# each symbolic tensor written as {"__keras_tensor__": [layer, node, output]};
# node numbers count only this model's calls of that layer.


def functional_config(model):
    from ember.keras.saving import serialize_keras_object

    node_numbers, counts = {}, {}
    for node in model._nodes:
        key = id(node.layer)
        node_numbers[id(node)] = counts.get(key, 0)
        counts[key] = counts.get(key, 0) + 1

    def reference(tensor):
        layer, index, position = tensor._keras_history
        node = layer._inbound_nodes[index]
        return [layer.name, node_numbers[id(node)], position]

    def encode(value):
        if isinstance(value, KerasTensor):
            return {"__keras_tensor__": reference(value)}
        if isinstance(value, (list, tuple)):
            return [encode(v) for v in value]
        if isinstance(value, dict):
            return {k: encode(v) for k, v in value.items()}
        return value

    layers = []
    for layer in model.layers:
        entry = serialize_keras_object(layer)
        entry["name"] = layer.name
        entry["inbound_nodes"] = [
            {"args": encode(node.inputs), "kwargs": encode(node.kwargs)}
            for node in model._nodes if node.layer is layer and node.input_tensors
        ]
        layers.append(entry)
    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layers,
        "input_layers": _encode_structure(model._inputs_structure, reference),
        "output_layers": _encode_structure(model._outputs_structure, reference),
    }


def _encode_structure(structure, reference):
    if isinstance(structure, KerasTensor):
        return reference(structure)
    if isinstance(structure, dict):
        return {key: reference(value) for key, value in structure.items()}
    return [reference(value) for value in structure]


def functional_from_config(config, custom_objects=None, safe_mode=True):
    from ember.keras.layers import deserialize

    layers, pending = {}, []
    outputs = {}  # (layer name, node number) -> outputs
    for entry in config["layers"]:
        layer = _deserialize_layer(entry, custom_objects, safe_mode, deserialize)
        layers[entry["name"]] = layer
        if type(layer).__name__ == "InputLayer":
            outputs[(entry["name"], 0)] = layer._output_tensor
        pending.extend((entry["name"], number, call) for number, call in enumerate(entry["inbound_nodes"]))

    def lookup(ref):
        name, number, position = ref
        found = outputs.get((name, number))
        if found is None:
            return None
        return flatten(found)[position]

    def decode(value):
        if isinstance(value, dict) and "__keras_tensor__" in value:
            tensor = lookup(value["__keras_tensor__"])
            if tensor is None:
                raise LookupError
            return tensor
        if isinstance(value, list):
            return [decode(v) for v in value]
        if isinstance(value, dict):
            return {k: decode(v) for k, v in value.items()}
        return value

    while pending:
        remaining = []
        for name, number, call in pending:
            try:
                args, kwargs = decode(call["args"]), decode(call["kwargs"])
            except LookupError:
                remaining.append((name, number, call))
                continue
            outputs[(name, number)] = layers[name](args, **kwargs)
        if len(remaining) == len(pending):
            raise ValueError("Invalid Functional config: some layer calls have inputs that are never produced")
        pending = remaining

    def structure(encoded):
        if isinstance(encoded, dict):
            return {key: lookup(ref) for key, ref in encoded.items()}
        if encoded and not isinstance(encoded[0], list):
            return lookup(encoded)
        return [lookup(ref) for ref in encoded]

    return Functional(structure(config["input_layers"]), structure(config["output_layers"]),
                      name=config.get("name"), trainable=config.get("trainable", True))


def _deserialize_layer(entry, custom_objects, safe_mode, deserialize):
    from ember.keras.layers import Lambda

    if entry.get("class_name") == "Lambda":
        return Lambda.from_config(dict(entry["config"]), custom_objects=custom_objects,
                                  safe_mode=safe_mode)
    return deserialize({k: v for k, v in entry.items() if k not in ("name", "inbound_nodes")},
                       custom_objects=custom_objects)

