"""Dropout, AlphaDropout, GaussianDropout and GaussianNoise.

Each is the identity at inference and draws its noise from ember's seeded
generators in training (``model(x, training=True)`` gives MC Dropout).
"""

import math

from ember.autodiff._tensor import Tensor
from ember.backend import op_generator, xp
from ember.ops._nn import SELU_ALPHA, SELU_SCALE, dropout_scale

from .. import _config
from .._layer import Layer


class _Noise(Layer):
    """Shared parts: training switch, shape passthrough, config of ``rate``/``seed``."""

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = _config.rate(rate)
        self.seed = seed

    def call(self, inputs, training=None):
        if not training or self.rate == 0:
            return inputs
        return self._noisy(inputs, op_generator(self.seed))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


class Dropout(_Noise):
    """Zero inputs with probability ``rate`` in training, scaling the rest by ``1/(1-rate)``.

    Args:
        rate: the fraction of inputs to drop, in [0, 1).
        noise_shape: the mask's shape (size-1 axes share one draw); None for the input's.
        seed: a seed for a repeatable mask sequence.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)

    def _noisy(self, inputs, generator):
        shape = tuple(inputs.shape)
        if self.noise_shape is not None:
            shape = tuple(s if n is None else n for s, n in zip(shape, self.noise_shape))
        return inputs * Tensor(dropout_scale(generator, shape, self.rate, inputs.dtype))

    def get_config(self):
        noise = None if self.noise_shape is None else list(self.noise_shape)
        return {**super().get_config(), "noise_shape": noise}


class AlphaDropout(_Noise):
    """Dropout that keeps SELU's self-normalisation: dropped units take SELU's
    negative saturation value, then an affine map restores mean and variance
    (Klambauer et al., 2017)."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)

    def _noisy(self, inputs, generator):
        alpha_p = -SELU_ALPHA * SELU_SCALE
        keep_prob = 1 - self.rate
        a = (keep_prob + alpha_p**2 * keep_prob * self.rate) ** -0.5
        b = -a * alpha_p * self.rate
        shape = tuple(inputs.shape)
        if self.noise_shape is not None:
            shape = tuple(s if n is None else n for s, n in zip(shape, self.noise_shape))
        keep = (generator.random(shape) >= self.rate).astype(inputs.dtype)
        kept = inputs * Tensor(xp.asarray(keep * a))
        return kept + Tensor(xp.asarray(((1 - keep) * alpha_p * a + b).astype(inputs.dtype)))

    def get_config(self):
        noise = None if self.noise_shape is None else list(self.noise_shape)
        return {**super().get_config(), "noise_shape": noise}


class GaussianDropout(_Noise):
    """Multiply inputs by noise drawn from N(1, rate / (1 - rate)) in training."""

    def _noisy(self, inputs, generator):
        stddev = math.sqrt(self.rate / (1 - self.rate))
        noise = generator.normal(1.0, stddev, tuple(inputs.shape)).astype(inputs.dtype)
        return inputs * Tensor(xp.asarray(noise))


class GaussianNoise(Layer):
    """Add zero-mean Gaussian noise of ``stddev`` to the inputs in training."""

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        if stddev < 0:
            raise ValueError(f"GaussianNoise: stddev must be >= 0. Received: stddev={stddev}")
        self.stddev = float(stddev)
        self.seed = seed

    def call(self, inputs, training=None):
        if not training or self.stddev == 0:
            return inputs
        noise = op_generator(self.seed).normal(0.0, self.stddev, tuple(inputs.shape))
        return inputs + Tensor(xp.asarray(noise.astype(inputs.dtype)))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
