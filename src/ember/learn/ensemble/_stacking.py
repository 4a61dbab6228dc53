"""``StackingClassifier`` and ``StackingRegressor``: a final model trained on the members' outputs.

Stacked generalisation (Wolpert, 1992; HOML ch7): each member is fitted on the
whole training set for prediction, and its cross-validated, out-of-fold
predictions on the training set (``cross_val_predict``, the same folds for every
member) become the features of the final estimator, so the final model learns
from predictions made on data the members did not see. ``passthrough`` adds
the original features beside them. With ``cv="prefit"`` the given, already
fitted members are used as they are and their predictions on the training
set feed the final estimator.
"""

import copy
import numbers
from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp

from ..base import (
    ClassifierMixin,
    RegressorMixin,
    TransformerMixin,
    _input_feature_names,
    clone,
    is_classifier,
    is_regressor,
)
from ..pipeline._composition import available_if, run_all
from ..utils import check_is_fitted, column_or_1d
from ..utils._param_validation import InvalidParameterError, StrOptions
from ..utils.multiclass import check_classification_targets, type_of_target
from ._base import VERBOSE, _HeterogeneousEnsemble, fit_member, is_drop, pop_sample_weight, require_methods

__all__ = ["StackingClassifier", "StackingRegressor"]

_AUTO_METHODS = ["predict_proba", "decision_function", "predict"]


def _out_of_fold(estimator, X, y, cv, method, n_jobs, sample_weight, verbose):
    """One member's cross-validated predictions on the training set."""
    from ..model_selection import cross_val_predict

    params = {} if sample_weight is None else {"sample_weight": sample_weight}
    return cross_val_predict(estimator, X, y, cv=cv, method=method, n_jobs=n_jobs, params=params,
                             verbose=verbose)


def _check_cv_parameter(meta):
    cv = meta.cv
    if cv is None or (isinstance(cv, str) and cv == "prefit"):
        return
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool) and cv >= 2:
        return
    if callable(getattr(cv, "split", None)) and callable(getattr(cv, "get_n_splits", None)):
        return
    if isinstance(cv, Iterable) and not isinstance(cv, (str, numbers.Number)):
        return
    raise InvalidParameterError(
        f"The 'cv' parameter of {type(meta).__name__} must be an int in the range [2, inf), an "
        "object implementing 'split' and 'get_n_splits', an iterable or None or a str among "
        f"{{'prefit'}}. Got {cv!r} instead."
    )


def _final_has(method):
    """``available_if`` check: the final estimator (fitted, given or default) has ``method``."""

    def check(self):
        final = getattr(self, "final_estimator_", None)
        if final is None:
            final = self.final_estimator if self.final_estimator is not None else self._default_final()
        return hasattr(final, method)

    return check


