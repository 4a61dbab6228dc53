"""``Pipeline``: transformers chained in front of a final estimator, and ``make_pipeline``."""

from ..base import clone
from ..datasets._bunch import Bunch
from ..exceptions import NotFittedError
from ..utils.validation import check_is_fitted
from ._composition import (
    _Composition,
    available_if,
    fit_transform_one,
    name_estimators,
    print_elapsed,
    set_step_output,
    step_tags,
)


def _final_has(method):
    """Check for ``available_if``: the final step (not "passthrough") has ``method``."""

    def check(pipeline):
        final = pipeline._final_estimator
        return final != "passthrough" and hasattr(final, method)

    return check


def _is_passthrough(step):
    return step is None or (isinstance(step, str) and step == "passthrough")


class Pipeline(_Composition):
    """A sequence of transformers followed by a final estimator, used as one estimator.

    ``fit`` fits each transformer on the output of the one before and then the
    final step; ``predict``/``transform``/``score``... send the data through the
    fitted transformers to the final step's method of the same name, which the
    pipeline has only when its final step has it. A step may be ``"passthrough"``
    (or None) to skip it. Parameters of the steps are reached as
    ``<step name>__<parameter>`` in ``get_params``/``set_params`` and in
    ``fit(**params)``; a whole step is replaced by ``set_params(<name>=...)``.

    Parameters:
        steps: list of ``(name, estimator)``; all but the last must be
            transformers (``fit`` + ``transform``) or "passthrough".
        transform_input: None. (scikit-learn uses it only with metadata
            routing, which ember does not implement; anything else raises in ``fit``.)
        memory: None (no caching), a directory path, or a ``joblib.Memory``:
            fitted transformers are then cached (clones of the given ones).
        verbose: print the time each step took to fit.

    Attributes:
        named_steps: the steps as a ``Bunch`` (attribute access by name).
        classes_: the final step's ``classes_``.
        n_features_in_, feature_names_in_: those of the first step.

    Example:
        >>> import numpy as np
        >>> from sklearn.preprocessing import StandardScaler
        >>> from sklearn.linear_model import LinearRegression
        >>> X = np.array([[1.0], [2.0], [3.0]]); y = np.array([2.0, 4.0, 6.0])
        >>> pipe = Pipeline([("scale", StandardScaler()), ("reg", LinearRegression())]).fit(X, y)
        >>> round(float(pipe.predict([[4.0]])[0]), 6), len(pipe), type(pipe[:-1]).__name__
        (8.0, 2, 'Pipeline')
    """

    def __init__(self, steps, *, transform_input=None, memory=None, verbose=False):
        self.steps = steps
        self.transform_input = transform_input
        self.memory = memory
        self.verbose = verbose

    # -- parameters ------------------------------------------------------------
    def get_params(self, deep=True):
        """Constructor parameters; with ``deep``, also each step by name and ``step__param``."""
        return self._nested_params("steps", deep)

    def set_params(self, **params):
        """Set parameters; ``name=`` replaces a step, ``name__param=`` sets one inside it."""
        return self._set_nested_params("steps", **params)

    def set_output(self, *, transform=None):
        """Set the output container (``"default"``/``"pandas"``) of every step that has ``set_output``."""
        for _, _, step in self._iter():
            set_step_output(step, transform)
        return self

    # -- steps -------------------------------------------------------------------
    def _validate_steps(self):
        if not self.steps:
            raise ValueError("The pipeline is empty. Please add steps.")
        names, estimators = zip(*self.steps)
        self._validate_names(names)
        self._check_instances(estimators)
        for step in estimators[:-1]:
            if _is_passthrough(step):
                continue
            if not (hasattr(step, "fit") or hasattr(step, "fit_transform")) or not hasattr(step, "transform"):
                raise TypeError(
                    "All intermediate steps should be transformers and implement fit and "
                    f"transform or be the string 'passthrough' '{step}' (type {type(step)}) doesn't"
                )
        last = estimators[-1]
        if not _is_passthrough(last) and not hasattr(last, "fit"):
            raise TypeError(
                "Last step of Pipeline should implement fit or be the string 'passthrough'. "
                f"'{last}' (type {type(last)}) doesn't"
            )

    def _iter(self, with_final=True, filter_passthrough=True):
        """``(index, name, step)`` for the steps, without the final one unless ``with_final``."""
        stop = len(self.steps) if with_final else len(self.steps) - 1
        for index, (name, step) in enumerate(self.steps[:stop]):
            if not (filter_passthrough and _is_passthrough(step)):
                yield index, name, step

    def __len__(self):
        return len(self.steps)

    def __getitem__(self, index):
        """A step by position or name, or a sub-pipeline (sharing the steps) for a slice."""
        if isinstance(index, slice):
            if index.step not in (1, None):
                raise ValueError("Pipeline slicing only supports a step of 1")
            return type(self)(self.steps[index], memory=self.memory, verbose=self.verbose)
        if isinstance(index, str):
            return self.named_steps[index]
        return self.steps[index][1]

    @property
    def named_steps(self):
        """The steps by name (a ``Bunch``)."""
        return Bunch(**dict(self.steps))

    @property
    def _final_estimator(self):
        try:
            step = self.steps[-1][1]
        except IndexError:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '_final_estimator'")
        except (TypeError, ValueError, KeyError):
            return None
        return "passthrough" if step is None else step

    def _log_message(self, index):
        if not self.verbose:
            return None
        return f"(step {index + 1} of {len(self.steps)}) Processing {self.steps[index][0]}"

    def _step_params(self, params):
        """``{step name: {param: value}}`` from ``fit``'s ``step__param`` keywords."""
        per_step = {name: {} for name, step in self.steps if step is not None}
        for key, value in params.items():
            if "__" not in key:
                raise ValueError(
                    f"Pipeline.fit does not accept the {key} parameter. You can pass parameters "
                    "to specific steps of your pipeline using the stepname__parameter format, "
                    "e.g. `Pipeline.fit(X, y, logisticregression__sample_weight=sample_weight)`."
                )
            name, param = key.split("__", 1)
            if name not in per_step:
                raise ValueError(
                    f"Pipeline.fit got the parameter {key!r} for a step named {name!r}, but the "
                    f"steps are {[n for n, _ in self.steps]!r}."
                )
            per_step[name][param] = value
        return per_step

    def _fit(self, X, y, per_step):
        if self.transform_input is not None:
            raise ValueError(
                "The `transform_input` parameter can only be set if metadata routing is "
                f"enabled; ember does not route metadata. Got transform_input={self.transform_input!r}."
            )
        self.steps = list(self.steps)
        self._validate_steps()
        fit_one = _cached(fit_transform_one, self.memory)
        for index, name, step in self._iter(with_final=False, filter_passthrough=False):
            if _is_passthrough(step):
                with print_elapsed("Pipeline", self._log_message(index)):
                    continue
            if fit_one is not fit_transform_one:
                step = clone(step)  # cached fits must not depend on (or change) the given object
            X, fitted = fit_one(step, X, y, None, "Pipeline", self._log_message(index), per_step[name])
            self.steps[index] = (name, fitted)
        return X

    def _transform_until_final(self, X):
        for _, _, step in self._iter(with_final=False):
            X = step.transform(X)
        return X

    # -- fitting -----------------------------------------------------------------
    def fit(self, X, y=None, **params):
        """Fit the transformers in turn, then the final step, on ``X`` (and ``y``)."""
        per_step = self._step_params(params)
        Xt = self._fit(X, y, per_step)
        with print_elapsed("Pipeline", self._log_message(len(self.steps) - 1)):
            final = self._final_estimator
            if final != "passthrough":
                final.fit(Xt, y, **per_step[self.steps[-1][0]])
        return self

    def _can_fit_transform(self):
        final = self._final_estimator
        return final == "passthrough" or hasattr(final, "transform") or hasattr(final, "fit_transform")

    @available_if(_can_fit_transform)
    def fit_transform(self, X, y=None, **params):
        """Fit all steps and return the final step's transform of the training data."""
        per_step = self._step_params(params)
        Xt = self._fit(X, y, per_step)
        final = self._final_estimator
        with print_elapsed("Pipeline", self._log_message(len(self.steps) - 1)):
            if final == "passthrough":
                return Xt
            last_params = per_step[self.steps[-1][0]]
            if hasattr(final, "fit_transform"):
                return final.fit_transform(Xt, y, **last_params)
            return final.fit(Xt, y, **last_params).transform(Xt)

    @available_if(_final_has("fit_predict"))
    def fit_predict(self, X, y=None, **params):
        """Fit the transformers, then ``fit_predict`` of the final step on their output."""
        per_step = self._step_params(params)
        Xt = self._fit(X, y, per_step)
        with print_elapsed("Pipeline", self._log_message(len(self.steps) - 1)):
            return self.steps[-1][1].fit_predict(Xt, y, **per_step[self.steps[-1][0]])

    # -- prediction ------------------------------------------------------------------
    @available_if(_final_has("predict"))
    def predict(self, X, **params):
        """Transform ``X`` by the transformers, then the final step's ``predict`` (with ``params``)."""
        return self.steps[-1][1].predict(self._transform_until_final(X), **params)

    @available_if(_final_has("predict_proba"))
    def predict_proba(self, X, **params):
        """Transform ``X``, then the final step's ``predict_proba``."""
        return self.steps[-1][1].predict_proba(self._transform_until_final(X), **params)

    @available_if(_final_has("predict_log_proba"))
    def predict_log_proba(self, X, **params):
        """Transform ``X``, then the final step's ``predict_log_proba``."""
        return self.steps[-1][1].predict_log_proba(self._transform_until_final(X), **params)

    @available_if(_final_has("decision_function"))
    def decision_function(self, X, **params):
        """Transform ``X``, then the final step's ``decision_function``."""
        _no_params(params, "decision_function")
        return self.steps[-1][1].decision_function(self._transform_until_final(X))

    @available_if(_final_has("score_samples"))
    def score_samples(self, X):
        """Transform ``X``, then the final step's ``score_samples``."""
        return self.steps[-1][1].score_samples(self._transform_until_final(X))

    @available_if(_final_has("score"))
    def score(self, X, y=None, sample_weight=None, **params):
        """Transform ``X``, then the final step's ``score`` against ``y``."""
        _no_params(params, "score")
        Xt = self._transform_until_final(X)
        extra = {} if sample_weight is None else {"sample_weight": sample_weight}
        return self.steps[-1][1].score(Xt, y, **extra)

    def _can_transform(self):
        final = self._final_estimator
        return final == "passthrough" or hasattr(final, "transform")

    @available_if(_can_transform)
    def transform(self, X, **params):
        """``X`` through every step's ``transform`` (the final step included)."""
        _no_params(params, "transform")
        for _, _, step in self._iter():
            X = step.transform(X)
        return X

    def _can_inverse_transform(self):
        return all(hasattr(step, "inverse_transform") for _, _, step in self._iter())

    @available_if(_can_inverse_transform)
    def inverse_transform(self, X, **params):
        """``X`` back through every step's ``inverse_transform``, last step first."""
        _no_params(params, "inverse_transform")
        for _, _, step in reversed(list(self._iter())):
            X = step.inverse_transform(X)
        return X

    # -- fitted attributes -----------------------------------------------------------
    @property
    def classes_(self):
        """The final step's class labels."""
        return self.steps[-1][1].classes_

    @property
    def n_features_in_(self):
        """Number of features seen by the first step in ``fit``."""
        return self.steps[0][1].n_features_in_

    @property
    def feature_names_in_(self):
        """Feature names seen by the first step in ``fit``."""
        return self.steps[0][1].feature_names_in_

    def get_feature_names_out(self, input_features=None):
        """The names of the final output features, passed through every step's ``get_feature_names_out``."""
        names = input_features
        for _, name, step in self._iter():
            if not hasattr(step, "get_feature_names_out"):
                raise AttributeError(
                    f"Estimator {name} does not provide get_feature_names_out. Did you mean "
                    "to call pipeline[:-1].get_feature_names_out()?"
                )
            names = step.get_feature_names_out(names)
        return names

    def __sklearn_is_fitted__(self):
        for _, step in reversed(self.steps):
            if not _is_passthrough(step):
                try:
                    check_is_fitted(step)
                except NotFittedError:
                    return False
                return True
        return True

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        if not isinstance(self.steps, (list, tuple)) or not self.steps:
            return tags
        try:
            first, last = self.steps[0][1], self.steps[-1][1]
            if not _is_passthrough(first):
                tags.input_tags.pairwise = step_tags(first).input_tags.pairwise
            tags.input_tags.sparse = all(
                step_tags(step).input_tags.sparse for _, step in self.steps if not _is_passthrough(step)
            )
            if not _is_passthrough(last):
                final = step_tags(last)
                tags.estimator_type = final.estimator_type
                tags.target_tags.multi_output = final.target_tags.multi_output
                tags.classifier_tags = final.classifier_tags
                tags.regressor_tags = final.regressor_tags
                tags.transformer_tags = final.transformer_tags
        except (TypeError, ValueError, AttributeError, IndexError):
            pass  # malformed steps: fit reports them
        return tags


