"""``FunctionTransformer``: any function of ``X`` as a transformer (``np.log1p``, ratios...)."""

import warnings

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, TransformerMixin, _input_feature_names
from ..utils._indexing import _safe_indexing
from ..utils._param_validation import StrOptions
from ..utils.validation import (_check_feature_names, _check_n_features, _is_pandas_df,
                                _num_samples, check_array, validate_data)


def _identity(X):
    return X


class _OnlyWithNames:
    """The method ``get_feature_names_out`` exists only when ``feature_names_out`` is set
    (so ``hasattr`` tells pipelines whether names are available)."""

    def __init__(self, method):
        self.method = method
        self.__doc__ = method.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self.method
        if instance.feature_names_out is None:
            raise AttributeError("This 'FunctionTransformer' has no attribute "
                                 "'get_feature_names_out': set feature_names_out")
        return self.method.__get__(instance, owner)


class FunctionTransformer(TransformerMixin, BaseEstimator):
    """Apply ``func`` (and ``inverse_func`` for ``inverse_transform``) to the data.

    Args:
        func: ``func(X, **kw_args)``; None is the identity.
        inverse_func: ``inverse_func(X, **inv_kw_args)``; None is the identity.
        validate: check and convert ``X`` to an array (or sparse matrix) first.
        accept_sparse: with ``validate``, let sparse matrices through.
        check_inverse: in ``fit``, warn unless ``inverse_func(func(X))`` gives ``X`` back
            (on a sample of at most about 100 rows).
        feature_names_out: None (no ``get_feature_names_out``), ``"one-to-one"`` (the
            input names), or ``callable(transformer, input_features) -> names``.
        kw_args, inv_kw_args: extra keyword arguments of ``func`` and ``inverse_func``.

    Example:
        >>> import numpy as np
        >>> FunctionTransformer(np.log1p, inverse_func=np.expm1).fit_transform([[0.0, np.e - 1]])
        array([[0., 1.]])
    """

    _parameter_constraints = {
        "func": [callable, None],
        "inverse_func": [callable, None],
        "validate": ["boolean"],
        "accept_sparse": ["boolean"],
        "check_inverse": ["boolean"],
        "feature_names_out": [callable, StrOptions({"one-to-one"}), None],
        "kw_args": [dict, None],
        "inv_kw_args": [dict, None],
    }

    def __init__(self, func=None, inverse_func=None, *, validate=False, accept_sparse=False,
                 check_inverse=True, feature_names_out=None, kw_args=None, inv_kw_args=None):
        self.func = func
        self.inverse_func = inverse_func
        self.validate = validate
        self.accept_sparse = accept_sparse
        self.check_inverse = check_inverse
        self.feature_names_out = feature_names_out
        self.kw_args = kw_args
        self.inv_kw_args = inv_kw_args

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.no_validation = not self.validate
        tags.requires_fit = False
        tags.input_tags.sparse = not self.validate or self.accept_sparse
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def _check_input(self, X, *, reset):
        if self.validate:
            return validate_data(self, X, accept_sparse=self.accept_sparse, reset=reset)
        if reset:
            # record the input's width and names without converting it
            _check_n_features(self, X, reset=True)
            _check_feature_names(self, X, reset=True)
        return X

    def fit(self, X, y=None):
        """Check ``X`` (with ``validate``), record its features, maybe check the inverse."""
        self._validate_params()
        X = self._check_input(X, reset=True)
        if self.check_inverse and not (self.func is None or self.inverse_func is None):
            self._check_inverse_transform(X)
        return self

    def _check_inverse_transform(self, X):
        sample = slice(None, None, max(1, _num_samples(X) // 100))
        subset = _safe_indexing(X, sample)
        round_trip = self.inverse_transform(self.transform(subset))
        dtypes = [X.dtype] if hasattr(X, "dtype") else list(getattr(X, "dtypes", []))
        if not all(np.issubdtype(d, np.number) for d in dtypes):
            raise ValueError("'check_inverse' is only supported when all the elements in `X` is "
                             "numerical.")
        if not _allclose(subset, round_trip):
            warnings.warn("The provided functions are not strictly inverse of each other. If you "
                          "are sure you want to proceed regardless, set 'check_inverse=False'.",
                          UserWarning)

    def transform(self, X):
        """``func(X, **kw_args)``."""
        X = self._check_input(X, reset=False)
        out = self._apply(X, self.func, self.kw_args)
        if hasattr(out, "columns") and self.feature_names_out is not None:
            expected = list(self.get_feature_names_out())
            if list(out.columns) != expected:
                raise ValueError(
                    f"The output generated by `func` have different column names than the ones "
                    f"provided by `get_feature_names_out`. Got output with columns names: "
                    f"{list(out.columns)} and `get_feature_names_out` returned: {expected}. The "
                    "column names can be overridden by setting `set_output(transform='pandas')` "
                    "or `set_output(transform='polars')` such that the column names are set to "
                    "the names provided by `get_feature_names_out`."
                )
        config = getattr(self, "_ember_output_config", {}).get("transform", "default")
        if config == "pandas" and self.feature_names_out is None and not _is_pandas_df(out):
            warnings.warn("When `set_output` is configured to be 'pandas', `func` should return a "
                          "pandas DataFrame to follow the `set_output` API  or `feature_names_out`"
                          " should be defined.")
        return out

    def inverse_transform(self, X):
        """``inverse_func(X, **inv_kw_args)``."""
        if self.validate:
            X = check_array(X, accept_sparse=self.accept_sparse)
        return self._apply(X, self.inverse_func, self.inv_kw_args)

    @staticmethod
    def _apply(X, func, kw_args):
        return (_identity if func is None else func)(X, **(kw_args or {}))

    def _names_out(self, input_features=None):
        """The output names: the inputs' (``"one-to-one"``) or ``feature_names_out``'s."""
        if hasattr(self, "n_features_in_") or input_features is not None:
            input_features = _input_feature_names(self, input_features)
        if self.feature_names_out == "one-to-one":
            names = input_features
        else:
            names = self.feature_names_out(self, input_features)
        return np.asarray(names, dtype=object)

    get_feature_names_out = _OnlyWithNames(_names_out)


def _allclose(a, b):
    if sp.issparse(a) and sp.issparse(b):
        a, b = a.tocsr(), b.tocsr()
        a.sum_duplicates()
        b.sum_duplicates()
        return np.array_equal(a.indices, b.indices) and np.array_equal(a.indptr, b.indptr) and \
            np.allclose(a.data, b.data, rtol=1e-7, atol=1e-9)
    if sp.issparse(a) or sp.issparse(b):
        return False
    return np.allclose(np.asarray(a), np.asarray(b), rtol=1e-7, atol=1e-9)
