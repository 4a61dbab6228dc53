"""Running NumPy kernels on all cores.

NumPy's ufuncs release the GIL but use one core. Elementwise kernels (the
optimizers' updates) are cut into contiguous chunks that run at once on a
small thread pool (the calling thread takes the first). Handing a chunk to a
pool thread and waiting for it costs 50-100 us on a busy 2-core machine, so
only arrays of a quarter million elements and more are split. Small arrays,
non-contiguous ones and the CuPy backend run in a single call.
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
