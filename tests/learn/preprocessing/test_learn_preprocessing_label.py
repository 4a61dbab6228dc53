"""LabelEncoder, LabelBinarizer, MultiLabelBinarizer and label_binarize against scikit-learn.

These transform targets, so scikit-learn's check_estimator does not apply (it does not
check its own either); they are tested directly.
"""

import pickle

import numpy as np
import pytest
import scipy.sparse as sp

sklearn = pytest.importorskip("sklearn")
import sklearn.preprocessing as sk  # noqa: E402

import ember.learn.preprocessing as em  # noqa: E402
from ember.learn.base import clone  # noqa: E402
from ember.learn.exceptions import NotFittedError  # noqa: E402


def assert_same(ours, theirs):
    if sp.issparse(theirs):
        assert sp.issparse(ours) and ours.format == theirs.format
        ours, theirs = ours.toarray(), theirs.toarray()
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    if theirs.dtype == object:
        assert all(a is b or a == b or (a != a and b != b) for a, b in zip(ours.ravel(), theirs.ravel()))
    else:
        np.testing.assert_array_equal(ours, theirs)


LABELS = {
    "strings": np.array(["paris", "tokyo", "paris", "amsterdam", "tokyo"]),
    "objects": np.array(["b", "a", None, "b", np.nan], dtype=object),
    "integers": np.array([3, 1, 2, 3, 3, 7]),
    "floats": np.array([0.5, -1.0, 0.5, 2.0]),
    "list": ["x", "y", "x"],
    "binary": np.array([1, 0, 0, 1]),
}


@pytest.mark.parametrize("labels", list(LABELS))
def test_label_encoder_matches_sklearn(labels):
    y = LABELS[labels]
    ours, theirs = em.LabelEncoder().fit(y), sk.LabelEncoder().fit(y)
    assert_same(ours.classes_, theirs.classes_)
    assert_same(ours.transform(y), theirs.transform(y))
    assert_same(em.LabelEncoder().fit_transform(y), sk.LabelEncoder().fit_transform(y))
    codes = theirs.transform(y)
    assert_same(ours.inverse_transform(codes), theirs.inverse_transform(codes))
    assert_same(ours.transform([]), theirs.transform([]))
    assert_same(ours.inverse_transform([]), theirs.inverse_transform([]))


def test_label_encoder_errors():
    encoder = em.LabelEncoder().fit(["a", "b"])
    with pytest.raises(ValueError, match=r"y contains previously unseen labels: np.str_\('c'\)"):
        encoder.transform(["a", "c", "d"])
    with pytest.raises(ValueError, match=r"y contains previously unseen labels: \[5\]"):
        encoder.inverse_transform([0, 5])
    with pytest.raises(ValueError, match=r"y contains previously unseen labels: \[np.int64\(3\)\]"):
        em.LabelEncoder().fit([1, 2]).transform([3, 1])
    with pytest.raises(NotFittedError, match="This LabelEncoder instance is not fitted yet"):
        em.LabelEncoder().transform([1])
    restored = pickle.loads(pickle.dumps(encoder))
    assert_same(restored.classes_, encoder.classes_)
    assert not hasattr(clone(encoder), "classes_")


BINARIZER_OPTIONS = [{}, {"neg_label": -1, "pos_label": 2}, {"sparse_output": True},
                     {"neg_label": -2, "pos_label": 0}]


@pytest.mark.parametrize("options", BINARIZER_OPTIONS, ids=str)
@pytest.mark.parametrize("labels", ["strings", "integers", "list", "binary"])
def test_label_binarizer_matches_sklearn(options, labels):
    y = LABELS[labels]
    ours, theirs = em.LabelBinarizer(**options).fit(y), sk.LabelBinarizer(**options).fit(y)
    assert_same(ours.classes_, theirs.classes_)
    assert ours.y_type_ == theirs.y_type_ and ours.sparse_input_ == theirs.sparse_input_
    Y = theirs.transform(y)
    assert_same(ours.transform(y), Y)
    assert_same(em.LabelBinarizer(**options).fit_transform(y), sk.LabelBinarizer(**options).fit_transform(y))
    assert_same(ours.inverse_transform(Y), theirs.inverse_transform(Y))
    scores = np.random.default_rng(1).standard_normal(np.asarray(Y.todense() if sp.issparse(Y) else Y).shape)
    assert_same(ours.inverse_transform(scores), theirs.inverse_transform(scores))
    assert_same(ours.transform(y[:2]), theirs.transform(y[:2]))


