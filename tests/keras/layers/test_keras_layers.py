"""Layers: values against NumPy / PyTorch formulas, shapes, configs, training steps."""

import numpy as np
import pytest

import ember as tf
from ember import keras
from ember.keras import layers

from layer_harness import run_layer_test

torch = pytest.importorskip("torch")

rng = np.random.default_rng(0)


@pytest.mark.parametrize(
    "cls, kwargs, in_shape, out_shape, n_trainable, n_non_trainable",
    [
        (layers.Dense, {"units": 4, "activation": "relu"}, (3, 5), (3, 4), 2, 0),
        (layers.Dense, {"units": 4, "use_bias": False}, (2, 3, 5), (2, 3, 4), 1, 0),
        (layers.Activation, {"activation": "tanh"}, (3, 5), (3, 5), 0, 0),
        (layers.Flatten, {}, (2, 3, 4), (2, 12), 0, 0),
        (layers.Reshape, {"target_shape": (4, -1)}, (2, 3, 4), (2, 4, 3), 0, 0),
        (layers.Permute, {"dims": (2, 1)}, (2, 3, 4), (2, 4, 3), 0, 0),
        (layers.RepeatVector, {"n": 3}, (2, 4), (2, 3, 4), 0, 0),
        (layers.Dropout, {"rate": 0.5}, (3, 5), (3, 5), 0, 0),
        (layers.AlphaDropout, {"rate": 0.2}, (3, 5), (3, 5), 0, 0),
        (layers.GaussianNoise, {"stddev": 0.1}, (3, 5), (3, 5), 0, 0),
        (layers.GaussianDropout, {"rate": 0.2}, (3, 5), (3, 5), 0, 0),
        (layers.BatchNormalization, {}, (8, 5), (8, 5), 2, 2),
        (layers.BatchNormalization, {"axis": 1, "center": False}, (4, 3, 2), (4, 3, 2), 1, 2),
        (layers.LayerNormalization, {}, (3, 5), (3, 5), 2, 0),
        (layers.LeakyReLU, {"negative_slope": 0.2}, (3, 5), (3, 5), 0, 0),
        (layers.PReLU, {}, (3, 5), (3, 5), 1, 0),
        (layers.ELU, {"alpha": 0.5}, (3, 5), (3, 5), 0, 0),
        (layers.ReLU, {"max_value": 1.0}, (3, 5), (3, 5), 0, 0),
        (layers.Softmax, {}, (3, 5), (3, 5), 0, 0),
    ],
    ids=lambda v: v.__name__ if isinstance(v, type) else None,
)
def test_layer_contract(cls, kwargs, in_shape, out_shape, n_trainable, n_non_trainable):
    run_layer_test(cls, kwargs, in_shape, out_shape, n_trainable, n_non_trainable)


def test_embedding_contract_and_values():
    ids = np.array([[1, 2, 2], [0, 4, 1]])
    layer = run_layer_test(layers.Embedding, {"input_dim": 5, "output_dim": 3}, (2, 3), (2, 3, 3),
                           1, input_dtype="int32", input_data=ids)
    table = layer.embeddings.numpy()
    np.testing.assert_array_equal(layer(ids), table[ids])
    with tf.GradientTape() as tape:
        out = tf.reduce_sum(layer(ids))
    grad = tape.gradient(out, layer.embeddings).numpy()
    np.testing.assert_array_equal(grad[:, 0], np.bincount(ids.ravel(), minlength=5))


