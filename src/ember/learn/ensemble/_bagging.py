"""``BaggingClassifier`` and ``BaggingRegressor``: one estimator fitted on many random subsets.

Bagging (Breiman, 1996) fits each member on a bootstrap sample of the rows
(``bootstrap=True``; pasting when False), random subspaces draw columns
(``max_features``, ``bootstrap_features``), random patches draw both (HOML
ch7). Predictions average the members' probabilities (or count their votes
when they have none) or their regression outputs; the out-of-bag score
evaluates each sample only with the members that did not see it.

Randomness follows scikit-learn's draws exactly: one integer seed per member
is drawn up front from ``random_state`` (so the ensemble does not depend on
``n_jobs``); a member's seed sets its own ``random_state`` parameters and then,
from a fresh generator, draws its columns and rows, with the same
``numpy.random.RandomState`` calls as scikit-learn's ``sample_without_replacement``.
The same seed therefore gives the same subsets in both libraries.
"""

import numbers
import warnings

import numpy as np

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin, clone
from ..multioutput import _accepts_sample_weight
from ..pipeline._composition import available_if, step_tags
from ..utils import check_is_fitted, check_random_state, column_or_1d, validate_data
from ..utils._param_validation import Interval
from ..utils.multiclass import check_classification_targets
from ..utils.validation import _check_sample_weight
from ._base import MAX_INT, VERBOSE, pop_sample_weight, random_state_keys, require_methods, set_random_states

__all__ = ["BaggingClassifier", "BaggingRegressor"]

# Predictions are summed over blocks of this many members, the blocks then in order: the
# grouping, and so every float of the result, is the same for any n_jobs.
_PREDICT_BLOCK = 25


def sample_without_replacement(rng, n_population, n_samples):
    """``n_samples`` distinct integers of ``[0, n_population)``, drawn as scikit-learn draws them.

    Between 1% and 99% of the population: the head of a permutation. Below:
    rejection of repeats ("tracking selection"). Above: reservoir sampling. The
    generator is left in the state scikit-learn's calls leave it in.
    """
    ratio = n_samples / n_population if n_population else 1.0
    if 0.01 < ratio < 0.99:
        return rng.permutation(n_population)[:n_samples]
    if ratio < 0.2:
        return _tracking_selection(rng, n_population, n_samples)
    out = np.arange(n_samples)
    if n_population > n_samples:
        candidates = np.arange(n_samples, n_population)
        slots = rng.randint(0, candidates + 1)  # one draw per candidate, in order
        hit = slots < n_samples
        np.maximum.at(out, slots[hit], candidates[hit])  # the last (largest) candidate wins
    return out


def _tracking_selection(rng, n_population, n_samples):
    """Draw until ``n_samples`` distinct values came up; the repeats are skipped."""
    if n_samples == 0:
        return np.empty(0, dtype=int)
    state = rng.get_state()
    batch = n_samples + n_samples // 4 + 16
    while True:
        draws = rng.randint(n_population, size=batch)
        first = np.sort(np.unique(draws, return_index=True)[1])
        if len(first) >= n_samples:
            break
        rng.set_state(state)
        batch *= 2
    used = first[n_samples - 1] + 1  # draws scikit-learn's one-at-a-time loop makes
    rng.set_state(state)
    rng.randint(n_population, size=used)
    return draws[first[:n_samples]]


def _draw_indices(rng, bootstrap, n_population, n_samples):
    if bootstrap:
        return rng.randint(0, n_population, n_samples)
    return sample_without_replacement(rng, n_population, n_samples)


def bagging_indices(rng, bootstrap_features, bootstrap, n_features, n_samples, max_features,
                    max_samples, sample_weight):
    """``(feature_indices, sample_indices)`` drawn from ``rng``, a ``RandomState`` seeded with
    the member's seed (reseeding one is much cheaper than making one per member).

    With ``sample_weight`` the rows are drawn with probabilities proportional to it.
    """
    features = _draw_indices(rng, bootstrap_features, n_features, max_features)
    if sample_weight is None:
        samples = _draw_indices(rng, bootstrap, n_samples, max_samples)
    else:
        samples = rng.choice(n_samples, max_samples, replace=bootstrap,
                             p=sample_weight / np.sum(sample_weight))
    return features, samples


