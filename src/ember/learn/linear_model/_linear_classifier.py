"""Mixins shared by the linear classifiers: scores, labels and probabilities from ``coef_``.

A fitted linear classifier holds ``coef_`` (``(1, n_features)`` for two classes,
``(n_classes, n_features)`` otherwise), ``intercept_`` and ``classes_``. Its
decision function is ``X @ coef_.T + intercept_`` (one column raveled for two
classes), its prediction the class of the largest score (positive score:
``classes_[1]``). ``SparseCoefMixin`` lets a model store ``coef_`` as a SciPy
sparse matrix (useful after an L1 fit) and back.
"""

import numpy as np
import scipy.sparse as sp

from ..utils.validation import check_is_fitted, validate_data


def _linear_scores(X, coef, intercept):
    """``X @ coef.T + intercept`` as a dense array, for dense or sparse ``X`` and ``coef``."""
    if sp.issparse(coef):
        scores = np.asarray((coef @ X.T).T.todense() if sp.issparse(X) else (coef @ X.T).T)
    else:
        scores = X @ coef.T
        if sp.issparse(scores):
            scores = scores.toarray()
    return np.asarray(scores) + intercept


class LinearClassifierMixin:
    """``decision_function``, ``predict`` and one-vs-rest logistic probabilities for a linear model.

    Needs the fitted attributes ``coef_``, ``intercept_`` and ``classes_``.

    Example:
        >>> import numpy as np
        >>> from ember.learn.base import BaseEstimator, ClassifierMixin
        >>> class Fixed(LinearClassifierMixin, ClassifierMixin, BaseEstimator):
        ...     def fit(self, X, y):
        ...         self.coef_, self.intercept_ = np.array([[1.0, -1.0]]), np.array([0.5])
        ...         self.classes_, self.n_features_in_ = np.array(["no", "yes"]), 2
        ...         return self
        >>> model = Fixed().fit([[0, 0]], ["no"])
        >>> model.decision_function([[1, 0], [0, 2]])
        array([ 1.5, -1.5])
        >>> model.predict([[1, 0], [0, 2]]).tolist()
        ['yes', 'no']
    """

    def decision_function(self, X):
        """Confidence scores: the signed distance (times ``||coef_||``) to each class's hyperplane.

        Args:
            X: array-like or sparse matrix of shape ``(n_samples, n_features)``.

        Returns:
            ``(n_samples,)`` for two classes (positive means ``classes_[1]``),
            ``(n_samples, n_classes)`` otherwise.
        """
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        scores = _linear_scores(X, self.coef_, self.intercept_)
        # binary models keep coef_ as (1, n_features), or (n_features,) for ridge
        return scores.ravel() if scores.ndim == 1 or scores.shape[1] == 1 else scores

    def predict(self, X):
        """The class label of each sample: ``classes_`` at the largest score."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            indices = (scores > 0).astype(np.intp)
        else:
            indices = scores.argmax(axis=1)
        return np.take(self.classes_, indices, axis=0)

    def _predict_proba_lr(self, X):
        """One-vs-rest probabilities: the sigmoid of each score, rows normalised to sum to one."""
        from scipy.special import expit

        probabilities = expit(self.decision_function(X))
        if probabilities.ndim == 1:
            return np.column_stack([1.0 - probabilities, probabilities])
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        return probabilities


class SparseCoefMixin:
    """``densify`` and ``sparsify``: store ``coef_`` as a dense array or a CSR matrix.

    A sparse ``coef_`` saves memory and time when most coefficients are zero
    (after an L1 penalty); the decision function accepts either form.
    """

    def densify(self):
        """Turn ``coef_`` back into a dense NumPy array (the default form); returns ``self``."""
        check_is_fitted(self, msg="Estimator, %(name)s, must be fitted before densifying.")
        if sp.issparse(self.coef_):
            self.coef_ = self.coef_.toarray()
        return self

    def sparsify(self):
        """Store ``coef_`` as a ``scipy.sparse.csr_matrix``; returns ``self``.

        Only worth it when most coefficients are zero (``(coef_ == 0).mean()``
        well above one half); ``densify`` undoes it and must be called before
        refitting with ``partial_fit``.
        """
        check_is_fitted(self, msg="Estimator, %(name)s, must be fitted before sparsifying.")
        self.coef_ = sp.csr_matrix(self.coef_)
        return self


def _class_weights(class_weight, classes, y, sample_weight=None):
    """The weight of each class in ``classes`` (ordered as ``classes``).

    ``class_weight`` is None (all ones), ``"balanced"`` (total weight over
    ``n_classes`` times each class's weight, so every class weighs the same in
    total) or a dict ``{label: weight}`` (missing labels weigh 1).
    """
    if class_weight is None or (isinstance(class_weight, dict) and not class_weight):
        return np.ones(len(classes))
    if isinstance(class_weight, str) and class_weight == "balanced":
        codes = np.searchsorted(classes, y)
        if not np.array_equal(np.unique(y), classes):
            raise ValueError("classes should have valid labels that are in y")
        weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        counts = np.bincount(codes, weights=weight, minlength=len(classes))
        return counts.sum() / (len(classes) * counts)
    weights = np.ones(len(classes))
    unweighted = []
    for i, label in enumerate(classes):
        key = label.item() if hasattr(label, "item") else label
        if key in class_weight:
            weights[i] = class_weight[key]
        else:
            unweighted.append(key)
    if unweighted and len(classes) - len(unweighted) != len(class_weight):
        raise ValueError(f"The classes, {unweighted}, are not in class_weight")
    return weights
