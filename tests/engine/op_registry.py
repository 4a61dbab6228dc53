"""Every differentiable op, listed once with its NumPy reference and test inputs.

Each case is parametrized (in test_ops.py) into a value test against NumPy and
a float64 central-difference gradient check; ``BROADCAST`` adds binary ops on
broadcasting shapes. Inputs are drawn per case so each domain is respected
(``positive`` for log, away from kinks for abs/relu).
"""

from dataclasses import dataclass, field

import numpy as np
import scipy.special

import ember as tf


@dataclass
class OpCase:
    name: str
    op: object  # function of ember tensors
    reference: object  # the same function on NumPy arrays (None: no value test)
    shapes: list
    domain: str = "real"  # real | positive | unit | away_from_zero
    kwargs: dict = field(default_factory=dict)


def draw(shape, domain, rng):
    values = rng.standard_normal(shape)
    if domain == "positive":
        return rng.uniform(0.5, 2.0, shape)
    if domain == "unit":
        return rng.uniform(-0.8, 0.8, shape)
    if domain == "away_from_zero":  # keep |x| > 0.1 so kinks stay out of the stencil
        return np.sign(values) * (np.abs(values) + 0.1)
    if domain == "distinct":  # distinct values: max/min/sort have unique winners
        return rng.permutation(np.prod(shape, dtype=int)).reshape(shape) * 0.1 + 0.05
    return values


def _softmax(a, axis=-1):
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(a, axis=-1):
    return np.log(_softmax(a, axis))


UNARY = [
    ("negative", tf.negative, np.negative, "real"),
    ("abs", tf.abs, np.abs, "away_from_zero"),
    ("square", tf.square, np.square, "real"),
    ("sign", tf.sign, np.sign, "away_from_zero"),
    ("exp", tf.exp, np.exp, "real"),
    ("expm1", tf.math.expm1, np.expm1, "real"),
    ("log", tf.math.log, np.log, "positive"),
    ("log1p", tf.math.log1p, np.log1p, "positive"),
    ("sqrt", tf.sqrt, np.sqrt, "positive"),
    ("rsqrt", tf.math.rsqrt, lambda a: 1 / np.sqrt(a), "positive"),
    ("reciprocal", tf.math.reciprocal, np.reciprocal, "positive"),
    ("sin", tf.sin, np.sin, "real"),
    ("cos", tf.cos, np.cos, "real"),
    ("tan", tf.math.tan, np.tan, "unit"),
    ("tanh", tf.tanh, np.tanh, "real"),
    ("erf", tf.math.erf, scipy.special.erf, "real"),
    ("sigmoid", tf.sigmoid, scipy.special.expit, "real"),
    ("softplus", tf.math.softplus, lambda a: np.log1p(np.exp(a)), "real"),
    ("softsign", tf.math.softsign, lambda a: a / (1 + np.abs(a)), "away_from_zero"),
    ("nn.relu", tf.nn.relu, lambda a: np.maximum(a, 0), "away_from_zero"),
    ("nn.relu6", tf.nn.relu6, lambda a: np.clip(a, 0, 6), "away_from_zero"),
    ("nn.elu", tf.nn.elu, lambda a: np.where(a > 0, a, np.expm1(a)), "away_from_zero"),
    (
        "nn.selu",
        tf.nn.selu,
        lambda a: 1.0507009873554805 * np.where(a > 0, a, 1.6732632423543772 * np.expm1(a)),
        "away_from_zero",
    ),
    ("nn.leaky_relu", tf.nn.leaky_relu, lambda a: np.where(a > 0, a, 0.2 * a), "away_from_zero"),
    ("nn.gelu", tf.nn.gelu, lambda a: a * 0.5 * (1 + scipy.special.erf(a / np.sqrt(2))), "real"),
    (
        "nn.gelu_tanh",
        lambda x: tf.nn.gelu(x, approximate=True),
        lambda a: 0.5 * a * (1 + np.tanh(np.sqrt(2 / np.pi) * (a + 0.044715 * a**3))),
        "real",
    ),
    ("nn.silu", tf.nn.silu, lambda a: a * scipy.special.expit(a), "real"),
    ("nn.softmax", tf.nn.softmax, _softmax, "real"),
    ("nn.softmax_axis0", lambda x: tf.nn.softmax(x, axis=0), lambda a: _softmax(a, 0), "real"),
    ("nn.log_softmax", tf.nn.log_softmax, _log_softmax, "real"),
    ("nn.l2_loss", tf.nn.l2_loss, lambda a: np.sum(a**2) / 2, "real"),
    (
        "clip_by_value",
        lambda x: tf.clip_by_value(x, -0.5, 0.7),
        lambda a: np.clip(a, -0.5, 0.7),
        "away_from_zero",
    ),
    ("identity", tf.identity, lambda a: a, "real"),
]

