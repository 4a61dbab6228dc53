"""``Dense``: ``activation(inputs @ kernel + bias)`` over the last axis."""

from ember.keras import activations
from ember.ops import dense

from .. import _config
from .._layer import InputSpec, Layer


class Dense(Layer):
    """A densely connected layer: ``activation(dot(inputs, kernel) + bias)``.

    Args:
        units: size of the output's last axis.
        activation: an activation name or function (none by default).
        use_bias: whether to add a bias vector.
        kernel_initializer, bias_initializer: initializers (``"glorot_uniform"``,
            ``"zeros"``).
        kernel_regularizer, bias_regularizer: penalties added to ``losses``.
        kernel_constraint, bias_constraint: projections applied after updates.

    Input shape:
        ``(batch_size, ..., input_dim)``.
    Output shape:
        ``(batch_size, ..., units)``.

    Example:
        >>> layer = keras.layers.Dense(300, activation="relu")
    """

    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = _config.positive_int(units, "units")
        self.activation = _config.activation(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = _config.initializer(kernel_initializer)
        self.bias_initializer = _config.initializer(bias_initializer)
        self.kernel_regularizer = _config.regularizer(kernel_regularizer)
        self.bias_regularizer = _config.regularizer(bias_regularizer)
        self.kernel_constraint = _config.constraint(kernel_constraint)
        self.bias_constraint = _config.constraint(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.kernel = self.add_weight(
            name="kernel", shape=(input_dim, self.units),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(self.units,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def call(self, inputs):
        # ReLU is fused into the matmul op; other activations follow it.
        fuse_relu = self.activation is activations.relu
        outputs = dense(inputs, self.kernel, self.bias, relu=fuse_relu)
        if self.activation is not None and not fuse_relu:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "activation": _config.serialize_activation(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": _config.serialize(self.kernel_initializer),
            "bias_initializer": _config.serialize(self.bias_initializer),
            "kernel_regularizer": _config.serialize(self.kernel_regularizer),
            "bias_regularizer": _config.serialize(self.bias_regularizer),
            "activity_regularizer": _config.serialize(self.activity_regularizer),
            "kernel_constraint": _config.serialize(self.kernel_constraint),
            "bias_constraint": _config.serialize(self.bias_constraint),
        }
