"""``VotingClassifier`` and ``VotingRegressor``: differently-made models that vote (HOML ch7).

Each member is fitted on the whole training set (on ``n_jobs`` joblib workers
when asked). A classifier ensemble predicts the class most members predict
(hard voting, optionally weighted) or the class of highest average
probability (soft voting); a regressor ensemble predicts the (weighted)
average of its members' predictions. Any estimator serves, ember's or
scikit-learn's.
"""

import numbers

import numpy as np

from ..base import ClassifierMixin, RegressorMixin, TransformerMixin, _input_feature_names, clone
from ..pipeline._composition import available_if, run_all
from ..utils import check_is_fitted, column_or_1d
from ..utils._param_validation import StrOptions
from ..utils.multiclass import type_of_target
from ._base import VERBOSE, _HeterogeneousEnsemble, fit_member, is_drop, pop_sample_weight

__all__ = ["VotingClassifier", "VotingRegressor"]


class _BaseVoting(TransformerMixin, _HeterogeneousEnsemble):
    """Fitting and the member predictions shared by both voting ensembles."""

    _parameter_constraints = {
        "estimators": [list],
        "weights": ["array-like", None],
        "n_jobs": [None, numbers.Integral],
        "verbose": VERBOSE,
    }

    @property
    def _weights_not_none(self):
        """The weights of the members that are not dropped (None when unweighted)."""
        if self.weights is None:
            return None
        return [w for (_, estimator), w in zip(self.estimators, self.weights) if not is_drop(estimator)]

    def _fit_members(self, X, y, sample_weight):
        names, estimators = self._validate_estimators()
        if self.weights is not None and len(self.weights) != len(self.estimators):
            raise ValueError(
                "Number of `estimators` and weights must be equal; got "
                f"{len(self.weights)} weights, {len(self.estimators)} estimators"
            )
        kept = [(name, estimator) for name, estimator in zip(names, estimators) if not is_drop(estimator)]
        calls = [(clone(estimator), X, y, sample_weight, "Voting",
                  f"({i} of {len(kept)}) Processing {name}" if self.verbose else None)
                 for i, (name, estimator) in enumerate(kept, 1)]
        self.estimators_ = run_all(self.n_jobs, fit_member, calls)
        self._record_members(names, estimators)
        return self

    def _predict(self, X):
        """The members' predictions side by side: (n_samples, n_members)."""
        return np.asarray([estimator.predict(X) for estimator in self.estimators_]).T

    def fit_transform(self, X, y=None, **fit_params):
        """``fit`` then ``transform`` on the same data."""
        return self.fit(X, y, **fit_params).transform(X)

    def _member_feature_names(self, input_features, suffixes):
        """``<class>_<member><suffix>`` for each kept member and suffix (input names only checked)."""
        check_is_fitted(self, "estimators_")
        if input_features is not None:
            _input_feature_names(self, input_features)
        prefix = type(self).__name__.lower()
        return np.asarray([f"{prefix}_{name}{suffix}" for name, dropped in self._member_names
                           if not dropped for suffix in suffixes], dtype=object)


