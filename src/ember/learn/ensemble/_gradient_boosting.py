"""``GradientBoostingClassifier`` and ``GradientBoostingRegressor``: boosted regression trees.

Friedman's gradient boosting (*Greedy function approximation*, 2001; *Stochastic
gradient boosting*, 2002), HOML ch7: the model starts from the init
estimator's raw prediction (the loss's best constant by default: log-odds,
centred log class priors, mean, median or alpha quantile) and each stage
fits one regression tree per raw output to the negative gradient of the loss,
sets the tree's leaf values to the loss's best step (``_gb_losses``) and adds
``learning_rate`` times the tree to the raw predictions.

Everything follows scikit-learn 1.9, including its draws: one ``RandomState``
gives each stage's in-bag rows (``subsample < 1``) and each tree's seed, so
with all features searched per split (``max_features=None``) and no tied
candidate splits the ensemble is scikit-learn's, tree for tree.

Speed: X is presorted once per fit and each tree starts from a copy of that
presort (filtered to the stage's in-bag rows), so no stage sorts; leaves are
found by the compiled tree walk, and prediction walks every tree of the
ensemble in one compiled pass (``_gb_kernels``).
"""

import numbers
import sys
import time
import warnings

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin, clone
from ..model_selection import train_test_split
from ..tree import DecisionTreeRegressor
from ..tree._base import TREE_CONSTRAINTS, resolve_max_features, resolve_sample_counts
from ..tree._builder import PRESORT_MAX_ENTRIES, build_tree, presort, presort_rows
from ..utils import check_random_state, column_or_1d, validate_data
from ..utils._param_validation import Interval, InvalidParameterError, StrOptions
from ..utils.multiclass import check_classification_targets
from ..utils.validation import _check_sample_weight, check_is_fitted
from ._base import MAX_INT, VERBOSE, store_parameters
from ._gb_losses import HuberLoss, MultinomialLoss, make_loss

__all__ = ["GradientBoostingClassifier", "GradientBoostingRegressor"]


def _kernels():
    from . import _gb_kernels

    return _gb_kernels


_CONSTRAINTS = {
    **{name: rule for name, rule in TREE_CONSTRAINTS.items() if name != "splitter"},
    "learning_rate": [Interval(numbers.Real, 0.0, None, closed="left")],
    "n_estimators": [Interval(numbers.Integral, 1, None, closed="left")],
    "criterion": [StrOptions({"squared_error", "friedman_mse", "deprecated"})],
    "subsample": [Interval(numbers.Real, 0.0, 1.0, closed="right")],
    "verbose": VERBOSE,
    "warm_start": ["boolean"],
    "validation_fraction": [Interval(numbers.Real, 0.0, 1.0, closed="neither")],
    "n_iter_no_change": [Interval(numbers.Integral, 1, None, closed="left"), None],
    "tol": [Interval(numbers.Real, 0.0, None, closed="left")],
    "init": "no_validation",  # "zero", None or an estimator: checked in fit
}

_FITTED = ("estimators_", "train_score_", "oob_improvement_", "oob_scores_", "oob_score_",
           "init_", "_rng", "n_estimators_", "_packed")


class _Progress:
    """The ``verbose`` table on stdout: a line per stage (verbose > 1), or at stages 1-10,
    then every 10th up to 100, every 100th... (verbose == 1)."""

    def __init__(self, model, begin):
        self.model, self.begin, self.every = model, begin, 1
        self.oob = model.subsample < 1
        fields = ["Iter", "Train Loss"] + (["OOB Improve"] if self.oob else []) + ["Remaining Time"]
        print(f"{fields[0]:>10s} " + "".join(f"{f:>16s} " for f in fields[1:]))
        self.start = time.time()

    def update(self, i):
        done = i - self.begin + 1
        if done % self.every:
            return
        model = self.model
        left = (model.n_estimators - (i + 1)) * (time.time() - self.start) / done
        left = f"{left / 60:.2f}m" if left > 60 else f"{left:.2f}s"
        line = f"{i + 1:>10d} {model.train_score_[i]:>16.4f}"
        if self.oob:
            line += f" {model.oob_improvement_[i]:>16.4f}"
        print(f"{line} {left:>16s}")
        sys.stdout.flush()
        if model.verbose == 1 and done // (self.every * 10) > 0:
            self.every *= 10


