"""``ember.nn``: TensorFlow's ``tf.nn`` activations, losses and helpers."""

from ember.ops import sigmoid as sigmoid
from ember.ops import softplus as softplus
from ember.ops import softsign as softsign
from ember.ops import tanh as tanh
from ember.ops._nn import bias_add as bias_add
from ember.ops._nn import dropout as dropout
from ember.ops._nn import elu as elu
from ember.ops._nn import gelu as gelu
from ember.ops._nn import l2_loss as l2_loss
from ember.ops._nn import leaky_relu as leaky_relu
from ember.ops._nn import log_softmax as log_softmax
from ember.ops._nn import moments as moments
from ember.ops._nn import relu as relu
from ember.ops._nn import relu6 as relu6
from ember.ops._nn import selu as selu
from ember.ops._nn import sigmoid_cross_entropy_with_logits as sigmoid_cross_entropy_with_logits
from ember.ops._nn import silu as silu
from ember.ops._nn import softmax as softmax
from ember.ops._crossentropy import (
    softmax_cross_entropy_with_logits as softmax_cross_entropy_with_logits,
)
from ember.ops._crossentropy import (
    sparse_softmax_cross_entropy_with_logits as sparse_softmax_cross_entropy_with_logits,
)
from ember.ops._nn import swish as swish

__all__ = [
    "bias_add",
    "dropout",
    "elu",
    "gelu",
    "l2_loss",
    "leaky_relu",
    "log_softmax",
    "moments",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "sigmoid_cross_entropy_with_logits",
    "silu",
    "softmax",
    "softmax_cross_entropy_with_logits",
    "softplus",
    "softsign",
    "sparse_softmax_cross_entropy_with_logits",
    "swish",
    "tanh",
]
