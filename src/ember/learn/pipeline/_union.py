"""``FeatureUnion``: several transformers applied to the same data, outputs side by side."""

from collections import Counter
from itertools import chain
from numbers import Integral

import numpy as np

from ..base import TransformerMixin
from ..datasets._bunch import Bunch
from ..utils.validation import check_is_fitted
from ._composition import (
    _Composition,
    _Identity,
    fit_transform_one,
    hstack,
    name_estimators,
    run_all,
    output_config,
    set_step_output,
    step_tags,
    transform_one,
)


def join_feature_names(named_names, verbose_feature_names_out):
    """Output names ``name__feature`` (verbose) or the bare names, which must then be unique."""
    if verbose_feature_names_out:
        return np.asarray([f"{name}__{f}" for name, names in named_names for f in names], dtype=object)
    counts = Counter(chain.from_iterable(names for _, names in named_names))
    repeated = sorted(name for name, count in counts.most_common(6) if count > 1)
    if repeated:
        shown = str(repeated[:5])[:-1] + ", ...]" if len(repeated) == 6 else str(repeated)
        raise ValueError(
            f"Output feature names: {shown} are not unique. Please set "
            "verbose_feature_names_out=True to add prefixes to feature names"
        )
    if not named_names:
        return np.asarray([], dtype=object)
    return np.concatenate([np.asarray(names, dtype=object) for _, names in named_names])


