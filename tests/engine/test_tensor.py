"""Tensor and Variable behaviour, conversion rules, interop and error messages."""

import numpy as np
import pytest

import ember as tf


def test_constant_dtypes_follow_tensorflow():
    assert tf.constant(1.0).dtype == tf.float32
    assert tf.constant(1).dtype == tf.int32
    assert tf.constant(True).dtype == tf.bool
    assert tf.constant(np.array([1.0])).dtype == tf.float64
    assert tf.constant([1, 2], dtype=tf.float64).dtype == tf.float64
    assert tf.constant(0.0, shape=(2, 3)).shape == (2, 3)
    np.testing.assert_array_equal(tf.constant([1, 2, 3, 4], shape=[2, 2]), [[1, 2], [3, 4]])


def test_numpy_interop_and_operators():
    t = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    a = np.asarray(t)
    assert isinstance(a, np.ndarray) and a.dtype == np.float32
    np.testing.assert_array_equal(t + 10, a + 10)
    np.testing.assert_array_equal(10 - t, 10 - a)
    np.testing.assert_array_equal(np.ones((2, 3)) * t, a)
    assert isinstance(np.ones((2, 3)) * t, tf.Tensor)
    np.testing.assert_array_equal(t @ tf.transpose(t), a @ a.T)
    np.testing.assert_array_equal(t**2, a**2)
    np.testing.assert_array_equal(-t, -a)
    np.testing.assert_array_equal(t // 2, a // 2)
    np.testing.assert_array_equal(t % 4, a % 4)
    np.testing.assert_array_equal(t > 2, a > 2)
    np.testing.assert_array_equal(t == 2, a == 2)
    assert t.numpy() is not t._value  # numpy() gives a copy the user may write to
    assert t[1, 2].numpy() == 6.0 and float(t[0, 0]) == 1.0
    assert [row.numpy().tolist() for row in t] == a.tolist()
    assert len(t) == 2


def test_tensor_repr_and_shape():
    t = tf.constant([[1.0, 2.0]])
    assert repr(t.shape) == "TensorShape([1, 2])"
    assert t.shape.as_list() == [1, 2] and t.shape.rank == 2
    assert "shape=(1, 2), dtype=float32" in repr(t)
    assert "numpy=42.0" in repr(tf.constant(42.0))


def test_tensors_are_unhashable_but_have_refs():
    t = tf.constant(1.0)
    with pytest.raises(TypeError):
        hash(t)
    assert {t.ref(): 1}[t.ref()] == 1 and t.ref().deref() is t


def test_variable_assignments():
    v = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    v.assign(2 * v)
    np.testing.assert_array_equal(v, [[2, 4, 6], [8, 10, 12]])
    v[0, 1].assign(42)
    v[:, 2].assign([0.0, 1.0])
    np.testing.assert_array_equal(v, [[2, 42, 0], [8, 10, 1]])
    v.scatter_nd_update(indices=[[0, 0], [1, 2]], updates=[100.0, 200.0])
    np.testing.assert_array_equal(v, [[100, 42, 0], [8, 10, 200]])
    v.assign_add(tf.ones((2, 3)))
    v.assign_sub(np.full((2, 3), 2.0))
    np.testing.assert_array_equal(v, [[99, 41, -1], [7, 9, 199]])
    assert v.dtype == tf.float32 and v.trainable and v.name == "Variable:0"
    with pytest.raises(ValueError, match=r"shape \(3,\).*shape \(2, 3\)"):
        v.assign([1.0, 2.0, 3.0])


def test_values_read_before_assign_are_kept():
    v = tf.Variable([1.0, 2.0])
    snapshot = v.value()
    with tf.GradientTape(persistent=True) as tape:
        y = v * v
        z = v**2.0  # a variable paired with a Python scalar is read too
    v.assign([10.0, 20.0])
    np.testing.assert_array_equal(snapshot, [1.0, 2.0])
    np.testing.assert_array_equal(tape.gradient(y, v), [2.0, 4.0])
    np.testing.assert_array_equal(tape.gradient(z, v), [2.0, 4.0])


def test_incompatible_shapes_name_both_shapes_and_the_op():
    with pytest.raises(ValueError, match=r"add: incompatible shapes \(2, 3\) and \(4,\)"):
        tf.add(tf.ones((2, 3)), tf.ones((4,)))
    with pytest.raises(ValueError, match=r"matmul.*\(2, 3\).*\(2, 3\)"):
        tf.matmul(tf.ones((2, 3)), tf.ones((2, 3)))
    with pytest.raises(ValueError, match=r"reshape.*\(2, 3\).*\(4,\)"):
        tf.reshape(tf.ones((2, 3)), (4,))


def test_mixed_dtypes_are_rejected_like_tensorflow():
    with pytest.raises(TypeError, match="float32.*float64"):
        tf.constant(1.0) + tf.constant(np.float64(1.0))
    with pytest.raises(TypeError, match="int32"):
        tf.constant(1) + 2.5
    assert (tf.constant(1.0) + np.array([1.0])).dtype == tf.float32
    with pytest.raises(TypeError, match="floating-point"):
        tf.exp(tf.constant(1))


def test_float64_end_to_end():
    x = tf.Variable(np.array([0.1, 0.2]))
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.exp(x) * tf.nn.softmax(x))
    assert y.dtype == tf.float64 and tape.gradient(y, x).dtype == tf.float64


