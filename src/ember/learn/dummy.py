"""Baselines that ignore the features: ``DummyClassifier`` and ``DummyRegressor``.

A real model is only worth its complexity if it beats these. HOML (chapter 3)
shows that a classifier that always says "not 5" is over 90 % accurate on
MNIST, which is why accuracy alone misleads on skewed classes.
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp

from .base import BaseEstimator, ClassifierMixin, RegressorMixin
from .utils._param_validation import Interval, StrOptions
from .utils.validation import (
    _check_sample_weight,
    _num_samples,
    check_array,
    check_consistent_length,
    check_is_fitted,
    check_random_state,
    validate_data,
)


def _as_sized(X):
    """``X`` itself, or as an array when it only offers ``__array__`` (no length or shape)."""
    if not hasattr(X, "__len__") and not hasattr(X, "shape") and hasattr(X, "__array__"):
        return np.asarray(X)
    return X


def _class_distribution(y, sample_weight):
    """Per output column of ``y``: its sorted classes, their number and their weighted frequencies."""
    classes, counts, priors = [], [], []
    for k in range(y.shape[1]):
        labels, codes = np.unique(y[:, k], return_inverse=True)
        frequencies = np.bincount(codes.ravel(), weights=sample_weight, minlength=labels.size)
        classes.append(labels)
        counts.append(labels.size)
        priors.append(frequencies / frequencies.sum())
    return classes, counts, priors


class _FeatureBlindMixin:
    """What both baselines share: any ``X`` (only its length counts), ``score(None, y)``."""

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        tags.no_validation = True
        for kind_tags in (tags.classifier_tags, tags.regressor_tags):
            if kind_tags is not None:
                kind_tags.poor_score = True
        return tags

    def _start_fit(self, X):
        self._validate_params()
        X = _as_sized(X)
        validate_data(self, X, skip_check_array=True)
        return X

    def score(self, X, y, sample_weight=None):
        """The mixin's score (accuracy or R^2) on ``y``; ``X`` may be None, as predictions ignore it."""
        if X is None:
            X = np.zeros((len(y), 1))
        return super().score(X, y, sample_weight)