def _n_bootstrap_samples(n_samples, max_samples, sample_weight):
    """Rows per member: all, ``max_samples`` rows, or that fraction (of the weight total)."""
    if max_samples is None:
        return n_samples
    if isinstance(max_samples, numbers.Integral):
        return int(max_samples)
    total = n_samples if sample_weight is None else sample_weight.sum()
    drawn = max(int(max_samples * total), 1)
    if drawn < max(10, n_samples ** (1 / 3)):
        what = (f"the number of samples is {total} " if sample_weight is None
                else f"the total sum of sample weights is {total} ")
        warnings.warn(
            f"Using the fractional value max_samples={max_samples} when {what}results in a low "
            f"number ({drawn}) of bootstrap samples. We recommend passing `max_samples` as an "
            "integer instead.", UserWarning, stacklevel=4)
    return drawn


def _build_members(template, seeds, X, y, sample_weight, settings, verbose, total):
    """Fit one member per seed; returns ``(members, their feature indices)``."""
    n_samples, n_features = X.shape
    index_columns = settings["bootstrap_features"] or settings["max_features"] != n_features
    weighted = _accepts_sample_weight(template)
    keys = random_state_keys(template)
    rng = np.random.RandomState()
    members, features_list = [], []
    for i, seed in enumerate(seeds):
        if verbose > 1:
            print(f"Building estimator {i + 1} of {len(seeds)} for this parallel run (total {total})...")
        rng.seed(seed)
        member = set_random_states(clone(template), rng, keys)
        rng.seed(seed)  # the rows and columns start from the seed again, as scikit-learn's do
        features, rows = bagging_indices(rng, settings["bootstrap_features"], settings["bootstrap"],
                                         n_features, n_samples, settings["max_features"],
                                         settings["max_samples"], sample_weight)
        if weighted:  # rows drawn k times weigh k: no copy of X
            X_member = X[:, features] if index_columns else X
            member.fit(X_member, y, sample_weight=np.bincount(rows, minlength=n_samples))
        else:
            X_member = X[rows][:, features] if index_columns else X[rows]
            member.fit(X_member, y[rows])
        members.append(member)
        features_list.append(features)
    return members, features_list


