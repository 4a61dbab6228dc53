"""The random numbers of scikit-learn's LIBSVM: the folds of ``probability=True``.

scikit-learn's LIBSVM draws from a 32-bit Mersenne Twister (``std::mt19937``
seeded with the integer the estimator draws as ``randint(2**31 - 1)``) and
bounds each draw to ``[0, range)`` by Lemire's multiply-shift, rejecting the
low products that would bias it. NumPy's ``RandomState(seed)`` is the same
twister with the same seeding, so ``LibsvmRandom`` reproduces those draws
exactly: ember's Platt folds are LIBSVM's, and so are the probabilities.
LIBSVM reseeds on entering ``svm_train``, which each fold's model calls, so
every class pair after the first draws its folds from a fresh generator too.
"""

import numpy as np

_LOW32 = np.uint64(0xFFFFFFFF)


def _fisher_yates_kernel():
    from ember.backend._jit import njit

    @njit
    def fisher_yates(perm, offsets):
        for i in range(perm.shape[0]):
            j = i + offsets[i]
            perm[i], perm[j] = perm[j], perm[i]

    return fisher_yates


_FISHER_YATES = []


class LibsvmRandom:
    """LIBSVM's bounded integers from one seed, drawn in sequence.

    >>> LibsvmRandom(0).permutation(5)
    array([2, 3, 4, 0, 1])
    """

    def __init__(self, seed):
        self.seed = int(seed) & 0xFFFFFFFF
        self.reseed()

    def reseed(self):
        """Start over from the seed (as LIBSVM does on entering every ``svm_train``)."""
        self._twister = np.random.RandomState(self.seed)
        self._buffer = np.empty(0, np.uint64)  # raw draws made but not used yet

    def _raw(self, n):
        """The next ``n`` raw 32-bit outputs of the twister."""
        if len(self._buffer) < n:
            more = self._twister.randint(0, 2 ** 32, size=n - len(self._buffer), dtype=np.uint32)
            self._buffer = np.concatenate([self._buffer, more.astype(np.uint64)])
        return self._buffer[:n]

    def bounded(self, ranges):
        """One integer in ``[0, r)`` per ``r`` in ``ranges`` (each >= 1), in order."""
        ranges = np.asarray(ranges, dtype=np.uint64)
        out = np.empty(len(ranges), np.int64)
        pos = 0
        while pos < len(ranges):
            r = ranges[pos:]
            product = self._raw(len(r)) * r
            # Lemire's rejection: low words under 2**32 mod r would favour some values; a
            # rejected draw is followed by fresh draws for the same range.
            rejected = (product & _LOW32) < (np.uint64(2 ** 32) % r)
            k = int(np.argmax(rejected)) if rejected.any() else len(r)
            out[pos:pos + k] = (product[:k] >> np.uint64(32)).astype(np.int64)
            pos += k
            self._buffer = self._buffer[k + 1 if k < len(r) else k:]
        return out

    def permutation(self, n):
        """LIBSVM's shuffle of ``range(n)``: position i swapped with i + bounded(n - i)."""
        if not _FISHER_YATES:
            _FISHER_YATES.append(_fisher_yates_kernel())
        perm = np.arange(n, dtype=np.int64)
        if n:
            _FISHER_YATES[0](perm, self.bounded(n - np.arange(n)))
        return perm
