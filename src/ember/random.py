"""``ember.random``: seeded random tensors, as TensorFlow's ``tf.random``."""

from ember.backend import set_seed as set_seed
from ember.ops._random import categorical as categorical
from ember.ops._random import normal as normal
from ember.ops._random import shuffle as shuffle
from ember.ops._random import truncated_normal as truncated_normal
from ember.ops._random import uniform as uniform

__all__ = [
    "categorical",
    "normal",
    "set_seed",
    "shuffle",
    "truncated_normal",
    "uniform",
]
