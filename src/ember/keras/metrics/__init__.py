"""``keras.metrics``: streaming metrics (``update_state``/``result``/``reset_state``).

Metric objects keep their state in non-trainable variables updated with
NumPy, so they cost little on every batch of ``fit``. Functions such as
``sparse_categorical_accuracy`` or ``mse`` return per-sample values, and
``MeanMetricWrapper`` streams the mean of any such function. ``get`` resolves
names, configs and callables; ``resolve_accuracy`` and ``get_metric`` do what
``compile(metrics=["accuracy"])`` needs (the accuracy that fits the loss).

Example:
    >>> from ember import keras
    >>> m = keras.metrics.SparseCategoricalAccuracy()
    >>> m.update_state([2, 1], [[0.1, 0.6, 0.3], [0.05, 0.95, 0.0]])
    >>> float(m.result())
    0.5
"""

from ember.keras.losses import _hinge as _hinge_losses
from ember.keras.losses import _probabilistic as _probabilistic_losses
from ember.keras.losses import _regression as _regression_losses
from ember.keras.losses._loss import _snake_case
from ember.keras.saving._serialization import (
    custom_object_scope,
    deserialize_keras_object,
    make_getter,
    serialize_keras_object,
)

from ._accuracy import Accuracy as Accuracy
from ._accuracy import BinaryAccuracy as BinaryAccuracy
from ._accuracy import CategoricalAccuracy as CategoricalAccuracy
from ._accuracy import SparseCategoricalAccuracy as SparseCategoricalAccuracy
from ._accuracy import SparseTopKCategoricalAccuracy as SparseTopKCategoricalAccuracy
from ._accuracy import TopKCategoricalAccuracy as TopKCategoricalAccuracy
from ._accuracy import accuracy as accuracy
from ._accuracy import binary_accuracy as binary_accuracy
from ._accuracy import categorical_accuracy as categorical_accuracy
from ._accuracy import sparse_categorical_accuracy as sparse_categorical_accuracy
from ._accuracy import sparse_top_k_categorical_accuracy as sparse_top_k_categorical_accuracy
from ._accuracy import top_k_categorical_accuracy as top_k_categorical_accuracy
from ._auc import AUC as AUC
from ._confusion import FalseNegatives as FalseNegatives
from ._confusion import FalsePositives as FalsePositives
from ._confusion import Precision as Precision
from ._confusion import Recall as Recall
from ._confusion import TrueNegatives as TrueNegatives
from ._confusion import TruePositives as TruePositives
from ._hinge import CategoricalHinge as CategoricalHinge
from ._hinge import Hinge as Hinge
from ._hinge import SquaredHinge as SquaredHinge
from ._metric import Metric as Metric
from ._probabilistic import BinaryCrossentropy as BinaryCrossentropy
from ._probabilistic import CategoricalCrossentropy as CategoricalCrossentropy
from ._probabilistic import KLDivergence as KLDivergence
from ._probabilistic import Poisson as Poisson
from ._probabilistic import SparseCategoricalCrossentropy as SparseCategoricalCrossentropy
from ._reduction_metrics import Mean as Mean
from ._reduction_metrics import MeanMetricWrapper as MeanMetricWrapper
from ._reduction_metrics import Sum as Sum
from ._regression import CosineSimilarity as CosineSimilarity
from ._regression import LogCoshError as LogCoshError
from ._regression import MeanAbsoluteError as MeanAbsoluteError
from ._regression import MeanAbsolutePercentageError as MeanAbsolutePercentageError
from ._regression import MeanSquaredError as MeanSquaredError
from ._regression import MeanSquaredLogarithmicError as MeanSquaredLogarithmicError
from ._regression import RootMeanSquaredError as RootMeanSquaredError
from ._regression import cosine_similarity as cosine_similarity
from ._resolve import get_metric as get_metric
from ._resolve import resolve_accuracy as resolve_accuracy
from ._resolve import resolve_crossentropy as resolve_crossentropy

# The loss functions double as metric functions (``keras.metrics.mse`` ...).
binary_crossentropy = _probabilistic_losses.binary_crossentropy
categorical_crossentropy = _probabilistic_losses.categorical_crossentropy
sparse_categorical_crossentropy = _probabilistic_losses.sparse_categorical_crossentropy
kl_divergence = kld = KLD = kullback_leibler_divergence = _probabilistic_losses.kl_divergence
poisson = _probabilistic_losses.poisson
hinge = _hinge_losses.hinge
squared_hinge = _hinge_losses.squared_hinge
categorical_hinge = _hinge_losses.categorical_hinge
mean_squared_error = mse = MSE = _regression_losses.mean_squared_error
mean_absolute_error = mae = MAE = _regression_losses.mean_absolute_error
mean_absolute_percentage_error = mape = MAPE = _regression_losses.mean_absolute_percentage_error
mean_squared_logarithmic_error = msle = MSLE = _regression_losses.mean_squared_logarithmic_error
log_cosh = logcosh = _regression_losses.log_cosh
huber = _regression_losses.huber

