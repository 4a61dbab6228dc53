"""The ``Initializer`` base class and the deterministic initializers.

``Zeros``, ``Ones``, ``Constant`` and ``Identity`` fill a tensor without any
randomness; the random ones live in ``_random_initializers.py``.
"""

import numbers

import numpy as np

from ember.autodiff import Tensor
from ember.backend import as_dtype, floatx, xp


class Initializer:
    """Base class of every initializer: ``initializer(shape, dtype=None)``.

    A subclass implements ``__call__(shape, dtype=None)``, returning an ember
    tensor of that shape and dtype (``keras.backend.floatx()`` when ``dtype``
    is ``None``), and ``get_config()`` when its constructor takes arguments.
    The default ``from_config`` calls the constructor with the config.

    Example:
        >>> import ember
        >>> class Halves(Initializer):
        ...     def __call__(self, shape, dtype=None):
        ...         return 0.5 * ember.ones(shape, dtype=dtype or "float32")
        >>> Halves()((2,)).numpy()
        array([0.5, 0.5], dtype=float32)
    """

    def __call__(self, shape, dtype=None):
        """Return a tensor of ``shape`` and ``dtype`` with the initial values.

        Args:
            shape: Shape of the tensor, a tuple of integers.
            dtype: Its dtype; ``None`` means ``keras.backend.floatx()``.
        """
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__call__(shape, dtype=None)`."
        )

    def get_config(self):
        """Return the constructor arguments as a JSON-serializable dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """Create an initializer from the output of ``get_config``."""
        return cls(**config)

    def clone(self):
        """Return a new initializer with the same configuration."""
        return type(self).from_config(self.get_config())

    def __repr__(self):
        arguments = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({arguments})"


def standardize_shape(shape):
    """Return ``shape`` (an int or a sequence of ints) as a tuple of ints."""
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        dims = None
    if dims is None or not all(
        isinstance(d, numbers.Integral) and not isinstance(d, bool) and d >= 0 for d in dims
    ):
        raise ValueError(
            f"Expected `shape` to be a tuple of non-negative integers. Received: shape={shape!r}"
        )
    return tuple(int(d) for d in dims)


def standardize_dtype(dtype):
    """Return ``dtype`` as a NumPy dtype, ``keras.backend.floatx()`` for ``None``."""
    return as_dtype(floatx() if dtype is None else dtype)


def to_tensor(values, dtype):
    """Wrap NumPy ``values`` as an ember tensor of ``dtype`` on the backend."""
    return Tensor(xp.asarray(np.asarray(values).astype(dtype, copy=False)))


class Zeros(Initializer):
    """Initializer that fills tensors with 0.

    Example:
        >>> Zeros()((2, 2)).numpy()
        array([[0., 0.],
               [0., 0.]], dtype=float32)
    """

    def __call__(self, shape, dtype=None):
        return Tensor(xp.zeros(standardize_shape(shape), dtype=standardize_dtype(dtype)))


class Ones(Initializer):
    """Initializer that fills tensors with 1.

    Example:
        >>> Ones()((3,), dtype="int32").numpy()
        array([1, 1, 1], dtype=int32)
    """

    def __call__(self, shape, dtype=None):
        return Tensor(xp.ones(standardize_shape(shape), dtype=standardize_dtype(dtype)))


class Constant(Initializer):
    """Initializer that fills tensors with ``value``.

    Args:
        value: A Python scalar, or an array that broadcasts to the shape asked
            for.

    Example:
        >>> Constant(10.0)((2,)).numpy()
        array([10., 10.], dtype=float32)
    """

    def __init__(self, value=0.0):
        if isinstance(value, Tensor):
            value = value.numpy()
        array = np.asarray(value)
        if array.dtype.kind not in "biuf":
            raise ValueError(
                f"Expected `value` to be a number or an array of numbers. Received: value={value!r}"
            )
        self.value = array.item() if array.ndim == 0 else array.tolist()

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape)
        dtype = standardize_dtype(dtype)
        try:
            values = np.broadcast_to(np.asarray(self.value, dtype=dtype), shape)
        except ValueError:
            raise ValueError(
                f"Constant initializer: the value's shape {np.shape(self.value)} does "
                f"not broadcast to the shape asked for. Received: shape={shape}"
            ) from None
        return Tensor(xp.array(values))

    def get_config(self):
        return {"value": self.value}


class Identity(Initializer):
    """Initializer that makes ``gain`` times the identity matrix (2-D only).

    For a non-square shape, the ones run along the main diagonal.

    Args:
        gain: Factor applied to the identity matrix.

    Example:
        >>> Identity(gain=2.0)((2, 3)).numpy()
        array([[2., 0., 0.],
               [0., 2., 0.]], dtype=float32)
    """

    def __init__(self, gain=1.0):
        self.gain = float(gain)

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape)
        if len(shape) != 2:
            raise ValueError(
                "Identity matrix initializer can only be used for 2D matrices. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        return to_tensor(self.gain * np.eye(*shape), standardize_dtype(dtype))

    def get_config(self):
        return {"gain": self.gain}
