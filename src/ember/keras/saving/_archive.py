"""The ember archive: a zip of JSON documents and ``.npy`` arrays (docs/saving_format.md).

``write_archive`` writes one atomically; ``ArchiveReader`` opens one and
checks everything it reads before handing it over: the zip's CRCs, the member
names, the format and its version, JSON types, and each array's header,
dtype, shape and size. Nothing in an archive is ever executed or unpickled.
"""

import datetime
import io
import json
import os
import re
import zipfile
import zlib

import numpy as np

from ._atomic import write_atomically

FORMAT = "ember.keras"
FORMAT_VERSION = 1  # what this ember writes; it reads every version from 1 up to it
KINDS = ("model", "weights")
METADATA = "metadata.json"
MAX_JSON_BYTES = 256 * 2**20
MAX_NPY_HEADER_BYTES = 2**16
DTYPES = frozenset(
    ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
     "float16", "float32", "float64", "complex64", "complex128"]
)
ARRAY_MEMBER = re.compile(r"(weights|optimizer)/[0-9]{5,}\.npy")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so equal content gives equal bytes
_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


class ArchiveError(ValueError):
    """A file that is not a readable ember archive: foreign, truncated, corrupted or too new.

    Args:
        filepath: the file (or a description of the file object) that was read.
        problem: what is wrong with it.

    Example:
        >>> raise ArchiveError("model.keras", "metadata.json is missing")
        Traceback (most recent call last):
        ...
        ember.keras.saving._archive.ArchiveError: Cannot load 'model.keras': ...
    """

    def __init__(self, filepath, problem):
        self.filepath = filepath
        self.problem = problem
        super().__init__(f"Cannot load {filepath!r}: {problem}")


def describe(filepath):
    """A path as a string, or a short description of a file object, for messages."""
    if isinstance(filepath, (str, os.PathLike)):
        return os.fspath(filepath)
    return getattr(filepath, "name", None) or f"<{type(filepath).__name__}>"


# -- writing ------------------------------------------------------------------------
def write_archive(filepath, kind, documents, arrays, overwrite=True):
    """Write an archive of ``kind`` with JSON ``documents`` and ``.npy`` ``arrays``.

    Args:
        filepath: a path (written atomically) or a writable binary file object.
        kind: ``"model"`` or ``"weights"`` (recorded in ``metadata.json``).
        documents: ``{member name: JSON-able value}``.
        arrays: ``[(member name, array), ...]``, written in this order.
        overwrite: whether an existing file may be replaced.

    Example:
        >>> write_archive("w.weights.h5", "weights", {"weights.json": index},
        ...               [("weights/00000.npy", kernel)])  # doctest: +SKIP
    """
    from ember import __version__

    metadata = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": kind,
        "ember_version": __version__,
        "saved_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    # Serialize every document before the file is touched: a config that is not
    # JSON-able fails here, with nothing written.
    encoded = [(METADATA, _to_json_bytes(metadata, METADATA))]
    encoded += [(name, _to_json_bytes(value, name)) for name, value in documents.items()]

    def write(fileobj):
        with zipfile.ZipFile(fileobj, "w", allowZip64=True) as archive:
            for name, data in encoded:
                archive.writestr(_member(name, zipfile.ZIP_DEFLATED), data)
            for name, array in arrays:
                _write_array(archive, name, array)

    if isinstance(filepath, (str, os.PathLike)):
        return write_atomically(filepath, write, overwrite=overwrite)
    write(filepath)
    return None


def _member(name, compression):
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = compression
    info.external_attr = 0o644 << 16
    return info


def _to_json_bytes(value, name):
    try:
        text = json.dumps(value, indent=1, default=_json_default)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"Cannot save {name}: a value in it is not JSON-serializable ({exc})"
        ) from exc
    return text.encode("utf-8")


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.dtype):
        return value.name
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable: {value!r}")


def _write_array(archive, name, array):
    array = np.asarray(array)
    if array.dtype.name not in DTYPES or array.dtype.names is not None:
        raise TypeError(
            f"Cannot save {name}: only boolean, integer, float and complex arrays are "
            f"saved. Received: dtype={array.dtype}"
        )
    # Stored, not deflated: float weights barely compress and inflating is slow.
    info = _member(name, zipfile.ZIP_STORED)
    with archive.open(info, "w", force_zip64=array.nbytes > 2**30) as out:
        np.lib.format.write_array(out, array, allow_pickle=False)