def _chunks(n_items, n_parts):
    """``n_parts`` contiguous (start, stop) ranges of near-equal size over ``n_items``."""
    sizes = np.full(n_parts, n_items // n_parts, dtype=int)
    sizes[: n_items % n_parts] += 1
    bounds = np.concatenate(([0], np.cumsum(sizes)))
    return list(zip(bounds[:-1].tolist(), bounds[1:].tolist()))


def _parallel(n_jobs, verbose, function, calls):
    calls = list(calls)
    if len(calls) == 1:
        return [function(*calls[0])]
    from joblib import Parallel, delayed

    return Parallel(n_jobs=n_jobs, verbose=verbose)(delayed(function)(*args) for args in calls)


def _effective_n_jobs(n_jobs, n_items):
    from joblib import effective_n_jobs

    return max(1, min(effective_n_jobs(n_jobs), n_items))


def _block_proba(members, features_list, X, n_classes):
    """Summed class probabilities of the members (votes for those without ``predict_proba``)."""
    total = np.zeros((X.shape[0], n_classes))
    rows = np.arange(X.shape[0])
    for member, features in zip(members, features_list):
        if hasattr(member, "predict_proba"):
            proba = member.predict_proba(X[:, features])
            if n_classes == len(member.classes_):
                total += proba
            else:  # the member's rows lacked some classes
                total[:, member.classes_] += proba[:, range(len(member.classes_))]
        else:
            total[rows, member.predict(X[:, features]).astype(np.intp)] += 1
    return total


def _block_log_proba(members, features_list, X, n_classes):
    total = np.full((X.shape[0], n_classes), -np.inf)
    for member, features in zip(members, features_list):
        log_proba = member.predict_log_proba(X[:, features])
        if n_classes == len(member.classes_):
            total = np.logaddexp(total, log_proba)
        else:
            columns = member.classes_
            total[:, columns] = np.logaddexp(total[:, columns], log_proba[:, range(len(columns))])
    return total


def _block_sum(members, features_list, X, method):
    """The sum of the members' ``method`` outputs (``predict`` or ``decision_function``)."""
    return sum(getattr(member, method)(X[:, features]) for member, features in zip(members, features_list))


class _BaseBagging(BaseEstimator):
    """Fitting, the subsets and the block-wise prediction sums shared by both bagging ensembles."""

    _parameter_constraints = {
        "estimator": "no_validation",  # None or an object with fit and predict: checked in fit
        "n_estimators": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_samples": [None, Interval(numbers.Integral, 1, None, closed="left"),
                        Interval(numbers.Real, 0.0, 1.0, closed="right")],
        "max_features": [Interval(numbers.Integral, 1, None, closed="left"),
                         Interval(numbers.Real, 0.0, 1.0, closed="right")],
        "bootstrap": ["boolean"],
        "bootstrap_features": ["boolean"],
        "oob_score": ["boolean"],
        "warm_start": ["boolean"],
        "n_jobs": [None, numbers.Integral],
        "random_state": ["random_state"],
        "verbose": VERBOSE,
    }

    def __init__(self, estimator=None, n_estimators=10, *, max_samples=None, max_features=1.0,
                 bootstrap=True, bootstrap_features=False, oob_score=False, warm_start=False,
                 n_jobs=None, random_state=None, verbose=0):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.bootstrap_features = bootstrap_features
        self.oob_score = oob_score
        self.warm_start = warm_start
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit ``n_estimators`` members on random subsets of ``X`` (n_samples, n_features) and ``y``.

        ``sample_weight`` makes a row's chance of being drawn proportional to
        its weight; a member that accepts sample weights then gets the draw
        counts as weights (with all rows), the others the drawn rows.
        """
        self._validate_params()
        require_methods(self, "estimator", ["fit", "predict"], none_first=False)
        pop_sample_weight(self, fit_params)
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc"], dtype=None,
                             ensure_all_finite=False, multi_output=True)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=None)
            if not self.bootstrap:
                warnings.warn(f"When fitting {type(self).__name__} with sample_weight it is "
                              f"recommended to use bootstrap=True, got {self.bootstrap}.",
                              UserWarning, stacklevel=2)
        return self._fit(X, y, self.max_samples, sample_weight=sample_weight)

    def _fit(self, X, y, max_samples, max_depth=None, sample_weight=None):
        """The fit proper on validated data (``max_depth`` set on the template when given)."""
        rng = check_random_state(self.random_state)
        n_samples = X.shape[0]
        self._n_samples = n_samples
        y = self._validate_y(y)
        self.estimator_ = self._get_estimator()
        if max_depth is not None:
            self.estimator_.max_depth = max_depth
        max_samples = _n_bootstrap_samples(n_samples, max_samples, sample_weight)
        if not self.bootstrap and max_samples > n_samples:
            raise ValueError(f"Effective max_samples={max_samples} must be <= n_samples={n_samples} "
                             "to be able to sample without replacement.")
        self._max_samples = max_samples
        if isinstance(self.max_features, numbers.Integral):
            max_features = self.max_features
        else:
            max_features = int(self.max_features * self.n_features_in_)
        if max_features > self.n_features_in_:
            raise ValueError("max_features must be <= n_features")
        self._max_features = max(1, int(max_features))
        self._sample_weight = sample_weight
        if not self.bootstrap and self.oob_score:
            raise ValueError("Out of bag estimation only available if bootstrap=True")
        if self.warm_start and self.oob_score:
            raise ValueError("Out of bag estimate only available if warm_start=False")
        if hasattr(self, "oob_score_") and self.warm_start:
            del self.oob_score_
        if not self.warm_start or not hasattr(self, "estimators_"):
            self.estimators_, self.estimators_features_ = [], []
            self._seeds = np.empty(0, dtype=int)
        n_more = self.n_estimators - len(self.estimators_)
        if n_more < 0:
            raise ValueError(f"n_estimators={self.n_estimators} must be larger or equal to "
                             f"len(estimators_)={len(self.estimators_)} when warm_start==True")
        if n_more == 0:
            warnings.warn("Warm-start fitting without increasing n_estimators does not fit new trees.",
                          UserWarning, stacklevel=3)
            return self
        if len(self.estimators_):
            rng.randint(MAX_INT, size=len(self.estimators_))  # the seeds the earlier members had
        seeds = rng.randint(MAX_INT, size=n_more)
        settings = {"bootstrap": self.bootstrap, "bootstrap_features": self.bootstrap_features,
                    "max_features": self._max_features, "max_samples": self._max_samples}
        n_jobs = _effective_n_jobs(self.n_jobs, n_more)
        built = _parallel(n_jobs, self.verbose, _build_members, [
            (self.estimator_, seeds[start:stop], X, y, sample_weight, settings, self.verbose, n_more)
            for start, stop in _chunks(n_more, n_jobs)])
        for members, features_list in built:
            self.estimators_ += members
            self.estimators_features_ += features_list
        self._seeds = np.concatenate((self._seeds, seeds))
        if self.oob_score:
            self._set_oob_score(X, y)
        return self

    def _validate_y(self, y):
        if y.ndim == 1 or y.shape[1] == 1:
            return column_or_1d(y, warn=True)
        return y

    def _members_indices(self):
        rng = np.random.RandomState()
        for seed in self._seeds:
            rng.seed(seed)
            yield bagging_indices(rng, self.bootstrap_features, self.bootstrap, self.n_features_in_,
                                  self._n_samples, self._max_features, self._max_samples,
                                  self._sample_weight)

    @property
    def estimators_samples_(self):
        """The row indices each member was drawn (regenerated from its seed)."""
        check_is_fitted(self, "estimators_")
        return [rows for _, rows in self._members_indices()]

    def _oob_masks(self):
        """For each member: its features and the mask of the rows it never saw."""
        for features, rows in self._members_indices():
            mask = np.ones(self._n_samples, dtype=bool)
            mask[rows] = False
            yield features, mask

    def _validated(self, X):
        check_is_fitted(self)
        return validate_data(self, X, accept_sparse=["csr", "csc"], dtype=None,
                             ensure_all_finite=False, reset=False)

    def _blockwise(self, function, X, *args, combine=None):
        """``function`` over blocks of members (``n_jobs`` workers), results combined in order."""
        blocks = _chunks(len(self.estimators_), -(-len(self.estimators_) // _PREDICT_BLOCK))
        parts = _parallel(_effective_n_jobs(self.n_jobs, len(blocks)), self.verbose, function, [
            (self.estimators_[a:b], self.estimators_features_[a:b], X, *args) for a, b in blocks])
        result = parts[0]
        for part in parts[1:]:
            result = result + part if combine is None else combine(result, part)
        return result

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        inner = step_tags(self._get_estimator())
        tags.input_tags.sparse = inner.input_tags.sparse
        tags.input_tags.allow_nan = inner.input_tags.allow_nan
        return tags


def _members_have(method):
    """``available_if`` check: the fitted members (or, before fit, ``estimator``) have ``method``."""

    def check(self):
        if hasattr(self, "estimators_"):
            return hasattr(self.estimators_[0], method)
        return hasattr(self.estimator, method)

    return check


class BaggingClassifier(ClassifierMixin, _BaseBagging):
    """Classifiers fitted on random subsets of the rows and/or columns, their probabilities averaged.

    Parameters:
        estimator: the classifier cloned for each member (None: a
            ``DecisionTreeClassifier``). Its ``random_state`` parameters get
            each member's seed.
        n_estimators: the number of members.
        max_samples: rows per member: None (n_samples), an int, or a
            fraction of n_samples (of the weight total with sample weights).
        max_features: columns per member: an int or a fraction of n_features.
        bootstrap: draw rows with replacement (bagging) or without (pasting).
        bootstrap_features: draw columns with replacement.
        oob_score: compute the out-of-bag accuracy ``oob_score_`` (needs ``bootstrap``).
        warm_start: keep the fitted members and add new ones up to ``n_estimators``.
        n_jobs: joblib workers for fitting and predicting (None: one; -1: all cores).
        random_state: seeds the members (an int gives the same ensemble each time,
            whatever ``n_jobs``).
        verbose: joblib's verbosity; above 1 also a line per member.

    Attributes:
        estimator_: the template cloned for each member.
        estimators_: the fitted members.
        estimators_samples_: each member's drawn row indices.
        estimators_features_: each member's drawn column indices.
        classes_, n_classes_: the class labels; members are fitted on their codes.
        oob_score_: accuracy of the out-of-bag predictions (with ``oob_score``).
        oob_decision_function_: out-of-bag class probabilities (n_samples, n_classes);
            NaN for a row every member saw.
        n_features_in_, feature_names_in_.

    Example (HOML ch7):
        >>> from ember.learn.datasets import make_moons
        >>> from ember.learn.neighbors import KNeighborsClassifier
        >>> X, y = make_moons(n_samples=200, noise=0.3, random_state=42)
        >>> bag = BaggingClassifier(KNeighborsClassifier(), n_estimators=20, max_samples=100,
        ...                         oob_score=True, random_state=42).fit(X, y)
        >>> bool(bag.oob_score_ > 0.8), len(bag.estimators_samples_[0])
        (True, 100)
    """

    def _get_estimator(self):
        if self.estimator is not None:
            return self.estimator
        from ..tree import DecisionTreeClassifier

        return DecisionTreeClassifier()

    def _validate_y(self, y):
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        self.classes_, y = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        return y

    def _set_oob_score(self, X, y):
        votes = np.zeros((len(y), self.n_classes_))
        for member, (features, mask) in zip(self.estimators_, self._oob_masks()):
            X_oob = X[mask][:, features]
            if hasattr(member, "predict_proba"):
                votes[mask, :] += member.predict_proba(X_oob)
            else:
                votes[np.flatnonzero(mask), member.predict(X_oob).astype(np.intp)] += 1
        totals = votes.sum(axis=1)
        if (totals == 0).any():
            warnings.warn("Some inputs do not have OOB scores. This probably means too few "
                          "estimators were used to compute any reliable oob estimates.",
                          UserWarning, stacklevel=4)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.oob_decision_function_ = votes / totals[:, None]
        self.oob_score_ = float(np.mean(y == np.argmax(votes, axis=1)))

    def predict(self, X):
        """The class of largest averaged probability: (n_samples,)."""
        proba = self.predict_proba(X)
        return self.classes_.take(np.argmax(proba, axis=1), axis=0)

    def predict_proba(self, X):
        """The members' mean probabilities (their vote shares when they have no
        ``predict_proba``): (n_samples, n_classes)."""
        X = self._validated(X)
        return self._blockwise(_block_proba, X, self.n_classes_) / self.n_estimators

    def predict_log_proba(self, X):
        """Log of ``predict_proba``, summed in log space when the members have ``predict_log_proba``."""
        check_is_fitted(self)
        if not hasattr(self.estimator_, "predict_log_proba"):
            with np.errstate(divide="ignore"):
                return np.log(self.predict_proba(X))
        X = self._validated(X)
        total = self._blockwise(_block_log_proba, X, self.n_classes_, combine=np.logaddexp)
        return total - np.log(self.n_estimators)

    @available_if(_members_have("decision_function"))
    def decision_function(self, X):
        """The members' mean decision function: (n_samples,) or (n_samples, n_classes)."""
        X = self._validated(X)
        return self._blockwise(_block_sum, X, "decision_function") / self.n_estimators


