"""keras.utils: to_categorical, normalize and set_random_seed."""

import doctest
import random

import numpy as np
import pytest

import ember
from ember.autodiff import check_gradients
from ember.keras import initializers, utils
from ember.keras.utils import _numerical, _random, np_utils

# -- to_categorical ------------------------------------------------------------


def test_to_categorical_hand_example():
    expected = np.array(
        [
            [1, 0, 0, 0],
            [0, 0, 1, 0],
            [0, 1, 0, 0],
            [0, 0, 1, 0],
            [0, 0, 0, 1],
        ],
        dtype=np.float32,
    )
    out = utils.to_categorical([0, 2, 1, 2, 3])
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize(
    "shape, expected",
    [((5,), (5, 4)), ((5, 1), (5, 4)), ((2, 3), (2, 3, 4)), ((2, 3, 1), (2, 3, 4)), ((), (4,))],
)
def test_to_categorical_shapes(shape, expected):
    labels = np.arange(int(np.prod(shape))).reshape(shape) % 4
    out = utils.to_categorical(labels, num_classes=4)
    assert out.shape == expected
    np.testing.assert_array_equal(out.argmax(axis=-1), labels.reshape(expected[:-1]))
    np.testing.assert_array_equal(out.sum(axis=-1), 1)


def test_to_categorical_num_classes_and_dtype():
    out = utils.to_categorical(np.array([1, 0]), num_classes=5, dtype="int64")
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out, [[0, 1, 0, 0, 0], [1, 0, 0, 0, 0]])
    # integer-valued floats are class indices too
    np.testing.assert_array_equal(utils.to_categorical([1.0, 0.0]), [[0, 1], [1, 0]])


def test_to_categorical_tensor_gives_tensor():
    out = utils.to_categorical(ember.constant([2, 0]), num_classes=3)
    assert isinstance(out, ember.Tensor)
    np.testing.assert_array_equal(out.numpy(), [[0, 0, 1], [1, 0, 0]])


def test_to_categorical_errors():
    with pytest.raises(ValueError, match="in \\[0, 3\\)"):
        utils.to_categorical([0, 3], num_classes=3)
    with pytest.raises(ValueError, match="in \\[0, 3\\)"):
        utils.to_categorical([-1, 2], num_classes=3)
    with pytest.raises(ValueError, match="non-integer"):
        utils.to_categorical([0.5, 1.0])
    with pytest.raises(ValueError, match="Received: num_classes=2.5"):
        utils.to_categorical([0, 1], num_classes=2.5)


def test_np_utils_is_keras2_import_path():
    assert np_utils.to_categorical is utils.to_categorical
    assert utils.np_utils.normalize is utils.normalize


# -- normalize -------------------------------------------------------------------


def test_normalize_numpy_rows():
    x = np.array([[3.0, 4.0], [0.0, 0.0], [1.0, 0.0]])
    out = utils.normalize(x)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0], [1.0, 0.0]])


def test_normalize_numpy_axis0_and_order1():
    x = np.array([[1.0, -2.0, 3.0], [3.0, 2.0, -1.0]])
    np.testing.assert_allclose(
        utils.normalize(x, axis=0), x / np.sqrt((x**2).sum(axis=0, keepdims=True))
    )
    np.testing.assert_allclose(
        utils.normalize(x, order=1), x / np.abs(x).sum(axis=1, keepdims=True)
    )


@pytest.mark.parametrize("order", [1, 2, 3, np.inf])
def test_normalize_tensor_matches_numpy_and_is_differentiable(order):
    x = np.random.default_rng(0).normal(size=(4, 5))
    out = utils.normalize(ember.constant(x), axis=-1, order=order)
    assert isinstance(out, ember.Tensor)
    expected = x / np.linalg.norm(x, ord=order, axis=-1, keepdims=True)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12)
    check_gradients(lambda t: utils.normalize(t, axis=0, order=order), x)


def test_normalize_tensor_floors_the_norm_at_epsilon():
    x = ember.constant([[0.0, 0.0], [1e-9, 0.0]], dtype=ember.float64)
    out = utils.normalize(x).numpy()
    np.testing.assert_allclose(out, [[0.0, 0.0], [1e-9 / 1e-7, 0.0]])
    with ember.GradientTape() as tape:
        tape.watch(x)
        y = ember.reduce_sum(utils.normalize(x))
    assert np.all(np.isfinite(tape.gradient(y, x).numpy()))


def test_normalize_tensor_rejects_bad_order():
    with pytest.raises(ValueError, match="Received: order=0"):
        utils.normalize(ember.constant([1.0]), order=0)


# -- set_random_seed -------------------------------------------------------------


def _draw_everything():
    init = initializers.GlorotUniform()
    return (
        random.random(),
        np.random.rand(3),
        ember.random.normal((3,)).numpy(),
        ember.random.uniform((2,), seed=5).numpy(),
        init((4, 4)).numpy(),
    )


def test_set_random_seed_repeats_every_generator():
    utils.set_random_seed(1234)
    first = _draw_everything()
    utils.set_random_seed(1234)
    second = _draw_everything()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    utils.set_random_seed(4321)
    third = _draw_everything()
    for a, b in zip(first, third):
        assert not np.array_equal(a, b)


def test_set_random_seed_records_ember_seed():
    utils.set_random_seed(7)
    assert ember.backend.get_seed() == 7


@pytest.mark.parametrize("seed", [1.5, "3", -1, 2**32, True, None])
def test_set_random_seed_rejects_non_integers(seed):
    with pytest.raises(ValueError, match="Received: seed="):
        utils.set_random_seed(seed)


@pytest.mark.parametrize("module", [utils, _numerical, _random, np_utils], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_all_names_exist():
    assert utils.__all__ and len(set(utils.__all__)) == len(utils.__all__)
    assert [name for name in utils.__all__ if not hasattr(utils, name)] == []