def test_non_differentiable_and_creation_ops():
    np.testing.assert_array_equal(tf.argmax(tf.constant([[1, 5], [7, 2]])), [1, 0])
    assert tf.argmax(tf.constant([[1, 5], [7, 2]]), axis=1).dtype == tf.int64
    np.testing.assert_array_equal(tf.shape(tf.zeros((2, 3))), [2, 3])
    assert int(tf.rank(tf.zeros((2, 3)))) == 2 and int(tf.size(tf.zeros((2, 3)))) == 6
    np.testing.assert_array_equal(tf.range(5), np.arange(5))
    np.testing.assert_allclose(tf.range(1.0, 2.0, 0.25), [1.0, 1.25, 1.5, 1.75])
    np.testing.assert_allclose(tf.linspace(0.0, 1.0, 5), np.linspace(0, 1, 5))
    np.testing.assert_array_equal(tf.eye(2, 3), np.eye(2, 3))
    np.testing.assert_array_equal(tf.fill([2, 2], 7), np.full((2, 2), 7))
    assert tf.fill([2], 7).dtype == tf.int32
    np.testing.assert_array_equal(tf.zeros_like(tf.ones((2, 2))), np.zeros((2, 2)))
    np.testing.assert_array_equal(tf.one_hot([0, 2, -1], 3), [[1, 0, 0], [0, 0, 1], [0, 0, 0]])
    np.testing.assert_array_equal(
        tf.where(tf.constant([[True, False], [False, True]])), [[0, 0], [1, 1]]
    )
    np.testing.assert_array_equal(tf.equal([1, 2], [1, 3]), [True, False])
    np.testing.assert_array_equal(tf.math.less([1.0, 2.0], 2.0), [True, False])


def test_random_ops_are_seeded_and_have_the_right_law():
    tf.random.set_seed(42)
    a = tf.random.normal((2000,), mean=1.0, stddev=2.0)
    b = tf.random.uniform((2000,), minval=-1.0, maxval=3.0)
    tf.random.set_seed(42)
    np.testing.assert_array_equal(a, tf.random.normal((2000,), mean=1.0, stddev=2.0))
    assert a.dtype == tf.float32
    assert (
        abs(float(tf.reduce_mean(a)) - 1.0) < 0.15
        and abs(float(tf.math.reduce_std(a)) - 2.0) < 0.15
    )
    assert float(tf.reduce_min(b)) >= -1.0 and float(tf.reduce_max(b)) < 3.0
    t = tf.random.truncated_normal((5000,))
    assert float(tf.reduce_max(tf.abs(t))) <= 2.0
    ints = tf.random.uniform((100,), maxval=10, dtype=tf.int32)
    assert (
        ints.dtype == tf.int32 and 0 <= int(tf.reduce_min(ints)) and int(tf.reduce_max(ints)) < 10
    )
    shuffled = tf.random.shuffle(tf.range(10))
    assert sorted(shuffled.numpy().tolist()) == list(range(10))
    samples = tf.random.categorical(tf.math.log([[0.1, 0.9]]), 4000)
    assert samples.shape == (1, 4000)
    assert abs(float(tf.reduce_mean(tf.cast(samples, tf.float32))) - 0.9) < 0.03


def test_dropout_keeps_expectation():
    tf.random.set_seed(0)
    x = tf.ones((10000,))
    y = tf.nn.dropout(x, rate=0.2)
    kept = float(tf.reduce_mean(tf.cast(y > 0, tf.float32)))
    assert abs(kept - 0.8) < 0.02
    np.testing.assert_allclose(float(tf.reduce_max(y)), 1.25)
    with pytest.raises(ValueError, match="rate"):
        tf.nn.dropout(x, rate=1.0)


def test_function_decorator_keeps_behaviour_and_checks_signature():
    def cube(x):
        return x**3

    tf_cube = tf.function(cube)
    assert float(tf_cube(2.0 if False else tf.constant(2.0))) == 8.0
    assert tf_cube.python_function(2) == 8

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def square_all(x):
        return x * x

    np.testing.assert_array_equal(square_all(tf.constant([1.0, 2.0])), [1.0, 4.0])
    with pytest.raises(ValueError, match="does not match"):
        square_all(tf.constant([[1.0]]))

    class Model:
        @tf.function
        def call(self, x):
            return x + 1

    assert float(Model().call(tf.constant(1.0))) == 2.0
