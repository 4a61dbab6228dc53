"""HOML chapter 7: ensemble learning and random forests.

The book's code (2nd edition) with only ``sklearn`` changed to ``ember.learn``,
one function per section; ``main()`` runs them all and returns their results.

Ember's trees draw their features and random thresholds with scikit-learn's
generator from scikit-learn's seeds, so a random_state grows the book's very
trees and forests: every figure below is the one the book (its notebooks)
prints, to the last digit.

Voting, bagging, boosting and stacking on make_moons(n_samples=500, noise=0.30,
random_state=42) split by train_test_split(random_state=42):

* hard voting of LogisticRegression, RandomForestClassifier and SVC: 0.864,
  0.896 and 0.896 alone, 0.912 together; soft voting (SVC(probability=True)):
  0.92;
* bagging 500 trees on 100 bootstrap rows each: 0.904, where one tree scores
  0.856; with oob_score=True (random_state=40) the out-of-bag accuracy is
  0.8986666666666666 and the test accuracy 0.912, the first out-of-bag
  probabilities [0.32275132, 0.67724868] and [0.34117647, 0.65882353];
* AdaBoost of 30 stumps with learning_rate=0.5 (3rd edition): 0.88 on the test
  moons (the book plots it, as scikit-learn gives it);
* stacking the three voters under a RandomForestClassifier(random_state=43)
  with 5-fold out-of-fold predictions (3rd edition): 0.928.

Random forests, on the same moons and on iris and MNIST:

* RandomForestClassifier(n_estimators=500, max_leaf_nodes=16, n_jobs=-1,
  random_state=42) scores the book's 0.912 on the 125 test moons; a
  BaggingClassifier of 500 DecisionTreeClassifier(max_features="sqrt",
  max_leaf_nodes=16) is the same model: their test predictions agree;
* feature importances of RandomForestClassifier(n_estimators=500, random_state=42)
  on iris: sepal length 0.1125, sepal width 0.0231, petal length 0.4410, petal
  width 0.4234, as in the book;
* MNIST pixel importances (RandomForestClassifier(n_estimators=100,
  random_state=42) on the 60,000 training images, from
  ember.keras.datasets.mnist with EMBER_DATA_HOME): the book's figure 7-6, the
  importance concentrated in the centre of the image and nil at the borders.

Gradient boosting, on the book's noisy quadratic (np.random.seed(42), 100
points, y = 3 x^2 + 0.05 noise):

* by hand: three DecisionTreeRegressor(max_depth=2), each fitted to the
  residual errors of the ones before, predict 0.75026781 at x = 0.8, and so
  does GradientBoostingRegressor(max_depth=2, n_estimators=3,
  learning_rate=1.0); with learning_rate=0.1 it takes 200 trees;
* early stopping with ``staged_predict``: 120 trees on the train_test_split(
  random_state=49) training set, the validation error is lowest (0.0027129)
  with 56 trees, and the model is refitted with them;
* early stopping by hand with ``warm_start=True``: one more tree per fit,
  stopping after five increases in a row of the validation error, ends at 61
  trees with the same minimum; the 3rd edition's ``n_iter_no_change=10``
  (learning_rate=0.05) stops at 92 trees.

Run: python examples/homl_ch7_ensembles.py
"""

import numpy as np

from ember.learn.datasets import load_iris, make_moons
from ember.learn.ensemble import (AdaBoostClassifier, BaggingClassifier,
                                  GradientBoostingRegressor, RandomForestClassifier,
                                  StackingClassifier, VotingClassifier)
from ember.learn.linear_model import LogisticRegression
from ember.learn.metrics import accuracy_score, mean_squared_error
from ember.learn.model_selection import train_test_split
from ember.learn.svm import SVC
from ember.learn.tree import DecisionTreeClassifier, DecisionTreeRegressor

