"""``keras.models``: Model, Sequential, Functional models, cloning, loading and saving."""

from ember.keras.saving import load_model as load_model
from ember.keras.saving import save_model as save_model

from ._cloning import clone_model as clone_model
from ._functional import Functional as Functional
from ._model import Model as Model
from ._sequential import Sequential as Sequential

__all__ = ["Functional", "Model", "Sequential", "clone_model", "load_model", "save_model"]
