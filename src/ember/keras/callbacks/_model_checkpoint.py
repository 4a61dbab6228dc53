"""``ModelCheckpoint``: save the model (or its weights) during training."""

import os
import warnings

from . import _monitor
from ._callback import Callback
from ._frequency import SaveFrequency


class ModelCheckpoint(Callback):
    """Save the model or its weights at the end of every epoch (or every N batches).

    The file is written with ``model.save`` (the whole model) or
    ``model.save_weights`` (``save_weights_only=True``). ``filepath`` may
    contain format fields filled from the epoch (1-based, as in Keras), the
    batch (1-based, when saving every N batches) and the epoch logs, e.g.
    ``"ckpt-{epoch:02d}-{val_loss:.2f}.keras"``.

    Args:
        filepath: where to save; a string or path-like, with optional format
            fields. A whole model needs a ``.keras`` or ``.h5`` name; weights
            may use any name (Keras 3's ``.weights.h5``, or the books' forms).
        monitor: the logged value that decides which model is best.
        verbose: 1 prints a line each time the callback saves or skips.
        save_best_only: only save when the monitored value improves on the
            best so far; without format fields in ``filepath`` the file then
            always holds the best model.
        save_weights_only: save only the weights (``model.save_weights``).
        mode: ``"min"``, ``"max"`` or ``"auto"`` (inferred from ``monitor``).
        save_freq: ``"epoch"``, or an integer: save after every this many
            training batches.
        initial_value_threshold: the initial best value: with
            ``save_best_only``, nothing is saved until it is beaten.

    Attributes:
        best: the best monitored value so far (``initial_value_threshold`` at
            first).

    Example:
        >>> from ember import keras
        >>> checkpoint = keras.callbacks.ModelCheckpoint(
        ...     "my_keras_model.keras", save_best_only=True)
        >>> # model.fit(X_train, y_train, validation_data=(X_valid, y_valid),
        >>> #           callbacks=[checkpoint])
        >>> # model = keras.models.load_model("my_keras_model.keras")
    """

    def __init__(
        self,
        filepath,
        monitor="val_loss",
        verbose=0,
        save_best_only=False,
        save_weights_only=False,
        mode="auto",
        save_freq="epoch",
        initial_value_threshold=None,
    ):
        super().__init__()
        self.filepath = os.fspath(filepath)
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.mode = _monitor.check_mode("ModelCheckpoint", mode)
        self.initial_value_threshold = initial_value_threshold
        self.best = initial_value_threshold
        self._frequency = SaveFrequency(
            save_freq,
            "Unrecognized save_freq: {save_freq}. Expected save_freq are 'epoch' or integer values",
        )
        self.save_freq = save_freq
        if not save_weights_only and not self.filepath.endswith((".keras", ".h5")):
            raise ValueError(
                "The filepath provided must end in `.keras` (Keras model format) or `.h5`. "
                f"Received: filepath={self.filepath}"
            )
        self._direction = None
        self._current_epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self._frequency.batch_done():
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self._frequency.per_epoch:
            self._save_model(epoch, None, logs)

    def _save_model(self, epoch, batch, logs):
        logs = logs or {}
        filepath = self._get_file_path(epoch, batch, logs)
        if not self._should_save(epoch, logs, filepath):
            return
        folder = os.path.dirname(filepath)
        if folder:
            os.makedirs(folder, exist_ok=True)
        if os.path.isdir(filepath):
            raise OSError(
                "Please specify a non-directory filepath for ModelCheckpoint. "
                f"Filepath used is an existing directory: {filepath}"
            )
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: finished saving model to {filepath}")

    def _should_save(self, epoch, logs, filepath):
        if not self.save_best_only:
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        raw = logs.get(self.monitor)
        current = _monitor.scalar(raw)
        if raw is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.", stacklevel=3)
            return True
        if current is None:
            warnings.warn(
                "Can save best model only when `monitor` is a scalar value. "
                f"Received: {raw}. Falling back to `save_best_only=False`.",
                stacklevel=3,
            )
            return True
        if self._direction is None:
            self._direction = _monitor.direction(
                "ModelCheckpoint", self.monitor, self.mode, self.model
            )
        best = "None" if self.best is None else f"{self.best:.5f}"
        if _monitor.is_improvement(current, self.best, self._direction):
            if self.verbose > 0:
                print(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from {best} to "
                    f"{current:.5f}, saving model to {filepath}"
                )
            self.best = current
            return True
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best}")
        return False

    def _get_file_path(self, epoch, batch, logs):
        fields = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as error:
            raise KeyError(
                f'Failed to format this callback filepath: "{self.filepath}". Reason: {error}'
            ) from None
