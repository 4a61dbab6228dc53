"""Linear algebra: matmul, tensordot, einsum, norms.

``matmul`` is the GEMM hot path: its vjp is two more matmuls, and it skips the
one for an input that needs no gradient (a batch of data, say).
"""

import string

import numpy as np

from ember.autodiff._tensor import Tensor
from ember.backend import xp

from ._core import _ACTIVE, as_tensor, normalize_axes, operands, record, unbroadcast


def matrix_transpose(a, name=None, conjugate=False):
    """Swap the last two axes of ``a``."""
    from ._shape import transpose

    x = as_tensor(a)
    perm = list(range(x._value.ndim))
    perm[-2:] = perm[-2:][::-1]
    return transpose(x, perm)


def matmul(
    a,
    b,
    transpose_a=False,
    transpose_b=False,
    adjoint_a=False,
    adjoint_b=False,
    a_is_sparse=False,
    b_is_sparse=False,
    output_type=None,
    name=None,
):
    """Matrix product of the last two axes of ``a`` and ``b``, batching over the rest.

    Args:
        a: tensor of shape ``(..., m, k)`` (``(..., k, m)`` with ``transpose_a``).
        b: tensor of shape ``(..., k, n)`` (``(..., n, k)`` with ``transpose_b``).

    Returns:
        A tensor of shape ``(..., m, n)``; leading axes broadcast.
    """
    a, b = operands(a, b, "matmul")
    for tensor, label in ((a, "a"), (b, "b")):
        if tensor._value.ndim < 2:
            raise ValueError(
                f"matmul: {label} must have rank >= 2. Received: {label}.shape="
                f"{tuple(tensor._value.shape)}"
            )
    if transpose_a or adjoint_a:
        a = matrix_transpose(a)
    if transpose_b or adjoint_b:
        b = matrix_transpose(b)
    try:
        out = Tensor(xp.matmul(a._value, b._value))
    except ValueError:
        raise ValueError(
            f"matmul: incompatible shapes {tuple(a._value.shape)} and "
            f"{tuple(b._value.shape)} (inner dimensions must agree)"
        ) from None
    if _ACTIVE:

        def backward(g, needs):
            ga = unbroadcast(matmul(g, b, transpose_b=True), a._value.shape) if needs[0] else None
            gb = unbroadcast(matmul(a, g, transpose_a=True), b._value.shape) if needs[1] else None
            return ga, gb

        record(out, (a, b), backward)
    return out


def tensordot(a, b, axes, name=None):
    """Sum products over ``axes`` of ``a`` and ``b`` (an int N: last N of a, first N of b)."""
    from ._shape import reshape, transpose

    a, b = operands(a, b, "tensordot")
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        axes_a = list(range(a._value.ndim - n, a._value.ndim))
        axes_b = list(range(n))
    else:
        axes_a, axes_b = ([int(i) for i in np.atleast_1d(side)] for side in axes)
    axes_a = [i % a._value.ndim for i in axes_a]
    axes_b = [i % b._value.ndim for i in axes_b]
    sizes_a = [a._value.shape[i] for i in axes_a]
    sizes_b = [b._value.shape[i] for i in axes_b]
    if sizes_a != sizes_b:
        raise ValueError(
            f"tensordot: contracted axes of a {tuple(a._value.shape)} and b "
            f"{tuple(b._value.shape)} differ in length: {sizes_a} vs {sizes_b}"
        )
    free_a = [i for i in range(a._value.ndim) if i not in axes_a]
    free_b = [i for i in range(b._value.ndim) if i not in axes_b]
    k = int(np.prod(sizes_a, dtype=np.int64))
    left = reshape(transpose(a, free_a + axes_a), (-1, k))
    right = reshape(transpose(b, axes_b + free_b), (k, -1))
    shape = [a._value.shape[i] for i in free_a] + [b._value.shape[i] for i in free_b]
    return reshape(matmul(left, right), shape)


def einsum(equation, *inputs, **kwargs):
    """Einstein summation, e.g. ``einsum("ij,jk->ik", a, b)``; every operand is differentiable."""
    tensors = [as_tensor(t) for t in inputs]
    subscripts, output = _parse_einsum(equation, tensors)
    explicit = ",".join(subscripts) + "->" + output
    values = [t._value for t in tensors]
    try:
        out = Tensor(xp.einsum(explicit, *values, optimize=len(values) > 2))
    except ValueError as error:
        shapes = ", ".join(str(t._value.shape) for t in tensors)
        raise ValueError(f"einsum {equation!r} on shapes {shapes}: {error}") from None
    if _ACTIVE:
        record(out, tuple(tensors), _einsum_vjp(tensors, subscripts, output))
    return out


