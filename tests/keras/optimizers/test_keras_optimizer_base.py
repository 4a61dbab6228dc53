"""The shared Optimizer machinery: gradients, clipping, weight decay, learning rates,
EMA, accumulation, minimize, configs, saved state, and Keras 2's lr=/decay=."""

import copy
import doctest
import importlib
import json
import pickle

import numpy as np
import pytest

import ember as tf
from ember.keras import optimizers
from ember.keras.optimizers import schedules

NAMES = ["sgd", "adagrad", "rmsprop", "adam", "adamax", "nadam", "adamw", "ftrl"]

# Every optimizer with its non-default options, so that all slots exist.
FULL = {
    "sgd": lambda: optimizers.SGD(0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
    "adagrad": lambda: optimizers.Adagrad(0.05, initial_accumulator_value=0.2, epsilon=1e-6),
    "rmsprop": lambda: optimizers.RMSprop(0.01, rho=0.8, momentum=0.5, centered=True),
    "adam": lambda: optimizers.Adam(0.01, beta_1=0.8, amsgrad=True, clipnorm=1.0),
    "adamax": lambda: optimizers.Adamax(0.01, beta_2=0.99, global_clipnorm=2.0),
    "nadam": lambda: optimizers.Nadam(0.01, beta_1=0.8, clipvalue=0.5),
    "adamw": lambda: optimizers.AdamW(0.01, weight_decay=0.1, use_ema=True, ema_momentum=0.9),
    "ftrl": lambda: optimizers.Ftrl(
        0.1,
        l1_regularization_strength=0.01,
        l2_regularization_strength=0.02,
        l2_shrinkage_regularization_strength=0.03,
        beta=0.1,
    ),
}


def _grads(seed, count=6, shapes=((3, 2), (2,))):
    rng = np.random.default_rng(seed)
    return [[rng.standard_normal(s).astype(np.float32) for s in shapes] for _ in range(count)]


def _variables(seed=0):
    rng = np.random.default_rng(seed)
    return [
        tf.Variable(rng.standard_normal((3, 2)).astype(np.float32), name="kernel"),
        tf.Variable(rng.standard_normal(2).astype(np.float32), name="bias"),
    ]


def _train(optimizer, variables, grads):
    for step in grads:
        optimizer.apply_gradients(zip([tf.constant(g) for g in step], variables))


# -- applying gradients ------------------------------------------------------------------------


def test_iterations_count_and_are_returned():
    w = tf.Variable([1.0, 2.0])
    opt = optimizers.Adam()
    assert int(opt.iterations) == 0
    returned = opt.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    assert returned is opt.iterations and int(opt.iterations) == 1
    opt.apply([tf.constant([1.0, 1.0])], [w])
    opt.apply([tf.constant([1.0, 1.0])])  # the variables it was built with
    assert int(opt.iterations) == 3


def test_missing_gradients_are_skipped_with_a_warning():
    v1, v2 = tf.Variable([3.0, 4.0], name="frozen"), tf.Variable([3.0, 4.0])
    opt = optimizers.SGD(learning_rate=1.0)
    with pytest.warns(UserWarning, match=r"Gradients do not exist for variables \['frozen:0'\]"):
        opt.apply_gradients([(None, v1), (tf.constant([1.0, 1.0]), v2)])
    np.testing.assert_array_equal(v1.numpy(), [3.0, 4.0])
    np.testing.assert_array_equal(v2.numpy(), [2.0, 3.0])
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        opt.apply_gradients([(None, v1), (None, v2)])


def test_gradient_errors():
    w = tf.Variable([1.0, 2.0])
    opt = optimizers.SGD()
    with pytest.raises(ValueError, match=r"Received: gradient.shape=\(3,\)"):
        opt.apply_gradients([(tf.constant([1.0, 2.0, 3.0]), w)])
    with pytest.raises(ValueError, match="Unknown variable"):
        opt.apply_gradients([(tf.constant([1.0]), tf.Variable([1.0]))])
    with pytest.raises(ValueError, match="one gradient per variable"):
        opt.apply([tf.constant([1.0, 2.0])] * 2, [w])
    with pytest.raises(ValueError, match="must already be built"):
        optimizers.SGD().apply([tf.constant([1.0])])


PLAIN = {
    "sgd_plain": lambda: optimizers.SGD(0.1),
    "sgd_momentum": lambda: optimizers.SGD(0.1, momentum=0.9),
    "rmsprop_plain": lambda: optimizers.RMSprop(0.01),
    "adam_plain": lambda: optimizers.Adam(0.01),
    "ftrl_plain": lambda: optimizers.Ftrl(0.1),
}


@pytest.mark.parametrize("name", sorted({**FULL, **PLAIN}))
def test_tensors_read_before_an_update_keep_their_value(name):
    # Variables' arrays are replaced, never written into: a tape's snapshot
    # (or any tensor read earlier) must not change.
    variables = _variables()
    opt = {**FULL, **PLAIN}[name]()
    for step in _grads(1, count=3):
        before = [v.value() for v in variables]
        copies = [b.numpy() for b in before]
        grads = [tf.constant(g) for g in step]
        grad_copies = [g.numpy() for g in grads]
        opt.apply_gradients(zip(grads, variables))
        for b, c in zip(before, copies):
            np.testing.assert_array_equal(b.numpy(), c)
        for g, c in zip(grads, grad_copies):
            np.testing.assert_array_equal(g.numpy(), c)
        assert not np.array_equal(variables[0].numpy(), copies[0])


def test_constraints_are_applied_after_the_update():
    w = tf.Variable([0.5, -0.5], constraint=lambda v: tf.clip_by_value(v, 0.0, 1.0))
    optimizers.SGD(learning_rate=1.0).apply_gradients([(tf.constant([-2.0, 0.25]), w)])
    np.testing.assert_array_equal(w.numpy(), [1.0, 0.0])


# -- clipping ----------------------------------------------------------------------------------


def _first_step(optimizer, grads):
    variables = [tf.Variable(np.zeros_like(g)) for g in grads]
    arrays = [np.array(g, dtype=np.float32) for g in grads]
    optimizer.apply_gradients(zip([tf.constant(a) for a in arrays], variables))
    return [-v.numpy() for v in variables]  # SGD(1.0) from zeros: the gradient used


def test_clipnorm_rescales_each_gradient():
    (clipped,) = _first_step(optimizers.SGD(1.0, clipnorm=1.0), [[100.0, 100.0]])
    np.testing.assert_allclose(clipped, [2**0.5 / 2] * 2, rtol=1e-6)
    big, small = _first_step(optimizers.SGD(1.0, clipnorm=1.0), [[3.0, 4.0], [0.3, 0.4]])
    np.testing.assert_allclose(big, [0.6, 0.8], rtol=1e-6)
    np.testing.assert_allclose(small, [0.3, 0.4], rtol=1e-6)


def test_global_clipnorm_rescales_all_gradients_together():
    a, b = _first_step(optimizers.SGD(1.0, global_clipnorm=1.0), [[3.0], [4.0]])
    np.testing.assert_allclose([a[0], b[0]], [0.6, 0.8], rtol=1e-6)
    a, b = _first_step(optimizers.SGD(1.0, global_clipnorm=10.0), [[3.0], [4.0]])
    np.testing.assert_allclose([a[0], b[0]], [3.0, 4.0])


def test_clipvalue_clips_each_element():
    (clipped,) = _first_step(optimizers.SGD(1.0, clipvalue=1.0), [[100.0, -0.5, -3.0]])
    np.testing.assert_array_equal(clipped, [1.0, -0.5, -1.0])


def test_only_one_clipping_argument():
    with pytest.raises(ValueError, match="Only one of `clipnorm`, `clipvalue` and `global_clip"):
        optimizers.SGD(clipnorm=0.1, clipvalue=0.1)


# -- weight decay --------------------------------------------------------------------------------


def test_weight_decay_is_decoupled_and_uses_the_learning_rate():
    w = tf.Variable([1.0, -2.0])
    optimizers.SGD(0.1, weight_decay=0.5).apply_gradients([(tf.constant([0.0, 1.0]), w)])
    np.testing.assert_allclose(w.numpy(), [0.95, -1.9 - 0.1], rtol=1e-6)


def test_exclude_from_weight_decay():
    kernel, bias, other = (tf.Variable([1.0], name=n) for n in ("dense/kernel", "dense/bias", "x"))
    opt = optimizers.AdamW(learning_rate=0.1, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_list=[other], var_names=["bias"])
    opt.apply_gradients([(tf.constant([0.0]), v) for v in (kernel, bias, other)])
    np.testing.assert_allclose(kernel.numpy(), [0.95])
    np.testing.assert_allclose(bias.numpy(), [1.0])
    np.testing.assert_allclose(other.numpy(), [1.0])
    with pytest.raises(ValueError, match="before the optimizer is built"):
        opt.exclude_from_weight_decay(var_names=["kernel"])


def test_adamw_requires_weight_decay():
    assert optimizers.AdamW().weight_decay == 0.004
    with pytest.raises(ValueError, match="Received: weight_decay=None"):
        optimizers.AdamW(weight_decay=None)


# -- learning rates, and Keras 2's forms -----------------------------------------------------------


def test_learning_rate_is_a_settable_variable():
    w = tf.Variable([1.0])
    opt = optimizers.SGD(learning_rate=0.5)
    assert isinstance(opt.learning_rate, tf.Variable)
    assert float(opt.learning_rate) == 0.5
    opt.learning_rate = 0.25  # what ReduceLROnPlateau does
    opt.apply_gradients([(tf.constant([1.0]), w)])
    opt.learning_rate.assign(0.125)
    opt.apply_gradients([(tf.constant([1.0]), w)])
    np.testing.assert_allclose(w.numpy(), [1.0 - 0.25 - 0.125])
    assert len(opt.variables) == 2  # iteration, learning_rate


def test_lr_alias_and_attribute():
    opt = optimizers.SGD(lr=0.5)
    assert float(opt.lr) == 0.5 and opt.lr is opt.learning_rate
    opt.lr = 0.2
    assert float(opt.learning_rate) == pytest.approx(0.2)
    opt.lr.assign(0.3)
    assert float(opt.learning_rate) == pytest.approx(0.3)
    assert float(optimizers.RMSprop(lr=1e-4).learning_rate) == pytest.approx(1e-4)
    assert float(optimizers.Adam(lr=0.01, beta_1=0.9).get_config()["learning_rate"]) == (
        pytest.approx(0.01)
    )


def test_keras2_decay_divides_the_rate_by_one_plus_decay_times_iterations():
    w = tf.Variable([1.0])
    opt = optimizers.SGD(lr=0.1, decay=0.5)
    for _ in range(3):
        opt.apply_gradients([(tf.constant([1.0]), w)])
    np.testing.assert_allclose(w.numpy(), [1.0 - 0.1 - 0.1 / 1.5 - 0.1 / 2.0], rtol=1e-6)
    assert float(opt.learning_rate) == pytest.approx(0.1)  # the base rate, as in Keras 2
    rebuilt = optimizers.SGD.from_config(opt.get_config())
    assert rebuilt.decay == 0.5
    with pytest.raises(ValueError, match="Received: decay=-1"):
        optimizers.SGD(decay=-1)


def test_callable_and_schedule_learning_rates():
    w = tf.Variable([1.0])
    optimizers.SGD(learning_rate=lambda: 0.1).apply_gradients([(tf.constant([1.0]), w)])
    np.testing.assert_allclose(w.numpy(), [0.9])
    schedule = schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)
    opt = optimizers.SGD(learning_rate=schedule)
    w = tf.Variable([1.0])
    for _ in range(3):
        opt.apply_gradients([(tf.constant([1.0]), w)])
    np.testing.assert_allclose(w.numpy(), [1.0 - 0.1 - 0.05 - 0.025], rtol=1e-6)
    assert float(opt.learning_rate) == pytest.approx(0.0125)  # evaluated at iterations
    with pytest.raises(TypeError, match="not settable"):
        opt.learning_rate = 0.1


