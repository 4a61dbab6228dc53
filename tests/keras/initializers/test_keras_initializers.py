"""keras.initializers: shapes, dtypes, statistics on large samples, seeds, configs."""

import doctest
import json
import math

import numpy as np
import pytest

import ember
from ember.backend import floatx, set_floatx
from ember.keras import initializers
from ember.keras.initializers import _initializers, _random_initializers
from ember.keras.initializers._random_initializers import compute_fans

TRUNCATED_STDDEV = 0.87962566103423978
BIG = (1000, 600)  # 600,000 draws: sample variances within ~0.3%


@pytest.fixture
def restore_floatx():
    saved = floatx()
    yield
    set_floatx(saved)


def _std_of_standard_normal_truncated_at_2():
    from scipy import stats

    return stats.truncnorm(-2, 2).std()


def test_truncation_constant_is_the_truncated_stddev():
    assert math.isclose(_std_of_standard_normal_truncated_at_2(), TRUNCATED_STDDEV, rel_tol=1e-12)
    assert _random_initializers.TRUNCATED_STDDEV == TRUNCATED_STDDEV


# -- fans --------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, fans",
    [
        ((), (1, 1)),
        ((7,), (7, 7)),
        ((784, 300), (784, 300)),
        ((5, 4, 8), (20, 40)),  # Conv1D: window 5
        ((3, 3, 16, 32), (144, 288)),  # Conv2D: 3x3 window
        ((2, 3, 3, 4, 6), (72, 108)),  # Conv3D
    ],
)
def test_compute_fans(shape, fans):
    assert compute_fans(shape) == fans


# -- statistics of the variance-scaling family -------------------------------


def _fan_n(shape, mode):
    fan_in, fan_out = compute_fans(shape)
    return {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]


@pytest.mark.parametrize("shape", [BIG, (3, 3, 64, 128)], ids=["dense", "conv2d"])
@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "fan_avg"])
@pytest.mark.parametrize("distribution", ["truncated_normal", "untruncated_normal", "uniform"])
def test_variance_scaling_statistics(shape, mode, distribution):
    scale = 2.0
    init = initializers.VarianceScaling(scale, mode, distribution, seed=3)
    w = init(shape, dtype="float64").numpy()
    assert w.shape == shape and w.dtype == np.float64
    variance = scale / _fan_n(shape, mode)
    assert abs(w.mean()) < 0.01 * math.sqrt(variance)
    assert w.var() == pytest.approx(variance, rel=0.02)
    if distribution == "uniform":
        limit = math.sqrt(3 * variance)
        assert np.abs(w).max() <= limit and np.abs(w).max() > 0.999 * limit
    elif distribution == "truncated_normal":
        bound = 2 * math.sqrt(variance) / TRUNCATED_STDDEV
        assert np.abs(w).max() <= bound and np.abs(w).max() > 0.99 * bound
    else:
        assert np.abs(w).max() > 4 * math.sqrt(variance)  # tails are not cut


# name -> (scale, mode, distribution) of the preset
PRESETS = {
    "GlorotUniform": (1.0, "fan_avg", "uniform"),
    "GlorotNormal": (1.0, "fan_avg", "truncated_normal"),
    "HeUniform": (2.0, "fan_in", "uniform"),
    "HeNormal": (2.0, "fan_in", "truncated_normal"),
    "LecunUniform": (1.0, "fan_in", "uniform"),
    "LecunNormal": (1.0, "fan_in", "truncated_normal"),
}


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_have_their_formula_variance(name):
    scale, mode, distribution = PRESETS[name]
    shape = (400, 1500)
    w = getattr(initializers, name)(seed=0)(shape).numpy()
    assert w.dtype == np.float32
    assert w.var() == pytest.approx(scale / _fan_n(shape, mode), rel=0.02)
    init = getattr(initializers, name)()
    assert (init.scale, init.mode, init.distribution) == (scale, mode, distribution)


def test_glorot_uniform_bound_is_exact():
    fan_in, fan_out = 784, 300
    limit = math.sqrt(6 / (fan_in + fan_out))
    w64 = initializers.GlorotUniform(seed=1)((fan_in, fan_out), dtype="float64").numpy()
    assert np.abs(w64).max() <= limit and np.abs(w64).max() > 0.999 * limit
    assert w64.var() == pytest.approx(2 / (fan_in + fan_out), rel=0.02)
    w32 = initializers.GlorotUniform(seed=1)((fan_in, fan_out)).numpy()
    assert np.abs(w32).max() <= np.float32(limit)


