"""Each optimizer's trajectory against PyTorch, against Keras' formulas, and one step by hand.

Trajectories run 10 steps on the same random gradients in float64 (the ember
variable and the torch tensor), with learning rates exact in float32 (ember
stores the learning rate as a float32 variable, as Keras does).

Where Keras' update differs from PyTorch's (where epsilon goes, Adagrad's
initial accumulator, Nadam's momentum schedule), the PyTorch comparison uses
settings under which both formulas coincide (epsilon=0, PyTorch's
``momentum_decay=1``), and a second test checks Keras' published formula,
written here independently in NumPy, with the settings under which they
differ; it also asserts that PyTorch then really gives another trajectory, so
the comparison has the power to fail.
"""

import numpy as np
import pytest

import ember as tf
from ember.keras import optimizers

torch = pytest.importorskip("torch")

SHAPE = (3, 4)
STEPS = 10


def _data(seed=0):
    rng = np.random.default_rng(seed)
    w0 = rng.standard_normal(SHAPE)
    grads = [rng.standard_normal(SHAPE) for _ in range(STEPS)]
    return w0, grads


def run_ember(optimizer, w0, grads, dtype="float64"):
    w = tf.Variable(w0.astype(dtype))
    path = []
    for g in grads:
        optimizer.apply_gradients([(tf.constant(g.astype(dtype)), w)])
        path.append(w.numpy().astype(np.float64))
    return np.array(path)


def run_torch(make, w0, grads):
    # PyTorch keeps scalar state (NAdam's momentum product) in the default
    # dtype: make it float64 too.
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        w = torch.nn.Parameter(torch.tensor(w0, dtype=torch.float64))
        optimizer = make([w])
        path = []
        for g in grads:
            w.grad = torch.tensor(g, dtype=torch.float64)
            optimizer.step()
            path.append(w.detach().numpy().copy())
    finally:
        torch.set_default_dtype(default)
    return np.array(path)


LR = 0.0625  # exact in float32


class _DecoupledSGD(torch.optim.Optimizer):
    """Plain SGD after multiplying by 1 - lr * wd (PyTorch has no such flag on SGD)."""

    def __init__(self, params, lr, weight_decay):
        super().__init__(params, {"lr": lr, "weight_decay": weight_decay})

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                p.mul_(1 - group["lr"] * group["weight_decay"]).add_(p.grad, alpha=-group["lr"])


TORCH_CASES = {
    "sgd": (
        lambda: optimizers.SGD(learning_rate=LR),
        lambda p: torch.optim.SGD(p, lr=LR),
    ),
    "sgd_momentum": (
        lambda: optimizers.SGD(learning_rate=LR, momentum=0.9),
        lambda p: torch.optim.SGD(p, lr=LR, momentum=0.9),
    ),
    "sgd_nesterov": (
        lambda: optimizers.SGD(learning_rate=LR, momentum=0.9, nesterov=True),
        lambda p: torch.optim.SGD(p, lr=LR, momentum=0.9, nesterov=True),
    ),
    # epsilon=0: Keras' sqrt(acc + eps) and PyTorch's sqrt(acc) + eps coincide.
    "adagrad": (
        lambda: optimizers.Adagrad(learning_rate=LR, initial_accumulator_value=0.1, epsilon=0.0),
        lambda p: torch.optim.Adagrad(p, lr=LR, initial_accumulator_value=0.1, eps=0.0),
    ),
    "rmsprop": (
        lambda: optimizers.RMSprop(learning_rate=LR, rho=0.8, epsilon=0.0),
        lambda p: torch.optim.RMSprop(p, lr=LR, alpha=0.8, eps=0.0),
    ),
    "rmsprop_momentum": (
        lambda: optimizers.RMSprop(learning_rate=LR, rho=0.8, momentum=0.5, epsilon=0.0),
        lambda p: torch.optim.RMSprop(p, lr=LR, alpha=0.8, momentum=0.5, eps=0.0),
    ),
    "rmsprop_centered": (
        lambda: optimizers.RMSprop(
            learning_rate=LR, rho=0.8, momentum=0.5, centered=True, epsilon=0.0
        ),
        lambda p: torch.optim.RMSprop(p, lr=LR, alpha=0.8, momentum=0.5, centered=True, eps=0.0),
    ),
    # epsilon=0: Keras' "epsilon hat" and PyTorch's epsilon coincide.
    "adam": (
        lambda: optimizers.Adam(learning_rate=LR, beta_1=0.8, beta_2=0.95, epsilon=0.0),
        lambda p: torch.optim.Adam(p, lr=LR, betas=(0.8, 0.95), eps=0.0),
    ),
    "adam_amsgrad": (
        lambda: optimizers.Adam(
            learning_rate=LR, beta_1=0.8, beta_2=0.95, epsilon=0.0, amsgrad=True
        ),
        lambda p: torch.optim.Adam(p, lr=LR, betas=(0.8, 0.95), eps=0.0, amsgrad=True),
    ),
    "adamax": (
        lambda: optimizers.Adamax(learning_rate=LR, beta_1=0.8, beta_2=0.95, epsilon=0.0),
        lambda p: torch.optim.Adamax(p, lr=LR, betas=(0.8, 0.95), eps=0.0),
    ),
    # Keras' u_t = beta_1 * (1 - 0.5 * 0.96 ** t) is PyTorch's momentum_decay=1;
    # both add epsilon to sqrt(v_hat), so the default epsilon is kept.
    "nadam": (
        lambda: optimizers.Nadam(learning_rate=LR, beta_1=0.8, beta_2=0.95),
        lambda p: torch.optim.NAdam(p, lr=LR, betas=(0.8, 0.95), eps=1e-7, momentum_decay=1.0),
    ),
    "adamw": (
        lambda: optimizers.AdamW(learning_rate=LR, weight_decay=0.5, epsilon=0.0),
        lambda p: torch.optim.AdamW(p, lr=LR, weight_decay=0.5, eps=0.0),
    ),
    "adamw_amsgrad": (
        lambda: optimizers.AdamW(learning_rate=LR, weight_decay=0.25, epsilon=0.0, amsgrad=True),
        lambda p: torch.optim.AdamW(p, lr=LR, weight_decay=0.25, eps=0.0, amsgrad=True),
    ),
    "sgd_weight_decay": (  # decoupled, applied before the step: w *= 1 - lr * wd
        lambda: optimizers.SGD(learning_rate=LR, weight_decay=0.5),
        lambda p: _DecoupledSGD(p, lr=LR, weight_decay=0.5),
    ),
}