def _no_params(params, method):
    if params:
        raise ValueError(
            f"Pipeline.{method} got unexpected argument(s) {sorted(params)}, which are only "
            "accepted with metadata routing (not implemented in ember)."
        )


def _cached(function, memory):
    """``function`` itself (memory None) or cached by joblib in ``memory`` (a path or a Memory)."""
    if memory is None:
        return function
    if isinstance(memory, str):
        import joblib

        memory = joblib.Memory(location=memory, verbose=0)
    elif not hasattr(memory, "cache"):
        raise ValueError(
            "'memory' should be None, a string or have the same interface as joblib.Memory. "
            f"Got memory='{memory}' instead."
        )
    if getattr(memory, "location", "") is None:
        return function
    return memory.cache(function, ignore=["source", "message"])


def make_pipeline(*steps, memory=None, transform_input=None, verbose=False):
    """A ``Pipeline`` of ``steps`` named after their classes in lower case (``standardscaler``).

    Example:
        >>> from sklearn.preprocessing import StandardScaler
        >>> from sklearn.linear_model import LogisticRegression
        >>> [name for name, _ in make_pipeline(StandardScaler(), LogisticRegression()).steps]
        ['standardscaler', 'logisticregression']
    """
    return Pipeline(name_estimators(steps), transform_input=transform_input, memory=memory,
                    verbose=verbose)
