"""Keras suite: ember.keras training and inference against PyTorch (CPU).

Each case runs the same model on the same data: ember through Keras' API
(``compile``/``fit``/``predict``), PyTorch through its own idiomatic loop (a
``torch.nn.Sequential``, a slice of pre-shuffled tensors per batch,
``optimizer.zero_grad(); loss.backward(); optimizer.step()``). Before timing,
both start from the same weights and, without shuffling or dropout, must end an
epoch with the same weights, so the two sides do the same work.
"""

import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

from ember import keras

from ._harness import Case

REFERENCE = f"PyTorch {torch.__version__} (CPU)"

_DATA = {}
# The books' data files beside the checkout (as `make bench` and the tests use them).
_SHARED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..",
                       "shared", "datasets")
if os.path.isdir(_SHARED):
    os.environ.setdefault("EMBER_DATA_HOME", os.path.abspath(_SHARED))


def _fashion():
    """Fashion-MNIST scaled to [0, 1] (loaded once; offline from EMBER_DATA_HOME)."""
    if not _DATA:
        (X_train, y_train), (X_test, y_test) = keras.datasets.fashion_mnist.load_data()
        _DATA.update(
            X_train=(X_train / 255.0).astype(np.float32), y_train=y_train.astype(np.int64),
            X_test=(X_test / 255.0).astype(np.float32), y_test=y_test.astype(np.int64),
        )
    return _DATA


# -- the HOML ch10 MLP ------------------------------------------------------------


def _ember_mlp():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.layers.Flatten(input_shape=[28, 28]),
        keras.layers.Dense(300, activation="relu"),
        keras.layers.Dense(100, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(0.01))
    return model


def _torch_mlp_like(model):
    """The same MLP in PyTorch, starting from the ember model's weights (logits out)."""
    net = torch.nn.Sequential(
        torch.nn.Flatten(), torch.nn.Linear(784, 300), torch.nn.ReLU(),
        torch.nn.Linear(300, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10),
    )
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    linear = [m for m in net if isinstance(m, torch.nn.Linear)]
    with torch.no_grad():
        for d, lin in zip(dense, linear):
            lin.weight.copy_(torch.tensor(d.kernel.numpy().T))
            lin.bias.copy_(torch.tensor(d.bias.numpy()))
    return net


def _torch_epoch(net, optimizer, X, y, batch_size, shuffle):
    order = torch.randperm(len(X)) if shuffle else None
    net.train()
    for start in range(0, len(X), batch_size):
        index = slice(start, start + batch_size) if order is None else order[start:start + batch_size]
        optimizer.zero_grad()
        loss = F.cross_entropy(net(X[index]), y[index])
        loss.backward()
        optimizer.step()
    return loss


def _mlp_setup():
    data = _fashion()
    model = _ember_mlp()
    net = _torch_mlp_like(model)
    return {
        "model": model, "net": net, "opt": torch.optim.SGD(net.parameters(), lr=0.01),
        "X": data["X_train"], "y": data["y_train"],
        "tX": torch.tensor(data["X_train"]), "ty": torch.tensor(data["y_train"]),
        "X_test": data["X_test"], "tX_test": torch.tensor(data["X_test"]),
    }


def _mlp_epoch_ember(s):
    s["model"].fit(s["X"], s["y"], batch_size=32, epochs=1, shuffle=False, verbose=0)
    return [d.kernel.numpy() for d in s["model"].layers[1:]]


def _mlp_epoch_torch(s):
    _torch_epoch(s["net"], s["opt"], s["tX"], s["ty"], 32, shuffle=False)
    return [m.weight.detach().numpy().T for m in s["net"] if isinstance(m, torch.nn.Linear)]


def _close_after_training(ours, theirs):
    for a, b in zip(ours, theirs):
        worst = float(np.max(np.abs(a - b)))
        # float32 rounding differs (Keras' loss goes through softmax probabilities,
        # PyTorch's through logits) and 1,875 SGD steps amplify it a little.
        assert worst < 1e-2, f"weights differ by {worst:.3g} after one epoch from the same start"


def _predict_ember(s):
    return s["model"].predict(s["X_test"], batch_size=32, verbose=0)


def _predict_torch(s):
    net = s["net"]
    net.eval()
    with torch.no_grad():
        parts = [torch.softmax(net(s["tX_test"][i:i + 32]), dim=1) for i in range(0, len(s["tX_test"]), 32)]
    return torch.cat(parts)


# -- 3 hidden layers with batch normalization and dropout, Adam, batch 128 -----------


