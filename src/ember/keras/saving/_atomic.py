"""Atomic file writes: a failed or interrupted save never damages the file it replaces.

The new content goes to a temporary file in the target's own folder (so that
the final rename stays on one filesystem and is atomic), is flushed to disk,
and only then takes the target's name with ``os.replace``. Any exception on
the way (a value that cannot be serialized, a full disk, ``KeyboardInterrupt``)
removes the temporary file and leaves the previous file untouched.
"""

import os
import secrets

TEMP_SUFFIX = ".tmp"


def write_atomically(filepath, write, overwrite=True):
    """Write a file through ``write(fileobj)`` so that it appears whole or not at all.

    Args:
        filepath: the file to create or replace (str or ``os.PathLike``).
        write: a function writing the content to the binary file object it is given.
        overwrite: whether an existing file may be replaced; when False an
            existing file raises ``FileExistsError`` and is left as it is.

    Returns:
        The absolute path written.

    Raises:
        FileExistsError: ``overwrite=False`` and ``filepath`` exists.
        IsADirectoryError: ``filepath`` names a directory.

    Example:
        >>> write_atomically("notes.txt", lambda f: f.write(b"hello"))  # doctest: +SKIP
        '/home/me/notes.txt'
    """
    target = os.path.abspath(os.fspath(filepath))
    if os.path.isdir(target):
        raise IsADirectoryError(
            f"Cannot save to {target!r}: it is a directory. Give a file name, e.g. "
            f"{os.path.join(target, 'model.keras')!r}"
        )
    if not overwrite and os.path.lexists(target):
        raise _exists_error(target)
    folder, name = os.path.split(target)
    os.makedirs(folder, exist_ok=True)
    temp = os.path.join(folder, f".{name}.{secrets.token_hex(8)}{TEMP_SUFFIX}")
    try:
        # Mode "xb" applies the umask (the saved file gets ordinary permissions)
        # and never follows or reuses an existing name.
        with open(temp, "xb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        _move_into_place(temp, target, overwrite)
    except BaseException:
        _remove_quietly(temp)
        raise
    _sync_folder(folder)
    return target


def _move_into_place(temp, target, overwrite):
    if overwrite:
        os.replace(temp, target)
        return
    # A hard link fails if the target appeared meanwhile: no race can clobber it.
    try:
        os.link(temp, target)
    except FileExistsError:
        raise _exists_error(target) from None
    except OSError:  # a filesystem without hard links
        if os.path.lexists(target):
            raise _exists_error(target) from None
        os.replace(temp, target)
        return
    os.unlink(temp)


def _exists_error(target):
    return FileExistsError(
        f"{target!r} already exists and overwrite=False: it was left unchanged. "
        "Pass overwrite=True to replace it."
    )


def _remove_quietly(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _sync_folder(folder):
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
