"""Compiled epochs of the stochastic solvers: plain SGD for one linear model (binary or
regression), the shuffling permutation, and SAGA for (multinomial) logistic regression.

One call runs one pass over the samples in a given order, updating a weight
vector stored as ``wscale * w`` (so an L2 shrink is one multiplication, not a
pass over every feature) together with, when averaging, the averaged weights
in the form of Xu (2011): ``aw_true = (aw + average_a * w) / average_b``.
Each step:

- ``p = x.w + b``; the learning rate ``eta`` follows the schedule;
- the per-sample loss (and the penalty, at the weights of that moment) is
  summed for the stopping test;
- ``w <- (1 - (1 - l1_ratio) eta alpha) w - eta dloss/dp(y, p) s_y s_i x``
  (class weight ``s_y``, sample weight ``s_i``), the intercept by the same step
  times ``intercept_decay``;
- with an L1 part, the cumulative truncated-gradient penalty of Tsuruoka,
  Tsujii and Ananiadou (2009) on the features of ``x``.

``state`` carries what lives across epochs: intercept, averaged intercept,
wscale, squared norm and L1 norm (as last updated: only the coordinates a
sample touched are re-summed, which for a CSR row is its non-zeros), the two
averaging scalars, the step counter ``t``, ``eta`` (adaptive schedule) and
the accumulated L1 penalty ``u``.

This module imports Numba; it is imported on the first ``fit``.
"""

import math

import numpy as np

from ember.backend._jit import njit

# loss codes
HINGE, SQUARED_HINGE, LOG, MODIFIED_HUBER, SQUARED, HUBER, EPSILON_INSENSITIVE, \
    SQUARED_EPSILON_INSENSITIVE = range(8)
# penalty codes (L2 and elastic-net shrink multiplicatively; L1 and elastic-net truncate)
NO_PENALTY, L1, L2, ELASTICNET = 0, 1, 2, 3
# learning-rate codes
CONSTANT, OPTIMAL, INVSCALING, ADAPTIVE, PA1, PA2 = 1, 2, 3, 4, 5, 6
# state slots
INTERCEPT, AVERAGE_INTERCEPT, WSCALE, SQ_NORM, L1_NORM, AVERAGE_A, AVERAGE_B, T, ETA, U = range(10)
_MAX_DLOSS = 1e12
_WSCALE_FLOOR = 1e-9


@njit
def loss_value(code, parameter, y, p):
    """The loss of prediction ``p`` for target ``y`` (±1, 0/1 for the log-loss, or real)."""
    if code == HINGE:  # parameter: the margin threshold (1 SVM, 0 perceptron)
        z = p * y
        return parameter - z if z <= parameter else 0.0
    if code == SQUARED_HINGE:
        z = parameter - p * y
        return z * z if z > 0 else 0.0
    if code == LOG:  # log(1 + e^p) - y p, y in {0, 1}
        if p <= -37.0:
            softplus = math.exp(p)
        elif p <= -2.0:
            softplus = math.log1p(math.exp(p))
        elif p <= 18.0:
            softplus = math.log(1.0 + math.exp(p))
        elif p <= 33.3:
            softplus = p + math.exp(-p)
        else:
            softplus = p
        return softplus - y * p
    if code == MODIFIED_HUBER:
        z = p * y
        if z >= 1.0:
            return 0.0
        if z >= -1.0:
            return (1.0 - z) * (1.0 - z)
        return -4.0 * z
    if code == SQUARED:
        return 0.5 * (p - y) * (p - y)
    if code == HUBER:  # parameter: delta (epsilon)
        r = abs(y - p)
        return 0.5 * r * r if r <= parameter else parameter * (r - 0.5 * parameter)
    r = abs(y - p) - parameter
    if code == EPSILON_INSENSITIVE:
        return r if r > 0 else 0.0
    return r * r if r > 0 else 0.0


@njit
def loss_derivative(code, parameter, y, p):
    """d loss / d p."""
    if code == HINGE:
        return -y if p * y <= parameter else 0.0
    if code == SQUARED_HINGE:
        z = parameter - p * y
        return -2.0 * y * z if z > 0 else 0.0
    if code == LOG:  # sigmoid(p) - y without overflow
        if p > -37.0:
            e = math.exp(-p)
            return ((1.0 - y) - y * e) / (1.0 + e)
        return math.exp(p) - y
    if code == MODIFIED_HUBER:
        z = p * y
        if z >= 1.0:
            return 0.0
        if z >= -1.0:
            return 2.0 * (1.0 - z) * -y
        return -4.0 * y
    if code == SQUARED:
        return p - y
    if code == HUBER:
        r = p - y
        if abs(r) <= parameter:
            return r
        return parameter if r >= 0 else -parameter
    if code == EPSILON_INSENSITIVE:
        if y - p > parameter:
            return -1.0
        if p - y > parameter:
            return 1.0
        return 0.0
    z = y - p
    if z > parameter:
        return -2.0 * (z - parameter)
    if z < -parameter:
        return 2.0 * (-z - parameter)
    return 0.0


