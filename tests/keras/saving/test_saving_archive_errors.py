"""Reading hostile files: truncated, corrupted, foreign or future archives raise ArchiveError.

Every read is validated; nothing is unpickled or executed; a damaged file never
loads into different weights.
"""

import io
import json
import pickle
import zipfile

import numpy as np
import pytest

from ember import keras
from ember.keras.saving import ArchiveError


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A small trained model, its file's bytes, and reference predictions."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.layers.Dense(3, input_shape=[2]), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="adam", metrics=["mae"])
    model.fit(np.ones((4, 2), np.float32), np.ones((4, 1), np.float32), verbose=0)
    path = tmp_path_factory.mktemp("saved") / "model.keras"
    model.save(path)
    X = np.array([[1.0, -2.0], [0.5, 3.0]], np.float32)
    return path.read_bytes(), X, model.predict(X, verbose=0)


def _members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _edit_json(data, name, edit):
    members = _members(data)
    document = json.loads(members[name])
    edit(document)
    members[name] = json.dumps(document).encode()
    return _zip(members)


def _load(tmp_path, data, name="model.keras"):
    path = tmp_path / name
    path.write_bytes(data)
    return keras.models.load_model(path)


def test_rezipped_archive_still_loads(tmp_path, saved):
    data, X, expected = saved
    model = _load(tmp_path, _zip(_members(data)))
    np.testing.assert_array_equal(model.predict(X, verbose=0), expected)


@pytest.mark.parametrize("keep", [0, 10, 0.25, 0.5, 0.9, -22, -1])
def test_truncated(tmp_path, saved, keep):
    data = saved[0]
    size = int(len(data) * keep) if isinstance(keep, float) else keep % len(data)
    with pytest.raises(ArchiveError, match="model.keras"):
        _load(tmp_path, data[:size])


def test_flipped_bytes_never_load_different_weights(tmp_path, saved):
    data, X, expected = saved
    failures = 0
    for position in range(0, len(data), 11):
        damaged = bytearray(data)
        damaged[position] ^= 0xFF
        try:
            model = _load(tmp_path, bytes(damaged))
        except ArchiveError:
            failures += 1
            continue
        # only unchecked zip fields (dates, attributes) may be hit without an error
        np.testing.assert_array_equal(model.predict(X, verbose=0), expected)
    assert failures > 0.7 * (len(data) / 11)


def test_flipped_weight_byte_is_a_crc_error(tmp_path, saved):
    data = saved[0]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("weights/00000.npy")
    local = info.header_offset
    name_length = int.from_bytes(data[local + 26:local + 28], "little")
    extra_length = int.from_bytes(data[local + 28:local + 30], "little")
    position = local + 30 + name_length + extra_length + info.file_size - 3  # in the floats
    damaged = bytearray(data)
    damaged[position] ^= 0x01
    with pytest.raises(ArchiveError, match=r"'weights/00000.npy' is corrupted \(Bad CRC-32"):
        _load(tmp_path, bytes(damaged))


@pytest.mark.parametrize("content, message", [
    (b"", "not a zip file"),
    (b"model weights, as text\n", "not a zip file"),
    (b"\x89HDF\r\n\x1a\n" + bytes(100), "HDF5 file"),
    (_zip({"hello.txt": b"hi"}), r"not an ember archive \(metadata.json is missing\)"),
    (_zip({"metadata.json": b'{"keras_version": "3.5.0"}', "config.json": b"{}",
           "model.weights.h5": b""}), "Keras 3 archive"),
    (_zip({"metadata.json": b'{"format": "other", "format_version": 1}'}),
     "names format 'other'"),
    (_zip({"metadata.json": b"[1, 2"}), "metadata.json is not valid JSON"),
    (_zip({"metadata.json": b"[]"}), "metadata.json should be dict"),
])
def test_foreign_files(tmp_path, content, message):
    with pytest.raises(ArchiveError, match=message):
        _load(tmp_path, content)


def test_directory_and_missing_file(tmp_path):
    with pytest.raises(ArchiveError, match="is a directory"):
        keras.models.load_model(tmp_path)
    with pytest.raises(FileNotFoundError, match="nothing_here.keras"):
        keras.models.load_model(tmp_path / "nothing_here.keras")


def test_future_version_is_refused(tmp_path, saved):
    def newer(metadata):
        metadata["format_version"] = 2
        metadata["ember_version"] = "9.0.0"

    data = _edit_json(saved[0], "metadata.json", newer)
    with pytest.raises(ArchiveError, match=r"newer ember \('9.0.0'\) in archive format "
                                           r"version 2; this ember reads format versions 1 to 1"):
        _load(tmp_path, data)


