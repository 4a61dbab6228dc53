"""``TensorBoard``: write training curves, histograms and the model to event files."""

import json
import os
import time
import warnings

import numpy as np

from . import _event_file, _monitor
from ._callback import Callback


class TensorBoard(Callback):
    """Write logs that TensorBoard displays (``tensorboard --logdir=logs``).

    The files follow Keras' layout: training values go to ``log_dir/train``
    and validation values to ``log_dir/validation``, as scalars named
    ``epoch_<name>`` at step ``epoch`` (0-based; validation names lose their
    ``val_`` prefix, and ``epoch_learning_rate`` is added). With
    ``update_freq="batch"`` or an integer N, the running training logs are
    also written every N batches as ``batch_<name>`` at the step counting
    training batches since ``fit`` started (1-based). At the end of every
    validation (and of ``evaluate``) the results go to ``validation`` as
    ``evaluation_<name>_vs_iterations`` at step ``optimizer.iterations``.
    TensorFlow is not needed: the event files are written by
    ``_event_file.EventFileWriter``.

    Args:
        log_dir: the folder of this run's logs.
        histogram_freq: every this many epochs (0: never), write a histogram
            of every weight (``<layer>/<weight>/histogram``, 30 buckets).
        write_graph: write the model's configuration at the start of training,
            which TensorBoard's graph tab draws as a conceptual graph.
        write_images: with ``histogram_freq``, also write each weight as a
            grayscale image (``<layer>/<weight>/image``).
        write_steps_per_second: also write the training speed
            (``epoch_steps_per_second``, ``batch_steps_per_second``).
        update_freq: ``"epoch"``, ``"batch"`` (every batch) or an integer.
        profile_batch: accepted for the books' code, which asks TensorFlow's
            profiler for some batches; ember has no profiler and warns.
        embeddings_freq: every this many epochs (0: never), write the
            ``Embedding`` layers' matrices as TSV files with a
            ``projector_config.pbtxt`` for TensorBoard's projector.
        embeddings_metadata: a metadata file name for every embedding, or a
            dict from layer names to metadata file names.

    Example:
        >>> import os, time
        >>> from ember import keras
        >>> run_logdir = os.path.join("my_logs", time.strftime("run_%Y_%m_%d-%H_%M_%S"))
        >>> tensorboard_cb = keras.callbacks.TensorBoard(run_logdir)
        >>> # model.fit(X_train, y_train, epochs=30, validation_data=(X_valid, y_valid),
        >>> #           callbacks=[tensorboard_cb])
    """

    def __init__(
        self,
        log_dir="logs",
        histogram_freq=0,
        write_graph=True,
        write_images=False,
        write_steps_per_second=False,
        update_freq="epoch",
        profile_batch=0,
        embeddings_freq=0,
        embeddings_metadata=None,
    ):
        super().__init__()
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = _non_negative_int("histogram_freq", histogram_freq)
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        if update_freq == "batch":
            update_freq = 1
        if update_freq != "epoch":
            update_freq = _non_negative_int("update_freq", update_freq)
            if update_freq == 0:
                raise ValueError(
                    "`update_freq` must be 'epoch', 'batch' or a positive integer. "
                    "Received: update_freq=0"
                )
        self.update_freq = update_freq
        self.profile_batch = _check_profile_batch(profile_batch)
        self.embeddings_freq = _non_negative_int("embeddings_freq", embeddings_freq)
        self.embeddings_metadata = embeddings_metadata
        self._writers = {}
        self._global_train_batch = 0
        self._graph_written = False
        self._training = False

    # -- writers -------------------------------------------------------------------------
    def _writer(self, name):
        if name not in self._writers:
            self._writers[name] = _event_file.EventFileWriter(os.path.join(self.log_dir, name))
        return self._writers[name]

    def _close_writers(self):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    # -- hooks ---------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        self._training = True
        if self.profile_batch:
            warnings.warn(
                f"TensorBoard(profile_batch={self.profile_batch!r}): ember has no profiler; "
                "no profile is written.",
                stacklevel=2,
            )
        if self.write_graph and not self._graph_written:
            self._write_model_config()
            self._graph_written = True
        if self.embeddings_freq:
            self._write_projector_config()

    def on_train_end(self, logs=None):
        self._training = False
        self._close_writers()

    def on_epoch_begin(self, epoch, logs=None):
        if self.write_steps_per_second:
            self._epoch_start = time.perf_counter()
            self._epoch_start_iterations = self._iterations()

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1
        if self.write_steps_per_second:
            self._batch_start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        if self.update_freq == "epoch" or self._global_train_batch % self.update_freq:
            return
        values = [
            _event_file.scalar_value(f"batch_{name}", value)
            for name, value in _scalars(logs).items()
        ]
        if self.write_steps_per_second:
            elapsed = time.perf_counter() - self._batch_start
            values.append(
                _event_file.scalar_value("batch_steps_per_second", 1.0 / max(elapsed, 1e-12))
            )
        if values:
            self._writer("train").add_values(self._global_train_batch, values)

    def on_epoch_end(self, epoch, logs=None):
        logs = _scalars(logs)
        train = {name: value for name, value in logs.items() if not name.startswith("val_")}
        validation = {name[4:]: value for name, value in logs.items() if name.startswith("val_")}
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and hasattr(optimizer, "learning_rate"):
            train["learning_rate"] = _monitor.get_learning_rate(optimizer)
        if self.write_steps_per_second:
            elapsed = time.perf_counter() - self._epoch_start
            steps = self._iterations() - self._epoch_start_iterations
            train["steps_per_second"] = steps / max(elapsed, 1e-12)
        for name, values in (("train", train), ("validation", validation)):
            if values:
                encoded = [
                    _event_file.scalar_value(f"epoch_{key}", value) for key, value in values.items()
                ]
                self._writer(name).add_values(epoch, encoded)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._write_weights(epoch)
        if self.embeddings_freq and epoch % self.embeddings_freq == 0:
            self._write_embeddings()

    def on_test_end(self, logs=None):
        values = [
            _event_file.scalar_value(f"evaluation_{name}_vs_iterations", value)
            for name, value in _scalars(logs).items()
        ]
        if values and getattr(self.model, "optimizer", None) is not None:
            self._writer("validation").add_values(self._iterations(), values)
        if not self._training:  # a standalone evaluate(): its events go to a file of their own
            self._close_writers()

    # -- what is written -------------------------------------------------------------------
    def _iterations(self):
        optimizer = getattr(self.model, "optimizer", None)
        iterations = getattr(optimizer, "iterations", None)
        return 0 if iterations is None else int(np.asarray(iterations))

    def _write_weights(self, epoch):
        values = []
        for layer in getattr(self.model, "layers", []):
            for weight in layer.weights:
                name = _weight_name(weight)
                array = np.asarray(weight)
                values.append(_event_file.histogram_value(f"{name}/histogram", array))
                if self.write_images:
                    image = _weight_image(array)
                    if image is not None:
                        values.append(_event_file.image_value(f"{name}/image", image))
        if values:
            self._writer("train").add_values(epoch, values)

    def _write_model_config(self):
        """The model's config as JSON, for TensorBoard's conceptual graph (Keras' "keras" tag)."""
        if type(self.model).__name__ not in ("Sequential", "Functional"):
            return
        from ember.keras.saving import serialize_keras_object

        try:
            text = json.dumps(serialize_keras_object(self.model))
        except (TypeError, ValueError) as error:
            warnings.warn(f"Model failed to serialize as JSON. Ignoring... {error}", stacklevel=3)
            return
        value = _event_file.text_tensor_value("keras", text, "graph_keras_model", b"1")
        self._writer("train").add_values(0, [value])

    def _embedding_layers(self):
        from ember.keras.layers import Embedding

        return [
            layer for layer in getattr(self.model, "layers", []) if isinstance(layer, Embedding)
        ]

    def _write_projector_config(self):
        metadata = self.embeddings_metadata
        layers = self._embedding_layers()
        if isinstance(metadata, dict):
            unknown = set(metadata) - {layer.name for layer in layers}
            if unknown:
                raise ValueError(
                    "Unrecognized `Embedding` layer names passed to "
                    f"`keras.callbacks.TensorBoard` `embeddings_metadata` argument: {unknown}"
                )
        entries = []
        for layer in layers:
            entry = (
                f'embeddings {{\n  tensor_name: "{layer.name}/embeddings"\n'
                f'  tensor_path: "{_embedding_file(layer)}"\n'
            )
            path = metadata if isinstance(metadata, str) else (metadata or {}).get(layer.name)
            if path:
                entry += f'  metadata_path: "{path}"\n'
            entries.append(entry + "}\n")
        os.makedirs(self.log_dir, exist_ok=True)
        with open(
            os.path.join(self.log_dir, "projector_config.pbtxt"), "w", encoding="utf-8"
        ) as config:
            config.write("".join(entries))

    def _write_embeddings(self):
        for layer in self._embedding_layers():
            matrix = np.asarray(layer.embeddings)
            path = os.path.join(self.log_dir, _embedding_file(layer))
            temporary = path + ".tmp"
            np.savetxt(temporary, matrix, delimiter="\t", fmt="%.8g")
            os.replace(temporary, path)


