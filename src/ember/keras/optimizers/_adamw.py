"""AdamW: Adam with decoupled weight decay."""

from ._adam import Adam


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

    Each step first shrinks every variable, ``w -= learning_rate * weight_decay * w``
    (skipping those given to ``exclude_from_weight_decay``), then applies
    Adam's update. This is the shared ``weight_decay`` of every ember
    optimizer; AdamW only makes it default to ``0.004``. PyTorch's ``AdamW``
    decays the same way (``w *= 1 - lr * weight_decay`` before the Adam step).
    https://arxiv.org/abs/1711.05101

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable.
            Defaults to ``0.001``.
        weight_decay: the decay rate (required, a float).
        beta_1: the decay rate of the first-moment estimates.
        beta_2: the decay rate of the second-moment estimates.
        epsilon: a small constant for numerical stability ("epsilon hat").
        amsgrad: whether to use the AMSGrad variant.
        **kwargs: ``Optimizer``'s arguments (``clipnorm``, ``use_ema``, ...;
            Keras 2's ``lr`` and ``decay``).

    Example:
        >>> import ember as tf
        >>> w = tf.Variable([1.0])
        >>> opt = AdamW(learning_rate=0.1, weight_decay=0.5)
        >>> _ = opt.apply_gradients([(tf.constant([1.0]), w)])
        >>> w.numpy().round(4)  # 1 * (1 - 0.1 * 0.5) - 0.1
        array([0.85], dtype=float32)
    """

    def __init__(
        self,
        learning_rate=0.001,
        weight_decay=0.004,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
        name="adamw",
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            weight_decay=weight_decay,
            name=name,
            **kwargs,
        )
        if self.weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None")