def test_he_normal_conv_kernel_uses_receptive_field():
    shape = (5, 5, 32, 64)
    w = initializers.HeNormal(seed=2)(shape, dtype="float64").numpy()
    assert w.var() == pytest.approx(2 / (5 * 5 * 32), rel=0.02)


def test_homl_variance_scaling_fan_avg_uniform():
    # Hands-On ML ch. 11: He initialization based on fan_avg.
    init = initializers.VarianceScaling(scale=2.0, mode="fan_avg", distribution="uniform")
    w = init((300, 100), dtype="float64").numpy()
    limit = math.sqrt(3 * 2.0 / 200)
    assert np.abs(w).max() <= limit and np.abs(w).max() > 0.99 * limit


def test_normal_is_an_alias_of_truncated_normal():
    init = initializers.VarianceScaling(distribution="NORMAL")
    assert init.distribution == "truncated_normal"


# -- basic random initializers ------------------------------------------------


def test_random_normal_moments():
    w = initializers.RandomNormal(mean=1.5, stddev=0.3, seed=0)(BIG, dtype="float64").numpy()
    assert w.mean() == pytest.approx(1.5, abs=0.002)
    assert w.std() == pytest.approx(0.3, rel=0.01)


def test_random_uniform_support_and_moments():
    w = initializers.RandomUniform(minval=-1.0, maxval=3.0, seed=0)(BIG, dtype="float64").numpy()
    assert w.min() >= -1.0 and w.max() < 3.0
    assert w.mean() == pytest.approx(1.0, abs=0.01)
    assert w.var() == pytest.approx(16 / 12, rel=0.01)


def test_truncated_normal_support_and_variance():
    mean, stddev = 1.0, 0.5
    init = initializers.TruncatedNormal(mean=mean, stddev=stddev, seed=0)
    w = init(BIG, dtype="float64").numpy()
    assert w.min() >= mean - 2 * stddev and w.max() <= mean + 2 * stddev
    assert w.min() < mean - 1.99 * stddev and w.max() > mean + 1.99 * stddev
    assert w.mean() == pytest.approx(mean, abs=0.002)
    assert w.std() == pytest.approx(stddev * TRUNCATED_STDDEV, rel=0.01)


def test_keras_default_arguments():
    assert (initializers.RandomNormal().mean, initializers.RandomNormal().stddev) == (0.0, 0.05)
    assert initializers.TruncatedNormal().stddev == 0.05
    uniform = initializers.RandomUniform()
    assert (uniform.minval, uniform.maxval) == (-0.05, 0.05)
    scaling = initializers.VarianceScaling()
    assert (scaling.scale, scaling.mode, scaling.distribution) == (
        1.0,
        "fan_in",
        "truncated_normal",
    )


# -- orthogonal and identity --------------------------------------------------


@pytest.mark.parametrize(
    "shape", [(6, 4), (4, 6), (5, 5), (3, 3, 8, 16)], ids=["tall", "wide", "square", "conv"]
)
def test_orthogonal_gives_orthonormal_columns_or_rows(shape):
    w = initializers.Orthogonal(gain=1.0, seed=0)(shape, dtype="float64").numpy()
    assert w.shape == shape
    matrix = w.reshape(-1, shape[-1])
    rows, cols = matrix.shape
    gram = matrix.T @ matrix if rows >= cols else matrix @ matrix.T
    np.testing.assert_allclose(gram, np.eye(min(rows, cols)), atol=1e-12)


def test_orthogonal_gain_and_float32():
    w = initializers.Orthogonal(gain=2.0, seed=1)((50, 20)).numpy()
    assert w.dtype == np.float32
    np.testing.assert_allclose(w.T @ w, 4 * np.eye(20), atol=2e-5)


def test_orthogonal_is_not_biased_to_one_sign():
    # QR with the signs of R's diagonal fixed gives Haar-distributed matrices:
    # the diagonal of Q is as often negative as positive.
    diagonals = [np.diag(initializers.Orthogonal(seed=s)((8, 8)).numpy()) for s in range(50)]
    assert 0.35 < np.mean(np.concatenate(diagonals) > 0) < 0.65


def test_orthogonal_needs_two_dimensions():
    with pytest.raises(ValueError, match="at least two-dimensional. Received: shape=\\(5,\\)"):
        initializers.Orthogonal()((5,))


def test_identity():
    np.testing.assert_array_equal(initializers.Identity()((3, 3)).numpy(), np.eye(3))
    w = initializers.Identity(gain=0.5)((2, 4), dtype="float64").numpy()
    np.testing.assert_array_equal(w, 0.5 * np.eye(2, 4))
    with pytest.raises(ValueError, match="only be used for 2D matrices"):
        initializers.Identity()((2, 2, 2))