def test_setting_a_schedule_untracks_the_learning_rate_variable():
    opt = optimizers.Adam(learning_rate=0.001)
    assert len(opt.variables) == 2 and len(opt.variables()) == 2  # TF 2.0's variables()
    opt.learning_rate = schedules.PolynomialDecay(opt.learning_rate, 4)
    assert len(opt.variables) == 1


def test_epsilon_none_means_the_backend_epsilon():
    assert optimizers.Adam(epsilon=None).epsilon == 1e-7


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: optimizers.SGD(foo=1), "Argument\\(s\\) not recognized"),
        (lambda: optimizers.SGD(learning_rate="fast"), "Received instead: learning_rate='fast'"),
        (lambda: optimizers.SGD(momentum=1.5), "Received: momentum=1.5"),
        (lambda: optimizers.SGD(clipnorm=-1.0), "Received: clipnorm=-1.0"),
        (lambda: optimizers.Adam(gradient_accumulation_steps=1), "gradient_accumulation_steps=1"),
        (lambda: optimizers.Adam(use_ema=True, ema_momentum=2.0), "Received: ema_momentum=2.0"),
        (lambda: optimizers.Adam(loss_scale_factor=0.0), "Received: loss_scale_factor=0.0"),
        (lambda: optimizers.Adagrad(initial_accumulator_value=-1), "initial_accumulator_value=-1"),
        (lambda: optimizers.Ftrl(learning_rate_power=0.5), "learning_rate_power=0.5"),
        (lambda: optimizers.Ftrl(l1_regularization_strength=-1), "l1_regularization_strength=-1"),
    ],
)
def test_invalid_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


