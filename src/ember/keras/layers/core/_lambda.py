"""``Lambda``: wraps an arbitrary function of tensors as a layer."""

from .._layer import Layer


class Lambda(Layer):
    """A layer that calls ``function(inputs, **arguments)``.

    Loading a model containing a Lambda needs ``safe_mode=False``: its code is
    not stored in the file, only its registered name.

    Args:
        function: a function of the input tensor(s).
        output_shape: the output shape (or a function of the input shape); inferred
            by running the function when None.
        arguments: extra keyword arguments for ``function``.
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(f"Lambda expects a callable. Received: function={function!r}")
        self.function = function
        self._output_shape = output_shape
        self.arguments = dict(arguments or {})

    def call(self, inputs, mask=None, training=None):
        return self.function(inputs, **self.arguments)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return tuple(self._output_shape(input_shape))
        return (input_shape[0],) + tuple(self._output_shape)

    def get_config(self):
        from ember.keras.saving import get_registered_name

        return {
            **super().get_config(),
            "function": get_registered_name(self.function),
            "output_shape": self._output_shape if not callable(self._output_shape) else None,
            "arguments": self.arguments,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        from ember.keras.saving import get_registered_object

        config = dict(config)
        name = config["function"]
        if safe_mode:
            raise ValueError(
                f"Loading a Lambda layer ({config.get('name')!r}, function {name!r}) "
                "runs user code; pass safe_mode=False to load it with the function "
                "given in custom_objects"
            )
        function = get_registered_object(name, custom_objects)
        if function is None:
            raise ValueError(
                f"Lambda layer function {name!r} is unknown: pass it in custom_objects"
            )
        config["function"] = function
        return cls(**config)
