"""Plots of classifier evaluations: confusion matrix, ROC curve, precision-recall curve.

Each ``...Display`` holds what it draws (the matrix, or the curve's points)
and draws it with ``plot``; ``from_estimator`` and ``from_predictions``
compute it first. matplotlib is imported only when something is drawn.
"""

import numpy as np

from ..base import is_classifier
from ._classification import confusion_matrix
from ._base import _check_targets
from ._ranking import average_precision_score, auc, precision_recall_curve, roc_curve
from ._scorer import _response_values


def _axes(ax):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    return ax


class ConfusionMatrixDisplay:
    """A confusion matrix drawn as an image with the counts written in its cells.

    Args:
        confusion_matrix: the (n_classes, n_classes) matrix.
        display_labels: the tick labels (default 0 .. n_classes - 1).

    Attributes (after ``plot``):
        im_: the image; text_: the (n_classes, n_classes) array of texts (None
        without values); ax_, figure_: where it is drawn.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> display = ConfusionMatrixDisplay.from_predictions([0, 1, 1], [0, 1, 0])
        >>> display.text_[1, 0].get_text()
        '1'
    """

    def __init__(self, confusion_matrix, *, display_labels=None):
        self.confusion_matrix = confusion_matrix
        self.display_labels = display_labels

    def plot(self, *, include_values=True, cmap="viridis", xticks_rotation="horizontal",
             values_format=None, ax=None, colorbar=True, im_kw=None, text_kw=None):
        """Draw the matrix on ``ax`` (a new figure by default); returns the display."""
        import matplotlib.pyplot as plt

        ax = _axes(ax)
        figure = ax.figure
        matrix = self.confusion_matrix
        n_classes = matrix.shape[0]
        image_options = {"interpolation": "nearest", "cmap": cmap, **(im_kw or {})}
        self.im_ = ax.imshow(matrix, **image_options)
        self.text_ = None
        darkest, lightest = self.im_.cmap(0), self.im_.cmap(1.0)
        if include_values:
            self.text_ = np.empty_like(matrix, dtype=object)
            middle = (matrix.max() + matrix.min()) / 2.0
            for i in range(n_classes):
                for j in range(n_classes):
                    color = lightest if matrix[i, j] < middle else darkest
                    options = {"ha": "center", "va": "center", "color": color, **(text_kw or {})}
                    self.text_[i, j] = ax.text(j, i, _cell_text(matrix[i, j], matrix.dtype,
                                                                values_format), **options)
        labels = np.arange(n_classes) if self.display_labels is None else self.display_labels
        if colorbar:
            figure.colorbar(self.im_, ax=ax)
        ax.set(xticks=np.arange(n_classes), yticks=np.arange(n_classes), xticklabels=labels,
               yticklabels=labels, ylabel="True label", xlabel="Predicted label")
        ax.set_ylim((n_classes - 0.5, -0.5))
        plt.setp(ax.get_xticklabels(), rotation=xticks_rotation)
        self.figure_, self.ax_ = figure, ax
        return self

    @classmethod
    def from_estimator(cls, estimator, X, y, *, labels=None, sample_weight=None, normalize=None,
                       display_labels=None, include_values=True, xticks_rotation="horizontal",
                       values_format=None, cmap="viridis", ax=None, colorbar=True, im_kw=None,
                       text_kw=None):
        """The confusion matrix of ``estimator.predict(X)`` against ``y``, drawn."""
        if not is_classifier(estimator):
            raise ValueError(f"{cls.__name__} only supports classifiers")
        return cls.from_predictions(
            y, estimator.predict(X), labels=labels, sample_weight=sample_weight,
            normalize=normalize, display_labels=display_labels, include_values=include_values,
            xticks_rotation=xticks_rotation, values_format=values_format, cmap=cmap, ax=ax,
            colorbar=colorbar, im_kw=im_kw, text_kw=text_kw,
        )

    @classmethod
    def from_predictions(cls, y_true, y_pred, *, labels=None, sample_weight=None, normalize=None,
                         display_labels=None, include_values=True, xticks_rotation="horizontal",
                         values_format=None, cmap="viridis", ax=None, colorbar=True, im_kw=None,
                         text_kw=None):
        """The confusion matrix of ``y_pred`` against ``y_true``, drawn."""
        if display_labels is None:
            display_labels = _check_targets(y_true, y_pred)[1] if labels is None else labels
        matrix = confusion_matrix(y_true, y_pred, sample_weight=sample_weight, labels=labels,
                                  normalize=normalize)
        display = cls(confusion_matrix=matrix, display_labels=display_labels)
        return display.plot(include_values=include_values, cmap=cmap, ax=ax,
                            xticks_rotation=xticks_rotation, values_format=values_format,
                            colorbar=colorbar, im_kw=im_kw, text_kw=text_kw)


def _cell_text(value, dtype, values_format):
    if values_format is not None:
        return format(value, values_format)
    text = format(value, ".2g")
    if dtype.kind != "f":
        as_integer = format(value, "d")
        if len(as_integer) < len(text):
            text = as_integer
    return text


