"""What the ensemble tests share: comparing an error of ember's with scikit-learn's."""

import warnings


def raised(fit):
    """The exception ``fit()`` raises (warnings silenced); fails when it raises none."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit()
        except Exception as error:  # noqa: BLE001 - the error itself is compared
            return error
    raise AssertionError("no error raised")


def assert_same_error(ours_fit, theirs_fit, *, prefix_only=False):
    """Both raise an exception of the same class name; the messages are equal (or, with
    ``prefix_only``, equal up to " must be ", where ember words the allowed values its way)."""
    ours, theirs = raised(ours_fit), raised(theirs_fit)
    assert type(ours).__name__ == type(theirs).__name__, (ours, theirs)
    if prefix_only:
        assert str(ours).split(" must be ")[0] == str(theirs).split(" must be ")[0], (ours, theirs)
    else:
        assert str(ours) == str(theirs)


def sklearn_suite_members(kind):
    """The members scikit-learn's own common tests give its voting and stacking ensembles:
    two depth-3 decision trees (ember's), ``kind`` "Classifier" or "Regressor"."""
    from ember.learn import tree

    make = getattr(tree, f"DecisionTree{kind}")
    return [("est1", make(max_depth=3, random_state=0)), ("est2", make(max_depth=3, random_state=1))]
