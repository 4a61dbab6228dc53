"""`get_file`: a checksummed, atomic download into ember's data cache."""

import hashlib
import http.client
import os
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings

from ._archive import extract_archive
from ._cache import ENV_VAR, cache_folder
from ._errors import ChecksumError, DownloadError
from ._hashing import hash_file, resolve_hash_algorithm

_SCHEMES = ("http", "https", "file")
_CHUNK = 1 << 16
_USER_AGENT = "ember-datasets (Python urllib)"
_REFRESH_SECONDS = 0.1


def get_file(
    fname,
    origin,
    *,
    subdir,
    file_hash=None,
    hash_algorithm="auto",
    extract=False,
    progress=True,
    data_home=None,
    timeout=60.0,
):
    """Returns the local path of a data file, downloading it if needed.

    The file lives at `<data_home>/<subdir>/<fname>`. When it is there and
    matches `file_hash` (or no hash is given), it is used as it is, without
    any network access. Otherwise it is downloaded from the URLs of `origin`,
    tried in order, into a temporary file in the same folder; the checksum is
    verified and only then is the file renamed into place (`os.replace`), so
    a failed or interrupted download never leaves a partial or corrupted file
    under `fname`. A cached file whose checksum does not match is never used:
    it is downloaded again (with a warning) and replaced.

    Modelled on `keras.utils.get_file`: `subdir` plays the part of
    `cache_subdir` and `data_home` the part of `cache_dir`.

    Args:
        fname: File name inside the dataset folder (no folder part).
        origin: URL, or sequence of mirror URLs tried in order (`http`,
            `https` or `file`).
        subdir: Dataset folder below the cache root, such as `"mnist"`; an
            absolute path is used as it is.
        file_hash: Expected hex digest of the file, or `None` to skip
            verification.
        hash_algorithm: `"auto"` (sha256 for 64 hex digits, md5 for 32),
            `"sha256"` or `"md5"`.
        extract: If True, the file is a tar or zip archive that is extracted
            into its folder (as Keras 2 did); the archive's path is returned.
        progress: If True, announce the download on stderr, and when stderr
            is a terminal show the bytes received so far.
        data_home: Cache root; `None` means `ember.io.data_home()`.
        timeout: Seconds to wait for the server on each network operation.

    Returns:
        The `pathlib.Path` of the local file.

    Raises:
        DownloadError: The file is missing (or corrupted) and every URL
            failed; the message lists the URLs and the folder to put it in.
        ChecksumError: Every download that completed had the wrong checksum.
        ValueError: An argument is malformed.
    """
    urls = _check_origin(origin)
    _check_fname(fname)
    algorithm = None
    if file_hash is not None:
        algorithm = resolve_hash_algorithm(file_hash, hash_algorithm)
        file_hash = file_hash.lower()
    target = cache_folder(subdir, data_home) / fname
    stale = None
    if target.is_file():
        if algorithm is None:
            return _finish(target, extract)
        actual = hash_file(target, algorithm)
        if actual == file_hash:
            return _finish(target, extract)
        stale = actual
        warnings.warn(
            f"The cached file {str(target)!r} is corrupted: its {algorithm} is "
            f"{actual}, expected {file_hash}. Downloading it again.",
            stacklevel=2,
        )
    _download_first(urls, target, algorithm, file_hash, progress, timeout, stale)
    return _finish(target, extract)


def _finish(target, extract):
    if extract:
        extract_archive(target, target.parent)
    return target


def _check_origin(origin):
    urls = [origin] if isinstance(origin, str) else origin
    try:
        urls = list(urls)
    except TypeError:
        urls = None
    if not urls or not all(isinstance(url, str) for url in urls):
        raise ValueError(
            "Expected `origin` to be a URL or a non-empty sequence of URLs. "
            f"Received: origin={origin!r}"
        )
    for url in urls:
        if urllib.parse.urlsplit(url).scheme not in _SCHEMES:
            raise ValueError(
                f"Expected every URL of `origin` to start with one of "
                f"{', '.join(s + '://' for s in _SCHEMES)}. Received: {url!r}"
            )
    return urls


def _check_fname(fname):
    if (
        not isinstance(fname, str)
        or fname in ("", ".", "..")
        or "/" in fname
        or os.sep in fname
    ):
        raise ValueError(
            "Expected `fname` to be a plain file name without a folder part. "
            f"Received: fname={fname!r}"
        )


