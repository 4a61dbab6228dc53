"""Exceptions raised when a data file cannot be obtained."""


class DownloadError(OSError):
    """A data file is not in the cache and could not be downloaded.

    The message names the file, every URL that was tried with the reason it
    failed, and the folder in which to place the file by hand.
    """


class ChecksumError(DownloadError, ValueError):
    """A downloaded file does not have the expected checksum.

    It subclasses `ValueError` as well as `DownloadError`, since Keras'
    `get_file` raises `ValueError` for a corrupted download. The file is never
    kept: the partial download is deleted before this is raised.
    """
