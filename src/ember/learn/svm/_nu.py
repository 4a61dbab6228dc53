"""``NuSVC`` and ``NuSVR``: the nu-formulations of LIBSVM, on the same SMO solver.

``nu`` replaces ``C`` (NuSVC) or ``epsilon`` (NuSVR): it bounds the fraction
of margin errors from above and of support vectors from below. The duals have
one equality constraint per label, so the solver picks working pairs within a
label (``nu_mode``) and returns the second multiplier ``r``; NuSVC rescales its
solution by ``1 / r`` as LIBSVM does.
"""

import numbers

import numpy as np

from ..utils._param_validation import Interval
from ._base import fill_bounds, libsvm_budget, regression_variables
from ._svc import SVC
from ._svr import SVR


class NuSVC(SVC):
    """Nu-support vector classifier (one-vs-one over class pairs, solved by SMO).

    Parameters:
        nu: in (0, 1]: upper bound on the fraction of margin errors and lower
            bound on the fraction of support vectors of each pair.
        kernel, degree, gamma, coef0, shrinking, probability, tol, cache_size,
            verbose, max_iter, decision_function_shape, break_ties,
            random_state: as for ``SVC``.
        class_weight: stored in ``class_weight_`` but, as in LIBSVM's
            nu-SVC, not used by the solver.

    Attributes:
        as for ``SVC``.

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [3.0, 3.0], [3.0, 4.0], [4.0, 3.0]])
        >>> NuSVC(nu=0.5, kernel="linear").fit(X, [0, 0, 0, 1, 1, 1]).predict([[0.5, 0.5], [3.5, 3.5]])
        array([0, 1])
    """

    _parameter_constraints = {
        **{k: v for k, v in SVC._parameter_constraints.items() if k != "C"},
        "nu": [Interval(numbers.Real, 0.0, 1.0, closed="right")],
    }

    def __init__(self, *, nu=0.5, kernel="rbf", degree=3, gamma="scale", coef0=0.0, shrinking=True,
                 probability=False, tol=1e-3, cache_size=200, class_weight=None, verbose=False,
                 max_iter=-1, decision_function_shape="ovr", break_ties=False, random_state=None):
        self.nu = nu
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.shrinking = shrinking
        self.probability = probability
        self.tol = tol
        self.cache_size = cache_size
        self.class_weight = class_weight
        self.verbose = verbose
        self.max_iter = max_iter
        self.decision_function_shape = decision_function_shape
        self.break_ties = break_ties
        self.random_state = random_state

    def _sample_bounds(self, codes, weight):
        return weight.copy()

    def _check_feasible(self, members, C):
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                n_i, n_j = C[members[i]].sum(), C[members[j]].sum()
                if self.nu * (n_i + n_j) / 2 > min(n_i, n_j):
                    raise ValueError("specified nu is infeasible")

    def _binary_dual(self, data, kind, rows, signs, C):
        positive = signs > 0
        budget = libsvm_budget(self.nu, C) / 2
        alpha = np.empty(len(rows))
        alpha[positive] = fill_bounds(budget, C[positive])
        alpha[~positive] = fill_bounds(budget, C[~positive])
        rho, r, n_iter, status = self._solve(data, kind, rows, np.arange(len(rows)), signs,
                                             np.zeros(len(rows)), C, alpha, nu_mode=True)
        if r <= 0:  # the margin collapsed: no C corresponds to this nu
            raise ValueError(f"specified nu is infeasible: nu={self.nu} gives a zero margin")
        return alpha * signs / r, rho / r, n_iter, status


class NuSVR(SVR):
    """Nu-support vector regression: the tube width is learned, ``nu`` sets the fraction
    of support vectors (solved by SMO).

    Parameters:
        nu: in (0, 1]; C: penalty of errors (> 0), scaled by ``sample_weight``.
        kernel, degree, gamma, coef0, shrinking, tol, cache_size, verbose,
            max_iter: as for ``SVR``.

    Attributes:
        as for ``SVR``.

    Example:
        >>> import numpy as np
        >>> X = np.arange(10.0).reshape(-1, 1)
        >>> model = NuSVR(kernel="linear", C=10.0, nu=0.5).fit(X, 2 * X.ravel() + 1)
        >>> np.round(model.predict([[4.5]]), 1)
        array([10.])
    """

    _parameter_constraints = {
        **{k: v for k, v in SVR._parameter_constraints.items() if k != "epsilon"},
        "nu": [Interval(numbers.Real, 0.0, 1.0, closed="right")],
    }

    def __init__(self, *, nu=0.5, C=1.0, kernel="rbf", degree=3, gamma="scale", coef0=0.0,
                 shrinking=True, tol=1e-3, cache_size=200, verbose=False, max_iter=-1):
        self.nu = nu
        self.C = C
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.shrinking = shrinking
        self.tol = tol
        self.cache_size = cache_size
        self.verbose = verbose
        self.max_iter = max_iter

    def _regression_problem(self, y, C):
        idx, signs, p = regression_variables(len(y), y, 0.0)
        start = fill_bounds(libsvm_budget(self.nu, C) / 2, C)
        return idx, signs, p, np.tile(C, 2), np.tile(start, 2), True
