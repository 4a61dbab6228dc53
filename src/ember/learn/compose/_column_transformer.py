"""``ColumnTransformer``: a transformer per group of columns, outputs side by side.

The columns of each group are resolved once, in ``fit``, to integer positions
(``_transformer_to_input_indices``); each group is cut out of ``X`` once (a
view where the positions are a contiguous range of a NumPy array) and the
outputs are joined by a single ``hstack``.
"""

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp

from ..base import TransformerMixin, _input_feature_names, clone
from ..datasets._bunch import Bunch
from ..pipeline._composition import (
    _Composition,
    _Identity,
    fit_transform_one,
    hstack,
    is_skipped,
    name_estimators,
    output_config,
    run_all,
    set_step_output,
    step_tags,
    transform_one,
)
from ..pipeline._union import join_feature_names
from ..utils.validation import _check_n_features, _is_pandas_df, check_array, check_is_fitted, validate_data

_ONE_D_COLUMN = (
    "1D data passed to a transformer that expects 2D data. Try to specify the column "
    "selection as a list of one item instead of a scalar."
)


def _is_scalar_key(key):
    return isinstance(key, (str, Integral, np.integer)) and not isinstance(key, bool)


def _key_kind(key):
    """"str", "int" or "bool": how a column specification names its columns."""
    if callable(key):
        raise ValueError("callable")
    if isinstance(key, (bool, np.bool_)):
        return "bool"
    if isinstance(key, (str, Integral, np.integer)):
        return "str" if isinstance(key, str) else "int"
    if isinstance(key, slice):
        ends = [e for e in (key.start, key.stop) if e is not None]
        return "str" if ends and all(isinstance(e, str) for e in ends) else "int"
    values = np.asarray(key)
    if values.dtype.kind == "b":
        return "bool"
    if values.dtype.kind in "iu":
        return "int"
    if values.size and all(isinstance(v, str) for v in values.ravel()):
        return "str"
    return "int"


def _column_positions(X, key):
    """The integer positions of the columns ``key`` selects in ``X``."""
    n_columns = X.shape[1]
    names = list(X.columns) if _is_pandas_df(X) else None
    kind = _key_kind(key)
    if kind == "str" and names is None:
        raise ValueError("Specifying the columns using strings is only supported for dataframes.")
    if kind == "str":
        lookup = {name: i for i, name in enumerate(names)}

        def position(name):
            if name not in lookup:
                raise ValueError("A given column is not a column of the dataframe")
            return lookup[name]

        if isinstance(key, str):
            return [position(key)]
        if isinstance(key, slice):
            start = 0 if key.start is None else position(key.start)
            stop = n_columns - 1 if key.stop is None else position(key.stop)
            return list(range(start, stop + 1))  # label slices include their end
        return [position(name) for name in key]
    everything = np.arange(n_columns)
    if kind == "bool" and not isinstance(key, (bool, np.bool_)):
        mask = np.asarray(key)
        if mask.shape != (n_columns,):
            raise ValueError(
                f"The boolean column mask has {mask.shape[0]} entries, but X has {n_columns} columns."
            )
        return everything[mask].tolist()
    if isinstance(key, slice) or _is_scalar_key(key):
        try:
            selected = everything[key]
        except IndexError as error:
            raise ValueError(f"all features must be in [0, {n_columns - 1}] or [-{n_columns}, 0]") from error
        return np.atleast_1d(selected).tolist()
    positions = np.asarray(key, dtype=np.intp).ravel()
    if positions.size and (positions.max() >= n_columns or positions.min() < -n_columns):
        raise ValueError(f"all features must be in [0, {n_columns - 1}] or [-{n_columns}, 0]")
    return everything[positions].tolist()


def _is_empty_selection(key):
    if hasattr(key, "dtype") and np.asarray(key).dtype.kind == "b":
        return not np.asarray(key).any()
    if hasattr(key, "__len__") and not isinstance(key, str):
        return len(key) == 0 or (all(isinstance(k, (bool, np.bool_)) for k in key) and not any(key))
    return False


