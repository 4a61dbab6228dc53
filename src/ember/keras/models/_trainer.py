"""``compile``, ``fit``, ``evaluate``, ``predict``: the training loop every model shares.

One ``train_step`` serves Sequential, Functional and subclassed models: run the
model under a ``GradientTape``, add ``model.losses`` to the compiled loss,
apply the optimizer, update the metrics. Overriding ``train_step`` customises
``fit`` as in Keras.
"""

import numpy as np

from ember.autodiff._nest import flatten, pack_like
from ember.autodiff._tape import GradientTape
from ember.autodiff._tensor import Tensor
from ember.backend import op_generator
from ember.ops import add

from . import _data
from ._compile import CompiledLoss, CompiledMetrics


class Trainer:
    """The training API mixed into ``Model``."""

    _in_fit = False
    compiled = False
    stop_training = False

    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True, sample_weight_mode=None, **kwargs):
        """Configure training: the optimizer, the loss(es) and the metrics.

        Args:
            optimizer: a name (``"sgd"``, ``"adam"``...) or an optimizer instance.
            loss: a name, function or ``Loss``; a list or dict for several outputs.
            loss_weights: weights of each output's loss in the total.
            metrics: names, functions or ``Metric`` objects (``"accuracy"`` is
                resolved from the loss); a dict or list of lists per output.
        """
        from ember.keras import optimizers

        unknown = sorted(set(kwargs) - {"target_tensors", "distribute", "options"})
        if unknown:
            raise TypeError(f"Invalid keyword argument(s) in compile(): {unknown}")
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self._compile_arguments = (loss, loss_weights, metrics, weighted_metrics)
        _check_losses(loss)
        self._compiled_loss = None
        self._compiled_metrics = None
        self._loss_totals = {}
        self.compiled = True
        self.stop_training = False

    def _build_compiled(self, y_pred):
        """Match the compiled losses and metrics to the outputs, once they are known."""
        loss, loss_weights, metrics, weighted_metrics = self._compile_arguments
        count = len(flatten(y_pred))
        if len(self.output_names) != count:  # a subclassed model: Keras' default names
            self._output_names = [f"output_{i + 1}" for i in range(count)]
        names = self.output_names
        self._compiled_loss = None if loss is None else CompiledLoss(loss, loss_weights, names)
        identifiers = self._compiled_loss.identifiers if self._compiled_loss else [None] * count
        self._compiled_metrics = CompiledMetrics(metrics, weighted_metrics, names, identifiers)

    # -- one step -------------------------------------------------------------
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss plus the model's own losses (regularization, ``add_loss``)."""
        total, terms = (None, [])
        if self._compiled_metrics is None:
            self._build_compiled(y_pred)
        if self._compiled_loss is not None:
            total, terms = self._compiled_loss(y, y_pred, sample_weight)
        extra = self.losses
        if extra:
            penalty = extra[0] if len(extra) == 1 else reduce_sum_list(extra)
            total = penalty if total is None else add(total, penalty)
        if total is None:
            raise ValueError("No loss to optimize: compile with loss= or call add_loss() in call()")
        self._last_loss_terms = terms
        return total

    def train_step(self, data):
        """One optimizer update on a batch ``(x, y, sample_weight)``; returns the logs."""
        x, y, sample_weight = _unpack(data)
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight)
            scaled = self.optimizer.scale_loss(loss)
        variables = self.trainable_weights
        gradients = tape.gradient(scaled, variables)
        self.optimizer.apply_gradients(zip(gradients, variables))
        return self.compute_metrics(x, y, y_pred, sample_weight, loss)

    def test_step(self, data):
        """Loss and metrics of a batch without training."""
        x, y, sample_weight = _unpack(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        return self.compute_metrics(x, y, y_pred, sample_weight, loss)

    def predict_step(self, data):
        x, _, _ = _unpack(data)
        return self(x, training=False)

    def compute_metrics(self, x, y, y_pred, sample_weight, loss=None):
        """Update the running loss means and metrics; return the current logs."""
        size = _batch_size(x)
        if loss is not None:
            self._track("loss", float(np.asarray(loss._value)), size)
            terms = getattr(self, "_last_loss_terms", [])
            if len(terms) > 1:
                for name, term in zip(self.output_names, terms):
                    if term is not None:
                        self._track(f"{name}_loss", float(np.asarray(term._value)), size)
        if self._compiled_metrics is not None and y is not None:
            self._compiled_metrics.update(_numpy(y), _numpy(y_pred), sample_weight)
        return self.get_metrics_result()

    def _track(self, name, value, weight):
        total, count = self._loss_totals.get(name, (0.0, 0))
        self._loss_totals[name] = (total + value * weight, count + weight)

    def get_metrics_result(self):
        logs = {name: total / count for name, (total, count) in self._loss_totals.items()}
        if self._compiled_metrics is not None:
            logs.update(self._compiled_metrics.results())
        return logs

    def reset_metrics(self):
        self._loss_totals = {}
        if self._compiled_metrics is not None:
            self._compiled_metrics.reset()

    @property
    def metrics(self):
        compiled = self._compiled_metrics.metrics if getattr(self, "_compiled_metrics", None) else None
        return [m for _, m, _ in compiled or []]

    @property
    def metrics_names(self):
        names = ["loss"]
        if len(self.output_names) > 1 and getattr(self, "_compiled_loss", None):
            names += [f"{n}_loss" for n, f in zip(self.output_names, self._compiled_loss.functions) if f]
        return names + [m.name for m in self.metrics]

    # -- loops ----------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1, **kwargs):
        """Train for ``epochs`` epochs; returns a ``History``.

        ``validation_split`` holds out the last fraction of the data (before
        shuffling); ``validation_data`` is ``(x_val, y_val[, sample_weight])``.
        """
        from ember.keras.callbacks import CallbackList

        self._assert_compiled("fit")
        _reject_unknown(kwargs, "fit", {"workers", "use_multiprocessing", "max_queue_size"})
        x, y, sample_weight = _data.as_arrays(x), _data.as_arrays(y), _data.as_arrays(sample_weight)
        val = None
        if validation_data is not None:
            val = _data.unpack_validation(validation_data)
        elif validation_split:
            (x, y, sample_weight), val = _data.split_validation(x, y, sample_weight, validation_split)
        if class_weight is not None:
            class_weights = _data.class_sample_weights(y, class_weight)
            sample_weight = class_weights if sample_weight is None else sample_weight * class_weights
        batches = _data.Batches(x, y, sample_weight, batch_size or 32, shuffle=bool(shuffle),
                                steps=steps_per_epoch, generator=op_generator(None))
        verbose = 1 if verbose == "auto" else int(verbose)
        params = {"verbose": verbose, "epochs": epochs, "steps": len(batches)}
        callbacks = CallbackList(callbacks, model=self, params=params, add_history=True,
                                 add_progbar=True, verbose=verbose)
        self.stop_training = False
        self._in_fit = True
        self._initial_epoch = None
        try:
            callbacks.on_train_begin()
            if self._initial_epoch is not None:  # a callback resumes training (BackupAndRestore)
                initial_epoch = self._initial_epoch
            logs = {}
            for epoch in range(initial_epoch, epochs):
                self.reset_metrics()
                callbacks.on_epoch_begin(epoch)
                for step, batch in enumerate(batches.epoch()):
                    callbacks.on_train_batch_begin(step)
                    logs = self.train_step(batch)
                    callbacks.on_train_batch_end(step, logs)
                    if self.stop_training:
                        break
                epoch_logs = dict(self.get_metrics_result())
                if val is not None and (epoch + 1) % validation_freq == 0:
                    val_logs = self.evaluate(*val[:2], sample_weight=val[2],
                                             batch_size=validation_batch_size or batches.batch_size,
                                             steps=validation_steps, verbose=0, return_dict=True,
                                             _callbacks=callbacks)
                    epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
                callbacks.on_epoch_end(epoch, epoch_logs)
                logs = epoch_logs
                if self.stop_training:
                    break
            callbacks.on_train_end(logs)
        finally:
            self._in_fit = False
        return callbacks.history

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, _callbacks=None, **kwargs):
        """Return the loss (and metrics) on the data, averaged over all samples."""
        from ember.keras.callbacks import CallbackList

        self._assert_compiled("evaluate")
        _reject_unknown(kwargs, "evaluate", {"workers", "use_multiprocessing", "max_queue_size"})
        x, y, sample_weight = _data.as_arrays(x), _data.as_arrays(y), _data.as_arrays(sample_weight)
        batches = _data.Batches(x, y, sample_weight, batch_size or 32, steps=steps)
        verbose = 1 if verbose == "auto" else int(verbose)
        if _callbacks is None:
            _callbacks = CallbackList(callbacks, model=self, add_progbar=True, verbose=verbose,
                                      params={"verbose": verbose, "steps": len(batches)})
        saved = self._loss_totals, self._compiled_metrics
        self._loss_totals = {}
        self._compiled_metrics = self._fresh_metrics() if self._in_fit else self._compiled_metrics
        self.reset_metrics()
        try:
            _callbacks.on_test_begin()
            logs = {}
            for step, batch in enumerate(batches.epoch()):
                _callbacks.on_test_batch_begin(step)
                logs = self.test_step(batch)
                _callbacks.on_test_batch_end(step, logs)
            logs = dict(self.get_metrics_result())
            _callbacks.on_test_end(logs)
        finally:
            if self._in_fit:
                self._loss_totals, self._compiled_metrics = saved
        if return_dict:
            return logs
        values = [logs[name] for name in self.metrics_names if name in logs]
        return values[0] if len(values) == 1 else values

    def _fresh_metrics(self):
        """Separate metric objects for validation, so training's running values survive."""
        if self._compiled_metrics is None:
            return None
        _, _, metrics_arg, weighted = self._compile_arguments
        metrics = CompiledMetrics(metrics_arg, weighted, self.output_names,
                                  self._compiled_metrics._losses)
        if self._compiled_metrics.metrics is not None:
            import copy

            metrics.metrics = [(i, copy.deepcopy(m), w) for i, m, w in self._compiled_metrics.metrics]
            for _, metric, _ in metrics.metrics:
                metric.reset_state()
        return metrics

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None, **kwargs):
        """Run the model on ``x`` batch by batch; returns NumPy arrays."""
        from ember.keras.callbacks import CallbackList

        _reject_unknown(kwargs, "predict", {"workers", "use_multiprocessing", "max_queue_size"})
        x = _data.as_arrays(x)
        batches = _data.Batches(x, None, None, batch_size or 32, steps=steps)
        verbose = 1 if verbose == "auto" else int(verbose)
        callbacks = CallbackList(callbacks, model=self, add_progbar=True, verbose=verbose,
                                 params={"verbose": verbose, "steps": len(batches)})
        callbacks.on_predict_begin()
        outputs = []
        for step, batch in enumerate(batches.epoch()):
            callbacks.on_predict_batch_begin(step)
            result = self.predict_step(batch)
            outputs.append([np.asarray(t._value) for t in flatten(result)])
            callbacks.on_predict_batch_end(step, {"outputs": result})
        callbacks.on_predict_end()
        joined = [np.concatenate(parts) for parts in zip(*outputs)]
        return pack_like(result, joined) if not isinstance(result, Tensor) else joined[0]

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One training step on one batch; returns the batch's loss (and metrics)."""
        self._assert_compiled("train_on_batch")
        x, y, sample_weight = _data.as_arrays(x), _data.as_arrays(y), _data.as_arrays(sample_weight)
        if class_weight is not None:
            sample_weight = _data.class_sample_weights(y, class_weight)
        self.reset_metrics()
        logs = self.train_step((x, y, sample_weight))
        return self._format(logs, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Loss (and metrics) on one batch, without training."""
        self._assert_compiled("test_on_batch")
        self.reset_metrics()
        logs = self.test_step((_data.as_arrays(x), _data.as_arrays(y), _data.as_arrays(sample_weight)))
        return self._format(logs, return_dict)

    def predict_on_batch(self, x):
        """The model's outputs on one batch, as NumPy arrays."""
        result = self.predict_step((_data.as_arrays(x), None, None))
        if isinstance(result, Tensor):
            return result.numpy()
        return pack_like(result, [t.numpy() for t in flatten(result)])

    def _format(self, logs, return_dict):
        logs = {k: float(v) for k, v in logs.items()}
        if return_dict:
            return logs
        values = [logs[name] for name in self.metrics_names if name in logs]
        return values[0] if len(values) == 1 else values

    def _assert_compiled(self, method):
        if not self.compiled:
            raise RuntimeError(
                f"You must call compile() before {method}(): the model has no optimizer and loss yet"
            )


def _check_losses(loss):
    """Fail at compile time on a loss name that does not exist."""
    from ember.keras import losses

    for item in flatten(loss) if isinstance(loss, (list, tuple, dict)) else [loss]:
        if item is not None:
            losses.get(item)


def reduce_sum_list(tensors):
    total = tensors[0]
    for tensor in tensors[1:]:
        total = add(total, tensor)
    return total


def _unpack(data):
    if isinstance(data, tuple) and len(data) in (2, 3):
        x, y = data[0], data[1]
        sample_weight = data[2] if len(data) == 3 else None
        return x, y, sample_weight
    return data, None, None


def _batch_size(x):
    first = flatten(x)[0]
    return int(np.shape(first._value if isinstance(first, Tensor) else first)[0])


def _numpy(structure):
    return pack_like(structure, [np.asarray(t._value) if isinstance(t, Tensor) else t
                                 for t in flatten(structure)])


def _reject_unknown(kwargs, method, ignored):
    unknown = sorted(set(kwargs) - ignored)
    if unknown:
        raise TypeError(f"Invalid keyword argument(s) in {method}(): {unknown}")


