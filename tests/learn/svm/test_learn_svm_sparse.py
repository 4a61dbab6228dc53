"""The SVMs on SciPy sparse input, against scikit-learn's sparse LIBSVM / LIBLINEAR and our own dense fits."""

import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
from sklearn import svm as sk_svm  # noqa: E402
from sklearn.utils import get_tags  # noqa: E402

from ember.learn import io as learn_io  # noqa: E402
from ember.learn import svm  # noqa: E402
from ember.learn.exceptions import ConvergenceWarning  # noqa: E402

KERNELS = {
    "linear": dict(kernel="linear"),
    "poly": dict(kernel="poly", degree=3, coef0=1.0),
    "rbf": dict(kernel="rbf"),  # gamma="scale": the variance of the sparse X, zeros included
    "sigmoid": dict(kernel="sigmoid", gamma=0.1, coef0=-0.5),
}
FORMATS = ["csr", "csc", "coo", "dok", "lil", "dia", "bsr", "coo_64", "csr_64", "csc_64"]


def _sparse_data(n=240, d=40, density=0.15, seed=0, n_classes=3):
    """A random CSR matrix (``scipy.sparse.random``) and labels of a noisy linear rule."""
    rng = np.random.RandomState(seed)
    X = sp.random(n, d, density=density, format="csr", random_state=rng,
                  data_rvs=lambda k: rng.uniform(-1.0, 2.0, k))
    scores = X @ rng.standard_normal((d, n_classes)) + 0.3 * rng.standard_normal((n, n_classes))
    return X, np.argmax(scores, axis=1), scores[:, 0]


def _documents(n_docs=300, n_words=3000, seed=0):
    """A TF-IDF-like CSR matrix: word counts of documents on three topics, each topic a
    Zipf-distributed vocabulary in its own word order, idf-weighted and l2-normalised rows."""
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 3, n_docs)
    lengths = rng.randint(20, 80, n_docs)
    doc = np.repeat(np.arange(n_docs), lengths)
    zipf = 1.0 / np.arange(1, n_words + 1) ** 1.1
    rank = rng.choice(n_words, size=len(doc), p=zipf / zipf.sum())
    orders = np.stack([rng.permutation(n_words) for _ in range(4)])  # three topics, one shared
    topic = np.where(rng.rand(len(doc)) < 0.5, y[doc], 3)
    counts = sp.csr_matrix((np.ones(len(doc)), (doc, orders[topic, rank])), shape=(n_docs, n_words))
    frequency = np.bincount(counts.indices, minlength=n_words)
    tfidf = sp.csr_matrix(counts.multiply(np.log((1 + n_docs) / (1 + frequency)) + 1.0))
    norms = np.sqrt(np.asarray(tfidf.multiply(tfidf).sum(axis=1))).ravel()
    return sp.csr_matrix(tfidf.multiply(1.0 / norms[:, None])), y


def _as_format(X, name):
    """``X`` in the format ``name`` ("csr_64": with 64-bit indices), as scikit-learn's checks make them."""
    fmt, _, bits = name.partition("_")
    X = X.asformat(fmt)
    if bits and fmt == "coo":
        X.row, X.col = X.row.astype(np.int64), X.col.astype(np.int64)
    elif bits:
        X.indices, X.indptr = X.indices.astype(np.int64), X.indptr.astype(np.int64)
    return X


def _dense(a):
    return a.toarray() if sp.issparse(a) else np.asarray(a)


def _sk_fit(cls, X, y=None, sample_weight=None, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # scikit-learn 1.9 deprecates probability=True
        return getattr(sk_svm, cls)(**params).fit(X, y, sample_weight=sample_weight)


def _assert_same_libsvm_model(ours, theirs, atol=1e-9):
    np.testing.assert_array_equal(ours.support_, theirs.support_)
    np.testing.assert_array_equal(ours.n_support_, theirs.n_support_)
    assert type(ours.support_vectors_) is type(theirs.support_vectors_) is sp.csr_matrix
    assert type(ours.dual_coef_) is type(theirs.dual_coef_) is sp.csr_matrix
    np.testing.assert_array_equal(ours.support_vectors_.toarray(), theirs.support_vectors_.toarray())
    np.testing.assert_allclose(ours.dual_coef_.toarray(), theirs.dual_coef_.toarray(), rtol=1e-7, atol=atol)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-7, atol=atol)
    np.testing.assert_array_equal(ours.n_iter_, theirs.n_iter_)
    assert ours._gamma == pytest.approx(theirs._gamma, rel=1e-12)


