"""The IDX parser of ember.keras.datasets against hand-built files."""

import gzip
import struct

import numpy as np
import pytest

from ember.io import data_home
from ember.keras.datasets._idx import parse_idx, read_idx


def idx_bytes(array, code):
    header = struct.pack(">BBBB", 0, 0, code, array.ndim)
    header += struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


@pytest.mark.parametrize(
    ("dtype", "code"),
    [("u1", 0x08), ("i1", 0x09), ("i2", 0x0B), ("i4", 0x0C), ("f4", 0x0D),
     ("f8", 0x0E)],
)
def test_round_trip_every_type(dtype, code):
    rng = np.random.default_rng(0)
    array = (rng.standard_normal((3, 4, 5)) * 100).astype(dtype)
    parsed = parse_idx(idx_bytes(array, code))
    np.testing.assert_array_equal(parsed, array)
    assert parsed.dtype == np.dtype(dtype)  # native byte order
    assert parsed.dtype.isnative and parsed.flags.writeable


def test_known_bytes_are_big_endian():
    raw = bytes([0, 0, 0x0B, 1, 0, 0, 0, 2, 0x01, 0x02, 0xFF, 0xFE])
    np.testing.assert_array_equal(parse_idx(raw), np.array([258, -2], np.int16))


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        (b"\x00\x00", "fewer than the 4 of the magic"),
        (b"\x01\x00\x08\x01" + b"\x00" * 8, "magic number 0x01000801"),
        (b"\x00\x00\x0A\x01" + b"\x00" * 8, "magic number 0x00000A01"),
        (b"\x00\x00\x08\x03\x00\x00\x00\x02", "3 dimensions need 16 bytes"),
        (b"\x00\x00\x08\x01\x00\x00\x00\x03ab", r"shape \(3,\) of uint8, i.e. 11"),
        (b"\x00\x00\x08\x01\x00\x00\x00\x01ab", "holds 10 bytes"),
    ],
)
def test_malformed_files_are_rejected(raw, match):
    with pytest.raises(ValueError, match=match):
        parse_idx(raw, source="demo")


def test_read_idx_plain_and_gzip(tmp_path):
    array = np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 7
    (tmp_path / "a.idx").write_bytes(idx_bytes(array, 0x0C))
    (tmp_path / "a.idx.gz").write_bytes(gzip.compress(idx_bytes(array, 0x0C)))
    np.testing.assert_array_equal(read_idx(tmp_path / "a.idx"), array)
    np.testing.assert_array_equal(read_idx(tmp_path / "a.idx.gz"), array)


def test_read_idx_rejects_corrupt_gzip(tmp_path):
    data = gzip.compress(idx_bytes(np.zeros(100, np.uint8), 0x08))
    (tmp_path / "b.gz").write_bytes(data[:-20])
    with pytest.raises(ValueError, match="corrupt gzip data"):
        read_idx(tmp_path / "b.gz")


def test_read_idx_on_real_mnist_labels():
    path = data_home() / "mnist" / "t10k-labels-idx1-ubyte.gz"
    with gzip.open(path) as stream:
        raw = stream.read()
    assert struct.unpack(">II", raw[:8]) == (2049, 10000)
    expected = np.frombuffer(raw, np.uint8, offset=8)
    np.testing.assert_array_equal(read_idx(path), expected)
