"""Saves are atomic: a failed save leaves the previous file intact and no temporary file."""

import os
import stat

import numpy as np
import pytest

from ember import keras
from ember.keras.saving import _archive, _atomic


def _model(seed):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.layers.Dense(4, input_shape=[3]), keras.layers.Dense(2)])
    model.compile(loss="mse", optimizer="adam")
    return model


@pytest.fixture
def previous(tmp_path):
    """A folder holding one saved model; returns its path and bytes."""
    path = tmp_path / "my_keras_model.h5"
    _model(0).save(path)
    return path, path.read_bytes()


def _assert_untouched(path, content):
    assert path.read_bytes() == content
    assert sorted(os.listdir(path.parent)) == [path.name]  # no temporary file left


def test_exception_in_the_middle_of_writing_arrays(previous, monkeypatch):
    path, content = previous
    write_array = np.lib.format.write_array
    calls = []

    def failing(fileobj, array, **kwargs):
        calls.append(array.shape)
        if len(calls) == 3:
            fileobj.write(b"partial")
            raise OSError("No space left on device")
        return write_array(fileobj, array, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", failing)
    with pytest.raises(OSError, match="No space left"):
        _model(1).save(path)
    assert len(calls) == 3
    _assert_untouched(path, content)


def test_keyboard_interrupt_while_writing(previous, monkeypatch):
    path, content = previous

    def interrupted(archive, name, array):
        raise KeyboardInterrupt

    monkeypatch.setattr(_archive, "_write_array", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _model(1).save_weights(path)
    _assert_untouched(path, content)


def test_weight_that_cannot_be_serialized(previous):
    path, content = previous
    model = _model(1)
    model.layers[1].bias._value = np.array([object(), object()], dtype=object)
    with pytest.raises(TypeError, match=r"weights/00003.npy: only boolean, integer, float and "
                                        r"complex arrays are saved. Received: dtype=object"):
        model.save(path)
    _assert_untouched(path, content)


def test_config_that_cannot_be_serialized(previous):
    path, content = previous

    class Opaque(keras.layers.Layer):
        def get_config(self):
            return {**super().get_config(), "handle": object()}

    model = keras.Sequential([keras.layers.Dense(2, input_shape=[3]), Opaque()])
    with pytest.raises(TypeError, match="Cannot save config.json: a value in it is not "
                                        "JSON-serializable"):
        model.save(path)
    _assert_untouched(path, content)


def test_rename_failure(previous, monkeypatch):
    path, content = previous

    def failing_replace(source, target):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(_atomic.os, "replace", failing_replace)
    with pytest.raises(PermissionError):
        _model(1).save(path)
    _assert_untouched(path, content)


def test_overwrite_false(previous):
    path, content = previous
    with pytest.raises(FileExistsError, match="overwrite=False: it was left unchanged"):
        _model(1).save(path, overwrite=False)
    with pytest.raises(FileExistsError):
        _model(1).save_weights(path, overwrite=False)
    _assert_untouched(path, content)
    fresh = path.with_name("fresh.keras")
    _model(1).save(fresh, overwrite=False)
    assert keras.models.load_model(fresh).get_weights()[0].shape == (3, 4)


def test_overwrite_true_replaces(previous):
    path, content = previous
    model = _model(1)
    model.save(path)
    assert path.read_bytes() != content
    loaded = keras.models.load_model(path)
    np.testing.assert_array_equal(loaded.get_weights()[0], model.get_weights()[0])
    assert sorted(os.listdir(path.parent)) == [path.name]


def test_new_file_gets_ordinary_permissions_and_missing_folders(tmp_path):
    mask = os.umask(0o022)
    try:
        path = tmp_path / "checkpoints" / "run_1" / "model.keras"
        _model(0).save(path)
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_equal_content_gives_equal_members(tmp_path):
    model = _model(0)
    model.save_weights(tmp_path / "a.weights.h5")
    model.save_weights(tmp_path / "b.weights.h5")
    import zipfile

    with zipfile.ZipFile(tmp_path / "a.weights.h5") as a, \
            zipfile.ZipFile(tmp_path / "b.weights.h5") as b:
        for name in a.namelist():
            if name != "metadata.json":  # holds the save time
                assert a.read(name) == b.read(name)
                assert a.getinfo(name).date_time == (1980, 1, 1, 0, 0, 0)


def test_saving_to_a_directory_is_refused(tmp_path):
    with pytest.raises(IsADirectoryError, match="is a directory"):
        _model(0).save(tmp_path)
