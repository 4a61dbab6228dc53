"""Recording operations and running them backwards: ``GradientTape``.

Each active tape keeps the tensors it tracks (watched sources and everything
computed from them) and, in order, one node per recorded op:
``(output, inputs, vjp, needs)``. ``vjp(g, needs)`` maps the gradient of the
output to one gradient per input (None where ``needs`` is False or the input
has no gradient). Because vjps are written with ember ops, a tape that is active
while another tape runs backwards records the backward pass too: that is how
nested tapes compute second derivatives.
"""

import enum

from ember.backend import xp

from ._nest import flatten, pack_like
from ._tensor import Tensor, Variable, convert_to_tensor

# Tapes recording now, innermost last. Ops test ``if _ACTIVE`` before doing any
# recording work, so nothing is paid when no tape is open.
_ACTIVE = []


class UnconnectedGradients(enum.Enum):
    """What ``gradient`` returns for a source the target does not depend on."""

    NONE = "none"
    ZERO = "zero"


def record(output, inputs, vjp):
    """Record on every active tape tracking one of ``inputs`` that ``output`` came from them."""
    if output._value.dtype.kind in "fc":
        for tape in _ACTIVE:
            tape._record(output, inputs, vjp)


def _differentiable(tensor):
    return isinstance(tensor, Tensor) and tensor._value.dtype.kind in "fc"


class GradientTape:
    """Records operations on watched tensors to compute gradients by reverse mode.

    Trainable variables an op reads are watched automatically; other tensors are
    watched with ``watch``. A non-persistent tape computes one set of gradients.

    Args:
        persistent: allow several ``gradient``/``jacobian`` calls.
        watch_accessed_variables: watch trainable variables automatically.

    Example:
        >>> w = tf.Variable(3.0)
        >>> with tf.GradientTape() as tape:
        ...     z = w * w
        >>> tape.gradient(z, w)   # 6.0
    """

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed = watch_accessed_variables
        self._tracked = {}  # id -> tensor (holding it keeps the id unique)
        self._nodes = []
        self._variables = {}
        self._used = False

    def __enter__(self):
        _ACTIVE.append(self)
        return self

    def __exit__(self, *exc_info):
        if self in _ACTIVE:
            _ACTIVE.remove(self)
        return False

    # -- recording ---------------------------------------------------------
    def watch(self, tensor):
        """Track ``tensor`` (or every tensor in a nested structure) as a source."""
        for item in flatten(tensor):
            if not isinstance(item, Tensor):
                raise ValueError(
                    "GradientTape.watch expects tensors or variables. "
                    f"Received: {type(item).__name__}"
                )
            if _differentiable(item):
                self._tracked[id(item)] = item
                if isinstance(item, Variable):
                    self._variables[id(item)] = item

    def _record(self, output, inputs, vjp):
        tracked = self._tracked
        needs = []
        for x in inputs:
            key = id(x)
            if key in tracked:
                needs.append(True)
            elif (
                self._watch_accessed
                and type(x) is Variable
                and x._trainable
                and (x._value.dtype.kind in "fc")
            ):
                tracked[key] = x
                self._variables[key] = x
                needs.append(True)
            else:
                needs.append(False)
        if True in needs:
            tracked[id(output)] = output
            self._nodes.append((output, inputs, vjp, needs))

    def stop_recording(self):
        """Return a context manager inside which this tape records nothing."""
        return _Paused(self)

    def reset(self):
        """Forget everything recorded so far (the tape stays open)."""
        self._tracked.clear()
        self._nodes.clear()
        self._variables.clear()

    def watched_variables(self):
        """Return the variables this tape has watched, in the order first seen."""
        return tuple(self._variables.values())

    # -- differentiation ---------------------------------------------------
    def gradient(
        self,
        target,
        sources,
        output_gradients=None,
        unconnected_gradients=UnconnectedGradients.NONE,
    ):
        """Return d(sum of ``target``)/d``source`` for each source, shaped like ``sources``.

        Args:
            target: a tensor or nested structure of tensors to differentiate.
            sources: a tensor, variable, or nested structure of them.
            output_gradients: upstream gradients, one per target (ones by default:
                a non-scalar target is summed, as in TensorFlow).
            unconnected_gradients: ``"none"`` (None for an unconnected source) or
                ``"zero"`` (zeros).

        Returns:
            Gradients in the structure of ``sources``.
        """
        self._check_usable()
        targets = flatten(target)
        if output_gradients is not None:
            single = isinstance(target, Tensor)
            output_gradients = [output_gradients] if single else flatten(output_gradients)
        seeds = self._seeds(targets, output_gradients)
        flat_sources = flatten(sources)
        for source in flat_sources:
            if not isinstance(source, Tensor):
                raise ValueError(
                    "GradientTape.gradient: every source must be a tensor or variable. "
                    f"Received: {type(source).__name__}"
                )
        grads = self._backward(targets, seeds, flat_sources)
        result = [_finish(grads.get(id(s)), s, unconnected_gradients) for s in flat_sources]
        if not self._persistent:
            self._used = True
            self.reset()
        return pack_like(sources, result)

    def jacobian(
        self,
        target,
        sources,
        unconnected_gradients=UnconnectedGradients.NONE,
        parallel_iterations=None,
        experimental_use_pfor=True,
    ):
        """Return the Jacobian of ``target`` w.r.t. each source.

        Each result has shape ``target.shape + source.shape``.
        """
        self._check_usable()
        target = convert_to_tensor(target)
        flat_sources = flatten(sources)
        size = int(target._value.size)
        rows = [[] for _ in flat_sources]
        for index in range(size):
            seed = xp.zeros(size, dtype=target._value.dtype)
            seed[index] = 1
            seed = Tensor(seed.reshape(target._value.shape))
            grads = self._backward([target], [seed], flat_sources)
            for row, source in zip(rows, flat_sources):
                row.append(grads.get(id(source)))
        from ember.ops import stack, zeros_like

        result = []
        for row, source in zip(rows, flat_sources):
            if all(g is None for g in row):
                result.append(_finish(None, source, unconnected_gradients, target.shape))
                continue
            row = [zeros_like(source) if g is None else g for g in row]
            stacked = stack(row) if row else Tensor(xp.zeros((0,) + source._value.shape))
            result.append(_reshape(stacked, tuple(target.shape) + tuple(source.shape)))
        if not self._persistent:
            self._used = True
            self.reset()
        return pack_like(sources, result)

    def _check_usable(self):
        if self._used:
            raise RuntimeError(
                "A non-persistent GradientTape can only be used to compute one set "
                "of gradients (or jacobians); use GradientTape(persistent=True)"
            )

    def _seeds(self, targets, output_gradients):
        if output_gradients is None:
            return [_ones_like(t) for t in targets]
        given = output_gradients
        if len(given) != len(targets):
            raise ValueError(
                f"output_gradients has {len(given)} entries but target has {len(targets)}"
            )
        seeds = []
        for t, g in zip(targets, given):
            if g is None:
                seeds.append(_ones_like(t))
                continue
            g = convert_to_tensor(g, dtype=t._value.dtype)
            if g._value.shape != t._value.shape:
                raise ValueError(
                    f"output_gradients shape {g._value.shape} does not match target "
                    f"shape {t._value.shape}"
                )
            seeds.append(g)
        return seeds

    def _backward(self, targets, seeds, sources):
        """Sweep the recorded nodes in reverse; return {id(tensor): gradient}."""
        grads = {}
        for t, seed in zip(targets, seeds):
            if isinstance(t, Tensor) and id(t) in self._tracked:
                _accumulate(grads, t, seed)
        keep = {id(s) for s in sources}
        tracked = self._tracked
        for output, inputs, vjp, needs in reversed(self._nodes):
            key = id(output)
            g = grads.get(key) if key in keep else grads.pop(key, None)
            if g is None:
                continue
            for x, gx in zip(inputs, vjp(g, needs)):
                if gx is not None:
                    key = id(x)
                    if key in tracked:
                        previous = grads.get(key)
                        grads[key] = gx if previous is None else previous + gx
        return grads


