"""Seeded random generators for every random op.

A global seed (``set_seed``) makes every random op repeat from run to run, as
TensorFlow's ``tf.random.set_seed`` does. An op given its own ``seed`` draws from
a generator keyed by (global seed, op seed), so repeated calls with the same op
seed continue one sequence instead of repeating one value.
"""

import numpy as np

_global_seed = None
_global_generator = np.random.default_rng()
_op_generators = {}


def set_seed(seed):
    """Reset every random sequence from ``seed`` (an int, or None for entropy)."""
    global _global_seed, _global_generator
    if seed is not None:
        seed = int(seed)
        if seed < 0:
            raise ValueError(f"seed must be a non-negative integer. Received: seed={seed}")
    _global_seed = seed
    _global_generator = np.random.default_rng(seed)
    _op_generators.clear()


def get_seed():
    """Return the global seed last given to ``set_seed`` (None if never set)."""
    return _global_seed


def op_generator(seed=None):
    """Return the ``numpy.random.Generator`` an op with op-level ``seed`` uses."""
    if seed is None:
        return _global_generator
    key = int(seed)
    generator = _op_generators.get(key)
    if generator is None:
        entropy = [key] if _global_seed is None else [_global_seed, key]
        generator = _op_generators[key] = np.random.default_rng(entropy)
    return generator
