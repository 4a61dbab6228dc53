"""Checks and conversions of optimizer arguments, with Keras' error messages."""

import numbers
import re

from ember.autodiff import Tensor
from ember.backend import to_numpy
from ember.keras.backend import epsilon as backend_epsilon


def as_real(value):
    """``value`` as a Python float if it is a real number (or 0-d tensor), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, Tensor) and value.shape == () and value.dtype.kind in "fiu":
        return float(to_numpy(value._value))
    return None


def _check_number(name, value, low, low_inclusive=True):
    """Raise unless ``value`` is None or a real number >= low (> low if not inclusive)."""
    if value is None:
        return
    number = as_real(value)
    if number is None or number < low or (number == low and not low_inclusive):
        bound = f">= {low}" if low_inclusive else f"> {low}"
        raise ValueError(f"`{name}` must be None or a number {bound}. Received: {name}={value!r}")


def _check_integer(name, value, low):
    if value and (not isinstance(value, numbers.Integral) or value < low):
        raise ValueError(f"`{name}` must be an integer >= {low}. Received: {name}={value}")


def check_base_arguments(
    clipnorm,
    clipvalue,
    global_clipnorm,
    weight_decay,
    use_ema,
    ema_momentum,
    ema_overwrite_frequency,
    loss_scale_factor,
    gradient_accumulation_steps,
    decay,
):
    """Raise a ValueError naming the first invalid argument of ``Optimizer``."""
    if sum(a is not None for a in (clipnorm, clipvalue, global_clipnorm)) > 1:
        raise ValueError(
            "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
            f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
            f"global_clipnorm={global_clipnorm}"
        )
    for name, value in (
        ("clipnorm", clipnorm),
        ("clipvalue", clipvalue),
        ("global_clipnorm", global_clipnorm),
        ("decay", decay),
    ):
        _check_number(name, value, 0.0)
    _check_number("loss_scale_factor", loss_scale_factor, 0.0, low_inclusive=False)
    if weight_decay is not None and as_real(weight_decay) is None:
        raise ValueError(
            f"`weight_decay` must be a float or None. Received: weight_decay={weight_decay!r}"
        )
    _check_integer("gradient_accumulation_steps", gradient_accumulation_steps, 2)
    if use_ema:
        if as_real(ema_momentum) is None or not 0 <= ema_momentum <= 1:
            raise ValueError(
                f"`ema_momentum` must be in the range [0, 1]. Received: ema_momentum={ema_momentum}"
            )
        _check_integer("ema_overwrite_frequency", ema_overwrite_frequency, 1)


def default_epsilon(epsilon):
    """``epsilon``, or ``keras.backend.epsilon()`` for None (Keras 2's default)."""
    return backend_epsilon() if epsilon is None else epsilon


def snake_case(name):
    """``"AdamW"`` -> ``"adam_w"``: the default name of an optimizer class."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
