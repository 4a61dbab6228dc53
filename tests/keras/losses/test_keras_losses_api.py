"""Loss objects: reductions, sample weights, shape standardization, dtypes, configs, get()."""

import json

import numpy as np
import pytest

import ember as tf
from ember.keras import losses

ALL_CLASSES = [
    (losses.MeanSquaredError, {}),
    (losses.MeanAbsoluteError, {}),
    (losses.MeanAbsolutePercentageError, {}),
    (losses.MeanSquaredLogarithmicError, {}),
    (losses.Huber, {"delta": 2.5}),
    (losses.LogCosh, {}),
    (losses.BinaryCrossentropy, {"from_logits": True, "label_smoothing": 0.1, "axis": -1}),
    (losses.CategoricalCrossentropy, {"from_logits": True, "label_smoothing": 0.2}),
    (losses.SparseCategoricalCrossentropy, {"from_logits": True, "ignore_class": 255}),
    (losses.KLDivergence, {}),
    (losses.Poisson, {}),
    (losses.Hinge, {}),
    (losses.SquaredHinge, {}),
    (losses.CategoricalHinge, {}),
    (losses.CosineSimilarity, {"axis": 0}),
]
ELEMENTWISE = [
    losses.mean_squared_error, losses.mean_absolute_error, losses.mean_absolute_percentage_error,
    losses.mean_squared_logarithmic_error, losses.huber, losses.log_cosh,
    losses.binary_crossentropy, losses.kl_divergence, losses.poisson, losses.hinge,
    losses.squared_hinge,
]


@pytest.fixture
def batch():
    rng = np.random.default_rng(0)
    return rng.uniform(0.1, 0.9, (5, 3)), rng.uniform(0.1, 0.9, (5, 3)), rng.uniform(0, 2, 5)


@pytest.mark.parametrize("reduction, reduce", [
    ("sum_over_batch_size", np.mean), ("mean", np.mean), ("auto", np.mean), ("sum", np.sum),
    ("none", None), (None, None),
])
def test_reductions(batch, reduction, reduce):
    t, p, _ = batch
    values = losses.mean_squared_error(t, p).numpy()
    got = losses.MeanSquaredError(reduction=reduction)(t, p).numpy()
    np.testing.assert_allclose(got, values if reduce is None else reduce(values), rtol=1e-12)


def test_sample_weights_weigh_samples(batch):
    t, p, w = batch
    values = losses.mean_squared_error(t, p).numpy()
    for reduction, expected in [
        ("sum_over_batch_size", np.mean(values * w)),
        ("sum", np.sum(values * w)),
        ("mean_with_sample_weight", np.sum(values * w) / np.sum(w)),
        ("none", values * w),
    ]:
        loss = losses.MeanSquaredError(reduction=reduction)
        np.testing.assert_allclose(loss(t, p, sample_weight=w).numpy(), expected, rtol=1e-12)
        column = loss(t, p, sample_weight=w[:, None]).numpy()  # "none": (n, 1), as in Keras
        np.testing.assert_allclose(column.reshape(np.shape(expected)), expected, rtol=1e-12)
    loss = losses.MeanSquaredError()
    assert float(loss(t, p, sample_weight=2.0)) == pytest.approx(2 * values.mean(), rel=1e-12)
    assert float(loss(t, p, sample_weight=tf.constant(w))) == pytest.approx(
        np.mean(values * w), rel=1e-12)


def test_per_sample_weights_spread_over_elementwise_values(batch):
    t, p, w = batch
    elementwise = losses.LossFunctionWrapper(lambda a, b: tf.square(a - b), reduction="none")
    got = elementwise(t, p, sample_weight=w).numpy()
    np.testing.assert_allclose(got, (t - p) ** 2 * w[:, None], rtol=1e-12)


def test_incompatible_sample_weight_is_an_error(batch):
    t, p, _ = batch
    with pytest.raises(ValueError, match=r"sample_weight.shape=\(4,\)"):
        losses.MeanSquaredError()(t, p, sample_weight=np.ones(4))


def test_invalid_reduction_names_the_argument():
    with pytest.raises(ValueError, match="reduction='mean_of_squares'"):
        losses.MeanSquaredError(reduction="mean_of_squares")
    assert losses.Reduction.SUM == "sum" and losses.Reduction.AUTO == "auto"
    assert losses.MeanSquaredError(reduction=losses.Reduction.AUTO).reduction == (
        "sum_over_batch_size"
    )


