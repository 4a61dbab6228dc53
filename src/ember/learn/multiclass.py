"""``ember.learn.multiclass``: many classes from binary classifiers (HOML chapter 3).

- ``OneVsRestClassifier``: one classifier per class, that class against all
  others; also multilabel targets (one classifier per label).
- ``OneVsOneClassifier``: one classifier per pair of classes, trained on those
  two classes' samples; the prediction is the class with the most votes, ties
  broken by the summed confidences.

Any estimator with ``fit`` and ``decision_function`` or ``predict_proba``
serves, ember's or scikit-learn's. The binary problems are independent and
``n_jobs`` fits them on threads (NumPy, BLAS and compiled kernels release the
GIL).
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp

from .base import BaseEstimator, ClassifierMixin, clone, is_classifier, is_regressor
from .pipeline._composition import available_if, step_tags
from .utils import check_is_fitted, validate_data
from .utils.multiclass import check_classification_targets
from .utils.validation import _num_samples

__all__ = ["OneVsOneClassifier", "OneVsRestClassifier"]


def _parallel_map(function, tasks, n_jobs):
    """``[function(*task) for task in tasks]``, on ``n_jobs`` threads when asked."""
    tasks = list(tasks)
    if n_jobs is None or n_jobs == 1 or len(tasks) < 2:
        return [function(*task) for task in tasks]
    import os
    from concurrent.futures import ThreadPoolExecutor

    workers = (os.cpu_count() or 1) if n_jobs < 0 else n_jobs
    with ThreadPoolExecutor(max(1, min(workers, len(tasks)))) as pool:
        return list(pool.map(lambda task: function(*task), tasks))


class _ConstantPredictor(BaseEstimator):
    """Stands in for a binary classifier whose training labels were all one value."""

    def fit(self, X, y):
        self.y_ = np.unique(y)
        self.n_features_in_ = X.shape[1] if hasattr(X, "shape") and len(X.shape) == 2 else None
        return self

    def predict(self, X):
        check_is_fitted(self)
        return np.repeat(self.y_, _num_samples(X))

    def decision_function(self, X):
        check_is_fitted(self)
        return np.repeat(self.y_, _num_samples(X))

    def predict_proba(self, X):
        check_is_fitted(self)
        positive = self.y_.astype(np.float64)
        return np.repeat([np.hstack([1 - positive, positive])], _num_samples(X), axis=0)


def _fit_binary(estimator, X, y, classes):
    """A clone of ``estimator`` fitted on binary ``y``, or a constant when ``y`` has one value."""
    values = np.unique(y)
    if len(values) == 1:
        warnings.warn(f"Label {classes[0 if y[0] == -1 else y[0]]} is present in all training examples.")
        return _ConstantPredictor().fit(X, values)
    return clone(estimator).fit(X, y)


def _binary_scores(estimator, X):
    """A binary estimator's confidence in the positive class: its decision function, else P(1)."""
    if is_regressor(estimator):
        return estimator.predict(X)
    try:
        return np.ravel(estimator.decision_function(X))
    except (AttributeError, NotImplementedError):
        return estimator.predict_proba(X)[:, 1]


def _binary_threshold(estimator):
    """Where the positive class starts: 0 for decision functions, 0.5 for probabilities."""
    return 0.0 if hasattr(estimator, "decision_function") and is_classifier(estimator) else 0.5


def _fitted_or_given_has(method):
    """``available_if`` check: the fitted binary estimators (or, before fit, ``estimator``) have ``method``."""

    def check(self):
        if hasattr(self, "estimators_"):
            return all(hasattr(e, method) for e in self.estimators_)
        return hasattr(self.estimator, method)

    return check


def _refuse_fit_params(meta, fit_params):
    """Extra fit arguments need scikit-learn's metadata routing, which ember does not implement."""
    if fit_params:
        raise ValueError(
            f"Passing extra keyword arguments to {type(meta).__name__}.fit is only supported if "
            "enable_metadata_routing=True, which ember does not implement; got "
            f"{sorted(fit_params)}."
        )


def _copy_input_attributes(meta, first):
    if hasattr(first, "n_features_in_") and first.n_features_in_ is not None:
        meta.n_features_in_ = first.n_features_in_
    if hasattr(first, "feature_names_in_"):
        meta.feature_names_in_ = first.feature_names_in_


