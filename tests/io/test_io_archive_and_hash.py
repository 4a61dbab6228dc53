"""ember.io: archive extraction through get_file, and file hashes."""

import hashlib
import io
import tarfile
import zipfile

import pytest

from ember.io import get_file, hash_file
from ember.io._archive import extract_archive


def make_tar(path, members, mode="w:gz"):
    with tarfile.open(path, mode) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_hash_file_matches_hashlib_and_manifest(tmp_path):
    data = b"ember" * 300_000  # more than one read chunk
    path = tmp_path / "f"
    path.write_bytes(data)
    assert hash_file(path) == hashlib.sha256(data).hexdigest()
    assert hash_file(path, "md5") == hashlib.md5(data).hexdigest()
    with pytest.raises(ValueError, match="Received: algorithm='sha1'"):
        hash_file(path, "sha1")


def test_hash_file_on_a_shared_dataset_file():
    from ember.io import data_home

    path = data_home() / "mnist" / "t10k-labels-idx1-ubyte.gz"
    assert hash_file(path) == (
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"
    )
    assert hash_file(path, "md5") == "ec29112dd5afa0611ce80d1b7f02629c"


def test_get_file_extracts_a_tgz(tmp_path):
    archive = tmp_path / "src" / "housing.tgz"
    archive.parent.mkdir()
    make_tar(archive, {"housing/housing.csv": b"a,b\n1,2\n", "top.txt": b"x"})
    path = get_file("housing.tgz", archive.as_uri(), subdir="h",
                    data_home=tmp_path / "cache", extract=True, progress=False)
    assert path == tmp_path / "cache" / "h" / "housing.tgz"
    assert (path.parent / "housing" / "housing.csv").read_bytes() == b"a,b\n1,2\n"
    assert (path.parent / "top.txt").read_bytes() == b"x"


def test_extract_zip(tmp_path):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("d/one.txt", "1")
        zipped.writestr("two.txt", "22")
    paths = extract_archive(archive, tmp_path / "out")
    assert paths == [(tmp_path / "out" / "d" / "one.txt").resolve(),
                     (tmp_path / "out" / "two.txt").resolve()]
    assert [p.read_text() for p in paths] == ["1", "22"]


@pytest.mark.parametrize("name", ["../evil.txt", "/tmp/evil.txt", "a/../../evil.txt"])
def test_extract_refuses_paths_outside_the_folder(tmp_path, name):
    archive = tmp_path / "bad.tar.gz"
    make_tar(archive, {"fine.txt": b"ok", name: b"evil"})
    with pytest.raises(ValueError, match="outside"):
        extract_archive(archive, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing written at all
    assert not (tmp_path / "evil.txt").exists()


def test_extract_refuses_links(tmp_path):
    archive = tmp_path / "link.tar"
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo("link")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tar.addfile(info)
    with pytest.raises(ValueError, match="not links or devices"):
        extract_archive(archive, tmp_path / "out")


def test_extract_refuses_other_files(tmp_path):
    path = tmp_path / "plain.gz"
    path.write_bytes(b"\x1f\x8b not really")
    with pytest.raises(ValueError, match="expected a tar or zip archive"):
        extract_archive(path, tmp_path)
