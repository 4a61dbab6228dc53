"""Flatten, Reshape, Permute and RepeatVector: shape changes without weights."""

import numpy as np

from ember.ops import expand_dims, reshape, tile, transpose

from .. import _config
from .._layer import Layer


class Flatten(Layer):
    """Flatten each sample to one axis: ``(batch, d1, d2, ...)`` → ``(batch, d1*d2*...)``.

    Example:
        >>> keras.layers.Flatten(input_shape=[28, 28])
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or "channels_last"

    def call(self, inputs):
        if self.data_format == "channels_first" and inputs.ndim > 2:
            inputs = transpose(inputs, [0] + list(range(2, inputs.ndim)) + [1])
        return reshape(inputs, (inputs.shape[0], -1))

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        size = None if None in rest else int(np.prod(rest, dtype=np.int64))
        return (input_shape[0], size)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


class Reshape(Layer):
    """Reshape each sample to ``target_shape`` (one entry may be -1)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)
        if list(self.target_shape).count(-1) > 1:
            raise ValueError(
                f"Reshape: at most one -1 in target_shape. Received: target_shape={target_shape}"
            )

    def call(self, inputs):
        return reshape(inputs, (inputs.shape[0],) + self.target_shape)

    def compute_output_shape(self, input_shape):
        if -1 not in self.target_shape:
            return (input_shape[0],) + self.target_shape
        rest = input_shape[1:]
        if None in rest:
            return (input_shape[0],) + tuple(None if d == -1 else d for d in self.target_shape)
        known = int(np.prod([d for d in self.target_shape if d != -1], dtype=np.int64))
        total = int(np.prod(rest, dtype=np.int64))
        if total % known:
            raise ValueError(
                f"Reshape: cannot reshape samples of shape {tuple(rest)} to {self.target_shape}"
            )
        return (input_shape[0],) + tuple(total // known if d == -1 else d for d in self.target_shape)

    def get_config(self):
        return {**super().get_config(), "target_shape": list(self.target_shape)}


class Permute(Layer):
    """Permute the non-batch axes; ``dims`` counts from 1 (``(2, 1)`` swaps them)."""

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(int(d) for d in dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(
                "Invalid permutation argument `dims` for Permute Layer. The set of indices "
                f"in `dims` must be consecutive and start from 1. Received dims={dims}"
            )

    def call(self, inputs):
        return transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self):
        return {**super().get_config(), "dims": list(self.dims)}


class RepeatVector(Layer):
    """Repeat a ``(batch, features)`` input ``n`` times: ``(batch, n, features)``."""

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = _config.positive_int(n, "n")

    def call(self, inputs):
        if inputs.ndim != 2:
            raise ValueError(
                f"RepeatVector expects inputs of rank 2. Received: shape={tuple(inputs.shape)}"
            )
        return tile(expand_dims(inputs, 1), [1, self.n, 1])

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        return {**super().get_config(), "n": self.n}
