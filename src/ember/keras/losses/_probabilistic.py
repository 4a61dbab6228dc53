"""Probabilistic losses: the three cross-entropies, Kullback-Leibler divergence, Poisson.

From logits, the cross-entropies call the engine's fused, stable ops
(``tf.nn.sigmoid_cross_entropy_with_logits`` and the two softmax ones), whose
backward pass is ``probabilities - labels``. From probabilities, they clip the
probabilities to ``[epsilon, 1 - epsilon]`` as Keras does, in the fused
primitives of ``_fused.py`` (one recorded op each: the hot path of the books'
softmax and sigmoid classifiers).
"""

import warnings

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.backend import to_numpy
from ember.keras.backend import epsilon
from ember.ops import (
    clip_by_value,
    log,
    reduce_mean,
    reduce_sum,
    transpose,
    where,
)
from ember.ops._crossentropy import (
    softmax_cross_entropy_with_logits,
    sparse_softmax_cross_entropy_with_logits,
)
from ember.ops._nn import sigmoid_cross_entropy_with_logits

from ._fused import (
    binary_crossentropy_from_probabilities,
    categorical_crossentropy_from_probabilities,
    sparse_crossentropy_from_probabilities,
)
from ._loss import _BuiltinLoss, constant, float_tensor, prepare, reduce_weighted_values


def _smoothing(label_smoothing):
    value = float(label_smoothing)
    if not 0.0 <= value <= 1.0:
        raise ValueError(
            "Invalid value for argument `label_smoothing`: expected a float in [0, 1]. "
            f"Received: label_smoothing={label_smoothing!r}"
        )
    return value


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Binary cross-entropy, averaged over ``axis`` (the last one by default).

    ``-(y * log(p) + (1 - y) * log(1 - p))`` with ``p`` clipped to
    ``[epsilon, 1 - epsilon]``; from logits, the stable form
    ``max(x, 0) - x * y + log(1 + exp(-|x|))``.

    Args:
        y_true: labels in [0, 1], shape ``(batch, d0, ..., dN)``.
        y_pred: probabilities (or logits with ``from_logits=True``), same shape.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: squeeze the labels towards 0.5:
            ``y * (1 - label_smoothing) + 0.5 * label_smoothing``.
        axis: the axis the mean is taken over.

    Returns:
        The per-sample losses, shape ``(batch, d0, ..., dN-1)``.

    Example:
        >>> keras.losses.binary_crossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
        >>> # [0.916, 0.714]
    """
    label_smoothing = _smoothing(label_smoothing)
    y_true, y_pred = prepare(y_true, y_pred, "binary_crossentropy")
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        values = sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)
    else:
        values = binary_crossentropy_from_probabilities(y_true, y_pred, epsilon())
    return reduce_mean(values, axis=axis)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Cross-entropy between one-hot (or soft) labels and predicted distributions along ``axis``.

    ``-sum(y * log(p), axis)`` with ``p`` clipped to ``[epsilon, 1 - epsilon]``
    and renormalized to sum to 1; from logits, ``-sum(y * log_softmax(x), axis)``.

    Args:
        y_true: one-hot labels, shape ``(batch, ..., num_classes)``.
        y_pred: probabilities (or logits with ``from_logits=True``), same shape.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: mix the labels with the uniform distribution:
            ``y * (1 - label_smoothing) + label_smoothing / num_classes``.
        axis: the class axis.

    Returns:
        The per-sample losses, the shape of ``y_pred`` without ``axis``.

    Example:
        >>> keras.losses.categorical_crossentropy([[0, 1, 0], [0, 0, 1]],
        ...                                       [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
        >>> # [0.0513, 2.303]
    """
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise ValueError(f"`axis` must be an integer. Received: axis={axis!r}")
    label_smoothing = _smoothing(label_smoothing)
    y_true, y_pred = prepare(y_true, y_pred, "categorical_crossentropy")
    classes = y_pred._value.shape[axis] if y_pred._value.ndim else 1
    if classes == 1:
        warnings.warn(
            "In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, "
            f"num_classes) with num_classes > 1. Received: y_pred.shape={y_pred.shape}. "
            "Consider using 'binary_crossentropy' if you only have 2 classes.",
            UserWarning,
            stacklevel=2,
        )
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / classes
    if from_logits:
        return softmax_cross_entropy_with_logits(labels=y_true, logits=y_pred, axis=axis)
    return categorical_crossentropy_from_probabilities(y_true, y_pred, epsilon(), axis)