_CLASSES = (
    Metric,
    Mean,
    Sum,
    MeanMetricWrapper,
    MeanSquaredError,
    RootMeanSquaredError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError,
    CosineSimilarity,
    LogCoshError,
    AUC,
    Precision,
    Recall,
    TruePositives,
    FalsePositives,
    TrueNegatives,
    FalseNegatives,
    Hinge,
    SquaredHinge,
    CategoricalHinge,
    KLDivergence,
    Poisson,
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    TopKCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
)

#: Names ``get`` and ``deserialize`` resolve (as in Keras 3: classes by name and in snake case).
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({_snake_case(cls.__name__): cls for cls in _CLASSES})
ALL_OBJECTS_DICT.update(
    {
        "bce": BinaryCrossentropy,
        "BCE": BinaryCrossentropy,
        "mse": MeanSquaredError,
        "MSE": MeanSquaredError,
        "mae": MeanAbsoluteError,
        "MAE": MeanAbsoluteError,
        "mape": MeanAbsolutePercentageError,
        "MAPE": MeanAbsolutePercentageError,
        "msle": MeanSquaredLogarithmicError,
        "MSLE": MeanSquaredLogarithmicError,
        "logcosh": LogCoshError,
    }
)

# Metric functions by name, for configs of MeanMetricWrapper (``"fn": "binary_accuracy"``).
_FUNCTIONS = {
    fn.__name__: fn
    for fn in (
        accuracy,
        binary_accuracy,
        categorical_accuracy,
        sparse_categorical_accuracy,
        top_k_categorical_accuracy,
        sparse_top_k_categorical_accuracy,
        cosine_similarity,
        binary_crossentropy,
        categorical_crossentropy,
        sparse_categorical_crossentropy,
        kl_divergence,
        poisson,
        hinge,
        squared_hinge,
        categorical_hinge,
        mean_squared_error,
        mean_absolute_error,
        mean_absolute_percentage_error,
        mean_squared_logarithmic_error,
        log_cosh,
        huber,
    )
}

get = make_getter("metric", ALL_OBJECTS_DICT)
get.__doc__ = """Return the metric named or configured by ``identifier``.

    Args:
        identifier: None, a class name (``"AUC"``, ``"Precision"``) or its snake
            case (``"binary_accuracy"``), an alias (``"mse"``, ``"mae"``), a
            config dict, or a callable (returned as is). Names give an
            instance with default arguments. ``"acc"`` depends on the loss:
            use ``get_metric``.

    Returns:
        A ``Metric`` instance, a function, or None.

    Example:
        >>> keras.metrics.get("mse").name
        'mean_squared_error'
    """


def serialize(metric):
    """Return a JSON-able description of a metric (a config dict, or a function's name)."""
    return serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    """Rebuild a metric from ``serialize``'s output.

    Args:
        config: a config dict or a name.
        custom_objects: ``{name: class_or_function}`` for custom metrics.
    """
    with custom_object_scope(custom_objects):
        return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT, kind="metric")


def _deserialize_function(identifier):
    """A metric or loss function from its name (or a registered custom one)."""
    from ember.keras import losses

    table = {**losses.ALL_OBJECTS_DICT, **_FUNCTIONS}
    return deserialize_keras_object(identifier, module_objects=table, kind="metric function")


__all__ = [
    "AUC",
    "Accuracy",
    "BinaryAccuracy",
    "BinaryCrossentropy",
    "CategoricalAccuracy",
    "CategoricalCrossentropy",
    "CategoricalHinge",
    "CosineSimilarity",
    "FalseNegatives",
    "FalsePositives",
    "Hinge",
    "KLD",
    "KLDivergence",
    "LogCoshError",
    "MAE",
    "MAPE",
    "MSE",
    "MSLE",
    "Mean",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanMetricWrapper",
    "MeanSquaredError",
    "MeanSquaredLogarithmicError",
    "Metric",
    "Poisson",
    "Precision",
    "Recall",
    "RootMeanSquaredError",
    "SparseCategoricalAccuracy",
    "SparseCategoricalCrossentropy",
    "SparseTopKCategoricalAccuracy",
    "SquaredHinge",
    "Sum",
    "TopKCategoricalAccuracy",
    "TrueNegatives",
    "TruePositives",
    "accuracy",
    "binary_accuracy",
    "binary_crossentropy",
    "categorical_accuracy",
    "categorical_crossentropy",
    "categorical_hinge",
    "cosine_similarity",
    "deserialize",
    "get",
    "get_metric",
    "hinge",
    "huber",
    "kl_divergence",
    "kld",
    "kullback_leibler_divergence",
    "log_cosh",
    "logcosh",
    "mae",
    "mape",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_logarithmic_error",
    "msle",
    "mse",
    "poisson",
    "resolve_accuracy",
    "resolve_crossentropy",
    "serialize",
    "sparse_categorical_accuracy",
    "sparse_categorical_crossentropy",
    "sparse_top_k_categorical_accuracy",
    "squared_hinge",
    "top_k_categorical_accuracy",
]