class BaggingRegressor(RegressorMixin, _BaseBagging):
    """Regressors fitted on random subsets of the rows and/or columns, their predictions averaged.

    Parameters:
        estimator: the regressor cloned for each member (None: a ``DecisionTreeRegressor``).
        n_estimators, max_samples, max_features, bootstrap, bootstrap_features,
        oob_score (R^2 of the out-of-bag predictions), warm_start, n_jobs,
        random_state, verbose: as ``BaggingClassifier``.

    Attributes:
        estimator_, estimators_, estimators_samples_, estimators_features_,
        oob_score_, n_features_in_, feature_names_in_: as ``BaggingClassifier``.
        oob_prediction_: the out-of-bag predictions (0 for a row every member saw).

    Example:
        >>> import numpy as np
        >>> from ember.learn.linear_model import LinearRegression
        >>> X = np.arange(40.0).reshape(20, 2)
        >>> bag = BaggingRegressor(LinearRegression(), max_features=1, random_state=0)
        >>> bag.fit(X, X.sum(axis=1)).predict([[2.0, 3.0]]).round(6)
        array([5.])
    """

    def _get_estimator(self):
        if self.estimator is not None:
            return self.estimator
        from ..tree import DecisionTreeRegressor

        return DecisionTreeRegressor()

    def _set_oob_score(self, X, y):
        from ..metrics import r2_score

        predictions = np.zeros(y.shape)
        counts = np.zeros(len(y))
        for member, (features, mask) in zip(self.estimators_, self._oob_masks()):
            predictions[mask] += member.predict(X[mask][:, features])
            counts[mask] += 1
        if (counts == 0).any():
            warnings.warn("Some inputs do not have OOB scores. This probably means too few "
                          "estimators were used to compute any reliable oob estimates.",
                          UserWarning, stacklevel=4)
            counts[counts == 0] = 1
        self.oob_prediction_ = predictions / (counts if y.ndim == 1 else counts[:, None])
        self.oob_score_ = float(r2_score(y, self.oob_prediction_))

    def predict(self, X):
        """The members' mean prediction: (n_samples,) or (n_samples, n_outputs)."""
        X = self._validated(X)
        return self._blockwise(_block_sum, X, "predict") / self.n_estimators
