"""RMSprop: divide the gradient by a moving root mean square of recent gradients."""

from ember.backend import xp

from ._arguments import default_epsilon
from ._base import Optimizer


class RMSprop(Optimizer):
    """The RMSprop algorithm (Hinton, 2012), plain or centered, with momentum.

    ``v = rho * v + (1 - rho) * g ** 2`` and
    ``increment = learning_rate * g / sqrt(v + epsilon)``; centered, with
    ``a = rho * a + (1 - rho) * g`` the denominator is
    ``sqrt(v - a ** 2 + epsilon)``. Then ``w -= increment``, or with momentum
    ``m = momentum * m + increment`` and ``w -= m``. Keras puts epsilon inside
    the square root; PyTorch adds it after.
    http://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable.
            Defaults to ``0.001``.
        rho: the discounting factor of the moving averages.
        momentum: the momentum (0 disables it).
        epsilon: a small constant for numerical stability.
        centered: normalize by the estimated variance of the gradient instead
            of its uncentered second moment.
        **kwargs: the arguments of ``Optimizer``.

    Example:
        >>> import ember as tf
        >>> w = tf.Variable(10.0)
        >>> _ = RMSprop(learning_rate=0.1).minimize(lambda: w * w / 2.0, [w])
        >>> round(float(w.numpy()), 5)  # 10 - 0.1 * 10 / sqrt(0.1 * 100)
        9.68377
    """

    def __init__(
        self,
        learning_rate=0.001,
        rho=0.9,
        momentum=0.0,
        epsilon=1e-7,
        centered=False,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name="rmsprop",
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
        self.rho = rho
        self.momentum = momentum
        self.epsilon = default_epsilon(epsilon)
        self.centered = centered

    def build(self, var_list):
        """Create velocities, plus momentums and average gradients when used."""
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(var_list, "momentum")
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(var_list, "average_gradient")

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        velocity = self._velocities[index]._value
        step = self._scratch(gradient)
        xp.multiply(gradient, gradient, out=step)
        step *= 1.0 - self.rho
        velocity *= self.rho
        velocity += step
        if self.centered:
            average = self._average_gradients[index]._value
            xp.multiply(gradient, 1.0 - self.rho, out=step)
            average *= self.rho
            average += step
            xp.multiply(average, average, out=step)
            xp.subtract(velocity, step, out=step)
            step += self.epsilon
        else:
            xp.add(velocity, self.epsilon, out=step)
        xp.sqrt(step, out=step)
        xp.divide(gradient, step, out=step)
        step *= learning_rate
        if self.momentum > 0:
            momentum = self._momentums[index]._value
            momentum *= self.momentum
            momentum += step
            step = momentum
        self._replace_value(variable, variable._value - step)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "rho": self.rho,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "centered": self.centered,
            }
        )
        return config
