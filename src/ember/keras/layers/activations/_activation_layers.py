"""ReLU, LeakyReLU, PReLU, ELU and Softmax as layers."""

from ember import ops
from ember.ops import _nn

from .. import _config
from .._layer import Layer


class _Elementwise(Layer):
    def compute_output_shape(self, input_shape):
        return input_shape


class ReLU(_Elementwise):
    """``max(x, 0)``, optionally capped at ``max_value``, with ``negative_slope`` below ``threshold``."""

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0:
            raise ValueError(f"max_value of a ReLU layer cannot be negative. Received: max_value={max_value}")
        if negative_slope < 0:
            raise ValueError(
                f"negative_slope of a ReLU layer cannot be negative. Received: negative_slope={negative_slope}"
            )
        self.max_value = None if max_value is None else float(max_value)
        self.negative_slope = float(negative_slope)
        self.threshold = float(threshold)

    def call(self, inputs):
        if self.negative_slope == 0 and self.threshold == 0:
            out = _nn.relu(inputs)
        else:
            above = inputs >= self.threshold
            out = ops.where(above, inputs, self.negative_slope * (inputs - self.threshold))
        if self.max_value is not None:
            out = ops.minimum(out, self.max_value)
        return out

    def get_config(self):
        return {**super().get_config(), "max_value": self.max_value,
                "negative_slope": self.negative_slope, "threshold": self.threshold}


class LeakyReLU(_Elementwise):
    """``x`` if positive, else ``negative_slope * x`` (0.3 by default; ``alpha`` is Keras 2's name)."""

    def __init__(self, negative_slope=0.3, alpha=None, **kwargs):
        super().__init__(**kwargs)
        self.negative_slope = float(negative_slope if alpha is None else alpha)
        if self.negative_slope < 0:
            raise ValueError(
                f"The negative_slope value of a LeakyReLU layer cannot be negative. "
                f"Received: negative_slope={self.negative_slope}"
            )

    @property
    def alpha(self):
        return self.negative_slope

    def call(self, inputs):
        return _nn.leaky_relu(inputs, alpha=self.negative_slope)

    def get_config(self):
        return {**super().get_config(), "negative_slope": self.negative_slope}


class PReLU(_Elementwise):
    """Leaky ReLU whose slope ``alpha`` is learned, per unit or shared along ``shared_axes``."""

    def __init__(self, alpha_initializer="zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = _config.initializer(alpha_initializer)
        self.alpha_regularizer = _config.regularizer(alpha_regularizer)
        self.alpha_constraint = _config.constraint(alpha_constraint)
        if shared_axes is not None and not isinstance(shared_axes, (list, tuple)):
            shared_axes = [shared_axes]
        self.shared_axes = None if shared_axes is None else [int(a) for a in shared_axes]

    def build(self, input_shape):
        shape = list(input_shape[1:])
        for axis in self.shared_axes or []:
            shape[axis - 1] = 1
        self.alpha = self.add_weight(
            name="alpha", shape=shape, initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer, constraint=self.alpha_constraint,
        )
        self.built = True

    def call(self, inputs):
        positive = _nn.relu(inputs)
        negative = -self.alpha * _nn.relu(-inputs)
        return positive + negative

    def get_config(self):
        s = _config.serialize
        return {**super().get_config(), "alpha_initializer": s(self.alpha_initializer),
                "alpha_regularizer": s(self.alpha_regularizer),
                "alpha_constraint": s(self.alpha_constraint), "shared_axes": self.shared_axes}


class ELU(_Elementwise):
    """``x`` if positive, else ``alpha * (exp(x) - 1)``."""

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs):
        out = _nn.elu(inputs)
        if self.alpha == 1.0:
            return out
        return ops.where(inputs > 0, out, self.alpha * out)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}


class Softmax(_Elementwise):
    """Softmax along ``axis``; ``mask`` (True = keep) excludes entries."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs, mask=None):
        if mask is not None:
            inputs = ops.where(ops.cast(mask, "bool"), inputs, -1e9)
        if isinstance(self.axis, (list, tuple)):
            return ops.exp(inputs - ops.reduce_logsumexp(inputs, axis=self.axis, keepdims=True))
        return _nn.softmax(inputs, axis=self.axis)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
