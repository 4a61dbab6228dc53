"""Safe extraction of tar and zip archives into a cache folder."""

import tarfile
import zipfile
from pathlib import Path

# Python >= 3.12 (and the security releases 3.10.12 / 3.11.4) can check
# members itself; older interpreters rely on the checks below alone.
_TAR_FILTER = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}


def extract_archive(archive, folder):
    """Extracts a tar (plain, gz, bz2, xz) or zip archive into a folder.

    Members are checked first: none may be written outside `folder` (absolute
    names, `..`), and tar links and device files are refused. Nothing is
    written when a check fails.

    Args:
        archive: Path of the archive.
        folder: Folder to extract into; created if missing.

    Returns:
        The list of extracted paths, in archive order.

    Raises:
        ValueError: If the file is not a tar or zip archive, or a member is
            unsafe.
    """
    archive, folder = Path(archive), Path(folder)
    if tarfile.is_tarfile(archive):
        return _extract_tar(archive, folder)
    if zipfile.is_zipfile(archive):
        return _extract_zip(archive, folder)
    raise ValueError(
        f"Cannot extract {str(archive)!r}: expected a tar or zip archive "
        "(extract=True), but the file is neither."
    )


def _checked_target(archive, folder, name):
    root = folder.resolve()
    target = (root / name).resolve()
    if Path(name).is_absolute() or not target.is_relative_to(root):
        raise ValueError(
            f"Refusing to extract member {name!r} of {str(archive)!r}: it would "
            f"be written outside {str(folder)!r}."
        )
    return target


def _extract_tar(archive, folder):
    with tarfile.open(archive) as tar:
        members = tar.getmembers()
        for member in members:
            if not (member.isfile() or member.isdir()):
                raise ValueError(
                    f"Refusing to extract member {member.name!r} of "
                    f"{str(archive)!r}: only regular files and folders are "
                    "extracted, not links or devices."
                )
        targets = [_checked_target(archive, folder, m.name) for m in members]
        folder.mkdir(parents=True, exist_ok=True)
        for member in members:
            tar.extract(member, folder, **_TAR_FILTER)
    return targets


def _extract_zip(archive, folder):
    with zipfile.ZipFile(archive) as zipped:
        members = zipped.infolist()
        targets = [_checked_target(archive, folder, m.filename) for m in members]
        folder.mkdir(parents=True, exist_ok=True)
        for member in members:
            zipped.extract(member, folder)
    return targets
