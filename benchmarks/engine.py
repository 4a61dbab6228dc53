"""Engine suite: ember's tensor engine against PyTorch (CPU), forward + backward.

Every case differentiates w.r.t. trainable parameters only (ember Variables,
torch leaves with ``requires_grad=True``); input batches and labels are
constants on both sides, so neither library computes a gradient nobody asked
for. Gradients are taken with ``tape.gradient`` and ``torch.autograd.grad``
(which, like the tape, returns them instead of accumulating into ``.grad``).
"""

import time

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

import ember as tf

from ._harness import SWITCH_PAUSE_S, Case, gemm_gflops, wait_for_quiet

REFERENCE = f"PyTorch {torch.__version__} (CPU)"

SEED = 1234


def _rng():
    return np.random.default_rng(SEED)


# -- op_overhead: 20 small elementwise ops ------------------------------------------

CHAIN_LENGTH = 32  # elements


def _chain(v, x, lib):
    """Twenty elementwise ops on small tensors (``lib`` gives the unary functions)."""
    y = v * 0.5  # 1
    y = y + x  # 2
    y = lib.sin(y)  # 3
    y = y * v  # 4
    y = y - 0.25  # 5
    y = lib.tanh(y)  # 6
    y = y + v  # 7
    y = y * 1.5  # 8
    y = lib.exp(y * 0.1)  # 9, 10
    y = y * x  # 11
    y = lib.sigmoid(y)  # 12
    y = y + 1.0  # 13
    y = y * y  # 14
    y = lib.cos(y)  # 15
    y = y - v  # 16
    y = y / 2.0  # 17
    y = lib.tanh(y)  # 18
    y = y * v  # 19
    return y + x  # 20


class _TorchOps:
    sin, cos, tanh, exp, sigmoid = torch.sin, torch.cos, torch.tanh, torch.exp, torch.sigmoid


class _EmberOps:
    sin, cos, tanh, exp, sigmoid = tf.sin, tf.cos, tf.tanh, tf.exp, tf.sigmoid


def _overhead_setup():
    rng = _rng()
    v = rng.standard_normal(CHAIN_LENGTH).astype(np.float32)
    x = rng.standard_normal(CHAIN_LENGTH).astype(np.float32)
    return {
        "ev": tf.Variable(v),
        "ex": tf.constant(x),
        "tv": torch.tensor(v, requires_grad=True),
        "tx": torch.tensor(x),
    }


def _overhead_ember(s):
    v = s["ev"]
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(_chain(v, s["ex"], _EmberOps))
    return loss, tape.gradient(loss, v)


def _overhead_torch(s):
    v = s["tv"]
    loss = _chain(v, s["tx"], _TorchOps).sum()
    (grad,) = torch.autograd.grad(loss, v)
    return loss, grad


# -- dense_1024: y = x @ W + b ---------------------------------------------------------

BATCH, FEATURES_IN, FEATURES_OUT = 256, 1024, 1024


def _dense_setup():
    rng = _rng()
    x = rng.standard_normal((BATCH, FEATURES_IN)).astype(np.float32)
    w = (rng.standard_normal((FEATURES_IN, FEATURES_OUT)) / np.sqrt(FEATURES_IN)).astype(np.float32)
    b = (0.1 * rng.standard_normal(FEATURES_OUT)).astype(np.float32)
    return {
        "ex": tf.constant(x),
        "ew": tf.Variable(w),
        "eb": tf.Variable(b),
        "tx": torch.tensor(x),
        "tw": torch.tensor(w, requires_grad=True),
        "tb": torch.tensor(b, requires_grad=True),
    }


def _dense_ember(s):
    w, b = s["ew"], s["eb"]
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.matmul(s["ex"], w) + b)
    gw, gb = tape.gradient(loss, [w, b])
    return loss, gw, gb


def _dense_torch(s):
    w, b = s["tw"], s["tb"]
    loss = (s["tx"] @ w + b).mean()
    gw, gb = torch.autograd.grad(loss, [w, b])
    return loss, gw, gb


# forward x @ W and backward dW = x^T @ dy: two GEMMs (dX is not needed)
DENSE_FLOPS = 2 * (2.0 * BATCH * FEATURES_IN * FEATURES_OUT)


# -- softmax cross-entropy on 256 x 1000 logits ------------------------------------------

CLASSES = 1000


def _xent_setup():
    rng = _rng()
    logits = (3.0 * rng.standard_normal((BATCH, CLASSES))).astype(np.float32)
    labels = rng.integers(0, CLASSES, size=BATCH)
    one_hot = np.eye(CLASSES, dtype=np.float32)[labels]
    return {
        "el": tf.Variable(logits),
        "ey": tf.constant(labels.astype(np.int64)),
        "ez": tf.constant(one_hot),
        "tl": torch.tensor(logits, requires_grad=True),
        "ty": torch.tensor(labels, dtype=torch.int64),
        "tz": torch.tensor(one_hot),
    }