# -- constant initializers and dtypes ------------------------------------------


def test_zeros_ones_constant_values_and_dtypes():
    z = initializers.Zeros()((2, 3))
    assert isinstance(z, ember.Tensor) and z.dtype == np.float32
    np.testing.assert_array_equal(z.numpy(), np.zeros((2, 3)))
    o = initializers.Ones()((4,), dtype="int32")
    assert o.dtype == np.int32 and o.numpy().tolist() == [1, 1, 1, 1]
    c = initializers.Constant(2.5)((2, 2), dtype=ember.float64)
    assert c.dtype == np.float64 and np.all(c.numpy() == 2.5)


def test_constant_broadcasts_arrays():
    c = initializers.Constant([1.0, 2.0, 3.0])((2, 3)).numpy()
    np.testing.assert_array_equal(c, [[1, 2, 3], [1, 2, 3]])
    with pytest.raises(ValueError, match="does not broadcast"):
        initializers.Constant([1.0, 2.0])((2, 3))
    with pytest.raises(ValueError, match="Received: value='a'"):
        initializers.Constant("a")


def test_default_dtype_follows_floatx(restore_floatx):
    set_floatx("float64")
    assert initializers.GlorotUniform(seed=0)((2, 2)).dtype == np.float64
    assert initializers.Zeros()((2,)).dtype == np.float64


@pytest.mark.parametrize("cls", ["RandomNormal", "GlorotUniform", "Orthogonal"])
def test_random_initializers_need_float_dtypes(cls):
    with pytest.raises(ValueError, match="Received: dtype=int32"):
        getattr(initializers, cls)()((3, 3), dtype="int32")


def test_bad_shapes_are_rejected():
    with pytest.raises(ValueError, match="Received: shape=\\(2, -1\\)"):
        initializers.Zeros()((2, -1))
    with pytest.raises(ValueError, match="Received: shape=\\(2.5,\\)"):
        initializers.RandomNormal()((2.5,))
    assert initializers.RandomNormal(seed=0)(5).shape == (5,)


# -- seeds --------------------------------------------------------------------

RANDOM = [
    "GlorotNormal",
    "GlorotUniform",
    "HeNormal",
    "HeUniform",
    "LecunNormal",
    "LecunUniform",
    "Orthogonal",
    "RandomNormal",
    "RandomUniform",
    "TruncatedNormal",
    "VarianceScaling",
]


@pytest.mark.parametrize("name", RANDOM)
def test_seeded_initializer_repeats_itself(name):
    cls = getattr(initializers, name)
    init = cls(seed=7)
    first = init((20, 10)).numpy()
    np.testing.assert_array_equal(first, init((20, 10)).numpy())
    np.testing.assert_array_equal(first, cls(seed=7)((20, 10)).numpy())
    assert not np.array_equal(first, cls(seed=8)((20, 10)).numpy())


@pytest.mark.parametrize("name", RANDOM)
def test_seeded_initializer_ignores_the_global_seed(name):
    cls = getattr(initializers, name)
    ember.random.set_seed(1)
    first = cls(seed=5)((6, 4)).numpy()
    ember.random.set_seed(2)
    np.testing.assert_array_equal(first, cls(seed=5)((6, 4)).numpy())


@pytest.mark.parametrize("name", RANDOM)
def test_unseeded_initializer_follows_the_global_generator(name):
    init = getattr(initializers, name)()
    ember.random.set_seed(3)
    a1, a2 = init((6, 4)).numpy(), init((6, 4)).numpy()
    assert not np.array_equal(a1, a2)
    ember.random.set_seed(3)
    np.testing.assert_array_equal(a1, init((6, 4)).numpy())
    np.testing.assert_array_equal(a2, init((6, 4)).numpy())


@pytest.mark.parametrize("seed", ["1", 1.5, -1, True])
def test_bad_seeds_are_rejected(seed):
    with pytest.raises(ValueError, match="Received: seed="):
        initializers.RandomNormal(seed=seed)


def test_bad_variance_scaling_arguments():
    with pytest.raises(ValueError, match="Received: scale=0"):
        initializers.VarianceScaling(scale=0)
    with pytest.raises(ValueError, match="Received: mode='fan_sum'"):
        initializers.VarianceScaling(mode="fan_sum")
    with pytest.raises(ValueError, match="Received: distribution='gaussian'"):
        initializers.VarianceScaling(distribution="gaussian")


# -- configs and lookup ----------------------------------------------------------

