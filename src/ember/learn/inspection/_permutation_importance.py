"""``permutation_importance``: how much a fitted model's score drops when one feature is shuffled.

For each feature the column is permuted ``n_repeats`` times (optionally on a
random subset of ``max_samples`` rows) and the model rescored; the importance
is the baseline score minus the permuted score (Breiman, 2001).

The permutations are scikit-learn's: one seed is drawn from ``random_state``
and every feature replays the same generator from it (the same row subset,
the same successive shuffles, each applied to the already shuffled column), so
for a deterministic model the same ``random_state`` gives scikit-learn's numbers.

The scorings of ember's scorers (names, ``make_scorer``, lists and dicts of
them, and the default ``score`` of ember's classifiers and regressors) are
vectorised: the permuted copies of many (feature, repeat) pairs are stacked
into one array (at most 8 MB and 8,192 rows) and each prediction method runs once on
the stack; each pair is then scored on its rows. Any other scorer is called
once per pair. Features are spread over ``n_jobs`` joblib workers.
"""

import functools
import numbers

import numpy as np

from ..base import ClassifierMixin, RegressorMixin
from ..datasets._bunch import Bunch
from ..utils import _safe_indexing, check_array, check_random_state
from ..utils._param_validation import (
    Interval,
    InvalidParameterError,
    StrOptions,
    validate_parameter_constraints,
)

__all__ = ["permutation_importance"]

# One prediction call gets at most this many bytes and rows of stacked permuted copies (at
# least one copy): enough to amortise the per-call costs, not so many that an estimator's
# intermediate arrays (kernel or distance rows per sample) leave the caches.
_STACK_BYTES = 8 * 2**20
_STACK_ROWS = 8192

def _constraints():
    """The parameter constraints, as scikit-learn declares them (the metrics load lazily)."""
    from ..metrics import get_scorer_names

    return {
        "X": ["array-like"],
        "y": ["array-like", None],
        "scoring": [StrOptions(set(get_scorer_names())), callable, list, tuple, dict, None],
        "n_repeats": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_jobs": [numbers.Integral, None],
        "random_state": ["random_state"],
        "sample_weight": ["array-like", None],
        "max_samples": [Interval(numbers.Integral, 1, None, closed="left"),
                        Interval(numbers.Real, 0, 1, closed="right")],
    }


def _score(scorer, estimator, X, y, sample_weight):
    if sample_weight is None:
        return scorer(estimator, X, y)
    return scorer(estimator, X, y, sample_weight=sample_weight)


def _draws(seed, n_samples, max_samples, n_repeats):
    """``(rows, permutations)``: the row subset (None for all rows) and, per repeat, the
    permutation of those rows the column has then gone through, as scikit-learn draws them."""
    from ..ensemble._bagging import sample_without_replacement

    rng = np.random.RandomState(seed)
    rows = None
    if max_samples < n_samples:
        rows = sample_without_replacement(rng, n_samples, max_samples)
    n_rows = n_samples if rows is None else len(rows)
    shuffle, composed, permutations = np.arange(n_rows), np.arange(n_rows), []
    for _ in range(n_repeats):
        rng.shuffle(shuffle)  # shuffled in place, repeat after repeat
        composed = composed[shuffle]
        permutations.append(composed)
    return rows, permutations


# -- stacking -------------------------------------------------------------------------------
def _stack(X, blocks):
    """The copies of ``X`` (array or DataFrame) one above the other, copy ``b`` with column
    ``blocks[b][0]`` permuted by ``blocks[b][1]``."""
    n_rows = X.shape[0]
    if hasattr(X, "iloc"):
        import pandas as pd

        tiled = np.tile(np.arange(n_rows), len(blocks))
        positions = {}
        for b, (column, permutation) in enumerate(blocks):
            positions.setdefault(column, tiled.copy())[b * n_rows:(b + 1) * n_rows] = permutation
        pieces = [X.iloc[:, c].take(positions.get(c, tiled)).reset_index(drop=True)
                  for c in range(X.shape[1])]
        stacked = pd.concat(pieces, axis=1, ignore_index=True)
        stacked.columns = X.columns
        stacked.index = X.index.take(tiled)
        return stacked
    stacked = np.tile(X, (len(blocks),) + (1,) * (X.ndim - 1))
    for b, (column, permutation) in enumerate(blocks):
        stacked[b * n_rows:(b + 1) * n_rows, column] = X[permutation, column]
    return stacked


