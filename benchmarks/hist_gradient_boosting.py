"""Histogram gradient boosting suite: ember.learn's HistGradientBoostingClassifier against
scikit-learn's, fit and predict on the same data.

The data are make_classification's (100,000 training rows and 20,000 held-out
rows of 20 features). Both libraries grow the same trees from the same bins
(ember follows scikit-learn's binning, gains and tie rules), so before timing
the held-out accuracies must agree within half a percentage point and, with
the same number of trees, the predictions must agree. Both run on all cores
(scikit-learn's OpenMP threads, ember's Numba threads). The kernels' one-time
compilation is measured apart, in a fresh process with an empty Numba cache
(``notes``).
"""

import os
import subprocess
import sys
import tempfile

import numpy as np
import sklearn

from ._harness import Case

REFERENCE = f"scikit-learn {sklearn.__version__}"

N_TRAIN, N_TEST, N_FEATURES = 100_000, 20_000, 20


def _data():
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=N_TRAIN + N_TEST, n_features=N_FEATURES,
                               random_state=0)
    return {"X": X[:N_TRAIN], "y": y[:N_TRAIN], "X_test": X[N_TRAIN:], "y_test": y[N_TRAIN:]}


def _model(library, **params):
    if library == "ember":
        from ember.learn.ensemble import HistGradientBoostingClassifier
    else:
        from sklearn.ensemble import HistGradientBoostingClassifier
    return HistGradientBoostingClassifier(random_state=0, **params)


def _fit(library, **params):
    def fn(s):
        return s, _model(library, **params).fit(s["X"], s["y"])
    return fn


def _held_out_close(tolerance):
    def compare(ours, theirs):
        (s, mine), (_, reference) = ours, theirs
        a, b = mine.score(s["X_test"], s["y_test"]), reference.score(s["X_test"], s["y_test"])
        assert abs(a - b) <= tolerance, f"held-out accuracies {a:.4f} vs {b:.4f}"
        assert mine.n_iter_ == reference.n_iter_, \
            f"{mine.n_iter_} iterations vs {reference.n_iter_}"
    return compare


def _predict_setup():
    s = _data()
    s["ours"] = _model("ember", early_stopping=False).fit(s["X"], s["y"])
    s["theirs"] = _model("sklearn", early_stopping=False).fit(s["X"], s["y"])
    return s


def _agree(ours, theirs):
    share = float(np.mean(np.asarray(ours) == np.asarray(theirs)))
    assert share >= 0.999, f"predictions agree on {share:.4f} of the rows (< 0.999)"


def cases():
    return [
        Case(name="hgb_fit_default", target=1.5, setup=_data,
             ember_fn=_fit("ember"), reference_fn=_fit("sklearn"),
             compare=_held_out_close(0.005),
             description="HistGradientBoostingClassifier(random_state=0).fit on 100,000 x 20 "
                         "make_classification (defaults: early stopping on 10% held out, "
                         "31 leaves, 255 bins); the same number of iterations and held-out "
                         "accuracies within 0.5 percentage points"),
        Case(name="hgb_fit_100_iter", target=1.5, setup=_data,
             ember_fn=_fit("ember", early_stopping=False, max_iter=100),
             reference_fn=_fit("sklearn", early_stopping=False, max_iter=100),
             compare=_held_out_close(0.005),
             description="HistGradientBoostingClassifier(early_stopping=False, max_iter=100)"
                         ".fit on the same 100,000 x 20 data: 100 trees"),
        Case(name="hgb_predict", target=1.0, setup=_predict_setup,
             ember_fn=lambda s: s["ours"].predict(s["X"]),
             reference_fn=lambda s: s["theirs"].predict(s["X"]), compare=_agree,
             description="predict of the 100,000 training rows by the 100-tree models "
                         "above (each library's own, the same trees)"),
    ]


_COMPILE_SCRIPT = """
import time
import numpy as np
start = time.perf_counter()
from ember.learn.ensemble import HistGradientBoostingClassifier
rng = np.random.RandomState(0)
X, y = rng.rand(400, 4), rng.randint(0, 2, 400)
def seconds(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start
model = HistGradientBoostingClassifier(max_iter=3, early_stopping=True)
fit = seconds(lambda: model.fit(X, y)) - seconds(lambda: model.fit(X, y))
predict = seconds(lambda: model.predict(X)) - seconds(lambda: model.predict(X))
import numba
print(fit, predict, numba.threading_layer())
"""


def _compile_seconds(cache_dir):
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    out = subprocess.run([sys.executable, "-c", _COMPILE_SCRIPT], env=env, check=True,
                         capture_output=True, text=True, timeout=1800)
    fit, predict, layer = out.stdout.split()
    return float(fit), float(predict), layer


def notes(results):
    """Numba's one-time compilation of the kernels, in a fresh process with an empty cache,
    then loading them from the cache in another fresh process."""
    with tempfile.TemporaryDirectory() as cache_dir:
        fit, predict, layer = _compile_seconds(cache_dir)
        cached_fit, cached_predict, _ = _compile_seconds(cache_dir)
    return [
        f"Numba compilation, once per machine (cached on disk; empty cache, fresh process): "
        f"fit kernels (binning, losses, histograms and splits) {fit:.1f} s, prediction kernel "
        f"{predict:.1f} s. A later process loads them from the cache in "
        f"{cached_fit + cached_predict:.2f} s. Fit and predict times above exclude compilation "
        "(the harness warms up first).",
        f"Numba threading layer: {layer}; results do not depend on the number of threads "
        "(each histogram is summed in sample order by one thread).",
    ]
