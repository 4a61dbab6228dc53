"""``ember.learn.decomposition``: PCA and its relatives (HOML ch8).

Each method lives in its own module; a name is exported once its module is
present, and imported on first use.
"""

from ..utils._lazy_exports import lazy_exports

# Public name -> the module of this package that defines it.
_MODULE_OF = {
    "PCA": "_pca",
    "IncrementalPCA": "_incremental_pca",
    "KernelPCA": "_kernel_pca",
    "TruncatedSVD": "_truncated_svd",
    "FastICA": "_fastica",
    "NMF": "_nmf",
}

__all__, __getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF)
