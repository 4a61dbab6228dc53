"""Adam: adaptive moment estimation (with the AMSGrad variant)."""

import math

from ember.backend import xp

from ._arguments import default_epsilon
from ._base import Optimizer
from ember.backend._parallel import elementwise


class Adam(Optimizer):
    """The Adam algorithm (Kingma & Ba, 2014), optionally AMSGrad.

    ``m = beta_1 * m + (1 - beta_1) * g``, ``v = beta_2 * v + (1 - beta_2) * g ** 2``
    and, at step ``t``,
    ``w -= learning_rate * sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t) * m / (sqrt(v) + epsilon)``.
    With ``amsgrad=True``, ``v`` in the denominator is replaced by its running
    maximum (Reddi et al., 2018).

    As in Keras, epsilon is the paper's "epsilon hat": the bias corrections are
    folded into the step size and epsilon is added to ``sqrt(v)``. PyTorch adds
    epsilon to ``sqrt(v / (1 - beta_2 ** t))`` instead, which equals Keras with
    an epsilon ``sqrt(1 - beta_2 ** t)`` times larger; the two agree when
    epsilon is negligible next to ``sqrt(v)``.
    http://arxiv.org/abs/1412.6980

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable.
            Defaults to ``0.001``.
        beta_1: the decay rate of the first-moment estimates.
        beta_2: the decay rate of the second-moment estimates.
        epsilon: a small constant for numerical stability ("epsilon hat").
        amsgrad: whether to use the AMSGrad variant.
        **kwargs: ``Optimizer``'s arguments (``weight_decay``, ``clipnorm``,
            ``clipvalue``, ``global_clipnorm``, ``use_ema``, ...; Keras 2's ``lr``
            and ``decay``).

    Example:
        >>> import ember as tf
        >>> w = tf.Variable([1.0, 2.0])
        >>> _ = Adam(learning_rate=0.1).apply_gradients([(tf.constant([3.0, -4.0]), w)])
        >>> w.numpy().round(4)  # the first step moves each weight by the learning rate
        array([0.9, 2.1], dtype=float32)
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
        name="adam",
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = default_epsilon(epsilon)
        self.amsgrad = amsgrad

    def build(self, var_list):
        """Create momentums and velocities (and velocity maxima for AMSGrad)."""
        if self.built:
            return
        super().build(var_list)
        self._momentums = self.add_optimizer_variables(var_list, "momentum")
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat")

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        m = self._momentums[index]._value
        v = self._velocities[index]._value
        v_max = self._velocity_hats[index]._value if self.amsgrad else v
        beta_1, beta_2, t = float(self.beta_1), float(self.beta_2), self._local_step
        alpha = learning_rate * math.sqrt(1.0 - beta_2**t) / (1.0 - beta_1**t)
        w = variable._value
        new = self._new_value(variable)
        arrays = (gradient, m, v, v_max, w, new)
        kernels, flat = self._compiled_kernels(*arrays)
        if kernels is not None:
            cast = w.dtype.type
            elementwise(kernels.adam, flat, cast(1.0 - beta_1), cast(1.0 - beta_2),
                        cast(self.epsilon), cast(alpha), bool(self.amsgrad))
        else:
            elementwise(_adam_kernel, arrays + (self._scratch(gradient),), beta_1, beta_2,
                        self.epsilon, alpha, self.amsgrad)
        self._replace_value(variable, new)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
                "amsgrad": self.amsgrad,
            }
        )
        return config


def update_moments(gradient, m, v, step, beta_1, beta_2):
    """``m += (g - m) * (1 - beta_1)`` and ``v += (g ** 2 - v) * (1 - beta_2)``, in place."""
    xp.subtract(gradient, m, out=step)
    step *= 1.0 - beta_1
    m += step
    xp.multiply(gradient, gradient, out=step)
    step -= v
    step *= 1.0 - beta_2
    v += step


def _adam_kernel(
    gradient, m, v, v_max, variable, out, step, beta_1, beta_2, epsilon, alpha, amsgrad
):
    update_moments(gradient, m, v, step, beta_1, beta_2)
    if amsgrad:
        xp.maximum(v_max, v, out=v_max)
        v = v_max
    xp.sqrt(v, out=step)
    step += epsilon
    xp.divide(m, step, out=step)
    step *= alpha
    xp.subtract(variable, step, out=out)