class DummyClassifier(_FeatureBlindMixin, ClassifierMixin, BaseEstimator):
    """A classifier that predicts from the class frequencies alone, ignoring ``X``.

    Args:
        strategy: ``"prior"`` (predict the most frequent class, ``predict_proba``
            returns the class priors), ``"most_frequent"`` (the most frequent
            class, with probability 1), ``"stratified"`` (random one-hot draws
            from the priors), ``"uniform"`` (classes drawn uniformly) or
            ``"constant"`` (always ``constant``).
        random_state: seed of the ``"stratified"`` and ``"uniform"`` draws.
        constant: the label predicted by ``"constant"`` (one per output).

    Attributes:
        classes_: the class labels (a list of arrays for several outputs).
        n_classes_: their number (a list for several outputs).
        class_prior_: the (weighted) frequency of each class.
        n_outputs_: the number of outputs.
        sparse_output_: whether ``predict`` returns a sparse matrix (``y`` was sparse).
        n_features_in_: the number of features seen in ``fit`` (when ``X`` has a shape).

    Example:
        >>> import numpy as np
        >>> X = np.zeros((5, 1))
        >>> y = np.array([5, 0, 0, 0, 5]) == 5
        >>> never_5 = DummyClassifier(strategy="most_frequent").fit(X, y)
        >>> never_5.predict(X).tolist(), never_5.score(X, y)
        ([False, False, False, False, False], 0.6)
    """

    _parameter_constraints = {
        "strategy": [StrOptions({"most_frequent", "prior", "stratified", "uniform", "constant"})],
        "random_state": ["random_state"],
        "constant": [numbers.Integral, str, "array-like", None],
    }

    def __init__(self, *, strategy="prior", random_state=None, constant=None):
        self.strategy = strategy
        self.random_state = random_state
        self.constant = constant

    def fit(self, X, y, sample_weight=None):
        """Record the classes and their (weighted) frequencies in ``y``; ``X`` only gives the length."""
        X = self._start_fit(X)
        self._strategy = self.strategy
        if self._strategy == "uniform" and sp.issparse(y):
            y = y.toarray()
            warnings.warn(
                "A local copy of the target data has been converted to a numpy array. "
                "Predicting on sparse target data with the uniform strategy would not save "
                "memory and would be slower.",
                UserWarning,
                stacklevel=2,
            )
        self.sparse_output_ = sp.issparse(y)
        y = y.toarray() if self.sparse_output_ else np.asarray(y)
        y = np.atleast_1d(y)
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        self.n_outputs_ = y.shape[1]
        check_consistent_length(X, y)
        if sample_weight is not None:
            sample_weight = _as_sized(sample_weight)
            sample_weight = _check_sample_weight(sample_weight, X)
        if self._strategy == "constant":
            if self.constant is None:
                raise ValueError(
                    "Constant target value has to be specified when the constant strategy is "
                    "used."
                )
            constant = np.reshape(np.atleast_1d(self.constant), (-1, 1))
            if constant.shape[0] != self.n_outputs_:
                raise ValueError(f"Constant target value should have shape ({self.n_outputs_}, 1).")
        self.classes_, self.n_classes_, self.class_prior_ = _class_distribution(y, sample_weight)
        if self._strategy == "constant":
            for k in range(self.n_outputs_):
                if not any(constant[k][0] == c for c in self.classes_[k]):
                    raise ValueError(
                        "The constant target value must be present in the training data. You "
                        f"provided constant={self.constant}. Possible values are: "
                        f"{self.classes_[k].tolist()}."
                    )
        if self.n_outputs_ == 1:
            self.n_classes_, self.classes_ = self.n_classes_[0], self.classes_[0]
            self.class_prior_ = self.class_prior_[0]
        return self

    def _per_output(self):
        if self.n_outputs_ == 1:
            return [self.classes_], [self.n_classes_], [self.class_prior_], [self.constant]
        constant = self.constant if self.constant is not None else [None] * self.n_outputs_
        return self.classes_, self.n_classes_, self.class_prior_, list(np.ravel(constant))

    def predict(self, X):
        """The baseline's labels for the ``len(X)`` samples, shape (n_samples,) or (n_samples, n_outputs)."""
        check_is_fitted(self)
        n_samples = _num_samples(_as_sized(X))
        random = check_random_state(self.random_state)
        classes, n_classes, priors, constants = self._per_output()
        if self._strategy in ("most_frequent", "prior"):
            row = [classes[k][priors[k].argmax()] for k in range(self.n_outputs_)]
            y = np.tile(row, (n_samples, 1))
        elif self._strategy == "stratified":
            proba = self.predict_proba(X)
            proba = [proba] if self.n_outputs_ == 1 else proba
            y = np.vstack([classes[k][proba[k].argmax(axis=1)] for k in range(self.n_outputs_)]).T
        elif self._strategy == "uniform":
            y = np.vstack([classes[k][random.randint(n_classes[k], size=n_samples)]
                           for k in range(self.n_outputs_)]).T
        else:
            y = np.tile(np.asarray(constants), (n_samples, 1))
        if self.sparse_output_:
            return sp.csc_matrix(y)
        if self.n_outputs_ == 1:
            y = np.ravel(y)
        return y

    def predict_proba(self, X):
        """Class probabilities, shape (n_samples, n_classes) (a list of such per output)."""
        check_is_fitted(self)
        n_samples = _num_samples(_as_sized(X))
        random = check_random_state(self.random_state)
        classes, n_classes, priors, constants = self._per_output()
        probabilities = []
        for k in range(self.n_outputs_):
            if self._strategy == "most_frequent":
                out = np.zeros((n_samples, n_classes[k]))
                out[:, priors[k].argmax()] = 1.0
            elif self._strategy == "prior":
                out = np.ones((n_samples, 1)) * priors[k]
            elif self._strategy == "stratified":
                out = random.multinomial(1, priors[k], size=n_samples).astype(np.float64)
            elif self._strategy == "uniform":
                out = np.full((n_samples, n_classes[k]), 1.0 / n_classes[k])
            else:
                out = np.zeros((n_samples, n_classes[k]))
                out[:, classes[k] == constants[k]] = 1.0
            probabilities.append(out)
        return probabilities[0] if self.n_outputs_ == 1 else probabilities

    def predict_log_proba(self, X):
        """The logarithm of ``predict_proba`` (``-inf`` for impossible classes)."""
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            if self.n_outputs_ == 1:
                return np.log(proba)
            return [np.log(p) for p in proba]