class _BaseStacking(TransformerMixin, _HeterogeneousEnsemble):
    """Fitting, the meta-features and the feature names shared by both stacking ensembles."""

    _parameter_constraints = {
        "estimators": [list],
        "final_estimator": "no_validation",  # None or an object with fit: checked in fit
        "cv": "no_validation",  # checked in fit, with scikit-learn's message
        "n_jobs": [None, numbers.Integral],
        "passthrough": ["boolean"],
        "verbose": VERBOSE,
    }

    def _validate_stack_params(self):
        self._validate_params()
        require_methods(self, "final_estimator", ["fit"], none_first=True)
        _check_cv_parameter(self)

    def _fit_stack(self, X, y, sample_weight):
        names, estimators = self._validate_estimators(check_kind=False)
        final = self.final_estimator if self.final_estimator is not None else self._default_final()
        if not (is_classifier(final) if is_classifier(self) else is_regressor(final)):
            kind = "classifier" if is_classifier(self) else "regressor"
            raise ValueError(f"'final_estimator' parameter should be a {kind}. Got {final}")
        self.final_estimator_ = clone(final)
        kept = [(name, estimator) for name, estimator in zip(names, estimators) if not is_drop(estimator)]
        prefit = isinstance(self.cv, str) and self.cv == "prefit"
        if prefit:
            for _, estimator in kept:
                check_is_fitted(estimator)
            self.estimators_ = [estimator for _, estimator in kept]
        else:
            self.estimators_ = run_all(self.n_jobs, fit_member, [(clone(estimator), X, y, sample_weight)
                                                                 for _, estimator in kept])
        self._record_members(names, estimators)
        self.stack_method_ = [self._method_name(name, estimator) for name, estimator in kept]
        if prefit:
            predictions = [getattr(estimator, method)(X)
                           for estimator, method in zip(self.estimators_, self.stack_method_)]
        else:
            from ..model_selection import check_cv

            cv = check_cv(self.cv, y=y, classifier=is_classifier(self))
            if hasattr(cv, "random_state") and cv.random_state is None:
                # One fixed stream, copied for each member: every member sees the same folds.
                cv = copy.deepcopy(cv)
                cv.random_state = np.random.RandomState()
            calls = [(clone(estimator), X, y, copy.deepcopy(cv), method, self.n_jobs, sample_weight,
                      self.verbose) for (_, estimator), method in zip(kept, self.stack_method_)]
            predictions = run_all(self.n_jobs, _out_of_fold, calls)
        fit_member(self.final_estimator_, self._concatenate_predictions(X, predictions), y,
                   sample_weight)
        return self

    def _method_name(self, name, estimator):
        """The member's method that makes its meta-features: the first of the candidates it has."""
        wanted = self._stack_method()
        candidates = _AUTO_METHODS if wanted == "auto" else [wanted]
        for method in candidates:
            if hasattr(estimator, method):
                return method
        shown = candidates if wanted == "auto" else wanted
        raise ValueError(f"Underlying estimator {name} does not implement the method {shown}.")

    def _concatenate_predictions(self, X, predictions):
        """The meta-features: each member's outputs as columns (then ``X`` with ``passthrough``).

        Probabilities of a binary target keep only the positive class's column
        (the two are collinear); for a multilabel target each label's
        probabilities lose their first column.
        """
        blocks = []
        classes = getattr(self, "classes_", None)
        binary = classes is not None and not isinstance(classes, list) and len(classes) == 2
        for method, prediction in zip(self.stack_method_, predictions):
            if isinstance(prediction, list):
                blocks.extend(p[:, 1:] for p in prediction)
            elif prediction.ndim == 1:
                blocks.append(prediction.reshape(-1, 1))
            elif method == "predict_proba" and binary:
                blocks.append(prediction[:, 1:])
            else:
                blocks.append(prediction)
        self._n_feature_outs = [block.shape[1] for block in blocks]
        if self.passthrough:
            blocks.append(X)
            if sp.issparse(X):
                return sp.hstack(blocks, format=X.format)
        return np.hstack(blocks)

    def _transform(self, X):
        check_is_fitted(self)
        predictions = [getattr(estimator, method)(X)
                       for estimator, method in zip(self.estimators_, self.stack_method_)]
        return self._concatenate_predictions(X, predictions)

    def transform(self, X):
        """The meta-features of ``X``: the fitted members' outputs (and ``X`` with ``passthrough``)."""
        return self._transform(X)

    def fit_transform(self, X, y, **fit_params):
        """``fit`` then ``transform`` (the members refitted on all the data, not out-of-fold)."""
        return self.fit(X, y, **fit_params).transform(X)

    def get_feature_names_out(self, input_features=None):
        """``<class>_<member>`` (one output) or ``<class>_<member><i>`` per meta-feature,
        then the input names with ``passthrough``."""
        check_is_fitted(self, "estimators_")
        if self.passthrough:
            input_features = _input_feature_names(self, input_features)
        elif input_features is not None:
            _input_feature_names(self, input_features)
        prefix = type(self).__name__.lower()
        names = []
        kept = [name for name, dropped in self._member_names if not dropped]
        for name, width in zip(kept, self._n_feature_outs):
            names.extend([f"{prefix}_{name}"] if width == 1 else
                         [f"{prefix}_{name}{i}" for i in range(width)])
        if self.passthrough:
            return np.concatenate((np.asarray(names, dtype=object), input_features))
        return np.asarray(names, dtype=object)


