"""The ember.learn archive: ``manifest.json`` and ``arrays/<n>.npy`` in a zip.

Specified in docs/learn_format.md.

Writing is atomic (a temporary file in the target folder, fsync, ``os.replace``);
reading checks the layout, the format name and version and every SHA-256
before one object is built, and never unpickles or executes anything.
"""

import hashlib
import io
import json
import os
import tempfile
import zipfile
import zlib

import numpy as np

from ._codec import ArchiveError, UnsupportedFormatVersionError, decode, encode

FORMAT_NAME = "ember.learn"
FORMAT_VERSION = 1
SUPPORTED_FORMAT_VERSIONS = (1,)
MANIFEST = "manifest.json"
_MAX_MANIFEST_BYTES = 256 * 2**20


def _canonical(tree):
    """The bytes the tree's SHA-256 is taken of: compact JSON, key order as stored, no NaN."""
    return json.dumps(tree, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode(
        "utf-8"
    )


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _npy_bytes(arr):
    buffer = io.BytesIO()
    np.save(buffer, arr, allow_pickle=False)
    return buffer.getvalue()


def dump(estimator, path):
    """Save a (fitted or unfitted) ember.learn estimator to ``path`` in ember's safe archive format.

    The file holds JSON and ``.npy`` arrays only (see docs/learn_format.md), so
    ``load`` never unpickles or runs code, and every later ember release reads
    it. A value that the format cannot hold (a lambda, a foreign object)
    raises ``TypeError`` naming its attribute path, and nothing is written.

    Parameters:
        estimator: an ember.learn estimator (``BaseEstimator`` subclass).
        path: str or path-like; the file is replaced atomically.

    Returns:
        The path written, as given.

    Example:
        >>> import os, tempfile
        >>> from ember.learn.linear_model import LinearRegression
        >>> from ember.learn.io import dump, load
        >>> model = LinearRegression().fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
        >>> path = os.path.join(tempfile.mkdtemp(), "model.ember")
        >>> _ = dump(model, path)
        >>> load(path).predict([[3.0]])
        array([7.])
    """
    from ember import __version__
    from ember.learn.base import BaseEstimator

    if not isinstance(estimator, BaseEstimator):
        raise TypeError(
            f"ember.learn.io.dump saves ember.learn estimators, got {type(estimator).__qualname__}"
        )
    tree, arrays = encode(estimator)
    blobs = [_npy_bytes(arr) for arr in arrays]
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "ember_version": __version__,
        "numpy_version": np.__version__,
        "arrays": [
            {
                "file": f"arrays/{i}.npy",
                "sha256": _sha256(blob),
                "dtype": arr.dtype.str,
                "shape": list(arr.shape),
            }
            for i, (arr, blob) in enumerate(zip(arrays, blobs))
        ],
        "tree_sha256": _sha256(_canonical(tree)),
        "tree": tree,
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, allow_nan=False).encode(
        "utf-8"
    )

    path_str = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path_str))
    handle, temp = tempfile.mkstemp(
        dir=folder, prefix="." + os.path.basename(path_str) + ".", suffix=".tmp"
    )
    try:
        os.chmod(
            temp, 0o666 & ~_umask()
        )  # mkstemp makes it private; give it an ordinary file's mode
        with os.fdopen(handle, "wb") as raw:
            with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                # Fixed timestamps: the same estimator gives the same bytes.
                archive.writestr(
                    zipfile.ZipInfo(MANIFEST, (1980, 1, 1, 0, 0, 0)),
                    manifest_bytes,
                    compress_type=zipfile.ZIP_DEFLATED,
                )
                for i, blob in enumerate(blobs):
                    archive.writestr(
                        zipfile.ZipInfo(f"arrays/{i}.npy", (1980, 1, 1, 0, 0, 0)),
                        blob,
                        compress_type=zipfile.ZIP_DEFLATED,
                    )
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temp, path_str)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable where the OS allows opening a folder
        folder_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return path
    try:
        os.fsync(folder_fd)
    except OSError:
        pass
    finally:
        os.close(folder_fd)
    return path


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def load(path):
    """The estimator saved by ``dump`` at ``path``.

    Nothing is unpickled or executed: only classes defined in ``ember.learn``
    (estimators, and ember.learn's own state objects) are instantiated, by
    ``cls.__new__`` and setting their attributes. The layout, format version
    and every SHA-256 are checked before any object is built.

    Raises:
        ArchiveError: the file is not an ember.learn archive, is truncated,
            corrupted or tampered with, or names a class outside ember.learn;
            the message names the file and the fault.
        UnsupportedFormatVersionError: written by a newer format version.
    """
    name = os.fspath(path)

    def fail(what, cls=ArchiveError):
        return cls(f"Cannot load ember.learn archive {name!r}: {what}")

    try:
        archive = zipfile.ZipFile(name, "r")
    except zipfile.BadZipFile as exc:
        raise fail(f"not a zip archive, or truncated ({exc})") from None
    except (EOFError, OSError) as exc:
        if isinstance(exc, (FileNotFoundError, IsADirectoryError, PermissionError)):
            raise
        raise fail(f"unreadable zip archive ({exc})") from None
    with archive:
        try:
            return _read(archive, fail)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise fail(f"corrupted or truncated zip member ({exc})") from None
        except RecursionError:
            raise fail("the manifest is nested too deeply") from None


