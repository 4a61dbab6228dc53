"""``TransformedTargetRegressor``: a regressor fitted on a transformed target, predictions mapped back."""

import warnings

import numpy as np

from ..base import BaseEstimator, RegressorMixin, TransformerMixin, clone
from ..exceptions import NotFittedError
from ..pipeline._composition import step_tags
from ..utils.validation import check_array, check_is_fitted


class _TargetFunctions(TransformerMixin, BaseEstimator):
    """``func`` / ``inverse_func`` (identity where None) applied to a 2-D target."""

    def __init__(self, func=None, inverse_func=None):
        self.func = func
        self.inverse_func = inverse_func

    def fit(self, y, _=None):
        self.n_features_in_ = check_array(y, ensure_all_finite=True).shape[1]
        return self

    def transform(self, y):
        y = check_array(y)
        return y if self.func is None else self.func(y)

    def inverse_transform(self, y):
        y = check_array(y)
        return y if self.inverse_func is None else self.inverse_func(y)


class TransformedTargetRegressor(RegressorMixin, BaseEstimator):
    """Fits ``regressor`` on a transformed target and maps its predictions back.

    The target is transformed either by ``transformer`` (fitted on ``y``, its
    ``inverse_transform`` undoes it) or by the functions ``func`` and
    ``inverse_func``: for instance ``func=np.log`` and ``inverse_func=np.exp``
    model a target with a heavy right tail, as HOML chapter 2 suggests for
    the housing prices.

    Parameters:
        regressor: the regressor (cloned in ``fit``); None: ``LinearRegression()``.
        transformer: a transformer of the target; not together with ``func``/``inverse_func``.
        func, inverse_func: functions of the 2-D target; give both or neither.
        check_inverse: warn when the inverse does not undo the transform on a
            subsample of the training target (one row in ten).

    Attributes:
        regressor_: the fitted regressor.
        transformer_: the fitted target transformer.
        n_features_in_, feature_names_in_: those of ``regressor_``.

    Example:
        >>> import numpy as np
        >>> from sklearn.linear_model import LinearRegression
        >>> X = np.arange(1.0, 6.0).reshape(-1, 1); y = np.exp(2 * X.ravel())
        >>> model = TransformedTargetRegressor(LinearRegression(), func=np.log, inverse_func=np.exp)
        >>> np.round(model.fit(X, y).regressor_.coef_, 6)
        array([2.])
    """

    _parameter_constraints = {
        "regressor": "no_validation",
        "transformer": "no_validation",
        "func": [callable, None],
        "inverse_func": [callable, None],
        "check_inverse": ["boolean"],
    }

    def __init__(self, regressor=None, *, transformer=None, func=None, inverse_func=None,
                 check_inverse=True):
        self.regressor = regressor
        self.transformer = transformer
        self.func = func
        self.inverse_func = inverse_func
        self.check_inverse = check_inverse

    def _regressor(self, fresh=False):
        if self.regressor is None:
            from ..linear_model import LinearRegression

            return LinearRegression()
        return clone(self.regressor) if fresh else self.regressor

    def _fit_transformer(self, y):
        if self.transformer is not None and (self.func is not None or self.inverse_func is not None):
            raise ValueError("'transformer' and functions 'func'/'inverse_func' cannot both be set.")
        if self.transformer is not None:
            self.transformer_ = clone(self.transformer)
        else:
            if (self.func is None) != (self.inverse_func is None):
                missing, given = ("func", "inverse_func") if self.func is None else ("inverse_func", "func")
                raise ValueError(
                    f"When '{given}' is provided, '{missing}' must also be provided. If "
                    f"{missing} is supposed to be the default, you need to explicitly pass it "
                    "the identity function."
                )
            self.transformer_ = _TargetFunctions(self.func, self.inverse_func)
        if hasattr(self.transformer_, "set_output"):
            self.transformer_.set_output(transform="default")
        self.transformer_.fit(y)
        if self.check_inverse:
            sample = y[:: max(1, y.shape[0] // 10)]
            restored = self.transformer_.inverse_transform(self.transformer_.transform(sample))
            if not np.allclose(sample, restored):
                warnings.warn(
                    "The provided functions or transformer are not strictly inverse of each "
                    "other. If you are sure you want to proceed regardless, set "
                    "'check_inverse=False'",
                    UserWarning,
                    stacklevel=3,
                )

    def fit(self, X, y, **fit_params):
        """Fit the target transformer on ``y`` and ``regressor`` on ``X`` and the transformed ``y``.

        ``fit_params`` go to the regressor's ``fit``.
        """
        self._validate_params()
        if y is None:
            raise ValueError(
                f"This {type(self).__name__} estimator requires y to be passed, but the target y is None."
            )
        y = check_array(y, input_name="y", ensure_2d=False, allow_nd=True, estimator=self)
        self._training_dim = y.ndim
        y_2d = y.reshape(-1, 1) if y.ndim == 1 else y
        self._fit_transformer(y_2d)
        y_fit = self.transformer_.transform(y_2d)
        if y_fit.ndim == 2 and y_fit.shape[1] == 1 and self._training_dim == 1:
            y_fit = y_fit[:, 0]
        self.regressor_ = self._regressor(fresh=True)
        self.regressor_.fit(X, y_fit, **fit_params)
        if hasattr(self.regressor_, "feature_names_in_"):
            self.feature_names_in_ = self.regressor_.feature_names_in_
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        return self

    def predict(self, X, **predict_params):
        """The regressor's predictions for ``X``, mapped back by the inverse transform."""
        check_is_fitted(self)
        prediction = self.regressor_.predict(X, **predict_params)
        restored = self.transformer_.inverse_transform(
            prediction.reshape(-1, 1) if prediction.ndim == 1 else prediction)
        if self._training_dim == 1 and restored.ndim == 2 and restored.shape[1] == 1:
            restored = restored[:, 0]
        return restored

    @property
    def n_features_in_(self):
        """Number of features seen by the regressor in ``fit``."""
        try:
            check_is_fitted(self)
        except NotFittedError as error:
            raise AttributeError(f"{type(self).__name__} object has no n_features_in_ attribute.") from error
        return self.regressor_.n_features_in_

    def __ember_tags__(self):
        tags = super().__ember_tags__()
        tags.regressor_tags.poor_score = True
        try:
            inner = step_tags(self._regressor())
        except ImportError:
            return tags
        tags.input_tags.sparse = inner.input_tags.sparse
        tags.target_tags.multi_output = inner.target_tags.multi_output
        return tags
