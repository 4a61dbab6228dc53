"""Random initializers: normal, uniform, truncated normal, variance scaling, orthogonal.

Seeds follow Keras 3: an initializer given an integer ``seed`` returns the
same values at every call (a fresh generator seeded with it); an unseeded one
draws from ember's global generator, so ``keras.utils.set_random_seed`` (or
``ember.random.set_seed``) makes a whole run repeat while successive calls
still differ. Values are drawn in float64 and then cast to the dtype asked for.
"""

import math
import numbers

import numpy as np
from scipy import special

from ember.backend import op_generator

from ._initializers import Initializer, standardize_dtype, standardize_shape, to_tensor

# The standard deviation of a standard normal truncated to [-2, 2]; dividing
# by it makes a truncated normal have the variance asked for.
TRUNCATED_STDDEV = 0.87962566103423978


def compute_fans(shape):
    """Return ``(fan_in, fan_out)`` for a weight of ``shape``, as Keras counts them.

    A dense kernel ``(inputs, units)`` has ``fan_in = inputs`` and
    ``fan_out = units``. A convolution kernel ``(*window, in_channels,
    out_channels)`` multiplies both channel counts by the receptive field
    size (the product of the window's dimensions). A vector has both fans
    equal to its length; a scalar has both equal to 1.

    Example:
        >>> compute_fans((3, 3, 16, 32))
        (144, 288)
    """
    shape = tuple(shape)
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return int(shape[0]), int(shape[0])
    receptive_field = math.prod(shape[:-2])
    return int(shape[-2] * receptive_field), int(shape[-1] * receptive_field)


class RandomInitializer(Initializer):
    """Base of the random initializers: checks and stores ``seed``.

    Args:
        seed: ``None`` (draw from ember's global generator) or a non-negative
            integer (the same values at every call).
    """

    def __init__(self, seed=None):
        if seed is not None and (
            isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0
        ):
            raise ValueError(
                f"`seed` argument should be a non-negative integer or None. Received: seed={seed!r}"
            )
        self.seed = None if seed is None else int(seed)

    def _generator(self):
        """A fresh generator for a seeded initializer, the global one otherwise."""
        return op_generator(None) if self.seed is None else np.random.default_rng(self.seed)

    def _float_dtype(self, dtype):
        dtype = standardize_dtype(dtype)
        if dtype.kind != "f":
            raise ValueError(
                f"{type(self).__name__} can only make floating-point tensors. "
                f"Received: dtype={dtype.name}"
            )
        return dtype

    def get_config(self):
        return {"seed": self.seed}


def truncated_standard_normal(generator, shape):
    """Standard normal samples restricted to [-2, 2], by inverting the CDF.

    Drawing ``u`` uniformly in ``[Phi(-2), Phi(2)]`` and returning
    ``Phi^-1(u)`` samples the truncated distribution exactly, with one draw
    per value (so the number of draws never depends on the values).
    """
    low, high = special.ndtr(-2.0), special.ndtr(2.0)
    values = special.ndtri(generator.uniform(low, high, shape))
    return np.clip(values, -2.0, 2.0)


class RandomNormal(RandomInitializer):
    """Initializer drawing from a normal distribution.

    Args:
        mean: Mean of the values.
        stddev: Standard deviation of the values.
        seed: ``None``, or an integer for the same values at every call.

    Example:
        >>> RandomNormal(mean=0.0, stddev=1.0, seed=1)((2, 2)).shape
        TensorShape([2, 2])
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = float(mean)
        self.stddev = float(stddev)
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        dtype = self._float_dtype(dtype)
        values = self._generator().normal(self.mean, self.stddev, standardize_shape(shape))
        return to_tensor(values, dtype)

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomInitializer):
    """Initializer drawing from a normal distribution truncated at two stddevs.

    Values further than ``2 * stddev`` from ``mean`` are discarded and drawn
    again, so the values lie in ``[mean - 2 * stddev, mean + 2 * stddev]`` (and
    their standard deviation is about ``0.88 * stddev``).

    Args:
        mean: Mean of the untruncated distribution.
        stddev: Standard deviation of the untruncated distribution.
        seed: ``None``, or an integer for the same values at every call.

    Example:
        >>> values = TruncatedNormal(stddev=1.0, seed=0)((1000,)).numpy()
        >>> bool(abs(values).max() <= 2.0)
        True
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = float(mean)
        self.stddev = float(stddev)
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        dtype = self._float_dtype(dtype)
        values = truncated_standard_normal(self._generator(), standardize_shape(shape))
        return to_tensor(self.mean + self.stddev * values, dtype)

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class RandomUniform(RandomInitializer):
    """Initializer drawing uniformly from ``[minval, maxval)``.

    Args:
        minval: Lower bound (inclusive).
        maxval: Upper bound (exclusive).
        seed: ``None``, or an integer for the same values at every call.

    Example:
        >>> values = RandomUniform(minval=0.0, maxval=1.0, seed=0)((100,)).numpy()
        >>> bool(values.min() >= 0.0 and values.max() < 1.0)
        True
    """

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval = float(minval)
        self.maxval = float(maxval)
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        dtype = self._float_dtype(dtype)
        values = self._generator().uniform(self.minval, self.maxval, standardize_shape(shape))
        return to_tensor(values, dtype)

    def get_config(self):
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


