"""``ember.learn.random_projection``: Gaussian and sparse random projections and the
Johnson-Lindenstrauss bound (HOML ch8).

The names are exported once their module is present, and imported on first use.
"""

from ..utils._lazy_exports import lazy_exports

# Public name -> the module of this package that defines it.
_MODULE_OF = {
    "GaussianRandomProjection": "_random_projection",
    "SparseRandomProjection": "_random_projection",
    "johnson_lindenstrauss_min_dim": "_random_projection",
}

__all__, __getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF)