def _accumulate(grads, tensor, gradient):
    key = id(tensor)
    previous = grads.get(key)
    grads[key] = gradient if previous is None else previous + gradient


def _ones_like(tensor):
    tensor = convert_to_tensor(tensor)
    return Tensor(xp.ones_like(tensor._value))


def _reshape(tensor, shape):
    from ember.ops import reshape

    return reshape(tensor, shape)


def _finish(gradient, source, unconnected, target_shape=()):
    if gradient is None:
        if UnconnectedGradients(unconnected) is UnconnectedGradients.ZERO:
            shape = tuple(target_shape) + tuple(source._value.shape)
            return Tensor(xp.zeros(shape, dtype=source._value.dtype))
        return None
    if gradient._value.shape != source._value.shape and not target_shape:
        raise RuntimeError(  # an internal invariant: every vjp keeps shapes
            f"gradient of shape {gradient._value.shape} for a source of shape {source._value.shape}"
        )
    return gradient


class _Paused:
    def __init__(self, tape):
        self._tape = tape
        self._position = None

    def __enter__(self):
        if self._tape in _ACTIVE:
            self._position = _ACTIVE.index(self._tape)
            _ACTIVE.pop(self._position)
        return self

    def __exit__(self, *exc_info):
        if self._position is not None:
            _ACTIVE.insert(self._position, self._tape)
        return False


class _PausedAll:
    """Pause every active tape (``stop_recording`` for all, used internally)."""

    def __enter__(self):
        self._saved = list(_ACTIVE)
        _ACTIVE.clear()
        return self

    def __exit__(self, *exc_info):
        _ACTIVE[:] = self._saved + _ACTIVE
        return False


def pause_all():
    return _PausedAll()
