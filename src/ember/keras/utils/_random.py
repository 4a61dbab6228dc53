"""``set_random_seed``: one call that makes a whole Keras run repeat."""

import numbers
import random

import numpy as np

from ember.backend import set_seed


def set_random_seed(seed):
    """Seed every random generator a Keras program uses.

    Seeds Python's ``random``, NumPy's global generator (``np.random.seed``)
    and ember's (``ember.random.set_seed``), which unseeded initializers,
    dropout, shuffling in ``fit`` and ``ember.random`` draw from; a CPU
    training run then repeats bit for bit.

    Args:
        seed: Integer in ``[0, 2**32)``.

    Raises:
        ValueError: If ``seed`` is not such an integer.

    Example:
        >>> import ember
        >>> set_random_seed(42)
        >>> a = ember.random.uniform((2,)).numpy()
        >>> set_random_seed(42)
        >>> bool((ember.random.uniform((2,)).numpy() == a).all())
        True
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(
            "Expected `seed` argument to be an integer. "
            f"Received: seed={seed!r} (of type {type(seed)})"
        )
    if not 0 <= seed < 2**32:
        raise ValueError(
            f"Expected `seed` argument to be an integer in [0, 2**32). Received: seed={seed}"
        )
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed)
    set_seed(seed)
