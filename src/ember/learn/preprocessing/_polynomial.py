"""``PolynomialFeatures``: all monomials of the features up to a degree.

Columns come in scikit-learn's order: the bias, then degree 1, 2, ... each in
lexicographic order of the feature indices (``x0^2, x0 x1, x1^2``). Degree
``d`` is built from degree ``d-1``: the monomials starting with feature ``j``
are ``x_j`` times the degree ``d-1`` monomials whose first feature is ``>= j``
(``> j`` for interactions only), a contiguous block. So each output column
costs one multiplication per sample.
"""

from itertools import chain, combinations, combinations_with_replacement
from numbers import Integral

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, TransformerMixin, _input_feature_names
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import check_is_fitted, validate_data
from ._common import FLOAT_DTYPES


class PolynomialFeatures(TransformerMixin, BaseEstimator):
    """Polynomial and interaction features: ``[a, b]`` -> ``[1, a, b, a^2, ab, b^2]`` at degree 2.

    Args:
        degree: the maximum degree, or ``(min_degree, max_degree)``.
        interaction_only: only products of distinct features (no ``a^2``).
        include_bias: include the column of ones (degree 0).
        order: ``"C"`` or ``"F"``, memory layout of the dense output.

    Attributes:
        powers_: ``(n_output_features_, n_features_in_)`` exponent of each input in each output.
        n_output_features_: number of output columns.

    Example:
        >>> PolynomialFeatures(2).fit_transform([[2.0, 3.0]])
        array([[1., 2., 3., 4., 6., 9.]])
        >>> PolynomialFeatures(2).fit([[2.0, 3.0]]).get_feature_names_out().tolist()
        ['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2']
    """

    _parameter_constraints = {
        "degree": [Interval(Integral, 0, None, closed="left"), "array-like"],
        "interaction_only": ["boolean"],
        "include_bias": ["boolean"],
        "order": [StrOptions({"C", "F"})],
    }

    def __init__(self, degree=2, *, interaction_only=False, include_bias=True, order="C"):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias
        self.order = order

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def _degrees(self):
        degree = self.degree
        if isinstance(degree, Integral) and not isinstance(degree, bool):
            if degree == 0 and not self.include_bias:
                raise ValueError("Setting degree to zero and include_bias to False would result in "
                                 "an empty output array.")
            return 0, int(degree)
        if (isinstance(degree, (tuple, list)) and len(degree) == 2
                and all(isinstance(d, Integral) and not isinstance(d, bool) for d in degree)):
            low, high = degree
            if not 0 <= low <= high:
                raise ValueError("degree=(min_degree, max_degree) must be non-negative integers "
                                 f"that fulfil min_degree <= max_degree, got {degree}.")
            if high == 0 and not self.include_bias:
                raise ValueError("Setting both min_degree and max_degree to zero and include_bias "
                                 "to False would result in an empty output array.")
            return int(low), int(high)
        raise ValueError(f"degree must be a non-negative int or tuple (min_degree, max_degree), "
                         f"got {degree}.")

    def _combinations(self):
        low, high = self._degrees()
        terms = self._terms(max(1, low), high)
        return chain([()], terms) if self.include_bias else terms

    @property
    def powers_(self):
        """Exponent of each input feature (columns) in each output feature (rows)."""
        check_is_fitted(self)
        rows = [np.bincount(c, minlength=self.n_features_in_) for c in self._combinations()]
        return np.vstack(rows) if rows else np.zeros((0, self.n_features_in_), dtype=np.intp)

    def fit(self, X, y=None):
        """Record the number of input features and of output features."""
        self._validate_params()
        validate_data(self, X, accept_sparse=True)
        self._degrees()
        self.n_output_features_ = sum(1 for _ in self._combinations())
        return self

    def get_feature_names_out(self, input_features=None):
        """Names like ``"1"``, ``"x0"``, ``"x0^2"``, ``"x0 x1"``."""
        powers = self.powers_
        features = _input_feature_names(self, input_features)
        names = []
        for row in powers:
            used = np.flatnonzero(row)
            names.append(" ".join(features[i] if row[i] == 1 else f"{features[i]}^{row[i]}"
                                  for i in used) if len(used) else "1")
        return np.asarray(names, dtype=object)

    def transform(self, X):
        """The monomials of ``X``: dense in ``order``, or sparse in the input's format."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=FLOAT_DTYPES, accept_sparse=("csr", "csc"))
        low, high = self._degrees()
        if sp.issparse(X):
            return self._sparse_transform(X, low, high)
        return self._dense_transform(X, low, high)

    def _dense_transform(self, X, low, high):
        # every degree is written straight into the output, where the next degree reads it;
        # degrees below min_degree (rarely wanted) are computed there too, then cut off
        bias = int(self.include_bias)
        n_below = sum(1 for _ in self._terms(1, low - 1)) if low > 1 else 0
        n_columns = self.n_output_features_ + n_below
        result = np.empty((X.shape[0], n_columns), dtype=X.dtype, order=self.order)
        if bias:
            result[:, 0] = 1
        if high >= 1:
            result[:, bias:bias + X.shape[1]] = X
        previous, first = slice(bias, bias + X.shape[1]), np.arange(X.shape[1])
        column = bias + X.shape[1]
        for _ in range(2, high + 1):
            block_start, firsts = column, []
            for j in range(X.shape[1]):
                start = np.searchsorted(first, j + 1 if self.interaction_only else j)
                width = len(first) - start
                if width > 0:
                    np.multiply(X[:, j:j + 1], result[:, previous.start + start:previous.stop],
                                out=result[:, column:column + width])
                    firsts.append(np.full(width, j))
                    column += width
            if not firsts:
                break
            previous, first = slice(block_start, column), np.concatenate(firsts)
        if n_below:
            kept = np.r_[0:bias, bias + n_below:n_columns]
            result = np.asarray(result[:, kept], order=self.order)
        return result

    def _terms(self, low, high):
        pick = combinations if self.interaction_only else combinations_with_replacement
        features = range(self.n_features_in_)
        return chain.from_iterable(pick(features, d) for d in range(low, high + 1))

    def _sparse_transform(self, X, low, high):
        fmt = X.format
        ones = sp.csc_matrix(np.ones((X.shape[0], 1), dtype=X.dtype))
        blocks = [ones] if self.include_bias else []
        blocks += [block for degree, block in self._sparse_degree_blocks(X.tocsc(), high)
                   if degree >= low]
        if not blocks:
            return sp.csc_matrix((X.shape[0], 0), dtype=X.dtype).asformat(fmt)
        result = sp.hstack(blocks, format=fmt, dtype=X.dtype)
        result.eliminate_zeros()
        return result

    def _sparse_degree_blocks(self, X, high):
        """``(degree, block)`` for degree 1..high; each CSC block holds that degree's monomials."""
        n_features = X.shape[1]
        block, first = X, np.arange(n_features)  # first: the first feature of each monomial
        for degree in range(1, high + 1):
            if degree > 1:
                parts, firsts = [], []
                for j in range(n_features):
                    start = np.searchsorted(first, j + 1 if self.interaction_only else j)
                    if start < len(first):
                        parts.append(_sparse_times(X, j, block, start))
                        firsts.append(np.full(len(first) - start, j))
                if not parts:
                    return
                block = sp.hstack(parts, format="csc")
                first = np.concatenate(firsts)
            yield degree, block


def _sparse_times(X, j, block, start):
    column = np.asarray(X[:, [j]].toarray()).ravel()
    return (sp.diags(column, format="csc") @ block[:, start:]).tocsc()