@pytest.mark.parametrize("case", sorted(TORCH_CASES))
def test_trajectory_matches_torch(case):
    make_ember, make_torch = TORCH_CASES[case]
    w0, grads = _data()
    ours = run_ember(make_ember(), w0, grads)
    theirs = run_torch(make_torch, w0, grads)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("case", ["sgd_momentum", "adam", "rmsprop_centered", "nadam"])
def test_float32_trajectory_matches_torch(case):
    make_ember, make_torch = TORCH_CASES[case]
    w0, grads = _data(1)
    ours = run_ember(make_ember(), w0, grads, dtype="float32")
    theirs = run_torch(make_torch, w0, grads)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)


# -- Keras' formulas, written independently --------------------------------------------------


def keras_adagrad(w, grads, lr, initial, eps):
    acc = np.full_like(w, initial)
    for g in grads:
        acc = acc + g * g
        w = w - lr * g / np.sqrt(acc + eps)
        yield w


def keras_rmsprop(w, grads, lr, rho, momentum, eps, centered):
    v, avg, mom = np.zeros_like(w), np.zeros_like(w), np.zeros_like(w)
    for g in grads:
        v = rho * v + (1 - rho) * g * g
        denominator = v + eps
        if centered:
            avg = rho * avg + (1 - rho) * g
            denominator = v - avg * avg + eps
        increment = lr * g / np.sqrt(denominator)
        mom = momentum * mom + increment
        w = w - (mom if momentum else increment)
        yield w


def keras_adam(w, grads, lr, b1, b2, eps, amsgrad=False, wd=0.0):
    m, v, v_max = np.zeros_like(w), np.zeros_like(w), np.zeros_like(w)
    for t, g in enumerate(grads, start=1):
        w = w - lr * wd * w
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        v_max = np.maximum(v_max, v)
        alpha = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
        w = w - alpha * m / (np.sqrt(v_max if amsgrad else v) + eps)
        yield w


def keras_adamax(w, grads, lr, b1, b2, eps):
    m, u = np.zeros_like(w), np.zeros_like(w)
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        u = np.maximum(b2 * u, np.abs(g))
        w = w - lr / (1 - b1**t) * m / (u + eps)
        yield w


