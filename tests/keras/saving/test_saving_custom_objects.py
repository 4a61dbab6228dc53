"""Custom objects (HOML ch12), Lambda's safe mode, and subclassed models that cannot be rebuilt."""

import numpy as np
import pytest
from saving_checks import check_resumes_exactly

import ember as tf
from ember import keras


def huber_fn(y_true, y_pred):
    error = y_true - y_pred
    is_small_error = tf.abs(error) < 1
    squared_loss = tf.square(error) / 2
    linear_loss = tf.abs(error) - 0.5
    return tf.where(is_small_error, squared_loss, linear_loss)


def my_softplus(z):
    return tf.math.log(tf.exp(z) + 1.0)


def my_glorot_initializer(shape, dtype=tf.float32):
    stddev = tf.sqrt(2.0 / (shape[0] + shape[1]))
    return tf.random.normal(shape, stddev=stddev, dtype=dtype)


def my_positive_weights(weights):
    return tf.where(weights < 0.0, tf.zeros_like(weights), weights)


class HuberLoss(keras.losses.Loss):
    def __init__(self, threshold=1.0, **kwargs):
        self.threshold = threshold
        super().__init__(**kwargs)

    def call(self, y_true, y_pred):
        error = y_true - y_pred
        is_small_error = tf.abs(error) < self.threshold
        squared_loss = tf.square(error) / 2
        linear_loss = self.threshold * tf.abs(error) - self.threshold ** 2 / 2
        return tf.where(is_small_error, squared_loss, linear_loss)

    def get_config(self):
        return {**super().get_config(), "threshold": self.threshold}


class MyDense(keras.layers.Layer):
    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, batch_input_shape):
        self.kernel = self.add_weight(name="kernel", shape=[batch_input_shape[-1], self.units],
                                      initializer="glorot_normal")
        self.bias = self.add_weight(name="bias", shape=[self.units], initializer="zeros")

    def call(self, X):
        return self.activation(X @ self.kernel + self.bias)

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "activation": keras.activations.serialize(self.activation)}


def _data(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((40, 4)).astype(np.float32)
    return X, (X[:, :1] * 2 - X[:, 1:2]).astype(np.float32)


def _custom_model():
    keras.utils.set_random_seed(2)
    model = keras.Sequential([
        keras.layers.Dense(6, activation=my_softplus, kernel_initializer=my_glorot_initializer,
                           kernel_constraint=my_positive_weights, input_shape=[4]),
        MyDense(3, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(loss=HuberLoss(2.0), optimizer="nadam", metrics=[huber_fn])
    return model


CUSTOM = {"huber_fn": huber_fn, "my_softplus": my_softplus, "HuberLoss": HuberLoss,
          "my_glorot_initializer": my_glorot_initializer, "MyDense": MyDense,
          "my_positive_weights": my_positive_weights}


def test_custom_objects_round_trip_and_continue(tmp_path):
    X, y = _data()

    def custom_parts(loaded):
        assert isinstance(loaded.layers[1], MyDense) and loaded.layers[1].units == 3
        assert loaded.layers[0].activation is my_softplus
        assert loaded.layers[0].kernel.constraint is my_positive_weights
        loss = loaded._compile_arguments[0]
        assert isinstance(loss, HuberLoss) and loss.threshold == 2.0
        assert loaded._compile_arguments[2] == [huber_fn]

    loaded = check_resumes_exactly(_custom_model, X, y,
                                   tmp_path / "my_model_with_many_custom_parts.keras",
                                   custom_objects=CUSTOM, batch_size=10, on_load=custom_parts)
    assert loaded.metrics_names == ["loss", "huber_fn"]


def test_missing_custom_object_names_it(tmp_path):
    model = _custom_model()
    model.save(tmp_path / "m.keras")
    without_layer = {k: v for k, v in CUSTOM.items() if k != "MyDense"}
    with pytest.raises(ValueError, match="Unknown layer: 'MyDense'"):
        keras.models.load_model(tmp_path / "m.keras", custom_objects=without_layer)
    without_loss = {k: v for k, v in CUSTOM.items() if k != "HuberLoss"}
    with pytest.raises(ValueError, match=r"(?s)compiling it as it was saved failed.*HuberLoss"
                                         r".*compile=False"):
        keras.models.load_model(tmp_path / "m.keras", custom_objects=without_loss)
    loaded = keras.models.load_model(tmp_path / "m.keras", custom_objects=without_loss,
                                     compile=False)
    assert not loaded.compiled


def test_registered_objects_need_no_custom_objects(tmp_path):
    @keras.saving.register_keras_serializable(package="ember_saving_tests")
    def scaled_tanh(z):
        return 1.7159 * tf.tanh(2.0 / 3.0 * z)

    @keras.saving.register_keras_serializable(package="ember_saving_tests")
    class Scale(keras.layers.Layer):
        def __init__(self, factor=1.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, inputs):
            return inputs * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.layers.Dense(3, activation=scaled_tanh, input_shape=[2]),
                              Scale(0.5)])
    model.save(tmp_path / "registered.keras")
    loaded = keras.models.load_model(tmp_path / "registered.keras")
    assert loaded.layers[0].activation is scaled_tanh and loaded.layers[1].factor == 0.5
    X = np.ones((3, 2), np.float32)
    np.testing.assert_array_equal(model.predict(X, verbose=0), loaded.predict(X, verbose=0))


def double(x):
    return x * 2.0


def _lambda_models():
    keras.utils.set_random_seed(0)
    sequential = keras.Sequential([keras.layers.Dense(2, input_shape=[3]),
                                   keras.layers.Lambda(double)])
    inputs = keras.Input(shape=[3])
    functional = keras.Model(inputs, keras.layers.Lambda(double)(keras.layers.Dense(2)(inputs)))
    return {"sequential": sequential, "functional": functional}


@pytest.mark.parametrize("kind", ["sequential", "functional"])
def test_lambda_needs_safe_mode_false(tmp_path, kind):
    model = _lambda_models()[kind]
    path = tmp_path / f"{kind}_lambda.keras"
    model.save(path)
    with pytest.raises(ValueError, match="safe_mode=False"):
        keras.models.load_model(path, custom_objects={"double": double})
    with pytest.raises(ValueError, match="'double' is unknown: pass it in custom_objects"):
        keras.models.load_model(path, safe_mode=False)
    loaded = keras.models.load_model(path, custom_objects={"double": double}, safe_mode=False)
    X = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_array_equal(model.predict(X, verbose=0), loaded.predict(X, verbose=0))
    # safe mode is restored afterwards
    with pytest.raises(ValueError, match="safe_mode=False"):
        keras.models.load_model(path, custom_objects={"double": double})


class NoConfigModel(keras.Model):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.hidden = keras.layers.Dense(units, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))


def test_subclassed_without_get_config_rebuilds_from_its_keyword_arguments(tmp_path):
    # Keras 3 records a subclassed model's JSON-able constructor keyword arguments.
    model = NoConfigModel(units=5)
    X = np.ones((2, 3), np.float32)
    model(X)
    model.save(tmp_path / "no_config.keras")
    with pytest.raises(ValueError, match=r"custom_objects=\{'NoConfigModel': NoConfigModel\}"):
        keras.models.load_model(tmp_path / "no_config.keras")
    loaded = keras.models.load_model(tmp_path / "no_config.keras",
                                     custom_objects={"NoConfigModel": NoConfigModel})
    np.testing.assert_array_equal(model.predict(X, verbose=0), loaded.predict(X, verbose=0))
    # positional constructor arguments are not recorded: load_model says what to do
    positional = NoConfigModel(5)
    positional(X)
    positional.save(tmp_path / "positional.keras")
    with pytest.raises(ValueError, match=r"(?s)did not define get_config\(\).*load_weights"):
        keras.models.load_model(tmp_path / "positional.keras",
                                custom_objects={"NoConfigModel": NoConfigModel})
    # the weights always load into a model built by hand
    model.save_weights(tmp_path / "no_config.weights.h5")
    clone = NoConfigModel(units=5)
    clone(X)
    clone.load_weights(tmp_path / "no_config.weights.h5")
    np.testing.assert_array_equal(model.predict(X, verbose=0), clone.predict(X, verbose=0))


class IncompleteConfigModel(NoConfigModel):
    def __init__(self, units, **kwargs):
        super().__init__(units=units, **kwargs)

    def get_config(self):
        return {"name": self.name}


def test_subclassed_with_incomplete_get_config(tmp_path):
    model = IncompleteConfigModel(3)
    model(np.ones((1, 2), np.float32))
    model.save(tmp_path / "incomplete.keras")
    with pytest.raises(ValueError, match=r"(?s)Could not rebuild.*TypeError.*get_config\(\)"):
        keras.models.load_model(tmp_path / "incomplete.keras",
                                custom_objects={"IncompleteConfigModel": IncompleteConfigModel})


class ResizableModel(NoConfigModel):
    def __init__(self, units=4, **kwargs):
        super().__init__(units=units, **kwargs)
        self.units = units

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_failed_restore_never_lets_a_subclassed_model_run(tmp_path):
    model = ResizableModel(units=3)
    model(np.ones((2, 4), np.float32))
    model.save(tmp_path / "r.keras")
    loaded = keras.models.load_model(tmp_path / "r.keras",
                                     custom_objects={"ResizableModel": ResizableModel})
    wrong = np.ones((2, 6), np.float32)  # another input width: the saved kernel cannot fit
    for _ in range(2):  # every later call fails too, instead of running unloaded weights
        with pytest.raises(ValueError, match=r"expects shape \(6, 3\), but the file holds "
                                             r"shape \(4, 3\)"):
            loaded.predict(wrong, verbose=0)
        assert not loaded.built
