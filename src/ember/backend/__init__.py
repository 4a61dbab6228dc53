"""The array-module seam: every op reaches NumPy (or CuPy) through here.

The module is chosen once, at import, from the ``EMBER_BACKEND`` environment
variable (``numpy``, the default, or ``cupy``). Ops import ``xp`` and
``special`` from this package and never import NumPy directly for compute, so a
new array library only touches ``_array.py``.
"""

from ._array import backend_name as backend_name
from ._array import special as special
from ._array import to_numpy as to_numpy
from ._array import xp as xp
from ._dtypes import as_dtype as as_dtype
from ._dtypes import floatx as floatx
from ._dtypes import set_floatx as set_floatx
from ._random import get_seed as get_seed
from ._random import op_generator as op_generator
from ._random import set_seed as set_seed

__all__ = [
    "as_dtype",
    "backend_name",
    "floatx",
    "get_seed",
    "op_generator",
    "set_floatx",
    "set_seed",
    "special",
    "to_numpy",
    "xp",
]