@pytest.mark.parametrize("version", [0, -1, "1", 1.0, True, None])
def test_invalid_versions(tmp_path, saved, version):
    data = _edit_json(saved[0], "metadata.json",
                      lambda metadata: metadata.update(format_version=version))
    with pytest.raises(ArchiveError, match="invalid format_version"):
        _load(tmp_path, data)


@pytest.mark.parametrize("name, edit, message", [
    ("metadata.json", lambda d: d.update(kind="checkpoint"), "unknown archive kind"),
    ("config.json", lambda d: d.update(model=3), "config.json model should be"),
    ("config.json", lambda d: d.update(config_complete="yes"), "config_complete should be"),
    ("config.json", lambda d: d.update(compile_config={"loss": "mse"}), "compile_config should"),
    ("weights.json", lambda d: d.update(layers={}), "weights.json layers should be list"),
    ("weights.json", lambda d: d["layers"][0]["variables"][0].update(shape=[2, "3"]),
     r"variables\[0\].shape should be int"),
    ("weights.json", lambda d: d["layers"][0]["variables"][0].update(shape=[2, -3]),
     "negative dimension"),
    ("weights.json", lambda d: d["layers"][0]["variables"][0].update(dtype="object"),
     "not an allowed dtype"),
    ("weights.json", lambda d: d["layers"][0]["variables"][0].update(file="../evil.npy"),
     "should name a member weights/NNNNN.npy"),
    ("weights.json", lambda d: d["layers"][0]["variables"][1].update(file="weights/00000.npy"),
     "two variables share the member"),
    ("weights.json", lambda d: d["layers"][0]["variables"][0].update(shape=[3, 2]),
     "holds an array of shape \\(2, 3\\) and dtype float32, but weights.json declares shape "
     "\\(3, 2\\)"),
    ("weights.json", lambda d: d["layers"][0]["variables"][0].update(shape=[200, 400]),
     "cannot hold an array of shape \\(200, 400\\)"),
    ("weights.json", lambda d: d["layers"].append(d["layers"][0]), "lists the layer path"),
    ("weights.json", lambda d: d["layers"][0]["variables"].pop(),
     r"optimizer.built_for\[1\] should name a model variable's member"),
    ("weights.json", lambda d: d["optimizer"].update(built_for=["weights/00000.npy"] * 2),
     "built_for names a variable twice"),
])
def test_invalid_documents(tmp_path, saved, name, edit, message):
    with pytest.raises(ArchiveError, match=message):
        _load(tmp_path, _edit_json(saved[0], name, edit))


def test_missing_member(tmp_path, saved):
    members = _members(saved[0])
    del members["weights/00001.npy"]
    with pytest.raises(ArchiveError, match=r"members are missing: \['weights/00001.npy'\]"):
        _load(tmp_path, _zip(members))
    members = _members(saved[0])
    members["weights/00099.npy"] = members["weights/00001.npy"]
    with pytest.raises(ArchiveError, match=r"unexpected members: \['weights/00099.npy'\]"):
        _load(tmp_path, _zip(members))


def test_pickled_arrays_are_never_unpickled(tmp_path, saved, monkeypatch):
    members = _members(saved[0])
    payload = io.BytesIO()
    np.save(payload, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    members["weights/00001.npy"] = payload.getvalue()
    index = json.loads(members["weights.json"])
    index["layers"][0]["variables"][1].update(shape=[1], dtype="int64")
    members["weights.json"] = json.dumps(index).encode()

    def refuse(*args, **kwargs):
        raise AssertionError("pickle must never run while loading")

    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    with pytest.raises(ArchiveError, match="arrays of dtype object are not allowed"):
        _load(tmp_path, _zip(members))


def test_weights_archive_is_not_a_model(tmp_path):
    model = keras.Sequential([keras.layers.Dense(1, input_shape=[2])])
    model.save_weights(tmp_path / "w.weights.h5")
    with pytest.raises(ArchiveError, match="holds only weights"):
        keras.models.load_model(tmp_path / "w.weights.h5")


def test_load_weights_validates_too(tmp_path, saved):
    model = keras.Sequential([keras.layers.Dense(3, input_shape=[2]), keras.layers.Dense(1)])
    before = model.get_weights()
    with pytest.raises(ArchiveError, match="truncated or corrupted"):
        path = tmp_path / "w.weights.h5"
        path.write_bytes(saved[0][:-30])
        model.load_weights(path)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