def _sparse_labels(y_true, y_pred, axis):
    """Integer class indices of ``y_true`` for predictions ``y_pred`` (classes on ``axis``)."""
    labels = np.asarray(to_numpy(y_true._value) if isinstance(y_true, Tensor) else y_true)
    ndim = y_pred._value.ndim
    if labels.ndim == ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]
    if labels.dtype.kind not in "iu":
        if labels.dtype.kind not in "fb":
            raise TypeError(
                "sparse_categorical_crossentropy: y_true must hold class indices. "
                f"Received: y_true.dtype={labels.dtype.name}"
            )
        labels = labels.astype(np.int64)
    expected = y_pred._value.shape[:axis] + y_pred._value.shape[axis + 1 :]
    if labels.shape != expected:
        raise ValueError(
            "sparse_categorical_crossentropy: y_true must have the shape of y_pred without "
            f"its class axis, {expected} (or with a trailing 1). Received: "
            f"y_true.shape={np.shape(y_true)}, y_pred.shape={tuple(y_pred._value.shape)}"
        )
    return labels


def _sparse_values(y_true, y_pred, from_logits, ignore_class, axis):
    """Per-sample sparse cross-entropies and the mask of samples that count (or None)."""
    y_pred = float_tensor(y_pred)
    ndim = y_pred._value.ndim
    if ndim == 0:
        raise ValueError("sparse_categorical_crossentropy: y_pred must have a class axis")
    axis = int(axis) % ndim
    labels = _sparse_labels(y_true, y_pred, axis)
    if axis != ndim - 1:  # the fused op takes the classes last
        y_pred = transpose(y_pred, [a for a in range(ndim) if a != axis] + [axis])
    mask = None
    if ignore_class is not None:
        mask = labels != ignore_class
        labels = np.where(mask, labels, 0)
    classes = y_pred._value.shape[-1]
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(
            f"sparse_categorical_crossentropy: y_true must hold class indices in "
            f"[0, {classes}) for y_pred with {classes} classes. Received values from "
            f"{labels.min()} to {labels.max()}"
        )
    if from_logits:
        values = sparse_softmax_cross_entropy_with_logits(labels=labels, logits=y_pred)
    else:
        values = sparse_crossentropy_from_probabilities(labels, y_pred, epsilon())
    if mask is not None:
        values = where(constant(mask, bool), values, 0.0)
    return values, mask


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Cross-entropy between integer class labels and predicted distributions.

    ``-log(p[y])`` with ``p`` clipped to ``[epsilon, 1 - epsilon]`` (and
    normalized); from logits, ``logsumexp(x) - x[y]``.

    Args:
        y_true: class indices, shape ``(batch, ...)`` or ``(batch, ..., 1)``.
        y_pred: probabilities (or logits with ``from_logits=True``), shape
            ``(batch, ..., num_classes)``.
        from_logits: whether ``y_pred`` holds logits.
        ignore_class: a label value (e.g. -1 or 255) whose samples get a loss
            of 0; the loss classes leave them out of the mean.
        axis: the class axis of ``y_pred``.

    Returns:
        The per-sample losses, shape ``(batch, ...)``.

    Example:
        >>> keras.losses.sparse_categorical_crossentropy([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
        >>> # [0.0513, 2.303]
    """
    values, _ = _sparse_values(y_true, y_pred, from_logits, ignore_class, axis)
    return values


def kl_divergence(y_true, y_pred):
    """Kullback-Leibler divergence ``sum(y_true * log(y_true / y_pred), -1)``.

    Both are clipped to ``[epsilon, 1]`` first.

    Example:
        >>> keras.losses.kl_divergence([[0.5, 0.5]], [[0.25, 0.75]])
    """
    y_true, y_pred = prepare(y_true, y_pred, "kl_divergence")
    eps = epsilon()
    y_true = clip_by_value(y_true, eps, 1.0)
    y_pred = clip_by_value(y_pred, eps, 1.0)
    return reduce_sum(y_true * log(y_true / y_pred), axis=-1)


kld = KLD = kullback_leibler_divergence = kl_divergence


def poisson(y_true, y_pred):
    """Poisson negative log-likelihood without its constant, averaged over the last axis.

    ``mean(y_pred - y_true * log(y_pred + epsilon), -1)``.

    Example:
        >>> keras.losses.poisson([[1.0, 0.0]], [[1.0, 2.0]])   # [1.5]
    """
    y_true, y_pred = prepare(y_true, y_pred, "poisson")
    return reduce_mean(y_pred - y_true * log(y_pred + epsilon()), axis=-1)


class BinaryCrossentropy(_BuiltinLoss):
    """Binary cross-entropy between labels in [0, 1] and predicted probabilities (or logits).

    Args:
        from_logits: whether ``y_pred`` holds logits (more stable) rather than probabilities.
        label_smoothing: squeeze the labels towards 0.5 by this amount.
        axis: the axis the per-sample mean is taken over.
        reduction: see ``Loss``.
        name: the loss' name (``"binary_crossentropy"``).
        dtype: see ``Loss``.

    Example:
        >>> bce = keras.losses.BinaryCrossentropy()
        >>> bce([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])   # 0.815
    """

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="binary_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_crossentropy,
            reduction,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=_smoothing(label_smoothing),
            axis=axis,
        )


class CategoricalCrossentropy(_BuiltinLoss):
    """Cross-entropy between one-hot labels and predicted class distributions (or logits).

    Args:
        from_logits: whether ``y_pred`` holds logits rather than probabilities.
        label_smoothing: mix the labels with the uniform distribution by this amount.
        axis: the class axis.
        reduction: see ``Loss``.
        name: the loss' name (``"categorical_crossentropy"``).
        dtype: see ``Loss``.

    Example:
        >>> cce = keras.losses.CategoricalCrossentropy()
        >>> cce([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])   # 1.177
    """

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_crossentropy,
            reduction,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=_smoothing(label_smoothing),
            axis=axis,
        )


class SparseCategoricalCrossentropy(_BuiltinLoss):
    """Cross-entropy between integer labels and predicted class distributions (or logits).

    Args:
        from_logits: whether ``y_pred`` holds logits rather than probabilities.
        ignore_class: a label value whose samples are left out (loss 0, not
            counted in ``"sum_over_batch_size"``), e.g. a padding class.
        reduction: see ``Loss``.
        name: the loss' name (``"sparse_categorical_crossentropy"``).
        dtype: see ``Loss``.

    Example:
        >>> scce = keras.losses.SparseCategoricalCrossentropy()
        >>> scce([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])   # 1.177
    """

    def __init__(
        self,
        from_logits=False,
        ignore_class=None,
        reduction="sum_over_batch_size",
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            reduction,
            name,
            dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
        )

    def __call__(self, y_true, y_pred, sample_weight=None):
        # Labels are indices: they skip the float cast and rank matching of Loss.__call__.
        y_pred = float_tensor(y_pred, self._dtype)
        values, mask = _sparse_values(y_true, y_pred, self.from_logits, self.ignore_class, -1)
        return reduce_weighted_values(values, sample_weight, self.reduction, mask)


class KLDivergence(_BuiltinLoss):
    """Kullback-Leibler divergence ``sum(y_true * log(y_true / y_pred))`` per sample.

    Example:
        >>> keras.losses.KLDivergence()([[0.5, 0.5]], [[0.25, 0.75]])
    """

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, reduction, name, dtype)


class Poisson(_BuiltinLoss):
    """Poisson loss ``mean(y_pred - y_true * log(y_pred + epsilon))`` per sample.

    Example:
        >>> keras.losses.Poisson()([[1.0, 0.0]], [[1.0, 2.0]])   # 1.5
    """

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, reduction, name, dtype)