class VarianceScaling(RandomInitializer):
    """Initializer whose variance is ``scale / n``, ``n`` set by the weight's fans.

    ``n`` is ``fan_in`` (``mode="fan_in"``), ``fan_out`` (``"fan_out"``) or
    their mean (``"fan_avg"``); see ``compute_fans`` for convolution kernels.
    With ``distribution="truncated_normal"`` the values come from a normal
    truncated at two standard deviations whose stddev *after* truncation is
    ``sqrt(scale / n)`` (the untruncated stddev is divided by
    0.87962566103423978); with ``"untruncated_normal"`` from a normal of that
    stddev; with ``"uniform"`` from ``[-limit, limit]``, ``limit = sqrt(3 *
    scale / n)``. ``"normal"`` means ``"truncated_normal"``.

    Args:
        scale: Positive scaling factor.
        mode: ``"fan_in"``, ``"fan_out"`` or ``"fan_avg"``.
        distribution: ``"truncated_normal"``, ``"untruncated_normal"`` or
            ``"uniform"``.
        seed: ``None``, or an integer for the same values at every call.

    Example:
        >>> # He initialization with fan_avg, as in Hands-On ML chapter 11
        >>> init = VarianceScaling(scale=2.0, mode="fan_avg", distribution="uniform")
        >>> init((300, 100)).shape
        TensorShape([300, 100])
    """

    _MODES = ("fan_in", "fan_out", "fan_avg")
    _DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None):
        if not isinstance(scale, numbers.Real) or not scale > 0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale!r}")
        if mode not in self._MODES:
            raise ValueError(
                f"Invalid `mode` argument: expected one of {self._MODES}. Received: mode={mode!r}"
            )
        if isinstance(distribution, str):
            distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in self._DISTRIBUTIONS:
            raise ValueError(
                f"Invalid `distribution` argument: expected one of {self._DISTRIBUTIONS}. "
                f"Received: distribution={distribution!r}"
            )
        self.scale = float(scale)
        self.mode = mode
        self.distribution = distribution
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        dtype = self._float_dtype(dtype)
        shape = standardize_shape(shape)
        fan_in, fan_out = compute_fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[self.mode]
        variance = self.scale / max(1.0, n)
        generator = self._generator()
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(variance) / TRUNCATED_STDDEV
            values = stddev * truncated_standard_normal(generator, shape)
        elif self.distribution == "untruncated_normal":
            values = generator.normal(0.0, math.sqrt(variance), shape)
        else:
            limit = math.sqrt(3.0 * variance)
            values = generator.uniform(-limit, limit, shape)
        return to_tensor(values, dtype)

    def get_config(self):
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
        }


class _Preset(VarianceScaling):
    """A ``VarianceScaling`` with fixed arguments; only ``seed`` is configurable."""

    _ARGUMENTS = {}

    def __init__(self, seed=None):
        super().__init__(seed=seed, **self._ARGUMENTS)

    def get_config(self):
        return {"seed": self.seed}


