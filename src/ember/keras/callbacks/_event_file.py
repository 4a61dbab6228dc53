"""TensorBoard event files, written without TensorFlow or protobuf.

An event file (``events.out.tfevents.<time>.<host>.<pid>.<n>.v2``) is a
TFRecord file: each record is

    uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)

(little-endian), where the CRC is CRC-32C (Castagnoli) and a masked CRC is
``((crc >> 15) | (crc << 17)) + 0xa282ead8`` modulo 2**32. Each record's data
is a serialized ``tensorflow.Event`` protocol buffer; the first record holds
``file_version = "brain.Event:2"``. The messages used here, with their field
numbers (from TensorFlow's ``event.proto``, ``summary.proto``, ``tensor.proto``
and ``tensor_shape.proto``):

    Event:          wall_time 1 (double), step 2 (int64), file_version 3 (string),
                    summary 5 (Summary)
    Summary:        value 1 (repeated Value)
    Summary.Value:  tag 1 (string), simple_value 2 (float), image 4 (Image),
                    histo 5 (HistogramProto), tensor 8 (TensorProto),
                    metadata 9 (SummaryMetadata)
    Image:          height 1, width 2, colorspace 3 (int32),
                    encoded_image_string 4 (bytes)
    HistogramProto: min 1, max 2, num 3, sum 4, sum_squares 5 (double),
                    bucket_limit 6, bucket 7 (packed repeated double)
    TensorProto:    dtype 1 (enum; DT_STRING = 7), tensor_shape 2, string_val 8
    SummaryMetadata: plugin_data 1 (PluginData: plugin_name 1, content 2)

Protocol buffers encode each field as a varint key ``(number << 3) | wire
type`` (0: varint, 1: 64-bit, 2: length-delimited, 5: 32-bit) followed by the
value; this module writes exactly those four wire types.
"""

import os
import socket
import struct
import time
import zlib

import numpy as np

# -- CRC-32C ----------------------------------------------------------------------------


def _crc32c_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC_TABLE = _crc32c_table()