class _BaseGradientBoosting(BaseEstimator):
    """The boosting loop and what both estimators share (not public)."""

    _parameter_constraints = _CONSTRAINTS

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        return tags

    # -- fit -----------------------------------------------------------------------------
    def _check_init(self, method):
        init = self.init
        if init is None or (isinstance(init, str) and init == "zero"):
            return
        if isinstance(init, str) or not all(callable(getattr(init, m, None))
                                            for m in ("fit", method)):
            raise InvalidParameterError(
                f"The 'init' parameter of {type(self).__name__} must be a str among {{'zero'}}, "
                f"None or an object implementing 'fit' and {method!r}. Got {init!r} instead.")

    def _clear_state(self):
        for name in _FITTED:
            if hasattr(self, name):
                delattr(self, name)

    def _is_fitted(self):
        return len(getattr(self, "estimators_", [])) > 0

    def fit(self, X, y, sample_weight=None, monitor=None):
        """Boost ``n_estimators`` stages on X (n_samples, n_features), dense or sparse, and y
        (n_samples,).

        Parameters
        ----------
        sample_weight : array-like of shape (n_samples,), default=None
        monitor : callable, default=None
            Called after each stage as ``monitor(i, self, locals())``; boosting stops
            when it returns True.

        Returns
        -------
        self
        """
        self._validate_params()
        self._check_init("predict_proba" if isinstance(self, ClassifierMixin) else "predict")
        if not self.warm_start:
            self._clear_state()
        if self.criterion != "deprecated":
            warnings.warn("The parameter `criterion` is deprecated and will be removed in 1.11. "
                          "It has no effect. Leave it to its default value to avoid this warning.",
                          FutureWarning, stacklevel=2)
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc", "coo"], dtype=np.float32,
                             multi_output=True)
        weighted = sample_weight is not None
        sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        y = self._encode_y(column_or_1d(y, warn=True), sample_weight if weighted else None)
        self.max_features_ = resolve_max_features(self.max_features, self.n_features_in_)
        self._loss = self._make_loss()
        if self.n_iter_no_change is not None:
            X, X_val, y, y_val, sample_weight, sw_val = train_test_split(
                X, y, sample_weight, random_state=self.random_state,
                test_size=self.validation_fraction,
                stratify=y if isinstance(self, ClassifierMixin) else None)
            if isinstance(self, ClassifierMixin) and self.n_classes_ != len(np.unique(y)):
                raise ValueError("The training data after the early stopping split is missing "
                                 "some classes. Try using another random seed.")
            validation = (X_val, y_val, sw_val)
        else:
            validation = None
        if not self._is_fitted():
            raw = self._start(X, y, sample_weight if weighted else None)
            begin = 0
            self._rng = check_random_state(self.random_state)
        else:
            if self.n_estimators < self.estimators_.shape[0]:
                raise ValueError(
                    f"n_estimators={self.n_estimators} must be larger or equal to "
                    f"estimators_.shape[0]={self.estimators_.shape[0]} when warm_start==True")
            begin = self.estimators_.shape[0]
            raw = self._raw_predict(X)
            self._resize_state()
        n_stages = self._fit_stages(X, y, raw, sample_weight, validation, begin, monitor)
        if n_stages != self.estimators_.shape[0]:
            self.estimators_ = self.estimators_[:n_stages]
            self.train_score_ = self.train_score_[:n_stages]
            if hasattr(self, "oob_improvement_"):
                self.oob_improvement_ = self.oob_improvement_[:n_stages]
                self.oob_scores_ = self.oob_scores_[:n_stages]
                self.oob_score_ = self.oob_scores_[-1]
        self.n_estimators_ = n_stages
        self._packed = _PackedTrees(self.estimators_)
        return self

    def _start(self, X, y, sample_weight):
        """Fit ``init_``, allocate the stage arrays; the initial raw predictions."""
        K = self.n_trees_per_iteration_
        self.estimators_ = np.empty((self.n_estimators, K), dtype=object)
        self.train_score_ = np.zeros(self.n_estimators)
        if self.subsample < 1.0:
            self.oob_improvement_ = np.zeros(self.n_estimators)
            self.oob_scores_ = np.zeros(self.n_estimators)
            self.oob_score_ = np.nan
        if self.init is None:
            self.init_ = self._loss.init_estimator()
        elif isinstance(self.init, str):
            self.init_ = "zero"
            return np.zeros((X.shape[0], K))
        else:
            self.init_ = clone(self.init)
        if sample_weight is None:
            self.init_.fit(X, y)
        else:
            try:
                self.init_.fit(X, y, sample_weight=sample_weight)
            except TypeError as error:
                if "unexpected keyword argument 'sample_weight'" not in str(error):
                    raise
                raise ValueError(f"The initial estimator {type(self.init_).__name__} does not "
                                 "support sample weights.") from error
        return self._init_raw(X)

    def _resize_state(self):
        """Room for ``n_estimators`` stages in total (warm start)."""
        old = self.estimators_.shape[0]
        estimators = np.empty((self.n_estimators, self.n_trees_per_iteration_), dtype=object)
        estimators[:old] = self.estimators_
        self.estimators_ = estimators
        self.train_score_ = np.concatenate([self.train_score_, np.zeros(self.n_estimators - old)])
        if self.subsample < 1 or hasattr(self, "oob_improvement_"):
            for name in ("oob_improvement_", "oob_scores_"):
                kept = getattr(self, name, np.zeros(old))
                setattr(self, name, np.concatenate([kept, np.zeros(self.n_estimators - old)]))
            self.oob_score_ = np.nan

    def _tree_params(self, n_samples):
        """``build_tree``'s stopping rules (all but the minimum leaf weight)."""
        min_samples_leaf, min_samples_split = resolve_sample_counts(
            self.min_samples_leaf, self.min_samples_split, n_samples)
        return dict(criterion="squared_error", max_features=self.max_features_,
                    max_depth=self.max_depth, min_samples_split=min_samples_split,
                    min_samples_leaf=min_samples_leaf, max_leaf_nodes=self.max_leaf_nodes,
                    min_impurity_decrease=self.min_impurity_decrease)

    def _fit_stages(self, X, y, raw, sample_weight, validation, begin, monitor):
        """Boost stages begin..n_estimators-1 (fewer when stopped early); the stage count."""
        n_samples = X.shape[0]
        X = X.toarray() if sp.issparse(X) else X
        data = _Data(X, y, sample_weight, self._tree_params(n_samples))
        loss, rng, oob = self._loss, self._rng, self.subsample < 1.0
        n_in_bag = max(1, int(self.subsample * n_samples))
        progress = _Progress(self, begin) if self.verbose else None
        if validation is not None:
            history = np.full(self.n_iter_no_change, np.inf)
            X_val, y_val, sw_val = validation
            raw_val = self._raw_predict(X_val) if begin else self._init_raw(X_val)
            X_val = _rows(X_val)
        in_bag = None
        for i in range(begin, self.n_estimators):
            if oob:
                in_bag = _kernels().random_sample_mask(rng.uniform(size=n_samples), n_in_bag)
                out = ~in_bag
                if i == 0:
                    initial_loss = loss.mean(y[out], raw[out], sample_weight[out])
            self._fit_stage(i, data, raw, in_bag)
            if oob:
                self.train_score_[i] = loss.mean(y[in_bag], raw[in_bag], sample_weight[in_bag])
                self.oob_scores_[i] = loss.mean(y[out], raw[out], sample_weight[out])
                previous = initial_loss if i == 0 else self.oob_scores_[i - 1]
                self.oob_improvement_[i] = previous - self.oob_scores_[i]
                self.oob_score_ = self.oob_scores_[-1]
            else:
                self.train_score_[i] = loss.mean(y, raw, sample_weight)
            if progress is not None:
                progress.update(i)
            if monitor is not None and monitor(i, self, locals()):
                return i + 1
            if validation is not None:
                self._add_stage(i, X_val, raw_val)
                val_loss = loss.mean(y_val, raw_val, sw_val)
                if not np.any(val_loss + self.tol < history):
                    return i + 1
                history[i % len(history)] = val_loss
        return self.n_estimators

    def _fit_stage(self, i, data, raw, in_bag):
        """Grow stage i's trees, set their leaf values and add them to ``raw``."""
        loss, y = self._loss, data.y
        if isinstance(loss, HuberLoss):
            loss.set_delta(y, raw, data.sample_weight)
        neg_gradient = loss.negative_gradient(y, raw)
        weight = data.sample_weight if in_bag is None else data.sample_weight * in_bag
        keep = weight != 0
        rows = None if keep.all() else keep
        total = float(weight.sum())
        for k in range(self.n_trees_per_iteration_):
            target = (y == k).astype(np.float64) if isinstance(loss, MultinomialLoss) else y
            tree = build_tree(data.X_f, neg_gradient[:, k], weight,
                              min_weight_leaf=self.min_weight_fraction_leaf * total,
                              seed=self._rng.randint(0, MAX_INT),
                              presorted=data.presort(rows), **data.tree_params)
            if self.ccp_alpha > 0.0:
                tree = tree.pruned(self.ccp_alpha)
            leaves = tree.apply(data.X_c)
            part = slice(None) if in_bag is None else in_bag
            values = loss.leaf_values(leaves[part], tree.node_count, target[part],
                                      neg_gradient[part, k], raw[part, k], weight[part])
            if values is not None:
                is_leaf = tree.children_left == -1
                tree.value[is_leaf, 0, 0] = values[is_leaf]
            raw[:, k] += self.learning_rate * tree.value[:, 0, 0].take(leaves)
            self.estimators_[i, k] = self._member(tree)

    def _member(self, tree):
        """A fitted ``DecisionTreeRegressor`` around a grown tree (scikit-learn's member)."""
        member = DecisionTreeRegressor(
            criterion="squared_error", max_depth=self.max_depth,
            min_samples_split=self.min_samples_split, min_samples_leaf=self.min_samples_leaf,
            min_weight_fraction_leaf=self.min_weight_fraction_leaf,
            min_impurity_decrease=self.min_impurity_decrease, max_features=self.max_features,
            max_leaf_nodes=self.max_leaf_nodes, random_state=self._rng, ccp_alpha=self.ccp_alpha)
        member.n_features_in_, member.n_outputs_ = self.n_features_in_, 1
        member.max_features_, member.tree_ = self.max_features_, tree
        return member

    def _add_stage(self, i, X, raw):
        """raw += learning_rate * stage i's trees on X (float32 rows)."""
        for k, member in enumerate(self.estimators_[i]):
            tree = member.tree_
            raw[:, k] += self.learning_rate * tree.value[:, 0, 0].take(tree.apply(X))

    # -- prediction ----------------------------------------------------------------------
    def _validate_X(self, X):
        check_is_fitted(self)
        return validate_data(self, X, dtype=np.float32, accept_sparse="csr", reset=False)

    def _init_raw(self, X):
        """The init estimator's raw predictions, (n_samples, K)."""
        if isinstance(self.init_, str):
            return np.zeros((X.shape[0], self.n_trees_per_iteration_))
        if isinstance(self, ClassifierMixin):
            return self._loss.raw_from_init(self.init_.predict_proba(X))
        return self._loss.raw_from_init(self.init_.predict(X))

    def _raw_predict(self, X):
        """Raw predictions of the whole ensemble on validated X, (n_samples, K)."""
        raw = self._init_raw(X)
        self._packed.add_to(_rows(X), self.n_trees_per_iteration_, float(self.learning_rate), raw)
        return raw

    def _staged_raw_predict(self, X):
        X = self._validate_X(X)
        raw = self._init_raw(X)
        X = _rows(X)
        for i in range(self.estimators_.shape[0]):
            self._add_stage(i, X, raw)
            yield raw.copy()

    def apply(self, X):
        """Leaf index of each sample in each tree, (n_samples, n_estimators, K) for the
        classifier, (n_samples, n_estimators) for the regressor (float)."""
        X = _rows(self._validate_X(X))
        leaves = self._packed.apply(X)
        return leaves.reshape(X.shape[0], *self.estimators_.shape).astype(np.float64)

    @property
    def feature_importances_(self):
        """Impurity decrease brought by each feature, averaged over the trees with a split
        and normalised to sum to 1 (zeros when no tree splits), (n_features,)."""
        check_is_fitted(self)
        trees = [m.tree_ for m in self.estimators_.ravel() if m.tree_.node_count > 1]
        if not trees:
            return np.zeros(self.n_features_in_)
        mean = np.mean([t.compute_feature_importances(normalize=False) for t in trees], axis=0)
        return mean / mean.sum()


