"""``LayerNormalization`` (Ba et al., 2016, https://arxiv.org/abs/1607.06450)."""

from ember.ops import reduce_mean, reshape, rsqrt, square

from .. import _config
from .._layer import Layer


class LayerNormalization(Layer):
    """Normalize each sample over ``axis`` (the last by default), then scale and shift.

    Args:
        axis: an int or list of ints: the axes normalized together.
        epsilon: added to the variance.
        center, scale: learn ``beta`` and ``gamma`` over those axes.
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 rms_scaling=False, **kwargs):
        super().__init__(**kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else int(axis)
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.rms_scaling = bool(rms_scaling)
        self.beta_initializer = _config.initializer(beta_initializer)
        self.gamma_initializer = _config.initializer(gamma_initializer)
        self.beta_regularizer = _config.regularizer(beta_regularizer)
        self.gamma_regularizer = _config.regularizer(gamma_regularizer)
        self.beta_constraint = _config.constraint(beta_constraint)
        self.gamma_constraint = _config.constraint(gamma_constraint)

    def build(self, input_shape):
        rank = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        self._axes = sorted(a % rank for a in axes)
        shape = tuple(input_shape[a] for a in self._axes)
        self._broadcast = [input_shape[a] if a in self._axes else 1 for a in range(rank)]
        self.gamma = self.add_weight(
            name="gamma", shape=shape, initializer=self.gamma_initializer,
            regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
        ) if self.scale else None
        self.beta = self.add_weight(
            name="beta", shape=shape, initializer=self.beta_initializer,
            regularizer=self.beta_regularizer, constraint=self.beta_constraint,
        ) if self.center and not self.rms_scaling else None
        self.built = True

    def call(self, inputs):
        if self.rms_scaling:
            normalized = inputs * rsqrt(
                reduce_mean(square(inputs), axis=self._axes, keepdims=True) + self.epsilon
            )
        else:
            centred = inputs - reduce_mean(inputs, axis=self._axes, keepdims=True)
            variance = reduce_mean(square(centred), axis=self._axes, keepdims=True)
            normalized = centred * rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            normalized = normalized * reshape(self.gamma, self._broadcast)
        if self.beta is not None:
            normalized = normalized + reshape(self.beta, self._broadcast)
        return normalized

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        s = _config.serialize
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            "beta_initializer": s(self.beta_initializer),
            "gamma_initializer": s(self.gamma_initializer),
            "beta_regularizer": s(self.beta_regularizer),
            "gamma_regularizer": s(self.gamma_regularizer),
            "beta_constraint": s(self.beta_constraint),
            "gamma_constraint": s(self.gamma_constraint),
        }
