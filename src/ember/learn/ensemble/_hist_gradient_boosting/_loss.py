"""The losses boosting minimises: baselines, gradients, mean losses and inverse links.

Each loss works on raw predictions (the summed tree outputs, in link space)
of shape ``(n_samples, n_outputs)``: one output except for the multinomial
loss (one per class). The per-sample work is compiled (``_loss_kernels``);
this module adds the intercept-only baseline each fit starts from, the
weighted mean loss that early stopping watches, and, for the two losses
without a useful second derivative (absolute error, pinball), the leaf values
recomputed as the median / quantile of the leaf's residuals.
"""

import numpy as np
from scipy.special import expit, logit
from scipy.stats import gmean

from ...preprocessing._discretization import weighted_percentiles


def _kernels():
    from . import _loss_kernels

    return _loss_kernels


def _no_weight(sample_weight):
    return np.empty(0) if sample_weight is None else sample_weight


class _OneOutputLoss:
    """A loss of one raw output per sample (all but the multinomial)."""

    kind = None  # the _loss_kernels constant
    differentiable = True
    n_outputs = 1

    def __init__(self, sample_weight=None, quantile=0.5):
        self.quantile = quantile
        # unit weights: the hessians are all one and are not stored
        self.constant_hessian = sample_weight is None and self._unit_hessian

    _unit_hessian = False

    def gradient_hessian(self, y, raw, sample_weight, gradient, hessian):
        """Fill the float32 ``gradient`` and ``hessian`` (``(n, 1)`` F-ordered arrays)."""
        _kernels().gradient_hessian(self.kind, y, raw[:, 0], _no_weight(sample_weight),
                                    float(self.quantile), gradient[:, 0], hessian[:, 0],
                                    not self.constant_hessian)

    def mean_loss(self, y, raw, sample_weight=None):
        """The loss averaged over samples (weighted by ``sample_weight``)."""
        out = np.empty(len(y))
        _kernels().losses(self.kind, y, np.ascontiguousarray(raw[:, 0]), float(self.quantile), out)
        return float(np.average(out, weights=sample_weight))

    def baseline(self, y, sample_weight=None):
        """The raw prediction of the best constant model, shape ``(1,)``."""
        return np.atleast_1d(self.link(np.average(y, weights=sample_weight)))

    def link(self, y_pred):
        return y_pred

    def inverse_link(self, raw):
        return raw


class HalfSquaredError(_OneOutputLoss):
    kind = 0
    _unit_hessian = True


class AbsoluteError(_OneOutputLoss):
    kind = 1
    differentiable = False
    _unit_hessian = True

    def baseline(self, y, sample_weight=None):
        return np.atleast_1d(self.leaf_value(y, sample_weight))

    def leaf_value(self, residuals, sample_weight=None):
        """The (weighted) median of the residuals."""
        if sample_weight is None:
            return np.median(residuals)
        return weighted_percentiles(residuals, sample_weight, [50], average=False)[0]


class PinballLoss(AbsoluteError):
    kind = 2

    def leaf_value(self, residuals, sample_weight=None):
        """The (weighted) ``quantile`` of the residuals."""
        if sample_weight is None:
            return np.percentile(residuals, 100 * self.quantile)
        return weighted_percentiles(residuals, sample_weight, [100 * self.quantile],
                                    average=False)[0]


class _LogLinkLoss(_OneOutputLoss):
    def link(self, y_pred):
        return np.log(np.clip(y_pred, 10 * np.finfo(np.float64).eps, None))

    def inverse_link(self, raw):
        return np.exp(raw)


class HalfPoissonLoss(_LogLinkLoss):
    kind = 3


class HalfGammaLoss(_LogLinkLoss):
    kind = 4


class HalfBinomialLoss(_OneOutputLoss):
    kind = 5

    def link(self, y_pred):
        eps = 10 * np.finfo(np.float64).eps
        return logit(np.clip(y_pred, eps, 1 - eps))

    def inverse_link(self, raw):
        return expit(raw)

    def predict_proba(self, raw):
        proba = np.empty((raw.shape[0], 2))
        proba[:, 1] = expit(raw[:, 0])
        proba[:, 0] = 1 - proba[:, 1]
        return proba


class HalfMultinomialLoss:
    """Softmax cross-entropy over ``n_classes`` raw outputs."""

    differentiable = True
    constant_hessian = False

    def __init__(self, sample_weight=None, n_classes=3):
        self.n_outputs = n_classes

    def gradient_hessian(self, y, raw, sample_weight, gradient, hessian):
        _kernels().multinomial_gradient_hessian(y, raw, _no_weight(sample_weight), gradient,
                                                hessian)

    def mean_loss(self, y, raw, sample_weight=None):
        out = np.empty(len(y))
        _kernels().multinomial_losses(y, raw, out)
        return float(np.average(out, weights=sample_weight))

    def baseline(self, y, sample_weight=None):
        """The symmetric log-odds of the (weighted) class frequencies."""
        eps = np.finfo(np.float64).eps
        share = np.array([np.clip(np.average(y == k, weights=sample_weight), eps, 1 - eps)
                          for k in range(self.n_outputs)])
        return np.log(share / gmean(share))

    def predict_proba(self, raw):
        shifted = raw - raw.max(axis=1, keepdims=True)
        np.exp(shifted, out=shifted)
        shifted /= shifted.sum(axis=1, keepdims=True)
        return shifted


def make_loss(name, sample_weight=None, quantile=None, n_classes=None):
    """The loss called ``name`` (a HistGradientBoosting ``loss`` value)."""
    if name == "log_loss":
        if n_classes <= 2:
            return HalfBinomialLoss(sample_weight)
        return HalfMultinomialLoss(sample_weight, n_classes)
    classes = {"squared_error": HalfSquaredError, "absolute_error": AbsoluteError,
               "quantile": PinballLoss, "poisson": HalfPoissonLoss, "gamma": HalfGammaLoss}
    return classes[name](sample_weight, 0.5 if quantile is None else quantile)
