"""scikit-learn's check_estimator on ember's meta-estimators: they may fail only the checks
that scikit-learn's own Pipeline / FeatureUnion / ColumnTransformer fail with the same steps
(those checks assume estimators without estimator-valued list parameters)."""

import warnings

import pytest

sklearn = pytest.importorskip("sklearn")
from learn_checks import run_check_estimator  # noqa: E402
from sklearn import compose as sk_compose  # noqa: E402
from sklearn import pipeline as sk_pipeline  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.linear_model import Ridge  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.utils.estimator_checks import check_estimator  # noqa: E402

from ember.learn import compose, pipeline  # noqa: E402

CASES = {
    "pipeline": lambda lib: lib.make_pipeline(StandardScaler(), Ridge()),
    "union": lambda lib: lib.make_union(StandardScaler(), PCA(n_components=1)),
    "columns": lambda lib: lib.ColumnTransformer([("s", StandardScaler(), [0])], remainder="passthrough"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fails_no_more_checks_than_sklearns_own(case):
    ours_lib, theirs_lib = (compose, sk_compose) if case == "columns" else (pipeline, sk_pipeline)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(CASES[case](theirs_lib), on_fail=None)
    theirs_failing = {r["check_name"]: "scikit-learn's own fails it: " + str(r["exception"])[:80]
                      for r in results if r["status"] == "failed"}
    assert "check_estimators_overwrite_params" in theirs_failing or case == "columns"
    run_check_estimator(CASES[case](ours_lib), expected_failed_checks=theirs_failing)
