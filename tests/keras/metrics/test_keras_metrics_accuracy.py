"""Accuracy metrics against scikit-learn, streaming, sample weights, shapes and resolution."""

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, top_k_accuracy_score

import ember as tf
from ember.keras import losses, metrics


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@pytest.fixture
def multiclass():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 6, 200)
    logits = rng.normal(size=(200, 6)) + 1.5 * np.eye(6)[labels]
    return labels, _softmax(logits).astype(np.float32), rng.uniform(0, 2, 200)


@pytest.fixture
def binary():
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 2, 150)
    scores = 1 / (1 + np.exp(-(rng.normal(size=150) + 1.2 * (2 * labels - 1))))
    return labels, scores, rng.uniform(0, 2, 150)


def _stream(metric, *arrays, batch=37, sample_weight=None):
    metric.reset_state()
    for start in range(0, len(arrays[0]), batch):
        part = slice(start, start + batch)
        weight = None if sample_weight is None else sample_weight[part]
        metric.update_state(*(a[part] for a in arrays), sample_weight=weight)
    return float(metric.result())


def test_sparse_categorical_accuracy_matches_scikit_learn(multiclass):
    labels, probs, weights = multiclass
    predicted = probs.argmax(axis=1)
    metric = metrics.SparseCategoricalAccuracy()
    expected = accuracy_score(labels, predicted)
    assert float(metric(labels, probs)) == pytest.approx(expected, rel=1e-6)
    assert _stream(metric, labels, probs) == pytest.approx(expected, rel=1e-6)
    assert _stream(metric, labels[:, None].astype(np.float32), probs) == pytest.approx(expected)
    weighted = accuracy_score(labels, predicted, sample_weight=weights)
    assert _stream(metric, labels, probs, sample_weight=weights) == pytest.approx(weighted,
                                                                                  rel=1e-5)


def test_categorical_accuracy_matches_scikit_learn(multiclass):
    labels, probs, weights = multiclass
    onehot = np.eye(6)[labels]
    expected = accuracy_score(labels, probs.argmax(axis=1), sample_weight=weights)
    metric = metrics.CategoricalAccuracy()
    assert _stream(metric, onehot, probs, sample_weight=weights) == pytest.approx(expected,
                                                                                 rel=1e-5)


def test_binary_accuracy_matches_scikit_learn(binary):
    labels, scores, weights = binary
    for threshold in (0.5, 0.3, 0.8):
        expected = accuracy_score(labels, scores > threshold, sample_weight=weights)
        metric = metrics.BinaryAccuracy(threshold=threshold)
        column = _stream(metric, labels[:, None], scores[:, None], sample_weight=weights)
        assert column == pytest.approx(expected, rel=1e-5)
        flat = _stream(metric, labels, scores[:, None], sample_weight=weights)  # (n,) vs (n, 1)
        assert flat == pytest.approx(expected, rel=1e-5)


def test_rank_one_inputs_count_every_sample(binary):
    labels, scores, _ = binary
    expected = accuracy_score(labels, scores > 0.5)
    assert _stream(metrics.BinaryAccuracy(), labels, scores, batch=40) == pytest.approx(expected)
    assert _stream(metrics.Accuracy(), labels, (scores > 0.5).astype(int), batch=40) == (
        pytest.approx(expected))


def test_multilabel_binary_accuracy_averages_each_sample():
    y_true = np.array([[1, 0, 1], [0, 0, 1]])
    y_pred = np.array([[0.9, 0.2, 0.3], [0.1, 0.7, 0.8]])
    np.testing.assert_allclose(metrics.binary_accuracy(y_true, y_pred).numpy(), [2 / 3, 2 / 3])


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_top_k_accuracy_matches_scikit_learn(multiclass, k):
    labels, probs, weights = multiclass
    expected = top_k_accuracy_score(labels, probs, k=k, labels=np.arange(6),
                                    sample_weight=weights)
    sparse = metrics.SparseTopKCategoricalAccuracy(k=k)
    assert _stream(sparse, labels, probs, sample_weight=weights) == pytest.approx(expected,
                                                                                 rel=1e-5)
    dense = metrics.TopKCategoricalAccuracy(k=k)
    assert _stream(dense, np.eye(6)[labels], probs, sample_weight=weights) == pytest.approx(
        expected, rel=1e-5)


def test_keras_documented_values():
    m = metrics.Accuracy()
    m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    assert float(m.result()) == 0.75
    m.reset_state()
    m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]], sample_weight=[1, 1, 0, 0])
    assert float(m.result()) == 0.5
    m = metrics.BinaryAccuracy()
    m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], sample_weight=[1, 0, 0, 1])
    assert float(m.result()) == 0.5
    m = metrics.SparseCategoricalAccuracy()
    m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]], sample_weight=[0.7, 0.3])
    assert float(m.result()) == pytest.approx(0.3)
    m = metrics.TopKCategoricalAccuracy(k=1)
    m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    assert float(m.result()) == 0.5