def _row_bytes(X):
    if hasattr(X, "iloc"):
        return max(1, int(X.memory_usage(index=False, deep=False).sum()) // max(1, X.shape[0]))
    return max(1, X[:1].nbytes)


_MIXIN_SCORES = (ClassifierMixin.score, RegressorMixin.score)


class _StackedOutputs:
    """Stands in for the fitted estimator while the blocks of one stack are scored.

    A prediction method called with the current block's ``X`` runs once on the
    whole stack and returns the block's rows; any other call goes to the
    estimator. ``score`` (when it is ember's mixin score, which only calls
    ``self.predict``) runs on this stand-in, so it too reads the stack's output.
    """

    _METHODS = ("predict", "predict_proba", "predict_log_proba", "decision_function")

    def __init__(self, estimator, stacked, n_rows):
        self._estimator, self._stacked, self._n_rows = estimator, stacked, n_rows
        self._outputs = {}
        self._block = (None, None)

    def _for_block(self, index, X):
        self._block = (index, X)
        return self

    def __getattr__(self, name):
        if name.startswith("_"):
            if name in ("_estimator", "_stacked", "_n_rows", "_outputs", "_block"):
                raise AttributeError(name)  # not yet set (unpickling): never forwarded
            return getattr(self._estimator, name)
        attribute = getattr(self._estimator, name)
        if name == "score":
            score = getattr(type(self._estimator), "score", None)
            return functools.partial(score, self) if score in _MIXIN_SCORES else attribute
        if name not in self._METHODS:
            return attribute

        def method(X, *args, **kwargs):
            index, block = self._block
            if args or kwargs or X is not block:
                return attribute(X, *args, **kwargs)
            if name not in self._outputs:
                self._outputs[name] = attribute(self._stacked)
            output = self._outputs[name]
            if isinstance(output, list):  # multi-output probabilities: one array per output
                return [_block_rows(part, index, self._n_rows) for part in output]
            return _block_rows(output, index, self._n_rows)

        return method


def _stackable(scorer, estimator):
    """Whether ``scorer`` only reads the estimator's prediction methods (ember's scorers)."""
    from ..metrics._scorer import _MultimetricScorer, _PassthroughScorer, _Scorer

    if isinstance(scorer, _Scorer):
        return True
    if isinstance(scorer, _PassthroughScorer):
        return getattr(type(estimator), "score", None) in _MIXIN_SCORES
    if isinstance(scorer, _MultimetricScorer):
        return all(_stackable(s, estimator) for s in scorer._scorers.values())
    return False


def _block_rows(X, index, n_rows):
    rows = slice(index * n_rows, (index + 1) * n_rows)
    return X.iloc[rows] if hasattr(X, "iloc") else X[rows]


def _set_column(X, column, values):
    if hasattr(X, "iloc"):
        X.isetitem(column, values)
    else:
        X[:, column] = values


def _permuted_scores(estimator, X, y, sample_weight, columns, permutations, scorer):
    """The scores of every (column, repeat) pair of ``columns``: a list per column."""
    n_rows, n_repeats = X.shape[0], len(permutations)
    pairs = [(c, r) for c in columns for r in range(n_repeats)]
    scores = []
    if _stackable(scorer, estimator):
        per_stack = max(1, min(_STACK_BYTES // (_row_bytes(X) * max(1, n_rows)),
                               _STACK_ROWS // max(1, n_rows)))
        for start in range(0, len(pairs), per_stack):
            chunk = pairs[start:start + per_stack]
            stacked = _stack(X, [(c, permutations[r]) for c, r in chunk])
            outputs = _StackedOutputs(estimator, stacked, n_rows)
            for b in range(len(chunk)):
                block = _block_rows(stacked, b, n_rows)
                scores.append(_score(scorer, outputs._for_block(b, block), block, y, sample_weight))
    else:  # one copy, one column permuted at a time (the scorer sees the real estimator)
        work = X.copy()
        for column in columns:
            original = X.iloc[:, column] if hasattr(X, "iloc") else X[:, column]
            for permutation in permutations:
                permuted = original.iloc[permutation] if hasattr(X, "iloc") else original[permutation]
                if hasattr(X, "iloc"):
                    permuted = permuted.set_axis(X.index)
                _set_column(work, column, permuted)
                scores.append(_score(scorer, estimator, work, y, sample_weight))
            _set_column(work, column, original)
    return [scores[i:i + n_repeats] for i in range(0, len(scores), n_repeats)]


def _importances(baseline, permuted):
    importances = baseline - np.asarray(permuted, dtype=float)
    return Bunch(importances_mean=np.mean(importances, axis=1),
                 importances_std=np.std(importances, axis=1), importances=importances)


def permutation_importance(estimator, X, y, *, scoring=None, n_repeats=5, n_jobs=None,
                           random_state=None, sample_weight=None, max_samples=1.0):
    """Permutation importance of each feature for a fitted ``estimator`` on ``(X, y)``.

    Args:
        estimator: a fitted estimator (or anything ``scoring`` can score).
        X: ``(n_samples, n_features)`` array-like or DataFrame (kept as one).
        y: targets ``(n_samples,)`` or ``(n_samples, n_outputs)``, or None.
        scoring: None (the estimator's ``score``), a scorer name, a callable
            ``scorer(estimator, X, y)``, or a list/tuple/dict of them (then one
            result per metric).
        n_repeats: how many times each feature is permuted.
        n_jobs: joblib workers over the features (None: one; -1: all cores).
        random_state: seeds the permutations (and the row subset).
        sample_weight: ``(n_samples,)`` weights passed to the scorer.
        max_samples: rows used per feature: an int, or a fraction of
            ``n_samples`` (the baseline is always scored on all rows).

    Returns:
        A ``Bunch`` with ``importances_mean`` and ``importances_std``
        (``(n_features,)``) and ``importances`` (``(n_features, n_repeats)``),
        or, for several metrics, a dict of such ``Bunch`` by metric name.

    Example:
        >>> from ember.learn.datasets import load_iris
        >>> from ember.learn.linear_model import LogisticRegression
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=500).fit(X, y)
        >>> result = permutation_importance(model, X, y, n_repeats=10, random_state=0)
        >>> result.importances.shape, int(result.importances_mean.argmax())
        ((4, 10), 2)
    """
    if not callable(getattr(estimator, "fit", None)):
        raise InvalidParameterError(
            "The 'estimator' parameter of permutation_importance must be an object implementing "
            f"'fit'. Got {estimator!r} instead.")
    validate_parameter_constraints(_constraints(), dict(
        X=X, y=y, scoring=scoring, n_repeats=n_repeats, n_jobs=n_jobs, random_state=random_state,
        sample_weight=sample_weight, max_samples=max_samples), "permutation_importance")
    from ..metrics import check_scoring


    if not hasattr(X, "iloc"):
        X = check_array(X, ensure_all_finite="allow-nan", dtype=None)
    random_state = check_random_state(random_state)
    seed = random_state.randint(np.iinfo(np.int32).max + 1)
    n_samples = X.shape[0]
    if not isinstance(max_samples, numbers.Integral):
        max_samples = int(max_samples * n_samples)
    elif max_samples > n_samples:
        raise ValueError("max_samples must be <= n_samples")
    scorer = check_scoring(estimator, scoring=scoring)
    baseline = _score(scorer, estimator, X, y, sample_weight)

    rows, permutations = _draws(seed, n_samples, max_samples, n_repeats)
    X_rows = X if rows is None else _safe_indexing(X, rows)
    y_rows = y if rows is None or y is None else _safe_indexing(y, rows)
    w_rows = sample_weight if rows is None or sample_weight is None else _safe_indexing(
        sample_weight, rows)
    n_features = X.shape[1]
    from joblib import effective_n_jobs

    n_parts = max(1, min(effective_n_jobs(n_jobs), n_features))
    groups = [part.tolist() for part in np.array_split(np.arange(n_features), n_parts)]
    calls = [(estimator, X_rows, y_rows, w_rows, group, permutations, scorer) for group in groups]
    if n_parts == 1:
        parts = [_permuted_scores(*calls[0])]
    else:
        from joblib import Parallel, delayed

        parts = Parallel(n_jobs=n_jobs)(delayed(_permuted_scores)(*call) for call in calls)
    scores = [column for part in parts for column in part]
    if isinstance(baseline, dict):
        return {name: _importances(baseline[name], [[s[name] for s in column] for column in scores])
                for name in baseline}
    return _importances(baseline, scores)