class _Data:
    """The training arrays of one fit in the layouts the stages use: float32 Fortran order
    (tree building), C order (leaf lookup), the presort of all rows (when it fits)."""

    def __init__(self, X, y, sample_weight, tree_params):
        self.X_f, self.X_c = np.asfortranarray(X, dtype=np.float32), _rows(X)
        self.y, self.sample_weight, self.tree_params = y, sample_weight, tree_params
        n, d = X.shape
        self._presort = (presort(self.X_f, np.arange(n, dtype=np.int32))
                         if n * d <= PRESORT_MAX_ENTRIES else None)

    def presort(self, rows):
        """A fresh presort for the rows where ``rows`` is True (all rows for None)."""
        return None if self._presort is None else presort_rows(*self._presort, rows)


def _rows(X):
    """Float32 C-ordered dense rows."""
    X = X.toarray() if sp.issparse(X) else X
    return np.ascontiguousarray(X, dtype=np.float32)


class _PackedTrees:
    """All trees of a fitted ensemble in the arrays of one compiled walk (made at the end of
    fit): a complete-tree layout when the trees are at most ``COMPLETE_MAX_DEPTH`` deep,
    else their node arrays end to end."""

    COMPLETE_MAX_DEPTH = 10

    def __init__(self, estimators):
        trees = [member.tree_ for member in estimators.ravel()]
        self.n_trees = len(trees)
        offset = np.zeros(len(trees) + 1, dtype=np.int64)
        offset[1:] = np.cumsum([t.node_count for t in trees])
        nodes = (offset,) + tuple(
            np.concatenate([getattr(t, name) for t in trees]) if trees else np.zeros(0)
            for name in ("children_left", "children_right", "feature", "threshold"))
        value = np.concatenate([t.value[:, 0, 0] for t in trees]) if trees else np.zeros(0)
        self.depth = max((t.max_depth for t in trees), default=0)
        if self.depth <= self.COMPLETE_MAX_DEPTH:
            self.complete = _kernels().complete_layout(*nodes, value, self.depth)
            self.nodes = None
        else:
            self.complete, self.nodes = None, nodes + (value,)

    def add_to(self, X, n_per_stage, scale, raw):
        """raw += scale * every tree's values on X (float32 C rows), tree by tree."""
        if self.complete is not None:
            feat, thr, value, _ = self.complete
            _kernels().predict_complete(X, feat, thr, scale * value, self.depth, n_per_stage, raw)
        else:
            *nodes, value = self.nodes
            _kernels().predict_stages(X, *nodes, scale * value, n_per_stage, raw)

    def apply(self, X):
        """The leaf of every row of X in every tree, (n_samples, n_trees)."""
        out = np.empty((X.shape[0], self.n_trees), dtype=np.int64)
        if self.complete is not None:
            feat, thr, _, leaf_id = self.complete
            _kernels().apply_complete(X, feat, thr, leaf_id, self.depth, out)
        else:
            _kernels().apply_stages(X, *self.nodes[:5], out)
        return out


