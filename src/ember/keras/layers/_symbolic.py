"""Symbolic tensors and graph nodes: what the Functional API is built from.

``keras.Input`` returns a ``KerasTensor`` (a shape and dtype, no values).
Calling a layer on KerasTensors builds the layer, infers the output shapes and
records a ``Node`` linking its inputs to its outputs; ``Functional`` walks
those nodes to run the graph on real tensors.
"""

import numpy as np

from ember.autodiff._nest import flatten


class KerasTensor:
    """A placeholder with a shape (None for unknown sizes) and a dtype.

    Attributes:
        shape: tuple, e.g. ``(None, 28, 28)``.
        dtype: NumPy dtype.
        name: a name for inputs.
    """

    def __init__(self, shape, dtype="float32", name=None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = np.dtype(dtype)
        self.name = name
        self._keras_history = None  # (layer, node_index, tensor_index)

    @property
    def ndim(self):
        return len(self.shape)

    def __repr__(self):
        name = f", name={self.name}" if self.name else ""
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype.name}{name}>"

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other


def is_symbolic(structure):
    """True if any leaf of ``structure`` is a KerasTensor."""
    if isinstance(structure, KerasTensor):
        return True
    if isinstance(structure, (list, tuple, dict)):
        return any(isinstance(leaf, KerasTensor) for leaf in flatten(structure))
    return False


class Node:
    """One call of ``layer`` on symbolic ``inputs`` (a nested structure) giving ``outputs``."""

    def __init__(self, layer, inputs, outputs, args=(), kwargs=None):
        self.layer = layer
        self.inputs = inputs
        self.outputs = outputs
        self.args = args
        self.kwargs = kwargs or {}
        self.input_tensors = [t for t in flatten(inputs) if isinstance(t, KerasTensor)]
        self.output_tensors = flatten(outputs)
        self.index = len(layer._inbound_nodes)
        layer._inbound_nodes.append(self)
        for position, tensor in enumerate(self.output_tensors):
            tensor._keras_history = (layer, self.index, position)

    @property
    def parent_nodes(self):
        """The nodes that produced this node's inputs (none for an Input)."""
        parents = []
        for tensor in self.input_tensors:
            if tensor._keras_history is not None:
                layer, index, _ = tensor._keras_history
                parents.append(layer._inbound_nodes[index])
        return parents
