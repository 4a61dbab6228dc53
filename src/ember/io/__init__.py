"""ember.io: download, cache and checksum of data files.

Data files live in a cache folder, `<EMBER_DATA_HOME>/<dataset>/<file name>`
(`~/.ember/datasets` by default). `get_file` returns a file's local path and
downloads it only when it is missing or corrupted, verifying its sha256 or
md5 and writing it atomically.
"""

from ._cache import data_home
from ._download import get_file
from ._errors import ChecksumError, DownloadError
from ._hashing import hash_file

__all__ = ["ChecksumError", "DownloadError", "data_home", "get_file", "hash_file"]
