"""HistGradientBoostingRegressor and HistGradientBoostingClassifier (HOML ch7).

Gradient boosting on binned features (Ke et al. 2017, "LightGBM"): every
feature is cut into at most 255 quantile bins once, so finding a split means
scanning a histogram of gradient sums instead of sorting samples, and each
tree is a Newton step on the loss grown leaf-wise. Missing values get a bin of
their own and are sent, at each split, to the side with the better gain;
categorical features split into subsets of categories. See ``_base`` for the
boosting loop and ``_grower`` for the trees.
"""

from numbers import Real

import numpy as np

from .._base import store_parameters
from ...base import ClassifierMixin, RegressorMixin
from ...utils._param_validation import Interval, StrOptions
from ...utils.multiclass import check_classification_targets
from ...utils.validation import check_is_fitted
from ._base import BaseHistGradientBoosting
from ._loss import make_loss

_COMMON_PARAMETERS = """
    learning_rate : float, default=0.1
        Shrinkage: each tree's leaf values are multiplied by it.
    max_iter : int, default=100
        Maximum number of boosting iterations (trees per output).
    max_leaf_nodes : int or None, default=31
        Maximum number of leaves of each tree (grown best first); None: no limit.
    max_depth : int or None, default=None
        Maximum depth of each tree (edges from the root); None: no limit.
    min_samples_leaf : int, default=20
        Minimum number of samples in each leaf.
    l2_regularization : float, default=0
        L2 penalty on the leaf values: a leaf's value is ``-G / (H + l2_regularization)``.
    max_features : float, default=1.0
        Share of the (allowed) features drawn at random for each split.
    max_bins : int, default=255
        Maximum number of bins of non-missing values per feature (at most 255);
        one more bin always holds the missing values.
    categorical_features : array-like of {bool, int, str} or "from_dtype" or None, \
default="from_dtype"
        The categorical features: a boolean mask, integer indices, column names,
        ``"from_dtype"`` (the pandas ``category`` columns of a DataFrame) or None.
        Each may have at most ``max_bins`` categories; unknown categories are
        treated as missing at prediction.
    monotonic_cst : array-like of int of shape (n_features,) or dict, default=None
        Per feature, 1 (increasing), -1 (decreasing) or 0 (no constraint); a
        dict maps feature names to constraints.
    interaction_cst : {"pairwise", "no_interactions"} or sequence of sets of int, default=None
        Groups of features that may interact: a branch only splits on features
        of one group containing every feature already split on above it.
    warm_start : bool, default=False
        Keep the fitted trees and add new ones up to ``max_iter`` on the next ``fit``.
    early_stopping : "auto" or bool, default="auto"
        Stop when the validation score stops improving; "auto": when
        ``n_samples > 10_000``.
    scoring : str, callable or None, default="loss"
        The early-stopping score: "loss" (minus the loss), a scorer name or
        callable, or None (the estimator's ``score``).
    validation_fraction : int, float or None, default=0.1
        Share (or number) of the training samples held out for early stopping;
        None: score on the training data.
    n_iter_no_change : int, default=10
        Stop when none of the last ``n_iter_no_change`` scores beats the one
        before them by more than ``tol``.
    tol : float, default=1e-7
        Minimum improvement of the score.
    verbose : int, default=0
        Print progress when positive.
    random_state : int, RandomState instance or None, default=None
        Seeds the validation split, the binning subsample and feature subsampling."""

_COMMON_ATTRIBUTES = """
    do_early_stopping_ : bool
        Whether early stopping was used.
    n_iter_ : int
        Number of boosting iterations.
    n_trees_per_iteration_ : int
        Trees per iteration (the number of classes for multiclass, else 1).
    train_score_ : ndarray of shape (n_iter_ + 1,)
        Score on the training data before the first tree and after each
        iteration (empty without early stopping).
    validation_score_ : ndarray of shape (n_iter_ + 1,)
        The same on the validation data.
    is_categorical_ : ndarray of shape (n_features,) or None
        Mask of the categorical features.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features, when ``X`` has string column names."""


class HistGradientBoostingRegressor(RegressorMixin, BaseHistGradientBoosting):
    __doc__ = f"""Histogram-based gradient-boosted regression trees.

    Parameters
    ----------
    loss : {{"squared_error", "absolute_error", "gamma", "poisson", "quantile"}}, \
default="squared_error"
        The loss: half squared error, absolute error, half gamma or Poisson
        deviance (log link, ``y > 0`` / ``y >= 0``) or pinball loss at ``quantile``.
    quantile : float, default=None
        The quantile estimated by ``loss="quantile"`` (between 0 and 1).{_COMMON_PARAMETERS}

    Attributes
    ----------{_COMMON_ATTRIBUTES}

    Examples
    --------
    >>> import numpy as np
    >>> from ember.learn.ensemble import HistGradientBoostingRegressor
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(-2, 2, size=(500, 2))
    >>> y = X[:, 0] ** 2 + X[:, 1]
    >>> model = HistGradientBoostingRegressor(max_iter=50).fit(X, y)
    >>> model.score(X, y) > 0.99
    True
    """

    _parameter_constraints = {
        **BaseHistGradientBoosting._parameter_constraints,
        "loss": [StrOptions({"squared_error", "absolute_error", "poisson", "gamma", "quantile"})],
        "quantile": [Interval(Real, 0, 1, closed="both"), None],
    }

    def __init__(self, loss="squared_error", *, quantile=None, learning_rate=0.1, max_iter=100,
                 max_leaf_nodes=31, max_depth=None, min_samples_leaf=20, l2_regularization=0.0,
                 max_features=1.0, max_bins=255, categorical_features="from_dtype",
                 monotonic_cst=None, interaction_cst=None, warm_start=False,
                 early_stopping="auto", scoring="loss", validation_fraction=0.1,
                 n_iter_no_change=10, tol=1e-7, verbose=0, random_state=None):
        store_parameters(self, locals())

    def predict(self, X):
        """Predicted values, shape ``(n_samples,)``."""
        check_is_fitted(self)
        return self._loss.inverse_link(self._raw_predict(X)[:, 0])

    def staged_predict(self, X):
        """The predictions after each iteration (a generator)."""
        check_is_fitted(self)
        for raw in self._staged_raw_predict(X):
            yield self._loss.inverse_link(raw[:, 0])

    def _encode_y(self, y):
        self.n_trees_per_iteration_ = 1
        y = y.astype(np.float64, copy=False)
        if self.loss == "gamma" and not np.all(y > 0):
            raise ValueError("loss='gamma' requires strictly positive y.")
        if self.loss == "poisson" and not (np.all(y >= 0) and np.sum(y) > 0):
            raise ValueError("loss='poisson' requires non-negative y and sum(y) > 0.")
        return y

    def _encode_y_val(self, y):
        return self._encode_y(y)

    def _get_loss(self, sample_weight):
        if self.loss == "quantile":
            if self.quantile is None:
                raise TypeError("quantile must be an instance of float, not NoneType.")
            if self.quantile <= 0:
                raise ValueError(f"quantile == {self.quantile}, must be > 0.")
            if self.quantile >= 1:
                raise ValueError(f"quantile == {self.quantile}, must be < 1.")
        return make_loss(self.loss, sample_weight, quantile=self.quantile)