# -- EMA, accumulation, loss scaling ---------------------------------------------------------------


def test_ema_tracks_and_overwrites_the_weights():
    w = tf.Variable([[3.0, 4.0], [5.0, 6.0]])
    ones = tf.constant([[1.0, 1.0], [1.0, 1.0]])
    opt = optimizers.SGD(1.0, use_ema=True, ema_momentum=0.9, ema_overwrite_frequency=3)
    opt.apply_gradients([(ones, w)])
    average = opt._model_variables_moving_average[0]
    np.testing.assert_allclose(average.numpy(), [[2.0, 3.0], [4.0, 5.0]])  # first step: copy
    opt.apply_gradients([(ones, w)])
    np.testing.assert_allclose(w.numpy(), [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(average.numpy(), [[1.9, 2.9], [3.9, 4.9]], rtol=1e-6)
    opt.apply_gradients([(ones, w)])  # third step: overwritten with the average
    np.testing.assert_allclose(w.numpy(), [[1.71, 2.71], [3.71, 4.71]], rtol=1e-6)
    opt.apply_gradients([(ones, w)])
    opt.finalize_variable_values([w])
    np.testing.assert_allclose(w.numpy(), average.numpy())


def test_gradient_accumulation_updates_every_n_steps_with_the_mean():
    w = tf.Variable([1.0, 2.0])
    ones = tf.constant([1.0, 1.0])
    opt = optimizers.SGD(1.0, gradient_accumulation_steps=3)
    for _ in range(2):
        opt.apply_gradients([(ones, w)])
        np.testing.assert_array_equal(w.numpy(), [1.0, 2.0])
    opt.apply_gradients([(ones, w)])
    np.testing.assert_array_equal(w.numpy(), [0.0, 1.0])
    assert int(opt.iterations) == 1
    np.testing.assert_array_equal(opt._accumulated_gradients[0].numpy(), [0.0, 0.0])


def test_gradient_accumulation_matches_training_on_averaged_gradients():
    steps = _grads(4, count=8)
    accumulated, plain = _variables(), _variables()
    _train(optimizers.Adam(0.01, gradient_accumulation_steps=2), accumulated, steps)
    averaged = [[(a + b) / 2 for a, b in zip(s1, s2)] for s1, s2 in zip(steps[::2], steps[1::2])]
    _train(optimizers.Adam(0.01), plain, averaged)
    for a, b in zip(accumulated, plain):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-7)


def test_loss_scale_factor_unscales_gradients():
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    opt = optimizers.SGD(learning_rate=1.0, loss_scale_factor=1024.0)
    opt.apply_gradients([(tf.constant([[1.0, 2.0], [3.0, 4.0]]) * 1024.0, w)])
    np.testing.assert_array_equal(w.numpy(), np.zeros((2, 2)))
    assert opt.scale_loss(1.0) == 1024.0


# -- minimize --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: optimizers.SGD(0.1, momentum=0.9),
        lambda: optimizers.Adam(0.1),
        lambda: optimizers.RMSprop(0.05),
        lambda: optimizers.Nadam(0.1),
    ],
)
def test_minimize_converges_on_a_quadratic(make):
    target = tf.constant([3.0, -2.0, 0.5])
    w = tf.Variable([0.0, 0.0, 0.0])
    opt = make()
    for _ in range(300):
        opt.minimize(lambda: tf.reduce_sum(tf.square(w - target)), [w])
    np.testing.assert_allclose(w.numpy(), target.numpy(), atol=1e-2)