# -- reading ------------------------------------------------------------------------
class ArchiveReader:
    """An open ember archive whose every read is validated.

    Args:
        filepath: a path or a readable, seekable binary file object.

    Raises:
        FileNotFoundError: no file at ``filepath``.
        ArchiveError: not an ember archive, truncated, corrupted, or a newer format.

    Example:
        >>> with ArchiveReader("model.keras") as reader:  # doctest: +SKIP
        ...     reader.kind, reader.format_version
        ('model', 1)
    """

    def __init__(self, filepath):
        self.filepath = describe(filepath)
        self._zip = self._open(filepath)
        try:
            names = self._zip.namelist()
            if len(names) != len(set(names)):
                raise self.error("the zip lists a member name twice")
            self.names = frozenset(names)
            self.metadata = self._read_metadata()
        except BaseException:
            self.close()
            raise

    def error(self, problem):
        return ArchiveError(self.filepath, problem)

    def _open(self, filepath):
        if isinstance(filepath, (str, os.PathLike)):
            path = os.fspath(filepath)
            if os.path.isdir(path):
                raise self.error(
                    "it is a directory (a TensorFlow SavedModel?), not an ember archive file"
                )
            if not os.path.exists(path):
                raise FileNotFoundError(f"No file to load at {path!r}")
            with open(path, "rb") as handle:
                head = handle.read(8)
        else:
            if not (hasattr(filepath, "seekable") and filepath.seekable()):
                filepath = io.BytesIO(filepath.read())
            start = filepath.tell()
            head = filepath.read(8)
            filepath.seek(start)
        if head.startswith(_HDF5_SIGNATURE):
            raise self.error(
                "it is an HDF5 file (written by Keras or h5py); ember reads only its own "
                "zip archives. Load the model in Keras, rebuild it in ember and copy the "
                "weights with get_weights()/set_weights(), then save it with ember"
            )
        if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            raise self.error(
                f"it is not an ember archive (not a zip file; it starts with {head!r})"
            )
        try:
            return zipfile.ZipFile(filepath)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError,
                NotImplementedError, ValueError) as exc:
            raise self.error(
                f"the file is truncated or corrupted (not a complete zip: {exc})"
            ) from exc

    def _read_metadata(self):
        if METADATA not in self.names:
            if "model.weights.h5" in self.names:
                raise self.error(
                    "it is a Keras 3 archive (weights in HDF5); ember reads only its own "
                    "format (docs/saving_format.md)"
                )
            raise self.error(f"it is a zip file but not an ember archive ({METADATA} is missing)")
        metadata = self.read_json(METADATA)
        check_type(self, metadata, dict, METADATA)
        if metadata.get("format") != FORMAT:
            if "keras_version" in metadata:
                raise self.error(
                    f"it is a Keras 3 archive (keras_version {metadata['keras_version']!r}, "
                    "weights in HDF5); ember reads only its own format "
                    "(docs/saving_format.md)"
                )
            raise self.error(
                f"it is not an ember archive: {METADATA} names format "
                f"{metadata.get('format')!r}, expected {FORMAT!r}"
            )
        version = metadata.get("format_version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise self.error(
                f"{METADATA} has an invalid format_version. Received: format_version={version!r}"
            )
        if version > FORMAT_VERSION:
            raise self.error(
                f"it was written by a newer ember ({metadata.get('ember_version')!r}) in "
                f"archive format version {version}; this ember reads format versions 1 to "
                f"{FORMAT_VERSION}. Upgrade ember to load it"
            )
        if metadata.get("kind") not in KINDS:
            raise self.error(
                f"{METADATA} names an unknown archive kind. Expected one of {list(KINDS)}. "
                f"Received: kind={metadata.get('kind')!r}"
            )
        return metadata

    @property
    def kind(self):
        return self.metadata["kind"]

    @property
    def format_version(self):
        return self.metadata["format_version"]

    def check_members(self, expected):
        """Fail unless the archive holds exactly ``expected`` member names (plus metadata)."""
        expected = set(expected) | {METADATA}
        missing, extra = sorted(expected - self.names), sorted(self.names - expected)
        if missing:
            raise self.error(f"members are missing: {missing}")
        if extra:
            raise self.error(f"it holds unexpected members: {extra}")

    def _info(self, name):
        if name not in self.names:
            raise self.error(f"member {name!r} is missing")
        return self._zip.getinfo(name)

    def read_json(self, name):
        """The JSON value stored in member ``name``."""
        info = self._info(name)
        if info.file_size > MAX_JSON_BYTES:
            raise self.error(f"{name} is implausibly large ({info.file_size} bytes)")
        data = self._read_bytes(name)
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise self.error(f"{name} is not valid JSON ({exc})") from exc

    def _read_bytes(self, name):
        try:
            return self._zip.read(name)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                ValueError) as exc:
            raise self.error(f"member {name!r} is corrupted ({exc})") from exc

    def read_array(self, name, shape, dtype):
        """The array in member ``name``, after checking it is ``shape`` and ``dtype``."""
        info = self._info(name)
        dtype = np.dtype(dtype)
        nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        if not nbytes <= info.file_size <= nbytes + MAX_NPY_HEADER_BYTES:
            raise self.error(
                f"member {name!r} has {info.file_size} bytes, which cannot hold an array of "
                f"shape {tuple(shape)} and dtype {dtype.name}"
            )
        try:
            with self._zip.open(info) as member:
                found_shape, fortran_order, found_dtype = _read_npy_header(member)
                if found_dtype.newbyteorder("=") != dtype or found_shape != tuple(shape):
                    raise self.error(
                        f"member {name!r} holds an array of shape {found_shape} and dtype "
                        f"{found_dtype}, but weights.json declares shape {tuple(shape)} and "
                        f"dtype {dtype.name}"
                    )
                data = member.read(nbytes)
                if len(data) != nbytes or member.read(1):
                    raise self.error(f"member {name!r} does not hold exactly its array's bytes")
        except ArchiveError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                ValueError) as exc:
            raise self.error(f"member {name!r} is corrupted ({exc})") from exc
        array = np.frombuffer(data, dtype=found_dtype)
        array = array.reshape(found_shape, order="F" if fortran_order else "C")
        return np.array(array, dtype=dtype, order="C")

    def close(self):
        zip_file = getattr(self, "_zip", None)
        if zip_file is not None:
            zip_file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False


