"""BackupAndRestore: a training process killed mid-epoch resumes and ends like an uninterrupted run."""

import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from ember import keras

SCRIPT = textwrap.dedent("""
    import os, signal, sys
    import numpy as np
    from ember import keras

    mode, backup_dir, out = sys.argv[1:4]
    keras.utils.set_random_seed(42)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 5)).astype("float32")
    y = (x @ rng.normal(size=(5, 1)) + 0.1 * rng.normal(size=(64, 1))).astype("float32")
    model = keras.Sequential([
        keras.layers.Dense(8, activation="relu", input_shape=(5,)),
        keras.layers.Dropout(0.2),  # draws from the global generator, saved with the backup
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")

    class Kill(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            if self.epoch == 2 and batch == 1:  # during the third epoch
                os.kill(os.getpid(), signal.SIGKILL)

    callbacks = []
    if mode != "plain":
        callbacks.append(keras.callbacks.BackupAndRestore(backup_dir))
    if mode == "kill":
        callbacks.append(Kill())
    history = model.fit(x, y, epochs=6, batch_size=16, validation_split=0.25,
                        callbacks=callbacks, verbose=0)
    state = {}
    model.optimizer.save_own_variables(state)
    np.savez(out, epochs=np.array(history.epoch), loss=np.array(history.history["loss"]),
             val_loss=np.array(history.history["val_loss"]),
             **{f"w{i}": w for i, w in enumerate(model.get_weights())},
             **{f"opt{k}": v for k, v in state.items()})
""")


def _run(script, mode, backup_dir, out):
    return subprocess.run(
        [sys.executable, str(script), mode, str(backup_dir), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )


def test_killed_process_resumes_with_identical_weights(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    backup = tmp_path / "backup"

    plain = _run(script, "plain", backup, tmp_path / "plain.npz")
    assert plain.returncode == 0, plain.stderr

    killed = _run(script, "kill", backup, tmp_path / "killed.npz")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not (tmp_path / "killed.npz").exists()
    assert os.listdir(backup) == ["latest_backup.npz"]  # no temporary file left behind
    with np.load(backup / "latest_backup.npz", allow_pickle=False) as archive:
        assert '"epoch": 2' in str(archive["metadata"])

    resumed = _run(script, "kill-free", backup, tmp_path / "resumed.npz")
    assert resumed.returncode == 0, resumed.stderr
    assert not backup.exists()  # deleted when training finished

    with np.load(tmp_path / "plain.npz") as reference, np.load(tmp_path / "resumed.npz") as result:
        assert result["epochs"].tolist() == [2, 3, 4, 5]  # Keras 3: the epochs run again
        for key in reference.files:
            if key.startswith(("w", "opt")):  # weights, Adam's iterations and moments
                np.testing.assert_array_equal(result[key], reference[key], err_msg=key)
        np.testing.assert_array_equal(result["loss"], reference["loss"][2:])
        np.testing.assert_array_equal(result["val_loss"], reference["val_loss"][2:])
        assert int(result["opt0"]) == 6 * 3  # 48 training samples in batches of 16


def _model(seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.layers.Dense(2, input_shape=(3,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9), loss="mse")
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(20, 3)).astype("float32")
    return model, x, x.sum(axis=1, keepdims=True)


class Stop(keras.callbacks.Callback):
    """Raises at the start of epoch ``epoch`` (an interruption that on_train_end never sees)."""

    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch:
            raise KeyboardInterrupt


def test_in_process_resume_keeps_optimizer_state(tmp_path):
    reference, x, y = _model()
    reference.fit(x, y, epochs=5, batch_size=5, shuffle=False, verbose=0)

    model, x, y = _model()
    backup = keras.callbacks.BackupAndRestore(tmp_path / "b", delete_checkpoint=False)
    with pytest.raises(KeyboardInterrupt):
        model.fit(
            x, y, epochs=5, batch_size=5, shuffle=False, verbose=0, callbacks=[backup, Stop(3)]
        )
    fresh, _, _ = _model(seed=7)  # another process would start from other weights
    history = fresh.fit(x, y, epochs=5, batch_size=5, shuffle=False, verbose=0, callbacks=[backup])
    assert history.epoch == [3, 4]
    for got, expected in zip(fresh.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(got, expected)
    for got, expected in zip(fresh.optimizer.variables, reference.optimizer.variables):
        np.testing.assert_array_equal(got.numpy(), expected.numpy())
    assert os.path.exists(backup.backup_path)  # delete_checkpoint=False keeps it


def test_backups_every_n_batches(tmp_path):
    model, x, y = _model()
    saved = []

    class Watch(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            path = os.path.join(tmp_path, "latest_backup.npz")
            if os.path.exists(path):
                with np.load(path, allow_pickle=False) as archive:
                    saved.append((batch, str(archive["metadata"])[:24]))
                os.remove(path)

    backup = keras.callbacks.BackupAndRestore(tmp_path, save_freq=3)
    model.fit(x, y, epochs=2, batch_size=5, verbose=0, callbacks=[backup, Watch()])
    # 4 batches an epoch; backups after batches 3, 6 (epoch 1, batch 1) ...
    # the metadata name the epoch to resume, which a mid-epoch backup runs again
    assert saved == [(2, '{"epoch": 0, "batch": 2,'), (1, '{"epoch": 1, "batch": 1,')]


def test_archive_holds_weights_and_optimizer_state(tmp_path):
    model, x, y = _model()
    seen = {}

    class Peek(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            with np.load(
                os.path.join(tmp_path, "latest_backup.npz"), allow_pickle=False
            ) as archive:
                seen[epoch] = {key: archive[key] for key in archive.files}
            seen[f"weights{epoch}"] = self.model.get_weights()
            seen[f"optimizer{epoch}"] = [v.numpy() for v in self.model.optimizer.variables]

    model.fit(
        x,
        y,
        epochs=2,
        batch_size=10,
        verbose=0,
        callbacks=[keras.callbacks.BackupAndRestore(tmp_path), Peek()],
    )
    archive = seen[1]
    weights = [archive[f"weight_{i}"] for i in range(4)]
    for got, expected in zip(weights, seen["weights1"]):
        np.testing.assert_array_equal(got, expected)
    optimizer = [archive[f"optimizer_{i}"] for i in range(len(seen["optimizer1"]))]
    for got, expected in zip(optimizer, seen["optimizer1"]):
        np.testing.assert_array_equal(got, expected)
    assert int(archive["optimizer_0"]) == 4  # iterations after 2 epochs of 2 batches
    assert not os.path.exists(tmp_path)  # the folder is removed with the backup


def test_arguments_and_unbuilt_model(tmp_path):
    with pytest.raises(ValueError, match="Empty `backup_dir`"):
        keras.callbacks.BackupAndRestore("")
    with pytest.raises(ValueError, match="save_freq"):
        keras.callbacks.BackupAndRestore(tmp_path, save_freq="batch")
    model = keras.Sequential([keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="must be built before you call `fit\\(\\)`"):
        model.fit(
            np.ones((4, 2)),
            np.ones(4),
            verbose=0,
            callbacks=[keras.callbacks.BackupAndRestore(tmp_path)],
        )
