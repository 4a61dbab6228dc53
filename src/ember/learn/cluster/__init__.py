"""``ember.learn.cluster``: k-means, density, hierarchical and graph clustering (HOML ch9).

Each algorithm lives in its own module; a name is exported once its module is
present, and imported on first use.
"""

from ..utils._lazy_exports import lazy_exports

# Public name -> the module of this package that defines it.
_MODULE_OF = {
    "KMeans": "_kmeans",
    "MiniBatchKMeans": "_kmeans",
    "kmeans_plusplus": "_kmeans",
    "k_means": "_kmeans",
    "DBSCAN": "_dbscan",
    "dbscan": "_dbscan",
    "AgglomerativeClustering": "_agglomerative",
    "FeatureAgglomeration": "_agglomerative",
    "Birch": "_birch",
    "MeanShift": "_mean_shift",
    "estimate_bandwidth": "_mean_shift",
    "SpectralClustering": "_spectral",
    "AffinityPropagation": "_affinity_propagation",
    "HDBSCAN": "_hdbscan",
    "OPTICS": "_optics",
}

__all__, __getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF)
