"""Trees suite: ember.learn's trees and tree ensembles against scikit-learn's.

Each model is fitted by both libraries on the same make_classification data
(20 features, 10 informative) and scored on held-out rows, then predicts its
training rows. Before timing, the held-out accuracies must agree within half a
percentage point and the predictions on 99.9% of the rows; with scikit-learn's
seeds, generator and heap order the trees are in fact the same. The Numba
kernels' one-time compilation is measured apart, in a fresh process with an
empty cache (``notes``).
"""

import os
import subprocess
import sys
import tempfile
from importlib import import_module

import sklearn

from ._harness import Case
from .learn import _agree
from .learn import _scores_close as _accuracies_close

REFERENCE = f"scikit-learn {sklearn.__version__}"

N_FEATURES = 20
TREE_TRAIN, TREE_TEST = 50_000, 12_500  # the single tree
ENSEMBLE_TRAIN, ENSEMBLE_TEST = 20_000, 5_000  # the ensembles


def _data(n_train, n_test):
    def setup():
        from sklearn.datasets import make_classification

        X, y = make_classification(n_samples=n_train + n_test, n_features=N_FEATURES,
                                   n_informative=10, n_redundant=0, n_clusters_per_class=1,
                                   random_state=0)
        return {"X": X[:n_train], "y": y[:n_train], "X_test": X[n_train:],
                "y_test": y[n_train:]}
    return setup


# (row prefix, module, class, parameters, training rows, held-out rows, what is grown)
MODELS = [
    ("decision_tree", "tree", "DecisionTreeClassifier", {"random_state": 0},
     TREE_TRAIN, TREE_TEST, "fully grown, gini"),
    ("gradient_boosting", "ensemble", "GradientBoostingClassifier",
     {"n_estimators": 100, "random_state": 0}, ENSEMBLE_TRAIN, ENSEMBLE_TEST,
     "100 stages of depth-3 trees, log loss"),
    ("random_forest", "ensemble", "RandomForestClassifier",
     {"n_estimators": 100, "n_jobs": 2, "random_state": 0}, ENSEMBLE_TRAIN, ENSEMBLE_TEST,
     "100 fully grown trees on 2 threads for both"),
    ("extra_trees", "ensemble", "ExtraTreesClassifier",
     {"n_estimators": 100, "n_jobs": 2, "random_state": 0}, ENSEMBLE_TRAIN, ENSEMBLE_TEST,
     "100 fully grown trees on 2 threads for both"),
    ("adaboost", "ensemble", "AdaBoostClassifier",
     {"n_estimators": 100, "random_state": 0}, ENSEMBLE_TRAIN, ENSEMBLE_TEST,
     "SAMME, 100 stumps"),
]


def _model(library, module, name, params):
    package = "ember.learn" if library == "ember" else "sklearn"
    return getattr(import_module(f"{package}.{module}"), name)(**params)


def _fit_score(library, module, name, params):
    def fn(s):
        model = _model(library, module, name, params).fit(s["X"], s["y"])
        return model.score(s["X_test"], s["y_test"])
    return fn


def _fitted(module, name, params, data):
    def setup():
        s = data()
        s["ours"] = _model("ember", module, name, params).fit(s["X"], s["y"])
        s["theirs"] = _model("sklearn", module, name, params).fit(s["X"], s["y"])
        return s
    return setup


def _model_cases(key, module, name, params, n_train, n_test, grown):
    data = _data(n_train, n_test)
    arguments = ", ".join(f"{k}={v}" for k, v in params.items())
    return [
        Case(name=f"{key}_fit", target=1.0, setup=data,
             ember_fn=_fit_score("ember", module, name, params),
             reference_fn=_fit_score("sklearn", module, name, params),
             compare=_accuracies_close(0.005),
             description=f"{name}({arguments}).fit on {n_train:,} x {N_FEATURES} "
                         f"make_classification ({grown}) and score on {n_test:,} held-out "
                         "rows; accuracies within 0.5 percentage points"),
        Case(name=f"{key}_predict", target=1.0, setup=_fitted(module, name, params, data),
             ember_fn=lambda s: s["ours"].predict(s["X"]),
             reference_fn=lambda s: s["theirs"].predict(s["X"]), compare=_agree(0.999),
             description=f"{name}.predict of the {n_train:,} training rows (each library's "
                         "own fitted model)"),
    ]


def cases():
    return [case for model in MODELS for case in _model_cases(*model)]


_COMPILE_SCRIPT = """
import time
import numpy as np
from ember.learn.tree import DecisionTreeClassifier
rng = np.random.RandomState(0)
X, y = rng.rand(200, 4), rng.randint(0, 2, 200)
def seconds(fn):  # wall and CPU seconds of fn()
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu
def first_use(fn):  # the first call less a second one
    (w1, c1), (w2, c2) = seconds(fn), seconds(fn)
    return w1 - w2, c1 - c2
depth_first = first_use(lambda: DecisionTreeClassifier().fit(X, y))
model = DecisionTreeClassifier(max_leaf_nodes=8)
best_first = first_use(lambda: model.fit(X, y))
predict = first_use(lambda: model.predict(X))
print(*depth_first, *best_first, *predict)
"""


def _compile_seconds(cache_dir):
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    out = subprocess.run([sys.executable, "-c", _COMPILE_SCRIPT], env=env, check=True,
                         capture_output=True, text=True, timeout=1800)
    return [float(v) for v in out.stdout.split()]


def _same_tree():
    """Held-out accuracies of the two decision trees and whether their node arrays match."""
    import numpy as np

    key, module, name, params, n_train, n_test, _ = MODELS[0]
    s = _fitted(module, name, params, _data(n_train, n_test))()
    ours, theirs = s["ours"].tree_, s["theirs"].tree_
    same = ours.node_count == theirs.node_count and all(
        np.array_equal(getattr(ours, a), getattr(theirs, a))
        for a in ("children_left", "feature", "threshold"))
    return (s["ours"].score(s["X_test"], s["y_test"]),
            s["theirs"].score(s["X_test"], s["y_test"]), same)


def notes(results):
    """Held-out accuracies of the timed fits; Numba's one-time compilation of the tree
    kernels (a fresh process with an empty cache), then their loading from that cache."""
    ours, theirs, same = _same_tree()
    with tempfile.TemporaryDirectory() as cache_dir:
        seconds = _compile_seconds(cache_dir)
        cached = _compile_seconds(cache_dir)
    (df_wall, df_cpu, bf_wall, bf_cpu, pr_wall, pr_cpu) = seconds
    return [
        f"decision_tree_fit held-out accuracy: ember {ours:.4f}, scikit-learn {theirs:.4f}; "
        + ("the two trees are node for node the same." if same else
           "the trees differ where rounding broke a tie between two splits."),
        f"Numba compilation, once per machine (cached on disk; empty cache, fresh process), "
        f"wall (CPU) seconds: depth-first builder {df_wall:.1f} ({df_cpu:.1f}), best-first "
        f"builder for max_leaf_nodes {bf_wall:.1f} ({bf_cpu:.1f}), the predict kernel "
        f"{pr_wall:.1f} ({pr_cpu:.1f}). A later process loads them from the cache in "
        f"{cached[0] + cached[2] + cached[4]:.2f} s. Fit and predict times above exclude "
        "compilation (the harness warms up first).",
    ]
