"""CSVLogger rows against the History."""

import csv

import numpy as np
import pytest

from ember import keras


def _fit(path, epochs=3, callbacks=(), **kwargs):
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3)).astype("float32")
    y = (x.sum(axis=1) > 0).astype("float32")
    model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_shape=(3,))])
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    logger = keras.callbacks.CSVLogger(path, **kwargs)
    history = model.fit(
        x, y, epochs=epochs, validation_split=0.25, verbose=0, callbacks=[*callbacks, logger]
    )
    return model, logger, history


def _rows(path, separator=","):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.reader(file, delimiter=separator))


def test_rows_equal_the_history_exactly(tmp_path):
    path = tmp_path / "training.log"
    _, logger, history = _fit(path)
    header, *rows = _rows(path)
    assert header == ["epoch", "accuracy", "loss", "val_accuracy", "val_loss"]
    assert [int(row[0]) for row in rows] == history.epoch == [0, 1, 2]
    for column, name in enumerate(header[1:], start=1):
        assert [float(row[column]) for row in rows] == history.history[name]
    assert logger.csv_file.closed


def test_separator_append_and_learning_rate_column(tmp_path):
    path = tmp_path / "log.tsv"
    decay = keras.callbacks.LearningRateScheduler(lambda epoch: 0.01 * 0.5**epoch)
    _, _, first = _fit(path, epochs=2, callbacks=[decay], separator="\t")
    _, _, second = _fit(path, epochs=3, callbacks=[decay], separator="\t", append=True)
    header, *rows = _rows(path, "\t")
    assert header == ["epoch", "accuracy", "learning_rate", "loss", "val_accuracy", "val_loss"]
    assert [row[0] for row in rows] == ["0", "1", "0", "1", "2"]  # one header only
    rates = [float(row[2]) for row in rows]
    assert rates == first.history["learning_rate"] + second.history["learning_rate"]
    assert rates == [float(np.float32(0.01 * 0.5**e)) for e in (0, 1, 0, 1, 2)]
    _fit(path, epochs=1, separator="\t")  # append=False starts the file again
    assert len(_rows(path, "\t")) == 2


def test_missing_values_and_arrays(tmp_path):
    class Extra(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 0:
                logs["spread"] = np.array([1.5, 2.5])
            else:
                logs.pop("val_loss")

    path = tmp_path / "log.csv"
    _fit(path, epochs=2, callbacks=[Extra()])
    header, first, second = _rows(path)
    assert header == ["epoch", "accuracy", "loss", "spread", "val_accuracy", "val_loss"]
    assert first[3] == "[1.5, 2.5]"
    assert second[3] == "NA" and second[5] == "NA"


def test_unwritable_file_fails_at_train_begin(tmp_path):
    with pytest.raises(FileNotFoundError):
        _fit(tmp_path / "missing" / "log.csv", epochs=1)
