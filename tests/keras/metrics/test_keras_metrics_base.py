"""Metric base class, Mean/Sum, MeanMetricWrapper, regression metrics, configs and get()."""

import json

import numpy as np
import pytest
from sklearn.metrics import (
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
)

import ember as tf
from ember.keras import losses, metrics


def test_mean_and_sum_keras_examples():
    m = metrics.Mean()
    m.update_state([1, 3, 5, 7])
    assert float(m.result()) == 4.0
    m.reset_state()
    m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    assert float(m.result()) == 2.0
    s = metrics.Sum()
    s.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    assert float(s.result()) == 4.0
    assert metrics.Mean().result().dtype == np.float32
    assert float(metrics.Mean().result()) == 0.0  # nothing seen yet


def test_mean_streams_scalars_and_arrays():
    m = metrics.Mean(dtype="float64")
    for loss in (0.5, 1.5, tf.constant(4.0)):
        m(loss)
    assert float(m.result()) == pytest.approx(2.0)
    m.reset_state()
    values = np.arange(12.0).reshape(4, 3)
    m.update_state(values)
    assert float(m.result()) == pytest.approx(values.mean())
    assert float(m.count.numpy()) == 4
    m.reset_state()
    m.update_state(values, sample_weight=[[1, 0, 0]] * 4)  # weights per element
    assert float(m.result()) == pytest.approx(values[:, 0].mean())


def test_streaming_equals_one_batch_for_every_mean_metric():
    rng = np.random.default_rng(0)
    t, p = rng.uniform(0.5, 2, (100, 3)), rng.uniform(0.5, 2, (100, 3))
    w = rng.uniform(0, 2, 100)
    for cls in (metrics.MeanSquaredError, metrics.RootMeanSquaredError, metrics.MeanAbsoluteError,
                metrics.MeanAbsolutePercentageError, metrics.MeanSquaredLogarithmicError,
                metrics.LogCoshError, metrics.CosineSimilarity, metrics.Poisson,
                metrics.KLDivergence, metrics.Hinge, metrics.SquaredHinge):
        whole = cls(dtype="float64")
        whole.update_state(t, p, sample_weight=w)
        parts = cls(dtype="float64")
        for start in (0, 13, 60):
            stop = {0: 13, 13: 60, 60: 100}[start]
            parts.update_state(t[start:stop], p[start:stop], sample_weight=w[start:stop])
        assert float(parts.result()) == pytest.approx(float(whole.result()), rel=1e-12), cls


def test_regression_metrics_match_scikit_learn():
    rng = np.random.default_rng(1)
    t, p = rng.uniform(1, 3, 80), rng.uniform(1, 3, 80)
    w = rng.uniform(0, 1, 80)
    column_t = t[:, None]
    checks = [
        (metrics.MeanSquaredError(), mean_squared_error(t, p, sample_weight=w)),
        (metrics.RootMeanSquaredError(), np.sqrt(mean_squared_error(t, p, sample_weight=w))),
        (metrics.MeanAbsoluteError(), mean_absolute_error(t, p, sample_weight=w)),
        (metrics.MeanAbsolutePercentageError(),
         100 * mean_absolute_percentage_error(t, p, sample_weight=w)),
    ]
    for metric, expected in checks:
        metric.update_state(column_t, p, sample_weight=w)  # (n, 1) against (n,)
        assert float(metric.result()) == pytest.approx(expected, rel=1e-5), metric.name


def test_cosine_similarity_metric_is_the_negated_loss():
    y_true, y_pred = [[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]]
    assert float(metrics.CosineSimilarity()(y_true, y_pred)) == pytest.approx(0.5)
    np.testing.assert_allclose(metrics.cosine_similarity(y_true, y_pred).numpy(), [0.0, 1.0],
                               atol=1e-6)


def test_probabilistic_and_hinge_metrics_average_the_losses():
    rng = np.random.default_rng(2)
    labels = rng.integers(0, 4, 30)
    probs = rng.dirichlet(np.ones(4), 30)
    onehot = np.eye(4)[labels]
    pairs = [
        (metrics.SparseCategoricalCrossentropy(), labels, probs,
         losses.sparse_categorical_crossentropy(labels, probs)),
        (metrics.CategoricalCrossentropy(label_smoothing=0.1), onehot, probs,
         losses.categorical_crossentropy(onehot, probs, label_smoothing=0.1)),
        (metrics.BinaryCrossentropy(), onehot, probs, losses.binary_crossentropy(onehot, probs)),
        (metrics.CategoricalHinge(), onehot, probs, losses.categorical_hinge(onehot, probs)),
    ]
    for metric, y_true, y_pred, values in pairs:
        assert float(metric(y_true, y_pred)) == pytest.approx(float(np.mean(values)), rel=1e-6)


