"""keras.activations: values against NumPy formulas and PyTorch, gradients, lookup."""

import doctest
import math

import numpy as np
import pytest
from scipy import special

import ember
from ember.autodiff import check_gradients
from ember.keras import activations
from ember.keras.activations import _activations

torch = pytest.importorskip("torch")
F = torch.nn.functional

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

# Points away from every kink used below (0, +-3, 6, 1, 5), so that central
# differences see a smooth function.
X = np.array(
    [[-7.3, -4.3, -2.7, -1.1, -0.4, 0.35], [0.9, 1.3, 2.2, 4.1, 5.4, 7.3]], dtype=np.float64
)


def _softplus(x):
    return np.logaddexp(0.0, x)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _relu_documented(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Keras' piecewise definition: cap above, identity, slope below threshold."""
    y = np.where(x > threshold, x, negative_slope * (x - threshold))
    return y if max_value is None else np.where(x >= max_value, max_value, y)


# name -> (ember function, keyword arguments, NumPy reference)
FORMULAS = {
    "relu": (activations.relu, {}, lambda x: np.maximum(x, 0)),
    "relu_slope": (
        activations.relu,
        {"negative_slope": 0.1},
        lambda x: _relu_documented(x, negative_slope=0.1),
    ),
    "relu_max": (activations.relu, {"max_value": 5.0}, lambda x: np.clip(x, 0, 5)),
    "relu_threshold": (
        activations.relu,
        {"threshold": 1.0},
        lambda x: _relu_documented(x, threshold=1.0),
    ),
    "relu_all": (
        activations.relu,
        {"negative_slope": 0.3, "max_value": 5.0, "threshold": 1.0},
        lambda x: _relu_documented(x, 0.3, 5.0, 1.0),
    ),
    "leaky_relu": (activations.leaky_relu, {}, lambda x: np.where(x > 0, x, 0.2 * x)),
    "relu6": (activations.relu6, {}, lambda x: np.clip(x, 0, 6)),
    "elu": (activations.elu, {}, lambda x: np.where(x > 0, x, np.expm1(x))),
    "elu_alpha": (
        activations.elu,
        {"alpha": 0.5},
        lambda x: np.where(x > 0, x, 0.5 * np.expm1(x)),
    ),
    "selu": (
        activations.selu,
        {},
        lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)),
    ),
    "gelu": (activations.gelu, {}, lambda x: 0.5 * x * (1 + special.erf(x / math.sqrt(2)))),
    "gelu_tanh": (
        activations.gelu,
        {"approximate": True},
        lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))),
    ),
    "silu": (activations.silu, {}, lambda x: x * special.expit(x)),
    "swish": (activations.swish, {}, lambda x: x * special.expit(x)),
    "softplus": (activations.softplus, {}, _softplus),
    "softsign": (activations.softsign, {}, lambda x: x / (np.abs(x) + 1)),
    "sigmoid": (activations.sigmoid, {}, special.expit),
    "tanh": (activations.tanh, {}, np.tanh),
    "exponential": (activations.exponential, {}, np.exp),
    "hard_sigmoid": (activations.hard_sigmoid, {}, lambda x: np.clip(x + 3, 0, 6) / 6),
    "hard_silu": (activations.hard_silu, {}, lambda x: x * np.clip(x + 3, 0, 6) / 6),
    "hard_swish": (activations.hard_swish, {}, lambda x: x * np.clip(x + 3, 0, 6) / 6),
    "mish": (activations.mish, {}, lambda x: x * np.tanh(_softplus(x))),
    "softmax": (activations.softmax, {}, _softmax),
    "softmax_axis0": (activations.softmax, {"axis": 0}, lambda x: _softmax(x, axis=0)),
    "log_softmax": (
        activations.log_softmax,
        {},
        lambda x: x - special.logsumexp(x, axis=-1, keepdims=True),
    ),
    "linear": (activations.linear, {}, lambda x: x),
}

