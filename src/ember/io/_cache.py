"""Where data files live: the cache root and its per-dataset folders."""

import os
from pathlib import Path

ENV_VAR = "EMBER_DATA_HOME"


def data_home():
    """Returns the root folder of ember's data-file cache.

    The folder is taken from the environment variable `EMBER_DATA_HOME` when
    it is set and not empty (`~` is expanded), and is `~/.ember/datasets`
    otherwise. It is not created here: downloads create what they need.

    Returns:
        An absolute `pathlib.Path`.
    """
    value = os.environ.get(ENV_VAR, "")
    root = Path(value).expanduser() if value else Path.home() / ".ember" / "datasets"
    return root.absolute()


def cache_folder(subdir, root=None):
    """Returns the folder `<root>/<subdir>` that holds one dataset's files.

    Args:
        subdir: Folder name below the cache root (such as `"mnist"`), or an
            absolute path, which is used as it is.
        root: Cache root; `None` means `data_home()`.

    Returns:
        An absolute `pathlib.Path`.
    """
    if not isinstance(subdir, (str, os.PathLike)) or not os.fspath(subdir):
        raise TypeError(
            "Expected `subdir` to be a non-empty folder name or path. "
            f"Received: subdir={subdir!r}"
        )
    if root is None:
        root = data_home()
    elif not isinstance(root, (str, os.PathLike)):
        raise TypeError(
            f"Expected `data_home` to be a path or None. Received: data_home={root!r}"
        )
    return (Path(root).expanduser() / subdir).absolute()
