"""Confusion matrix, ROC and precision-recall displays against scikit-learn's (Agg backend)."""

import sys
import subprocess

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sklearn = pytest.importorskip("sklearn")
from sklearn import metrics as sk  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from ember.learn import metrics  # noqa: E402

X, Y = make_classification(n_samples=200, random_state=0)
MODEL = LogisticRegression().fit(X, Y)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(display):
    return [[t.get_text() for t in row] for row in display.text_]


@pytest.mark.parametrize("normalize", [None, "true", "all"])
@pytest.mark.parametrize("values_format", [None, ".1f"])
def test_confusion_matrix_display(normalize, values_format):
    labels = np.array(["ant", "bee", "cat"])
    y_true = labels[np.random.default_rng(0).integers(0, 3, 50)]
    y_pred = labels[np.random.default_rng(1).integers(0, 3, 50)]
    ours = metrics.ConfusionMatrixDisplay.from_predictions(y_true, y_pred, normalize=normalize,
                                                           values_format=values_format)
    theirs = sk.ConfusionMatrixDisplay.from_predictions(y_true, y_pred, normalize=normalize,
                                                        values_format=values_format)
    np.testing.assert_allclose(ours.confusion_matrix, theirs.confusion_matrix)
    assert texts(ours) == texts(theirs)
    assert [t.get_color() for t in ours.text_.ravel()] == [t.get_color() for t in theirs.text_.ravel()]
    assert [t.get_text() for t in ours.ax_.get_xticklabels()] == [t.get_text() for t in theirs.ax_.get_xticklabels()]
    assert ours.ax_.get_xlabel() == "Predicted label" and ours.ax_.get_ylabel() == "True label"
    assert ours.ax_.get_ylim() == theirs.ax_.get_ylim()
    assert len(ours.figure_.axes) == 2  # with its colour bar


def test_confusion_matrix_display_from_estimator_and_options():
    ours = metrics.ConfusionMatrixDisplay.from_estimator(MODEL, X, Y, display_labels=["no", "yes"],
                                                         include_values=False, colorbar=False,
                                                         xticks_rotation="vertical")
    assert ours.text_ is None and len(ours.figure_.axes) == 1
    assert [t.get_text() for t in ours.ax_.get_xticklabels()] == ["no", "yes"]
    assert ours.ax_.get_xticklabels()[0].get_rotation() == 90
    np.testing.assert_array_equal(ours.im_.get_array(), sk.confusion_matrix(Y, MODEL.predict(X)))
    fig, ax = plt.subplots()
    drawn = metrics.ConfusionMatrixDisplay(sk.confusion_matrix(Y, MODEL.predict(X))).plot(ax=ax, cmap="Blues")
    assert drawn.ax_ is ax and drawn.im_.get_cmap().name == "Blues"
    with pytest.raises(ValueError, match="only supports classifiers"):
        from sklearn.linear_model import LinearRegression
        metrics.ConfusionMatrixDisplay.from_estimator(LinearRegression().fit(X, Y), X, Y)


@pytest.mark.parametrize("model", [MODEL, LinearSVC().fit(X, Y)], ids=["proba", "decision"])
def test_roc_curve_display(model):
    ours = metrics.RocCurveDisplay.from_estimator(model, X, Y, plot_chance_level=True)
    theirs = sk.RocCurveDisplay.from_estimator(model, X, Y, plot_chance_level=True)
    np.testing.assert_allclose(ours.line_.get_xydata(), theirs.line_.get_xydata(), rtol=1e-12)
    assert ours.line_.get_label() == theirs.line_.get_label()
    assert ours.roc_auc == pytest.approx(theirs.roc_auc, rel=1e-12)
    assert ours.ax_.get_xlabel() == theirs.ax_.get_xlabel()
    assert ours.ax_.get_ylabel() == theirs.ax_.get_ylabel()
    assert ours.chance_level_.get_label() == theirs.chance_level_.get_label()
    np.testing.assert_allclose(ours.chance_level_.get_xydata(), theirs.chance_level_.get_xydata())
    assert [t.get_text() for t in ours.ax_.get_legend().get_texts()] == \
        [t.get_text() for t in theirs.ax_.get_legend().get_texts()]


def test_roc_curve_display_from_predictions_with_pos_label():
    y = np.where(Y == 1, "spam", "ham")
    score = MODEL.predict_proba(X)[:, 0]
    ours = metrics.RocCurveDisplay.from_predictions(y, score, pos_label="ham", name="mine",
                                                    curve_kwargs={"color": "red"})
    theirs = sk.RocCurveDisplay.from_predictions(y, score, pos_label="ham", name="mine",
                                                 curve_kwargs={"color": "red"})
    np.testing.assert_allclose(ours.line_.get_xydata(), theirs.line_.get_xydata())
    assert ours.line_.get_label() == theirs.line_.get_label()
    assert ours.line_.get_label().startswith("mine (AUC = ")
    assert ours.ax_.get_xlabel() == theirs.ax_.get_xlabel() == "False Positive Rate (Positive label: ham)"
    assert ours.line_.get_color() == "red"
    plain = metrics.RocCurveDisplay(fpr=[0, 1], tpr=[0, 1]).plot()
    assert plain.ax_.get_legend() is None


@pytest.mark.parametrize("model", [MODEL, LinearSVC().fit(X, Y)], ids=["proba", "decision"])
def test_precision_recall_display(model):
    ours = metrics.PrecisionRecallDisplay.from_estimator(model, X, Y, plot_chance_level=True)
    theirs = sk.PrecisionRecallDisplay.from_estimator(model, X, Y, plot_chance_level=True)
    np.testing.assert_allclose(ours.line_.get_xydata(), theirs.line_.get_xydata(), rtol=1e-12)
    assert ours.line_.get_drawstyle() == theirs.line_.get_drawstyle() == "steps-post"
    assert ours.line_.get_label() == theirs.line_.get_label()
    assert ours.ax_.get_xlabel() == theirs.ax_.get_xlabel()
    assert ours.prevalence_pos_label == theirs.prevalence_pos_label
    assert ours.chance_level_.get_label() == theirs.chance_level_.get_label()
    with pytest.raises(ValueError, match="You must provide prevalence_pos_label"):
        metrics.PrecisionRecallDisplay(precision=[1, 0.5], recall=[0, 1]).plot(plot_chance_level=True)


def test_importing_metrics_does_not_import_matplotlib():
    code = "import ember.learn.metrics, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
