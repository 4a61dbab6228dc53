"""ember.learn.metrics: scikit-learn's metrics and scorers.

- classification: ``accuracy_score``, ``balanced_accuracy_score``,
  ``confusion_matrix``, ``multilabel_confusion_matrix``, ``precision_score``,
  ``recall_score``, ``f1_score``, ``fbeta_score``, ``jaccard_score``,
  ``precision_recall_fscore_support``, ``classification_report``, ``log_loss``,
  ``brier_score_loss``, ``hinge_loss``, ``zero_one_loss``, ``matthews_corrcoef``;
- ranking: ``roc_curve``, ``roc_auc_score``, ``precision_recall_curve``,
  ``average_precision_score``, ``auc``, ``top_k_accuracy_score``;
- regression: ``mean_squared_error``, ``root_mean_squared_error``,
  ``mean_absolute_error``, ``median_absolute_error``,
  ``mean_squared_log_error``, ``root_mean_squared_log_error``,
  ``mean_absolute_percentage_error``, ``r2_score``,
  ``explained_variance_score``, ``max_error``;
- clustering: ``silhouette_score``, ``silhouette_samples``, ``calinski_harabasz_score``,
  ``davies_bouldin_score``; against known labels
  ``adjusted_rand_score``, ``rand_score``, ``pair_confusion_matrix``,
  ``mutual_info_score``, ``normalized_mutual_info_score``, ``homogeneity_score``,
  ``completeness_score``, ``v_measure_score``, ``homogeneity_completeness_v_measure``,
  ``fowlkes_mallows_score``;
- ``pairwise``: distances and kernels (``rbf_kernel``, ``cosine_similarity``, ...);
  ``euclidean_distances``, ``pairwise_distances`` (``_chunked``) and ``pairwise_kernels``
  also from here;
- plots: ``ConfusionMatrixDisplay``, ``RocCurveDisplay``, ``PrecisionRecallDisplay``
  (matplotlib imported only when drawing);
- scorers: ``make_scorer``, ``get_scorer``, ``get_scorer_names``, ``check_scoring``.
"""

from ._classification import (
    accuracy_score,
    balanced_accuracy_score,
    confusion_matrix,
    hinge_loss,
    matthews_corrcoef,
    multilabel_confusion_matrix,
    zero_one_loss,
)
from ._cluster_supervised import (
    adjusted_rand_score,
    completeness_score,
    fowlkes_mallows_score,
    homogeneity_completeness_v_measure,
    homogeneity_score,
    mutual_info_score,
    normalized_mutual_info_score,
    pair_confusion_matrix,
    rand_score,
    v_measure_score,
)
from ._cluster_unsupervised import calinski_harabasz_score, davies_bouldin_score
from ._plot import ConfusionMatrixDisplay, PrecisionRecallDisplay, RocCurveDisplay
from ._probabilistic import brier_score_loss, log_loss
from ._prf import (
    classification_report,
    f1_score,
    fbeta_score,
    jaccard_score,
    precision_recall_fscore_support,
    precision_score,
    recall_score,
)
from ._ranking import (
    auc,
    average_precision_score,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
    top_k_accuracy_score,
)
from ._regression import (
    explained_variance_score,
    max_error,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_log_error,
    median_absolute_error,
    r2_score,
    root_mean_squared_error,
    root_mean_squared_log_error,
)
from ._scorer import check_scoring, get_scorer, get_scorer_names, make_scorer
from ._silhouette import silhouette_samples, silhouette_score
from .pairwise import (
    euclidean_distances,
    pairwise_distances,
    pairwise_distances_chunked,
    pairwise_kernels,
)

__all__ = [
    "ConfusionMatrixDisplay",
    "PrecisionRecallDisplay",
    "RocCurveDisplay",
    "accuracy_score",
    "adjusted_rand_score",
    "auc",
    "average_precision_score",
    "balanced_accuracy_score",
    "brier_score_loss",
    "calinski_harabasz_score",
    "check_scoring",
    "classification_report",
    "completeness_score",
    "confusion_matrix",
    "davies_bouldin_score",
    "euclidean_distances",
    "explained_variance_score",
    "f1_score",
    "fbeta_score",
    "fowlkes_mallows_score",
    "get_scorer",
    "get_scorer_names",
    "hinge_loss",
    "homogeneity_completeness_v_measure",
    "homogeneity_score",
    "jaccard_score",
    "log_loss",
    "make_scorer",
    "matthews_corrcoef",
    "max_error",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_log_error",
    "median_absolute_error",
    "multilabel_confusion_matrix",
    "mutual_info_score",
    "normalized_mutual_info_score",
    "pair_confusion_matrix",
    "pairwise_distances",
    "pairwise_distances_chunked",
    "pairwise_kernels",
    "precision_recall_curve",
    "precision_recall_fscore_support",
    "precision_score",
    "r2_score",
    "rand_score",
    "recall_score",
    "roc_auc_score",
    "roc_curve",
    "root_mean_squared_error",
    "root_mean_squared_log_error",
    "silhouette_samples",
    "silhouette_score",
    "top_k_accuracy_score",
    "v_measure_score",
    "zero_one_loss",
]
