"""``keras.models``: Model, Sequential, Functional models and cloning."""

from ._cloning import clone_model as clone_model
from ._functional import Functional as Functional
from ._model import Model as Model
from ._sequential import Sequential as Sequential
from ember.keras.saving import load_model as load_model, save_model as save_model

__all__ = ["Functional", "Model", "Sequential", "clone_model"]