def _parse_einsum(equation, tensors):
    equation = equation.replace(" ", "")
    inputs, arrow, output = equation.partition("->")
    subscripts = inputs.split(",")
    if len(subscripts) != len(tensors):
        raise ValueError(
            f"einsum: equation {equation!r} names {len(subscripts)} operands but "
            f"{len(tensors)} were given"
        )
    used = set(equation) - set(".,->")
    spare = [c for c in string.ascii_letters if c not in used]
    ellipsis = ""
    for i, (sub, t) in enumerate(zip(subscripts, tensors)):
        if "..." in sub:
            count = t._value.ndim - (len(sub) - 3)
            letters = "".join(spare[len(spare) - count :]) if count else ""
            ellipsis = letters if len(letters) > len(ellipsis) else ellipsis
            subscripts[i] = sub.replace("...", letters)
    if not arrow:
        letters = "".join(subscripts)
        once = (c for c in set(letters) if letters.count(c) == 1 and c not in ellipsis)
        output = ellipsis + "".join(sorted(once))
    else:
        output = output.replace("...", ellipsis)
    return subscripts, output


def _einsum_vjp(tensors, subscripts, output):
    def backward(g, needs):
        grads = []
        for k, (tensor, target) in enumerate(zip(tensors, subscripts)):
            if not needs[k]:
                grads.append(None)
                continue
            operands_, subs = [g], [output]
            for j, other in enumerate(tensors):
                if j != k:
                    operands_.append(other)
                    subs.append(subscripts[j])
            sizes = dict(zip(target, tensor._value.shape))
            renamed = ""
            spare = iter(c for c in string.ascii_letters if c not in "".join(subs) + target)
            for c in target:
                if c in renamed:  # a repeated label (a diagonal): tie it with eye
                    fresh = next(spare)
                    operands_.append(Tensor(xp.eye(sizes[c], dtype=tensor._value.dtype)))
                    subs.append(c + fresh)
                    c = fresh
                renamed += c
            present = set("".join(subs))
            for c in set(renamed) - present:  # summed only inside this operand
                operands_.append(Tensor(xp.ones(sizes[c], dtype=tensor._value.dtype)))
                subs.append(c)
            grads.append(einsum(",".join(subs) + "->" + renamed, *operands_))
        return tuple(grads)

    return backward


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):
    """Vector or matrix norm of ``tensor``.

    Args:
        ord: ``"euclidean"``/``"fro"``, a positive number (p-norm), ``np.inf``;
            for matrices (``axis`` a pair) also 1, 2 and ``np.inf``.
        axis: None (the whole tensor as a vector), an int, or a pair of ints.
    """
    from ._math import abs, pow, sqrt, square
    from ._reduction import reduce_max, reduce_sum
    from ._shape import reshape

    x = as_tensor(tensor)
    keepdims = bool(keepdims)
    if axis is None:
        flat = reshape(x, [-1])
        result = norm(flat, ord=ord, axis=0)
        return reshape(result, [1] * x._value.ndim) if keepdims else result
    axes = normalize_axes(axis, x._value.ndim, "norm")
    if len(axes) == 2 and ord not in ("euclidean", "fro"):
        return _matrix_norm(x, ord, axes, keepdims)
    if len(axes) > 2:
        raise ValueError(f"norm: axis must be an int or a pair. Received: axis={axis}")
    if ord in ("euclidean", "fro", 2, 2.0):
        return sqrt(reduce_sum(square(x), axis=axes, keepdims=keepdims))
    if ord == 1:
        return reduce_sum(abs(x), axis=axes, keepdims=keepdims)
    if ord == np.inf:
        return reduce_max(abs(x), axis=axes, keepdims=keepdims)
    if isinstance(ord, (int, float)) and ord > 0:
        return pow(reduce_sum(pow(abs(x), ord), axis=axes, keepdims=keepdims), 1.0 / ord)
    raise ValueError(
        f"norm: ord must be 'euclidean', 'fro', a positive number or np.inf. Received: ord={ord!r}"
    )


def _matrix_norm(x, ord, axes, keepdims):
    from ._math import abs
    from ._reduction import reduce_max, reduce_sum
    from ._shape import expand_dims, transpose

    rows, cols = axes
    if ord == 1:
        return reduce_max(
            reduce_sum(abs(x), axis=rows, keepdims=True), axis=axes, keepdims=keepdims
        )
    if ord == np.inf:
        return reduce_max(
            reduce_sum(abs(x), axis=cols, keepdims=True), axis=axes, keepdims=keepdims
        )
    if ord == 2:
        rest = [i for i in range(x._value.ndim) if i not in axes]
        result = _spectral_norm(transpose(x, rest + [rows, cols]))
        if keepdims:
            for a in sorted(axes):
                result = expand_dims(result, a)
        return result
    raise ValueError(f"norm: matrix ord must be 'fro', 1, 2 or np.inf. Received: ord={ord!r}")


def _spectral_norm(x):
    """Largest singular value of the last two axes; its gradient is u1 v1^T."""
    u, s, vh = xp.linalg.svd(x._value, full_matrices=False)
    out = Tensor(s[..., 0].astype(x._value.dtype))
    if _ACTIVE:
        outer = Tensor((u[..., :, :1] * vh[..., :1, :]).astype(x._value.dtype))
        from ._shape import reshape

        record(out, (x,), lambda g, needs: (reshape(g, g._value.shape + (1, 1)) * outer,))
    return out
