"""What ``compile`` builds: per-output losses and metrics, with Keras' names.

``CompiledLoss`` maps the ``loss`` argument (one loss, a list per output or a
dict by output name) to the model's outputs and sums the weighted terms.
``CompiledMetrics`` does the same for ``metrics`` and resolves ``"accuracy"``
from the loss and the shapes, as Keras does.
"""

import numpy as np

from ember.autodiff._nest import flatten
from ember.keras.losses import Loss
from ember.ops import add, multiply, reduce_sum


def _per_output(argument, output_names, what):
    """Spread ``argument`` (single, list or dict) over the outputs."""
    count = len(output_names)
    if isinstance(argument, dict):
        unknown = sorted(set(argument) - set(output_names))
        if unknown:
            raise ValueError(
                f"Unknown output name(s) in {what}: {unknown}. The model's outputs are "
                f"{output_names}"
            )
        return [argument.get(name) for name in output_names]
    if isinstance(argument, (list, tuple)) and what == "loss_weights":
        if len(argument) != count:
            raise ValueError(f"loss_weights has {len(argument)} entries for {count} outputs")
        return list(argument)
    if isinstance(argument, (list, tuple)) and what == "loss":
        if len(argument) != count:
            raise ValueError(
                f"The model has {count} outputs, but loss is a list of {len(argument)}: "
                "give one loss per output"
            )
        return list(argument)
    return [argument] * count


class CompiledLoss:
    """The total training loss: ``sum_i weight_i * loss_i(y_true_i, y_pred_i)``."""

    def __init__(self, loss, loss_weights, output_names):
        from ember.keras import losses

        self.output_names = list(output_names)
        raw = _per_output(loss, self.output_names, "loss")
        self.functions = [None if item is None else losses.get(item) for item in raw]
        if all(f is None for f in self.functions):
            raise ValueError("No loss to compute: give loss= to compile()")
        weights = _per_output(loss_weights, self.output_names, "loss_weights")
        self.weights = [1.0 if w is None else float(w) for w in weights]
        self.identifiers = raw

    def __call__(self, y_true, y_pred, sample_weight=None):
        """Return the total loss tensor and the per-output loss tensors."""
        trues, preds = flatten(y_true), flatten(y_pred)
        if len(preds) != len(self.functions):
            raise ValueError(f"The model returned {len(preds)} outputs but {len(self.functions)} were compiled")
        if len(trues) != len(preds):
            raise ValueError(
                f"The model has {len(preds)} outputs but {len(trues)} targets were given"
            )
        weights = flatten(sample_weight) if sample_weight is not None else [None] * len(preds)
        if len(weights) == 1 and len(preds) > 1:
            weights = weights * len(preds)
        terms, total = [], None
        for function, weight, target, prediction, sw in zip(self.functions, self.weights, trues, preds, weights):
            if function is None:
                terms.append(None)
                continue
            value = _reduced_loss(function, target, prediction, sw)
            terms.append(value)
            weighted = value if weight == 1.0 else multiply(value, weight)
            total = weighted if total is None else add(total, weighted)
        return total, terms


def _reduced_loss(function, y_true, y_pred, sample_weight):
    if isinstance(function, Loss):
        return function(y_true, y_pred, sample_weight=sample_weight)
    values = function(y_true, y_pred)
    if sample_weight is not None:
        weight = np.asarray(sample_weight, dtype=values.dtype)
        weight = weight.reshape(weight.shape + (1,) * (values.ndim - weight.ndim))
        values = values * weight
    count = max(int(np.prod(values.shape)), 1)
    return reduce_sum(values) / count


class CompiledMetrics:
    """Streaming metrics per output, named as Keras names them in logs."""

    def __init__(self, metrics, weighted_metrics, output_names, loss_identifiers):
        self.output_names = list(output_names)
        self._requested = [
            (_metric_lists(metrics, self.output_names), False),
            (_metric_lists(weighted_metrics, self.output_names), True),
        ]
        self._losses = loss_identifiers
        self.metrics = None  # list of (output index, metric, weighted), built on first batch

    def build(self, y_true, y_pred):
        from ember.keras import metrics as metrics_module

        trues, preds = flatten(y_true), flatten(y_pred)
        built = []
        prefix = len(self.output_names) > 1
        for lists, weighted in self._requested:
            for index, requested in enumerate(lists):
                for identifier in requested:
                    metric = _resolve(identifier, self._losses[index], trues[index], preds[index],
                                      metrics_module)
                    if prefix:
                        metric.name = f"{self.output_names[index]}_{metric.name}"
                    built.append((index, metric, weighted))
        self.metrics = built

    def update(self, y_true, y_pred, sample_weight=None):
        if self.metrics is None:
            self.build(y_true, y_pred)
        trues, preds = flatten(y_true), flatten(y_pred)
        weights = flatten(sample_weight) if sample_weight is not None else [None] * len(preds)
        if len(weights) == 1 and len(preds) > 1:
            weights = weights * len(preds)
        for index, metric, weighted in self.metrics:
            metric.update_state(trues[index], preds[index],
                                sample_weight=weights[index] if weighted else None)

    def reset(self):
        for _, metric, _ in self.metrics or []:
            metric.reset_state()

    def results(self):
        return {metric.name: float(np.asarray(metric.result())) for _, metric, _ in self.metrics or []}


def _metric_lists(metrics, output_names):
    if metrics is None:
        return [[] for _ in output_names]
    if isinstance(metrics, dict):
        unknown = sorted(set(metrics) - set(output_names))
        if unknown:
            raise ValueError(f"Unknown output name(s) in metrics: {unknown}. Outputs: {output_names}")
        return [_as_list(metrics.get(name)) for name in output_names]
    if not isinstance(metrics, (list, tuple)):
        raise TypeError(
            f"metrics should be a list or a dict. Received: metrics={metrics!r}"
        )
    if len(output_names) > 1 and metrics and all(isinstance(m, (list, tuple)) for m in metrics):
        return [list(m) for m in metrics]
    return [list(metrics) for _ in output_names]


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _resolve(identifier, loss, y_true, y_pred, metrics_module):
    """The metric for ``identifier``; ``"accuracy"``/``"crossentropy"`` follow the loss."""
    return metrics_module.get_metric(identifier, loss, np.shape(y_true), tuple(y_pred.shape))
