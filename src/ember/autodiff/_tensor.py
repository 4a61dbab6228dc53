"""``Tensor`` (an immutable value), ``Variable`` (mutable, trainable) and conversion.

A ``Tensor`` only holds a backend array in ``_value``. It knows nothing of
gradients: the tapes in ``_tape.py`` remember which op produced which tensor.
Arithmetic operators are attached by ``ember.ops._overloads`` once the ops exist.
"""

import numpy as np

from ember.backend import as_dtype, to_numpy, xp


class TensorShape(tuple):
    """The static shape of a tensor: a tuple of ints with TensorFlow's helpers."""

    __slots__ = ()

    @property
    def rank(self):
        return len(self)

    @property
    def ndims(self):
        return len(self)

    def as_list(self):
        return list(self)

    def num_elements(self):
        return int(np.prod(self, dtype=np.int64))

    def __repr__(self):
        return f"TensorShape({list(self)})"

    def __str__(self):
        return "(" + ", ".join(str(d) for d in self) + ("," if len(self) == 1 else "") + ")"


class Tensor:
    """An immutable n-dimensional array that operations can differentiate through.

    Create tensors with ``ember.constant`` or ``ember.convert_to_tensor``; every
    op returns a new ``Tensor``.

    Example:
        >>> import ember as tf
        >>> t = tf.constant([[1.0, 2.0], [3.0, 4.0]])
        >>> t.shape, t.dtype
        (TensorShape([2, 2]), dtype('float32'))
    """

    __slots__ = ("_value", "__weakref__")
    # NumPy defers to our reflected operators (``ndarray + Tensor``).
    __array_priority__ = 100

    def __init__(self, value):
        self._value = value

    @property
    def shape(self):
        return TensorShape(self._value.shape)

    def get_shape(self):
        return self.shape

    @property
    def dtype(self):
        return self._value.dtype

    @property
    def ndim(self):
        return self._value.ndim

    @property
    def name(self):
        return None

    def numpy(self):
        """Return the value as a NumPy array (a NumPy scalar for rank 0)."""
        value = to_numpy(self._value)
        return value.copy() if isinstance(value, np.ndarray) else value

    def __array__(self, dtype=None, copy=None):
        value = np.asarray(to_numpy(self._value))
        return value if dtype is None else value.astype(dtype, copy=False)

    def __len__(self):
        if self._value.ndim == 0:
            raise TypeError("len() of a rank-0 tensor (a scalar) is undefined")
        return self._value.shape[0]

    def __iter__(self):
        if self._value.ndim == 0:
            raise TypeError("Cannot iterate over a rank-0 tensor (a scalar)")
        from ember.ops import unstack

        return iter(unstack(self))

    def __bool__(self):
        return bool(self._value)

    def __float__(self):
        return float(self._value)

    def __int__(self):
        return int(self._value)

    def __index__(self):
        return int(self._value)

    # Tensors compare elementwise (``==`` is ``ember.equal``), so like
    # TensorFlow 2 they cannot be hashed; ``ref()`` gives a hashable handle.
    __hash__ = None

    def ref(self):
        """Return a hashable reference to this tensor (``.deref()`` gives it back)."""
        return _TensorRef(self)

    def __repr__(self):
        return (
            f"<ember.Tensor: shape={self.shape}, dtype={self.dtype.name}, "
            f"numpy={_numpy_repr(self._value)}>"
        )

    def __str__(self):
        return f"ember.Tensor({to_numpy(self._value)}, shape={self.shape}, dtype={self.dtype.name})"


class _TensorRef:
    __slots__ = ("_tensor",)

    def __init__(self, tensor):
        self._tensor = tensor

    def deref(self):
        return self._tensor

    def __hash__(self):
        return id(self._tensor)

    def __eq__(self, other):
        return isinstance(other, _TensorRef) and other._tensor is self._tensor


def _numpy_repr(value):
    value = np.asarray(to_numpy(value))
    return repr(value) if value.ndim else str(value)


