"""TensorBoard event files, read back with the tensorboard package, against the History."""

import glob
import io
import json
import os
import struct
from pathlib import Path

import numpy as np
import pytest

from ember import keras
from ember.keras.callbacks import _event_file

event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
event_file_loader = pytest.importorskip("tensorboard.backend.event_processing.event_file_loader")
event_pb2 = pytest.importorskip("tensorboard.compat.proto.event_pb2")

EVERYTHING = {
    event_accumulator.SCALARS: 0,
    event_accumulator.HISTOGRAMS: 0,
    event_accumulator.TENSORS: 0,
    event_accumulator.IMAGES: 0,
}


def _read(folder):
    accumulator = event_accumulator.EventAccumulator(str(folder), size_guidance=EVERYTHING)
    accumulator.Reload()
    return accumulator


def _scalars(accumulator, tag):
    return [(event.step, event.value) for event in accumulator.Scalars(tag)]


def _f32(values):
    return [float(np.float32(v)) for v in values]


class Spy(keras.callbacks.Callback):
    """The running logs of every training batch and the weights at every epoch end."""

    def __init__(self):
        super().__init__()
        self.batch_logs, self.weights, self.iterations = [], [], []

    def on_train_batch_end(self, batch, logs=None):
        self.batch_logs.append(dict(logs))

    def on_test_end(self, logs=None):
        self.iterations.append(int(np.asarray(self.model.optimizer.iterations)))

    def on_epoch_end(self, epoch, logs=None):
        self.weights.append([(w.name, w.numpy()) for w in self.model.weights])


