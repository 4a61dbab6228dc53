"""``AdaBoostClassifier`` (SAMME) and ``AdaBoostRegressor`` (AdaBoost.R2): boosting by reweighting.

Each stage fits a fresh copy of the base estimator on the training set under
the current sample weights, measures its weighted error and raises the weight
of the samples it got wrong (HOML ch7), so the next stage focuses on them.

- Classification, SAMME (Zhu, Zou, Rosset and Hastie, "Multi-class AdaBoost",
  2009): a stage of weighted error ``e`` over ``K`` classes gets the say
  ``alpha = learning_rate * (log((1 - e) / e) + log(K - 1))`` and the
  misclassified samples' weights are multiplied by ``exp(alpha)``. A stage
  no better than chance (``e >= 1 - 1/K``) is discarded and boosting stops;
  a perfect stage (``e = 0``) ends boosting. The decision function of class
  ``k`` is the say-weighted mean of ``+1`` (the stage predicted ``k``) and
  ``-1/(K-1)`` (it did not); probabilities are its softmax over ``K - 1``.
  ``algorithm="SAMME.R"`` (HOML's scikit-learn 0.22 default, removed from
  scikit-learn in 1.6) is kept, with its behaviour: every stage has say 1, the
  samples are reweighted by the stage's class probabilities and the decision
  function averages ``(K - 1) (log p_k - mean_j log p_j)``.
- Regression, AdaBoost.R2 (Drucker, 1997): each stage is fitted on a bootstrap
  sample drawn with probabilities equal to the weights, its losses are scaled
  by their maximum (``linear``, ``square`` or ``exponential``), and the
  ensemble predicts the say-weighted median of its stages.

Randomness follows scikit-learn's draws: each stage's ``random_state``
parameters get integers drawn from one ``RandomState`` (the same calls as
scikit-learn's), and the regressor's bootstrap rows come from the same
generator, so a given ``random_state`` builds scikit-learn's ensemble.
"""

import numbers
import warnings

import numpy as np

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin, clone, is_regressor
from ..multioutput import _accepts_sample_weight
from ..utils import _safe_indexing, check_is_fitted, check_random_state, validate_data
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import _check_sample_weight, _num_samples
from ._base import require_methods, set_random_states

__all__ = ["AdaBoostClassifier", "AdaBoostRegressor"]


def _softmax(decision):
    """Row-wise softmax, in place (the row maximum subtracted first)."""
    decision -= decision.max(axis=1, keepdims=True)
    np.exp(decision, out=decision)
    decision /= decision.sum(axis=1, keepdims=True)
    return decision


def _samme_r_scores(proba, n_classes):
    """SAMME.R's stage scores ``(K - 1) (log p - mean log p)`` from its probabilities."""
    log_proba = np.log(np.clip(proba, np.finfo(proba.dtype).eps, None))
    return (n_classes - 1) * (log_proba - (1.0 / n_classes) * log_proba.sum(axis=1)[:, np.newaxis])


def _all_ember_trees(stages):
    """Whether every stage is one of ember's four tree estimators (exactly)."""
    from .. import tree

    kinds = (tree.DecisionTreeClassifier, tree.DecisionTreeRegressor, tree.ExtraTreeClassifier,
             tree.ExtraTreeRegressor)
    return len(stages) > 0 and all(type(stage) in kinds for stage in stages)


class _StageFitter:
    """Fits a classifier stage on the training set and returns its training predictions
    (labels, or class probabilities for SAMME.R): the stage's own ``fit`` and ``predict``."""

    def __init__(self, X, y):
        self.X, self.y = X, y

    def fit_predict(self, stage, sample_weight, proba):
        stage.fit(self.X, self.y, sample_weight=sample_weight)
        return stage.predict_proba(self.X) if proba else stage.predict(self.X)


