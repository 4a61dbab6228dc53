"""Turning ``fit``/``evaluate``/``predict`` arguments into batches.

Inputs and targets may be NumPy arrays, tensors, lists/tuples or dicts of them.
Batches are taken by indexing every array with the same indices, so a
shuffled epoch is one permutation, not a copy of the data.
"""

import numpy as np

from ember.autodiff._nest import flatten, pack_like
from ember.autodiff._tensor import Tensor


def as_arrays(structure):
    """Replace every tensor or array-like leaf of ``structure`` by a NumPy array."""
    if structure is None:
        return None
    if isinstance(structure, (list, tuple)) and structure and all(
        isinstance(v, (int, float, np.number)) for v in structure
    ):
        return np.asarray(structure)
    leaves = [None if leaf is None else np.asarray(leaf) for leaf in flatten(structure)]
    return pack_like(structure, leaves)


def num_samples(*structures):
    """The common first-axis length of every array in the structures (error if they differ)."""
    sizes = {}
    for label, structure in zip(("x", "y", "sample_weight"), structures):
        for leaf in flatten(structure) if structure is not None else []:
            if leaf is not None:
                sizes.setdefault(leaf.shape[0] if leaf.ndim else 1, []).append(label)
    if not sizes:
        raise ValueError("No data given: x is None")
    if len(sizes) > 1:
        detail = ", ".join(f"{labels[0]} has {n} samples" for n, labels in sizes.items())
        raise ValueError(f"Data cardinality is ambiguous: make sure all arrays contain the same number of samples ({detail})")
    return next(iter(sizes))


def take(structure, index):
    """Rows ``index`` (a slice or integer array) of every array in ``structure``."""
    if structure is None:
        return None
    if isinstance(structure, np.ndarray):
        return structure[index]
    return pack_like(structure, [None if leaf is None else leaf[index] for leaf in flatten(structure)])


def split_validation(x, y, sample_weight, fraction):
    """Hold out the last ``fraction`` of the samples, as Keras does (before shuffling)."""
    if not 0 < fraction < 1:
        raise ValueError(
            f"validation_split must be between 0 and 1. Received: validation_split={fraction}"
        )
    n = num_samples(x, y, sample_weight)
    cut = int(n * (1 - fraction))
    if cut == 0 or cut == n:
        raise ValueError(
            f"validation_split={fraction} leaves no training or no validation samples out of {n}"
        )
    head, tail = slice(0, cut), slice(cut, n)
    return (take(x, head), take(y, head), take(sample_weight, head)), (
        take(x, tail), take(y, tail), take(sample_weight, tail)
    )


def unpack_validation(data):
    """``(x, y)`` or ``(x, y, sample_weight)`` from ``validation_data``."""
    if not isinstance(data, (list, tuple)) or len(data) not in (2, 3):
        raise ValueError(
            "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, val_sample_weight). "
            f"Received: {type(data).__name__} of length {len(data) if hasattr(data, '__len__') else '?'}"
        )
    x, y = data[0], data[1]
    return as_arrays(x), as_arrays(y), as_arrays(data[2]) if len(data) == 3 else None


def class_sample_weights(y, class_weight):
    """Per-sample weights from a ``{class: weight}`` dict (labels or one-hot targets)."""
    leaves = [leaf for leaf in flatten(y) if leaf is not None]
    if len(leaves) != 1:
        raise ValueError("class_weight is only supported for models with a single output")
    labels = leaves[0]
    if labels.ndim == 2 and labels.shape[1] > 1:
        labels = labels.argmax(axis=1)
    labels = labels.reshape(-1).astype(np.int64)
    table = np.ones(max(int(labels.max()) + 1, max(class_weight) + 1))
    for cls, weight in class_weight.items():
        table[int(cls)] = weight
    return table[labels]


class Batches:
    """Iterates over mini-batches of ``(x, y, sample_weight)``."""

    def __init__(self, x, y=None, sample_weight=None, batch_size=32, shuffle=False,
                 steps=None, generator=None):
        self.x, self.y, self.sample_weight = x, y, sample_weight
        self.n = num_samples(x, y, sample_weight)
        self.batch_size = int(batch_size)
        if self.batch_size <= 0:
            raise ValueError(f"batch_size must be a positive integer. Received: batch_size={batch_size}")
        self.shuffle = shuffle
        self.generator = generator
        full = -(-self.n // self.batch_size)
        self.steps = full if steps is None else int(steps)
        self._order = None
        self._position = self.n  # start a new pass on the first batch

    def __len__(self):
        return self.steps

    def epoch(self):
        """Yield ``steps`` batches, continuing where the previous epoch stopped."""
        for _ in range(self.steps):
            if self._position >= self.n:
                self._order = (self.generator.permutation(self.n) if self.shuffle and self.generator is not None
                               else None)
                self._position = 0
            start, stop = self._position, min(self._position + self.batch_size, self.n)
            self._position = stop
            index = slice(start, stop) if self._order is None else self._order[start:stop]
            yield take(self.x, index), take(self.y, index), take(self.sample_weight, index)


def to_tensors(structure):
    """NumPy leaves → Tensors (tensors pass through)."""
    if structure is None:
        return None
    if isinstance(structure, np.ndarray):
        return Tensor(structure)
    return pack_like(structure, [None if leaf is None else (leaf if isinstance(leaf, Tensor) else Tensor(leaf))
                                 for leaf in flatten(structure)])
