"""``run_check_estimator``: scikit-learn's ``check_estimator`` as ember's estimators must pass it.

Three of its warnings are not about the estimator and are silenced here, once:

- "does not inherit from sklearn.base.BaseEstimator": by design, ember does
  not depend on scikit-learn (it implements the same protocol).
- the array-API check is skipped unless SCIPY_ARRAY_API=1 was set before SciPy
  was imported; ember's estimators do not dispatch on the array API.
- checks of a method the estimator does not have ("does not have a
  decision_function method") are skipped, as scikit-learn's own runs skip them.

Any check an estimator cannot pass is listed by the caller in
``expected_failed_checks`` with its reason, as scikit-learn's own estimators do.
"""

import warnings

from sklearn.exceptions import SkipTestWarning
from sklearn.utils.estimator_checks import check_estimator


def run_check_estimator(estimator, expected_failed_checks=None):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*does not inherit from `sklearn.base.BaseEstimator`")
        warnings.filterwarnings("ignore", category=SkipTestWarning, message=".*SCIPY_ARRAY_API is not set")
        warnings.filterwarnings("ignore", category=SkipTestWarning, message=".*does not have a .* method")
        check_estimator(estimator, expected_failed_checks=expected_failed_checks)
