"""Side-by-side speed of ember against the library a user would pick instead.

Run ``python -m benchmarks`` (all suites) or ``python -m benchmarks engine``.
Each suite is a module of this package: ``engine`` (the tensor engine against
PyTorch); later suites (Keras layers against PyTorch, ``ember.learn`` against
scikit-learn) add a module defining ``REFERENCE``, ``cases()`` and optionally
``notes(results)``. The harness (``_harness.py``) times both sides in one
process on the same data and writes ``RESULTS.md``.
"""

import importlib
import pkgutil

from ._harness import Case, Result, VerificationError

__all__ = ["Case", "Result", "VerificationError", "load_suite", "suite_names"]


def suite_names():
    """The suites: every public module of this package, in name order."""
    return sorted(
        info.name
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_") and not info.ispkg
    )


def load_suite(name):
    if name not in suite_names():
        raise ValueError(f"unknown suite {name!r}; available: {', '.join(suite_names())}")
    return importlib.import_module(f"{__name__}.{name}")
