"""Random tensors, drawn from the seeded generators of ``ember.backend``."""

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.backend import as_dtype, op_generator, xp

from ._core import as_tensor
from ._creation import _shape


def normal(shape, mean=0.0, stddev=1.0, dtype=np.float32, seed=None, name=None):
    """Samples from a normal distribution with ``mean`` and ``stddev``."""
    values = op_generator(seed).normal(mean, stddev, _shape(shape))
    return Tensor(xp.asarray(values, dtype=as_dtype(dtype)))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=np.float32, seed=None, name=None):
    """Normal samples redrawn until within two standard deviations of the mean."""
    generator = op_generator(seed)
    shape = _shape(shape)
    values = generator.standard_normal(shape)
    outside = np.abs(values) > 2
    while outside.any():  # each round redraws ~4.6% of what is left
        values[outside] = generator.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2
    return Tensor(xp.asarray(mean + stddev * values, dtype=as_dtype(dtype)))


def uniform(shape, minval=0, maxval=None, dtype=np.float32, seed=None, name=None):
    """Uniform samples in ``[minval, maxval)`` (``maxval`` 1 for floats, required for ints)."""
    dtype = as_dtype(dtype)
    generator = op_generator(seed)
    if dtype.kind in "iu":
        if maxval is None:
            raise ValueError("uniform: maxval must be given for integer dtypes")
        values = generator.integers(minval, maxval, _shape(shape))
    else:
        values = generator.uniform(minval, 1.0 if maxval is None else maxval, _shape(shape))
    return Tensor(xp.asarray(values, dtype=dtype))


def shuffle(value, seed=None, name=None):
    """Randomly permute ``value`` along its first axis."""
    x = as_tensor(value)
    order = op_generator(seed).permutation(x._value.shape[0])
    return Tensor(x._value[order])


def categorical(logits, num_samples, dtype=np.int64, seed=None, name=None):
    """Draw ``num_samples`` class indices per row of ``logits`` (shape ``(batch, classes)``)."""
    x = as_tensor(logits)
    if x._value.ndim != 2:
        raise ValueError(
            f"categorical: logits must have shape (batch, classes). Received: {x.shape}"
        )
    batch, classes = x._value.shape
    # Gumbel-max: argmax(logits + Gumbel noise) is a sample from softmax(logits).
    noise = op_generator(seed).gumbel(size=(batch, int(num_samples), classes))
    samples = np.argmax(np.asarray(x._value)[:, None, :] + noise, axis=-1)
    return Tensor(xp.asarray(samples, dtype=as_dtype(dtype)))
