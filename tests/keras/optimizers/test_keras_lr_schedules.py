"""keras.optimizers.schedules: each schedule against its formula, written here in plain Python."""

import json
import math

import numpy as np
import pytest

import ember as tf
from ember.keras.optimizers import schedules

STEPS = [0, 1, 5, 9, 10, 11, 37, 100, 250, 1000]


def exponential(step, initial, decay_steps, rate, staircase):
    p = step / decay_steps
    return initial * rate ** (math.floor(p) if staircase else p)


def inverse_time(step, initial, decay_steps, rate, staircase):
    p = step / decay_steps
    return initial / (1 + rate * (math.floor(p) if staircase else p))


def polynomial(step, initial, decay_steps, end, power, cycle):
    if cycle:
        decay_steps = decay_steps * max(1, math.ceil(step / decay_steps))
    else:
        step = min(step, decay_steps)
    return (initial - end) * (1 - step / decay_steps) ** power + end


def cosine(step, initial, decay_steps, alpha, target=None, warmup=0):
    if target is not None and step < warmup:
        return initial + (target - initial) * step / warmup
    start = initial if target is None else target
    step = min(step - warmup, decay_steps)
    return start * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * step / decay_steps)) + alpha)


def cosine_restarts(step, initial, first, t_mul, m_mul, alpha):
    # Walk the periods one by one (no closed form, unlike the implementation).
    begin, length, restart = 0.0, float(first), 0
    while step >= begin + length:
        begin, length, restart = begin + length, length * t_mul, restart + 1
    fraction = (step - begin) / length
    cos_part = 0.5 * m_mul**restart * (1 + math.cos(math.pi * fraction))
    return initial * ((1 - alpha) * cos_part + alpha)


def piecewise(step, boundaries, values):
    for boundary, value in zip(boundaries, values):
        if step <= boundary:
            return value
    return values[-1]


CASES = [
    (schedules.ExponentialDecay(0.1, 10, 0.5), lambda s: exponential(s, 0.1, 10, 0.5, False)),
    (
        schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True),
        lambda s: exponential(s, 0.1, 10, 0.5, True),
    ),
    (schedules.InverseTimeDecay(0.1, 5, 0.5), lambda s: inverse_time(s, 0.1, 5, 0.5, False)),
    (
        schedules.InverseTimeDecay(0.1, 5, 0.5, staircase=True),
        lambda s: inverse_time(s, 0.1, 5, 0.5, True),
    ),
    (
        schedules.PolynomialDecay(0.1, 100, 0.01, power=0.5),
        lambda s: polynomial(s, 0.1, 100, 0.01, 0.5, False),
    ),
    (
        schedules.PolynomialDecay(0.1, 30, 0.01, power=2.0, cycle=True),
        lambda s: polynomial(s, 0.1, 30, 0.01, 2.0, True),
    ),
    (schedules.CosineDecay(0.1, 100, alpha=0.1), lambda s: cosine(s, 0.1, 100, 0.1)),
    (
        schedules.CosineDecay(0.0, 100, alpha=0.2, warmup_target=0.5, warmup_steps=10),
        lambda s: cosine(s, 0.0, 100, 0.2, 0.5, 10),
    ),
    (
        schedules.CosineDecayRestarts(0.1, 10, t_mul=2.0, m_mul=0.5, alpha=0.1),
        lambda s: cosine_restarts(s, 0.1, 10, 2.0, 0.5, 0.1),
    ),
    (
        schedules.CosineDecayRestarts(0.1, 10, t_mul=1.0, m_mul=0.9),
        lambda s: cosine_restarts(s, 0.1, 10, 1.0, 0.9, 0.0),
    ),
    (
        schedules.PiecewiseConstantDecay([10, 100], [0.1, 0.01, 0.001]),
        lambda s: piecewise(s, [10, 100], [0.1, 0.01, 0.001]),
    ),
]


@pytest.mark.parametrize(("schedule", "formula"), CASES, ids=lambda c: getattr(c, "name", ""))
def test_schedule_matches_formula(schedule, formula):
    for step in STEPS:
        rate = schedule(step)
        assert isinstance(rate, tf.Tensor) and rate.dtype == tf.float32
        np.testing.assert_allclose(float(rate), formula(step), rtol=1e-6, atol=1e-9, err_msg=step)


@pytest.mark.parametrize(("schedule", "formula"), CASES, ids=lambda c: getattr(c, "name", ""))
def test_schedule_accepts_tensors_and_arrays(schedule, formula):
    expected = [formula(s) for s in STEPS]
    np.testing.assert_allclose(schedule(np.array(STEPS)).numpy(), expected, rtol=1e-6, atol=1e-9)
    step = tf.Variable(37, dtype="int64")
    np.testing.assert_allclose(float(schedule(step)), formula(37), rtol=1e-6)


@pytest.mark.parametrize(("schedule", "formula"), CASES, ids=lambda c: getattr(c, "name", ""))
def test_schedule_config_round_trip(schedule, formula):
    config = json.loads(json.dumps(schedules.serialize(schedule)))
    rebuilt = schedules.deserialize(config)
    assert type(rebuilt) is type(schedule)
    assert rebuilt.get_config() == schedule.get_config()
    assert float(rebuilt(37)) == float(schedule(37))


def test_keras_documented_values():
    # Keras' docstring examples.
    pieces = schedules.PiecewiseConstantDecay([100000, 110000], [1.0, 0.5, 0.1])
    assert [float(pieces(s)) for s in (100000, 100001, 110001)] == pytest.approx([1.0, 0.5, 0.1])
    # HOML's piecewise schedule uses float boundaries.
    homl = schedules.PiecewiseConstantDecay([5.0 * 100, 15.0 * 100], [0.01, 0.005, 0.001])
    assert float(homl(501)) == pytest.approx(0.005)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: schedules.ExponentialDecay(0.1, 0, 0.5), "decay_steps=0"),
        (lambda: schedules.InverseTimeDecay(0.1, -1, 0.5), "decay_steps=-1"),
        (lambda: schedules.PolynomialDecay(0.1, 0), "decay_steps=0"),
        (lambda: schedules.CosineDecay(0.1, 0), "decay_steps=0"),
        (lambda: schedules.CosineDecayRestarts(0.1, 0), "first_decay_steps=0"),
        (lambda: schedules.PiecewiseConstantDecay([1, 2], [0.1, 0.2]), "length of values"),
        (lambda: schedules.PiecewiseConstantDecay([2, 1], [0.3, 0.1, 0.2]), "increasing"),
    ],
)
def test_invalid_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_custom_schedule_needs_call_and_config():
    class Incomplete(schedules.LearningRateSchedule):
        pass

    with pytest.raises(NotImplementedError, match="__call__"):
        Incomplete()(1)
    with pytest.raises(NotImplementedError, match="get_config"):
        Incomplete().get_config()


def test_unknown_schedule_name():
    with pytest.raises(ValueError, match="Unknown learning rate schedule"):
        schedules.deserialize({"class_name": "NoSuchDecay", "config": {}})
