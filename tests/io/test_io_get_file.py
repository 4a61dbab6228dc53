"""ember.io.get_file against a local HTTP server and file:// URLs (no internet)."""

import hashlib
import io
import os
import sys

import pytest

from ember.io import ChecksumError, DownloadError, data_home, get_file
from ember.io import _download

PAYLOAD = bytes(range(256)) * 1000 + b"tail"  # 256,004 bytes: several chunks
SHA256 = hashlib.sha256(PAYLOAD).hexdigest()
MD5 = hashlib.md5(PAYLOAD).hexdigest()
WRONG_SHA256 = hashlib.sha256(b"something else").hexdigest()


@pytest.fixture
def home(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv("EMBER_DATA_HOME", str(root))
    return root


@pytest.fixture
def served(server):
    (server.root / "blob.bin").write_bytes(PAYLOAD)
    return server


def leftovers(folder):
    """Every file in `folder` other than the finished download."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_data_home_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBER_DATA_HOME", str(tmp_path / "x"))
    assert data_home() == tmp_path / "x"
    monkeypatch.setenv("EMBER_DATA_HOME", "~/somewhere")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_home() == tmp_path / "somewhere"


def test_data_home_default(tmp_path, monkeypatch):
    monkeypatch.delenv("EMBER_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_home() == tmp_path / ".ember" / "datasets"


@pytest.mark.parametrize("file_hash", [SHA256, MD5, SHA256.upper(), None])
def test_download_writes_verified_file(home, served, file_hash):
    path = get_file("blob.bin", served.url("blob.bin"), subdir="demo",
                    file_hash=file_hash, progress=False)
    assert path == home / "demo" / "blob.bin"
    assert path.read_bytes() == PAYLOAD
    assert leftovers(path.parent) == ["blob.bin"]
    assert served.requests == ["/blob.bin"]


def test_downloaded_file_has_the_usual_permissions(home, served):
    umask = os.umask(0o022)
    os.umask(umask)
    path = get_file("blob.bin", served.url("blob.bin"), subdir="demo",
                    progress=False)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_cached_file_is_used_without_network(home, served, closed_port_url):
    get_file("blob.bin", served.url("blob.bin"), subdir="demo", file_hash=SHA256,
             progress=False)
    path = get_file("blob.bin", closed_port_url, subdir="demo", file_hash=SHA256,
                    progress=False)
    assert path.read_bytes() == PAYLOAD
    assert served.requests == ["/blob.bin"]  # the second call sent nothing


def test_corrupted_cache_is_downloaded_again(home, served):
    target = home / "demo" / "blob.bin"
    target.parent.mkdir(parents=True)
    target.write_bytes(PAYLOAD[:1000])
    bad = hashlib.sha256(PAYLOAD[:1000]).hexdigest()
    with pytest.warns(UserWarning, match=f"corrupted: its sha256 is {bad}"):
        path = get_file("blob.bin", served.url("blob.bin"), subdir="demo",
                        file_hash=SHA256, progress=False)
    assert path.read_bytes() == PAYLOAD
    assert leftovers(target.parent) == ["blob.bin"]


def test_download_with_wrong_checksum_is_deleted(home, served):
    with pytest.raises(ChecksumError) as info:
        get_file("blob.bin", served.url("blob.bin"), subdir="demo",
                 file_hash=WRONG_SHA256, progress=False)
    message = str(info.value)
    assert "'blob.bin'" in message
    assert f"expected {WRONG_SHA256}" in message
    assert f"got {SHA256}" in message
    assert isinstance(info.value, ValueError) and isinstance(info.value, OSError)
    assert leftovers(home / "demo") == []


def test_corrupted_cache_is_not_replaced_by_a_bad_download(home, served):
    target = home / "demo" / "blob.bin"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"old and wrong")
    with pytest.warns(UserWarning, match="corrupted"):
        with pytest.raises(ChecksumError, match="cached copy .* is corrupted"):
            get_file("blob.bin", served.url("blob.bin"), subdir="demo",
                     file_hash=WRONG_SHA256, progress=False)
    assert target.read_bytes() == b"old and wrong"
    assert leftovers(target.parent) == ["blob.bin"]


def test_truncated_download_leaves_no_file(home, served):
    with pytest.raises(DownloadError, match=r"closed after 128,002 of 256,004 bytes"):
        get_file("blob.bin", served.url("truncated/blob.bin"), subdir="demo",
                 file_hash=SHA256, progress=False)
    assert leftovers(home / "demo") == []


def test_interrupted_download_leaves_no_file(home, served, monkeypatch):
    def interrupt(self, received):
        raise KeyboardInterrupt

    monkeypatch.setattr(_download._Progress, "update", interrupt)
    with pytest.raises(KeyboardInterrupt):
        get_file("blob.bin", served.url("blob.bin"), subdir="demo", progress=False)
    assert leftovers(home / "demo") == []


def test_mirrors_are_tried_in_order(home, served, closed_port_url):
    urls = [served.url("absent.bin"), closed_port_url, served.url("blob.bin")]
    path = get_file("blob.bin", urls, subdir="demo", file_hash=SHA256,
                    progress=False)
    assert path.read_bytes() == PAYLOAD
    assert served.requests == ["/absent.bin", "/blob.bin"]


def test_mirror_with_bad_bytes_is_skipped(home, served):
    (served.root / "bad.bin").write_bytes(b"not the payload")
    urls = [served.url("bad.bin"), served.url("blob.bin")]
    path = get_file("blob.bin", urls, subdir="demo", file_hash=SHA256,
                    progress=False)
    assert path.read_bytes() == PAYLOAD


def test_missing_file_error_names_urls_and_folder(home, served, closed_port_url):
    urls = [served.url("absent.bin"), closed_port_url]
    with pytest.raises(DownloadError) as info:
        get_file("blob.bin", urls, subdir="demo", file_hash=SHA256, progress=False)
    message = str(info.value)
    assert "Could not download 'blob.bin'" in message
    assert f"{urls[0]} (HTTP 404" in message
    assert f"{urls[1]} (ConnectionRefusedError" in message
    assert f"place it in the folder {str(home / 'demo')!r}" in message
    assert f"sha256 must be {SHA256}" in message
    assert not isinstance(info.value, ChecksumError)
    assert leftovers(home / "demo") == []


def test_file_url(home, tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(PAYLOAD)
    path = get_file("blob.bin", source.as_uri(), subdir="demo", file_hash=MD5,
                    progress=False)
    assert path.read_bytes() == PAYLOAD


def test_absolute_subdir_and_data_home_argument(tmp_path, served):
    folder = tmp_path / "elsewhere"
    path = get_file("blob.bin", served.url("blob.bin"), subdir=folder,
                    progress=False)
    assert path == folder / "blob.bin"
    path = get_file("blob.bin", served.url("blob.bin"), subdir="d",
                    data_home=tmp_path / "root", progress=False)
    assert path == tmp_path / "root" / "d" / "blob.bin"


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_on_a_terminal(home, served, monkeypatch):
    stream = _Terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    get_file("blob.bin", served.url("blob.bin"), subdir="demo")
    text = stream.getvalue()
    assert text.startswith(
        f"Downloading blob.bin from {served.url('blob.bin')} (256,004 bytes)\n"
    )
    assert text.endswith("\r256,004 / 256,004 bytes (100%)\n")


def test_progress_without_a_terminal_only_announces(home, served, capsys):
    get_file("blob.bin", served.url("blob.bin"), subdir="demo")
    err = capsys.readouterr().err
    url = served.url("blob.bin")
    assert err == f"Downloading blob.bin from {url} (256,004 bytes)\n"


def test_progress_false_is_silent(home, served, capsys):
    get_file("blob.bin", served.url("blob.bin"), subdir="demo", progress=False)
    assert capsys.readouterr() == ("", "")


def test_unwritable_folder_is_reported(tmp_path, served):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    with pytest.raises(DownloadError, match="Cannot create the folder"):
        get_file("blob.bin", served.url("blob.bin"), subdir="demo",
                 data_home=blocker, progress=False)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"fname": "a/b.bin"}, "Received: fname='a/b.bin'"),
        ({"fname": ""}, "Received: fname=''"),
        ({"origin": []}, r"Received: origin=\[\]"),
        ({"origin": "ftp://x/y"}, "Received: 'ftp://x/y'"),
        ({"file_hash": "abc"}, "Received 3 digits: file_hash='abc'"),
        ({"file_hash": "z" * 64}, "hexadecimal digits. Received: file_hash='zzz"),
        ({"file_hash": SHA256, "hash_algorithm": "md5"}, "md5 `file_hash` to have 32"),
        ({"file_hash": MD5, "hash_algorithm": "sha1"}, "hash_algorithm='sha1'"),
    ],
)
def test_bad_arguments(home, kwargs, match):
    arguments = {"fname": "b.bin", "origin": "http://127.0.0.1:1/b.bin",
                 "subdir": "demo", **kwargs}
    fname, origin = arguments.pop("fname"), arguments.pop("origin")
    with pytest.raises(ValueError, match=match):
        get_file(fname, origin, **arguments)
    assert not os.path.exists(home)


def test_bad_subdir(home):
    with pytest.raises(TypeError, match="Received: subdir=None"):
        get_file("b.bin", "http://127.0.0.1:1/b.bin", subdir=None)