def _download_first(urls, target, algorithm, file_hash, progress, timeout, stale):
    """Downloads from the first URL that works and installs the file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(
            f"Cannot create the folder {str(target.parent)!r} for "
            f"{target.name!r} ({exc}). Set the {ENV_VAR} environment variable "
            "to a writable folder."
        ) from exc
    failures, mismatches = [], []
    for url in urls:
        try:
            temp, actual = _fetch(url, target, algorithm, progress, timeout)
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            failures.append(f"{url} ({_describe(exc)})")
            if isinstance(exc, urllib.error.HTTPError):
                exc.close()  # an HTTPError holds the open response
            continue
        if algorithm is not None and actual != file_hash:
            temp.unlink()
            mismatches.append(f"{url} (got {actual})")
            continue
        try:
            os.replace(temp, target)
        except OSError:
            temp.unlink(missing_ok=True)
            raise
        return
    raise _failure(target, algorithm, file_hash, failures, mismatches, stale)


def _fetch(url, target, algorithm, progress, timeout):
    """Downloads one URL to a temporary file beside `target`.

    Returns:
        The temporary file's path and its hex digest (None without an
        algorithm). On any error the temporary file is removed.
    """
    hasher = None if algorithm is None else hashlib.new(algorithm)
    # A random name in the target's folder, so that os.replace is atomic; not
    # tempfile.mkstemp, whose 0600 mode would make a shared cache unreadable.
    temp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.part")
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        with open(temp, "xb") as out, urllib.request.urlopen(
            request, timeout=timeout
        ) as response:
            total = _content_length(response)
            meter = _Progress(target.name, url, total, progress)
            received = 0
            while chunk := response.read(_CHUNK):
                out.write(chunk)
                if hasher is not None:
                    hasher.update(chunk)
                received += len(chunk)
                meter.update(received)
            meter.close(received)
            if total is not None and received != total:
                raise DownloadError(
                    f"the connection closed after {received:,} of {total:,} bytes"
                )
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp, None if hasher is None else hasher.hexdigest()


def _content_length(response):
    value = response.headers.get("Content-Length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _describe(exc):
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return f"{type(exc.reason).__name__}: {exc.reason}"
    if isinstance(exc, http.client.IncompleteRead):
        return f"the connection closed after {len(exc.partial):,} bytes of a chunk"
    if isinstance(exc, DownloadError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _failure(target, algorithm, file_hash, failures, mismatches, stale):
    lines = []
    if stale is not None:
        lines.append(
            f"The cached copy {str(target)!r} is corrupted ({algorithm} {stale}, "
            f"expected {file_hash}) and could not be replaced."
        )
    if mismatches:
        lines.append(
            f"Downloaded {target.name!r} but its {algorithm} checksum did not "
            f"match: expected {file_hash}; the download was deleted. From:"
        )
        lines += [f"  - {item}" for item in mismatches]
    if failures:
        lines.append(f"Could not download {target.name!r}. URLs tried:")
        lines += [f"  - {item}" for item in failures]
    check = "" if file_hash is None else f" (its {algorithm} must be {file_hash})"
    lines.append(
        f"Download the file yourself and place it in the folder "
        f"{str(target.parent)!r}{check}, or set the {ENV_VAR} environment "
        "variable to a folder that already holds it."
    )
    error = ChecksumError if mismatches else DownloadError
    return error("\n".join(lines))


class _Progress:
    """Download announcement and byte counter on stderr.

    The counter is redrawn in place (`\\r`), at most ten times a second, and
    only when stderr is a terminal; the announcement is always written when
    `enabled`.
    """

    def __init__(self, fname, url, total, enabled):
        self._stream = sys.stderr if enabled else None
        self._total = total
        self._live = False
        self._last = 0.0
        if self._stream is not None:
            size = "" if total is None else f" ({total:,} bytes)"
            self._stream.write(f"Downloading {fname} from {url}{size}\n")
            self._stream.flush()
            isatty = getattr(self._stream, "isatty", None)
            self._live = bool(isatty and isatty())

    def _draw(self, received):
        if self._total:
            percent = min(100, 100 * received // self._total)
            text = f"{received:,} / {self._total:,} bytes ({percent}%)"
        else:
            text = f"{received:,} bytes"
        self._stream.write(f"\r{text}")
        self._stream.flush()

    def update(self, received):
        now = time.monotonic()
        if self._live and now - self._last >= _REFRESH_SECONDS:
            self._last = now
            self._draw(received)

    def close(self, received):
        if self._live:
            self._draw(received)
            self._stream.write("\n")
            self._stream.flush()
