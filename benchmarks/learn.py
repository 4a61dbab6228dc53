"""Learn suite: ember.learn against scikit-learn, fit (or predict) time on the same data.

Each case builds its data once, fits the ember estimator and scikit-learn's
with the same hyperparameters, and checks before timing that the results
agree (coefficients, or predictions / held-out scores where the solvers stop
at different points), so both sides do the same work.
"""

import numpy as np
import sklearn

from ._harness import Case

REFERENCE = f"scikit-learn {sklearn.__version__}"

SEED = 0


def _regression(n, d, seed=SEED):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    coef = rng.standard_normal(d)
    y = X @ coef + 0.5 * rng.standard_normal(n)
    return X, y


def _classification(n, d, classes, seed=SEED):
    from sklearn.datasets import make_classification

    return make_classification(n_samples=n, n_features=d, n_informative=min(d, 10),
                               n_redundant=0, n_classes=classes, n_clusters_per_class=1,
                               random_state=seed)


def _close(name, rtol, atol):
    def compare(ours, theirs):
        ours, theirs = np.asarray(ours, float), np.asarray(theirs, float)
        worst = float(np.nanmax(np.abs(ours - theirs)))
        assert np.allclose(ours, theirs, rtol=rtol, atol=atol, equal_nan=True), f"{name} differ by {worst:.3g}"
    return compare


def _agree(minimum):
    def compare(ours, theirs):
        share = float(np.mean(np.asarray(ours) == np.asarray(theirs)))
        assert share >= minimum, f"predictions agree on {share:.4f} of the samples (< {minimum})"
    return compare


def _scores_close(tolerance):
    def compare(ours, theirs):
        assert abs(ours - theirs) <= tolerance, f"held-out scores {ours:.4f} vs {theirs:.4f}"
    return compare


# -- fit on a design matrix, return coefficients -------------------------------------------


def _fit_coef(ours_cls, theirs_cls, **params):
    def ember_fn(s):
        return ours_cls()(**params).fit(s["X"], s["y"]).coef_

    def reference_fn(s):
        return theirs_cls()(**params).fit(s["X"], s["y"]).coef_

    return ember_fn, reference_fn


def _ember_linear(name):
    def get():
        from ember.learn import linear_model

        return getattr(linear_model, name)
    return get


def _sk_linear(name):
    def get():
        from sklearn import linear_model

        return getattr(linear_model, name)
    return get


def _regression_setup(n, d):
    def setup():
        X, y = _regression(n, d)
        return {"X": X, "y": y}
    return setup


# -- held-out score cases ---------------------------------------------------------------


def _split_setup(n, d, classes):
    def setup():
        X, y = _classification(n, d, classes)
        cut = int(0.8 * n)
        return {"X": X[:cut], "y": y[:cut], "X_test": X[cut:], "y_test": y[cut:]}
    return setup


def _held_out(make):
    def fn(s):
        return make().fit(s["X"], s["y"]).score(s["X_test"], s["y_test"])
    return fn


def _logistic_ember():
    from ember.learn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=1000)


def _logistic_sklearn():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=1000)


def _sgd_ember():
    from ember.learn.linear_model import SGDClassifier

    return SGDClassifier(random_state=0)


def _sgd_sklearn():
    from sklearn.linear_model import SGDClassifier

    return SGDClassifier(random_state=0)


def _svc_ember():
    from ember.learn.svm import SVC

    return SVC()


def _svc_sklearn():
    from sklearn.svm import SVC

    return SVC()


# -- k-nearest-neighbours prediction ---------------------------------------------------


def _knn_setup():
    from ember.learn.neighbors import KNeighborsClassifier as Ours
    from sklearn.neighbors import KNeighborsClassifier as Theirs

    X, y = _classification(60_000, 20, 5)
    X_train, y_train, X_query = X[:50_000], y[:50_000], X[50_000:]
    return {
        "ours": Ours(n_neighbors=5).fit(X_train, y_train),
        "theirs": Theirs(n_neighbors=5).fit(X_train, y_train),
        "X_query": X_query,
    }


# -- HOML ch2's preprocessing on the housing data ----------------------------------------