class StackingClassifier(ClassifierMixin, _BaseStacking):
    """Classifiers stacked under a final classifier trained on their out-of-fold outputs.

    Parameters:
        estimators: list of ``(name, estimator)`` pairs (a member may be
            ``"drop"``); each is cloned and fitted on all the data.
        final_estimator: the classifier trained on the meta-features; None
            means ``LogisticRegression()``.
        cv: how the out-of-fold predictions are made: None (5-fold), an int
            (that many folds, stratified), a splitter, an iterable of
            ``(train, test)`` index pairs, or ``"prefit"`` (the members are
            already fitted and used unchanged, without cross-validation).
        stack_method: the member method giving the meta-features: ``"auto"``
            (``predict_proba``, else ``decision_function``, else ``predict``),
            or one of those names for every member.
        n_jobs: joblib workers for fitting the members and their folds.
        passthrough: also give the final estimator the original features.
        verbose: passed to ``cross_val_predict``.

    Attributes:
        estimators_: the fitted members (not dropped ones).
        named_estimators_: the fitted members by name (a ``Bunch``).
        final_estimator_: the fitted final classifier.
        stack_method_: the method used for each member.
        classes_: the class labels (a list per label for a multilabel target).
        n_features_in_, feature_names_in_: those of the members.

    Example (HOML ch7):
        >>> import numpy as np
        >>> from ember.learn.neighbors import KNeighborsClassifier
        >>> from ember.learn.svm import SVC
        >>> X = np.r_[np.linspace(0, 1, 10), np.linspace(2, 3, 10)].reshape(-1, 1)
        >>> y = np.r_[np.zeros(10, int), np.ones(10, int)]
        >>> stack = StackingClassifier([("knn", KNeighborsClassifier(3)), ("svc", SVC())], cv=3)
        >>> stack.fit(X, y).predict([[0.5], [2.5]]), stack.stack_method_
        (array([0, 1]), ['predict_proba', 'decision_function'])
    """

    _parameter_constraints = {
        **_BaseStacking._parameter_constraints,
        "stack_method": [StrOptions({"auto", "predict_proba", "decision_function", "predict"})],
    }

    def __init__(self, estimators, final_estimator=None, *, cv=None, stack_method="auto", n_jobs=None,
                 passthrough=False, verbose=0):
        self.estimators = estimators
        self.final_estimator = final_estimator
        self.cv = cv
        self.stack_method = stack_method
        self.n_jobs = n_jobs
        self.passthrough = passthrough
        self.verbose = verbose

    def _stack_method(self):
        return self.stack_method

    @staticmethod
    def _default_final():
        from ..linear_model import LogisticRegression

        return LogisticRegression()

    def fit(self, X, y, **fit_params):
        """Fit the members on ``X`` (n_samples, n_features) and ``y``, then the final
        classifier on their out-of-fold outputs. ``sample_weight`` goes to every fit."""
        from ..preprocessing import LabelEncoder

        self._validate_stack_params()
        sample_weight = pop_sample_weight(self, fit_params)
        check_classification_targets(y)
        if type_of_target(y) == "multilabel-indicator":
            Y = y.toarray() if sp.issparse(y) else np.asarray(y)
            self._label_encoder = [LabelEncoder().fit(column) for column in Y.T]
            self.classes_ = [encoder.classes_ for encoder in self._label_encoder]
            encoded = np.array([encoder.transform(column)
                                for encoder, column in zip(self._label_encoder, Y.T)]).T
        else:
            self._label_encoder = LabelEncoder().fit(y)
            self.classes_ = self._label_encoder.classes_
            encoded = self._label_encoder.transform(y)
        return self._fit_stack(X, encoded, sample_weight)

    def _decode(self, codes):
        if isinstance(self._label_encoder, list):
            return np.array([encoder.inverse_transform(column)
                             for encoder, column in zip(self._label_encoder, codes.T)]).T
        return self._label_encoder.inverse_transform(codes)

    @available_if(_final_has("predict"))
    def predict(self, X, **predict_params):
        """The final classifier's labels for the meta-features of ``X``; ``predict_params``
        go to its ``predict``."""
        check_is_fitted(self)
        return self._decode(self.final_estimator_.predict(self.transform(X), **predict_params))

    @available_if(_final_has("predict_proba"))
    def predict_proba(self, X):
        """The final classifier's probabilities (n_samples, n_classes).

        For a multilabel target, scikit-learn's layout: (n_samples, n_labels)
        holding the first column of each label's probabilities.
        """
        check_is_fitted(self)
        probabilities = self.final_estimator_.predict_proba(self.transform(X))
        if isinstance(self._label_encoder, list):
            return np.array([p[:, 0] for p in probabilities]).T
        return probabilities

    @available_if(_final_has("decision_function"))
    def decision_function(self, X):
        """The final classifier's decision function for the meta-features of ``X``."""
        check_is_fitted(self)
        return self.final_estimator_.decision_function(self.transform(X))


