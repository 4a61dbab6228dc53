"""keras.datasets.mnist / fashion_mnist: the real files of shared/datasets."""

import gzip
import shutil

import numpy as np
import pytest

from ember.io import DownloadError, data_home
from ember.keras.datasets import fashion_mnist, mnist

MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
         "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


def read_raw(subdir, fname, offset):
    """The file's contents as a flat uint8 array, read without ember."""
    with gzip.open(data_home() / subdir / fname) as stream:
        return np.frombuffer(stream.read(), np.uint8, offset=offset)


@pytest.fixture(scope="module")
def mnist_data():
    return mnist.load_data()


@pytest.fixture(scope="module")
def fashion_data():
    return fashion_mnist.load_data()


@pytest.mark.parametrize("dataset", ["mnist_data", "fashion_data"])
def test_shapes_and_dtypes(dataset, request):
    (x_train, y_train), (x_test, y_test) = request.getfixturevalue(dataset)
    assert x_train.shape == (60000, 28, 28) and y_train.shape == (60000,)
    assert x_test.shape == (10000, 28, 28) and y_test.shape == (10000,)
    for array in (x_train, y_train, x_test, y_test):
        assert array.dtype == np.uint8 and array.flags.writeable
    assert (x_train.min(), x_train.max()) == (0, 255)


def test_mnist_labels(mnist_data):
    (_, y_train), (_, y_test) = mnist_data
    assert np.bincount(y_train).tolist() == MNIST_TRAIN_COUNTS
    assert np.bincount(y_test).tolist() == MNIST_TEST_COUNTS
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]
    assert y_test[:5].tolist() == [7, 2, 1, 0, 4]


def test_fashion_labels(fashion_data):
    (_, y_train), (_, y_test) = fashion_data
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
    assert y_train[:5].tolist() == [9, 0, 0, 3, 0]
    assert y_test[:5].tolist() == [9, 2, 1, 1, 6]


@pytest.mark.parametrize(
    ("dataset", "subdir", "mean", "std"),
    [("mnist_data", "mnist", 0.1307, 0.3081),
     ("fashion_data", "fashion_mnist", 0.2860, 0.3530)],
)
def test_pixels_match_an_independent_read(dataset, subdir, mean, std, request):
    (x_train, y_train), (x_test, y_test) = request.getfixturevalue(dataset)
    raw_train = read_raw(subdir, FILES[0], offset=16)
    raw_test = read_raw(subdir, FILES[2], offset=16)
    assert x_train.sum(dtype=np.int64) == raw_train.sum(dtype=np.int64)
    np.testing.assert_array_equal(x_train.reshape(-1), raw_train)
    np.testing.assert_array_equal(x_test.reshape(-1), raw_test)
    np.testing.assert_array_equal(y_train, read_raw(subdir, FILES[1], offset=8))
    # the normalisation constants every tutorial quotes for these datasets
    np.testing.assert_allclose(x_train.mean() / 255, mean, atol=5e-5)
    np.testing.assert_allclose(x_train.std() / 255, std, atol=5e-5)
    # image 0's ink is in its middle rows, not on its border
    assert x_train[0, 0].sum() == 0 and x_train[0, 14].sum() > 0


@pytest.mark.parametrize(
    ("module", "subdir", "fixture"),
    [(mnist, "mnist", "mnist_data"), (fashion_mnist, "fashion_mnist", "fashion_data")],
)
def test_download_into_an_empty_cache(module, subdir, fixture, tmp_path,
                                      monkeypatch, request):
    source = data_home() / subdir
    monkeypatch.setenv("EMBER_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(
        module, "_MIRRORS", ("file:///nonexistent/mirror/", source.as_uri() + "/")
    )
    (x_train, y_train), (x_test, y_test) = module.load_data()
    (ref_x, ref_y), (ref_xt, ref_yt) = request.getfixturevalue(fixture)
    np.testing.assert_array_equal(x_train, ref_x)
    np.testing.assert_array_equal(y_test, ref_yt)
    assert sorted(p.name for p in (tmp_path / subdir).iterdir()) == sorted(FILES)
    for fname in FILES:
        assert (tmp_path / subdir / fname).read_bytes() == (source / fname).read_bytes()


