"""Stochastic gradient descent, with momentum and Nesterov momentum."""

from ember.backend import xp

from ._arguments import as_real
from ._base import Optimizer
from ember.backend._parallel import elementwise


class SGD(Optimizer):
    """Gradient descent (with momentum).

    Without momentum: ``w = w - learning_rate * g``. With momentum, Keras'
    velocity form: ``velocity = momentum * velocity - learning_rate * g`` then
    ``w = w + velocity``, or with ``nesterov=True``
    ``w = w + momentum * velocity - learning_rate * g``. For a constant
    learning rate this equals PyTorch's ``SGD(momentum=..., nesterov=...)``,
    whose buffer holds ``-velocity / learning_rate``.

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable.
            Defaults to ``0.01``.
        momentum: a float in [0, 1]; 0 is plain gradient descent.
        nesterov: whether to use Nesterov momentum.
        **kwargs: ``Optimizer``'s arguments (``weight_decay``, ``clipnorm``,
            ``clipvalue``, ``global_clipnorm``, ``use_ema``, ...; Keras 2's ``lr``
            and ``decay``).

    Example:
        >>> import ember as tf
        >>> w = tf.Variable([1.0, 2.0])
        >>> _ = SGD(learning_rate=0.1).apply_gradients([(tf.constant([1.0, 2.0]), w)])
        >>> w.numpy()
        array([0.9, 1.8], dtype=float32)
    """

    def __init__(
        self,
        learning_rate=0.01,
        momentum=0.0,
        nesterov=False,
        name="SGD",
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if as_real(momentum) is None or not 0 <= momentum <= 1:
            raise ValueError(
                f"`momentum` must be a float between [0, 1]. Received: momentum={momentum!r}"
            )
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, var_list):
        """Create one momentum slot per variable (none when ``momentum`` is 0)."""
        if self.built:
            return
        super().build(var_list)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(var_list, "momentum")

    def update_step(self, gradient, variable, learning_rate):
        w = variable._value
        new = self._new_value(variable)
        velocity = self.momentums[self._get_variable_index(variable)]._value if self.momentum else None
        arrays = (gradient, w, new) if velocity is None else (gradient, velocity, w, new)
        kernels, flat = self._compiled_kernels(*arrays)
        if kernels is not None:
            cast = w.dtype.type
            if velocity is None:
                elementwise(kernels.descent, flat, cast(learning_rate))
            else:
                elementwise(kernels.momentum_descent, flat, cast(learning_rate),
                            cast(self.momentum), bool(self.nesterov))
        elif velocity is None:
            elementwise(_descent_kernel, arrays + (self._scratch(gradient),), learning_rate)
        else:
            elementwise(_momentum_kernel, arrays + (self._scratch(gradient),), learning_rate,
                        self.momentum, self.nesterov)
        self._replace_value(variable, new)

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config


def _descent_kernel(gradient, variable, out, step, learning_rate):
    xp.multiply(gradient, learning_rate, out=step)
    xp.subtract(variable, step, out=out)


def _momentum_kernel(gradient, velocity, variable, out, step, learning_rate, momentum, nesterov):
    xp.multiply(gradient, learning_rate, out=step)
    velocity *= momentum
    velocity -= step  # velocity = momentum * velocity - learning_rate * g
    if nesterov:
        xp.multiply(velocity, momentum, out=out)
        out -= step
        out += variable
    else:
        xp.add(variable, velocity, out=out)
