"""Adagrad: per-coordinate learning rates from the sum of squared gradients."""

from ember.backend import xp

from ._arguments import as_real, default_epsilon
from ._base import Optimizer
from ember.backend._parallel import elementwise


class Adagrad(Optimizer):
    """The Adagrad algorithm (Duchi et al., 2011).

    ``accumulator += g ** 2`` then
    ``w -= learning_rate * g / sqrt(accumulator + epsilon)``, with the
    accumulator starting at ``initial_accumulator_value``. Keras puts epsilon
    inside the square root and starts the accumulator at 0.1; PyTorch adds
    epsilon after the root and starts at 0.
    http://www.jmlr.org/papers/volume12/duchi11a/duchi11a.pdf

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable.
            Defaults to ``0.001``.
        initial_accumulator_value: the accumulators' starting value (>= 0).
        epsilon: a small constant for numerical stability.
        **kwargs: ``Optimizer``'s arguments (``weight_decay``, ``clipnorm``,
            ``clipvalue``, ``global_clipnorm``, ``use_ema``, ...; Keras 2's ``lr``
            and ``decay``).

    Example:
        >>> import ember as tf
        >>> w = tf.Variable([1.0])
        >>> opt = Adagrad(learning_rate=0.5, initial_accumulator_value=0.0, epsilon=0.0)
        >>> _ = opt.apply_gradients([(tf.constant([2.0]), w)])  # 1 - 0.5 * 2 / sqrt(4)
        >>> w.numpy()
        array([0.5], dtype=float32)
    """

    def __init__(
        self,
        learning_rate=0.001,
        initial_accumulator_value=0.1,
        epsilon=1e-7,
        name="adagrad",
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if as_real(initial_accumulator_value) is None or initial_accumulator_value < 0:
            raise ValueError(
                "`initial_accumulator_value` must be a number >= 0. "
                f"Received: initial_accumulator_value={initial_accumulator_value!r}"
            )
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = default_epsilon(epsilon)

    def build(self, var_list):
        """Create one accumulator per variable, filled with ``initial_accumulator_value``."""
        if self.built:
            return
        super().build(var_list)
        self._accumulators = self.add_optimizer_variables(
            var_list, "accumulator", initializer=float(self.initial_accumulator_value)
        )

    def update_step(self, gradient, variable, learning_rate):
        accumulator = self._accumulators[self._get_variable_index(variable)]._value
        w = variable._value
        new = self._new_value(variable)
        arrays = (gradient, accumulator, w, new, self._scratch(gradient))
        elementwise(_adagrad_kernel, arrays, learning_rate, self.epsilon)
        self._replace_value(variable, new)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"initial_accumulator_value": self.initial_accumulator_value, "epsilon": self.epsilon}
        )
        return config


def _adagrad_kernel(gradient, accumulator, variable, out, step, learning_rate, epsilon):
    xp.multiply(gradient, gradient, out=step)
    accumulator += step
    xp.add(accumulator, epsilon, out=step)
    xp.sqrt(step, out=step)
    xp.divide(gradient, step, out=step)
    step *= learning_rate
    xp.subtract(variable, step, out=out)
