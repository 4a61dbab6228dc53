"""``KNNImputer``: missing values filled with the mean of the nearest complete neighbours.

Distances are nan-Euclidean: over the coordinates both samples have,
``sqrt(n_features / n_common * squared distance over them)``; they are
computed blockwise with two matrix products (no loop over samples).
"""

from numbers import Integral

import numpy as np

from ..base import _input_feature_names
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import check_is_fitted, validate_data
from ._base import _ImputerBase, check_missing_values, is_scalar_nan, missing_mask

_FLOATS = [np.float64, np.float32, np.float16]
_BLOCK_BYTES = 64 * 2**20  # distance rows computed at a time: at most about this much memory


def nan_euclidean_distances(X, Y, missing_X, missing_Y):
    """Euclidean distances between the rows of ``X`` and ``Y`` over their common observed coordinates,
    scaled by ``n_features / n_common``; NaN where two rows share no observed coordinate.

    ``missing_X``/``missing_Y`` are the boolean missing masks of ``X``/``Y``.

    Example:
        >>> X = np.array([[3.0, np.nan, 5.0]]); Y = np.array([[1.0, 0.0, 0.0]])
        >>> nan_euclidean_distances(X, Y, np.isnan(X), np.isnan(Y)).round(4)
        array([[6.5955]])
    """
    present_X, present_Y = (~missing_X).astype(np.float64), (~missing_Y).astype(np.float64)
    X0, Y0 = np.where(missing_X, 0.0, X), np.where(missing_Y, 0.0, Y)
    # sum over common coordinates of x^2 + y^2 - 2xy, as one product of side-by-side blocks
    left = np.hstack([X0 * X0, present_X, -2.0 * X0])
    right = np.hstack([present_Y, Y0 * Y0, Y0])
    squared = left @ right.T
    np.maximum(squared, 0.0, out=squared)
    common = present_X @ present_Y.T
    with np.errstate(divide="ignore", invalid="ignore"):
        squared *= X.shape[1] / common
    squared[common == 0] = np.nan
    return np.sqrt(squared, out=squared)


def _neighbour_weights(distances, weights):
    """Weights of the chosen neighbours: ones, 1/distance (exact matches only, if any), or ``weights(d)``."""
    if weights in (None, "uniform"):
        result = np.ones_like(distances)
        result[np.isnan(distances)] = 0.0
        return result
    if weights == "distance":
        with np.errstate(divide="ignore"):
            result = 1.0 / distances
        exact = np.isinf(result)
        rows = exact.any(axis=1)
        result[rows] = exact[rows]
    else:
        result = np.asarray(weights(distances), dtype=np.float64)
    result[np.isnan(result)] = 0.0
    return result


