"""``SVC``: C-support vector classification, one-vs-one over class pairs as LIBSVM does."""

import numbers

import numpy as np

from ..base import ClassifierMixin
from ..exceptions import NotFittedError, compatible
from ..utils import check_random_state
from ..utils._param_validation import Interval, StrOptions
from ..utils.multiclass import check_classification_targets
from ..utils.validation import column_or_1d
from ._base import KERNEL_CONSTRAINTS, BaseKernelSVM, available_if, cross_kernel
from ._platt import couple_pairwise, fit_sigmoid, sigmoid_probability
from ._random import LibsvmRandom

_N_FOLDS = 5


def class_weights(class_weight, classes, codes, sample_weight=None):
    """Weight of each class: ones, ``"balanced"`` (n / (k * count), counts weighted by
    ``sample_weight`` when given) or from a dict by label."""
    weights = np.ones(len(classes))
    if class_weight is None:
        return weights
    if class_weight == "balanced":
        counts = np.bincount(codes, weights=sample_weight, minlength=len(classes))
        total = len(codes) if sample_weight is None else float(np.sum(sample_weight))
        return total / (len(classes) * counts.astype(np.float64))
    given = [c in class_weight for c in classes.tolist()]
    if sum(given) != len(class_weight):  # some keys are not labels of y
        missing = [c for c, has in zip(classes.tolist(), given) if not has]
        raise ValueError(f"The classes, {missing}, are not in class_weight")
    for k, label in enumerate(classes.tolist()):
        weights[k] = class_weight.get(label, 1.0)
    return weights


