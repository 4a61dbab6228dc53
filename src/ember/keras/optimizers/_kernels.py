"""Compiled update kernels for the SGD and Adam families (one sweep per variable).

The NumPy kernels beside each optimizer make a pass over the variable per
arithmetic step (Adam: ten); on a 235,000-weight layer each pass costs about as
much as the whole compiled loop. These loops read the gradient and the slots
once and write the slots and the new value in the same sweep. Every array is
1-D and contiguous; scalars come in the variables' dtype, so float32 variables
are updated in float32 arithmetic as the NumPy kernels do (the compiler may
fuse a multiply and an add, so results can differ from them in the last bit).

Imported on first use (it loads Numba) through ``_base.compiled_kernels``.
"""

import numpy as np

from ember.backend._jit import njit


@njit
def descent(gradient, variable, out, learning_rate):
    """``out = variable - learning_rate * gradient``."""
    for i in range(out.shape[0]):
        out[i] = variable[i] - learning_rate * gradient[i]


@njit
def momentum_descent(gradient, velocity, variable, out, learning_rate, momentum, nesterov):
    """``velocity = momentum * velocity - learning_rate * gradient``, then
    ``out = variable + velocity`` (Nesterov: ``+ momentum * velocity - learning_rate * gradient``)."""
    for i in range(out.shape[0]):
        step = learning_rate * gradient[i]
        v = momentum * velocity[i] - step
        velocity[i] = v
        if nesterov:
            out[i] = variable[i] + momentum * v - step
        else:
            out[i] = variable[i] + v


@njit
def adam(gradient, m, v, v_max, variable, out, keep_1, keep_2, epsilon, alpha, amsgrad):
    """Adam: ``m += (g - m) * keep_1``, ``v += (g^2 - v) * keep_2`` (``keep = 1 - beta``),
    ``out = variable - alpha * m / (sqrt(v) + epsilon)``; AMSGrad divides by the
    running maximum ``v_max`` of ``v`` instead."""
    for i in range(out.shape[0]):
        g = gradient[i]
        mi = m[i] + (g - m[i]) * keep_1
        vi = v[i] + (g * g - v[i]) * keep_2
        m[i], v[i] = mi, vi
        if amsgrad:
            vi = max(v_max[i], vi)
            v_max[i] = vi
        out[i] = variable[i] - alpha * mi / (np.sqrt(vi) + epsilon)
