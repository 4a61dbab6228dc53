"""Fashion-MNIST clothing images: `keras.datasets.fashion_mnist`."""

from ._idx import load_idx_dataset

# The Keras URL first (keras/src/datasets/fashion_mnist.py), then the
# upstream one (zalandoresearch/fashion-mnist README). Keras checks no hash;
# the sha256 values are those of the byte-identical copies listed in
# shared/datasets/MANIFEST.md (their md5 equal the upstream README's).
_MIRRORS = (
    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
)
_FILES = {
    "x_train": (
        "train-images-idx3-ubyte.gz",
        "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    ),
    "y_train": (
        "train-labels-idx1-ubyte.gz",
        "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    ),
    "x_test": (
        "t10k-images-idx3-ubyte.gz",
        "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
    ),
    "y_test": (
        "t10k-labels-idx1-ubyte.gz",
        "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    ),
}
_SUBDIR = "fashion_mnist"


def load_data():
    """Loads the Fashion-MNIST dataset of Zalando article images.

    60,000 28x28 grayscale training images of ten clothing classes and 10,000
    test images, with their labels, exactly as
    `keras.datasets.fashion_mnist.load_data()` returns them. The labels are:

    | Label | Description |
    |:-----:|-------------|
    | 0 | T-shirt/top |
    | 1 | Trouser |
    | 2 | Pullover |
    | 3 | Dress |
    | 4 | Coat |
    | 5 | Sandal |
    | 6 | Shirt |
    | 7 | Sneaker |
    | 8 | Bag |
    | 9 | Ankle boot |

    The four IDX files are read from `<EMBER_DATA_HOME>/fashion_mnist/`
    (Keras uses `~/.keras/datasets/fashion-mnist/`); missing or corrupted
    ones are downloaded from Keras' storage, else from the upstream site,
    and checked against their sha256.

    Returns:
        Tuple of NumPy arrays `(x_train, y_train), (x_test, y_test)`:
        uint8 arrays of shapes (60000, 28, 28), (60000,), (10000, 28, 28)
        and (10000,).

    Raises:
        ember.io.DownloadError: A file is missing and cannot be downloaded;
            the message names the folder to put it in.

    License:
        MIT License, Copyright (c) 2017 Zalando SE.
    """
    return load_idx_dataset(_SUBDIR, _FILES, _mirror_urls)


def _mirror_urls(fname):
    return [mirror + fname for mirror in _MIRRORS]