@njit
def reset_scale(w, aw, state, averaging):
    """Fold ``wscale`` (and the averaging scalars) into the stored vectors."""
    if averaging:
        a, b = state[AVERAGE_A], state[AVERAGE_B]
        for j in range(w.shape[0]):
            aw[j] = (aw[j] + a * w[j]) / b
        state[AVERAGE_A], state[AVERAGE_B] = 0.0, 1.0
    scale = state[WSCALE]
    for j in range(w.shape[0]):
        w[j] *= scale
    state[WSCALE] = 1.0


@njit
def sgd_epoch(w, aw, q, state, dense, data, indices, indptr, is_sparse, y, sample_weight,
              order, skip, loss_code, loss_parameter, is_hinge, penalty, alpha, l1_ratio,
              learning_rate, eta0, power_t, optimal_init, fit_intercept, intercept_decay,
              weight_pos, weight_neg, average, track_objective):
    """One pass over the samples ``order`` (those with ``skip`` set are left out).

    Returns the summed objective (loss plus penalty) over the samples used, or
    NaN when the weights or intercept stopped being finite.
    """
    n_features = w.shape[0]
    averaging = average > 0
    intercept = state[INTERCEPT]
    average_intercept = state[AVERAGE_INTERCEPT]
    wscale, sq_norm, l1_norm = state[WSCALE], state[SQ_NORM], state[L1_NORM]
    t, eta, u = state[T], state[ETA], state[U]
    objective = 0.0
    start, stop = 0, n_features
    for position in range(order.shape[0]):
        i = order[position]
        if skip[i]:
            continue
        if is_sparse:
            start, stop = indptr[i], indptr[i + 1]
        # p = x . w * wscale + b
        inner = 0.0
        if is_sparse:
            for k in range(start, stop):
                inner += w[indices[k]] * data[k]
        else:
            for j in range(n_features):
                inner += w[j] * dense[i, j]
        p = inner * wscale + intercept
        target = y[i]
        if learning_rate == OPTIMAL:
            eta = 1.0 / (alpha * (optimal_init + t - 1.0))
        elif learning_rate == INVSCALING:
            eta = eta0 / t ** power_t
        if track_objective:
            objective += loss_value(loss_code, loss_parameter, target, p)
            if learning_rate < PA1 and penalty > 0:
                objective += alpha * ((1.0 - l1_ratio) * 0.5 * sq_norm + l1_ratio * l1_norm)
        class_weight = weight_pos if target > 0.0 else weight_neg
        if learning_rate == PA1 or learning_rate == PA2:
            x_sq = 0.0
            if is_sparse:
                for k in range(start, stop):
                    x_sq += data[k] * data[k]
            else:
                for j in range(n_features):
                    x_sq += dense[i, j] * dense[i, j]
            if learning_rate == PA1:
                if x_sq == 0.0:
                    continue
                update = min(eta0, loss_value(loss_code, loss_parameter, target, p) / x_sq)
            else:
                update = loss_value(loss_code, loss_parameter, target, p) / (x_sq + 0.5 / eta0)
            if is_hinge:
                update *= target
            elif target - p < 0:
                update = -update
        else:
            dloss = loss_derivative(loss_code, loss_parameter, target, p)
            dloss = min(max(dloss, -_MAX_DLOSS), _MAX_DLOSS)
            update = -eta * dloss
        update *= class_weight * sample_weight[i]
        if penalty >= L2:
            shrink = max(0.0, 1.0 - (1.0 - l1_ratio) * eta * alpha)
            wscale *= shrink
            sq_norm *= shrink * shrink
            l1_norm *= shrink
            if wscale < _WSCALE_FLOOR:
                state[AVERAGE_INTERCEPT] = average_intercept
                state[WSCALE] = wscale
                reset_scale(w, aw, state, averaging)
                wscale = 1.0
        if update != 0.0:
            step = update / wscale
            squares, absolutes = 0.0, 0.0
            if is_sparse:
                for k in range(start, stop):
                    j = indices[k]
                    w[j] += data[k] * step
                    squares += w[j] * w[j]
                    absolutes += abs(w[j])
            else:
                for j in range(n_features):
                    w[j] += dense[i, j] * step
                    squares += w[j] * w[j]
                    absolutes += abs(w[j])
            sq_norm = squares * wscale * wscale
            l1_norm = absolutes * wscale
        if fit_intercept and update != 0.0:
            intercept += update * intercept_decay
        if averaging and average <= t:
            n_averaged = t - average + 1.0
            mu = 1.0 / n_averaged
            a = state[AVERAGE_A]
            factor = a * (-update / wscale)
            if is_sparse:
                for k in range(start, stop):
                    aw[indices[k]] += factor * data[k]
            else:
                for j in range(n_features):
                    aw[j] += factor * dense[i, j]
            if n_averaged > 1.0:
                state[AVERAGE_B] /= 1.0 - mu
            state[AVERAGE_A] = a + mu * state[AVERAGE_B] * wscale
            average_intercept += (intercept - average_intercept) / n_averaged
        if penalty == L1 or penalty == ELASTICNET:
            u += l1_ratio * eta * alpha
            if is_sparse:
                for k in range(start, stop):
                    _truncate(w, q, indices[k], wscale, u)
            else:
                for j in range(n_features):
                    _truncate(w, q, j, wscale, u)
        t += 1.0
    state[INTERCEPT], state[AVERAGE_INTERCEPT] = intercept, average_intercept
    state[WSCALE], state[SQ_NORM], state[L1_NORM] = wscale, sq_norm, l1_norm
    state[T], state[ETA], state[U] = t, eta, u
    if not math.isfinite(intercept):
        return np.nan
    for j in range(n_features):
        if not math.isfinite(w[j]):
            return np.nan
    return objective