@pytest.mark.parametrize("kernel", list(KERNELS))
def test_svc_sparse_matches_sklearn_and_our_dense_fit(kernel):
    X, y, _ = _sparse_data()
    X_test, _, _ = _sparse_data(n=80, seed=1)
    params = dict(C=2.0, **KERNELS[kernel])
    ours, theirs = svm.SVC(**params).fit(X, y), _sk_fit("SVC", X, y, **params)
    _assert_same_libsvm_model(ours, theirs)
    for shape in ("ovr", "ovo"):
        ours.set_params(decision_function_shape=shape)
        theirs.set_params(decision_function_shape=shape)
        np.testing.assert_allclose(ours.decision_function(X_test), theirs.decision_function(X_test),
                                   rtol=1e-7, atol=1e-9)
    np.testing.assert_array_equal(ours.predict(X_test), theirs.predict(X_test))
    # the same data dense: the same solution (the dense kernel rows round differently in BLAS)
    dense = svm.SVC(decision_function_shape="ovo", **params).fit(X.toarray(), y)
    np.testing.assert_array_equal(dense.support_, ours.support_)
    np.testing.assert_allclose(dense.dual_coef_, ours.dual_coef_.toarray(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(dense.decision_function(X_test.toarray()), ours.decision_function(X_test),
                               rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("kernel", list(KERNELS))
@pytest.mark.parametrize(("cls", "params"), [
    ("NuSVC", dict(nu=0.4)), ("SVR", dict(C=3.0, epsilon=0.2)), ("NuSVR", dict(nu=0.3, C=2.0)),
    ("OneClassSVM", dict(nu=0.2)),
], ids=["NuSVC", "SVR", "NuSVR", "OneClassSVM"])
def test_libsvm_family_sparse_matches_sklearn_and_our_dense_fit(cls, params, kernel):
    X, labels, target = _sparse_data(n=200, seed=2)
    X_test, _, _ = _sparse_data(n=60, seed=3)
    y = {"NuSVC": labels, "OneClassSVM": None}.get(cls, target)
    params = {**params, **KERNELS[kernel]}
    ours, theirs = getattr(svm, cls)(**params).fit(X, y), _sk_fit(cls, X, y, **params)
    _assert_same_libsvm_model(ours, theirs)
    methods = ["predict"] + [m for m in ("decision_function", "score_samples") if hasattr(theirs, m)]
    for method in methods:
        np.testing.assert_allclose(getattr(ours, method)(X_test), getattr(theirs, method)(X_test),
                                   rtol=1e-7, atol=1e-9, err_msg=method)
    dense = getattr(svm, cls)(**params).fit(X.toarray(), y)
    np.testing.assert_array_equal(dense.support_, ours.support_)
    np.testing.assert_allclose(dense.dual_coef_, ours.dual_coef_.toarray(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(dense.intercept_, ours.intercept_, rtol=1e-6, atol=1e-7)
    for method in methods:
        np.testing.assert_allclose(getattr(dense, method)(X_test.toarray()), getattr(ours, method)(X_test),
                                   rtol=1e-6, atol=1e-7, err_msg=method)


def test_svc_probability_on_sparse_data():
    X, y, _ = _sparse_data()
    X_test, _, _ = _sparse_data(n=80, seed=1)
    ours = svm.SVC(probability=True, random_state=0).fit(X, y)
    dense = svm.SVC(probability=True, random_state=0).fit(X.toarray(), y)
    # the same folds (same random_state) on the same data: the same sigmoids, dense or sparse
    np.testing.assert_allclose(ours.probA_, dense.probA_, rtol=1e-6)
    np.testing.assert_allclose(ours.probB_, dense.probB_, rtol=1e-6, atol=1e-8)
    proba = ours.predict_proba(X_test)
    np.testing.assert_allclose(proba, dense.predict_proba(X_test.toarray()), atol=1e-6)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(ours.predict_log_proba(X_test), np.log(proba))
    # LIBLINEAR draws its folds with its own generator: Platt's fit agrees to its sampling noise
    theirs = _sk_fit("SVC", X, y, probability=True, random_state=0)
    reference = theirs.predict_proba(X_test)
    assert np.abs(proba - reference).mean() < 3e-2 and np.abs(proba - reference).max() < 0.1
    assert (proba.argmax(1) == reference.argmax(1)).mean() > 0.95


@pytest.mark.parametrize("n_classes", [2, 3])
def test_linear_kernel_coef_is_sparse_as_sklearn(n_classes):
    X, y, target = _sparse_data(n_classes=n_classes)
    for cls, fit_y, params in (("SVC", y, {}), ("NuSVC", y, dict(nu=0.3)), ("SVR", target, {}),
                               ("OneClassSVM", None, {})):
        ours = getattr(svm, cls)(kernel="linear", **params).fit(X, fit_y)
        theirs = _sk_fit(cls, X, fit_y, kernel="linear", **params)
        assert type(ours.coef_) is type(theirs.coef_) is sp.csr_matrix
        assert ours.coef_.shape == theirs.coef_.shape
        np.testing.assert_allclose(ours.coef_.toarray(), theirs.coef_.toarray(), rtol=1e-7, atol=1e-9)
        assert not ours.coef_.data.flags.writeable
        # fitted dense: a read-only array, one row per class pair as scikit-learn's
        dense, reference = getattr(svm, cls)(kernel="linear", **params).fit(X.toarray(), fit_y), \
            _sk_fit(cls, X.toarray(), fit_y, kernel="linear", **params)
        assert isinstance(dense.coef_, np.ndarray) and not dense.coef_.flags.writeable
        np.testing.assert_allclose(dense.coef_, reference.coef_, rtol=1e-6, atol=1e-8)


def test_sparse_and_dense_inputs_mix_as_in_sklearn():
    X, y, _ = _sparse_data()
    sparse_model = svm.SVC().fit(X, y)
    # a model fitted on sparse X converts dense input to CSR
    np.testing.assert_array_equal(sparse_model.decision_function(X.toarray()), sparse_model.decision_function(X))
    # a model fitted on dense X refuses sparse input, with scikit-learn's message
    message = "cannot use sparse input in 'SVC' trained on dense data"
    for model in (svm.SVC().fit(X.toarray(), y), sk_svm.SVC().fit(X.toarray(), y)):
        with pytest.raises(ValueError, match=message):
            model.predict(X)
    with pytest.raises(ValueError, match="cannot use sparse input in 'SVR' trained on dense data"):
        svm.SVR().fit(X.toarray(), y).predict(X)
    # precomputed kernels are dense only
    K = (X @ X.T).tocsr()
    for cls in (svm.SVC, sk_svm.SVC):
        with pytest.raises(TypeError, match="Sparse precomputed kernels are not supported"):
            cls(kernel="precomputed").fit(K, y)
    assert not get_tags(svm.SVC(kernel="precomputed")).input_tags.sparse
    ours = svm.SVC(kernel="precomputed").fit(K.toarray(), y)
    with pytest.raises(ValueError, match=message):
        ours.predict(K)


def test_callable_kernel_gets_sparse_input_as_in_sklearn():
    X, y, _ = _sparse_data()
    seen = []

    def kernel(A, B):
        seen.append(sp.issparse(A))
        return (A @ B.T) * 0.5  # a sparse product: its dense form is used

    ours, theirs = svm.SVC(kernel=kernel).fit(X, y), _sk_fit("SVC", X, y, kernel=kernel)
    assert seen[0]
    np.testing.assert_array_equal(ours.support_, theirs.support_)
    assert ours.support_vectors_.shape == theirs.support_vectors_.shape == (0, 0)
    np.testing.assert_allclose(_dense(ours.dual_coef_), _dense(theirs.dual_coef_), rtol=1e-7, atol=1e-9)
    for data in (X, X.toarray()):
        np.testing.assert_allclose(ours.decision_function(data), theirs.decision_function(data),
                                   rtol=1e-7, atol=1e-9)


ALL = [svm.SVC(), svm.NuSVC(nu=0.3), svm.SVR(), svm.NuSVR(), svm.OneClassSVM(), svm.LinearSVC(random_state=0),
       svm.LinearSVR(random_state=0)]


@pytest.mark.parametrize("estimator", ALL, ids=repr)
def test_every_sparse_format_fits_like_csr(estimator):
    """The formats of scikit-learn's check_estimator sparse checks (which accept a clear error)
    must all be fitted, with the CSR fit's results."""
    assert get_tags(estimator).input_tags.sparse
    rng = np.random.RandomState(0)
    X = rng.uniform(size=(40, 3))
    X[X < 0.6] = 0
    y = (4 * rng.uniform(size=40)).astype(np.int32)
    X = sp.csr_matrix(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reference = estimator.fit(X, y).predict(X)
        for name in FORMATS:
            for container in (sp.csr_matrix, sp.csr_array):
                data = _as_format(container(X), name)
                np.testing.assert_allclose(type(estimator)(**estimator.get_params()).fit(data, y).predict(data),
                                           reference, err_msg=name)


LINEAR = [("LinearSVC", params) for params in (
    dict(), dict(loss="hinge", dual=True), dict(dual=True), dict(dual=False), dict(penalty="l1", dual=False),
    dict(C=0.3, class_weight="balanced", dual=True))] + [("LinearSVR", params) for params in (
        dict(), dict(loss="squared_epsilon_insensitive", dual=True),
        dict(loss="squared_epsilon_insensitive", dual=False), dict(epsilon=0.2, C=0.5))]


def _close(ours, theirs, rtol, scale=None):
    """Equal up to ``rtol`` of the largest magnitude of ``scale`` (default ``theirs``): LIBLINEAR
    stops at tol."""
    scale = theirs if scale is None else scale
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=rtol * max(np.abs(scale).max(), 1e-12))


@pytest.mark.parametrize(("cls", "params"), LINEAR, ids=lambda v: str(v))
def test_linear_svm_sparse_matches_dense_and_sklearn(cls, params):
    X, labels, target = _sparse_data(n=400, d=60, density=0.1)
    y = labels if cls == "LinearSVC" else target
    ours, dense, theirs = (model(random_state=0, max_iter=20_000, **params).fit(data, y) for model, data in (
        (getattr(svm, cls), X), (getattr(svm, cls), X.toarray()), (getattr(sk_svm, cls), X)))
    assert isinstance(ours.coef_, np.ndarray) and type(ours.coef_) is type(theirs.coef_)
    # coordinate descent takes the same steps on the non-zeros: the dense fit's weights to
    # rounding; the primal of a sparse X takes inexact Newton steps to the same minimiser
    same_steps = params.get("dual") is True or params.get("penalty") == "l1"
    _close(ours.coef_, dense.coef_, 1e-10 if same_steps else 1e-8)
    _close(ours.intercept_, dense.intercept_, 1e-10 if same_steps else 1e-8, scale=dense.coef_)
    if same_steps:
        assert ours.n_iter_ == dense.n_iter_
    _close(ours.coef_, theirs.coef_, 5e-3)
    _close(ours.intercept_, theirs.intercept_, 5e-3, scale=theirs.coef_)
    method = "decision_function" if cls == "LinearSVC" else "predict"
    np.testing.assert_allclose(getattr(ours, method)(X), getattr(dense, method)(X.toarray()), atol=1e-8)
    if cls == "LinearSVC":
        assert (ours.predict(X) == theirs.predict(X)).mean() >= 0.99
    else:
        _close(ours.predict(X), theirs.predict(X), 1e-2)
    # a dense-fitted linear model predicts sparse input too (as scikit-learn's)
    np.testing.assert_allclose(dense.predict(X), dense.predict(X.toarray()), rtol=1e-12, atol=1e-12)


def test_text_like_data_matches_sklearn():
    X, y = _documents()
    X_train, y_train, X_test, y_test = X[:220], y[:220], X[220:], y[220:]
    for params in (dict(kernel="linear"), dict(kernel="rbf", C=10.0)):
        ours, theirs = svm.SVC(**params).fit(X_train, y_train), _sk_fit("SVC", X_train, y_train, **params)
        _assert_same_libsvm_model(ours, theirs)
        np.testing.assert_allclose(ours.decision_function(X_test), theirs.decision_function(X_test),
                                   rtol=1e-7, atol=1e-9)
        assert ours.score(X_test, y_test) == theirs.score(X_test, y_test) > 0.8
    ours = svm.LinearSVC(random_state=0).fit(X_train, y_train)  # dual="auto": the dual (n < d)
    theirs = sk_svm.LinearSVC(random_state=0).fit(X_train, y_train)
    _close(ours.coef_, theirs.coef_, 5e-3)
    assert ours.score(X_test, y_test) == theirs.score(X_test, y_test)


def test_primal_newton_on_sparse_text_uses_conjugate_gradients(monkeypatch):
    X, y = _documents(n_words=600)
    X_train, y_train = X[:220], y[:220]
    calls = []
    import scipy.sparse.linalg

    real_cg = scipy.sparse.linalg.cg
    monkeypatch.setattr(scipy.sparse.linalg, "cg", lambda *a, **k: calls.append(1) or real_cg(*a, **k))
    ours = svm.LinearSVC(dual=False).fit(X_train, y_train)
    assert calls  # inexact Newton steps: no (n_features, n_features) Hessian is formed
    theirs = sk_svm.LinearSVC(dual=False).fit(X_train, y_train)
    _close(ours.coef_, theirs.coef_, 5e-3)
    assert ours.score(X[220:], y[220:]) == theirs.score(X[220:], y[220:])
    # the dense fit solves each Newton system exactly: the same minimiser
    _close(ours.coef_, svm.LinearSVC(dual=False).fit(X_train.toarray(), y_train).coef_, 1e-8)
    regressor = svm.LinearSVR(dual=False, loss="squared_epsilon_insensitive").fit(X_train, y_train * 1.0)
    reference = sk_svm.LinearSVR(dual=False, loss="squared_epsilon_insensitive").fit(X_train, y_train * 1.0)
    _close(regressor.coef_, reference.coef_, 5e-3)
    dense = svm.LinearSVR(dual=False, loss="squared_epsilon_insensitive").fit(X_train.toarray(), y_train * 1.0)
    _close(regressor.coef_, dense.coef_, 1e-8)


def test_sparse_fitted_models_roundtrip_through_dump_load_and_pickle(tmp_path):
    X, y, target = _sparse_data()
    models = [svm.SVC(probability=True, random_state=0).fit(X, y), svm.SVR(kernel="linear").fit(X, target),
              svm.OneClassSVM().fit(X), svm.LinearSVC().fit(X, y)]
    for i, model in enumerate(models):
        path = tmp_path / f"{i}.ember"
        learn_io.dump(model, path)
        for loaded in (learn_io.load(path), pickle.loads(pickle.dumps(model))):
            assert type(loaded) is type(model)
            if hasattr(model, "support_vectors_"):
                assert type(loaded.support_vectors_) is sp.csr_matrix
                assert type(loaded.dual_coef_) is sp.csr_matrix
                np.testing.assert_array_equal(loaded.support_vectors_.toarray(), model.support_vectors_.toarray())
            for method in ("predict", "decision_function", "predict_proba", "score_samples"):
                if hasattr(model, method):
                    np.testing.assert_array_equal(getattr(loaded, method)(X), getattr(model, method)(X))
            np.testing.assert_array_equal(loaded.predict(X.toarray()), model.predict(X))


def test_sample_weight_on_sparse_data_matches_sklearn_and_dense():
    X, y, target = _sparse_data()
    weight = np.random.default_rng(0).uniform(0.0, 3.0, X.shape[0])
    weight[:10] = 0.0
    kept = np.flatnonzero(weight > 0)
    for cls, fit_y in (("SVC", y), ("SVR", target), ("OneClassSVM", None)):
        ours = getattr(svm, cls)(kernel="rbf").fit(X, fit_y, sample_weight=weight)
        theirs = _sk_fit(cls, X, fit_y, kernel="rbf", sample_weight=weight)
        # scikit-learn drops zero-weight rows and then indexes the remaining ones; ours index X
        np.testing.assert_array_equal(ours.support_, kept[theirs.support_])
        np.testing.assert_allclose(ours.dual_coef_.toarray(), theirs.dual_coef_.toarray(), rtol=1e-7, atol=1e-9)
        np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-7, atol=1e-9)
        dense = getattr(svm, cls)(kernel="rbf").fit(X.toarray(), fit_y, sample_weight=weight)
        np.testing.assert_array_equal(dense.support_, ours.support_)
        np.testing.assert_allclose(dense.predict(X.toarray()), ours.predict(X), rtol=1e-6, atol=1e-7)
