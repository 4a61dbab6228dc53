"""``to_categorical`` (one-hot class matrices) and ``normalize`` (unit-norm rows)."""

import numbers

import numpy as np

from ember.autodiff import Tensor, convert_to_tensor
from ember.backend import as_dtype
from ember.keras.backend import epsilon as backend_epsilon
from ember.ops import abs as _abs
from ember.ops import maximum, pow, reduce_max, reduce_sum, rsqrt, square


def to_categorical(x, num_classes=None, dtype="float32"):
    """Convert a vector of class indices to a one-hot (binary class) matrix.

    An input of shape ``(n,)`` gives ``(n, num_classes)``; a trailing axis of
    size 1 is dropped first, so ``(n, 1)`` also gives ``(n, num_classes)``, and
    any other shape gains a last axis of size ``num_classes``.

    Args:
        x: Array-like of integer class indices, from 0 to ``num_classes - 1``.
        num_classes: Number of classes; ``None`` means ``max(x) + 1``.
        dtype: dtype of the result (Keras 2's argument; ``"float32"``, which
            ember models take as they are).

    Returns:
        A NumPy array with the class axis last (an ember tensor when ``x`` is
        one).

    Raises:
        ValueError: If a value is not a whole number in ``[0, num_classes)``.

    Example:
        >>> to_categorical([0, 2, 1], num_classes=3)
        array([[1., 0., 0.],
               [0., 0., 1.],
               [0., 1., 0.]], dtype=float32)
    """
    if isinstance(x, Tensor):
        return Tensor(to_categorical(x.numpy(), num_classes, dtype))
    values = np.asarray(x)
    if values.dtype.kind not in "biuf" or (
        values.dtype.kind == "f" and not np.array_equal(values, np.round(values))
    ):
        raise ValueError(
            "to_categorical expects integer class indices. "
            f"Received: x with dtype {values.dtype.name}"
            + ("" if values.dtype.kind not in "f" else " and non-integer values")
        )
    values = values.astype(np.int64)
    shape = values.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    values = values.reshape(-1)
    if num_classes is None:
        num_classes = int(values.max()) + 1 if values.size else 0
    elif isinstance(num_classes, bool) or not isinstance(num_classes, numbers.Integral):
        raise ValueError(
            "`num_classes` must be a positive integer or None. "
            f"Received: num_classes={num_classes!r}"
        )
    num_classes = int(num_classes)
    if values.size and (values.min() < 0 or values.max() >= num_classes):
        raise ValueError(
            f"to_categorical expects class indices in [0, {num_classes}) for "
            f"num_classes={num_classes}. Received values from {values.min()} to {values.max()}"
        )
    categorical = np.zeros((values.size, num_classes), dtype=as_dtype(dtype))
    categorical[np.arange(values.size), values] = 1
    return categorical.reshape(shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Divide ``x`` by its ``order``-norm along ``axis``.

    A NumPy array (or array-like) gives a NumPy array, where all-zero slices
    are left at zero. An ember tensor gives a differentiable tensor, computed
    as Keras 3's ``ops.normalize`` does: the norm is floored at
    ``keras.backend.epsilon()``.

    Args:
        x: Array or tensor to normalize.
        axis: Axis (or axes) along which to normalize.
        order: Order of the norm (``2`` for the Euclidean norm).

    Returns:
        A normalized copy of ``x``.

    Example:
        >>> normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
        array([[0.6, 0.8],
               [0. , 0. ]])
    """
    if isinstance(x, Tensor):
        return normalize_tensor(x, axis=axis, order=order)
    x = np.asarray(x)
    norm = np.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    norm[norm == 0] = 1
    return x / norm


def normalize_tensor(x, axis=-1, order=2, epsilon=None):
    """``x / max(norm(x), epsilon)`` along ``axis``, made of differentiable ops."""
    if isinstance(order, bool) or not (
        (isinstance(order, numbers.Integral) and order >= 1) or order == np.inf
    ):
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order!r}")
    x = convert_to_tensor(x)
    epsilon = backend_epsilon() if epsilon is None else epsilon
    # The floor is applied before the root, so an all-zero slice gets a zero
    # gradient rather than 0 * inf.
    if order == 2:
        return x * rsqrt(maximum(reduce_sum(square(x), axis=axis, keepdims=True), epsilon**2))
    if order == np.inf:
        return x / maximum(reduce_max(_abs(x), axis=axis, keepdims=True), epsilon)
    total = reduce_sum(pow(_abs(x), float(order)), axis=axis, keepdims=True)
    return x / pow(maximum(total, epsilon**order), 1 / order)