BOOK_VOTING_ACCURACIES = {"LogisticRegression": 0.864, "RandomForestClassifier": 0.896,
                          "SVC": 0.896, "VotingClassifier": 0.912}
BOOK_SOFT_VOTING_ACCURACY = 0.92
BOOK_BAGGING_ACCURACY = 0.904
BOOK_TREE_ACCURACY = 0.856
BOOK_OOB_SCORE = 0.8986666666666666
BOOK_OOB_TEST_ACCURACY = 0.912
BOOK_OOB_DECISION_FUNCTION = [[0.32275132, 0.67724868], [0.34117647, 0.65882353]]
BOOK_STACKING_ACCURACY = 0.928
BOOK_RF_ACCURACY = 0.912
BOOK_IRIS_IMPORTANCES = {"sepal length (cm)": 0.11249225099876375,
                         "sepal width (cm)": 0.02311928828251033,
                         "petal length (cm)": 0.4410304643639577,
                         "petal width (cm)": 0.4233579963547682}
BOOK_GB_PREDICTION = 0.75026781
BOOK_BEST_N_ESTIMATORS = 56
BOOK_MIN_VAL_ERROR = 0.002712853325235463
BOOK_WARM_START_TREES = 61
BOOK_N_ITER_NO_CHANGE_TREES = 92  # 3rd edition


def quadratic_data():
    np.random.seed(42)
    X = np.random.rand(100, 1) - 0.5
    y = 3 * X[:, 0] ** 2 + 0.05 * np.random.randn(100)
    return X, y


def gradient_boosting_by_hand():
    X, y = quadratic_data()
    tree_reg1 = DecisionTreeRegressor(max_depth=2, random_state=42)
    tree_reg1.fit(X, y)
    y2 = y - tree_reg1.predict(X)
    tree_reg2 = DecisionTreeRegressor(max_depth=2, random_state=42)
    tree_reg2.fit(X, y2)
    y3 = y2 - tree_reg2.predict(X)
    tree_reg3 = DecisionTreeRegressor(max_depth=2, random_state=42)
    tree_reg3.fit(X, y3)
    X_new = np.array([[0.8]])
    y_pred = sum(tree.predict(X_new) for tree in (tree_reg1, tree_reg2, tree_reg3))

    gbrt = GradientBoostingRegressor(max_depth=2, n_estimators=3, learning_rate=1.0,
                                     random_state=42)
    gbrt.fit(X, y)
    gbrt_slow = GradientBoostingRegressor(max_depth=2, n_estimators=200, learning_rate=0.1,
                                          random_state=42)
    gbrt_slow.fit(X, y)
    x1 = np.linspace(-0.5, 0.5, 500).reshape(-1, 1)
    print(f"gradient boosting by hand: three trees predict {y_pred[0]:.8f} at x=0.8, "
          f"GradientBoostingRegressor(n_estimators=3, learning_rate=1.0) "
          f"{gbrt.predict(X_new)[0]:.8f} (the book: {BOOK_GB_PREDICTION})")
    assert abs(y_pred[0] - BOOK_GB_PREDICTION) < 1e-8
    assert np.allclose(gbrt.predict(X_new), y_pred, rtol=1e-12)
    by_hand = sum(tree.predict(x1) for tree in (tree_reg1, tree_reg2, tree_reg3))
    assert np.allclose(gbrt.predict(x1), by_hand, rtol=1e-12, atol=1e-12)
    for tree, stage in zip((tree_reg1, tree_reg2, tree_reg3), gbrt.estimators_[:, 0]):
        assert np.array_equal(tree.tree_.threshold, stage.tree_.threshold)
    return {"y_pred": y_pred, "gbrt": gbrt, "gbrt_slow": gbrt_slow,
            "curves": {"by_hand": by_hand, "gbrt": gbrt.predict(x1),
                       "gbrt_slow": gbrt_slow.predict(x1)}}


