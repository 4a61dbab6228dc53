"""``keras.layers``: every layer, re-exported from one module per family."""

from ._layer import InputSpec as InputSpec
from ._layer import Layer as Layer
from .activations._activation_layers import ELU as ELU
from .activations._activation_layers import LeakyReLU as LeakyReLU
from .activations._activation_layers import PReLU as PReLU
from .activations._activation_layers import ReLU as ReLU
from .activations._activation_layers import Softmax as Softmax
from .core._activation import Activation as Activation
from .core._dense import Dense as Dense
from .core._embedding import Embedding as Embedding
from .core._input_layer import Input as Input
from .core._input_layer import InputLayer as InputLayer
from .core._lambda import Lambda as Lambda
from .merging._merge import Add as Add
from .merging._merge import Average as Average
from .merging._merge import Concatenate as Concatenate
from .merging._merge import Dot as Dot
from .merging._merge import Maximum as Maximum
from .merging._merge import Minimum as Minimum
from .merging._merge import Multiply as Multiply
from .merging._merge import Subtract as Subtract
from .merging._merge import add as add
from .merging._merge import average as average
from .merging._merge import concatenate as concatenate
from .merging._merge import dot as dot
from .merging._merge import maximum as maximum
from .merging._merge import minimum as minimum
from .merging._merge import multiply as multiply
from .merging._merge import subtract as subtract
from .normalization._batch_normalization import BatchNormalization as BatchNormalization
from .normalization._layer_normalization import LayerNormalization as LayerNormalization
from .preprocessing._normalization import Normalization as Normalization
from .regularization._dropout import AlphaDropout as AlphaDropout
from .regularization._dropout import Dropout as Dropout
from .regularization._dropout import GaussianDropout as GaussianDropout
from .regularization._dropout import GaussianNoise as GaussianNoise
from .reshaping._reshaping import Flatten as Flatten
from .reshaping._reshaping import Permute as Permute
from .reshaping._reshaping import RepeatVector as RepeatVector
from .reshaping._reshaping import Reshape as Reshape


def serialize(layer):
    """A layer's config dict (``{"class_name": ..., "config": ...}``)."""
    from ember.keras.saving import serialize_keras_object

    return serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    """Rebuild a layer from ``serialize``'s output."""
    from ember.keras.saving import deserialize_keras_object

    table = {name: value for name, value in globals().items() if isinstance(value, type)}
    return deserialize_keras_object(config, custom_objects=custom_objects, module_objects=table,
                                    kind="layer")


__all__ = [
    "deserialize",
    "serialize",
    "Activation",
    "Add",
    "AlphaDropout",
    "Average",
    "BatchNormalization",
    "Concatenate",
    "Dense",
    "Dot",
    "Dropout",
    "ELU",
    "Embedding",
    "Flatten",
    "GaussianDropout",
    "GaussianNoise",
    "Input",
    "InputLayer",
    "InputSpec",
    "Lambda",
    "Layer",
    "LayerNormalization",
    "LeakyReLU",
    "Maximum",
    "Minimum",
    "Multiply",
    "Normalization",
    "PReLU",
    "Permute",
    "ReLU",
    "RepeatVector",
    "Reshape",
    "Softmax",
    "Subtract",
    "add",
    "average",
    "concatenate",
    "dot",
    "maximum",
    "minimum",
    "multiply",
    "subtract",
]