BINARY = [
    ("add", tf.add, np.add, ("real", "real")),
    ("subtract", tf.subtract, np.subtract, ("real", "real")),
    ("multiply", tf.multiply, np.multiply, ("real", "real")),
    ("divide", tf.divide, np.divide, ("real", "positive")),
    ("divide_no_nan", tf.math.divide_no_nan, np.divide, ("real", "positive")),
    ("pow", tf.pow, np.power, ("positive", "real")),
    ("maximum", tf.maximum, np.maximum, ("distinct", "real")),
    ("minimum", tf.minimum, np.minimum, ("distinct", "real")),
    ("squared_difference", tf.math.squared_difference, lambda a, b: (a - b) ** 2, ("real", "real")),
    ("operator_add", lambda a, b: a + b, np.add, ("real", "real")),
    ("add_n", lambda a, b: tf.add_n([a, b, a]), lambda a, b: a + b + a, ("real", "real")),
    ("operator_rsub", lambda a, b: 3.0 - a * b, lambda a, b: 3.0 - a * b, ("real", "real")),
    ("operator_truediv", lambda a, b: a / b, np.divide, ("real", "positive")),
    ("operator_pow", lambda a, b: a**b, np.power, ("positive", "real")),
]

# Shape pairs exercising every broadcasting pattern (leading axes, size-1 axes, scalars).
BROADCAST = [
    ((3, 4), (3, 4)),
    ((3, 4), (4,)),
    ((3, 1), (1, 4)),
    ((2, 3, 4), (3, 1)),
    ((3, 4), ()),
    ((), (2, 3)),
]

AXES = [None, 0, 1, -1, (0, 2), [1, 2]]

REDUCTIONS = [
    ("reduce_sum", tf.reduce_sum, np.sum, "real"),
    ("reduce_mean", tf.reduce_mean, np.mean, "real"),
    ("reduce_max", tf.reduce_max, np.max, "distinct"),
    ("reduce_min", tf.reduce_min, np.min, "distinct"),
    ("reduce_prod", tf.reduce_prod, np.prod, "positive"),
    ("reduce_logsumexp", tf.reduce_logsumexp, scipy.special.logsumexp, "real"),
    ("reduce_std", tf.math.reduce_std, np.std, "real"),
    ("reduce_variance", tf.math.reduce_variance, np.var, "real"),
]


def _np_take(a, idx, axis):
    return np.take(a, idx, axis=axis)


IDX = np.array([[0, 2], [1, 1]])  # a repeated index: gradients must add up