def _read_npy_header(member):
    """Shape, Fortran order and dtype from a ``.npy`` header; refuses object dtypes."""
    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        header = np.lib.format.read_array_header_1_0(member, max_header_size=MAX_NPY_HEADER_BYTES)
    elif version in ((2, 0), (3, 0)):
        header = np.lib.format.read_array_header_2_0(member, max_header_size=MAX_NPY_HEADER_BYTES)
    else:
        raise ValueError(f"unsupported .npy version {version}")
    shape, fortran_order, dtype = header
    if dtype.hasobject or dtype.names is not None or dtype.newbyteorder("=").name not in DTYPES:
        raise ValueError(f"arrays of dtype {dtype} are not allowed")
    return tuple(shape), fortran_order, dtype


def check_type(reader, value, expected, where):
    """Raise ``ArchiveError`` unless ``value`` is of ``expected`` type (bool is not int)."""
    types = expected if isinstance(expected, tuple) else (expected,)
    is_bool = isinstance(value, bool)
    if not isinstance(value, types) or (is_bool and bool not in types):
        names = " or ".join(t.__name__ if t is not type(None) else "null" for t in types)
        raise reader.error(
            f"{where} should be {names}. Received: {where}={_short(value)}"
        )
    return value


def _short(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_shape(reader, value, where):
    """A declared shape: a list of non-negative ints, returned as a tuple."""
    check_type(reader, value, list, where)
    for dim in value:
        check_type(reader, dim, int, where)
        if dim < 0:
            raise reader.error(f"{where} has a negative dimension. Received: {where}={value}")
    return tuple(value)


def check_dtype(reader, value, where):
    """A declared dtype name among the allowed ones, returned as a NumPy dtype."""
    check_type(reader, value, str, where)
    if value not in DTYPES:
        raise reader.error(
            f"{where} is not an allowed dtype ({', '.join(sorted(DTYPES))}). "
            f"Received: {where}={value!r}"
        )
    return np.dtype(value)
