"""``LearningRateScheduler``: set the learning rate at the start of every epoch."""

import inspect

import numpy as np

from . import _monitor
from ._callback import Callback


class LearningRateScheduler(Callback):
    """Set the optimizer's learning rate from ``schedule`` at the start of every epoch.

    ``schedule`` is called with the epoch index (0-based) and, if it accepts a
    second argument, the current learning rate: ``schedule(epoch)`` (the form
    of *Hands-On ML*'s ``exponential_decay_fn``) or ``schedule(epoch, lr)``
    (Keras 3's). At the end of every epoch the rate in use is written to the
    logs as ``"learning_rate"``, so ``history.history["learning_rate"]`` holds
    one value per epoch.

    Args:
        schedule: a function of ``epoch`` or of ``(epoch, lr)`` returning the
            new learning rate (a number).
        verbose: 1 prints the new rate at the start of each epoch.

    Example:
        >>> from ember import keras
        >>> def exponential_decay_fn(epoch):
        ...     return 0.01 * 0.1 ** (epoch / 20)
        >>> lr_scheduler = keras.callbacks.LearningRateScheduler(exponential_decay_fn)
        >>> # history = model.fit(X, y, epochs=25, callbacks=[lr_scheduler])
        >>> # history.history["learning_rate"][1] == 0.01 * 0.1 ** (1 / 20), in float32
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                "`schedule` must be a function of (epoch) or (epoch, lr). "
                f"Received: schedule={schedule!r}"
            )
        self.schedule = schedule
        self.verbose = verbose
        self._takes_lr = _accepts_two_arguments(schedule)

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = _monitor.optimizer_of(self)
        if self._takes_lr is None:  # signature unknown: Keras' try-and-fall-back
            try:
                value = self.schedule(epoch, _monitor.get_learning_rate(optimizer))
            except TypeError:
                value = self.schedule(epoch)
        elif self._takes_lr:
            value = self.schedule(epoch, _monitor.get_learning_rate(optimizer))
        else:
            value = self.schedule(epoch)
        rate = _monitor.scalar(value)
        if rate is None or isinstance(value, (bool, np.bool_)):
            raise ValueError(
                f"The output of the `schedule` function should be a float. Got: {value!r}"
            )
        _monitor.set_learning_rate(optimizer, rate)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {rate}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = _monitor.get_learning_rate(_monitor.optimizer_of(self))


def _accepts_two_arguments(function):
    """True if ``function(epoch, lr)`` binds, False if only ``function(epoch)``; None if unknown."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    try:
        signature.bind(0, 0.0)
        return True
    except TypeError:
        pass
    try:
        signature.bind(0)
        return False
    except TypeError:
        return None
