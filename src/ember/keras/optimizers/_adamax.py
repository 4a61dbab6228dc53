"""Adamax: Adam with the infinity norm."""

from ember.backend import xp

from ._arguments import default_epsilon
from ._base import Optimizer
from ember.backend._parallel import elementwise


class Adamax(Optimizer):
    """The Adamax algorithm (Kingma & Ba, 2014, section 7.1).

    ``m = beta_1 * m + (1 - beta_1) * g``, ``u = max(beta_2 * u, |g|)`` and, at
    step ``t``, ``w -= learning_rate / (1 - beta_1 ** t) * m / (u + epsilon)``.
    Keras adds epsilon to ``u`` in the denominator; PyTorch adds it to ``|g|``
    inside the maximum.
    http://arxiv.org/abs/1412.6980

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable.
            Defaults to ``0.001``.
        beta_1: the decay rate of the first-moment estimates.
        beta_2: the decay rate of the weighted infinity norm.
        epsilon: a small constant for numerical stability.
        **kwargs: ``Optimizer``'s arguments (``weight_decay``, ``clipnorm``,
            ``clipvalue``, ``global_clipnorm``, ``use_ema``, ...; Keras 2's ``lr``
            and ``decay``).

    Example:
        >>> import ember as tf
        >>> w = tf.Variable([1.0, 2.0])
        >>> _ = Adamax(learning_rate=0.1).apply_gradients([(tf.constant([3.0, -4.0]), w)])
        >>> w.numpy()
        array([0.9, 2.1], dtype=float32)
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        name="adamax",
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = default_epsilon(epsilon)

    def build(self, var_list):
        """Create the first moments ``m`` and the weighted infinity norms ``u``."""
        if self.built:
            return
        super().build(var_list)
        self._m, self._u = self.add_optimizer_variables(var_list, ["momentum", "norm"])

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        beta_1 = float(self.beta_1)
        w = variable._value
        new = self._new_value(variable)
        elementwise(
            _adamax_kernel,
            (gradient, self._m[index]._value, self._u[index]._value, w, new, self._scratch(w)),
            beta_1,
            self.beta_2,
            self.epsilon,
            learning_rate / (1.0 - beta_1**self._local_step),
        )
        self._replace_value(variable, new)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config


def _adamax_kernel(gradient, m, u, variable, out, step, beta_1, beta_2, epsilon, rate):
    xp.subtract(gradient, m, out=step)
    step *= 1.0 - beta_1
    m += step
    u *= beta_2
    xp.abs(gradient, out=step)
    xp.maximum(u, step, out=u)
    xp.add(u, epsilon, out=step)
    xp.divide(m, step, out=step)
    step *= rate
    xp.subtract(variable, step, out=out)