class OneVsRestClassifier(ClassifierMixin, BaseEstimator):
    """One binary classifier per class (or per label of a multilabel target).

    Parameters:
        estimator: the binary classifier, cloned for each class.
        n_jobs: threads for fitting and predicting (None: one).
        verbose: accepted for compatibility; nothing is printed.

    Attributes:
        estimators_: the n_classes fitted classifiers (one for a binary target).
        classes_: the class labels (label indices for a multilabel target).
        label_binarizer_: the ``LabelBinarizer`` that made the binary targets.
        multilabel_, n_classes_, n_features_in_, feature_names_in_.

    Example:
        >>> import numpy as np
        >>> from ember.learn.neighbors import KNeighborsClassifier
        >>> X = np.array([[0.0], [0.1], [1.0], [1.1], [2.0], [2.1]])
        >>> model = OneVsRestClassifier(KNeighborsClassifier(n_neighbors=1)).fit(X, [0, 0, 1, 1, 2, 2])
        >>> model.predict([[1.05], [1.9]]), len(model.estimators_)
        (array([1, 2]), 3)
    """

    _parameter_constraints = {
        "estimator": "no_validation",
        "n_jobs": [numbers.Integral, None],
        "verbose": [numbers.Integral, "boolean"],
    }

    def __init__(self, estimator, *, n_jobs=None, verbose=0):
        self.estimator = estimator
        self.n_jobs = n_jobs
        self.verbose = verbose

    def fit(self, X, y, **fit_params):
        """Fit one clone of ``estimator`` per class on ``X`` and the class-vs-rest target."""
        from .preprocessing import LabelBinarizer

        self._validate_params()
        _refuse_fit_params(self, fit_params)
        if y is None:
            raise ValueError("This OneVsRestClassifier estimator requires y to be passed, but the "
                             "target y is None.")
        if not sp.issparse(y) and not hasattr(y, "__len__") and not hasattr(y, "shape"):
            y = np.asarray(y)  # array-likes known only by __array__
        if not sp.issparse(y) and np.iscomplexobj(np.asarray(y)):
            raise ValueError(f"Complex data not supported\n{y}\n")
        check_classification_targets(y)
        self.label_binarizer_ = LabelBinarizer(sparse_output=True)
        Y = self.label_binarizer_.fit_transform(y).tocsc()
        self.classes_ = self.label_binarizer_.classes_
        columns = [np.asarray(Y[:, i].toarray()).ravel() for i in range(Y.shape[1])]
        self.estimators_ = _parallel_map(
            lambda column, i: _fit_binary(self.estimator, X, column,
                                          [f"not {self.classes_[i]}", self.classes_[i]]),
            [(column, i) for i, column in enumerate(columns)], self.n_jobs)
        _copy_input_attributes(self, self.estimators_[0])
        return self

    @property
    def multilabel_(self):
        """Whether the target was a multilabel indicator matrix."""
        return self.label_binarizer_.y_type_.startswith("multilabel")

    @property
    def n_classes_(self):
        return len(self.classes_)

    def predict(self, X):
        """The class of highest score (multiclass), or every label scoring above the threshold."""
        check_is_fitted(self)
        scores = np.column_stack(_parallel_map(_binary_scores, [(e, X) for e in self.estimators_],
                                               self.n_jobs))
        if self.label_binarizer_.y_type_ == "multiclass":
            # Among equal scores the first class wins, as argmax picks it.
            return self.classes_[scores.argmax(axis=1)]
        indicator = (scores > _binary_threshold(self.estimators_[0])).astype(int)
        if self.multilabel_:
            return indicator
        return self.classes_[indicator[:, 0]]

    @available_if(_fitted_or_given_has("predict_proba"))
    def predict_proba(self, X):
        """Per-class probabilities (n_samples, n_classes).

        Multiclass: the binary estimators' P(class), normalised to sum to 1 per
        sample. Multilabel: each label's own probability, not normalised.
        """
        check_is_fitted(self)
        Y = np.column_stack([e.predict_proba(X)[:, 1] for e in self.estimators_])
        if len(self.estimators_) == 1:
            Y = np.concatenate((1 - Y, Y), axis=1)
        if not self.multilabel_:
            Y = Y / Y.sum(axis=1)[:, None]
        return Y

    @available_if(_fitted_or_given_has("decision_function"))
    def decision_function(self, X):
        """Each class's binary decision function (n_samples, n_classes); (n_samples,) for two classes."""
        check_is_fitted(self)
        if len(self.estimators_) == 1:
            return self.estimators_[0].decision_function(X)
        return np.column_stack([np.ravel(e.decision_function(X)) for e in self.estimators_])

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        inner = step_tags(self.estimator)
        tags.input_tags.pairwise = inner.input_tags.pairwise
        tags.input_tags.sparse = inner.input_tags.sparse
        tags.classifier_tags.multi_label = True
        tags.target_tags.multi_output = True  # multilabel indicator targets
        return tags


