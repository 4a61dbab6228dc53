"""Row-by-row dot products summed in order with fused multiply-adds (imported on first use).

scikit-learn's brute-force euclidean neighbour search expands
``|x - y|^2 = -2 x.y + |x|^2 + |y|^2`` with OpenBLAS dot products, which for
fewer than 16 features sum feature by feature with fused multiply-adds;
OPTICS recomputes its core distances the same way so they round as
scikit-learn's do.
"""

from ...backend._jit import njit_contract

IN_ORDER_FEATURES = 16


@njit_contract
def paired_dots(A, B, out):
    """``out[i] = A[i] . B[i]``, summed in order."""
    for i in range(A.shape[0]):
        total = 0.0
        for k in range(A.shape[1]):
            total += A[i, k] * B[i, k]
        out[i] = total
