"""``ember.learn.multioutput``: one estimator per target column.

``MultiOutputRegressor`` and ``MultiOutputClassifier`` fit a clone of a
single-output estimator on each column of a 2-D target and stack their
predictions; ``ClassifierChain`` and ``RegressorChain`` also feed each link
the earlier links' outputs (HOML chapter 3 uses multioutput targets for multilabel
classification and image denoising). Any estimator serves, ember's or
scikit-learn's; ``n_jobs`` fits the columns on threads.
"""

import inspect
import numbers

import numpy as np
import scipy.sparse as sp

from .base import BaseEstimator, ClassifierMixin, RegressorMixin, clone, is_classifier
from .multiclass import _copy_input_attributes, _fitted_or_given_has, _parallel_map
from .pipeline._composition import available_if, step_tags
from .utils import check_is_fitted, check_random_state, validate_data
from .utils._param_validation import StrOptions
from .utils.multiclass import check_classification_targets

__all__ = ["ClassifierChain", "MultiOutputClassifier", "MultiOutputRegressor", "RegressorChain"]


def _fit_column(estimator, X, y, fit_kwargs):
    return clone(estimator).fit(X, y, **fit_kwargs)


def _accepts_sample_weight(estimator):
    try:
        return "sample_weight" in inspect.signature(estimator.fit).parameters
    except (TypeError, ValueError):
        return False


