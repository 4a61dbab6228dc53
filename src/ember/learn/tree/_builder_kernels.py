"""Compiled CART building: one kernel call grows a whole tree into flat node tables.

``build_depth_first`` / ``build_best_first`` take the float32 design matrix
(Fortran order), the targets, the sample weights and the stopping rules, and
return the nodes. ``ember.learn.tree._builder.build_tree`` prepares their
arguments; the tree estimators call it, and so do forests, bagging and
boosting, once per tree.

Split search, for each node and each candidate feature:

- ``splitter="best"``: the node's samples in increasing order of the feature,
  scanned once with running sums; every boundary between two distinct values
  (values closer than float32 ``1e-7`` count as equal) is a candidate, its
  threshold the midpoint ``a/2 + b/2`` computed in float64. The order comes
  either from a presort (each feature argsorted once for the whole tree; a
  split stably partitions every feature's order, so children stay sorted at
  O(n) per feature) or, when the presort would not fit in memory, from sorting
  the node's values (introsort with a three-way partition).
- ``splitter="random"``: one threshold drawn uniformly between the node's
  minimum and maximum of the feature.

Missing values (NaN) sit after the sorted values; the best splitter tries
them on the right (including "all values left, NaN right") and then on the
left, as scikit-learn 1.9 does; the random splitter sends them to a random
side. Features are drawn without replacement by a Fisher-Yates walk that
skips features known to be constant, with scikit-learn's rule for how many
are visited. Within a feature the first of equal candidates wins (lowest
threshold, missing values right before left); across features the first
feature drawn, by scikit-learn's generator from its seed, so ties break as
there and a random_state grows scikit-learn's tree.

Monotonic constraints (``data[6]``, one of -1/0/1 per feature, signs flipped for
classifiers so that they hold on the first class's fraction, as scikit-learn
does): a candidate split on a constrained feature is skipped unless both
children's values (first output's mean or fraction; running medians for the
absolute error) lie in the node's [lower, upper] bounds and are ordered as the
constraint says. The children of a split on a constrained feature inherit the
bounds with the middle value (mean of the two children's values) as the bound
between them; the builders store every node's bounds beside its impurity, and
``build_tree`` clips the node values to them.

Proxies, impurities and improvements are scikit-learn's quantities
(criteria: gini, entropy in bits, squared error, half Poisson deviance,
absolute error around the weighted median with a Fenwick tree over target
ranks for the running medians). Nodes grow depth first (a stack, left child
first: preorder ids) or, with ``max_leaf_nodes``, best first (a max-heap by
impurity improvement, kept as scikit-learn's libstdc++ heap is, so equal
improvements pop in its order).

Every kernel here calls only kernels of this module, so Numba's on-disk cache
(invalidated per source file) never keeps a caller compiled against an old
callee.
"""

import numba
import numpy as np

# Plain IEEE rounding (no fast-math): the formulas below are scikit-learn's, so equal
# inputs give its very floats, and splits it prefers by a rounding margin are ours too.
from ember.backend._jit import njit_exact as njit

# The small helpers of the split search and node bookkeeping are inlined into their callers
# (Numba IR inlining: no call passing the data and work tuples, every node): about a tenth
# of a random-split tree's fit time. Same rounding as ``njit_exact``.
inline = numba.njit(cache=True, nogil=True, inline="always")

# A split side's weight is ``w_node - w_other``, which rounds to zero (or below) when that
# side's samples weigh under half an ulp of the node (boosting's tiny weights). Such a split
# separates no weight: it is no candidate (scikit-learn's C division makes its proxy NaN, never
# the best). Divisions by a weight that may still round to zero are ``np.divide`` (IEEE inf or
# NaN, as scikit-learn's) where Numba's ``/`` would raise ZeroDivisionError.

GINI, ENTROPY, SQUARED_ERROR, ABSOLUTE_ERROR, POISSON = 0, 1, 2, 3, 4
LEAF = -1
UNDEFINED = -2
FEATURE_THRESHOLD = np.float32(1e-7)
EPSILON = np.finfo(np.float64).eps
POISSON_EPSILON = 10 * np.finfo(np.float64).eps
LN2 = np.log(2.0)

# Hot loops index with unsigned integers (``U(i)``): Numba then skips the negative-index
# wraparound test it adds to every signed index, a third of the time of a gather loop.
U = np.uint64

# Columns of the integer node table: children, feature, sample count, NaN direction.
_LEFT, _RIGHT, _FEATURE, _N_SAMPLES, _MISSING_LEFT = 0, 1, 2, 3, 4
# Columns of the float node table: the last two are the monotonic bounds of the node value.
_THRESHOLD, _IMPURITY, _WEIGHT, _LOWER, _UPPER = 0, 1, 2, 3, 4


# -- random numbers (scikit-learn's tree generator) --------------------------------------
# Marsaglia's 32-bit xorshift (shifts 13, 17, 5) with the top bit dropped, started from the
# seed the estimator draws as ``randint(0, 2**31 - 1)``: the generator scikit-learn's trees
# draw features and thresholds with, so a tree, forest or boosting stage with the same
# random_state makes the same draws and breaks ties between features alike. The state is
# kept in a uint64 cell and masked to 32 bits (Numba widens uint32 arithmetic).

RAND_R_MAX = 0x7FFFFFFF
_LOW32 = np.uint64(0xFFFFFFFF)


@inline
def _next_u31(rng):
    x = rng[0]
    if x == 0:
        x = np.uint64(1)
    x ^= (x << np.uint64(13)) & _LOW32
    x ^= x >> np.uint64(17)
    x ^= (x << np.uint64(5)) & _LOW32
    rng[0] = x
    return np.int64(x & np.uint64(RAND_R_MAX))


@inline
def rand_int(rng, low, high):
    """Uniform integer in [low, high)."""
    return low + _next_u31(rng) % (high - low)


@inline
def rand_uniform(rng, low, high):
    """Uniform float64 in [low, high] (high when the draw is RAND_R_MAX)."""
    return (high - low) * np.float64(_next_u31(rng)) / np.float64(RAND_R_MAX) + low


# -- sorting (value, sample) pairs ------------------------------------------------------


