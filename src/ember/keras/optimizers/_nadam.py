"""Nadam: Adam with Nesterov momentum."""

from ember.backend import floatx, xp

from ._arguments import default_epsilon
from ._adam import update_moments
from ._base import Optimizer
from ember.backend._parallel import elementwise


class Nadam(Optimizer):
    """The Nadam algorithm (Dozat, 2015): Adam with Nesterov momentum.

    With the momentum schedule ``u_t = beta_1 * (1 - 0.5 * 0.96 ** t)`` and
    ``P_t = u_1 * ... * u_t``:
    ``m = beta_1 * m + (1 - beta_1) * g``, ``v = beta_2 * v + (1 - beta_2) * g ** 2``,
    ``m_hat = u_{t+1} * m / (1 - P_t * u_{t+1}) + (1 - u_t) * g / (1 - P_t)``,
    ``v_hat = v / (1 - beta_2 ** t)`` and
    ``w -= learning_rate * m_hat / (sqrt(v_hat) + epsilon)``.

    Keras 3 uses ``0.96 ** t``; PyTorch's ``NAdam`` (and tf.keras 2) use
    ``0.96 ** (0.004 * t)`` (PyTorch's ``momentum_decay=4e-3``), so they agree
    only with PyTorch's ``momentum_decay=1``.
    http://cs229.stanford.edu/proj2015/054_report.pdf

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable.
            Defaults to ``0.001``.
        beta_1: the decay rate of the first-moment estimates.
        beta_2: the decay rate of the second-moment estimates.
        epsilon: a small constant for numerical stability.
        **kwargs: ``Optimizer``'s arguments (``weight_decay``, ``clipnorm``,
            ``clipvalue``, ``global_clipnorm``, ``use_ema``, ...; Keras 2's ``lr``
            and ``decay``).

    Example:
        >>> import ember as tf
        >>> w = tf.Variable([1.0])
        >>> _ = Nadam(learning_rate=0.1).apply_gradients([(tf.constant([2.0]), w)])
        >>> round(float(w.numpy()[0]), 4)  # 1 - 0.1 * 1.0628 (see the formula)
        0.8937
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        name="nadam",
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = default_epsilon(epsilon)

    def build(self, var_list):
        """Create momentums, velocities and the running momentum product ``P_t``."""
        if self.built:
            return
        var_list = list(var_list)
        super().build(var_list)
        self._momentums = self.add_optimizer_variables(var_list, "momentum")
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        dtype = var_list[0].dtype if var_list else floatx()
        self._u_product = self.add_variable((), initializer="ones", dtype=dtype, name="u_product")

    def _momentum_at(self, step):
        return float(self.beta_1) * (1.0 - 0.5 * 0.96**step)

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        # P_t is shared by all variables: advance it once per step.
        product = float(self._u_product._value) * self._momentum_at(self._local_step)
        self._u_product._value = xp.asarray(product, dtype=self._u_product.dtype)
        super()._backend_update_step(grads, trainable_variables, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        t = self._local_step
        u_t, u_next = self._momentum_at(t), self._momentum_at(t + 1)
        product = float(self._u_product._value)
        w = variable._value
        new = self._new_value(variable)
        m = self._momentums[index]._value
        v = self._velocities[index]._value
        elementwise(
            _nadam_kernel,
            (gradient, m, v, w, new, *self._scratch(w, 2)),
            float(self.beta_1),
            float(self.beta_2),
            self.epsilon,
            learning_rate,
            u_next / (1.0 - product * u_next),  # weight of m in m_hat
            (1.0 - u_t) / (1.0 - product),  # weight of g in m_hat
            1.0 / (1.0 - float(self.beta_2) ** t),  # v_hat = v * this
        )
        self._replace_value(variable, new)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config


def _nadam_kernel(
    gradient,
    m,
    v,
    variable,
    out,
    step,
    denominator,
    beta_1,
    beta_2,
    epsilon,
    learning_rate,
    m_weight,
    g_weight,
    v_weight,
):
    update_moments(gradient, m, v, step, beta_1, beta_2)
    xp.multiply(m, m_weight, out=step)
    xp.multiply(gradient, g_weight, out=denominator)
    step += denominator  # m_hat
    xp.multiply(v, v_weight, out=denominator)
    xp.sqrt(denominator, out=denominator)
    denominator += epsilon
    xp.divide(step, denominator, out=step)
    step *= learning_rate
    xp.subtract(variable, step, out=out)