def _scalars(logs):
    """The numeric scalar entries of ``logs``, as Python floats."""
    result = {}
    for name, value in (logs or {}).items():
        number = _monitor.scalar(value)
        if number is not None:
            result[name] = number
    return result


def _weight_name(weight):
    """``dense/kernel`` from ``dense/kernel:0`` (the ``:`` is not allowed in tags)."""
    name = str(weight.name)
    return name[: -len(":0")] if name.endswith(":0") else name.replace(":", "_")


def _weight_image(array):
    """A 2-d view of a weight for ``write_images`` (None when it has no natural one)."""
    array = np.squeeze(array)
    if array.ndim == 1:
        return array[np.newaxis, :]
    if array.ndim == 2:
        return array.T if array.shape[0] > array.shape[1] else array
    return None


def _embedding_file(layer):
    return f"{layer.name}_embeddings.tsv"


def _non_negative_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"`{name}` must be a non-negative integer. Received: {name}={value!r}")
    return int(value)


def _check_profile_batch(profile_batch):
    """Keras' accepted forms: an int, a pair of ints, or a "start,stop" string."""
    message = (
        "profile_batch must be a non-negative integer or 2-tuple of positive integers. "
        "A pair of positive integers signifies a range of batches to profile. "
        f"Found: {profile_batch}"
    )
    value = profile_batch
    if isinstance(value, str):
        try:
            value = [int(part) for part in value.split(",")]
        except ValueError:
            raise ValueError(message) from None
        value = value[0] if len(value) == 1 else value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        start = stop = int(value)
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        start, stop = value
    else:
        raise ValueError(message)
    if start < 0 or stop < start:
        raise ValueError(message)
    return profile_batch