def test_corrupted_cache_file_is_replaced(tmp_path, monkeypatch, mnist_data):
    source = data_home() / "mnist"
    for fname in FILES:
        shutil.copy(source / fname, tmp_path / fname)
    broken = bytearray((tmp_path / FILES[3]).read_bytes())
    broken[-1] ^= 0xFF
    (tmp_path / FILES[3]).write_bytes(bytes(broken))
    monkeypatch.setenv("EMBER_DATA_HOME", str(tmp_path.parent))
    monkeypatch.setattr(mnist, "_SUBDIR", tmp_path.name)
    monkeypatch.setattr(mnist, "_MIRRORS", (source.as_uri() + "/",))
    with pytest.warns(UserWarning, match="t10k-labels-idx1-ubyte.gz.* is corrupted"):
        (_, _), (_, y_test) = mnist.load_data()
    np.testing.assert_array_equal(y_test, mnist_data[1][1])


def test_missing_files_without_network(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBER_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(mnist, "_MIRRORS", ("file:///nonexistent/a/", "file:///b/"))
    with pytest.raises(DownloadError) as info:
        mnist.load_data()
    message = str(info.value)
    assert "Could not download 'train-images-idx3-ubyte.gz'" in message
    assert "file:///nonexistent/a/train-images-idx3-ubyte.gz" in message
    assert "file:///b/train-images-idx3-ubyte.gz" in message
    assert f"place it in the folder {str(tmp_path / 'mnist')!r}" in message


def test_default_mirrors_and_urls():
    assert mnist._mirror_urls("x.gz") == [
        "http://yann.lecun.com/exdb/mnist/x.gz",
        "https://ossci-datasets.s3.amazonaws.com/mnist/x.gz",
    ]
    assert fashion_mnist._mirror_urls("x.gz") == [
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/x.gz",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/x.gz",
    ]


def small_splits(rng):
    return {
        "x_train": rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, 5, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, 3, dtype=np.uint8),
    }


def test_keras_npz_is_read_when_present(tmp_path, monkeypatch):
    arrays = small_splits(np.random.default_rng(0))
    (tmp_path / "mnist").mkdir()
    np.savez(tmp_path / "mnist" / "mnist.npz", **arrays)
    np.savez(tmp_path / "custom.npz", **arrays)
    monkeypatch.setenv("EMBER_DATA_HOME", str(tmp_path))
    for path in ("mnist.npz", tmp_path / "custom.npz"):
        (x_train, y_train), (x_test, y_test) = mnist.load_data(path=path)
        np.testing.assert_array_equal(x_train, arrays["x_train"])
        np.testing.assert_array_equal(y_test, arrays["y_test"])


def test_absent_npz_falls_back_to_idx_files(mnist_data):
    (_, y_train), _ = mnist.load_data(path="no-such-file.npz")
    np.testing.assert_array_equal(y_train, mnist_data[0][1])


@pytest.mark.parametrize(
    ("change", "match"),
    [({"y_test": None}, "missing y_test"),
     ({"x_train": np.zeros((5, 28, 27), np.uint8)},
      r"received uint8 of shape \(5, 28, 27\)"),
     ({"y_train": np.zeros(5, np.int64)}, "received int64 of shape"),
     ({"y_train": np.zeros(4, np.uint8)}, r"expected 5 uint8 labels")],
)
def test_bad_npz_is_rejected(tmp_path, change, match):
    arrays = {**small_splits(np.random.default_rng(1)), **change}
    np.savez(tmp_path / "bad.npz", **{k: v for k, v in arrays.items() if v is not None})
    with pytest.raises(ValueError, match=match):
        mnist.load_data(path=tmp_path / "bad.npz")


def test_bad_path_type():
    with pytest.raises(TypeError, match="Received: path=3"):
        mnist.load_data(path=3)
