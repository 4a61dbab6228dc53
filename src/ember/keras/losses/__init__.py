"""``keras.losses``: loss functions (one value per sample) and loss classes (reduced).

Functions such as ``mean_squared_error`` (``mse``) return per-sample values;
classes such as ``MeanSquaredError`` add a reduction and sample weights. Both
are differentiable ember ops, so ``GradientTape`` gives their gradients.
``get`` resolves names (``"mse"``, ``"sparse_categorical_crossentropy"``,
``"Huber"``), configs and callables, as ``compile(loss=...)`` needs.

Example:
    >>> from ember import keras
    >>> loss_fn = keras.losses.get("sparse_categorical_crossentropy")
    >>> loss_fn([1, 2], [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]])   # [0.0513, 2.303]
"""

from ember.keras.saving._serialization import (
    custom_object_scope,
    deserialize_keras_object,
    make_getter,
    serialize_keras_object,
)

from ._hinge import CategoricalHinge as CategoricalHinge
from ._hinge import Hinge as Hinge
from ._hinge import SquaredHinge as SquaredHinge
from ._hinge import categorical_hinge as categorical_hinge
from ._hinge import hinge as hinge
from ._hinge import squared_hinge as squared_hinge
from ._loss import Loss as Loss
from ._loss import LossFunctionWrapper as LossFunctionWrapper
from ._loss import Reduction as Reduction
from ._probabilistic import KLD as KLD
from ._probabilistic import BinaryCrossentropy as BinaryCrossentropy
from ._probabilistic import CategoricalCrossentropy as CategoricalCrossentropy
from ._probabilistic import KLDivergence as KLDivergence
from ._probabilistic import Poisson as Poisson
from ._probabilistic import SparseCategoricalCrossentropy as SparseCategoricalCrossentropy
from ._probabilistic import binary_crossentropy as binary_crossentropy
from ._probabilistic import categorical_crossentropy as categorical_crossentropy
from ._probabilistic import kl_divergence as kl_divergence
from ._probabilistic import kld as kld
from ._probabilistic import kullback_leibler_divergence as kullback_leibler_divergence
from ._probabilistic import poisson as poisson
from ._probabilistic import sparse_categorical_crossentropy as sparse_categorical_crossentropy
from ._regression import CosineSimilarity as CosineSimilarity
from ._regression import Huber as Huber
from ._regression import LogCosh as LogCosh
from ._regression import MeanAbsoluteError as MeanAbsoluteError
from ._regression import MeanAbsolutePercentageError as MeanAbsolutePercentageError
from ._regression import MeanSquaredError as MeanSquaredError
from ._regression import MeanSquaredLogarithmicError as MeanSquaredLogarithmicError
from ._regression import cosine_similarity as cosine_similarity
from ._regression import huber as huber
from ._regression import log_cosh as log_cosh
from ._regression import logcosh as logcosh
from ._regression import mean_absolute_error as mean_absolute_error
from ._regression import mean_absolute_percentage_error as mean_absolute_percentage_error
from ._regression import mean_squared_error as mean_squared_error
from ._regression import mean_squared_logarithmic_error as mean_squared_logarithmic_error

# The short names of Keras 2 / TensorFlow 2.0, still used by the books.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
bce = BCE = binary_crossentropy

_CLASSES = (
    Loss,
    LossFunctionWrapper,
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    KLDivergence,
    Poisson,
    MeanSquaredError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError,
    CosineSimilarity,
    Huber,
    LogCosh,
    Hinge,
    SquaredHinge,
    CategoricalHinge,
)
_FUNCTIONS = (
    binary_crossentropy,
    categorical_crossentropy,
    sparse_categorical_crossentropy,
    kl_divergence,
    poisson,
    mean_squared_error,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_logarithmic_error,
    cosine_similarity,
    huber,
    log_cosh,
    hinge,
    squared_hinge,
    categorical_hinge,
)

#: Every name ``get`` and ``deserialize`` resolve: class and function names and the aliases.
ALL_OBJECTS_DICT = {obj.__name__: obj for obj in _CLASSES + _FUNCTIONS}
ALL_OBJECTS_DICT.update(
    {
        "bce": binary_crossentropy,
        "BCE": binary_crossentropy,
        "kld": kl_divergence,
        "KLD": kl_divergence,
        "kullback_leibler_divergence": kl_divergence,
        "mae": mean_absolute_error,
        "MAE": mean_absolute_error,
        "mse": mean_squared_error,
        "MSE": mean_squared_error,
        "mape": mean_absolute_percentage_error,
        "MAPE": mean_absolute_percentage_error,
        "msle": mean_squared_logarithmic_error,
        "MSLE": mean_squared_logarithmic_error,
        "logcosh": log_cosh,
        "huber_loss": huber,
    }
)

get = make_getter("loss", ALL_OBJECTS_DICT)
get.__doc__ = """Return the loss named or configured by ``identifier``.

    Args:
        identifier: None, a function or class name (``"mse"``,
            ``"sparse_categorical_crossentropy"``, ``"Huber"``: class names give
            an instance with default arguments), a config dict from
            ``serialize``, or a callable (returned as is).

    Returns:
        A loss function, a ``Loss`` instance, or None.

    Raises:
        ValueError: for an unknown name or an uninterpretable identifier.

    Example:
        >>> keras.losses.get("mse") is keras.losses.mean_squared_error
        True
    """


def serialize(loss):
    """Return a JSON-able description of a loss: a function's name or a class config.

    Example:
        >>> keras.losses.serialize(keras.losses.Huber(delta=2.0))["config"]["delta"]
        2.0
    """
    return serialize_keras_object(loss)


def deserialize(config, custom_objects=None):
    """Rebuild a loss from ``serialize``'s output (a name or a config dict).

    Args:
        config: a loss name or a config dict.
        custom_objects: ``{name: class_or_function}`` for custom losses.

    Returns:
        A loss function or a ``Loss`` instance.
    """
    with custom_object_scope(custom_objects):
        return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT, kind="loss")


__all__ = [
    "BCE",
    "BinaryCrossentropy",
    "CategoricalCrossentropy",
    "CategoricalHinge",
    "CosineSimilarity",
    "Hinge",
    "Huber",
    "KLD",
    "KLDivergence",
    "LogCosh",
    "Loss",
    "LossFunctionWrapper",
    "MAE",
    "MAPE",
    "MSE",
    "MSLE",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanSquaredError",
    "MeanSquaredLogarithmicError",
    "Poisson",
    "Reduction",
    "SparseCategoricalCrossentropy",
    "SquaredHinge",
    "bce",
    "binary_crossentropy",
    "categorical_crossentropy",
    "categorical_hinge",
    "cosine_similarity",
    "deserialize",
    "get",
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
    "serialize",
    "sparse_categorical_crossentropy",
    "squared_hinge",
]
