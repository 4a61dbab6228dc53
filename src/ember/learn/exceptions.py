"""``ember.learn.exceptions``: the errors and warnings estimators raise, as scikit-learn names them."""


class NotFittedError(ValueError, AttributeError):
    """An estimator was used before ``fit``.

    Subclasses both ``ValueError`` and ``AttributeError``, as scikit-learn's does,
    so code catching either keeps working.

    Example:
        >>> from ember.learn.base import BaseEstimator
        >>> from ember.learn.utils import check_is_fitted
        >>> class Model(BaseEstimator):
        ...     def fit(self, X, y=None):
        ...         self.coef_ = 1.0
        ...         return self
        >>> check_is_fitted(Model())
        Traceback (most recent call last):
        ...
        ember.learn.exceptions.NotFittedError: This Model instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.
    """


_COMBINED = {}


def compatible(cls):
    """``cls`` itself, or, once scikit-learn is loaded, a subclass of both ``cls`` and
    scikit-learn's class of the same name, so that code written for either library
    catches (or filters) what ember raises or warns.

    Importing scikit-learn here would cost over a second, so the combined class
    is only made when ``sklearn.exceptions`` is already in ``sys.modules``.

    Example:
        >>> raise compatible(NotFittedError)("not fitted")
        Traceback (most recent call last):
        ...
        ember.learn.exceptions.NotFittedError: not fitted
    """
    import sys

    theirs = getattr(sys.modules.get("sklearn.exceptions"), cls.__name__, None)
    if theirs is None:
        return cls
    combined = _COMBINED.get(cls)
    if combined is None:
        combined = type(cls.__name__, (cls, theirs), {"__module__": __name__, "__doc__": cls.__doc__})
        _COMBINED[cls] = combined
    return combined


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped before meeting its tolerance."""


class DataDimensionalityWarning(UserWarning):
    """The projected dimension does not reduce the data (more components than features)."""


class DataConversionWarning(UserWarning):
    """Input data was converted implicitly (for example a column vector ``y`` raveled)."""


class FitFailedWarning(RuntimeWarning):
    """A fit failed inside model selection; its score was set to ``error_score``."""


class UndefinedMetricWarning(UserWarning):
    """A metric is ill-defined for the given labels (for example precision with no positive predictions)."""


class InconsistentVersionWarning(UserWarning):
    """An estimator was unpickled by a different ember version than the one that pickled it."""

    def __init__(self, *, estimator_name, current_ember_version, original_ember_version):
        self.estimator_name = estimator_name
        self.current_ember_version = current_ember_version
        self.original_ember_version = original_ember_version
        super().__init__(
            f"Trying to unpickle estimator {estimator_name} from version "
            f"{original_ember_version} when using version {current_ember_version}. "
            "This might lead to breaking code or invalid results. Use at your own risk."
        )


__all__ = [
    "ConvergenceWarning",
    "DataConversionWarning",
    "DataDimensionalityWarning",
    "FitFailedWarning",
    "InconsistentVersionWarning",
    "NotFittedError",
    "UndefinedMetricWarning",
]