class GlorotUniform(_Preset):
    """Glorot (Xavier) uniform: ``U[-limit, limit]``, ``limit = sqrt(6 / (fan_in + fan_out))``.

    Reference: [Glorot & Bengio, 2010](http://proceedings.mlr.press/v9/glorot10a.html).

    Example:
        >>> w = GlorotUniform(seed=0)((784, 300)).numpy()
        >>> bool(abs(w).max() <= (6 / (784 + 300)) ** 0.5)
        True
    """

    _ARGUMENTS = {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform"}


class GlorotNormal(_Preset):
    """Glorot (Xavier) normal: truncated normal, ``stddev = sqrt(2 / (fan_in + fan_out))``.

    Reference: [Glorot & Bengio, 2010](http://proceedings.mlr.press/v9/glorot10a.html).

    Example:
        >>> round(float(GlorotNormal(seed=0)((500, 500)).numpy().std()), 3)  # sqrt(2 / 1000)
        0.045
    """

    _ARGUMENTS = {"scale": 1.0, "mode": "fan_avg", "distribution": "truncated_normal"}


class HeUniform(_Preset):
    """He uniform: ``U[-limit, limit]``, ``limit = sqrt(6 / fan_in)``.

    Reference: [He et al., 2015](https://arxiv.org/abs/1502.01852).

    Example:
        >>> w = HeUniform(seed=0)((256, 128)).numpy()
        >>> bool(abs(w).max() <= (6 / 256) ** 0.5)
        True
    """

    _ARGUMENTS = {"scale": 2.0, "mode": "fan_in", "distribution": "uniform"}


class HeNormal(_Preset):
    """He normal: truncated normal with ``stddev = sqrt(2 / fan_in)``.

    Reference: [He et al., 2015](https://arxiv.org/abs/1502.01852).

    Example:
        >>> # a 3x3 convolution kernel over 64 channels: fan_in = 3 * 3 * 64
        >>> round(float(HeNormal(seed=0)((3, 3, 64, 128)).numpy().std()), 3)
        0.059
    """

    _ARGUMENTS = {"scale": 2.0, "mode": "fan_in", "distribution": "truncated_normal"}


class LecunUniform(_Preset):
    """LeCun uniform: ``U[-limit, limit]``, ``limit = sqrt(3 / fan_in)``.

    Reference: [Klambauer et al., 2017](https://arxiv.org/abs/1706.02515).

    Example:
        >>> w = LecunUniform(seed=0)((100, 10)).numpy()
        >>> bool(abs(w).max() <= (3 / 100) ** 0.5)
        True
    """

    _ARGUMENTS = {"scale": 1.0, "mode": "fan_in", "distribution": "uniform"}


class LecunNormal(_Preset):
    """LeCun normal: truncated normal with ``stddev = sqrt(1 / fan_in)`` (for SELU).

    Reference: [Klambauer et al., 2017](https://arxiv.org/abs/1706.02515).

    Example:
        >>> round(float(LecunNormal(seed=0)((400, 100)).numpy().std()), 3)  # sqrt(1 / 400)
        0.05
    """

    _ARGUMENTS = {"scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal"}


class Orthogonal(RandomInitializer):
    """Initializer making an orthogonal matrix (times ``gain``).

    A normal random matrix is factored by QR and the signs of ``R``'s diagonal
    fixed, which gives a uniformly distributed orthogonal matrix. A shape
    with more than two axes is made as the matrix ``(prod(shape[:-1]),
    shape[-1])`` and reshaped. With fewer rows than columns the rows are
    orthonormal, otherwise the columns are.
    Reference: [Saxe et al., 2014](https://arxiv.org/abs/1312.6120).

    Args:
        gain: Factor applied to the orthogonal matrix.
        seed: ``None``, or an integer for the same values at every call.

    Example:
        >>> import numpy as np
        >>> w = Orthogonal(seed=0)((5, 3), dtype="float64").numpy()
        >>> np.allclose(w.T @ w, np.eye(3))
        True
    """

    def __init__(self, gain=1.0, seed=None):
        self.gain = float(gain)
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        dtype = self._float_dtype(dtype)
        shape = standardize_shape(shape)
        if len(shape) < 2:
            raise ValueError(
                "The tensor to initialize must be at least two-dimensional. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        rows, cols = math.prod(shape[:-1]), shape[-1]
        matrix = self._generator().standard_normal((max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(matrix)
        signs = np.sign(np.diag(r))
        q = q * np.where(signs == 0, 1.0, signs)
        if rows < cols:
            q = q.T
        return to_tensor(self.gain * q.reshape(shape), dtype)

    def get_config(self):
        return {**super().get_config(), "gain": self.gain}
