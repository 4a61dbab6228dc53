"""Which metric a name means in ``compile``: ``"accuracy"`` depends on the loss and shapes.

``"accuracy"`` (or TensorFlow 2.0's ``"acc"``) is binary accuracy for a
binary cross-entropy, categorical accuracy for a categorical one and sparse
categorical accuracy for the sparse one. Without one of these losses the
shapes decide, as in Keras 3: one output column is binary, integer labels
(``y_true`` of lower rank, or a last axis of 1 against several columns) are
sparse, anything else is categorical. ``"crossentropy"``/``"ce"`` resolve the
same way to the cross-entropy metrics.
"""

import inspect

from ember.keras import losses

from ._accuracy import BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy
from ._metric import Metric
from ._probabilistic import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
)
from ._reduction_metrics import MeanMetricWrapper, _name_of

_ACCURACY = {
    "binary": BinaryAccuracy,
    "categorical": CategoricalAccuracy,
    "sparse": SparseCategoricalAccuracy,
}
_CROSSENTROPY = {
    "binary": BinaryCrossentropy,
    "categorical": CategoricalCrossentropy,
    "sparse": SparseCategoricalCrossentropy,
}
_LOSS_KINDS = (
    ("binary", losses.BinaryCrossentropy, losses.binary_crossentropy),
    ("categorical", losses.CategoricalCrossentropy, losses.categorical_crossentropy),
    ("sparse", losses.SparseCategoricalCrossentropy, losses.sparse_categorical_crossentropy),
)


def _loss_kind(loss):
    """``"binary"``, ``"categorical"`` or ``"sparse"`` for a cross-entropy loss, else None."""
    if isinstance(loss, (str, dict)):
        try:
            loss = losses.get(loss)
        except ValueError:
            return None
    function = getattr(loss, "fn", loss)
    for kind, cls, fn in _LOSS_KINDS:
        if isinstance(loss, cls) or function is fn:
            return kind
    return None


def _shape_kind(y_true_shape, y_pred_shape):
    if y_pred_shape is None or len(tuple(y_pred_shape)) == 0:
        return None
    y_pred_shape = tuple(y_pred_shape)
    if len(y_pred_shape) == 1 or y_pred_shape[-1] == 1:
        return "binary"
    if y_true_shape is not None:
        y_true_shape = tuple(y_true_shape)
        if len(y_true_shape) < len(y_pred_shape) or (y_true_shape and y_true_shape[-1] == 1):
            return "sparse"
    return "categorical"


def _kind(what, loss, y_true_shape, y_pred_shape):
    kind = _loss_kind(loss) or _shape_kind(y_true_shape, y_pred_shape)
    if kind is None:
        raise ValueError(
            f"Cannot tell which {what} is meant: give a cross-entropy loss or the shapes of "
            f"y_true and y_pred. Received: loss={loss!r}, y_true_shape={y_true_shape}, "
            f"y_pred_shape={y_pred_shape}"
        )
    return kind


def resolve_accuracy(loss=None, y_true_shape=None, y_pred_shape=None):
    """The accuracy class that ``metrics=["accuracy"]`` (or ``"acc"``) means.

    Args:
        loss: the compiled loss of that output: a name, a function, a ``Loss``
            or None. A cross-entropy decides: binary -> ``BinaryAccuracy``,
            categorical -> ``CategoricalAccuracy``, sparse ->
            ``SparseCategoricalAccuracy``.
        y_true_shape: the targets' shape (used when the loss does not decide).
        y_pred_shape: the predictions' shape: a last axis of 1 is binary,
            integer targets are sparse, one-hot targets categorical.

    Returns:
        A ``Metric`` subclass; instantiate it with ``name="accuracy"`` (or
        ``"acc"``) to get Keras' log keys.

    Raises:
        ValueError: when neither the loss nor the shapes decide.

    Example:
        >>> keras.metrics.resolve_accuracy("sparse_categorical_crossentropy", (32,), (32, 10))
        <class '...SparseCategoricalAccuracy'>
    """
    return _ACCURACY[_kind("accuracy", loss, y_true_shape, y_pred_shape)]


def resolve_crossentropy(loss=None, y_true_shape=None, y_pred_shape=None):
    """The cross-entropy metric class that ``metrics=["crossentropy"]`` (or ``"ce"``) means.

    The same rules as ``resolve_accuracy``; returns ``BinaryCrossentropy``,
    ``CategoricalCrossentropy`` or ``SparseCategoricalCrossentropy``.
    """
    return _CROSSENTROPY[_kind("crossentropy", loss, y_true_shape, y_pred_shape)]


def get_metric(identifier, loss=None, y_true_shape=None, y_pred_shape=None):
    """The metric object ``compile(metrics=[identifier])`` builds, named as Keras names it.

    Args:
        identifier: a name (``"accuracy"``, ``"acc"``, ``"mse"``, ``"AUC"``...),
            a config dict, a function ``fn(y_true, y_pred)``, a ``Loss`` or a
            ``Metric``.
        loss: the compiled loss of the output (for ``"accuracy"``).
        y_true_shape: the targets' shape (for ``"accuracy"``).
        y_pred_shape: the predictions' shape (for ``"accuracy"``).

    Returns:
        A ``Metric``. A string identifier becomes its name (``"acc"`` logs as
        ``acc``, ``"mse"`` as ``mse``, as in TensorFlow 2.0); a function is
        wrapped in ``MeanMetricWrapper`` under its own name.

    Example:
        >>> keras.metrics.get_metric("acc", "binary_crossentropy").name
        'acc'
    """
    from . import get

    if identifier is None:
        return None
    if isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc"):
        return resolve_accuracy(loss, y_true_shape, y_pred_shape)(name=identifier)
    if isinstance(identifier, str) and identifier.lower() in ("crossentropy", "ce"):
        return resolve_crossentropy(loss, y_true_shape, y_pred_shape)(name=identifier)
    metric = get(identifier)
    if inspect.isclass(metric):
        metric = metric()
    if not isinstance(metric, Metric):
        metric = MeanMetricWrapper(metric, name=_name_of(metric))
    if isinstance(identifier, str):
        metric.name = identifier
    return metric
