"""Precision, Recall, the confusion counts and AUC against scikit-learn and hand computations."""

import json

import numpy as np
import pytest
from sklearn.metrics import (
    average_precision_score,
    confusion_matrix,
    precision_score,
    recall_score,
    roc_auc_score,
)

from ember.keras import metrics


@pytest.fixture
def scored():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 2, 3000)
    scores = 1 / (1 + np.exp(-(rng.normal(size=3000) + 1.0 * (2 * labels - 1))))
    return labels, scores, rng.uniform(0, 2, 3000)


def _stream(metric, labels, scores, sample_weight=None, batch=256):
    metric.reset_state()
    for start in range(0, len(labels), batch):
        part = slice(start, start + batch)
        weight = None if sample_weight is None else sample_weight[part]
        metric.update_state(labels[part], scores[part], sample_weight=weight)
    return metric.result().numpy()


@pytest.mark.parametrize("threshold", [None, 0.3, 0.72])
def test_precision_and_recall_match_scikit_learn(scored, threshold):
    labels, scores, weights = scored
    predicted = scores > (0.5 if threshold is None else threshold)
    for cls, reference in ((metrics.Precision, precision_score), (metrics.Recall, recall_score)):
        metric = cls(thresholds=threshold)
        assert float(metric(labels, scores)) == pytest.approx(reference(labels, predicted),
                                                              rel=1e-6)
        expected = reference(labels, predicted, sample_weight=weights)
        assert _stream(metric, labels, scores, weights) == pytest.approx(expected, rel=1e-5)
        assert _stream(metric, labels[:, None], scores) == pytest.approx(
            reference(labels, predicted), rel=1e-6)


def test_confusion_counts_match_scikit_learn(scored):
    labels, scores, weights = scored
    (tn, fp), (fn, tp) = confusion_matrix(labels, scores > 0.5, sample_weight=weights)
    for cls, expected in ((metrics.TruePositives, tp), (metrics.FalsePositives, fp),
                          (metrics.TrueNegatives, tn), (metrics.FalseNegatives, fn)):
        assert _stream(cls(), labels, scores, weights) == pytest.approx(expected, rel=1e-5)


def test_several_thresholds_in_the_order_given(scored):
    labels, scores, _ = scored
    thresholds = [0.7, 0.2, 0.5]
    got = metrics.Precision(thresholds=thresholds)(labels, scores).numpy()
    expected = [precision_score(labels, scores > t) for t in thresholds]
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    counts = metrics.TruePositives(thresholds=thresholds)(labels, scores).numpy()
    np.testing.assert_array_equal(counts, [np.sum(labels & (scores > t)) for t in thresholds])


def test_predictions_equal_to_the_threshold_are_negative():
    assert float(metrics.Precision(thresholds=0.5)([1, 0, 1], [0.5, 0.5, 0.6])) == 1.0
    assert float(metrics.Recall(thresholds=0.5)([1, 0, 1], [0.5, 0.5, 0.6])) == 0.5


def test_books_precision_example():
    precision = metrics.Precision()
    assert float(precision([0, 1, 1, 1, 0, 1, 0, 1], [1, 1, 0, 1, 0, 1, 0, 1])) == (
        pytest.approx(0.8))
    assert float(precision([0, 1, 0, 0, 1, 0, 1, 1], [1, 0, 1, 1, 0, 0, 0, 0])) == (
        pytest.approx(0.5))
    assert [v.name for v in precision.variables] == ["true_positives:0", "false_positives:0"]
    np.testing.assert_array_equal([v.numpy() for v in precision.variables], [[4.0], [4.0]])


