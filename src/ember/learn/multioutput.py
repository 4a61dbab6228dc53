"""``ember.learn.multioutput``: one estimator per target column.

``MultiOutputRegressor`` and ``MultiOutputClassifier`` fit a clone of a
single-output estimator on each column of a 2-D target and stack their
predictions (HOML chapter 3 uses multioutput targets for multilabel
classification and image denoising). Any estimator serves, ember's or
scikit-learn's; ``n_jobs`` fits the columns on threads.
"""

import inspect
import numbers

import numpy as np

from .base import BaseEstimator, ClassifierMixin, RegressorMixin, clone, is_classifier
from .multiclass import _copy_input_attributes, _fitted_or_given_has, _parallel_map
from .pipeline._composition import available_if, step_tags
from .utils import check_is_fitted, validate_data
from .utils.multiclass import check_classification_targets

__all__ = ["MultiOutputClassifier", "MultiOutputRegressor"]


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