# name -> (ember function, keyword arguments, PyTorch function)
TORCH = {
    "relu": (activations.relu, {}, F.relu),
    "leaky_relu": (activations.leaky_relu, {"negative_slope": 0.1}, lambda t: F.leaky_relu(t, 0.1)),
    "relu6": (activations.relu6, {}, F.relu6),
    "relu_max6": (activations.relu, {"max_value": 6.0}, F.relu6),
    "elu": (activations.elu, {}, F.elu),
    "elu_alpha": (activations.elu, {"alpha": 0.7}, lambda t: F.elu(t, alpha=0.7)),
    "selu": (activations.selu, {}, F.selu),
    "gelu": (activations.gelu, {}, F.gelu),
    "gelu_tanh": (activations.gelu, {"approximate": True}, lambda t: F.gelu(t, approximate="tanh")),
    "silu": (activations.silu, {}, F.silu),
    "softplus": (activations.softplus, {}, F.softplus),
    "softsign": (activations.softsign, {}, F.softsign),
    "sigmoid": (activations.sigmoid, {}, torch.sigmoid),
    # Keras 3's hard_sigmoid is relu6(x + 3) / 6, which is PyTorch's too.
    "hard_sigmoid": (activations.hard_sigmoid, {}, F.hardsigmoid),
    "hard_silu": (activations.hard_silu, {}, F.hardswish),
    "tanh": (activations.tanh, {}, torch.tanh),
    "exponential": (activations.exponential, {}, torch.exp),
    "mish": (activations.mish, {}, F.mish),
    "softmax": (activations.softmax, {}, lambda t: F.softmax(t, dim=-1)),
    "softmax_axis0": (activations.softmax, {"axis": 0}, lambda t: F.softmax(t, dim=0)),
    "log_softmax": (activations.log_softmax, {}, lambda t: F.log_softmax(t, dim=-1)),
}


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_values_match_formula_float64(name):
    function, kwargs, reference = FORMULAS[name]
    out = function(ember.constant(X), **kwargs)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out.numpy(), reference(X), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_float32_keeps_dtype_and_shape(name):
    function, kwargs, reference = FORMULAS[name]
    x = X.astype(np.float32)
    out = function(ember.constant(x), **kwargs)
    assert out.dtype == np.float32 and out.shape == x.shape
    np.testing.assert_allclose(out.numpy(), reference(X), rtol=2e-6, atol=1e-6)