def test_top_k_and_class_id():
    rng = np.random.default_rng(1)
    y_true = (rng.uniform(size=(50, 5)) < 0.4).astype(int)
    scores = rng.uniform(size=(50, 5))
    top2 = np.argsort(-scores, axis=1)[:, :2]
    chosen = np.zeros_like(y_true, dtype=bool)
    np.put_along_axis(chosen, top2, True, axis=1)
    expected = np.sum(chosen & (y_true == 1)) / chosen.sum()
    assert float(metrics.Precision(top_k=2)(y_true, scores)) == pytest.approx(expected)
    expected_recall = np.sum(chosen & (y_true == 1)) / y_true.sum()
    assert float(metrics.Recall(top_k=2)(y_true, scores)) == pytest.approx(expected_recall)
    column = recall_score(y_true[:, 3], scores[:, 3] > 0.5)
    assert float(metrics.Recall(class_id=3)(y_true, scores)) == pytest.approx(column)
    both = np.sum(chosen[:, 3] & (y_true[:, 3] == 1)) / chosen[:, 3].sum()
    assert float(metrics.Precision(top_k=2, class_id=3)(y_true, scores)) == pytest.approx(both)


def test_confusion_metric_errors():
    with pytest.raises(ValueError, match=r"Threshold values must be in \[0, 1\]"):
        metrics.Precision(thresholds=[0.5, 1.2])
    with pytest.raises(ValueError, match="class_id=7"):
        metrics.Recall(class_id=7).update_state(np.eye(3), np.eye(3))
    with pytest.raises(ValueError, match=r"y_true.shape=\(3,\), y_pred.shape=\(2,\)"):
        metrics.Precision().update_state([1, 0, 1], [0.2, 0.9])


# -- AUC ----------------------------------------------------------------------------------------


def test_roc_auc_matches_scikit_learn(scored):
    labels, scores, weights = scored
    auc = metrics.AUC()
    assert float(auc(labels, scores)) == pytest.approx(roc_auc_score(labels, scores), abs=1e-3)
    weighted = roc_auc_score(labels, scores, sample_weight=weights)
    assert _stream(auc, labels, scores, weights) == pytest.approx(weighted, abs=1e-3)
    fine = metrics.AUC(num_thresholds=2000)
    assert float(fine(labels, scores)) == pytest.approx(roc_auc_score(labels, scores), abs=2e-4)


def test_pr_auc_is_close_to_average_precision(scored):
    labels, scores, _ = scored
    pr = metrics.AUC(curve="PR", num_thresholds=1000)
    assert float(pr(labels, scores)) == pytest.approx(average_precision_score(labels, scores),
                                                      abs=2e-3)


# Five samples, thresholds [-eps, 0.25, 0.5, 0.75, 1 + eps]: by hand, tp = [3, 3, 1, 1, 0],
# fp = [2, 1, 1, 0, 0], so recall = [1, 1, 1/3, 1/3, 0], fp rate = [1, .5, .5, 0, 0] and
# precision = [.6, .75, .5, 1, 0].
TINY = ([0, 1, 1, 0, 1], [0.1, 0.4, 0.8, 0.6, 0.3])
HAND = {
    # trapezoids: (1 - .5)(1 + 1)/2 + (.5 - 0)(1/3 + 1/3)/2
    ("ROC", "interpolation"): 2 / 3,
    ("ROC", "minoring"): 2 / 3,
    ("ROC", "majoring"): 2 / 3,
    # Davis-Goadrich: slope 1 on (t1, t2) with intercept -1 and P ratio 4/2, slope 1 on
    # (t3, t4) with intercept 0: [(2 - ln 2) + 1] / 3
    ("PR", "interpolation"): (3 - np.log(2)) / 3,
    ("PR", "minoring"): (2 / 3) * 0.5 + (1 / 3) * 0.0,
    ("PR", "majoring"): (2 / 3) * 0.75 + (1 / 3) * 1.0,
}


@pytest.mark.parametrize("curve, summation", sorted(HAND))
def test_auc_by_hand_on_tiny_data(curve, summation):
    auc = metrics.AUC(num_thresholds=5, curve=curve, summation_method=summation)
    auc.update_state(*TINY)
    np.testing.assert_allclose(auc.true_positives.numpy(), [3, 3, 1, 1, 0])
    np.testing.assert_allclose(auc.false_positives.numpy(), [2, 1, 1, 0, 0])
    np.testing.assert_allclose(auc.true_negatives.numpy(), [0, 1, 1, 2, 2])
    np.testing.assert_allclose(auc.false_negatives.numpy(), [0, 0, 2, 2, 3])
    assert float(auc.result()) == pytest.approx(HAND[curve, summation], rel=1e-6)


