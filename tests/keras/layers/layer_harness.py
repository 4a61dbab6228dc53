"""``run_layer_test``: the checks every layer must pass (after Keras' own harness).

Build and output shape against ``compute_output_shape`` on a symbolic input, a
``get_config`` → JSON → ``from_config`` round trip giving the same outputs with
the same weights, weight counts, and one training step that changes the
trainable weights and only those.
"""

import json

import numpy as np

import ember as tf
from ember import keras


def run_layer_test(layer_cls, init_kwargs, input_shape, expected_output_shape,
                   expected_num_trainable_weights=0, expected_num_non_trainable_weights=0,
                   input_dtype="float32", input_data=None, seed=0):
    rng = np.random.default_rng(seed)
    if input_data is None:
        input_data = rng.standard_normal(input_shape).astype(input_dtype)
    layer = layer_cls(**init_kwargs)
    output = layer(input_data)
    assert tuple(output.shape) == tuple(expected_output_shape), (
        f"{layer_cls.__name__} output shape {tuple(output.shape)} != {expected_output_shape}"
    )
    assert len(layer.trainable_weights) == expected_num_trainable_weights
    assert len(layer.non_trainable_weights) == expected_num_non_trainable_weights
    # Shape inference on a symbolic input agrees with the real output.
    symbolic = layer_cls(**init_kwargs)(keras.Input(batch_shape=(None,) + tuple(input_shape[1:]), dtype=input_dtype))
    assert symbolic.shape == (None,) + tuple(expected_output_shape[1:])
    # Config round trip through JSON; same weights give the same outputs.
    config = json.loads(json.dumps(layer.get_config()))
    config.pop("name")
    clone = layer_cls.from_config(config)
    clone(input_data)
    clone.set_weights(layer.get_weights())
    np.testing.assert_allclose(np.asarray(clone(input_data)), np.asarray(layer(input_data)), rtol=1e-6, atol=1e-6)
    # A training step moves every trainable weight and no other.
    if expected_num_trainable_weights:
        before = [w.numpy() for w in layer.weights]
        with tf.GradientTape() as tape:
            out = layer(input_data, training=True) if layer._call_takes_training else layer(input_data)
            loss = tf.reduce_mean(tf.square(out))
        grads = tape.gradient(loss, layer.trainable_weights)
        assert all(g is not None for g in grads), f"{layer_cls.__name__}: a trainable weight got no gradient"
        keras.optimizers.SGD(learning_rate=0.1).apply_gradients(zip(grads, layer.trainable_weights))
        trainable_ids = {id(w) for w in layer.trainable_weights}
        for w, old in zip(layer.weights, before):
            if id(w) in trainable_ids and np.any(np.asarray(grads[[id(v) for v in layer.trainable_weights].index(id(w))]) != 0):
                assert not np.array_equal(w.numpy(), old), f"{w.name} did not change"
    return layer