def test_dense_matches_torch_linear_forward_and_gradients():
    x = rng.standard_normal((6, 5)).astype(np.float32)
    dense = layers.Dense(3, activation="sigmoid")
    dense(x)
    linear = torch.nn.Linear(5, 3)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(dense.kernel.numpy().T))
        linear.bias.copy_(torch.tensor(rng.standard_normal(3).astype(np.float32)))
    dense.bias.assign(linear.bias.detach().numpy())
    with tf.GradientTape() as tape:
        out = dense(x)
        loss = tf.reduce_sum(out * out)
    gk, gb = tape.gradient(loss, [dense.kernel, dense.bias])
    ref = torch.sigmoid(linear(torch.tensor(x)))
    (ref * ref).sum().backward()
    np.testing.assert_allclose(out.numpy(), ref.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(gk.numpy(), linear.weight.grad.numpy().T, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(gb.numpy(), linear.bias.grad.numpy(), rtol=1e-4, atol=1e-5)


def test_dense_rejects_bad_units_and_wrong_input_size():
    with pytest.raises(ValueError, match="expected a positive integer. Received: units=0"):
        layers.Dense(0)
    dense = layers.Dense(2)
    dense(np.zeros((1, 3)))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3"):
        dense(np.zeros((1, 4)))


def test_batch_normalization_training_and_inference_formulas():
    x = rng.standard_normal((16, 4)).astype(np.float32) * 3 + 1
    bn = layers.BatchNormalization(momentum=0.9, epsilon=1e-3)
    bn.build((None, 4))
    bn.gamma.assign(np.array([1.0, 2.0, 0.5, 1.5], np.float32))
    bn.beta.assign(np.array([0.0, 1.0, -1.0, 0.5], np.float32))
    out = bn(x, training=True).numpy()
    mean, var = x.mean(0), x.var(0)
    expected = (x - mean) / np.sqrt(var + 1e-3) * bn.gamma.numpy() + bn.beta.numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.1 * mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(bn.moving_variance.numpy(), 0.9 + 0.1 * var, rtol=1e-5)
    inference = bn(x, training=False).numpy()
    expected = (x - bn.moving_mean.numpy()) / np.sqrt(bn.moving_variance.numpy() + 1e-3)
    np.testing.assert_allclose(inference, expected * bn.gamma.numpy() + bn.beta.numpy(), rtol=1e-4, atol=1e-5)
    # Under the same data, training-mode outputs match PyTorch's batch norm.
    ref = torch.nn.functional.batch_norm(torch.tensor(x), None, None, torch.tensor(bn.gamma.numpy()),
                                         torch.tensor(bn.beta.numpy()), training=True, eps=1e-3)
    np.testing.assert_allclose(out, ref.numpy(), rtol=1e-4, atol=1e-5)


def test_layer_normalization_matches_torch():
    x = rng.standard_normal((3, 4, 5)).astype(np.float32)
    ln = layers.LayerNormalization(epsilon=1e-3)
    out = ln(x).numpy()
    ref = torch.nn.functional.layer_norm(torch.tensor(x), (5,), eps=1e-3)
    np.testing.assert_allclose(out, ref.numpy(), rtol=1e-4, atol=1e-5)


def test_dropout_is_identity_at_inference_and_scaled_mask_in_training():
    x = np.ones((200, 50), np.float32)
    drop = layers.Dropout(0.4, seed=1)
    np.testing.assert_array_equal(drop(x), x)
    out = drop(x, training=True).numpy()
    assert set(np.unique(out)) <= {0.0, np.float32(1 / 0.6)}
    assert abs((out == 0).mean() - 0.4) < 0.02


def test_alpha_dropout_keeps_mean_and_variance():
    x = rng.standard_normal((20000, 10)).astype(np.float32)
    out = layers.AlphaDropout(0.2, seed=3)(x, training=True).numpy()
    assert abs(out.mean()) < 0.03 and abs(out.std() - 1) < 0.03


def test_merge_layers_against_numpy():
    a, b, c = (rng.standard_normal((4, 3)).astype(np.float32) for _ in range(3))
    np.testing.assert_allclose(layers.Add()([a, b, c]), a + b + c, rtol=1e-6)
    np.testing.assert_allclose(layers.Subtract()([a, b]), a - b, rtol=1e-6)
    np.testing.assert_allclose(layers.Multiply()([a, b, c]), a * b * c, rtol=1e-6)
    np.testing.assert_allclose(layers.Average()([a, b]), (a + b) / 2, rtol=1e-6)
    np.testing.assert_allclose(layers.Maximum()([a, b]), np.maximum(a, b))
    np.testing.assert_allclose(layers.Minimum()([a, b]), np.minimum(a, b))
    np.testing.assert_allclose(layers.Concatenate()([a, b]), np.concatenate([a, b], -1))
    np.testing.assert_allclose(layers.Dot(axes=1)([a, b]), np.sum(a * b, 1, keepdims=True), rtol=1e-5)
    cosine = layers.Dot(axes=1, normalize=True)([a, b]).numpy()[:, 0]
    expected = np.sum(a * b, 1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    np.testing.assert_allclose(cosine, expected, rtol=1e-5)
    x3, y3 = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 5, 4))
    np.testing.assert_allclose(layers.Dot(axes=(2, 2))([x3, y3]), np.einsum("bik,bjk->bij", x3, y3), rtol=1e-5)
    assert layers.concatenate([keras.Input((3,)), keras.Input((2,))]).shape == (None, 5)
    with pytest.raises(ValueError, match="at least 2 inputs"):
        layers.Add()([a])


def test_activation_layers_against_formulas():
    x = rng.standard_normal((4, 6)).astype(np.float32)
    np.testing.assert_allclose(layers.LeakyReLU()(x), np.where(x > 0, x, 0.3 * x), rtol=1e-6)
    np.testing.assert_allclose(layers.LeakyReLU(alpha=0.1)(x), np.where(x > 0, x, 0.1 * x), rtol=1e-6)
    np.testing.assert_allclose(layers.ELU(alpha=0.5)(x), np.where(x > 0, x, 0.5 * np.expm1(x)), rtol=1e-5)
    np.testing.assert_allclose(layers.ReLU(max_value=0.5)(x), np.clip(x, 0, 0.5))
    np.testing.assert_allclose(layers.ReLU(negative_slope=0.1, threshold=0.2)(x),
                               np.where(x >= 0.2, x, 0.1 * (x - 0.2)), rtol=1e-6)
    e = np.exp(x - x.max(1, keepdims=True))
    np.testing.assert_allclose(layers.Softmax()(x), e / e.sum(1, keepdims=True), rtol=1e-5)
    prelu = layers.PReLU(alpha_initializer=keras.initializers.Constant(0.25))
    np.testing.assert_allclose(prelu(x), np.where(x > 0, x, 0.25 * x), rtol=1e-6)


def test_normalization_adapt_matches_numpy():
    data = rng.standard_normal((100, 3)).astype(np.float32) * [1, 10, 100] + [0, 5, -5]
    norm = layers.Normalization()
    norm.adapt(data)
    out = norm(data).numpy()
    np.testing.assert_allclose(out.mean(0), 0, atol=1e-4)
    np.testing.assert_allclose(out.std(0), 1, rtol=1e-4)
    back = layers.Normalization(mean=data.mean(0), variance=data.var(0), invert=True)(out).numpy()
    np.testing.assert_allclose(back, data, rtol=1e-4, atol=1e-3)


def test_custom_layer_with_add_weight_books_style():
    class MyDense(keras.layers.Layer):
        def __init__(self, units, activation=None, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.activation = keras.activations.get(activation)

        def build(self, batch_input_shape):
            self.kernel = self.add_weight(name="kernel", shape=[batch_input_shape[-1], self.units],
                                          initializer="glorot_normal")
            self.bias = self.add_weight(name="bias", shape=[self.units], initializer="zeros")
            super().build(batch_input_shape)

        def call(self, X):
            return self.activation(X @ self.kernel + self.bias)

        def compute_output_shape(self, batch_input_shape):
            return tuple(batch_input_shape[:-1]) + (self.units,)

    layer = MyDense(3, activation="relu")
    x = rng.standard_normal((2, 4)).astype(np.float32)
    out = layer(x).numpy()
    np.testing.assert_allclose(out, np.maximum(x @ layer.kernel.numpy(), 0), rtol=1e-5)
    assert [w.name for w in layer.weights] == [f"{layer.name}/kernel:0", f"{layer.name}/bias:0"]
    assert layer.count_params() == 15


def test_lambda_layer_and_its_safe_loading():
    layer = layers.Lambda(lambda x: tf.exp(x) * 2)
    x = rng.standard_normal((2, 3)).astype(np.float32)
    np.testing.assert_allclose(layer(x), np.exp(x) * 2, rtol=1e-6)
    assert layer(keras.Input((3,))).shape == (None, 3)
    with pytest.raises(ValueError, match="safe_mode=False"):
        layers.Lambda.from_config(layer.get_config())


def test_regularizers_add_losses_and_trainable_freezes():
    dense = layers.Dense(2, kernel_regularizer=keras.regularizers.l2(0.1))
    dense(np.ones((1, 3), np.float32))
    (penalty,) = dense.losses
    np.testing.assert_allclose(float(penalty), 0.1 * np.sum(dense.kernel.numpy() ** 2), rtol=1e-6)
    dense.trainable = False
    assert dense.trainable_weights == [] and len(dense.non_trainable_weights) == 2
    with tf.GradientTape() as tape:
        out = tf.reduce_sum(dense(np.ones((1, 3), np.float32)))
    assert tape.gradient(out, dense.kernel) is None


@pytest.mark.parametrize("axis, shape", [(-1, (7, 4)), (1, (3, 4, 2)), (0, (4, 6))])
def test_fused_batch_norm_gradients_match_central_differences(axis, shape):
    from ember.autodiff import check_gradients
    from ember.ops._batch_norm import batch_norm_training

    x = rng.standard_normal(shape) * 2 + 0.5
    size = shape[axis]
    gamma, beta = rng.uniform(0.5, 2.0, size), rng.standard_normal(size)
    check_gradients(lambda x, g, b: batch_norm_training(x, g, b, axis, 1e-3)[0], x, gamma, beta)
    check_gradients(lambda x: batch_norm_training(x, None, None, axis, 1e-3)[0], x)


def test_fused_batch_norm_second_derivatives_match_the_composed_formula():
    from ember.ops._batch_norm import batch_norm_training

    x0 = rng.standard_normal((6, 3))
    gamma = tf.Variable(rng.uniform(0.5, 2.0, 3))
    weights = tf.constant(rng.standard_normal((6, 3)))

    def composed(x):
        mean = tf.reduce_mean(x, axis=0)
        var = tf.reduce_mean(tf.square(x - mean), axis=0)
        return (x - mean) * tf.math.rsqrt(var + 1e-3) * gamma

    results = []
    for norm in (lambda x: batch_norm_training(x, gamma, None, -1, 1e-3)[0], composed):
        x = tf.Variable(x0)
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                loss = tf.reduce_sum(tf.square(norm(x) * weights))
            gx = inner.gradient(loss, x)
            penalty = tf.reduce_sum(tf.square(gx))
        results.append([gx.numpy()] + [g.numpy() for g in outer.gradient(penalty, [x, gamma])])
    for fused, reference in zip(*results):
        np.testing.assert_allclose(fused, reference, rtol=1e-8, atol=1e-10)
