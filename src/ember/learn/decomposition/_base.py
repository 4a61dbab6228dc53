"""What PCA and IncrementalPCA share: projection onto the components and back, and the
probabilistic-PCA covariance and precision (Tipping and Bishop 1999) behind ``score``.

The generative model is ``x = W z + mean + noise``: a fitted model's covariance is
``components_.T diag(explained_variance_ - noise_variance_) components_ +
noise_variance_ I`` (negative differences taken as zero), and its precision comes from
the matrix inversion lemma, inverting only an (n_components, n_components) matrix.
"""

import numpy as np
from scipy import linalg

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..utils.validation import check_array, check_is_fitted, validate_data

__all__ = ["BasePCA"]


class BasePCA(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Projection, reconstruction and the probabilistic model of a fitted PCA."""

    def _signal_components(self):
        """The components (scaled by the root variances when whitened) and the variances
        above the noise floor."""
        components, variance = self.components_, self.explained_variance_
        if self.whiten:
            components = components * np.sqrt(variance[:, None])
        return components, np.where(variance > self.noise_variance_,
                                    variance - self.noise_variance_, 0.0)

    def get_covariance(self):
        """The model's data covariance, (n_features, n_features):
        ``components_.T * (explained_variance_ - noise) @ components_ + noise * I``."""
        components, excess = self._signal_components()
        covariance = (components.T * excess) @ components
        covariance.flat[:: covariance.shape[0] + 1] += self.noise_variance_
        return covariance

    def get_precision(self):
        """The inverse of ``get_covariance()``, (n_features, n_features), by the matrix
        inversion lemma."""
        n_features = self.components_.shape[1]
        if self.n_components_ == 0:
            return np.eye(n_features) / self.noise_variance_
        if self.noise_variance_ == 0.0:
            return linalg.inv(self.get_covariance())
        noise = self.noise_variance_
        components, excess = self._signal_components()
        inner = components @ components.T / noise
        inner.flat[:: inner.shape[0] + 1] += 1.0 / excess
        precision = components.T @ linalg.inv(inner) @ components
        precision /= -(noise ** 2)
        precision.flat[:: n_features + 1] += 1.0 / noise
        return precision

    def transform(self, X):
        """Project X (n_samples, n_features) on the components: (n_samples, n_components)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], accept_sparse=("csr", "csc"),
                          reset=False)
        return self._project(X, centred=False)

    def _project(self, X, centred):
        projected = X @ self.components_.T
        if not centred:
            projected -= self.mean_[None, :] @ self.components_.T
        if self.whiten:
            scale = np.sqrt(self.explained_variance_)
            scale[scale < np.finfo(scale.dtype).eps] = np.finfo(scale.dtype).eps
            projected /= scale
        return projected

    def inverse_transform(self, X):
        """Map projections (n_samples, n_components) back to the input space (undoing the
        whitening too): (n_samples, n_features)."""
        check_is_fitted(self)
        X = check_array(X, input_name="X", dtype=[np.float64, np.float32])
        if self.whiten:
            return X @ (np.sqrt(self.explained_variance_[:, None]) * self.components_) + self.mean_
        return X @ self.components_ + self.mean_

    @property
    def _n_features_out(self):
        return self.components_.shape[0]
