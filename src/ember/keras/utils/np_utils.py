"""``keras.utils.np_utils``: where Keras 2 (and the books) import ``to_categorical`` from.

>>> from ember.keras.utils.np_utils import to_categorical
>>> to_categorical([1], num_classes=2)
array([[0., 1.]], dtype=float32)
"""

from ._numerical import normalize as normalize
from ._numerical import to_categorical as to_categorical

__all__ = ["normalize", "to_categorical"]