class _MultiOutputEstimator(BaseEstimator):
    _parameter_constraints = {
        "estimator": "no_validation",
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(self, estimator, *, n_jobs=None):
        self.estimator = estimator
        self.n_jobs = n_jobs

    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit one clone of ``estimator`` per column of ``y`` (n_samples, n_outputs).

        ``sample_weight`` and other ``fit_params`` go to every clone's ``fit``.
        """
        self._validate_params()
        if not hasattr(self.estimator, "fit"):
            raise ValueError("The base estimator should implement a fit method")
        y = validate_data(self, X="no_validation", y=y, multi_output=True)
        if is_classifier(self):
            check_classification_targets(y)
        if y.ndim == 1:
            raise ValueError("y must have at least two dimensions for multi-output regression but "
                             "has only one.")
        if sample_weight is not None and not _accepts_sample_weight(self.estimator):
            raise ValueError("Underlying estimator does not support sample weights.")
        fit_kwargs = dict(fit_params)
        if sample_weight is not None:
            fit_kwargs["sample_weight"] = sample_weight
        self.estimators_ = _parallel_map(
            _fit_column, [(self.estimator, X, y[:, i], fit_kwargs) for i in range(y.shape[1])],
            self.n_jobs)
        _copy_input_attributes(self, self.estimators_[0])
        return self

    def predict(self, X):
        """Each estimator's predictions as one column: (n_samples, n_outputs)."""
        check_is_fitted(self)
        if not hasattr(self.estimators_[0], "predict"):
            raise ValueError("The base estimator should implement a predict method")
        columns = _parallel_map(lambda e: e.predict(X), [(e,) for e in self.estimators_], self.n_jobs)
        return np.asarray(columns).T

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = step_tags(self.estimator).input_tags.sparse
        tags.target_tags.single_output = False
        tags.target_tags.multi_output = True
        return tags


class MultiOutputRegressor(RegressorMixin, _MultiOutputEstimator):
    """One regressor per target column.

    Parameters:
        estimator: the single-output regressor, cloned per output.
        n_jobs: threads for fitting and predicting (None: one).

    Attributes:
        estimators_: the n_outputs fitted regressors.
        n_features_in_, feature_names_in_: from the first estimator.

    Example:
        >>> import numpy as np
        >>> from ember.learn.neighbors import KNeighborsRegressor
        >>> X = np.array([[0.0], [1.0], [2.0]])
        >>> Y = np.c_[X[:, 0], -2 * X[:, 0]]
        >>> MultiOutputRegressor(KNeighborsRegressor(n_neighbors=1)).fit(X, Y).predict([[1.2]])
        array([[ 1., -2.]])
    """


class MultiOutputClassifier(ClassifierMixin, _MultiOutputEstimator):
    """One classifier per target column (multilabel or multiclass-multioutput ``y``).

    Parameters:
        estimator: the single-output classifier, cloned per output.
        n_jobs: threads for fitting and predicting (None: one).

    Attributes:
        estimators_: the n_outputs fitted classifiers.
        classes_: list of each output's class labels.
        n_features_in_, feature_names_in_: from the first estimator.

    Example:
        >>> import numpy as np
        >>> from ember.learn.neighbors import KNeighborsClassifier
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> Y = np.c_[[0, 0, 1, 1], [1, 0, 1, 0]]
        >>> MultiOutputClassifier(KNeighborsClassifier(n_neighbors=1)).fit(X, Y).predict([[2.1]])
        array([[1, 1]])
    """

    def fit(self, X, Y, sample_weight=None, **fit_params):
        """Fit one clone of ``estimator`` per column of ``Y``; ``classes_`` lists each one's labels."""
        super().fit(X, Y, sample_weight=sample_weight, **fit_params)
        self.classes_ = [estimator.classes_ for estimator in self.estimators_]
        return self

    @available_if(_fitted_or_given_has("predict_proba"))
    def predict_proba(self, X):
        """A list of n_outputs arrays, each (n_samples, n_classes of that output)."""
        check_is_fitted(self)
        return [estimator.predict_proba(X) for estimator in self.estimators_]

    def score(self, X, y):
        """Subset accuracy: the share of samples with every output right."""
        check_is_fitted(self)
        y = np.asarray(y)
        if y.ndim == 1:
            raise ValueError("y must have at least two dimensions for multi target classification "
                             "but has only one")
        if y.shape[1] != len(self.estimators_):
            raise ValueError(f"The number of outputs of Y for fit {len(self.estimators_)} and score "
                             f"{y.shape[1]} should be same")
        return float(np.mean(np.all(y == self.predict(X), axis=1)))

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.classifier_tags.multi_label = True
        tags._skip_test = True  # fit names its target Y; the common checks pass y=
        return tags


_CHAIN_METHODS = ("predict", "predict_proba", "predict_log_proba", "decision_function")


def _response(estimator, X, method):
    """One column of chain features: predictions, the positive class's (log-)probability,
    or the decision function."""
    values = getattr(estimator, method)(X)
    if method in ("predict_proba", "predict_log_proba"):
        if values.shape[1] != 2:
            raise ValueError(f"{method} of a chain link must give two columns (a binary label); "
                             f"got {values.shape[1]}")
        return values[:, 1]
    return values


class _BaseChain(BaseEstimator):
    """The chain's fit and prediction pass; subclasses say what each link passes on."""

    _parameter_constraints = {
        "estimator": "no_validation",
        "order": ["array-like", StrOptions({"random"}), None],
        "cv": "no_validation",
        "random_state": ["random_state"],
        "verbose": ["boolean"],
    }

    def _link_methods(self):
        return ["predict"]

    def fit(self, X, Y, **fit_params):
        """Fit the chain on ``X`` (n_samples, n_features) and the targets ``Y`` (n_samples, n_outputs)."""
        self._validate_params()
        X, Y = validate_data(self, X, Y, multi_output=True, accept_sparse=True)
        n_labels = Y.shape[1]
        if self.order is None:
            self.order_ = np.arange(n_labels)
        elif isinstance(self.order, str):
            self.order_ = check_random_state(self.random_state).permutation(n_labels)
        else:
            self.order_ = np.asarray(self.order)
            if sorted(self.order_.tolist()) != list(range(n_labels)):
                raise ValueError("invalid order")
        methods = self._link_methods()
        available = [m for m in methods if hasattr(self.estimator, m)]
        if not available:
            raise AttributeError(f"{type(self.estimator).__name__} has none of the following "
                                 f"attributes: {', '.join(methods)}.")
        self.chain_method_ = available[0]
        hstack = sp.hstack if sp.issparse(X) else np.hstack
        # Earlier labels as features: the true ones, or out-of-fold predictions with cv.
        earlier = Y[:, self.order_].astype(np.float64) if self.cv is None else np.zeros(Y.shape)
        self.estimators_ = []
        for link, label in enumerate(self.order_):
            X_link = hstack((X, earlier[:, :link]))
            if sp.issparse(X_link):
                X_link = X_link.tocsr()
            self.estimators_.append(clone(self.estimator).fit(X_link, Y[:, label], **fit_params))
            if self.cv is not None and link < n_labels - 1:
                from .model_selection import cross_val_predict

                predicted = cross_val_predict(self.estimator, X_link, y=Y[:, label], cv=self.cv,
                                              method=self.chain_method_)
                earlier[:, link] = predicted[:, 1] if np.ndim(predicted) > 1 else predicted
        return self

    def _chain(self, X, output_method):
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse=True, reset=False)
        hstack = sp.hstack if sp.issparse(X) else np.hstack
        features = np.zeros((X.shape[0], len(self.estimators_)))
        outputs = np.zeros((X.shape[0], len(self.estimators_)))
        for link, estimator in enumerate(self.estimators_):
            X_link = hstack((X, features[:, :link]))
            features[:, link] = _response(estimator, X_link, self.chain_method_)
            outputs[:, link] = _response(estimator, X_link, output_method)
        result = np.empty_like(outputs)
        result[:, self.order_] = outputs  # back to the labels' own order
        return result


    def predict(self, X):
        """The predicted targets (n_samples, n_outputs), as floats like scikit-learn's."""
        return self._chain(X, "predict")

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.target_tags.single_output = False
        tags.target_tags.multi_output = True
        tags._skip_test = True  # as scikit-learn's: fit names its target Y
        return tags


