"""``ember.learn.svm``: support vector machines (scikit-learn's ``sklearn.svm``).

Kernel SVMs (``SVC``, ``SVR``, ``OneClassSVM``) solve LIBSVM's dual problems
with a compiled SMO solver (second-order working-set selection, LRU cache of
kernel rows); Numba is imported on the first fit only.
"""

from ._one_class import OneClassSVM
from ._svc import SVC
from ._svr import SVR

__all__ = ["SVC", "SVR", "OneClassSVM"]
