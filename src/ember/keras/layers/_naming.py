"""Unique default names for layers and models: ``dense``, ``dense_1``, ..."""

import re
from collections import defaultdict

_COUNTS = defaultdict(int)


def to_snake_case(name):
    """``BatchNormalization`` → ``batch_normalization``; ``PReLU`` → ``p_re_lu``."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def unique_name(base):
    """Return ``base`` the first time, then ``base_1``, ``base_2``..."""
    count = _COUNTS[base]
    _COUNTS[base] += 1
    return base if count == 0 else f"{base}_{count}"


def reset_names():
    """Start every counter afresh (``keras.backend.clear_session``)."""
    _COUNTS.clear()
