"""MNIST handwritten digits: `keras.datasets.mnist`."""

import os
from pathlib import Path

import numpy as np

from ember.io import data_home

from ._idx import check_split, load_idx_dataset

# Mirrors in the order torchvision tries them (torchvision/datasets/mnist.py);
# the sha256 values are those of the byte-identical copies listed in
# shared/datasets/MANIFEST.md (their md5 equal torchvision's).
_MIRRORS = (
    "http://yann.lecun.com/exdb/mnist/",
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
)
_FILES = {
    "x_train": (
        "train-images-idx3-ubyte.gz",
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    ),
    "y_train": (
        "train-labels-idx1-ubyte.gz",
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    ),
    "x_test": (
        "t10k-images-idx3-ubyte.gz",
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    ),
    "y_test": (
        "t10k-labels-idx1-ubyte.gz",
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    ),
}
_SUBDIR = "mnist"


def load_data(path="mnist.npz"):
    """Loads the MNIST dataset of handwritten digits.

    60,000 28x28 grayscale training images of the ten digits and 10,000 test
    images, with their labels, exactly as `keras.datasets.mnist.load_data()`
    returns them.

    The four original IDX files (`train-images-idx3-ubyte.gz`, ...) are read
    from `<EMBER_DATA_HOME>/mnist/`; missing or corrupted ones are downloaded
    from the MNIST mirrors and checked against their sha256.

    Args:
        path: As in Keras, the name of a cached `mnist.npz`, relative to the
            dataset folder `<EMBER_DATA_HOME>/mnist/` (or absolute). If that
            file exists (for instance a copy of Keras'
            `~/.keras/datasets/mnist.npz`), it is read instead of the IDX
            files, and must hold `x_train`, `y_train`, `x_test`, `y_test`.
            If it does not exist, the IDX files are used; ember never
            downloads the `.npz` itself.

    Returns:
        Tuple of NumPy arrays `(x_train, y_train), (x_test, y_test)`:
        `x_train` uint8 of shape (60000, 28, 28) with values 0 to 255,
        `y_train` uint8 of shape (60000,) with values 0 to 9, and the test
        arrays of shapes (10000, 28, 28) and (10000,).

    Raises:
        ember.io.DownloadError: A file is missing and cannot be downloaded;
            the message names the folder to put it in.

    License:
        Yann LeCun and Corinna Cortes hold the copyright of MNIST, a
        derivative work of the original NIST datasets, made available under
        the Creative Commons Attribution-Share Alike 3.0 license.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            "Expected `path` to be a file name or path. "
            f"Received: path={path!r}"
        )
    npz = data_home() / _SUBDIR / Path(path).expanduser()
    if npz.is_file():
        return _load_npz(npz)
    return load_idx_dataset(_SUBDIR, _FILES, _mirror_urls)


def _mirror_urls(fname):
    return [mirror + fname for mirror in _MIRRORS]


def _load_npz(path):
    """Reads a Keras-format `mnist.npz` (no pickled objects allowed)."""
    keys = ("x_train", "y_train", "x_test", "y_test")
    with np.load(path, allow_pickle=False) as archive:
        missing = [key for key in keys if key not in archive.files]
        if missing:
            raise ValueError(
                f"{path}: expected arrays {', '.join(keys)}; missing "
                f"{', '.join(missing)} (found {', '.join(archive.files)})."
            )
        x_train, y_train, x_test, y_test = (archive[key] for key in keys)
    check_split(x_train, y_train, source=f"{path} (train)")
    check_split(x_test, y_test, source=f"{path} (test)")
    return (x_train, y_train), (x_test, y_test)