def _ovo_decision(predictions, confidences, n_classes):
    """Votes per class plus the summed confidences squashed into (-1/3, 1/3).

    ``predictions``/``confidences`` (n_samples, n_pairs) are the pair
    classifiers' 0/1 answers and scores, pairs ordered (0,1), (0,2), ..., (1,2)...
    The squashing ``s / (3 (|s| + 1))`` breaks ties between equal vote counts
    without ever overturning a one-vote difference.
    """
    first, second = np.triu_indices(n_classes, k=1)
    n_samples = predictions.shape[0]
    votes = np.zeros((n_samples, n_classes))
    confidence = np.zeros((n_samples, n_classes))
    one_hot_first = np.eye(n_classes)[first]    # (n_pairs, n_classes)
    one_hot_second = np.eye(n_classes)[second]
    votes += (predictions == 0) @ one_hot_first + (predictions == 1) @ one_hot_second
    confidence += confidences @ (one_hot_second - one_hot_first)
    return votes + confidence / (3 * (np.abs(confidence) + 1))


class OneVsOneClassifier(ClassifierMixin, BaseEstimator):
    """One binary classifier per pair of classes, trained on those two classes only.

    Parameters:
        estimator: the binary classifier, cloned for each of the
            n_classes * (n_classes - 1) / 2 pairs.
        n_jobs: threads for fitting (None: one).

    Attributes:
        estimators_: the fitted pair classifiers, pairs (0,1), (0,2), ..., (1,2), ...
        classes_, n_classes_, n_features_in_, feature_names_in_.
        pairwise_indices_: each pair's training rows when the estimator takes a
            precomputed kernel (pairwise input), else None.

    Example:
        >>> import numpy as np
        >>> from ember.learn.neighbors import KNeighborsClassifier
        >>> X = np.array([[0.0], [0.1], [1.0], [1.1], [2.0], [2.1]])
        >>> model = OneVsOneClassifier(KNeighborsClassifier(n_neighbors=1)).fit(X, [0, 0, 1, 1, 2, 2])
        >>> model.predict([[0.05], [2.2]]), len(model.estimators_)
        (array([0, 2]), 3)
    """

    _parameter_constraints = {
        "estimator": "no_validation",
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(self, estimator, *, n_jobs=None):
        self.estimator = estimator
        self.n_jobs = n_jobs

    def fit(self, X, y, **fit_params):
        """Fit one clone of ``estimator`` per pair of classes on those classes' samples."""
        self._validate_params()
        _refuse_fit_params(self, fit_params)
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc"], ensure_all_finite=False)
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) == 1:
            raise ValueError("OneVsOneClassifier can not be fit when only one class is present.")
        first, second = np.triu_indices(len(self.classes_), k=1)
        pairwise = self.__ember_tags__().input_tags.pairwise

        def fit_pair(i, j):
            rows = np.flatnonzero((y == i) | (y == j))
            X_pair = X[rows][:, rows] if pairwise else X[rows]
            return _fit_binary(self.estimator, X_pair, (y[rows] == j).astype(int), [i, j]), rows

        fitted = _parallel_map(fit_pair, [(self.classes_[i], self.classes_[j])
                                          for i, j in zip(first, second)], self.n_jobs)
        self.estimators_ = [estimator for estimator, _ in fitted]
        self.pairwise_indices_ = [rows for _, rows in fitted] if pairwise else None
        return self

    @property
    def n_classes_(self):
        return len(self.classes_)

    def decision_function(self, X):
        """Votes plus tie-breaking confidence per class (n_samples, n_classes); (n_samples,) for two."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse=True, ensure_all_finite=False, reset=False)
        if self.pairwise_indices_ is None:
            inputs = [X] * len(self.estimators_)
        else:
            inputs = [X[:, rows] for rows in self.pairwise_indices_]
        predictions = np.column_stack([e.predict(Xi) for e, Xi in zip(self.estimators_, inputs)])
        confidences = np.column_stack([_binary_scores(e, Xi)
                                       for e, Xi in zip(self.estimators_, inputs)])
        scores = _ovo_decision(predictions, confidences, len(self.classes_))
        return scores[:, 1] if self.n_classes_ == 2 else scores

    def predict(self, X):
        """The class with the most pair votes (ties to the larger summed confidence)."""
        scores = self.decision_function(X)
        if self.n_classes_ == 2:
            return self.classes_[(scores > _binary_threshold(self.estimators_[0])).astype(int)]
        return self.classes_[scores.argmax(axis=1)]

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        inner = step_tags(self.estimator)
        tags.input_tags.pairwise = inner.input_tags.pairwise
        tags.input_tags.sparse = inner.input_tags.sparse
        return tags
