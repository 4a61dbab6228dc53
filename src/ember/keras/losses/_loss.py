"""The ``Loss`` base class, reductions, sample weights and shape standardization.

A loss object turns per-sample values (``call``) into one number: sample
weights multiply the values, then ``reduction`` sums them (``"sum"``) or
averages them over every element (``"sum_over_batch_size"``, Keras' default).
Before anything is computed, ``y_true`` and ``y_pred`` are brought to the same
rank the way Keras does it, so a target of shape ``(n,)`` against a prediction
of shape ``(n, 1)`` never broadcasts into an ``(n, n)`` loss.
"""

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.backend import floatx, to_numpy, xp
from ember.ops import cast, expand_dims, reduce_sum, reshape, squeeze
from ember.ops._core import as_tensor

_REDUCTIONS = ("sum_over_batch_size", "sum", "none", None, "mean", "mean_with_sample_weight")


class Reduction:
    """The reduction names (``keras.losses.Reduction`` of TensorFlow 2.0, kept for old code).

    ``AUTO`` means ``SUM_OVER_BATCH_SIZE``, the default.
    """

    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls):
        return (cls.AUTO, cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)

    @classmethod
    def validate(cls, key):
        standardize_reduction(key)


def standardize_reduction(reduction):
    """Check ``reduction`` and return it (TensorFlow 2.0's ``"auto"`` becomes the default)."""
    if reduction == "auto":
        return "sum_over_batch_size"
    if reduction not in _REDUCTIONS:
        raise ValueError(
            f"Invalid value for argument `reduction`. Expected one of {list(_REDUCTIONS)}. "
            f"Received: reduction={reduction!r}"
        )
    return reduction


# -- tensors and shapes -----------------------------------------------------------------


def float_tensor(y_pred, dtype=None):
    """``y_pred`` as a floating tensor (cast to ``dtype`` if given; ints become floatx)."""
    tensor = as_tensor(y_pred)  # variables are read, as every op reads them
    if dtype is not None:
        return cast(tensor, dtype)
    if tensor._value.dtype.kind != "f":
        return cast(tensor, floatx())
    return tensor


def cast_like(y_true, y_pred):
    """``y_true`` as a tensor with ``y_pred``'s dtype (tensors are cast, data converted)."""
    dtype = y_pred._value.dtype
    if isinstance(y_true, Tensor):
        return cast(y_true, dtype)  # no-op for a tensor of that dtype; reads a variable
    return constant(y_true, dtype)


def constant(data, dtype):
    """Data (NumPy, lists, scalars) as an untracked tensor of the backend's arrays."""
    return Tensor(xp.asarray(data, dtype=dtype))


def _shape(x):
    return tuple(x._value.shape) if isinstance(x, Tensor) else np.shape(x)


def _squeeze_last(x):
    if isinstance(x, Tensor):
        return squeeze(x, -1)
    return np.asarray(x)[..., 0]


