"""save_weights/load_weights: matching by structure, mismatch errors, skip_mismatch, file names."""

import zipfile

import numpy as np
import pytest

from ember import keras


def _mlp(hidden=(5, 4), inputs=3, seed=0, batch_norm=False):
    keras.utils.set_random_seed(seed)
    layers = [keras.Input(shape=[inputs])]
    for units in hidden:
        layers.append(keras.layers.Dense(units, activation="relu"))
        if batch_norm:
            layers.append(keras.layers.BatchNormalization())
    layers.append(keras.layers.Dense(1))
    return keras.Sequential(layers)


def _assert_equal_lists(a, b):
    assert len(a) == len(b) > 0
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("name", ["my_model.weights.h5", "my_weights.ckpt", "weights.h5", "w"])
def test_weights_round_trip_any_name(tmp_path, name):
    model = _mlp(seed=1, batch_norm=True)
    model.layers[1].moving_mean.assign(np.arange(5, dtype=np.float32))
    model.save_weights(tmp_path / name)
    other = _mlp(seed=2, batch_norm=True)
    assert not np.array_equal(model.get_weights()[0], other.get_weights()[0])
    assert other.load_weights(tmp_path / name) is None
    _assert_equal_lists(model.get_weights(), other.get_weights())
    with zipfile.ZipFile(tmp_path / name) as archive:
        names = archive.namelist()
    assert "config.json" not in names and not any(n.startswith("optimizer/") for n in names)


def test_layer_names_do_not_matter_and_weightless_layers_are_ignored(tmp_path):
    model = _mlp(seed=1)
    model.save_weights(tmp_path / "w.weights.h5")
    keras.utils.set_random_seed(3)
    other = keras.Sequential([
        keras.Input(shape=[3]),
        keras.layers.Dense(5, activation="relu", name="first"),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(4, activation="relu", name="second"),
        keras.layers.Dense(1, name="third"),
    ])
    other.load_weights(tmp_path / "w.weights.h5")
    _assert_equal_lists(model.get_weights(), other.get_weights())


def test_functional_loads_weights_of_the_same_sequential(tmp_path):
    model = _mlp(seed=1)
    model.save_weights(tmp_path / "w.weights.h5")
    inputs = keras.Input(shape=[3])
    x = keras.layers.Dense(5, activation="relu")(inputs)
    x = keras.layers.Dense(4, activation="relu")(x)
    functional = keras.Model(inputs, keras.layers.Dense(1)(x))
    functional.load_weights(tmp_path / "w.weights.h5")
    _assert_equal_lists(model.get_weights(), functional.get_weights())


def test_load_weights_from_a_full_model_archive(tmp_path):
    model = _mlp(seed=1)
    model.compile(loss="mse", optimizer="adam")
    model.fit(np.ones((4, 3), np.float32), np.ones((4, 1), np.float32), verbose=0)
    model.save(tmp_path / "full.keras")
    other = _mlp(seed=5)
    other.load_weights(tmp_path / "full.keras")
    _assert_equal_lists(model.get_weights(), other.get_weights())


def test_shape_mismatch_names_layer_variable_and_shapes(tmp_path):
    _mlp(hidden=(5, 4)).save_weights(tmp_path / "w.weights.h5")
    other = _mlp(hidden=(5, 6), seed=2)
    before = other.get_weights()
    with pytest.raises(ValueError) as info:
        other.load_weights(tmp_path / "w.weights.h5")
    message = str(info.value)
    assert "2 layer(s) do not match" in message
    assert (f"layer {other.layers[1].name!r} (Dense, path 'dense_1'): variable 'kernel' expects "
            "shape (5, 6), but the file holds shape (5, 4); variable 'bias' expects shape (6,), but "
            "the file holds shape (4,)") in message
    assert ("variable 'kernel' expects shape (6, 1), but the file holds shape (4, 1)") in message
    assert "skip_mismatch=True" in message
    _assert_equal_lists(before, other.get_weights())  # nothing was assigned