def test_label_binarizer_multilabel_and_sparse_input():
    Y = np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0]])
    ours, theirs = em.LabelBinarizer().fit(Y), sk.LabelBinarizer().fit(Y)
    assert ours.y_type_ == theirs.y_type_ == "multilabel-indicator"
    assert_same(ours.transform(Y), theirs.transform(Y))
    assert_same(ours.inverse_transform(Y * 0.8), theirs.inverse_transform(Y * 0.8))
    sparse = sp.csr_matrix(Y)
    ours, theirs = em.LabelBinarizer().fit(sparse), sk.LabelBinarizer().fit(sparse)
    assert ours.sparse_input_ and theirs.sparse_input_
    assert_same(ours.inverse_transform(Y), theirs.inverse_transform(Y))
    with pytest.raises(ValueError, match="The object was not fitted with multilabel input"):
        em.LabelBinarizer().fit([1, 2, 3]).transform(Y)


@pytest.mark.parametrize("options, message", [
    ({"neg_label": 1, "pos_label": 1}, "neg_label=1 must be strictly less than pos_label=1"),
    ({"sparse_output": True, "neg_label": -1}, "Sparse binarization is only supported with non zero pos_label"),
])
def test_label_binarizer_label_errors(options, message):
    for module in (em, sk):
        with pytest.raises(ValueError, match=message):
            module.LabelBinarizer(**options).fit([0, 1])
    with pytest.raises(ValueError, match="Multioutput target data is not supported"):
        em.LabelBinarizer().fit([[1, 2], [3, 1]])


@pytest.mark.parametrize("y, classes, options", [
    ([1, 6, 4], [1, 2, 4, 6], {}),
    ([1, 6, 4], [6, 4, 2, 1], {}),
    (["yes", "no", "yes"], ["no", "yes"], {}),
    (["yes", "no", "yes"], ["yes"], {}),
    ([2, 5, 9], [2, 5, 9], {"neg_label": -1, "pos_label": 1}),
    ([2, 5, 9], [9, 2, 5], {"sparse_output": True}),
    (np.array([[1, 0], [1, 1]]), [3, 7], {"pos_label": 5}),
    ([3, 7, 8], [3, 7], {}),
])
def test_label_binarize_matches_sklearn(y, classes, options):
    assert_same(em.label_binarize(y, classes=classes, **options), sk.label_binarize(y, classes=classes, **options))


MULTILABELS = [[("sci-fi", "thriller"), ("comedy",), (), ("comedy", "thriller", "comedy")],
               [{3, 1}, {2}, {1, 2, 3}], [[7], [5, 7]]]


@pytest.mark.parametrize("y", MULTILABELS)
@pytest.mark.parametrize("sparse_output", [False, True])
def test_multilabel_binarizer_matches_sklearn(y, sparse_output):
    ours, theirs = em.MultiLabelBinarizer(sparse_output=sparse_output), sk.MultiLabelBinarizer(sparse_output=sparse_output)
    assert_same(ours.fit_transform(iter(y)), theirs.fit_transform(iter(y)))
    assert_same(ours.classes_, theirs.classes_)
    Y = theirs.transform(y)
    assert_same(ours.transform(y), Y)
    assert ours.inverse_transform(Y) == theirs.inverse_transform(Y)
    dense = Y.toarray() if sp.issparse(Y) else Y
    assert ours.inverse_transform(dense) == theirs.inverse_transform(dense)


def test_multilabel_binarizer_given_classes_unknowns_and_errors():
    y = [("b", "a"), ("c",)]
    ours, theirs = em.MultiLabelBinarizer(classes=["c", "a", "b"]), sk.MultiLabelBinarizer(classes=["c", "a", "b"])
    assert_same(ours.fit_transform(y), theirs.fit_transform(y))
    assert_same(ours.classes_, theirs.classes_)
    with pytest.warns(UserWarning, match=r"unknown class\(es\) \['d', 'e'\] will be ignored"):
        Y = ours.transform([("a", "e", "d")])
    np.testing.assert_array_equal(Y, [[0, 1, 0]])
    with pytest.raises(ValueError, match="The classes argument contains duplicate classes"):
        em.MultiLabelBinarizer(classes=["a", "a"]).fit(y)
    with pytest.raises(ValueError, match="Expected indicator for 3 classes, but got 2"):
        ours.inverse_transform(np.zeros((1, 2)))
    with pytest.raises(ValueError, match="Expected only 0s and 1s in label indicator"):
        ours.inverse_transform(np.full((1, 3), 2))


def test_label_docstring_examples():
    import doctest

    from ember.learn.preprocessing import _label

    assert doctest.testmod(_label, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0
