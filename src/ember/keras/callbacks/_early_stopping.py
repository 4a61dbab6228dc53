"""``EarlyStopping``: stop training when a monitored value stops improving."""

import warnings

from . import _monitor
from ._callback import Callback


class EarlyStopping(Callback):
    """Stop training when a monitored metric has stopped improving.

    At the end of every epoch the monitored value is compared with the best so
    far; after ``patience`` epochs without an improvement larger than
    ``min_delta``, ``model.stop_training`` is set and ``fit`` returns. As in
    Keras 3, with ``restore_best_weights=True`` the weights of the best epoch
    are put back when training ends, whether it stopped early or ran all its
    epochs.

    Args:
        monitor: the quantity to watch, a key of the epoch logs.
        min_delta: the smallest change that counts as an improvement.
        patience: how many epochs without improvement are tolerated.
        verbose: 1 prints a message when training stops and when weights are
            restored.
        mode: ``"min"``, ``"max"`` or ``"auto"`` (inferred from the monitored
            name: losses are minimised, accuracies and AUCs maximised).
        baseline: a value to beat: the patience counter only restarts on epochs
            that improve on both the best value and the baseline.
        restore_best_weights: restore the weights of the best epoch at the end
            of training.
        start_from_epoch: the number of warm-up epochs that are not monitored.

    Attributes:
        stopped_epoch: the epoch (0-based) at which training was stopped, or 0.
        best: the best monitored value so far.
        best_epoch: the epoch of ``best``.
        wait: epochs since the last improvement.

    Example:
        >>> import numpy as np
        >>> from ember import keras
        >>> model = keras.Sequential([keras.layers.Dense(1, input_shape=(2,))])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> stopper = keras.callbacks.EarlyStopping(monitor="loss", patience=3,
        ...                                         restore_best_weights=True)
        >>> history = model.fit(np.zeros((8, 2)), np.zeros(8), epochs=50,
        ...                     callbacks=[stopper], verbose=0)
        >>> len(history.epoch) < 50
        True
    """

    def __init__(
        self,
        monitor="val_loss",
        min_delta=0,
        patience=0,
        verbose=0,
        mode="auto",
        baseline=None,
        restore_best_weights=False,
        start_from_epoch=0,
    ):
        super().__init__()
        self.monitor = monitor
        self.min_delta = abs(min_delta)
        self.patience = patience
        self.verbose = verbose
        self.mode = _monitor.check_mode("EarlyStopping", mode)
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self._direction = None
        self._reset()

    def _reset(self):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_epoch = 0
        self.best_weights = None

    def on_train_begin(self, logs=None):
        self._reset()  # an instance can be reused for several fits

    def on_epoch_end(self, epoch, logs=None):
        if self._direction is None:  # the compiled metrics exist by now
            self._direction = _monitor.direction(
                "EarlyStopping", self.monitor, self.mode, self.model
            )
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(
                    f"Restoring model weights from the end of the best epoch: "
                    f"{self.best_epoch + 1}."
                )
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        """The monitored value in ``logs`` (a warning and None when it is missing)."""
        logs = logs or {}
        value = _monitor.scalar(logs.get(self.monitor))
        if value is None:
            warnings.warn(
                f"Early stopping conditioned on metric `{self.monitor}` which is not "
                f"available. Available metrics are: {','.join(logs)}",
                stacklevel=2,
            )
        return value

    def _is_improvement(self, value, reference):
        return _monitor.is_improvement(value, reference, self._direction, self.min_delta)
