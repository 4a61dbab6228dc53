"""Packages whose public names live in private modules, imported on first use.

A package lists each public name with the module that defines it; a name is
exported once its module file exists (families of a package land one at a
time), and the module is imported only when the name is first used, so
importing the package compiles no kernels and loads no optional dependency.
"""

import importlib
import importlib.util
import sys


def lazy_exports(package, module_of):
    """``(__all__, __getattr__, __dir__)`` for ``package`` (its ``__name__``).

    ``module_of`` maps each public name to the module of the package defining it
    (``{"KMeans": "_kmeans"}``).

    >>> names, getattr_, dir_ = lazy_exports("ember.learn.ensemble", {"VotingClassifier": "_voting"})
    >>> names
    ['VotingClassifier']
    """
    exported = sorted(name for name, module in module_of.items()
                      if importlib.util.find_spec(f"{package}.{module}") is not None)

    def __getattr__(name):
        if name not in exported:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module_of[name]}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__():
        return sorted(set(vars(sys.modules[package])) | set(exported))

    return exported, __getattr__, __dir__