def _take_columns(X, positions, scalar):
    """Columns ``positions`` of ``X`` (1-D for a scalar specification), a view when contiguous."""
    if scalar:
        return X.iloc[:, positions[0]] if _is_pandas_df(X) else X[:, positions[0]]
    if _is_pandas_df(X):
        return X.iloc[:, positions]
    if positions and positions == list(range(positions[0], positions[0] + len(positions))):
        return X[:, positions[0]:positions[0] + len(positions)]
    return X[:, positions]


def _as_input(X):
    """Arrays, DataFrames and sparse matrices as they are; anything else as an object array."""
    if (hasattr(X, "__array__") and hasattr(X, "shape")) or _is_pandas_df(X) or sp.issparse(X):
        return X
    return check_array(X, ensure_all_finite="allow-nan", dtype=object)


class ColumnTransformer(TransformerMixin, _Composition):
    """Applies a transformer to each group of columns and joins their outputs.

    HOML chapter 2 prepares the housing data with one: a numeric pipeline on
    the numeric columns and ``OneHotEncoder`` on ``ocean_proximity``.

    Parameters:
        transformers: list of ``(name, transformer, columns)``. ``columns`` is
            a name or position (the transformer then gets 1-D data), a list of
            names or positions, a slice, a boolean mask, or a callable of ``X``
            returning one of those (``make_column_selector``). The transformer
            may be ``"drop"`` or ``"passthrough"``.
        remainder: what happens to the columns no transformer names: ``"drop"``,
            ``"passthrough"`` or a transformer fitted on them.
        sparse_threshold: when some output is sparse, the result is sparse if
            its overall density is below this.
        n_jobs: joblib workers fitting/applying the transformers (None: one).
        transformer_weights: ``{name: weight}`` multiplying that output.
        verbose: print the time each transformer took to fit.
        verbose_feature_names_out: True (``"name__feature"``), False (bare names,
            which must be unique), a format string with ``{transformer_name}``
            and ``{feature_name}``, or a callable ``(transformer_name, feature_name)``.

    Attributes:
        transformers_: the fitted ``(name, transformer, columns)``, with a
            ``("remainder", ..., columns)`` entry when columns remain.
        named_transformers_: the fitted transformers by name (a ``Bunch``).
        sparse_output_: whether ``transform`` returns a sparse matrix.
        output_indices_: ``{name: slice}`` of each transformer's output columns.
        n_features_in_, feature_names_in_: the input's.

    Example:
        >>> import numpy as np
        >>> from sklearn.preprocessing import StandardScaler
        >>> X = np.array([[0.0, 1.0, 5.0], [2.0, 3.0, 6.0]])
        >>> ct = ColumnTransformer([("scale", StandardScaler(), [0, 1])], remainder="passthrough")
        >>> ct.fit_transform(X)
        array([[-1., -1.,  5.],
               [ 1.,  1.,  6.]])
        >>> list(ct.get_feature_names_out())
        ['scale__x0', 'scale__x1', 'remainder__x2']
    """

    _parameter_constraints = {
        "transformers": [list, tuple],
        "remainder": "no_validation",
        "sparse_threshold": [Real],
        "n_jobs": [None, Integral],
        "transformer_weights": [dict, None],
        "verbose": ["boolean"],
        "verbose_feature_names_out": ["boolean", str, callable],
    }

    def __init__(self, transformers, *, remainder="drop", sparse_threshold=0.3, n_jobs=None,
                 transformer_weights=None, verbose=False, verbose_feature_names_out=True):
        self.transformers = transformers
        self.remainder = remainder
        self.sparse_threshold = sparse_threshold
        self.n_jobs = n_jobs
        self.transformer_weights = transformer_weights
        self.verbose = verbose
        self.verbose_feature_names_out = verbose_feature_names_out

    # -- parameters ------------------------------------------------------------------
    def get_params(self, deep=True):
        """Constructor parameters; with ``deep``, also each transformer by name and ``name__param``."""
        return self._nested_params("transformers", deep)

    def set_params(self, **params):
        """Set parameters; ``name=`` replaces a transformer (keeping its columns)."""
        return self._set_nested_params("transformers", **params)

    def set_output(self, *, transform=None):
        """Set the output container of this and every transformer (given and fitted)."""
        super().set_output(transform=transform)
        for _, step, *_ in list(self.transformers) + list(getattr(self, "transformers_", [])):
            set_step_output(step, transform)
        if not is_skipped(self.remainder):
            set_step_output(self.remainder, transform)
        return self

    # -- validation ------------------------------------------------------------------
    def _validate_transformers(self):
        if not self.transformers:
            return
        names, steps, _ = zip(*self.transformers)
        self._validate_names(names)
        self._check_instances(steps)
        for step in steps:
            if is_skipped(step):
                continue
            if not (hasattr(step, "fit") or hasattr(step, "fit_transform")) or not hasattr(step, "transform"):
                raise TypeError(
                    "All estimators should implement fit and transform, or can be 'drop' or "
                    f"'passthrough' specifiers. '{step}' (type {type(step)}) doesn't."
                )
        remainder = self.remainder
        if not (isinstance(remainder, str) and remainder in ("drop", "passthrough")) and not (
            hasattr(remainder, "fit") and hasattr(remainder, "transform")
        ):
            raise ValueError(
                "The remainder keyword needs to be one of 'drop', 'passthrough', or estimator. "
                f"'{remainder}' was passed instead"
            )

    def _resolve_columns(self, X):
        """Positions of every transformer's columns, the remainder's, and how each was given."""
        self._columns, self._scalar = [], set()
        positions = {}
        for name, _, key in self.transformers:
            if callable(key):
                key = key(X)
            self._columns.append(key)
            if _is_scalar_key(key):
                self._scalar.add(name)
            positions[name] = _column_positions(X, key)
        used = {i for selected in positions.values() for i in selected}
        remaining = [i for i in range(self.n_features_in_) if i not in used]
        positions["remainder"] = remaining
        self._transformer_to_input_indices = positions
        try:
            kinds = {_key_kind(key) for _, _, key in self.transformers}
            kind = kinds.pop() if len(kinds) == 1 else "int"
        except ValueError:  # a callable: remainder columns by position
            kind = "int"
        if kind == "str":
            remaining_key = list(self.feature_names_in_[remaining])
        elif kind == "bool":
            remaining_key = [i in set(remaining) for i in range(self.n_features_in_)]
        else:
            remaining_key = remaining
        self._remainder = ("remainder", self.remainder, remaining_key)

    def _iter(self, fitted, skip_drop=True, skip_empty=True):
        """``(name, transformer, columns, weight)`` of the given or the fitted transformers."""
        if fitted:
            items = self.transformers_
        else:
            items = [(name, step, key) for (name, step, _), key in zip(self.transformers, self._columns)]
            if self._remainder[2]:
                items.append(self._remainder)
        weights = self.transformer_weights or {}
        for name, step, key in items:
            if skip_drop and isinstance(step, str) and step == "drop":
                continue
            if skip_empty and _is_empty_selection(key):
                continue
            yield name, step, key, weights.get(name)

    # -- fitting and transforming ------------------------------------------------------
    def fit(self, X, y=None, **params):
        """Fit every transformer on its columns of ``X``."""
        self.fit_transform(X, y, **params)
        return self

    def fit_transform(self, X, y=None, **params):
        """Fit every transformer on its columns and return their outputs side by side."""
        self._validate_params()
        _no_params(params, "fit_transform")
        X = _as_input(X)
        validate_data(self, X, skip_check_array=True)
        self._validate_transformers()
        self._resolve_columns(X)
        todo = list(self._iter(fitted=False))
        calls = []
        for index, (name, step, _, weight) in enumerate(todo, 1):
            if isinstance(step, str) and step == "passthrough":
                step = _Identity().set_output(transform=output_config(self))
            else:
                step = clone(step)
            message = f"({index} of {len(todo)}) Processing {name}" if self.verbose else None
            columns = _take_columns(X, self._transformer_to_input_indices[name], name in self._scalar)
            calls.append((step, columns, y, weight, "ColumnTransformer", message))
        results = self._run(fit_transform_one, calls)
        blocks = [block for block, _ in results]
        fitted = iter(step for _, step in results)
        self.transformers_ = [
            (name, step if (isinstance(step, str) and step == "drop") or _is_empty_selection(key)
             else next(fitted), key)
            for name, step, key, _ in self._iter(fitted=False, skip_drop=False, skip_empty=False)
        ]
        if any(sp.issparse(block) for block in blocks):
            nonzero = sum(b.nnz if sp.issparse(b) else b.shape[0] * b.shape[1] for b in blocks)
            total = sum(b.shape[0] * b.shape[1] for b in blocks)
            self.sparse_output_ = bool(nonzero / total < self.sparse_threshold)
        else:
            self.sparse_output_ = False
        self._check_blocks(blocks)
        self.output_indices_ = {}
        start = 0
        for (name, *_), block in zip(self._iter(fitted=True), blocks):
            self.output_indices_[name] = slice(start, start + block.shape[1])
            start += block.shape[1]
        for name in [t[0] for t in self.transformers] + ["remainder"]:
            self.output_indices_.setdefault(name, slice(0, 0))
        return self._join(blocks, X)

    def transform(self, X, **params):
        """Each fitted transformer's output on its columns of ``X``, side by side.

        A DataFrame is matched by column names when ``fit`` saw one (extra
        columns and another order are then fine); otherwise by position.
        """
        check_is_fitted(self)
        _no_params(params, "transform")
        X = _as_input(X)
        by_name = hasattr(self, "feature_names_in_") and _is_pandas_df(X)
        positions = self._transformer_to_input_indices
        if by_name:
            kept = {name for name, step, *_ in self._iter(fitted=True)}
            needed = {self.feature_names_in_[i] for name in kept for i in positions.get(name, [])}
            missing = needed - set(X.columns)
            if missing:
                raise ValueError(f"columns are missing: {missing}")
            lookup = {name: i for i, name in enumerate(X.columns)}
            positions = {name: [lookup[self.feature_names_in_[i]] for i in selected]
                         for name, selected in positions.items()}
        else:  # by position: only the width is checked, as scikit-learn does
            _check_n_features(self, X, reset=False)
        calls = [(step, _take_columns(X, positions[name], name in self._scalar), weight)
                 for name, step, _, weight in self._iter(fitted=True)]
        blocks = self._run(transform_one, calls)
        self._check_blocks(blocks)
        return self._join(blocks, X)

    def _run(self, function, calls):
        try:
            return run_all(self.n_jobs, function, calls)
        except ValueError as error:
            if any(text in str(error) for text in ("Expected 2D array, got 1D array instead",
                                                   "Expected a 2-dimensional container")):
                raise ValueError(_ONE_D_COLUMN) from error
            raise

    def _check_blocks(self, blocks):
        for block, (name, *_) in zip(blocks, self._iter(fitted=True)):
            if getattr(block, "ndim", 2) != 2:
                raise ValueError(
                    f"The output of the '{name}' transformer should be 2D (numpy array, scipy "
                    "sparse array, dataframe)."
                )

    def _join(self, blocks, X):
        n_samples = X.shape[0]
        if not blocks:
            return np.zeros((n_samples, 0))
        if self.sparse_output_:
            try:
                blocks = [check_array(b, accept_sparse=True, ensure_all_finite=False) for b in blocks]
            except ValueError as error:
                raise ValueError(
                    "For a sparse output, all columns should be a numeric or convertible to a numeric."
                ) from error
            return sp.hstack(blocks).tocsr()
        blocks = [b.toarray() if sp.issparse(b) else b for b in blocks]
        pandas = output_config(self) == "pandas"
        if pandas and all(_is_pandas_df(b) for b in blocks):
            self._transformers_feature_names_out = np.concatenate(
                [np.asarray(b.columns, dtype=object) for b in blocks])
        result = hstack(blocks, pandas)
        if result.shape[0] != n_samples:
            raise ValueError(
                "Concatenating DataFrames from the transformer's output lead to an inconsistent "
                "number of samples. The output may have Pandas Indexes that do not match, or "
                "that transformers are returning number of samples which are not the same as "
                "the number input samples."
            )
        return result

    # -- fitted attributes -----------------------------------------------------------------
    @property
    def named_transformers_(self):
        """The fitted transformers by name (a ``Bunch``)."""
        return Bunch(**{name: step for name, step, _ in self.transformers_})

    def __getitem__(self, key):
        try:
            return self.named_transformers_[key]
        except AttributeError as error:
            raise TypeError("ColumnTransformer is subscriptable after it is fitted") from error
        except KeyError as error:
            raise KeyError(f"'{key}' is not a valid transformer name") from error

    def get_feature_names_out(self, input_features=None):
        """Output names: each transformer's names for its columns, prefixed ``"name__"``."""
        check_is_fitted(self)
        input_features = _input_feature_names(self, input_features)
        named = []
        for name, step, _, _ in self._iter(fitted=True):
            columns = input_features[self._transformer_to_input_indices[name]]
            if hasattr(step, "get_feature_names_out"):
                names = step.get_feature_names_out(columns)
            elif hasattr(self, "_transformers_feature_names_out"):
                names = self._transformers_feature_names_out[self.output_indices_[name]]
            else:
                raise AttributeError(
                    f"Transformer {name} (type {type(step).__name__}) does not provide "
                    "get_feature_names_out."
                )
            if names is not None:
                named.append((name, names))
        if not named:
            return np.array([], dtype=object)
        verbose = self.verbose_feature_names_out
        if verbose is False:
            return join_feature_names(named, False)
        if verbose is True:
            verbose = "{transformer_name}__{feature_name}"
        if isinstance(verbose, str):
            fmt = verbose
            verbose = lambda t, f: fmt.format(transformer_name=t, feature_name=f)  # noqa: E731
        return np.asarray([verbose(name, f) for name, names in named for f in names], dtype=object)

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        try:
            tags.input_tags.sparse = all(
                step_tags(step).input_tags.sparse for _, step, _ in self.transformers if not is_skipped(step)
            )
        except (TypeError, ValueError, AttributeError):
            pass  # malformed transformers: fit reports them
        return tags


