"""Learning-rate schedules: functions of the optimizer step, as in Keras 3.

A schedule is called with the step (an int, a NumPy array or an ember tensor,
such as ``optimizer.iterations``) and returns the learning rate as a float
tensor of the default float type. The formulas are computed in float64 with
NumPy, so an array of steps gives an array of rates (handy for plotting a
schedule).
"""

import math

import numpy as np

from ember.autodiff import Tensor, convert_to_tensor
from ember.backend import floatx, to_numpy
from ember.keras.saving._serialization import (
    custom_object_scope,
    deserialize_keras_object,
    serialize_keras_object,
)


def _as_float_array(step):
    """The step (int, array, tensor or variable) as a float64 NumPy array."""
    if isinstance(step, Tensor):
        step = to_numpy(step._value)
    return np.asarray(step, dtype=np.float64)


def _as_float(value):
    """A Python float from a number, a 0-d array or a tensor (a variable too)."""
    if isinstance(value, Tensor):
        value = to_numpy(value._value)
    return float(value)


def _rate(value):
    """Return a float64 result as a tensor of the default float type."""
    return convert_to_tensor(np.asarray(value, dtype=floatx()))


def _check_positive(name, value):
    if value <= 0:
        raise ValueError(f"Argument `{name}` must be > 0. Received: {name}={value}")


class LearningRateSchedule:
    """The base class of learning-rate schedules.

    A subclass implements ``__call__(step)``, returning the learning rate at
    optimizer step ``step``, and ``get_config()`` to be serializable. An
    instance can be passed as the ``learning_rate`` of any optimizer, which
    calls it with ``optimizer.iterations`` before each update.

    Example:
        >>> class InverseSqrt(LearningRateSchedule):
        ...     def __init__(self, initial_learning_rate):
        ...         self.initial_learning_rate = initial_learning_rate
        ...     def __call__(self, step):
        ...         return self.initial_learning_rate / (float(step) + 1) ** 0.5
        ...     def get_config(self):
        ...         return {"initial_learning_rate": self.initial_learning_rate}
        >>> InverseSqrt(0.1)(3)
        0.05
    """

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override `__call__(self, step)`."
        )

    def get_config(self):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override "
            "`get_config()` in order to be serializable."
        )

    @classmethod
    def from_config(cls, config):
        """Instantiate a schedule from the output of ``get_config()``."""
        return cls(**config)


class _BuiltinSchedule(LearningRateSchedule):
    """A schedule whose config is its constructor's arguments, kept as attributes."""

    _CONFIG = ()

    def get_config(self):
        return {key: getattr(self, key) for key in self._CONFIG}


class _TimeDecay(_BuiltinSchedule):
    """The arguments shared by ``ExponentialDecay`` and ``InverseTimeDecay``."""

    _CONFIG = ("initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name")

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase, name):
        super().__init__()
        _check_positive("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def _periods(self, step):
        """``step / decay_steps``, floored with ``staircase``."""
        periods = _as_float_array(step) / float(self.decay_steps)
        return np.floor(periods) if self.staircase else periods


class ExponentialDecay(_TimeDecay):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)``.

    With ``staircase=True`` the exponent is ``floor(step / decay_steps)``, so
    the rate drops at discrete intervals. This is *Hands-On ML*'s exponential
    scheduling: ``ExponentialDecay(0.01, decay_steps=s, decay_rate=0.1)``
    divides the rate by 10 every ``s`` steps.

    Args:
        initial_learning_rate: the learning rate at step 0.
        decay_steps: a positive number of steps (see the formula).
        decay_rate: the factor applied every ``decay_steps`` steps.
        staircase: whether to decay at discrete intervals.
        name: the schedule's name.

    Example:
        >>> schedule = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
        >>> round(float(schedule(20)), 6)
        0.025
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="ExponentialDecay",
    ):
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        rate = np.power(float(self.decay_rate), self._periods(step))
        return _rate(_as_float(self.initial_learning_rate) * rate)


