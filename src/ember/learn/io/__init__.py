"""Saving and loading ember.learn estimators in a safe, versioned format.

``dump(estimator, path)`` writes a zip of JSON and ``.npy`` arrays;
``load(path)`` reads it back without unpickling or executing anything. The
format is specified in docs/learn_format.md; files written now load in every
later ember release. (Estimators also pickle, e.g. with ``joblib.dump``.)
"""

from ._codec import ArchiveError, UnsupportedFormatVersionError
from ._format import FORMAT_NAME, FORMAT_VERSION, dump, load

__all__ = [
    "ArchiveError",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "UnsupportedFormatVersionError",
    "dump",
    "load",
]