class SVC(ClassifierMixin, BaseKernelSVM):
    """C-support vector classifier with a kernel (LIBSVM's formulation, solved by SMO).

    Each pair of classes gets a binary soft-margin SVM (one-vs-one); the dual
    is solved by SMO with second-order working-set selection and a cache of
    kernel rows. ``probability=True`` adds Platt-scaled probabilities fitted
    by 5-fold cross-validation.

    Parameters:
        C: inverse regularisation strength (> 0), scaled per sample by
            ``class_weight`` and ``sample_weight``.
        kernel: ``"linear"``, ``"poly"``, ``"rbf"``, ``"sigmoid"``,
            ``"precomputed"`` (X is the kernel matrix) or a callable ``k(A, B)``.
        degree, gamma, coef0: kernel parameters; ``gamma="scale"`` is
            ``1 / (n_features * X.var())``, ``"auto"`` is ``1 / n_features``.
        shrinking: LIBSVM's shrinking heuristic (variables stuck at a bound
            leave the working set until the final check); same solution to
            ``tol``, usually faster.
        probability: fit Platt sigmoids for ``predict_proba``.
        tol: stopping tolerance on the maximal KKT violation.
        cache_size: kernel cache in MB.
        class_weight: dict label -> weight, ``"balanced"`` or None.
        verbose: unused (kept for compatibility).
        max_iter: iteration limit per sub-problem, -1 for none.
        decision_function_shape: ``"ovr"`` (n_samples, n_classes) or ``"ovo"``
            (n_samples, n_classes * (n_classes - 1) / 2).
        break_ties: with ``"ovr"``, predict the argmax of the decision function.
        random_state: seeds the cross-validation folds of ``probability``.

    Attributes:
        classes_, class_weight_ (n_classes,), support_ (n_SV,) indices,
        support_vectors_ (n_SV, n_features), n_support_ (n_classes,),
        dual_coef_ (n_classes - 1, n_SV), intercept_ (n_pairs,),
        probA_, probB_ (n_pairs,), fit_status_, n_iter_ (n_pairs,),
        shape_fit_, n_features_in_, coef_ (linear kernel only).

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [3.0, 3.0], [3.0, 4.0]])
        >>> SVC(kernel="linear").fit(X, [0, 0, 1, 1]).predict([[0.5, 0.5], [3.0, 3.5]])
        array([0, 1])
    """

    _parameter_constraints = {
        **KERNEL_CONSTRAINTS,
        "C": [Interval(numbers.Real, 0.0, None, closed="neither")],
        "probability": ["boolean"],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "decision_function_shape": [StrOptions({"ovr", "ovo"})],
        "break_ties": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(self, *, C=1.0, kernel="rbf", degree=3, gamma="scale", coef0=0.0, shrinking=True,
                 probability=False, tol=1e-3, cache_size=200, class_weight=None, verbose=False,
                 max_iter=-1, decision_function_shape="ovr", break_ties=False, random_state=None):
        self.C = C
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.shrinking = shrinking
        self.probability = probability
        self.tol = tol
        self.cache_size = cache_size
        self.class_weight = class_weight
        self.verbose = verbose
        self.max_iter = max_iter
        self.decision_function_shape = decision_function_shape
        self.break_ties = break_ties
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Fit one binary SVM per pair of classes; returns ``self``."""
        self._validate_params()
        X, y, weight, data, kind = self._validate_fit_input(X, y, sample_weight)
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        n_classes = len(self.classes_)
        if n_classes < 2:
            raise ValueError(f"The number of classes has to be greater than one; got {n_classes} class")
        self.class_weight_ = class_weights(self.class_weight, self.classes_, codes)
        C = self._sample_bounds(codes, weight)
        members = [np.flatnonzero((codes == c) & (C > 0)) for c in range(n_classes)]
        self._check_feasible(members, C)
        # scikit-learn draws LIBSVM's seed on every fit; the Platt folds come from it.
        rng = LibsvmRandom(check_random_state(self.random_state).randint(np.iinfo("i").max))

        coef = np.zeros((n_classes - 1, X.shape[0]))
        is_support = np.zeros(X.shape[0], dtype=bool)
        rho, n_iter, prob_a, prob_b, worst = [], [], [], [], 0
        for i in range(n_classes):
            for j in range(i + 1, n_classes):
                rows = np.concatenate([members[i], members[j]])
                signs = np.concatenate([np.ones(len(members[i])), -np.ones(len(members[j]))])
                if self.probability:
                    a, b = self._pair_sigmoid(data, kind, rows, signs, C[rows], rng)
                    prob_a.append(a)
                    prob_b.append(b)
                pair_coef, r, it, status = self._binary_dual(data, kind, rows, signs, C[rows])
                rho.append(r)
                n_iter.append(it)
                worst = max(worst, status)
                coef[j - 1, members[i]] = pair_coef[: len(members[i])]
                coef[i, members[j]] = pair_coef[len(members[i]):]
                is_support[rows[pair_coef != 0]] = True
        self._warn_status(worst)

        support = [m[is_support[m]] for m in members]
        self.n_support_ = np.array([len(s) for s in support], dtype=np.int32)
        self._set_support(X, np.concatenate(support))
        self._dual_coef = coef[:, self.support_]
        self._intercept = -np.asarray(rho)
        self._pair_coef = self._pair_weights()
        self.n_iter_ = np.asarray(n_iter, dtype=np.int32)
        self.probA_ = np.asarray(prob_a, dtype=np.float64)
        self.probB_ = np.asarray(prob_b, dtype=np.float64)
        self._fitted_probability = self.probability
        # Binary: flip so that a positive decision means classes_[1], as scikit-learn does.
        flip = -1.0 if n_classes == 2 else 1.0
        self._store_dual_coef(flip * self._dual_coef)
        self.intercept_ = flip * self._intercept
        return self

    def _sample_bounds(self, codes, weight):
        """Upper bound of each sample's dual variable: C scaled by class and sample weights."""
        return self.C * self.class_weight_[codes] * weight

    def _check_feasible(self, members, C):
        """Hook for the nu-formulation; every C-problem is feasible."""

    def _binary_dual(self, data, kind, rows, signs, C):
        """Solve one binary problem: ``(y * alpha, rho, n_iter, status)``."""
        alpha = np.zeros(len(rows))
        rho, _, n_iter, status = self._solve(data, kind, rows, np.arange(len(rows)), signs,
                                             -np.ones(len(rows)), C, alpha)
        return alpha * signs, rho, n_iter, status

    def _pair_weights(self):
        """Coefficients (n_SV, n_pairs) of each pair's decision function over all SVs."""
        n_classes = len(self.classes_)
        bounds = np.concatenate([[0], np.cumsum(self.n_support_)])
        columns = []
        for i in range(n_classes):
            for j in range(i + 1, n_classes):
                column = np.zeros(len(self.support_))
                column[bounds[i]:bounds[i + 1]] = self._dual_coef[j - 1, bounds[i]:bounds[i + 1]]
                column[bounds[j]:bounds[j + 1]] = self._dual_coef[i, bounds[j]:bounds[j + 1]]
                columns.append(column)
        return np.column_stack(columns)

    def _primal_rows(self):
        """One row per class pair (scikit-learn's one-vs-one ``coef_``), sign-flipped for two
        classes."""
        return (-1.0 if len(self.classes_) == 2 else 1.0) * self._pair_coef.T

    def _pair_sigmoid(self, data, kind, rows, signs, C, rng):
        """Platt sigmoid of one pair from 5-fold cross-validated decision values (LIBSVM's
        folds: ``rng`` is the fit's ``LibsvmRandom``)."""
        n = len(rows)
        order = rng.permutation(n)
        decision = np.empty(n)
        for fold in range(_N_FOLDS):
            start, stop = fold * n // _N_FOLDS, (fold + 1) * n // _N_FOLDS
            test = order[start:stop]
            train = np.concatenate([order[:start], order[stop:]])
            # LIBSVM solves the fold as a problem of its own: rows grouped by label, -1 before
            # +1, the first group the positive class; the decision values are flipped back.
            train = train[np.argsort(signs[train] > 0, kind="stable")]
            n_pos = int(np.count_nonzero(signs[train] > 0))
            n_neg = len(train) - n_pos
            if n_pos == 0 or n_neg == 0:
                decision[test] = 0.0 if n_pos == n_neg else (1.0 if n_neg == 0 else -1.0)
                continue
            fold_coef, rho, _, _ = self._binary_dual(data, kind, rows[train], -signs[train],
                                                     C[train])
            rng.reseed()  # the fold's svm_train reseeds LIBSVM's generator
            support = fold_coef != 0
            K = cross_kernel(self, data, kind, rows[test], rows[train][support])
            decision[test] = rho - K @ fold_coef[support]
        return fit_sigmoid(decision, signs > 0)

    def _pair_decision(self, X):
        """LIBSVM's decision values (n_samples, n_pairs): positive votes for the first class of a pair."""
        X = self._validate_predict_input(X)
        return self._kernel_to_support(X) @ self._pair_coef + self._intercept

    def decision_function(self, X):
        """Signed distances: (n_samples,) for two classes (positive = ``classes_[1]``),
        else (n_samples, n_classes) for ``"ovr"`` or (n_samples, n_pairs) for ``"ovo"``."""
        decision = self._pair_decision(X)
        n_classes = len(self.classes_)
        if n_classes == 2:
            return -decision[:, 0]
        if self.decision_function_shape == "ovr":
            return _ovr_from_pairs(decision, n_classes)
        return decision

    def predict(self, X):
        """Class labels by one-vs-one voting (or the ``"ovr"`` argmax with ``break_ties``)."""
        if self.break_ties and self.decision_function_shape == "ovo":
            raise ValueError("break_ties must be False when decision_function_shape is 'ovo'")
        decision = self._pair_decision(X)
        n_classes = len(self.classes_)
        if n_classes == 2:
            return self.classes_[(decision[:, 0] <= 0).astype(np.intp)]
        if self.break_ties and self.decision_function_shape == "ovr":
            return self.classes_[np.argmax(_ovr_from_pairs(decision, n_classes), axis=1)]
        votes = np.zeros((decision.shape[0], n_classes))
        pair = 0
        for i in range(n_classes):
            for j in range(i + 1, n_classes):
                first = decision[:, pair] > 0
                votes[:, i] += first
                votes[:, j] += ~first
                pair += 1
        return self.classes_[np.argmax(votes, axis=1)]

    def _check_proba(self):
        if not self.probability:
            raise AttributeError("predict_proba is not available when  probability=False")
        return True

    @available_if(lambda self: self._check_proba())
    def predict_proba(self, X):
        """Class probabilities (n_samples, n_classes) from the pairwise Platt sigmoids."""
        if not getattr(self, "_fitted_probability", True) or (
            hasattr(self, "probA_") and self.probA_.size == 0
        ):
            raise compatible(NotFittedError)(
                "predict_proba is not available when fitted with probability=False"
            )
        decision = self._pair_decision(X)
        pairwise = sigmoid_probability(decision, self.probA_, self.probB_)
        return couple_pairwise(pairwise, len(self.classes_))

    @available_if(lambda self: self._check_proba())
    def predict_log_proba(self, X):
        """Logarithm of ``predict_proba``."""
        return np.log(self.predict_proba(X))


def _ovr_from_pairs(decision, n_classes):
    """One-vs-rest scores from pairwise decisions: votes plus squashed summed confidences."""
    votes = np.zeros((decision.shape[0], n_classes))
    confidence = np.zeros((decision.shape[0], n_classes))
    pair = 0
    for i in range(n_classes):
        for j in range(i + 1, n_classes):
            d = decision[:, pair]
            confidence[:, i] += d
            confidence[:, j] -= d
            votes[:, i] += d >= 0
            votes[:, j] += d < 0
            pair += 1
    return votes + confidence / (3 * (np.abs(confidence) + 1))
