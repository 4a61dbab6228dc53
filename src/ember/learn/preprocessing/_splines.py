"""``SplineTransformer``: each feature expanded into its B-spline basis functions.

A feature with ``n_knots`` knots and degree ``d`` gives ``n_knots + d - 1``
basis functions (``n_knots - 1`` when periodic), evaluated with SciPy's
``BSpline`` on the whole column at once. Outside the knots the basis is held
constant, extended linearly, continued as a polynomial, wrapped around
(periodic) or rejected, as ``extrapolation`` says.
"""

from numbers import Integral

import numpy as np
import scipy.sparse as sp

from ..base import BaseEstimator, TransformerMixin, _input_feature_names
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import _check_sample_weight, check_array, check_is_fitted, validate_data
from ._common import FLOAT_DTYPES
from ._discretization import weighted_percentiles


class SplineTransformer(TransformerMixin, BaseEstimator):
    """B-spline features: ``n_features * n_splines`` columns (one spline less per feature
    without ``include_bias``).

    Args:
        n_knots: number of knots per feature (with ``knots="uniform"`` or ``"quantile"``).
        degree: polynomial degree of the splines.
        knots: ``"uniform"`` (evenly from min to max), ``"quantile"``, or an array
            ``(n_knots, n_features)`` of sorted knot positions.
        extrapolation: ``"error"``, ``"constant"``, ``"linear"``, ``"continue"`` or ``"periodic"``.
        include_bias: keep every spline (they sum to 1); else drop each feature's last one.
        order: ``"C"`` or ``"F"``, layout of the dense output.
        handle_missing: ``"error"`` on NaN, or ``"zeros"``: all splines 0 for a missing value.
        sparse_output: return a CSR matrix.

    Attributes:
        bsplines_: one ``scipy.interpolate.BSpline`` per feature (identity coefficients).
        n_features_out_: number of output columns.

    Example:
        >>> spline = SplineTransformer(n_knots=3, degree=1).fit([[0.0], [1.0], [2.0]])
        >>> spline.transform([[0.5]])
        array([[0.5, 0.5, 0. ]])
    """

    _parameter_constraints = {
        "n_knots": [Interval(Integral, 2, None, closed="left")],
        "degree": [Interval(Integral, 0, None, closed="left")],
        "knots": [StrOptions({"uniform", "quantile"}), "array-like"],
        "extrapolation": [StrOptions({"error", "constant", "linear", "continue", "periodic"})],
        "include_bias": ["boolean"],
        "order": [StrOptions({"C", "F"})],
        "handle_missing": [StrOptions({"error", "zeros"})],
        "sparse_output": ["boolean"],
    }

    def __init__(self, n_knots=5, degree=3, *, knots="uniform", extrapolation="constant",
                 include_bias=True, order="C", handle_missing="error", sparse_output=False):
        self.n_knots = n_knots
        self.degree = degree
        self.knots = knots
        self.extrapolation = extrapolation
        self.include_bias = include_bias
        self.order = order
        self.handle_missing = handle_missing
        self.sparse_output = sparse_output

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.allow_nan = self.handle_missing == "zeros"
        return tags

    def _validated(self, X, reset):
        try:
            return validate_data(self, X, reset=reset, ensure_min_samples=2 if reset else 1,
                                 ensure_all_finite=self.handle_missing != "zeros")
        except ValueError as error:
            if "Input X contains NaN." in str(error) and self.handle_missing == "error":
                raise ValueError(
                    "Input X contains NaN values and `SplineTransformer` is configured to error "
                    "in this case (handle_missing='error'). To avoid this error, set "
                    "handle_missing='zeros' to encode missing values as splines with value 0 or "
                    "ensure no missing values in X."
                ) from error
            raise

    def fit(self, X, y=None, sample_weight=None):
        """Place the knots of each feature of ``X`` and build its B-splines."""
        self._validate_params()
        X = self._validated(X, reset=True)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        base = self._base_knots(X, sample_weight)
        degree, n_knots = self.degree, base.shape[0]
        if self.extrapolation == "periodic" and n_knots <= degree:
            raise ValueError("Periodic splines require degree < n_knots. Got "
                             f"n_knots={n_knots} and degree={degree}.")
        periodic = self.extrapolation == "periodic"
        n_splines = n_knots - 1 if periodic else n_knots + degree - 1
        if periodic:
            period = base[-1] - base[0]
            knots = np.r_[base[-(degree + 1):-1] - period, base, base[1:degree + 1] + period]
        else:
            first, last = base[1] - base[0], base[-1] - base[-2]
            knots = np.r_[np.linspace(base[0] - degree * first, base[0] - first, num=degree), base,
                          np.linspace(base[-1] + last, base[-1] + degree * last, num=degree)]
        coef = np.eye(n_splines)
        if periodic:
            coef = np.concatenate([coef, coef[:degree]])  # the first splines wrap around
        from scipy.interpolate import BSpline

        extrapolate = self.extrapolation in ("periodic", "continue")
        self.bsplines_ = [BSpline.construct_fast(knots[:, i], coef, degree, extrapolate=extrapolate)
                          for i in range(X.shape[1])]
        self.n_features_out_ = X.shape[1] * (n_splines - (not self.include_bias))
        return self

    def _base_knots(self, X, weight):
        if not isinstance(self.knots, str):
            knots = check_array(self.knots, dtype=np.float64)
            if knots.shape[0] < 2:
                raise ValueError("Number of knots, knots.shape[0], must be >= 2.")
            if knots.shape[1] != X.shape[1]:
                raise ValueError("knots.shape[1] == n_features is violated.")
            if not np.all(np.diff(knots, axis=0) > 0):
                raise ValueError("knots must be sorted without duplicates.")
            return knots
        if self.knots == "quantile":
            ranks = 100 * np.linspace(0, 1, num=self.n_knots, dtype=np.float64)
            if weight is None:
                return np.nanpercentile(X, ranks, axis=0)
            return np.column_stack([
                weighted_percentiles(X[:, j], np.where(np.isnan(X[:, j]), 0, weight), ranks, False)
                for j in range(X.shape[1])])
        rows = slice(None) if weight is None else weight > 0
        low, high = np.zeros(X.shape[1]), np.zeros(X.shape[1])
        for j in range(X.shape[1]):
            column = X[rows, j]
            if not np.all(np.isnan(column)):
                low[j], high[j] = np.nanmin(column), np.nanmax(column)
        return np.linspace(low, high, num=self.n_knots, endpoint=True, dtype=np.float64)

    def get_feature_names_out(self, input_features=None):
        """Names ``<feature>_sp_<j>``."""
        check_is_fitted(self, "n_features_in_")
        features = _input_feature_names(self, input_features)
        n_splines = self.bsplines_[0].c.shape[1]
        return np.asarray([f"{name}_sp_{j}" for name in features
                           for j in range(n_splines - 1 + self.include_bias)], dtype=object)

    def transform(self, X):
        """The spline basis of every feature, side by side."""
        check_is_fitted(self)
        X = self._validated(X, reset=False)
        dtype = X.dtype if X.dtype in FLOAT_DTYPES else np.float64
        n_splines = self.bsplines_[0].c.shape[1]
        blocks = [self._feature_basis(X[:, j], spline, n_splines, dtype)
                  for j, spline in enumerate(self.bsplines_)]
        if not self.include_bias:
            blocks = [block[:, :-1] for block in blocks]
        if self.sparse_output:
            return sp.hstack([sp.csr_matrix(block) for block in blocks], format="csr")
        width = sum(b.shape[1] for b in blocks)
        result = np.empty((X.shape[0], width), dtype=dtype, order=self.order)
        np.concatenate(blocks, axis=1, out=result)
        return result

    def _feature_basis(self, x, spline, n_splines, dtype):
        """``(n_samples, n_splines)`` basis values of one feature (0 for missing values)."""
        degree, mode = self.degree, self.extrapolation
        missing = np.isnan(x)
        basis = np.zeros((len(x), n_splines), dtype=dtype)
        if mode in ("continue", "error", "periodic"):
            if mode == "periodic":
                t, n = spline.t, spline.t.size - spline.k - 1
                span = t[n] - t[spline.k]
                x = t[spline.k] + (x - t[spline.k]) % span if span > 0 else np.zeros_like(x)
            basis[:] = spline(x)
            basis[missing] = 0
            if mode == "error" and np.isnan(basis).any():
                raise ValueError("`X` contains values beyond the limits of the knots.")
            return basis
        low, high = spline.t[degree], spline.t[-degree - 1]
        inside = (low <= x) & (x <= high)
        basis[inside] = spline(x[inside])
        at_low, at_high = spline(low), spline(high)
        below, above = x < low, x > high
        if mode == "constant":
            # the boundary values (only the first / last ``degree`` splines are nonzero there,
            # all of them for degree 0, where scikit-learn 1.9 fails)
            basis[below] = at_low
            basis[above] = at_high
            return basis
        # linear: the splines nonzero at the boundary go on along their tangent there (for
        # degree <= 1 one spline more, as scikit-learn; it then also uses that raised degree
        # for the limits of the following features, which is not done here)
        slope_low, slope_high = spline(low, nu=1), spline(high, nu=1)
        for j in range(degree + 1 if degree <= 1 else degree):
            basis[below, j] = at_low[j] + (x[below] - low) * slope_low[j]
            k = n_splines - 1 - j
            basis[above, k] = at_high[k] + (x[above] - high) * slope_high[k]
        return basis
