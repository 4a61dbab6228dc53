"""``KNeighborsClassifier`` and ``RadiusNeighborsClassifier``: the (weighted) vote of the neighbours.

Targets may be one column of labels or several (multi-output and
multi-label indicator ``y``, as HOML chapter 3 uses): each column gets its own
``classes_`` and its own vote. A tied vote goes to the class that sorts first.
"""

import numbers
import warnings

import numpy as np

from ..base import BaseEstimator, ClassifierMixin
from ..exceptions import DataConversionWarning, compatible
from ..utils import check_is_fitted
from ..utils.multiclass import check_classification_targets
from ._base import KNeighborsMixin, NeighborsBase, RadiusNeighborsMixin, _constraints, _get_weights


def _vote(codes, weights, n_classes):
    """Per-query class totals (n_queries, n_classes) of the neighbours' class codes (n_queries, k)."""
    n_queries = codes.shape[0]
    flat = (codes + n_classes * np.arange(n_queries)[:, None]).ravel()
    totals = np.bincount(flat, weights=None if weights is None else weights.ravel(),
                         minlength=n_queries * n_classes)
    return totals.reshape(n_queries, n_classes).astype(np.float64, copy=False)


class _NeighborsClassifierBase(ClassifierMixin, NeighborsBase):
    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.classifier_tags.multi_label = True
        tags.target_tags.multi_output = True
        return tags

    def fit(self, X, y):
        """Store ``X`` (n_samples, n_features) and the labels ``y`` (n_samples,) or (n_samples, n_outputs)."""
        _, y = self._fit(X, y)
        y = np.asarray(y)
        if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            if y.ndim != 1:
                warnings.warn(
                    "A column-vector y was passed when a 1d array was expected. Please change "
                    "the shape of y to (n_samples,), for example using ravel().",
                    compatible(DataConversionWarning), stacklevel=2,
                )
            self.outputs_2d_ = False
            y = y.reshape(-1, 1)
        else:
            self.outputs_2d_ = True
        check_classification_targets(y)
        classes, codes = [], np.empty(y.shape, dtype=np.intp)
        for j in range(y.shape[1]):
            labels, codes[:, j] = np.unique(y[:, j], return_inverse=True)
            classes.append(labels)
        self.classes_ = classes if self.outputs_2d_ else classes[0]
        self._y = codes if self.outputs_2d_ else codes.ravel()
        return self

    def _output_classes(self):
        return self.classes_ if self.outputs_2d_ else [self.classes_]

    def _output_codes(self):
        return self._y.reshape(len(self._y), -1)


class KNeighborsClassifier(KNeighborsMixin, _NeighborsClassifierBase, BaseEstimator):
    """Classification by the vote of the k nearest training points.

    Parameters:
        n_neighbors: k (5).
        weights: ``"uniform"``, ``"distance"`` (votes weighted 1/d; exact matches
            take all the weight) or a callable mapping the (n_queries, k) distances
            to weights.
        algorithm, leaf_size, p, metric, metric_params, n_jobs: as ``NearestNeighbors``.

    Attributes:
        classes_: the labels (one array per output for 2-D ``y``).
        outputs_2d_: whether ``y`` had several columns.
        effective_metric_, effective_metric_params_, n_samples_fit_, n_features_in_.

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> model = KNeighborsClassifier(n_neighbors=3).fit(X, [0, 0, 1, 1])
        >>> model.predict([[1.1]]), model.predict_proba([[1.1]]).round(2)
        (array([0]), array([[0.67, 0.33]]))
    """

    _parameter_constraints = _constraints("k")

    def __init__(self, n_neighbors=5, *, weights="uniform", algorithm="auto", leaf_size=30, p=2,
                 metric="minkowski", metric_params=None, n_jobs=None):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def predict(self, X):
        """The winning class of each query's neighbours (n_queries,) or (n_queries, n_outputs)."""
        check_is_fitted(self)
        ind, weights = self._neighbour_weights(X)
        codes = self._output_codes()
        columns = [labels[_vote(codes[ind, j], weights, len(labels)).argmax(axis=1)]
                   for j, labels in enumerate(self._output_classes())]
        return np.stack(columns, axis=1) if self.outputs_2d_ else columns[0]

    def predict_proba(self, X):
        """Class probabilities (n_queries, n_classes): the neighbours' (weighted) vote shares.

        A list of such arrays, one per output, for 2-D ``y``.
        """
        check_is_fitted(self)
        ind, weights = self._neighbour_weights(X)
        codes = self._output_codes()
        probabilities = []
        for j, labels in enumerate(self._output_classes()):
            totals = _vote(codes[ind, j], weights, len(labels))
            sums = totals.sum(axis=1, keepdims=True)
            sums[sums == 0] = 1.0
            probabilities.append(totals / sums)
        return probabilities if self.outputs_2d_ else probabilities[0]


