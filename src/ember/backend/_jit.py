"""Compiled loops: the one place that configures Numba.

A few hot paths need a loop NumPy cannot express in one pass (a row's
exponentials, their sum and a gathered logit at once). They live in kernel
modules (``ember/ops/_softmax_kernels.py``) compiled with ``njit`` from here,
so every kernel gets the same settings: cached on disk (the first process pays
the compile once), GIL released, and floating-point contraction and
reassociation allowed (so sums vectorise) but never the "no NaN / no infinity"
assumptions, so NaN and inf still propagate as NumPy's would.

Two more flavours serve kernels whose results are compared bit for bit with a
reference library (the histogram gradient-boosting trees, where the better of
two nearly equal splits decides the whole tree below it):

- ``njit_exact``: plain IEEE rounding, no fast-math (no fused multiply-add, no
  reciprocal in place of a division), so a formula rounds exactly as the same
  formula compiled without fast-math elsewhere.
- ``njit_parallel``: the same, with ``prange`` loops run on Numba's thread
  pool (its OpenMP, TBB or workqueue layer, whichever the installed Numba
  loads first) for loops whose iterations are independent and heavy enough to
  pay for waking the threads (one histogram per feature, one tree walk per
  sample). Such kernels write each iteration's results to its own slots and
  sum in a fixed order inside an iteration, so their results do not depend on
  the number of threads. Fast-math would buy nothing there: scattered adds,
  branches and libm calls do not vectorise.

- ``njit_contract``: in-order sums with fused multiply-adds and nothing else,
  as OpenBLAS's ``ddot`` sums vectors under 16 elements: the SVM kernel rows
  round as scikit-learn's LIBSVM rounds them.

Importing this module imports Numba (about half a second): kernel modules are
imported on first use, never by ``import ember``.
"""

import numba

# Fast-math flags without 'nnan' and 'ninf' (see above).
_FASTMATH = {"nsz", "arcp", "contract", "afn", "reassoc"}

njit = numba.njit(cache=True, nogil=True, fastmath=_FASTMATH)

# Plain IEEE rounding, for results compared bit for bit (see above).
njit_exact = numba.njit(cache=True, nogil=True)

# Fused multiply-adds only: sums in order as OpenBLAS's short dot products (see above).
njit_contract = numba.njit(cache=True, nogil=True, fastmath={"contract"})

# Threaded prange loops, plain IEEE rounding (see above).
njit_parallel = numba.njit(cache=True, nogil=True, parallel=True)