def _sparse_xent_ember(s):
    logits = s["el"]
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=s["ey"], logits=logits)
        )
    return loss, tape.gradient(loss, logits)


def _sparse_xent_torch(s):
    logits = s["tl"]
    loss = F.cross_entropy(logits, s["ty"], reduction="none").mean()
    (grad,) = torch.autograd.grad(loss, logits)
    return loss, grad


def _xent_ember(s):
    logits = s["el"]
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(labels=s["ez"], logits=logits)
        )
    return loss, tape.gradient(loss, logits)


def _xent_torch(s):
    logits = s["tl"]
    loss = F.cross_entropy(logits, s["tz"], reduction="none").mean()
    (grad,) = torch.autograd.grad(loss, logits)
    return loss, grad


# -- the suite ------------------------------------------------------------------------------


def cases():
    return [
        Case(
            name="op_overhead",
            target=1.0,
            setup=_overhead_setup,
            ember_fn=_overhead_ember,
            reference_fn=_overhead_torch,
            rtol=1e-4,
            atol=1e-5,
            description=(
                f"20 elementwise ops (add, multiply, sin, cos, exp, tanh, sigmoid, scalar "
                f"arithmetic) on {CHAIN_LENGTH}-element float32 tensors from one trainable "
                "variable, summed; forward + backward (per-op dispatch and tape cost)"
            ),
        ),
        Case(
            name="dense_1024",
            target=1.1,
            setup=_dense_setup,
            ember_fn=_dense_ember,
            reference_fn=_dense_torch,
            flops=DENSE_FLOPS,
            rtol=1e-4,
            atol=1e-6,
            description=(
                f"reduce_mean(x @ W + b), x {BATCH}x{FEATURES_IN} constant, W "
                f"{FEATURES_IN}x{FEATURES_OUT} and b trainable; gradient w.r.t. W and b "
                f"(2 GEMMs, {DENSE_FLOPS / 1e9:.2f} GFLOP per call)"
            ),
        ),
        Case(
            name="sparse_softmax_xent",
            target=1.0,
            setup=_xent_setup,
            ember_fn=_sparse_xent_ember,
            reference_fn=_sparse_xent_torch,
            rtol=1e-4,
            atol=1e-7,
            description=(
                f"mean of tf.nn.sparse_softmax_cross_entropy_with_logits on {BATCH}x{CLASSES} "
                "trainable logits and int64 labels vs F.cross_entropy(reduction='none').mean(); "
                "gradient w.r.t. the logits"
            ),
        ),
        Case(
            name="softmax_xent",
            target=1.0,
            setup=_xent_setup,
            ember_fn=_xent_ember,
            reference_fn=_xent_torch,
            rtol=1e-4,
            atol=1e-7,
            description=(
                f"mean of tf.nn.softmax_cross_entropy_with_logits on {BATCH}x{CLASSES} trainable "
                "logits and one-hot float32 labels vs F.cross_entropy with probability targets "
                "(reduction='none').mean(); gradient w.r.t. the logits"
            ),
        ),
    ]


def notes(results):
    """The machine's float32 GEMM throughput through each library, measured now."""
    rng = _rng()
    a = rng.standard_normal((1024, 1024)).astype(np.float32)
    b = rng.standard_normal((1024, 1024)).astype(np.float32)
    wait_for_quiet(10.0)
    numpy_peak = gemm_gflops(np.matmul, a, b)
    time.sleep(SWITCH_PAUSE_S)  # let OpenBLAS' threads go idle before PyTorch's start
    torch_peak = gemm_gflops(torch.matmul, torch.tensor(a), torch.tensor(b))
    lines = [
        f"float32 GEMM 1024x1024 @ 1024x1024: NumPy {numpy_peak:.1f} GFLOP/s, "
        f"PyTorch {torch_peak:.1f} GFLOP/s (NumPy / PyTorch = {numpy_peak / torch_peak:.2f}). "
        "ember's matmul runs on NumPy's BLAS, so the NumPy figure bounds dense_1024."
    ]
    for r in results:
        if r.case.name == "dense_1024":
            ours, theirs = DENSE_FLOPS / r.ember_s / 1e9, DENSE_FLOPS / r.reference_s / 1e9
            lines.append(
                f"dense_1024: ember {ours:.1f} GFLOP/s = {ours / numpy_peak:.0%} of the NumPy "
                f"GEMM peak; PyTorch {theirs:.1f} GFLOP/s = {theirs / torch_peak:.0%} of its own. "
                f"With both at their GEMM peak the ratio would be {torch_peak / numpy_peak:.2f}."
            )
    return lines