class VotingClassifier(ClassifierMixin, _BaseVoting):
    """Classifiers that vote: the majority class (hard) or the largest mean probability (soft).

    Parameters:
        estimators: list of ``(name, classifier)`` pairs; a classifier may be
            ``"drop"`` to leave it out. Each is cloned and fitted on all the data.
        voting: ``"hard"`` (the most predicted class; ties go to the smallest
            class label) or ``"soft"`` (argmax of the weighted mean of the
            members' ``predict_proba``; every member needs ``predict_proba``).
        weights: one weight per member (votes or probabilities are weighted),
            or None for equal weights.
        n_jobs: joblib workers for fitting the members (None: one).
        flatten_transform: with soft voting, ``transform`` returns
            (n_samples, n_members * n_classes) when True, else
            (n_members, n_samples, n_classes).
        verbose: print the time each member took to fit.

    Attributes:
        estimators_: the fitted members that were not dropped.
        named_estimators_: the fitted members by name (a ``Bunch``).
        le_: the ``LabelEncoder`` of the labels; members are fitted on its codes.
        classes_: the class labels.
        n_features_in_, feature_names_in_: those of the members.

    Example (HOML ch7):
        >>> import numpy as np
        >>> from ember.learn.linear_model import LogisticRegression
        >>> from ember.learn.neighbors import KNeighborsClassifier
        >>> X = np.array([[0.0], [0.2], [0.4], [1.0], [1.2], [1.4]])
        >>> y = np.array(["a", "a", "a", "b", "b", "b"])
        >>> vote = VotingClassifier([("lr", LogisticRegression()), ("knn", KNeighborsClassifier(3))],
        ...                         voting="soft").fit(X, y)
        >>> vote.predict([[0.1], [1.3]]), vote.transform([[0.1]]).shape
        (array(['a', 'b'], dtype='<U1'), (1, 4))
    """

    _parameter_constraints = {
        **_BaseVoting._parameter_constraints,
        "voting": [StrOptions({"hard", "soft"})],
        "flatten_transform": ["boolean"],
    }

    def __init__(self, estimators, *, voting="hard", weights=None, n_jobs=None,
                 flatten_transform=True, verbose=False):
        self.estimators = estimators
        self.voting = voting
        self.weights = weights
        self.n_jobs = n_jobs
        self.flatten_transform = flatten_transform
        self.verbose = verbose

    def fit(self, X, y, **fit_params):
        """Fit a clone of each member on ``X`` (n_samples, n_features) and the encoded ``y``.

        ``sample_weight`` (the one fit argument accepted) goes to every member.
        """
        from ..preprocessing import LabelEncoder

        self._validate_params()
        sample_weight = pop_sample_weight(self, fit_params)
        kind = type_of_target(y, input_name="y")
        if kind in ("unknown", "continuous"):
            raise ValueError(
                f"Unknown label type: {kind}. Maybe you are trying to fit a classifier, which "
                "expects discrete classes on a regression target with continuous values."
            )
        if kind not in ("binary", "multiclass"):
            raise ValueError(
                f"{type(self).__name__} only supports binary or multiclass classification. "
                f"Multilabel and multi-output classification are not supported; got y of type "
                f"{kind!r}."
            )
        self.le_ = LabelEncoder().fit(y)
        self.classes_ = self.le_.classes_
        return self._fit_members(X, self.le_.transform(y), sample_weight)

    def predict(self, X):
        """The voted class of each sample: (n_samples,)."""
        check_is_fitted(self)
        if self.voting == "soft":
            return self.le_.inverse_transform(np.argmax(self.predict_proba(X), axis=1))
        predictions = self._predict(X).astype(np.intp, copy=False)
        weights = self._weights_not_none
        rows = np.arange(predictions.shape[0])
        votes = np.zeros((predictions.shape[0], len(self.classes_)),
                         dtype=np.intp if weights is None else np.float64)
        for member in range(predictions.shape[1]):  # members in order, as the weights add up
            votes[rows, predictions[:, member]] += 1 if weights is None else weights[member]
        return self.le_.inverse_transform(np.argmax(votes, axis=1))

    def _collect_probas(self, X):
        return np.asarray([estimator.predict_proba(X) for estimator in self.estimators_])

    def _check_soft(self):
        if self.voting == "hard":
            raise AttributeError(f"predict_proba is not available when voting={self.voting!r}")
        return True

    @available_if(_check_soft)
    def predict_proba(self, X):
        """The weighted mean of the members' probabilities: (n_samples, n_classes) (soft voting)."""
        check_is_fitted(self)
        return np.average(self._collect_probas(X), axis=0, weights=self._weights_not_none)

    def transform(self, X):
        """The members' outputs: class codes (n_samples, n_members) for hard voting;
        probabilities for soft voting (see ``flatten_transform``)."""
        check_is_fitted(self)
        if self.voting == "hard":
            return self._predict(X)
        probas = self._collect_probas(X)
        return np.hstack(probas) if self.flatten_transform else probas

    def get_feature_names_out(self, input_features=None):
        """``votingclassifier_<name>`` per member (hard), ``..._<name><class index>`` (soft)."""
        check_is_fitted(self, "estimators_")
        if self.voting == "soft" and not self.flatten_transform:
            raise ValueError("get_feature_names_out is not supported when `voting='soft'` and "
                             "`flatten_transform=False`")
        suffixes = [""] if self.voting == "hard" else range(len(self.classes_))
        return self._member_feature_names(input_features, suffixes)

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.transformer_tags.preserves_dtype = []
        return tags


class VotingRegressor(RegressorMixin, _BaseVoting):
    """Regressors averaged: the prediction is the (weighted) mean of the members' predictions.

    Parameters:
        estimators: list of ``(name, regressor)`` pairs; a regressor may be
            ``"drop"``. Each is cloned and fitted on all the data.
        weights: one weight per member, or None for the plain mean.
        n_jobs: joblib workers for fitting the members (None: one).
        verbose: print the time each member took to fit.

    Attributes:
        estimators_, named_estimators_, n_features_in_, feature_names_in_: as
        ``VotingClassifier``.

    Example:
        >>> import numpy as np
        >>> from ember.learn.linear_model import LinearRegression
        >>> from ember.learn.neighbors import KNeighborsRegressor
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> vote = VotingRegressor([("lin", LinearRegression()),
        ...                         ("knn", KNeighborsRegressor(n_neighbors=1))]).fit(X, 2 * X[:, 0])
        >>> vote.predict([[1.0]]).round(6)
        array([2.])
    """

    def __init__(self, estimators, *, weights=None, n_jobs=None, verbose=False):
        self.estimators = estimators
        self.weights = weights
        self.n_jobs = n_jobs
        self.verbose = verbose

    def fit(self, X, y, **fit_params):
        """Fit a clone of each member on ``X`` (n_samples, n_features) and ``y`` (n_samples,).

        ``sample_weight`` (the one fit argument accepted) goes to every member.
        """
        self._validate_params()
        sample_weight = pop_sample_weight(self, fit_params)
        return self._fit_members(X, column_or_1d(y, warn=True), sample_weight)

    def predict(self, X):
        """The (weighted) mean of the members' predictions: (n_samples,)."""
        check_is_fitted(self)
        return np.average(self._predict(X), axis=1, weights=self._weights_not_none)

    def transform(self, X):
        """Each member's predictions: (n_samples, n_members)."""
        check_is_fitted(self)
        return self._predict(X)

    def get_feature_names_out(self, input_features=None):
        """``votingregressor_<name>`` per kept member."""
        return self._member_feature_names(input_features, [""])
