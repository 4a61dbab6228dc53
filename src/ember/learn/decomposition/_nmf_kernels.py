"""Compiled coordinate descent for NMF (imported at the first ``solver="cd"`` fit).

One sweep updates every column ``t`` of W (in ``order``) row by row with the exact
minimiser of the regularised Frobenius loss in that coordinate, clipped at zero
(Cichocki and Phan 2009; Hsieh and Dhillon 2011), from the Gram matrix ``HHt`` and
``XHt``. Plain IEEE rounding in scikit-learn's order of operations, so each sweep gives
scikit-learn's numbers.
"""

from ember.backend._jit import njit_exact


@njit_exact
def coordinate_sweep(W, HHt, XHt, order):
    """Update W (n_rows, n_components) in place; return the sum of |projected gradient|."""
    violation = 0.0
    n_rows, n_components = W.shape
    for s in range(n_components):
        t = order[s]
        hess = HHt[t, t]
        for i in range(n_rows):
            grad = -XHt[i, t]
            for r in range(n_components):
                grad += HHt[t, r] * W[i, r]
            pg = min(0.0, grad) if W[i, t] == 0 else grad
            violation += abs(pg)
            if hess != 0:
                W[i, t] = max(W[i, t] - grad / hess, 0.0)
    return violation

