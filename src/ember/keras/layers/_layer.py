"""``Layer``: the base of every layer and model.

The contract is Keras': ``__init__`` stores the configuration, ``build(input_shape)``
creates the weights with ``add_weight`` on first use, ``call(inputs, training=None)``
computes, ``compute_output_shape`` infers shapes, ``get_config`` round-trips.
``__call__`` wraps ``call``: it converts inputs, builds, passes ``training`` down
to nested layers, clears per-call losses, and on symbolic inputs records a graph
node instead of computing.
"""

import functools
import inspect

import numpy as np

from ember.autodiff._nest import flatten, pack_like
from ember.autodiff._tensor import Tensor, Variable
from ember.backend import as_dtype, floatx, xp

from ._naming import to_snake_case, unique_name
from ._symbolic import KerasTensor, Node, is_symbolic

# The ``training`` flag of the outermost call in progress, seen by nested layers
# whose caller did not pass it on (subclassed models rarely do).
_TRAINING = [None]

_BASE_ARGUMENTS = {
    "trainable", "name", "dtype", "input_shape", "input_dim", "batch_input_shape",
    "batch_size", "activity_regularizer", "autocast", "dynamic", "input_length",
}


class InputSpec:
    """What a layer accepts: rank (``ndim``/``min_ndim``/``max_ndim``) and fixed ``axes`` sizes."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None,
                 axes=None, allow_last_axis_squeeze=False, name=None, optional=False):
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = dict(axes or {})
        self._accepted = None  # the last shape that passed (batches repeat it)

    def check(self, layer, shape):
        if shape == self._accepted:
            return
        rank = len(shape)
        problem = None
        if self.ndim is not None and rank != self.ndim:
            problem = f"expected ndim={self.ndim}, found ndim={rank}"
        elif self.min_ndim is not None and rank < self.min_ndim:
            problem = f"expected min_ndim={self.min_ndim}, found ndim={rank}"
        elif self.max_ndim is not None and rank > self.max_ndim:
            problem = f"expected max_ndim={self.max_ndim}, found ndim={rank}"
        else:
            for axis, size in self.axes.items():
                if size is not None and -rank <= axis < rank and shape[axis] not in (size, None):
                    problem = (
                        f"expected axis {axis} of input shape to have value {size}, "
                        f"but received input with shape {tuple(shape)}"
                    )
                    break
        if problem:
            raise ValueError(
                f'Input 0 of layer "{layer.name}" is incompatible with the layer: {problem}. '
                f"Full shape received: {tuple(shape)}"
            )
        self._accepted = shape


class Layer:
    """Base class of all layers; subclass it with ``build`` and ``call``.

    Args:
        trainable: whether the layer's weights are updated by training.
        name: a unique name (derived from the class name by default).
        dtype: the dtype of weights and computations (``floatx()`` by default).
        input_shape: shape of one sample, for the first layer of a Sequential.

    Example:
        >>> class MyDense(keras.layers.Layer):
        ...     def __init__(self, units, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.units = units
        ...     def build(self, input_shape):
        ...         self.kernel = self.add_weight(
        ...             name="kernel", shape=[input_shape[-1], self.units],
        ...             initializer="glorot_normal")
        ...     def call(self, inputs):
        ...         return inputs @ self.kernel
    """

    _keeps_integers = False  # integer input arrays are cast to the layer's dtype

    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls)
        # Tracking must work before the subclass's __init__ sets attributes.
        object.__setattr__(self, "_tracked_layers", [])
        object.__setattr__(self, "_trainable_variables", [])
        object.__setattr__(self, "_non_trainable_variables", [])
        object.__setattr__(self, "_regularized", [])
        object.__setattr__(self, "_losses", [])
        object.__setattr__(self, "_inbound_nodes", [])
        object.__setattr__(self, "_trainable", True)
        return self

    def __init__(self, *, trainable=True, name=None, dtype=None, input_shape=None,
                 input_dim=None, batch_input_shape=None, batch_size=None,
                 activity_regularizer=None, **kwargs):
        unknown = sorted(set(kwargs) - _BASE_ARGUMENTS)
        if unknown:
            raise TypeError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: {unknown}"
            )
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self._dtype = as_dtype(dtype) if dtype is not None else np.dtype(floatx())
        self._trainable = bool(trainable)
        self.built = False
        self.input_spec = None
        self.supports_masking = False
        if activity_regularizer is not None:
            from ember.keras import regularizers

            activity_regularizer = regularizers.get(activity_regularizer)
        self.activity_regularizer = activity_regularizer
        if batch_input_shape is not None:
            self._batch_input_shape = tuple(batch_input_shape)
        elif input_shape is not None:
            self._batch_input_shape = (batch_size,) + tuple(input_shape)
        elif input_dim is not None:
            self._batch_input_shape = (batch_size, int(input_dim))
        else:
            self._batch_input_shape = None
        self._call_takes_training = _accepts(type(self).call, "training")

    # -- attribute tracking ---------------------------------------------------
    def __setattr__(self, name, value):
        if isinstance(value, Layer):
            self._track_layer(value)
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, Layer) for v in value):
            for layer in value:
                self._track_layer(layer)
        elif isinstance(value, Variable) and not self._owns(value):
            bucket = self._trainable_variables if value.trainable else self._non_trainable_variables
            bucket.append(value)
        object.__setattr__(self, name, value)

    def _track_layer(self, layer):
        if layer is not self and not any(layer is known for known in self._tracked_layers):
            self._tracked_layers.append(layer)

    def _owns(self, variable):
        return any(v is variable for v in self._trainable_variables + self._non_trainable_variables)

    # -- weights --------------------------------------------------------------
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True,
                   autocast=True, regularizer=None, constraint=None, aggregation=None,
                   synchronization=None, name=None, **kwargs):
        """Create a weight variable of ``shape`` tracked by this layer.

        Args:
            shape: the variable's shape (``()`` when None).
            initializer: an initializer, its name or config (``"glorot_uniform"``
                for floats and ``"zeros"`` otherwise by default).
            regularizer: adds ``regularizer(weight)`` to ``layer.losses``.
            constraint: applied by the optimizer after each update.
            trainable: whether training updates it.
            name: the variable's name within the layer.
        """
        from ember.keras import constraints, initializers, regularizers

        dtype = as_dtype(dtype) if dtype is not None else self._dtype
        if initializer is None:
            initializer = "glorot_uniform" if dtype.kind == "f" else "zeros"
        initializer = initializers.get(initializer)
        shape = () if shape is None else tuple(int(d) for d in shape)
        value = initializer(shape, dtype=dtype)
        variable = Variable(
            value, trainable=trainable, dtype=dtype,
            name=f"{self.name}/{name or 'variable'}",
            constraint=constraints.get(constraint),
        )
        bucket = self._trainable_variables if trainable else self._non_trainable_variables
        bucket.append(variable)
        if regularizer is not None:
            self._regularized.append((variable, regularizers.get(regularizer)))
        return variable

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        value = bool(value)
        self._trainable = value
        for variable in self._trainable_variables:
            variable.trainable = value
        for layer in self._tracked_layers:
            layer.trainable = value

    @property
    def layers(self):
        return list(self._tracked_layers)

    def _flat_layers(self):
        """This layer's sublayers, recursively, each once."""
        seen, result = set(), []
        stack = list(self._tracked_layers)[::-1]
        while stack:
            layer = stack.pop()
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            result.append(layer)
            stack.extend(layer._tracked_layers[::-1])
        return result

    @property
    def trainable_weights(self):
        if not self._trainable:
            return []
        found = [v for v in self._trainable_variables if v.trainable]
        for layer in self._tracked_layers:
            found.extend(layer.trainable_weights)
        return _unique(found)

    @property
    def non_trainable_weights(self):
        if not self._trainable:
            return self.weights
        found = [v for v in self._trainable_variables if not v.trainable]
        found += self._non_trainable_variables
        for layer in self._tracked_layers:
            found.extend(layer.non_trainable_weights)
        return _unique(found)

    @property
    def weights(self):
        found = self._trainable_variables + self._non_trainable_variables
        for layer in self._tracked_layers:
            found = found + layer.weights
        return _unique(found)

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    def get_weights(self):
        """The weights' values as a list of NumPy arrays."""
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights):
        """Set the weights from NumPy arrays, in the order of ``weights``."""
        variables = self.weights
        if len(weights) != len(variables):
            raise ValueError(
                f'Layer "{self.name}" expects {len(variables)} weights, '
                f"but received {len(weights)}"
            )
        for variable, value in zip(variables, weights):
            value = np.asarray(value)
            if value.shape != tuple(variable.shape):
                raise ValueError(
                    f'Layer "{self.name}" weight {variable.name} has shape '
                    f"{tuple(variable.shape)}, but received a value of shape {value.shape}"
                )
            variable.assign(value)

    def count_params(self):
        """The number of scalars in this layer's weights."""
        return int(sum(int(np.prod(v.shape)) for v in self.weights))

    # -- losses ---------------------------------------------------------------
    def add_loss(self, loss):
        """Add a scalar loss (a tensor computed in ``call``) to ``layer.losses``."""
        self._losses.append(loss)

    @property
    def losses(self):
        """Losses added in the last call, plus the weight regularization penalties."""
        found = list(self._losses)
        for variable, regularizer in self._regularized:
            found.append(regularizer(variable))
        for layer in self._tracked_layers:
            found.extend(layer.losses)
        return found

    # -- calling --------------------------------------------------------------
    def __call__(self, inputs, *args, **kwargs):
        if type(inputs) is not Tensor:  # arrays, variables, structures, KerasTensors
            if is_symbolic(inputs):
                return self._symbolic_call(inputs, *args, **kwargs)
            inputs = self._convert_inputs(inputs)
        elif inputs._value.dtype != self._dtype:
            inputs = self._convert_inputs(inputs)
        if not self.built:
            self._build_for(inputs)
        if self.input_spec is not None and isinstance(inputs, Tensor):
            self.input_spec.check(self, inputs._value.shape)
        if self._call_takes_training:
            training = kwargs.get("training")
            if training is None:
                kwargs["training"] = _TRAINING[-1]
        else:  # still passed down to nested layers through the context
            training = kwargs.pop("training", None)
        if self._losses:
            self._losses.clear()
        if training is not None:
            _TRAINING.append(bool(training))
            try:
                outputs = self.call(inputs, *args, **kwargs)
            finally:
                _TRAINING.pop()
        else:
            outputs = self.call(inputs, *args, **kwargs)
        if self.activity_regularizer is not None:
            for output in flatten(outputs):
                self.add_loss(self.activity_regularizer(output) / output.shape[0])
        return outputs

    def _convert_inputs(self, inputs):
        if isinstance(inputs, Tensor):
            if inputs._value.dtype.kind == "f" and inputs._value.dtype != self._dtype:
                from ember.ops import cast

                return cast(inputs, self._dtype)
            return inputs
        if isinstance(inputs, (list, tuple, dict)):
            return pack_like(inputs, [self._convert_leaf(x) for x in flatten(inputs)])
        return self._convert_leaf(inputs)

    def _convert_leaf(self, value):
        if value is None or isinstance(value, (str, bool)):
            return value
        if isinstance(value, Tensor):
            return self._convert_inputs(value)
        array = xp.asarray(value)
        # Data arrays (floats, or integer pixels) become the layer's dtype, as Keras
        # casts inputs to the model's input dtype; Embedding keeps its integers.
        if array.dtype != self._dtype and (array.dtype.kind == "f" or not self._keeps_integers):
            array = array.astype(self._dtype)
        return Tensor(array)

    def _build_for(self, inputs):
        shapes = pack_like(inputs, [None if t is None else tuple(t.shape) for t in flatten(inputs)])
        self.build(shapes)
        self.built = True

    def build(self, input_shape):
        """Create the layer's weights for inputs of ``input_shape`` (none by default)."""
        self.built = True

    def call(self, inputs, *args, **kwargs):
        """The layer's computation; the default returns ``inputs`` unchanged."""
        return inputs

    def _symbolic_call(self, inputs, *args, **kwargs):
        shapes = pack_like(inputs, [t.shape if isinstance(t, KerasTensor) else t
                                    for t in flatten(inputs)])
        if not self.built:
            self.build(shapes)
            self.built = True
        first = flatten(inputs)[0]
        if self.input_spec is not None and isinstance(first, KerasTensor):
            self.input_spec.check(self, first.shape)
        out_shapes = self.compute_output_shape(shapes)
        if _is_shape(out_shapes):
            outputs = KerasTensor(out_shapes, dtype=self._dtype)
        else:
            outputs = _map_shapes(out_shapes, lambda s: KerasTensor(s, dtype=self._dtype))
        Node(self, inputs, outputs, args, kwargs)
        return outputs

    def compute_output_shape(self, input_shape):
        """Output shape(s) for ``input_shape``; by default found by running ``call``
        on a small batch of zeros (unknown sizes taken as 1)."""
        def dummy(shape):
            return Tensor(xp.zeros(tuple(1 if d is None else d for d in shape), dtype=self._dtype))

        if _is_shape(input_shape):
            sample = dummy(input_shape)
        else:
            sample = _map_shapes(input_shape, dummy)
        with _InferenceOnly():
            kwargs = {"training": False} if self._call_takes_training else {}
            outputs = self.call(sample, **kwargs)
        batch_unknown = (input_shape if _is_shape(input_shape) else flatten_shapes(input_shape)[0])[0] is None
        def shape_of(t):
            shape = tuple(t.shape)
            return ((None,) + shape[1:]) if batch_unknown and shape else shape

        if isinstance(outputs, Tensor):
            return shape_of(outputs)
        return pack_like(outputs, [shape_of(t) for t in flatten(outputs)])

    # -- graph properties -----------------------------------------------------
    def _node_tensor(self, attribute):
        if not self._inbound_nodes:
            raise AttributeError(
                f'Layer "{self.name}" has never been called and thus has no defined {attribute}.'
            )
        node = self._inbound_nodes[0]
        return node.inputs if attribute == "input" else node.outputs

    @property
    def input(self):
        return self._node_tensor("input")

    @property
    def output(self):
        return self._node_tensor("output")

    @property
    def input_shape(self):
        inputs = self.input
        return inputs.shape if isinstance(inputs, KerasTensor) else [t.shape for t in flatten(inputs)]

    @property
    def output_shape(self):
        outputs = self.output
        return outputs.shape if isinstance(outputs, KerasTensor) else [t.shape for t in flatten(outputs)]

    @property
    def dtype(self):
        return self._dtype.name

    @property
    def compute_dtype(self):
        return self._dtype.name

    # -- configuration --------------------------------------------------------
    def get_config(self):
        """The arguments that recreate this layer (``from_config(get_config())``)."""
        config = {"name": self.name, "trainable": self.trainable, "dtype": self._dtype.name}
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = list(self._batch_input_shape)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