def _weighted_quantile(values, weight, quantile):
    """The smallest value whose cumulative weight reaches ``quantile`` of the total (inverted CDF)."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weight[order])
    target = quantile * cumulative[-1]
    if target == 0:  # skip leading zero weights
        target = np.nextafter(target, 1)
    position = min(np.searchsorted(cumulative, target), values.size - 1)
    return values[order[position]]


class DummyRegressor(_FeatureBlindMixin, RegressorMixin, BaseEstimator):
    """A regressor that predicts one statistic of the training targets, ignoring ``X``.

    Args:
        strategy: ``"mean"``, ``"median"``, ``"quantile"`` (with ``quantile``)
            or ``"constant"`` (with ``constant``); all honour ``sample_weight``.
        constant: the value(s) predicted by ``"constant"``.
        quantile: the quantile in [0, 1] predicted by ``"quantile"``.

    Attributes:
        constant_: the predicted value per output, shape (1, n_outputs).
        n_outputs_: the number of outputs.
        n_features_in_: the number of features seen in ``fit`` (when ``X`` has a shape).

    Example:
        >>> import numpy as np
        >>> DummyRegressor(strategy="median").fit(np.zeros((4, 1)), [1.0, 2.0, 3.0, 10.0]).predict(np.zeros((2, 1)))
        array([2.5, 2.5])
    """

    _parameter_constraints = {
        "strategy": [StrOptions({"mean", "median", "quantile", "constant"})],
        "quantile": [Interval(numbers.Real, 0.0, 1.0, closed="both"), None],
        "constant": [Interval(numbers.Real, None, None, closed="neither"), "array-like", None],
    }

    def __init__(self, *, strategy="mean", constant=None, quantile=None):
        self.strategy = strategy
        self.constant = constant
        self.quantile = quantile

    def fit(self, X, y, sample_weight=None):
        """Compute the statistic of ``y`` (per output) that ``predict`` returns."""
        X = self._start_fit(X)
        y = check_array(y, ensure_2d=False, input_name="y")
        if len(y) == 0:
            raise ValueError("y must not be empty.")
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        self.n_outputs_ = y.shape[1]
        sample_weight = None if sample_weight is None else _as_sized(sample_weight)
        check_consistent_length(X, y, sample_weight)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X)
        if self.strategy == "mean":
            self.constant_ = np.average(y, axis=0, weights=sample_weight)
        elif self.strategy in ("median", "quantile"):
            if self.strategy == "quantile" and self.quantile is None:
                raise ValueError(
                    "When using `strategy='quantile', you have to specify the desired quantile "
                    "in the range [0, 1]."
                )
            quantile = 0.5 if self.strategy == "median" else self.quantile
            if sample_weight is None:
                self.constant_ = np.percentile(y, axis=0, q=quantile * 100.0)
            else:
                self.constant_ = np.array([_weighted_quantile(y[:, k], sample_weight, quantile)
                                           for k in range(self.n_outputs_)])
        else:
            if self.constant is None:
                raise TypeError(
                    "Constant target value has to be specified when the constant strategy is "
                    "used."
                )
            constant = check_array(self.constant, accept_sparse=["csr", "csc", "coo"],
                                   ensure_2d=False, ensure_min_samples=0)
            if self.n_outputs_ != 1 and constant.shape[0] != y.shape[1]:
                raise ValueError(f"Constant target value should have shape ({y.shape[1]}, 1).")
            self.constant_ = constant
        self.constant_ = np.reshape(self.constant_, (1, -1))
        return self

    def predict(self, X, return_std=False):
        """``constant_`` repeated for the ``len(X)`` samples; with ``return_std``, also zeros."""
        check_is_fitted(self)
        n_samples = _num_samples(_as_sized(X))
        y = np.full((n_samples, self.n_outputs_), self.constant_, dtype=np.array(self.constant_).dtype)
        std = np.zeros((n_samples, self.n_outputs_))
        if self.n_outputs_ == 1:
            y, std = np.ravel(y), np.ravel(std)
        return (y, std) if return_std else y

