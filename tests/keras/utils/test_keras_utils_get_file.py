"""keras.utils.get_file over ember.io, with local file:// origins (no network)."""

import doctest
import hashlib
import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from ember.io import ChecksumError, DownloadError
from ember.keras.utils import _file, get_file

PAYLOAD = b"To be, or not to be, that is the question.\n" * 100
SHA256 = hashlib.sha256(PAYLOAD).hexdigest()
MD5 = hashlib.md5(PAYLOAD).hexdigest()


@pytest.fixture
def source(tmp_path):
    """A folder holding the files to download."""
    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "shakespeare.txt").write_bytes(PAYLOAD)
    return folder


@pytest.fixture
def home(tmp_path, monkeypatch):
    root = tmp_path / "ember_home"
    monkeypatch.setenv("EMBER_DATA_HOME", str(root))
    return root


def url(folder, name):
    return (folder / name).as_uri()


def test_download_into_cache_dir_with_keras_layout(source, tmp_path):
    path = get_file("shakespeare.txt", url(source, "shakespeare.txt"), cache_dir=tmp_path / "c")
    assert isinstance(path, str)
    assert Path(path) == tmp_path / "c" / "datasets" / "shakespeare.txt"
    assert Path(path).read_bytes() == PAYLOAD


def test_fname_defaults_to_the_origin_file_name(source, tmp_path):
    path = get_file(origin=url(source, "shakespeare.txt"), cache_dir=tmp_path)
    assert Path(path).name == "shakespeare.txt"
    renamed = get_file("plays.txt", url(source, "shakespeare.txt"), cache_dir=tmp_path)
    assert Path(renamed).name == "plays.txt" and Path(renamed).read_bytes() == PAYLOAD


def test_default_cache_is_ember_data_home(source, home):
    path = get_file("shakespeare.txt", url(source, "shakespeare.txt"))
    assert Path(path) == home / "shakespeare.txt"
    other = get_file("shakespeare.txt", url(source, "shakespeare.txt"), cache_subdir="plays")
    assert Path(other) == home / "plays" / "shakespeare.txt"


def test_absolute_cache_subdir_is_used_as_is(source, tmp_path):
    folder = tmp_path / "elsewhere"
    path = get_file("s.txt", url(source, "shakespeare.txt"), cache_subdir=str(folder))
    assert Path(path) == folder / "s.txt"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"file_hash": SHA256},
        {"file_hash": MD5},
        {"md5_hash": MD5},
        {"file_hash": SHA256, "hash_algorithm": "sha256"},
    ],
    ids=["sha256", "md5-auto", "md5_hash", "explicit"],
)
def test_hashes_are_verified(source, tmp_path, kwargs):
    path = get_file("s.txt", url(source, "shakespeare.txt"), cache_dir=tmp_path, **kwargs)
    assert Path(path).read_bytes() == PAYLOAD


def test_wrong_hash_raises_value_error_and_keeps_nothing(source, tmp_path):
    wrong = hashlib.sha256(b"other").hexdigest()
    with pytest.raises(ValueError) as info:
        get_file("s.txt", url(source, "shakespeare.txt"), file_hash=wrong, cache_dir=tmp_path)
    assert isinstance(info.value, ChecksumError)
    assert list((tmp_path / "datasets").iterdir()) == []


def test_cached_file_is_used_offline(source, tmp_path):
    origin = url(source, "shakespeare.txt")
    first = get_file("s.txt", origin, file_hash=SHA256, cache_dir=tmp_path)
    (source / "shakespeare.txt").unlink()
    assert get_file("s.txt", origin, file_hash=SHA256, cache_dir=tmp_path) == first


def test_force_download_fetches_again(source, tmp_path):
    origin = url(source, "shakespeare.txt")
    path = get_file("s.txt", origin, cache_dir=tmp_path)
    (source / "shakespeare.txt").write_bytes(b"new edition")
    assert Path(get_file("s.txt", origin, cache_dir=tmp_path)).read_bytes() == PAYLOAD
    get_file("s.txt", origin, cache_dir=tmp_path, force_download=True)
    assert Path(path).read_bytes() == b"new edition"
    assert sorted(p.name for p in Path(path).parent.iterdir()) == ["s.txt"]


def test_failed_forced_download_keeps_the_cached_copy(source, tmp_path):
    path = get_file("s.txt", url(source, "shakespeare.txt"), cache_dir=tmp_path)
    with pytest.raises(DownloadError):
        get_file("s.txt", url(source, "missing.txt"), cache_dir=tmp_path, force_download=True)
    assert Path(path).read_bytes() == PAYLOAD
    assert sorted(p.name for p in Path(path).parent.iterdir()) == ["s.txt"]


def _tar_gz(path, members):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_extract_tar_beside_the_archive_and_return_the_archive(source, tmp_path):
    _tar_gz(source / "data.tgz", {"data/a.txt": b"A", "data/b.txt": b"B"})
    path = get_file("data.tgz", url(source, "data.tgz"), extract=True, cache_dir=tmp_path)
    assert Path(path) == tmp_path / "datasets" / "data.tgz"
    assert (tmp_path / "datasets" / "data" / "b.txt").read_bytes() == b"B"


def test_extract_zip(source, tmp_path):
    with zipfile.ZipFile(source / "data.zip", "w") as archive:
        archive.writestr("table.csv", "a,b\n1,2\n")
    get_file(origin=url(source, "data.zip"), extract=True, cache_dir=tmp_path)
    assert (tmp_path / "datasets" / "table.csv").read_text() == "a,b\n1,2\n"


def test_untar_returns_the_extracted_folder(source, tmp_path):
    _tar_gz(source / "flowers.tar.gz", {"flowers/rose.txt": b"red"})
    path = get_file("flowers", url(source, "flowers.tar.gz"), untar=True, cache_dir=tmp_path)
    assert Path(path) == tmp_path / "datasets" / "flowers"
    assert (Path(path) / "rose.txt").read_bytes() == b"red"
    assert (tmp_path / "datasets" / "flowers.tar.gz").is_file()


def test_archive_format_that_does_not_match_warns(source, tmp_path):
    _tar_gz(source / "data.tgz", {"x.txt": b"x"})
    with pytest.warns(UserWarning, match="Could not extract archive"):
        get_file(
            "data.tgz",
            url(source, "data.tgz"),
            extract=True,
            archive_format="zip",
            cache_dir=tmp_path,
        )
    assert not (tmp_path / "datasets" / "x.txt").exists()


def test_argument_errors(source, tmp_path):
    with pytest.raises(ValueError, match='specify the "origin" argument'):
        get_file("s.txt")
    with pytest.raises(ValueError, match="Received: fname=sub/s.txt"):
        get_file("sub/s.txt", url(source, "shakespeare.txt"), cache_dir=tmp_path)
    with pytest.raises(ValueError, match="Can't parse the file name"):
        get_file(origin=source.as_uri() + "/", cache_dir=tmp_path)
    with pytest.raises(ValueError, match="Received: archive_format='rar'"):
        get_file("s.txt", url(source, "shakespeare.txt"), archive_format="rar")


def test_docstring_example():
    result = doctest.testmod(_file)
    assert result.attempted > 0 and result.failed == 0
