"""``LambdaCallback``: a callback made of plain functions."""

from ._callback import Callback

_BATCH_HOOKS = (
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_predict_batch_begin",
    "on_predict_batch_end",
)
_LOGS_HOOKS = (
    "on_train_begin",
    "on_train_end",
    "on_test_begin",
    "on_test_end",
    "on_predict_begin",
    "on_predict_end",
)
_EPOCH_HOOKS = ("on_epoch_begin", "on_epoch_end")
_KERAS2_NAMES = {"on_batch_begin": "on_train_batch_begin", "on_batch_end": "on_train_batch_end"}


class LambdaCallback(Callback):
    """Build a callback from functions, one per hook.

    The functions are called with positional arguments: ``(epoch, logs)`` for
    ``on_epoch_begin``/``on_epoch_end``, ``(batch, logs)`` for the batch hooks
    and ``(logs,)`` for the begin/end hooks of training, evaluation and
    prediction. ``logs`` may be None where Keras passes none.

    Args:
        on_epoch_begin: called at the start of every epoch.
        on_epoch_end: called at the end of every epoch.
        on_train_begin: called when training starts.
        on_train_end: called when training ends.
        on_train_batch_begin: called before every training batch.
        on_train_batch_end: called after every training batch.
        **kwargs: any other hook by name: ``on_test_begin``, ``on_test_end``,
            ``on_test_batch_begin``, ``on_test_batch_end``, ``on_predict_begin``,
            ``on_predict_end``, ``on_predict_batch_begin``,
            ``on_predict_batch_end``, and Keras 2's ``on_batch_begin`` /
            ``on_batch_end`` (names of the training-batch hooks).

    Raises:
        TypeError: an unknown hook name, or a value that is not callable.

    Example:
        >>> from ember import keras
        >>> losses = []
        >>> record = keras.callbacks.LambdaCallback(
        ...     on_epoch_end=lambda epoch, logs: losses.append(logs["loss"]))
        >>> # model.fit(X, y, epochs=5, callbacks=[record]); len(losses) == 5
    """

    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_train_begin=None,
        on_train_end=None,
        on_train_batch_begin=None,
        on_train_batch_end=None,
        **kwargs,
    ):
        super().__init__()
        given = {
            "on_epoch_begin": on_epoch_begin,
            "on_epoch_end": on_epoch_end,
            "on_train_begin": on_train_begin,
            "on_train_end": on_train_end,
            "on_train_batch_begin": on_train_batch_begin,
            "on_train_batch_end": on_train_batch_end,
        }
        known = set(_BATCH_HOOKS + _LOGS_HOOKS + _EPOCH_HOOKS)
        for name, function in kwargs.items():
            target = _KERAS2_NAMES.get(name, name)
            if target not in known:
                raise TypeError(
                    f"LambdaCallback got an unexpected keyword argument {name!r}. "
                    f"Hooks are: {', '.join(sorted(known | set(_KERAS2_NAMES)))}"
                )
            if given.get(target) is not None:
                raise TypeError(f"LambdaCallback got both {target!r} and {name!r}; pass one.")
            given[target] = function
        for name, function in given.items():
            if function is not None and not callable(function):
                raise TypeError(f"`{name}` must be callable. Received: {name}={function!r}")
        self._functions = {name: f for name, f in given.items() if f is not None}

    def _run(self, hook, *args):
        function = self._functions.get(hook)
        if function is not None:
            function(*args)

    def on_epoch_begin(self, epoch, logs=None):
        self._run("on_epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._run("on_epoch_end", epoch, logs)

    def on_train_begin(self, logs=None):
        self._run("on_train_begin", logs)

    def on_train_end(self, logs=None):
        self._run("on_train_end", logs)

    def on_test_begin(self, logs=None):
        self._run("on_test_begin", logs)

    def on_test_end(self, logs=None):
        self._run("on_test_end", logs)

    def on_predict_begin(self, logs=None):
        self._run("on_predict_begin", logs)

    def on_predict_end(self, logs=None):
        self._run("on_predict_end", logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._run("on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._run("on_train_batch_end", batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._run("on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._run("on_test_batch_end", batch, logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._run("on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._run("on_predict_batch_end", batch, logs)
