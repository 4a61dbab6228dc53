"""``CSVLogger``: one CSV row of logs per epoch."""

import csv
import os

import numpy as np

from ._callback import Callback


class CSVLogger(Callback):
    """Stream each epoch's logs to a CSV file.

    The header is ``epoch`` followed by the log names of the first epoch in
    alphabetical order; each epoch adds one row (0-based epoch, then the
    values, ``NA`` for a value missing that epoch). The file is flushed after
    every row, so it can be read while training runs.

    Args:
        filename: the CSV file, e.g. ``"run/log.csv"`` (its folder must exist).
        separator: the string between values.
        append: append to an existing file (no second header) instead of
            overwriting it, e.g. to continue a run resumed by
            ``BackupAndRestore``.

    Example:
        >>> from ember import keras
        >>> csv_logger = keras.callbacks.CSVLogger("training.log")
        >>> # model.fit(X, y, epochs=10, callbacks=[csv_logger])
        >>> # pandas.read_csv("training.log") has one row per epoch
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = append
        self.keys = None
        self.writer = None
        self.csv_file = None
        self.append_header = True

    def on_train_begin(self, logs=None):
        self.append_header = True
        if self.append and os.path.exists(self.filename):
            with open(self.filename, encoding="utf-8") as existing:
                self.append_header = not existing.readline()
        self._close()
        self.csv_file = open(
            self.filename,
            "a" if self.append else "w",  # noqa: SIM115
            newline="",
            encoding="utf-8",
        )
        self.keys = None
        self.writer = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.csv_file is None:  # used without on_train_begin (e.g. called by hand)
            self.on_train_begin()
        if self.keys is None:
            self.keys = sorted(logs)
        if self.writer is None:
            dialect = type("Dialect", (csv.excel,), {"delimiter": self.sep})
            self.writer = csv.DictWriter(
                self.csv_file, fieldnames=["epoch", *self.keys], dialect=dialect
            )
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _format(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        self._close()
        self.writer = None

    def _close(self):
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()


def _format(value):
    """Numbers as Python's repr (exact round trip); 1-d arrays as a quoted list."""
    if isinstance(value, str):
        return value
    array = np.asarray(value)
    if array.ndim == 0:
        item = array.item()
        return repr(float(item)) if isinstance(item, float) else item
    return f"[{', '.join(map(str, array.ravel().tolist()))}]"
