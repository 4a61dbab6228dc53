"""``function`` and ``TensorSpec``: TensorFlow's graph decorator, run eagerly.

ember has no graph compiler; ``function`` keeps TensorFlow's signature and
behaviour (``input_signature`` checks, ``python_function``, use on methods) and
runs the Python function directly.
"""

import functools

import numpy as np

from ember.backend import as_dtype

from ._nest import flatten
from ._tensor import Tensor, TensorShape


class TensorSpec:
    """Describes the shape (None for any length) and dtype a tensor must have.

    Example:
        >>> spec = tf.TensorSpec([None, 28, 28], tf.float32)
    """

    def __init__(self, shape, dtype=np.float32, name=None):
        self.shape = None if shape is None else tuple(None if d is None else int(d) for d in shape)
        self.dtype = as_dtype(dtype)
        self.name = name

    def is_compatible_with(self, value):
        value = value if isinstance(value, Tensor) else np.asarray(value)
        if np.dtype(value.dtype) != self.dtype:
            return False
        if self.shape is None:
            return True
        shape = tuple(value.shape)
        return len(shape) == len(self.shape) and all(
            s is None or s == d for s, d in zip(self.shape, shape)
        )

    def __repr__(self):
        shape = TensorShape(self.shape or ())
        return f"TensorSpec(shape={shape}, dtype={self.dtype.name}, name={self.name!r})"

    def __eq__(self, other):
        return isinstance(other, TensorSpec) and (self.shape, self.dtype) == (
            other.shape,
            other.dtype,
        )

    __hash__ = None


class Function:
    """A callable made by ``ember.function``; calls the wrapped Python function."""

    def __init__(self, python_function, input_signature=None, **options):
        functools.update_wrapper(self, python_function)
        self.python_function = python_function
        self.input_signature = None if input_signature is None else list(input_signature)
        self.options = options

    def __call__(self, *args, **kwargs):
        if self.input_signature is not None:
            self._check_signature(args, kwargs)
        return self.python_function(*args, **kwargs)

    def __get__(self, instance, owner):
        if instance is None:
            return self
        return functools.partial(self.__call__, instance)

    def _check_signature(self, args, kwargs):
        if kwargs:
            raise TypeError(
                f"{self.__name__} has an input_signature and takes positional arguments "
                f"only. Received keyword arguments: {sorted(kwargs)}"
            )
        values = flatten(list(args))
        specs = flatten(self.input_signature)
        if len(values) != len(specs):
            raise TypeError(
                f"{self.__name__} expects {len(specs)} arguments by its input_signature. "
                f"Received: {len(values)}"
            )
        for position, (value, spec) in enumerate(zip(values, specs)):
            if not spec.is_compatible_with(value):
                shape = tuple(np.shape(value))
                raise ValueError(
                    f"{self.__name__}: argument {position} of shape {shape} and dtype "
                    f"{np.asarray(value).dtype.name} does not match {spec}"
                )

    def get_concrete_function(self, *args, **kwargs):
        """Return a callable bound to these argument types (the function itself, eagerly)."""
        if self.input_signature is not None and args:
            self._check_signature(args, kwargs)
        return self


def function(
    func=None,
    input_signature=None,
    autograph=True,
    jit_compile=None,
    reduce_retracing=False,
    experimental_implements=None,
    experimental_autograph_options=None,
    experimental_attributes=None,
    experimental_relax_shapes=None,
    experimental_compile=None,
    experimental_follow_type_hints=None,
):
    """Decorate a function as TensorFlow's ``tf.function`` does (run eagerly here).

    Example:
        >>> @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        ... def cube(x):
        ...     return x ** 3
    """
    options = {"autograph": autograph, "jit_compile": jit_compile}

    def decorate(f):
        return Function(f, input_signature=input_signature, **options)

    return decorate if func is None else decorate(func)
