"""Trees suite: ember.learn.tree against scikit-learn, fit and predict on the same data.

The data are make_classification's (50,000 training rows and 12,500 held-out
rows of 20 features, 10 informative). Before timing, the held-out accuracies
of the two trees must agree within half a percentage point (the trees differ
only where two candidate splits tie, which each library breaks its own way).
The Numba kernels' one-time compilation is measured apart, in a fresh process
with an empty cache (``notes``).
"""

import os
import subprocess
import sys
import tempfile

import sklearn

from ._harness import Case
from .learn import _agree
from .learn import _scores_close as _accuracies_close

REFERENCE = f"scikit-learn {sklearn.__version__}"

N_TRAIN, N_TEST, N_FEATURES = 50_000, 12_500, 20


def _data():
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=N_TRAIN + N_TEST, n_features=N_FEATURES,
                               n_informative=10, n_redundant=0, n_clusters_per_class=1,
                               random_state=0)
    return {"X": X[:N_TRAIN], "y": y[:N_TRAIN], "X_test": X[N_TRAIN:], "y_test": y[N_TRAIN:]}


def _classifier(library, **params):
    if library == "ember":
        from ember.learn.tree import DecisionTreeClassifier
    else:
        from sklearn.tree import DecisionTreeClassifier
    return DecisionTreeClassifier(random_state=0, **params)


def _fit_score(library):
    def fn(s):
        model = _classifier(library).fit(s["X"], s["y"])
        return model.score(s["X_test"], s["y_test"])
    return fn


def _predict_setup():
    s = _data()
    s["ours"] = _classifier("ember").fit(s["X"], s["y"])
    s["theirs"] = _classifier("sklearn").fit(s["X"], s["y"])
    return s


def cases():
    return [
        Case(name="decision_tree_fit", target=1.0, setup=_data,
             ember_fn=_fit_score("ember"), reference_fn=_fit_score("sklearn"),
             compare=_accuracies_close(0.005),
             description="DecisionTreeClassifier(random_state=0).fit on 50,000 x 20 "
                         "make_classification (fully grown, gini) and score on 12,500 "
                         "held-out rows; accuracies within 0.5 percentage points"),
        Case(name="decision_tree_predict", target=1.0, setup=_predict_setup,
             ember_fn=lambda s: s["ours"].predict(s["X"]),
             reference_fn=lambda s: s["theirs"].predict(s["X"]), compare=_agree(0.999),
             description="DecisionTreeClassifier.predict of the 50,000 training rows "
                         "(each library's own fully grown tree)"),
        Case(name="gradient_boosting_fit", target=1.0, setup=_boosting_data,
             ember_fn=_boosting_fit_score("ember"), reference_fn=_boosting_fit_score("sklearn"),
             compare=_accuracies_close(0.005),
             description="GradientBoostingClassifier(random_state=0).fit (100 stages of depth-3 "
                         "trees, log loss) on 20,000 x 20 make_classification and score on "
                         "5,000 held-out rows; accuracies within 0.5 percentage points"),
        Case(name="gradient_boosting_predict", target=1.0, setup=_boosting_predict_setup,
             ember_fn=lambda s: s["ours"].predict(s["X"]),
             reference_fn=lambda s: s["theirs"].predict(s["X"]), compare=_agree(0.999),
             description="GradientBoostingClassifier.predict of the 20,000 training rows "
                         "(each library's own 100-stage model)"),
        *_forest_cases(),
    ]


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


def _accuracies():
    s = _data()
    return [_fit_score(library)(s) for library in ("ember", "sklearn")]


