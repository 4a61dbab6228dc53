"""``model.summary()``: Keras' table of layers, output shapes and parameter counts."""

import numpy as np

from ..layers._symbolic import KerasTensor


def _shape_text(layer):
    try:
        outputs = layer.output
    except AttributeError:
        return "?"
    if isinstance(outputs, KerasTensor):
        return str(outputs.shape).replace(",)", ")")
    if isinstance(outputs, (list, tuple)):
        return ", ".join(str(t.shape) for t in outputs)
    return "?"


def _connections(layer, model_layers):
    names = []
    for node in layer._inbound_nodes:
        for tensor in node.input_tensors:
            source, index, position = tensor._keras_history
            if any(source is known for known in model_layers):
                names.append(f"{source.name}[{index}][{position}]")
    return names


def print_summary(model, line_length=None, print_fn=None):
    """Print (or pass to ``print_fn``, line by line) the summary of ``model``."""
    print_fn = print_fn or print
    functional = hasattr(model, "_nodes")
    layers = model.layers
    widths = [29, 26, 11, 33] if functional else [28, 26, 11]
    if line_length:
        scale = line_length / sum(widths)
        widths = [int(w * scale) for w in widths]
    total_width = sum(widths)
    headers = ["Layer (type)", "Output Shape", "Param #"] + (["Connected to"] if functional else [])

    def row(fields):
        line = ""
        for text, width in zip(fields, widths):
            line += (" " + str(text))[: width - 1].ljust(width)
        return line.rstrip()

    print_fn(f'Model: "{model.name}"')
    print_fn("_" * total_width)
    print_fn(row(headers))
    print_fn("=" * total_width)
    for i, layer in enumerate(layers):
        fields = [f"{layer.name} ({type(layer).__name__})", _shape_text(layer), layer.count_params()]
        if functional:
            connected = _connections(layer, layers)
            fields.append(connected[0] if connected else "")
            print_fn(row(fields))
            for extra in connected[1:]:
                print_fn(row(["", "", "", extra]))
        else:
            print_fn(row(fields))
        if i < len(layers) - 1:
            print_fn("_" * total_width)
    print_fn("=" * total_width)
    trainable = _count(model.trainable_weights)
    non_trainable = _count(model.non_trainable_weights)
    print_fn(f"Total params: {trainable + non_trainable:,}")
    print_fn(f"Trainable params: {trainable:,}")
    print_fn(f"Non-trainable params: {non_trainable:,}")
    print_fn("_" * total_width)


def _count(variables):
    return int(sum(int(np.prod(v.shape)) for v in variables))