def _bn_setup():
    data = _fashion()
    keras.utils.set_random_seed(0)
    layers = [keras.layers.Flatten(input_shape=[28, 28])]
    for units in (300, 100, 50):
        layers += [keras.layers.Dense(units, use_bias=False), keras.layers.BatchNormalization(),
                   keras.layers.Activation("relu"), keras.layers.Dropout(0.2)]
    layers.append(keras.layers.Dense(10, activation="softmax"))
    model = keras.Sequential(layers)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    modules = [torch.nn.Flatten()]
    sizes = (784, 300, 100, 50)
    for fan_in, units in zip(sizes, sizes[1:]):
        modules += [torch.nn.Linear(fan_in, units, bias=False),
                    torch.nn.BatchNorm1d(units, eps=1e-3, momentum=0.01),
                    torch.nn.ReLU(), torch.nn.Dropout(0.2)]
    modules.append(torch.nn.Linear(50, 10))
    net = torch.nn.Sequential(*modules)
    return {
        "model": model, "net": net,
        "opt": torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7),
        "X": data["X_train"], "y": data["y_train"],
        "tX": torch.tensor(data["X_train"]), "ty": torch.tensor(data["y_train"]),
    }


def _bn_epoch_ember(s):
    history = s["model"].fit(s["X"], s["y"], batch_size=128, epochs=1, verbose=0)
    return history.history["loss"][-1]


def _bn_epoch_torch(s):
    return float(_torch_epoch(s["net"], s["opt"], s["tX"], s["ty"], 128, shuffle=True).detach())


def _both_learn(ours, theirs):
    assert ours < 1.0 and theirs < 1.0, f"losses after an epoch: ember {ours:.3f}, torch {theirs:.3f}"


def cases():
    return [
        Case(
            name="fashion_mlp_epoch",
            target=1.0,
            setup=_mlp_setup,
            ember_fn=_mlp_epoch_ember,
            reference_fn=_mlp_epoch_torch,
            compare=_close_after_training,
            description=(
                "HOML ch10's MLP (Flatten, Dense 300 relu, Dense 100 relu, Dense 10 softmax) on "
                "Fashion-MNIST, SGD lr 0.01, batch 32: one epoch over 60,000 images (1,875 steps); "
                "ember model.fit vs PyTorch's loop with F.cross_entropy on logits"
            ),
        ),
        Case(
            name="fashion_mlp_predict",
            target=1.0,
            setup=_mlp_setup,
            ember_fn=_predict_ember,
            reference_fn=_predict_torch,
            rtol=1e-4,
            atol=1e-5,
            description="predict on the 10,000 test images in batches of 32 (softmax probabilities)",
        ),
        Case(
            name="bn_dropout_mlp_adam_epoch",
            target=1.0,
            setup=_bn_setup,
            ember_fn=_bn_epoch_ember,
            reference_fn=_bn_epoch_torch,
            compare=_both_learn,
            description=(
                "3 hidden layers (300, 100, 50) each Dense (no bias), BatchNormalization, ReLU, "
                "Dropout 0.2; Dense 10 softmax; Adam, batch 128, one epoch over Fashion-MNIST"
            ),
        ),
    ]


_MEMORY_SCRIPT = """
import sys, threading, time
sys.path.insert(0, {root!r})
from benchmarks import keras as suite

def rss():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024

state = suite._mlp_setup()
getattr(suite, {fn!r})(state)  # warm up: first-call allocations are not training's
base, peak, done = rss(), [0.0], []

def sample():
    while not done:
        peak[0] = max(peak[0], rss())
        time.sleep(0.005)

watcher = threading.Thread(target=sample)
watcher.start()
getattr(suite, {fn!r})(state)
done.append(1)
watcher.join()
print(base, peak[0])
"""


def _rss_during_epoch(function):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    script = _MEMORY_SCRIPT.format(root=root, fn=function)
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, env=os.environ).stdout.split()
    return float(output[-2]), float(output[-1])


def notes(results):
    """Resident memory while one MLP epoch trains, each library in its own process."""
    lines = []
    for label, function in (("ember", "_mlp_epoch_ember"), ("PyTorch", "_mlp_epoch_torch")):
        base, peak = _rss_during_epoch(function)
        lines.append(
            f"fashion_mlp_epoch resident memory, {label} (fresh process, after a warm-up epoch): "
            f"{base:.0f} MiB before, {peak:.0f} MiB peak during the epoch (+{peak - base:.1f} MiB); "
            "the process holds Fashion-MNIST for both libraries and both models"
        )
    return lines
