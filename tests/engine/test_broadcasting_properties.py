"""Property tests: for any broadcastable pair of shapes, gradients have the
sources' shapes and equal the upstream gradient summed over broadcast axes."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ember as tf


@settings(max_examples=60, deadline=None)
@given(
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=4),
    seed=st.integers(0, 2**16),
)
def test_binary_gradients_sum_over_broadcast_axes(shapes, seed):
    rng = np.random.default_rng(seed)
    a_shape, b_shape = shapes.input_shapes
    a = tf.Variable(rng.standard_normal(a_shape))
    b = tf.Variable(rng.standard_normal(b_shape))
    upstream = rng.standard_normal(shapes.result_shape)
    with tf.GradientTape() as tape:
        out = a * b + a - b
    grad_a, grad_b = tape.gradient(out, [a, b], output_gradients=upstream)
    assert grad_a.shape == a_shape and grad_b.shape == b_shape
    full_a = upstream * np.broadcast_to(b.numpy(), shapes.result_shape) + upstream
    full_b = upstream * np.broadcast_to(a.numpy(), shapes.result_shape) - upstream
    np.testing.assert_allclose(grad_a, _sum_to(full_a, a_shape), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grad_b, _sum_to(full_b, b_shape), rtol=1e-10, atol=1e-12)


def _sum_to(array, shape):
    lead = array.ndim - len(shape)
    array = array.sum(axis=tuple(range(lead)))
    axes = tuple(i for i, d in enumerate(shape) if d == 1)
    return array.sum(axis=axes, keepdims=True).reshape(shape)
