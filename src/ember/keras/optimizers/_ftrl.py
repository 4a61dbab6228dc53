"""FTRL-Proximal: follow the regularized leader."""

from ember.backend import xp

from ._arguments import as_real
from ._base import Optimizer
from ember.backend._parallel import elementwise


class Ftrl(Optimizer):
    """The FTRL-Proximal algorithm (McMahan et al., 2013), with Keras' L2 variants.

    With ``p = -learning_rate_power`` (0.5 by default), per coordinate:
    ``n_new = n + g ** 2``, ``sigma = (n_new ** p - n ** p) / learning_rate``,
    ``z += g + 2 * l2_shrinkage * w - sigma * w`` and
    ``w = (clip(z, -l1, l1) - z) / ((n_new ** p + beta) / learning_rate + 2 * l2)``,
    which is 0 where ``|z| <= l1``. ``l2_regularization_strength`` is the
    paper's stabilizing L2; ``l2_shrinkage_regularization_strength`` adds an
    L2 penalty to the loss (it shrinks the weights' magnitude).
    https://research.google.com/pubs/archive/41159.pdf

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable.
            Defaults to ``0.001``.
        learning_rate_power: a float <= 0: how the per-coordinate rate falls.
        initial_accumulator_value: the accumulators' starting value (>= 0).
        l1_regularization_strength: a float >= 0.
        l2_regularization_strength: a float >= 0.
        l2_shrinkage_regularization_strength: a float >= 0.
        beta: the paper's beta (added to ``sqrt(n)``).
        **kwargs: ``Optimizer``'s arguments (``weight_decay``, ``clipnorm``,
            ``clipvalue``, ``global_clipnorm``, ``use_ema``, ...; Keras 2's ``lr``
            and ``decay``).

    Example:
        >>> import ember as tf
        >>> w = tf.Variable([0.0])
        >>> opt = Ftrl(learning_rate=1.0, initial_accumulator_value=0.0)
        >>> _ = opt.apply_gradients([(tf.constant([2.0]), w)])  # z = 2, n = 4: w = -2 / 2
        >>> w.numpy()
        array([-1.], dtype=float32)
    """

    def __init__(
        self,
        learning_rate=0.001,
        learning_rate_power=-0.5,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        l2_shrinkage_regularization_strength=0.0,
        beta=0.0,
        name="ftrl",
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if as_real(learning_rate_power) is None or learning_rate_power > 0:
            raise ValueError(
                "`learning_rate_power` needs to be negative or zero. "
                f"Received: learning_rate_power={learning_rate_power}."
            )
        for arg, value in (
            ("initial_accumulator_value", initial_accumulator_value),
            ("l1_regularization_strength", l1_regularization_strength),
            ("l2_regularization_strength", l2_regularization_strength),
            ("l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength),
        ):
            if as_real(value) is None or value < 0:
                raise ValueError(f"`{arg}` needs to be positive or zero. Received: {arg}={value}.")
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, var_list):
        """Create the accumulators ``n`` and the linear terms ``z``."""
        if self.built:
            return
        var_list = list(var_list)
        super().build(var_list)
        self._accumulators = self.add_optimizer_variables(
            var_list, "accumulator", initializer=float(self.initial_accumulator_value)
        )
        self._linears = self.add_optimizer_variables(var_list, "linear")

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        w = variable._value
        new = self._new_value(variable)
        accumulator = self._accumulators[index]._value
        linear = self._linears[index]._value
        elementwise(
            _ftrl_kernel,
            (gradient, accumulator, linear, w, new, *self._scratch(w, 2)),
            learning_rate,
            -float(self.learning_rate_power),
            float(self.l1_regularization_strength),
            float(self.l2_regularization_strength) + float(self.beta) / (2.0 * learning_rate),
            float(self.l2_shrinkage_regularization_strength),
        )
        self._replace_value(variable, new)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "learning_rate_power": self.learning_rate_power,
                "initial_accumulator_value": self.initial_accumulator_value,
                "l1_regularization_strength": self.l1_regularization_strength,
                "l2_regularization_strength": self.l2_regularization_strength,
                "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
                "beta": self.beta,
            }
        )
        return config


def _power(array, power, out):
    return xp.sqrt(array, out=out) if power == 0.5 else xp.power(array, power, out=out)


def _ftrl_kernel(
    gradient,
    accumulator,
    linear,
    variable,
    out,
    new_power,
    sigma,
    learning_rate,
    power,
    l1,
    l2,
    shrinkage,
):
    _power(accumulator, power, out=sigma)
    xp.multiply(gradient, gradient, out=new_power)
    accumulator += new_power  # now n_new
    _power(accumulator, power, out=new_power)
    # z += g + 2 * shrinkage * w - sigma * w  ==  g - (sigma - 2 * shrinkage) * w
    xp.subtract(new_power, sigma, out=sigma)
    sigma *= 1.0 / learning_rate
    if shrinkage:
        sigma -= 2.0 * shrinkage
    sigma *= variable
    linear += gradient
    linear -= sigma
    new_power *= 1.0 / learning_rate
    new_power += 2.0 * l2  # the quadratic term
    xp.clip(linear, -l1, l1, out=sigma)
    sigma -= linear
    xp.divide(sigma, new_power, out=out)