SHAPE_OPS = [
    OpCase("reshape", lambda x: tf.reshape(x, (4, -1)), lambda a: a.reshape(4, -1), [(2, 3, 4)]),
    OpCase(
        "transpose",
        lambda x: tf.transpose(x, [2, 0, 1]),
        lambda a: a.transpose(2, 0, 1),
        [(2, 3, 4)],
    ),
    OpCase("transpose_default", tf.transpose, lambda a: a.T, [(2, 3, 4)]),
    OpCase("expand_dims", lambda x: tf.expand_dims(x, 1), lambda a: a[:, None], [(2, 3)]),
    OpCase("squeeze", lambda x: tf.squeeze(x, 1), lambda a: a[:, 0], [(2, 1, 3)]),
    OpCase(
        "concat",
        lambda x, y: tf.concat([x, y, x], axis=1),
        lambda a, b: np.concatenate([a, b, a], 1),
        [(2, 3), (2, 2)],
    ),
    OpCase(
        "stack",
        lambda x, y: tf.stack([x, y], axis=1),
        lambda a, b: np.stack([a, b], 1),
        [(2, 3), (2, 3)],
    ),
    OpCase(
        "unstack",
        lambda x: tf.unstack(x, axis=1)[1] * 2 + tf.unstack(x, axis=1)[0],
        lambda a: a[:, 1] * 2 + a[:, 0],
        [(2, 3)],
    ),
    OpCase("split_sizes", lambda x: tf.split(x, [1, -1], axis=1)[1], lambda a: a[:, 1:], [(2, 4)]),
    OpCase(
        "split_equal",
        lambda x: tf.split(x, 2, axis=0)[0] * tf.split(x, 2, axis=0)[1],
        lambda a: a[:1] * a[1:],
        [(2, 3)],
    ),
    OpCase("tile", lambda x: tf.tile(x, [2, 3]), lambda a: np.tile(a, (2, 3)), [(2, 3)]),
    OpCase(
        "pad",
        lambda x: tf.pad(x, [[1, 2], [0, 1]]),
        lambda a: np.pad(a, [(1, 2), (0, 1)]),
        [(2, 3)],
    ),
    OpCase(
        "pad_reflect",
        lambda x: tf.pad(x, [[1, 1], [2, 1]], mode="REFLECT"),
        lambda a: np.pad(a, [(1, 1), (2, 1)], mode="reflect"),
        [(3, 4)],
    ),
    OpCase(
        "pad_symmetric",
        lambda x: tf.pad(x, [[1, 1], [2, 0]], mode="SYMMETRIC"),
        lambda a: np.pad(a, [(1, 1), (2, 0)], mode="symmetric"),
        [(3, 4)],
    ),
    OpCase("reverse", lambda x: tf.reverse(x, [1]), lambda a: a[:, ::-1], [(2, 3)]),
    OpCase(
        "broadcast_to",
        lambda x: tf.broadcast_to(x, (2, 3, 4)),
        lambda a: np.broadcast_to(a, (2, 3, 4)),
        [(3, 1)],
    ),
    OpCase("gather", lambda x: tf.gather(x, IDX), lambda a: a[IDX], [(3, 4)]),
    OpCase(
        "gather_axis1",
        lambda x: tf.gather(x, IDX, axis=1),
        lambda a: np.take(a, IDX, axis=1),
        [(2, 3)],
    ),
    OpCase(
        "gather_batch_dims",
        lambda x: tf.gather(x, [[0, 2, 2], [1, 0, 0]], axis=1, batch_dims=1),
        lambda a: np.take_along_axis(a, np.array([[0, 2, 2], [1, 0, 0]]), axis=1),
        [(2, 3)],
    ),
    OpCase(
        "gather_nd",
        lambda x: tf.gather_nd(x, [[0, 1], [1, 2], [0, 1]]),
        lambda a: a[[0, 1, 0], [1, 2, 1]],
        [(2, 3)],
    ),
    OpCase(
        "gather_nd_slices", lambda x: tf.gather_nd(x, [[1], [0]]), lambda a: a[[1, 0]], [(2, 3)]
    ),
    OpCase(
        "boolean_mask",
        lambda x: tf.boolean_mask(x, np.array([True, False, True])),
        lambda a: a[[0, 2]],
        [(3, 2)],
    ),
    OpCase("getitem_slice", lambda x: x[1:, ::2], lambda a: a[1:, ::2], [(3, 4)]),
    OpCase("getitem_int", lambda x: x[1, :, None], lambda a: a[1, :, None], [(3, 4)]),
    OpCase("getitem_fancy", lambda x: x[[0, 2, 0]], lambda a: a[[0, 2, 0]], [(3, 4)]),
    OpCase(
        "getitem_fancy_2d",
        lambda x: x[[0, 1, 1], [2, 0, 0]],
        lambda a: a[[0, 1, 1], [2, 0, 0]],
        [(3, 4)],
    ),
    OpCase(
        "getitem_bool", lambda x: x[np.array([True, False, True])], lambda a: a[[0, 2]], [(3, 4)]
    ),
    OpCase(
        "index_add",
        lambda x: tf.ops.index_add(x, (np.array([0, 2, 0]),), (4, 3)),
        lambda a: np.stack([a[0] + a[2], np.zeros(3), a[1], np.zeros(3)]),
        [(3, 3)],
    ),
    OpCase("slice", lambda x: tf.slice(x, [1, 0], [1, -1]), lambda a: a[1:2, :], [(3, 4)]),
    OpCase(
        "where",
        lambda x, y: tf.where(np.array([[True, False, True]]), x, y),
        lambda a, b: np.where([[True, False, True]], a, b),
        [(2, 3), (2, 3)],
    ),
    OpCase(
        "where_broadcast",
        lambda x, y: tf.where(np.array([True, False, True]), x, y),
        lambda a, b: np.where([True, False, True], a, b),
        [(2, 3), (3,)],
    ),
    OpCase("cumsum", lambda x: tf.cumsum(x, axis=1), lambda a: np.cumsum(a, 1), [(2, 4)]),
    OpCase(
        "cumsum_exclusive_reverse",
        lambda x: tf.cumsum(x, axis=0, exclusive=True, reverse=True),
        lambda a: np.flip(np.cumsum(np.flip(a, 0), 0), 0) - a,
        [(4, 2)],
    ),
    OpCase(
        "cumprod",
        lambda x: tf.math.cumprod(x, axis=1),
        lambda a: np.cumprod(a, 1),
        [(2, 4)],
        "positive",
    ),
]

