"""``Normalization``: standardize features with statistics learned by ``adapt``."""

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.ops import maximum, sqrt

from .._layer import Layer


class Normalization(Layer):
    """Shift and scale inputs to ``(x - mean) / sqrt(variance)`` per feature.

    The statistics come from ``mean``/``variance`` or from ``adapt(data)``.

    Args:
        axis: the feature axis (or axes) kept separate; None: one mean and
            variance for everything.
        invert: apply the inverse map ``x * sqrt(variance) + mean`` instead.

    Example:
        >>> norm = keras.layers.Normalization()
        >>> norm.adapt(X_train)
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        self.axis = (axis,) if isinstance(axis, int) else tuple(axis)
        self.invert = bool(invert)
        self._given = (mean, variance)
        if (mean is None) != (variance is None):
            raise ValueError(
                "Normalization: give both mean and variance, or neither. "
                f"Received: mean={mean}, variance={variance}"
            )
        self.mean = self.variance = None

    def _stat_shape(self, input_shape):
        rank = len(input_shape)
        keep = [a % rank for a in self.axis]
        return tuple(input_shape[a] if a in keep else 1 for a in range(rank)), keep

    def build(self, input_shape):
        shape, _ = self._stat_shape(input_shape)
        mean, variance = self._given
        if mean is not None:
            self.mean = np.broadcast_to(np.asarray(mean, self._dtype), shape).copy()
            self.variance = np.broadcast_to(np.asarray(variance, self._dtype), shape).copy()
        self.built = True

    def adapt(self, data, batch_size=None, steps=None):
        """Compute the mean and variance of ``data`` (an array or tensor) per feature."""
        data = np.asarray(data, dtype=np.float64)
        if data.ndim == 1:
            data = data[:, None]
        shape, keep = self._stat_shape((None,) + data.shape[1:])
        reduce_axes = tuple(a for a in range(data.ndim) if a not in keep)
        self.mean = data.mean(axis=reduce_axes, keepdims=True).reshape(shape).astype(self._dtype)
        self.variance = data.var(axis=reduce_axes, keepdims=True).reshape(shape).astype(self._dtype)
        self.built = True

    def call(self, inputs):
        if self.mean is None:
            raise ValueError(
                f'Normalization layer "{self.name}" has no statistics: call adapt(data) '
                "or pass mean= and variance= first"
            )
        mean = Tensor(self.mean.reshape(self.mean.shape[-inputs.ndim:]) if self.mean.ndim > inputs.ndim else self.mean)
        std = maximum(sqrt(Tensor(self.variance.reshape(mean.shape))), 1e-7)
        if self.invert:
            return inputs * std + mean
        return (inputs - mean) / std

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        mean, variance = self._given
        listed = (lambda v: None if v is None else np.asarray(v).tolist())
        return {**super().get_config(), "axis": list(self.axis), "invert": self.invert,
                "mean": listed(mean), "variance": listed(variance)}


