"""Every loss against its closed form in NumPy and, where one exists, PyTorch."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.metrics import hinge_loss as sklearn_hinge_loss

import ember as tf
from ember.keras import losses

EPS = 1e-7
TOL = {np.float32: dict(rtol=2e-5, atol=2e-6), np.float64: dict(rtol=1e-10, atol=1e-12)}


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


# -- closed forms, written from the formulas ------------------------------------------------


def np_mse(t, p):
    return np.mean((t - p) ** 2, axis=-1)


def np_mae(t, p):
    return np.mean(np.abs(t - p), axis=-1)


def np_mape(t, p):
    return 100 * np.mean(np.abs((t - p) / np.maximum(np.abs(t), EPS)), axis=-1)


def np_msle(t, p):
    return np.mean((np.log(np.maximum(p, EPS) + 1) - np.log(np.maximum(t, EPS) + 1)) ** 2, -1)


def np_huber(t, p, delta=1.0):
    e = p - t
    return np.mean(np.where(np.abs(e) <= delta, e**2 / 2, delta * np.abs(e) - delta**2 / 2), -1)


def np_log_cosh(t, p):
    return np.mean(np.log(np.cosh(p - t)), axis=-1)


def np_bce(t, p):
    q = np.clip(p, EPS, 1 - EPS)
    return np.mean(-(t * np.log(q) + (1 - t) * np.log(1 - q)), axis=-1)


def np_bce_logits(t, x):
    log_p, log_not_p = -np.logaddexp(0, -x), -np.logaddexp(0, x)
    return np.mean(-(t * log_p + (1 - t) * log_not_p), axis=-1)


def np_cce(t, p):
    q = np.clip(p / p.sum(axis=-1, keepdims=True), EPS, 1 - EPS)
    return -np.sum(t * np.log(q), axis=-1)


def np_cce_logits(t, x):
    log_q = x - x.max(-1, keepdims=True)
    log_q = log_q - np.log(np.exp(log_q).sum(-1, keepdims=True))
    return -np.sum(t * log_q, axis=-1)


def np_kld(t, p):
    t, p = np.clip(t, EPS, 1), np.clip(p, EPS, 1)
    return np.sum(t * np.log(t / p), axis=-1)


def np_poisson(t, p):
    return np.mean(p - t * np.log(p + EPS), axis=-1)


def np_hinge(t, p):
    return np.mean(np.maximum(1 - t * p, 0), axis=-1)


def np_squared_hinge(t, p):
    return np.mean(np.maximum(1 - t * p, 0) ** 2, axis=-1)


def np_categorical_hinge(t, p):
    return np.maximum(np.max((1 - t) * p, -1) - np.sum(t * p, -1) + 1, 0)


def np_cosine(t, p):
    return -np.sum(t * p, -1) / (np.linalg.norm(t, axis=-1) * np.linalg.norm(p, axis=-1))


def _data(kind, dtype, shape=(6, 5), seed=0):
    rng = np.random.default_rng(seed)
    if kind == "regression":
        t, p = rng.normal(size=shape), rng.normal(size=shape)
    elif kind == "positive":
        t, p = rng.uniform(0.1, 3, shape), rng.uniform(0.1, 3, shape)
    elif kind == "binary":
        t, p = rng.integers(0, 2, shape).astype(float), rng.uniform(0.02, 0.98, shape)
    elif kind == "soft":
        t, p = rng.uniform(0, 1, shape), rng.uniform(0.02, 0.98, shape)
    elif kind == "distribution":
        t, p = _softmax(rng.normal(size=shape)), _softmax(rng.normal(size=shape))
    elif kind == "onehot":
        t = np.eye(shape[-1])[rng.integers(0, shape[-1], shape[0])]
        p = _softmax(rng.normal(size=shape))
    elif kind == "signs":
        t, p = rng.choice([-1.0, 1.0], shape), rng.normal(size=shape)
    return t.astype(dtype), p.astype(dtype)


CASES = [
    ("mean_squared_error", losses.MeanSquaredError, {}, np_mse, "regression"),
    ("mean_absolute_error", losses.MeanAbsoluteError, {}, np_mae, "regression"),
    ("mean_absolute_percentage_error", losses.MeanAbsolutePercentageError, {}, np_mape,
     "regression"),
    ("mean_squared_logarithmic_error", losses.MeanSquaredLogarithmicError, {}, np_msle,
     "positive"),
    ("huber", losses.Huber, {"delta": 0.7}, lambda t, p: np_huber(t, p, 0.7), "regression"),
    ("log_cosh", losses.LogCosh, {}, np_log_cosh, "regression"),
    ("binary_crossentropy", losses.BinaryCrossentropy, {}, np_bce, "soft"),
    ("binary_crossentropy", losses.BinaryCrossentropy, {"from_logits": True}, np_bce_logits,
     "regression"),
    ("categorical_crossentropy", losses.CategoricalCrossentropy, {}, np_cce, "onehot"),
    ("categorical_crossentropy", losses.CategoricalCrossentropy, {"from_logits": True},
     np_cce_logits, "distribution"),
    ("kl_divergence", losses.KLDivergence, {}, np_kld, "distribution"),
    ("poisson", losses.Poisson, {}, np_poisson, "positive"),
    ("hinge", losses.Hinge, {}, np_hinge, "signs"),
    ("squared_hinge", losses.SquaredHinge, {}, np_squared_hinge, "signs"),
    ("categorical_hinge", losses.CategoricalHinge, {}, np_categorical_hinge, "onehot"),
    ("cosine_similarity", losses.CosineSimilarity, {}, np_cosine, "regression"),
]
IDS = [f"{c[0]}{'-logits' if c[2].get('from_logits') else ''}" for c in CASES]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, cls, kwargs, reference, kind", CASES, ids=IDS)
def test_function_and_class_match_the_closed_form(name, cls, kwargs, reference, kind, dtype):
    t, p = _data(kind, dtype)
    expected = reference(t.astype(np.float64), p.astype(np.float64))
    per_sample = getattr(losses, name)(t, p, **kwargs)
    assert per_sample.dtype == dtype
    assert per_sample.shape == (t.shape[0],)
    np.testing.assert_allclose(per_sample.numpy(), expected, **TOL[dtype])
    reduced = cls(**kwargs)(t, p)
    assert reduced.shape == () and reduced.dtype == dtype
    np.testing.assert_allclose(float(reduced), expected.mean(), **TOL[dtype])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("from_logits", [False, True])
def test_sparse_categorical_crossentropy_matches_the_closed_form(dtype, from_logits):
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 7, 9)
    logits = rng.normal(size=(9, 7))
    y_pred = (logits if from_logits else _softmax(logits)).astype(dtype)
    expected = np_cce_logits(np.eye(7)[labels], logits)
    got = losses.sparse_categorical_crossentropy(labels, y_pred, from_logits=from_logits)
    assert got.dtype == dtype
    np.testing.assert_allclose(got.numpy(), expected, **TOL[dtype])
    assert np.isclose(
        float(losses.SparseCategoricalCrossentropy(from_logits=from_logits)(labels, y_pred)),
        expected.mean(),
        **TOL[dtype],
    )


def test_keras_documented_values():
    y_true, y_pred = [[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]
    np.testing.assert_allclose(
        losses.categorical_crossentropy(y_true, y_pred).numpy(), [0.0513, 2.3026], atol=1e-4
    )
    cce = losses.CategoricalCrossentropy()
    assert float(cce(y_true, y_pred)) == pytest.approx(1.1769, abs=1e-4)
    assert float(cce(y_true, y_pred, sample_weight=np.array([0.3, 0.7]))) == pytest.approx(
        0.8135, abs=1e-4
    )
    assert float(losses.CategoricalCrossentropy(reduction="sum")(y_true, y_pred)) == (
        pytest.approx(2.3538, abs=1e-4)
    )
    scce = losses.SparseCategoricalCrossentropy(reduction=None)
    np.testing.assert_allclose(scce([1, 2], y_pred).numpy(), [0.0513, 2.3026], atol=1e-4)
    np.testing.assert_allclose(
        losses.binary_crossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]).numpy(),
        [0.916, 0.714],
        atol=1e-3,
    )
    assert float(losses.Huber()([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])) == pytest.approx(
        0.155, abs=1e-6
    )
    assert float(losses.LogCosh()([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])) == (
        pytest.approx(0.108, abs=1e-3)
    )
    np.testing.assert_allclose(
        losses.cosine_similarity([[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]],
                                 [[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]]).numpy(),
        [0.0, -1.0, 1.0],
        atol=1e-6,
    )


def test_clipping_keeps_certain_wrong_predictions_finite():
    t, p = np.array([[1.0, 0.0]], np.float32), np.array([[0.0, 1.0]], np.float32)
    bce = losses.binary_crossentropy(t, p)
    assert float(bce[0]) == pytest.approx(float(np_bce(t, p)[0]), rel=1e-6)  # in float32
    assert 15.9 < float(bce[0]) < 16.2
    scce = losses.sparse_categorical_crossentropy([0], [[0.0, 1.0]])
    assert np.isfinite(float(scce[0])) and float(scce[0]) == pytest.approx(-np.log(EPS), rel=1e-3)


def test_hinge_converts_binary_labels_and_agrees_with_scikit_learn():
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 2, 40)
    scores = rng.normal(size=40)
    expected = sklearn_hinge_loss(2 * labels - 1, scores)
    assert float(losses.Hinge()(labels[:, None].astype(float), scores[:, None])) == (
        pytest.approx(expected, rel=1e-6)
    )
    np.testing.assert_allclose(
        losses.hinge(labels[:, None], scores[:, None]).numpy(),
        losses.hinge(2.0 * labels[:, None] - 1, scores[:, None]).numpy(),
    )


# -- PyTorch, float64 ---------------------------------------------------------------------------


def _t(a):
    return torch.tensor(np.asarray(a, dtype=np.float64))


def test_regression_losses_match_torch():
    t, p = _data("regression", np.float64, (8, 3), seed=5)
    assert float(losses.MeanSquaredError()(t, p)) == pytest.approx(
        F.mse_loss(_t(p), _t(t)).item(), rel=1e-12)
    assert float(losses.MeanAbsoluteError()(t, p)) == pytest.approx(
        F.l1_loss(_t(p), _t(t)).item(), rel=1e-12)
    for delta in (0.3, 1.0, 2.5):
        assert float(losses.Huber(delta=delta)(t, p)) == pytest.approx(
            F.huber_loss(_t(p), _t(t), delta=delta).item(), rel=1e-12)
    cosine = F.cosine_similarity(_t(t), _t(p), dim=-1).numpy()
    np.testing.assert_allclose(losses.cosine_similarity(t, p).numpy(), -cosine, rtol=1e-12)


def test_probabilistic_losses_match_torch():
    t, p = _data("soft", np.float64, (8, 3), seed=6)
    assert float(losses.BinaryCrossentropy()(t, p)) == pytest.approx(
        F.binary_cross_entropy(_t(p), _t(t)).item(), rel=1e-12)
    x = np.random.default_rng(7).normal(size=(8, 3)) * 4
    assert float(losses.BinaryCrossentropy(from_logits=True)(t, x)) == pytest.approx(
        F.binary_cross_entropy_with_logits(_t(x), _t(t)).item(), rel=1e-12)
    t, p = _data("distribution", np.float64, (8, 4), seed=8)
    assert float(losses.KLDivergence()(t, p)) == pytest.approx(
        F.kl_div(torch.log(_t(p)), _t(t), reduction="batchmean").item(), rel=1e-12)
    t, p = _data("positive", np.float64, (8, 4), seed=9)
    assert float(losses.Poisson()(t, p)) == pytest.approx(
        F.poisson_nll_loss(_t(p), _t(t), log_input=False, eps=EPS).item(), rel=1e-12)


@pytest.mark.parametrize("label_smoothing", [0.0, 0.1, 0.35])
def test_crossentropies_match_torch_cross_entropy(label_smoothing):
    rng = np.random.default_rng(10)
    labels = rng.integers(0, 6, 12)
    logits = rng.normal(size=(12, 6)) * 3
    expected = F.cross_entropy(_t(logits), torch.tensor(labels),
                               label_smoothing=label_smoothing).item()
    onehot = np.eye(6)[labels]
    cce = losses.CategoricalCrossentropy(from_logits=True, label_smoothing=label_smoothing)
    assert float(cce(onehot, logits)) == pytest.approx(expected, rel=1e-12)
    probs = _softmax(logits)
    cce = losses.CategoricalCrossentropy(label_smoothing=label_smoothing)
    assert float(cce(onehot, probs)) == pytest.approx(expected, rel=1e-6)
    if label_smoothing == 0.0:
        scce = losses.SparseCategoricalCrossentropy(from_logits=True)
        assert float(scce(labels, logits)) == pytest.approx(expected, rel=1e-12)
        nll = F.nll_loss(torch.log(_t(probs)), torch.tensor(labels)).item()
        assert float(losses.SparseCategoricalCrossentropy()(labels, probs)) == pytest.approx(
            nll, rel=1e-9)


def test_binary_label_smoothing_matches_torch_with_smoothed_targets():
    t, p = _data("binary", np.float64, (10, 2), seed=11)
    smoothed = t * 0.8 + 0.5 * 0.2
    expected = F.binary_cross_entropy(_t(p), _t(smoothed)).item()
    assert float(losses.BinaryCrossentropy(label_smoothing=0.2)(t, p)) == pytest.approx(
        expected, rel=1e-12)


@pytest.mark.parametrize("from_logits", [False, True])
def test_ignore_class_matches_torch_ignore_index(from_logits):
    rng = np.random.default_rng(12)
    labels = rng.integers(0, 5, (4, 6))
    labels[rng.uniform(size=labels.shape) < 0.3] = -1
    logits = rng.normal(size=(4, 6, 5))
    expected = F.cross_entropy(_t(logits).reshape(-1, 5), torch.tensor(labels).reshape(-1),
                               ignore_index=-1).item()
    y_pred = logits if from_logits else _softmax(logits)
    loss = losses.SparseCategoricalCrossentropy(from_logits=from_logits, ignore_class=-1)
    assert float(loss(labels, y_pred)) == pytest.approx(expected, rel=1e-9)
    per_sample = losses.sparse_categorical_crossentropy(labels, y_pred, from_logits=from_logits,
                                                        ignore_class=-1).numpy()
    assert per_sample.shape == (4, 6)
    assert np.all(per_sample[labels == -1] == 0)
    summed = losses.SparseCategoricalCrossentropy(from_logits=from_logits, ignore_class=-1,
                                                  reduction="sum")(labels, y_pred)
    assert float(summed) == pytest.approx(expected * np.sum(labels != -1), rel=1e-9)


def test_sparse_crossentropy_axis_moves_the_class_axis():
    rng = np.random.default_rng(13)
    labels = rng.integers(0, 4, (3, 5))
    logits = rng.normal(size=(3, 4, 5))  # classes on axis 1
    moved = np.moveaxis(logits, 1, -1)
    np.testing.assert_allclose(
        losses.sparse_categorical_crossentropy(labels, logits, from_logits=True, axis=1).numpy(),
        losses.sparse_categorical_crossentropy(labels, moved, from_logits=True).numpy(),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        losses.categorical_crossentropy(np.moveaxis(np.eye(4)[labels], -1, 1), logits,
                                        from_logits=True, axis=1).numpy(),
        losses.sparse_categorical_crossentropy(labels, moved, from_logits=True).numpy(),
        rtol=1e-6,
    )


def test_losses_accept_tensors_and_variables():
    t, p = _data("regression", np.float32)
    expected = np_mse(t, p)
    np.testing.assert_allclose(
        losses.mse(tf.constant(t), tf.Variable(p)).numpy(), expected, rtol=1e-6)
    assert losses.MSE is losses.mse is losses.mean_squared_error