def crc32c(data):
    """The CRC-32C (Castagnoli polynomial, reflected) of ``data`` (bytes)."""
    crc = 0xFFFFFFFF
    table = _CRC_TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data):
    """TFRecord's masked CRC of ``data``."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def tfrecord(data):
    """One TFRecord: the framed ``data``."""
    length = struct.pack("<Q", len(data))
    return (
        length
        + struct.pack("<I", masked_crc32c(length))
        + data
        + struct.pack("<I", masked_crc32c(data))
    )


# -- protocol buffer encoding ---------------------------------------------------------


def _varint(value):
    value &= (1 << 64) - 1  # negative int64 values take ten bytes, as protobuf writes them
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _key(number, wire_type):
    return _varint((number << 3) | wire_type)


def field_varint(number, value):
    return _key(number, 0) + _varint(int(value))


def field_double(number, value):
    return _key(number, 1) + struct.pack("<d", float(value))


def field_float(number, value):
    return _key(number, 5) + struct.pack("<f", float(value))


def field_bytes(number, value):
    if isinstance(value, str):
        value = value.encode("utf-8")
    return _key(number, 2) + _varint(len(value)) + value


def field_packed_doubles(number, values):
    return field_bytes(number, np.asarray(values, dtype="<f8").tobytes())


# -- summaries --------------------------------------------------------------------------


def scalar_value(tag, value):
    """A ``Summary.Value`` holding a scalar (``simple_value``, a float32)."""
    return field_bytes(1, tag) + field_float(2, value)


def histogram_value(tag, values, buckets=30):
    """A ``Summary.Value`` holding a ``HistogramProto`` of ``values`` in ``buckets`` bins.

    The bins split ``[min, max]`` evenly; ``bucket_limit[i]`` is the right
    edge of bin ``i`` (the last one is ``max``), and ``bucket[i]`` its count.
    Constant values make one bin.
    """
    values = np.asarray(values, dtype=np.float64).ravel()
    values = values[np.isfinite(values)]
    if values.size == 0:
        low = high = 0.0
        limits, counts = np.array([0.0]), np.array([0.0])
    else:
        low, high = float(values.min()), float(values.max())
        if low == high:
            limits, counts = np.array([high]), np.array([float(values.size)])
        else:
            counts, edges = np.histogram(values, bins=buckets, range=(low, high))
            limits, counts = edges[1:], counts.astype(np.float64)
    histo = (
        field_double(1, low)
        + field_double(2, high)
        + field_double(3, values.size)
        + field_double(4, values.sum())
        + field_double(5, np.dot(values, values))
        + field_packed_doubles(6, limits)
        + field_packed_doubles(7, counts)
    )
    return field_bytes(1, tag) + field_bytes(5, histo)


def image_value(tag, pixels):
    """A ``Summary.Value`` holding a grayscale PNG of a 2-d array, scaled to 0..255."""
    pixels = np.asarray(pixels, dtype=np.float64)
    low, high = float(pixels.min()), float(pixels.max())
    scaled = np.zeros(pixels.shape) if high == low else (pixels - low) / (high - low)
    gray = np.round(scaled * 255).astype(np.uint8)
    height, width = gray.shape
    image = (
        field_varint(1, height)
        + field_varint(2, width)
        + field_varint(3, 1)
        + field_bytes(4, png(gray))
    )
    return field_bytes(1, tag) + field_bytes(4, image)


def text_tensor_value(tag, text, plugin_name, content=b""):
    """A ``Summary.Value`` holding a scalar string tensor, tagged for a plugin."""
    tensor = field_varint(1, 7) + field_bytes(2, b"") + field_bytes(8, text)
    plugin = field_bytes(1, plugin_name) + field_bytes(2, content)
    return field_bytes(1, tag) + field_bytes(8, tensor) + field_bytes(9, field_bytes(1, plugin))


def png(gray):
    """PNG bytes of a 2-d uint8 array (8-bit grayscale, no filtering)."""
    height, width = gray.shape
    rows = np.concatenate([np.zeros((height, 1), np.uint8), gray], axis=1)  # filter byte 0

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes()))
        + chunk(b"IEND", b"")
    )


def event(step, values=None, file_version=None, wall_time=None):
    """A serialized ``Event`` with a ``Summary`` made of ``values`` (encoded Values)."""
    data = field_double(1, time.time() if wall_time is None else wall_time)
    data += field_varint(2, step)
    if file_version is not None:
        data += field_bytes(3, file_version)
    if values:
        data += field_bytes(5, b"".join(field_bytes(1, value) for value in values))
    return data


# -- the writer -------------------------------------------------------------------------

_file_counter = 0


class EventFileWriter:
    """Append events to a new event file in ``log_dir`` (created on the first write).

    Every ``add_values`` opens the file, appends its record and closes it
    again, so no file is left open when training stops with an exception and
    TensorBoard sees each event as soon as it is written.

    Args:
        log_dir: the folder of the run (``logs/train``); created if needed.

    Example:
        >>> import tempfile
        >>> writer = EventFileWriter(tempfile.mkdtemp())
        >>> writer.add_values(0, [scalar_value("epoch_loss", 0.5)])
        >>> writer.close()
    """

    def __init__(self, log_dir):
        self.log_dir = os.fspath(log_dir)
        self.path = None

    def _new_file(self):
        global _file_counter
        os.makedirs(self.log_dir, exist_ok=True)
        _file_counter += 1
        name = (
            f"events.out.tfevents.{int(time.time())}.{socket.gethostname()}."
            f"{os.getpid()}.{_file_counter}.v2"
        )
        self.path = os.path.join(self.log_dir, name)
        with open(self.path, "xb") as file:
            file.write(tfrecord(event(0, file_version="brain.Event:2")))

    def add_values(self, step, values):
        """Append one event at ``step`` holding the encoded ``Summary.Value``s."""
        if self.path is None:
            self._new_file()
        with open(self.path, "ab") as file:
            file.write(tfrecord(event(step, values)))

    def close(self):
        """End this file: a later write starts a new one (as a new ``fit`` does)."""
        self.path = None
