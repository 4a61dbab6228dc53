"""``ember.learn.manifold``: nonlinear dimensionality reduction (HOML ch8).

Each method lives in its own module; a name is exported once its module is
present, and imported on first use.
"""

from ..utils._lazy_exports import lazy_exports

# Public name -> the module of this package that defines it.
_MODULE_OF = {
    "LocallyLinearEmbedding": "_locally_linear",
    "locally_linear_embedding": "_locally_linear",
    "Isomap": "_isomap",
    "MDS": "_mds",
    "smacof": "_mds",
    "TSNE": "_t_sne",
    "trustworthiness": "_t_sne",
    "SpectralEmbedding": "_spectral_embedding",
    "spectral_embedding": "_spectral_embedding",
}

__all__, __getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF)