class _TreeStageFitter(_StageFitter):
    """The same for ember ``DecisionTreeClassifier`` stages (the default stumps), faster.

    X is converted to float32 once and every feature sorted once; each stage is
    grown by the tree builder from that presort (filtered to the samples of
    non-zero weight, as the tree's fit would sort them) through the tree's ``_grow``
    with that presort, and predicts on the training set through its compiled
    ``apply``. A stage's own ``fit`` would validate, convert and sort X again every
    time; the trees and attributes are the same (the tests compare them array by
    array).
    """

    @staticmethod
    def applies(template, X):
        from ..tree import DecisionTreeClassifier

        return (type(template) is DecisionTreeClassifier and isinstance(X, np.ndarray)
                and X.ndim == 2 and template.splitter == "best" and template.class_weight is None
                and isinstance(template.min_samples_leaf, numbers.Integral)
                and isinstance(template.min_samples_split, numbers.Integral))

    def __init__(self, X, y, stage):
        super().__init__(X, y)
        with np.errstate(over="ignore"):  # too large for float32: refused just below
            self.X32 = np.asfortranarray(X, dtype=np.float32)
        stage._check_finite(self.X32)  # values past float32's range, as the stage's fit checks
        self.rows32 = np.ascontiguousarray(self.X32)
        from ..tree._builder import presort

        self._presorted = presort(self.X32, np.arange(len(X), dtype=np.int32))

    def _presort(self, sample_weight):
        """The presort of the samples of non-zero weight, a fresh copy (the builder reorders
        it in place)."""
        from ..tree._builder import presort_rows

        weighted = sample_weight != 0
        return presort_rows(*self._presorted, None if weighted.all() else weighted)

    def fit_predict(self, stage, sample_weight, proba):
        # the stage's own fit past its input checks (class_weight is None: see applies),
        # on the float32 X and the presort of its samples
        stage._validate_params()
        stage.n_features_in_ = self.X32.shape[1]
        codes, _ = stage._encode_targets(self.y)
        stage._grow(self.X32, codes, sample_weight, presorted=self._presort(sample_weight))
        leaves = stage.tree_.apply(self.rows32)
        values = stage.tree_.value[:, 0, : stage.n_classes_]  # per node: looked up by leaf
        if proba:
            return values.take(leaves, axis=0)
        return stage.classes_.take(np.argmax(values, axis=1), axis=0).take(leaves)


