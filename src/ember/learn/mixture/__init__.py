"""``ember.learn.mixture``: Gaussian mixtures fitted by EM and by variational inference
(HOML ch9).

Each model lives in its own module; a name is exported once its module is
present, and imported on first use.
"""

from ..utils._lazy_exports import lazy_exports

# Public name -> the module of this package that defines it.
_MODULE_OF = {
    "GaussianMixture": "_gaussian_mixture",
    "BayesianGaussianMixture": "_bayesian_mixture",
}

__all__, __getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF)
