"""``TerminateOnNaN``: stop training as soon as the loss is NaN or infinite."""

import numpy as np

from ._callback import Callback


class TerminateOnNaN(Callback):
    """Stop training when a training batch's loss is NaN or infinite.

    By default training stops gracefully: ``model.stop_training`` is set, the
    current epoch ends and every callback's ``on_train_end`` runs. With
    ``raise_error=True`` a ``RuntimeError`` is raised at once instead, so no
    ``on_train_end`` runs (a ``BackupAndRestore`` backup is then kept).

    Args:
        raise_error: raise ``RuntimeError`` instead of stopping gracefully.

    Example:
        >>> from ember import keras
        >>> terminate = keras.callbacks.TerminateOnNaN()
        >>> # model.fit(X, y, callbacks=[terminate])
    """

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = raise_error

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        loss = np.asarray(loss, dtype=np.float64)
        if np.isnan(loss).any() or np.isinf(loss).any():
            if self.raise_error:
                raise RuntimeError(
                    f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. "
                    "Terminating training immediately."
                )
            print(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True
