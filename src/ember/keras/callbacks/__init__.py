"""``keras.callbacks``: hooks into training, evaluation and prediction."""

from ._backup_and_restore import BackupAndRestore as BackupAndRestore
from ._callback import Callback as Callback
from ._callback import CallbackList as CallbackList
from ._callback import History as History
from ._callback import ProgbarLogger as ProgbarLogger
from ._csv_logger import CSVLogger as CSVLogger
from ._early_stopping import EarlyStopping as EarlyStopping
from ._lambda_callback import LambdaCallback as LambdaCallback
from ._lr_scheduler import LearningRateScheduler as LearningRateScheduler
from ._model_checkpoint import ModelCheckpoint as ModelCheckpoint
from ._one_cycle import OneCycleScheduler as OneCycleScheduler
from ._progbar import Progbar as Progbar
from ._reduce_lr_on_plateau import ReduceLROnPlateau as ReduceLROnPlateau
from ._tensorboard import TensorBoard as TensorBoard
from ._terminate_on_nan import TerminateOnNaN as TerminateOnNaN

__all__ = [
    "BackupAndRestore",
    "CSVLogger",
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "OneCycleScheduler",
    "Progbar",
    "ProgbarLogger",
    "ReduceLROnPlateau",
    "TensorBoard",
    "TerminateOnNaN",
]
