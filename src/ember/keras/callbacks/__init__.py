"""``keras.callbacks``: hooks into training, evaluation and prediction."""

from ._callback import Callback as Callback
from ._callback import CallbackList as CallbackList
from ._callback import History as History
from ._callback import ProgbarLogger as ProgbarLogger
from ._early_stopping import EarlyStopping as EarlyStopping
from ._model_checkpoint import ModelCheckpoint as ModelCheckpoint
from ._progbar import Progbar as Progbar

__all__ = [
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "History",
    "ModelCheckpoint",
    "Progbar",
    "ProgbarLogger",
]