def gradient_boosting_early_stopping():
    X, y = quadratic_data()
    X_train, X_val, y_train, y_val = train_test_split(X, y, random_state=49)

    gbrt = GradientBoostingRegressor(max_depth=2, n_estimators=120, random_state=42)
    gbrt.fit(X_train, y_train)
    errors = [mean_squared_error(y_val, y_pred) for y_pred in gbrt.staged_predict(X_val)]
    bst_n_estimators = np.argmin(errors) + 1
    gbrt_best = GradientBoostingRegressor(max_depth=2, n_estimators=bst_n_estimators,
                                          random_state=42)
    gbrt_best.fit(X_train, y_train)
    min_error = np.min(errors)
    print(f"staged_predict: the validation MSE is lowest with {bst_n_estimators} trees "
          f"({min_error:.10f}; the book: {BOOK_BEST_N_ESTIMATORS}, {BOOK_MIN_VAL_ERROR:.10f})")
    assert bst_n_estimators == BOOK_BEST_N_ESTIMATORS
    assert abs(min_error - BOOK_MIN_VAL_ERROR) < 1e-12
    assert np.isclose(mean_squared_error(y_val, gbrt_best.predict(X_val)), min_error, rtol=1e-12)

    gbrt = GradientBoostingRegressor(max_depth=2, warm_start=True, random_state=42)
    min_val_error = float("inf")
    error_going_up = 0
    for n_estimators in range(1, 120):
        gbrt.n_estimators = n_estimators
        gbrt.fit(X_train, y_train)
        y_pred = gbrt.predict(X_val)
        val_error = mean_squared_error(y_val, y_pred)
        if val_error < min_val_error:
            min_val_error = val_error
            error_going_up = 0
        else:
            error_going_up += 1
            if error_going_up == 5:
                break  # early stopping
    print(f"warm_start loop: stopped at {gbrt.n_estimators} trees, minimum validation MSE "
          f"{min_val_error:.10f} (the book: {BOOK_WARM_START_TREES})")
    assert gbrt.n_estimators == BOOK_WARM_START_TREES
    assert abs(min_val_error - BOOK_MIN_VAL_ERROR) < 1e-12

    gbrt_auto = GradientBoostingRegressor(max_depth=2, learning_rate=0.05, n_estimators=500,
                                          n_iter_no_change=10, random_state=42)
    gbrt_auto.fit(X, y)
    print(f"n_iter_no_change=10: {gbrt_auto.n_estimators_} trees (the 3rd edition: "
          f"{BOOK_N_ITER_NO_CHANGE_TREES})")
    assert gbrt_auto.n_estimators_ == BOOK_N_ITER_NO_CHANGE_TREES
    return {"errors": np.array(errors), "bst_n_estimators": bst_n_estimators,
            "gbrt_best": gbrt_best, "warm_start_trees": gbrt.n_estimators,
            "min_val_error": min_val_error, "warm": gbrt,
            "n_iter_no_change_trees": gbrt_auto.n_estimators_}


def moons():
    X, y = make_moons(n_samples=500, noise=0.30, random_state=42)
    return train_test_split(X, y, random_state=42)


def voting_classifiers():
    X_train, X_test, y_train, y_test = moons()
    accuracies = {}
    for voting in ("hard", "soft"):
        log_clf = LogisticRegression(random_state=42)
        rnd_clf = RandomForestClassifier(n_estimators=100, random_state=42)
        svm_clf = SVC(gamma="scale", probability=voting == "soft", random_state=42)
        voting_clf = VotingClassifier(
            estimators=[("lr", log_clf), ("rf", rnd_clf), ("svc", svm_clf)], voting=voting)
        scores = {}
        for clf in (log_clf, rnd_clf, svm_clf, voting_clf):
            clf.fit(X_train, y_train)
            scores[clf.__class__.__name__] = accuracy_score(y_test, clf.predict(X_test))
        print(f"{voting} voting: " + ", ".join(f"{name} {score}" for name, score in scores.items()))
        accuracies[voting] = scores
    print(f"(the book: {BOOK_VOTING_ACCURACIES}, soft voting {BOOK_SOFT_VOTING_ACCURACY})")
    assert accuracies["hard"] == BOOK_VOTING_ACCURACIES
    assert accuracies["soft"]["VotingClassifier"] == BOOK_SOFT_VOTING_ACCURACY
    return {"accuracies": accuracies, "soft_proba": voting_clf.predict_proba(X_test)}


