"""HOML chapter 6: decision trees.

The book's code (2nd edition; the moons regularisation and rotation figures
as the 3rd edition draws them, with their test accuracies) with only
``sklearn`` changed to ``ember.learn``:

* DecisionTreeClassifier(max_depth=2, random_state=42) on iris petal length
  and width: the book's tree splits at petal length <= 2.45 cm, then petal
  width <= 1.75 cm, and gives the flower 5 cm x 1.5 cm the probabilities
  0/54, 49/54, 5/54 (class versicolor); export_graphviz writes its figure 6-1
  as iris_tree.dot;
* DecisionTreeRegressor(max_depth=2, random_state=42) on the book's noisy
  quadratic (np.random.seed(42), 200 samples, y = 4 (x - 0.5)^2 + noise/10):
  figure 6-4's splits at x1 <= 0.197, 0.092 and 0.772 and its leaf of 110
  instances predicting 0.111 with mse 0.015;
* regularisation on make_moons(150, noise=0.2): the unregularised tree scores
  0.898 on 1,000 test moons, min_samples_leaf=5 scores 0.92;
* sensitivity to rotation: one split separates the book's square data, its
  45-degree rotation needs a staircase of splits;
* exercises 7 and 8: GridSearchCV over max_leaf_nodes and min_samples_split on
  10,000 noisy moons (best: max_leaf_nodes=17, test accuracy 0.8695), then a
  hand-made forest of 1,000 trees on 100-instance subsets (mean accuracy about
  0.805, majority vote 0.872). The trees break tied splits as scikit-learn's
  do (its generator and seed, its best-first heap), so these are scikit-learn's
  trees and scores exactly.

Run: python examples/homl_ch6_decision_trees.py
"""

import tempfile
from pathlib import Path

import numpy as np
from scipy.stats import mode

from ember.learn.base import clone
from ember.learn.datasets import load_iris, make_moons
from ember.learn.metrics import accuracy_score
from ember.learn.model_selection import GridSearchCV, ShuffleSplit, train_test_split
from ember.learn.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_graphviz

BOOK_PROBA = [0.0, 49 / 54, 5 / 54]
BOOK_REGRESSION_SPLITS = [0.197, 0.092, 0.772]
BOOK_MOONS_ACCURACIES = (0.898, 0.92)
BOOK_EXERCISE_7 = (17, 0.8695)
BOOK_EXERCISE_8 = (0.805, 0.872)


def iris_tree(out_dir):
    iris = load_iris()
    X = iris.data[:, 2:]  # petal length and width
    y = iris.target
    tree_clf = DecisionTreeClassifier(max_depth=2, random_state=42)
    tree_clf.fit(X, y)

    dot_path = Path(out_dir) / "iris_tree.dot"
    export_graphviz(tree_clf, out_file=str(dot_path), feature_names=iris.feature_names[2:],
                    class_names=iris.target_names, rounded=True, filled=True)
    proba = tree_clf.predict_proba([[5, 1.5]])
    prediction = tree_clf.predict([[5, 1.5]])
    t = tree_clf.tree_
    print(f"iris tree: petal length (cm) <= {t.threshold[0]:.2f}, then petal width (cm) <= "
          f"{t.threshold[2]:.2f}; predict_proba([[5, 1.5]]) = {proba.round(3)} "
          f"(the book: 0, 49/54, 5/54), class {iris.target_names[prediction[0]]}")
    print(f"export_graphviz wrote {dot_path}")
    assert t.feature.tolist() == [0, -2, 1, -2, -2]
    assert [round(t.threshold[0], 2), round(t.threshold[2], 2)] == [2.45, 1.75]
    assert np.allclose(proba, [BOOK_PROBA]) and prediction.tolist() == [1]
    dot = dot_path.read_text(encoding="utf-8")
    assert dot.startswith("digraph Tree {") and dot.endswith("}")
    assert "petal length (cm) <= 2.45" in dot and "value = [0, 49, 5]" in dot
    assert "class = versicolor" in dot
    return {"tree_clf": tree_clf, "proba": proba, "dot": dot}


def regression_tree():
    np.random.seed(42)
    m = 200
    X = np.random.rand(m, 1)
    y = 4 * (X - 0.5) ** 2
    y = y + np.random.randn(m, 1) / 10
    tree_reg = DecisionTreeRegressor(max_depth=2, random_state=42)
    tree_reg.fit(X, y)
    t = tree_reg.tree_
    splits = t.threshold[t.children_left != -1]
    leaf = tree_reg.apply([[0.6]])[0]  # the book's example instance
    print(f"regression tree: splits at x1 <= {np.round(splits, 3)} (the book: "
          f"{BOOK_REGRESSION_SPLITS}); x1 = 0.6 falls in a leaf of {t.n_node_samples[leaf]} "
          f"instances predicting {t.value[leaf, 0, 0]:.3f} with mse {t.impurity[leaf]:.3f}")
    assert np.round(splits, 3).tolist() == BOOK_REGRESSION_SPLITS
    assert t.n_node_samples[leaf] == 110
    assert round(t.value[leaf, 0, 0], 3) == 0.111 and round(t.impurity[leaf], 3) == 0.015
    deeper = DecisionTreeRegressor(max_depth=3, random_state=42).fit(X, y)
    unregularized = DecisionTreeRegressor(random_state=42).fit(X, y)
    regularized = DecisionTreeRegressor(random_state=42, min_samples_leaf=10).fit(X, y)
    # the unregularised tree memorises the noise (a leaf per instance); min_samples_leaf=10
    # keeps a smooth staircase of a few leaves
    assert unregularized.get_n_leaves() == m and unregularized.score(X, y) == 1.0
    assert regularized.get_n_leaves() < 20 and regularized.score(X, y) < 0.95
    x1 = np.linspace(0, 1, 500).reshape(-1, 1)
    return {"tree_reg": tree_reg, "curves": {name: model.predict(x1) for name, model in (
        ("depth2", tree_reg), ("depth3", deeper), ("unregularized", unregularized),
        ("min_samples_leaf10", regularized))}}


