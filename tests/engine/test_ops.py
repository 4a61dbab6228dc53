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


def _mixed_logits():
    # Rows the compiled float32 kernels compute unshifted, and rows they must redo
    # shifted: huge, very negative, one -inf entry, one NaN.
    rng = np.random.default_rng(11)
    logits = (3 * rng.standard_normal((40, 1003))).astype(np.float32)
    logits[3] += 150.0
    logits[7] -= 200.0
    logits[9, 5] = -np.inf
    logits[12] = 85.0 + rng.standard_normal(1003).astype(np.float32)
    logits[20, 17] = np.nan
    return logits, rng.integers(0, 1003, 40), rng.dirichlet(np.ones(1003), size=40).astype(np.float32)


def test_compiled_float32_cross_entropies_match_float64_row_by_row():
    logits, labels, probs = _mixed_logits()
    results = {}
    for dtype in (tf.float32, tf.float64):
        x = tf.Variable(tf.cast(logits, dtype))
        with tf.GradientTape(persistent=True) as tape:
            sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x)
            dense = tf.nn.softmax_cross_entropy_with_logits(labels=tf.cast(probs, dtype), logits=x)
            weighted = tf.reduce_sum(sparse * tf.cast(tf.range(40), dtype))
        results[dtype] = [t.numpy() for t in (sparse, dense, tape.gradient(weighted, x), tape.gradient(dense, x))]
    ok = np.ones(40, bool)
    ok[20] = False
    for got, want in zip(results[tf.float32], results[tf.float64]):
        np.testing.assert_allclose(got[ok], want[ok], rtol=2e-5, atol=2e-5)
        assert np.isnan(got[20]).all() == np.isnan(want[20]).all()
    assert np.isnan(results[tf.float32][0][20]) and np.isnan(results[tf.float32][1][20])
    grad = results[tf.float32][2]
    assert grad[9, 5] == 0.0 and np.isfinite(grad[ok]).all()


def test_compiled_exp_is_within_four_ulps_over_float32s_range():
    from ember.ops import _softmax_kernels

    x = np.linspace(-87, 88, 700_000, dtype=np.float32).reshape(7, -1)
    e, total = np.empty_like(x), np.empty(7, np.float32)
    _softmax_kernels.exp_rows(x, e, total)
    want = np.exp(x.astype(np.float64))
    assert np.max(np.abs(e - want) / want) < 4 * np.finfo(np.float32).eps


@pytest.mark.parametrize("compiled", [True, False])
def test_unshifted_paths_do_not_overflow_a_wide_row(compiled, monkeypatch):
    # 20,000 float32 logits of 79 each: every exp fits in float32, their sum does not.
    from ember.ops import _crossentropy

    if not compiled:  # the NumPy passes (other backends) on float32
        monkeypatch.setattr(_crossentropy, "_compiled", lambda a: None)
    x = tf.Variable(np.full((2, 20_000), 79.0, np.float32))
    with tf.GradientTape() as tape:
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 1], logits=x)
    np.testing.assert_allclose(loss, np.log(20_000), rtol=1e-5)
    np.testing.assert_allclose(tape.gradient(loss, x)[0, 1], 1 / 20_000, rtol=1e-4)