def test_reset_state_and_call():
    m = metrics.SparseCategoricalAccuracy()
    assert float(m([0, 1], [[0.9, 0.1], [0.8, 0.2]])) == 0.5
    assert float(m([1, 1], [[0.1, 0.9], [0.2, 0.8]])) == 0.75  # streams across calls
    m.reset_state()
    assert float(m.result()) == 0.0
    assert [float(v.numpy()) for v in m.variables] == [0.0, 0.0]
    m.reset_states()  # TensorFlow 2.0's name


def test_top_k_with_k_at_least_the_number_of_classes_is_always_right(multiclass):
    labels, probs, _ = multiclass
    assert float(metrics.SparseTopKCategoricalAccuracy(k=6)(labels, probs)) == 1.0


def test_top_k_counts_ties_at_the_kth_score():
    scores = np.array([[0.5, 0.2, 0.2, 0.1]])
    assert metrics.sparse_top_k_categorical_accuracy([2], scores, k=2).numpy()[0] == 1.0
    assert metrics.sparse_top_k_categorical_accuracy([3], scores, k=2).numpy()[0] == 0.0


def test_shape_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"y_true.shape=\(4, 3\)"):
        metrics.sparse_categorical_accuracy(np.zeros((4, 3)), np.zeros((4, 3)))
    with pytest.raises(ValueError, match="sparse_"):
        metrics.categorical_accuracy(np.zeros(4), np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"y_true.shape=\(3,\), y_pred.shape=\(4, 1\)"):
        metrics.BinaryAccuracy().update_state(np.zeros(3), np.zeros((4, 1)))
    with pytest.raises(ValueError, match=r"sample_weight.shape=\(3,\)"):
        metrics.SparseCategoricalAccuracy().update_state([0, 1], np.eye(2), sample_weight=[1, 2, 3])
    with pytest.raises(ValueError, match="threshold=1.5"):
        metrics.BinaryAccuracy(threshold=1.5)
    with pytest.raises(ValueError, match="k=0"):
        metrics.SparseTopKCategoricalAccuracy(k=0)


def test_accepts_tensors_without_recording(multiclass):
    labels, probs, _ = multiclass
    p = tf.Variable(probs)
    with tf.GradientTape() as tape:
        out = p * 1.0
        metric = metrics.SparseCategoricalAccuracy()
        metric.update_state(tf.constant(labels), out)
    assert tape.gradient(out, p) is not None
    assert float(metric.result()) == pytest.approx(accuracy_score(labels, probs.argmax(1)))


@pytest.mark.parametrize("loss, y_true_shape, y_pred_shape, expected", [
    ("sparse_categorical_crossentropy", (32,), (32, 10), metrics.SparseCategoricalAccuracy),
    (losses.SparseCategoricalCrossentropy(from_logits=True), (32, 1), (32, 10),
     metrics.SparseCategoricalAccuracy),
    ("categorical_crossentropy", (32, 10), (32, 10), metrics.CategoricalAccuracy),
    (losses.categorical_crossentropy, None, None, metrics.CategoricalAccuracy),
    ("binary_crossentropy", (32, 5), (32, 5), metrics.BinaryAccuracy),  # multi-label
    (losses.BinaryCrossentropy(), None, None, metrics.BinaryAccuracy),
    ("mse", (32,), (32, 1), metrics.BinaryAccuracy),
    (None, (32,), (32, 10), metrics.SparseCategoricalAccuracy),
    (None, (32, 1), (32, 10), metrics.SparseCategoricalAccuracy),
    (None, (32, 10), (32, 10), metrics.CategoricalAccuracy),
    (lambda y, p: p, (32,), (32,), metrics.BinaryAccuracy),
])
def test_resolve_accuracy_follows_the_loss_then_the_shapes(loss, y_true_shape, y_pred_shape,
                                                           expected):
    assert metrics.resolve_accuracy(loss, y_true_shape, y_pred_shape) is expected


def test_resolve_accuracy_needs_a_loss_or_shapes():
    with pytest.raises(ValueError, match="Cannot tell which accuracy"):
        metrics.resolve_accuracy("mse")
    assert metrics.resolve_crossentropy("sparse_categorical_crossentropy") is (
        metrics.SparseCategoricalCrossentropy)


def test_get_metric_names_metrics_as_keras_logs_them():
    acc = metrics.get_metric("acc", "sparse_categorical_crossentropy")
    assert isinstance(acc, metrics.SparseCategoricalAccuracy) and acc.name == "acc"
    assert metrics.get_metric("accuracy", None, (8, 1), (8, 1)).name == "accuracy"
    mse = metrics.get_metric("mse")
    assert isinstance(mse, metrics.MeanSquaredError) and mse.name == "mse"
    ce = metrics.get_metric("ce", "binary_crossentropy")
    assert isinstance(ce, metrics.BinaryCrossentropy) and ce.name == "ce"

    def huber_fn(y_true, y_pred):
        return losses.huber(y_true, y_pred, delta=2.0)

    wrapped = metrics.get_metric(huber_fn)
    assert isinstance(wrapped, metrics.MeanMetricWrapper) and wrapped.name == "huber_fn"
    auc = metrics.AUC()
    assert metrics.get_metric(auc) is auc
    assert metrics.get_metric(losses.Huber()).name == "huber_loss"