def keras_nadam(w, grads, lr, b1, b2, eps):
    m, v, product = np.zeros_like(w), np.zeros_like(w), 1.0
    for t, g in enumerate(grads, start=1):
        u_t = b1 * (1 - 0.5 * 0.96**t)
        u_next = b1 * (1 - 0.5 * 0.96 ** (t + 1))
        product *= u_t
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat = u_next * m / (1 - product * u_next) + (1 - u_t) * g / (1 - product)
        v_hat = v / (1 - b2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        yield w


def ftrl_formula(w, grads, lr, lr_power, initial, l1, l2, shrinkage, beta):
    # TensorFlow's ApplyFtrlV2, which Keras' Ftrl implements (with beta added
    # to the accumulator's power): a weight is 0 while |z| <= l1.
    n, z = np.full_like(w, initial), np.zeros_like(w)
    for g in grads:
        n_new = n + g * g
        sigma = (n_new ** (-lr_power) - n ** (-lr_power)) / lr
        z = z + g + 2 * shrinkage * w - sigma * w
        quadratic = (n_new ** (-lr_power) + beta) / lr + 2 * l2
        w = np.where(np.abs(z) > l1, (np.sign(z) * l1 - z) / quadratic, 0.0)
        n = n_new
        yield w


FORMULA_CASES = {
    # Keras adds epsilon inside the square root and starts at 0.1; PyTorch
    # adds it outside and starts at 0.
    "adagrad": (
        lambda: optimizers.Adagrad(learning_rate=LR, epsilon=0.5),
        lambda w, gs: keras_adagrad(w, gs, LR, 0.1, 0.5),
        lambda p: torch.optim.Adagrad(p, lr=LR, eps=0.5),
    ),
    # Keras: sqrt(v + eps); PyTorch: sqrt(v) + eps.
    "rmsprop": (
        lambda: optimizers.RMSprop(learning_rate=LR, momentum=0.5, epsilon=0.5),
        lambda w, gs: keras_rmsprop(w, gs, LR, 0.9, 0.5, 0.5, False),
        lambda p: torch.optim.RMSprop(p, lr=LR, alpha=0.9, momentum=0.5, eps=0.5),
    ),
    "rmsprop_centered": (
        lambda: optimizers.RMSprop(learning_rate=LR, centered=True, epsilon=0.5),
        lambda w, gs: keras_rmsprop(w, gs, LR, 0.9, 0.0, 0.5, True),
        lambda p: torch.optim.RMSprop(p, lr=LR, alpha=0.9, centered=True, eps=0.5),
    ),
    # Keras' epsilon hat is added to sqrt(v), PyTorch's to sqrt(v / (1 - b2^t)).
    "adam": (
        lambda: optimizers.Adam(learning_rate=LR, epsilon=0.5),
        lambda w, gs: keras_adam(w, gs, LR, 0.9, 0.999, 0.5),
        lambda p: torch.optim.Adam(p, lr=LR, eps=0.5),
    ),
    "adam_amsgrad": (
        lambda: optimizers.Adam(learning_rate=LR, epsilon=0.5, amsgrad=True),
        lambda w, gs: keras_adam(w, gs, LR, 0.9, 0.999, 0.5, amsgrad=True),
        lambda p: torch.optim.Adam(p, lr=LR, eps=0.5, amsgrad=True),
    ),
    "adamw": (
        lambda: optimizers.AdamW(learning_rate=LR, weight_decay=0.5, epsilon=0.5),
        lambda w, gs: keras_adam(w, gs, LR, 0.9, 0.999, 0.5, wd=0.5),
        lambda p: torch.optim.AdamW(p, lr=LR, weight_decay=0.5, eps=0.5),
    ),
    # Keras: m / (u + eps); PyTorch: u = max(b2 * u, |g| + eps).
    "adamax": (
        lambda: optimizers.Adamax(learning_rate=LR, epsilon=0.5),
        lambda w, gs: keras_adamax(w, gs, LR, 0.9, 0.999, 0.5),
        lambda p: torch.optim.Adamax(p, lr=LR, eps=0.5),
    ),
    # Keras 3: 0.96 ** t; PyTorch's default: 0.96 ** (0.004 * t).
    "nadam": (
        lambda: optimizers.Nadam(learning_rate=LR),
        lambda w, gs: keras_nadam(w, gs, LR, 0.9, 0.999, 1e-7),
        lambda p: torch.optim.NAdam(p, lr=LR, eps=1e-7),
    ),
    # PyTorch has no FTRL.
    "ftrl": (
        lambda: optimizers.Ftrl(learning_rate=0.5, l1_regularization_strength=0.05),
        lambda w, gs: ftrl_formula(w, gs, 0.5, -0.5, 0.1, 0.05, 0.0, 0.0, 0.0),
        None,
    ),
    "ftrl_all_terms": (
        lambda: optimizers.Ftrl(
            learning_rate=0.5,
            learning_rate_power=-0.75,
            initial_accumulator_value=0.25,
            l1_regularization_strength=0.3,
            l2_regularization_strength=0.2,
            l2_shrinkage_regularization_strength=0.1,
            beta=0.5,
        ),
        lambda w, gs: ftrl_formula(w, gs, 0.5, -0.75, 0.25, 0.3, 0.2, 0.1, 0.5),
        None,
    ),
}


@pytest.mark.parametrize("case", sorted(FORMULA_CASES))
def test_trajectory_matches_keras_formula(case):
    make_ember, formula, make_torch = FORMULA_CASES[case]
    w0, grads = _data(2)
    ours = run_ember(make_ember(), w0, grads)
    expected = np.array(list(formula(w0, grads)))
    np.testing.assert_allclose(ours, expected, rtol=1e-10, atol=1e-12)
    if make_torch is not None:
        theirs = run_torch(make_torch, w0, grads)
        assert np.max(np.abs(theirs - expected)) > 1e-4, "the formulas should differ here"


def test_ftrl_l1_gives_exact_zeros():
    w0, grads = _data(3)
    path = run_ember(optimizers.Ftrl(learning_rate=0.5, l1_regularization_strength=2.0), w0, grads)
    assert np.count_nonzero(path[-1] == 0.0) > 0
    assert np.count_nonzero(path[-1]) > 0


# -- one step by hand ------------------------------------------------------------------------


def one_step(optimizer, w, g, steps=1):
    w = tf.Variable(np.array(w, dtype=np.float32))
    for _ in range(steps):
        optimizer.apply_gradients([(tf.constant(np.array(g, dtype=np.float32)), w)])
    return w.numpy()


@pytest.mark.parametrize(
    ("make", "w", "g", "steps", "expected"),
    [
        (lambda: optimizers.SGD(0.1), [1.0, 2.0], [1.0, 2.0], 1, [0.9, 1.8]),
        # v = -0.1 g, then v = 0.9 * (-0.1 g) - 0.1 g = -0.19 g: w = 1 - 0.1 - 0.19
        (lambda: optimizers.SGD(0.1, momentum=0.9), [1.0], [1.0], 2, [0.71]),
        # w += 0.9 * (-0.1 g) - 0.1 g
        (
            lambda: optimizers.SGD(0.1, momentum=0.9, nesterov=True),
            [1.0, 2.0],
            [1.0, 2.0],
            1,
            [0.81, 1.62],
        ),
        # acc = 0.1 + 4: w = 1 - 0.5 * 2 / sqrt(4.1 + 0.1)
        (lambda: optimizers.Adagrad(0.5, epsilon=0.1), [1.0], [2.0], 1, [1 - 1 / 4.2**0.5]),
        # v = 0.1 * 100: w = 10 - 0.1 * 10 / sqrt(10) (Keras' docstring: 9.683772)
        (lambda: optimizers.RMSprop(0.1), [10.0], [10.0], 1, [9.683772]),
        # first Adam/Adamax step: lr * g / |g|
        (lambda: optimizers.Adam(0.1), [1.0, 2.0], [3.0, -4.0], 1, [0.9, 2.1]),
        (lambda: optimizers.Adamax(0.1), [1.0, 2.0], [3.0, -4.0], 1, [0.9, 2.1]),
        # u1 = 0.468, u2 = 0.48528: m_hat = (0.048528 / (1 - 0.468 * 0.48528) + 1) g
        (lambda: optimizers.Nadam(0.1), [1.0], [2.0], 1, [1 - 0.1 * (0.048528 / 0.77288896 + 1)]),
        # 1 * (1 - 0.1 * 0.5), then Adam's first step -0.1
        (lambda: optimizers.AdamW(0.1, weight_decay=0.5), [1.0], [1.0], 1, [0.85]),
        # n = 4, sigma = 2, z = 2: w = -z / (sqrt(4) / 1) = -1
        (lambda: optimizers.Ftrl(1.0, initial_accumulator_value=0.0), [0.0], [2.0], 1, [-1.0]),
    ],
    ids=[
        "sgd",
        "momentum",
        "nesterov",
        "adagrad",
        "rmsprop",
        "adam",
        "adamax",
        "nadam",
        "adamw",
        "ftrl",
    ],
)
def test_hand_computed_step(make, w, g, steps, expected):
    np.testing.assert_allclose(one_step(make(), w, g, steps), expected, rtol=2e-6)


def test_float32_update_keeps_dtype_and_casts_gradients():
    w = tf.Variable(np.ones(3, np.float32))
    optimizers.Adam(0.1).apply_gradients([(np.ones(3, np.float64), w)])
    assert w.dtype == np.float32
    np.testing.assert_allclose(w.numpy(), 0.9, rtol=1e-6)
