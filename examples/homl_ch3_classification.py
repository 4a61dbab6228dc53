"""HOML chapter 3: classification on MNIST.

The book's code (3rd edition) with only ``sklearn`` changed to
``ember.learn``. The book reads MNIST with ``fetch_openml("mnist_784")``,
which ember does not have (it would download OpenML's copy); the same 70,000
images in the same order come from ``ember.keras.datasets.mnist.load_data()``
(the original IDX files from ``$EMBER_DATA_HOME/mnist``), flattened to 784
floats: the first 60,000 are the training set, the last 10,000 the test set,
as in the book. The labels are integers (the book's OpenML labels are the
strings "0".."9"; the 2nd edition converts them to uint8 as here).

* a 5-detector, SGDClassifier(random_state=42), its 3-fold cross-validated
  accuracy (book: 0.95035, 0.96035, 0.9604) against the never-5
  DummyClassifier (book: 0.90965 each fold);
* cross_val_predict, the confusion matrix (book: [[53892, 687], [1891,
  3530]]), precision 0.8371, recall 0.6512, F1 0.7325, the threshold for 90%
  precision from precision_recall_curve (book: 3370.02, recall there 0.4800)
  and the ROC AUC (book: 0.9605);
* multiclass: SVC on the first 2,000 images (one-vs-one inside; the book's
  decision scores for the first digit rounded to two decimals), the same in
  OneVsRestClassifier(SVC()), SGDClassifier on all ten digits, its accuracy
  with StandardScaler (book: 0.8983, 0.891, 0.9018);
* multilabel KNeighborsClassifier on (large, odd) and its macro F1 from
  cross_val_predict (book: 0.9764).

With all 60,000 training images (``main()``) the script asserts the book's
figures: exactly where the computation is deterministic (the confusion
matrix, the SVC scores, the KNN predictions), to 1e-6 relative for figures
from SGD, and to the book's printed digits otherwise; only the scaled
multiclass SGD, which stops at max_iter without converging, is asserted to
1e-3 of the book's accuracies. ``main(n_train=6000)``
runs the same code on the first 6,000 training images and asserts the
ranges the book states (accuracy about 0.95 for the 5-detector, about 0.9
for the never-5 baseline, about 0.89 with scaling). On small subsets the
scaled multiclass SGD runs all its 1,000 epochs without meeting its stopping
rule (and warns so, as scikit-learn does); ``max_iter`` caps them for quick
runs.

Run: EMBER_DATA_HOME=../shared/datasets python examples/homl_ch3_classification.py
"""

import numpy as np

from ember.keras.datasets import mnist
from ember.learn.dummy import DummyClassifier
from ember.learn.linear_model import SGDClassifier
from ember.learn.metrics import (confusion_matrix, f1_score, precision_recall_curve,
                                 precision_score, recall_score, roc_auc_score)
from ember.learn.model_selection import cross_val_predict, cross_val_score
from ember.learn.multiclass import OneVsRestClassifier
from ember.learn.neighbors import KNeighborsClassifier
from ember.learn.preprocessing import StandardScaler
from ember.learn.svm import SVC

BOOK_CV_ACCURACY_5 = np.array([0.95035, 0.96035, 0.9604])
BOOK_DUMMY_ACCURACY = np.array([0.90965, 0.90965, 0.90965])
BOOK_CONFUSION_MATRIX = np.array([[53892, 687], [1891, 3530]])
BOOK_PRECISION = 0.8370879772350012
BOOK_RECALL = 0.6511713705958311
BOOK_F1 = 0.7325171197343846
BOOK_THRESHOLD_90_PRECISION = 3370.0194991439557
BOOK_RECALL_AT_90_PRECISION = 0.4799852425751706
BOOK_ROC_AUC = 0.9604938554008616
BOOK_SVC_SCORES = np.array([[3.79, 0.73, 6.06, 8.3, -0.29, 9.3, 1.75, 2.77, 7.21, 4.82]])
BOOK_SGD_MULTICLASS_PREDICTION = 3
BOOK_SCALED_CV_ACCURACY = np.array([0.8983, 0.891, 0.9018])
BOOK_KNN_F1_MACRO = 0.976410265560605


def load_mnist():
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    X = np.concatenate([x_train, x_test]).reshape(-1, 784).astype(np.float64)
    y = np.concatenate([y_train, y_test])
    return X, y


