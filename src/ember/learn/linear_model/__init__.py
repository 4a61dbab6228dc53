"""``ember.learn.linear_model``: linear models (HOML chapter 4), scikit-learn's names."""

__all__ = []
