"""Linear models fitted by stochastic gradient descent: ``SGDClassifier`` and ``SGDRegressor``.

Each sample in turn moves the weights against the gradient of its loss plus
the penalty ``alpha * ((1 - l1_ratio) / 2 ||w||^2 + l1_ratio ||w||_1)``; the step
size follows a schedule (``"optimal"``: ``1 / (alpha (t0 + t))``, ``"invscaling"``:
``eta0 / t^power_t``, ``"constant"``, ``"adaptive"``: ``eta0`` divided by 5 each
time the loss stalls). Training stops when the epoch's mean objective (or,
with ``early_stopping``, the held-out score) has not improved by ``tol`` for
``n_iter_no_change`` epochs. The per-sample loop is compiled
(``_sgd_kernels``, loaded on the first fit); one call runs one epoch, the
stopping rule runs here. Several classes are fitted one against all.

The step rule, schedules, averaging and stopping test are scikit-learn's, so
without shuffling the weights follow the same path; shuffled epochs use
NumPy's generator (scikit-learn has its own), so they reach the same accuracy
along a different path.
"""

import math
import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin
from ..exceptions import ConvergenceWarning, compatible
from ..utils._param_validation import Interval, StrOptions
from ..utils.multiclass import check_classification_targets, unique_labels
from ..utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    check_random_state,
    validate_data,
)
from ._linear_classifier import (
    LinearClassifierMixin,
    SparseCoefMixin,
    _class_weights,
    _linear_scores,
)

_MAX_SEED = np.iinfo(np.int32).max
_SPARSE_INTERCEPT_DECAY = 0.01
_CLASSIFIER_LOSSES = ("hinge", "squared_hinge", "perceptron", "log_loss", "modified_huber")
_REGRESSOR_LOSSES = ("squared_error", "huber", "epsilon_insensitive", "squared_epsilon_insensitive")
_LEARNING_RATES = {"constant": 1, "optimal": 2, "invscaling": 3, "adaptive": 4, "pa1": 5, "pa2": 6}
_PENALTIES = {None: 0, "l1": 1, "l2": 2, "elasticnet": 3}


class _available_if:
    """A method that exists only while ``check(instance)`` is true (otherwise
    ``AttributeError``, so ``hasattr`` says no)."""

    def __init__(self, check):
        self.check = check

    def __call__(self, method):
        self.method = method
        self.__doc__ = method.__doc__
        return self

    def __get__(self, instance, owner=None):
        if instance is None:
            return self.method
        self.check(instance)
        return self.method.__get__(instance, owner)


_COMMON_CONSTRAINTS = {
    "penalty": [StrOptions({"l2", "l1", "elasticnet"}), None],
    "alpha": [Interval(Real, 0, None, closed="left")],
    "l1_ratio": [Interval(Real, 0, 1, closed="both"), None],
    "fit_intercept": ["boolean"],
    "max_iter": [Interval(Integral, 1, None, closed="left")],
    "tol": [Interval(Real, 0, None, closed="left"), None],
    "shuffle": ["boolean"],
    "verbose": [Interval(Integral, 0, None, closed="left"), "boolean"],
    "epsilon": [Interval(Real, 0, None, closed="left")],
    "random_state": ["random_state"],
    "learning_rate": [StrOptions(set(_LEARNING_RATES))],
    "eta0": [Interval(Real, 0, None, closed="neither")],
    "power_t": [Interval(Real, None, None, closed="neither")],
    "early_stopping": ["boolean"],
    "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
    "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
    "warm_start": ["boolean"],
    "average": [Interval(Integral, 0, None, closed="neither"), "boolean"],
}


class _BaseSGD:
    """What SGDClassifier and SGDRegressor share: settings checks, the epoch loop, averaging."""

    def _check_settings(self, for_partial_fit=False):
        if self.early_stopping and for_partial_fit:
            raise ValueError("early_stopping should be False with partial_fit")
        if self.learning_rate == "optimal" and self.alpha == 0:
            raise ValueError(
                "alpha must be > 0 since learning_rate is 'optimal'. alpha is used to "
                "compute the optimal learning rate."
            )
        if self.learning_rate in ("pa1", "pa2"):
            needed = "hinge" if isinstance(self, ClassifierMixin) else "epsilon_insensitive"
            if self.loss != needed:
                raise ValueError(
                    f"Learning rate '{self.learning_rate}' only works with loss '{needed}'."
                )
        if self.penalty == "elasticnet" and self.l1_ratio is None:
            raise ValueError("l1_ratio must be set when penalty is 'elasticnet'")

    def _loss_code(self):
        """The kernel's loss code, its parameter (threshold / epsilon) and whether it is a hinge."""
        from . import _sgd_kernels as kernels

        codes = {
            "hinge": (kernels.HINGE, 1.0), "perceptron": (kernels.HINGE, 0.0),
            "squared_hinge": (kernels.SQUARED_HINGE, 1.0), "log_loss": (kernels.LOG, 0.0),
            "modified_huber": (kernels.MODIFIED_HUBER, 0.0),
            "squared_error": (kernels.SQUARED, 0.0),
            "huber": (kernels.HUBER, self.epsilon),
            "epsilon_insensitive": (kernels.EPSILON_INSENSITIVE, self.epsilon),
            "squared_epsilon_insensitive": (kernels.SQUARED_EPSILON_INSENSITIVE, self.epsilon),
        }
        code, parameter = codes[self.loss]
        return code, float(parameter), self.loss in ("hinge", "perceptron")

    def _validation_split(self, y, sample_weight):
        """A boolean mask of the held-out samples (all False without early stopping);
        stratified by class for classifiers."""
        n_samples = y.shape[0]
        mask = np.zeros(n_samples, dtype=np.bool_)
        if not self.early_stopping:
            return mask
        # scikit-learn's splitters, drawn in its order, hold out the same samples
        from ..model_selection import ShuffleSplit, StratifiedShuffleSplit

        splitter = StratifiedShuffleSplit if isinstance(self, ClassifierMixin) else ShuffleSplit
        cv = splitter(test_size=self.validation_fraction, random_state=self.random_state)
        _, held = next(cv.split(np.zeros((n_samples, 1)), y))
        n_train = n_samples - held.size
        if held.size == 0 or n_train == 0:
            raise ValueError(
                f"Splitting {n_samples} samples into a train set and a validation set with "
                f"validation_fraction={self.validation_fraction!r} led to an empty set "
                f"({n_train} and {held.size} samples). Please either change "
                "validation_fraction, increase number of samples, or disable early_stopping."
            )
        if not np.any(sample_weight[held] > 0):
            raise ValueError(
                "The sample weights for validation set are all zero, consider using a "
                "different random state."
            )
        mask[held] = True
        return mask

    def _run_sgd(self, X, target, sample_weight, coef, intercept, average_coef, average_intercept,
                 weight_pos, weight_neg, validation_mask, seed, max_iter, validation_score):
        """Epochs of SGD on one linear model, updating ``coef`` (and ``average_coef``) in place.

        Returns ``(intercept, average_intercept, n_iter)``.
        """
        from . import _sgd_kernels as kernels

        is_sparse = sp.issparse(X)
        if is_sparse:
            dense = np.empty((0, 0))
            data = np.ascontiguousarray(X.data, dtype=np.float64)
            indices = X.indices.astype(np.int32, copy=False)
            indptr = X.indptr.astype(np.int32, copy=False)
            intercept_decay = _SPARSE_INTERCEPT_DECAY
        else:
            dense, data = X, np.empty(0)
            indices = indptr = np.empty(0, dtype=np.int32)
            intercept_decay = 1.0
        loss_code, loss_parameter, is_hinge = self._loss_code()
        penalty = _PENALTIES[self.penalty]
        elastic_ratio = self.l1_ratio if self.l1_ratio is not None else 0.0
        l1_ratio = {0: 0.0, 1: 1.0, 2: 0.0}.get(penalty, elastic_ratio)
        learning_rate = _LEARNING_RATES[self.learning_rate]
        alpha, eta0 = float(self.alpha), float(self.eta0)
        optimal_init = 0.0
        if learning_rate == kernels.OPTIMAL:
            typical_w = math.sqrt(1.0 / math.sqrt(alpha))
            slope = kernels.loss_derivative(loss_code, loss_parameter, 1.0, -typical_w)
            first_eta = typical_w / max(1.0, slope)
            optimal_init = 1.0 / (first_eta * alpha)
        average = float(self.average)
        averaging = average > 0
        if average_coef is None:
            average_coef = np.empty(0)
        state = np.zeros(10)
        state[kernels.INTERCEPT], state[kernels.AVERAGE_INTERCEPT] = intercept, average_intercept
        state[kernels.WSCALE], state[kernels.AVERAGE_B] = 1.0, 1.0
        state[kernels.SQ_NORM] = float(coef @ coef)
        state[kernels.L1_NORM] = float(np.abs(coef).sum())
        state[kernels.T], state[kernels.ETA] = self.t_, eta0
        l1_memory = np.zeros(coef.shape[0]) if penalty in (1, 3) else np.empty(0)
        order = np.arange(X.shape[0], dtype=np.intp)
        permutation = kernels.epoch_permutation(int(seed), X.shape[0]) if self.shuffle else None
        n_train = X.shape[0] - int(validation_mask.sum())
        tol = -np.inf if self.tol is None else self.tol
        best_objective, best_score, stalled = np.inf, -np.inf, 0
        epoch = 0
        for epoch in range(max_iter):
            if self.shuffle:
                order = order[permutation]
            objective = kernels.sgd_epoch(
                coef, average_coef, l1_memory, state, dense, data, indices, indptr, is_sparse,
                target, sample_weight, order, validation_mask, loss_code, loss_parameter,
                is_hinge, penalty, alpha, l1_ratio, learning_rate, eta0, float(self.power_t),
                optimal_init, bool(self.fit_intercept), intercept_decay, float(weight_pos),
                float(weight_neg), average, not self.early_stopping,
            )
            if np.isnan(objective):
                raise ValueError(
                    f"Floating-point under-/overflow occurred at epoch #{epoch + 1}. Scaling "
                    "input data with StandardScaler or MinMaxScaler might help."
                )
            if self.early_stopping:
                # scored, as scikit-learn scores it, on the stored vector before its pending
                # L2 scale (wscale, close to 1) is applied
                score = validation_score(coef, state[kernels.INTERCEPT])
                stalled = stalled + 1 if score < best_score + tol else 0
                best_score = max(best_score, score)
            else:
                mean_objective = objective / n_train
                stalled = stalled + 1 if mean_objective > best_objective - tol else 0
                best_objective = min(best_objective, mean_objective)
            if stalled >= self.n_iter_no_change:
                if learning_rate == kernels.ADAPTIVE and state[kernels.ETA] > 1e-6:
                    state[kernels.ETA] /= 5.0
                    stalled = 0
                else:
                    break
        kernels.reset_scale(coef, average_coef, state, averaging)
        return state[kernels.INTERCEPT], state[kernels.AVERAGE_INTERCEPT], epoch + 1

    def _start_parameters(self, n_rows, n_features, coef_init, intercept_init):
        """Fresh (or given) ``_standard_coef`` ``(n_rows, n_features)`` and intercepts, and
        zeroed averages when averaging."""
        if coef_init is not None:
            coef = np.array(coef_init.toarray() if sp.issparse(coef_init) else coef_init,
                            dtype=np.float64, order="C")
            wrong_shape = n_rows > 1 and coef.shape != (n_rows, n_features)
            if coef.size != n_rows * n_features or wrong_shape:
                raise ValueError(
                    f"Provided coef_init does not match dataset: expected shape "
                    f"{(n_rows, n_features) if n_rows > 1 else (n_features,)}, got {coef.shape}."
                )
            coef = coef.reshape(n_rows, n_features)
        else:
            coef = np.zeros((n_rows, n_features))
        if intercept_init is not None:
            intercept = np.array(intercept_init, dtype=np.float64).reshape(-1)
            if intercept.shape != (n_rows,):
                raise ValueError(
                    f"Provided intercept_init does not match dataset: expected shape "
                    f"({n_rows},), got {np.shape(intercept_init)}."
                )
        else:
            intercept = np.zeros(n_rows)
        self._standard_coef, self._standard_intercept = coef, intercept
        if self.average:
            self._average_coef = np.zeros_like(coef)
            self._average_intercept = np.zeros(n_rows)

    def _publish(self):
        """``coef_``/``intercept_``: the averaged weights once averaging has started."""
        if self.average and self.average <= self.t_ - 1:
            self.coef_, self.intercept_ = self._average_coef, self._average_intercept
        else:
            self.coef_, self.intercept_ = self._standard_coef, self._standard_intercept

    def _warn_after_fit(self):
        if self.tol is not None and self.n_iter_ == self.max_iter:
            warnings.warn(
                "Maximum number of iteration reached before convergence. Consider increasing "
                "max_iter to improve the fit.", compatible(ConvergenceWarning), stacklevel=3,
            )
        if self.power_t < 0:
            warnings.warn(
                "Negative values for `power_t` are deprecated in version 1.8 and will raise an "
                "error in 1.10. Use values in the range [0.0, inf) instead.", FutureWarning,
                stacklevel=3,
            )

    def _warm_start_init(self, coef_init, intercept_init):
        if self.warm_start and getattr(self, "coef_", None) is not None:
            coef_init = self.coef_ if coef_init is None else coef_init
            intercept_init = self.intercept_ if intercept_init is None else intercept_init
        return coef_init, intercept_init

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        return tags


def _check_proba(estimator):
    if estimator.loss not in ("log_loss", "modified_huber"):
        raise AttributeError(f"probability estimates are not available for loss={estimator.loss!r}")
    return True


class SGDClassifier(LinearClassifierMixin, SparseCoefMixin, ClassifierMixin, _BaseSGD,
                    BaseEstimator):
    """Linear classifiers (SVM, logistic regression, perceptron...) trained by SGD.

    Parameters:
        loss: ``"hinge"`` (linear SVM, default), ``"log_loss"`` (logistic
            regression, with probabilities), ``"modified_huber"`` (smoothed hinge,
            with probabilities), ``"squared_hinge"``, ``"perceptron"``, or a
            regression loss (``"squared_error"``, ``"huber"``,
            ``"epsilon_insensitive"``, ``"squared_epsilon_insensitive"``) on ±1 targets.
        penalty: ``"l2"`` (default), ``"l1"``, ``"elasticnet"`` or None.
        alpha: penalty strength (also sets the ``"optimal"`` learning rate).
        l1_ratio: the L1 share of the elastic-net penalty.
        fit_intercept: whether to fit intercepts.
        max_iter: maximum number of epochs (passes over the data) in ``fit``.
        tol: stop when the objective has not improved by ``tol`` for
            ``n_iter_no_change`` epochs (None: run ``max_iter`` epochs).
        shuffle: shuffle the samples before each epoch.
        verbose: unused.
        epsilon: the epsilon of the epsilon-insensitive and Huber losses.
        n_jobs: threads fitting the one-vs-all models (None: one after another; -1: all cores).
        random_state: seed of the shuffling and the validation split.
        learning_rate: ``"optimal"`` (default), ``"constant"``, ``"invscaling"``,
            ``"adaptive"``, ``"pa1"``, ``"pa2"`` (passive-aggressive, hinge loss).
        eta0: the initial learning rate (constant, invscaling, adaptive).
        power_t: the exponent of ``"invscaling"``.
        early_stopping: hold out ``validation_fraction`` of the data and stop on
            its accuracy.
        validation_fraction: the held-out share with ``early_stopping``.
        n_iter_no_change: epochs without improvement before stopping.
        class_weight: None, ``"balanced"`` or a dict ``{label: weight}``.
        warm_start: start from the previous fit's weights.
        average: True (or a number of steps after which) to average the weights.

    Attributes:
        classes_: ``(n_classes,)``.
        coef_: ``(1, n_features)`` for two classes, else ``(n_classes, n_features)``.
        intercept_: ``(1,)`` or ``(n_classes,)``.
        n_iter_: epochs run (the most over the one-vs-all models).
        t_: number of weight updates plus one.
        n_features_in_, feature_names_in_: the input features seen in ``fit``.

    Example:
        >>> import numpy as np
        >>> X = np.array([[-1.0, -1.0], [-2.0, -1.0], [1.0, 1.0], [2.0, 1.0]])
        >>> model = SGDClassifier(shuffle=False).fit(X, [1, 1, 2, 2])
        >>> model.predict([[-0.8, -1.0]]).tolist(), model.coef_.shape
        ([1], (1, 2))
    """

    _parameter_constraints = {
        **_COMMON_CONSTRAINTS,
        "loss": [StrOptions(set(_CLASSIFIER_LOSSES + _REGRESSOR_LOSSES))],
        "n_jobs": [Integral, None],
        "class_weight": [StrOptions({"balanced"}), dict, None],
    }

    def __init__(self, loss="hinge", *, penalty="l2", alpha=0.0001, l1_ratio=0.15,
                 fit_intercept=True, max_iter=1000, tol=1e-3, shuffle=True, verbose=0,
                 epsilon=0.1, n_jobs=None, random_state=None, learning_rate="optimal",
                 eta0=0.01, power_t=0.5, early_stopping=False, validation_fraction=0.1,
                 n_iter_no_change=5, class_weight=None, warm_start=False, average=False):
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.verbose = verbose
        self.epsilon = epsilon
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.learning_rate = learning_rate
        self.eta0 = eta0
        self.power_t = power_t
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.class_weight = class_weight
        self.warm_start = warm_start
        self.average = average

    def fit(self, X, y, coef_init=None, intercept_init=None, sample_weight=None):
        """Fit by SGD for up to ``max_iter`` epochs; returns ``self``.

        Args:
            X: ``(n_samples, n_features)`` array-like or sparse matrix.
            y: ``(n_samples,)`` class labels.
            coef_init: ``(n_classes, n_features)`` (or ``(n_features,)`` for two classes)
                starting weights.
            intercept_init: ``(n_classes,)`` (or ``(1,)``) starting intercepts.
            sample_weight: ``(n_samples,)`` weights (default: ones).
        """
        self._validate_params()
        self._check_settings()
        if hasattr(self, "classes_"):
            del self.classes_
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=np.float64, order="C")
        check_classification_targets(y)
        coef_init, intercept_init = self._warm_start_init(coef_init, intercept_init)
        self.classes_ = np.unique(y)
        self.t_ = 1.0
        self._fit_classes(X, y, sample_weight, self.max_iter, coef_init, intercept_init, True)
        self._warn_after_fit()
        return self

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch of SGD on a batch (``max_iter`` is not used); returns ``self``.

        ``classes`` (every label the batches will hold) is required on the first call.
        """
        first_call = not hasattr(self, "classes_")
        if first_call:
            self._validate_params()
            self._check_settings(for_partial_fit=True)
            if self.class_weight == "balanced":
                raise ValueError(
                    "class_weight 'balanced' is not supported for partial_fit. In order to use "
                    "'balanced' weights, use compute_class_weight('balanced', classes=classes, "
                    "y=y). In place of y you can use a large enough sample of the full training "
                    "set target to properly estimate the class frequency distributions. Pass "
                    "the resulting weights as the class_weight parameter."
                )
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=np.float64, order="C",
                             reset=first_call)
        if first_call and classes is None:
            raise ValueError("classes must be passed on the first call to partial_fit.")
        if classes is not None:
            labels = unique_labels(classes)
            if not first_call and not np.array_equal(self.classes_, labels):
                raise ValueError(
                    f"`classes={classes!r}` is not the same as on last call to partial_fit, "
                    f"was: {self.classes_!r}"
                )
            self.classes_ = labels
        unknown = np.setdiff1d(np.unique(y), self.classes_)
        if unknown.size:
            raise ValueError(
                f"y contains labels {unknown.tolist()} not in classes {self.classes_.tolist()}"
            )
        if first_call:
            self.t_ = 1.0
        self._fit_classes(X, y, sample_weight, 1, None, None, first_call)
        return self

    def _fit_classes(self, X, y, sample_weight, max_iter, coef_init, intercept_init, fresh):
        n_classes = len(self.classes_)
        if n_classes < 2:
            raise ValueError(
                f"The number of classes has to be greater than one; got {n_classes} class"
            )
        n_rows = 1 if n_classes == 2 else n_classes
        if fresh or getattr(self, "_standard_coef", None) is None:
            self._start_parameters(n_rows, X.shape[1], coef_init, intercept_init)
        elif X.shape[1] != self._standard_coef.shape[1]:
            raise ValueError(
                f"Number of features {X.shape[1]} does not match previous data "
                f"{self._standard_coef.shape[1]}."
            )
        self._expanded_class_weight = _class_weights(self.class_weight, self.classes_, y)
        sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64,
                                             allow_all_zero_weights=self.early_stopping)
        label_encoded = self.loss == "log_loss"  # the log-loss kernel takes 0/1 targets
        # Seeds are drawn in scikit-learn's order (a draw for its dataset object first), so
        # shuffled fits with an integer random_state visit the samples in its order.
        if n_classes == 2:
            problems = [(1, self._expanded_class_weight[1], self._expanded_class_weight[0])]
            shared_mask, generators = None, [check_random_state(self.random_state)]
        else:
            problems = [(k, self._expanded_class_weight[k], 1.0) for k in range(n_classes)]
            shared_mask = self._validation_split(y, sample_weight)
            class_seeds = check_random_state(self.random_state).randint(_MAX_SEED, size=n_classes)
            generators = [check_random_state(seed) for seed in class_seeds]
        def fit_one(row, k, weight_pos, weight_neg, generator):
            positive = y == self.classes_[k]
            target = np.where(positive, 1.0, 0.0 if label_encoded else -1.0)
            generator.randint(1, _MAX_SEED)
            mask = (self._validation_split(target, sample_weight) if shared_mask is None
                    else shared_mask)
            seed = generator.randint(_MAX_SEED)
            averages = ((self._average_coef[row], self._average_intercept[row]) if self.average
                        else (None, 0.0))
            intercept, average_intercept, n_iter_k = self._run_sgd(
                X, target, sample_weight, self._standard_coef[row], self._standard_intercept[row],
                averages[0], averages[1], weight_pos, weight_neg, mask, seed, max_iter,
                _accuracy_on(X, positive, sample_weight, mask),
            )
            self._standard_intercept[row] = intercept
            if self.average:
                self._average_intercept[row] = average_intercept
            return n_iter_k

        jobs = [(row, *problem, generator)
                for row, (problem, generator) in enumerate(zip(problems, generators))]
        n_threads = _thread_count(self.n_jobs, len(jobs))
        if n_threads == 1:
            n_iter = max(fit_one(*job) for job in jobs)
        else:
            # the compiled epochs release the GIL and each model owns its row of coef_
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(n_threads) as pool:
                n_iter = max(pool.map(lambda job: fit_one(*job), jobs))
        self.t_ += n_iter * X.shape[0]
        self.n_iter_ = n_iter
        self._publish()

    @_available_if(_check_proba)
    def predict_proba(self, X):
        """Class probabilities ``(n_samples, n_classes)`` (log_loss or modified_huber loss).

        log_loss: the one-vs-rest sigmoids, normalised. modified_huber:
        ``(clip(score, -1, 1) + 1) / 2`` per class, normalised (uniform where all are 0).
        """
        check_is_fitted(self)
        if self.loss == "log_loss":
            return self._predict_proba_lr(X)
        scores = self.decision_function(X)
        probability = (np.clip(scores, -1.0, 1.0) + 1.0) / 2.0
        if probability.ndim == 1:
            return np.column_stack([1.0 - probability, probability])
        totals = probability.sum(axis=1)
        empty = totals == 0
        probability[empty] = 1.0
        totals[empty] = len(self.classes_)
        return probability / totals[:, None]

    @_available_if(_check_proba)
    def predict_log_proba(self, X):
        """The logarithm of ``predict_proba(X)``."""
        return np.log(self.predict_proba(X))


def _thread_count(n_jobs, n_tasks):
    """Threads for ``n_jobs`` (None: 1, -1: all cores, -2: all but one...), at most ``n_tasks``."""
    import os

    if n_jobs is None or n_jobs == 0:
        return 1
    cores = os.cpu_count() or 1
    wanted = n_jobs if n_jobs > 0 else max(1, cores + 1 + n_jobs)
    return max(1, min(wanted, n_tasks))


def _accuracy_on(X, positive, sample_weight, mask):
    """Early stopping's score for one one-vs-all model: weighted accuracy on the held-out rows."""
    if not mask.any():
        return None
    X_held, truth, weight = X[mask], positive[mask], sample_weight[mask]

    def score(coef, intercept):
        predicted = _linear_scores(X_held, coef[None, :], intercept)[:, 0] > 0
        return float(np.average(predicted == truth, weights=weight))

    return score


def _r2_on(X, y, sample_weight, mask):
    """Early stopping's score for a regressor: weighted R^2 on the held-out rows."""
    if not mask.any():
        return None
    X_held, truth, weight = X[mask], y[mask], sample_weight[mask]

    def score(coef, intercept):
        predicted = _linear_scores(X_held, coef[None, :], intercept)[:, 0]
        residual = np.average((truth - predicted) ** 2, weights=weight)
        total = np.average((truth - np.average(truth, weights=weight)) ** 2, weights=weight)
        return 1.0 - residual / total if total > 0 else (1.0 if residual == 0 else 0.0)

    return score


class SGDRegressor(RegressorMixin, SparseCoefMixin, _BaseSGD, BaseEstimator):
    """Linear regression trained by SGD on a penalised loss.

    Parameters are SGDClassifier's (without ``class_weight`` and ``n_jobs``),
    with regression losses: ``"squared_error"`` (default), ``"huber"``,
    ``"epsilon_insensitive"`` (linear SVR), ``"squared_epsilon_insensitive"``;
    the default schedule is ``"invscaling"`` with ``eta0=0.01, power_t=0.25``;
    early stopping scores R^2 on the held-out samples.

    Attributes:
        coef_: ``(n_features,)``.
        intercept_: ``(1,)``.
        n_iter_: epochs run.
        t_: number of weight updates plus one.
        n_features_in_, feature_names_in_: the input features seen in ``fit``.

    Example:
        >>> import numpy as np
        >>> X = np.linspace(0, 1, 50).reshape(-1, 1)
        >>> model = SGDRegressor(max_iter=2000, tol=None, shuffle=False).fit(X, 3 * X[:, 0] + 1)
        >>> np.round([model.coef_[0], model.intercept_[0]], 1).tolist()
        [3.0, 1.0]
    """

    _parameter_constraints = {
        **_COMMON_CONSTRAINTS,
        "loss": [StrOptions(set(_REGRESSOR_LOSSES))],
    }

    def __init__(self, loss="squared_error", *, penalty="l2", alpha=0.0001, l1_ratio=0.15,
                 fit_intercept=True, max_iter=1000, tol=1e-3, shuffle=True, verbose=0,
                 epsilon=0.1, random_state=None, learning_rate="invscaling", eta0=0.01,
                 power_t=0.25, early_stopping=False, validation_fraction=0.1,
                 n_iter_no_change=5, warm_start=False, average=False):
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.verbose = verbose
        self.epsilon = epsilon
        self.random_state = random_state
        self.learning_rate = learning_rate
        self.eta0 = eta0
        self.power_t = power_t
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.warm_start = warm_start
        self.average = average

    def fit(self, X, y, coef_init=None, intercept_init=None, sample_weight=None):
        """Fit by SGD for up to ``max_iter`` epochs; returns ``self``.

        ``coef_init`` ``(n_features,)`` and ``intercept_init`` ``(1,)`` set the starting point.
        """
        self._validate_params()
        self._check_settings()
        coef_init, intercept_init = self._warm_start_init(coef_init, intercept_init)
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=np.float64, order="C",
                             y_numeric=True)
        self.t_ = 1.0
        self._fit_target(X, y, sample_weight, self.max_iter, coef_init, intercept_init, True)
        self._warn_after_fit()
        return self

    def partial_fit(self, X, y, sample_weight=None):
        """One epoch of SGD on a batch (``max_iter`` is not used); returns ``self``."""
        first_call = getattr(self, "coef_", None) is None
        if first_call:
            self._validate_params()
            self._check_settings(for_partial_fit=True)
            self.t_ = 1.0
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=np.float64, order="C",
                             y_numeric=True, reset=first_call)
        self._fit_target(X, y, sample_weight, 1, None, None, first_call)
        return self

    def _fit_target(self, X, y, sample_weight, max_iter, coef_init, intercept_init, fresh):
        y = np.asarray(y, dtype=np.float64)
        if fresh or getattr(self, "_standard_coef", None) is None:
            self._start_parameters(1, X.shape[1], coef_init, intercept_init)
        elif X.shape[1] != self._standard_coef.shape[1]:
            raise ValueError(
                f"Number of features {X.shape[1]} does not match previous data "
                f"{self._standard_coef.shape[1]}."
            )
        sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        mask = self._validation_split(y, sample_weight)
        seed = check_random_state(self.random_state).randint(0, _MAX_SEED)
        averages = ((self._average_coef[0], self._average_intercept[0]) if self.average
                    else (None, 0.0))
        intercept, average_intercept, n_iter = self._run_sgd(
            X, y, sample_weight, self._standard_coef[0], self._standard_intercept[0],
            averages[0], averages[1], 1.0, 1.0, mask, seed, max_iter,
            _r2_on(X, y, sample_weight, mask),
        )
        self._standard_intercept[0] = intercept
        if self.average:
            self._average_intercept[0] = average_intercept
        self.n_iter_ = n_iter
        self.t_ += n_iter * X.shape[0]
        self._publish()
        self.coef_ = self.coef_[0]

    def predict(self, X):
        """Predicted targets ``(n_samples,)``: ``X @ coef_ + intercept_``."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        coef = self.coef_ if sp.issparse(self.coef_) else np.asarray(self.coef_).reshape(1, -1)
        return _linear_scores(X, coef, self.intercept_)[:, 0]