def _read(archive, fail):
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise fail("duplicate members in the zip archive")
    if MANIFEST not in names:
        raise fail(f"no {MANIFEST} (not an ember.learn archive; members: {names[:5]})")
    info = archive.getinfo(MANIFEST)
    if info.file_size > _MAX_MANIFEST_BYTES:
        raise fail(f"{MANIFEST} is implausibly large ({info.file_size} bytes)")
    try:
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(f"{MANIFEST} is not valid JSON ({exc})") from None
    if type(manifest) is not dict or manifest.get("format") != FORMAT_NAME:
        found = manifest.get("format") if type(manifest) is dict else type(manifest).__name__
        raise fail(f"not an ember.learn archive (format {found!r}, expected {FORMAT_NAME!r})")
    version = manifest.get("format_version")
    if type(version) is not int or version < 1:
        raise fail(f"invalid format_version {version!r}")
    if version not in SUPPORTED_FORMAT_VERSIONS:
        raise fail(
            f"format_version {version} is newer than this ember reads (up to "
            f"{max(SUPPORTED_FORMAT_VERSIONS)}); it was written by ember "
            f"{manifest.get('ember_version')!r}: upgrade ember to load it",
            UnsupportedFormatVersionError,
        )
    for key in ("arrays", "tree_sha256", "tree"):
        if key not in manifest:
            raise fail(f"{MANIFEST} lacks {key!r}")
    entries = manifest["arrays"]
    if type(entries) is not list or not all(
        type(e) is dict and isinstance(e.get("file"), str) and isinstance(e.get("sha256"), str)
        for e in entries
    ):
        raise fail(f"{MANIFEST} 'arrays' is not a list of {{file, sha256}} entries")
    expected_files = [f"arrays/{i}.npy" for i in range(len(entries))]
    if [e["file"] for e in entries] != expected_files:
        raise fail("the manifest's array files are not arrays/0.npy, arrays/1.npy, ... in order")
    unexpected = sorted(
        set(names) - {MANIFEST, *expected_files} - {n for n in names if n.endswith("/")}
    )
    if unexpected:
        raise fail(
            f"unexpected member(s) {unexpected} (an ember.learn archive holds only {MANIFEST} "
            "and the arrays it lists)"
        )
    missing = [f for f in expected_files if f not in names]
    if missing:
        raise fail(f"missing array file(s) {missing}")
    if manifest["tree_sha256"] != _sha256(_canonical(manifest["tree"])):
        raise fail(
            f"SHA-256 of the estimator tree in {MANIFEST} does not match (edited or corrupted)"
        )
    blobs = []
    for entry in entries:
        blob = archive.read(entry["file"])
        if _sha256(blob) != entry["sha256"]:
            raise fail(
                f"SHA-256 of {entry['file']} does not match the manifest (edited or corrupted)"
            )
        blobs.append(blob)
    arrays = []
    for entry, blob in zip(entries, blobs):
        try:
            arr = np.load(io.BytesIO(blob), allow_pickle=False)
        except ValueError as exc:
            raise fail(f"{entry['file']} is not a plain .npy array ({exc})") from None
        if not isinstance(arr, np.ndarray):
            raise fail(f"{entry['file']} is not a .npy array")
        if entry.get("dtype") != arr.dtype.str or entry.get("shape") != list(arr.shape):
            raise fail(
                f"{entry['file']} holds {arr.dtype.str} {list(arr.shape)}, the manifest says "
                f"{entry.get('dtype')} {entry.get('shape')}"
            )
        arrays.append(arr)
    try:
        return decode(manifest["tree"], arrays)
    except ValueError as exc:
        raise fail(f"invalid estimator tree: {exc}") from None
