"""Running NumPy kernels on all cores.

NumPy's ufuncs release the GIL but use one core. Elementwise kernels (the
optimizers' updates) are cut into contiguous chunks, row-wise kernels (fused
softmax cross-entropy) into blocks of rows; the pieces run at once on a small
thread pool (the calling thread takes the first). Small arrays, non-contiguous
ones and the CuPy backend run in a single call.
"""

import os
from concurrent.futures import ThreadPoolExecutor

from ember.backend import backend_name

# Below this many elements per chunk, thread hand-off costs more than it saves.
_MIN_CHUNK = 1 << 17
_MAX_WORKERS = 8

_pool = None
_pool_pid = None


def _cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_WORKERS = min(_MAX_WORKERS, _cores())


def _get_pool():
    # A pool inherited through fork() has no threads: make a new one.
    global _pool, _pool_pid
    if _pool is None or _pool_pid != os.getpid():
        _pool = ThreadPoolExecutor(_WORKERS - 1, thread_name_prefix="ember-kernel")
        _pool_pid = os.getpid()
    return _pool


def elementwise(kernel, arrays, *scalars):
    """Call ``kernel(*arrays, *scalars)``, split over cores for large arrays.

    Args:
        kernel: a function of arrays (all of one shape) followed by scalars that
            only does elementwise work, writing its results into its arrays.
        arrays: the arrays, first the ones it reads, then those it writes.
        *scalars: the kernel's other arguments, passed unchanged to each chunk.
    """
    size = arrays[0].size
    chunks = min(_WORKERS, size // _MIN_CHUNK)
    if chunks < 2 or backend_name() != "numpy" or not all(a.flags.c_contiguous for a in arrays):
        kernel(*arrays, *scalars)
        return
    flats = [a.reshape(-1) for a in arrays]
    bounds = [size * i // chunks for i in range(chunks + 1)]
    pool = _get_pool()
    futures = [
        pool.submit(kernel, *[f[start:stop] for f in flats], *scalars)
        for start, stop in zip(bounds[1:-1], bounds[2:])
    ]
    kernel(*[f[: bounds[1]] for f in flats], *scalars)
    for future in futures:
        future.result()


def rowwise(kernel, arrays, *scalars, min_elements=1 << 16):
    """Call ``kernel(*arrays, *scalars)`` on blocks of rows (axis 0), in parallel.

    Args:
        kernel: a function that treats each row independently and writes its
            results into the arrays it is given (views of the blocks).
        arrays: arrays sharing their first axis; inputs first, then outputs.
        min_elements: below this size of ``arrays[0]``, one call, no threads.
    """
    rows = arrays[0].shape[0]
    chunks = min(_WORKERS, rows, arrays[0].size // max(min_elements // 2, 1))
    if chunks < 2 or backend_name() != "numpy":
        kernel(*arrays, *scalars)
        return
    bounds = [rows * i // chunks for i in range(chunks + 1)]
    pool = _get_pool()
    futures = [
        pool.submit(kernel, *[a[start:stop] for a in arrays], *scalars)
        for start, stop in zip(bounds[1:-1], bounds[2:])
    ]
    kernel(*[a[: bounds[1]] for a in arrays], *scalars)
    for future in futures:
        future.result()