def test_count_mismatch_and_missing_layers(tmp_path):
    _mlp(hidden=(5,)).save_weights(tmp_path / "w.weights.h5")
    no_bias = keras.Sequential([keras.Input(shape=[3]),
                                keras.layers.Dense(5, use_bias=False), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match=r"expects 1 variables \['kernel'\], but the file holds "
                                         r"2 for it \['kernel', 'bias'\]"):
        no_bias.load_weights(tmp_path / "w.weights.h5")
    deeper = _mlp(hidden=(5, 4))
    with pytest.raises(ValueError, match=r"path 'dense_2'\) has 2 variable\(s\) but the file "
                                         r"has none for it"):
        deeper.load_weights(tmp_path / "w.weights.h5")
    shallower = keras.Sequential([keras.Input(shape=[3]), keras.layers.Dense(5)])
    with pytest.raises(ValueError, match=r"the file holds 2 variable\(s\) for layer .*path "
                                         r"'dense_1'\), which the model does not have"):
        shallower.load_weights(tmp_path / "w.weights.h5")


def test_skip_mismatch_loads_the_rest_with_warnings(tmp_path):
    source = _mlp(hidden=(5, 4), seed=1)
    source.save_weights(tmp_path / "w.weights.h5")
    other = _mlp(hidden=(5, 6), seed=2)
    kept = other.layers[1].get_weights()
    with pytest.warns(UserWarning, match="Skipping weights from") as record:
        other.load_weights(tmp_path / "w.weights.h5", skip_mismatch=True)
    assert len(record) == 2
    _assert_equal_lists(source.layers[0].get_weights(), other.layers[0].get_weights())
    _assert_equal_lists(kept, other.layers[1].get_weights())


def test_unbuilt_models(tmp_path):
    _mlp().save_weights(tmp_path / "w.weights.h5")
    unbuilt = keras.Sequential([keras.layers.Dense(5), keras.layers.Dense(4),
                                keras.layers.Dense(1)])
    with pytest.raises(ValueError, match=r"has no weights yet: build it first"):
        unbuilt.load_weights(tmp_path / "w.weights.h5")
    with pytest.raises(ValueError, match=r"has no weights yet: build it"):
        unbuilt.save_weights(tmp_path / "unbuilt.weights.h5")
    assert not (tmp_path / "unbuilt.weights.h5").exists()


def test_variables_shared_between_layers_are_saved_once(tmp_path):
    inputs = keras.Input(shape=[4])
    shared = keras.layers.Dense(4)
    model = keras.Model(inputs, shared(shared(inputs)))
    model.save_weights(tmp_path / "w.weights.h5")
    with zipfile.ZipFile(tmp_path / "w.weights.h5") as archive:
        assert sorted(n for n in archive.namelist() if n.endswith(".npy")) == [
            "weights/00000.npy", "weights/00001.npy"]


def test_dtype_follows_the_model(tmp_path):
    model = _mlp()
    model.save_weights(tmp_path / "w.weights.h5")
    keras.utils.set_random_seed(0)
    double = keras.Sequential([keras.Input(shape=[3], dtype="float64")] + [
        keras.layers.Dense(units, activation=act, dtype="float64")
        for units, act in ((5, "relu"), (4, "relu"), (1, None))])
    double.load_weights(tmp_path / "w.weights.h5")
    for saved, loaded in zip(model.get_weights(), double.get_weights()):
        assert loaded.dtype == np.float64
        np.testing.assert_array_equal(saved.astype(np.float64), loaded)


def test_load_weights_rejects_unknown_arguments(tmp_path):
    model = _mlp()
    model.save_weights(tmp_path / "w.weights.h5")
    with pytest.raises(TypeError, match=r"\['by_name'\]"):
        model.load_weights(tmp_path / "w.weights.h5", by_name=True)
