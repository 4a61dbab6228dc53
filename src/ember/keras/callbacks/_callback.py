"""``Callback`` (every Keras hook), ``CallbackList``, ``History`` and ``ProgbarLogger``."""

from ._progbar import Progbar


class Callback:
    """Base class for objects called at each stage of ``fit``/``evaluate``/``predict``.

    Override any hook; ``self.model`` and ``self.params`` are set before training.
    """

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_train_begin(self, logs=None):
        """Called once when ``fit`` starts."""

    def on_train_end(self, logs=None):
        """Called once when ``fit`` ends."""

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of each epoch."""

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of each epoch with the epoch's (and validation) metrics."""

    def on_train_batch_begin(self, batch, logs=None):
        """Called before each training batch."""

    def on_train_batch_end(self, batch, logs=None):
        """Called after each training batch with the running metrics."""

    def on_test_begin(self, logs=None):
        """Called when ``evaluate`` (or validation) starts."""

    def on_test_end(self, logs=None):
        """Called when ``evaluate`` (or validation) ends."""

    def on_test_batch_begin(self, batch, logs=None):
        """Called before each evaluation batch."""

    def on_test_batch_end(self, batch, logs=None):
        """Called after each evaluation batch."""

    def on_predict_begin(self, logs=None):
        """Called when ``predict`` starts."""

    def on_predict_end(self, logs=None):
        """Called when ``predict`` ends."""

    def on_predict_batch_begin(self, batch, logs=None):
        """Called before each prediction batch."""

    def on_predict_batch_end(self, batch, logs=None):
        """Called after each prediction batch with its ``outputs``."""

    # Keras 2 names for the training-batch hooks.
    def on_batch_begin(self, batch, logs=None):
        """Keras 2's name for ``on_train_batch_begin``."""

    def on_batch_end(self, batch, logs=None):
        """Keras 2's name for ``on_train_batch_end``."""


_HOOKS = [
    "on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
    "on_train_batch_begin", "on_train_batch_end", "on_test_begin", "on_test_end",
    "on_test_batch_begin", "on_test_batch_end", "on_predict_begin", "on_predict_end",
    "on_predict_batch_begin", "on_predict_batch_end",
]


class CallbackList:
    """Calls a hook on every callback; only those that override it are called."""

    def __init__(self, callbacks=None, model=None, params=None, add_history=False,
                 add_progbar=False, verbose=1, epochs=1, steps=None):
        self.callbacks = list(callbacks or [])
        if add_progbar and verbose:
            self.callbacks.append(ProgbarLogger(verbose=verbose))
        if add_history:
            self.history = History()
            self.callbacks.append(self.history)
        for callback in self.callbacks:
            if model is not None:
                callback.set_model(model)
            if params is not None:
                callback.set_params(params)
        self._overriding = {hook: [c for c in self.callbacks if _overrides(c, hook)] for hook in _HOOKS}
        for new, old in (("on_train_batch_begin", "on_batch_begin"),
                         ("on_train_batch_end", "on_batch_end")):
            self._overriding[new] += [
                c for c in self.callbacks if _overrides(c, old) and not _overrides(c, new)
            ]

    def _call(self, hook, *args):
        for callback in self._overriding[hook]:
            method = getattr(callback, hook)
            if not _overrides(callback, hook):  # only the Keras 2 name is defined
                method = getattr(callback, hook.replace("train_batch", "batch"))
            method(*args)

    def __getattr__(self, hook):
        if hook in _HOOKS:
            return lambda *args: self._call(hook, *args)
        raise AttributeError(hook)

    def wants(self, hook):
        return bool(self._overriding[hook])


def _overrides(callback, hook):
    method = getattr(type(callback), hook, None)
    return method is not None and method is not getattr(Callback, hook, None)


class _Logs(dict):
    """Epoch logs by name; ``"lr"`` (Keras 2, the books) reads ``"learning_rate"``."""

    def __missing__(self, key):
        if key == "lr" and "learning_rate" in self:
            return self["learning_rate"]
        raise KeyError(key)


class History(Callback):
    """Records every epoch's logs: ``history.history["loss"]``, ``history.epoch``."""

    def __init__(self):
        super().__init__()
        self.history = _Logs()
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        if self.model is not None:
            self.model.history = self


class ProgbarLogger(Callback):
    """Prints Keras' progress bar (verbose 1) or one line per epoch (verbose 2)."""

    def __init__(self, count_mode="steps", stateful_metrics=None, verbose=1):
        super().__init__()
        self.verbose = verbose
        self._bar = None
        self._epochs = 1

    def on_train_begin(self, logs=None):
        self._epochs = self.params.get("epochs", 1)

    def on_epoch_begin(self, epoch, logs=None):
        if self._epochs > 1 or self.verbose:
            print(f"Epoch {epoch + 1}/{self._epochs}")
        self._bar = Progbar(self.params.get("steps"), verbose=self.verbose, stateful_metrics=None)
        self._seen = 0

    def on_train_batch_end(self, batch, logs=None):
        self._seen = batch + 1
        if self.verbose == 1:
            self._bar.update(batch + 1, values=_stateful(self._bar, logs), finalize=False)

    def on_epoch_end(self, epoch, logs=None):
        self._bar.update(self._seen, values=_stateful(self._bar, logs), finalize=True)

    def on_test_begin(self, logs=None):
        if self.model is not None and not self.model._in_fit:
            self._bar = Progbar(self.params.get("steps"), verbose=self.verbose)
            self._seen = 0

    def on_test_batch_end(self, batch, logs=None):
        if self.model is not None and not self.model._in_fit:
            self._seen = batch + 1
            if self.verbose == 1:
                self._bar.update(batch + 1, values=_stateful(self._bar, logs), finalize=False)

    def on_test_end(self, logs=None):
        if self.model is not None and not self.model._in_fit:
            self._bar.update(self._seen, values=_stateful(self._bar, logs), finalize=True)

    def on_predict_begin(self, logs=None):
        self._bar = Progbar(self.params.get("steps"), verbose=self.verbose)
        self._seen = 0

    def on_predict_batch_end(self, batch, logs=None):
        self._seen = batch + 1
        if self.verbose == 1:
            self._bar.update(batch + 1, finalize=False)

    def on_predict_end(self, logs=None):
        self._bar.update(self._seen, finalize=True)


def _stateful(bar, logs):
    """Logs hold running epoch averages already: show them as they are."""
    logs = logs or {}
    bar.stateful_metrics.update(logs)
    return [(key, value) for key, value in logs.items()]
