"""Compiled per-sample gradients, hessians and losses of the boosting losses.

Computed in float64 from the float64 raw predictions, stored as float32 (the
gradients the trees are fitted to), with the formulas of scikit-learn's loss
module (``sklearn/_loss``), so the same raw predictions give the same
float32 values:

- half squared error ``(r - y)^2 / 2``: g = r - y, h = 1;
- absolute error ``|r - y|``: g = sign(r - y) (-1 at 0), h = 1;
- pinball loss at quantile q: g = -q if y >= r else 1 - q, h = 1;
- half Poisson deviance ``e^r - y r`` (log link): g = e^r - y, h = e^r;
- half gamma deviance ``r + y e^-r`` (log link): g = 1 - y e^-r, h = y e^-r;
- half binomial deviance ``log(1 + e^r) - y r`` (logit link): g = expit(r) - y,
  h = expit(r) (1 - expit(r));
- half multinomial deviance (softmax link), per class k: g = p_k - [y = k],
  h = p_k (1 - p_k) (the diagonal of the Hessian).

Sample weights multiply each value. Samples are independent, so they are
shared among threads without changing any result.
"""

import math

import numpy as np
from numba import prange

from ember.backend._jit import njit_exact, njit_parallel

SQUARED, ABSOLUTE, PINBALL, POISSON, GAMMA, BINOMIAL = range(6)

_CHUNK = 4096


@njit_exact
def _gradient_hessian(kind, y, r, quantile):
    if kind == SQUARED:
        return r - y, 1.0
    if kind == ABSOLUTE:
        return (1.0 if r > y else -1.0), 1.0
    if kind == PINBALL:
        return (-quantile if y >= r else 1.0 - quantile), 1.0
    if kind == POISSON:
        h = math.exp(r)
        return h - y, h
    if kind == GAMMA:
        e = math.exp(-r)
        return 1.0 - y * e, e * y
    # binomial: expit(r) - y written to keep precision and never overflow
    if r > -37.0:
        e = math.exp(-r)
        return ((1.0 - y) - y * e) / (1.0 + e), e / ((1.0 + e) * (1.0 + e))
    e = math.exp(r)
    return e - y, e


@njit_exact
def _log1pexp(x):
    if x <= -37.0:
        return math.exp(x)
    if x <= -2.0:
        return math.log1p(math.exp(x))
    if x <= 18.0:
        return math.log(1.0 + math.exp(x))
    if x <= 33.3:
        return x + math.exp(-x)
    return x


@njit_exact
def _loss(kind, y, r, quantile):
    if kind == SQUARED:
        return 0.5 * (r - y) * (r - y)
    if kind == ABSOLUTE:
        return abs(r - y)
    if kind == PINBALL:
        return quantile * (y - r) if y >= r else (1.0 - quantile) * (r - y)
    if kind == POISSON:
        return math.exp(r) - y * r
    if kind == GAMMA:
        return r + y * math.exp(-r)
    return _log1pexp(r) - y * r


@njit_parallel
def gradient_hessian(kind, y, raw, sample_weight, quantile, gradient, hessian, with_hessian):
    """Fill ``gradient`` (and ``hessian`` when ``with_hessian``) for a one-output loss.

    ``sample_weight`` is an empty array for unit weights.
    """
    weighted = sample_weight.shape[0] > 0
    for i in prange(y.shape[0]):
        g, h = _gradient_hessian(kind, y[i], raw[i], quantile)
        if weighted:
            g = sample_weight[i] * g
            h = sample_weight[i] * h
        gradient[i] = g
        if with_hessian:
            hessian[i] = h


@njit_parallel
def losses(kind, y, raw, quantile, out):
    """``out[i]``: the (unweighted) loss of sample ``i`` for a one-output loss."""
    for i in prange(y.shape[0]):
        out[i] = _loss(kind, y[i], raw[i], quantile)


@njit_exact
def _softmax_row(raw, i, p):
    """``p = exp(raw[i] - max)`` unnormalised; returns ``(max, sum)``."""
    n_classes = raw.shape[1]
    top = raw[i, 0]
    for k in range(1, n_classes):
        if top < raw[i, k]:
            top = raw[i, k]
    total = 0.0
    for k in range(n_classes):
        p[k] = math.exp(raw[i, k] - top)
        total += p[k]
    return top, total


@njit_parallel
def multinomial_gradient_hessian(y, raw, sample_weight, gradient, hessian):
    """Per-class gradients and diagonal hessians of the softmax cross-entropy."""
    n_samples, n_classes = raw.shape
    weighted = sample_weight.shape[0] > 0
    n_chunks = (n_samples + _CHUNK - 1) // _CHUNK
    for chunk in prange(n_chunks):
        p = np.empty(n_classes, dtype=np.float64)
        for i in range(chunk * _CHUNK, min(n_samples, (chunk + 1) * _CHUNK)):
            _, total = _softmax_row(raw, i, p)
            for k in range(n_classes):
                p_k = p[k] / total
                g = p_k - (1.0 if y[i] == k else 0.0)
                h = p_k * (1.0 - p_k)
                if weighted:
                    g = g * sample_weight[i]
                    h = h * sample_weight[i]
                gradient[i, k] = g
                hessian[i, k] = h


@njit_parallel
def multinomial_losses(y, raw, out):
    """``out[i]``: the softmax cross-entropy of sample ``i`` (``log sum exp - raw[i, y_i]``)."""
    n_samples, n_classes = raw.shape
    n_chunks = (n_samples + _CHUNK - 1) // _CHUNK
    for chunk in prange(n_chunks):
        p = np.empty(n_classes, dtype=np.float64)
        for i in range(chunk * _CHUNK, min(n_samples, (chunk + 1) * _CHUNK)):
            top, total = _softmax_row(raw, i, p)
            out[i] = math.log(total) + top - raw[i, int(y[i])]