@pytest.mark.parametrize("fn", ELEMENTWISE, ids=lambda f: f.__name__)
def test_column_target_never_broadcasts_against_a_column_prediction(fn):
    rng = np.random.default_rng(1)
    t = rng.integers(0, 2, 7).astype(float)
    p = rng.uniform(0.1, 0.9, (7, 1))
    flat = fn(t, p)
    assert flat.shape == (7,)
    np.testing.assert_allclose(flat.numpy(), fn(t[:, None], p).numpy())
    np.testing.assert_allclose(fn(t[:, None], p[:, 0]).numpy(), flat.numpy())


@pytest.mark.parametrize("cls, kwargs", ALL_CLASSES[:8], ids=lambda c: getattr(c, "__name__", ""))
def test_loss_objects_standardize_a_column_target(cls, kwargs):
    rng = np.random.default_rng(2)
    t = rng.integers(0, 2, 6).astype(float)
    p = rng.uniform(0.1, 0.9, (6, 1))
    loss = cls(**kwargs) if cls is not losses.CategoricalCrossentropy else cls()
    if cls is losses.CategoricalCrossentropy:
        with pytest.warns(UserWarning, match="num_classes > 1"):
            assert float(loss(t, p)) == pytest.approx(float(loss(t[:, None], p)))
        return
    assert float(loss(t, p)) == pytest.approx(float(loss(t[:, None], p)), rel=1e-12)


def test_mismatched_shapes_raise_and_name_both():
    with pytest.raises(ValueError, match=r"y_true.shape=\(5,\), y_pred.shape=\(4, 1\)"):
        losses.mean_squared_error(np.zeros(5), np.zeros((4, 1)))
    with pytest.raises(ValueError, match=r"y_true.shape=\(4, 1\), y_pred.shape=\(4, 3\)"):
        losses.MeanSquaredError()(np.zeros((4, 1)), np.zeros((4, 3)))
    with pytest.raises(ValueError, match="shape of y_pred without"):
        losses.sparse_categorical_crossentropy(np.zeros(5), np.full((4, 3), 1 / 3))
    with pytest.raises(ValueError, match=r"in \[0, 3\)"):
        losses.sparse_categorical_crossentropy([0, 3], np.full((2, 3), 1 / 3))


def test_custom_loss_without_call_is_reported():
    class Incomplete(losses.Loss):
        pass

    with pytest.raises(NotImplementedError, match="Incomplete must implement call"):
        Incomplete()([1.0], [1.0])


def test_dtypes_follow_y_pred_and_the_dtype_argument(batch):
    t, p, _ = batch
    assert losses.MeanSquaredError()(t, p.astype(np.float32)).dtype == np.float32
    assert losses.mean_squared_error(t.astype(np.float32), p).dtype == np.float64
    assert losses.MeanSquaredError(dtype="float64")(t, p.astype(np.float32)).dtype == np.float64
    assert losses.MeanSquaredError().dtype == "float32"
    assert losses.mse([[1, 2]], [[1, 4]]).dtype == np.float32  # integers compute in floatx
    scce = losses.SparseCategoricalCrossentropy()
    assert float(scce(np.array([[1.0], [0.0]]), [[0.2, 0.8], [0.6, 0.4]])) == pytest.approx(
        -np.mean(np.log([0.8, 0.6])), rel=1e-6)


@pytest.mark.parametrize("cls, kwargs", ALL_CLASSES, ids=lambda c: getattr(c, "__name__", ""))
def test_config_round_trip(cls, kwargs):
    loss = cls(**kwargs, reduction="sum", name="my_loss")
    config = loss.get_config()
    assert config["name"] == "my_loss" and config["reduction"] == "sum"
    for key, value in kwargs.items():
        assert config[key] == value
    rebuilt = cls.from_config(json.loads(json.dumps(config)))
    assert rebuilt.get_config() == config
    again = losses.deserialize(json.loads(json.dumps(losses.serialize(loss))))
    assert type(again) is cls and again.get_config() == config


def test_default_names_are_keras_names():
    names = {cls: cls().name for cls, _ in ALL_CLASSES}
    assert names[losses.Huber] == "huber_loss"
    assert names[losses.LogCosh] == "log_cosh"
    assert names[losses.KLDivergence] == "kl_divergence"
    assert names[losses.SparseCategoricalCrossentropy] == "sparse_categorical_crossentropy"


