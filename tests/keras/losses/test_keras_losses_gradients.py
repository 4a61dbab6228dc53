"""Gradients of every loss against central finite differences (float64), and against PyTorch."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import ember as tf
from ember.autodiff import check_gradients
from ember.keras import losses


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


RNG = np.random.default_rng(0)
SHAPE = (4, 3)
REGRESSION = (RNG.normal(size=SHAPE), RNG.normal(size=SHAPE))
POSITIVE = (RNG.uniform(0.2, 2, SHAPE), RNG.uniform(0.2, 2, SHAPE))
SOFT = (RNG.uniform(0.05, 0.95, SHAPE), RNG.uniform(0.05, 0.95, SHAPE))
DISTRIBUTIONS = (_softmax(RNG.normal(size=SHAPE)), _softmax(RNG.normal(size=SHAPE)))
SIGNS = (RNG.choice([-1.0, 1.0], SHAPE), RNG.uniform(-0.8, 0.8, SHAPE))

# (name, function of (y_true, y_pred), data): gradients w.r.t. both arguments.
CASES = [
    ("mse", losses.mean_squared_error, REGRESSION),
    ("mae", losses.mean_absolute_error, REGRESSION),
    ("mape", losses.mean_absolute_percentage_error, REGRESSION),
    ("msle", losses.mean_squared_logarithmic_error, POSITIVE),
    ("huber", lambda t, p: losses.huber(t, p, delta=0.8), REGRESSION),
    ("log_cosh", losses.log_cosh, REGRESSION),
    ("bce", losses.binary_crossentropy, SOFT),
    ("bce_smoothed", lambda t, p: losses.binary_crossentropy(t, p, label_smoothing=0.2), SOFT),
    ("bce_logits", lambda t, p: losses.binary_crossentropy(t, p, from_logits=True), REGRESSION),
    ("cce", losses.categorical_crossentropy, DISTRIBUTIONS),
    ("cce_logits", lambda t, p: losses.categorical_crossentropy(
        t, p, from_logits=True, label_smoothing=0.1), (DISTRIBUTIONS[0], REGRESSION[1])),
    ("kld", losses.kl_divergence, DISTRIBUTIONS),
    ("poisson", losses.poisson, POSITIVE),
    ("hinge", losses.hinge, SIGNS),
    ("squared_hinge", losses.squared_hinge, SIGNS),
    ("categorical_hinge", losses.categorical_hinge, (DISTRIBUTIONS[0], REGRESSION[1])),
    ("cosine", losses.cosine_similarity, REGRESSION),
]


@pytest.mark.parametrize("name, fn, data", CASES, ids=[c[0] for c in CASES])
def test_loss_function_gradients(name, fn, data):
    check_gradients(fn, *data)


@pytest.mark.parametrize("from_logits", [False, True])
def test_sparse_crossentropy_gradient(from_logits):
    labels = np.array([0, 2, 1, 2])
    y_pred = DISTRIBUTIONS[1] if not from_logits else REGRESSION[1]
    check_gradients(
        lambda p: losses.sparse_categorical_crossentropy(labels, p, from_logits=from_logits),
        y_pred,
    )


def test_sparse_crossentropy_of_probabilities_has_exact_second_derivatives():
    labels = np.array([0, 2, 1, 2])
    weights = tf.constant(np.array([0.5, 1.0, 1.5, 2.0]))

    def gradient(p):
        with tf.GradientTape() as inner:
            inner.watch(p)
            value = tf.reduce_sum(losses.sparse_categorical_crossentropy(labels, p) * weights)
        return inner.gradient(value, p)

    check_gradients(gradient, DISTRIBUTIONS[1] * 1.3)  # unnormalized: the sum term counts


@pytest.mark.parametrize("fn, data", [
    (losses.categorical_crossentropy, DISTRIBUTIONS),
    (lambda t, p: losses.categorical_crossentropy(t, p, axis=0), DISTRIBUTIONS),
    (losses.binary_crossentropy, SOFT),
], ids=["categorical", "categorical-axis0", "binary"])
def test_crossentropies_of_probabilities_have_exact_second_derivatives(fn, data):
    def gradients(t, p):
        with tf.GradientTape() as inner:
            inner.watch([t, p])
            values = fn(t, p)
            value = tf.reduce_sum(values * np.arange(1.0, 1.0 + values.shape[0]))
        g_t, g_p = inner.gradient(value, [t, p])
        return tf.reduce_sum(g_t * g_p, axis=-1) + tf.reduce_sum(tf.square(g_p), axis=-1)

    check_gradients(gradients, data[0], data[1] * 0.9)


def test_clipped_probabilities_get_no_gradient():
    p = tf.constant(np.array([[0.0, 1.0], [0.3, 0.7]]))
    with tf.GradientTape() as tape:
        tape.watch(p)
        loss = losses.SparseCategoricalCrossentropy()(np.array([0, 1]), p)
    grad = tape.gradient(loss, p).numpy()
    assert np.all(grad[0] == 0)
    np.testing.assert_allclose(grad[1], [0.5, 0.5 * (1 - 1 / 0.7)], rtol=1e-12)


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean_with_sample_weight"])
def test_reduced_loss_object_gradients_with_sample_weights(reduction):
    weights = np.array([0.5, 2.0, 1.0, 0.0])
    loss = losses.Huber(delta=0.8, reduction=reduction)
    check_gradients(lambda t, p: loss(t, p, sample_weight=weights), *REGRESSION)
    scce = losses.SparseCategoricalCrossentropy(reduction=reduction)
    check_gradients(lambda p: scce([1, 0, 2, 2], p, sample_weight=weights), DISTRIBUTIONS[1])


def test_ignore_class_gradient_skips_ignored_samples():
    labels = np.array([1, -1, 0, 2])
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
    grad = check_gradients(lambda x: loss(labels, x), REGRESSION[1])[0].numpy()
    assert np.all(grad[1] == 0)


def _torch_grad(fn, y_pred):
    x = torch.tensor(y_pred, requires_grad=True)
    fn(x).backward()
    return x.grad.numpy()


def _ember_grad(loss, y_true, y_pred):
    x = tf.Variable(y_pred)
    with tf.GradientTape() as tape:
        value = loss(y_true, x)
    return tape.gradient(value, x).numpy()


def test_gradients_match_torch():
    labels = np.array([0, 2, 1, 2])
    probs, logits = DISTRIBUTIONS[1], REGRESSION[1]
    pairs = [
        # Keras normalizes the probabilities: d/dp of log(sum(p)) is part of the gradient.
        (losses.SparseCategoricalCrossentropy(), labels, probs,
         lambda x: F.nll_loss(torch.log(x / x.sum(-1, keepdim=True)), torch.tensor(labels))),
        (losses.CategoricalCrossentropy(), np.eye(3)[labels], probs,
         lambda x: F.nll_loss(torch.log(x / x.sum(-1, keepdim=True)), torch.tensor(labels))),
        (losses.SparseCategoricalCrossentropy(from_logits=True), labels, logits,
         lambda x: F.cross_entropy(x, torch.tensor(labels))),
        (losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.2), np.eye(3)[labels],
         logits, lambda x: F.cross_entropy(x, torch.tensor(labels), label_smoothing=0.2)),
        (losses.BinaryCrossentropy(), SOFT[0], SOFT[1],
         lambda x: F.binary_cross_entropy(x, torch.tensor(SOFT[0]))),
        (losses.BinaryCrossentropy(from_logits=True), SOFT[0], logits,
         lambda x: F.binary_cross_entropy_with_logits(x, torch.tensor(SOFT[0]))),
        (losses.Huber(delta=0.5), REGRESSION[0], logits,
         lambda x: F.huber_loss(x, torch.tensor(REGRESSION[0]), delta=0.5)),
        (losses.MeanSquaredError(), REGRESSION[0], logits,
         lambda x: F.mse_loss(x, torch.tensor(REGRESSION[0]))),
    ]
    for loss, y_true, y_pred, reference in pairs:
        np.testing.assert_allclose(_ember_grad(loss, y_true, y_pred),
                                   _torch_grad(reference, y_pred), rtol=1e-9, atol=1e-12,
                                   err_msg=type(loss).__name__)
