"""``ember.learn.covariance``: covariance estimators and the elliptic envelope (HOML ch9).

Each estimator lives in its own module; a name is exported once its module is
present, and imported on first use.
"""

from ..utils._lazy_exports import lazy_exports

# Public name -> the module of this package that defines it.
_MODULE_OF = {
    "EmpiricalCovariance": "_empirical",
    "empirical_covariance": "_empirical",
    "MinCovDet": "_robust",
    "EllipticEnvelope": "_elliptic_envelope",
}

__all__, __getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF)
