"""keras.regularizers: penalties against their formulas, gradients, configs, lookup."""

import doctest
import json

import numpy as np
import pytest

import ember
from ember.autodiff import check_gradients
from ember.keras import regularizers
from ember.keras.regularizers import _regularizers

# Entries kept away from 0, where |x| has its kink.
W = np.array([[0.5, -1.2, 2.0], [-0.3, 0.8, -1.7], [1.1, 0.25, -0.6], [-2.2, 0.4, 0.9]])


def _orthogonal_penalty(w, factor, mode):
    m = w if mode == "rows" else w.T
    unit = m / np.linalg.norm(m, axis=1, keepdims=True)
    product = unit @ unit.T
    n = len(m)
    off = np.abs(product[~np.eye(n, dtype=bool)])  # each pair twice
    return factor * off.sum() / 2 / (n * (n - 1) / 2)


FORMULAS = {
    "L1": (regularizers.L1(0.3), lambda w: 0.3 * np.abs(w).sum()),
    "L2": (regularizers.L2(0.2), lambda w: 0.2 * (w**2).sum()),
    "L1L2": (
        regularizers.L1L2(l1=0.3, l2=0.2),
        lambda w: 0.3 * np.abs(w).sum() + 0.2 * (w**2).sum(),
    ),
    "L1L2_l2_only": (regularizers.L1L2(l2=0.1), lambda w: 0.1 * (w**2).sum()),
    "orthogonal_rows": (
        regularizers.OrthogonalRegularizer(0.5, "rows"),
        lambda w: _orthogonal_penalty(w, 0.5, "rows"),
    ),
    "orthogonal_columns": (
        regularizers.OrthogonalRegularizer(0.5, "columns"),
        lambda w: _orthogonal_penalty(w, 0.5, "columns"),
    ),
}


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_penalty_matches_formula(name):
    regularizer, formula = FORMULAS[name]
    penalty = regularizer(ember.constant(W))
    assert isinstance(penalty, ember.Tensor)
    assert penalty.shape == () and penalty.dtype == np.float64
    assert float(penalty) == pytest.approx(formula(W), rel=1e-12)
    penalty32 = regularizer(ember.constant(W.astype(np.float32)))
    assert penalty32.dtype == np.float32
    assert float(penalty32) == pytest.approx(formula(W), rel=1e-5)


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_gradient_matches_finite_differences(name):
    regularizer, _ = FORMULAS[name]
    check_gradients(regularizer, W, rtol=1e-6, atol=1e-9)


def test_l1_gradient_is_the_sign():
    x = ember.constant(W)
    with ember.GradientTape() as tape:
        tape.watch(x)
        penalty = regularizers.L1(0.3)(x)
    np.testing.assert_allclose(tape.gradient(penalty, x).numpy(), 0.3 * np.sign(W))


def test_keras_docstring_example():
    assert float(regularizers.L2(2.0)(ember.ones((5, 5)))) == 50.0


def test_penalty_of_a_variable_reaches_the_variable():
    v = ember.Variable(W)
    with ember.GradientTape() as tape:
        penalty = regularizers.L2(0.5)(v)
    np.testing.assert_allclose(tape.gradient(penalty, v).numpy(), W)


def test_zero_factors_give_a_zero_tensor():
    penalty = regularizers.L1L2()(ember.constant(W))
    assert isinstance(penalty, ember.Tensor) and float(penalty) == 0.0
    assert penalty.dtype == np.float64


def test_orthogonal_matrix_has_no_penalty_and_random_one_has():
    q, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(6, 6)))
    assert float(regularizers.OrthogonalRegularizer(1.0)(q)) == pytest.approx(0.0, abs=1e-12)
    assert float(regularizers.OrthogonalRegularizer(1.0)(W)) > 0.1


def test_orthogonal_regularizer_errors():
    with pytest.raises(ValueError, match="rank 2. Received: inputs.shape=\\(2, 2, 2\\)"):
        regularizers.OrthogonalRegularizer()(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="Received: mode='diagonal'"):
        regularizers.OrthogonalRegularizer(mode="diagonal")
    one_row = regularizers.OrthogonalRegularizer()(np.ones((1, 3)))
    assert float(one_row) == 0.0


