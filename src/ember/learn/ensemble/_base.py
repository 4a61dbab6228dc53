"""What ember.learn's ensembles share.

- ``fit_member``: fit one member, passing ``sample_weight`` when given (and
  naming the member when it cannot take one).
- ``store_parameters``: what an ``__init__`` with many parameters does, from
  its ``locals()``.
- ``set_random_states``: give every ``random_state`` parameter of a member
  (nested ones too) an integer drawn from one generator, in sorted order of
  the parameter names, so a seed fixes the whole ensemble.
- ``_HeterogeneousEnsemble``: the base of the ensembles built from a list of
  ``(name, estimator)`` pairs (voting, stacking): nested parameters, name
  checks, ``named_estimators_`` and the input attributes of the fitted members.
"""

import numbers

import numpy as np

from ..base import is_classifier, is_regressor
from ..datasets._bunch import Bunch
from ..exceptions import NotFittedError
from ..pipeline._composition import _Composition, print_elapsed, step_tags
from ..utils import check_is_fitted, check_random_state
from ..utils._param_validation import Interval, InvalidParameterError

# The bound of the seeds drawn for members (scikit-learn's: the largest int32).
MAX_INT = np.iinfo(np.int32).max

VERBOSE = [Interval(numbers.Integral, 0, None, closed="left"), "boolean"]


def is_drop(estimator):
    """True for the placeholder ``"drop"`` that removes a member from the ensemble."""
    return isinstance(estimator, str) and estimator == "drop"


def fit_member(estimator, X, y, sample_weight=None, source=None, message=None):
    """``estimator.fit(X, y[, sample_weight])``, timed on stdout when ``message`` is given."""
    with print_elapsed(source, message):
        if sample_weight is None:
            estimator.fit(X, y)
            return estimator
        try:
            estimator.fit(X, y, sample_weight=sample_weight)
        except TypeError as error:
            if "unexpected keyword argument 'sample_weight'" in str(error):
                raise TypeError(
                    f"Underlying estimator {type(estimator).__name__} does not support sample "
                    "weights."
                ) from error
            raise
    return estimator


def pop_sample_weight(meta, fit_params):
    """``fit_params["sample_weight"]``; any other fit argument is refused with scikit-learn's message."""
    params = dict(fit_params)
    sample_weight = params.pop("sample_weight", None)
    if params:
        raise ValueError(
            f"Passing extra keyword arguments to {type(meta).__name__}.fit is only supported if "
            "enable_metadata_routing=True, which ember does not implement. Extra parameters "
            f"passed are: {set(params)}"
        )
    return sample_weight


def require_methods(meta, name, methods, none_first):
    """Raise ``InvalidParameterError`` unless parameter ``name`` is None or has every method."""
    value = getattr(meta, name)
    if value is None or all(callable(getattr(value, m, None)) for m in methods):
        return
    implementing = "an object implementing " + " and ".join(repr(m) for m in methods)
    what = f"None or {implementing}" if none_first else f"{implementing} or None"
    raise InvalidParameterError(
        f"The {name!r} parameter of {type(meta).__name__} must be {what}. Got {value!r} instead."
    )


def random_state_keys(estimator):
    """The parameter names, sorted, of the ``random_state`` parameters of ``estimator`` (deep)."""
    return [key for key in sorted(estimator.get_params(deep=True))
            if key == "random_state" or key.endswith("__random_state")]


def store_parameters(estimator, parameters):
    """Store a constructor's arguments (its ``locals()``) under their own names."""
    for name in parameters.keys() - {"self", "__class__"}:
        setattr(estimator, name, parameters[name])


def set_random_states(estimator, random_state, keys=None):
    """Set each ``random_state`` parameter of ``estimator`` (deep) to a drawn integer seed.

    ``keys`` (``random_state_keys`` of an estimator of the same make) saves looking them up.
    """
    rng = check_random_state(random_state)
    keys = random_state_keys(estimator) if keys is None else keys
    seeds = {key: int(rng.randint(MAX_INT)) for key in keys}
    if seeds:
        estimator.set_params(**seeds)
    return estimator


class _HeterogeneousEnsemble(_Composition):
    """An ensemble of differently-made members given as ``estimators=[(name, estimator), ...]``.

    A member may be the string ``"drop"`` (set through ``set_params``): it is
    left out of ``estimators_`` and kept as ``"drop"`` in ``named_estimators_``.
    """

    def get_params(self, deep=True):
        """The parameters; with ``deep`` also each member by name and ``name__param``."""
        return self._nested_params("estimators", deep)

    def set_params(self, **params):
        """Set parameters, replace a member (``name=estimator`` or ``"drop"``) or reach into one."""
        return self._set_nested_params("estimators", **params)

    @property
    def named_estimators(self):
        """The given (unfitted) members by name, as a ``Bunch``."""
        return Bunch(**dict(self.estimators))

    def _validate_estimators(self, check_kind=True):
        """``(names, estimators)`` of the given list, checked as scikit-learn checks it."""
        items = self.estimators
        if len(items) == 0 or not all(isinstance(item, (tuple, list)) and len(item) >= 2
                                      and isinstance(item[0], str) for item in items):
            raise ValueError(
                "Invalid 'estimators' attribute, 'estimators' should be a non-empty list of "
                "(string, estimator) tuples."
            )
        names = [item[0] for item in items]
        estimators = [item[1] for item in items]
        self._validate_names(names)
        if all(is_drop(estimator) for estimator in estimators):
            raise ValueError("All estimators are dropped. At least one is required to be an "
                             "estimator.")
        if check_kind:
            kind, check = ("classifier", is_classifier) if is_classifier(self) else ("regressor",
                                                                                   is_regressor)
            for estimator in estimators:
                if not is_drop(estimator) and not check(estimator):
                    raise ValueError(f"The estimator {type(estimator).__name__} should be a {kind}.")
        return names, estimators

    def _record_members(self, names, estimators):
        """Remember which name each fitted member has; copy their input feature names."""
        self._member_names = [(name, is_drop(estimator)) for name, estimator in zip(names, estimators)]
        if hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        for estimator in self.estimators_:
            if hasattr(estimator, "feature_names_in_"):
                self.feature_names_in_ = estimator.feature_names_in_

    @property
    def named_estimators_(self):
        """The fitted members by name, as a ``Bunch`` (``"drop"`` for dropped ones)."""
        check_is_fitted(self, "estimators_")
        fitted = iter(self.estimators_)
        return Bunch(**{name: "drop" if dropped else next(fitted)
                        for name, dropped in self._member_names})

    @property
    def n_features_in_(self):
        """The number of input features, those of the first fitted member."""
        try:
            check_is_fitted(self, "estimators_")
        except NotFittedError as error:
            raise AttributeError(
                f"{type(self).__name__} object has no n_features_in_ attribute."
            ) from error
        return self.estimators_[0].n_features_in_

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        try:
            members = [step_tags(item[1]) for item in self.estimators if not is_drop(item[1])]
        except (TypeError, IndexError, KeyError):
            return tags  # not a list of pairs: fit reports it
        tags.input_tags.allow_nan = all(t.input_tags.allow_nan for t in members)
        tags.input_tags.sparse = all(t.input_tags.sparse for t in members)
        return tags
