"""Lazily exported packages: names appear once their module exists and load on first use."""

import doctest
import subprocess
import sys

import pytest

from ember.learn.utils import _lazy_exports
from ember.learn.utils._lazy_exports import lazy_exports


def test_only_names_whose_module_exists_are_exported():
    names, getattr_, dir_ = lazy_exports("ember.learn.ensemble", {
        "VotingClassifier": "_voting", "NotYetWritten": "_no_such_module"})
    assert names == ["VotingClassifier"]
    from ember.learn.ensemble._voting import VotingClassifier
    assert getattr_("VotingClassifier") is VotingClassifier
    with pytest.raises(AttributeError, match="has no attribute 'NotYetWritten'"):
        getattr_("NotYetWritten")
    assert "VotingClassifier" in dir_()


def test_importing_a_package_imports_none_of_its_modules():
    code = ("import sys, ember.learn.ensemble as e; "
            "print('ember.learn.ensemble._forest' in sys.modules); e.RandomForestClassifier; "
            "print('ember.learn.ensemble._forest' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_docstring_examples():
    assert doctest.testmod(_lazy_exports, raise_on_error=False).failed == 0