_variable_count = 0


class Variable(Tensor):
    """A mutable tensor that tapes watch automatically when ``trainable``.

    Args:
        initial_value: a tensor, array-like, or a callable returning one.
        trainable: whether ``GradientTape`` watches it automatically.
        name: a name (``"Variable"`` by default).
        dtype: the dtype to convert ``initial_value`` to.
        constraint: a function applied to the value after optimizer updates.

    Example:
        >>> v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
        >>> v.assign(2 * v)
        >>> v[0, 1].assign(42.0)
    """

    __slots__ = ("_name", "_trainable", "constraint")

    def __init__(
        self,
        initial_value=None,
        trainable=True,
        name=None,
        dtype=None,
        constraint=None,
        shape=None,
        **kwargs,
    ):
        global _variable_count
        if initial_value is None:
            raise ValueError("Variable needs an initial_value. Received: initial_value=None")
        if callable(initial_value):
            initial_value = initial_value()
        value = convert_to_tensor(initial_value, dtype=dtype)._value
        # The variable owns its array: nobody else may alias it.
        super().__init__(xp.array(value, copy=True))
        if shape is not None and tuple(shape) != value.shape and None not in tuple(shape):
            raise ValueError(
                f"Variable initial_value has shape {value.shape} but shape={tuple(shape)} was given"
            )
        _variable_count += 1
        self._name = (name or "Variable") + ":0"
        self._trainable = bool(trainable)
        self.constraint = constraint

    @property
    def name(self):
        return self._name

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)

    def value(self):
        """Return the current value as a new (immutable) ``Tensor``."""
        return Tensor(self._value)

    read_value = value

    def _coerce(self, value, method):
        new = convert_to_tensor(value, dtype=self._value.dtype)._value
        if new.shape != self._value.shape:
            if new.ndim == 0:  # a scalar fills the variable
                return xp.broadcast_to(new, self._value.shape)
            raise ValueError(
                f"Variable.{method}: cannot assign a value of shape {tuple(new.shape)} "
                f"to variable {self._name!r} of shape {tuple(self._value.shape)}"
            )
        return new

    # Assignments replace the array rather than writing into it, so a tensor
    # read earlier (and any gradient closure holding it) keeps its value.
    def assign(self, value, use_locking=None, name=None, read_value=True):
        self._value = xp.array(self._coerce(value, "assign"), copy=True)
        return self

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        self._value = xp.asarray(self._value + self._coerce(delta, "assign_add"))
        return self

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        self._value = xp.asarray(self._value - self._coerce(delta, "assign_sub"))
        return self

    def scatter_nd_update(self, indices, updates, name=None):
        """Set the elements at ``indices`` (shape ``(n, k)``) to ``updates``."""
        index = np.asarray(to_numpy(_raw(indices)))
        new = xp.array(self._value, copy=True)
        new[tuple(np.moveaxis(index, -1, 0))] = convert_to_tensor(
            updates, dtype=self._value.dtype
        )._value
        self._value = new
        return self

    def __str__(self):
        return f"ember.Variable({to_numpy(self._value)}, name={self._name!r}, shape={self.shape})"

    def __repr__(self):
        return (
            f"<ember.Variable {self._name!r} shape={self.shape} dtype={self.dtype.name}, "
            f"numpy={_numpy_repr(self._value)}>"
        )


class SliceOfVariable(Tensor):
    """The tensor ``variable[key]``, which can also be assigned in place.

    Returned by ``Variable.__getitem__`` (TensorFlow's ``v[0, 1].assign(42)``).
    """

    __slots__ = ("_variable", "_key")

    def assign(self, value, use_locking=None, name=None, read_value=True):
        variable = self._variable
        new = xp.array(variable._value, copy=True)
        new[self._key] = convert_to_tensor(value, dtype=new.dtype)._value
        variable._value = new
        return variable


def _raw(value):
    return value._value if isinstance(value, Tensor) else value


