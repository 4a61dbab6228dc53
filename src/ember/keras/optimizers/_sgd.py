"""Stochastic gradient descent, with momentum and Nesterov momentum."""

from ember.backend import xp

from ._arguments import as_real
from ._base import Optimizer


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
        **kwargs: the arguments of ``Optimizer`` (``weight_decay``,
            ``clipnorm``, ``clipvalue``, ``global_clipnorm``, ``use_ema``, ...,
            and Keras 2's ``lr`` and ``decay``).

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
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name="SGD",
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
            use_ema=use_ema,
            ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps,
            name=name,
            **kwargs,
        )
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
        step = self._scratch(gradient)
        xp.multiply(gradient, learning_rate, out=step)
        if self.momentum == 0:
            self._replace_value(variable, variable._value - step)
            return
        velocity = self.momentums[self._get_variable_index(variable)]._value
        velocity *= self.momentum
        velocity -= step
        if self.nesterov:
            new = velocity * self.momentum
            new -= step
            new += variable._value
        else:
            new = variable._value + velocity
        self._replace_value(variable, new)

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
