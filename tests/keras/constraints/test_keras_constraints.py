"""keras.constraints: projections against their formulas, configs and lookup."""

import doctest
import json

import numpy as np
import pytest

import ember
from ember.keras import constraints
from ember.keras.constraints import _constraints

EPSILON = 1e-7  # keras.backend.epsilon()
RNG = np.random.default_rng(0)
DENSE = RNG.normal(size=(20, 6)) * np.array([0.05, 0.2, 0.5, 1.0, 3.0, 10.0])
CONV = RNG.normal(size=(3, 3, 4, 5))


def _norms(w, axis):
    return np.sqrt((w**2).sum(axis=axis, keepdims=True))


def _max_norm(w, max_value, axis):
    n = _norms(w, axis)
    return w * np.clip(n, 0, max_value) / (EPSILON + n)


def _min_max_norm(w, low, high, rate, axis):
    n = _norms(w, axis)
    return w * (rate * np.clip(n, low, high) + (1 - rate) * n) / (EPSILON + n)


CASES = {
    "max_norm": (constraints.MaxNorm(1.0), lambda w: _max_norm(w, 1.0, 0), DENSE),
    "max_norm_axis1": (
        constraints.MaxNorm(2.0, axis=1),
        lambda w: _max_norm(w, 2.0, 1),
        DENSE,
    ),
    "max_norm_conv": (
        constraints.MaxNorm(1.5, axis=[0, 1, 2]),
        lambda w: _max_norm(w, 1.5, (0, 1, 2)),
        CONV,
    ),
    "non_neg": (constraints.NonNeg(), lambda w: np.maximum(w, 0), DENSE),
    "unit_norm": (constraints.UnitNorm(), lambda w: w / (EPSILON + _norms(w, 0)), DENSE),
    "unit_norm_conv": (
        constraints.UnitNorm(axis=[0, 1, 2]),
        lambda w: w / (EPSILON + _norms(w, (0, 1, 2))),
        CONV,
    ),
    "min_max_norm": (
        constraints.MinMaxNorm(0.5, 2.0),
        lambda w: _min_max_norm(w, 0.5, 2.0, 1.0, 0),
        DENSE,
    ),
    "min_max_norm_rate": (
        constraints.MinMaxNorm(0.5, 2.0, rate=0.25, axis=1),
        lambda w: _min_max_norm(w, 0.5, 2.0, 0.25, 1),
        DENSE,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_projection_matches_formula(name):
    constraint, formula, w = CASES[name]
    out = constraint(ember.constant(w))
    assert isinstance(out, ember.Tensor) and out.shape == w.shape and out.dtype == np.float64
    np.testing.assert_allclose(out.numpy(), formula(w), rtol=1e-12)
    out32 = constraint(ember.constant(w.astype(np.float32)))
    assert out32.dtype == np.float32
    np.testing.assert_allclose(out32.numpy(), formula(w), rtol=2e-6, atol=1e-7)


def test_max_norm_caps_only_long_columns():
    out = constraints.MaxNorm(max_value=2.0)(DENSE).numpy()
    before, after = _norms(DENSE, 0).ravel(), _norms(out, 0).ravel()
    assert np.all(after <= 2.0 + 1e-12)
    short = before < 2.0
    assert short.any() and (~short).any()
    np.testing.assert_allclose(after[short], before[short], rtol=1e-6)
    np.testing.assert_allclose(after[~short], 2.0, rtol=1e-6)


def test_unit_and_min_max_norms_land_in_range():
    np.testing.assert_allclose(_norms(constraints.UnitNorm()(DENSE).numpy(), 0), 1.0, rtol=1e-6)
    norms = _norms(constraints.MinMaxNorm(0.5, 2.0)(DENSE).numpy(), 0)
    assert np.all((norms >= 0.5 - 1e-6) & (norms <= 2.0 + 1e-6))


def test_homl_max_norm_on_a_variable_as_the_optimizer_applies_it():
    kernel = ember.Variable(DENSE.astype(np.float32), constraint=constraints.max_norm(1.0))
    kernel.assign(kernel.constraint(kernel))
    assert np.all(_norms(kernel.numpy(), 0) <= 1.0 + 1e-6)


def test_non_neg_on_integers_and_lists():
    np.testing.assert_array_equal(constraints.NonNeg()(np.array([-2, 3])).numpy(), [0, 3])
    np.testing.assert_array_equal(constraints.NonNeg()([-1.5, 0.5]).numpy(), [0.0, 0.5])


def test_base_constraint_is_the_identity():
    w = ember.constant([1.0, -1.0])
    assert constraints.Constraint()(w) is w
    assert constraints.Constraint().get_config() == {}


def test_keras_defaults_and_configs():
    assert constraints.MaxNorm().get_config() == {"max_value": 2, "axis": 0}
    assert constraints.UnitNorm().get_config() == {"axis": 0}
    assert constraints.MinMaxNorm().get_config() == {
        "min_value": 0.0,
        "max_value": 1.0,
        "rate": 1.0,
        "axis": 0,
    }


@pytest.mark.parametrize(
    "constraint",
    [
        constraints.MaxNorm(3.0, axis=[0, 1, 2]),
        constraints.NonNeg(),
        constraints.UnitNorm(axis=1),
        constraints.MinMaxNorm(0.1, 0.9, 0.5, axis=1),
    ],
    ids=lambda c: type(c).__name__,
)
def test_config_round_trip(constraint):
    config = json.loads(json.dumps(constraints.serialize(constraint)))
    rebuilt = constraints.deserialize(config)
    assert type(rebuilt) is type(constraint)
    assert rebuilt.get_config() == constraint.get_config()
    w = CONV if isinstance(constraint.get_config().get("axis"), list) else DENSE
    np.testing.assert_array_equal(rebuilt(w).numpy(), constraint(w).numpy())
    assert type(constraints.get(config)) is type(constraint)


@pytest.mark.parametrize(
    "name, cls",
    [
        ("max_norm", "MaxNorm"),
        ("MaxNorm", "MaxNorm"),
        ("non_neg", "NonNeg"),
        ("NonNeg", "NonNeg"),
        ("unit_norm", "UnitNorm"),
        ("min_max_norm", "MinMaxNorm"),
    ],
)
def test_get_by_name(name, cls):
    assert type(constraints.get(name)) is getattr(constraints, cls)


def test_get_passes_none_callables_and_classes():
    assert constraints.get(None) is None

    def clip(w):
        return ember.clip_by_value(w, -1.0, 1.0)

    assert constraints.get(clip) is clip
    assert type(constraints.get(constraints.NonNeg)) is constraints.NonNeg
    assert constraints.max_norm is constraints.MaxNorm
    with pytest.raises(ValueError, match="Unknown constraint: 'maxnorm2'"):
        constraints.get("maxnorm2")
    with pytest.raises(ValueError, match="Could not interpret"):
        constraints.get(2)


@pytest.mark.parametrize("module", [constraints, _constraints], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_all_names_exist():
    assert constraints.__all__ and len(set(constraints.__all__)) == len(constraints.__all__)
    assert [name for name in constraints.__all__ if not hasattr(constraints, name)] == []