def _housing_setup():
    from ember.learn.datasets import load_housing

    housing = load_housing().drop(columns=["median_house_value"])
    numeric = [c for c in housing.columns if c != "ocean_proximity"]
    return {"housing": housing, "numeric": numeric}


def _column_transformer(library, s):
    if library == "ember":
        from ember.learn.compose import ColumnTransformer
        from ember.learn.preprocessing import OneHotEncoder, StandardScaler
    else:
        from sklearn.compose import ColumnTransformer
        from sklearn.preprocessing import OneHotEncoder, StandardScaler
    transformer = ColumnTransformer([
        ("num", StandardScaler(), s["numeric"]),
        ("cat", OneHotEncoder(), ["ocean_proximity"]),
    ])
    out = transformer.fit_transform(s["housing"])
    return out.toarray() if hasattr(out, "toarray") else out


def cases():
    lr_ember, lr_sklearn = _fit_coef(_ember_linear("LinearRegression"), _sk_linear("LinearRegression"))
    ridge_ember, ridge_sklearn = _fit_coef(_ember_linear("Ridge"), _sk_linear("Ridge"), alpha=1.0)
    lasso_ember, lasso_sklearn = _fit_coef(_ember_linear("Lasso"), _sk_linear("Lasso"), alpha=0.05)
    return [
        Case(name="linear_regression_fit", target=1.0, setup=_regression_setup(100_000, 100),
             ember_fn=lr_ember, reference_fn=lr_sklearn, compare=_close("coefficients", 1e-8, 1e-10),
             description="LinearRegression().fit on 100,000 x 100 float64 (least squares)"),
        Case(name="ridge_fit", target=1.0, setup=_regression_setup(100_000, 100),
             ember_fn=ridge_ember, reference_fn=ridge_sklearn, compare=_close("coefficients", 1e-8, 1e-10),
             description="Ridge(alpha=1.0).fit on 100,000 x 100 float64 (solver 'auto')"),
        Case(name="logistic_regression_fit", target=1.0, setup=_split_setup(62_500, 50, 5),
             ember_fn=_held_out(_logistic_ember), reference_fn=_held_out(_logistic_sklearn),
             compare=_scores_close(0.002),
             description="LogisticRegression(lbfgs, 5 classes, max_iter=1000).fit on 50,000 x 50; held-out accuracy must agree within 0.002"),
        Case(name="sgd_classifier_fit", target=1.0, setup=_split_setup(125_000, 100, 2),
             ember_fn=_held_out(_sgd_ember), reference_fn=_held_out(_sgd_sklearn),
             compare=_scores_close(0.01),
             description="SGDClassifier(hinge, random_state=0).fit on 100,000 x 100 (until tol); held-out accuracy within 0.01"),
        Case(name="lasso_fit", target=1.5, setup=_regression_setup(20_000, 200),
             ember_fn=lasso_ember, reference_fn=lasso_sklearn, compare=_close("coefficients", 1e-4, 1e-6),
             description="Lasso(alpha=0.05).fit on 20,000 x 200 (coordinate descent)"),
        Case(name="svc_rbf_fit", target=1.5, setup=_split_setup(6_250, 20, 2),
             ember_fn=_held_out(_svc_ember), reference_fn=_held_out(_svc_sklearn),
             compare=_scores_close(0.005),
             description="SVC(kernel='rbf', C=1, gamma='scale').fit on 5,000 x 20; held-out accuracy within 0.005"),
        Case(name="knn_predict", target=1.0, setup=_knn_setup,
             ember_fn=lambda s: s["ours"].predict(s["X_query"]),
             reference_fn=lambda s: s["theirs"].predict(s["X_query"]), compare=_agree(0.999),
             description="KNeighborsClassifier(5).predict of 10,000 queries against 50,000 x 20"),
        Case(name="housing_preprocessing", target=1.0, setup=_housing_setup,
             ember_fn=lambda s: _column_transformer("ember", s),
             reference_fn=lambda s: _column_transformer("sklearn", s),
             compare=_close("transformed housing data", 1e-10, 1e-10),
             description="ColumnTransformer(StandardScaler on 8 numeric columns, OneHotEncoder on ocean_proximity).fit_transform on HOML's 20,640-row housing data"),
    ]
