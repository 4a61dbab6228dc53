"""``BackupAndRestore``: resume a training run that was interrupted."""

import json
import os
import tempfile

import numpy as np

from ember.backend import op_generator

from ._callback import Callback
from ._frequency import SaveFrequency

_ARCHIVE = "latest_backup.npz"


class BackupAndRestore(Callback):
    """Back up the training state, and restore it when the same ``fit`` is run again.

    At the end of every epoch (or every ``save_freq`` batches) the callback
    writes one archive in ``backup_dir``: the model's weights
    (``get_weights``), the optimizer's state (``save_own_variables``: its
    iteration count, learning rate and slots), the number of the next epoch,
    and the state of ember's global random generator (which shuffles the
    batches). The archive is a NumPy ``.npz`` (no pickle) written to a
    temporary file and then renamed, so a run killed while saving leaves the
    previous backup intact.

    When ``fit`` starts and a backup exists, it is loaded and training resumes
    at the first epoch that had not completed, as in Keras 3: ``history.epoch``
    continues from there. A run resumed from an end-of-epoch backup then ends
    with exactly the weights of an uninterrupted run. A backup made in the
    middle of an epoch (integer ``save_freq``) resumes that epoch from its
    first batch with the weights it had when saved.

    When training ends normally the backup is deleted (``delete_checkpoint``);
    when the process dies or ``fit`` raises, it stays for the next run.

    Args:
        backup_dir: the folder of the backup; use one per training run and
            nothing else in it.
        save_freq: ``"epoch"``, or an integer: back up every this many
            training batches.
        delete_checkpoint: delete the backup when training finishes.

    Example:
        >>> from ember import keras
        >>> backup = keras.callbacks.BackupAndRestore(backup_dir="/tmp/backup")
        >>> # model.fit(X, y, epochs=10, callbacks=[backup])  # killed at epoch 4
        >>> # model.fit(X, y, epochs=10, callbacks=[backup])  # runs epochs 4 to 9
    """

    def __init__(self, backup_dir, save_freq="epoch", delete_checkpoint=True):
        super().__init__()
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        self._frequency = SaveFrequency(
            save_freq,
            "Invalid value for argument `save_freq`. Received: save_freq={save_freq}. "
            "Expected either 'epoch' or an integer value.",
        )
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.delete_checkpoint = delete_checkpoint
        self._current_epoch = 0

    @property
    def backup_path(self):
        """The archive's path."""
        return os.path.join(self.backup_dir, _ARCHIVE)

    def on_train_begin(self, logs=None):
        if not getattr(self.model, "built", False):
            raise ValueError(
                "To use the BackupAndRestore callback, your model must be built before you "
                f"call `fit()`. Model {self.model.name!r} is unbuilt. You can build it "
                "beforehand by calling it on a batch of data, or by giving its input shape."
            )
        if os.path.exists(self.backup_path):
            self._restore()

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self._frequency.batch_done():
            self._save(next_epoch=self._current_epoch, batch=batch)

    def on_epoch_end(self, epoch, logs=None):
        if self._frequency.per_epoch:
            self._save(next_epoch=epoch + 1, batch=None)

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.exists(self.backup_path):
            os.remove(self.backup_path)
            try:
                os.rmdir(self.backup_dir)
            except OSError:  # the folder holds other files: leave them
                pass

    # -- the archive ---------------------------------------------------------------------
    def _save(self, next_epoch, batch):
        arrays = {f"weight_{i}": w for i, w in enumerate(self.model.get_weights())}
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None:
            store = {}
            optimizer.save_own_variables(store)
            arrays.update({f"optimizer_{key}": value for key, value in store.items()})
        metadata = {
            "epoch": next_epoch,
            "batch": batch,
            "random_state": op_generator(None).bit_generator.state,
        }
        arrays["metadata"] = np.array(json.dumps(metadata))
        os.makedirs(self.backup_dir, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".backup-", suffix=".tmp", dir=self.backup_dir)
        try:
            with os.fdopen(handle, "wb") as file:
                np.savez(file, **arrays)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.backup_path)
        except BaseException:
            if os.path.exists(temporary):
                os.remove(temporary)
            raise

    def _restore(self):
        with np.load(self.backup_path, allow_pickle=False) as archive:
            metadata = json.loads(str(archive["metadata"]))
            weights = _numbered(archive, "weight_")
            optimizer_state = {
                key[len("optimizer_") :]: archive[key]
                for key in archive.files
                if key.startswith("optimizer_")
            }
        self.model.set_weights([weights[i] for i in range(len(weights))])
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and optimizer_state:
            if not optimizer.built:
                optimizer.build(self.model.trainable_variables)
            optimizer.load_own_variables(optimizer_state)
        generator = op_generator(None)
        if (
            metadata.get("random_state", {}).get("bit_generator")
            == type(generator.bit_generator).__name__
        ):
            generator.bit_generator.state = metadata["random_state"]
        self.model._initial_epoch = int(metadata["epoch"])


def _numbered(archive, prefix):
    items = {
        int(key[len(prefix) :]): archive[key] for key in archive.files if key.startswith(prefix)
    }
    if sorted(items) != list(range(len(items))):
        raise ValueError(f"The backup archive is missing some {prefix!r} arrays: {sorted(items)}")
    return items
