"""``InputLayer`` and ``keras.Input``: the entry points of a Functional graph."""

import numpy as np

from ember.backend import as_dtype, floatx

from .._layer import Layer
from .._symbolic import KerasTensor, Node


class InputLayer(Layer):
    """A layer holding a model input's shape and dtype; it computes nothing.

    Args:
        shape: the shape of one sample, without the batch axis.
        batch_size: a fixed batch size (None: any).
        dtype: the input's dtype (``floatx()`` by default).
        batch_shape: the full shape including the batch axis (instead of ``shape``).
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None,
                 batch_shape=None, input_tensor=None, name=None, input_shape=None,
                 batch_input_shape=None, **kwargs):
        shape = input_shape if shape is None else shape
        batch_shape = batch_input_shape if batch_shape is None else batch_shape
        if shape is None and batch_shape is None:
            raise ValueError("InputLayer needs shape= or batch_shape=. Received neither")
        if batch_shape is None:
            batch_shape = (batch_size,) + tuple(shape)
        super().__init__(name=name, dtype=dtype, **kwargs)
        self._batch_shape = tuple(None if d is None else int(d) for d in batch_shape)
        self._dtype = as_dtype(dtype) if dtype is not None else np.dtype(floatx())
        self.built = True
        tensor = KerasTensor(self._batch_shape, dtype=self._dtype, name=self.name)
        Node(self, [], tensor)
        self._output_tensor = tensor

    @property
    def batch_shape(self):
        return self._batch_shape

    def get_config(self):
        return {
            "batch_shape": list(self._batch_shape),
            "dtype": self._dtype.name,
            "sparse": False,
            "name": self.name,
        }


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
          tensor=None, optional=False):
    """Return a symbolic tensor that starts a Functional model.

    Example:
        >>> inputs = keras.Input(shape=(8,))
        >>> outputs = keras.layers.Dense(1)(inputs)
        >>> model = keras.Model(inputs, outputs)
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, batch_shape=batch_shape,
                       name=name)
    return layer._output_tensor