def _expand_last(x):
    if isinstance(x, Tensor):
        return expand_dims(x, -1)
    return np.asarray(x)[..., None]


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Make ranks equal when they differ by one and the longer has a last axis of 1.

    As in Keras: a rank-1 partner is expanded to ``(n, 1)`` (when
    ``expand_rank_1``); otherwise the trailing axis of length 1 is squeezed.
    Works on tensors (with ember ops) and on NumPy data (without recording).
    """
    shape1, shape2 = _shape(x1), _shape(x2)
    rank1, rank2 = len(shape1), len(shape2)
    if rank1 == rank2 + 1 and shape1[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = _expand_last(x2)
        else:
            x1 = _squeeze_last(x1)
    elif rank2 == rank1 + 1 and shape2[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = _expand_last(x1)
        else:
            x2 = _squeeze_last(x2)
    return x1, x2


def shape_mismatch(what, y_true_shape, y_pred_shape):
    return ValueError(
        f"{what}: y_true and y_pred must have the same shape (a trailing axis of length 1 is "
        f"added or removed to match ranks, never broadcast). Received: "
        f"y_true.shape={tuple(y_true_shape)}, y_pred.shape={tuple(y_pred_shape)}"
    )


def prepare(y_true, y_pred, what):
    """Standardize a ``(y_true, y_pred)`` pair for an elementwise loss.

    ``y_pred`` becomes a float tensor, ``y_true`` a tensor of the same dtype,
    their ranks are matched as Keras does, and their shapes must then be equal.
    """
    y_pred = float_tensor(y_pred)
    if not isinstance(y_true, Tensor):
        y_true = np.asarray(y_true)
    shapes = _shape(y_true), y_pred._value.shape
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_true = cast_like(y_true, y_pred)
    if y_true._value.shape != y_pred._value.shape:
        raise shape_mismatch(what, *shapes)
    return y_true, y_pred


# -- reduction --------------------------------------------------------------------------


def _weights_like(sample_weight, values):
    """``sample_weight`` aligned with ``values``: ranks matched, then broadcastable."""
    weight = cast_like(sample_weight, values)
    values, weight = squeeze_or_expand_to_same_rank(values, weight)
    wshape, vshape = weight._value.shape, values._value.shape
    if len(wshape) < len(vshape):  # per-sample weights apply to every entry of the sample
        weight = reshape(weight, wshape + (1,) * (len(vshape) - len(wshape)))
        wshape = weight._value.shape
    try:
        broadcast = np.broadcast_shapes(wshape, vshape)
    except ValueError:
        broadcast = None
    if broadcast != vshape:
        raise ValueError(
            "sample_weight cannot be broadcast to the shape of the per-sample losses. "
            f"Received: sample_weight.shape={_shape(sample_weight)}, losses.shape={vshape}"
        )
    return values, weight


def _mask_weights(mask, dtype, reduction):
    """Keras' masking: masked entries weigh 0, and means count only the valid ones."""
    weight = mask.astype(dtype)
    if reduction in ("sum_over_batch_size", "mean"):
        valid = weight.sum()
        weight *= weight.size / valid if valid else 0
    return weight


def reduce_weighted_values(values, sample_weight=None, reduction="sum_over_batch_size", mask=None):
    """Weight ``values`` and reduce them to a scalar as ``reduction`` says.

    Args:
        values: a float tensor of per-sample (or per-element) losses.
        sample_weight: None, a scalar, or weights broadcastable to ``values``
            after their ranks are matched (``(n,)`` weighs whole samples).
        reduction: one of ``"sum_over_batch_size"``/``"mean"`` (the sum divided
            by the number of elements), ``"sum"``, ``"mean_with_sample_weight"``
            (the sum divided by the sum of the weights), ``"none"`` or None.
        mask: an optional bool NumPy array of ``values``' shape; masked entries
            count neither in the sum nor in the number of elements.

    Returns:
        A scalar tensor, or the weighted values for ``"none"``/None.
    """
    reduction = standardize_reduction(reduction)
    if mask is not None:
        mask_weight = _mask_weights(mask, values._value.dtype, reduction)
        if sample_weight is None:
            sample_weight = mask_weight
        else:
            mask_weight, user_weight = squeeze_or_expand_to_same_rank(
                mask_weight, np.asarray(_numpy(sample_weight), dtype=mask_weight.dtype)
            )
            sample_weight = mask_weight * user_weight
    if sample_weight is not None:
        values, sample_weight = _weights_like(sample_weight, values)
        values = values * sample_weight
    shape = values._value.shape
    if reduction in (None, "none") or shape == () or shape == (0,):
        return values
    if values._value.size == 0:
        return constant(0, values._value.dtype)
    if reduction == "sum":
        return reduce_sum(values)
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        total = float(np.sum(_numpy(sample_weight)))  # the weights as given, as Keras sums them
        return reduce_sum(values) / total if total else reduce_sum(values) * 0
    return reduce_sum(values) / values._value.size


def _numpy(x):
    return to_numpy(x._value) if isinstance(x, Tensor) else np.asarray(x)


# -- the base classes ---------------------------------------------------------------------