class ClassifierChain(ClassifierMixin, _BaseChain):
    """Binary classifiers in a chain: each also sees the earlier ones' answers as features.

    Classifier ``i`` in ``order_`` is trained on ``X`` plus the labels of the
    classifiers before it (the true labels, or with ``cv`` their
    cross-validated predictions, which is what they will see at predict time).
    HOML chapter 3: ``ClassifierChain(SVC(), cv=3, random_state=42)``.

    Parameters:
        estimator: the classifier cloned for each link.
        order: the label order (None: as given, ``"random"``: a permutation).
        cv: None (train on the true earlier labels) or a cross-validation
            splitter / number of folds for out-of-fold earlier predictions.
        chain_method: what each link passes on: ``"predict"``, ``"predict_proba"``,
            ``"predict_log_proba"``, ``"decision_function"``, or a list tried in order.
        random_state: seeds ``order="random"``.
        verbose: accepted for compatibility; nothing is printed.

    Attributes:
        estimators_, order_, classes_ (one label array per link), chain_method_,
        n_features_in_, feature_names_in_.

    Example:
        >>> import numpy as np
        >>> from ember.learn.neighbors import KNeighborsClassifier
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> Y = np.c_[[0, 0, 1, 1], [0, 0, 1, 1]]
        >>> ClassifierChain(KNeighborsClassifier(n_neighbors=1)).fit(X, Y).predict([[2.2]])
        array([[1., 1.]])
    """

    _parameter_constraints = {
        **_BaseChain._parameter_constraints,
        "chain_method": [StrOptions(set(_CHAIN_METHODS)), list],
    }

    def __init__(self, estimator, *, order=None, cv=None, chain_method="predict",
                 random_state=None, verbose=False):
        self.estimator = estimator
        self.order = order
        self.cv = cv
        self.chain_method = chain_method
        self.random_state = random_state
        self.verbose = verbose

    def _link_methods(self):
        return [self.chain_method] if isinstance(self.chain_method, str) else list(self.chain_method)

    def fit(self, X, Y, **fit_params):
        """Fit the chain on ``X`` (n_samples, n_features) and the label matrix ``Y`` (n_samples, n_labels)."""
        super().fit(X, Y, **fit_params)
        self.classes_ = [estimator.classes_ for estimator in self.estimators_]
        return self

    @available_if(lambda self: hasattr(self.estimator, "predict_proba"))
    def predict_proba(self, X):
        """Each label's probability (n_samples, n_labels), each link seeing the chain's features."""
        return self._chain(X, "predict_proba")

    @available_if(lambda self: hasattr(self.estimator, "predict_proba"))
    def predict_log_proba(self, X):
        """``log(predict_proba(X))``."""
        return np.log(self.predict_proba(X))

    @available_if(lambda self: hasattr(self.estimator, "decision_function"))
    def decision_function(self, X):
        """Each label's decision function (n_samples, n_labels)."""
        return self._chain(X, "decision_function")

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.classifier_tags.multi_label = True
        return tags


class RegressorChain(RegressorMixin, _BaseChain):
    """Regressors in a chain: each also sees the earlier ones' predictions as features.

    Parameters:
        estimator: the regressor cloned for each link.
        order, cv, random_state, verbose: as ``ClassifierChain``.

    Attributes:
        estimators_, order_, n_features_in_, feature_names_in_.

    Example:
        >>> import numpy as np
        >>> from ember.learn.neighbors import KNeighborsRegressor
        >>> X = np.array([[0.0], [1.0], [2.0]])
        >>> Y = np.c_[X[:, 0], X[:, 0] * 10]
        >>> RegressorChain(KNeighborsRegressor(n_neighbors=1)).fit(X, Y).predict([[1.9]])
        array([[ 2., 20.]])
    """

    def __init__(self, estimator, *, order=None, cv=None, random_state=None, verbose=False):
        self.estimator = estimator
        self.order = order
        self.cv = cv
        self.random_state = random_state
        self.verbose = verbose