def bagging_and_out_of_bag():
    X_train, X_test, y_train, y_test = moons()
    bag_clf = BaggingClassifier(DecisionTreeClassifier(random_state=42), n_estimators=500,
                                max_samples=100, bootstrap=True, random_state=42)
    bag_clf.fit(X_train, y_train)
    bagging = accuracy_score(y_test, bag_clf.predict(X_test))
    tree_clf = DecisionTreeClassifier(random_state=42)
    tree_clf.fit(X_train, y_train)
    tree = accuracy_score(y_test, tree_clf.predict(X_test))
    print(f"bagging 500 trees: {bagging}, one tree: {tree} (the book: {BOOK_BAGGING_ACCURACY}, "
          f"{BOOK_TREE_ACCURACY})")
    assert (bagging, tree) == (BOOK_BAGGING_ACCURACY, BOOK_TREE_ACCURACY)

    bag_clf = BaggingClassifier(DecisionTreeClassifier(), n_estimators=500, bootstrap=True,
                                oob_score=True, random_state=40)
    bag_clf.fit(X_train, y_train)
    oob_test = accuracy_score(y_test, bag_clf.predict(X_test))
    print(f"out-of-bag score {bag_clf.oob_score_}, test accuracy {oob_test} (the book: "
          f"{BOOK_OOB_SCORE}, {BOOK_OOB_TEST_ACCURACY}); oob_decision_function_[:2] = "
          f"{bag_clf.oob_decision_function_[:2].round(8).tolist()}")
    assert bag_clf.oob_score_ == BOOK_OOB_SCORE and oob_test == BOOK_OOB_TEST_ACCURACY
    assert np.allclose(bag_clf.oob_decision_function_[:2], BOOK_OOB_DECISION_FUNCTION, atol=1e-8)
    return {"bagging": bagging, "tree": tree, "oob_score": bag_clf.oob_score_,
            "oob_test": oob_test, "oob_decision_function": bag_clf.oob_decision_function_}


def adaboost():
    X_train, X_test, y_train, y_test = moons()
    ada_clf = AdaBoostClassifier(DecisionTreeClassifier(max_depth=1), n_estimators=30,
                                 learning_rate=0.5, random_state=42)
    ada_clf.fit(X_train, y_train)
    accuracy = accuracy_score(y_test, ada_clf.predict(X_test))
    staged = [accuracy_score(y_test, y_pred) for y_pred in ada_clf.staged_predict(X_test)]
    print(f"AdaBoost, 30 stumps: test accuracy {accuracy} (after 1, 10, 30 stumps: "
          f"{staged[0]}, {staged[9]}, {staged[-1]})")
    assert accuracy >= 0.85 and staged[-1] == accuracy and len(staged) == 30
    return {"accuracy": accuracy, "staged": np.array(staged),
            "estimator_weights": ada_clf.estimator_weights_}


def stacking():
    X_train, X_test, y_train, y_test = moons()
    stacking_clf = StackingClassifier(
        estimators=[("lr", LogisticRegression(random_state=42)),
                    ("rf", RandomForestClassifier(random_state=42)),
                    ("svc", SVC(probability=True, random_state=42))],
        final_estimator=RandomForestClassifier(random_state=43),
        cv=5)  # number of cross-validation folds
    stacking_clf.fit(X_train, y_train)
    accuracy = stacking_clf.score(X_test, y_test)
    print(f"stacking: test accuracy {accuracy} (the book: {BOOK_STACKING_ACCURACY})")
    assert accuracy == BOOK_STACKING_ACCURACY
    return {"accuracy": accuracy, "proba": stacking_clf.predict_proba(X_test)}


