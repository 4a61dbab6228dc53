"""The losses of gradient boosting: values, negative gradients, link, leaf values.

Each loss works on raw predictions ``raw`` of shape (n_samples, K) (K = 1 for
regression and binary classification, the number of classes for the
multinomial loss) and provides:

- ``mean(y, raw, sample_weight)``: the weighted mean loss, scaled as
  scikit-learn reports ``train_score_`` / ``oob_scores_`` (twice the half
  squared error and the half binomial deviance, as its older losses did);
- ``negative_gradient(y, raw)``: (n_samples, K), what each stage's trees fit;
- ``raw_from_init(predictions)``: the link applied to the init estimator's
  predictions (probabilities for a classifier);
- ``leaf_values(leaves, n_nodes, y, neg_gradient, raw_k, weight)``: the value
  of every leaf of the tree just grown (Friedman 2001, algorithm 1 step 5),
  or None to keep the tree's means: one Newton step for the log and
  exponential losses, the weighted median (absolute error), the alpha
  percentile (quantile) or the median plus the mean clipped residual (Huber)
  of the residuals in each leaf.

``leaves`` holds each in-bag sample's leaf (node id); the others are left out
by the caller.
"""

import warnings

import numpy as np
from scipy.special import expit, logit

from ..dummy import DummyClassifier, DummyRegressor

_TINY_HESSIAN = 1e-150


def _kernels():
    from . import _gb_kernels

    return _gb_kernels


def weighted_percentile(values, weights, rank, groups=None, n_groups=1):
    """Weighted percentile ``rank`` (0-100, inverted CDF: the first sorted value whose
    cumulative weight reaches rank/100 of the total), per group 0..n_groups-1 when
    ``groups`` is given, else of all values (a float)."""
    one = groups is None
    if one:
        groups = np.zeros(len(values), dtype=np.int64)
    out = _kernels().group_percentiles(np.ascontiguousarray(values, dtype=np.float64),
                                       np.ascontiguousarray(weights, dtype=np.float64),
                                       groups, n_groups, float(rank) / 100)
    return float(out[0]) if one else out


def _leaf_means(leaves, n_nodes, terms, weight):
    """Weighted mean of ``terms`` in each node, (n_nodes,) (NaN where a node has none)."""
    total = np.bincount(leaves, weights=weight, minlength=n_nodes)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.bincount(leaves, weights=terms * weight, minlength=n_nodes) / total


def _newton_step(leaves, n_nodes, neg_gradient, hessian, weight, scale=1.0):
    """scale * mean(neg_gradient) / mean(hessian) per leaf; 0 where the hessian vanishes."""
    numerator = _leaf_means(leaves, n_nodes, neg_gradient, weight) * scale
    denominator = _leaf_means(leaves, n_nodes, hessian, weight)
    tiny = ~(np.abs(denominator) >= _TINY_HESSIAN)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        step = numerator / denominator
    step[tiny] = 0.0
    if np.isinf(step).any():
        warnings.warn("overflow encountered in _safe_divide", RuntimeWarning, stacklevel=4)
    return step


class GBLoss:
    """What the boosting losses share (see the module docstring); each defines
    ``init_estimator()`` (the default ``init_``), ``per_sample`` and ``negative_gradient``;
    ``factor`` scales the reported losses."""

    factor = 1.0
    n_trees = 1

    def mean(self, y, raw, sample_weight=None):
        return self.factor * np.average(self.per_sample(y, raw), weights=sample_weight)

    def raw_from_init(self, predictions):
        return np.asarray(predictions, dtype=np.float64).reshape(len(predictions), -1)

    def leaf_values(self, leaves, n_nodes, y, neg_gradient, raw_k, weight):
        return None


class SquaredError(GBLoss):
    factor = 2.0

    def init_estimator(self):
        return DummyRegressor(strategy="mean")

    def per_sample(self, y, raw):
        return 0.5 * (raw[:, 0] - y) ** 2

    def negative_gradient(self, y, raw):
        return (y - raw[:, 0])[:, None]


class _Percentile(GBLoss):
    """Absolute error (rank 50) and quantile loss: leaves take the residuals' percentile."""

    def leaf_values(self, leaves, n_nodes, y, neg_gradient, raw_k, weight):
        return weighted_percentile(y - raw_k, weight, self.rank, leaves, n_nodes)


class AbsoluteError(_Percentile):
    rank = 50.0

    def init_estimator(self):
        return DummyRegressor(strategy="quantile", quantile=0.5)

    def per_sample(self, y, raw):
        return np.abs(raw[:, 0] - y)

    def negative_gradient(self, y, raw):
        return np.where(raw[:, 0] > y, -1.0, 1.0)[:, None]


class QuantileLoss(_Percentile):
    def __init__(self, alpha):
        self.alpha = alpha
        self.rank = 100 * alpha

    def init_estimator(self):
        return DummyRegressor(strategy="quantile", quantile=self.alpha)

    def per_sample(self, y, raw):
        diff = y - raw[:, 0]
        return np.where(diff >= 0, self.alpha * diff, (self.alpha - 1.0) * diff)

    def negative_gradient(self, y, raw):
        return np.where(y >= raw[:, 0], self.alpha, self.alpha - 1.0)[:, None]


