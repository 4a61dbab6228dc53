"""``ReduceLROnPlateau``: divide the learning rate when a metric stops improving."""

import warnings

import numpy as np

from . import _monitor
from ._callback import Callback


class ReduceLROnPlateau(Callback):
    """Multiply the learning rate by ``factor`` when a monitored value plateaus.

    *Hands-On ML*'s "performance scheduling": after ``patience`` epochs without
    an improvement larger than ``min_delta``, the learning rate becomes
    ``max(lr * factor, min_lr)``; then ``cooldown`` epochs pass before the
    counting starts again. The rate in use is written to the epoch logs as
    ``"learning_rate"``.

    Args:
        monitor: the quantity to watch, a key of the epoch logs.
        factor: the multiplier of the learning rate, below 1.
        patience: epochs without improvement before the rate is reduced.
        verbose: 1 prints a message when the rate is reduced.
        mode: ``"min"``, ``"max"`` or ``"auto"`` (inferred from ``monitor``;
            names it cannot tell are minimised, as in Keras).
        min_delta: the smallest change that counts as an improvement.
        cooldown: epochs to wait after a reduction before counting again.
        min_lr: the lowest learning rate.

    Example:
        >>> from ember import keras
        >>> lr_scheduler = keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=5)
        >>> # history = model.fit(X_train, y_train, validation_data=(X_valid, y_valid),
        >>> #                     epochs=25, callbacks=[lr_scheduler])
    """

    def __init__(
        self,
        monitor="val_loss",
        factor=0.1,
        patience=10,
        verbose=0,
        mode="auto",
        min_delta=1e-4,
        cooldown=0,
        min_lr=0.0,
        **kwargs,
    ):
        super().__init__()
        if "epsilon" in kwargs:  # Keras 2.0's name of min_delta
            min_delta = kwargs.pop("epsilon")
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments: {sorted(kwargs)}")
        if factor >= 1.0:
            raise ValueError(
                f"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={factor}"
            )
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.mode = _monitor.check_mode("ReduceLROnPlateau", mode)
        self.min_delta = min_delta
        self.cooldown = cooldown
        self.min_lr = min_lr
        self._direction = None
        self._reset()

    def _reset(self):
        self.best = None
        self.wait = 0
        self.cooldown_counter = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def in_cooldown(self):
        """Whether the callback is waiting after a reduction."""
        return self.cooldown_counter > 0

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        optimizer = _monitor.optimizer_of(self)
        logs["learning_rate"] = _monitor.get_learning_rate(optimizer)
        current = _monitor.scalar(logs.get(self.monitor))
        if current is None:
            warnings.warn(
                f"Learning rate reduction is conditioned on metric `{self.monitor}` which is "
                f"not available. Available metrics are: {','.join(logs)}.",
                stacklevel=2,
            )
            return
        if self._direction is None:
            self._direction = _monitor.direction(
                "ReduceLROnPlateau", self.monitor, self.mode, self.model, default="min"
            )
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if _monitor.is_improvement(current, self.best, self._direction, self.min_delta):
            self.best = current
            self.wait = 0
            return
        if self.in_cooldown():
            return
        self.wait += 1
        if self.wait < self.patience:
            return
        old = logs["learning_rate"]
        if old > np.float32(self.min_lr):
            new = max(old * self.factor, self.min_lr)
            _monitor.set_learning_rate(optimizer, new)
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new}.")
            self.cooldown_counter = self.cooldown
            self.wait = 0
