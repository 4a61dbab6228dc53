"""``BatchNormalization`` (Ioffe & Szegedy, 2015, https://arxiv.org/abs/1502.03167)."""

from ember.ops import reshape, rsqrt
from ember.ops._batch_norm import batch_norm_training

from .. import _config
from .._layer import InputSpec, Layer


class BatchNormalization(Layer):
    """Normalize each feature with batch statistics in training, moving averages at inference.

    In training, ``moving_mean = moving_mean * momentum + batch_mean * (1 - momentum)``
    (likewise the variance), as Keras does.

    Args:
        axis: the feature axis (-1: channels last).
        momentum: the moving averages' momentum.
        epsilon: added to the variance before the square root.
        center, scale: learn ``beta`` (offset) and ``gamma`` (scale).
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, synchronized=False, renorm=False, **kwargs):
        super().__init__(**kwargs)
        if renorm:
            raise ValueError("BatchNormalization: renorm=True is not supported. Received: renorm=True")
        self.axis = int(axis[0] if isinstance(axis, (list, tuple)) else axis)
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.beta_initializer = _config.initializer(beta_initializer)
        self.gamma_initializer = _config.initializer(gamma_initializer)
        self.moving_mean_initializer = _config.initializer(moving_mean_initializer)
        self.moving_variance_initializer = _config.initializer(moving_variance_initializer)
        self.beta_regularizer = _config.regularizer(beta_regularizer)
        self.gamma_regularizer = _config.regularizer(gamma_regularizer)
        self.beta_constraint = _config.constraint(beta_constraint)
        self.gamma_constraint = _config.constraint(gamma_constraint)

    def build(self, input_shape):
        rank = len(input_shape)
        axis = self.axis % rank
        size = input_shape[axis]
        self._reduce_axes = [a for a in range(rank) if a != axis]
        self._broadcast = [1 if a != axis else size for a in range(rank)]
        self.input_spec = InputSpec(ndim=rank, axes={axis: size})
        self.gamma = self.add_weight(
            name="gamma", shape=(size,), initializer=self.gamma_initializer,
            regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
        ) if self.scale else None
        self.beta = self.add_weight(
            name="beta", shape=(size,), initializer=self.beta_initializer,
            regularizer=self.beta_regularizer, constraint=self.beta_constraint,
        ) if self.center else None
        self.moving_mean = self.add_weight(
            name="moving_mean", shape=(size,), initializer=self.moving_mean_initializer,
            trainable=False,
        )
        self.moving_variance = self.add_weight(
            name="moving_variance", shape=(size,),
            initializer=self.moving_variance_initializer, trainable=False,
        )
        self.built = True

    def call(self, inputs, training=None):
        if training and self.trainable:
            normalized, mean, variance = batch_norm_training(
                inputs, self.gamma, self.beta, self.axis, self.epsilon
            )
            self._update_moving(mean, variance)
            return normalized
        mean = reshape(self.moving_mean, self._broadcast)
        variance = reshape(self.moving_variance, self._broadcast)
        normalized = (inputs - mean) * rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            normalized = normalized * reshape(self.gamma, self._broadcast)
        if self.beta is not None:
            normalized = normalized + reshape(self.beta, self._broadcast)
        return normalized

    def _update_moving(self, mean, variance):
        m = self.momentum
        self.moving_mean.assign(self.moving_mean._value * m + mean * (1 - m))
        self.moving_variance.assign(self.moving_variance._value * m + variance * (1 - m))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        s = _config.serialize
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": s(self.beta_initializer),
            "gamma_initializer": s(self.gamma_initializer),
            "moving_mean_initializer": s(self.moving_mean_initializer),
            "moving_variance_initializer": s(self.moving_variance_initializer),
            "beta_regularizer": s(self.beta_regularizer),
            "gamma_regularizer": s(self.gamma_regularizer),
            "beta_constraint": s(self.beta_constraint),
            "gamma_constraint": s(self.gamma_constraint),
        }