def test_auc_keras_documented_values():
    m = metrics.AUC(num_thresholds=3)
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    assert float(m.result()) == pytest.approx(0.75)
    m.reset_state()
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], sample_weight=[1, 0, 0, 1])
    assert float(m.result()) == pytest.approx(1.0)
    assert m.thresholds[0] < 0 and m.thresholds[-1] > 1 and len(m.thresholds) == 3


def test_auc_explicit_thresholds_and_logits(scored):
    labels, scores, _ = scored
    explicit = metrics.AUC(thresholds=[0.25, 0.5, 0.75])
    even = metrics.AUC(num_thresholds=5)
    assert float(explicit(labels, scores)) == pytest.approx(float(even(labels, scores)))
    logits = np.log(scores / (1 - scores))
    assert float(metrics.AUC(from_logits=True)(labels, logits)) == pytest.approx(
        float(metrics.AUC()(labels, scores)), abs=1e-6)


def test_multi_label_auc_averages_label_aucs():
    rng = np.random.default_rng(2)
    y_true = (rng.uniform(size=(2000, 3)) < [0.2, 0.5, 0.7]).astype(int)
    scores = 1 / (1 + np.exp(-(rng.normal(size=(2000, 3)) + (2 * y_true - 1) * [0.5, 1, 2])))
    per_label = [roc_auc_score(y_true[:, i], scores[:, i]) for i in range(3)]
    auc = metrics.AUC(multi_label=True)
    assert float(auc(y_true, scores)) == pytest.approx(np.mean(per_label), abs=2e-3)
    assert auc.true_positives.shape == (200, 3)
    weighted = metrics.AUC(multi_label=True, num_labels=3, label_weights=[1, 0, 3])
    assert float(weighted(y_true, scores)) == pytest.approx(
        (per_label[0] + 3 * per_label[2]) / 4, abs=2e-3)
    flat = metrics.AUC()
    assert float(flat(y_true, scores)) == pytest.approx(
        roc_auc_score(y_true.ravel(), scores.ravel()), abs=2e-3)
    with pytest.raises(ValueError, match="rank 2"):
        metrics.AUC(multi_label=True).update_state([0, 1], [0.2, 0.6])


def test_auc_label_weights_without_multi_label_weigh_the_counts():
    y_true = np.array([[1, 0], [0, 1], [1, 1]])
    scores = np.array([[0.8, 0.3], [0.4, 0.9], [0.6, 0.2]])
    weighted = metrics.AUC(num_thresholds=11, label_weights=[2.0, 0.0])
    first_column = metrics.AUC(num_thresholds=11)
    assert float(weighted(y_true, scores)) == pytest.approx(
        float(first_column(y_true[:, 0], scores[:, 0])))


def test_auc_arguments_are_checked():
    with pytest.raises(ValueError, match="num_thresholds=1"):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="Invalid AUC curve"):
        metrics.AUC(curve="DET")
    with pytest.raises(ValueError, match="summation method"):
        metrics.AUC(summation_method="simpson")
    with pytest.raises(ValueError, match="num_labels"):
        metrics.AUC(num_labels=3)


@pytest.mark.parametrize("metric", [
    metrics.AUC(curve="PR", summation_method="minoring", num_thresholds=50, from_logits=True),
    metrics.AUC(thresholds=[0.1, 0.6], multi_label=True, num_labels=2, label_weights=[1, 2]),
    metrics.Precision(thresholds=[0.3, 0.6], top_k=2, class_id=1, name="p"),
    metrics.Recall(thresholds=0.4),
    metrics.TruePositives(thresholds=[0.2]),
    metrics.FalseNegatives(),
], ids=lambda m: type(m).__name__)
def test_confusion_metric_configs_round_trip(metric):
    config = json.loads(json.dumps(metrics.serialize(metric)))
    rebuilt = metrics.deserialize(config)
    assert type(rebuilt) is type(metric)
    assert rebuilt.get_config() == metric.get_config()