def notes(results):
    """Held-out accuracies of the timed fits; Numba's one-time compilation of the tree
    kernels (a fresh process with an empty cache), then their loading from that cache."""
    ours, theirs = _accuracies()
    with tempfile.TemporaryDirectory() as cache_dir:
        seconds = _compile_seconds(cache_dir)
        cached = _compile_seconds(cache_dir)
    (df_wall, df_cpu, bf_wall, bf_cpu, pr_wall, pr_cpu) = seconds
    return [
        f"decision_tree_fit held-out accuracy: ember {ours:.4f}, scikit-learn {theirs:.4f} "
        f"({100 * abs(ours - theirs):.2f} percentage points apart; the trees differ only "
        "where two candidate splits tie).",
        f"Numba compilation, once per machine (cached on disk; empty cache, fresh process), "
        f"wall (CPU) seconds: depth-first builder {df_wall:.1f} ({df_cpu:.1f}), best-first "
        f"builder for max_leaf_nodes {bf_wall:.1f} ({bf_cpu:.1f}), the predict kernel "
        f"{pr_wall:.1f} ({pr_cpu:.1f}). A later process loads them from the cache in "
        f"{cached[0] + cached[2] + cached[4]:.2f} s. Fit and predict times above exclude "
        "compilation (the harness warms up first).",
    ]


# -- gradient boosting ------------------------------------------------------------------

GB_TRAIN, GB_TEST = 20_000, 5_000


def _boosting_data():
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=GB_TRAIN + GB_TEST, n_features=N_FEATURES,
                               n_informative=10, n_redundant=0, n_clusters_per_class=1,
                               random_state=0)
    return {"X": X[:GB_TRAIN], "y": y[:GB_TRAIN], "X_test": X[GB_TRAIN:], "y_test": y[GB_TRAIN:]}


def _boosting(library):
    if library == "ember":
        from ember.learn.ensemble import GradientBoostingClassifier
    else:
        from sklearn.ensemble import GradientBoostingClassifier
    return GradientBoostingClassifier(n_estimators=100, random_state=0)


def _boosting_fit_score(library):
    def fn(s):
        return _boosting(library).fit(s["X"], s["y"]).score(s["X_test"], s["y_test"])
    return fn


def _boosting_predict_setup():
    s = _boosting_data()
    s["ours"] = _boosting("ember").fit(s["X"], s["y"])
    s["theirs"] = _boosting("sklearn").fit(s["X"], s["y"])
    return s


# -- random forests and extra-trees (100 trees, n_jobs=2 for both) ----------------------

FORESTS = {"random_forest": "RandomForestClassifier", "extra_trees": "ExtraTreesClassifier"}


def _forest(library, name):
    from importlib import import_module

    module = import_module("ember.learn.ensemble" if library == "ember" else "sklearn.ensemble")
    return getattr(module, name)(n_estimators=100, n_jobs=2, random_state=0)


def _forest_fit_score(library, name):
    def fn(s):
        return _forest(library, name).fit(s["X"], s["y"]).score(s["X_test"], s["y_test"])
    return fn


def _forest_predict_setup(name):
    def setup():
        s = _boosting_data()
        s["ours"] = _forest("ember", name).fit(s["X"], s["y"])
        s["theirs"] = _forest("sklearn", name).fit(s["X"], s["y"])
        return s
    return setup


def _forest_cases():
    cases = []
    for key, name in FORESTS.items():
        cases += [
            Case(name=f"{key}_fit", target=1.0, setup=_boosting_data,
                 ember_fn=_forest_fit_score("ember", name),
                 reference_fn=_forest_fit_score("sklearn", name),
                 compare=_accuracies_close(0.005),
                 description=f"{name}(n_estimators=100, n_jobs=2, random_state=0).fit on "
                             "20,000 x 20 make_classification (fully grown trees) and score on "
                             "5,000 held-out rows; accuracies within 0.5 percentage points"),
            Case(name=f"{key}_predict", target=1.0, setup=_forest_predict_setup(name),
                 ember_fn=lambda s: s["ours"].predict(s["X"]),
                 reference_fn=lambda s: s["theirs"].predict(s["X"]), compare=_agree(0.999),
                 description=f"{name}.predict (n_jobs=2) of the 20,000 training rows (each "
                             "library's own 100-tree forest)"),
        ]
    return cases
