"""``OneCycleScheduler``: Leslie Smith's 1cycle schedule, as *Hands-On ML* (ch. 11) builds it.

This is ember's callback, not a Keras class: the book writes it as a custom
callback, and ember ships it with the book's arguments and formula.
"""

from . import _monitor
from ._callback import Callback


class OneCycleScheduler(Callback):
    """Change the learning rate (and optionally the momentum) at every training batch.

    The 1cycle schedule of *Hands-On ML* chapter 11, over ``iterations``
    training batches in all (``ceil(n_samples / batch_size) * epochs``):

    - during the first half of the cycle the rate grows linearly from
      ``start_rate`` (``max_rate / 10`` by default) to ``max_rate``;
    - during the second half it comes back down linearly to ``start_rate``;
    - over the last ``last_iterations`` batches (``iterations // 10 + 1`` by
      default) it drops linearly towards ``last_rate`` (``start_rate / 1000``
      by default), and stays there if training goes on.

    The half cycle is ``(iterations - last_iterations) // 2`` batches, and the
    rate of batch ``i`` interpolates between the ends of its phase at ``i``,
    exactly as the book's class does. With ``max_momentum`` and
    ``min_momentum`` the momentum of the optimizer (which must have one, e.g.
    ``SGD(momentum=0.9)``) moves the other way: down from ``max_momentum`` to
    ``min_momentum`` in the first half, back up in the second, and stays at
    ``max_momentum`` for the last batches.

    The batch counter (``iteration``) carries over from one ``fit`` to the
    next, so a cycle may span several calls.

    Args:
        iterations: the number of training batches the cycle lasts.
        max_rate: the peak learning rate (*Hands-On ML* 3rd edition:
            ``max_lr``, which is accepted too).
        start_rate: the rate at the start and in the middle of the cycle
            (``start_lr``).
        last_iterations: how many batches the final drop lasts.
        last_rate: the rate reached at the end (``last_lr``).
        max_momentum: with ``min_momentum``, cycle the optimizer's momentum
            between these values (e.g. 0.95 and 0.85).
        min_momentum: the momentum in the middle of the cycle.

    Example:
        >>> import math
        >>> from ember import keras
        >>> n_epochs, batch_size, n_samples = 25, 128, 55000
        >>> onecycle = keras.callbacks.OneCycleScheduler(
        ...     math.ceil(n_samples / batch_size) * n_epochs, max_rate=0.05)
        >>> round(onecycle.rate_at(0), 6), onecycle.rate_at(onecycle.half_iteration)
        (0.005, 0.05)
        >>> # model.fit(X_train, y_train, epochs=n_epochs, batch_size=batch_size,
        >>> #           callbacks=[onecycle])
    """

    def __init__(
        self,
        iterations,
        max_rate=None,
        start_rate=None,
        last_iterations=None,
        last_rate=None,
        max_momentum=None,
        min_momentum=None,
        *,
        max_lr=None,
        start_lr=None,
        last_lr=None,
    ):
        super().__init__()
        max_rate = _one_of("max_rate", max_rate, "max_lr", max_lr, default=1e-3)
        start_rate = _one_of("start_rate", start_rate, "start_lr", start_lr)
        last_rate = _one_of("last_rate", last_rate, "last_lr", last_lr)
        if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 2:
            raise ValueError(
                "`iterations` must be an integer of at least 2 (the number of training "
                f"batches of the whole cycle). Received: iterations={iterations!r}"
            )
        if not max_rate > 0:
            raise ValueError(f"`max_rate` must be positive. Received: max_rate={max_rate!r}")
        if (max_momentum is None) != (min_momentum is None):
            raise ValueError(
                "Pass both `max_momentum` and `min_momentum` to cycle the momentum, or neither. "
                f"Received: max_momentum={max_momentum!r}, min_momentum={min_momentum!r}"
            )
        self.iterations = iterations
        self.max_rate = max_rate
        self.start_rate = start_rate or max_rate / 10
        self.last_iterations = last_iterations or iterations // 10 + 1
        if not 0 < self.last_iterations < iterations:
            raise ValueError(
                f"`last_iterations` must be between 1 and iterations - 1 = {iterations - 1}. "
                f"Received: last_iterations={self.last_iterations}"
            )
        self.half_iteration = (iterations - self.last_iterations) // 2
        self.last_rate = last_rate or self.start_rate / 1000
        self.max_momentum = max_momentum
        self.min_momentum = min_momentum
        self.iteration = 0

    def rate_at(self, iteration):
        """The learning rate of training batch ``iteration`` (0-based) of the cycle."""
        half = self.half_iteration
        if iteration < half:
            return _interpolate(iteration, 0, half, self.start_rate, self.max_rate)
        if iteration < 2 * half:
            return _interpolate(iteration, half, 2 * half, self.max_rate, self.start_rate)
        if iteration < self.iterations:
            return _interpolate(
                iteration, 2 * half, self.iterations, self.start_rate, self.last_rate
            )
        return self.last_rate

    def momentum_at(self, iteration):
        """The momentum of batch ``iteration`` (None when the momentum is not cycled)."""
        if self.max_momentum is None:
            return None
        half = self.half_iteration
        if iteration < half:
            return _interpolate(iteration, 0, half, self.max_momentum, self.min_momentum)
        if iteration < 2 * half:
            return _interpolate(iteration, half, 2 * half, self.min_momentum, self.max_momentum)
        return self.max_momentum

    def on_train_begin(self, logs=None):
        optimizer = _monitor.optimizer_of(self)
        if self.max_momentum is not None and not getattr(optimizer, "momentum", None):
            raise ValueError(
                "OneCycleScheduler can only cycle the momentum of an optimizer created with "
                "a non-zero `momentum` (e.g. SGD(momentum=0.9)). Received: "
                f"{type(optimizer).__name__} with momentum={getattr(optimizer, 'momentum', None)}"
            )

    def on_train_batch_begin(self, batch, logs=None):
        optimizer = self.model.optimizer
        _monitor.set_learning_rate(optimizer, self.rate_at(self.iteration))
        if self.max_momentum is not None:
            optimizer.momentum = self.momentum_at(self.iteration)
        self.iteration += 1


def _interpolate(iteration, start, stop, value_start, value_stop):
    return (value_stop - value_start) * (iteration - start) / (stop - start) + value_start


def _one_of(name, value, alias, alias_value, default=None):
    if value is not None and alias_value is not None:
        raise ValueError(f"Pass `{name}` or `{alias}`, not both.")
    if value is not None:
        return value
    return alias_value if alias_value is not None else default