def _classifier(seed=0):
    keras.backend.clear_session()  # layer names dense, dense_1
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(40, 3)).astype("float32")
    y = (x.sum(axis=1) > 0).astype("float32")
    model = keras.Sequential(
        [
            keras.layers.Dense(4, activation="relu", input_shape=(3,)),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model, x, y


def test_epoch_and_batch_scalars_equal_the_history(tmp_path):
    model, x, y = _classifier()
    spy = Spy()
    board = keras.callbacks.TensorBoard(tmp_path / "run", update_freq=2)
    history = model.fit(
        x, y, epochs=3, batch_size=8, validation_split=0.25, callbacks=[spy, board], verbose=0
    )
    train, validation = _read(tmp_path / "run" / "train"), _read(tmp_path / "run" / "validation")
    h = history.history
    assert sorted(train.Tags()["scalars"]) == [
        "batch_accuracy",
        "batch_loss",
        "epoch_accuracy",
        "epoch_learning_rate",
        "epoch_loss",
    ]
    assert _scalars(train, "epoch_loss") == list(enumerate(_f32(h["loss"])))
    assert _scalars(train, "epoch_accuracy") == list(enumerate(_f32(h["accuracy"])))
    assert _scalars(train, "epoch_learning_rate") == [(e, _f32([0.001])[0]) for e in range(3)]
    assert _scalars(validation, "epoch_loss") == list(enumerate(_f32(h["val_loss"])))
    assert _scalars(validation, "epoch_accuracy") == list(enumerate(_f32(h["val_accuracy"])))
    # 30 training samples in batches of 8: 4 batches an epoch, 12 in all; every 2nd is written
    steps = [2, 4, 6, 8, 10, 12]
    for name in ("loss", "accuracy"):
        assert _scalars(train, f"batch_{name}") == [
            (step, _f32([spy.batch_logs[step - 1][name]])[0]) for step in steps
        ]
    # each validation also goes in against the optimizer's iterations
    assert spy.iterations == [4, 8, 12]
    assert _scalars(validation, "evaluation_loss_vs_iterations") == list(
        zip(spy.iterations, _f32(h["val_loss"]))
    )
    # the model's config, for the graph tab
    (tensor_event,) = train.Tensors("keras")
    assert train.SummaryMetadata("keras").plugin_data.plugin_name == "graph_keras_model"
    config = json.loads(tensor_event.tensor_proto.string_val[0])
    assert config == json.loads(json.dumps(keras.saving.serialize_keras_object(model)))


def test_histograms_and_images_of_every_weight(tmp_path):
    model, x, y = _classifier(1)
    spy = Spy()
    board = keras.callbacks.TensorBoard(
        tmp_path, histogram_freq=2, write_images=True, write_graph=False
    )
    model.fit(x, y, epochs=4, batch_size=10, callbacks=[spy, board], verbose=0)
    train = _read(tmp_path / "train")
    assert train.Tags()["scalars"] == ["epoch_loss", "epoch_accuracy", "epoch_learning_rate"]
    assert train.Tags()["tensors"] == []
    names = ["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"]
    assert train.Tags()["histograms"] == [f"{n}/histogram" for n in names]
    for index, name in enumerate(names):
        events = train.Histograms(f"{name}/histogram")
        assert [event.step for event in events] == [0, 2]
        for event in events:
            values = spy.weights[event.step][index][1].astype(np.float64).ravel()
            histogram = event.histogram_value
            assert (histogram.min, histogram.max) == (values.min(), values.max())
            assert histogram.num == values.size
            assert histogram.sum == pytest.approx(values.sum(), abs=1e-12)
            assert histogram.sum_squares == pytest.approx(np.dot(values, values), rel=1e-12)
            if values.min() == values.max():
                assert histogram.bucket == [values.size] and histogram.bucket_limit == [
                    values.max()
                ]
            else:
                counts, edges = np.histogram(values, bins=30, range=(values.min(), values.max()))
                assert histogram.bucket == counts.tolist()
                assert histogram.bucket_limit == edges[1:].tolist()
    image = pytest.importorskip("PIL.Image")
    (kernel_image,) = train.Images("dense/kernel/image")[:1]
    pixels = np.asarray(image.open(io.BytesIO(kernel_image.encoded_image_string)))
    kernel = spy.weights[0][0][1]  # (3, 4): kept as it is, rows are the inputs
    assert (kernel_image.width, kernel_image.height) == (4, 3) and pixels.shape == (3, 4)
    scaled = np.round((kernel - kernel.min()) / (kernel.max() - kernel.min()) * 255)
    np.testing.assert_array_equal(pixels, scaled.astype(np.uint8))


def test_epoch_only_updates_and_steps_per_second(tmp_path):
    model, x, y = _classifier(2)
    board = keras.callbacks.TensorBoard(
        tmp_path, write_steps_per_second=True, update_freq="batch", write_graph=False
    )
    model.fit(x, y, epochs=2, batch_size=20, callbacks=[board], verbose=0)
    train = _read(tmp_path / "train")
    assert [step for step, _ in _scalars(train, "batch_steps_per_second")] == [1, 2, 3, 4]
    assert [step for step, _ in _scalars(train, "epoch_steps_per_second")] == [0, 1]
    assert all(value > 0 for _, value in _scalars(train, "epoch_steps_per_second"))
    assert not os.path.exists(tmp_path / "validation")


def test_standalone_evaluate_writes_evaluation_scalars(tmp_path):
    model, x, y = _classifier(3)
    model.fit(x, y, epochs=1, batch_size=10, verbose=0)
    loss, accuracy = model.evaluate(
        x, y, verbose=0, callbacks=[keras.callbacks.TensorBoard(tmp_path)]
    )
    validation = _read(tmp_path / "validation")
    assert _scalars(validation, "evaluation_loss_vs_iterations") == [(4, _f32([loss])[0])]
    assert _scalars(validation, "evaluation_accuracy_vs_iterations") == [(4, _f32([accuracy])[0])]


def test_embeddings_for_the_projector(tmp_path):
    keras.backend.clear_session()
    keras.utils.set_random_seed(4)
    model = keras.Sequential(
        [
            keras.layers.Embedding(10, 3, input_length=5),
            keras.layers.Flatten(),
            keras.layers.Dense(1),
        ]
    )
    model.compile(optimizer="sgd", loss="mse")
    x = np.random.default_rng(4).integers(0, 10, size=(16, 5))
    board = keras.callbacks.TensorBoard(
        tmp_path, embeddings_freq=1, embeddings_metadata={"embedding": "words.tsv"}
    )
    model.fit(x, np.ones(16), epochs=2, verbose=0, callbacks=[board])
    config = (tmp_path / "projector_config.pbtxt").read_text()
    assert config == (
        'embeddings {\n  tensor_name: "embedding/embeddings"\n'
        '  tensor_path: "embedding_embeddings.tsv"\n'
        '  metadata_path: "words.tsv"\n}\n'
    )
    saved = np.loadtxt(tmp_path / "embedding_embeddings.tsv", delimiter="\t")
    np.testing.assert_allclose(saved, model.layers[0].embeddings.numpy(), rtol=1e-7)
    with pytest.raises(ValueError, match="Unrecognized `Embedding` layer names"):
        model.fit(
            x,
            np.ones(16),
            epochs=1,
            verbose=0,
            callbacks=[
                keras.callbacks.TensorBoard(
                    tmp_path, embeddings_freq=1, embeddings_metadata={"words": "w.tsv"}
                )
            ],
        )


def test_profile_batch_is_validated_and_warned_about(tmp_path):
    model, x, y = _classifier()
    board = keras.callbacks.TensorBoard(tmp_path, profile_batch=(100, 200))  # HOML 3rd ed.
    with pytest.warns(UserWarning, match="ember has no profiler"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[board])
    for bad in (-1, (5, 2), "a,b", (1, 2, 3)):
        with pytest.raises(ValueError, match="profile_batch must be"):
            keras.callbacks.TensorBoard(tmp_path, profile_batch=bad)
    with pytest.raises(ValueError, match="update_freq"):
        keras.callbacks.TensorBoard(tmp_path, update_freq=0)
    with pytest.raises(ValueError, match="histogram_freq"):
        keras.callbacks.TensorBoard(tmp_path, histogram_freq=-1)


def test_tfrecord_framing_and_crc32c(tmp_path):
    assert _event_file.crc32c(b"123456789") == 0xE3069283  # the CRC-32C check value
    assert _event_file.crc32c(b"") == 0
    writer = _event_file.EventFileWriter(tmp_path)
    for step in range(3):
        writer.add_values(step, [_event_file.scalar_value("x", step / 2)])
    writer.close()
    (path,) = glob.glob(str(tmp_path / "events.out.tfevents.*"))
    events = [
        event_pb2.Event.FromString(record)
        for record in event_file_loader.RawEventFileLoader(path).Load()
    ]
    assert events[0].file_version == "brain.Event:2"
    assert [
        (e.step, e.summary.value[0].tag, e.summary.value[0].simple_value) for e in events[1:]
    ] == [(0, "x", 0.0), (1, "x", 0.5), (2, "x", 1.0)]
    data = bytearray(Path(path).read_bytes())
    length = struct.unpack("<Q", data[:8])[0]
    second = 8 + 4 + length + 4  # flip a byte inside the second record's data
    data[second + 12 + 3] ^= 0xFF
    corrupted = tmp_path / "corrupted" / os.path.basename(path)
    corrupted.parent.mkdir()
    corrupted.write_bytes(bytes(data))
    assert len(list(event_file_loader.RawEventFileLoader(str(corrupted)).Load())) == 1
