"""The optimizer base class: everything the algorithms share.

An algorithm implements two methods, as in Keras 3: ``build(var_list)``
creates its slot variables (``add_optimizer_variables``) and
``update_step(gradient, variable, learning_rate)`` updates one variable. The
base class owns the rest: the iteration counter, the learning rate (a float
variable, a schedule or a callable, and Keras 2's ``lr=`` and ``decay=``),
skipping missing gradients, loss-scale unscaling, gradient accumulation,
clipping, decoupled weight decay, the moving average of the weights (EMA),
constraints, configs and saved state.

The update step works on raw backend arrays, not on recorded ember ops:
``gradient`` is an array with the variable's shape and dtype (never written
into) and ``learning_rate`` a Python float. Slot arrays (``slot._value``) are
private to the optimizer and are updated in place. A model variable's array is
never written into: its new value goes into a fresh array handed to
``_replace_value``, because tensors read earlier (a tape's snapshots) share
the old array and must keep their value.
"""

import re
import sys
import warnings

import numpy as np

from ember.autodiff import GradientTape, Tensor, Variable
from ember.backend import as_dtype, backend_name, floatx, to_numpy, xp
from ember.keras.saving._serialization import deserialize_keras_object, serialize_keras_object

from ._arguments import as_real, check_base_arguments, snake_case
from ._gradients import clip_gradients, gradient_array
from .schedules._schedules import _SCHEDULES, LearningRateSchedule


class _VariableList(list):
    """A list that can also be called: TensorFlow 2.0's ``optimizer.variables()``."""

    def __call__(self):
        return self


_kernels = None  # the compiled update kernels module, imported on first use