LINALG_OPS = [
    OpCase("dense", lambda x, w, b: tf.ops.dense(x, w, b), lambda x, w, b: x @ w + b, [(4, 3), (3, 2), (2,)]),
    OpCase("dense_relu_3d", lambda x, w, b: tf.ops.dense(x, w, b, relu=True),
           lambda x, w, b: np.maximum(x @ w + b, 0), [(2, 4, 3), (3, 5), (5,)]),
    OpCase("dense_no_bias", lambda x, w: tf.ops.dense(x, w), lambda x, w: x @ w, [(4, 3), (3, 2)]),
    OpCase("matmul", tf.matmul, np.matmul, [(3, 4), (4, 2)]),
    OpCase("matmul_batched_broadcast", tf.matmul, np.matmul, [(2, 3, 4), (4, 5)]),
    OpCase(
        "matmul_transpose_a",
        lambda a, b: tf.matmul(a, b, transpose_a=True),
        lambda a, b: a.T @ b,
        [(4, 3), (4, 2)],
    ),
    OpCase(
        "matmul_transpose_b",
        lambda a, b: tf.matmul(a, b, transpose_b=True),
        lambda a, b: a @ b.T,
        [(3, 4), (2, 4)],
    ),
    OpCase("operator_matmul", lambda a, b: a @ b, np.matmul, [(3, 4), (4, 2)]),
    OpCase(
        "tensordot_int",
        lambda a, b: tf.tensordot(a, b, 1),
        lambda a, b: np.tensordot(a, b, 1),
        [(2, 3), (3, 4)],
    ),
    OpCase(
        "tensordot_axes",
        lambda a, b: tf.tensordot(a, b, [[0, 2], [2, 0]]),
        lambda a, b: np.tensordot(a, b, [[0, 2], [2, 0]]),
        [(2, 3, 4), (4, 5, 2)],
    ),
    OpCase(
        "einsum_matmul",
        lambda a, b: tf.einsum("ij,jk->ik", a, b),
        lambda a, b: np.einsum("ij,jk->ik", a, b),
        [(2, 3), (3, 4)],
    ),
    OpCase(
        "einsum_batch",
        lambda a, b: tf.einsum("bij,bjk->bik", a, b),
        lambda a, b: np.einsum("bij,bjk->bik", a, b),
        [(2, 2, 3), (2, 3, 2)],
    ),
    OpCase(
        "einsum_trace", lambda a: tf.einsum("ii->", a), lambda a: np.einsum("ii->", a), [(3, 3)]
    ),
    OpCase(
        "einsum_diag", lambda a: tf.einsum("ii->i", a), lambda a: np.einsum("ii->i", a), [(3, 3)]
    ),
    OpCase(
        "einsum_sum_only",
        lambda a: tf.einsum("ij->j", a),
        lambda a: np.einsum("ij->j", a),
        [(3, 2)],
    ),
    OpCase(
        "einsum_implicit_three",
        lambda a, b, c: tf.einsum("ij,jk,kl", a, b, c),
        lambda a, b, c: np.einsum("ij,jk,kl", a, b, c),
        [(2, 3), (3, 2), (2, 2)],
    ),
    OpCase(
        "einsum_ellipsis",
        lambda a, b: tf.einsum("...ij,jk->...ik", a, b),
        lambda a, b: np.einsum("...ij,jk->...ik", a, b),
        [(2, 2, 3), (3, 2)],
    ),
    OpCase("norm_euclidean", tf.norm, np.linalg.norm, [(3, 4)]),
    OpCase(
        "norm_axis", lambda x: tf.norm(x, axis=1), lambda a: np.linalg.norm(a, axis=1), [(3, 4)]
    ),
    OpCase(
        "norm_ord1",
        lambda x: tf.norm(x, ord=1, axis=0),
        lambda a: np.linalg.norm(a, 1, axis=0),
        [(3, 4)],
        "away_from_zero",
    ),
    OpCase(
        "norm_p3",
        lambda x: tf.norm(x, ord=3, axis=-1),
        lambda a: np.linalg.norm(a, 3, axis=-1),
        [(3, 4)],
        "away_from_zero",
    ),
    OpCase(
        "norm_inf",
        lambda x: tf.norm(x, ord=np.inf, axis=1),
        lambda a: np.linalg.norm(a, np.inf, axis=1),
        [(3, 4)],
        "distinct",
    ),
    OpCase(
        "norm_matrix_fro",
        lambda x: tf.norm(x, ord="fro", axis=[0, 1]),
        lambda a: np.linalg.norm(a, "fro"),
        [(3, 4)],
    ),
    OpCase(
        "norm_matrix_1",
        lambda x: tf.norm(x, ord=1, axis=[0, 1]),
        lambda a: np.linalg.norm(a, 1),
        [(3, 4)],
        "distinct",
    ),
    OpCase(
        "norm_matrix_inf",
        lambda x: tf.norm(x, ord=np.inf, axis=[0, 1]),
        lambda a: np.linalg.norm(a, np.inf),
        [(3, 4)],
        "distinct",
    ),
    OpCase(
        "norm_matrix_2",
        lambda x: tf.norm(x, ord=2, axis=[0, 1]),
        lambda a: np.linalg.norm(a, 2),
        [(3, 4)],
    ),
]