def random_forests():
    X_train, X_test, y_train, y_test = moons()
    rnd_clf = RandomForestClassifier(n_estimators=500, max_leaf_nodes=16, n_jobs=-1,
                                     random_state=42)
    rnd_clf.fit(X_train, y_train)
    y_pred_rf = rnd_clf.predict(X_test)

    bag_clf = BaggingClassifier(DecisionTreeClassifier(max_features="sqrt", max_leaf_nodes=16),
                                n_estimators=500, n_jobs=-1, random_state=42)
    bag_clf.fit(X_train, y_train)
    y_pred = bag_clf.predict(X_test)
    accuracy = accuracy_score(y_test, y_pred_rf)
    agreement = np.sum(y_pred == y_pred_rf) / len(y_pred)
    print(f"random forest on the moons: test accuracy {accuracy:.3f} (the book: "
          f"{BOOK_RF_ACCURACY}); the bagged sqrt-feature trees agree on {agreement:.3f} of "
          "the test predictions")
    assert accuracy == BOOK_RF_ACCURACY
    assert agreement >= 0.97
    return {"accuracy": accuracy, "bagging_accuracy": accuracy_score(y_test, y_pred),
            "agreement": agreement, "proba": rnd_clf.predict_proba(X_test)}


def iris_feature_importances():
    iris = load_iris()
    rnd_clf = RandomForestClassifier(n_estimators=500, n_jobs=-1, random_state=42)
    rnd_clf.fit(iris["data"], iris["target"])
    for name, score in zip(iris["feature_names"], rnd_clf.feature_importances_):
        print(f"{name} {score:.4f} (the book: {BOOK_IRIS_IMPORTANCES[name]:.4f})")
    assert np.allclose(rnd_clf.feature_importances_, list(BOOK_IRIS_IMPORTANCES.values()),
                       rtol=1e-12, atol=1e-15)
    return {"importances": rnd_clf.feature_importances_}


def mnist_feature_importances(n_images=60_000, n_estimators=100):
    """Figure 7-6: which pixels the forest splits on (the book fits all 70,000 images of
    fetch_openml's MNIST; the 60,000 training images here, as the 3rd edition)."""
    from ember.keras.datasets import mnist

    (X_train, y_train), _ = mnist.load_data()
    X = X_train[:n_images].reshape(-1, 784).astype(np.float64)
    rnd_clf = RandomForestClassifier(n_estimators=n_estimators, n_jobs=-1, random_state=42)
    rnd_clf.fit(X, y_train[:n_images])
    importances = rnd_clf.feature_importances_.reshape(28, 28)
    centre = importances[7:21, 7:21].sum()  # the middle quarter of the image
    ring = np.ones((28, 28), dtype=bool)
    ring[2:26, 2:26] = False  # the two outer rows and columns on each side
    border = importances[ring].sum()
    print(f"MNIST pixel importances: {centre:.2f} in the centre quarter of the image, "
          f"{border:.4f} in the outer two pixels of the border")
    assert centre > 0.65 and border < 0.005
    return {"importances": importances, "centre": centre, "border": border}


def main():
    return {"voting_classifiers": voting_classifiers(),
            "bagging_and_out_of_bag": bagging_and_out_of_bag(),
            "adaboost": adaboost(),
            "stacking": stacking(),
            "random_forests": random_forests(),
            "iris_feature_importances": iris_feature_importances(),
            "mnist_feature_importances": mnist_feature_importances(),
            "gradient_boosting": gradient_boosting_by_hand(),
            "gradient_boosting_early_stopping": gradient_boosting_early_stopping()}


if __name__ == "__main__":
    main()