def test_minimize_with_a_tensor_loss_needs_the_tape():
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        loss = w * w
    optimizers.SGD(0.25).minimize(loss, lambda: [w], tape=tape)  # var_list may be callable
    assert float(w.numpy()) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="`tape` is required"):
        optimizers.SGD().minimize(loss, [w])


# -- configs, get, serialization -------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_config_round_trip(name):
    opt = FULL[name]()
    config = json.loads(json.dumps(optimizers.serialize(opt)))
    rebuilt = optimizers.deserialize(config)
    assert type(rebuilt) is type(opt)
    assert rebuilt.get_config() == opt.get_config()
    assert type(optimizers.get(name)) is type(opt)
    assert pickle.loads(pickle.dumps(opt)).get_config() == opt.get_config()


def test_schedule_inside_an_optimizer_config():
    schedule = schedules.CosineDecay(0.1, 1000, alpha=0.01)
    config = json.loads(json.dumps(optimizers.Adam(learning_rate=schedule).get_config()))
    assert config["learning_rate"]["class_name"] == "CosineDecay"
    rebuilt = optimizers.Adam.from_config(config)
    assert isinstance(rebuilt._learning_rate, schedules.CosineDecay)
    assert rebuilt._learning_rate.get_config() == schedule.get_config()


def test_get_accepts_names_configs_and_instances():
    assert optimizers.get(None) is None
    opt = optimizers.Nadam()
    assert optimizers.get(opt) is opt
    assert isinstance(optimizers.get("Adam"), optimizers.Adam)
    assert isinstance(optimizers.get("SGD"), optimizers.SGD)
    keras_config = {  # as Keras 3 writes it
        "module": "keras.optimizers",
        "class_name": "RMSprop",
        "config": {"name": "rmsprop", "learning_rate": 0.01, "rho": 0.8},
        "registered_name": None,
    }
    rms = optimizers.get(keras_config)
    assert isinstance(rms, optimizers.RMSprop) and rms.rho == 0.8
    tf2_config = {"class_name": "Adam", "config": {"learning_rate": 0.01, "decay": 0.0}}
    assert isinstance(optimizers.get(tf2_config), optimizers.Adam)
    with pytest.raises(ValueError, match="Unknown optimizer: 'typo'"):
        optimizers.get("typo")
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier"):
        optimizers.get(42)


