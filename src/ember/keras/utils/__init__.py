"""``keras.utils``: one-hot labels, normalization, seeding and file downloads.

>>> from ember.keras import utils
>>> utils.to_categorical([[1], [0]]).shape
(2, 2)
"""

from . import np_utils as np_utils
from ._file import get_file as get_file
from ._numerical import normalize as normalize
from ._numerical import to_categorical as to_categorical
from ._random import set_random_seed as set_random_seed

__all__ = ["get_file", "normalize", "np_utils", "set_random_seed", "to_categorical"]