_PARAMETERS = """
    learning_rate : float, default=0.1
        Shrinks each tree's contribution (a trade-off with n_estimators).
    n_estimators : int, default=100
        Number of boosting stages.
    subsample : float, default=1.0
        Fraction of the samples drawn (without replacement) for each stage; below 1.0
        this is stochastic gradient boosting, with out-of-bag estimates.
    criterion : {{"friedman_mse", "squared_error"}}, default="deprecated"
        Has no effect (scikit-learn 1.9 deprecates it; a given value warns): the trees
        always split on the squared error, which Friedman's criterion equals.
    min_samples_split, min_samples_leaf, min_weight_fraction_leaf : as the trees'
        (defaults 2, 1, 0.0).
    max_depth : int or None, default=3
        Depth of each tree.
    min_impurity_decrease : float, default=0.0
    init : estimator, "zero" or None, default=None
        Gives the initial raw predictions (a clone is fitted; it needs ``fit`` and
        ``{method}``); "zero" starts from 0; None uses {default_init}.
    random_state : int, RandomState instance or None, default=None
        Draws each stage's in-bag samples, each tree's seed and the early-stopping split.
    max_features : int, float, {{"sqrt", "log2"}} or None, default=None
        Features drawn per split (None: all).{alpha}
    verbose : int, default=0
        1: a progress line now and then; more: one per stage.
    max_leaf_nodes : int or None, default=None
        Grow each tree best first up to this many leaves.
    warm_start : bool, default=False
        Keep the fitted stages and add stages up to ``n_estimators`` on the next fit.
    validation_fraction : float, default=0.1
        Share of the training data held out for early stopping{stratified}.
    n_iter_no_change : int or None, default=None
        Stop when the held-out loss has not improved by ``tol`` on any of the last
        ``n_iter_no_change`` stages (None: no early stopping).
    tol : float, default=1e-4
    ccp_alpha : float, default=0.0
        Cost-complexity pruning of each tree.
"""