class FeatureUnion(TransformerMixin, _Composition):
    """Concatenates the outputs of several transformers fitted on the same input.

    Parameters:
        transformer_list: list of ``(name, transformer)``; a transformer may be
            ``"drop"`` (left out) or ``"passthrough"`` (the input unchanged).
        n_jobs: number of joblib workers fitting and applying the transformers
            (None: one, in this process).
        transformer_weights: ``{name: weight}`` multiplying that transformer's output.
        verbose: print the time each transformer took to fit.
        verbose_feature_names_out: prefix output names with the transformer's
            name (``"pca__pca0"``); otherwise the names must be unique.

    Attributes:
        named_transformers: the transformers by name (a ``Bunch``).
        n_features_in_, feature_names_in_: those of the first transformer.

    Example:
        >>> import numpy as np
        >>> from sklearn.decomposition import PCA
        >>> union = FeatureUnion([("pca", PCA(n_components=1)), ("raw", "passthrough")])
        >>> union.fit_transform(np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 7.0]])).shape
        (3, 3)
        >>> list(union.get_feature_names_out())
        ['pca__pca0', 'raw__x0', 'raw__x1']
    """

    _parameter_constraints = {
        "transformer_list": [list, tuple],
        "n_jobs": [None, Integral],
        "transformer_weights": [dict, None],
        "verbose": ["boolean"],
        "verbose_feature_names_out": ["boolean"],
    }

    def __init__(self, transformer_list, *, n_jobs=None, transformer_weights=None, verbose=False,
                 verbose_feature_names_out=True):
        self.transformer_list = transformer_list
        self.n_jobs = n_jobs
        self.transformer_weights = transformer_weights
        self.verbose = verbose
        self.verbose_feature_names_out = verbose_feature_names_out

    def get_params(self, deep=True):
        """Constructor parameters; with ``deep``, also each transformer by name and ``name__param``."""
        return self._nested_params("transformer_list", deep)

    def set_params(self, **params):
        """Set parameters; ``name=`` replaces a transformer, ``name__param=`` sets one inside it."""
        return self._set_nested_params("transformer_list", **params)

    def set_output(self, *, transform=None):
        """Set the output container of the union and of each of its transformers."""
        super().set_output(transform=transform)
        for _, step, _ in self._iter():
            set_step_output(step, transform)
        return self

    @property
    def named_transformers(self):
        """The transformers by name (a ``Bunch``)."""
        return Bunch(**dict(self.transformer_list))

    def __getitem__(self, name):
        if not isinstance(name, str):
            raise KeyError("Only string keys are supported")
        return self.named_transformers[name]

    def _validate(self):
        self._validate_params()
        self.transformer_list = list(self.transformer_list)
        if not self.transformer_list:
            raise ValueError("The transformer_list of FeatureUnion is empty. Please add transformers.")
        names, transformers = zip(*self.transformer_list)
        self._validate_names(names)
        self._check_instances(transformers)
        for t in transformers:
            if isinstance(t, str) and t in ("drop", "passthrough"):
                continue
            if not (hasattr(t, "fit") or hasattr(t, "fit_transform")) or not hasattr(t, "transform"):
                raise TypeError(
                    f"All estimators should implement fit and transform. '{t}' (type {type(t)}) doesn't"
                )
        for name in self.transformer_weights or {}:
            if name not in names:
                raise ValueError(
                    f'Attempting to weight transformer "{name}", but it is not present in '
                    "transformer_list."
                )

    def _iter(self):
        """``(name, transformer, weight)`` without the dropped ones; "passthrough" as an identity."""
        weights = self.transformer_weights or {}
        for name, step in self.transformer_list:
            if isinstance(step, str) and step == "drop":
                continue
            if isinstance(step, str) and step == "passthrough":
                step = _Identity()
            yield name, step, weights.get(name)

    def _log_message(self, name, index, total):
        return f"(step {index} of {total}) Processing {name}" if self.verbose else None

    def _fit_all(self, X, y, params):
        self._validate()
        todo = list(self._iter())
        results = run_all(self.n_jobs, fit_transform_one, [
            (step, X, y, weight, "FeatureUnion", self._log_message(name, i, len(todo)), params)
            for i, (name, step, weight) in enumerate(todo, 1)
        ])
        fitted = iter(step for _, step in results)
        # The fitted transformers (an identity for "passthrough") replace the given ones.
        self.transformer_list[:] = [
            (name, old if isinstance(old, str) and old == "drop" else next(fitted))
            for name, old in self.transformer_list
        ]
        return [block for block, _ in results]

    def fit(self, X, y=None, **fit_params):
        """Fit every transformer on ``X`` (``fit_params`` go to each one's ``fit``)."""
        self._fit_all(X, y, fit_params)
        return self

    def fit_transform(self, X, y=None, **params):
        """Fit every transformer and return their outputs on ``X`` side by side."""
        blocks = self._fit_all(X, y, params)
        return self._join(blocks, X)

    def transform(self, X):
        """Each transformer's output on ``X``, side by side (times its weight)."""
        check_is_fitted(self)
        blocks = run_all(self.n_jobs, transform_one,
                          [(step, X, weight) for _, step, weight in self._iter()])
        return self._join(blocks, X)

    def _join(self, blocks, X):
        if not blocks:
            return np.zeros((X.shape[0], 0))
        for block, (name, _, _) in zip(blocks, self._iter()):
            if hasattr(block, "shape") and len(block.shape) != 2:
                raise ValueError(
                    f"Transformer '{name}' returned an array or dataframe with {len(block.shape)} "
                    "dimensions, but expected 2 dimensions (n_samples, n_features)."
                )
        return hstack(blocks, output_config(self) == "pandas")

    def get_feature_names_out(self, input_features=None):
        """Output names: each transformer's names prefixed with its name (``"name__feature"``)."""
        named = []
        for name, step, _ in self._iter():
            if not hasattr(step, "get_feature_names_out"):
                raise AttributeError(
                    f"Transformer {name} (type {type(step).__name__}) does not provide "
                    "get_feature_names_out."
                )
            named.append((name, step.get_feature_names_out(input_features)))
        return join_feature_names(named, self.verbose_feature_names_out)

    @property
    def n_features_in_(self):
        """Number of input features (those of the first transformer)."""
        return self.transformer_list[0][1].n_features_in_

    @property
    def feature_names_in_(self):
        """Input feature names (those of the first transformer)."""
        return self.transformer_list[0][1].feature_names_in_

    def __sklearn_is_fitted__(self):
        for _, step, _ in self._iter():
            check_is_fitted(step)
        return True

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        try:
            tags.input_tags.sparse = all(
                step_tags(step).input_tags.sparse for _, step in self.transformer_list
                if not (isinstance(step, str) and step in ("drop", "passthrough"))
            )
        except (TypeError, ValueError, AttributeError):
            pass  # malformed transformer_list: fit reports it
        return tags


def make_union(*transformers, n_jobs=None, verbose=False, verbose_feature_names_out=True):
    """A ``FeatureUnion`` of ``transformers`` named after their classes in lower case.

    Example:
        >>> from sklearn.decomposition import PCA, TruncatedSVD
        >>> [name for name, _ in make_union(PCA(), TruncatedSVD()).transformer_list]
        ['pca', 'truncatedsvd']
    """
    return FeatureUnion(name_estimators(transformers), n_jobs=n_jobs, verbose=verbose,
                        verbose_feature_names_out=verbose_feature_names_out)