class RadiusNeighborsClassifier(RadiusNeighborsMixin, _NeighborsClassifierBase, BaseEstimator):
    """Classification by the vote of the training points within ``radius``.

    Parameters:
        radius: the neighbourhood radius (1.0).
        weights, algorithm, leaf_size, p, metric, metric_params, n_jobs: as
            ``KNeighborsClassifier``.
        outlier_label: the label of queries with no neighbour in range: None
            (raise ``ValueError``), a label, ``"most_frequent"``, or one per output.

    Attributes:
        classes_, outputs_2d_, outlier_label_, effective_metric_, n_samples_fit_.

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> RadiusNeighborsClassifier(radius=1.0).fit(X, [0, 0, 1, 1]).predict([[0.4]])
        array([0])
    """

    _parameter_constraints = {
        **_constraints("radius"),
        "outlier_label": [numbers.Integral, str, "array-like", None],
    }

    def __init__(self, radius=1.0, *, weights="uniform", algorithm="auto", leaf_size=30, p=2,
                 metric="minkowski", outlier_label=None, metric_params=None, n_jobs=None):
        self.radius = radius
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.outlier_label = outlier_label
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def fit(self, X, y):
        """Store ``X`` and ``y`` and resolve ``outlier_label_`` (one label per output)."""
        super().fit(X, y)
        classes, codes = self._output_classes(), self._output_codes()
        if self.outlier_label is None:
            labels = None
        elif isinstance(self.outlier_label, str) and self.outlier_label == "most_frequent":
            labels = [c[np.bincount(codes[:, j]).argmax()] for j, c in enumerate(classes)]
        else:
            given = self.outlier_label
            if np.ndim(given) == 0:
                labels = [given] * len(classes)
            else:
                labels = list(given)
                if len(labels) != len(classes):
                    raise ValueError(f"The length of outlier_label: {given} is inconsistent with "
                                     f"the output length: {len(classes)}")
        self.outlier_label_ = labels
        return self

    def _radius_votes(self, X):
        """Per output, the vote shares (n_queries, n_classes); and which queries had no neighbour."""
        check_is_fitted(self)
        dist, ind = self.radius_neighbors(X)
        n_queries = len(ind)
        counts = np.fromiter((len(i) for i in ind), dtype=np.intp, count=n_queries)
        empty = counts == 0
        if empty.any() and self.outlier_label_ is None:
            raise ValueError(
                "No neighbors found for test samples "
                f"{np.flatnonzero(empty)!r}, you can try using larger radius, giving a label for "
                "outliers, or considering removing them from your dataset."
            )
        weights = _get_weights(dist, self.weights)
        flat = np.concatenate(list(ind)).astype(np.intp) if n_queries else np.empty(0, np.intp)
        rows = np.repeat(np.arange(n_queries), counts)
        w = np.ones(len(flat)) if weights is None else np.concatenate(list(weights)).astype(float)
        codes = self._output_codes()
        shares = []
        for j, labels in enumerate(self._output_classes()):
            totals = np.bincount(rows * len(labels) + codes[flat, j], weights=w,
                                 minlength=n_queries * len(labels)).reshape(n_queries, len(labels))
            if empty.any():
                # An outlier label that is a known class gets all the probability.
                known = np.flatnonzero(labels == self.outlier_label_[j])
                if known.size:
                    totals[empty, known[0]] = 1.0
                else:
                    warnings.warn(f"Outlier label {self.outlier_label_[j]} is not in training "
                                  "classes. All class probabilities of outliers will be assigned "
                                  "with 0.")
            sums = totals.sum(axis=1, keepdims=True)
            sums[sums == 0] = 1.0
            shares.append(totals / sums)
        return shares, empty

    def predict_proba(self, X):
        """Vote shares (n_queries, n_classes) (a list, one per output, for 2-D ``y``); a query
        with no neighbour in range is one-hot on ``outlier_label_`` if that is a class, else zero."""
        shares, _ = self._radius_votes(X)
        return shares if self.outputs_2d_ else shares[0]

    def predict(self, X):
        """The winning class within ``radius``; ``outlier_label_`` where no neighbour is in range."""
        shares, empty = self._radius_votes(X)
        columns = []
        for j, (labels, share) in enumerate(zip(self._output_classes(), shares)):
            column = labels[share.argmax(axis=1)]
            if empty.any():
                outlier = np.asarray(self.outlier_label_[j])
                column = column.astype(np.result_type(column.dtype, outlier.dtype))
                column[empty] = outlier
            columns.append(column)
        return np.stack(columns, axis=1) if self.outputs_2d_ else columns[0]
