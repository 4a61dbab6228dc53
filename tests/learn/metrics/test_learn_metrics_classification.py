"""Classification metrics against scikit-learn's on random and edge-case inputs."""

import warnings

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn import metrics as sk  # noqa: E402
from sklearn.exceptions import UndefinedMetricWarning as SkUndefinedMetricWarning  # noqa: E402

from ember.learn import metrics  # noqa: E402
from ember.learn.exceptions import UndefinedMetricWarning  # noqa: E402

rng = np.random.default_rng(42)
N = 200
BINARY = (rng.integers(0, 2, N), rng.integers(0, 2, N))
MULTICLASS = (rng.integers(0, 4, N), rng.integers(0, 4, N))
STRINGS = (rng.choice(["ant", "bee", "cat"], N), rng.choice(["ant", "bee", "cat"], N))
MULTILABEL = (rng.integers(0, 2, (N, 3)), rng.integers(0, 2, (N, 3)))
for _indicator in MULTILABEL:  # no empty label sets (those make "samples" averages ill-defined)
    _indicator[_indicator.sum(1) == 0, 0] = 1
WEIGHT = rng.uniform(0, 3, N)
OBJECTS = tuple(a.astype(object) for a in STRINGS)  # as fetch_openml's MNIST targets ("5")
CASES = {"binary": BINARY, "multiclass": MULTICLASS, "strings": STRINGS, "objects": OBJECTS}


def same(ours, theirs):
    if isinstance(theirs, tuple):
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            same(a, b)
        return
    if theirs is None:
        assert ours is None
        return
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
    assert np.shape(ours) == np.shape(theirs)
    if np.ndim(theirs) == 0:
        assert isinstance(ours, float) == isinstance(theirs, float)


