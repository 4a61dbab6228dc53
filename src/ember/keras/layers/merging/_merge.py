"""Merging layers: one base class reduces a list of same-shaped inputs pairwise."""

import functools

from ember import ops
from ember.linalg import norm

from .._layer import Layer


class _Merge(Layer):
    """Combine a list of tensors of one shape (broadcasting allowed) with ``_merge``."""

    _min_inputs = 2

    def _check(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) < self._min_inputs:
            count = len(inputs) if isinstance(inputs, (list, tuple)) else 1
            raise ValueError(
                f"A merge layer should be called on a list of at least {self._min_inputs} "
                f"inputs. Received: {count} input(s)"
            )

    def call(self, inputs):
        self._check(inputs)
        return self._merge(list(inputs))

    def compute_output_shape(self, input_shape):
        self._check(input_shape)
        shapes = [tuple(s) for s in input_shape]
        rank = max(len(s) for s in shapes)
        padded = [(1,) * (rank - len(s)) + s for s in shapes]
        result = []
        for sizes in zip(*padded):
            known = {d for d in sizes if d not in (None, 1)}
            if len(known) > 1:
                raise ValueError(
                    f"{type(self).__name__}: inputs must have compatible shapes. Received: {shapes}"
                )
            result.append(known.pop() if known else (None if None in sizes else 1))
        return tuple(result)


class Add(_Merge):
    """Elementwise sum of the inputs."""

    def _merge(self, inputs):
        return functools.reduce(ops.add, inputs)


class Subtract(_Merge):
    """``inputs[0] - inputs[1]`` (exactly two inputs)."""

    def _check(self, inputs):
        super()._check(inputs)
        if len(inputs) != 2:
            raise ValueError(
                f"A Subtract layer should be called on exactly 2 inputs. Received: {len(inputs)}"
            )

    def _merge(self, inputs):
        return ops.subtract(inputs[0], inputs[1])


class Multiply(_Merge):
    """Elementwise product of the inputs."""

    def _merge(self, inputs):
        return functools.reduce(ops.multiply, inputs)


class Average(_Merge):
    """Elementwise mean of the inputs."""

    def _merge(self, inputs):
        return functools.reduce(ops.add, inputs) / len(inputs)


class Maximum(_Merge):
    """Elementwise maximum of the inputs."""

    def _merge(self, inputs):
        return functools.reduce(ops.maximum, inputs)


class Minimum(_Merge):
    """Elementwise minimum of the inputs."""

    def _merge(self, inputs):
        return functools.reduce(ops.minimum, inputs)


class Concatenate(_Merge):
    """Concatenate the inputs along ``axis`` (the last by default)."""

    _min_inputs = 1

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = int(axis)

    def _merge(self, inputs):
        return ops.concat(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        self._check(input_shape)
        shapes = [list(s) for s in input_shape]
        rank = len(shapes[0])
        axis = self.axis % rank
        for shape in shapes[1:]:
            others = [d for i, d in enumerate(shape) if i != axis]
            first = [d for i, d in enumerate(shapes[0]) if i != axis]
            if len(shape) != rank or any(a not in (b, None) and b is not None for a, b in zip(others, first)):
                raise ValueError(
                    "A Concatenate layer requires inputs with matching shapes except for "
                    f"the concatenation axis. Received: input_shape={input_shape}"
                )
        result = list(shapes[0])
        sizes = [s[axis] for s in shapes]
        result[axis] = None if None in sizes else sum(sizes)
        return tuple(result)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


class Dot(_Merge):
    """Dot products between samples of two inputs along ``axes``.

    Args:
        axes: an int or a pair of ints (non-batch axes, counted from 1 or from the end).
        normalize: L2-normalize both inputs first (the result is the cosine similarity).
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        self.axes = tuple(axes) if isinstance(axes, (list, tuple)) else (int(axes), int(axes))
        self.normalize = bool(normalize)

    def _axes_for(self, shapes):
        return [a % len(s) for a, s in zip(self.axes, shapes)]

    def _merge(self, inputs):
        if len(inputs) != 2:
            raise ValueError(f"A Dot layer should be called on exactly 2 inputs. Received: {len(inputs)}")
        x, y = inputs
        axes = self._axes_for([x.shape, y.shape])
        if self.normalize:
            x = x / ops.maximum(norm(x, axis=axes[0], keepdims=True), 1e-12)
            y = y / ops.maximum(norm(y, axis=axes[1], keepdims=True), 1e-12)
        letters = "abcdefghijklmnopqrstuvwxyz"
        xs = "z" + letters[: x.ndim - 1]
        ys = "z" + letters[x.ndim - 1 : x.ndim - 1 + y.ndim - 1]
        ys = ys[: axes[1]] + xs[axes[0]] + ys[axes[1] + 1 :]
        out = "z" + "".join(c for c in xs[1:] + ys[1:] if c != xs[axes[0]])
        result = ops.einsum(f"{xs},{ys}->{out}", x, y)
        return ops.expand_dims(result, -1) if result.ndim == 1 else result

    def compute_output_shape(self, input_shape):
        x, y = (tuple(s) for s in input_shape)
        ax, ay = self._axes_for([x, y])
        shape = (x[0],) + x[1:ax] + x[ax + 1 :] + y[1:ay] + y[ay + 1 :]
        return shape if len(shape) > 1 else shape + (1,)

    def get_config(self):
        return {**super().get_config(), "axes": list(self.axes), "normalize": self.normalize}


def _functional(cls):
    def merge(inputs, **kwargs):
        return cls(**kwargs)(inputs)

    merge.__name__ = cls.__name__.lower()
    merge.__doc__ = f"Functional form of ``{cls.__name__}``: ``{merge.__name__}([x, y, ...])``."
    return merge


add = _functional(Add)
subtract = _functional(Subtract)
multiply = _functional(Multiply)
average = _functional(Average)
maximum = _functional(Maximum)
minimum = _functional(Minimum)


def concatenate(inputs, axis=-1, **kwargs):
    """Functional form of ``Concatenate``."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes, normalize=False, **kwargs):
    """Functional form of ``Dot``."""
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