class HistGradientBoostingClassifier(ClassifierMixin, BaseHistGradientBoosting):
    __doc__ = f"""Histogram-based gradient-boosted classification trees.

    Binary problems grow one tree per iteration on the log-odds; ``K > 2``
    classes grow ``K`` trees per iteration, one per class's softmax output.

    Parameters
    ----------
    loss : {{"log_loss"}}, default="log_loss"
        Binary or multinomial cross-entropy.{_COMMON_PARAMETERS}
    class_weight : dict or "balanced", default=None
        Weights of the classes ``{{label: weight}}`` (multiplied into
        ``sample_weight``); "balanced": ``n_samples / (n_classes * count)``.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels.{_COMMON_ATTRIBUTES}

    Examples
    --------
    >>> from ember.learn.datasets import load_iris
    >>> from ember.learn.ensemble import HistGradientBoostingClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> HistGradientBoostingClassifier().fit(X, y).score(X, y)
    1.0
    """

    _parameter_constraints = {
        **BaseHistGradientBoosting._parameter_constraints,
        "loss": [StrOptions({"log_loss"})],
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }

    def __init__(self, loss="log_loss", *, learning_rate=0.1, max_iter=100, max_leaf_nodes=31,
                 max_depth=None, min_samples_leaf=20, l2_regularization=0.0, max_features=1.0,
                 max_bins=255, categorical_features="from_dtype", monotonic_cst=None,
                 interaction_cst=None, warm_start=False, early_stopping="auto", scoring="loss",
                 validation_fraction=0.1, n_iter_no_change=10, tol=1e-7, verbose=0,
                 random_state=None, class_weight=None):
        store_parameters(self, locals())

    def predict(self, X):
        """Predicted class labels, shape ``(n_samples,)``."""
        return self._labels(self._raw_predict(X))

    def staged_predict(self, X):
        """The predicted labels after each iteration (a generator)."""
        for raw in self._staged_raw_predict(X):
            yield self._labels(raw)

    def predict_proba(self, X):
        """Class probabilities, shape ``(n_samples, n_classes)``."""
        check_is_fitted(self)
        return self._loss.predict_proba(self._raw_predict(X))

    def staged_predict_proba(self, X):
        """The class probabilities after each iteration (a generator)."""
        check_is_fitted(self)
        for raw in self._staged_raw_predict(X):
            yield self._loss.predict_proba(raw)

    def decision_function(self, X):
        """Raw scores: ``(n_samples,)`` log-odds for two classes, else one per class."""
        raw = self._raw_predict(X)
        return raw[:, 0] if raw.shape[1] == 1 else raw

    def staged_decision_function(self, X):
        """The raw scores after each iteration (a generator)."""
        for raw in self._staged_raw_predict(X):
            yield raw[:, 0] if raw.shape[1] == 1 else raw

    def _labels(self, raw):
        # two classes: class 1 only for a positive score (argmax's tie rule)
        codes = (raw[:, 0] > 0).astype(int) if raw.shape[1] == 1 else np.argmax(raw, axis=1)
        return self.classes_[codes]

    def _encode_y(self, y):
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.n_trees_per_iteration_ = 1 if len(self.classes_) <= 2 else len(self.classes_)
        return codes.ravel().astype(np.float64)

    def _encode_y_val(self, y):
        codes = np.searchsorted(self.classes_, y)
        codes = np.minimum(codes, len(self.classes_) - 1)
        if not np.all(self.classes_[codes] == y):
            unseen = sorted(set(np.asarray(y)[self.classes_[codes] != y].tolist()))
            raise ValueError(f"y contains previously unseen labels: {unseen}")
        return codes.astype(np.float64)

    def _finalize_sample_weight(self, sample_weight, y):
        if self.class_weight is None:
            return sample_weight
        from ...linear_model._linear_classifier import _class_weights

        labels = self.classes_[y.astype(int)]
        weights = _class_weights(self.class_weight, self.classes_, labels)[y.astype(int)]
        return weights if sample_weight is None else sample_weight * weights

    def _get_loss(self, sample_weight):
        return make_loss("log_loss", sample_weight, n_classes=len(self.classes_))