@njit
def _truncate(w, q, j, wscale, u):
    """Clip coordinate ``j`` towards zero by the L1 penalty not yet applied to it."""
    z = w[j]
    if wscale * z > 0.0:
        w[j] = max(0.0, z - (u + q[j]) / wscale)
    elif wscale * z < 0.0:
        w[j] = min(0.0, z + (u - q[j]) / wscale)
    q[j] += wscale * (w[j] - z)


@njit
def epoch_permutation(seed, n):
    """The permutation each shuffled epoch applies to the sample order: a Fisher-Yates
    pass driven by the 32-bit xorshift generator (13, 17, 5) scikit-learn's SGD uses,
    restarted from ``seed`` every epoch, so shuffled fits follow scikit-learn's order."""
    state = seed & 0xFFFFFFFF
    permutation = np.arange(n)
    for i in range(n - 1):
        if state == 0:
            state = 1
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        j = i + (state % 2147483648) % (n - i)
        permutation[i], permutation[j] = permutation[j], permutation[i]
    return permutation


@njit
def saga_epoch(W, b, memory, gradient_sum, intercept_gradient_sum, dense, data, indices, indptr,
               is_sparse, labels, weight, picks, step, alpha, beta, fit_intercept):
    """One epoch of SAGA (Defazio, Bach and Lacoste-Julien, 2014) for (multinomial) logistic
    regression: for each picked sample, the variance-reduced gradient step on
    ``(1/n) sum_i s_i loss_i + alpha/2 ||W||^2``, then the proximal step of ``beta ||W||_1``.

    ``W`` is ``(n_features, k)`` (``k = 1``: binary, ``labels`` 0/1; else class codes),
    ``memory`` ``(n_samples, k)`` the last gradient seen for each sample, and
    ``gradient_sum`` / ``intercept_gradient_sum`` their sums against ``X``.
    """
    n_samples = memory.shape[0]
    n_features, k = W.shape
    scores = np.empty(k)
    delta = np.empty(k)
    threshold = step * beta
    for position in range(picks.shape[0]):
        i = picks[position]
        start, stop = 0, 0
        if is_sparse:
            start, stop = indptr[i], indptr[i + 1]
        for c in range(k):
            total = b[c] if fit_intercept else 0.0
            if is_sparse:
                for q in range(start, stop):
                    total += data[q] * W[indices[q], c]
            else:
                for f in range(n_features):
                    total += dense[i, f] * W[f, c]
            scores[c] = total
        if k == 1:
            s = scores[0]
            if s >= 0:
                probability = 1.0 / (1.0 + math.exp(-s))
            else:
                probability = math.exp(s) / (1.0 + math.exp(s))
            delta[0] = weight[i] * (probability - labels[i]) - memory[i, 0]
        else:
            top = scores.max()
            norm = 0.0
            for c in range(k):
                scores[c] = math.exp(scores[c] - top)
                norm += scores[c]
            for c in range(k):
                g = scores[c] / norm - (1.0 if labels[i] == c else 0.0)
                delta[c] = weight[i] * g - memory[i, c]
        # w -= step * (delta x_i + mean gradient + alpha w), then the L1 prox
        for f in range(n_features):
            for c in range(k):
                W[f, c] -= step * (gradient_sum[f, c] / n_samples + alpha * W[f, c])
        if is_sparse:
            for q in range(start, stop):
                for c in range(k):
                    W[indices[q], c] -= step * delta[c] * data[q]
                    gradient_sum[indices[q], c] += delta[c] * data[q]
        else:
            for f in range(n_features):
                x = dense[i, f]
                for c in range(k):
                    W[f, c] -= step * delta[c] * x
                    gradient_sum[f, c] += delta[c] * x
        if threshold > 0.0:
            for f in range(n_features):
                for c in range(k):
                    value = W[f, c]
                    if value > threshold:
                        W[f, c] = value - threshold
                    elif value < -threshold:
                        W[f, c] = value + threshold
                    else:
                        W[f, c] = 0.0
        for c in range(k):
            if fit_intercept:
                b[c] -= step * (delta[c] + intercept_gradient_sum[c] / n_samples)
                intercept_gradient_sum[c] += delta[c]
            memory[i, c] += delta[c]
