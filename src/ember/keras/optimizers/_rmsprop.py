"""RMSprop: divide the gradient by a moving root mean square of recent gradients."""

from ember.backend import xp

from ._arguments import default_epsilon
from ._base import Optimizer
from ember.backend._parallel import elementwise


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
        **kwargs: ``Optimizer``'s arguments (``weight_decay``, ``clipnorm``,
            ``clipvalue``, ``global_clipnorm``, ``use_ema``, ...; Keras 2's ``lr``
            and ``decay``).

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
        name="rmsprop",
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
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
        # Slots that are not used are stood in for by the (unwritten) gradient.
        average = self._average_gradients[index]._value if self.centered else gradient
        momentum = self._momentums[index]._value if self.momentum > 0 else gradient
        w = variable._value
        new = self._new_value(variable)
        elementwise(
            _rmsprop_kernel,
            (gradient, velocity, average, momentum, w, new, self._scratch(gradient)),
            learning_rate,
            self.rho,
            self.epsilon,
            self.centered,
            self.momentum,
        )
        self._replace_value(variable, new)

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


def _rmsprop_kernel(
    gradient,
    velocity,
    average,
    momentum,
    variable,
    out,
    step,
    learning_rate,
    rho,
    epsilon,
    centered,
    momentum_rate,
):
    xp.multiply(gradient, gradient, out=step)
    step *= 1.0 - rho
    velocity *= rho
    velocity += step
    if centered:
        xp.multiply(gradient, 1.0 - rho, out=step)
        average *= rho
        average += step
        xp.multiply(average, average, out=step)
        xp.subtract(velocity, step, out=step)
        step += epsilon
    else:
        xp.add(velocity, epsilon, out=step)
    xp.sqrt(step, out=step)
    xp.divide(gradient, step, out=step)
    step *= learning_rate  # the increment
    if momentum_rate > 0:
        momentum *= momentum_rate
        momentum += step
        step = momentum
    xp.subtract(variable, step, out=out)
