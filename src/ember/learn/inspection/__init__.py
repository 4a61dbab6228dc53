"""``ember.learn.inspection``: what a fitted model relies on (HOML ch7's feature importances,
measured by permutation)."""

from ._permutation_importance import permutation_importance

__all__ = ["permutation_importance"]