_ATTRIBUTES = """
    n_estimators_ : int
        Number of stages fitted (fewer than n_estimators after early stopping).
    n_trees_per_iteration_ : int
        Trees per stage ({trees}).
    estimators_ : ndarray of DecisionTreeRegressor of shape (n_estimators_, n_trees_per_iteration_)
    init_ : estimator or "zero"
    train_score_ : ndarray of shape (n_estimators_,)
        Loss after each stage on the in-bag samples.
    oob_improvement_, oob_scores_ : ndarray of shape (n_estimators_,); oob_score_ : float
        Out-of-bag loss decrease, loss, and the last loss (only with subsample < 1).
    feature_importances_ : ndarray of shape (n_features_in_,)
    max_features_ : int
    n_features_in_ : int; feature_names_in_ : ndarray of shape (n_features_in_,)
"""


class GradientBoostingClassifier(ClassifierMixin, _BaseGradientBoosting):
    __doc__ = """Gradient boosting for classification (HOML ch7).

    Binary problems boost one tree per stage on the log-odds (``loss="log_loss"``) or on
    half the log-odds with AdaBoost's exponential loss (``loss="exponential"``);
    K > 2 classes boost K trees per stage on softmax scores. Leaves take one Newton step.

    Parameters
    ----------
    loss : {{"log_loss", "exponential"}}, default="log_loss"
    {parameters}
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    n_classes_ : int
    {attributes}
    Examples
    --------
    >>> from ember.learn.datasets import make_moons
    >>> X, y = make_moons(n_samples=200, noise=0.25, random_state=0)
    >>> model = GradientBoostingClassifier(n_estimators=20, random_state=0).fit(X, y)
    >>> model.estimators_.shape, round(model.score(X, y), 2)
    ((20, 1), 0.94)
    """.format(parameters=_PARAMETERS.format(
        method="predict_proba", default_init="the class priors", alpha="",
        stratified=" (stratified)").strip(),
        attributes=_ATTRIBUTES.format(trees="1 for two classes, else n_classes").strip())

    _parameter_constraints = {**_CONSTRAINTS,
                              "loss": [StrOptions({"log_loss", "exponential"})]}

    def __init__(self, *, loss="log_loss", learning_rate=0.1, n_estimators=100, subsample=1.0,
                 criterion="deprecated", min_samples_split=2, min_samples_leaf=1,
                 min_weight_fraction_leaf=0.0, max_depth=3, min_impurity_decrease=0.0,
                 init=None, random_state=None, max_features=None, verbose=0,
                 max_leaf_nodes=None, warm_start=False, validation_fraction=0.1,
                 n_iter_no_change=None, tol=1e-4, ccp_alpha=0.0):
        store_parameters(self, locals())

    def _encode_y(self, y, sample_weight):
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        self.n_trees_per_iteration_ = 1 if self.n_classes_ <= 2 else self.n_classes_
        present = (self.n_classes_ if sample_weight is None
                   else np.count_nonzero(np.bincount(codes, sample_weight)))
        if present < 2:
            raise ValueError(f"y contains {present} class after sample_weight trimmed classes "
                             "with zero weights, while a minimum of 2 classes are required.")
        return codes.astype(np.float64)

    def _make_loss(self):
        if self.loss == "exponential" and self.n_classes_ > 2:
            raise ValueError(f"loss='{self.loss}' is only suitable for a binary classification "
                             f"problem, you have n_classes={self.n_classes_}. Please use "
                             "loss='log_loss' instead.")
        return make_loss(self.loss, n_classes=self.n_classes_)

    def decision_function(self, X):
        """Raw scores: (n_samples,) for two classes (the log-odds, or half of them for the
        exponential loss), else (n_samples, n_classes)."""
        raw = self._raw_predict(self._validate_X(X))
        return raw.ravel() if raw.shape[1] == 1 else raw

    def staged_decision_function(self, X):
        """``decision_function``'s scores after each stage, (n_samples, K) each."""
        yield from self._staged_raw_predict(X)

    def _labels(self, raw):
        codes = (raw[:, 0] >= 0).astype(int) if raw.shape[1] == 1 else np.argmax(raw, axis=1)
        return self.classes_.take(codes, axis=0)

    def predict(self, X):
        """Predicted class of each sample, (n_samples,)."""
        return self._labels(self._raw_predict(self._validate_X(X)))

    def staged_predict(self, X):
        """The predicted classes after each stage."""
        for raw in self._staged_raw_predict(X):
            yield self._labels(raw)

    def predict_proba(self, X):
        """Class probabilities, (n_samples, n_classes)."""
        raw = self._raw_predict(self._validate_X(X))
        return self._loss.proba(raw)

    def predict_log_proba(self, X):
        """Logarithm of ``predict_proba``."""
        return np.log(self.predict_proba(X))

    def staged_predict_proba(self, X):
        """The class probabilities after each stage."""
        for raw in self._staged_raw_predict(X):
            yield self._loss.proba(raw)


