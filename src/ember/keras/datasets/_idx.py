"""The IDX file format of MNIST and Fashion-MNIST, and their shared loader.

An IDX file is a 4-byte magic number `0x0000TTDD` (TT: element type code,
DD: number of dimensions), then DD big-endian uint32 sizes, then the elements
in row-major order, big-endian. The files are usually gzip-compressed.
See http://yann.lecun.com/exdb/mnist/ (section "The IDX file format").
"""

import gzip
import struct
import zlib

import numpy as np

from ember.io import get_file

_TYPE_CODES = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_GZIP_MAGIC = b"\x1f\x8b"


def parse_idx(buffer, source="<bytes>"):
    """Decodes the bytes of an (uncompressed) IDX file.

    Args:
        buffer: The file's bytes.
        source: Name used in error messages.

    Returns:
        A writable NumPy array in native byte order with the header's shape.

    Raises:
        ValueError: If the magic number is not an IDX one or the size of the
            data does not match the header.
    """
    if len(buffer) < 4:
        raise ValueError(
            f"{source}: not an IDX file: {len(buffer)} bytes, fewer than the "
            "4 of the magic number."
        )
    magic = struct.unpack(">I", buffer[:4])[0]
    code, ndim = buffer[2], buffer[3]
    if buffer[:2] != b"\x00\x00" or code not in _TYPE_CODES:
        known = ", ".join(f"0x{c:02X}" for c in _TYPE_CODES)
        raise ValueError(
            f"{source}: not an IDX file: magic number 0x{magic:08X}; expected "
            f"0x0000TTDD with type code TT in {{{known}}}."
        )
    header = 4 + 4 * ndim
    if len(buffer) < header:
        raise ValueError(
            f"{source}: truncated IDX header: {ndim} dimensions need {header} "
            f"bytes, the file has {len(buffer)}."
        )
    shape = struct.unpack(f">{ndim}I", buffer[4:header])
    dtype = _TYPE_CODES[code]
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(buffer) != expected:
        raise ValueError(
            f"{source}: the IDX header (magic 0x{magic:08X}) announces shape "
            f"{shape} of {dtype.name}, i.e. {expected:,} bytes with the header, "
            f"but the file holds {len(buffer):,} bytes."
        )
    flat = np.frombuffer(buffer, dtype=dtype, offset=header)
    return flat.astype(dtype.newbyteorder("=")).reshape(shape)


def read_idx(path):
    """Reads an IDX file, gzip-compressed or not (detected from its bytes).

    Args:
        path: Path of the file.

    Returns:
        The array, as `parse_idx` returns it.
    """
    with open(path, "rb") as stream:
        buffer = stream.read()
    if buffer[:2] == _GZIP_MAGIC:
        try:
            buffer = gzip.decompress(buffer)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"{path}: corrupt gzip data ({exc}).") from exc
    return parse_idx(buffer, source=str(path))


def check_split(images, labels, source, image_shape=(28, 28)):
    """Checks that images and labels are uint8 and of matching lengths.

    Raises:
        ValueError: naming `source`, the expected and the received shapes.
    """
    if images.dtype != np.uint8 or images.shape[1:] != image_shape:
        raise ValueError(
            f"{source}: expected uint8 images of shape (n, "
            f"{', '.join(map(str, image_shape))}); received {images.dtype} "
            f"of shape {images.shape}."
        )
    if labels.dtype != np.uint8 or labels.shape != images.shape[:1]:
        raise ValueError(
            f"{source}: expected {images.shape[0]} uint8 labels, shape "
            f"({images.shape[0]},); received {labels.dtype} of shape "
            f"{labels.shape}."
        )


def load_idx_dataset(subdir, files, urls_for):
    """Fetches and reads the four IDX files of an MNIST-like dataset.

    Args:
        subdir: Dataset folder in the cache, such as `"mnist"`.
        files: Mapping with keys `x_train`, `y_train`, `x_test`, `y_test` to
            `(file name, sha256)` pairs.
        urls_for: Function from a file name to its list of mirror URLs.

    Returns:
        `(x_train, y_train), (x_test, y_test)`.
    """
    arrays = {}
    for key in ("x_train", "y_train", "x_test", "y_test"):
        fname, sha256 = files[key]
        path = get_file(fname, urls_for(fname), subdir=subdir, file_hash=sha256)
        arrays[key] = read_idx(path)
    for split in ("train", "test"):
        check_split(arrays[f"x_{split}"], arrays[f"y_{split}"],
                    source=f"{subdir} {split} files")
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
