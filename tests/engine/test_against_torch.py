"""Forward values and gradients compared with PyTorch on the same float64 data."""

import numpy as np
import pytest

import ember as tf

torch = pytest.importorskip("torch")
F = torch.nn.functional

rng = np.random.default_rng(7)
LOGITS = rng.standard_normal((6, 5))
LABELS = np.array([0, 4, 2, 1, 1, 3])
PROBS = rng.dirichlet(np.ones(5), size=6)
X = rng.standard_normal((6, 4))
W = rng.standard_normal((4, 3))

CASES = {
    "sparse_softmax_xent": (
        lambda z: tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=LABELS, logits=z)
        ),
        lambda z: F.cross_entropy(z, torch.tensor(LABELS)),
        LOGITS,
    ),
    "softmax_xent_soft_labels": (
        lambda z: tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=PROBS, logits=z)),
        lambda z: F.cross_entropy(z, torch.tensor(PROBS), reduction="sum"),
        LOGITS,
    ),
    "sigmoid_xent": (
        lambda z: tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=PROBS, logits=z)),
        lambda z: F.binary_cross_entropy_with_logits(z, torch.tensor(PROBS)),
        LOGITS,
    ),
    "log_softmax": (
        lambda z: tf.nn.log_softmax(z) * PROBS,
        lambda z: F.log_softmax(z, dim=-1) * torch.tensor(PROBS),
        LOGITS,
    ),
    "dense_relu": (
        lambda w: tf.nn.relu(tf.matmul(X, w)) ** 2,
        lambda w: F.relu(torch.tensor(X) @ w) ** 2,
        W,
    ),
    "selu_elu_gelu": (
        lambda z: tf.nn.selu(z) + tf.nn.elu(z) * tf.nn.gelu(z),
        lambda z: F.selu(z) + F.elu(z) * F.gelu(z),
        LOGITS,
    ),
    "logsumexp_std": (
        lambda z: tf.reduce_logsumexp(z, axis=1) + tf.math.reduce_std(z, axis=1),
        lambda z: torch.logsumexp(z, dim=1) + torch.std(z, dim=1, unbiased=False),
        LOGITS,
    ),
    "einsum_norm": (
        lambda z: tf.norm(tf.einsum("ij,ik->jk", z, LOGITS), axis=0),
        lambda z: torch.linalg.norm(torch.einsum("ij,ik->jk", z, torch.tensor(LOGITS)), dim=0),
        LOGITS,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    ember_fn, torch_fn, data = CASES[name]
    x = tf.Variable(data)
    with tf.GradientTape() as tape:
        out = ember_fn(x)
    grad = tape.gradient(out, x)
    t = torch.tensor(data, requires_grad=True)
    expected = torch_fn(t)
    expected.sum().backward()
    np.testing.assert_allclose(out.numpy(), expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grad.numpy(), t.grad.numpy(), rtol=1e-10, atol=1e-12)