class PiecewiseConstantDecay(_BuiltinSchedule):
    """A rate that is constant between step boundaries.

    The rate is ``values[0]`` while ``step <= boundaries[0]``, ``values[1]``
    while ``boundaries[0] < step <= boundaries[1]``, ..., and ``values[-1]``
    once ``step > boundaries[-1]``.

    Args:
        boundaries: increasing step numbers.
        values: the rates, one more than ``boundaries``.
        name: the schedule's name.

    Example:
        >>> schedule = PiecewiseConstantDecay([100, 200], [0.1, 0.01, 0.001])
        >>> [round(float(schedule(s)), 4) for s in (100, 101, 250)]
        [0.1, 0.01, 0.001]
    """

    _CONFIG = ("boundaries", "values", "name")

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        super().__init__()
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values. "
                f"Received: boundaries={boundaries} of length {len(boundaries)}, and "
                f"values={values} of length {len(values)}."
            )
        bounds = [_as_float(b) for b in boundaries]
        if any(later <= earlier for earlier, later in zip(bounds, bounds[1:])):
            raise ValueError(
                f"`boundaries` must be strictly increasing. Received: boundaries={boundaries}"
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        bounds = np.array([_as_float(b) for b in self.boundaries], dtype=np.float64)
        values = np.array([_as_float(v) for v in self.values], dtype=np.float64)
        # The number of boundaries strictly below the step picks the interval.
        return _rate(values[np.searchsorted(bounds, _as_float_array(step), side="left")])


class PolynomialDecay(_BuiltinSchedule):
    """A polynomial decay from ``initial_learning_rate`` to ``end_learning_rate``.

    ``(initial - end) * (1 - step / decay_steps) ** power + end``, with ``step``
    capped at ``decay_steps``. With ``cycle=True``, ``decay_steps`` becomes the
    first multiple of itself not below ``step`` instead, so the decay restarts.

    Args:
        initial_learning_rate: the learning rate at step 0.
        decay_steps: a positive number of steps to decay over.
        end_learning_rate: the final learning rate.
        power: the power of the polynomial (1.0 is a linear decay).
        cycle: whether to restart the decay after ``decay_steps``.
        name: the schedule's name.

    Example:
        >>> schedule = PolynomialDecay(0.1, decay_steps=100, end_learning_rate=0.0)
        >>> round(float(schedule(25)), 6)
        0.075
    """

    _CONFIG = (
        "initial_learning_rate",
        "decay_steps",
        "end_learning_rate",
        "power",
        "cycle",
        "name",
    )

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        end_learning_rate=0.0001,
        power=1.0,
        cycle=False,
        name="PolynomialDecay",
    ):
        super().__init__()
        _check_positive("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        step = _as_float_array(step)
        decay_steps = float(self.decay_steps)
        if self.cycle:
            multiplier = np.where(step == 0, 1.0, np.ceil(step / decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            step = np.minimum(step, decay_steps)
        initial = _as_float(self.initial_learning_rate)
        end = _as_float(self.end_learning_rate)
        fraction_left = 1.0 - step / decay_steps
        return _rate((initial - end) * np.power(fraction_left, float(self.power)) + end)


class InverseTimeDecay(_TimeDecay):
    """``initial_learning_rate / (1 + decay_rate * step / decay_steps)``.

    With ``staircase=True`` the quotient is ``floor(step / decay_steps)``. This
    is *Hands-On ML*'s power scheduling with ``c = 1``, and the same decay as
    the Keras 2 ``decay=`` argument of optimizers (``decay_steps=1``).

    Args:
        initial_learning_rate: the learning rate at step 0.
        decay_steps: a positive number of steps (see the formula).
        decay_rate: the decay rate.
        staircase: whether to decay at discrete intervals.
        name: the schedule's name.

    Example:
        >>> schedule = InverseTimeDecay(0.1, decay_steps=1.0, decay_rate=0.5)
        >>> round(float(schedule(2)), 6)
        0.05
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="InverseTimeDecay",
    ):
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        denominator = 1.0 + float(self.decay_rate) * self._periods(step)
        return _rate(_as_float(self.initial_learning_rate) / denominator)


def _cosine(fraction, alpha):
    """``(1 - alpha) * (1 + cos(pi * fraction)) / 2 + alpha``."""
    return (1.0 - alpha) * 0.5 * (1.0 + np.cos(math.pi * fraction)) + alpha


class CosineDecay(_BuiltinSchedule):
    """A cosine decay (SGDR without restarts), with an optional linear warmup.

    Without ``warmup_target`` the rate goes from ``initial_learning_rate`` to
    ``initial_learning_rate * alpha`` over ``decay_steps``:
    ``initial * ((1 - alpha) * (1 + cos(pi * min(step, decay_steps) /
    decay_steps)) / 2 + alpha)``. With ``warmup_target``, the rate first rises
    linearly from ``initial_learning_rate`` to ``warmup_target`` over
    ``warmup_steps``, then decays from ``warmup_target`` as above.
    See Loshchilov & Hutter, https://arxiv.org/abs/1608.03983.

    Args:
        initial_learning_rate: the learning rate at step 0.
        decay_steps: a positive number of steps to decay over.
        alpha: the final rate as a fraction of the rate the decay starts from.
        name: the schedule's name.
        warmup_target: the rate reached at the end of the warmup (None: no
            warmup).
        warmup_steps: the number of warmup steps.

    Example:
        >>> schedule = CosineDecay(0.1, decay_steps=100)
        >>> round(float(schedule(50)), 6)
        0.05
    """

    _CONFIG = (
        "initial_learning_rate",
        "decay_steps",
        "alpha",
        "name",
        "warmup_target",
        "warmup_steps",
    )

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        alpha=0.0,
        name="CosineDecay",
        warmup_target=None,
        warmup_steps=0,
    ):
        super().__init__()
        _check_positive("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target

    def __call__(self, step):
        step = _as_float_array(step)
        initial = _as_float(self.initial_learning_rate)
        decay_steps = float(self.decay_steps)
        alpha = float(self.alpha)
        if self.warmup_target is None:
            fraction = np.minimum(step, decay_steps) / decay_steps
            return _rate(initial * _cosine(fraction, alpha))
        target = _as_float(self.warmup_target)
        warmup_steps = float(self.warmup_steps)
        step = np.minimum(step, decay_steps + warmup_steps)
        # The warmup branch is only taken where step < warmup_steps (so > 0).
        warmup = initial + (target - initial) * step / max(warmup_steps, 1.0)
        decay = target * _cosine((step - warmup_steps) / decay_steps, alpha)
        return _rate(np.where(step < warmup_steps, warmup, decay))


class CosineDecayRestarts(_BuiltinSchedule):
    """A cosine decay with warm restarts (SGDR).

    The first period decays the rate from ``initial_learning_rate`` towards
    ``alpha * initial_learning_rate`` over ``first_decay_steps``; then the rate
    restarts. Period ``i`` lasts ``first_decay_steps * t_mul ** i`` steps and
    starts from ``initial_learning_rate * m_mul ** i``: the rate is
    ``initial * ((1 - alpha) * m_mul ** i * (1 + cos(pi * f)) / 2 + alpha)``
    where ``f`` is the fraction of period ``i`` completed.
    See Loshchilov & Hutter, https://arxiv.org/abs/1608.03983.

    Args:
        initial_learning_rate: the learning rate at step 0.
        first_decay_steps: a positive number of steps in the first period.
        t_mul: how much longer each period is than the previous one.
        m_mul: how much lower each restart starts than the previous one.
        alpha: the final rate as a fraction of ``initial_learning_rate``.
        name: the schedule's name.

    Example:
        >>> schedule = CosineDecayRestarts(0.1, first_decay_steps=10, t_mul=2.0, m_mul=0.5)
        >>> round(float(schedule(10)), 6)  # the first restart
        0.05
    """

    _CONFIG = (
        "initial_learning_rate",
        "first_decay_steps",
        "t_mul",
        "m_mul",
        "alpha",
        "name",
    )

    def __init__(
        self,
        initial_learning_rate,
        first_decay_steps,
        t_mul=2.0,
        m_mul=1.0,
        alpha=0.0,
        name="SGDRDecay",
    ):
        super().__init__()
        _check_positive("first_decay_steps", first_decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self.t_mul = t_mul
        self.m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step):
        fraction = _as_float_array(step) / float(self.first_decay_steps)
        t_mul = float(self.t_mul)
        if t_mul == 1.0:
            restart = np.floor(fraction)
            fraction = fraction - restart
        else:
            # Periods have lengths t_mul ** i: restart i begins where the
            # geometric sum (1 - t_mul ** i) / (1 - t_mul) reaches the fraction.
            restart = np.floor(np.log(1.0 - fraction * (1.0 - t_mul)) / math.log(t_mul))
            begun = (1.0 - np.power(t_mul, restart)) / (1.0 - t_mul)
            fraction = (fraction - begun) / np.power(t_mul, restart)
        alpha = float(self.alpha)
        cosine = 0.5 * np.power(float(self.m_mul), restart) * (1.0 + np.cos(math.pi * fraction))
        return _rate(_as_float(self.initial_learning_rate) * ((1.0 - alpha) * cosine + alpha))


_SCHEDULES = {
    cls.__name__: cls
    for cls in (
        LearningRateSchedule,
        ExponentialDecay,
        PiecewiseConstantDecay,
        PolynomialDecay,
        InverseTimeDecay,
        CosineDecay,
        CosineDecayRestarts,
    )
}


def serialize(learning_rate_schedule):
    """Return a JSON-able config dict of a ``LearningRateSchedule``.

    Example:
        >>> serialize(ExponentialDecay(0.1, 1000, 0.96))["class_name"]
        'ExponentialDecay'
    """
    return serialize_keras_object(learning_rate_schedule)


def deserialize(config, custom_objects=None):
    """Rebuild a ``LearningRateSchedule`` from ``serialize``'s output.

    Args:
        config: a dict ``{"class_name": ..., "config": {...}}``.
        custom_objects: ``{name: class}`` for custom schedules.

    Example:
        >>> deserialize({"class_name": "PolynomialDecay",
        ...              "config": {"initial_learning_rate": 0.1, "decay_steps": 100}})
        ... # doctest: +ELLIPSIS
        <...PolynomialDecay object at ...>
    """
    with custom_object_scope(custom_objects):
        return deserialize_keras_object(
            config, module_objects=_SCHEDULES, kind="learning rate schedule"
        )
