"""Nadam: Adam with Nesterov momentum."""

from ember.backend import floatx, xp

from ._arguments import default_epsilon
from ._base import Optimizer


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
        **kwargs: the arguments of ``Optimizer``.

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
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name="nadam",
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
        m = self._momentums[index]._value
        v = self._velocities[index]._value
        t = self._local_step
        beta_1, beta_2 = float(self.beta_1), float(self.beta_2)
        u_t, u_next = self._momentum_at(t), self._momentum_at(t + 1)
        product = float(self._u_product._value)
        step, denominator = self._scratch(gradient, 2)
        xp.subtract(gradient, m, out=step)
        step *= 1.0 - beta_1
        m += step
        xp.multiply(gradient, gradient, out=step)
        step -= v
        step *= 1.0 - beta_2
        v += step
        xp.multiply(m, u_next / (1.0 - product * u_next), out=step)
        xp.multiply(gradient, (1.0 - u_t) / (1.0 - product), out=denominator)
        step += denominator
        xp.multiply(v, 1.0 / (1.0 - beta_2**t), out=denominator)
        xp.sqrt(denominator, out=denominator)
        denominator += self.epsilon
        xp.divide(step, denominator, out=step)
        step *= learning_rate
        self._replace_value(variable, variable._value - step)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
