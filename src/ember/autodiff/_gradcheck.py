"""Gradient checking against central finite differences in float64."""

import numpy as np

from ._tape import GradientTape
from ._tensor import Tensor


def numerical_gradient(f, inputs, weights, eps=1e-6):
    """Central-difference gradient of ``sum(weights * f(*inputs))`` w.r.t. each input."""
    arrays = [np.array(x, dtype=np.float64) for x in inputs]
    grads = []
    for array in arrays:
        grad = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            original = array[index]
            array[index] = original + eps
            plus = _weighted(f, arrays, weights)
            array[index] = original - eps
            minus = _weighted(f, arrays, weights)
            array[index] = original
            grad[index] = (plus - minus) / (2 * eps)
        grads.append(grad)
    return grads


def _weighted(f, arrays, weights):
    out = f(*[Tensor(a.copy()) for a in arrays])
    return float(np.sum(np.asarray(out, dtype=np.float64) * weights))


def check_gradients(f, *inputs, eps=1e-6, rtol=1e-5, atol=1e-7, seed=0):
    """Assert that tape gradients of ``f`` match central differences.

    The output is contracted with random weights, so every entry of the Jacobian
    counts (a plain sum could hide errors that cancel).

    Args:
        f: a function of tensors returning a tensor.
        *inputs: float arrays, converted to float64.

    Raises:
        AssertionError: naming the argument, the index and both values.
    """
    arrays = [np.asarray(x, dtype=np.float64) for x in inputs]
    tensors = [Tensor(a.copy()) for a in arrays]
    with GradientTape(persistent=True) as tape:
        for t in tensors:
            tape.watch(t)
        out = f(*tensors)
    weights = np.random.default_rng(seed).uniform(0.5, 1.5, np.shape(out._value))
    analytic = tape.gradient(out, tensors, output_gradients=Tensor(weights))
    numeric = numerical_gradient(f, arrays, weights, eps)
    for position, (a, n, x) in enumerate(zip(analytic, numeric, arrays)):
        a = np.zeros_like(x) if a is None else np.asarray(a, dtype=np.float64)
        if a.shape != x.shape:
            raise AssertionError(
                f"gradient for argument {position} has shape {a.shape}, expected {x.shape}"
            )
        bad = ~np.isclose(a, n, rtol=rtol, atol=atol)
        if bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            raise AssertionError(
                f"gradient for argument {position} at index {index} is {a[index]!r}, "
                f"but central differences give {n[index]!r} "
                f"({int(bad.sum())} of {bad.size} entries differ)"
            )
    return analytic