@pytest.mark.parametrize("name", sorted(TORCH))
def test_forward_and_gradient_match_torch(name):
    function, kwargs, torch_function = TORCH[name]
    weights = np.random.default_rng(0).uniform(0.5, 1.5, X.shape)
    t = torch.tensor(X, requires_grad=True)
    expected = torch_function(t)
    (expected * torch.tensor(weights)).sum().backward()
    x = ember.constant(X)
    with ember.GradientTape() as tape:
        tape.watch(x)
        out = function(x, **kwargs)
    grad = tape.gradient(out, x, output_gradients=ember.constant(weights))
    np.testing.assert_allclose(out.numpy(), expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    # PyTorch's hard-sigmoid backward uses 1/6 rounded to float32 even in float64.
    rtol = 1e-7 if name.startswith("hard") else 1e-9
    np.testing.assert_allclose(grad.numpy(), t.grad.numpy(), rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("name", sorted(set(FORMULAS) - {"linear"}))
def test_gradients_match_finite_differences(name):
    function, kwargs, _ = FORMULAS[name]
    # The checker differentiates a weighted sum of all outputs (up to exp(7.3)),
    # so round-off limits the absolute accuracy to about 1e-7.
    check_gradients(lambda x: function(x, **kwargs), X, rtol=1e-6, atol=1e-6)


def test_relu_keras_docstring_examples():
    x = [-10.0, -5.0, 0.0, 5.0, 10.0]
    relu = activations.relu
    np.testing.assert_array_equal(relu(x).numpy(), [0, 0, 0, 5, 10])
    np.testing.assert_array_equal(relu(x, negative_slope=0.5).numpy(), [-5, -2.5, 0, 5, 10])
    np.testing.assert_array_equal(relu(x, max_value=5.0).numpy(), [0, 0, 0, 5, 5])
    np.testing.assert_array_equal(relu(x, threshold=5.0).numpy(), [0, 0, 0, 0, 10])


def test_hard_sigmoid_is_keras3_not_keras2():
    out = activations.hard_sigmoid(ember.constant([-3.5, -1.0, 1.0, 2.5, 3.5])).numpy()
    np.testing.assert_allclose(out, [0.0, 2 / 6, 4 / 6, 5.5 / 6, 1.0], rtol=1e-6)
    keras2 = np.clip(0.2 * 1.0 + 0.5, 0, 1)  # 0.7, Keras 2's definition
    assert abs(out[2] - keras2) > 0.03


def test_hard_sigmoid_gradient_is_one_sixth_inside():
    x = ember.constant([-4.0, -1.0, 2.0, 4.0])
    with ember.GradientTape() as tape:
        tape.watch(x)
        y = activations.hard_sigmoid(x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [0, 1 / 6, 1 / 6, 0])


def test_softmax_rows_sum_to_one_without_overflow():
    logits = ember.constant([[1000.0, 1000.0, -1000.0], [0.0, 1.0, 2.0]])
    probs = activations.softmax(logits).numpy()
    assert np.all(np.isfinite(probs))
    np.testing.assert_allclose(probs.sum(axis=-1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(probs[0], [0.5, 0.5, 0.0], atol=1e-7)


def test_softmax_over_several_axes():
    x = np.random.default_rng(1).normal(size=(2, 3, 4))
    expected = np.exp(x) / np.exp(x).sum(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(activations.softmax(x, axis=(1, 2)).numpy(), expected, rtol=1e-12)
    np.testing.assert_allclose(
        activations.log_softmax(x, axis=(1, 2)).numpy(), np.log(expected), rtol=1e-12
    )
    check_gradients(lambda t: activations.softmax(t, axis=(1, 2)), x)


def test_second_derivative_of_mish_through_nested_tapes():
    x = ember.constant([0.3, -1.2])
    with ember.GradientTape() as outer:
        outer.watch(x)
        with ember.GradientTape() as inner:
            inner.watch(x)
            y = activations.mish(x)
        dy = inner.gradient(y, x)
    d2y = outer.gradient(dy, x).numpy()
    t = torch.tensor([0.3, -1.2], dtype=torch.float32, requires_grad=True)
    (g,) = torch.autograd.grad(F.mish(t).sum(), t, create_graph=True)
    (g2,) = torch.autograd.grad(g.sum(), t)
    np.testing.assert_allclose(d2y, g2.numpy(), rtol=1e-4)


def test_linear_returns_its_input():
    x = ember.constant([1.0, -2.0])
    assert activations.linear(x) is x


def test_integer_input_is_rejected():
    with pytest.raises(TypeError, match="floating-point"):
        activations.relu(ember.constant([1, 2]))


# -- lookup and serialization ----------------------------------------------------

KERAS_NAMES = [
    "elu",
    "exponential",
    "gelu",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "leaky_relu",
    "linear",
    "log_softmax",
    "mish",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "softmax",
    "softplus",
    "softsign",
    "swish",
    "tanh",
]


@pytest.mark.parametrize("name", KERAS_NAMES)
def test_get_by_name(name):
    assert activations.get(name) is getattr(activations, name)


def test_aliases_serialize_to_canonical_names():
    assert activations.swish is activations.silu
    assert activations.serialize(activations.swish) == "silu"
    assert activations.serialize(activations.hard_swish) == "hard_silu"
    assert activations.serialize(activations.relu) == "relu"


@pytest.mark.parametrize("name", sorted(set(KERAS_NAMES) - {"swish", "hard_swish"}))
def test_serialize_round_trip(name):
    function = getattr(activations, name)
    assert activations.deserialize(activations.serialize(function)) is function


def test_get_none_is_linear_and_callables_pass_through():
    assert activations.get(None) is activations.linear

    def custom(x):
        return 2 * x

    assert activations.get(custom) is custom


def test_unknown_names_and_bad_identifiers_raise():
    with pytest.raises(ValueError, match="Unknown activation: 'relux'"):
        activations.get("relux")
    with pytest.raises(ValueError, match="Could not interpret"):
        activations.get(3)
    with pytest.raises(ValueError, match="lambda"):
        activations.serialize(lambda x: x)


def test_deserialize_custom_function():
    def scaled(x):
        return 3 * x

    assert activations.deserialize("scaled", custom_objects={"scaled": scaled}) is scaled


@pytest.mark.parametrize("module", [activations, _activations], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_all_names_exist():
    assert activations.__all__ and len(set(activations.__all__)) == len(activations.__all__)
    assert [name for name in activations.__all__ if not hasattr(activations, name)] == []