def test_custom_optimizer_through_the_base_class():
    class SignSGD(optimizers.Optimizer):
        def update_step(self, gradient, variable, learning_rate):
            self.assign_sub(variable, learning_rate * np.sign(gradient))

    w = tf.Variable([1.0, 1.0])
    SignSGD(learning_rate=0.5).apply_gradients([(tf.constant([3.0, -0.1]), w)])
    np.testing.assert_array_equal(w.numpy(), [0.5, 1.5])
    with pytest.raises(NotImplementedError, match="must implement update_step"):
        optimizers.Optimizer(0.1).apply_gradients([(tf.constant([1.0, 1.0]), w)])


# -- saved state -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    NAMES + ["sgd_accumulating", "adam_decay_schedule"],
)
def test_saved_state_resumes_exactly(case):
    makers = {
        **FULL,
        "sgd_accumulating": lambda: optimizers.SGD(
            0.1, momentum=0.5, gradient_accumulation_steps=2
        ),
        "adam_decay_schedule": lambda: optimizers.Adam(
            schedules.ExponentialDecay(0.01, 2, 0.5), weight_decay=0.01
        ),
    }
    first, second = _grads(5, count=5), _grads(6, count=5)
    uninterrupted_vars = _variables()
    uninterrupted = makers[case]()
    _train(uninterrupted, uninterrupted_vars, first + second)

    variables = _variables()
    opt = makers[case]()
    _train(opt, variables, first)
    store = {}
    opt.save_own_variables(store)
    weights = [v.numpy() for v in variables]

    restored_vars = [tf.Variable(w, name=v.name.split(":")[0]) for w, v in zip(weights, variables)]
    restored = type(opt).from_config(opt.get_config())
    restored.build(restored_vars)
    restored.load_own_variables(store)
    _train(restored, restored_vars, second)
    for a, b in zip(restored_vars, uninterrupted_vars):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert int(restored.iterations) == int(uninterrupted.iterations)


