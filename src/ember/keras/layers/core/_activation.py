"""``Activation``: applies an activation function."""

from .. import _config
from .._layer import Layer


class Activation(Layer):
    """Apply ``activation`` (a name like ``"relu"`` or a function) elementwise.

    Example:
        >>> keras.layers.Activation("elu")
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = _config.activation(activation)

    def call(self, inputs):
        return inputs if self.activation is None else self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "activation": _config.serialize_activation(self.activation)}
