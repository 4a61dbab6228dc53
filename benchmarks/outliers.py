"""Outliers suite: ember.learn's outlier detectors against scikit-learn's (HOML ch9).

Each detector is fitted by both libraries on the same data and returns its
training scores; before timing, the scores (LOF's negative_outlier_factor_, the
envelope's distances) must agree to 1e-10 (relative) and the labels exactly. LocalOutlierFactor's time is almost all its k-neighbour
search: 20 features take both libraries' brute-force search (``"auto"``).
"""

import numpy as np
import sklearn

from ._harness import Case

REFERENCE = f"scikit-learn {sklearn.__version__}"

N_SAMPLES, N_FEATURES = 20_000, 20


def _normal(n, d):
    def setup():
        return {"X": np.random.RandomState(0).standard_normal((n, d))}
    return setup


def _lof(package):
    def fn(s):
        from importlib import import_module

        cls = import_module(f"{package}.neighbors").LocalOutlierFactor
        model = cls(n_neighbors=20)
        labels = model.fit_predict(s["X"])
        return model.negative_outlier_factor_, labels
    return fn


def _scores_equal(ours, theirs):
    (our_scores, our_labels), (their_scores, their_labels) = ours, theirs
    worst = float(np.max(np.abs(our_scores - their_scores) / np.abs(their_scores)))
    assert worst <= 1e-10, f"scores differ by {worst:.3g} (relative)"
    assert np.array_equal(our_labels, their_labels), "fit_predict labels differ"


def _contaminated(n, d):
    def setup():
        rng = np.random.RandomState(0)
        X = rng.standard_normal((n, d)) @ rng.standard_normal((d, d))
        X[: n // 20] += rng.uniform(4, 8, (n // 20, d))
        return {"X": X}
    return setup


def _envelope(package):
    def fn(s):
        from importlib import import_module

        cls = import_module(f"{package}.covariance").EllipticEnvelope
        model = cls(random_state=0).fit(s["X"])
        return model.dist_, model.predict(s["X"])
    return fn


def cases():
    return [
        Case(name="local_outlier_factor_fit", target=1.0, setup=_normal(N_SAMPLES, N_FEATURES),
             ember_fn=_lof("ember.learn"), reference_fn=_lof("sklearn"),
             compare=_scores_equal,
             description=f"LocalOutlierFactor(n_neighbors=20).fit_predict on {N_SAMPLES:,} x "
                         f"{N_FEATURES} standard normal rows (brute-force search for both); "
                         "negative_outlier_factor_ equal to 1e-10, labels equal"),
        Case(name="elliptic_envelope_fit", target=1.0, setup=_contaminated(1_000, 5),
             ember_fn=_envelope("ember.learn"), reference_fn=_envelope("sklearn"),
             compare=_scores_equal,
             description="EllipticEnvelope(random_state=0).fit (FastMCD: 3 subsets of 333 rows, "
                         "166 random starts each) and predict on 1,000 x 5 correlated normal "
                         "rows, 5% shifted away; dist_ equal to 1e-10, labels equal"),
    ]
