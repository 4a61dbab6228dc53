"""Values against NumPy and gradients against central differences, for every op."""

import numpy as np
import pytest

import ember as tf
from ember.autodiff import check_gradients

from .op_registry import (
    AXES,
    BINARY,
    BROADCAST,
    LINALG_OPS,
    NN_OPS,
    REDUCTIONS,
    SHAPE_OPS,
    UNARY,
    draw,
)

CASES = SHAPE_OPS + LINALG_OPS + NN_OPS


def _inputs(shapes, domains, seed=0):
    rng = np.random.default_rng(seed)
    if isinstance(domains, str):
        domains = [domains] * len(shapes)
    return [draw(shape, domain, rng) for shape, domain in zip(shapes, domains)]


def _value(tensor):
    return np.asarray(tensor, dtype=np.float64)


@pytest.mark.parametrize("name, op, reference, domain", UNARY, ids=[u[0] for u in UNARY])
def test_unary_value_and_gradient(name, op, reference, domain):
    (x,) = _inputs([(3, 4)], domain)
    if reference is not None:
        np.testing.assert_allclose(_value(op(tf.constant(x))), reference(x), rtol=1e-12, atol=1e-12)
        out32 = op(tf.constant(x.astype(np.float32)))
        assert out32.dtype == np.float32, f"{name} changed float32 to {out32.dtype}"
        np.testing.assert_allclose(_value(out32), reference(x), rtol=2e-5, atol=2e-6)
    check_gradients(op, x, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("shapes", BROADCAST, ids=str)
@pytest.mark.parametrize("name, op, reference, domains", BINARY, ids=[b[0] for b in BINARY])
def test_binary_broadcasting_value_and_gradient(name, op, reference, domains, shapes):
    x, y = _inputs(shapes, domains)
    out = op(tf.constant(x), tf.constant(y))
    np.testing.assert_allclose(_value(out), reference(x, y), rtol=1e-12, atol=1e-12)
    grads = check_gradients(op, x, y)
    assert grads[0].shape == np.shape(x) and grads[1].shape == np.shape(y)


@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("name, op, reference, domain", REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
def test_reduction_over_each_axis(name, op, reference, domain, axis, keepdims):
    (x,) = _inputs([(2, 3, 4)], domain)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    out = op(tf.constant(x), axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(
        _value(out), reference(x, axis=np_axis, keepdims=keepdims), rtol=1e-12
    )
    check_gradients(lambda t: op(t, axis=axis, keepdims=keepdims), x, rtol=1e-5)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_op_value_and_gradient(case):
    inputs = _inputs(case.shapes, case.domain)
    if case.reference is not None:
        out = case.op(*[tf.constant(a) for a in inputs])
        np.testing.assert_allclose(_value(out), case.reference(*inputs), rtol=1e-10, atol=1e-12)
    check_gradients(case.op, *inputs, rtol=1e-5, atol=1e-7)


def test_reduce_max_splits_gradient_among_ties():
    x = tf.constant([[1.0, 3.0, 3.0], [2.0, 0.0, 2.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_max(x, axis=1)
    np.testing.assert_allclose(tape.gradient(y, x), [[0, 0.5, 0.5], [0.5, 0, 0.5]])


def test_reduce_prod_gradient_is_exact_with_zeros():
    x = np.array([[2.0, 0.0, 3.0], [0.0, 0.0, 4.0], [1.0, 2.0, 5.0]])
    check_gradients(lambda t: tf.reduce_prod(t, axis=1), x)
    t = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(t)
        y = tf.reduce_prod(t, axis=1)
    np.testing.assert_allclose(tape.gradient(y, t), [[0, 6, 0], [0, 0, 0], [10, 5, 2]])


def test_second_derivatives_through_fused_ops():
    # d2/dx2 of the sparse cross-entropy equals the softmax Jacobian diag(p) - p p^T.
    logits = tf.Variable(np.array([[0.3, -1.2, 2.0]]))
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[2], logits=logits)
        grad = inner.gradient(loss, logits)
        picked = grad[0, 0]
    second = outer.gradient(picked, logits).numpy()
    p = np.exp(logits.numpy()) / np.exp(logits.numpy()).sum()
    np.testing.assert_allclose(second[0], (np.diag(p[0]) - np.outer(p[0], p[0]))[0], rtol=1e-10)


@pytest.mark.parametrize(
    "op", [tf.nn.relu, tf.tanh, tf.sigmoid, tf.exp, tf.nn.softplus, tf.nn.elu, tf.sin]
)
def test_second_derivative_matches_finite_difference_of_first(op):
    x = np.array([0.7, -0.4, 1.3])

    def first(t):
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = op(t)
        return tape.gradient(y, t)

    check_gradients(first, x, rtol=1e-5, atol=1e-7)


def test_cast_passes_gradient_between_float_types_only():
    x = tf.constant(np.array([1.5, -2.0]))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y32 = tf.cast(x, tf.float32)
        as_int = tf.cast(x, tf.int32)
        scaled = y32 * tf.constant([3.0, 4.0])
    assert y32.dtype == tf.float32 and as_int.numpy().tolist() == [1, -2]
    grad = tape.gradient(scaled, x)
    assert grad.dtype == tf.float64
    np.testing.assert_array_equal(grad, [3.0, 4.0])
    assert tape.gradient(as_int, x) is None


def test_dropout_gradient_is_the_scaled_mask():
    tf.random.set_seed(3)
    x = tf.Variable(np.linspace(1.0, 2.0, 1000))
    with tf.GradientTape() as tape:
        y = tf.nn.dropout(x, rate=0.3)
    grad = tape.gradient(y, x).numpy()
    kept = y.numpy() != 0
    np.testing.assert_allclose(grad[kept], 1 / 0.7)
    np.testing.assert_array_equal(grad[~kept], 0.0)
    np.testing.assert_allclose(y.numpy()[kept], x.numpy()[kept] / 0.7)


def test_divide_no_nan_is_zero_with_finite_gradient_where_y_is_zero():
    x = tf.Variable([1.0, 2.0, 3.0])
    y = tf.Variable([2.0, 0.0, 4.0])
    with tf.GradientTape() as tape:
        z = tf.math.divide_no_nan(x, y)
    gx, gy = tape.gradient(z, [x, y])
    np.testing.assert_allclose(z, [0.5, 0.0, 0.75])
    np.testing.assert_allclose(gx, [0.5, 0.0, 0.25])
    np.testing.assert_allclose(gy, [-0.25, 0.0, -3 / 16])


@pytest.mark.parametrize("scale", [1.0, 200.0])
def test_fused_cross_entropies_with_small_and_huge_logits(scale):
    # Logits beyond float32's exp range take the shifted path; both paths agree
    # with a float64 reference and give finite gradients.
    rng = np.random.default_rng(5)
    logits = (rng.standard_normal((6, 7)) * scale).astype(np.float32)
    labels = rng.integers(0, 7, 6)
    probs = rng.dirichlet(np.ones(7), size=6).astype(np.float32)
    x = tf.Variable(logits)
    with tf.GradientTape(persistent=True) as tape:
        sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x)
        dense = tf.nn.softmax_cross_entropy_with_logits(labels=probs, logits=x)
    a = logits.astype(np.float64)
    log_p = a - a.max(1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(1, keepdims=True))
    np.testing.assert_allclose(sparse, -log_p[np.arange(6), labels], rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(dense, -(probs * log_p).sum(1), rtol=1e-5, atol=1e-4)
    hot = np.eye(7)[labels]
    np.testing.assert_allclose(tape.gradient(sparse, x), np.exp(log_p) - hot, atol=1e-6)
    np.testing.assert_allclose(tape.gradient(dense, x), np.exp(log_p) * probs.sum(1, keepdims=True) - probs, atol=1e-6)