@pytest.mark.parametrize(
    "make",
    [
        lambda: regularizers.L1(-0.1),
        lambda: regularizers.L2(float("nan")),
        lambda: regularizers.L1L2(l1=float("inf")),
        lambda: regularizers.L2("0.1"),
        lambda: regularizers.OrthogonalRegularizer(factor=-1),
    ],
    ids=["negative", "nan", "inf", "string", "factor"],
)
def test_bad_factors_are_rejected(make):
    with pytest.raises(ValueError, match="expected a non-negative float. Received: "):
        make()


def test_keras_defaults():
    assert regularizers.L1().l1 == 0.01
    assert regularizers.L2().l2 == 0.01
    assert regularizers.L1L2().get_config() == {"l1": 0.0, "l2": 0.0}
    assert regularizers.l1_l2().get_config() == {"l1": 0.01, "l2": 0.01}
    assert regularizers.L2(None).l2 == 0.01
    assert regularizers.OrthogonalRegularizer().get_config() == {"factor": 0.01, "mode": "rows"}


@pytest.mark.parametrize(
    "name, cls, config",
    [
        ("l1", "L1", {"l1": 0.01}),
        ("L1", "L1", {"l1": 0.01}),
        ("l2", "L2", {"l2": 0.01}),
        ("l1_l2", "L1L2", {"l1": 0.01, "l2": 0.01}),
        ("L1L2", "L1L2", {"l1": 0.0, "l2": 0.0}),
        ("orthogonal_regularizer", "OrthogonalRegularizer", {"factor": 0.01, "mode": "rows"}),
    ],
)
def test_get_by_name(name, cls, config):
    regularizer = regularizers.get(name)
    assert type(regularizer) is getattr(regularizers, cls)
    assert regularizer.get_config() == config


def test_books_call_forms():
    # Hands-On ML: keras.regularizers.l2(0.01); Deep Learning with Python: l1_l2(l1=.., l2=..)
    assert regularizers.l2(0.05).get_config() == {"l2": 0.05}
    assert regularizers.l1(0.05).get_config() == {"l1": 0.05}
    assert regularizers.l1_l2(l1=0.001, l2=0.002).get_config() == {"l1": 0.001, "l2": 0.002}


@pytest.mark.parametrize(
    "regularizer",
    [
        regularizers.L1(0.2),
        regularizers.L2(0.3),
        regularizers.L1L2(0.1, 0.4),
        regularizers.OrthogonalRegularizer(0.2, "columns"),
    ],
    ids=lambda r: type(r).__name__,
)
def test_config_round_trip(regularizer):
    config = json.loads(json.dumps(regularizers.serialize(regularizer)))
    rebuilt = regularizers.deserialize(config)
    assert type(rebuilt) is type(regularizer)
    assert rebuilt.get_config() == regularizer.get_config()
    assert float(rebuilt(W)) == float(regularizer(W))
    assert type(regularizers.get(config)) is type(regularizer)
    assert type(regularizer).from_config(regularizer.get_config()).get_config() == (
        regularizer.get_config()
    )


def test_get_passes_none_callables_and_classes():
    assert regularizers.get(None) is None

    def custom(w):
        return 0.1 * ember.reduce_sum(w)

    assert regularizers.get(custom) is custom
    assert type(regularizers.get(regularizers.L2)) is regularizers.L2
    with pytest.raises(ValueError, match="Unknown regularizer: 'l3'"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match="Could not interpret"):
        regularizers.get(0.1)


def test_base_class():
    penalty = regularizers.Regularizer()(ember.constant(W))
    assert float(penalty) == 0.0 and penalty.dtype == np.float64
    with pytest.raises(NotImplementedError):
        regularizers.Regularizer().get_config()


@pytest.mark.parametrize("module", [regularizers, _regularizers], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_all_names_exist():
    assert regularizers.__all__ and len(set(regularizers.__all__)) == len(regularizers.__all__)
    assert [name for name in regularizers.__all__ if not hasattr(regularizers, name)] == []
