"""Weight penalties: L1, L2, L1L2 and OrthogonalRegularizer.

A regularizer is called on a weight (or a layer's output) and returns a
scalar tensor that the layer adds to its ``losses``. Each is made of
differentiable ember ops, so the penalty's gradient reaches the weight.
"""

import math
import numbers

from ember.autodiff import convert_to_tensor
from ember.keras.utils._numerical import normalize_tensor
from ember.ops import abs as _abs
from ember.ops import eye, matmul, reduce_sum, square, zeros


def validate_float_arg(value, name):
    """Return ``value`` as a float, or raise if it is not a finite number >= 0."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or value < 0
    ):
        raise ValueError(
            f"Invalid value for argument {name}: expected a non-negative float. "
            f"Received: {name}={value!r}"
        )
    return float(value)


class Regularizer:
    """Base class of weight and activity regularizers.

    A regularizer is a callable ``regularizer(x)`` returning a scalar penalty
    that is added to the loss. Subclasses implement ``__call__`` and
    ``get_config``; any function of one tensor returning a scalar works too.

    Example:
        >>> import ember
        >>> class Squares(Regularizer):
        ...     def __init__(self, factor=0.5):
        ...         self.factor = factor
        ...     def __call__(self, x):
        ...         return self.factor * ember.reduce_sum(ember.square(x))
        ...     def get_config(self):
        ...         return {"factor": self.factor}
        >>> float(Squares()(ember.ones((2, 2))))
        2.0
    """

    def __call__(self, x):
        """Return the penalty for ``x``: 0 for the base class."""
        return zeros((), dtype=convert_to_tensor(x).dtype)

    @classmethod
    def from_config(cls, config):
        """Create a regularizer from the output of ``get_config``."""
        return cls(**config)

    def get_config(self):
        """Return the constructor arguments as a JSON-serializable dict."""
        raise NotImplementedError(f"{type(self).__name__} does not implement get_config()")

    def __repr__(self):
        try:
            config = self.get_config()
        except NotImplementedError:
            return f"{type(self).__name__}()"
        arguments = ", ".join(f"{key}={value!r}" for key, value in config.items())
        return f"{type(self).__name__}({arguments})"


class L1L2(Regularizer):
    """Both penalties: ``l1 * sum(abs(x)) + l2 * sum(square(x))``.

    The factors default to 0 here, but the name ``"l1_l2"`` and the function
    ``l1_l2()`` give 0.01 for both, as Keras does.

    Args:
        l1: L1 factor (non-negative).
        l2: L2 factor (non-negative).

    Example:
        >>> float(L1L2(l1=0.25, l2=0.5)([1.0, -2.0]))
        3.25
    """

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = validate_float_arg(0.0 if l1 is None else l1, "l1")
        self.l2 = validate_float_arg(0.0 if l2 is None else l2, "l2")

    def __call__(self, x):
        x = convert_to_tensor(x)
        penalty = None
        if self.l1:
            penalty = self.l1 * reduce_sum(_abs(x))
        if self.l2:
            term = self.l2 * reduce_sum(square(x))
            penalty = term if penalty is None else penalty + term
        return zeros((), dtype=x.dtype) if penalty is None else penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(Regularizer):
    """L1 penalty: ``l1 * sum(abs(x))``.

    Args:
        l1: L1 factor (non-negative); ``"l1"`` as a name gives 0.01.

    Example:
        >>> float(L1(0.5)([1.0, -2.0]))
        1.5
    """

    def __init__(self, l1=0.01):
        self.l1 = validate_float_arg(0.01 if l1 is None else l1, "l1")

    def __call__(self, x):
        return self.l1 * reduce_sum(_abs(convert_to_tensor(x)))

    def get_config(self):
        return {"l1": self.l1}


class L2(Regularizer):
    """L2 penalty: ``l2 * sum(square(x))`` (no factor 1/2, as in Keras).

    Args:
        l2: L2 factor (non-negative); ``"l2"`` as a name gives 0.01.

    Example:
        >>> import ember
        >>> float(L2(2.0)(ember.ones((5, 5))))
        50.0
    """

    def __init__(self, l2=0.01):
        self.l2 = validate_float_arg(0.01 if l2 is None else l2, "l2")

    def __call__(self, x):
        return self.l2 * reduce_sum(square(convert_to_tensor(x)))

    def get_config(self):
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Penalty pushing the rows (or columns) of a matrix to be orthogonal.

    The rows (``mode="rows"``) or columns (``mode="columns"``) are scaled to
    unit L2 norm; the penalty is ``factor`` times the mean, over all pairs of
    distinct rows (columns), of the absolute value of their dot product.

    Args:
        factor: Non-negative factor.
        mode: ``"rows"`` or ``"columns"``.

    Example:
        >>> import numpy as np
        >>> float(OrthogonalRegularizer(factor=1.0)(np.eye(3, dtype="float32")))
        0.0
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = validate_float_arg(factor, "factor")
        if mode not in ("rows", "columns"):
            raise ValueError(
                "Invalid value for argument `mode`. Expected one of "
                f'{{"rows", "columns"}}. Received: mode={mode!r}'
            )
        self.mode = mode

    def __call__(self, inputs):
        x = convert_to_tensor(inputs)
        if x.ndim != 2:
            raise ValueError(
                "Inputs to OrthogonalRegularizer must have rank 2. "
                f"Received: inputs.shape={tuple(x.shape)}"
            )
        if self.mode == "rows":
            x = normalize_tensor(x, axis=1)
            product, size = matmul(x, x, transpose_b=True), x.shape[0]
        else:
            x = normalize_tensor(x, axis=0)
            product, size = matmul(x, x, transpose_a=True), x.shape[1]
        if size < 2:  # no pairs, no penalty
            return zeros((), dtype=x.dtype)
        off_diagonal = product * (1 - eye(size, dtype=x.dtype))
        pairs = size * (size - 1) / 2
        return (self.factor * 0.5 / pairs) * reduce_sum(_abs(off_diagonal))

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


def l1_l2(l1=0.01, l2=0.01):
    """Return ``L1L2(l1, l2)`` with Keras' defaults of 0.01 for both factors.

    Example:
        >>> l1_l2()
        L1L2(l1=0.01, l2=0.01)
    """
    return L1L2(l1=l1, l2=l2)