class _BaseWeightBoosting(BaseEstimator):
    """The boosting loop, the stage bookkeeping and what both AdaBoost ensembles share."""

    _parameter_constraints = {
        "estimator": "no_validation",  # None or an object with fit and predict: checked in fit
        "n_estimators": [Interval(numbers.Integral, 1, None, closed="left")],
        "learning_rate": [Interval(numbers.Real, 0.0, None, closed="neither")],
        "random_state": ["random_state"],
    }

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        return tags

    def _check_X(self, X):
        return validate_data(self, X, accept_sparse=["csr", "csc"], ensure_2d=True, allow_nd=True,
                             dtype=None, reset=False)

    def fit(self, X, y, sample_weight=None):
        """Boost ``n_estimators`` stages on ``X`` ((n_samples, n_features), dense or sparse)
        and ``y`` ((n_samples,)); ``sample_weight`` gives the initial weights (uniform when
        None). Returns ``self``."""
        self._validate_params()
        require_methods(self, "estimator", ["fit", "predict"], none_first=False)
        self._check_algorithm()
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc"], ensure_2d=True,
                             allow_nd=True, dtype=None, y_numeric=is_regressor(self))
        sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64,
                                             ensure_non_negative=True)
        sample_weight = sample_weight / sample_weight.sum()
        self.estimator_ = self._validate_estimator()
        self.estimators_ = []
        self.estimator_weights_ = np.zeros(self.n_estimators, dtype=np.float64)
        self.estimator_errors_ = np.ones(self.n_estimators, dtype=np.float64)
        random_state = check_random_state(self.random_state)
        epsilon = np.finfo(sample_weight.dtype).eps
        zero_weight = sample_weight == 0.0
        fitter = self._stage_fitter(X, y)
        for iboost in range(self.n_estimators):
            # tiny weights are lifted to machine epsilon (zero ones stay zero) so none vanishes
            sample_weight = np.clip(sample_weight, epsilon, None)
            sample_weight[zero_weight] = 0.0
            sample_weight, estimator_weight, estimator_error = self._boost(
                iboost, X, y, sample_weight, random_state, fitter)
            if sample_weight is None:  # the stage was no better than chance
                break
            self.estimator_weights_[iboost] = estimator_weight
            self.estimator_errors_[iboost] = estimator_error
            if estimator_error == 0:  # perfect: nothing left to boost
                break
            total = np.sum(sample_weight)
            if not np.isfinite(total):
                warnings.warn(f"Sample weights have reached infinite values, at iteration {iboost}, "
                              "causing overflow. Iterations stopped. Try lowering the learning rate.",
                              stacklevel=2)
                break
            if total <= 0:
                break
            if iboost < self.n_estimators - 1:
                sample_weight /= total
        return self

    def _check_algorithm(self):
        """Hook for the classifier's deprecated ``algorithm`` parameter."""

    def _stage_fitter(self, X, y):
        """What fits the classifier's stages (None for the regressor, which resamples)."""
        return None

    def _new_stage(self, random_state):
        """A fresh copy of ``estimator_`` with its seeds drawn, appended to ``estimators_``."""
        stage = set_random_states(clone(self.estimator_), random_state)
        self.estimators_.append(stage)
        return stage

    def _tree_rows(self, X):
        """X as the float32 rows ember's tree stages read (checked once for all of them), or
        None unless every stage is an ember tree and X a dense 2-D array."""
        if not (isinstance(X, np.ndarray) and X.ndim == 2 and _all_ember_trees(self.estimators_)):
            return None
        with np.errstate(over="ignore"):  # too large for float32: refused just below
            rows = np.ascontiguousarray(X, dtype=np.float32)
        self.estimators_[0]._check_finite(rows)
        return rows

    def _stage_outputs(self, X, method="predict"):
        """Each fitted stage's ``method(X)``, in order (a generator); ember trees get X
        converted once, not once per stage."""
        rows = self._tree_rows(X)
        for stage in self.estimators_:
            if rows is None:
                yield getattr(stage, method)(X)
            else:
                yield getattr(stage, method)(rows, check_input=False)

    def staged_score(self, X, y, sample_weight=None):
        """The ensemble's score on ``(X, y)`` after each stage (accuracy or R^2), a generator."""
        from ..metrics import accuracy_score, r2_score

        score = r2_score if is_regressor(self) else accuracy_score
        X = self._check_X(X)
        for prediction in self.staged_predict(X):
            yield score(y, prediction, sample_weight=sample_weight)

    @property
    def feature_importances_(self):
        """The stages' impurity-based feature importances averaged by their says:
        ``(n_features,)`` (needs a base estimator with ``feature_importances_``)."""
        check_is_fitted(self, "estimators_")
        if len(self.estimators_) == 0:
            raise ValueError("Estimator not fitted, call `fit` before `feature_importances_`.")
        try:
            total = sum(weight * stage.feature_importances_
                        for weight, stage in zip(self.estimator_weights_, self.estimators_))
        except AttributeError as error:
            raise AttributeError("Unable to compute feature importances since estimator does not "
                                 "have a feature_importances_ attribute") from error
        return total / self.estimator_weights_.sum()

    def __len__(self):
        """The number of fitted stages."""
        return len(self.estimators_)

    def __getitem__(self, index):
        """The fitted stage(s) at ``index``."""
        return self.estimators_[index]

    def __iter__(self):
        return iter(self.estimators_)


