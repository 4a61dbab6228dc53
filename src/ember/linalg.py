"""``ember.linalg``: TensorFlow's ``tf.linalg`` names."""

from ember.ops import einsum as einsum
from ember.ops import eye as eye
from ember.ops import matmul as matmul
from ember.ops import matrix_transpose as matrix_transpose
from ember.ops import norm as norm
from ember.ops import tensordot as tensordot

__all__ = [
    "einsum",
    "eye",
    "matmul",
    "matrix_transpose",
    "norm",
    "tensordot",
]