def binary_classifier(X_train, y_train, full):
    y_train_5 = (y_train == 5)  # True for all 5s, False for all other digits
    some_digit = X_train[0]

    sgd_clf = SGDClassifier(random_state=42)
    sgd_clf.fit(X_train, y_train_5)
    some_digit_prediction = sgd_clf.predict([some_digit])
    cv_accuracy = cross_val_score(sgd_clf, X_train, y_train_5, cv=3, scoring="accuracy")
    print(f"5-detector predicts {some_digit_prediction} for the first digit; 3-fold accuracy "
          f"{cv_accuracy} (the book: {BOOK_CV_ACCURACY_5})")

    dummy_clf = DummyClassifier()
    dummy_clf.fit(X_train, y_train_5)
    dummy_predicts_a_5 = any(dummy_clf.predict(X_train))
    dummy_accuracy = cross_val_score(dummy_clf, X_train, y_train_5, cv=3, scoring="accuracy")
    print(f"DummyClassifier predicts a 5: {dummy_predicts_a_5}; 3-fold accuracy "
          f"{dummy_accuracy} (the book: {BOOK_DUMMY_ACCURACY})")

    y_train_pred = cross_val_predict(sgd_clf, X_train, y_train_5, cv=3)
    cm = confusion_matrix(y_train_5, y_train_pred)
    precision = precision_score(y_train_5, y_train_pred)  # == 3530 / (687 + 3530)
    recall = recall_score(y_train_5, y_train_pred)  # == 3530 / (1891 + 3530)
    f1 = f1_score(y_train_5, y_train_pred)
    print(f"confusion matrix {cm.tolist()} (the book: {BOOK_CONFUSION_MATRIX.tolist()})")
    print(f"precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f} (the book: "
          f"{BOOK_PRECISION:.4f}, {BOOK_RECALL:.4f}, {BOOK_F1:.4f})")

    y_scores = cross_val_predict(sgd_clf, X_train, y_train_5, cv=3,
                                 method="decision_function")
    precisions, recalls, thresholds = precision_recall_curve(y_train_5, y_scores)
    idx_for_90_precision = (precisions >= 0.90).argmax()
    threshold_for_90_precision = thresholds[idx_for_90_precision]
    y_train_pred_90 = (y_scores >= threshold_for_90_precision)
    precision_at_90 = precision_score(y_train_5, y_train_pred_90)
    recall_at_90_precision = recall_score(y_train_5, y_train_pred_90)
    roc_auc = roc_auc_score(y_train_5, y_scores)
    print(f"threshold for 90% precision {threshold_for_90_precision:.4f}, recall there "
          f"{recall_at_90_precision:.4f} (the book: {BOOK_THRESHOLD_90_PRECISION:.4f}, "
          f"{BOOK_RECALL_AT_90_PRECISION:.4f}); ROC AUC {roc_auc:.4f} (the book: "
          f"{BOOK_ROC_AUC:.4f})")

    assert some_digit_prediction.tolist() == [True]  # the first digit is a 5
    assert not dummy_predicts_a_5
    assert precision_at_90 >= 0.90
    if full:
        assert np.allclose(cv_accuracy, BOOK_CV_ACCURACY_5, rtol=0, atol=1e-9)
        assert np.allclose(dummy_accuracy, BOOK_DUMMY_ACCURACY, rtol=0, atol=1e-9)
        assert np.array_equal(cm, BOOK_CONFUSION_MATRIX)
        assert np.allclose([precision, recall, f1], [BOOK_PRECISION, BOOK_RECALL, BOOK_F1],
                           rtol=1e-12)
        assert abs(threshold_for_90_precision / BOOK_THRESHOLD_90_PRECISION - 1) < 1e-6
        assert abs(recall_at_90_precision - BOOK_RECALL_AT_90_PRECISION) < 1e-12
        assert abs(roc_auc - BOOK_ROC_AUC) < 1e-6
    else:
        # the book: above 93% accuracy on all folds; 5s are about 10% of the
        # images, so never-5 is about 90% accurate
        assert cv_accuracy.min() > 0.9
        assert np.all(np.abs(dummy_accuracy - 0.9) < 0.02)
        assert roc_auc > 0.9
    return {"cv_accuracy": cv_accuracy, "dummy_accuracy": dummy_accuracy,
            "confusion_matrix": cm, "precision": precision, "recall": recall, "f1": f1,
            "y_scores": y_scores, "threshold_for_90_precision": threshold_for_90_precision,
            "recall_at_90_precision": recall_at_90_precision, "roc_auc": roc_auc,
            "sgd_clf": sgd_clf}