def regularization():
    X_moons, y_moons = make_moons(n_samples=150, noise=0.2, random_state=42)
    tree_clf1 = DecisionTreeClassifier(random_state=42)
    tree_clf2 = DecisionTreeClassifier(min_samples_leaf=5, random_state=42)
    tree_clf1.fit(X_moons, y_moons)
    tree_clf2.fit(X_moons, y_moons)
    X_moons_test, y_moons_test = make_moons(n_samples=1000, noise=0.2, random_state=43)
    scores = (tree_clf1.score(X_moons_test, y_moons_test),
              tree_clf2.score(X_moons_test, y_moons_test))
    print(f"moons test accuracy: unregularised {scores[0]:.3f}, min_samples_leaf=5 "
          f"{scores[1]:.3f} (the book: {BOOK_MOONS_ACCURACIES})")
    assert scores[1] > scores[0]  # the regularised tree generalises better
    assert scores == BOOK_MOONS_ACCURACIES
    return {"scores": scores, "trees": (tree_clf1, tree_clf2)}


def rotation():
    np.random.seed(6)
    X_square = np.random.rand(100, 2) - 0.5
    y_square = (X_square[:, 0] > 0).astype(np.int64)
    angle = np.pi / 4  # 45 degrees
    rotation_matrix = np.array([[np.cos(angle), -np.sin(angle)],
                                [np.sin(angle), np.cos(angle)]])
    X_rotated_square = X_square.dot(rotation_matrix)
    tree_clf_square = DecisionTreeClassifier(random_state=42).fit(X_square, y_square)
    tree_clf_rotated_square = DecisionTreeClassifier(random_state=42).fit(X_rotated_square,
                                                                          y_square)
    leaves = (tree_clf_square.get_n_leaves(), tree_clf_rotated_square.get_n_leaves())
    print(f"rotation: {leaves[0]} leaves on the square data, {leaves[1]} after a 45-degree "
          "rotation")
    assert leaves[0] == 2 and leaves[1] > 4
    return {"leaves": leaves, "trees": (tree_clf_square, tree_clf_rotated_square)}


def exercises(n_trees=1000):
    X, y = make_moons(n_samples=10000, noise=0.4, random_state=42)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    params = {"max_leaf_nodes": list(range(2, 100)), "min_samples_split": [2, 3, 4]}
    grid_search_cv = GridSearchCV(DecisionTreeClassifier(random_state=42), params, cv=3)
    grid_search_cv.fit(X_train, y_train)
    best = grid_search_cv.best_estimator_
    accuracy = accuracy_score(y_test, grid_search_cv.predict(X_test))

    mini_sets = []
    rs = ShuffleSplit(n_splits=n_trees, test_size=len(X_train) - 100, random_state=42)
    for mini_train_index, _ in rs.split(X_train):
        mini_sets.append((X_train[mini_train_index], y_train[mini_train_index]))
    forest = [clone(best) for _ in range(n_trees)]
    accuracy_scores = []
    for tree, (X_mini_train, y_mini_train) in zip(forest, mini_sets):
        tree.fit(X_mini_train, y_mini_train)
        accuracy_scores.append(accuracy_score(y_test, tree.predict(X_test)))
    Y_pred = np.array([tree.predict(X_test) for tree in forest], dtype=np.uint8)
    y_pred_majority_votes, _ = mode(Y_pred, axis=0)
    vote_accuracy = accuracy_score(y_test, y_pred_majority_votes.reshape([-1]))
    print(f"exercise 7: best max_leaf_nodes={best.max_leaf_nodes}, min_samples_split="
          f"{best.min_samples_split}, test accuracy {accuracy:.4f} (the book: "
          f"{BOOK_EXERCISE_7}); exercise 8: {n_trees} trees, mean accuracy "
          f"{np.mean(accuracy_scores):.4f}, majority vote {vote_accuracy:.4f} (the book: "
          f"{BOOK_EXERCISE_8})")
    assert (best.max_leaf_nodes, best.min_samples_split, accuracy) == (17, 2, 0.8695)
    if n_trees == 1000:
        assert abs(np.mean(accuracy_scores) - BOOK_EXERCISE_8[0]) < 1e-3
        assert vote_accuracy == BOOK_EXERCISE_8[1]
    return {"best_params": grid_search_cv.best_params_, "accuracy": accuracy,
            "cv_scores": grid_search_cv.cv_results_["mean_test_score"],
            "mean_accuracy": np.mean(accuracy_scores), "vote_accuracy": vote_accuracy}


def main(out_dir=None, with_exercises=True, n_trees=1000):
    out_dir = tempfile.mkdtemp(prefix="homl_ch6_") if out_dir is None else out_dir
    results = {"iris": iris_tree(out_dir), "regression": regression_tree(),
               "regularization": regularization(), "rotation": rotation()}
    if with_exercises:
        results["exercises"] = exercises(n_trees)
    return results


if __name__ == "__main__":
    main()
