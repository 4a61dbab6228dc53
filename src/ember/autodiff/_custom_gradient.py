"""``custom_gradient``: a function that supplies its own vjp."""

import functools
import inspect

from ._nest import flatten
from ._tape import _ACTIVE, GradientTape, pause_all, record
from ._tensor import Tensor, convert_to_tensor


def custom_gradient(f=None):
    """Decorate ``f(*x) -> (y, grad_fn)`` so tapes use ``grad_fn`` for its gradient.

    ``grad_fn(*upstream)`` returns one gradient per tensor argument. If ``f``
    reads trainable variables, ``grad_fn`` must accept ``variables=`` and return
    ``(input_grads, variable_grads)``, as in TensorFlow.

    Example (HOML ch12, a softplus stable for large inputs):
        >>> @tf.custom_gradient
        ... def my_softplus(z):
        ...     def grads(upstream):
        ...         return upstream / (1 + 1 / tf.exp(z))
        ...     return tf.math.log(1 + tf.exp(-tf.abs(z))) + tf.maximum(0., z), grads
    """
    if f is None:
        return custom_gradient

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        inputs = [a if isinstance(a, Tensor) else convert_to_tensor(a) for a in args]
        if not _ACTIVE:
            result, _ = f(*inputs, **kwargs)
            return result
        # Run f with the outer tapes paused; a private tape notes the variables read.
        with pause_all(), GradientTape() as spy:
            result, grad_fn = f(*inputs, **kwargs)
        given = {id(x) for x in inputs}
        variables = [v for v in spy.watched_variables() if id(v) not in given]
        outputs = flatten(result)
        takes_variables = "variables" in inspect.signature(grad_fn).parameters
        if variables and not takes_variables:
            raise TypeError(
                f"{f.__name__} reads trainable variables, so its gradient function "
                "must accept a 'variables' keyword argument"
            )
        sources = tuple(inputs) + tuple(variables)
        for index, output in enumerate(outputs):
            record(output, sources, _vjp(grad_fn, outputs, index, len(inputs), variables))
        return result

    return wrapper


def _vjp(grad_fn, outputs, index, n_inputs, variables):
    def backward(g, needs):
        from ember.ops import zeros_like

        upstream = [g if i == index else zeros_like(o) for i, o in enumerate(outputs)]
        if variables:
            input_grads, variable_grads = grad_fn(*upstream, variables=variables)
        else:
            input_grads, variable_grads = grad_fn(*upstream), []
        input_grads = list(input_grads) if isinstance(input_grads, (list, tuple)) else [input_grads]
        if len(input_grads) != n_inputs:
            raise ValueError(
                f"custom gradient function returned {len(input_grads)} gradients for "
                f"{n_inputs} inputs"
            )
        grads = input_grads + list(variable_grads)
        return tuple(None if gr is None else convert_to_tensor(gr) for gr in grads)

    return backward