def test_get_and_set_weights():
    variables = _variables()
    opt = optimizers.Adam()
    _train(opt, variables, _grads(7, count=2))
    other = optimizers.Adam()
    with pytest.raises(ValueError, match="has not yet been built"):
        other.set_weights(opt.get_weights())
    other.build(variables)
    other.set_weights(opt.variables)
    for a, b in zip(other.get_weights(), opt.get_weights()):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="expects 6 arrays"):
        other.set_weights(opt.get_weights()[:-1])


def test_loading_into_an_unbuilt_optimizer_warns_and_skips():
    store = {}
    opt = optimizers.Adam()
    _train(opt, _variables(), _grads(8, count=1))
    opt.save_own_variables(store)
    with pytest.warns(UserWarning, match="not been called/built yet"):
        optimizers.Adam().load_own_variables(store)


def test_deepcopy_gives_an_independent_optimizer():
    variables = _variables()
    opt = optimizers.Adam(0.01)
    _train(opt, variables, _grads(9, count=1))
    clone = copy.deepcopy(opt)
    assert clone.variables[2] is not opt.variables[2]
    np.testing.assert_array_equal(clone.variables[2].numpy(), opt.variables[2].numpy())


# -- documentation -----------------------------------------------------------------------------------

MODULES = [
    "ember.keras.optimizers",
    "ember.keras.optimizers._base",
    "ember.keras.optimizers._sgd",
    "ember.keras.optimizers._adagrad",
    "ember.keras.optimizers._rmsprop",
    "ember.keras.optimizers._adam",
    "ember.keras.optimizers._adamw",
    "ember.keras.optimizers._adamax",
    "ember.keras.optimizers._nadam",
    "ember.keras.optimizers._ftrl",
    "ember.keras.optimizers.schedules._schedules",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_public_names():
    for module in (optimizers, schedules):
        assert all(hasattr(module, n) for n in module.__all__)


@pytest.mark.parametrize("name", sorted({**FULL, **PLAIN}))
def test_updates_split_across_threads_match_single_calls(name, monkeypatch):
    # Large variables are updated in chunks on a thread pool: elementwise work
    # gives the same bits whichever way it is cut.
    from ember.backend import _parallel

    make = {**FULL, **PLAIN}[name]
    shapes = ((50, 7), (33,))
    grads = _grads(10, count=4, shapes=shapes)
    rng = np.random.default_rng(11)
    start = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    single = [tf.Variable(w) for w in start]
    _train(make(), single, grads)
    monkeypatch.setattr(_parallel, "_MIN_CHUNK", 8)
    monkeypatch.setattr(_parallel, "_WORKERS", 3)
    chunked = [tf.Variable(w) for w in start]
    _train(make(), chunked, grads)
    for a, b in zip(chunked, single):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


@pytest.mark.parametrize("name", ["sgd", "sgd_plain", "sgd_momentum", "adam", "adam_plain", "adamw"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_compiled_updates_match_the_numpy_kernels(name, dtype, monkeypatch):
    # NumPy float arrays are updated by compiled loops (_kernels.py); other
    # backends run the NumPy kernels. Both compute the same updates (the loops
    # may fuse a multiply-add, so float32 agrees to rounding, not bit for bit).
    from ember.keras.optimizers._base import Optimizer

    make = {**FULL, **PLAIN}[name]
    shapes = ((50, 7), (33,))
    grads = [[g.astype(dtype) for g in step] for step in _grads(10, count=4, shapes=shapes)]
    rng = np.random.default_rng(12)
    start = [rng.standard_normal(s).astype(dtype) for s in shapes]
    compiled = [tf.Variable(w) for w in start]
    _train(make(), compiled, grads)
    monkeypatch.setattr(Optimizer, "_compiled_kernels", staticmethod(lambda *arrays: (None, None)))
    plain = [tf.Variable(w) for w in start]
    _train(make(), plain, grads)
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    for a, b, w in zip(compiled, plain, start):
        assert not np.allclose(b.numpy(), w)
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=tolerance, atol=tolerance)