CONFIGURED = [
    initializers.Zeros(),
    initializers.Ones(),
    initializers.Constant(3.0),
    initializers.Constant([1.0, 2.0]),
    initializers.Identity(gain=2.0),
    initializers.RandomNormal(mean=1.0, stddev=2.0, seed=4),
    initializers.RandomUniform(minval=-2.0, maxval=1.0, seed=4),
    initializers.TruncatedNormal(mean=0.5, stddev=0.1, seed=4),
    initializers.VarianceScaling(2.0, "fan_avg", "uniform", seed=4),
    initializers.GlorotUniform(seed=4),
    initializers.HeNormal(),
    initializers.LecunNormal(seed=4),
    initializers.Orthogonal(gain=3.0, seed=4),
]


@pytest.mark.parametrize("init", CONFIGURED, ids=lambda i: type(i).__name__)
def test_config_round_trip(init):
    config = init.get_config()
    config = json.loads(json.dumps(config))
    rebuilt = type(init).from_config(config)
    assert rebuilt.get_config() == init.get_config()
    via_serialize = initializers.deserialize(json.loads(json.dumps(initializers.serialize(init))))
    assert type(via_serialize) is type(init) and via_serialize.get_config() == config
    assert type(initializers.get(initializers.serialize(init))) is type(init)
    if getattr(init, "seed", 0) is not None:
        shape = (2, 2)
        np.testing.assert_array_equal(rebuilt(shape).numpy(), init(shape).numpy())
        np.testing.assert_array_equal(init.clone()(shape).numpy(), init(shape).numpy())


def test_keras_config_keys():
    assert initializers.GlorotUniform().get_config() == {"seed": None}
    assert initializers.VarianceScaling(seed=1).get_config() == {
        "seed": 1,
        "scale": 1.0,
        "mode": "fan_in",
        "distribution": "truncated_normal",
    }
    assert initializers.Orthogonal().get_config() == {"seed": None, "gain": 1.0}
    assert initializers.serialize(initializers.HeNormal())["class_name"] == "HeNormal"


@pytest.mark.parametrize(
    "name, cls",
    [
        ("glorot_uniform", "GlorotUniform"),
        ("GlorotUniform", "GlorotUniform"),
        ("glorot_normal", "GlorotNormal"),
        ("he_normal", "HeNormal"),
        ("he_uniform", "HeUniform"),
        ("lecun_normal", "LecunNormal"),
        ("lecun_uniform", "LecunUniform"),
        ("zeros", "Zeros"),
        ("zero", "Zeros"),
        ("ones", "Ones"),
        ("one", "Ones"),
        ("constant", "Constant"),
        ("orthogonal", "Orthogonal"),
        ("Orthogonal", "Orthogonal"),
        ("identity", "Identity"),
        ("random_normal", "RandomNormal"),
        ("normal", "RandomNormal"),
        ("random_uniform", "RandomUniform"),
        ("uniform", "RandomUniform"),
        ("truncated_normal", "TruncatedNormal"),
        ("variance_scaling", "VarianceScaling"),
    ],
)
def test_get_by_name(name, cls):
    init = initializers.get(name)
    assert type(init) is getattr(initializers, cls)
    assert init((3, 2)).shape == (3, 2)


def test_get_classes_callables_and_errors():
    assert type(initializers.get(initializers.HeUniform)) is initializers.HeUniform
    init = initializers.Orthogonal()
    assert initializers.get(init) is init

    def custom(shape, dtype=None):
        return ember.ones(shape)

    assert initializers.get(custom) is custom
    assert initializers.get(None) is None
    with pytest.raises(ValueError, match="Unknown initializer: 'glorot_uniforms'"):
        initializers.get("glorot_uniforms")
    with pytest.raises(ValueError, match="Could not interpret"):
        initializers.get(42)


def test_keras_lower_case_aliases():
    assert initializers.he_normal is initializers.HeNormal
    assert initializers.glorot_uniform is initializers.GlorotUniform
    assert initializers.OrthogonalInitializer is initializers.Orthogonal


def test_base_class_contract():
    with pytest.raises(NotImplementedError, match="__call__"):
        initializers.Initializer()((2,))
    assert initializers.Initializer().get_config() == {}


@pytest.mark.parametrize(
    "module", [initializers, _initializers, _random_initializers], ids=lambda m: m.__name__
)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_all_names_exist():
    assert initializers.__all__ and len(set(initializers.__all__)) == len(initializers.__all__)
    assert [name for name in initializers.__all__ if not hasattr(initializers, name)] == []
