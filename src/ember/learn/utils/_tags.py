"""Estimator tags: what an estimator accepts and promises, in scikit-learn's protocol.

scikit-learn (1.6 and later) asks an estimator for ``__sklearn_tags__()`` and
expects its own ``sklearn.utils.Tags``. ember does not depend on scikit-learn,
so estimators describe themselves with the dataclasses here (the same fields
as scikit-learn's) through ``__ember_tags__()``; ``BaseEstimator.__sklearn_tags__``
converts them, and is only ever called by scikit-learn, so scikit-learn is
importable whenever it runs.

Estimators adjust tags by overriding ``__ember_tags__``, calling ``super()`` and
setting fields, as scikit-learn's estimators do with ``__sklearn_tags__``.
"""

from dataclasses import dataclass, field, fields


@dataclass
class InputTags:
    """What ``X`` may be."""

    one_d_array: bool = False
    two_d_array: bool = True
    three_d_array: bool = False
    sparse: bool = False
    categorical: bool = False
    string: bool = False
    dict: bool = False
    positive_only: bool = False
    allow_nan: bool = False
    pairwise: bool = False


@dataclass
class TargetTags:
    """What ``y`` must or may be."""

    required: bool = False
    one_d_labels: bool = False
    two_d_labels: bool = False
    positive_only: bool = False
    multi_output: bool = False
    single_output: bool = True


@dataclass
class TransformerTags:
    preserves_dtype: list = field(default_factory=lambda: ["float64"])


@dataclass
class ClassifierTags:
    poor_score: bool = False
    multi_class: bool = True
    multi_label: bool = False


@dataclass
class RegressorTags:
    poor_score: bool = False


@dataclass
class Tags:
    """All of an estimator's tags (``get_tags(estimator)``)."""

    estimator_type: str = None
    target_tags: TargetTags = field(default_factory=TargetTags)
    transformer_tags: TransformerTags = None
    classifier_tags: ClassifierTags = None
    regressor_tags: RegressorTags = None
    array_api_support: bool = False
    no_validation: bool = False
    non_deterministic: bool = False
    requires_fit: bool = True
    _skip_test: bool = False
    input_tags: InputTags = field(default_factory=InputTags)


def get_tags(estimator):
    """The ``Tags`` of ``estimator`` (ember's own dataclasses)."""
    return estimator.__ember_tags__()


def to_sklearn(tags):
    """Convert ember ``Tags`` to ``sklearn.utils.Tags`` (scikit-learn must be installed)."""
    import sklearn.utils as sk

    def convert(value, target):
        return None if value is None else target(**{f.name: getattr(value, f.name) for f in fields(value)})

    parts = {f.name: getattr(tags, f.name) for f in fields(tags)}
    parts["target_tags"] = convert(tags.target_tags, sk.TargetTags)
    parts["input_tags"] = convert(tags.input_tags, sk.InputTags)
    parts["transformer_tags"] = convert(tags.transformer_tags, sk.TransformerTags)
    parts["classifier_tags"] = convert(tags.classifier_tags, sk.ClassifierTags)
    parts["regressor_tags"] = convert(tags.regressor_tags, sk.RegressorTags)
    return sk.Tags(**parts)
