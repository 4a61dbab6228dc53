"""The ``Metric`` base class: streaming state in non-trainable variables.

A metric accumulates statistics batch after batch (``update_state``), reports
them (``result``) and starts over (``reset_state``). Its state lives in ember
``Variable`` objects (``trainable=False``) created by ``add_variable``, so it
can be inspected and saved; the built-in metrics update them with NumPy, never
through a gradient tape.
"""

import numbers

import numpy as np

from ember.autodiff._tensor import Tensor, Variable
from ember.backend import floatx, to_numpy
from ember.keras.losses._loss import _snake_case


def to_array(value, dtype=None):
    """A NumPy view of a tensor, variable, array or Python data (no recording)."""
    if isinstance(value, Tensor):
        value = to_numpy(value._value)
    return np.asarray(value, dtype=dtype)


def broadcast_weights(weight, shape, sample_weight, what="values"):
    """``weight`` broadcast to ``shape``, or a ValueError naming both shapes."""
    try:
        return np.broadcast_to(weight, shape)
    except ValueError:
        raise ValueError(
            f"sample_weight cannot be broadcast to the {what}. Received: "
            f"sample_weight.shape={np.shape(sample_weight)}, {what}.shape={tuple(shape)}"
        ) from None


def _initial_value(initializer, shape, dtype):
    if initializer is None or (isinstance(initializer, str) and initializer == "zeros"):
        return np.zeros(shape, dtype=dtype)
    if isinstance(initializer, str) and initializer == "ones":
        return np.ones(shape, dtype=dtype)
    if isinstance(initializer, numbers.Number) and not isinstance(initializer, bool):
        return np.full(shape, initializer, dtype=dtype)
    if isinstance(initializer, (str, dict)):
        from ember.keras import initializers  # resolved lazily: only for other names

        initializer = initializers.get(initializer)
    if callable(initializer):
        return to_array(initializer(shape, dtype=dtype), dtype)
    raise ValueError(
        "Could not interpret the initializer of a metric variable: expected 'zeros', 'ones', "
        f"a number or a callable. Received: initializer={initializer!r}"
    )


class Metric:
    """Base class of streaming metrics.

    Subclasses create their state in ``__init__`` with ``add_variable`` (or
    Keras 2's ``add_weight``), update it in ``update_state`` and compute the
    value in ``result``. Calling the metric updates it and returns the result.

    Args:
        dtype: the dtype of the state and the result (``floatx()`` by default).
        name: the metric's name (the class name in snake case by default).

    Example:
        >>> class BinaryTruePositives(keras.metrics.Metric):
        ...     def __init__(self, name="binary_true_positives", **kwargs):
        ...         super().__init__(name=name, **kwargs)
        ...         self.true_positives = self.add_variable(
        ...             shape=(), initializer="zeros", name="true_positives")
        ...     def update_state(self, y_true, y_pred, sample_weight=None):
        ...         hits = tf.cast(tf.logical_and(tf.cast(y_true, tf.bool),
        ...                                       tf.cast(y_pred, tf.bool)), tf.float32)
        ...         self.true_positives.assign_add(tf.reduce_sum(hits))
        ...     def result(self):
        ...         return self.true_positives
    """

    _direction = None  # "up" or "down": which way is better, for callbacks

    def __init__(self, dtype=None, name=None):
        if name is not None and not isinstance(name, str):
            raise TypeError(f"A metric name must be a string. Received: name={name!r}")
        self._variables = []
        self._metrics = []
        self.name = name or _snake_case(type(self).__name__)
        self._dtype = np.dtype(dtype or floatx()).name

    def __setattr__(self, name, value):
        # Track variables and nested metrics assigned as attributes, as Keras does.
        tracked = self.__dict__.get("_variables")
        if tracked is not None:
            if isinstance(value, Variable) and not any(value is v for v in tracked):
                tracked.append(value)
            elif isinstance(value, Metric) and value is not self:
                self._metrics.append(value)
        super().__setattr__(name, value)

    def _check_super_called(self):
        if "_variables" not in self.__dict__:
            raise RuntimeError(
                f"{type(self).__name__}: you forgot to call super().__init__() in __init__()"
            )

    @property
    def dtype(self):
        """The dtype of the metric's state and result, as a string (``"float32"``)."""
        return self._dtype

    def add_variable(self, shape=(), initializer="zeros", dtype=None, aggregation="sum", name=None):
        """Create a non-trainable state variable of this metric.

        Args:
            shape: the variable's shape (``()`` for a scalar).
            initializer: ``"zeros"``, ``"ones"``, a number, a Keras initializer
                name, or a callable ``(shape, dtype) -> array``.
            dtype: its dtype (the metric's by default).
            aggregation: accepted for Keras compatibility and unused (ember
                runs on one device, so there are no replicas to aggregate).
            name: its name.

        Returns:
            The ``Variable``; ``reset_state`` sets it back to zeros.
        """
        self._check_super_called()
        if shape is None:
            shape = ()
        shape = (int(shape),) if np.ndim(shape) == 0 else tuple(int(d) for d in shape)
        dtype = np.dtype(dtype or self._dtype)
        variable = Variable(
            _initial_value(initializer, shape, dtype),
            trainable=False,
            name=name or "variable",
            dtype=dtype,
        )
        self._variables.append(variable)
        return variable

    def add_weight(
        self,
        name=None,
        shape=(),
        aggregation="sum",
        synchronization=None,
        initializer="zeros",
        dtype=None,
        **kwargs,
    ):
        """Keras 2's name for ``add_variable``: ``add_weight("total", initializer="zeros")``.

        Keras 3's keyword form ``add_weight(shape=(), initializer=..., name=...)``
        works as well.
        """
        if name is not None and not isinstance(name, str):  # Keras 3 positional shape
            shape, name = name, None
        return self.add_variable(
            shape=shape, initializer=initializer, dtype=dtype, aggregation=aggregation, name=name
        )

    @property
    def variables(self):
        """This metric's state variables, then those of the metrics it contains."""
        variables = list(self._variables)
        for metric in self._metrics:
            variables.extend(v for v in metric.variables if not any(v is w for w in variables))
        return variables

    weights = variables

    def reset_state(self):
        """Set every state variable back to zeros."""
        for variable in self.variables:
            variable.assign(np.zeros(variable._value.shape, dtype=variable._value.dtype))

    def reset_states(self):
        """Keras 2's name for ``reset_state``."""
        self.reset_state()

    def update_state(self, *args, **kwargs):
        """Accumulate statistics from a batch; subclasses implement it."""
        raise NotImplementedError(f"{type(self).__name__} must implement update_state()")

    def result(self):
        """The current value of the metric (a scalar tensor); subclasses implement it."""
        raise NotImplementedError(f"{type(self).__name__} must implement result()")

    def __call__(self, *args, **kwargs):
        """Update the state with a batch and return the result."""
        self._check_super_called()
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"

    __str__ = __repr__


def add_to(variable, delta):
    """``variable += delta`` for NumPy data (cast to the variable's dtype, no recording)."""
    variable.assign_add(np.asarray(delta, dtype=variable._value.dtype))


def scalar(value, dtype):
    """A rank-0 tensor of ``dtype``."""
    return Tensor(np.asarray(value, dtype=dtype))