def test_get_resolves_names_configs_and_callables():
    assert losses.get("mse") is losses.mean_squared_error
    assert losses.get("mae") is losses.mean_absolute_error
    assert losses.get("sparse_categorical_crossentropy") is losses.sparse_categorical_crossentropy
    assert losses.get("kullback_leibler_divergence") is losses.kl_divergence
    assert isinstance(losses.get("Huber"), losses.Huber)
    assert losses.get(None) is None
    config = {"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}}
    assert losses.get(config).from_logits is True

    def my_loss(y_true, y_pred):
        return tf.square(y_true - y_pred)

    assert losses.get(my_loss) is my_loss
    with pytest.raises(ValueError, match="Unknown loss: 'squared_errors'"):
        losses.get("squared_errors")
    assert losses.serialize(losses.mse) == "mean_squared_error"
    assert losses.deserialize("mse") is losses.mean_squared_error


class HuberLoss(losses.Loss):
    """Hands-On ML's custom loss (chapter 12)."""

    def __init__(self, threshold=1.0, **kwargs):
        self.threshold = threshold
        super().__init__(**kwargs)

    def call(self, y_true, y_pred):
        error = y_true - y_pred
        is_small_error = tf.abs(error) < self.threshold
        squared_loss = tf.square(error) / 2
        linear_loss = self.threshold * tf.abs(error) - self.threshold**2 / 2
        return tf.where(is_small_error, squared_loss, linear_loss)

    def get_config(self):
        base_config = super().get_config()
        return {**base_config, "threshold": self.threshold}


def test_books_custom_loss_subclass(batch):
    rng = np.random.default_rng(3)
    t, p = rng.normal(size=8) * 3, rng.normal(size=(8, 1)) * 3
    custom = HuberLoss(2.0)
    assert custom.name == "huber_loss"
    assert float(custom(t, p)) == pytest.approx(float(losses.Huber(delta=2.0)(t, p)), rel=1e-12)
    config = losses.serialize(custom)
    rebuilt = losses.deserialize(config, custom_objects={"HuberLoss": HuberLoss})
    assert isinstance(rebuilt, HuberLoss) and rebuilt.threshold == 2.0


def test_loss_function_wrapper_passes_arguments_and_serializes():
    def scaled_error(y_true, y_pred, scale=1.0):
        return scale * tf.reduce_mean(tf.abs(y_true - y_pred), axis=-1)

    loss = losses.LossFunctionWrapper(scaled_error, scale=3.0)
    assert loss.name == "scaled_error"
    assert float(loss([[0.0, 2.0]], [[1.0, 1.0]])) == pytest.approx(3.0)
    config = losses.serialize(loss)
    assert config["config"]["fn"] == "scaled_error" and config["config"]["scale"] == 3.0
    rebuilt = losses.deserialize(config, custom_objects={"scaled_error": scaled_error})
    assert rebuilt.fn is scaled_error and rebuilt._fn_kwargs == {"scale": 3.0}
    builtin = losses.LossFunctionWrapper(losses.huber, delta=0.5)
    assert losses.deserialize(losses.serialize(builtin)).fn is losses.huber


def test_categorical_crossentropy_warns_for_a_single_class():
    with pytest.warns(UserWarning, match="binary_crossentropy"):
        losses.categorical_crossentropy([[1.0]], [[0.7]])


def test_invalid_arguments_are_reported():
    with pytest.raises(ValueError, match="label_smoothing=1.5"):
        losses.BinaryCrossentropy(label_smoothing=1.5)
    with pytest.raises(ValueError, match="delta=-1"):
        losses.Huber(delta=-1)
    with pytest.raises(ValueError, match="axis"):
        losses.categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]], axis=True)
    with pytest.raises(TypeError, match="class indices"):
        losses.sparse_categorical_crossentropy(np.array(["a"]), [[0.5, 0.5]])


def test_empty_batch_reduces_to_zero():
    out = losses.MeanSquaredError()(np.zeros((0, 2)), np.zeros((0, 2)))
    assert out.shape == (0,) or float(out) == 0.0
    out = losses.LossFunctionWrapper(lambda a, b: tf.square(a - b))(np.zeros((0, 2)),
                                                                     np.zeros((0, 2)))
    assert float(out) == 0.0
