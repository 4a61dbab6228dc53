"""``clone_model``: a new model with the same architecture and fresh weights."""

from ember.autodiff._nest import flatten, pack_like

from ..layers._symbolic import KerasTensor
from ..layers.core._input_layer import Input, InputLayer
from ._functional import Functional
from ._sequential import Sequential


def clone_layer(layer):
    """A new layer with ``layer``'s config (new weights, not built)."""
    return type(layer).from_config(layer.get_config())


def clone_model(model, input_tensors=None, clone_function=None, **kwargs):
    """Rebuild ``model`` from its architecture with newly initialized weights.

    Args:
        model: a Sequential or Functional model.
        clone_function: maps each layer to its copy (``clone_layer`` by default).

    Example (HOML ch11, reusing model A without touching it):
        >>> model_A_clone = keras.models.clone_model(model_A)
        >>> model_A_clone.set_weights(model_A.get_weights())
    """
    clone_function = clone_function or clone_layer
    if isinstance(model, Sequential):
        clone = Sequential()
        if model._input_shape is not None:
            clone.add(Input(batch_shape=model._input_shape, dtype=model._input_dtype))
        for layer in model.layers:
            clone.add(clone_function(layer))
        return clone
    if isinstance(model, Functional):
        return _clone_functional(model, clone_function)
    raise ValueError(
        "clone_model works on Sequential and Functional models; a subclassed model "
        f"cannot be cloned from its graph. Received: {type(model).__name__}"
    )


def _clone_functional(model, clone_function):
    copies = {}
    values = {}
    for tensor in model.inputs:
        layer = tensor._keras_history[0]
        new_input = Input(batch_shape=layer.batch_shape, dtype=layer._dtype, name=layer.name)
        values[id(tensor)] = new_input
    for node in model._nodes:
        if isinstance(node.layer, InputLayer):
            continue
        layer = node.layer
        if id(layer) not in copies:
            copies[id(layer)] = clone_function(layer)
        args = pack_like(node.inputs, [values[id(t)] if isinstance(t, KerasTensor) else t
                                       for t in flatten(node.inputs)])
        outputs = copies[id(layer)](args, *node.args, **node.kwargs)
        for tensor, value in zip(node.output_tensors, flatten(outputs)):
            values[id(tensor)] = value
    inputs = pack_like(model._inputs_structure, [values[id(t)] for t in model.inputs])
    outputs = pack_like(model._outputs_structure, [values[id(t)] for t in model.outputs])
    return Functional(inputs, outputs)
