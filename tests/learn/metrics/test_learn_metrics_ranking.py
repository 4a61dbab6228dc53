"""ROC and precision-recall curves and their areas against scikit-learn's."""

import time
import warnings

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn import metrics as sk  # noqa: E402
from sklearn.exceptions import UndefinedMetricWarning as SkUndefinedMetricWarning  # noqa: E402

from ember.learn import metrics  # noqa: E402

rng = np.random.default_rng(7)
N = 300
Y = rng.integers(0, 2, N)
SCORE = rng.normal(size=N) + Y
TIED = np.round(SCORE * 2) / 2  # many ties
WEIGHT = rng.uniform(0, 2, N)
WEIGHT[::17] = 0
Y_MC = rng.integers(0, 4, N)
PROBA_MC = rng.dirichlet(np.ones(4), N)
Y_ML = rng.integers(0, 2, (N, 3))
Y_ML[Y_ML.sum(1) == 0, 0] = 1  # every sample has a positive and a negative label
Y_ML[Y_ML.sum(1) == 3, 1] = 0
SCORE_ML = rng.normal(size=(N, 3)) + Y_ML


def close(ours, theirs):
    if isinstance(theirs, tuple):
        for a, b in zip(ours, theirs):
            close(a, b)
        return
    assert np.shape(ours) == np.shape(theirs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("score", [SCORE, TIED, np.float32(SCORE), (SCORE > 0).astype(int)],
                         ids=["distinct", "ties", "float32", "integer"])
@pytest.mark.parametrize("weight", [None, WEIGHT], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("drop", [True, False])
def test_curves(score, weight, drop):
    close(metrics.roc_curve(Y, score, sample_weight=weight, drop_intermediate=drop),
          sk.roc_curve(Y, score, sample_weight=weight, drop_intermediate=drop))
    close(metrics.precision_recall_curve(Y, score, sample_weight=weight, drop_intermediate=drop),
          sk.precision_recall_curve(Y, score, sample_weight=weight, drop_intermediate=drop))
    close(metrics.roc_auc_score(Y, score, sample_weight=weight), sk.roc_auc_score(Y, score, sample_weight=weight))
    close(metrics.average_precision_score(Y, score, sample_weight=weight),
          sk.average_precision_score(Y, score, sample_weight=weight))


def test_string_labels_pos_label_and_partial_auc():
    labels = np.where(Y == 1, "spam", "ham")
    close(metrics.roc_curve(labels, SCORE, pos_label="ham"), sk.roc_curve(labels, SCORE, pos_label="ham"))
    close(metrics.roc_auc_score(labels, SCORE), sk.roc_auc_score(labels, SCORE))
    close(metrics.average_precision_score(labels, SCORE, pos_label="spam"),
          sk.average_precision_score(labels, SCORE, pos_label="spam"))
    with pytest.raises(ValueError, match="y_true takes value in {'ham', 'spam'} and pos_label is not specified"):
        metrics.roc_curve(labels, SCORE)
    with pytest.raises(ValueError, match="pos_label=1 is not a valid label"):
        metrics.average_precision_score(labels, SCORE)
    for max_fpr in (0.1, 0.5, 1.0):
        close(metrics.roc_auc_score(Y, SCORE, max_fpr=max_fpr), sk.roc_auc_score(Y, SCORE, max_fpr=max_fpr))
        close(metrics.roc_auc_score(Y, TIED, max_fpr=max_fpr, sample_weight=WEIGHT),
              sk.roc_auc_score(Y, TIED, max_fpr=max_fpr, sample_weight=WEIGHT))
    close(metrics.roc_auc_score(Y * 2 - 1, SCORE), sk.roc_auc_score(Y * 2 - 1, SCORE))
    close(metrics.roc_auc_score([3, 7, 7, 3], [0.1, 0.4, 0.35, 0.8]), sk.roc_auc_score([3, 7, 7, 3], [0.1, 0.4, 0.35, 0.8]))


@pytest.mark.parametrize("multi_class", ["ovr", "ovo"])
@pytest.mark.parametrize("average", ["macro", "weighted", "micro", None])
def test_multiclass_roc_auc(multi_class, average):
    if multi_class == "ovo" and average in ("micro", None):
        with pytest.raises(ValueError, match=f"multi_class='ovo'. Received: average={average!r}"):
            metrics.roc_auc_score(Y_MC, PROBA_MC, multi_class=multi_class, average=average)
        return
    close(metrics.roc_auc_score(Y_MC, PROBA_MC, multi_class=multi_class, average=average),
          sk.roc_auc_score(Y_MC, PROBA_MC, multi_class=multi_class, average=average))
    names = np.array(["a", "b", "c", "d"])[Y_MC]
    close(metrics.roc_auc_score(names, PROBA_MC, multi_class=multi_class, average=average,
                                labels=["a", "b", "c", "d"]),
          sk.roc_auc_score(names, PROBA_MC, multi_class=multi_class, average=average,
                           labels=["a", "b", "c", "d"]))
    if multi_class == "ovr":
        close(metrics.roc_auc_score(Y_MC, PROBA_MC, multi_class="ovr", average=average, sample_weight=WEIGHT),
              sk.roc_auc_score(Y_MC, PROBA_MC, multi_class="ovr", average=average, sample_weight=WEIGHT))


def test_multiclass_roc_auc_errors():
    with pytest.raises(ValueError, match=r"multi_class must be in \('ovo', 'ovr'\)"):
        metrics.roc_auc_score(Y_MC, PROBA_MC)
    with pytest.raises(ValueError, match="Target scores need to be probabilities"):
        metrics.roc_auc_score(Y_MC, PROBA_MC * 2, multi_class="ovr")
    with pytest.raises(ValueError, match="Number of classes in y_true not equal"):
        metrics.roc_auc_score(Y_MC, PROBA_MC[:, :3] / PROBA_MC[:, :3].sum(1, keepdims=True), multi_class="ovr")
    with pytest.raises(ValueError, match="Parameter 'labels' must be ordered"):
        metrics.roc_auc_score(Y_MC, PROBA_MC, multi_class="ovr", labels=[1, 0, 2, 3])
    with pytest.raises(ValueError, match="Partial AUC computation not available in multiclass"):
        metrics.roc_auc_score(Y_MC, PROBA_MC, multi_class="ovr", max_fpr=0.5)
    with pytest.raises(ValueError, match="sample_weight is not supported for multiclass one-vs-one"):
        metrics.roc_auc_score(Y_MC, PROBA_MC, multi_class="ovo", sample_weight=WEIGHT)


@pytest.mark.parametrize("average", ["macro", "weighted", "micro", "samples", None])
@pytest.mark.parametrize("weight", [None, WEIGHT], ids=["unweighted", "weighted"])
def test_multilabel_roc_auc_and_average_precision(average, weight):
    close(metrics.roc_auc_score(Y_ML, SCORE_ML, average=average, sample_weight=weight),
          sk.roc_auc_score(Y_ML, SCORE_ML, average=average, sample_weight=weight))
    close(metrics.average_precision_score(Y_ML, SCORE_ML, average=average, sample_weight=weight),
          sk.average_precision_score(Y_ML, SCORE_ML, average=average, sample_weight=weight))


def test_multiclass_average_precision():
    for average in ("macro", "weighted", "micro", None):
        close(metrics.average_precision_score(Y_MC, PROBA_MC, average=average),
              sk.average_precision_score(Y_MC, PROBA_MC, average=average))


def test_single_class_warnings():
    with pytest.warns(SkUndefinedMetricWarning, match="Only one class is present in y_true"):
        assert np.isnan(metrics.roc_auc_score([1, 1, 1], [0.2, 0.5, 0.1]))
    with pytest.warns(SkUndefinedMetricWarning, match="No negative samples in y_true"):
        fpr, tpr, _ = metrics.roc_curve([1, 1, 1], [0.2, 0.5, 0.1])
    assert np.isnan(fpr).all() and tpr[-1] == 1
    with pytest.warns(SkUndefinedMetricWarning, match="No positive samples in y_true"):
        metrics.roc_curve([0, 0], [0.2, 0.5])
    with pytest.warns(UserWarning, match="No positive class found in y_true"):
        ours = metrics.precision_recall_curve([0, 0], [0.2, 0.5])
    with pytest.warns(UserWarning):
        close(ours, sk.precision_recall_curve([0, 0], [0.2, 0.5]))
    with pytest.raises(ValueError, match="multiclass format is not supported"):
        metrics.roc_curve([0, 1, 2], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="contains NaN"):
        metrics.roc_auc_score([0, 1], [np.nan, 0.2])


def test_auc():
    assert metrics.auc([0, 0.5, 1], [0, 0.8, 1]) == sk.auc([0, 0.5, 1], [0, 0.8, 1])
    assert metrics.auc([1, 0.5, 0], [1, 0.8, 0]) == sk.auc([1, 0.5, 0], [1, 0.8, 0])
    with pytest.raises(ValueError, match="x is neither increasing nor decreasing"):
        metrics.auc([0, 1, 0.5], [0, 1, 1])
    with pytest.raises(ValueError, match="At least 2 points are needed"):
        metrics.auc([0], [1])


@pytest.mark.slow
def test_one_million_scores():
    y = rng.integers(0, 2, 1_000_000)
    score = rng.normal(size=1_000_000) + y
    start = time.perf_counter()
    ours = metrics.roc_auc_score(y, score)
    ours_time = time.perf_counter() - start
    start = time.perf_counter()
    theirs = sk.roc_auc_score(y, score)
    theirs_time = time.perf_counter() - start
    assert ours == pytest.approx(theirs, rel=1e-12)
    assert ours_time < 2 * theirs_time + 0.05


@pytest.mark.parametrize("k", [1, 2, 3])
@pytest.mark.parametrize("weight", [None, WEIGHT], ids=["unweighted", "weighted"])
def test_top_k_accuracy(k, weight):
    tied = np.round(PROBA_MC * 4) / 4  # ties decide some ranks
    for scores in (PROBA_MC, tied):
        for normalize in (True, False):
            close(metrics.top_k_accuracy_score(Y_MC, scores, k=k, sample_weight=weight, normalize=normalize),
                  sk.top_k_accuracy_score(Y_MC, scores, k=k, sample_weight=weight, normalize=normalize))
    close(metrics.top_k_accuracy_score(Y, SCORE, k=1, sample_weight=weight),
          sk.top_k_accuracy_score(Y, SCORE, k=1, sample_weight=weight))
    labels = [0, 1, 2, 3, 4]
    wide = np.c_[PROBA_MC, np.zeros(N)]
    close(metrics.top_k_accuracy_score(Y_MC, wide, k=k, labels=labels),
          sk.top_k_accuracy_score(Y_MC, wide, k=k, labels=labels))


def test_top_k_accuracy_errors():
    with pytest.warns(SkUndefinedMetricWarning, match="will result in a perfect score"):
        assert metrics.top_k_accuracy_score(Y, SCORE, k=2) == 1.0
    with pytest.raises(ValueError, match="Number of classes in 'y_true' .4. not equal to the number of classes in 'y_score' .3."):
        metrics.top_k_accuracy_score(Y_MC, PROBA_MC[:, :3])
    with pytest.raises(ValueError, match="Parameter 'labels' must be ordered"):
        metrics.top_k_accuracy_score(Y_MC, PROBA_MC, labels=[3, 2, 1, 0])
    with pytest.raises(ValueError, match="y type must be 'binary' or 'multiclass', got 'continuous'"):
        metrics.top_k_accuracy_score(SCORE, SCORE)