@njit
def _sift(v, ids, lo, root, n):
    while True:
        child = 2 * root + 1
        if child >= n:
            return
        if child + 1 < n and v[lo + child] < v[lo + child + 1]:
            child += 1
        if v[lo + root] >= v[lo + child]:
            return
        a, b = lo + root, lo + child
        v[a], v[b] = v[b], v[a]
        ids[a], ids[b] = ids[b], ids[a]
        root = child


@njit
def _heapsort(v, ids, lo, hi):
    n = hi - lo
    for root in range(n // 2 - 1, -1, -1):
        _sift(v, ids, lo, root, n)
    for end in range(n - 1, 0, -1):
        v[lo], v[lo + end] = v[lo + end], v[lo]
        ids[lo], ids[lo + end] = ids[lo + end], ids[lo]
        _sift(v, ids, lo, 0, end)


@njit
def sort_pairs(v, ids, lo, hi, stack):
    """Sort v[lo:hi] ascending, carrying ids along: quicksort (median of three, three-way
    partition for tied values), heapsort past a depth budget, insertion sort below 16."""
    top = 0
    budget = 2 * (int(np.log2(max(hi - lo, 1))) + 1)
    stack[0, 0], stack[0, 1], stack[0, 2] = lo, hi, budget
    top = 1
    while top > 0:
        top -= 1
        a, b, depth = stack[top, 0], stack[top, 1], stack[top, 2]
        while b - a > 16:
            if depth == 0:
                _heapsort(v, ids, a, b)
                a = b
                break
            depth -= 1
            m = (a + b) // 2
            x, y, z = v[a], v[m], v[b - 1]
            pivot = max(min(x, y), min(max(x, y), z))
            lt, i, gt = a, a, b
            while i < gt:  # [a, lt) < pivot, [lt, i) == pivot, [gt, b) > pivot
                if v[i] < pivot:
                    v[i], v[lt] = v[lt], v[i]
                    ids[i], ids[lt] = ids[lt], ids[i]
                    lt += 1
                    i += 1
                elif v[i] > pivot:
                    gt -= 1
                    v[i], v[gt] = v[gt], v[i]
                    ids[i], ids[gt] = ids[gt], ids[i]
                else:
                    i += 1
            if lt - a < b - gt:  # push the larger part, keep going on the smaller
                stack[top, 0], stack[top, 1], stack[top, 2] = gt, b, depth
                b = lt
            else:
                stack[top, 0], stack[top, 1], stack[top, 2] = a, lt, depth
                a = gt
            top += 1
        for i in range(a + 1, b):
            key, kid = v[i], ids[i]
            j = i - 1
            while j >= a and v[j] > key:
                v[j + 1] = v[j]
                ids[j + 1] = ids[j]
                j -= 1
            v[j + 1] = key
            ids[j + 1] = kid


# -- work space -----------------------------------------------------------------------------
#
# data = (X, yc, yr, w, n_classes, has_missing, monotonic_cst)
# work = (samples, sorted_idx, sorted_val, ibuf, vbuf, fbuf, go_left, is_const, feats, sums,
#         stack, rng, rank, sorted_y), allocated by ``_builder.work_space``:
#   ibuf int32 (2, n_s): gathered ids / partition buffer, and the absolute-error order;
#   vbuf float32 (n_s): gathered values / partition buffer;
#   fbuf float64 (8, n_s + 1) (absolute error only): prefix and suffix errors, Fenwick
#     weight and weight * y, active weight per rank, sorted targets of a median, prefix
#     and suffix medians;
#   feats int64 (2, d): the feature permutation and the known constant features;
#   sums float64 (4, n_outputs, max_n_classes): node totals, left sums, right / missing sums;
#   stack int64 (64, 3): sort stack; rank / sorted_y: targets ranked in the node (absolute
#   error only).
# params = (criterion, splitter, max_features, min_samples_leaf, min_weight_leaf, root weight,
#           presorted, max_depth, min_samples_split, min_impurity_decrease)


@inline
def _accumulate(crit, sums, ids, lo, hi, yc, yr, w, sign):
    """Add (sign=1) or remove (-1) the samples ids[lo:hi] to class counts / target sums;
    returns (weight, weighted sum of squared targets)."""
    weight = 0.0
    squares = 0.0
    n_outputs = sums.shape[0]
    for p in range(U(lo), U(hi)):
        i = U(ids[p])
        wi = sign * w[i]
        weight += wi
        if crit <= ENTROPY:
            for k in range(U(n_outputs)):
                sums[k, U(yc[i, k])] += wi
        else:
            for k in range(U(n_outputs)):
                wy = wi * yr[i, k]
                sums[k, U(0)] += wy
                squares += wy * yr[i, k]
    return weight, squares


@inline
def _zero(sums):
    for k in range(sums.shape[0]):
        for c in range(sums.shape[1]):
            sums[k, c] = 0.0


@inline
def _combine(dst, a, b, scale):
    """dst = a + scale * b (a copy of a with scale 0, a difference with -1)."""
    for k in range(dst.shape[0]):
        for c in range(dst.shape[1]):
            dst[k, c] = a[k, c] + scale * b[k, c]


@inline
def _class_impurity(crit, counts, weight, n_classes, k):
    """Gini or entropy (bits) of output k."""
    total = 0.0
    if crit == GINI:
        sq = 0.0
        for c in range(n_classes[k]):
            sq += counts[k, c] * counts[k, c]
        return 1.0 - np.divide(sq, weight * weight)
    for c in range(n_classes[k]):
        count = counts[k, c]
        if count > 0.0:
            count = np.divide(count, weight)
            total -= count * (np.log(count) / LN2)
    return total


@inline
def _sum_impurity(crit, sums, weight, squares, n_classes):
    """Gini, entropy or squared error from class counts / target sums (mean over outputs)."""
    n_outputs = sums.shape[0]
    if crit == SQUARED_ERROR:
        total = np.divide(squares, weight)
        for k in range(n_outputs):
            total -= np.divide(sums[k, 0], weight) ** 2.0
        return total / n_outputs
    total = 0.0
    for k in range(n_outputs):
        total += _class_impurity(crit, sums, weight, n_classes, k)
    return total / n_outputs


@njit
def _poisson_loss(ids, lo, hi, sums, weight, yr, w):
    """Half Poisson deviance of ids[lo:hi] around its means (inf for a non-positive sum)."""
    n_outputs = sums.shape[0]
    loss = 0.0
    for k in range(n_outputs):
        if sums[k, 0] <= POISSON_EPSILON:
            return np.inf
        mean = np.divide(sums[k, 0], weight)
        for p in range(lo, hi):
            i = ids[p]
            y = yr[i, k]
            if y > 0.0:
                loss += w[i] * (y * np.log(y / mean))
    return np.divide(loss, weight * n_outputs)


@njit
def _median_error(ids, lo, hi, k, yr, w, work):
    """Weighted median of output k over ids[lo:hi] (midpoint where the cumulative weight
    is exactly half) and the weighted absolute deviation around it."""
    vbuf, ibuf = work[5][5], work[3][1]
    total = 0.0
    for p in range(lo, hi):
        vbuf[p] = yr[ids[p], k]
        ibuf[p] = ids[p]
        total += w[ids[p]]
    sort_pairs(vbuf, ibuf, lo, hi, work[10])
    half = 0.5 * total
    cumul = 0.0
    median = vbuf[hi - 1]
    for p in range(lo, hi):
        cumul += w[ibuf[p]]
        if cumul >= half:
            median = vbuf[p]
            if cumul == half:
                for t in range(p + 1, hi):
                    if w[ibuf[t]] > 0.0:
                        median = (vbuf[p] + vbuf[t]) / 2
                        break
            break
    error = 0.0
    for p in range(lo, hi):
        error += w[ibuf[p]] * abs(vbuf[p] - median)
    return median, error


@njit
def _total_error(ids, lo, hi, yr, w, work):
    """Absolute deviations around the weighted medians, summed over the outputs."""
    error = 0.0
    for k in range(yr.shape[1]):
        error += _median_error(ids, lo, hi, k, yr, w, work)[1]
    return error


# -- running medians for the absolute error (Fenwick tree over target ranks) -----------------


@njit
def _fenwick_search(tree_w, tree_wy, size, target, inclusive):
    """Largest prefix length P whose cumulative weight is < target (<= with inclusive),
    with the prefix sums of weight and weight * y."""
    pos = 0
    cw = 0.0
    cwy = 0.0
    bit = 1
    while bit * 2 <= size:
        bit *= 2
    while bit > 0:
        nxt = pos + bit
        if nxt <= size:
            node = tree_w[nxt]
            if node < target or (inclusive and node == target):
                pos = nxt
                target -= node
                cw += node
                cwy += tree_wy[nxt]
        bit //= 2
    return pos, cw, cwy


@njit
def _absolute_error_pass(seq, n, forward, rank_k, sorted_y_k, offset, w, fbuf, out, medians):
    """Add to out the absolute error around the running weighted median of each prefix
    (forward: out[j + 1] for seq[:j + 1]) or suffix (out[j] for seq[j:]); the medians go
    to medians at the same positions."""
    tree_w, tree_wy, active = fbuf[2], fbuf[3], fbuf[4]
    for j in range(n + 1):
        tree_w[j] = 0.0
        tree_wy[j] = 0.0
        active[j] = 0.0
    total_w = 0.0
    total_wy = 0.0
    for step in range(n):
        j = step if forward else n - 1 - step
        i = seq[j]
        r = rank_k[i]
        wi = w[i]
        y = sorted_y_k[offset + r]
        total_w += wi
        total_wy += wi * y
        active[r] += wi
        t = r + 1
        while t <= n:
            tree_w[t] += wi
            tree_wy[t] += wi * y
            t += t & (-t)
        half = 0.5 * total_w
        pos, w_left, wy_left = _fenwick_search(tree_w, tree_wy, n, half, False)
        median = sorted_y_k[offset + pos]
        if w_left + active[pos] == half:  # exactly half the weight at or below pos
            nxt, w2, wy2 = _fenwick_search(tree_w, tree_wy, n, half, True)
            if nxt < n:
                median = (sorted_y_k[offset + pos] + sorted_y_k[offset + nxt]) / 2
                w_left, wy_left = w2, wy2
        error = (total_wy - wy_left - median * (total_w - w_left)) + (median * w_left - wy_left)
        out[j + 1 if forward else j] += error
        medians[j + 1 if forward else j] = median


@njit
def _prepare_ranks(start, end, data, work):
    """Ranks (0-based, within the node) of the node's samples by each target, and the
    targets in rank order at sorted_y[k, start:end] (absolute error only)."""
    yr, samples, seq, rank, sorted_y = data[2], work[0], work[3][1], work[12], work[13]
    for k in range(yr.shape[1]):
        row = sorted_y[k]
        for p in range(start, end):
            seq[p] = samples[p]
            row[p] = yr[seq[p], k]
        sort_pairs(row, seq, start, end, work[10])
        for p in range(start, end):
            rank[k, seq[p]] = p - start


@njit
def _prepare_absolute_errors(ids, start, end_nm, n_node, pass2, n_miss, data, work):
    """Absolute errors of every prefix and suffix of the pass order, summed over outputs."""
    yr, w = data[2], data[3]
    seq, fbuf, rank, sorted_y = work[3][1], work[5], work[12], work[13]
    if pass2:  # missing first, then the sorted values
        for j in range(n_miss):
            seq[j] = ids[end_nm + j]
        for j in range(end_nm - start):
            seq[n_miss + j] = ids[start + j]
    else:
        for j in range(n_node):
            seq[j] = ids[start + j]
    for j in range(n_node + 1):
        fbuf[0, j] = 0.0
        fbuf[1, j] = 0.0
    for k in range(yr.shape[1]):
        for forward in (True, False):
            _absolute_error_pass(seq, n_node, forward, rank[k], sorted_y[k], start, w, fbuf,
                                 fbuf[0] if forward else fbuf[1], fbuf[6] if forward else fbuf[7])


# -- split search ---------------------------------------------------------------------------


@inline
def _proxy(crit, left, tot, wl, wr, n_classes):
    """scikit-learn's proxy of the impurity improvement of a split (larger is better)."""
    n_outputs = left.shape[0]
    if crit == SQUARED_ERROR or crit == POISSON:
        pl = 0.0
        pr = 0.0
        for k in range(n_outputs):
            a = left[k, 0]
            b = tot[k, 0] - a
            if crit == SQUARED_ERROR:
                pl += a * a
                pr += b * b
            elif a <= POISSON_EPSILON or b <= POISSON_EPSILON:
                return -np.inf
            else:
                pl += a * np.log(np.divide(a, wl))
                pr += b * np.log(np.divide(b, wr))
        return np.divide(pl, wl) + np.divide(pr, wr) if crit == SQUARED_ERROR else pl + pr
    imp_l = 0.0
    imp_r = 0.0
    if crit == GINI:
        for k in range(n_outputs):
            sl = 0.0
            sr = 0.0
            for c in range(n_classes[k]):
                a = left[k, c]
                b = tot[k, c] - a
                sl += a * a
                sr += b * b
            imp_l += 1.0 - np.divide(sl, wl * wl)
            imp_r += 1.0 - np.divide(sr, wr * wr)
    else:
        for k in range(n_outputs):
            for c in range(n_classes[k]):
                a = left[k, c]
                if a > 0.0:
                    a = np.divide(a, wl)
                    imp_l -= a * (np.log(a) / LN2)
                b = tot[k, c] - left[k, c]
                if b > 0.0:
                    b = np.divide(b, wr)
                    imp_r -= b * (np.log(b) / LN2)
    return -wr * (imp_r / n_outputs) - wl * (imp_l / n_outputs)


@inline
def _monotonic(mono, lower, upper, value_left, value_right):
    """Whether a split's children values lie in [lower, upper] and are ordered as the
    constraint mono (1: left <= right, -1: left >= right) says."""
    return (lower <= value_left <= upper and lower <= value_right <= upper
            and (value_left - value_right) * mono <= 0.0)


@inline
def _children_values(left, tot, wl, wr):
    """The first output's mean (or first class's fraction) in the two children."""
    return np.divide(left[0, 0], wl), np.divide(tot[0, 0] - left[0, 0], wr)


@njit
def _scan(ids, vals, start, end_nm, n_node, pass2, n_miss, w_miss, data, work, params, w_node,
          mono, lower, upper):
    """Best candidate of one pass over a sorted feature: (proxy, threshold, n_left).

    ids/vals[start:end_nm] are the non-missing samples in increasing order; in pass 2 the
    n_miss missing samples (weight w_miss, sums in sums[2]) start on the left. mono is the
    feature's monotonic constraint, [lower, upper] the node's bounds."""
    yc, yr, w, n_classes = data[1], data[2], data[3], data[4]
    crit, msl, mwl = params[0], params[3], params[4]
    sums, fbuf = work[9], work[5]
    tot, left = sums[0], sums[1]
    n_outputs = left.shape[0]
    if pass2:
        _combine(left, sums[2], sums[2], 0.0)
    else:
        _zero(left)
    wl = w_miss if pass2 else 0.0
    base = n_miss if pass2 else 0
    mae = crit == ABSOLUTE_ERROR
    if mae:
        _prepare_absolute_errors(ids, start, end_nm, n_node, pass2, n_miss, data, work)
    best = -np.inf
    best_threshold = 0.0
    best_left = -1
    for p in range(U(start), U(end_nm)):
        i = U(ids[p])
        wi = w[i]
        wl += wi
        if not mae:
            if crit <= ENTROPY:
                for k in range(U(n_outputs)):
                    left[k, U(yc[i, k])] += wi
            else:
                for k in range(U(n_outputs)):
                    left[k, U(0)] += wi * yr[i, k]
        q = p + U(1)
        if q < end_nm:
            if vals[q] <= vals[p] + FEATURE_THRESHOLD:
                continue
        elif pass2 or n_miss == 0:  # "all values left, missing right" is pass 1's only
            continue
        n_left = base + np.int64(q) - start
        if n_left < msl or n_node - n_left < msl:
            continue
        wr = w_node - wl
        if wl < mwl or wr < mwl or wr <= 0.0:
            continue
        if mae:
            proxy = (-wr * np.divide(fbuf[1, n_left], wr * n_outputs)
                     - wl * np.divide(fbuf[0, n_left], wl * n_outputs))
        else:
            proxy = _proxy(crit, left, tot, wl, wr, n_classes)
        if proxy > best:
            # A split the constraint forbids is no candidate: checked only for one that would
            # be the best so far (the same choice as checking all, off the hot path).
            if mono != 0:
                if mae:
                    value_left, value_right = fbuf[6, n_left], fbuf[7, n_left]
                else:
                    value_left, value_right = _children_values(left, tot, wl, wr)
                if not _monotonic(mono, lower, upper, value_left, value_right):
                    continue
            best = proxy
            best_left = n_left
            best_threshold = np.inf if q == end_nm else vals[p] / 2.0 + vals[q] / 2.0
    return best, best_threshold, best_left


@njit
def _best_split_of(f, start, end, data, work, params, w_node, lower, upper):
    """(evaluated, proxy, threshold, missing_left) of feature f; evaluated is False when
    f is constant in the node. [lower, upper]: the node's monotonic bounds."""
    X, has_missing = data[0], data[5]
    samples, sorted_idx, sorted_val = work[0], work[1], work[2]
    if params[6]:  # presorted: the node's segment of the feature's order
        ids = sorted_idx[f]
        vals = sorted_val[f]
        n_missing = 0
        if has_missing[f]:
            while n_missing < end - start and np.isnan(vals[end - 1 - n_missing]):
                n_missing += 1
    else:  # gather the node's values, missing last, and sort them
        ids = work[3][0]
        vals = work[4]
        lo = start
        hi = end
        for p in range(U(start), U(end)):
            i = samples[p]
            v = X[U(i), U(f)]
            if np.isnan(v):
                hi -= 1
                vals[hi] = v
                ids[hi] = i
            else:
                vals[lo] = v
                ids[lo] = i
                lo += 1
        sort_pairs(vals, ids, start, lo, work[10])
        n_missing = end - lo
    end_nm = end - n_missing
    if end_nm == start or (n_missing == 0 and vals[end_nm - 1] <= vals[start] + FEATURE_THRESHOLD):
        return False, -np.inf, 0.0, False
    n_node = end - start
    proxy, threshold, n_left, missing_left = -np.inf, 0.0, -1, False
    w_miss = 0.0
    for pass2 in (False, True):  # missing values right, then (if any) left
        if pass2:
            if n_missing == 0:
                break
            miss = work[9][2]
            _zero(miss)
            w_miss, _ = _accumulate(params[0], miss, ids, end_nm, end, data[1], data[2], data[3],
                                    1.0)
        candidate, cut, count = _scan(ids, vals, start, end_nm, n_node, pass2, n_missing, w_miss,
                                      data, work, params, w_node, data[6][f], lower, upper)
        if candidate > proxy:
            proxy, threshold, n_left, missing_left = candidate, cut, count, pass2
    if n_missing == 0 and n_left >= 0:  # NaN at predict time goes to the larger child
        missing_left = n_left > n_node - n_left
    return True, proxy, threshold, missing_left


@njit
def _partition(samples, start, end, f, threshold, missing_left, X):
    """Unstable in-place partition of samples[start:end]; returns the first right position."""
    lo = U(start)
    hi = U(end)
    while lo < hi:
        v = X[U(samples[lo]), U(f)]
        if (missing_left if np.isnan(v) else v <= threshold):
            lo += U(1)
        else:
            hi -= U(1)
            samples[lo], samples[hi] = samples[hi], samples[lo]
    return np.int64(lo)


@inline
def _partition_values(samples, vals, start, end, threshold, missing_left):
    """``_partition`` of samples[start:end] by their gathered values vals[start:end] (both
    permuted alike, in the same order as ``_partition`` leaves samples)."""
    lo = U(start)
    hi = U(end)
    while lo < hi:
        v = vals[lo]
        if (missing_left if np.isnan(v) else v <= threshold):
            lo += U(1)
        else:
            hi -= U(1)
            samples[lo], samples[hi] = samples[hi], samples[lo]
            vals[lo], vals[hi] = vals[hi], v
    return np.int64(lo)


@inline
def _random_split_of(f, start, end, data, work, params, w_node, lower, upper):
    """(evaluated, proxy, threshold, missing_left, pos) of one uniform threshold on f; when
    evaluated, samples[start:end] are left partitioned by it (the right child from pos).
    [lower, upper]: the node's monotonic bounds."""
    X, yc, yr, w, n_classes = data[0], data[1], data[2], data[3], data[4]
    crit, msl, mwl = params[0], params[3], params[4]
    samples, rng, tot, left = work[0], work[11], work[9][0], work[9][1]
    vals = work[4]
    n_missing = 0
    low = np.float32(np.inf)
    high = np.float32(-np.inf)
    if data[5][f]:
        for p in range(U(start), U(end)):  # gathered once: the partition reads them in order
            v = X[U(samples[p]), U(f)]
            vals[p] = v
            if np.isnan(v):
                n_missing += 1
            else:
                low = min(low, v)
                high = max(high, v)
    else:  # a feature without missing values: no NaN test per sample
        for p in range(U(start), U(end)):
            v = X[U(samples[p]), U(f)]
            vals[p] = v
            low = min(low, v)
            high = max(high, v)
    if n_missing == end - start or (n_missing == 0 and high <= low + FEATURE_THRESHOLD):
        return False, -np.inf, 0.0, False, end
    threshold = rand_uniform(rng, np.float64(low), np.float64(high))
    missing_left = n_missing > 0 and rand_int(rng, 0, 2) == 1
    if threshold == high:
        threshold = np.float64(low)
    pos = _partition_values(samples, vals, start, end, threshold, missing_left)
    n_left = pos - start
    n_node = end - start
    if n_left < msl or n_node - n_left < msl:
        return True, -np.inf, threshold, missing_left, pos
    if crit == ABSOLUTE_ERROR:
        wl = 0.0
        for p in range(start, pos):
            wl += w[samples[p]]
    elif 2 * n_left <= n_node:
        _zero(left)
        wl, _ = _accumulate(crit, left, samples, start, pos, yc, yr, w, 1.0)
    else:  # fewer samples on the right: left = total - right
        _combine(left, tot, tot, 0.0)
        wr, _ = _accumulate(crit, left, samples, pos, end, yc, yr, w, -1.0)
        wl = w_node + wr
    wr = w_node - wl
    if wl < mwl or wr < mwl or wl <= 0.0 or wr <= 0.0:
        return True, -np.inf, threshold, missing_left, pos
    mono = data[6][f]
    if mono != 0:
        if crit == ABSOLUTE_ERROR:
            value_left = _median_error(samples, start, pos, 0, yr, w, work)[0]
            value_right = _median_error(samples, pos, end, 0, yr, w, work)[0]
        else:
            value_left, value_right = _children_values(left, tot, wl, wr)
        if not _monotonic(mono, lower, upper, value_left, value_right):
            return True, -np.inf, threshold, missing_left, pos
    if crit == ABSOLUTE_ERROR:
        n_outputs = yr.shape[1]
        proxy = (-wr * np.divide(_total_error(samples, pos, end, yr, w, work), wr * n_outputs)
                 - wl * np.divide(_total_error(samples, start, pos, yr, w, work),
                                  wl * n_outputs))
    else:
        proxy = _proxy(crit, left, tot, wl, wr, n_classes)
    if n_missing == 0:
        missing_left = n_left > n_node - n_left
    return True, proxy, threshold, missing_left, pos


@njit
def _stable_partition(ids, vals, start, end, go_left, buf_i, buf_v):
    """Stable partition of ids[start:end] and vals[start:end] by go_left[ids]; returns the
    first right position."""
    lo = U(start)
    n_right = U(0)
    for p in range(U(start), U(end)):
        i = ids[p]
        if go_left[U(i)]:
            ids[lo] = i
            vals[lo] = vals[p]
            lo += U(1)
        else:
            buf_i[n_right] = i
            buf_v[n_right] = vals[p]
            n_right += U(1)
    for j in range(n_right):
        ids[lo + j] = buf_i[j]
        vals[lo + j] = buf_v[j]
    return np.int64(lo)


@njit
def _apply_split(start, end, f, threshold, missing_left, n_total, data, work, params):
    """Send the node's samples (and, presorted, every non-constant feature's order) to the
    children; returns the first position of the right child."""
    X = data[0]
    samples, sorted_idx, sorted_val, buf_i, buf_v = work[0], work[1], work[2], work[3][0], work[4]
    go_left, is_const, const_features = work[6], work[7], work[8][1]
    if not params[6]:
        return _partition(samples, start, end, f, threshold, missing_left, X)
    for p in range(U(start), U(end)):
        i = U(samples[p])
        v = X[i, U(f)]
        go_left[i] = missing_left if np.isnan(v) else v <= threshold
    for j in range(n_total):
        is_const[const_features[j]] = True
    for g in range(X.shape[1]):
        if not is_const[g]:
            _stable_partition(sorted_idx[g], sorted_val[g], start, end, go_left, buf_i, buf_v)
    for j in range(n_total):
        is_const[const_features[j]] = False
    # The samples carry no values: the scratch buffer stands in for them.
    return _stable_partition(samples, buf_v, start, end, go_left, buf_i, buf_v)


@njit
def _node_split(start, end, n_known, impurity, w_node, squares, data, work, params, lower,
                upper):
    """Search the node's split and apply it ([lower, upper]: the node's monotonic bounds).

    Returns (feature, threshold, missing_left, pos, impurity_left, impurity_right,
    improvement, n_constant, weight_left, squares_left, middle), the left child's sums left
    in work[9][1]; pos == end when no valid split exists. middle, the mean of the two
    children's values, is the bound between them when the feature is constrained (else 0)."""
    X, yc, yr, w, n_classes = data[0], data[1], data[2], data[3], data[4]
    crit, splitter, max_features, w_root = params[0], params[1], params[2], params[5]
    samples, features, const_features, rng = work[0], work[8][0], work[8][1], work[11]
    tot, left, right = work[9][0], work[9][1], work[9][2]
    n_features = X.shape[1]
    if crit == ABSOLUTE_ERROR and splitter == 0:
        _prepare_ranks(start, end, data, work)
    # Equal proxies: the first feature drawn wins, as in scikit-learn (whose draws these are).
    best_f = -1
    best_proxy = -np.inf
    best_threshold = 0.0
    best_missing_left = False
    best_pos = end
    pos = end
    last_partition = -1  # the feature samples[start:end] were last partitioned by
    # Fisher-Yates walk: features[:n_drawn_const] drawn known constants,
    # [n_drawn_const:n_known] undrawn known constants, [n_known:n_total] constants found
    # here, [n_total:f_i] undrawn, [f_i:] drawn and evaluated.
    f_i = n_features
    n_visited = 0
    n_found = 0
    n_drawn_const = 0
    n_total = n_known
    while f_i > n_total and (n_visited < max_features or n_visited <= n_found + n_drawn_const):
        n_visited += 1
        f_j = rand_int(rng, n_drawn_const, f_i - n_found)
        if f_j < n_known:
            features[n_drawn_const], features[f_j] = features[f_j], features[n_drawn_const]
            n_drawn_const += 1
            continue
        f_j += n_found
        f = features[f_j]
        if splitter == 0:
            evaluated, proxy, threshold, missing_left = _best_split_of(
                f, start, end, data, work, params, w_node, lower, upper)
        else:
            evaluated, proxy, threshold, missing_left, pos = _random_split_of(
                f, start, end, data, work, params, w_node, lower, upper)
            if evaluated:
                last_partition = f
        if not evaluated:
            features[f_j], features[n_total] = features[n_total], features[f_j]
            n_found += 1
            n_total += 1
            continue
        f_i -= 1
        features[f_i], features[f_j] = features[f_j], features[f_i]
        if proxy > best_proxy:
            best_f, best_proxy = f, proxy
            best_threshold, best_missing_left = threshold, missing_left
            best_pos = pos
    for j in range(n_known):
        features[j] = const_features[j]
    for j in range(n_known, n_total):
        const_features[j] = features[j]
    if best_f < 0:
        return 0, 0.0, False, end, np.inf, np.inf, -np.inf, n_total, 0.0, 0.0, 0.0
    if best_f == last_partition:  # the random splitter left the samples split by it
        pos = best_pos
    else:
        pos = _apply_split(start, end, best_f, best_threshold, best_missing_left, n_total,
                           data, work, params)
    _zero(left)
    w_left, sq_left = _accumulate(crit, left, samples, start, pos, yc, yr, w, 1.0)
    w_right = w_node - w_left
    _combine(right, tot, left, -1.0)
    if crit == POISSON:
        imp_l = _poisson_loss(samples, start, pos, left, w_left, yr, w)
        imp_r = _poisson_loss(samples, pos, end, right, w_right, yr, w)
    elif crit == ABSOLUTE_ERROR:
        imp_l = np.divide(_total_error(samples, start, pos, yr, w, work), w_left * yr.shape[1])
        imp_r = np.divide(_total_error(samples, pos, end, yr, w, work), w_right * yr.shape[1])
    else:
        imp_l = _sum_impurity(crit, left, w_left, sq_left, n_classes)
        imp_r = _sum_impurity(crit, right, w_right, squares - sq_left, n_classes)
    improvement = (w_node / w_root) * (impurity - w_right / w_node * imp_r
                                       - w_left / w_node * imp_l)
    middle = 0.0
    if data[6][best_f] != 0:
        if crit == ABSOLUTE_ERROR:
            middle = (_median_error(samples, start, pos, 0, yr, w, work)[0]
                      + _median_error(samples, pos, end, 0, yr, w, work)[0]) / 2
        else:
            middle = (np.divide(left[0, 0], 2 * w_left)
                      + np.divide(right[0, 0], 2 * w_right))
    return (best_f, best_threshold, best_missing_left, pos, imp_l, imp_r, improvement, n_total,
            w_left, sq_left, middle)


@inline
def _open_node(start, end, first, impurity, node, value, data, work, params, known=False,
               w_known=0.0, sq_known=0.0):
    """The node's totals, its value (class counts, target sums or medians) into value[node]
    and, for the root, its impurity: (weight, squares, impurity).

    known: the node is the left child of the split just made, whose sums (work[9][1],
    w_known, sq_known) are what accumulating its samples in their order gives."""
    crit = params[0]
    yc, yr, w = data[1], data[2], data[3]
    samples, tot = work[0], work[9][0]
    if known:
        _combine(tot, work[9][1], work[9][1], 0.0)
        weight, squares = w_known, sq_known
    else:
        _zero(tot)
        weight, squares = _accumulate(crit, tot, samples, start, end, yc, yr, w, 1.0)
    if first:
        if crit == POISSON:
            impurity = _poisson_loss(samples, start, end, tot, weight, yr, w)
        elif crit == ABSOLUTE_ERROR:
            impurity = _total_error(samples, start, end, yr, w, work) / (weight * yr.shape[1])
        else:
            impurity = _sum_impurity(crit, tot, weight, squares, data[4])
    for k in range(value.shape[1]):
        if crit == ABSOLUTE_ERROR:
            value[node, k, 0] = _median_error(samples, start, end, k, yr, w, work)[0]
        else:
            for c in range(value.shape[2]):
                value[node, k, c] = tot[k, c]
    return weight, squares, impurity


# -- growing the tree -------------------------------------------------------------------------


@inline
def _set_node(ints, floats, node, parent, is_left, is_leaf, feature, threshold, missing_left,
              impurity, n_node, weight, lower, upper):
    if parent != UNDEFINED:
        ints[parent, _LEFT if is_left else _RIGHT] = node
    ints[node, _LEFT] = LEAF
    ints[node, _RIGHT] = LEAF
    ints[node, _FEATURE] = UNDEFINED if is_leaf else feature
    ints[node, _N_SAMPLES] = n_node
    ints[node, _MISSING_LEFT] = 0 if is_leaf else int(missing_left)
    floats[node, _THRESHOLD] = UNDEFINED if is_leaf else threshold
    floats[node, _IMPURITY] = impurity
    floats[node, _WEIGHT] = weight
    floats[node, _LOWER] = lower
    floats[node, _UPPER] = upper


@inline
def _children_bounds(mono, lower, upper, middle):
    """(left lower, left upper, right lower, right upper): the node's bounds, split at
    middle between the children when the split feature is constrained."""
    if mono == 1:
        return lower, middle, middle, upper
    if mono == -1:
        return middle, upper, lower, middle
    return lower, upper, lower, upper


@njit
def _grown(ints, floats, value):
    """The node tables with twice the capacity."""
    n = ints.shape[0]
    new_ints = np.empty((2 * n, ints.shape[1]), dtype=np.int64)
    new_floats = np.empty((2 * n, floats.shape[1]))
    new_value = np.zeros((2 * n, value.shape[1], value.shape[2]))
    for i in range(n):
        for j in range(ints.shape[1]):
            new_ints[i, j] = ints[i, j]
        for j in range(floats.shape[1]):
            new_floats[i, j] = floats[i, j]
        for k in range(value.shape[1]):
            for c in range(value.shape[2]):
                new_value[i, k, c] = value[i, k, c]
    return new_ints, new_floats, new_value


@njit
def build_depth_first(data, work, params, ints, floats, value):
    """Grow one tree depth first (pop a node, split it, push right then left: preorder ids);
    returns (ints, floats, value, node_count, max_depth).

    data, work and params as described above (``_builder.build_tree`` makes them); ints
    (capacity, 5): left, right, feature, n_node_samples, missing_go_to_left; floats
    (capacity, 5): threshold, impurity, weighted_n_node_samples and the node value's lower
    and upper monotonic bounds; value (capacity, n_outputs, max_n_classes): class counts,
    target sums or medians. The tables grow as needed and come back trimmed."""
    msl, mwl, max_depth, min_samples_split, min_decrease = (params[3], params[4], params[7],
                                                            params[8], params[9])
    stack = np.empty((64, 6), dtype=np.int64)  # start, end, depth, parent, is_left, n_const
    stack_f = np.empty((64, 3))  # impurity, lower bound, upper bound
    stack[0, 0], stack[0, 1], stack[0, 2] = 0, work[0].shape[0], 0
    stack[0, 3], stack[0, 4], stack[0, 5] = UNDEFINED, 0, 0
    stack_f[0, 0], stack_f[0, 1], stack_f[0, 2] = np.inf, -np.inf, np.inf
    top = 1
    node = 0
    max_depth_seen = -1
    left_known = False  # the node popped next is the left child of the split just made
    w_left, sq_left = 0.0, 0.0
    while top > 0:
        top -= 1
        start, end, depth, parent, is_left, n_known = stack[top]
        lower, upper = stack_f[top, 1], stack_f[top, 2]
        if node == ints.shape[0]:
            ints, floats, value = _grown(ints, floats, value)
        weight, squares, impurity = _open_node(start, end, node == 0, stack_f[top, 0], node,
                                               value, data, work, params, left_known, w_left,
                                               sq_left)
        left_known = False
        n_node = end - start
        is_leaf = (depth >= max_depth or n_node < min_samples_split or n_node < 2 * msl
                   or weight < 2 * mwl or impurity <= EPSILON)
        feature, threshold, missing_left = np.int64(0), np.float64(0.0), np.bool_(False)
        pos = end
        if not is_leaf:
            (feature, threshold, missing_left, pos, imp_l, imp_r, improvement, n_const, w_left,
             sq_left, middle) = _node_split(start, end, n_known, impurity, weight, squares, data,
                                            work, params, lower, upper)
            is_leaf = pos >= end or improvement + EPSILON < min_decrease
        _set_node(ints, floats, node, parent, is_left, is_leaf, feature, threshold, missing_left,
                  impurity, n_node, weight, lower, upper)
        if not is_leaf:
            if top + 2 > stack.shape[0]:
                bigger = np.empty((2 * stack.shape[0], 6), dtype=np.int64)
                bigger_f = np.empty((2 * stack.shape[0], 3))
                for j in range(top):
                    for c in range(6):
                        bigger[j, c] = stack[j, c]
                    for c in range(3):
                        bigger_f[j, c] = stack_f[j, c]
                stack, stack_f = bigger, bigger_f
            bounds = _children_bounds(data[6][feature], lower, upper, middle)
            for child in range(2):  # right first, so that the left child is next
                stack[top, 0], stack[top, 1] = (pos, end) if child == 0 else (start, pos)
                stack[top, 2], stack[top, 3], stack[top, 4] = depth + 1, node, child
                stack[top, 5] = n_const
                stack_f[top, 0] = imp_r if child == 0 else imp_l
                stack_f[top, 1] = bounds[2] if child == 0 else bounds[0]
                stack_f[top, 2] = bounds[3] if child == 0 else bounds[1]
                top += 1
            left_known = True  # its sums are the split's left sums: not accumulated again
        node += 1
        max_depth_seen = max(max_depth_seen, depth)
    return ints, floats, value, node, max_depth_seen


# The frontier of best-first growth is a max-heap on the improvement kept with the
# algorithms of libstdc++'s push_heap / pop_heap (strict comparisons; pop moves the hole to
# a leaf through the larger children, then sifts the last node up from there): the heap
# scikit-learn's best-first builder uses, so nodes of equal improvement leave it in the
# same order and the same nodes are split.


@njit
def _sift_up(heap, hole, node, gain):
    parent = (hole - 1) // 2
    while hole > 0 and gain[heap[parent]] < gain[node]:
        heap[hole] = heap[parent]
        hole = parent
        parent = (hole - 1) // 2
    heap[hole] = node


@njit
def _heap_push(heap, size, node, gain):
    _sift_up(heap, size, node, gain)
    return size + 1


@njit
def _heap_pop(heap, size, gain):
    best = heap[0]
    size -= 1
    if size == 0:
        return best, size
    last = heap[size]
    hole = 0
    child = 0
    while child < (size - 1) // 2:
        child = 2 * (child + 1)
        if gain[heap[child]] < gain[heap[child - 1]]:
            child -= 1
        heap[hole] = heap[child]
        hole = child
    if size % 2 == 0 and child == (size - 2) // 2:
        child = 2 * (child + 1)
        heap[hole] = heap[child - 1]
        hole = child - 1
    _sift_up(heap, hole, last, gain)
    return best, size


@njit
def build_best_first(data, work, params, ints, floats, value, max_leaf_nodes):
    """Grow one tree best first: every new node's split is searched at once, and the
    frontier node of largest improvement (equal ones in scikit-learn's heap order) is
    expanded until max_leaf_nodes leaves; children get ids in pairs as nodes are expanded.
    Arguments and result as ``build_depth_first``; the tables need capacity 2 * max_leaf_nodes - 1 (or
    2 * n_samples - 1)."""
    msl, mwl, max_depth, min_samples_split, min_decrease = (params[3], params[4], params[7],
                                                            params[8], params[9])
    cap = ints.shape[0]
    record = np.empty((cap, 5), dtype=np.int64)  # start, end, pos, depth, is_leaf
    # impurity left, right, improvement; the children's bounds (left lower, left upper,
    # right lower, right upper)
    record_f = np.empty((cap, 7))
    heap = np.empty(cap, dtype=np.int64)
    gain = record_f[:, 2]
    pending = np.zeros((2, 6), dtype=np.int64)  # start, end, depth, parent, is_left, n_known
    pending_f = np.empty((2, 3))  # impurity, lower bound, upper bound
    pending_f[0, 0], pending_f[0, 1], pending_f[0, 2] = np.inf, -np.inf, np.inf
    pending[0, 1], pending[0, 3] = work[0].shape[0], UNDEFINED
    n_pending = 1
    node = 0
    size = 0
    split_budget = max_leaf_nodes - 1
    max_depth_seen = -1
    while n_pending > 0 or size > 0:
        for j in range(n_pending):  # create the pending nodes and search their splits
            start, end, depth, parent, is_left, n_known = pending[j]
            lower, upper = pending_f[j, 1], pending_f[j, 2]
            weight, squares, impurity = _open_node(start, end, node == 0, pending_f[j, 0],
                                                   node, value, data, work, params)
            n_node = end - start
            is_leaf = (depth >= max_depth or n_node < min_samples_split or n_node < 2 * msl
                       or weight < 2 * mwl or impurity <= EPSILON)
            feature, threshold, missing_left = np.int64(0), np.float64(0.0), np.bool_(False)
            pos = end
            imp_l, imp_r, improvement = impurity, impurity, 0.0
            middle = 0.0
            if not is_leaf:
                split = _node_split(start, end, n_known, impurity, weight, squares, data, work,
                                    params, lower, upper)
                feature, threshold, missing_left, pos, imp_l, imp_r, improvement = split[:7]
                middle = split[10]
                is_leaf = pos >= end or improvement + EPSILON < min_decrease
            _set_node(ints, floats, node, parent, is_left, is_leaf, feature, threshold,
                      missing_left, impurity, n_node, weight, lower, upper)
            bounds = _children_bounds(0 if is_leaf else data[6][feature], lower, upper, middle)
            for c in range(4):
                record_f[node, 3 + c] = bounds[c]
            record[node, 0], record[node, 1], record[node, 2] = start, end, pos
            record[node, 3], record[node, 4] = depth, is_leaf
            if is_leaf:
                imp_l, imp_r, improvement = impurity, impurity, 0.0
            record_f[node, 0], record_f[node, 1], record_f[node, 2] = imp_l, imp_r, improvement
            size = _heap_push(heap, size, node, gain)
            node += 1
        n_pending = 0
        if size == 0:
            break
        best, size = _heap_pop(heap, size, gain)
        start, end, pos, depth, leaf = record[best]
        if leaf or split_budget <= 0:
            ints[best, _LEFT] = LEAF
            ints[best, _RIGHT] = LEAF
            ints[best, _FEATURE] = UNDEFINED
            floats[best, _THRESHOLD] = UNDEFINED
        else:
            split_budget -= 1
            for child in range(2):
                pending[child, 0], pending[child, 1] = (start, pos) if child == 0 else (pos, end)
                pending[child, 2], pending[child, 3], pending[child, 4] = depth + 1, best, 1 - child
                pending_f[child, 0] = record_f[best, child]
                pending_f[child, 1] = record_f[best, 3 + 2 * child]
                pending_f[child, 2] = record_f[best, 4 + 2 * child]
            n_pending = 2
        max_depth_seen = max(max_depth_seen, depth)
    return ints, floats, value, node, max_depth_seen
