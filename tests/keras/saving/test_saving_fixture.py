"""Backward compatibility: archives written by format version 1 load, forever.

``fixtures/fixture_v1.keras`` and ``fixtures/fixture_v1.weights.h5`` were made
once by ``fixtures/make_fixture.py``; the predictions below were printed by it.
If this test fails after a change, the change broke files users already have.
"""

import json
import zipfile
from pathlib import Path

import numpy as np

from ember import keras

FIXTURES = Path(__file__).resolve().parent / "fixtures"
X_PROBE = np.array([[0.5, -1.0, 2.0], [-1.5, 0.25, 0.0], [3.0, 1.0, -0.5]], np.float32)
EXPECTED = np.array([[0.9213495, 0.07865052],
                     [0.8905919, 0.10940813],
                     [0.5559923, 0.44400772]], np.float32)


def test_fixture_model_predicts_the_stored_values():
    model = keras.models.load_model(FIXTURES / "fixture_v1.keras")
    assert model.name == "fixture_v1"
    assert [layer.name for layer in model.layers] == ["hidden", "norm", "probabilities"]
    np.testing.assert_allclose(model.predict(X_PROBE, verbose=0), EXPECTED, rtol=1e-6, atol=1e-7)
    # one Adam step (learning rate 0.01) moved each kernel entry by at most 0.01
    start = np.linspace(-1.0, 1.0, 12, dtype=np.float32).reshape(3, 4)
    moved = np.abs(model.get_layer("hidden").kernel.numpy() - start)
    assert moved.max() <= 0.0100001 and moved.max() > 0.009


def test_fixture_model_resumes_training():
    model = keras.models.load_model(FIXTURES / "fixture_v1.keras")
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert int(model.optimizer.iterations.numpy()) == 1
    np.testing.assert_allclose(float(model.optimizer.learning_rate.numpy()), 0.01, rtol=1e-6)
    logs = model.train_on_batch(X_PROBE, np.array([0, 1, 1]), return_dict=True)
    assert sorted(logs) == ["accuracy", "loss"]
    assert int(model.optimizer.iterations.numpy()) == 2


def test_fixture_weights_load_into_a_model_built_by_hand():
    model = keras.Sequential([
        keras.Input(shape=[3]),
        keras.layers.Dense(4, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(2, activation="softmax"),
    ])
    model.load_weights(FIXTURES / "fixture_v1.weights.h5")
    np.testing.assert_allclose(model.predict(X_PROBE, verbose=0), EXPECTED, rtol=1e-6, atol=1e-7)


def test_fixture_layout_is_the_documented_one():
    with zipfile.ZipFile(FIXTURES / "fixture_v1.keras") as archive:
        names = archive.namelist()
        metadata = json.loads(archive.read("metadata.json"))
        config = json.loads(archive.read("config.json"))
        index = json.loads(archive.read("weights.json"))
    assert names[:3] == ["metadata.json", "config.json", "weights.json"]
    assert metadata["format"] == "ember.keras" and metadata["format_version"] == 1
    assert metadata["kind"] == "model"
    assert set(metadata) == {"format", "format_version", "kind", "ember_version", "saved_at"}
    assert set(config) == {"model", "config_complete", "compile_config"}
    assert set(config["compile_config"]) == {"optimizer", "loss", "loss_weights", "metrics",
                                             "weighted_metrics"}
    assert [layer["path"] for layer in index["layers"]] == ["dense", "batch_normalization",
                                                            "dense_1"]
    assert [v["name"] for v in index["layers"][1]["variables"]] == [
        "gamma", "beta", "moving_mean", "moving_variance"]
    assert index["optimizer"]["class_name"] == "Adam"
    assert index["optimizer"]["built_for"] == [f"weights/{i:05d}.npy" for i in (0, 1, 2, 3, 6, 7)]
    assert len(index["optimizer"]["variables"]) == 2 + 2 * 6
    arrays = sorted(n for n in names if n.endswith(".npy"))
    assert arrays == [f"optimizer/{i:05d}.npy" for i in range(14)] + [
        f"weights/{i:05d}.npy" for i in range(8)]
