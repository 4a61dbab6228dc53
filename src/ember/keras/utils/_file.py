"""``keras.utils.get_file``: Keras' signature over ``ember.io.get_file``.

Downloads are ember.io's: atomic, checksummed, several mirrors, a cache that
is used offline. This module maps Keras' arguments onto it and keeps the
behaviour of the books' Keras (the archive's path is returned after
``extract=True``; ``untar=True`` returns the extracted folder).
"""

import os
import secrets
import tarfile
import urllib.parse
import warnings
import zipfile
from pathlib import Path

from ember import io
from ember.io._archive import extract_archive

_ARCHIVE_CHECKS = {"tar": tarfile.is_tarfile, "zip": zipfile.is_zipfile}


def get_file(
    fname=None,
    origin=None,
    untar=False,
    md5_hash=None,
    file_hash=None,
    cache_subdir="datasets",
    hash_algorithm="auto",
    extract=False,
    archive_format="auto",
    cache_dir=None,
    force_download=False,
):
    """Download a file from a URL unless it is already in the cache.

    The file goes to ``<cache_dir>/<cache_subdir>/<fname>``. Without
    ``cache_dir`` the root is ember's data cache, ``ember.io.data_home()``
    (``$EMBER_DATA_HOME``, else ``~/.ember/datasets``), which plays the part of
    Keras' ``~/.keras/datasets``: the default ``cache_subdir="datasets"`` puts
    the file directly in it and any other name is a folder in it. An absolute
    ``cache_subdir`` is used as it is. A cached file that matches ``file_hash``
    (or any cached file when no hash is given) is used without the network.

    Args:
        fname: Local file name; ``None`` takes the name at the end of ``origin``.
            With ``untar=True``, the name of the folder the archive holds.
        origin: URL of the file (``http``, ``https`` or ``file``), or a list of
            mirror URLs tried in order.
        untar: Deprecated form of ``extract`` for a ``.tar.gz``: downloads
            ``<fname>.tar.gz``, extracts it if the folder ``<fname>`` is
            missing, and returns that folder.
        md5_hash: Deprecated; an md5 ``file_hash``.
        file_hash: Expected sha256 or md5 hex digest of the file.
        cache_subdir: Folder under the cache root.
        hash_algorithm: ``"auto"``, ``"sha256"`` or ``"md5"``.
        extract: Whether to extract the tar or zip archive into the folder
            holding it (the archive's path is still returned).
        archive_format: Formats tried when extracting: ``"auto"`` (tar then
            zip), ``"tar"``, ``"zip"``, a list of those, or ``None``.
        cache_dir: Cache root (``~`` is expanded).
        force_download: Download again even when a good copy is cached (the
            cached copy is kept if the download fails).

    Returns:
        The local path, as a string.

    Raises:
        ValueError: For a missing ``origin``, an ``fname`` with a folder part,
            or a file whose checksum does not match (``ember.io.ChecksumError``).
        ember.io.DownloadError: If every URL failed (an ``OSError``).

    Example:
        >>> import pathlib, tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     source = pathlib.Path(tmp, "notes.txt")
        ...     _ = source.write_text("hello")
        ...     path = get_file(origin=source.as_uri(), cache_dir=tmp)
        ...     print(pathlib.Path(path).relative_to(tmp).as_posix())
        datasets/notes.txt
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    fname = _file_name(fname, origin)
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    formats = ("tar",) if untar else _archive_formats(archive_format)
    if cache_dir is not None:
        folder = Path(cache_dir).expanduser() / cache_subdir
    elif cache_subdir == "datasets":
        folder = io.data_home()
    else:
        folder = io.data_home() / cache_subdir
    download = fname + ".tar.gz" if untar else fname
    path = _fetch(download, origin, folder.absolute(), file_hash, hash_algorithm, force_download)
    if untar:
        extracted = path.parent / fname
        if not extracted.exists():
            _extract(path, formats)
        return str(extracted)
    if extract:
        _extract(path, formats)
    return str(path)


def _file_name(fname, origin):
    if fname:
        fname = os.fspath(fname)
        if "/" in fname or os.sep in fname:
            raise ValueError(
                "Paths are no longer accepted as the `fname` argument. To specify the "
                f"file's parent directory, use the `cache_dir` argument. Received: fname={fname}"
            )
        return fname
    first = origin if isinstance(origin, str) else next(iter(origin), "")
    name = os.path.basename(urllib.parse.urlsplit(first).path)
    if not name:
        raise ValueError(
            f"Can't parse the file name from the origin provided: '{origin}'. "
            "Please specify the `fname` argument."
        )
    return name


def _archive_formats(archive_format):
    if archive_format is None:
        return ()
    if archive_format == "auto":
        return ("tar", "zip")
    formats = (archive_format,) if isinstance(archive_format, str) else tuple(archive_format)
    unknown = [f for f in formats if f not in _ARCHIVE_CHECKS]
    if unknown:
        raise ValueError(
            "Expected `archive_format` to be 'auto', 'tar', 'zip', a list of those, or None. "
            f"Received: archive_format={archive_format!r}"
        )
    return formats


def _fetch(fname, origin, folder, file_hash, hash_algorithm, force_download):
    """``ember.io.get_file``; with ``force_download`` the cached copy is set aside first."""

    def fetch():
        return io.get_file(
            fname, origin, subdir=folder, file_hash=file_hash, hash_algorithm=hash_algorithm
        )

    target = folder / fname
    if not (force_download and target.exists()):
        return fetch()
    aside = target.with_name(f".{fname}.{secrets.token_hex(8)}.old")
    os.replace(target, aside)
    try:
        path = fetch()
    except BaseException:
        os.replace(aside, target)
        raise
    aside.unlink()
    return path


def _extract(path, formats):
    """Extract ``path`` into its folder if it is an archive of one of ``formats``."""
    if any(_ARCHIVE_CHECKS[f](path) for f in formats):
        extract_archive(path, path.parent)
    else:
        warnings.warn(
            f"Could not extract archive {str(path)!r}: it is not in the formats {list(formats)}.",
            stacklevel=3,
        )
