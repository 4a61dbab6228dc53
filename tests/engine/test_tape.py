"""GradientTape semantics, following TensorFlow's documented behaviour."""

import numpy as np
import pytest

import ember as tf


def f(w1, w2):
    return 3 * w1**2 + 2 * w1 * w2


def test_gradient_of_books_example():
    # HOML ch12: dz/dw1 = 6 w1 + 2 w2 = 36, dz/dw2 = 2 w1 = 10.
    w1, w2 = tf.Variable(5.0), tf.Variable(3.0)
    with tf.GradientTape() as tape:
        z = f(w1, w2)
    grads = tape.gradient(z, [w1, w2])
    assert [float(g) for g in grads] == [36.0, 10.0]


def test_non_persistent_tape_can_be_used_once():
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        z = w * w
    tape.gradient(z, w)
    with pytest.raises(RuntimeError, match="non-persistent"):
        tape.gradient(z, w)


def test_persistent_tape_gives_several_gradients():
    w1, w2 = tf.Variable(5.0), tf.Variable(3.0)
    with tf.GradientTape(persistent=True) as tape:
        z = f(w1, w2)
    assert float(tape.gradient(z, w1)) == 36.0
    assert float(tape.gradient(z, w2)) == 10.0


def test_constants_need_watch_and_unconnected_sources_give_none():
    c1, c2 = tf.constant(5.0), tf.constant(3.0)
    with tf.GradientTape() as tape:
        z = f(c1, c2)
    assert tape.gradient(z, [c1, c2]) == [None, None]
    with tf.GradientTape() as tape:
        tape.watch(c1)
        tape.watch(c2)
        z = f(c1, c2)
    assert [float(g) for g in tape.gradient(z, [c1, c2])] == [36.0, 10.0]
    unrelated = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        z = c1 * 2.0 + tf.Variable(4.0)
    assert tape.gradient(z, unrelated) is None
    with tf.GradientTape() as tape:
        z = tf.Variable(4.0) * 2.0
    zero = tape.gradient(z, unrelated, unconnected_gradients="zero")
    assert zero.shape == () and float(zero) == 0.0


def test_non_trainable_variables_are_not_watched():
    w = tf.Variable(2.0, trainable=False)
    with tf.GradientTape() as tape:
        z = w * w
    assert tape.gradient(z, w) is None
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        v = tf.Variable(3.0)
        z = v * v
    assert tape.gradient(z, v) is None


def test_non_scalar_target_is_summed_and_output_gradients_weight_it():
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
        total = tf.reduce_sum(y)
    np.testing.assert_allclose(tape.gradient(y, x), [2.0, 4.0, 6.0])
    np.testing.assert_allclose(
        tape.gradient(y, x, output_gradients=[1.0, 0.0, 2.0]), [2.0, 0.0, 12.0]
    )
    targets = [y, total]
    np.testing.assert_allclose(tape.gradient(targets, x), [4.0, 8.0, 12.0])


def test_nested_sources_keep_their_structure():
    a, b = tf.Variable(1.0), tf.Variable(2.0)
    with tf.GradientTape() as tape:
        z = a * b
    grads = tape.gradient(z, {"a": a, "pair": (b, a)})
    assert float(grads["a"]) == 2.0 and isinstance(grads["pair"], tuple)
    assert [float(g) for g in grads["pair"]] == [1.0, 2.0]


def test_hessian_with_nested_tapes_matches_book():
    # HOML ch12: Hessians [[6, 2], [2, None]].
    w1, w2 = tf.Variable(5.0), tf.Variable(3.0)
    with tf.GradientTape(persistent=True) as hessian_tape:
        with tf.GradientTape() as jacobian_tape:
            z = f(w1, w2)
        jacobians = jacobian_tape.gradient(z, [w1, w2])
    hessians = [hessian_tape.gradient(j, [w1, w2]) for j in jacobians]
    assert float(hessians[0][0]) == 6.0 and float(hessians[0][1]) == 2.0
    assert float(hessians[1][0]) == 2.0 and hessians[1][1] is None


def test_third_derivative():
    x = tf.Variable(0.5)
    with tf.GradientTape() as t3:
        with tf.GradientTape() as t2:
            with tf.GradientTape() as t1:
                y = tf.sin(x) * x
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t3.gradient(d2, x)
    # y''' of x sin x is -3 sin x - x cos x
    np.testing.assert_allclose(float(d3), -3 * np.sin(0.5) - 0.5 * np.cos(0.5), rtol=1e-6)


def test_stop_recording_and_stop_gradient():
    w = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        with tape.stop_recording():
            hidden = w * w
        z = w * 2.0 + hidden
    assert float(tape.gradient(z, w)) == 2.0
    with tf.GradientTape() as tape:
        z = 3 * w**2 + tf.stop_gradient(2 * w * 4.0)
    assert float(tape.gradient(z, w)) == 18.0


def test_jacobian_matches_analytic():
    x = tf.Variable([1.0, 2.0, 3.0])
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with tf.GradientTape(persistent=True) as tape:
        y = tf.matmul(tf.reshape(x * x, (1, 3)), w)[0]
    jx = tape.jacobian(y, x)
    jw = tape.jacobian(y, w)
    assert jx.shape == (2, 3) and jw.shape == (2, 3, 2)
    np.testing.assert_allclose(jx, (w.numpy() * 2 * x.numpy()[:, None]).T)
    expected = np.zeros((2, 3, 2))
    for i in range(2):
        expected[i, :, i] = x.numpy() ** 2
    np.testing.assert_allclose(jw, expected)


# The book's gradient formula evaluates exp(1000) = inf on purpose (1 / inf = 0);
# NumPy reports the overflow as a RuntimeWarning, which is expected here.
@pytest.mark.filterwarnings("ignore:overflow encountered in exp:RuntimeWarning")
def test_custom_gradient_books_softplus():
    @tf.custom_gradient
    def my_softplus(z):
        def my_softplus_gradients(grads):
            return grads * (1 - 1 / (1 + tf.exp(z)))

        result = tf.math.log(1 + tf.exp(-tf.abs(z))) + tf.maximum(0.0, z)
        return result, my_softplus_gradients

    x = tf.Variable([1000.0, -3.0, 0.5])
    with tf.GradientTape() as tape:
        z = my_softplus(x)
    grads = tape.gradient(z, x).numpy()
    np.testing.assert_allclose(
        z.numpy(), [1000.0, np.log1p(np.exp(-3.0)), np.log1p(np.exp(0.5))], rtol=1e-6
    )
    np.testing.assert_allclose(grads, 1 / (1 + np.exp(-x.numpy())), rtol=1e-6)


def test_custom_gradient_with_variables():
    v = tf.Variable(2.0)

    @tf.custom_gradient
    def scaled(x):
        def grad(upstream, variables=None):
            return upstream * v * 10, [upstream * x * 10]

        return x * v, grad

    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = scaled(x)
    gx, gv = tape.gradient(y, [x, v])
    assert float(gx) == 20.0 and float(gv) == 30.0


def test_gradient_inside_tape_context_is_recorded_for_higher_order():
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x**3
        dy = tape.gradient(y, x)
    assert float(dy) == 12.0
    assert float(tape.gradient(dy, x)) == 12.0


def test_integer_ops_are_not_recorded():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        index = tf.argmax(tf.stack([x, x * 2]))
        y = x * tf.cast(index, tf.float32)
    assert float(tape.gradient(y, x)) == 1.0