def _binary_response(estimator, X, response_method, pos_label):
    """``(scores, pos_label)`` of a binary classifier: positive-class probabilities or decisions."""
    if not is_classifier(estimator):
        raise ValueError("Expected 'estimator' to be a binary classifier.")
    classes = estimator.classes_
    if len(classes) != 2:
        raise ValueError(
            f"Expected 'estimator' to be a binary classifier. Got {len(classes)} classes instead."
        )
    if response_method == "auto":
        response_method = ("predict_proba", "decision_function")
    pos_label = classes[-1] if pos_label is None else pos_label
    return _response_values(estimator, X, response_method, pos_label=pos_label), pos_label


def _positive_label(y_true, pos_label):
    if pos_label is not None:
        return pos_label
    classes = np.unique(y_true)
    if classes.dtype.kind in "OUS" or not set(classes.tolist()) <= {0, 1, -1}:
        return None  # roc_curve raises with the reason
    return 1


class _CurveDisplay:
    """What the ROC and precision-recall displays share: axes labels, legend, chance line."""

    _x_name = _y_name = _score_name = _legend_at = ""

    def _draw(self, x, y, ax, name, score, curve_kwargs, despine, drawstyle=None):
        ax = _axes(ax)
        name = self.name if name is None else name
        options = {}
        if drawstyle:
            options["drawstyle"] = drawstyle
        label = None
        if score is not None and name is not None:
            label = f"{name} ({self._score_name} = {score:0.2f})"
        elif score is not None:
            label = f"{self._score_name} = {score:0.2f}"
        elif name is not None:
            label = name
        if label is not None:
            options["label"] = label
        options.update(curve_kwargs or {})
        (self.line_,) = ax.plot(x, y, **options)
        suffix = "" if self.pos_label is None else f" (Positive label: {self.pos_label})"
        ax.set(xlabel=self._x_name + suffix, xlim=(-0.01, 1.01),
               ylabel=self._y_name + suffix, ylim=(-0.01, 1.01), aspect="equal")
        if despine:
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            for side in ("bottom", "left"):
                ax.spines[side].set_bounds(0, 1)
        self.ax_, self.figure_ = ax, ax.figure
        return ax

    @classmethod
    def _from_estimator(cls, estimator, X, y, response_method, pos_label, name, **options):
        scores, pos_label = _binary_response(estimator, X, response_method, pos_label)
        return cls.from_predictions(y, scores, pos_label=pos_label,
                                    name=type(estimator).__name__ if name is None else name,
                                    **options)

    def _finish(self, ax, chance_x, chance_y, chance_label, plot_chance_level, chance_level_kw):
        self.chance_level_ = None
        if plot_chance_level:
            options = {"label": chance_label, "color": "k", "linestyle": "--", **(chance_level_kw or {})}
            (self.chance_level_,) = ax.plot(chance_x, chance_y, **options)
        if ax.get_legend_handles_labels()[1]:
            ax.legend(loc=self._legend_at)
        return self


class RocCurveDisplay(_CurveDisplay):
    """An ROC curve (true positive rate against false positive rate).

    Args:
        fpr, tpr: the curve's points (from ``roc_curve``).
        roc_auc: the area, shown in the legend.
        name: the curve's name in the legend.
        pos_label: the positive class, shown in the axis labels.

    Attributes (after ``plot``): line_, chance_level_, ax_, figure_.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> display = RocCurveDisplay.from_predictions([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        >>> display.line_.get_label()
        'Classifier (AUC = 0.75)'
    """

    _x_name, _y_name, _score_name, _legend_at = ("False Positive Rate", "True Positive Rate",
                                                 "AUC", "lower right")

    def __init__(self, *, fpr, tpr, roc_auc=None, name=None, pos_label=None):
        self.fpr, self.tpr, self.roc_auc = fpr, tpr, roc_auc
        self.name, self.pos_label = name, pos_label

    def plot(self, ax=None, *, name=None, curve_kwargs=None, plot_chance_level=False,
             chance_level_kw=None, despine=False):
        """Draw the curve (and the diagonal of a random classifier); returns the display."""
        ax = self._draw(self.fpr, self.tpr, ax, name, self.roc_auc, curve_kwargs, despine)
        return self._finish(ax, (0, 1), (0, 1), "Chance level (AUC = 0.5)", plot_chance_level,
                            chance_level_kw)

    @classmethod
    def from_estimator(cls, estimator, X, y, *, sample_weight=None, drop_intermediate=True,
                       response_method="auto", pos_label=None, name=None, ax=None,
                       curve_kwargs=None, plot_chance_level=False, chance_level_kw=None,
                       despine=False):
        """The ROC curve of a fitted binary classifier's scores on ``X``, drawn."""
        return cls._from_estimator(
            estimator, X, y, response_method, pos_label, name, sample_weight=sample_weight,
            drop_intermediate=drop_intermediate, ax=ax, curve_kwargs=curve_kwargs,
            plot_chance_level=plot_chance_level, chance_level_kw=chance_level_kw, despine=despine,
        )

    @classmethod
    def from_predictions(cls, y_true, y_score=None, *, sample_weight=None, drop_intermediate=True,
                         pos_label=None, name=None, ax=None, curve_kwargs=None,
                         plot_chance_level=False, chance_level_kw=None, despine=False):
        """The ROC curve of ``y_score`` against binary ``y_true``, drawn."""
        fpr, tpr, _ = roc_curve(y_true, y_score, pos_label=pos_label, sample_weight=sample_weight,
                                drop_intermediate=drop_intermediate)
        display = cls(fpr=fpr, tpr=tpr, roc_auc=auc(fpr, tpr),
                      name="Classifier" if name is None else name,
                      pos_label=_positive_label(y_true, pos_label))
        return display.plot(ax=ax, curve_kwargs=curve_kwargs, plot_chance_level=plot_chance_level,
                            chance_level_kw=chance_level_kw, despine=despine)


