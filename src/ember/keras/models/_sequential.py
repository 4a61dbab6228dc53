"""``Sequential``: a plain stack of layers, each with one input and one output."""

from ember.autodiff._nest import flatten

from ..layers._layer import Layer
from ..layers._symbolic import KerasTensor
from ..layers.core._input_layer import InputLayer
from ._model import Model


class Sequential(Model):
    """A linear stack of layers.

    Args:
        layers: the layers, in order (a ``keras.Input`` or ``InputLayer`` may come first).
        name: the model's name.

    The model is built as soon as the input shape is known: from an ``Input``,
    from ``input_shape=`` on the first layer, or on the first call or ``fit``.

    Example:
        >>> model = keras.Sequential([
        ...     keras.layers.Flatten(input_shape=[28, 28]),
        ...     keras.layers.Dense(300, activation="relu"),
        ...     keras.layers.Dense(10, activation="softmax"),
        ... ])
    """

    def __init__(self, layers=None, name=None, trainable=True, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        self._input_shape = None
        self._input_dtype = None
        for layer in layers or []:
            self.add(layer)

    def add(self, layer, rebuild=True):
        """Append a layer (or set the input with a ``keras.Input`` tensor)."""
        if isinstance(layer, KerasTensor):
            layer = layer._keras_history[0]
        if isinstance(layer, InputLayer):
            if self._tracked_layers:
                raise ValueError("An Input can only be the first element of a Sequential model")
            self._input_shape, self._input_dtype = layer.batch_shape, layer._dtype
            object.__setattr__(self, "_input_layer", layer)
            return
        if not isinstance(layer, Layer):
            raise TypeError(
                "The added layer must be an instance of class Layer. "
                f"Received: layer={layer!r} of type {type(layer).__name__}"
            )
        if any(layer.name == known.name for known in self._tracked_layers):
            raise ValueError(f"All layers added to a Sequential model should have unique names. Name {layer.name!r} is already the name of a layer in this model")
        if not self._tracked_layers and self._input_shape is None and layer._batch_input_shape:
            self._input_shape = layer._batch_input_shape
        self._tracked_layers.append(layer)
        self.built = False
        if rebuild and self._input_shape is not None:
            self.build(self._input_shape)

    def pop(self, rebuild=True):
        """Remove and return the last layer."""
        if not self._tracked_layers:
            raise TypeError("There are no layers in the model.")
        layer = self._tracked_layers.pop()
        self.built = False
        if rebuild and self._input_shape is not None and self._tracked_layers:
            self.build(self._input_shape)
        return layer

    def build(self, input_shape=None):
        """Build every layer for ``input_shape`` (batch axis included) by a symbolic pass."""
        if input_shape is None:
            input_shape = self._input_shape
        if input_shape is None:
            raise ValueError("Sequential.build needs an input shape")
        self._input_shape = tuple(input_shape)
        layer = getattr(self, "_input_layer", None)
        if layer is None or layer.batch_shape != self._input_shape:
            layer = InputLayer(batch_shape=self._input_shape, dtype=self._input_dtype or self._dtype,
                               name=f"{self.name}_input")
            object.__setattr__(self, "_input_layer", layer)
        self._symbolic_input = layer._output_tensor
        x = self._symbolic_input
        for layer in self._tracked_layers:
            x = layer(x)
        self._symbolic_output = x
        self.built = True

    def _build_for(self, inputs):
        first = flatten(inputs)[0]
        self.build((None,) + tuple(first.shape[1:]))

    def call(self, inputs, training=None, mask=None):
        x = inputs
        for layer in self._tracked_layers:
            x = layer(x)
        return x

    @property
    def input(self):
        if not self.built:
            raise AttributeError(f"Sequential model {self.name!r} has not been built yet")
        return self._symbolic_input

    @property
    def output(self):
        if not self.built:
            raise AttributeError(f"Sequential model {self.name!r} has not been built yet")
        return self._symbolic_output

    @property
    def inputs(self):
        return [self.input]

    @property
    def outputs(self):
        return [self.output]

    @property
    def output_names(self):
        return [self._tracked_layers[-1].name] if self._tracked_layers else ["output_1"]

    def get_config(self):
        from ember.keras.saving import serialize_keras_object

        config = {"name": self.name, "trainable": self.trainable,
                  "layers": [serialize_keras_object(layer) for layer in self._tracked_layers]}
        if self._input_shape is not None:
            config["build_input_shape"] = list(self._input_shape)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ember.keras.layers import deserialize

        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in config["layers"]:
            model.add(deserialize(layer_config, custom_objects=custom_objects), rebuild=False)
        if config.get("build_input_shape"):
            model.build(tuple(config["build_input_shape"]))
        return model