class Loss:
    """Base class of losses: subclass it and override ``call(y_true, y_pred)``.

    Calling a loss object standardizes the shapes, computes ``call`` (one value
    per sample, or per element), applies ``sample_weight`` and reduces.

    Args:
        name: the loss' name (the class name in snake case by default).
        reduction: ``"sum_over_batch_size"`` (default; ``"auto"`` is accepted
            from TensorFlow 2.0), ``"sum"``, ``"mean"``,
            ``"mean_with_sample_weight"``, ``"none"`` or None.
        dtype: the dtype to compute in. By default ``y_pred``'s floating
            dtype (as in TensorFlow 2.0), ``floatx()`` for integer predictions.

    Example:
        >>> class HuberLoss(keras.losses.Loss):
        ...     def __init__(self, threshold=1.0, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.threshold = threshold
        ...     def call(self, y_true, y_pred):
        ...         error = y_true - y_pred
        ...         small = tf.abs(error) < self.threshold
        ...         return tf.where(small, tf.square(error) / 2,
        ...                         self.threshold * tf.abs(error) - self.threshold**2 / 2)
        ...     def get_config(self):
        ...         return {**super().get_config(), "threshold": self.threshold}
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        if name is not None and not isinstance(name, str):
            raise TypeError(f"A loss name must be a string. Received: name={name!r}")
        self.name = name or _snake_case(type(self).__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype = None if dtype is None else np.dtype(dtype).name

    @property
    def dtype(self):
        """The dtype the loss computes in (``floatx()`` unless given)."""
        return self._dtype or floatx()

    def __call__(self, y_true, y_pred, sample_weight=None):
        y_pred = float_tensor(y_pred, self._dtype)
        if not isinstance(y_true, Tensor):
            y_true = np.asarray(y_true)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        values, mask = self._values_and_mask(cast_like(y_true, y_pred), y_pred)
        if not isinstance(values, Tensor):
            values = float_tensor(values)
        return reduce_weighted_values(values, sample_weight, self.reduction, mask)

    def _values_and_mask(self, y_true, y_pred):
        """Per-sample values and an optional bool mask of the entries that count."""
        return self.call(y_true, y_pred), None

    def call(self, y_true, y_pred):
        """Per-sample losses; subclasses implement it."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement call(y_true, y_pred) to be used as a loss"
        )

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r} reduction={self.reduction!r}>"


class LossFunctionWrapper(Loss):
    """A ``Loss`` from a function ``fn(y_true, y_pred, **kwargs)`` of per-sample losses.

    Args:
        fn: the loss function.
        reduction: see ``Loss``.
        name: the loss' name (``fn``'s name by default).
        dtype: see ``Loss``.
        **kwargs: passed to ``fn`` on every call.

    Example:
        >>> loss = keras.losses.LossFunctionWrapper(keras.losses.huber, delta=2.0)
        >>> loss([[0.0], [4.0]], [[1.0], [0.0]])   # (0.5 + 6) / 2
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        if not callable(fn):
            raise TypeError(f"LossFunctionWrapper needs a callable fn. Received: fn={fn!r}")
        super().__init__(
            name=name or _snake_case(getattr(fn, "__name__", type(fn).__name__)),
            reduction=reduction,
            dtype=dtype,
        )
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        from ember.keras.saving import serialize_keras_object

        return {**super().get_config(), "fn": serialize_keras_object(self.fn), **self._fn_kwargs}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "fn" in config:
            from . import deserialize

            config["fn"] = deserialize(config["fn"])
        return cls(**config)

    def __repr__(self):
        name = getattr(self.fn, "__name__", self.fn)
        return f"<{type(self).__name__}({name}, kwargs={self._fn_kwargs})>"


class _BuiltinLoss(LossFunctionWrapper):
    """A built-in loss class: its function is fixed, its config lists its own arguments."""

    def __init__(self, fn, reduction, name, dtype, **kwargs):
        super().__init__(fn, reduction=reduction, name=name, dtype=dtype, **kwargs)
        for key, value in kwargs.items():
            setattr(self, key, value)

    def get_config(self):
        return {**Loss.get_config(self), **self._fn_kwargs}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _snake_case(name):
    out = []
    for i, char in enumerate(name):
        if (
            char.isupper()
            and i
            and (not name[i - 1].isupper() or (i + 1 < len(name) and name[i + 1].islower()))
        ):
            out.append("_")
        out.append(char.lower())
    return "".join(out)