class _InferenceOnly:
    """Run a shape-inference ``call`` with no tape recording and inference behaviour."""

    def __enter__(self):
        from ember.autodiff._tape import pause_all

        self._paused = pause_all()
        self._paused.__enter__()
        _TRAINING.append(False)

    def __exit__(self, *exc_info):
        _TRAINING.pop()
        self._paused.__exit__(*exc_info)
        return False


def _accepts(function, argument):
    return argument in _parameters(function)


@functools.lru_cache(maxsize=None)
def _parameters(function):
    return tuple(inspect.signature(function).parameters)


def _is_shape(value):
    return isinstance(value, tuple) and all(d is None or isinstance(d, (int, np.integer)) for d in value)


def _map_shapes(structure, function):
    if _is_shape(structure):
        return function(structure)
    if isinstance(structure, dict):
        return {key: _map_shapes(value, function) for key, value in structure.items()}
    return type(structure)(_map_shapes(item, function) for item in structure)


def flatten_shapes(structure):
    if _is_shape(structure):
        return [structure]
    items = structure.values() if isinstance(structure, dict) else structure
    return [shape for item in items for shape in flatten_shapes(item)]


def _unique(variables):
    seen, result = set(), []
    for variable in variables:
        if id(variable) not in seen:
            seen.add(id(variable))
            result.append(variable)
    return result
