"""Compiled loops: the one place that configures Numba.

A few hot paths need a loop NumPy cannot express in one pass (a row's
exponentials, their sum and a gathered logit at once). They live in kernel
modules (``ember/ops/_softmax_kernels.py``) compiled with ``njit`` from here,
so every kernel gets the same settings: cached on disk (the first process pays
the compile once), GIL released, and floating-point contraction and
reassociation allowed (so sums vectorise) but never the "no NaN / no infinity"
assumptions, so NaN and inf still propagate as NumPy's would.

Importing this module imports Numba (about half a second): kernel modules are
imported on first use, never by ``import ember``.
"""

import numba

# Fast-math flags without 'nnan' and 'ninf' (see above).
_FASTMATH = {"nsz", "arcp", "contract", "afn", "reassoc"}

njit = numba.njit(cache=True, nogil=True, fastmath=_FASTMATH)
