"""Declared parameter constraints, checked when ``fit`` starts.

An estimator lists what each constructor parameter may be in a class
attribute ``_parameter_constraints`` and calls ``self._validate_params()``
first thing in ``fit``. A constraint is one of:

- a type or tuple of types (``int``, ``numbers.Real``, ``str``...) or ``None``;
- ``Interval(type, left, right, closed=...)``: a number in a range;
- ``Options({...})``: one of given values (``StrOptions`` for strings);
- ``"array-like"``, ``"sparse matrix"``, ``"random_state"``, ``"boolean"``,
  ``callable``.

A parameter passes when it satisfies any of its constraints. The error
(``InvalidParameterError``, a ``ValueError`` and ``TypeError``) names the
parameter, the estimator, what was allowed and what was given.

Example:
    >>> from numbers import Real
    >>> from ember.learn.base import BaseEstimator
    >>> class Model(BaseEstimator):
    ...     _parameter_constraints = {"alpha": [Interval(Real, 0, None, closed="left")]}
    ...     def __init__(self, alpha=1.0):
    ...         self.alpha = alpha
    >>> Model(alpha=-1)._validate_params()
    Traceback (most recent call last):
    ...
    ember.learn.utils._param_validation.InvalidParameterError: The 'alpha' parameter of Model must be a float in the range [0, inf). Got -1 instead.
"""

import numbers

import numpy as np


class InvalidParameterError(ValueError, TypeError):
    """A constructor parameter is not one of the allowed values or types."""


class RealNotInt(numbers.Real):
    """Real numbers that are not integers (floats), for ``Interval(RealNotInt, ...)``: a
    fraction such as ``min_samples_leaf=0.1`` beside an integer count."""


RealNotInt.register(float)


class Interval:
    """Numbers of ``kind`` (``numbers.Integral`` or ``numbers.Real``) between ``left`` and ``right``
    (None: unbounded); ``closed`` is ``"left"``, ``"right"``, ``"both"`` or ``"neither"``."""

    def __init__(self, kind, left, right, *, closed):
        if closed not in ("left", "right", "both", "neither"):
            raise ValueError(f"closed must be 'left', 'right', 'both' or 'neither'. Got {closed!r}")
        self.kind, self.left, self.right, self.closed = kind, left, right, closed

    def accepts(self, value):
        if isinstance(value, bool) or not isinstance(value, self.kind):
            return False
        if self.kind is numbers.Real and isinstance(value, float) and np.isnan(value):
            return False
        low_ok = self.left is None or (
            value >= self.left if self.closed in ("left", "both") else value > self.left
        )
        high_ok = self.right is None or (
            value <= self.right if self.closed in ("right", "both") else value < self.right
        )
        return low_ok and high_ok

    def __str__(self):
        kind = "an int" if self.kind is numbers.Integral else "a float"
        left = "-inf" if self.left is None else self.left
        right = "inf" if self.right is None else self.right
        opening = "[" if self.closed in ("left", "both") and self.left is not None else "("
        ending = "]" if self.closed in ("right", "both") and self.right is not None else ")"
        return f"{kind} in the range {opening}{left}, {right}{ending}"


class Options:
    """One of the values in ``options`` (of type ``kind``)."""

    def __init__(self, kind, options):
        self.kind, self.options = kind, set(options)

    def accepts(self, value):
        return isinstance(value, self.kind) and value in self.options

    def __str__(self):
        return "a " + self.kind.__name__ + " among {" + ", ".join(repr(o) for o in sorted(self.options, key=str)) + "}"


class StrOptions(Options):
    """One of the strings in ``options``."""

    def __init__(self, options):
        super().__init__(str, options)


def _accepts(constraint, value):
    if constraint is None:
        return value is None
    if isinstance(constraint, (Interval, Options)):
        return constraint.accepts(value)
    if constraint is callable:
        return callable(value)
    if constraint == "array-like":  # sequences and arrays, not strings
        return not isinstance(value, str) and (
            hasattr(value, "__len__") or hasattr(value, "shape") or hasattr(value, "__array__")
        )
    if constraint == "sparse matrix":
        import scipy.sparse as sp

        return sp.issparse(value)
    if constraint == "random_state":
        return value is None or isinstance(value, (numbers.Integral, np.random.RandomState))
    if constraint == "boolean":
        return isinstance(value, (bool, np.bool_))
    if isinstance(constraint, type) or isinstance(constraint, tuple):
        if constraint in (numbers.Integral, numbers.Real, int, float) and isinstance(value, bool):
            return False
        return isinstance(value, constraint)
    raise ValueError(f"Unknown constraint {constraint!r}")


def _describe(constraint):
    if constraint is None:
        return "None"
    if constraint is callable:
        return "a callable"
    if isinstance(constraint, str):
        return {"array-like": "an array-like", "sparse matrix": "a sparse matrix",
                "random_state": "an int, a numpy.random.RandomState instance or None",
                "boolean": "an instance of 'bool'"}[constraint]
    if isinstance(constraint, type):
        return f"an instance of {constraint.__name__!r}"
    if isinstance(constraint, tuple):
        return " or ".join(_describe(c) for c in constraint)
    return str(constraint)


def validate_parameter_constraints(constraints, params, caller_name):
    """Raise ``InvalidParameterError`` for the first parameter in ``params`` that fails."""
    for name, allowed in constraints.items():
        if allowed == "no_validation" or name not in params:
            continue
        value = params[name]
        if any(_accepts(c, value) for c in allowed):
            continue
        described = [_describe(c) for c in allowed]
        what = described[0] if len(described) == 1 else ", ".join(described[:-1]) + " or " + described[-1]
        raise InvalidParameterError(
            f"The {name!r} parameter of {caller_name} must be {what}. Got {value!r} instead."
        )
