"""``ember.learn.pipeline``: chaining estimators (``Pipeline``) and joining transformers (``FeatureUnion``)."""

from ._pipeline import Pipeline, make_pipeline
from ._union import FeatureUnion, make_union

__all__ = ["FeatureUnion", "Pipeline", "make_pipeline", "make_union"]
