"""``IncrementalPCA``: PCA over mini-batches, for data that does not fit in memory (Ross et
al., *Incremental learning for robust visual tracking*, IJCV 2008; HOML ch8).

Each ``partial_fit`` merges a batch into the running model: the column means and
variances are updated exactly (Chan, Golub and LeVeque's pairwise formulas), and the new
components are the right singular vectors of the stacked matrix

    [ singular_values_[:, None] * components_ ]   the old data, summarised
    [ batch - batch mean                      ]   the new batch, centred
    [ sqrt(n_seen * n_batch / n_total) (old mean - batch mean) ]   the shift of the mean

whose scatter equals the scatter of all the data seen about the new mean, up to the
components dropped before. ``fit`` feeds its X in batches of ``batch_size`` rows (5 *
n_features by default; a short last batch is merged into the one before it), so a
``numpy.memmap`` is read batch by batch.
"""

import numbers

import numpy as np
import scipy.sparse as sp
from scipy import linalg

from ..utils._param_validation import Interval
from ..utils.validation import check_is_fitted, validate_data
from ._base import BasePCA
from ._linalg import flip_signs

__all__ = ["IncrementalPCA"]


def batch_slices(n, batch_size, min_batch_size=0):
    """Consecutive slices of ``batch_size`` rows; the rest of the rows goes to the last
    slice, which is merged into the one before it when shorter than ``min_batch_size``."""
    start = 0
    for _ in range(int(n // batch_size)):
        end = start + batch_size
        if end + min_batch_size > n:
            continue
        yield slice(start, end)
        start = end
    if start < n:
        yield slice(start, n)


def update_mean_and_variance(X, last_mean, last_variance, last_count):
    """The column means and variances of the rows seen so far and of X together, and
    their count (sums accumulated in float64)."""
    last_count = np.asarray(last_count, dtype=np.float64)
    n_new = X.shape[0]
    last_sum = last_mean * last_count
    new_sum = np.sum(X, axis=0, dtype=np.float64)
    count = last_count + n_new
    mean = (last_sum + new_sum) / count
    deviation = X - new_sum / n_new
    correction = np.sum(deviation, axis=0, dtype=np.float64)
    deviation **= 2
    new_scatter = np.sum(deviation, axis=0, dtype=np.float64) - correction ** 2 / n_new
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = last_count / n_new
        scatter = (last_variance * last_count + new_scatter
                   + ratio / count * (last_sum / ratio - new_sum) ** 2)
    first = last_count == 0
    scatter[first] = new_scatter[first]
    return mean, scatter / count, count


class IncrementalPCA(BasePCA):
    """PCA fitted batch by batch, with memory independent of the number of samples.

    Parameters
    ----------
    n_components : int or None, default=None
        Components kept (None: min(n_samples of the first batch, n_features)).
    whiten : bool, default=False
        Scale the projections to unit variance.
    copy : bool, default=True
        False lets the batches be centred in place (X is overwritten).
    batch_size : int or None, default=None
        Rows per batch in ``fit`` (None: 5 * n_features).

    Attributes
    ----------
    components_ : ndarray of shape (n_components_, n_features)
    explained_variance_ : ndarray of shape (n_components_,)
    explained_variance_ratio_ : ndarray of shape (n_components_,)
    singular_values_ : ndarray of shape (n_components_,)
    mean_ : ndarray of shape (n_features,)
    var_ : ndarray of shape (n_features,)
        The per-column variance of all the samples seen.
    noise_variance_ : float
    n_components_ : int
    n_samples_seen_ : int
    batch_size_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(100, 5) @ np.diag([5.0, 2.0, 1.0, 0.1, 0.1])
    >>> ipca = IncrementalPCA(n_components=2)
    >>> for batch in np.array_split(X, 4):
    ...     _ = ipca.partial_fit(batch)
    >>> ipca.transform(X).shape
    (100, 2)
    >>> bool(np.all(ipca.explained_variance_ratio_ > 0.05))
    True
    """

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "whiten": ["boolean"],
        "copy": ["boolean"],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left"), None],
    }

    def __init__(self, n_components=None, *, whiten=False, copy=True, batch_size=None):
        self.n_components = n_components
        self.whiten = whiten
        self.copy = copy
        self.batch_size = batch_size

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y=None):
        """Fit on X (n_samples, n_features; dense, sparse or a memmap) in batches of
        ``batch_size`` rows. ``y`` is ignored. Returns ``self``."""
        self._validate_params()
        self.components_, self.n_samples_seen_, self.mean_, self.var_ = None, 0, 0.0, 0.0
        self.singular_values_ = self.explained_variance_ = None
        self.explained_variance_ratio_ = self.noise_variance_ = None
        X = validate_data(self, X, accept_sparse=["csr", "csc", "lil"], copy=False,
                          dtype=[np.float64, np.float32])
        n_samples, n_features = X.shape
        self.batch_size_ = 5 * n_features if self.batch_size is None else self.batch_size
        for rows in batch_slices(n_samples, self.batch_size_, self.n_components or 0):
            batch = X[rows]
            if sp.issparse(batch):
                batch = batch.toarray()
            elif self.copy or not batch.flags.writeable:
                batch = np.array(batch, copy=True)
            self._merge(batch)
        return self

    def partial_fit(self, X, y=None, check_input=True):
        """Merge one batch X (n_samples, n_features) into the model. Returns ``self``."""
        self._validate_params()
        first_pass = not hasattr(self, "components_")
        if check_input:
            if sp.issparse(X):
                raise TypeError("IncrementalPCA.partial_fit does not support sparse input. "
                                "Either convert data to dense or use IncrementalPCA.fit to do "
                                "so in batches.")
            X = validate_data(self, X, copy=self.copy, dtype=[np.float64, np.float32],
                              reset=first_pass)
            if not X.flags.writeable:
                X = X.copy()
        if first_pass:
            self.components_ = None
        return self._merge(X)

    def _n_components_for(self, n_samples, n_features):
        if self.n_components is None:
            return (min(n_samples, n_features) if self.components_ is None
                    else self.components_.shape[0])
        if not self.n_components <= n_features:
            raise ValueError(f"n_components={self.n_components!r} invalid for "
                             f"n_features={n_features}, need more rows than columns for "
                             "IncrementalPCA processing")
        if self.n_components > n_samples and self.components_ is None:
            raise ValueError(f"n_components={self.n_components} must be less or equal to the "
                             f"batch number of samples {n_samples} for the first partial_fit "
                             "call.")
        return self.n_components

    def _merge(self, X):
        """The update of the model by the batch X (centred in place)."""
        n_samples, n_features = X.shape
        self.n_components_ = self._n_components_for(n_samples, n_features)
        if self.components_ is not None and self.components_.shape[0] != self.n_components_:
            raise ValueError(f"Number of input features has changed from "
                             f"{self.components_.shape[0]} to {self.n_components_} between "
                             "calls to partial_fit! Try setting n_components to a fixed value.")
        if not hasattr(self, "n_samples_seen_"):
            self.n_samples_seen_, self.mean_, self.var_ = 0, 0.0, 0.0
        mean, variance, n_total = update_mean_and_variance(
            X, self.mean_, self.var_, np.repeat(self.n_samples_seen_, n_features))
        n_total = n_total[0]
        if self.n_samples_seen_ == 0:
            X -= mean
        else:
            batch_mean = np.mean(X, axis=0)
            X -= batch_mean
            shift = np.sqrt((self.n_samples_seen_ / n_total) * n_samples) * (self.mean_ - batch_mean)
            X = np.vstack((self.singular_values_.reshape((-1, 1)) * self.components_, X, shift))
        _, S, Vt = linalg.svd(X, full_matrices=False, check_finite=False)
        _, Vt = flip_signs(None, Vt)
        variance_explained = S ** 2 / (n_total - 1)
        k = self.n_components_
        self.n_samples_seen_ = n_total
        self.components_, self.singular_values_ = Vt[:k], S[:k]
        self.mean_, self.var_ = mean, variance
        self.explained_variance_ = variance_explained[:k]
        self.explained_variance_ratio_ = (S ** 2 / np.sum(variance * n_total))[:k]
        self.noise_variance_ = (variance_explained[k:].mean() if k not in (n_samples, n_features)
                                else 0.0)
        return self

    def transform(self, X):
        """Project X on the components (sparse X batch by batch): (n_samples,
        n_components_)."""
        if not sp.issparse(X):
            return super().transform(X)
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], accept_sparse=("csr", "csc"),
                          reset=False)
        return np.vstack([self._project(X[rows].toarray(), centred=False)
                          for rows in batch_slices(X.shape[0], self.batch_size_,
                                                   self.n_components or 0)])