def test_mean_metric_wrapper_matches_the_keras_formula_and_weights():
    def absolute_error(y_true, y_pred):
        return tf.abs(y_true - y_pred)

    m = metrics.MeanMetricWrapper(absolute_error)
    assert m.name == "absolute_error"
    y_true = np.array([1.0, 2.0, 3.0, 4.0])  # (n,) against (n, 1): never (n, n)
    y_pred = np.array([[1.5], [2.0], [2.0], [6.0]])
    m.update_state(y_true, y_pred, sample_weight=[1, 1, 2, 0])
    assert float(m.result()) == pytest.approx((0.5 + 0 + 2 * 1) / 4)
    assert m.dtype == "float32" and m.result().dtype == np.float32


class HuberMetric(metrics.Metric):
    """Hands-On ML's streaming metric (chapter 12), with Keras 2's add_weight(name, ...)."""

    def __init__(self, threshold=1.0, **kwargs):
        super().__init__(**kwargs)
        self.threshold = threshold
        self.total = self.add_weight("total", initializer="zeros")
        self.count = self.add_weight("count", initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        metric = losses.huber(y_true, y_pred, delta=self.threshold) * tf.cast(
            tf.shape(y_pred)[-1], tf.float32)
        self.total.assign_add(tf.reduce_sum(metric))
        self.count.assign_add(tf.cast(tf.size(y_true), tf.float32))

    def result(self):
        return self.total / self.count

    def get_config(self):
        base_config = super().get_config()
        return {**base_config, "threshold": self.threshold}


class RootMeanSquaredErrorDLwP(metrics.Metric):
    """Deep Learning with Python's custom metric (chapter 7), with an int32 counter."""

    def __init__(self, name="rmse", **kwargs):
        super().__init__(name=name, **kwargs)
        self.mse_sum = self.add_weight(name="mse_sum", initializer="zeros")
        self.total_samples = self.add_weight(name="total_samples", initializer="zeros",
                                             dtype="int32")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = tf.one_hot(y_true, depth=tf.shape(y_pred)[1])
        mse = tf.reduce_sum(tf.square(y_true - y_pred))
        self.mse_sum.assign_add(mse)
        num_samples = tf.shape(y_pred)[0]
        self.total_samples.assign_add(num_samples)

    def result(self):
        return tf.sqrt(self.mse_sum / tf.cast(self.total_samples, tf.float32))

    def reset_state(self):
        self.mse_sum.assign(0.0)
        self.total_samples.assign(0)


def test_books_custom_metrics():
    huber = HuberMetric(2.0)
    y_true = np.array([[1.0], [2.0], [8.0]], np.float32)
    y_pred = np.array([[1.5], [2.5], [2.0]], np.float32)
    huber(y_true, y_pred)
    expected = np.mean([0.125, 0.125, 2 * 6 - 2])
    assert float(huber.result()) == pytest.approx(expected)
    assert [v.name for v in huber.variables] == ["total:0", "count:0"]
    huber.reset_states()
    assert float(huber.count.numpy()) == 0
    config = metrics.serialize(huber)
    rebuilt = metrics.deserialize(config, custom_objects={"HuberMetric": HuberMetric})
    assert rebuilt.threshold == 2.0
    rmse = RootMeanSquaredErrorDLwP()
    labels = np.array([0, 2])
    probs = np.array([[0.8, 0.1, 0.1], [0.2, 0.2, 0.6]], np.float32)
    rmse.update_state(labels, probs)
    assert float(rmse.result()) == pytest.approx(np.sqrt((0.06 + 0.24) / 2), rel=1e-6)
    assert rmse.total_samples.dtype == np.int32


def test_add_variable_keras_3_form_and_tracking():
    class Counter(metrics.Metric):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.hits = self.add_variable(shape=(3,), initializer="ones", name="hits")
            self.inner = metrics.Mean(name="inner")
            self.extra = tf.Variable(0.0, trainable=False)

        def update_state(self, values):
            self.inner.update_state(values)

        def result(self):
            return self.inner.result()

    counter = Counter(name="counter", dtype="float64")
    assert counter.hits.dtype == np.float64 and counter.hits.trainable is False
    np.testing.assert_array_equal(counter.hits.numpy(), [1, 1, 1])
    assert len(counter.variables) == 4  # hits, extra, then the inner mean's total and count
    counter.update_state([2.0, 4.0])
    counter.reset_state()
    assert all(float(np.sum(v.numpy())) == 0 for v in counter.variables)
    assert repr(counter) == "<Counter name=counter>"


def test_forgetting_super_init_is_reported():
    class Broken(metrics.Metric):
        def __init__(self):
            self.total = self.add_variable((), "zeros", name="total")

    with pytest.raises(RuntimeError, match="super"):
        Broken()


def test_unimplemented_methods_are_reported():
    with pytest.raises(NotImplementedError, match="update_state"):
        metrics.Metric()([1.0])


ALL_METRICS = [
    metrics.Mean(name="m"), metrics.Sum(dtype="float64"),
    metrics.MeanSquaredError(), metrics.RootMeanSquaredError(), metrics.MeanAbsoluteError(),
    metrics.MeanAbsolutePercentageError(), metrics.MeanSquaredLogarithmicError(),
    metrics.LogCoshError(), metrics.CosineSimilarity(axis=0),
    metrics.Accuracy(), metrics.BinaryAccuracy(threshold=0.3), metrics.CategoricalAccuracy(),
    metrics.SparseCategoricalAccuracy(), metrics.TopKCategoricalAccuracy(k=3),
    metrics.SparseTopKCategoricalAccuracy(k=2),
    metrics.BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
    metrics.CategoricalCrossentropy(axis=-1), metrics.SparseCategoricalCrossentropy(),
    metrics.KLDivergence(), metrics.Poisson(), metrics.Hinge(), metrics.SquaredHinge(),
    metrics.CategoricalHinge(), metrics.AUC(), metrics.Precision(), metrics.Recall(),
    metrics.MeanMetricWrapper(losses.huber, delta=2.0),
    metrics.MeanMetricWrapper(metrics.binary_accuracy, name="acc", threshold=0.7),
]


@pytest.mark.parametrize("metric", ALL_METRICS, ids=lambda m: type(m).__name__)
def test_config_round_trip(metric):
    config = json.loads(json.dumps(metrics.serialize(metric)))
    rebuilt = metrics.deserialize(config)
    assert type(rebuilt) is type(metric)
    assert rebuilt.get_config() == metric.get_config()
    assert rebuilt.name == metric.name and rebuilt.dtype == metric.dtype
    assert type(metric).from_config(metric.get_config()).get_config() == metric.get_config()


def test_default_names_are_keras_names():
    assert metrics.AUC().name == "auc"
    assert metrics.Precision().name == "precision"
    assert metrics.LogCoshError().name == "logcosh"
    assert metrics.RootMeanSquaredError().name == "root_mean_squared_error"
    assert metrics.SparseTopKCategoricalAccuracy().name == "sparse_top_k_categorical_accuracy"


def test_get_resolves_names_aliases_configs_and_callables():
    assert isinstance(metrics.get("mse"), metrics.MeanSquaredError)
    assert isinstance(metrics.get("MAE"), metrics.MeanAbsoluteError)
    assert isinstance(metrics.get("AUC"), metrics.AUC)
    assert isinstance(metrics.get("auc"), metrics.AUC)
    assert isinstance(metrics.get("sparse_categorical_accuracy"),
                      metrics.SparseCategoricalAccuracy)
    assert isinstance(metrics.get("accuracy"), metrics.Accuracy)
    assert metrics.get(metrics.binary_accuracy) is metrics.binary_accuracy
    config = {"class_name": "Precision", "config": {"thresholds": [0.2, 0.8]}}
    assert metrics.get(config).thresholds == [0.2, 0.8]
    assert metrics.get(None) is None
    with pytest.raises(ValueError, match="Unknown metric: 'f7_score'"):
        metrics.get("f7_score")
    assert metrics.mse is losses.mean_squared_error and metrics.MAE is losses.mean_absolute_error


@pytest.mark.parametrize("module", [losses, metrics], ids=lambda m: m.__name__)
def test_every_exported_name_exists(module):
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing and len(set(module.__all__)) == len(module.__all__)


def test_add_variable_shapes_initializers_and_dtypes():
    metric = metrics.Mean()
    assert metric.add_variable(3, "ones").shape == (3,)
    assert metric.add_variable((2, 2), 0.5, dtype="float64").numpy().tolist() == [[0.5] * 2] * 2
    assert metric.add_weight(shape=(), initializer="zeros", name="k3").name == "k3:0"
    assert metric.add_weight("k2", initializer="zeros").name == "k2:0"
    custom = metric.add_variable((2,), lambda shape, dtype: np.full(shape, 7, dtype), name="c")
    np.testing.assert_array_equal(custom.numpy(), [7, 7])
    with pytest.raises(ValueError, match="initializer="):
        metric.add_variable((), object())