class Optimizer:
    """The base class of optimizers, holding everything but the update rule.

    Subclasses implement ``build(var_list)`` (create slots with
    ``add_optimizer_variables``, after ``super().build(var_list)``) and
    ``update_step(gradient, variable, learning_rate)``, which receives the
    gradient as a backend array of the variable's shape and dtype and the
    learning rate as a Python float, updates its slots' arrays in place and
    gives the variable a fresh array (``self._replace_value(variable, new)``;
    ``variable.assign(...)`` works too).

    Args:
        learning_rate: a float, a ``keras.optimizers.schedules.LearningRateSchedule``
            (called with ``iterations``), or a callable taking no arguments.
        weight_decay: if set, each step first multiplies every variable by
            ``1 - weight_decay * learning_rate`` (decoupled weight decay).
        clipnorm: if set, each gradient is rescaled so its norm is at most this.
        clipvalue: if set, each gradient is clipped to ``[-clipvalue, clipvalue]``.
        global_clipnorm: if set, all gradients are rescaled together so their
            global norm is at most this.
        use_ema: keep an exponential moving average of the variables.
        ema_momentum: the EMA's momentum: ``average = m * average + (1 - m) * value``.
        ema_overwrite_frequency: every this many steps, the variables are
            overwritten with their average (None: only by
            ``finalize_variable_values``).
        loss_scale_factor: ``minimize``/``scale_loss`` multiply the loss by it
            and the gradients are divided by it before the update.
        gradient_accumulation_steps: if set (>= 2), variables are updated only
            every this many steps, with the mean of the gradients since the
            last update.
        name: the optimizer's name (prefixes its variables' names).
        **kwargs: Keras 2's ``lr`` (an alias of ``learning_rate``) and ``decay``
            (the learning rate is divided by ``1 + decay * iterations``).

    Example:
        >>> import ember as tf
        >>> from ember.keras.optimizers import SGD
        >>> w = tf.Variable([1.0, 2.0])
        >>> _ = SGD(learning_rate=0.1).minimize(lambda: tf.reduce_sum(w * w) / 2, [w])
        >>> w.numpy()
        array([0.9, 1.8], dtype=float32)
    """

    def __init__(
        self,
        learning_rate,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        if "lr" in kwargs:  # Keras 2 / TF 2.0's name, which the books use
            learning_rate = kwargs.pop("lr")
        decay = kwargs.pop("decay", None)
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        check_base_arguments(
            clipnorm,
            clipvalue,
            global_clipnorm,
            weight_decay,
            use_ema,
            ema_momentum,
            ema_overwrite_frequency,
            loss_scale_factor,
            gradient_accumulation_steps,
            decay,
        )
        self.name = name if name is not None else snake_case(type(self).__name__)
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.weight_decay = weight_decay
        self.use_ema = bool(use_ema)
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps or None
        self.decay = float(decay or 0.0)

        self.built = False
        self._trainable_variables = []
        self._trainable_variables_indices = {}
        self._optimizer_variables = []
        self._scratch_buffers = {}
        self._exclude_from_weight_decay = set()
        self._exclude_from_weight_decay_pattern = None
        self._exclude_from_weight_decay_cache = {}
        self._local_step = 1
        self._iterations = Variable(
            np.int64(0), dtype="int64", trainable=False, name=f"{self.name}/iteration"
        )
        self._learning_rate = self._build_learning_rate(learning_rate)

    def _build_learning_rate(self, learning_rate):
        if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
            return learning_rate
        value = as_real(learning_rate)
        if value is None:
            raise ValueError(
                "Argument `learning_rate` should be float, or an instance of "
                "LearningRateSchedule, or a callable (that takes in the current iteration "
                "value and returns the corresponding learning rate value). "
                f"Received instead: learning_rate={learning_rate!r}"
            )
        return Variable(value, dtype=floatx(), trainable=False, name=f"{self.name}/learning_rate")

    # -- state -------------------------------------------------------------
    @property
    def iterations(self):
        """The number of updates applied so far (a Variable; a tensor with accumulation)."""
        if self.gradient_accumulation_steps:
            steps = self.gradient_accumulation_steps
            return Tensor(xp.asarray(self._iterations._value // steps))
        return self._iterations

    def _update_count(self):
        count = int(self._iterations._value)
        steps = self.gradient_accumulation_steps
        return count // steps if steps else count

    @property
    def learning_rate(self):
        """The learning rate: a Variable (settable), or a schedule's value at ``iterations``."""
        if isinstance(self._learning_rate, LearningRateSchedule):
            return self._learning_rate(self._iterations)
        if isinstance(self._learning_rate, Variable):
            return self._learning_rate
        return self._learning_rate()

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
            self._learning_rate = learning_rate
        elif isinstance(self._learning_rate, LearningRateSchedule):
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` object as its "
                "`learning_rate` constructor argument, hence its learning rate is not "
                "settable. If you need the learning rate to be settable, you should "
                "instantiate the optimizer with a float `learning_rate` argument."
            )
        elif isinstance(self._learning_rate, Variable):
            self._learning_rate.assign(learning_rate)
        else:
            self._learning_rate = self._build_learning_rate(learning_rate)

    # Keras 2 / TF 2.0 spelling: ``optimizer.lr``, readable and settable.
    lr = learning_rate

    def _current_learning_rate(self):
        """The learning rate of this step as a Python float (with Keras 2's ``decay``)."""
        rate = self._learning_rate
        if isinstance(rate, Variable):
            value = float(rate._value)
        elif isinstance(rate, LearningRateSchedule):
            value = float(rate(self._iterations))
        else:
            value = float(rate())
        if self.decay:
            value /= 1.0 + self.decay * self._update_count()
        return value

    @property
    def variables(self):
        """The optimizer's variables: iteration, learning rate (if a float), slots."""
        found = [self._iterations]
        if isinstance(self._learning_rate, Variable):
            found.append(self._learning_rate)
        return _VariableList(found + self._optimizer_variables)

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="mean", name=None):
        """Create a non-trainable optimizer variable (zeros, ones, a constant or a callable)."""
        dtype = as_dtype(dtype or floatx())
        shape = tuple(shape)
        if isinstance(initializer, str) and initializer in ("zeros", "ones"):
            value = (xp.zeros if initializer == "zeros" else xp.ones)(shape, dtype=dtype)
        elif as_real(initializer) is not None:
            value = xp.full(shape, as_real(initializer), dtype=dtype)
        elif callable(initializer):
            value = initializer(shape, dtype=dtype)
        else:
            raise ValueError(
                "`initializer` must be 'zeros', 'ones', a number or a callable. "
                f"Received: initializer={initializer!r}"
            )
        variable = Variable(
            value, dtype=dtype, trainable=False, name=f"{self.name}/{name or 'var'}"
        )
        self._optimizer_variables.append(variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """Create a slot with the shape and dtype of ``reference_variable``."""
        base = str(reference_variable.name).split(":")[0].replace("/", "_")
        return self.add_variable(
            shape=reference_variable.shape,
            initializer=initializer,
            dtype=reference_variable.dtype,
            name=f"{base}_{name or 'var'}",
        )

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """One slot per variable for ``name`` (a list of slots), or per name in a list."""
        names = [name] if isinstance(name, str) else list(name)
        initializers = (
            initializer if isinstance(initializer, (list, tuple)) else [initializer] * len(names)
        )
        slots = tuple([] for _ in names)
        for variable in trainable_variables:
            for slot_list, slot_name, slot_init in zip(slots, names, initializers):
                slot_list.append(self.add_variable_from_reference(variable, slot_name, slot_init))
        return slots[0] if isinstance(name, str) else slots

    def build(self, var_list):
        """Create the optimizer's variables for ``var_list`` (subclasses add their slots)."""
        var_list = list(var_list)
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(var_list, "average")
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = self.add_optimizer_variables(
                var_list, "gradient_accumulator"
            )
        self._trainable_variables_indices = {id(v): i for i, v in enumerate(var_list)}
        self._trainable_variables = var_list
        self.built = True

    def _get_variable_index(self, variable):
        return self._trainable_variables_indices[id(variable)]

    def _check_variables_are_known(self, variables):
        for variable in variables:
            if id(variable) not in self._trainable_variables_indices:
                raise ValueError(
                    f"Unknown variable: {variable}. This optimizer can only be called for "
                    "the variables it was originally built with. When working with a new "
                    "set of variables, you should recreate a new optimizer instance."
                )

    @staticmethod
    def _compiled_kernels(*arrays):
        """The compiled kernels (``_kernels.py``) and ``arrays`` flattened, when they
        apply: NumPy backend, C-contiguous float arrays of one dtype. Else ``(None, None)``."""
        first = arrays[0]
        if backend_name() != "numpy" or first.dtype.kind != "f" or not all(
            a.dtype == first.dtype and a.flags.c_contiguous for a in arrays
        ):
            return None, None
        global _kernels
        if _kernels is None:  # loads Numba: only once an optimizer first needs it
            from . import _kernels
        return _kernels, [a.reshape(-1) for a in arrays]

    def _scratch(self, like, count=1):
        """``count`` private work arrays shaped like ``like`` (reused across steps)."""
        size = like.size
        flat = self._scratch_buffers.get(like.dtype)
        if flat is None or flat.size < size * count:
            flat = xp.empty(size * count, dtype=like.dtype)
            self._scratch_buffers[like.dtype] = flat
        views = [flat[i * size : (i + 1) * size].reshape(like.shape) for i in range(count)]
        return views[0] if count == 1 else views

    def _new_value(self, variable):
        """An array to write ``variable``'s next value into.

        Variables get a new array each step (never written in place) so tensors
        read earlier keep their values. To avoid allocating one per step, the
        array the variable had before its last update is reused once nothing but
        this optimizer refers to it any more (no snapshot, view or user copy).
        """
        spare = self._spares.pop(id(variable), None) if hasattr(self, "_spares") else None
        # References: the local name and getrefcount's argument.
        if spare is not None and sys.getrefcount(spare) <= 2 and spare.shape == variable._value.shape \
                and spare.dtype == variable._value.dtype:
            return spare
        return xp.empty_like(variable._value)

    def _replace_value(self, variable, array):
        """Give a model variable its new array, keeping the old one to recycle."""
        if not hasattr(self, "_spares"):
            self._spares = {}
        self._spares[id(variable)] = variable._value
        variable._value = array

    # Keras' helpers for update steps written with ember ops.
    def assign(self, variable, value):
        variable.assign(value)

    def assign_add(self, variable, value):
        variable.assign_add(value)

    def assign_sub(self, variable, value):
        variable.assign_sub(value)

    def update_step(self, gradient, variable, learning_rate):
        """Update ``variable`` from ``gradient`` (an array) at ``learning_rate`` (a float)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement update_step(gradient, variable, learning_rate)"
        )

    # -- applying gradients ------------------------------------------------
    def apply_gradients(self, grads_and_vars):
        """Apply ``(gradient, variable)`` pairs; returns ``iterations``.

        Pairs whose gradient is None are skipped with a warning.
        """
        pairs = list(grads_and_vars)
        if pairs:
            grads, trainable_variables = zip(*pairs)
            self.apply(grads, trainable_variables)
        return self._iterations

    def apply(self, grads, trainable_variables=None):
        """Update ``trainable_variables`` (default: those built with) from ``grads``."""
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer must already be "
                    "built on a list of variables. Call `optimizer.build(trainable_variables)` "
                    "first."
                )
            trainable_variables = self._trainable_variables
        else:
            trainable_variables = list(trainable_variables)
            if not self.built:
                self.build(trainable_variables)
            self._check_variables_are_known(trainable_variables)
        if len(grads) != len(trainable_variables):
            raise ValueError(
                f"Expected one gradient per variable ({len(trainable_variables)} variables). "
                f"Received: {len(grads)} gradients"
            )
        grads, trainable_variables = self._filter_empty_gradients(grads, trainable_variables)
        grads = [gradient_array(g, v) for g, v in zip(grads, trainable_variables)]
        if self.loss_scale_factor is not None:
            grads = [g / self.loss_scale_factor for g in grads]
        self._backend_apply_gradients(grads, trainable_variables)
        for variable in trainable_variables:
            constraint = getattr(variable, "constraint", None)
            if constraint is not None:
                variable.assign(constraint(variable))

    def _filter_empty_gradients(self, grads, trainable_variables):
        kept = [(g, v) for g, v in zip(grads, trainable_variables) if g is not None]
        if not kept:
            raise ValueError("No gradients provided for any variable.")
        if len(kept) < len(grads):
            missing = [v.name for g, v in zip(grads, trainable_variables) if g is None]
            warnings.warn(
                f"Gradients do not exist for variables {missing} when minimizing the loss. "
                "If using `model.compile()`, did you forget to provide a `loss` argument?",
                stacklevel=3,
            )
        return [g for g, _ in kept], [v for _, v in kept]

    def _backend_apply_gradients(self, grads, trainable_variables):
        learning_rate = self._current_learning_rate()
        steps = self.gradient_accumulation_steps
        if steps:
            accumulators = [
                self._accumulated_gradients[self._get_variable_index(v)]._value
                for v in trainable_variables
            ]
            if (int(self._iterations._value) + 1) % steps == 0:
                grads = [(g + acc) / steps for g, acc in zip(grads, accumulators)]
                self._update(grads, trainable_variables, learning_rate)
                for accumulator in self._accumulated_gradients:
                    accumulator._value.fill(0)
            else:
                for g, accumulator in zip(grads, accumulators):
                    accumulator += g
        else:
            self._update(grads, trainable_variables, learning_rate)
        if self.use_ema:
            self._update_model_variables_moving_average(self._trainable_variables)
            frequency = self.ema_overwrite_frequency
            if frequency and (self._update_count() + 1) % frequency == 0:
                self._overwrite_model_variables_with_average_value(self._trainable_variables)
        self._iterations.assign_add(1)

    def _update(self, grads, trainable_variables, learning_rate):
        grads = self._clip_gradients(grads)
        self._apply_weight_decay(trainable_variables, learning_rate)
        self._local_step = self._update_count() + 1
        self._backend_update_step(grads, trainable_variables, learning_rate)

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        for gradient, variable in zip(grads, trainable_variables):
            self.update_step(gradient, variable, learning_rate)

    def _clip_gradients(self, grads):
        return clip_gradients(grads, self.clipnorm, self.clipvalue, self.global_clipnorm)

    # -- weight decay ------------------------------------------------------
    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Exclude variables (or those whose name contains one of ``var_names``) from weight decay.

        Must be called before the optimizer is built.
        """
        if self.built:
            raise ValueError(
                "`exclude_from_weight_decay()` can only be configured before the optimizer "
                "is built."
            )
        self._exclude_from_weight_decay = {id(v) for v in var_list or ()}
        names = sorted(set(var_names or ()))
        self._exclude_from_weight_decay_pattern = re.compile("|".join(names)) if names else None
        self._exclude_from_weight_decay_cache = {}

    def _use_weight_decay(self, variable):
        key = id(variable)
        cached = self._exclude_from_weight_decay_cache.get(key)
        if cached is None:
            pattern = self._exclude_from_weight_decay_pattern
            cached = key not in self._exclude_from_weight_decay and not (
                pattern is not None and pattern.search(str(variable.name))
            )
            self._exclude_from_weight_decay_cache[key] = cached
        return cached

    def _apply_weight_decay(self, trainable_variables, learning_rate):
        if self.weight_decay is None:
            return
        factor = 1.0 - float(self.weight_decay) * learning_rate
        for variable in trainable_variables:
            if self._use_weight_decay(variable):
                self._replace_value(variable, variable._value * factor)

    # -- moving average of the weights ---------------------------------------
    def _update_model_variables_moving_average(self, trainable_variables):
        momentum = self.ema_momentum if self._update_count() != 0 else 0.0
        for variable, average in zip(trainable_variables, self._model_variables_moving_average):
            scratch = self._scratch(average._value)
            xp.multiply(variable._value, 1.0 - momentum, out=scratch)
            average._value *= momentum
            average._value += scratch

    def _overwrite_model_variables_with_average_value(self, trainable_variables):
        averages = self._model_variables_moving_average
        if len(trainable_variables) != len(averages):
            raise ValueError(
                f"The length of model variables ({len(trainable_variables)}) to override does "
                f"not match the length of model variables stored in the optimizer "
                f"({len(averages)}). Please check if the optimizer was called on your model."
            )
        for variable, average in zip(trainable_variables, averages):
            variable.assign(average._value)

    def finalize_variable_values(self, var_list):
        """With ``use_ema``, overwrite ``var_list`` with their moving averages."""
        if self.use_ema:
            self._overwrite_model_variables_with_average_value(list(var_list))

    # -- losses --------------------------------------------------------------
    def scale_loss(self, loss):
        """Multiply ``loss`` by ``loss_scale_factor`` (if set)."""
        return loss if self.loss_scale_factor is None else loss * self.loss_scale_factor

    def minimize(self, loss, var_list, tape=None):
        """Compute the gradients of ``loss`` and apply them to ``var_list``.

        Args:
            loss: a callable taking no arguments and returning the loss (scaled
                by ``loss_scale_factor`` here), or a tensor computed under
                ``tape`` (scale it with ``scale_loss`` yourself).
            var_list: the variables to update (or a callable returning them).
            tape: the ``GradientTape`` that recorded a tensor ``loss``.

        Returns:
            ``iterations``.
        """
        if not callable(loss) and tape is None:
            raise ValueError(
                "`tape` is required when a `Tensor` loss is passed. "
                f"Received: loss={loss!r}, tape=None"
            )
        if callable(loss):
            tape = tape if tape is not None else GradientTape()
            with tape:
                if not callable(var_list):
                    tape.watch(list(var_list))
                loss = self.scale_loss(loss())
        if callable(var_list):
            var_list = var_list()
        var_list = list(var_list)
        grads = tape.gradient(loss, var_list)
        return self.apply_gradients(zip(grads, var_list))

    # -- saving ----------------------------------------------------------------
    def get_config(self):
        """The optimizer's configuration (JSON-able), without its state."""
        rate = self._learning_rate
        if isinstance(rate, Variable):
            learning_rate = float(to_numpy(rate._value))
        else:
            learning_rate = serialize_keras_object(rate)
        config = {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }
        if self.decay:
            config["decay"] = self.decay
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Create an optimizer from ``get_config()``'s output (schedules included)."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = deserialize_keras_object(
                config["learning_rate"],
                custom_objects=custom_objects,
                module_objects=_SCHEDULES,
                kind="learning rate schedule",
            )
        return cls(**config)

    def get_weights(self):
        """The values of ``variables``, as NumPy arrays."""
        return [np.array(to_numpy(v._value)) for v in self.variables]

    def set_weights(self, weights):
        """Set ``variables`` from a list of arrays (the optimizer must be built)."""
        if not self.built:
            raise ValueError(
                "You are calling `set_weights()` on an optimizer that has not yet been built. "
                "Please call `optimizer.build(trainable_variables)` to create the optimizer "
                "weights before calling `set_weights()`."
            )
        variables = self.variables
        weights = list(weights)
        if len(weights) != len(variables):
            raise ValueError(
                f"set_weights() expects {len(variables)} arrays, one per optimizer variable. "
                f"Received: len(weights)={len(weights)}"
            )
        for variable, weight in zip(variables, weights):
            shape = tuple(weight.shape) if hasattr(weight, "shape") else np.shape(weight)
            if tuple(variable.shape) != shape:
                raise ValueError(
                    f"Optimizer variable {variable.name} has shape {tuple(variable.shape)} not "
                    f"compatible with provided weight shape {shape}."
                )
            variable.assign(weight)

    def save_own_variables(self, store):
        """Write the state into ``store`` (a dict): ``store["0"], store["1"], ...``."""
        for i, variable in enumerate(self.variables):
            store[str(i)] = np.array(to_numpy(variable._value))

    def load_own_variables(self, store):
        """Restore the state saved by ``save_own_variables`` (build the optimizer first)."""
        variables = self.variables
        if len(store.keys()) != len(variables):
            message = (
                f"Skipping variable loading for optimizer '{self.name}', because it has "
                f"{len(variables)} variables whereas the saved optimizer has "
                f"{len(store.keys())} variables. "
            )
            if not self.built:
                message += "This is likely because the optimizer has not been called/built yet."
            warnings.warn(message, stacklevel=2)
            return
        for i, variable in enumerate(variables):
            variable.assign(store[str(i)])

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_scratch_buffers"] = {}
        return state

