"""``ember.learn.svm``: support vector machines (scikit-learn's ``sklearn.svm``).

Kernel SVMs (``SVC``, ``NuSVC``, ``SVR``, ``NuSVR``, ``OneClassSVM``) solve LIBSVM's dual problems
with a compiled SMO solver (second-order working-set selection, LRU cache of
kernel rows); the linear ones (``LinearSVC``, ``LinearSVR``) solve LIBLINEAR's
problems by compiled dual coordinate descent or a primal Newton method.
All accept SciPy sparse X where scikit-learn's do (every kernel but
"precomputed"), computed on the non-zeros without densifying X.
Numba is imported on the first fit only.
"""

from ._linear import LinearSVC, LinearSVR
from ._nu import NuSVC, NuSVR
from ._one_class import OneClassSVM
from ._svc import SVC
from ._svr import SVR

__all__ = ["LinearSVC", "LinearSVR", "NuSVC", "NuSVR", "OneClassSVM", "SVC", "SVR"]