@pytest.mark.parametrize("case", list(CASES) + ["multilabel"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("normalize", [True, False])
def test_accuracy_and_zero_one_loss(case, weighted, normalize):
    y_true, y_pred = MULTILABEL if case == "multilabel" else CASES[case]
    kwargs = {"normalize": normalize, "sample_weight": WEIGHT if weighted else None}
    same(metrics.accuracy_score(y_true, y_pred, **kwargs), sk.accuracy_score(y_true, y_pred, **kwargs))
    same(metrics.zero_one_loss(y_true, y_pred, **kwargs), sk.zero_one_loss(y_true, y_pred, **kwargs))


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("normalize", [None, "true", "pred", "all"])
def test_confusion_matrix(case, weighted, normalize):
    y_true, y_pred = CASES[case]
    kwargs = {"normalize": normalize, "sample_weight": WEIGHT if weighted else None}
    ours = metrics.confusion_matrix(y_true, y_pred, **kwargs)
    theirs = sk.confusion_matrix(y_true, y_pred, **kwargs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    assert ours.dtype == theirs.dtype


def test_confusion_matrix_labels_order_subset_and_missing():
    y_true, y_pred = STRINGS
    for labels in (["cat", "ant"], ["cat", "bee", "ant"], ["bee", "dog", "ant"]):
        np.testing.assert_array_equal(metrics.confusion_matrix(y_true, y_pred, labels=labels),
                                      sk.confusion_matrix(y_true, y_pred, labels=labels))
    y_true, y_pred = MULTICLASS
    for labels in ([3, 1], [0, 1, 2, 3, 7], [-5, 2]):
        np.testing.assert_array_equal(metrics.confusion_matrix(y_true, y_pred, labels=labels),
                                      sk.confusion_matrix(y_true, y_pred, labels=labels))
    int_weight = rng.integers(0, 4, N)
    ours = metrics.confusion_matrix(y_true, y_pred, sample_weight=int_weight)
    theirs = sk.confusion_matrix(y_true, y_pred, sample_weight=int_weight)
    np.testing.assert_array_equal(ours, theirs)
    assert ours.dtype == theirs.dtype
    big = np.array([10**9, 5, 10**9, 7])
    np.testing.assert_array_equal(metrics.confusion_matrix(big, big[::-1]), sk.confusion_matrix(big, big[::-1]))


def test_confusion_matrix_errors_and_single_label():
    with pytest.raises(ValueError, match="At least one label specified must be in y_true"):
        metrics.confusion_matrix([0, 1], [0, 1], labels=[5])
    with pytest.raises(ValueError, match="'labels' should contain at least one label"):
        metrics.confusion_matrix([0, 1], [0, 1], labels=[])
    with pytest.raises(ValueError, match="multilabel-indicator is not supported"):
        metrics.confusion_matrix(*MULTILABEL)
    with pytest.raises(ValueError, match="can't handle a mix of binary and continuous"):
        metrics.confusion_matrix([0, 1], [0.5, 1.0])
    with pytest.raises(ValueError, match="Mix of label input types"):
        metrics.confusion_matrix(["a", "b"], [0, 1])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        metrics.confusion_matrix([0, 1, 1], [0, 1])
    with pytest.warns(UserWarning, match="A single label was found"):
        assert metrics.confusion_matrix([1, 1], [1, 1]).tolist() == [[2]]


@pytest.mark.parametrize("case", list(CASES) + ["multilabel"])
@pytest.mark.parametrize("weighted", [False, True])
def test_multilabel_confusion_matrix(case, weighted):
    y_true, y_pred = MULTILABEL if case == "multilabel" else CASES[case]
    weight = WEIGHT if weighted else None
    ours = metrics.multilabel_confusion_matrix(y_true, y_pred, sample_weight=weight)
    theirs = sk.multilabel_confusion_matrix(y_true, y_pred, sample_weight=weight)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    if case == "multilabel":
        same(metrics.multilabel_confusion_matrix(y_true, y_pred, sample_weight=weight, samplewise=True),
             sk.multilabel_confusion_matrix(y_true, y_pred, sample_weight=weight, samplewise=True))
        same(metrics.multilabel_confusion_matrix(y_true, y_pred, labels=[2, 0]),
             sk.multilabel_confusion_matrix(y_true, y_pred, labels=[2, 0]))
    with pytest.raises(ValueError, match="Samplewise metrics are not available"):
        metrics.multilabel_confusion_matrix(*BINARY, samplewise=True)


@pytest.mark.parametrize("case", list(CASES) + ["multilabel"])
@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted", "samples", "binary"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("beta", [1.0, 0.5])
def test_precision_recall_fscore_support(case, average, weighted, beta):
    y_true, y_pred = MULTILABEL if case == "multilabel" else CASES[case]
    if (average == "samples") != (case == "multilabel") and average == "samples":
        return
    if average == "binary" and case != "binary":
        return
    kwargs = {"average": average, "sample_weight": WEIGHT if weighted else None, "beta": beta}
    same(metrics.precision_recall_fscore_support(y_true, y_pred, **kwargs),
         sk.precision_recall_fscore_support(y_true, y_pred, **kwargs))
    short = {"average": average, "sample_weight": kwargs["sample_weight"]}
    for name in ("precision_score", "recall_score", "f1_score", "jaccard_score"):
        same(getattr(metrics, name)(y_true, y_pred, **short), getattr(sk, name)(y_true, y_pred, **short))
    same(metrics.fbeta_score(y_true, y_pred, beta=beta, **short), sk.fbeta_score(y_true, y_pred, beta=beta, **short))


def test_prf_labels_pos_label_and_extreme_beta():
    y_true, y_pred = STRINGS
    for labels in (["cat", "ant"], ["bee", "cat", "ant", "dog"]):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            same(metrics.precision_recall_fscore_support(y_true, y_pred, labels=labels),
                 sk.precision_recall_fscore_support(y_true, y_pred, labels=labels))
            same(metrics.f1_score(y_true, y_pred, labels=labels, average="macro"),
                 sk.f1_score(y_true, y_pred, labels=labels, average="macro"))
    yes_no = np.where(BINARY[0] == 1, "yes", "no"), np.where(BINARY[1] == 1, "yes", "no")
    same(metrics.f1_score(*yes_no, pos_label="no"), sk.f1_score(*yes_no, pos_label="no"))
    with pytest.raises(ValueError, match=r"pos_label=1 is not a valid label. It should be one of \['no' 'yes'\]"):
        metrics.f1_score(*yes_no)
    with pytest.raises(ValueError, match="Target is multiclass but average='binary'"):
        metrics.precision_score(*MULTICLASS)
    with pytest.raises(ValueError, match="average has to be one of"):
        metrics.precision_score(*BINARY, average="mean")
    with pytest.warns(UserWarning, match="pos_label .set to 0. is ignored"):
        metrics.f1_score(*BINARY, pos_label=0, average="macro")
    for beta in (0.0, np.inf):
        same(metrics.fbeta_score(*MULTICLASS, beta=beta, average=None),
             sk.fbeta_score(*MULTICLASS, beta=beta, average=None))
    # Only one class present in both: the binary score for pos_label=1 is defined only by zero_division.
    same(metrics.precision_score([0, 0], [0, 0], zero_division=1), sk.precision_score([0, 0], [0, 0], zero_division=1))


def test_jaccard_labels_and_zero_division():
    y_true, y_pred = STRINGS
    for labels in (["cat", "ant"], ["bee", "cat", "ant"]):
        for average in (None, "macro", "weighted", "micro"):
            same(metrics.jaccard_score(y_true, y_pred, labels=labels, average=average),
                 sk.jaccard_score(y_true, y_pred, labels=labels, average=average))
    with pytest.warns(SkUndefinedMetricWarning, match="Jaccard is ill-defined and being set to 0.0 due to no true or predicted samples"):
        assert metrics.jaccard_score([0, 0], [0, 0]) == 0.0
    assert metrics.jaccard_score([0, 0], [0, 0], zero_division=1) == sk.jaccard_score([0, 0], [0, 0], zero_division=1)


@pytest.mark.parametrize("zero_division", ["warn", 0, 1, np.nan])
@pytest.mark.parametrize("average", [None, "macro", "weighted", "micro", "binary"])
def test_zero_division(zero_division, average):
    y_true = np.array([0, 0, 0, 2, 2, 2])
    y_pred = np.array([0, 0, 2, 0, 0, 0])
    if average == "binary":
        y_true, y_pred = y_true.clip(0, 1), y_pred.clip(0, 1)
        y_pred[:] = 0
    with warnings.catch_warnings(record=True) as ours_warned:
        warnings.simplefilter("always")
        ours = metrics.precision_recall_fscore_support(y_true, y_pred, labels=[0, 1, 2] if average != "binary" else None,
                                                       average=average, zero_division=zero_division)
    with warnings.catch_warnings(record=True) as theirs_warned:
        warnings.simplefilter("always")
        theirs = sk.precision_recall_fscore_support(y_true, y_pred, labels=[0, 1, 2] if average != "binary" else None,
                                                    average=average, zero_division=zero_division)
    same(ours, theirs)
    assert [str(w.message) for w in ours_warned] == [str(w.message) for w in theirs_warned]
    for w in ours_warned:
        assert issubclass(w.category, (UndefinedMetricWarning, SkUndefinedMetricWarning))


def test_undefined_metric_warning_is_scikit_learns():
    with pytest.warns(SkUndefinedMetricWarning, match="Recall is ill-defined and being set to 0.0 due to no true samples"):
        metrics.recall_score([0, 0], [1, 0])
    with pytest.warns(UndefinedMetricWarning, match="in samples with no true nor predicted labels"):
        metrics.f1_score([[0, 1], [0, 0]], [[0, 1], [0, 0]], average="samples")


@pytest.mark.parametrize("case", list(CASES) + ["multilabel"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("digits", [2, 4])
def test_classification_report_text_and_dict(case, weighted, digits):
    y_true, y_pred = MULTILABEL if case == "multilabel" else CASES[case]
    kwargs = {"sample_weight": WEIGHT if weighted else None, "digits": digits}
    assert metrics.classification_report(y_true, y_pred, **kwargs) == sk.classification_report(y_true, y_pred, **kwargs)
    ours = metrics.classification_report(y_true, y_pred, output_dict=True, **kwargs)
    theirs = sk.classification_report(y_true, y_pred, output_dict=True, **kwargs)
    assert list(ours) == list(theirs)
    for key in theirs:
        if isinstance(theirs[key], dict):
            assert list(ours[key]) == list(theirs[key])
            np.testing.assert_allclose(list(ours[key].values()), list(theirs[key].values()), rtol=1e-12)
        else:
            assert ours[key] == pytest.approx(theirs[key], rel=1e-12)
            assert type(ours[key]) is float


def test_classification_report_names_labels_and_zero_division():
    y_true, y_pred = MULTICLASS
    names = ["zero", "one", "two", "a very long class name"]
    assert metrics.classification_report(y_true, y_pred, target_names=names) == \
        sk.classification_report(y_true, y_pred, target_names=names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for labels in ([3, 1], [0, 1, 2, 3, 9]):
            assert metrics.classification_report(y_true, y_pred, labels=labels, zero_division=0) == \
                sk.classification_report(y_true, y_pred, labels=labels, zero_division=0)
    with pytest.raises(ValueError, match="Number of classes, 4, does not match size of target_names, 2"):
        metrics.classification_report(y_true, y_pred, target_names=["a", "b"])
    with pytest.warns(UserWarning, match="labels size, 2, does not match size of target_names, 3"):
        metrics.classification_report(y_true, y_pred, labels=[0, 1], target_names=["a", "b", "c"])
    report = metrics.classification_report([0, 1, 1], [1, 1, 1], zero_division=1)
    assert report == sk.classification_report([0, 1, 1], [1, 1, 1], zero_division=1)


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("weighted", [False, True])
def test_balanced_accuracy_and_matthews(case, weighted):
    y_true, y_pred = CASES[case]
    weight = WEIGHT if weighted else None
    for adjusted in (False, True):
        same(metrics.balanced_accuracy_score(y_true, y_pred, sample_weight=weight, adjusted=adjusted),
             sk.balanced_accuracy_score(y_true, y_pred, sample_weight=weight, adjusted=adjusted))
    same(metrics.matthews_corrcoef(y_true, y_pred, sample_weight=weight),
         sk.matthews_corrcoef(y_true, y_pred, sample_weight=weight))


def test_balanced_accuracy_and_matthews_edge_cases():
    with pytest.warns(UserWarning, match="y_pred contains classes not in y_true"):
        ours = metrics.balanced_accuracy_score([0, 0, 1], [0, 2, 1])
    with pytest.warns(UserWarning):
        assert ours == sk.balanced_accuracy_score([0, 0, 1], [0, 2, 1])
    with pytest.warns(UserWarning, match="A single label was found"):
        assert metrics.matthews_corrcoef([1, 1, 1], [1, 1, 1]) == 0.0
    assert metrics.matthews_corrcoef([0, 1, 0], [1, 1, 1]) == 0.0


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("normalize", [True, False])
def test_log_loss(weighted, normalize):
    weight = WEIGHT if weighted else None
    proba = rng.dirichlet(np.ones(3), N)
    y = STRINGS[0]
    kwargs = {"sample_weight": weight, "normalize": normalize}
    same(metrics.log_loss(y, proba, **kwargs), sk.log_loss(y, proba, **kwargs))
    positive = rng.uniform(0, 1, N)
    same(metrics.log_loss(BINARY[0], positive, **kwargs), sk.log_loss(BINARY[0], positive, **kwargs))
    same(metrics.log_loss(BINARY[0], np.c_[1 - positive, positive], **kwargs),
         sk.log_loss(BINARY[0], np.c_[1 - positive, positive], **kwargs))
    # Certain, wrong predictions are clipped, not infinite.
    same(metrics.log_loss([0, 1], [[1.0, 0.0], [1.0, 0.0]]), sk.log_loss([0, 1], [[1.0, 0.0], [1.0, 0.0]]))
    # labels given when y_true misses a class.
    same(metrics.log_loss([0, 0, 2], proba[:3], labels=[0, 1, 2]), sk.log_loss([0, 0, 2], proba[:3], labels=[0, 1, 2]))
    same(metrics.log_loss(np.float32([0, 1]), np.float32([[0.7, 0.3], [0.2, 0.8]])),
         sk.log_loss(np.float32([0, 1]), np.float32([[0.7, 0.3], [0.2, 0.8]])))


def test_log_loss_errors():
    with pytest.raises(ValueError, match="y_true contains only one label"):
        metrics.log_loss([1, 1], [[0.5, 0.5], [0.5, 0.5]])
    with pytest.raises(ValueError, match="y_true and y_prob contain different number of classes: 2 vs 3"):
        metrics.log_loss([0, 1], [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5]])
    with pytest.raises(ValueError, match="greater than 1"):
        metrics.log_loss([0, 1], [[0.2, 1.3], [0.2, 0.8]])
    with pytest.raises(ValueError, match="not belonging to the passed labels"):
        metrics.log_loss([0, 5], [[0.2, 0.8], [0.2, 0.8]], labels=[0, 1])
    with pytest.warns(UserWarning, match="do not sum to one"):
        metrics.log_loss([0, 1], [[0.2, 0.3], [0.2, 0.8]])


def test_hinge_loss():
    decision = rng.normal(size=N)
    for weight in (None, WEIGHT):
        same(metrics.hinge_loss(BINARY[0], decision, sample_weight=weight),
             sk.hinge_loss(BINARY[0], decision, sample_weight=weight))
        same(metrics.hinge_loss(np.where(BINARY[0] == 1, "b", "a"), decision, sample_weight=weight),
             sk.hinge_loss(np.where(BINARY[0] == 1, "b", "a"), decision, sample_weight=weight))
        scores = rng.normal(size=(N, 4))
        same(metrics.hinge_loss(MULTICLASS[0], scores, sample_weight=weight),
             sk.hinge_loss(MULTICLASS[0], scores, sample_weight=weight))
    y = np.array([0, 2, 2, 0])
    scores = rng.normal(size=(4, 3))
    same(metrics.hinge_loss(y, scores, labels=[0, 1, 2]), sk.hinge_loss(y, scores, labels=[0, 1, 2]))
    with pytest.raises(ValueError, match="Please include all labels in y_true"):
        metrics.hinge_loss([0, 1, 2], rng.normal(size=(3, 4)))
    with pytest.raises(ValueError, match="cannot be 1d array"):
        metrics.hinge_loss([0, 1, 2], [0.1, 0.2, 0.3])


def test_target_validation_messages():
    with pytest.raises(ValueError, match="continuous is not supported"):
        metrics.accuracy_score([0.5, 1.5], [0.5, 1.5])
    with pytest.raises(ValueError, match="Input y_true contains NaN"):
        metrics.accuracy_score([np.nan, 1.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="Found empty input array"):
        metrics.accuracy_score([], [])
    with pytest.raises(ValueError, match="can't handle a mix of multilabel-indicator and binary"):
        metrics.accuracy_score([[0, 1], [1, 1]], [0, 2])
    assert metrics.accuracy_score([1.0, 2.0, 3.0], [1, 2, 4]) == pytest.approx(2 / 3)
    assert metrics.accuracy_score([True, False], [True, True]) == 0.5
    assert metrics.accuracy_score(np.array(["a", "b"], dtype=object), ["a", "a"]) == 0.5


@pytest.mark.slow
def test_one_million_labels_are_fast():
    big_true = rng.integers(0, 10, 1_000_000)
    big_pred = rng.integers(0, 10, 1_000_000)
    np.testing.assert_array_equal(metrics.confusion_matrix(big_true, big_pred),
                                  sk.confusion_matrix(big_true, big_pred))


def test_boolean_and_pandas_targets():
    pd = pytest.importorskip("pandas")
    y_true, y_pred = BINARY[0] == 1, BINARY[1] == 1
    same(metrics.f1_score(y_true, y_pred), sk.f1_score(y_true, y_pred))
    same(metrics.precision_recall_fscore_support(pd.Series(STRINGS[0]), pd.Series(STRINGS[1])),
         sk.precision_recall_fscore_support(pd.Series(STRINGS[0]), pd.Series(STRINGS[1])))
    np.testing.assert_array_equal(metrics.confusion_matrix(pd.Series(y_true), y_pred), sk.confusion_matrix(y_true, y_pred))


@pytest.mark.parametrize("weighted", [False, True])
def test_brier_score_loss(weighted):
    weight = WEIGHT if weighted else None
    positive = rng.uniform(0, 1, N)
    same(metrics.brier_score_loss(BINARY[0], positive, sample_weight=weight),
         sk.brier_score_loss(BINARY[0], positive, sample_weight=weight))
    same(metrics.brier_score_loss(BINARY[0] + 3, positive, sample_weight=weight),
         sk.brier_score_loss(BINARY[0] + 3, positive, sample_weight=weight))
    yes_no = np.where(BINARY[0] == 1, "yes", "no")
    same(metrics.brier_score_loss(yes_no, positive, pos_label="no"), sk.brier_score_loss(yes_no, positive, pos_label="no"))
    with pytest.raises(ValueError, match="pos_label is not specified"):
        metrics.brier_score_loss(yes_no, positive)
    proba = rng.dirichlet(np.ones(3), N)
    for scale in ("auto", True, False):
        same(metrics.brier_score_loss(STRINGS[0], proba, sample_weight=weight, scale_by_half=scale),
             sk.brier_score_loss(STRINGS[0], proba, sample_weight=weight, scale_by_half=scale))
    with pytest.raises(ValueError, match="should be binary according to the shape of y_prob"):
        metrics.brier_score_loss(MULTICLASS[0], positive)
    with pytest.raises(ValueError, match="y_prob contains values less than 0"):
        metrics.brier_score_loss([0, 1], [-0.1, 0.5])