def _sigmoid_xent(z, x):
    return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))


NN_OPS = [
    OpCase(
        "sigmoid_cross_entropy_with_logits",
        lambda z, x: tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x),
        _sigmoid_xent,
        [(3, 4), (3, 4)],
    ),
    OpCase(
        "softmax_cross_entropy_with_logits",
        lambda z, x: tf.nn.softmax_cross_entropy_with_logits(labels=z, logits=x),
        lambda z, x: -np.sum(z * _log_softmax(x), axis=-1),
        [(3, 5), (3, 5)],
    ),
    OpCase(
        "softmax_cross_entropy_axis0",
        lambda z, x: tf.nn.softmax_cross_entropy_with_logits(labels=z, logits=x, axis=0),
        lambda z, x: -np.sum(z * _log_softmax(x, 0), axis=0),
        [(3, 5), (3, 5)],
    ),
    OpCase(
        "sparse_softmax_cross_entropy_with_logits",
        lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=np.array([0, 4, 2]), logits=x
        ),
        lambda x: -_log_softmax(x)[np.arange(3), [0, 4, 2]],
        [(3, 5)],
    ),
    OpCase("moments_mean", lambda x: tf.nn.moments(x, axes=[0])[0], lambda a: a.mean(0), [(4, 3)]),
    OpCase(
        "moments_variance", lambda x: tf.nn.moments(x, axes=[0])[1], lambda a: a.var(0), [(4, 3)]
    ),
    OpCase("bias_add", lambda x, b: tf.nn.bias_add(x, b), lambda a, b: a + b, [(2, 3), (3,)]),
]
