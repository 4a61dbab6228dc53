"""File checksums: sha256 and md5, chosen from the length of the hash."""

import hashlib

_HEX_LENGTH = {"sha256": 64, "md5": 32}
_HEX_DIGITS = frozenset("0123456789abcdef")
_CHUNK = 1 << 20


def resolve_hash_algorithm(file_hash, hash_algorithm="auto"):
    """Checks an expected hash and returns the name of its algorithm.

    Args:
        file_hash: The expected hash, as hexadecimal digits.
        hash_algorithm: `"sha256"`, `"md5"`, or `"auto"`: sha256 when
            `file_hash` has 64 hex digits and md5 when it has 32.

    Returns:
        `"sha256"` or `"md5"`.

    Raises:
        ValueError: If the algorithm is unknown, or `file_hash` is not a hex
            string of the algorithm's length.
    """
    if hash_algorithm not in ("auto", *_HEX_LENGTH):
        raise ValueError(
            "Expected `hash_algorithm` to be one of 'auto', 'sha256', 'md5'. "
            f"Received: hash_algorithm={hash_algorithm!r}"
        )
    digits = file_hash.lower() if isinstance(file_hash, str) else None
    if digits is None or not digits or not set(digits) <= _HEX_DIGITS:
        raise ValueError(
            "Expected `file_hash` to be a string of hexadecimal digits. "
            f"Received: file_hash={file_hash!r}"
        )
    if hash_algorithm == "auto":
        by_length = {length: name for name, length in _HEX_LENGTH.items()}
        if len(digits) not in by_length:
            raise ValueError(
                "Expected `file_hash` to have 64 hex digits (sha256) or 32 "
                f"(md5). Received {len(digits)} digits: file_hash={file_hash!r}"
            )
        return by_length[len(digits)]
    if len(digits) != _HEX_LENGTH[hash_algorithm]:
        raise ValueError(
            f"Expected a {hash_algorithm} `file_hash` to have "
            f"{_HEX_LENGTH[hash_algorithm]} hex digits. Received {len(digits)} "
            f"digits: file_hash={file_hash!r}"
        )
    return hash_algorithm


def hash_file(path, algorithm="sha256"):
    """Returns the hex digest of a file's bytes.

    Args:
        path: The file to read.
        algorithm: `"sha256"` or `"md5"`.

    Returns:
        The lowercase hexadecimal digest.
    """
    if algorithm not in _HEX_LENGTH:
        raise ValueError(
            "Expected `algorithm` to be 'sha256' or 'md5'. "
            f"Received: algorithm={algorithm!r}"
        )
    hasher = hashlib.new(algorithm)
    with open(path, "rb") as stream:
        while chunk := stream.read(_CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest()