class StackingRegressor(RegressorMixin, _BaseStacking):
    """Regressors stacked under a final regressor trained on their out-of-fold predictions.

    Parameters:
        estimators: list of ``(name, regressor)`` pairs (a member may be ``"drop"``).
        final_estimator: the regressor trained on the meta-features; None
            means ``RidgeCV()``.
        cv: None (5-fold), an int, a splitter, an iterable of splits, or ``"prefit"``.
        n_jobs: joblib workers for fitting the members and their folds.
        passthrough: also give the final estimator the original features.
        verbose: passed to ``cross_val_predict``.

    Attributes:
        estimators_, named_estimators_, final_estimator_, stack_method_
        (``"predict"`` for each member), n_features_in_, feature_names_in_.

    Example:
        >>> import numpy as np
        >>> from ember.learn.linear_model import LinearRegression
        >>> from ember.learn.neighbors import KNeighborsRegressor
        >>> X = np.linspace(0, 1, 12).reshape(-1, 1)
        >>> stack = StackingRegressor([("lin", LinearRegression()), ("knn", KNeighborsRegressor(2))],
        ...                           cv=3).fit(X, 4 * X[:, 0])
        >>> stack.transform(X[:2]).shape, round(float(stack.predict([[0.5]])[0]), 2)
        ((2, 2), 2.0)
    """

    def __init__(self, estimators, final_estimator=None, *, cv=None, n_jobs=None, passthrough=False,
                 verbose=0):
        self.estimators = estimators
        self.final_estimator = final_estimator
        self.cv = cv
        self.n_jobs = n_jobs
        self.passthrough = passthrough
        self.verbose = verbose

    @staticmethod
    def _stack_method():
        return "predict"

    @staticmethod
    def _default_final():
        from ..linear_model import RidgeCV

        return RidgeCV()

    def fit(self, X, y, **fit_params):
        """Fit the members on ``X`` and ``y`` (n_samples,), then the final regressor on their
        out-of-fold predictions. ``sample_weight`` goes to every fit."""
        self._validate_stack_params()
        sample_weight = pop_sample_weight(self, fit_params)
        return self._fit_stack(X, column_or_1d(y, warn=True), sample_weight)

    @available_if(_final_has("predict"))
    def predict(self, X, **predict_params):
        """The final regressor's predictions for the meta-features of ``X``."""
        check_is_fitted(self)
        return self.final_estimator_.predict(self.transform(X), **predict_params)