class PrecisionRecallDisplay(_CurveDisplay):
    """A precision-recall curve, drawn as steps.

    Args:
        precision, recall: the curve's points (from ``precision_recall_curve``).
        average_precision: shown in the legend.
        name: the curve's name in the legend.
        pos_label: the positive class, shown in the axis labels.
        prevalence_pos_label: the fraction of positives, the chance level.

    Attributes (after ``plot``): line_, chance_level_, ax_, figure_.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> display = PrecisionRecallDisplay.from_predictions([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        >>> display.line_.get_label()
        'Classifier (AP = 0.83)'
    """

    _x_name, _y_name, _score_name, _legend_at = "Recall", "Precision", "AP", "lower left"

    def __init__(self, precision, recall, *, average_precision=None, name=None, pos_label=None,
                 prevalence_pos_label=None):
        self.precision, self.recall = precision, recall
        self.average_precision, self.name = average_precision, name
        self.pos_label, self.prevalence_pos_label = pos_label, prevalence_pos_label

    def plot(self, ax=None, *, name=None, curve_kwargs=None, plot_chance_level=False,
             chance_level_kw=None, despine=False, **kwargs):
        """Draw the curve (and the prevalence of positives, a random classifier's precision)."""
        if plot_chance_level and self.prevalence_pos_label is None:
            raise ValueError(
                "You must provide prevalence_pos_label when constructing the "
                "PrecisionRecallDisplay object in order to plot the chance level line. "
                "Alternatively, you may use PrecisionRecallDisplay.from_estimator or "
                "PrecisionRecallDisplay.from_predictions to automatically set "
                "prevalence_pos_label"
            )
        curve_kwargs = {**(curve_kwargs or {}), **kwargs}
        ax = self._draw(self.recall, self.precision, ax, name, self.average_precision,
                        curve_kwargs, despine, drawstyle="steps-post")
        prevalence = self.prevalence_pos_label
        label = None if prevalence is None else f"Chance level (AP = {prevalence:0.2f})"
        return self._finish(ax, (0, 1), (prevalence, prevalence), label, plot_chance_level,
                            chance_level_kw)

    @classmethod
    def from_estimator(cls, estimator, X, y, *, sample_weight=None, drop_intermediate=False,
                       response_method="auto", pos_label=None, name=None, ax=None,
                       curve_kwargs=None, plot_chance_level=False, chance_level_kw=None,
                       despine=False, **kwargs):
        """The precision-recall curve of a fitted binary classifier's scores on ``X``, drawn."""
        return cls._from_estimator(
            estimator, X, y, response_method, pos_label, name, sample_weight=sample_weight,
            drop_intermediate=drop_intermediate, ax=ax, curve_kwargs=curve_kwargs,
            plot_chance_level=plot_chance_level, chance_level_kw=chance_level_kw, despine=despine,
            **kwargs,
        )

    @classmethod
    def from_predictions(cls, y_true, y_score=None, *, sample_weight=None,
                         drop_intermediate=False, pos_label=None, name=None, ax=None,
                         curve_kwargs=None, plot_chance_level=False, chance_level_kw=None,
                         despine=False, **kwargs):
        """The precision-recall curve of ``y_score`` against binary ``y_true``, drawn."""
        precision, recall, _ = precision_recall_curve(
            y_true, y_score, pos_label=pos_label, sample_weight=sample_weight,
            drop_intermediate=drop_intermediate,
        )
        pos_label = _positive_label(y_true, pos_label)
        positive = np.asarray(y_true) == pos_label
        average = average_precision_score(positive.astype(int), y_score, sample_weight=sample_weight)
        prevalence = float(np.average(positive, weights=sample_weight))
        display = cls(precision=precision, recall=recall, average_precision=average,
                      name="Classifier" if name is None else name, pos_label=pos_label,
                      prevalence_pos_label=prevalence)
        return display.plot(ax=ax, curve_kwargs=curve_kwargs, plot_chance_level=plot_chance_level,
                            chance_level_kw=chance_level_kw, despine=despine, **kwargs)
