"""What the monitoring callbacks share: which way is better, and the learning rate.

``EarlyStopping``, ``ModelCheckpoint`` and ``ReduceLROnPlateau`` watch one value
of the epoch logs (``monitor``) and compare it with the best seen so far. In
``mode="auto"`` the direction comes, as in Keras 3, from the loss (``loss``,
``val_loss``, ``<output>_loss``: lower is better) or from the compiled metric
of that name (its ``_direction``); names the model does not know fall back to
the usual spellings (``acc``, ``accuracy``, ``auc``, ``precision``, ``recall``
are maximised; errors and cross-entropies minimised).
"""

import warnings

import numpy as np

_MAXIMISED = ("acc", "auc", "precision", "recall", "fmeasure", "f1", "iou", "r2")
_MINIMISED = (
    "loss",
    "error",
    "mse",
    "mae",
    "mape",
    "msle",
    "crossentropy",
    "hinge",
    "poisson",
    "divergence",
    "logcosh",
)


def check_mode(callback_name, mode):
    """``mode`` if it is one of auto/min/max; otherwise Keras' warning and ``"auto"``."""
    if mode not in ("auto", "min", "max"):
        warnings.warn(
            f"{callback_name} mode '{mode}' is unknown, fallback to auto mode.", stacklevel=3
        )
        return "auto"
    return mode


def direction(callback_name, monitor, mode, model, default=None):
    """``"max"`` or ``"min"``: how ``monitor`` improves.

    Args:
        callback_name: the class name, for the error message.
        monitor: the name in the logs (``"val_accuracy"``).
        mode: ``"auto"``, ``"min"`` or ``"max"``.
        model: the model whose compiled metrics are looked up (may be None).
        default: the answer when ``mode="auto"`` cannot tell; None raises.

    Raises:
        ValueError: ``mode="auto"``, the direction cannot be inferred and no
            ``default`` is given.
    """
    if mode in ("min", "max"):
        return mode
    name = monitor[4:] if monitor.startswith("val_") else monitor
    if name == "loss" or name.endswith("_loss"):
        return "min"
    for metric in getattr(model, "metrics", None) or []:
        if getattr(metric, "name", None) == name and getattr(metric, "_direction", None):
            return "max" if metric._direction == "up" else "min"
    lowered = name.lower()
    if any(word in lowered for word in _MAXIMISED):
        return "max"
    if any(word in lowered for word in _MINIMISED):
        return "min"
    if default is not None:
        return default
    raise ValueError(
        f"{callback_name} callback received monitor={monitor}, but ember isn't able to "
        "automatically determine whether that metric should be maximized or minimized. "
        "Pass `mode='max'` in order to monitor based on the highest metric value, or pass "
        "`mode='min'` in order to use the lowest value."
    )


def is_improvement(value, reference, mode, min_delta=0.0):
    """Whether ``value`` beats ``reference`` by more than ``min_delta`` (None: always)."""
    if reference is None:
        return True
    if mode == "max":
        return bool(value - min_delta > reference)
    return bool(value + min_delta < reference)


def scalar(value):
    """A log value as a Python float (None if it is not a single number)."""
    if value is None or isinstance(value, str):
        return None
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return float(array) if array.ndim == 0 else None


def optimizer_of(callback):
    """The model's optimizer, or a clear error when there is none."""
    optimizer = getattr(callback.model, "optimizer", None)
    if optimizer is None or not hasattr(optimizer, "learning_rate"):
        raise ValueError(
            f"{type(callback).__name__} needs a compiled model whose optimizer has a "
            f'"learning_rate" attribute. Received: optimizer={optimizer!r}'
        )
    return optimizer


def get_learning_rate(optimizer):
    """The optimizer's current learning rate as a Python float."""
    return float(np.asarray(optimizer.learning_rate, dtype=np.float64))


def set_learning_rate(optimizer, value):
    """Give the optimizer a new constant learning rate (a Python float)."""
    optimizer.learning_rate = float(value)
