"""Weight constraints: projections the optimizer applies after each update.

``MaxNorm`` is the max-norm regularisation of Hands-On ML chapter 11: after
every training step, each unit's incoming weight vector is scaled back to a
norm of at most ``max_value``.
"""

from ember.autodiff import convert_to_tensor
from ember.keras.backend import epsilon
from ember.ops import clip_by_value, maximum, reduce_sum, sqrt, square


def _norms(w, axis):
    return sqrt(reduce_sum(square(w), axis=axis, keepdims=True))


class Constraint:
    """Base class of weight constraints: ``constraint(w)`` returns the projected ``w``.

    Subclasses override ``__call__`` (the base returns ``w`` unchanged) and
    ``get_config`` when they take arguments.

    Example:
        >>> import ember
        >>> class Clip(Constraint):
        ...     def __call__(self, w):
        ...         return ember.clip_by_value(w, -1.0, 1.0)
        >>> Clip()(ember.constant([-3.0, 0.5])).numpy()
        array([-1. ,  0.5], dtype=float32)
    """

    def __call__(self, w):
        """Return ``w`` projected onto the constraint set (here: unchanged)."""
        return w

    def get_config(self):
        """Return the constructor arguments as a JSON-serializable dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """Create a constraint from the output of ``get_config``."""
        return cls(**config)

    def __repr__(self):
        arguments = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({arguments})"


class MaxNorm(Constraint):
    """Scale each weight vector down to a norm of at most ``max_value``.

    The norms are taken along ``axis``: ``0`` for a ``Dense`` kernel of shape
    ``(input_dim, units)`` (one vector per unit), ``[0, 1, 2]`` for a
    ``Conv2D`` kernel ``(rows, cols, in_channels, filters)``. The result is
    ``w * clip(norm, 0, max_value) / (epsilon + norm)``.

    Args:
        max_value: The largest norm allowed.
        axis: Integer or list of integers along which norms are computed.

    Example:
        >>> import numpy as np
        >>> w = MaxNorm(max_value=1.0)(np.array([[3.0], [4.0]], dtype="float32"))
        >>> w.numpy().round(4)
        array([[0.6],
               [0.8]], dtype=float32)
    """

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = convert_to_tensor(w)
        norms = _norms(w, self.axis)
        desired = clip_by_value(norms, 0, self.max_value)
        return w * (desired / (epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Replace negative weights by 0.

    Example:
        >>> NonNeg()([-1.0, 2.0]).numpy()
        array([0., 2.], dtype=float32)
    """

    def __call__(self, w):
        return maximum(w, 0)


class UnitNorm(Constraint):
    """Scale each weight vector (along ``axis``) to unit norm: ``w / (epsilon + norm)``.

    Args:
        axis: Integer or list of integers along which norms are computed.

    Example:
        >>> UnitNorm()([[3.0], [4.0]]).numpy().round(4)
        array([[0.6],
               [0.8]], dtype=float32)
    """

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = convert_to_tensor(w)
        return w / (epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Keep the norm of each weight vector within ``[min_value, max_value]``.

    Each vector is rescaled to the norm
    ``rate * clip(norm, min_value, max_value) + (1 - rate) * norm``:
    ``rate=1`` enforces the bounds at once, a smaller rate moves towards them.

    Args:
        min_value: The smallest norm allowed.
        max_value: The largest norm allowed.
        rate: How far to move towards the bounds at each application.
        axis: Integer or list of integers along which norms are computed.

    Example:
        >>> MinMaxNorm(min_value=1.0, max_value=2.0)([[0.3], [0.4]]).numpy().round(4)
        array([[0.6],
               [0.8]], dtype=float32)
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        w = convert_to_tensor(w)
        norms = _norms(w, self.axis)
        clipped = clip_by_value(norms, self.min_value, self.max_value)
        desired = self.rate * clipped + (1 - self.rate) * norms
        return w * (desired / (epsilon() + norms))

    def get_config(self):
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }
