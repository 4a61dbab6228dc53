"""The boosting loop shared by HistGradientBoostingClassifier and HistGradientBoostingRegressor.

``fit`` validates and bins the data once, starts every sample at the
constant prediction that minimises the loss, and then, each iteration,
computes the loss gradients and hessians of the current raw predictions,
grows one tree per output on them (``_grower``) and adds the tree's
shrunken leaf values to the raw predictions. With early stopping a share of
the data is held out and boosting stops when the held-out score (minus the
loss by default) has not improved by more than ``tol`` over the last
``n_iter_no_change`` iterations.
"""

import itertools
from contextlib import contextmanager
from numbers import Integral, Real

import numpy as np

from ...base import BaseEstimator, is_classifier
from ...utils._param_validation import Interval, StrOptions
from ...utils.validation import (_check_sample_weight, _check_y, check_consistent_length,
                                 check_is_fitted, check_random_state, validate_data)
from ._binning import BinMapper
from ._categorical import CategoricalEncoder, categorical_mask
from ._predictor import Forest, TreePredictor


class RealNotInt(Real):
    """Real numbers that are not integers (``1.0`` but not ``1``), for parameter constraints."""


RealNotInt.register(float)
RealNotInt.register(np.floating)

_SMALL_TRAINSET = 10_000  # samples scored each iteration by an early-stopping scorer


class BaseHistGradientBoosting(BaseEstimator):
    """Fit, early stopping and raw predictions of the histogram gradient-boosting estimators."""

    _parameter_constraints = {
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "max_leaf_nodes": [Interval(Integral, 2, None, closed="left"), None],
        "max_depth": [Interval(Integral, 1, None, closed="left"), None],
        "min_samples_leaf": [Interval(Integral, 1, None, closed="left")],
        "l2_regularization": [Interval(Real, 0, None, closed="left")],
        "max_features": [Interval(RealNotInt, 0, 1, closed="right")],
        "monotonic_cst": ["array-like", dict, None],
        "interaction_cst": [list, tuple, StrOptions({"pairwise", "no_interactions"}), None],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "validation_fraction": [Interval(RealNotInt, 0, 1, closed="neither"),
                                Interval(Integral, 1, None, closed="left"), None],
        "tol": [Interval(Real, 0, None, closed="left")],
        "max_bins": [Interval(Integral, 2, 255, closed="both")],
        "categorical_features": ["array-like", StrOptions({"from_dtype"}), None],
        "warm_start": ["boolean"],
        "early_stopping": [StrOptions({"auto"}), "boolean"],
        "scoring": [str, callable, None],
        "verbose": [Interval(Integral, 0, None, closed="left"), "boolean"],
        "random_state": ["random_state"],
    }

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.allow_nan = True
        return tags

    # -- input ---------------------------------------------------------------------------------

    def _preprocess_X(self, X, *, reset):
        """``X`` as float64 (categorical columns first, as codes); at fit also the categories."""
        options = dict(dtype=[np.float64], ensure_all_finite=False)
        if not reset:
            if self._preprocessor is None:
                return validate_data(self, X, reset=False, **options)
            return self._preprocessor.transform(self, X)
        self.is_categorical_ = categorical_mask(X, self.categorical_features)
        if self.is_categorical_ is None:
            self._preprocessor = self._is_categorical_remapped = None
            return validate_data(self, X, **options), None
        self._preprocessor = CategoricalEncoder(self.is_categorical_, self.max_bins)
        X, known_categories = self._preprocessor.fit_transform(self, X)
        n_categorical = int(self.is_categorical_.sum())
        self._is_categorical_remapped = np.arange(X.shape[1]) < n_categorical
        return X, known_categories

    def _remapped_order(self):
        """Original feature index of each column of the preprocessed data."""
        if self.is_categorical_ is None:
            return np.arange(self.n_features_in_)
        return np.concatenate([np.flatnonzero(self.is_categorical_),
                               np.flatnonzero(~self.is_categorical_)])

    def _monotonic_cst(self):
        """The monotonic constraints, one per preprocessed column."""
        n = self.n_features_in_
        cst = np.zeros(n, dtype=np.int8)
        if isinstance(self.monotonic_cst, dict):
            names = getattr(self, "feature_names_in_", None)
            if names is None:
                raise ValueError(f"{type(self).__name__} was not fitted on data with feature "
                                 "names. Pass monotonic_cst as an integer array instead.")
            unexpected = sorted(set(self.monotonic_cst) - set(names))
            if unexpected:
                shown = unexpected[:5] + (["..."] if len(unexpected) > 5 else [])
                raise ValueError(f"monotonic_cst contains {len(unexpected)} unexpected feature "
                                 f"names: {shown}.")
            for i, name in enumerate(names):
                if name in self.monotonic_cst:
                    value = self.monotonic_cst[name]
                    if value not in (-1, 0, 1):
                        raise ValueError(f"monotonic_cst['{name}'] must be either -1, 0 or 1. "
                                         f"Got {value!r}.")
                    cst[i] = value
        elif self.monotonic_cst is not None:
            given = np.asarray(self.monotonic_cst)
            unexpected = np.setdiff1d(given, [-1, 0, 1])
            if unexpected.shape[0]:
                raise ValueError("monotonic_cst must be an array-like of -1, 0 or 1. Observed "
                                 f"values: {unexpected.tolist()}.")
            if given.shape[0] != n:
                raise ValueError(f"monotonic_cst has shape {given.shape} but the input data X "
                                 f"has {n} features.")
            cst = given.astype(np.int8)
        if self.is_categorical_ is not None and np.any(cst[self.is_categorical_] != 0):
            raise ValueError("Categorical features cannot have monotonic constraints.")
        if self.monotonic_cst is not None and self.n_trees_per_iteration_ != 1:
            raise ValueError("monotonic constraints are not supported for multiclass "
                             "classification.")
        return cst[self._remapped_order()]

    def _interaction_cst(self, n_features):
        """The interaction groups as sets of preprocessed column indices (None: no constraint)."""
        if self.interaction_cst is None:
            return None
        if self.interaction_cst == "no_interactions":
            groups = [[i] for i in range(n_features)]
        elif self.interaction_cst == "pairwise":
            groups = itertools.combinations(range(n_features), 2)
        else:
            groups = self.interaction_cst
        try:
            constraints = [set(group) for group in groups]
        except TypeError:
            raise ValueError("Interaction constraints must be a sequence of tuples or lists, "
                             f"got: {self.interaction_cst!r}.") from None
        for group in constraints:
            for x in group:
                if not (isinstance(x, Integral) and 0 <= x < n_features):
                    raise ValueError(
                        "Interaction constraints must consist of integer indices in [0, "
                        f"n_features - 1] = [0, {n_features - 1}], specifying the position of "
                        f"features, got invalid indices: {group!r}")
        rest = set(range(n_features)) - set().union(*constraints)
        if rest:
            constraints.append(rest)
        position = np.argsort(self._remapped_order())  # original index -> column
        return [{int(position[x]) for x in group} for group in constraints]

    # -- fit -----------------------------------------------------------------------------------

    def fit(self, X, y, sample_weight=None, *, X_val=None, y_val=None, sample_weight_val=None):
        """Fit the boosted trees.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training samples; NaN marks missing values.
        y : array-like of shape (n_samples,)
            Targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the training samples.
        X_val, y_val, sample_weight_val : array-like, default=None
            Validation data for early stopping, instead of a share of ``X``.

        Returns
        -------
        self : object
        """
        self._validate_params()
        X, known_categories = self._preprocess_X(X, reset=True)
        y = self._encode_y(_check_y(y, estimator=self))
        check_consistent_length(X, y)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        sample_weight = self._finalize_sample_weight(sample_weight, y)
        validation_given = X_val is not None or y_val is not None
        if validation_given:
            if y_val is None:
                raise ValueError("X_val is provided, but y_val was not provided.")
            if X_val is None:
                raise ValueError("y_val is provided, but X_val was not provided.")
            X_val = self._preprocess_X(X_val, reset=False)
            y_val = self._encode_y_val(_check_y(y_val, estimator=self))
            check_consistent_length(X_val, y_val)
            if sample_weight_val is not None:
                sample_weight_val = _check_sample_weight(sample_weight_val, X_val,
                                                         dtype=np.float64)
            if self.early_stopping is False:
                raise ValueError("X_val and y_val are passed to fit while at the same time "
                                 "early_stopping is False. When passing X_val and y_val to "
                                 "fit,early_stopping should be set to either 'auto' or True.")
        rng = check_random_state(self.random_state)
        if not self.warm_start or not self._is_fitted():
            # the same seeds (validation split, binning subsample) for every warm-start fit
            self._random_seed = rng.randint(np.iinfo(np.uint32).max, dtype="u8")
            feature_seed = rng.randint(np.iinfo(np.uint32).max, dtype="u8")
            self._feature_subsample_rng = np.random.default_rng(feature_seed)
        monotonic_cst = self._monotonic_cst()
        n_samples, self._n_features = X.shape
        interaction_cst = self._interaction_cst(self._n_features)
        self._loss = self._get_loss(sample_weight)
        self.do_early_stopping_ = (n_samples > 10_000 if self.early_stopping == "auto"
                                   else self.early_stopping)
        self._use_validation_data = self.validation_fraction is not None or validation_given
        data = self._split(X, y, sample_weight, X_val, y_val, sample_weight_val,
                           validation_given)
        self._in_fit = True
        try:
            self._boost(data, known_categories, monotonic_cst, interaction_cst)
        finally:
            del self._in_fit
        return self

    def _split(self, X, y, sample_weight, X_val, y_val, sample_weight_val, validation_given):
        if self.do_early_stopping_ and self._use_validation_data and not validation_given:
            from ...model_selection import train_test_split

            stratify = y if is_classifier(self) else None
            arrays = (X, y) if sample_weight is None else (X, y, sample_weight)
            parts = train_test_split(*arrays, test_size=self.validation_fraction,
                                     stratify=stratify, random_state=self._random_seed)
            if sample_weight is None:
                parts += [None, None]
            return parts
        if not validation_given:
            X_val = y_val = sample_weight_val = None
        return X, X_val, y, y_val, sample_weight, sample_weight_val

    def _bin(self, X_train, X_val, sw_train, known_categories):
        """Fit the bins on the training data; the binned training (Fortran-ordered) and
        validation (C-ordered) data."""
        self._bin_mapper = BinMapper(n_bins=self.max_bins + 1,
                                     is_categorical=self._is_categorical_remapped,
                                     known_categories=known_categories,
                                     random_state=self._random_seed)
        X_binned = self._bin_mapper.fit_transform(X_train, sw_train)
        X_binned_val = (None if X_val is None
                        else np.ascontiguousarray(self._bin_mapper.transform(X_val)))
        return X_binned, X_binned_val

    def _start(self, X_binned, y, sample_weight, stopper):
        """The raw predictions boosting starts from: the constant baseline, or (warm start)
        those of the trees already fitted."""
        if not (self._is_fitted() and self.warm_start):
            self._clear_state()
            self._baseline_prediction = self._loss.baseline(y, sample_weight).reshape(1, -1)
            raw = np.zeros((X_binned.shape[0], self.n_trees_per_iteration_), order="F")
            raw += self._baseline_prediction
            self._predictors = []
            self.train_score_, self.validation_score_ = [], []
            stopper.start(raw)
            return raw
        if self.max_iter < self.n_iter_:
            raise ValueError(f"max_iter={self.max_iter} must be larger than or equal to "
                             f"n_iter_={self.n_iter_} when warm_start==True")
        self.train_score_ = list(self.train_score_)
        self.validation_score_ = list(self.validation_score_)
        stopper.resume()
        return self._raw_predict(X_binned)

    def _boost(self, data, known_categories, monotonic_cst, interaction_cst):
        from . import _tree_kernels
        from ._grower import GrowerContext, TreeGrower

        X_train, X_val, y_train, y_val, sw_train, sw_val = data
        X_binned, X_binned_val = self._bin(X_train, X_val, sw_train, known_categories)
        mapper = self._bin_mapper
        self._forest = None
        stopper = _EarlyStopping(self, X_binned, y_train, sw_train, X_binned_val, y_val, sw_val)
        raw = self._start(X_binned, y_train, sw_train, stopper)
        n_samples, K = raw.shape
        gradient = np.empty((n_samples, K), dtype=np.float32, order="F")
        hessian = (np.ones((1, K), dtype=np.float32) if self._loss.constant_hessian
                   else np.empty((n_samples, K), dtype=np.float32, order="F"))
        context = GrowerContext(
            X_binned, n_bins=mapper.n_bins, n_bins_non_missing=mapper.n_bins_non_missing_,
            has_missing_values=(X_binned == mapper.missing_values_bin_idx_).any(axis=0),
            is_categorical=mapper.is_categorical_, monotonic_cst=monotonic_cst,
            interaction_cst=interaction_cst, max_leaf_nodes=self.max_leaf_nodes,
            max_depth=self.max_depth, min_samples_leaf=self.min_samples_leaf,
            l2_regularization=self.l2_regularization, feature_fraction=self.max_features,
            shrinkage=self.learning_rate)
        for _ in range(len(self._predictors), self.max_iter):
            self._loss.gradient_hessian(y_train, raw, sw_train, gradient, hessian)
            trees = []
            for k in range(K):
                grower = TreeGrower(X_binned, gradient[:, k], hessian[:, k], context,
                                    self._feature_subsample_rng).grow()
                if not self._loss.differentiable:
                    self._fit_leaf_values(grower, y_train, raw[:, k], sw_train)
                trees.append(TreePredictor(*grower.to_arrays(mapper.bin_thresholds_)))
                _tree_kernels.add_leaf_values(raw[:, k], grower.partition,
                                              *grower.leaf_ranges())
            self._predictors.append(trees)
            if self.verbose:
                leaves = sum(t.get_n_leaf_nodes() for t in trees)
                print(f"[{len(self._predictors)}/{self.max_iter}] {len(trees)} tree(s), "
                      f"{leaves} leaves")
            if self.do_early_stopping_ and stopper.update(raw, trees):
                break
        self.train_score_ = np.asarray(self.train_score_)
        self.validation_score_ = np.asarray(self.validation_score_)
        self._forest = Forest(self._predictors, mapper.n_bins)

    def _fit_leaf_values(self, grower, y, raw, sample_weight):
        """Leaf values of a loss without second derivative: the loss's best constant of the
        residuals of the leaf's samples, shrunk."""
        for leaf in grower.leaves:
            indices = grower.partition[leaf.start:leaf.stop]
            weight = None if sample_weight is None else sample_weight[indices]
            leaf.value = self.learning_rate * self._loss.leaf_value(y[indices] - raw[indices],
                                                                    weight)

    def _is_fitted(self):
        return len(getattr(self, "_predictors", [])) > 0

    def _clear_state(self):
        for name in ("train_score_", "validation_score_"):
            self.__dict__.pop(name, None)

    def _finalize_sample_weight(self, sample_weight, y):
        return sample_weight

    @property
    def n_iter_(self):
        """Number of boosting iterations fitted."""
        check_is_fitted(self)
        return len(self._predictors)

    # -- prediction ----------------------------------------------------------------------------

    def _get_forest(self):
        """The fitted trees as one ``Forest`` (built at the end of ``fit``; rebuilt during ``fit``
        for a scorer that predicts the trees grown so far)."""
        if self._forest is None or self._forest.n_trees != \
                len(self._predictors) * self.n_trees_per_iteration_:
            self._forest = Forest(self._predictors, self.max_bins + 1)
        return self._forest

    def _raw_predict(self, X):
        """The summed tree outputs, ``(n_samples, n_trees_per_iteration_)`` (binned X in fit)."""
        check_is_fitted(self)
        binned = getattr(self, "_in_fit", False)
        if not binned:
            X = self._preprocess_X(X, reset=False)
        raw = np.zeros((X.shape[0], self.n_trees_per_iteration_), order="F")
        raw += self._baseline_prediction
        if binned:
            self._get_forest().add_binned(X, self._bin_mapper.missing_values_bin_idx_, raw)
        else:
            self._get_forest().add_raw(X, raw)
        return raw

    def _staged_raw_predict(self, X):
        """The raw predictions after each iteration (copies)."""
        check_is_fitted(self)
        X = np.ascontiguousarray(self._preprocess_X(X, reset=False))
        raw = np.zeros((X.shape[0], self.n_trees_per_iteration_), order="F")
        raw += self._baseline_prediction
        forest, K = self._get_forest(), self.n_trees_per_iteration_
        for iteration in range(len(self._predictors)):
            forest.add_raw(X, raw, iteration * K, (iteration + 1) * K)
            yield raw.copy()


class _EarlyStopping:
    """The scores ``fit`` records before the first tree and after each iteration, and the
    stopping rule: no score among the last ``n_iter_no_change`` beats the one before them by
    more than ``tol``."""

    def __init__(self, estimator, X_binned, y, sample_weight, X_binned_val, y_val,
                 sample_weight_val):
        from ...metrics import get_scorer_names

        self.est = estimator
        self.X, self.y, self.sw = X_binned, y, sample_weight
        self.X_val, self.y_val, self.sw_val = X_binned_val, y_val, sample_weight_val
        self.predefined = isinstance(estimator.scoring, str) and \
            estimator.scoring in get_scorer_names()
        self.with_val_raw = X_binned_val is not None and (self.predefined or
                                                           estimator.scoring == "loss")
        self.raw_val = None

    def start(self, raw):
        if not self.est.do_early_stopping_:
            return
        if self.with_val_raw:
            self.raw_val = np.asfortranarray(
                np.zeros((self.X_val.shape[0], raw.shape[1])) + self.est._baseline_prediction)
        self._prepare()
        self._record(raw)

    def resume(self):
        if not self.est.do_early_stopping_:
            return
        if self.with_val_raw:
            self.raw_val = self.est._raw_predict(self.X_val)
        self._prepare()

    def _prepare(self):
        est = self.est
        if est.scoring == "loss":
            return
        from ...metrics import check_scoring

        est._scorer = check_scoring(est, est.scoring)
        self.small = _small_trainset(self.X, self.y, self.sw, est._random_seed,
                                     is_classifier(est))

    def update(self, raw, trees):
        """Record the scores after a new iteration; True when boosting should stop."""
        if self.with_val_raw:
            Forest([trees], self.est.max_bins + 1).add_binned(
                self.X_val, self.est._bin_mapper.missing_values_bin_idx_, self.raw_val)
        return self._record(raw)

    def _record(self, raw):
        est = self.est
        if est.scoring == "loss":
            est.train_score_.append(-est._loss.mean_loss(self.y, raw, self.sw))
            if est._use_validation_data:
                est.validation_score_.append(
                    -est._loss.mean_loss(self.y_val, self.raw_val, self.sw_val))
        else:
            X, y, sw, indices = self.small
            est.train_score_.append(self._score(X, y, sw, raw[indices] if self.predefined
                                                else None))
            if est._use_validation_data:
                est.validation_score_.append(
                    self._score(self.X_val, self.y_val, self.sw_val,
                                self.raw_val if self.predefined else None))
        scores = est.validation_score_ if est._use_validation_data else est.train_score_
        return _should_stop(scores, est.n_iter_no_change, est.tol)

    def _score(self, X, y, sample_weight, raw):
        est = self.est
        if is_classifier(est):
            y = est.classes_[y.astype(int)]
        kwargs = {} if sample_weight is None else {"sample_weight": sample_weight}
        with _raw_predictions(est, raw):
            return est._scorer(est, X, y, **kwargs)


def _should_stop(scores, n_iter_no_change, tol):
    reference = n_iter_no_change + 1
    if len(scores) < reference:
        return False
    best = scores[-reference] + tol
    return not any(score > best for score in scores[-reference + 1:])


@contextmanager
def _raw_predictions(estimator, raw):
    """Make ``estimator._raw_predict`` return ``raw`` (already accumulated) inside the block."""
    if raw is None:
        yield
        return
    estimator._raw_predict = lambda *args, **kwargs: raw
    try:
        yield
    finally:
        del estimator._raw_predict


def _small_trainset(X, y, sample_weight, seed, stratified):
    """At most 10,000 training samples for an early-stopping scorer:
    ``(X, y, sample_weight, indices)``."""
    n = X.shape[0]
    if n <= _SMALL_TRAINSET:
        return X, y, sample_weight, slice(None)
    from ...model_selection._shuffle_split import _approximate_mode

    rng = check_random_state(seed)
    if stratified:
        classes, codes = np.unique(y, return_inverse=True)
        counts = np.bincount(codes)
        members = np.split(np.argsort(codes, kind="mergesort"), np.cumsum(counts)[:-1])
        draws = _approximate_mode(counts, _SMALL_TRAINSET, rng)
        chosen = []
        for i in range(len(classes)):
            chosen.extend(rng.choice(members[i], draws[i], replace=False))
        indices = rng.permutation(chosen)
    else:
        indices = np.arange(n)
        rng.shuffle(indices)
        indices = indices[:_SMALL_TRAINSET]
    weight = None if sample_weight is None else sample_weight[indices]
    return np.ascontiguousarray(X[indices]), y[indices], weight, indices