class HuberLoss(GBLoss):
    """Huber's loss with ``delta`` the alpha percentile of the absolute residuals, set at
    the start of each stage (``set_delta``); 0.5 before the first stage."""

    def __init__(self, alpha):
        self.alpha = alpha
        self.delta = 0.5

    def init_estimator(self):
        return DummyRegressor(strategy="quantile", quantile=0.5)

    def set_delta(self, y, raw, sample_weight):
        self.delta = weighted_percentile(np.abs(y - raw[:, 0]), sample_weight, 100 * self.alpha)

    def per_sample(self, y, raw):
        error = np.abs(y - raw[:, 0])
        return np.where(error <= self.delta, 0.5 * error ** 2,
                        self.delta * (error - 0.5 * self.delta))

    def negative_gradient(self, y, raw):
        residual = y - raw[:, 0]
        return np.where(np.abs(residual) <= self.delta, residual,
                        np.copysign(self.delta, residual))[:, None]

    def leaf_values(self, leaves, n_nodes, y, neg_gradient, raw_k, weight):
        residual = y - raw_k
        median = weighted_percentile(residual, weight, 50.0, leaves, n_nodes)
        diff = residual - median[leaves]
        clipped = np.sign(diff) * np.minimum(self.delta, np.abs(diff))
        return median + _leaf_means(leaves, n_nodes, clipped, weight)


class BinomialLoss(GBLoss):
    """Binary log loss on the log-odds."""

    factor = 2.0

    def init_estimator(self):
        return DummyClassifier(strategy="prior")

    def raw_from_init(self, proba):
        return logit(_clip_proba(proba[:, 1]))[:, None]

    def per_sample(self, y, raw):
        return np.logaddexp(0.0, raw[:, 0]) - y * raw[:, 0]

    def negative_gradient(self, y, raw):
        raw = raw[:, 0]
        out = np.empty_like(raw)
        usual = raw > -37  # y - expit(raw) without cancellation where expit(raw) is near 1
        e = np.exp(-raw[usual])
        yu = y[usual]
        out[usual] = (yu * e - (1.0 - yu)) / (1.0 + e)
        out[~usual] = y[~usual] - np.exp(raw[~usual])
        return out[:, None]

    def leaf_values(self, leaves, n_nodes, y, neg_gradient, raw_k, weight):
        prob = y - neg_gradient
        return _newton_step(leaves, n_nodes, neg_gradient, prob * (1.0 - prob), weight)

    def proba(self, raw):
        p = expit(raw[:, 0])
        return np.column_stack([1.0 - p, p])


class MultinomialLoss(GBLoss):
    """Multiclass log loss on K raw scores (softmax), one tree per class and stage."""

    def __init__(self, n_classes):
        self.n_trees = n_classes

    def init_estimator(self):
        return DummyClassifier(strategy="prior")

    def raw_from_init(self, proba):
        proba = _clip_proba(proba)
        log_proba = np.log(proba)
        return np.log(proba / np.exp(log_proba.mean(axis=1))[:, None])  # centred log-probabilities

    def per_sample(self, y, raw):
        top = raw.max(axis=1)
        log_norm = top + np.log(np.exp(raw - top[:, None]).sum(axis=1))
        return log_norm - raw[np.arange(len(y)), y.astype(np.intp)]

    def negative_gradient(self, y, raw):
        out = -self.proba(raw)
        out[np.arange(len(y)), y.astype(np.intp)] += 1.0
        return out

    def leaf_values(self, leaves, n_nodes, y, neg_gradient, raw_k, weight):
        prob = y - neg_gradient  # y: 1.0 for this tree's class
        K = self.n_trees
        return _newton_step(leaves, n_nodes, neg_gradient, prob * (1.0 - prob), weight,
                            scale=(K - 1) / K)

    def proba(self, raw):
        e = np.exp(raw - raw.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


class ExponentialLoss(GBLoss):
    """AdaBoost's exponential loss on half the log-odds."""

    def init_estimator(self):
        return DummyClassifier(strategy="prior")

    def raw_from_init(self, proba):
        return 0.5 * logit(_clip_proba(proba[:, 1]))[:, None]

    def per_sample(self, y, raw):
        e = np.exp(raw[:, 0])
        return y / e + (1.0 - y) * e

    def negative_gradient(self, y, raw):
        e = np.exp(raw[:, 0])
        return (y / e - (1.0 - y) * e)[:, None]

    def leaf_values(self, leaves, n_nodes, y, neg_gradient, raw_k, weight):
        hessian = np.where(y == 0, -neg_gradient, neg_gradient)  # y e^-raw + (1 - y) e^raw
        return _newton_step(leaves, n_nodes, neg_gradient, hessian, weight)

    def proba(self, raw):
        p = expit(2.0 * raw[:, 0])
        return np.column_stack([1.0 - p, p])


def _clip_proba(proba):
    eps = np.finfo(np.float64).eps
    return np.clip(proba, eps, 1 - eps, dtype=np.float64)


def make_loss(name, alpha=0.9, n_classes=None):
    """The loss object of a ``loss`` parameter (a classifier passes its ``n_classes``)."""
    if name == "log_loss":
        return BinomialLoss() if n_classes == 2 else MultinomialLoss(n_classes)
    if name == "exponential":
        return ExponentialLoss()
    if name == "huber":
        return HuberLoss(alpha)
    if name == "quantile":
        return QuantileLoss(alpha)
    return {"squared_error": SquaredError, "absolute_error": AbsoluteError}[name]()
