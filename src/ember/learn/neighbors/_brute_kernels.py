"""Compiled top-k selection for the brute-force neighbour search.

NumPy's ``argpartition`` over a block of distances costs several times the
GEMM that produced it; one pass that keeps each row's k best in a small
sorted buffer touches every distance once and almost always just compares it
with the row's current worst. Imported on the first brute-force query.
"""

from ember.backend._jit import njit


@njit
def merge_k_smallest(block, column_term, column_offset, best_dist, best_index):
    """Fold a block of distances into each row's running k smallest.

    ``block[r, c] + column_term[c]`` is the (partial) distance from query ``r``
    to training point ``column_offset + c``. ``best_dist``/``best_index``
    (n_rows, k) hold each row's k smallest so far in ascending order (start at
    inf / -1). A candidate enters only when strictly below the current k-th,
    and goes after equal ones, so ties keep the lower training index first.
    """
    n_rows, n_cols = block.shape
    k = best_dist.shape[1]
    for r in range(n_rows):
        dist = best_dist[r]
        index = best_index[r]
        worst = dist[k - 1]
        for c in range(n_cols):
            value = block[r, c] + column_term[c]
            if value < worst:
                pos = k - 1
                while pos > 0 and dist[pos - 1] > value:
                    dist[pos] = dist[pos - 1]
                    index[pos] = index[pos - 1]
                    pos -= 1
                dist[pos] = value
                index[pos] = c + column_offset
                worst = dist[k - 1]