class AdaBoostClassifier(ClassifierMixin, _BaseWeightBoosting):
    """AdaBoost with the multi-class SAMME update: stages of a weak classifier, each fitted on
    the samples its predecessors got wrong, weighted by how well they did (HOML ch7).

    Parameters:
        estimator: the classifier cloned for each stage; it must accept
            ``sample_weight`` in ``fit``. None: a decision stump
            (``DecisionTreeClassifier(max_depth=1)``).
        n_estimators: the most stages (fewer when a stage is perfect or no
            better than chance).
        learning_rate: scales every stage's say; smaller needs more stages.
        random_state: seeds the stages' ``random_state`` parameters.
        algorithm: deprecated. ``"SAMME"`` is today's (only) behaviour;
            ``"SAMME.R"`` is HOML's (scikit-learn 0.22 default) real boosting on
            the stages' class probabilities (the estimator needs ``predict_proba``).

    Attributes:
        estimator_: the template cloned for each stage.
        estimators_: the fitted stages.
        classes_, n_classes_: the class labels (those of the first stage).
        estimator_weights_: ``(n_estimators,)`` each stage's say (0 for stages never fitted).
        estimator_errors_: ``(n_estimators,)`` each stage's weighted training error
            (1 for stages never fitted).
        feature_importances_: say-weighted mean of the stages' importances.
        n_features_in_, feature_names_in_.

    Example:
        >>> from ember.learn.datasets import load_iris
        >>> from ember.learn.linear_model import LogisticRegression
        >>> X, y = load_iris(return_X_y=True)
        >>> ada = AdaBoostClassifier(LogisticRegression(max_iter=500), n_estimators=10,
        ...                          learning_rate=0.5).fit(X, y)
        >>> len(ada), ada.estimator_errors_[:3].round(3), round(ada.score(X, y), 3)
        (10, array([0.14 , 0.259, 0.296]), 0.967)
    """

    _parameter_constraints = {
        **_BaseWeightBoosting._parameter_constraints,
        "algorithm": [StrOptions({"SAMME", "SAMME.R", "deprecated"})],
    }

    def __init__(self, estimator=None, *, n_estimators=50, learning_rate=1.0, random_state=None,
                 algorithm="deprecated"):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.random_state = random_state
        self.algorithm = algorithm

    @property
    def _real(self):
        """Whether this ensemble boosts with SAMME.R (HOML's algorithm)."""
        return getattr(self, "algorithm", "deprecated") == "SAMME.R"

    def _check_algorithm(self):
        if self.algorithm == "SAMME":
            warnings.warn("The parameter 'algorithm' is deprecated in 1.6 and has no effect. It "
                          "will be removed in version 1.8.", FutureWarning, stacklevel=3)
        elif self.algorithm == "SAMME.R":
            warnings.warn("algorithm='SAMME.R' (HOML's option, scikit-learn 0.22's default) was "
                          "deprecated in scikit-learn 1.4 and removed in 1.6; ember keeps its "
                          "behaviour (real boosting on the class probabilities). Leave 'algorithm' "
                          "unset for today's SAMME.", FutureWarning, stacklevel=3)

    def _validate_estimator(self):
        if self.estimator is None:
            from ..tree import DecisionTreeClassifier

            estimator = DecisionTreeClassifier(max_depth=1)
        else:
            estimator = self.estimator
        if self._real and not hasattr(estimator, "predict_proba"):
            raise TypeError("AdaBoostClassifier with algorithm='SAMME.R' requires that the weak "
                            "learner supports the calculation of class probabilities with a "
                            "predict_proba method.\nPlease change the base estimator or set "
                            "algorithm='SAMME' instead.")
        if not _accepts_sample_weight(estimator):
            raise ValueError(f"{self.estimator.__class__.__name__} doesn't support sample_weight.")
        return estimator

    def _stage_fitter(self, X, y):
        if _TreeStageFitter.applies(self.estimator_, X):
            return _TreeStageFitter(X, y, self.estimator_)
        return _StageFitter(X, y)

    def _boost(self, iboost, X, y, sample_weight, random_state, fitter):
        """One stage: fit under ``sample_weight``; returns ``(new weights, say, error)``, or
        ``(None, None, None)`` when the stage was no better than chance (and is discarded)."""
        stage = self._new_stage(random_state)
        output = fitter.fit_predict(stage, sample_weight, proba=self._real)
        if self._real:
            proba = output
        else:
            predicted = output
        if iboost == 0:
            self.classes_ = getattr(stage, "classes_", None)
            self.n_classes_ = len(self.classes_)
        if self._real:
            predicted = self.classes_.take(np.argmax(proba, axis=1), axis=0)
        incorrect = predicted != y
        error = float(np.average(incorrect, weights=sample_weight))
        if error <= 0:
            return sample_weight, 1.0, 0.0
        n_classes = self.n_classes_
        if self._real:
            return self._reweight_real(iboost, y, proba, sample_weight), 1.0, error
        if error >= 1.0 - 1.0 / n_classes:
            self.estimators_.pop(-1)
            if len(self.estimators_) == 0:
                raise ValueError("BaseClassifier in AdaBoostClassifier ensemble is worse than "
                                 "random, ensemble can not be fit.")
            return None, None, None
        say = self.learning_rate * (np.log((1.0 - error) / error) + np.log(n_classes - 1.0))
        if iboost != self.n_estimators - 1:
            # multiplied in log space; zero weights stay zero
            with np.errstate(divide="ignore", over="ignore"):  # an overflow is reported in fit
                sample_weight = np.exp(np.log(sample_weight) + say * incorrect * (sample_weight > 0))
        return sample_weight, say, error

    def _reweight_real(self, iboost, y, proba, sample_weight):
        """SAMME.R's update: ``w *= exp(-lr (K-1)/K sum_k c_k log p_k)`` with the symmetric
        class coding ``c_k = 1`` for the true class and ``-1/(K-1)`` otherwise."""
        n_classes = self.n_classes_
        coding = np.where(self.classes_ == y[:, np.newaxis], 1.0, -1.0 / (n_classes - 1))
        log_proba = np.log(np.clip(proba, np.finfo(proba.dtype).eps, None))
        exponent = -self.learning_rate * ((n_classes - 1.0) / n_classes) * (coding * log_proba).sum(axis=1)
        if iboost != self.n_estimators - 1:
            with np.errstate(over="ignore"):
                sample_weight = sample_weight * np.exp(exponent * ((sample_weight > 0) | (exponent < 0)))
        return sample_weight

    # -- prediction ------------------------------------------------------------------------
    def _stage_scores(self, X):
        """Each stage's (unnormalised) contribution to the decision function: ``(n, K)``."""
        n_classes = self.n_classes_
        rows = self._tree_rows(X)
        if rows is not None and all(np.array_equal(s.classes_, self.classes_) for s in self.estimators_):
            # a tree's contribution depends on the leaf only: one row per node, gathered by leaf
            for weight, stage in zip(self.estimator_weights_, self.estimators_):
                values = stage.tree_.value[:, 0, :n_classes]
                if self._real:
                    table = _samme_r_scores(values, n_classes)
                else:
                    hit = np.eye(n_classes, dtype=bool)[np.argmax(values, axis=1)]
                    table = np.where(hit, weight, -1 / (n_classes - 1) * weight)
                yield table.take(stage.tree_.apply(rows), axis=0)
            return
        if self._real:
            for proba in self._stage_outputs(X, "predict_proba"):
                yield _samme_r_scores(proba, n_classes)
            return
        classes = self.classes_[:, np.newaxis]
        for weight, predicted in zip(self.estimator_weights_, self._stage_outputs(X)):
            yield np.where((predicted == classes).T, weight, -1 / (n_classes - 1) * weight)

    def _finish_decision(self, total, norm, copy=True):
        """The decision function from summed stage scores: (n,) for two classes, else (n, K)."""
        if self.n_classes_ == 2:
            total = total.copy() if copy else total
            total[:, 0] *= -1
            return (total / norm).sum(axis=1)
        return total / norm

    def decision_function(self, X):
        """The say-weighted class scores: ``(n_samples,)`` for two classes (positive for
        ``classes_[1]``), else ``(n_samples, n_classes)``."""
        check_is_fitted(self)
        X = self._check_X(X)
        if self.n_classes_ == 1:
            return np.zeros((X.shape[0], 1))
        return self._finish_decision(sum(self._stage_scores(X)), self.estimator_weights_.sum(),
                                     copy=False)

    def staged_decision_function(self, X):
        """The decision function after each stage (a generator)."""
        check_is_fitted(self)
        X = self._check_X(X)
        total, norm = None, 0.0
        for weight, scores in zip(self.estimator_weights_, self._stage_scores(X)):
            norm += weight
            total = scores if total is None else total + scores
            yield self._finish_decision(total, norm)

    def _proba_from_decision(self, decision):
        """Class probabilities ``softmax(f / (K - 1))`` (two classes: ``softmax([-f, f] / 2)``)."""
        if self.n_classes_ == 2:
            decision = np.vstack([-decision, decision]).T / 2
        else:
            decision = decision / (self.n_classes_ - 1)
        return _softmax(decision)

    def predict(self, X):
        """The class of largest decision value: ``(n_samples,)``."""
        decision = self.decision_function(X)
        if self.n_classes_ == 2:
            return self.classes_.take(decision > 0, axis=0)
        return self.classes_.take(np.argmax(decision, axis=1), axis=0)

    def staged_predict(self, X):
        """The predicted classes after each stage (a generator)."""
        X = self._check_X(X)
        for decision in self.staged_decision_function(X):
            if self.n_classes_ == 2:
                yield np.array(self.classes_.take(decision > 0, axis=0))
            else:
                yield np.array(self.classes_.take(np.argmax(decision, axis=1), axis=0))

    def predict_proba(self, X):
        """Class probabilities ``(n_samples, n_classes)`` from the decision function."""
        check_is_fitted(self)
        if self.n_classes_ == 1:
            return np.ones((_num_samples(X), 1))
        return self._proba_from_decision(self.decision_function(X))

    def staged_predict_proba(self, X):
        """The class probabilities after each stage (a generator)."""
        for decision in self.staged_decision_function(X):
            yield self._proba_from_decision(decision)

    def predict_log_proba(self, X):
        """Log of ``predict_proba``."""
        return np.log(self.predict_proba(X))


