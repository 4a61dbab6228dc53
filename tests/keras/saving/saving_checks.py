"""Checks shared by the saving tests: equal weights, equal optimizer state, exact resumption."""

import numpy as np

from ember import keras


def assert_same_weights(a, b):
    """Both models hold the same variables, bit for bit."""
    wa, wb = a.get_weights(), b.get_weights()
    assert len(wa) == len(wb) > 0
    for x, y in zip(wa, wb):
        assert x.dtype == y.dtype and x.shape == y.shape
        np.testing.assert_array_equal(x, y)


def assert_same_optimizer(a, b):
    """Both models' optimizers are of one class and hold the same state, bit for bit."""
    assert type(a.optimizer) is type(b.optimizer)
    va, vb = a.optimizer.get_weights(), b.optimizer.get_weights()
    assert len(va) == len(vb) > 0
    for x, y in zip(va, vb):
        np.testing.assert_array_equal(x, y)


def assert_same_predictions(a, b, x):
    pa, pb = a.predict(x, verbose=0), b.predict(x, verbose=0)
    for u, v in zip(*(p if isinstance(p, (list, tuple)) else [p] for p in (pa, pb))):
        np.testing.assert_array_equal(u, v)


def check_resumes_exactly(make_model, x, y, path, custom_objects=None, batch_size=16,
                          on_load=None):
    """Train 2 epochs, save, load, train 1 more: must equal 3 uninterrupted epochs.

    Args:
        make_model: a function returning the same compiled model each time (seeded).
        x, y: the training data (fit with ``shuffle=False``).
        path: where to save.
        custom_objects: passed to ``load_model``.
        on_load: a function of the loaded model, called before anything runs it.

    Returns:
        The loaded model, after its third epoch.
    """
    fit = {"batch_size": batch_size, "shuffle": False, "verbose": 0}
    uninterrupted = make_model()
    reference = uninterrupted.fit(x, y, epochs=3, **fit).history
    model = make_model()
    model.fit(x, y, epochs=2, **fit)
    model.save(path)
    loaded = keras.models.load_model(path, custom_objects=custom_objects)
    if on_load is not None:
        on_load(loaded)
    assert_same_predictions(model, loaded, x)
    assert_same_weights(model, loaded)
    assert_same_optimizer(model, loaded)
    history = loaded.fit(x, y, epochs=1, **fit).history
    assert list(history) == list(reference)
    for key in reference:
        assert history[key][0] == reference[key][2], key
    assert_same_weights(uninterrupted, loaded)
    assert_same_optimizer(uninterrupted, loaded)
    return loaded