def _no_params(params, method):
    if params:
        raise ValueError(
            f"ColumnTransformer.{method} got unexpected argument(s) {sorted(params)}, which are "
            "only accepted with metadata routing (not implemented in ember)."
        )


def make_column_transformer(*transformers, remainder="drop", sparse_threshold=0.3, n_jobs=None,
                            verbose=False, verbose_feature_names_out=True):
    """A ``ColumnTransformer`` from ``(transformer, columns)`` pairs, named after their classes.

    Example:
        >>> from sklearn.preprocessing import StandardScaler, OneHotEncoder
        >>> ct = make_column_transformer((StandardScaler(), [0]), (OneHotEncoder(), [1]))
        >>> [name for name, _, _ in ct.transformers]
        ['standardscaler', 'onehotencoder']
    """
    steps, columns = zip(*transformers) if transformers else ((), ())
    named = [(name, step, key) for (name, step), key in zip(name_estimators(steps), columns)]
    return ColumnTransformer(named, remainder=remainder, sparse_threshold=sparse_threshold,
                             n_jobs=n_jobs, verbose=verbose,
                             verbose_feature_names_out=verbose_feature_names_out)


class make_column_selector:
    """A column chooser for ``ColumnTransformer``: DataFrame columns by name pattern and/or dtype.

    Parameters:
        pattern: regular expression the column names must contain (``re.search``).
        dtype_include, dtype_exclude: dtypes as ``DataFrame.select_dtypes`` takes them.

    Example:
        >>> import numpy as np, pandas as pd
        >>> frame = pd.DataFrame({"age": [3, 4], "city": ["a", "b"], "income": [1.0, 2.0]})
        >>> make_column_selector(dtype_include=np.number)(frame)
        ['age', 'income']
        >>> make_column_selector(pattern="^c")(frame)
        ['city']
    """

    def __init__(self, pattern=None, *, dtype_include=None, dtype_exclude=None):
        self.pattern = pattern
        self.dtype_include = dtype_include
        self.dtype_exclude = dtype_exclude

    def __call__(self, df):
        """The names of the columns of ``df`` that match."""
        if not hasattr(df, "iloc"):
            raise ValueError("make_column_selector can only be applied to pandas dataframes")
        head = df.iloc[:1]
        if self.dtype_include is not None or self.dtype_exclude is not None:
            head = head.select_dtypes(include=self.dtype_include, exclude=self.dtype_exclude)
        columns = head.columns
        if self.pattern is not None:
            columns = columns[columns.str.contains(self.pattern, regex=True)]
        return columns.tolist()
