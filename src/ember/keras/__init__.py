"""ember.keras: the Keras-compatible deep-learning framework (``from ember import keras``).

The books' Keras code runs with ``from tensorflow import keras`` changed to
``from ember import keras``.
"""

from . import activations as activations
from . import backend as backend
from . import callbacks as callbacks
from . import constraints as constraints
from . import datasets as datasets
from . import initializers as initializers
from . import layers as layers
from . import losses as losses
from . import metrics as metrics
from . import models as models
from . import optimizers as optimizers
from . import regularizers as regularizers
from . import saving as saving
from . import utils as utils
from .layers import Input as Input
from .models import Model as Model
from .models import Sequential as Sequential

__all__ = [
    "Input",
    "Model",
    "Sequential",
    "activations",
    "backend",
    "callbacks",
    "constraints",
    "datasets",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "models",
    "optimizers",
    "regularizers",
    "saving",
    "utils",
]