class KNNImputer(_ImputerBase):
    """Fills each missing value with the (weighted) mean of that feature over the ``n_neighbors``
    nearest training samples that have it, by nan-Euclidean distance.

    A sample with no observed coordinate in common with any such training sample gets the
    feature's training mean.

    Parameters:
        missing_values: the placeholder of a missing value (NaN or a number).
        n_neighbors: neighbours averaged.
        weights: ``"uniform"``, ``"distance"`` (1/distance) or a callable of the
            distance array returning weights of the same shape.
        metric: ``"nan_euclidean"``, or a callable ``metric(x, y, missing_values=...)``
            of two samples (called once per pair of samples, as in scikit-learn: slow).
        copy: work on a copy of ``X``.
        add_indicator: append ``MissingIndicator`` columns.
        keep_empty_features: keep features with no observed value in ``fit``
            (filled with 0); otherwise they are dropped.

    Attributes:
        indicator_: the fitted ``MissingIndicator`` or None.
        n_features_in_, feature_names_in_: the input's.

    Example:
        >>> X = np.array([[1.0, 2.0, np.nan], [3.0, 4.0, 3.0], [np.nan, 6.0, 5.0], [8.0, 8.0, 7.0]])
        >>> KNNImputer(n_neighbors=2).fit_transform(X)
        array([[1. , 2. , 4. ],
               [3. , 4. , 3. ],
               [5.5, 6. , 5. ],
               [8. , 8. , 7. ]])
    """

    _parameter_constraints = {
        "missing_values": "no_validation",  # checked by check_missing_values
        "n_neighbors": [Interval(Integral, 1, None, closed="left")],
        "weights": [StrOptions({"uniform", "distance"}), callable, None],
        "metric": [StrOptions({"nan_euclidean"}), callable],
        "copy": ["boolean"],
        "add_indicator": ["boolean"],
        "keep_empty_features": ["boolean"],
    }

    def __init__(self, *, missing_values=np.nan, n_neighbors=5, weights="uniform", metric="nan_euclidean",
                 copy=True, add_indicator=False, keep_empty_features=False):
        self.missing_values = missing_values
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.metric = metric
        self.copy = copy
        self.add_indicator = add_indicator
        self.keep_empty_features = keep_empty_features

    def _validate(self, X, reset):
        return validate_data(self, X, reset=reset, accept_sparse=False, dtype=_FLOATS, copy=self.copy,
                             ensure_all_finite="allow-nan" if is_scalar_nan(self.missing_values) else True)

    def fit(self, X, y=None):
        """Store the training samples (the candidate neighbours) and their missing mask."""
        self._validate_params()
        check_missing_values(self)
        X = self._validate(X, reset=True)
        self._fit_X = X
        self._mask_fit_X = missing_mask(X, self.missing_values)
        self._valid_mask = ~np.all(self._mask_fit_X, axis=0)
        self._fit_indicator(self._mask_fit_X)
        return self

    def transform(self, X):
        """``X`` with its missing values filled from the nearest training samples."""
        check_is_fitted(self)
        X = self._validate(X, reset=False)
        if not X.flags.writeable:
            X = X.copy()
        mask = missing_mask(X, self.missing_values)
        valid = self._valid_mask
        receivers = np.flatnonzero(mask[:, valid].any(axis=1))
        if receivers.size:
            self._impute(X, mask, receivers)
        if self.keep_empty_features:
            X[:, ~valid] = 0
        else:
            X = X[:, valid]
        return self._with_indicator(X, mask)

    def _impute(self, X, mask, receivers):
        fit_X, fit_mask = self._fit_X, self._mask_fit_X
        observed_fit = ~fit_mask
        # Distances are taken on X as it came in: imputed values never feed later distances.
        queries, query_mask = X[receivers], mask[receivers]
        rows_per_block = max(1, _BLOCK_BYTES // (8 * max(1, fit_X.shape[0])))
        for start in range(0, receivers.size, rows_per_block):
            block = slice(start, start + rows_per_block)
            distances = self._distances(queries[block], fit_X, query_mask[block], fit_mask)
            rows = receivers[block]
            for col in np.flatnonzero(self._valid_mask):  # one vectorised step per feature
                needs = np.flatnonzero(query_mask[block, col])
                if needs.size == 0:
                    continue
                donors = np.flatnonzero(observed_fit[:, col])
                candidate = distances[needs][:, donors]
                isolated = np.isnan(candidate).all(axis=1)
                if isolated.any():
                    X[rows[needs[isolated]], col] = fit_X[donors, col].mean()
                    needs, candidate = needs[~isolated], candidate[~isolated]
                    if needs.size == 0:
                        continue
                k = min(self.n_neighbors, donors.size)
                nearest = np.argpartition(candidate, k - 1, axis=1)[:, :k]
                nearest_distance = np.take_along_axis(candidate, nearest, axis=1)
                weight = _neighbour_weights(nearest_distance, self.weights)
                values = fit_X[donors, col][nearest]
                X[rows[needs], col] = (values * weight).sum(axis=1) / weight.sum(axis=1)

    def _distances(self, X, Y, missing_X, missing_Y):
        if not callable(self.metric):
            return nan_euclidean_distances(X, Y, missing_X, missing_Y)
        return np.array([[self.metric(x, y, missing_values=self.missing_values) for y in Y] for x in X],
                        dtype=np.float64).reshape(X.shape[0], Y.shape[0])

    def get_feature_names_out(self, input_features=None):
        """The input names of the kept features, then the indicator's names."""
        check_is_fitted(self, "n_features_in_")
        input_features = _input_feature_names(self, input_features)
        return self._names_with_indicator(input_features[self._valid_mask], input_features)