class GradientBoostingRegressor(RegressorMixin, _BaseGradientBoosting):
    __doc__ = """Gradient boosting for regression (HOML ch7).

    Losses: ``"squared_error"`` (leaves: the residuals' mean), ``"absolute_error"``
    (their weighted median), ``"huber"`` (Huber's loss with its threshold at the
    ``alpha`` quantile of the absolute residuals of each stage) and ``"quantile"``
    (pinball loss: predicts the ``alpha`` quantile).

    Parameters
    ----------
    loss : {{"squared_error", "absolute_error", "huber", "quantile"}}, default="squared_error"
    {parameters}
    Attributes
    ----------
    {attributes}
    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(42)
    >>> X = rng.rand(100, 1) - 0.5
    >>> y = 3 * X[:, 0] ** 2 + 0.05 * rng.randn(100)
    >>> model = GradientBoostingRegressor(max_depth=2, n_estimators=3, learning_rate=1.0)
    >>> round(float(model.fit(X, y).predict([[0.0]])[0]), 3)
    0.04
    """.format(parameters=_PARAMETERS.format(
        method="predict", default_init="the loss's best constant (mean, median or quantile)",
        alpha="\n    alpha : float, default=0.9\n        The quantile of the quantile loss, "
              "and of the residuals at which the\n        Huber loss turns linear.",
        stratified="").strip(),
        attributes=_ATTRIBUTES.format(trees="always 1").strip())

    _parameter_constraints = {
        **_CONSTRAINTS,
        "loss": [StrOptions({"squared_error", "absolute_error", "huber", "quantile"})],
        "alpha": [Interval(numbers.Real, 0.0, 1.0, closed="neither")],
    }

    def __init__(self, *, loss="squared_error", learning_rate=0.1, n_estimators=100,
                 subsample=1.0, criterion="deprecated", min_samples_split=2, min_samples_leaf=1,
                 min_weight_fraction_leaf=0.0, max_depth=3, min_impurity_decrease=0.0,
                 init=None, random_state=None, max_features=None, alpha=0.9, verbose=0,
                 max_leaf_nodes=None, warm_start=False, validation_fraction=0.1,
                 n_iter_no_change=None, tol=1e-4, ccp_alpha=0.0):
        store_parameters(self, locals())

    def _encode_y(self, y, sample_weight):
        self.n_trees_per_iteration_ = 1
        return y.astype(np.float64, copy=False)

    def _make_loss(self):
        return make_loss(self.loss, alpha=self.alpha)

    def predict(self, X):
        """Predicted values, (n_samples,)."""
        return self._raw_predict(self._validate_X(X)).ravel()

    def staged_predict(self, X):
        """The predictions after each stage."""
        for raw in self._staged_raw_predict(X):
            yield raw.ravel()

    def apply(self, X):
        """Leaf index of each sample in each tree, (n_samples, n_estimators) (float)."""
        leaves = super().apply(X)
        return leaves.reshape(leaves.shape[0], -1)
