"""``ember.learn.utils``: validation, seeds, tags and indexing helpers (scikit-learn's names)."""

from ember.learn.datasets._bunch import Bunch

from ._indexing import _safe_indexing
from ._param_validation import Interval, InvalidParameterError, Options, StrOptions
from ._tags import (
    ClassifierTags,
    InputTags,
    RegressorTags,
    Tags,
    TargetTags,
    TransformerTags,
    get_tags,
)
from .multiclass import check_classification_targets, type_of_target, unique_labels
from .validation import (
    _check_sample_weight,
    _num_samples,
    check_array,
    check_consistent_length,
    check_is_fitted,
    check_random_state,
    check_X_y,
    column_or_1d,
    validate_data,
)

__all__ = [
    "Bunch",
    "ClassifierTags",
    "InputTags",
    "Interval",
    "InvalidParameterError",
    "Options",
    "StrOptions",
    "RegressorTags",
    "Tags",
    "TargetTags",
    "TransformerTags",
    "check_X_y",
    "check_array",
    "check_classification_targets",
    "check_consistent_length",
    "check_is_fitted",
    "check_random_state",
    "column_or_1d",
    "get_tags",
    "type_of_target",
    "unique_labels",
    "validate_data",
]