def _default_dtype(array):
    """TensorFlow's dtypes for Python data: float32, int32, bool, str."""
    kind = array.dtype.kind
    if kind == "f":
        return np.float32
    if kind in "iu":
        return np.int32 if array.dtype.itemsize == 8 and kind == "i" else array.dtype
    if kind == "c":
        return np.complex64
    return array.dtype


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None):
    """Return ``value`` (tensor, NumPy array, list or scalar) as a ``Tensor``.

    NumPy arrays keep their dtype; Python floats become float32 and ints int32,
    as in TensorFlow. ``dtype`` forces a type; ``dtype_hint`` is used only for
    Python data.
    """
    if isinstance(value, Tensor):
        if dtype is None or value._value.dtype == as_dtype(dtype):
            return value
        raise TypeError(
            f"Tensor has dtype {value._value.dtype.name} but dtype={as_dtype(dtype).name} "
            "was requested; use ember.cast to change a tensor's dtype"
        )
    dtype = as_dtype(dtype)
    if isinstance(value, (np.ndarray, np.generic)) or type(value).__module__ == "cupy":
        array = xp.asarray(value)
        if dtype is not None and array.dtype != dtype:
            _check_lossless(array, dtype, value)
            array = array.astype(dtype)
        return Tensor(array)
    if isinstance(value, (list, tuple)) and any(isinstance(v, Tensor) for v in _flat(value)):
        value = _unwrap_nested(value)
    try:
        array = np.asarray(value)
    except ValueError as error:
        raise ValueError(f"Cannot convert {value!r} to a tensor: {error}") from None
    if array.dtype == object:
        raise TypeError(f"Cannot convert {value!r} (a {type(value).__name__}) to a tensor")
    target = dtype or as_dtype(dtype_hint) or _default_dtype(array)
    if array.dtype != target:
        _check_lossless(array, np.dtype(target), value)
    return Tensor(xp.asarray(array, dtype=target))


def _check_lossless(array, dtype, original):
    if array.dtype.kind in "fc" and dtype.kind in "iub":
        if not np.all(np.asarray(to_numpy(array)) == np.trunc(np.asarray(to_numpy(array)))):
            raise TypeError(
                f"Cannot convert {original!r} to a tensor of dtype {dtype.name}: "
                "the values are not integers"
            )


def _flat(value):
    for item in value:
        if isinstance(item, (list, tuple)):
            yield from _flat(item)
        else:
            yield item


def _unwrap_nested(value):
    if isinstance(value, (list, tuple)):
        return [_unwrap_nested(v) for v in value]
    return to_numpy(value._value) if isinstance(value, Tensor) else value


def constant(value, dtype=None, shape=None, name=None):
    """Create a constant ``Tensor`` from ``value``, optionally cast and reshaped.

    Args:
        value: a scalar, list, NumPy array or tensor.
        dtype: the element type (inferred as in TensorFlow when None).
        shape: if given, a scalar ``value`` is broadcast to it, a value with the
            same number of elements is reshaped to it.

    Example:
        >>> tf.constant([[1., 2., 3.], [4., 5., 6.]])
    """
    if isinstance(value, Tensor):
        tensor = value if dtype is None else Tensor(value._value.astype(as_dtype(dtype)))
    else:
        tensor = convert_to_tensor(value, dtype=dtype)
    if isinstance(tensor, Variable):
        tensor = Tensor(xp.array(tensor._value, copy=True))
    if shape is not None:
        shape = tuple(int(d) for d in shape)
        array = tensor._value
        if array.size == 1:
            return Tensor(xp.full(shape, array.reshape(()), dtype=array.dtype))
        if array.size != int(np.prod(shape)):
            raise ValueError(
                f"constant: cannot reshape a value of shape {array.shape} "
                f"({array.size} elements) to shape={shape}"
            )
        return Tensor(array.reshape(shape))
    return tensor


def is_tensor(value):
    """Return True if ``value`` is an ember ``Tensor`` or ``Variable``."""
    return isinstance(value, Tensor)
