"""`Bunch`: the dictionary-with-attributes that dataset loaders return."""


class Bunch(dict):
    """Container object exposing keys as attributes.

    A `dict` whose items can also be read and written as attributes:
    ``bunch["data"]`` and ``bunch.data`` are the same object, and setting
    ``bunch.x = 1`` adds the key ``"x"``. This is what scikit-learn's
    ``sklearn.utils.Bunch`` is, and what every loader of
    `ember.learn.datasets` returns.

    Parameters
    ----------
    **kwargs : dict
        Initial items.

    Examples
    --------
    >>> from ember.learn.datasets import Bunch
    >>> b = Bunch(a=1, b=2)
    >>> b["b"]
    2
    >>> b.b
    2
    >>> b.a = 3
    >>> b["a"]
    3
    >>> b.c = 6
    >>> b["c"]
    6
    """

    def __init__(self, **kwargs):
        super().__init__(kwargs)

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {key!r}"
            ) from None

    def __setattr__(self, key, value):
        self[key] = value

    def __delattr__(self, key):
        try:
            del self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __dir__(self):
        return sorted(set(super().__dir__()) | {k for k in self if isinstance(k, str)})
