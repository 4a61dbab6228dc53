"""Probabilistic metrics: streaming means of the cross-entropies, KL divergence and Poisson loss.

They report the same per-sample values as the losses of ``keras.losses``,
averaged over every sample seen (useful to watch a loss other than the one
being minimized).
"""

from ember.keras.losses import _probabilistic as losses

from ._reduction_metrics import BuiltinMeanWrapper


class BinaryCrossentropy(BuiltinMeanWrapper):
    """The mean binary cross-entropy between labels and predictions.

    Args:
        name: the metric's name (``"binary_crossentropy"``).
        dtype: the dtype of the state and result.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: squeeze the labels towards 0.5 by this amount.

    Example:
        >>> m = keras.metrics.BinaryCrossentropy()
        >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
        >>> m.result()   # 0.815
    """

    _direction = "down"

    def __init__(
        self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0
    ):
        super().__init__(
            losses.binary_crossentropy,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
        )


class CategoricalCrossentropy(BuiltinMeanWrapper):
    """The mean categorical cross-entropy between one-hot labels and predictions.

    Args:
        name: the metric's name (``"categorical_crossentropy"``).
        dtype: the dtype of the state and result.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: mix the labels with the uniform distribution by this amount.
        axis: the class axis.

    Example:
        >>> m = keras.metrics.CategoricalCrossentropy()
        >>> m.update_state([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
        >>> m.result()   # 1.177
    """

    _direction = "down"

    def __init__(
        self,
        name="categorical_crossentropy",
        dtype=None,
        from_logits=False,
        label_smoothing=0,
        axis=-1,
    ):
        super().__init__(
            losses.categorical_crossentropy,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class SparseCategoricalCrossentropy(BuiltinMeanWrapper):
    """The mean cross-entropy between integer labels and predictions.

    Args:
        name: the metric's name (``"sparse_categorical_crossentropy"``).
        dtype: the dtype of the state and result.
        from_logits: whether ``y_pred`` holds logits.
        axis: the class axis.

    Example:
        >>> m = keras.metrics.SparseCategoricalCrossentropy()
        >>> m.update_state([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
        >>> m.result()   # 1.177
    """

    _direction = "down"

    def __init__(
        self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False, axis=-1
    ):
        super().__init__(
            losses.sparse_categorical_crossentropy, name, dtype, from_logits=from_logits, axis=axis
        )


class KLDivergence(BuiltinMeanWrapper):
    """The mean Kullback-Leibler divergence ``sum(y_true * log(y_true / y_pred))``.

    Args:
        name: the metric's name (``"kl_divergence"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.KLDivergence()
        >>> m.update_state([[0.5, 0.5]], [[0.25, 0.75]])
    """

    _direction = "down"

    def __init__(self, name="kl_divergence", dtype=None):
        super().__init__(losses.kl_divergence, name, dtype)


class Poisson(BuiltinMeanWrapper):
    """The mean Poisson loss ``mean(y_pred - y_true * log(y_pred))``.

    Args:
        name: the metric's name (``"poisson"``).
        dtype: the dtype of the state and result.

    Example:
        >>> m = keras.metrics.Poisson()
        >>> m.update_state([[1.0, 0.0]], [[1.0, 2.0]])
        >>> m.result()   # 1.5
    """

    _direction = "down"

    def __init__(self, name="poisson", dtype=None):
        super().__init__(losses.poisson, name, dtype)