class AdaBoostRegressor(RegressorMixin, _BaseWeightBoosting):
    """AdaBoost.R2: stages of a regressor fitted on weighted bootstrap samples; the
    ensemble predicts their say-weighted median.

    Parameters:
        estimator: the regressor cloned for each stage (None:
            ``DecisionTreeRegressor(max_depth=3)``); it is fitted on the drawn
            rows, so it needs no ``sample_weight``.
        n_estimators: the most stages (fewer when a stage is perfect or its
            average loss reaches 0.5).
        learning_rate: scales every stage's say and weight update.
        loss: ``"linear"``, ``"square"`` or ``"exponential"``: how a sample's
            error, divided by the stage's largest, becomes its loss.
        random_state: seeds the stages' ``random_state`` parameters and the
            bootstrap draws.

    Attributes:
        estimator_, estimators_, estimator_weights_, feature_importances_,
        n_features_in_, feature_names_in_: as ``AdaBoostClassifier``.
        estimator_errors_: ``(n_estimators,)`` each stage's weighted average loss.

    Example:
        >>> from ember.learn.datasets import make_regression
        >>> from ember.learn.linear_model import LinearRegression
        >>> X, y = make_regression(n_samples=100, n_features=3, noise=5.0, random_state=0)
        >>> ada = AdaBoostRegressor(LinearRegression(), n_estimators=20, loss="square",
        ...                         random_state=0).fit(X, y)
        >>> len(ada), ada.estimator_errors_[:3].round(3), round(ada.score(X, y), 3)
        (4, array([0.152, 0.236, 0.296]), 0.996)
    """

    _parameter_constraints = {
        **_BaseWeightBoosting._parameter_constraints,
        "loss": [StrOptions({"linear", "square", "exponential"})],
    }

    def __init__(self, estimator=None, *, n_estimators=50, learning_rate=1.0, loss="linear",
                 random_state=None):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.loss = loss
        self.random_state = random_state

    def _validate_estimator(self):
        if self.estimator is not None:
            return self.estimator
        from ..tree import DecisionTreeRegressor

        return DecisionTreeRegressor(max_depth=3)

    def _boost(self, iboost, X, y, sample_weight, random_state, fitter=None):
        """One stage on a bootstrap sample drawn by weight; returns ``(new weights, say,
        average loss)``, or ``(None, None, None)`` when the average loss reached 0.5."""
        stage = self._new_stage(random_state)
        n_samples = _num_samples(X)
        rows = random_state.choice(np.arange(n_samples), size=n_samples, replace=True,
                                   p=sample_weight)
        stage.fit(_safe_indexing(X, rows), _safe_indexing(y, rows))
        error = np.abs(stage.predict(X) - y)
        mask = sample_weight > 0
        weight, loss = sample_weight[mask], error[mask]
        largest = loss.max()
        if largest != 0:
            loss /= largest
        if self.loss == "square":
            loss **= 2
        elif self.loss == "exponential":
            loss = 1.0 - np.exp(-loss)
        average = (weight * loss).sum()
        if average <= 0:
            return sample_weight, 1.0, 0.0
        if average >= 0.5:
            if len(self.estimators_) > 1:
                self.estimators_.pop(-1)
            return None, None, None
        beta = average / (1.0 - average)
        say = self.learning_rate * np.log(1.0 / beta)
        if iboost != self.n_estimators - 1:
            sample_weight[mask] *= np.power(beta, (1.0 - loss) * self.learning_rate)
        return sample_weight, say, average

    def _weighted_median(self, X, limit):
        """The say-weighted median of the first ``limit`` stages' predictions: (n_samples,)."""
        predictions = np.array([p for _, p in zip(range(limit), self._stage_outputs(X))]).T
        order = np.argsort(predictions, axis=1)
        cdf = np.cumsum(self.estimator_weights_[order], axis=1)
        at_or_above = cdf >= 0.5 * cdf[:, -1][:, np.newaxis]
        median = order[np.arange(len(predictions)), at_or_above.argmax(axis=1)]
        return predictions[np.arange(len(predictions)), median]

    def predict(self, X):
        """The say-weighted median of the stages' predictions: ``(n_samples,)``."""
        check_is_fitted(self)
        X = self._check_X(X)
        return self._weighted_median(X, len(self.estimators_))

    def staged_predict(self, X):
        """The weighted-median prediction after each stage (a generator)."""
        check_is_fitted(self)
        X = self._check_X(X)
        for limit in range(1, len(self.estimators_) + 1):
            yield self._weighted_median(X, limit)