def multiclass_classifier(X_train, y_train, n_svc, full, max_iter=1000):
    some_digit = X_train[0]

    svm_clf = SVC(random_state=42)
    svm_clf.fit(X_train[:n_svc], y_train[:n_svc])  # y_train, not y_train_5
    svc_prediction = svm_clf.predict([some_digit])
    some_digit_scores = svm_clf.decision_function([some_digit])
    print(f"SVC on {n_svc} images predicts {svc_prediction}; scores "
          f"{some_digit_scores.round(2)} (the book: {BOOK_SVC_SCORES})")

    ovr_clf = OneVsRestClassifier(SVC(random_state=42))
    ovr_clf.fit(X_train[:n_svc], y_train[:n_svc])
    ovr_prediction = ovr_clf.predict([some_digit])
    print(f"OneVsRestClassifier(SVC()) predicts {ovr_prediction} with "
          f"{len(ovr_clf.estimators_)} estimators")

    sgd_clf = SGDClassifier(random_state=42, max_iter=max_iter)  # the book: default 1000
    sgd_clf.fit(X_train, y_train)
    sgd_prediction = sgd_clf.predict([some_digit])
    sgd_scores = sgd_clf.decision_function([some_digit])
    print(f"SGDClassifier predicts {sgd_prediction} (the book: "
          f"[{BOOK_SGD_MULTICLASS_PREDICTION}]); scores {sgd_scores.round()}")

    scaler = StandardScaler()
    X_train_scaled = scaler.fit_transform(X_train.astype("float64"))
    scaled_accuracy = cross_val_score(sgd_clf, X_train_scaled, y_train, cv=3,
                                      scoring="accuracy")
    print(f"scaled SGDClassifier 3-fold accuracy {scaled_accuracy} (the book: "
          f"{BOOK_SCALED_CV_ACCURACY})")

    assert svc_prediction.tolist() == [5] and some_digit_scores.argmax() == 5
    assert ovr_prediction.tolist() == [5] and len(ovr_clf.estimators_) == 10
    if full:
        assert np.allclose(some_digit_scores.round(2), BOOK_SVC_SCORES, rtol=0, atol=1e-9)
        assert sgd_prediction.tolist() == [BOOK_SGD_MULTICLASS_PREDICTION]
        # Each fold's SGD runs its 1,000 epochs without meeting the stopping
        # rule (a ConvergenceWarning); ember ends at [0.89835, 0.8902,
        # 0.90095], within 1e-3 of the book's (an earlier scikit-learn).
        assert np.allclose(scaled_accuracy, BOOK_SCALED_CV_ACCURACY, rtol=0, atol=1e-3)
    else:
        assert scaled_accuracy.min() > 0.75  # the book: about 89% on 60,000; about 0.8 on 1,000
    return {"svc_scores": some_digit_scores, "ovr_scores": ovr_clf.decision_function([some_digit]),
            "sgd_scores": sgd_scores, "scaled_accuracy": scaled_accuracy}


def multilabel_classifier(X_train, y_train, full):
    some_digit = X_train[0]
    y_train_large = (y_train >= 7)
    y_train_odd = (y_train % 2 == 1)
    y_multilabel = np.c_[y_train_large, y_train_odd]

    knn_clf = KNeighborsClassifier()
    knn_clf.fit(X_train, y_multilabel)
    knn_prediction = knn_clf.predict([some_digit])
    y_train_knn_pred = cross_val_predict(knn_clf, X_train, y_multilabel, cv=3)
    f1_macro = f1_score(y_multilabel, y_train_knn_pred, average="macro")
    print(f"KNeighborsClassifier predicts (large, odd) = {knn_prediction} for the 5; macro F1 "
          f"{f1_macro:.4f} (the book: {BOOK_KNN_F1_MACRO:.4f})")
    assert knn_prediction.tolist() == [[False, True]]
    if full:
        assert abs(f1_macro - BOOK_KNN_F1_MACRO) < 1e-12
    else:
        assert f1_macro > 0.85  # 0.89 on 1,000 images
    return {"knn_prediction": knn_prediction, "y_train_knn_pred": y_train_knn_pred,
            "f1_macro": f1_macro}


def main(n_train=60_000, n_svc=2_000, max_iter=1000):
    X, y = load_mnist()
    assert X.shape == (70000, 784) and y.shape == (70000,)
    X_train, X_test, y_train, y_test = X[:60000], X[60000:], y[:60000], y[60000:]
    X_train, y_train = X_train[:n_train], y_train[:n_train]
    full = n_train == 60_000 and n_svc == 2_000 and max_iter == 1000
    return {"binary": binary_classifier(X_train, y_train, full),
            "multiclass": multiclass_classifier(X_train, y_train, n_svc, full, max_iter),
            "multilabel": multilabel_classifier(X_train, y_train, full)}


if __name__ == "__main__":
    main()
