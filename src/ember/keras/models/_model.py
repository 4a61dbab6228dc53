"""``Model``: a layer with a training API; ``keras.Model(inputs, outputs)`` is Functional."""

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.backend import xp

from ..layers._layer import Layer
from ..layers._naming import to_snake_case, unique_name
from ._trainer import Trainer


class Model(Trainer, Layer):
    """Groups layers into an object with training and inference features.

    Two ways to make one:

    - Functional: ``keras.Model(inputs=inputs, outputs=outputs)`` from
      ``keras.Input`` tensors (a graph of layers).
    - Subclassing: define layers in ``__init__`` and the forward pass in
      ``call(self, inputs, training=None)``.

    Example:
        >>> class WideAndDeepModel(keras.Model):
        ...     def __init__(self, units=30, activation="relu", **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.hidden1 = keras.layers.Dense(units, activation=activation)
        ...         self.main_output = keras.layers.Dense(1)
        ...     def call(self, inputs):
        ...         return self.main_output(self.hidden1(inputs))
    """

    def __new__(cls, *args, **kwargs):
        if cls is Model and ("inputs" in kwargs or len(args) >= 2 or (args and "outputs" in kwargs)):
            from ._functional import Functional

            return Functional.__new__(Functional, *args, **kwargs)
        self = super().__new__(cls)
        # A subclassed model's JSON-able constructor arguments are its config, as
        # Keras 3 records them, so models like HOML's WideAndDeepModel(units=30)
        # can be saved and rebuilt without writing get_config().
        object.__setattr__(self, "_init_config", _json_arguments(kwargs) if not args else None)
        return self

    def __init__(self, *args, **kwargs):
        name = kwargs.pop("name", None) or unique_name(to_snake_case(type(self).__name__))
        trainable = kwargs.pop("trainable", True)
        dtype = kwargs.pop("dtype", None)
        if args:
            raise TypeError(
                f"{type(self).__name__}() takes keyword arguments only (or inputs and outputs "
                f"for a Functional model). Received {len(args)} positional argument(s)"
            )
        super().__init__(name=name, trainable=trainable, dtype=dtype, **kwargs)
        self.history = None

    def _build_for(self, inputs):
        # Subclassed models create their weights as their layers are first called,
        # unless they define build() themselves, which then runs first as in Keras.
        if type(self).build is not Model.build:
            super()._build_for(inputs)
        self.built = True

    def build(self, input_shape):
        """Create the weights by running the model once on zeros of ``input_shape``."""
        from ..layers._layer import _InferenceOnly, _map_shapes, _is_shape

        def zeros(shape):
            return Tensor(xp.zeros(tuple(1 if d is None else d for d in shape), dtype=self._dtype))

        sample = zeros(tuple(input_shape)) if _is_shape(tuple(input_shape)) else _map_shapes(input_shape, zeros)
        with _InferenceOnly():
            self(sample, training=False)
        self.built = True

    @property
    def output_names(self):
        return getattr(self, "_output_names", None) or ["output_1"]

    @property
    def layers(self):
        return list(self._tracked_layers)

    def get_layer(self, name=None, index=None):
        """The layer with ``name``, or at position ``index`` in ``layers``."""
        layers = self.layers
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only has {len(layers)} layers")
            return layers[index]
        for layer in layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name}. Existing layers are: {[layer.name for layer in layers]}")

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        """Print Keras' table of layers, output shapes and parameter counts."""
        from ._summary import print_summary

        print_summary(self, line_length=line_length, print_fn=print_fn)

    def save(self, filepath, overwrite=True, **kwargs):
        """Save the architecture, weights and optimizer state to one file (``.keras``)."""
        from ember.keras.saving import save_model

        return save_model(self, filepath, overwrite=overwrite, **kwargs)

    def save_weights(self, filepath, overwrite=True, **kwargs):
        """Save only the weights' values (``.weights.h5`` or any name)."""
        from ember.keras.saving import save_weights

        return save_weights(self, filepath, overwrite=overwrite, **kwargs)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Load weights saved by ``save_weights`` (or ``save``) into this model."""
        from ember.keras.saving import load_weights

        return load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def count_params(self):
        return int(sum(int(np.prod(v.shape)) for v in self.weights))

    def get_config(self):
        config = {"name": self.name, "trainable": self.trainable}
        init_config = getattr(self, "_init_config", None)
        return {**config, **(init_config or {})}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        if "input_layers" in config and "layers" in config:  # a Functional graph
            from ._functional import functional_from_config

            return functional_from_config(config, custom_objects)
        return cls(**dict(config))


def _json_arguments(kwargs):
    """``kwargs`` if every value is plain JSON data, else None."""
    import json

    try:
        json.dumps(kwargs)
    except (TypeError, ValueError):
        return None
    return dict(kwargs)
